import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPORTS, exportUrl, sortFindings } from '../../static/app/exporting.js';

test('export URLs: the moment shown for the spec, the whole board for the backup', () => {
  assert.deepEqual(EXPORTS.map((x) => x.id), ['json', 'asyncapi', 'asyncapi-json', 'markdown', 'backup']);
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
