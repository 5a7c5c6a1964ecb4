// Compares an eventstorm EventCatalog export with what EventCatalog's AsyncAPI generator
// (@eventcatalog/generator-asyncapi) builds from the per-context AsyncAPI documents inside it.
//
// The generator itself cannot run offline: every release checks a license key online (or a
// license file signed by its vendor) before doing anything (`checkLicense` in its
// dist/index.js), and its commercial license forbids circumventing that check. So this script reads each document with the same
// parser release the generator depends on and applies the generator's reading rules, as in its
// source: a service's `sends` and `receives` are the messages of its `send` and `receive`
// operations (message id = the message's id, version = `x-eventcatalog-message-version` or
// `info.version`), a message's collection is `x-eventcatalog-message-type` (default event), and
// only messages whose `x-eventcatalog-role` is `provider` (the default) are written by the
// service, with their payload as the schema file.
//
// Usage: node compare.mjs CATALOG_DIR
// Prints every difference; exits 1 when there is one, 2 when called without a directory.

import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import matter from 'gray-matter';

const COLLECTIONS = { event: 'events', command: 'commands', query: 'queries' };

async function frontmatter(file) {
  return matter(await readFile(file, 'utf8')).data;
}

function key(pointer) {
  return `${pointer.id}@${pointer.version}`;
}

function sameSet(label, expected, actual, problems) {
  const want = [...new Set(expected)].sort();
  const have = [...new Set(actual)].sort();
  if (JSON.stringify(want) !== JSON.stringify(have)) {
    problems.push(`${label}: the generator reads ${JSON.stringify(want)}, the catalog has ${JSON.stringify(have)}`);
  }
}

async function compareService(catalog, domainId, serviceDir, parser, problems) {
  const spec = path.join(serviceDir, 'asyncapi.yaml');
  if (!existsSync(spec)) return 0;
  const { document, diagnostics } = await parser.parse(await readFile(spec, 'utf8'), { source: spec });
  if (!document) {
    problems.push(`${spec}: the parser returned no document: ${JSON.stringify(diagnostics)}`);
    return 0;
  }
  const service = await frontmatter(path.join(serviceDir, 'index.mdx'));
  const domain = await frontmatter(path.join(catalog, 'domains', domainId, 'index.mdx'));
  const version = document.info().version();
  if (service.version !== version) problems.push(`${service.id}: version ${service.version}, the document says ${version}`);
  if (!(domain.services ?? []).some((s) => s.id === service.id && s.version === version)) {
    problems.push(`domain ${domainId} does not list service ${service.id}@${version}`);
  }
  const sends = [];
  const receives = [];
  let messages = 0;
  for (const operation of document.allOperations()) {
    for (const message of operation.messages()) {
      const ext = (name) => message.extensions().get(name)?.value();
      const type = ext('x-eventcatalog-message-type') || 'event';
      const messageVersion = ext('x-eventcatalog-message-version') || version;
      const pointer = key({ id: message.id(), version: messageVersion });
      if (operation.action() === 'send') sends.push(pointer);
      if (operation.action() === 'receive') receives.push(pointer);
      if ((ext('x-eventcatalog-role') || 'provider') !== 'provider') continue;
      messages += 1;
      const dir = path.join(catalog, COLLECTIONS[type], message.id());
      if (!existsSync(path.join(dir, 'index.mdx'))) {
        problems.push(`${service.id} provides ${type} ${message.id()}, the catalog has no ${COLLECTIONS[type]}/${message.id()}`);
        continue;
      }
      const written = await frontmatter(path.join(dir, 'index.mdx'));
      if (written.version !== messageVersion) problems.push(`${message.id()}: version ${written.version}, the document says ${messageVersion}`);
      if (!written.schemaPath) {
        problems.push(`${message.id()}: no schemaPath`);
        continue;
      }
      const schema = JSON.parse(await readFile(path.join(dir, written.schemaPath), 'utf8'));
      const payload = message.payload()?.extensions()?.get('x-parser-original-payload')?.json() || message.payload()?.json();
      const plain = JSON.parse(JSON.stringify(payload, (k, v) => (k.startsWith('x-') ? undefined : v)));
      if (JSON.stringify(sortKeys(plain)) !== JSON.stringify(sortKeys(schema))) {
        problems.push(`${message.id()}: schema.json differs from the message payload`);
      }
    }
  }
  sameSet(`${service.id} sends`, sends, (service.sends ?? []).map(key), problems);
  sameSet(`${service.id} receives`, receives, (service.receives ?? []).map(key), problems);
  console.log(`${service.id}: ${sends.length} sends, ${receives.length} receives, ${messages} messages provided`);
  return 1;
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
}

const catalog = process.argv[2];
if (!catalog) {
  console.error('usage: node compare.mjs CATALOG_DIR');
  process.exit(2);
}
const parser = new Parser();
const problems = [];
let services = 0;
const domainsDir = path.join(catalog, 'domains');
for (const domainId of existsSync(domainsDir) ? await readdir(domainsDir) : []) {
  const servicesDir = path.join(domainsDir, domainId, 'services');
  for (const serviceId of existsSync(servicesDir) ? await readdir(servicesDir) : []) {
    services += await compareService(catalog, domainId, path.join(servicesDir, serviceId), parser, problems);
  }
}
for (const p of problems) console.log(`difference: ${p}`);
console.log(`${services} services compared, ${problems.length} differences`);
process.exit(problems.length === 0 ? 0 : 1);
