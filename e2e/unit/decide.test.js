import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from '../../static/app/decide.js';
import { applyEvent } from '../../static/app/model.js';
import { board, note } from './fixtures.js';

test('add_note predicts a note with the kind default size', () => {
  const ev = decide(board([]), { type: 'add_note', id: 'n', kind: 'aggregate', text: 'Order', x: 5, y: 6 });
  assert.deepEqual(ev, [{ type: 'note_added', note: { id: 'n', kind: 'aggregate', text: 'Order', x: 5, y: 6, w: 200, h: 140, details: {} } }]);
});

test('a command the server would refuse predicts null', () => {
  const s = board([note('a')]);
  assert.equal(decide(s, { type: 'add_note', id: 'a', kind: 'event', text: '', x: 0, y: 0 }), null, 'duplicate id');
  assert.equal(decide(s, { type: 'edit_text', id: 'zz', text: 'x' }), null, 'unknown note');
  assert.equal(decide(s, { type: 'add_connector', id: 'c', from: 'a', to: 'a' }), null, 'self connector');
  assert.equal(decide(s, { type: 'move_notes', moves: [] }), null, 'empty move');
  assert.equal(decide(s, { type: 'restore_note', id: 'a' }), null, 'not deleted');
  assert.equal(decide(s, { type: 'rename_board', title: '  ' }), null, 'empty title');
});

test('a command that changes nothing predicts no events', () => {
  const s = board([note('a', { text: 'same' })]);
  assert.deepEqual(decide(s, { type: 'edit_text', id: 'a', text: 'same' }), []);
  assert.deepEqual(decide(s, { type: 'move_notes', moves: [{ id: 'a', x: 0, y: 0 }] }), []);
  assert.deepEqual(decide(s, { type: 'set_details', id: 'a', details: { description: '' } }), []);
});

test('events carry the values they replace', () => {
  const s = board([note('a', { text: 'old', x: 1, y: 2 })]);
  assert.deepEqual(decide(s, { type: 'edit_text', id: 'a', text: 'new' }), [{ type: 'note_text_edited', id: 'a', text: 'new', from: 'old' }]);
  assert.deepEqual(decide(s, { type: 'move_notes', moves: [{ id: 'a', x: 10, y: 20 }] }), [
    { type: 'notes_moved', moves: [{ id: 'a', x: 10, y: 20, from_x: 1, from_y: 2 }] },
  ]);
});

test('delete takes the note connectors along; restore brings back those whose other end lives', () => {
  let s = board([note('a'), note('b'), note('c')], {
    connectors: [
      { id: 'ab', from: 'a', to: 'b' },
      { id: 'ca', from: 'c', to: 'a' },
    ],
  });
  const del = decide(s, { type: 'delete_note', id: 'a' });
  assert.equal(del?.[0].type, 'note_deleted');
  for (const e of del ?? []) s = applyEvent(s, e);
  s = applyEvent(s, { type: 'note_deleted', id: 'c', connectors: [] });
  const restore = decide(s, { type: 'restore_note', id: 'a' });
  assert.deepEqual(restore?.[0].type === 'note_restored' && restore[0].connectors.map((c) => c.id), ['ab']);
});

test('change_frame sets only what it names', () => {
  const f = { id: 'f', kind: /** @type {const} */ ('swimlane'), name: 'Lane', x: 0, y: 0, w: 800, h: 200 };
  const s = board([], { frames: [f] });
  const ev = decide(s, { type: 'change_frame', id: 'f', name: 'Customer' });
  assert.deepEqual(ev, [{ type: 'frame_changed', frame: { ...f, name: 'Customer' }, from: f }]);
  assert.deepEqual(decide(s, { type: 'change_frame', id: 'f', x: 0 }), []);
});

test('change_connector relabels the connector in one event and keeps its id', () => {
  const c = { id: 'c', from: 'a', to: 'b', label: 'decides' };
  const s = board([note('a'), note('b')], { connectors: [c] });
  const events = decide(s, { type: 'change_connector', id: 'c', label: 'produces' });
  assert.deepEqual(events, [{ type: 'connector_changed', connector: { ...c, label: 'produces' }, from: c }]);
  const after = applyEvent(s, /** @type {any} */ (events)[0]);
  assert.deepEqual([...after.connectors.values()], [{ ...c, label: 'produces' }]);
  assert.deepEqual(decide(after, { type: 'change_connector', id: 'c', label: 'produces' }), [], 'the same label again changes nothing');
  assert.deepEqual(decide(s, { type: 'change_connector', id: 'c', label: '' }), [{ type: 'connector_changed', connector: { id: 'c', from: 'a', to: 'b' }, from: c }]);
  assert.equal(decide(s, { type: 'change_connector', id: 'gone', label: 'x' }), null);
});
