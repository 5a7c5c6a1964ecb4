import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actorName, describeEvent, detailsSummary, eventElements, readableDiff } from '../../static/app/history.js';
import { note } from './fixtures.js';

test('actors: the name without the client id', () => {
  assert.equal(actorName('Ann (c1a2b3c4)'), 'Ann');
  assert.equal(actorName('Ann "A" (c1)'), 'Ann "A"');
  assert.equal(actorName('api'), 'api');
});

test('events read as sentences naming their stickies', () => {
  const names = new Map([['n1', 'Order Placed'], ['n2', 'Place Order']]);
  const nameOf = (/** @type {string} */ id) => names.get(id);
  assert.equal(describeEvent({ type: 'note_added', note: note('n1', { text: 'Order Placed' }) }), 'added event “Order Placed”');
  assert.equal(describeEvent({ type: 'note_added', note: note('n1', { text: '', kind: 'policy' }) }), 'added an empty policy');
  assert.equal(describeEvent({ type: 'note_text_edited', id: 'n1', text: 'A', from: '' }), 'wrote “A”');
  assert.equal(describeEvent({ type: 'note_text_edited', id: 'n1', text: 'B', from: 'A' }), 'changed the text from “A” to “B”');
  assert.equal(describeEvent({ type: 'notes_moved', moves: [{ id: 'n1', x: 1, y: 1, from_x: 0, from_y: 0 }] }, nameOf), 'moved “Order Placed”');
  assert.equal(describeEvent({ type: 'connector_added', connector: { id: 'c', from: 'n2', to: 'n1' } }, nameOf), 'connected “Place Order” to “Order Placed”');
  assert.equal(describeEvent({ type: 'note_deleted', id: 'gone', connectors: [] }, nameOf), 'deleted a sticky');
  assert.equal(describeEvent({ type: 'phase_changed', phase: 'commands_and_actors', from: null }), 'moved the workshop to the phase “Commands and actors”');
  assert.equal(describeEvent({ type: 'timer_extended', timer: { duration_ms: 120_000, state: 'paused', remaining_ms: 60_000 }, from: { duration_ms: 60_000, state: 'paused', remaining_ms: 0 }, by_ms: 60_000, now_ms: 0 }), 'added 1:00 to the timer');
  assert.equal(describeEvent({ type: 'note_details_changed', id: 'n1', details: { pivotal: true, description: 'x' }, from: {} }, nameOf), 'changed the details of “Order Placed”: description, pivotal');
  assert.equal(detailsSummary({}, {}), '');
  assert.equal(detailsSummary({}, { scenarios: [{ name: 'Pays', when: 'Pay' }] }), ': scenarios');
  assert.deepEqual(eventElements({ type: 'connector_removed', connector: { id: 'c', from: 'a', to: 'b' } }), ['c', 'a', 'b']);
  assert.equal(describeEvent({ type: 'elements_locked', ids: ['n1'] }, nameOf), 'locked “Order Placed”');
  assert.equal(describeEvent({ type: 'elements_unlocked', ids: ['n1', 'f1'] }, nameOf), 'unlocked 2 elements');
  assert.deepEqual(eventElements({ type: 'elements_locked', ids: ['n1', 'f1'] }), ['n1', 'f1']);
});

test('the diff reads added, renamed, changed, removed', () => {
  const rows = readableDiff([
    { kind: 'event', id: '1', change: 'removed', name: 'Old' },
    { kind: 'handler', id: '2', change: 'changed', name: 'Whenever X', details: ['idempotent: null -> true'] },
    { kind: 'event', id: '3', change: 'renamed', name: 'New', from_name: 'Older' },
    { kind: 'read_model', id: '4', change: 'added', name: 'Orders' },
  ]);
  assert.deepEqual(
    rows.map((r) => r.title),
    ['Added Read model “Orders”', 'Renamed event “Older” to “New”', 'Changed Handler “Whenever X”', 'Removed Event “Old”'],
  );
  assert.deepEqual(rows[2].details, ['idempotent: null -> true']);
});
