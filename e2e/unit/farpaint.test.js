import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MATCH_COLOUR, SELECTED_COLOUR, colourBatches, highlightRings } from '../../static/app/farpaint.js';

/** @param {number} x @param {number} y @param {string} fill @param {number} [w] @param {number} [h] */
const item = (x, y, fill, w = 140, h = 100) => ({ x, y, w, h, fill });

/** Index of the batch that paints an item. @param {import('../../static/app/farpaint.js').Batch[]} batches @param {import('../../static/app/types.js').Rect} r */
function batchOf(batches, r) {
  const i = batches.findIndex((b) => b.rects.includes(r));
  assert.ok(i >= 0, `no batch paints the rectangle at ${r.x},${r.y}`);
  return i;
}

test('stickies that overlap nothing are one fill per colour, however many', () => {
  const fills = ['#ff9f43', '#74c0fc', '#ffe066'];
  const items = Array.from({ length: 2000 }, (_, i) => item((i % 50) * 180, Math.floor(i / 50) * 140, fills[i % 3]));
  const batches = colourBatches(items);
  assert.deepEqual(
    batches.map((b) => [b.level, b.fill, b.rects.length]),
    [
      [0, '#ff9f43', 667],
      [0, '#74c0fc', 667],
      [0, '#ffe066', 666],
    ],
  );
  assert.equal(batches[1].rects[0], items[1]);
});

test('a sticky on top of another is painted after it, even in a colour painted before', () => {
  const a = item(0, 0, 'red');
  const b = item(50, 50, 'blue');
  const c = item(100, 100, 'red');
  const far = item(5000, 0, 'red');
  const touching = item(-140, 0, 'blue');
  const batches = colourBatches([a, b, c, far, touching]);
  assert.deepEqual(
    batches.map((x) => [x.level, x.fill, x.rects.length]),
    [
      [0, 'red', 2],
      [0, 'blue', 1],
      [1, 'blue', 1],
      [2, 'red', 1],
    ],
  );
  assert.ok(batchOf(batches, a) < batchOf(batches, b) && batchOf(batches, b) < batchOf(batches, c));
  // Sharing an edge is not overlapping: the touching sticky needs no level of its own.
  assert.equal(batches[batchOf(batches, touching)].level, 0);
});

test('random overlapping boards keep every overlapping pair in stacking order', () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const fills = ['a', 'b', 'c', 'd'];
  for (let round = 0; round < 20; round++) {
    /** @param {number} n */
    const upTo = (n) => Math.floor(rand() * n);
    const items = Array.from({ length: 150 }, () => item(upTo(1500) - 300, upTo(1200) - 300, fills[upTo(4)], 60 + upTo(600), 40 + upTo(300)));
    const batches = colourBatches(items);
    assert.equal(batches.reduce((n, b) => n + b.rects.length, 0), items.length, 'every sticky painted once');
    assert.ok(batches.every((b, i) => i === 0 || batches[i - 1].level <= b.level), 'levels in order');
    for (const b of batches) assert.ok(b.rects.length > 0);
    items.forEach((lower, i) => {
      for (const upper of items.slice(i + 1)) {
        const overlap = lower.x < upper.x + upper.w && upper.x < lower.x + lower.w && lower.y < upper.y + upper.h && upper.y < lower.y + lower.h;
        if (overlap && lower.fill !== upper.fill) assert.ok(batchOf(batches, lower) < batchOf(batches, upper), 'the upper sticky is painted later');
        if (overlap) {
          const lb = batches[batchOf(batches, lower)].level;
          const ub = batches[batchOf(batches, upper)].level;
          assert.ok(lb < ub, 'overlapping stickies are on different levels (their outlines too)');
        }
      }
    });
  }
});

test('highlights: others’ selections, then matches, then the selection on top; empty rings left out', () => {
  const deco = {
    selected: new Set(['a', 'gone']),
    matches: new Set(['b', 'a']),
    remote: new Map([
      ['c', '#e8590c'],
      ['a', '#e8590c'],
      ['d', '#2f9e44'],
    ]),
  };
  const rings = highlightRings(['a', 'b', 'c', 'd'], deco);
  assert.deepEqual(
    rings.map((r) => [r.colour, r.width, r.gap, r.ids]),
    [
      ['#e8590c', 3, 0, ['a', 'c']],
      ['#2f9e44', 3, 0, ['d']],
      [MATCH_COLOUR, 4, 0, ['a', 'b']],
      [SELECTED_COLOUR, 2, 2, ['a']],
    ],
  );
  assert.deepEqual(highlightRings(['x'], { selected: new Set(['x']), matches: new Set(), remote: new Map() }).map((r) => r.colour), [SELECTED_COLOUR]);
  assert.deepEqual(highlightRings([], deco), []);
});
