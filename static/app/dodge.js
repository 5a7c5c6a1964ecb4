// The minimap and the zoom controls float over the wall's corner. When a selected sticky is
// under one of them, it fades and lets the pointer through (app.css `.covering`), so the
// controls never hide what someone is working on.

import { boardToScreen } from './geometry.js';

/** @typedef {import('./types.js').Rect} Rect */

/**
 * @param {ReadonlyArray<Rect>} selected  The selected stickies, in board units.
 * @param {import('./geometry.js').View} view @param {HTMLElement} wallEl
 */
export function dodgeOverlays(selected, view, wallEl) {
  if (selected.length === 0) {
    // Nothing to dodge: no layout to read either.
    for (const el of document.querySelectorAll('.covering')) el.classList.remove('covering');
    return;
  }
  const wall = wallEl.getBoundingClientRect();
  const boxes = selected.map((r) => {
    const p = boardToScreen(view, r.x, r.y);
    return { left: wall.left + p.x, top: wall.top + p.y, right: wall.left + p.x + r.w * view.zoom, bottom: wall.top + p.y + r.h * view.zoom };
  });
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#minimap, .zoombar'))) {
    if (el.hidden) continue;
    // The fade changes opacity, never the box, so this reads the same either way.
    const o = el.getBoundingClientRect();
    const under = boxes.some((b) => b.left < o.right && o.left < b.right && b.top < o.bottom && o.top < b.bottom);
    if (el.classList.contains('covering') !== under) el.classList.toggle('covering', under);
  }
}
