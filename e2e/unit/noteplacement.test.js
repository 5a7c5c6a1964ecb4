import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GAP, freeSpot } from '../../static/app/noteplacement.js';

const size = { w: 140, h: 100 };

test('a new sticky goes where it was asked for when that spot is free', () => {
  assert.deepEqual(freeSpot({ x: 500, y: 300 }, size, []), { x: 440, y: 260 });
});

test('a new sticky never lands on top of another one, and stays near', () => {
  const theirs = { x: 440, y: 260, w: 140, h: 100 };
  const spot = freeSpot({ x: 500, y: 300 }, size, [theirs]);
  const apart =
    spot.x >= theirs.x + theirs.w + GAP || spot.x + size.w + GAP <= theirs.x || spot.y >= theirs.y + theirs.h + GAP || spot.y + size.h + GAP <= theirs.y;
  assert.ok(apart, `spot ${JSON.stringify(spot)} is clear of the sticky`);
  assert.ok(Math.hypot(spot.x - 440, spot.y - 260) <= 200, `spot ${JSON.stringify(spot)} is near`);
});

test('a cascade of new stickies at the same place each gets its own spot', () => {
  /** @type {{x: number, y: number, w: number, h: number}[]} */
  const placed = [];
  for (let i = 0; i < 12; i += 1) placed.push({ ...freeSpot({ x: 0, y: 0 }, size, placed), ...size });
  for (let i = 0; i < placed.length; i += 1) {
    for (let j = i + 1; j < placed.length; j += 1) {
      const [a, b] = [placed[i], placed[j]];
      const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      assert.equal(overlap, false, `sticky ${i} and ${j} overlap`);
    }
  }
});
