import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EDITING_TIMEOUT_MS, editorsOf, noteEditing } from '../../static/app/editing.js';

const present = [{ id: 'ann' }, { id: 'ben' }, { id: 'cleo' }];

test('a presence naming a sticky marks its editor; one without clears it', () => {
  let marks = noteEditing(new Map(), 'ben', 'n1', 1_000);
  marks = noteEditing(marks, 'cleo', 'n1', 1_100);
  assert.deepEqual(editorsOf(marks, 'n1', present, 1_200), ['ben', 'cleo']);
  marks = noteEditing(marks, 'ben', null, 1_300);
  assert.deepEqual(editorsOf(marks, 'n1', present, 1_400), ['cleo']);
});

test('an editor who left the board or went quiet is no longer shown', () => {
  const marks = noteEditing(new Map(), 'ben', 'n1', 1_000);
  assert.deepEqual(editorsOf(marks, 'n1', [{ id: 'ann' }], 1_100), [], 'left');
  assert.deepEqual(editorsOf(marks, 'n1', present, 1_000 + EDITING_TIMEOUT_MS), [], 'timed out');
  assert.deepEqual(editorsOf(marks, 'n2', present, 1_100), [], 'another sticky');
});
