import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guardUndo, skipNotice, valuesLeft } from '../../static/app/undoguard.js';
import { inverseCommands } from '../../static/app/undo.js';
import { applyEvents } from '../../static/app/model.js';
import { board, note } from './fixtures.js';

/** @typedef {import('../../static/app/types.js').BoardEvent} BoardEvent */

/** The undo of one step whose events are `events`, on the board `now`. @param {BoardEvent[]} events @param {import('../../static/app/model.js').BoardState} now */
function undoOn(events, now) {
  const commands = inverseCommands({ group: null, ops: [{ op_id: 'o1', events, confirmed: true }] });
  return guardUndo(commands, events, now);
}

test('an undo applies where the value is still the one this participant left', () => {
  const mine = /** @type {BoardEvent} */ ({ type: 'note_text_edited', id: 'd', text: 'Taken', from: 'Deposit Paid' });
  const now = board([note('d', { text: 'Taken' })]);
  assert.deepEqual(undoOn([mine], now), { send: [{ type: 'edit_text', id: 'd', text: 'Deposit Paid' }], skipped: [] });
});

test('an undo after a colleague changed the text is skipped and their text stays', () => {
  const mine = /** @type {BoardEvent} */ ({ type: 'note_text_edited', id: 'd', text: 'Taken', from: 'Deposit Paid' });
  const theirs = /** @type {BoardEvent} */ ({ type: 'note_text_edited', id: 'd', text: 'Received', from: 'Taken' });
  const now = applyEvents(board([note('d', { text: 'Taken' })]), [theirs]);
  const { send, skipped } = undoOn([mine], now);
  assert.deepEqual(send, []);
  assert.deepEqual(skipped, [{ target: 'd', what: 'text', label: 'Received' }]);
  assert.equal(skipNotice(skipped), 'Undo skipped the text of “Received”: someone else changed it since, and their change stays.');
});

test('a move undoes only the stickies nobody moved since', () => {
  const mine = /** @type {BoardEvent} */ ({
    type: 'notes_moved',
    moves: [
      { id: 'a', x: 100, y: 0, from_x: 0, from_y: 0 },
      { id: 'b', x: 300, y: 0, from_x: 200, from_y: 0 },
    ],
  });
  const now = board([note('a', { x: 100 }), note('b', { x: 999 })]);
  const { send, skipped } = undoOn([mine], now);
  assert.deepEqual(send, [{ type: 'move_notes', moves: [{ id: 'a', x: 0, y: 0 }] }]);
  assert.deepEqual(skipped.map((s) => [s.target, s.what]), [['b', 'position']]);
});

test('kinds, details, sizes and frames are guarded the same way', () => {
  const frame = { id: 'f', kind: /** @type {const} */ ('bounded_context'), name: 'Ordering', x: 0, y: 0, w: 400, h: 300 };
  /** @type {BoardEvent[]} */
  const events = [
    { type: 'note_kind_changed', id: 'k', kind: 'policy', from: 'event' },
    { type: 'note_details_changed', id: 'd', details: { description: 'mine' }, from: {} },
    { type: 'note_resized', id: 's', w: 200, h: 100, from_w: 140, from_h: 100 },
    { type: 'frame_changed', frame: { ...frame, name: 'Sales' }, from: frame },
  ];
  const untouched = board([note('k', { kind: 'policy' }), note('d', { details: { description: 'mine' } }), note('s', { w: 200 })], {
    frames: [{ h: 300, w: 400, y: 0, x: 0, name: 'Sales', kind: 'bounded_context', id: 'f' }],
  });
  assert.equal(undoOn(events, untouched).skipped.length, 0, 'same values in another key order still match');
  const touched = board([note('k', { kind: 'hotspot' }), note('d', { details: { description: 'theirs' } }), note('s', { w: 300 })], {
    frames: [{ ...frame, name: 'Billing' }],
  });
  const { send, skipped } = undoOn(events, touched);
  assert.deepEqual(send, []);
  assert.deepEqual(skipped.map((s) => s.what).sort(), ['details', 'frame', 'kind', 'size']);
});

test('undoing an add leaves a sticky a colleague has since written on', () => {
  /** @type {BoardEvent[]} */
  const events = [{ type: 'note_added', note: note('n', { text: '' }) }, { type: 'note_text_edited', id: 'n', text: 'Guest Registered', from: '' }];
  assert.deepEqual(undoOn(events, board([note('n', { text: 'Guest Registered' })])).send, [{ type: 'delete_note', id: 'n' }]);
  const { send, skipped } = undoOn(events, board([note('n', { text: 'Guest Registered, VIP' })]));
  assert.deepEqual(send, []);
  assert.deepEqual(skipped.map((s) => s.what), ['text']);
});

test('undoing a delete that someone already undid is skipped', () => {
  /** @type {BoardEvent[]} */
  const events = [{ type: 'note_deleted', id: 'n', connectors: [] }];
  assert.deepEqual(undoOn(events, board([])).send, [{ type: 'restore_note', id: 'n' }]);
  assert.deepEqual(undoOn(events, board([note('n')])).skipped.map((s) => s.what), ['sticky']);
});

test('a connector relabelled by someone else keeps their label', () => {
  const c = { id: 'c', from: 'a', to: 'b', label: 'mine' };
  const events = /** @type {BoardEvent[]} */ ([{ type: 'connector_added', connector: c }]);
  assert.equal(valuesLeft(events).get('connector:c'), 'mine');
  assert.deepEqual(undoOn(events, board([note('a'), note('b')], { connectors: [c] })).send, [{ type: 'remove_connector', id: 'c' }]);
  assert.deepEqual(undoOn(events, board([note('a'), note('b')], { connectors: [{ ...c, label: 'theirs' }] })).send, []);
});

test('the notice names at most three skipped things', () => {
  const skipped = ['a', 'b', 'c', 'd'].map((id) => ({ target: id, what: 'position', label: id }));
  assert.equal(skipNotice(skipped, 'Redo'), 'Redo skipped the position of “a”, the position of “b”, the position of “c” and 1 more: someone else changed it since, and their change stays.');
  assert.equal(skipNotice([]), '');
});
