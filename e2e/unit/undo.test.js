import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canRedo, canUndo, confirm, drop, emptyHistory, inverse, inverseCommands, record, takeRedo, takeUndo } from '../../static/app/undo.js';
import { decide } from '../../static/app/decide.js';
import { applyEvents } from '../../static/app/model.js';
import { board, note } from './fixtures.js';

/** @typedef {import('../../static/app/types.js').BoardEvent} BoardEvent */
/** @typedef {import('../../static/app/types.js').Command} Command */

const frame = { id: 'f', kind: /** @type {const} */ ('bounded_context'), name: 'Ordering', x: 0, y: 0, w: 400, h: 300 };

test('every event has the inverse inverse.rs gives it', () => {
  /** @type {[BoardEvent, Command | null][]} */
  const cases = [
    [{ type: 'board_created', title: 'T' }, null],
    [{ type: 'board_renamed', title: 'New', from: 'Old' }, { type: 'rename_board', title: 'Old' }],
    [{ type: 'note_added', note: note('a') }, { type: 'delete_note', id: 'a' }],
    [{ type: 'notes_moved', moves: [{ id: 'a', x: 5, y: 6, from_x: 1, from_y: 2 }] }, { type: 'move_notes', moves: [{ id: 'a', x: 1, y: 2 }] }],
    [{ type: 'note_resized', id: 'a', w: 1, h: 2, from_w: 3, from_h: 4 }, { type: 'resize_note', id: 'a', w: 3, h: 4 }],
    [{ type: 'note_text_edited', id: 'a', text: 'n', from: 'o' }, { type: 'edit_text', id: 'a', text: 'o' }],
    [{ type: 'note_kind_changed', id: 'a', kind: 'policy', from: 'event' }, { type: 'change_kind', id: 'a', kind: 'event' }],
    [{ type: 'note_details_changed', id: 'a', details: { pivotal: true }, from: {} }, { type: 'set_details', id: 'a', details: {} }],
    [{ type: 'note_deleted', id: 'a', connectors: [] }, { type: 'restore_note', id: 'a' }],
    [{ type: 'note_restored', note: note('a'), connectors: [] }, { type: 'delete_note', id: 'a' }],
    [{ type: 'connector_added', connector: { id: 'c', from: 'a', to: 'b' } }, { type: 'remove_connector', id: 'c' }],
    [{ type: 'connector_removed', connector: { id: 'c', from: 'a', to: 'b', label: 'decides' } }, { type: 'add_connector', id: 'c', from: 'a', to: 'b', label: 'decides' }],
    [{ type: 'connector_changed', connector: { id: 'c', from: 'a', to: 'b', label: 'new' }, from: { id: 'c', from: 'a', to: 'b' } }, { type: 'change_connector', id: 'c', label: null }],
    [{ type: 'frame_added', frame }, { type: 'remove_frame', id: 'f' }],
    [{ type: 'frame_changed', frame: { ...frame, x: 9 }, from: frame }, { type: 'change_frame', id: 'f', kind: 'bounded_context', name: 'Ordering', x: 0, y: 0, w: 400, h: 300 }],
    [{ type: 'frame_removed', frame }, { type: 'add_frame', id: 'f', kind: 'bounded_context', name: 'Ordering', x: 0, y: 0, w: 400, h: 300 }],
  ];
  for (const [event, expected] of cases) assert.deepEqual(inverse(event), expected, event.type);
});

test('a typing session undoes with one command back to the text before it', () => {
  const entry = {
    group: 'text:a:1',
    ops: [
      { op_id: '1', confirmed: true, events: [{ type: /** @type {const} */ ('note_text_edited'), id: 'a', text: 'Or', from: '' }] },
      { op_id: '2', confirmed: true, events: [{ type: /** @type {const} */ ('note_text_edited'), id: 'a', text: 'Order', from: 'Or' }] },
      { op_id: '3', confirmed: true, events: [{ type: /** @type {const} */ ('note_text_edited'), id: 'a', text: 'Order Placed', from: 'Order' }] },
    ],
  };
  assert.deepEqual(inverseCommands(entry), [{ type: 'edit_text', id: 'a', text: '' }]);
});

test('undoing "add a sticky and type" is one delete; redo restores it typed', () => {
  const entry = {
    group: 'add:a',
    ops: [
      { op_id: '1', confirmed: true, events: [{ type: /** @type {const} */ ('note_added'), note: note('a', { text: '' }) }] },
      { op_id: '2', confirmed: true, events: [{ type: /** @type {const} */ ('note_text_edited'), id: 'a', text: 'Paid', from: '' }] },
      { op_id: '3', confirmed: true, events: [{ type: /** @type {const} */ ('notes_moved'), moves: [{ id: 'a', x: 9, y: 9, from_x: 0, from_y: 0 }, { id: 'b', x: 9, y: 9, from_x: 1, from_y: 1 }] }] },
    ],
  };
  assert.deepEqual(inverseCommands(entry), [{ type: 'move_notes', moves: [{ id: 'b', x: 1, y: 1 }] }, { type: 'delete_note', id: 'a' }]);
});

test('record groups, clears redo, and confirm / drop follow the server', () => {
  let h = emptyHistory();
  assert.equal(canUndo(h), false);
  const ev = (/** @type {string} */ text, /** @type {string} */ from) => [{ type: /** @type {const} */ ('note_text_edited'), id: 'a', text, from }];
  h = record(h, [{ op_id: '1', events: ev('x', '') }], { group: 'g' });
  h = record(h, [{ op_id: '2', events: ev('xy', 'x') }], { group: 'g' });
  assert.equal(h.undo.length, 1, 'same group, one entry');
  h = record(h, [{ op_id: '3', events: ev('z', 'xy') }]);
  assert.equal(h.undo.length, 2);
  h = confirm(h, '3', ev('z', 'SERVER'));
  assert.deepEqual(takeUndo(h).commands, [{ type: 'edit_text', id: 'a', text: 'SERVER' }], 'confirmed events replace the prediction');
  h = drop(h, '3');
  assert.equal(h.undo.length, 1, 'a refused op leaves nothing to undo');
  const { history, commands } = takeUndo(h);
  assert.deepEqual(commands, [{ type: 'edit_text', id: 'a', text: '' }]);
  h = record(history, [{ op_id: '4', events: ev('', 'xy') }], { target: 'redo' });
  assert.ok(canRedo(h));
  const redo = takeRedo(h);
  assert.deepEqual(redo.commands, [{ type: 'edit_text', id: 'a', text: 'xy' }]);
  h = record(redo.history, [{ op_id: '5', events: ev('xy', '') }], { target: 'undo-keep-redo' });
  assert.equal(h.undo.length, 1);
  h = record(h, [{ op_id: '6', events: ev('q', 'xy') }]);
  assert.equal(canRedo(h), false, 'a new action clears redo');
});

test('an action that changed nothing is skipped by undo', () => {
  let h = record(emptyHistory(), [{ op_id: '1', events: [{ type: 'note_text_edited', id: 'a', text: 'x', from: '' }] }]);
  h = record(h, [{ op_id: '2', events: [] }]);
  assert.deepEqual(takeUndo(h).commands, [{ type: 'edit_text', id: 'a', text: '' }]);
});

test('undo is correct when others edited meanwhile: it restores what this client replaced', () => {
  // Ann moves a; Ben then edits a's text; Ann undoes her move: the text stays Ben's.
  let s = board([note('a', { x: 0, y: 0, text: 'Order' })]);
  const move = /** @type {Command} */ ({ type: 'move_notes', moves: [{ id: 'a', x: 300, y: 0 }] });
  const annEvents = decide(s, move) ?? [];
  s = applyEvents(s, annEvents);
  let h = record(emptyHistory(), [{ op_id: 'ann-1', events: annEvents }]);
  h = confirm(h, 'ann-1', annEvents);
  s = applyEvents(s, [{ type: 'note_text_edited', id: 'a', text: 'Order Placed', from: 'Order' }]);
  const { commands } = takeUndo(h);
  for (const c of commands) s = applyEvents(s, decide(s, c) ?? []);
  assert.deepEqual([s.notes.get('a')?.x, s.notes.get('a')?.text], [0, 'Order Placed']);
});

test('undo of an add whose sticky someone else deleted is refused locally', () => {
  let s = board([]);
  const add = /** @type {Command} */ ({ type: 'add_note', id: 'a', kind: 'event', text: 'x', x: 0, y: 0 });
  const events = decide(s, add) ?? [];
  s = applyEvents(s, events);
  s = applyEvents(s, [{ type: 'note_deleted', id: 'a', connectors: [] }]);
  const { commands } = takeUndo(record(emptyHistory(), [{ op_id: '1', events }]));
  assert.deepEqual(commands, [{ type: 'delete_note', id: 'a' }]);
  assert.equal(decide(s, commands[0]), null);
});
