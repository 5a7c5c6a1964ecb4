import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPORTS, exportUrl, selectionExports, sortFindings } from '../../static/app/exporting.js';

test('export URLs: the moment shown for the spec, the whole board for the backup', () => {
  assert.deepEqual(EXPORTS.map((x) => x.id), ['json', 'asyncapi', 'asyncapi-json', 'markdown', 'markdown-zip', 'svg', 'png', 'backup']);
  assert.equal(exportUrl('b1', 'export?format=markdown', null), '/api/boards/b1/export?format=markdown');
  assert.equal(exportUrl('b1', 'export?format=json', 12), '/api/boards/b1/export?format=json&at=12');
  assert.equal(exportUrl('b1', 'backup', 12), '/api/boards/b1/backup');
});

test('findings: warnings first, the server order kept within each', () => {
  const f = (/** @type {string} */ code, /** @type {'warning' | 'info'} */ severity) => ({ code, severity, message: code, sticky_ids: [] });
  assert.deepEqual(
    sortFindings([f('a', 'info'), f('b', 'warning'), f('c', 'info'), f('d', 'warning')]).map((x) => x.code),
    ['b', 'd', 'a', 'c'],
  );
});

test('pictures of the selection: the ids sorted, a frame entry only for one selected frame', () => {
  const frames = new Set(['f1', 'f2']);
  const isFrame = (/** @type {string} */ id) => frames.has(id);
  assert.deepEqual(selectionExports(new Set(), isFrame), []);
  const one = selectionExports(new Set(['n2', 'n1']), isFrame);
  assert.deepEqual(one.map((x) => x.id), ['selection-png']);
  assert.equal(one[0].query, 'export?format=png&ids=n1,n2');
  const framed = selectionExports(new Set(['n1', 'f1']), isFrame);
  assert.deepEqual(framed.map((x) => [x.id, x.query]), [
    ['selection-png', 'export?format=png&ids=f1,n1'],
    ['frame-png', 'export?format=png&frame=f1'],
  ]);
  assert.deepEqual(selectionExports(new Set(['f1', 'f2']), isFrame).map((x) => x.id), ['selection-png']);
});
