// Where a new sticky goes. Stickies added from the palette or by key land on the nearest free
// spot near where they were asked for (the pointer, or the middle of the view), never on top
// of another sticky, so one participant's new sticky is never hidden under, or mistaken for,
// a colleague's. Pure.

/** @typedef {import('./types.js').Rect} Rect */
/** @typedef {import('./types.js').Point} Point */

/** Room left between a new sticky and its neighbours, in board units. */
export const GAP = 20;
/** The grid new stickies are placed on (the wall's snap). */
export const STEP = 20;
/** How far from the asked-for spot to look before giving up and stacking. */
const MAX_RINGS = 60;

/** @param {Rect} a @param {Rect} b @param {number} gap */
function overlaps(a, b, gap) {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

/**
 * The top-left corner of a `size` sticky centred as near `at` as it can be without touching any
 * of `taken` (with `GAP` around each), on the `STEP` grid. Rings of candidates are tried from
 * the centre outwards, nearest first; when everything near is full, `at` itself.
 * @param {Point} at @param {{w: number, h: number}} size @param {Iterable<Rect>} taken
 * @returns {Point}
 */
export function freeSpot(at, size, taken) {
  const x0 = Math.round((at.x - size.w / 2) / STEP) * STEP;
  const y0 = Math.round((at.y - size.h / 2) / STEP) * STEP;
  // Only stickies within reach of the search matter (a board may hold thousands).
  const reach = { x: x0 - MAX_RINGS * STEP - GAP, y: y0 - MAX_RINGS * STEP - GAP, w: size.w + 2 * (MAX_RINGS * STEP + GAP), h: size.h + 2 * (MAX_RINGS * STEP + GAP) };
  const rects = [...taken].filter((r) => overlaps(r, reach, 0));
  /** @param {number} x @param {number} y */
  const free = (x, y) => !rects.some((r) => overlaps({ x, y, w: size.w, h: size.h }, r, GAP));
  if (free(x0, y0)) return { x: x0, y: y0 };
  for (let ring = 1; ring <= MAX_RINGS; ring += 1) {
    /** @type {{x: number, y: number, d: number}[]} */
    const candidates = [];
    for (let i = -ring; i <= ring; i += 1) {
      for (const [dx, dy] of [[i, -ring], [i, ring], [-ring, i], [ring, i]]) {
        const x = x0 + dx * STEP;
        const y = y0 + dy * STEP;
        candidates.push({ x, y, d: Math.hypot(dx, dy) });
      }
    }
    candidates.sort((a, b) => a.d - b.d || a.y - b.y || a.x - b.x);
    const hit = candidates.find((c) => free(c.x, c.y));
    if (hit) return { x: hit.x, y: hit.y };
  }
  return { x: x0, y: y0 };
}
