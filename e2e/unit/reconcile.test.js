import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addPending, initialSync, receiveEvent, replaceConfirmed, settle, visibleState } from '../../static/app/reconcile.js';
import { loadOutbox, saveOutbox, unsent } from '../../static/app/outbox.js';
import { MemoryStorage, board, note } from './fixtures.js';

const edit = (/** @type {string} */ op, /** @type {string} */ text) => ({ op_id: op, command: /** @type {const} */ ({ type: 'edit_text', id: 'a', text }) });

test('pending ops show on top of the confirmed state', () => {
  const sync = addPending(initialSync(board([note('a', { text: 'x' })])), edit('op1', 'mine'));
  assert.equal(visibleState(sync).notes.get('a')?.text, 'mine');
  assert.equal(sync.confirmed.notes.get('a')?.text, 'x');
});

test('the server event for an op folds it into the confirmed state; the op stays pending until its ack', () => {
  let sync = addPending(initialSync(board([note('a', { text: 'x' })], { seq: 4 })), edit('op1', 'mine'));
  const r = receiveEvent(sync, { seq: 5, op_id: 'op1', actor: 'Ann', at: 't5', event: { type: 'note_text_edited', id: 'a', text: 'mine', from: 'x' } });
  assert.equal(r.status, 'applied');
  sync = r.sync;
  assert.equal(sync.confirmed.seq, 5);
  assert.deepEqual(sync.head, { op_id: 'op1', at: 't5' }, 'the event held at the head, for the next join');
  assert.deepEqual(sync.pending.map((op) => op.op_id), ['op1'], 'kept (and in the outbox) until committed');
  assert.ok(sync.delivered.has('op1'));
  assert.equal(visibleState(sync).notes.get('a')?.text, 'mine');
  sync = settle(sync, 'op1');
  assert.equal(sync.pending.length, 0);
  assert.equal(sync.delivered.size, 0);
  assert.equal(visibleState(sync).notes.get('a')?.text, 'mine');
});

test('a delivered op is not replayed over the events that came after it', () => {
  let sync = addPending(initialSync(board([note('a', { text: 'x' })], { seq: 1 })), edit('op1', 'mine'));
  sync = receiveEvent(sync, { seq: 2, op_id: 'op1', actor: 'Ann', at: '', event: { type: 'note_text_edited', id: 'a', text: 'mine', from: 'x' } }).sync;
  sync = receiveEvent(sync, { seq: 3, op_id: 'theirs', actor: 'Ben', at: '', event: { type: 'note_text_edited', id: 'a', text: 'theirs', from: 'mine' } }).sync;
  assert.equal(visibleState(sync).notes.get('a')?.text, 'theirs', 'the later edit wins, as on the server');
});

test('events retracted before their commit: the committed board brings this client\'s op back', () => {
  let sync = addPending(initialSync(board([note('a', { text: 'x' })], { seq: 1 })), edit('op1', 'mine'));
  sync = receiveEvent(sync, { seq: 2, op_id: 'op1', actor: 'Ann', at: '', event: { type: 'note_text_edited', id: 'a', text: 'mine', from: 'x' } }).sync;
  // retract {after_seq: 1}, then the board at seq 1.
  sync = replaceConfirmed(sync, board([note('a', { text: 'x' })], { seq: 1 }));
  assert.equal(sync.confirmed.notes.get('a')?.text, 'x');
  assert.equal(sync.delivered.size, 0);
  assert.equal(sync.head, null, 'a board names no event');
  assert.equal(visibleState(sync).notes.get('a')?.text, 'mine', 'replayed, to be sent again');
});

test('an own event arrives, then its commit fails: the op stays in the outbox, is sent again and applies once; its ack empties the outbox', () => {
  const storage = new MemoryStorage();
  const mine = { type: /** @type {const} */ ('note_text_edited'), id: 'a', text: 'mine', from: 'x' };
  let sync = addPending(initialSync(board([note('a', { text: 'x' })], { seq: 1 })), edit('op1', 'mine'));
  sync = receiveEvent(sync, { seq: 2, op_id: 'op1', actor: 'Ann', at: 't2', event: mine }).sync;
  saveOutbox(storage, 'b', sync.pending);
  assert.deepEqual(loadOutbox(storage, 'b').map((op) => op.op_id), ['op1'], 'its events arrived, it is not committed yet');
  // retract {after_seq: 1}, then the board at seq 1: the op shows again, from the replay.
  sync = replaceConfirmed(sync, board([note('a', { text: 'x' })], { seq: 1 }));
  assert.deepEqual(unsent(sync.pending, new Set()).map((op) => op.op_id), ['op1'], 'to be sent again');
  assert.equal(visibleState(sync).notes.get('a')?.text, 'mine');
  // The resend is decided again, then a colleague edits after it: the op is not applied twice.
  sync = receiveEvent(sync, { seq: 2, op_id: 'op1', actor: 'Ann', at: 't2b', event: mine }).sync;
  sync = receiveEvent(sync, { seq: 3, op_id: 'theirs', actor: 'Ben', at: 't3', event: { type: 'note_text_edited', id: 'a', text: 'theirs', from: 'mine' } }).sync;
  assert.equal(visibleState(sync).notes.get('a')?.text, 'theirs');
  sync = settle(sync, 'op1');
  saveOutbox(storage, 'b', sync.pending);
  assert.deepEqual(loadOutbox(storage, 'b'), [], 'acknowledged: gone from the outbox');
  assert.equal(visibleState(sync).notes.get('a')?.text, 'theirs');
});

test('others edits land under pending ops; a refused op rolls back', () => {
  let sync = addPending(initialSync(board([note('a', { text: 'x', x: 0 })], { seq: 1 })), edit('op1', 'mine'));
  sync = receiveEvent(sync, {
    seq: 2,
    op_id: 'theirs',
    actor: 'Ben',
    at: '',
    event: { type: 'notes_moved', moves: [{ id: 'a', x: 50, y: 0, from_x: 0, from_y: 0 }] },
  }).sync;
  const v = visibleState(sync).notes.get('a');
  assert.deepEqual([v?.text, v?.x], ['mine', 50]);
  sync = settle(sync, 'op1');
  assert.equal(visibleState(sync).notes.get('a')?.text, 'x', 'rolled back');
});

test('repeats are ignored and gaps are reported', () => {
  const sync = initialSync(board([note('a')], { seq: 3 }));
  const ev = { type: /** @type {const} */ ('note_text_edited'), id: 'a', text: 't', from: 'a' };
  assert.equal(receiveEvent(sync, { seq: 3, op_id: 'o', actor: '', at: '', event: ev }).status, 'stale');
  assert.equal(receiveEvent(sync, { seq: 5, op_id: 'o', actor: '', at: '', event: ev }).status, 'gap');
  assert.equal(receiveEvent(sync, { seq: 4, op_id: 'o', actor: '', at: '', event: ev }).status, 'applied');
});

test('a pending op whose target someone deleted is skipped, not fatal', () => {
  let sync = addPending(initialSync(board([note('a'), note('b')], { seq: 1 })), edit('op1', 'mine'));
  sync = addPending(sync, { op_id: 'op2', command: { type: 'edit_text', id: 'b', text: 'also mine' } });
  sync = receiveEvent(sync, { seq: 2, op_id: 'theirs', actor: '', at: '', event: { type: 'note_deleted', id: 'a', connectors: [] } }).sync;
  const v = visibleState(sync);
  assert.equal(v.notes.has('a'), false);
  assert.equal(v.notes.get('b')?.text, 'also mine');
});

test('a full board after a reconnect keeps the ops still pending', () => {
  let sync = addPending(initialSync(board([note('a', { text: 'x' })], { seq: 1 })), edit('op1', 'mine'));
  sync = replaceConfirmed(sync, board([note('a', { text: 'someone else' })], { seq: 9 }));
  assert.equal(sync.pending.length, 1);
  assert.equal(visibleState(sync).notes.get('a')?.text, 'mine');
  assert.equal(settle(sync, 'nope'), sync, 'settling an unknown op changes nothing');
});
