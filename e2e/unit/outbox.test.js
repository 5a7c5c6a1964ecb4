import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadOutbox, outboxKey, saveOutbox, unsent } from '../../static/app/outbox.js';
import { MemoryStorage } from './fixtures.js';

const op = (/** @type {string} */ id) => ({ op_id: id, command: /** @type {const} */ ({ type: 'delete_note', id: 'n' }) });

test('ops survive a reload, per board, in order', () => {
  const storage = new MemoryStorage();
  assert.ok(saveOutbox(storage, 'b1', [op('1'), op('2')]));
  saveOutbox(storage, 'b2', [op('9')]);
  assert.deepEqual(loadOutbox(storage, 'b1').map((o) => o.op_id), ['1', '2']);
  assert.deepEqual(loadOutbox(storage, 'b2').map((o) => o.op_id), ['9']);
  assert.deepEqual(loadOutbox(storage, 'b3'), []);
});

test('an empty outbox leaves nothing behind', () => {
  const storage = new MemoryStorage();
  saveOutbox(storage, 'b1', [op('1')]);
  saveOutbox(storage, 'b1', []);
  assert.equal(storage.getItem(outboxKey('b1')), null);
});

test('damaged or foreign data loads as no ops; a full storage is reported, not thrown', () => {
  const storage = new MemoryStorage();
  storage.setItem(outboxKey('b1'), '{not json');
  assert.deepEqual(loadOutbox(storage, 'b1'), []);
  storage.setItem(outboxKey('b1'), JSON.stringify({ ops: [op('1'), { op_id: 5 }, { op_id: 'x' }, null] }));
  assert.deepEqual(loadOutbox(storage, 'b1').map((o) => o.op_id), ['1']);
  storage.full = true;
  assert.equal(saveOutbox(storage, 'b1', [op('2')]), false);
});

test('after a rejoin every pending op is resent with its op id, oldest first', () => {
  const pending = [op('1'), op('2'), op('3')];
  assert.deepEqual(unsent(pending, new Set()).map((o) => o.op_id), ['1', '2', '3']);
  assert.deepEqual(unsent(pending, new Set(['1', '3'])).map((o) => o.op_id), ['2']);
});
