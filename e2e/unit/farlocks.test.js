import { test } from 'node:test';
import assert from 'node:assert/strict';
import { padlockSpots } from '../../static/app/farlocks.js';

test('padlocks go on the top right corner of locked stickies big enough on screen', () => {
  const rects = new Map([
    ['big', { x: 0, y: 0, w: 140, h: 100 }],
    ['small', { x: 400, y: 0, w: 40, h: 30 }],
    ['open', { x: 800, y: 0, w: 140, h: 100 }],
  ]);
  const inView = { x: -100, y: -100, w: 2000, h: 1000 };
  // At 25 % a 140 x 100 sticky is 35 x 25 px on screen; the 40 x 30 one is 10 x 7.5 px.
  assert.deepEqual(padlockSpots(['big', 'small', 'frame-1'], rects, 0.25, inView), [{ id: 'big', x: 140, y: 0 }]);
  assert.deepEqual(padlockSpots(['big'], rects, 0.1, inView), [], 'below 24 px on screen');
  assert.deepEqual(padlockSpots(['big'], rects, 0.25, { x: 5000, y: 0, w: 10, h: 10 }), [], 'out of view');
  assert.deepEqual(padlockSpots(undefined, rects, 0.25, inView), []);
});
