// Padlocks on the far-zoom canvas (farview.js): what the near view's `.note.locked::after`
// badge (app.css) is far out, a padlock on a white disc over the sticky's top right corner.
// It keeps one size on screen whatever the zoom, so it stays recognisable, and stickies too
// small on screen to carry it go without (a padlock would hide them).

import { MIN_STICKY_PX } from './farlabels.js';
import { intersects } from './geometry.js';

/** @typedef {import('./types.js').Rect} Rect */

/** The badge's radius, in screen pixels: a padlock of about 10 px on a disc around it. */
export const PADLOCK_RADIUS = 7.5;
const INK = '#495057';
const DISC = '#fff';

/**
 * Where padlocks go: the top right corners of the locked stickies in view that are big
 * enough on screen. Frames' ids are among the locked too; their DOM titles show their lock.
 * @param {ReadonlyArray<string> | undefined} locked  The facilitator's locked ids.
 * @param {ReadonlyMap<string, Rect>} rects  Where each sticky is drawn.
 * @param {number} z @param {Rect} inView
 * @returns {{id: string, x: number, y: number}[]} In board units.
 */
export function padlockSpots(locked, rects, z, inView) {
  /** @type {{id: string, x: number, y: number}[]} */
  const out = [];
  for (const id of locked ?? []) {
    const r = rects.get(id);
    if (!r || Math.min(r.w, r.h) * z < MIN_STICKY_PX || !intersects(r, inView)) continue;
    out.push({ id, x: r.x + r.w, y: r.y });
  }
  return out;
}

/**
 * Paints the padlocks, each pass one path for all of them. The context is in board units.
 * @param {CanvasRenderingContext2D} ctx @param {ReadonlyArray<{x: number, y: number}>} spots @param {number} z
 */
export function paintPadlocks(ctx, spots, z) {
  if (spots.length === 0) return;
  const u = 1 / z;
  ctx.beginPath();
  for (const p of spots) {
    ctx.moveTo(p.x + PADLOCK_RADIUS * u, p.y);
    ctx.arc(p.x, p.y, PADLOCK_RADIUS * u, 0, 2 * Math.PI);
  }
  ctx.fillStyle = DISC;
  ctx.fill();
  ctx.strokeStyle = INK;
  ctx.lineWidth = u;
  ctx.stroke();
  // The shackle: an arch over the body.
  ctx.beginPath();
  for (const p of spots) {
    ctx.moveTo(p.x - 2.3 * u, p.y);
    ctx.arc(p.x, p.y - 1.5 * u, 2.3 * u, Math.PI, 0);
    ctx.lineTo(p.x + 2.3 * u, p.y);
  }
  ctx.lineWidth = 1.5 * u;
  ctx.stroke();
  ctx.beginPath();
  for (const p of spots) ctx.roundRect(p.x - 3.5 * u, p.y - 1 * u, 7 * u, 5.5 * u, u);
  ctx.fillStyle = INK;
  ctx.fill();
}
