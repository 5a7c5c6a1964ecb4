// What the far-zoom canvas (farview.js) paints, as plain data: the stickies grouped into one
// fill per colour, in an order that still respects the stacking order where stickies overlap.
// Pure: no DOM, no canvas.

/** @typedef {import('./types.js').Rect} Rect */

/**
 * One fill: every rectangle in it has the same colour and none overlaps another batch's
 * rectangle of a lower level drawn later, so it can be one canvas path.
 * @typedef {object} Batch
 * @property {number} level  Batches of a level are painted together, lower levels first.
 * @property {string} fill
 * @property {Rect[]} rects  The items themselves, not copies.
 */

/** Grid cell (board units) for finding which stickies overlap. */
const CELL = 512;

/**
 * Groups stickies into fills of one colour each. A sticky goes one level above every sticky
 * under it that it overlaps; each level is painted colour by colour, then the next level. So
 * stickies that overlap nothing (most of a board) share level 0 and a board of thousands is a
 * dozen fills, while a sticky on top of another is still painted after it.
 * @param {ReadonlyArray<Rect & {fill: string}>} items  Bottom first (the stacking order).
 * @returns {Batch[]} Paint order: by level, then by colour in order of first appearance.
 */
export function colourBatches(items) {
  /** @type {Map<string, number[]>} cell -> indexes of the items touching it */
  const cells = new Map();
  /** @type {number[]} */
  const levels = [];
  /** @type {Map<string, Batch>[]} level -> colour -> batch */
  const byLevel = [];
  items.forEach((r, i) => {
    const x0 = Math.floor(r.x / CELL);
    const x1 = Math.floor((r.x + r.w) / CELL);
    const y0 = Math.floor(r.y / CELL);
    const y1 = Math.floor((r.y + r.h) / CELL);
    let level = 0;
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const key = `${cx},${cy}`;
        const here = cells.get(key);
        if (!here) {
          cells.set(key, [i]);
          continue;
        }
        for (const j of here) {
          if (levels[j] >= level && overlaps(items[j], r)) level = levels[j] + 1;
        }
        here.push(i);
      }
    }
    levels.push(level);
    const colours = byLevel[level] ?? (byLevel[level] = new Map());
    let batch = colours.get(r.fill);
    if (!batch) {
      batch = { level, fill: r.fill, rects: [] };
      colours.set(r.fill, batch);
    }
    batch.rects.push(r);
  });
  return byLevel.flatMap((colours) => [...colours.values()]);
}

/** Whether two rectangles share area (touching edges do not count). @param {Rect} a @param {Rect} b */
function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * @typedef {object} Ring
 * @property {string} colour
 * @property {number} width  Line width in screen pixels.
 * @property {number} gap    Space between the sticky and the ring, in screen pixels.
 * @property {string[]} ids
 */

/** The colours app.css gives a search match and this participant's selection. */
export const MATCH_COLOUR = '#fab005';
export const SELECTED_COLOUR = '#1864ab';

/**
 * The rings drawn around highlighted stickies, as the DOM stickies get them from app.css:
 * someone else's selection (a 3 px ring in their colour), a search match (4 px, amber), this
 * participant's selection (2 px, 2 px out). In that order, so the selection stays on top.
 * @param {Iterable<string>} ids  The stickies to consider (those on the wall).
 * @param {{selected: ReadonlySet<string>, matches: ReadonlySet<string>, remote: ReadonlyMap<string, string>}} deco
 * @returns {Ring[]} Paint order; rings without stickies are left out.
 */
export function highlightRings(ids, deco) {
  /** @type {Map<string, Ring>} colour -> someone else's selection */
  const remote = new Map();
  /** @type {Ring} */
  const match = { colour: MATCH_COLOUR, width: 4, gap: 0, ids: [] };
  /** @type {Ring} */
  const selected = { colour: SELECTED_COLOUR, width: 2, gap: 2, ids: [] };
  for (const id of ids) {
    const colour = deco.remote.get(id);
    if (colour) {
      const ring = remote.get(colour) ?? { colour, width: 3, gap: 0, ids: [] };
      remote.set(colour, ring);
      ring.ids.push(id);
    }
    if (deco.matches.has(id)) match.ids.push(id);
    if (deco.selected.has(id)) selected.ids.push(id);
  }
  return [...remote.values(), match, selected].filter((r) => r.ids.length > 0);
}
