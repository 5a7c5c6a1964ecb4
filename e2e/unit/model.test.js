import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, applyEvents, canonicalDetails, emptyBoard, notesInOrder, sameDetails } from '../../static/app/model.js';
import { board, note } from './fixtures.js';

test('a view becomes a state with notes in stacking order', () => {
  const s = board([note('a'), note('b')], { seq: 7 });
  assert.equal(s.seq, 7);
  assert.deepEqual(notesInOrder(s).map((n) => n.id), ['a', 'b']);
  assert.deepEqual(s.notes.get('a')?.details, {});
});

test('applying events returns a new state that shares untouched notes', () => {
  const s = board([note('a'), note('b')]);
  const t = applyEvent(s, { type: 'notes_moved', moves: [{ id: 'a', x: 10, y: 20, from_x: 0, from_y: 0 }] }, 2);
  assert.notEqual(t, s);
  assert.equal(t.seq, 2);
  assert.deepEqual([t.notes.get('a')?.x, t.notes.get('a')?.y], [10, 20]);
  assert.equal(t.notes.get('b'), s.notes.get('b'), 'b is the same object');
  assert.equal(s.notes.get('a')?.x, 0, 'the old state is unchanged');
});

test('every note event folds as the server folds it', () => {
  let s = emptyBoard('b1');
  s = applyEvents(s, [
    { type: 'board_created', title: 'Checkout' },
    { type: 'note_added', note: note('a') },
    { type: 'note_added', note: note('b') },
    { type: 'note_resized', id: 'a', w: 200, h: 150, from_w: 140, from_h: 100 },
    { type: 'note_text_edited', id: 'a', text: 'Order Placed', from: 'a' },
    { type: 'note_kind_changed', id: 'b', kind: 'policy', from: 'event' },
    { type: 'note_details_changed', id: 'a', details: { pivotal: true }, from: {} },
    { type: 'connector_added', connector: { id: 'c', from: 'a', to: 'b' } },
    { type: 'board_renamed', title: 'Checkout flow', from: 'Checkout' },
  ], 9);
  const a = s.notes.get('a');
  assert.equal(s.title, 'Checkout flow');
  assert.deepEqual([a?.w, a?.h, a?.text, a?.details.pivotal], [200, 150, 'Order Placed', true]);
  assert.equal(s.notes.get('b')?.kind, 'policy');
  assert.equal(s.connectors.size, 1);
  assert.equal(s.seq, 9);
});

test('deleting a note keeps a tombstone; restoring brings it back on top with its connectors', () => {
  let s = board([note('a'), note('b'), note('c')], { connectors: [{ id: 'k', from: 'a', to: 'b' }] });
  s = applyEvent(s, { type: 'note_deleted', id: 'a', connectors: [{ id: 'k', from: 'a', to: 'b' }] });
  assert.equal(s.notes.has('a'), false);
  assert.equal(s.connectors.size, 0);
  assert.equal(s.deleted.get('a')?.note.text, 'a');
  s = applyEvent(s, { type: 'note_restored', note: note('a'), connectors: [{ id: 'k', from: 'a', to: 'b' }] });
  assert.equal(s.deleted.size, 0);
  assert.equal(s.connectors.size, 1);
  assert.deepEqual(notesInOrder(s).map((n) => n.id), ['b', 'c', 'a'], 'a restored note is on top');
});

test('frames are added, changed and removed', () => {
  const f = { id: 'f', kind: /** @type {const} */ ('bounded_context'), name: 'Ordering', x: 0, y: 0, w: 400, h: 300 };
  let s = applyEvent(board([]), { type: 'frame_added', frame: f });
  s = applyEvent(s, { type: 'frame_changed', frame: { ...f, name: 'Sales' }, from: f });
  assert.equal(s.frames.get('f')?.name, 'Sales');
  s = applyEvent(s, { type: 'frame_removed', frame: { ...f, name: 'Sales' } });
  assert.equal(s.frames.size, 0);
});

test('details compare equal however their empty parts are written', () => {
  assert.ok(sameDetails({}, { description: '', fields: [], pivotal: false }));
  assert.ok(!sameDetails({}, { pivotal: true }));
  assert.deepEqual(canonicalDetails({ fields: [{ name: ' id ', type: ' uuid ', required: true, description: '' }] }), {
    fields: [{ name: 'id', type: 'uuid', required: true }],
  });
  assert.deepEqual(canonicalDetails({ retry: { max_attempts: 3 } }), { retry: { max_attempts: 3, backoff: 'fixed' } });
});

test('pinned code names, schedules, failure and idempotency keys are cleaned as the server cleans them', () => {
  assert.deepEqual(
    canonicalDetails({ code_name: ' CopyCatalogued ', schedule: '  ', failure: true, idempotency_key: [' loanId ', '', 'day'] }),
    { code_name: 'CopyCatalogued', failure: true, idempotency_key: ['loanId', 'day'] },
  );
  assert.deepEqual(canonicalDetails({ code_name: '', failure: false, idempotency_key: [] }), {});
});

test('scenarios are trimmed and their blank steps dropped, as the server does', () => {
  assert.deepEqual(
    canonicalDetails({ scenarios: [{ name: ' Refused ', given: [' Book Borrowed ', ' '], when: ' Renew Loan ', then: [], rejected: ' reserved ' }] }),
    { scenarios: [{ name: 'Refused', given: ['Book Borrowed'], when: 'Renew Loan', rejected: 'reserved' }] },
  );
});
