// Validates AsyncAPI documents with the official parser (@asyncapi/parser) and checks what the
// parser does not: that every message example validates against its message's payload schema
// (the parser skips this for AsyncAPI 3.x).
//
// Usage: node validate.mjs FILE...
// Prints every diagnostic; exits 1 when any file has an error-severity diagnostic, an example
// that does not validate, or cannot be read; 2 when called without files.

import { readFile } from 'node:fs/promises';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const SEVERITY = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

function newAjv() {
  // Not strict: AsyncAPI schemas may carry `x-` extensions, which strict mode rejects as
  // unknown keywords. Formats are checked (uuid, date, date-time, ...).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

// Checks each message's examples against its payload. Uses the parsed document, so `$ref`s are
// already resolved and the payload is plain JSON Schema.
function checkExamples(document) {
  const problems = [];
  const ajv = newAjv();
  const seen = new Set();
  const messages = [
    ...document.components().messages().all(),
    ...document.allMessages().all(),
  ];
  for (const message of messages) {
    const key = message.id();
    if (seen.has(key)) continue;
    seen.add(key);
    const payload = message.payload();
    const schema = payload ? payload.json() : undefined;
    for (const [i, example] of message.examples().all().entries()) {
      if (!example.hasPayload()) continue;
      if (!schema) {
        problems.push(`message ${key}: example ${i} has a payload but the message has no payload schema`);
        continue;
      }
      const validate = ajv.compile(stripExtensions(schema));
      if (!validate(example.payload())) {
        problems.push(`message ${key}: example ${example.name() ?? i} does not match its payload: ${ajv.errorsText(validate.errors)}`);
      }
    }
  }
  return problems;
}

// The parser decorates schemas with its own `x-parser-*` keys; drop every `x-` key so ajv sees
// plain JSON Schema. Copies rather than mutating the parsed document.
function stripExtensions(value) {
  if (Array.isArray(value)) return value.map(stripExtensions);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (!k.startsWith('x-')) out[k] = stripExtensions(v);
  }
  return out;
}

async function validateFile(parser, path) {
  let source;
  try {
    source = await readFile(path, 'utf8');
  } catch (err) {
    console.log(`${path}: cannot read: ${err.message}`);
    return false;
  }
  const { document, diagnostics } = await parser.parse(source, { source: path });
  let ok = true;
  for (const d of diagnostics) {
    const severity = SEVERITY[d.severity] ?? String(d.severity);
    const at = d.path && d.path.length ? ` at /${d.path.join('/')}` : '';
    console.log(`${path}: ${severity} ${d.code}${at}: ${d.message}`);
    if (d.severity === DiagnosticSeverity.Error) ok = false;
  }
  if (!document) {
    console.log(`${path}: error: the parser returned no document`);
    return false;
  }
  for (const problem of checkExamples(document)) {
    console.log(`${path}: error example: ${problem}`);
    ok = false;
  }
  console.log(`${path}: ${ok ? 'valid' : 'INVALID'}`);
  return ok;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node validate.mjs FILE...');
  process.exit(2);
}
const parser = new Parser();
let allOk = true;
for (const file of files) {
  if (!(await validateFile(parser, file))) allOk = false;
}
process.exit(allOk ? 0 : 1);
