// Where a new frame goes: around the current selection when there is one, otherwise in the
// free space nearest the middle of the view, never on top of stickies or other frames.
// Pure.

import { boundsOf, intersects } from './geometry.js';

/** @typedef {import('./types.js').Rect} Rect */

/** Space left between a frame and what is around or inside it, in board units. */
export const FRAME_PADDING = 40;

/**
 * A frame around the selected stickies, with room for its title above them.
 * @param {ReadonlyArray<Rect>} selected @returns {Rect | null} Null without a selection.
 */
export function frameAround(selected) {
  const b = boundsOf(selected);
  if (!b) return null;
  return { x: b.x - FRAME_PADDING, y: b.y - FRAME_PADDING, w: b.w + 2 * FRAME_PADDING, h: b.h + 2 * FRAME_PADDING };
}

/**
 * The free place for a `w` x `h` rectangle closest to `centre` (board point): tries places on
 * rings of growing distance, a grid step apart, and keeps the nearest one that overlaps no
 * obstacle (padded). Falls back to below everything, which is always free.
 * @param {number} w @param {number} h @param {{x: number, y: number}} centre
 * @param {ReadonlyArray<Rect>} obstacles  Stickies and frames.
 * @param {number} [step]  Grid of the search, in board units.
 * @param {number} [rings] How far to search, in steps.
 * @returns {Rect}
 */
export function freePlace(w, h, centre, obstacles, step = 40, rings = 60) {
  const padded = obstacles.map((r) => ({ x: r.x - FRAME_PADDING / 2, y: r.y - FRAME_PADDING / 2, w: r.w + FRAME_PADDING, h: r.h + FRAME_PADDING }));
  const x0 = Math.round(centre.x - w / 2);
  const y0 = Math.round(centre.y - h / 2);
  /** @param {number} x @param {number} y */
  const free = (x, y) => {
    const r = { x, y, w, h };
    return padded.every((o) => !intersects(o, r));
  };
  if (free(x0, y0)) return { x: x0, y: y0, w, h };
  for (let ring = 1; ring <= rings; ring++) {
    /** @type {{x: number, y: number, d: number} | null} */
    let best = null;
    for (let i = -ring; i <= ring; i++) {
      for (const [gx, gy] of [
        [i, -ring],
        [i, ring],
        [-ring, i],
        [ring, i],
      ]) {
        const x = x0 + gx * step;
        const y = y0 + gy * step;
        const d = Math.hypot(gx, gy);
        if ((!best || d < best.d) && free(x, y)) best = { x, y, d };
      }
    }
    if (best) return { x: best.x, y: best.y, w, h };
  }
  const all = boundsOf(obstacles);
  return { x: x0, y: all ? all.y + all.h + FRAME_PADDING : y0, w, h };
}
