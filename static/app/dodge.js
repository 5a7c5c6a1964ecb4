// The minimap and the zoom controls float over a bottom corner of the wall. When a selected
// (or dragged: it is selected) sticky comes under them, they move together to the other
// bottom corner and stay there until work comes under them again, so they never jump while
// nobody works near them. When a wide selection covers both corners they fade and let the
// pointer through instead (app.css `.covering`).

import { boardToScreen } from './geometry.js';

/** @typedef {import('./types.js').Rect} Rect */
/** @typedef {{left: number, top: number, right: number, bottom: number}} Box */

const OVERLAYS = '#minimap, .zoombar';

/** @param {ReadonlyArray<Box>} boxes */
function covered(boxes) {
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(OVERLAYS))) {
    if (el.hidden) continue;
    // The fade changes opacity, never the box, so this reads the same either way.
    const o = el.getBoundingClientRect();
    if (o.width > 0 && boxes.some((b) => b.left < o.right && o.left < b.right && b.top < o.bottom && o.top < b.bottom)) return true;
  }
  return false;
}

/** @param {boolean} on */
function fade(on) {
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(OVERLAYS))) {
    if (el.classList.contains('covering') !== on) el.classList.toggle('covering', on);
  }
}

/**
 * @param {ReadonlyArray<Rect>} selected  The selected stickies, in board units.
 * @param {import('./geometry.js').View} view @param {HTMLElement} wallEl
 */
export function dodgeOverlays(selected, view, wallEl) {
  if (selected.length === 0) {
    // Nothing to dodge: no layout to read either, and the corner stays where it is.
    fade(false);
    return;
  }
  const root = /** @type {HTMLElement} */ (wallEl.closest('.app') ?? document.body);
  const wall = wallEl.getBoundingClientRect();
  const boxes = selected.map((r) => {
    const p = boardToScreen(view, r.x, r.y);
    return { left: wall.left + p.x, top: wall.top + p.y, right: wall.left + p.x + r.w * view.zoom, bottom: wall.top + p.y + r.h * view.zoom };
  });
  if (!covered(boxes)) {
    fade(false);
    return;
  }
  const corner = root.dataset.overlays === 'left' ? 'left' : 'right';
  root.dataset.overlays = corner === 'left' ? 'right' : 'left';
  if (!covered(boxes)) {
    fade(false);
    return;
  }
  // Both corners are covered: stay put and fade.
  root.dataset.overlays = corner;
  fade(true);
}
