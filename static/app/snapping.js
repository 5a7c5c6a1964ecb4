// Snapping while dragging: the dragged stickies' bounds are pulled onto the edges and centres
// of nearby stickies (so a sticky dropped next to another lines up with it) and onto the
// middle of a timeline row (a swimlane). Pure: rectangles in, a corrected offset and the guide
// lines to show out.

/** @typedef {import('./types.js').Rect} Rect */

/**
 * A guide line to draw while snapped: vertical at board x (`axis: 'x'`) or horizontal at
 * board y (`axis: 'y'`), spanning `from`..`to` along the other axis.
 * @typedef {{axis: 'x' | 'y', at: number, from: number, to: number}} Guide
 */

/**
 * @typedef {object} Snapped
 * @property {number} dx  The offset to use instead of the pointer's.
 * @property {number} dy
 * @property {Guide[]} guides
 */

/**
 * Where `moving` (the dragged bounds, already offset by the pointer) should go: each axis
 * independently moves by the smallest correction within `threshold` that puts one of its
 * edges or its centre on a neighbour's edge or centre (neighbours within `reach` only, so a
 * far-away sticky does not pull), or its centre on a row's middle line.
 * @param {Rect} moving @param {number} dx @param {number} dy  The pointer's offset, already in `moving`.
 * @param {Iterable<Rect>} neighbours  Stickies not being dragged.
 * @param {Iterable<Rect>} rows  Timeline rows (swimlanes): their middle line attracts a centre.
 * @param {number} threshold  Board units (a fixed number of screen pixels divided by the zoom).
 * @param {number} [reach]  Board units around `moving` in which neighbours count.
 * @returns {Snapped}
 */
export function snapMove(moving, dx, dy, neighbours, rows, threshold, reach = 600) {
  const near = [];
  for (const r of neighbours) {
    if (r.x > moving.x + moving.w + reach || r.x + r.w < moving.x - reach) continue;
    if (r.y > moving.y + moving.h + reach || r.y + r.h < moving.y - reach) continue;
    near.push(r);
  }
  const xs = [moving.x, moving.x + moving.w / 2, moving.x + moving.w];
  const ys = [moving.y, moving.y + moving.h / 2, moving.y + moving.h];
  const bestX = closest(
    xs,
    near.flatMap((r) => [r.x, r.x + r.w / 2, r.x + r.w]),
    threshold,
  );
  const rowLines = [...rows].filter((r) => r.x <= moving.x + moving.w && r.x + r.w >= moving.x).map((r) => r.y + r.h / 2);
  const bestY = closest(ys, [...near.flatMap((r) => [r.y, r.y + r.h / 2, r.y + r.h])], threshold);
  const bestRow = closest([ys[1]], rowLines, threshold);
  // A neighbour's edge wins over a row's middle when both are in reach: it is the closer cue.
  const y = bestY ?? bestRow;
  const cx = bestX ? bestX.shift : 0;
  const cy = y ? y.shift : 0;
  const at = { x: moving.x + cx, y: moving.y + cy, w: moving.w, h: moving.h };
  /** @type {Guide[]} */
  const guides = [];
  if (bestX) {
    const lined = near.filter((r) => [r.x, r.x + r.w / 2, r.x + r.w].includes(bestX.target));
    const top = Math.min(at.y, ...lined.map((r) => r.y));
    const bottom = Math.max(at.y + at.h, ...lined.map((r) => r.y + r.h));
    guides.push({ axis: 'x', at: bestX.target, from: top, to: bottom });
  }
  if (y) {
    const lined = near.filter((r) => [r.y, r.y + r.h / 2, r.y + r.h].includes(y.target));
    const left = Math.min(at.x, ...lined.map((r) => r.x));
    const right = Math.max(at.x + at.w, ...lined.map((r) => r.x + r.w));
    guides.push({ axis: 'y', at: y.target, from: left, to: right });
  }
  return { dx: dx + cx, dy: dy + cy, guides };
}

/**
 * The smallest shift within `threshold` that puts one of `ours` on one of `theirs`.
 * @param {number[]} ours @param {number[]} theirs @param {number} threshold
 * @returns {{shift: number, target: number} | null}
 */
function closest(ours, theirs, threshold) {
  /** @type {{shift: number, target: number} | null} */
  let best = null;
  for (const t of theirs) {
    for (const o of ours) {
      const shift = t - o;
      if (Math.abs(shift) <= threshold && (!best || Math.abs(shift) < Math.abs(best.shift))) best = { shift, target: t };
    }
  }
  return best;
}
