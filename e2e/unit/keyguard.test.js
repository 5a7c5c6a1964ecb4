import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BURST_GAP_MS, fieldClosed, freshGuard, isPrintable, typedInField, wallKey } from '../../static/app/keyguard.js';

test('a shortcut typed on its own acts', () => {
  const r = wallKey(freshGuard(), 10_000, true);
  assert.equal(r.act, true);
});

test('deliberate shortcuts in quick succession all act', () => {
  let g = freshGuard();
  for (const t of [10_000, 10_050, 10_100]) {
    const r = wallKey(g, t, true);
    assert.equal(r.act, true);
    g = r.guard;
  }
});

test('a word typed at the wall after a missed click does nothing, letter after letter', () => {
  let g = freshGuard();
  let t = 10_000;
  const acted = [];
  // "P" (no shortcut with nothing selected), then "ayment" (each a shortcut on its own).
  for (const [key, shortcut] of [['P', false], ['a', true], ['y', false], ['m', true], ['e', true]]) {
    const r = wallKey(g, t, /** @type {boolean} */ (shortcut));
    g = r.guard;
    if (r.act) acted.push(key);
    t += 80;
  }
  assert.deepEqual(acted, []);
  assert.equal(wallKey(g, t + BURST_GAP_MS, true).act, true, 'after a pause shortcuts work again');
});

test('typing that falls out of a field closed under the typist does nothing', () => {
  let g = typedInField(freshGuard(), 5_000);
  g = fieldClosed(g, 5_050, false);
  const r = wallKey(g, 5_100, true);
  assert.equal(r.act, false);
  assert.equal(r.swallowed, true);
});

test('Enter or Escape in a field ends the burst: the next shortcut acts', () => {
  let g = typedInField(freshGuard(), 5_000);
  g = fieldClosed(g, 5_050, true);
  assert.equal(wallKey(g, 5_100, true).act, true);
});

test('a field that closed long after its last key does not swallow', () => {
  let g = typedInField(freshGuard(), 5_000);
  g = fieldClosed(g, 5_000 + BURST_GAP_MS + 1, false);
  assert.equal(wallKey(g, 5_000 + BURST_GAP_MS + 2, true).act, true);
});

test('only letters and digits count as typing', () => {
  assert.equal(isPrintable({ key: 'P' }), true);
  assert.equal(isPrintable({ key: 'é' }), true);
  assert.equal(isPrintable({ key: ' ' }), false);
  assert.equal(isPrintable({ key: 'Enter' }), false);
  assert.equal(isPrintable({ key: 'z', ctrlKey: true }), false);
});
