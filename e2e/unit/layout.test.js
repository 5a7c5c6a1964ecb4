import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ELLIPSIS, cachedMeasure, fitText, wrapWords, wordsOf } from '../../static/app/textfit.js';
import { snapMove } from '../../static/app/snapping.js';
import { align, distribute } from '../../static/app/arrange.js';
import { FRAME_PADDING, frameAround, freePlace } from '../../static/app/placement.js';
import { routeConnector, routePath } from '../../static/app/routing.js';
import { intersects } from '../../static/app/geometry.js';

/** Every character half the font size wide: easy widths to reason about. @param {string} t */
const half = (t) => t.length * 0.5;

test('words wrap only between words, never inside one', () => {
  const { lines, widest } = wrapWords(wordsOf('Booking  Confirmed by\nthe hotel'), 50, 10, half);
  assert.deepEqual(lines, ['Booking', 'Confirmed', 'by the', 'hotel']);
  assert.equal(widest, 45);
  // A word longer than the line keeps its own line and reports its width.
  assert.equal(wrapWords(['Supercalifragilistic'], 50, 10, half).widest, 100);
});

test('text shrinks until it fits, keeping every word whole', () => {
  const big = fitText('Booking Confirmed', 140, 100, half, { max: 16, min: 4 });
  assert.equal(big.size, 16);
  assert.deepEqual(big.lines, ['Booking Confirmed']);
  assert.deepEqual(fitText('Booking Confirmed', 100, 100, half, { max: 16, min: 4 }).lines, ['Booking', 'Confirmed']);
  assert.ok(big.complete);
  const long = 'Payment Authorised After The Customer Confirmed The Reservation Online';
  const fitted = fitText(long, 140, 100, half, { max: 16, min: 4 });
  assert.ok(fitted.complete && fitted.size < 16 && fitted.size >= 4);
  assert.equal(fitted.lines.join(' '), long);
  for (const l of fitted.lines) assert.ok(half(l) * fitted.size <= 140, `line "${l}" too wide`);
  assert.ok(fitted.lines.length * fitted.size * 1.2 <= 100);
  // A little bigger would not fit: the search found (nearly) the largest size.
  assert.equal(fitText(long, 140, 100, half, { max: fitted.size + 0.5, min: fitted.size + 0.5 }).complete, false);
});

test('at the smallest size the first words are kept, ended by an ellipsis', () => {
  const fitted = fitText('Booking Confirmed By The Hotel Reception Desk', 40, 12, half, { max: 10, min: 8 });
  assert.equal(fitted.complete, false);
  assert.equal(fitted.size, 8);
  assert.deepEqual(fitted.lines, [`Booking${ELLIPSIS}`]);
  const one = fitText('Booking Confirmed By The Hotel Reception Desk', 100, 10, half, { max: 10, min: 8 });
  assert.deepEqual(one.lines, [`Booking Confirmed By The${ELLIPSIS}`]);
  // One word wider than the sticky keeps the letters that fit.
  const word = fitText('Internationalisation', 30, 10, half, { max: 8, min: 8 });
  assert.deepEqual(word.lines, [`Intern${ELLIPSIS}`]);
  assert.deepEqual(fitText('   ', 10, 10, half, { max: 8, min: 4 }).lines, []);
});

test('the cached measure asks the font once per text and scales to size 1', () => {
  let calls = 0;
  const m = cachedMeasure((t) => (calls++, t.length * 50), 100);
  assert.equal(m('abc'), 1.5);
  assert.equal(m('abc'), 1.5);
  assert.equal(calls, 1);
});

const rect = (/** @type {number} */ x, /** @type {number} */ y, w = 140, h = 100) => ({ x, y, w, h });

test('a dragged sticky snaps onto its neighbour\'s top edge and left edge, with guides', () => {
  const neighbour = rect(300, 200);
  // Dragged to 5 px right and 6 px below the neighbour's column, within a 10 px threshold.
  const moving = rect(305, 406);
  const s = snapMove(moving, 100, 50, [neighbour], [], 10);
  assert.equal(s.dx, 95);
  // Vertically: the nearest match is the moving top (406) to the neighbour bottom (300): too far;
  // nothing within 10 units, so y stays.
  assert.equal(s.dy, 50);
  assert.deepEqual(s.guides, [{ axis: 'x', at: 300, from: 200, to: 506 }]);
  const beside = snapMove(rect(470, 207), 0, 0, [neighbour], [], 10);
  assert.equal(beside.dy, -7, 'tops line up in a timeline row');
  assert.equal(beside.dx, 0);
});

test('snapping ignores far neighbours and pulls a centre onto a swimlane\'s middle', () => {
  assert.deepEqual(snapMove(rect(5000, 5), 0, 0, [rect(0, 0)], [], 10), { dx: 0, dy: 0, guides: [] });
  const lane = { x: 0, y: 400, w: 3000, h: 200 };
  const s = snapMove(rect(1000, 446), 0, 0, [], [lane], 10);
  assert.equal(s.dy, 4);
});

test('align lines a selection up on an edge or a centre; only movers are returned', () => {
  const items = [
    { id: 'a', ...rect(0, 0) },
    { id: 'b', ...rect(200, 30, 100, 50) },
    { id: 'c', ...rect(400, 10) },
  ];
  assert.deepEqual(align(items, 'top'), [
    { id: 'b', x: 200, y: 0 },
    { id: 'c', x: 400, y: 0 },
  ]);
  assert.deepEqual(align(items, 'bottom').map((m) => [m.id, m.y]), [['a', 10], ['b', 60]]);
  assert.deepEqual(align(items, 'left').map((m) => m.x), [0, 0]);
  // b's middle already is the selection's middle (55): it stays.
  assert.deepEqual(align(items, 'middle'), [{ id: 'a', x: 0, y: 5 }, { id: 'c', x: 400, y: 5 }]);
  assert.deepEqual(align([items[0]], 'left'), []);
});

test('distribute makes equal gaps between the first and the last', () => {
  const items = [
    { id: 'a', ...rect(0, 0) },
    { id: 'c', ...rect(1000, 0) },
    { id: 'b', ...rect(200, 0) },
    { id: 'd', ...rect(300, 0, 60) },
  ];
  const moves = distribute(items, 'horizontal');
  const xs = new Map(items.map((r) => [r.id, r.x]));
  for (const m of moves) xs.set(m.id, m.x);
  // Widths 140 + 140 + 60 + 140 = 480 over a span of 1140: three gaps of 220.
  assert.deepEqual([xs.get('a'), xs.get('b'), xs.get('d'), xs.get('c')], [0, 360, 720, 1000]);
  assert.deepEqual(distribute(items.slice(0, 2), 'vertical'), []);
});

test('a new frame goes around the selection, or into free space near the middle', () => {
  assert.deepEqual(frameAround([rect(0, 0), rect(300, 100)]), { x: -FRAME_PADDING, y: -FRAME_PADDING, w: 440 + 2 * FRAME_PADDING, h: 200 + 2 * FRAME_PADDING });
  assert.equal(frameAround([]), null);
  const stickies = [];
  for (let i = 0; i < 10; i++) stickies.push(rect(i * 180, 0));
  const placed = freePlace(640, 420, { x: 900, y: 50 }, stickies);
  assert.ok(stickies.every((s) => !intersects(s, placed)), 'no sticky under the frame');
  // Nearest free place: just below (or above) the row, not far away.
  assert.ok(Math.abs(placed.y + 210 - 50) < 500);
  assert.deepEqual(freePlace(100, 100, { x: 0, y: 0 }, []), { x: -50, y: -50, w: 100, h: 100 });
});

test('a connector routes around a sticky in the way with orthogonal elbows', () => {
  const from = rect(0, 0);
  const to = rect(600, 0);
  const block = rect(300, -20, 140, 140);
  const route = routeConnector(from, to, [from, to, block]);
  assert.equal(route.crossings, 0);
  for (let i = 1; i < route.points.length; i++) {
    const [a, b] = [route.points[i - 1], route.points[i]];
    assert.ok(a.x === b.x || a.y === b.y, 'segments are horizontal or vertical');
  }
  assert.ok(route.points.length >= 4, 'it turns to get around');
  assert.match(routePath(route.points), /^M\d/);
  // Nothing in the way: a straight line between facing sides.
  const straight = routeConnector(from, to, [from, to]);
  assert.deepEqual(straight.points, [
    { x: 140, y: 50 },
    { x: 600, y: 50 },
  ]);
  assert.deepEqual(straight.label, { x: 370, y: 50 });
});

test('a sticky keeps its name whole and lists its fields only when there is room', async () => {
  const { noteLayout, NOTE_TEXT_MAX, NOTE_TEXT_MIN } = await import('../../static/app/notefit.js');
  /** Sans-serif letters are about 0.55 of the size wide. @param {string} t */
  const sans = (t) => t.length * 0.55;
  const short = noteLayout({ w: 140, h: 100, text: 'Booking Confirmed', fieldCount: 0, kindLine: true }, sans);
  assert.deepEqual(short, { fontPx: NOTE_TEXT_MAX, lines: 2, complete: true, fields: 'none' });
  const long = noteLayout({ w: 140, h: 100, text: 'The customer confirmed the booking after the payment provider authorised the card', fieldCount: 0, kindLine: true }, sans);
  assert.ok(long.complete && long.fontPx < NOTE_TEXT_MAX && long.fontPx >= NOTE_TEXT_MIN, JSON.stringify(long));
  // Two fields fit under a short name; five do not, and collapse to a count.
  assert.equal(noteLayout({ w: 140, h: 100, text: 'Booking Confirmed', fieldCount: 2, kindLine: true }, sans).fields, 'list');
  const five = noteLayout({ w: 140, h: 100, text: 'Booking Confirmed', fieldCount: 5, kindLine: true }, sans);
  assert.equal(five.fields, 'count');
  assert.ok(five.complete);
  // A bigger sticky lists them again.
  assert.equal(noteLayout({ w: 200, h: 200, text: 'Booking Confirmed', fieldCount: 5, kindLine: true }, sans).fields, 'list');
});
