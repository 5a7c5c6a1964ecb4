// The page's own controls around the wall: zoom buttons, the board title, share, the name
// button; and the page-wide signals the board follows (focus moving onto a sticky, the
// network coming and going, the page being left, the window resized).

import { byId } from './dom.js';

/**
 * @typedef {object} PageControlsHost
 * @property {import('./viewport.js').Viewport} viewport
 * @property {() => void} zoomFit
 * @property {() => void} renameBoard
 * @property {() => void} share
 * @property {() => void} renameMe
 * @property {() => void} stopFollowing Moving the wall oneself stops following someone.
 * @property {(id: string) => void} focused The keyboard focus landed on a sticky or a frame's title.
 * @property {() => void} online
 * @property {() => void} offline
 * @property {() => void} leaving The page is being left: send what is typed.
 * @property {() => void} resized
 */

/** @param {HTMLElement} wall @param {PageControlsHost} host */
export function wirePageControls(wall, host) {
  byId('zoom-in').addEventListener('click', () => host.viewport.zoomBy(1.25));
  byId('zoom-out').addEventListener('click', () => host.viewport.zoomBy(0.8));
  byId('zoom-reset').addEventListener('click', () => host.viewport.zoomTo(1));
  byId('zoom-fit').addEventListener('click', () => host.zoomFit());
  byId('board-title').addEventListener('click', () => host.renameBoard());
  byId('share').addEventListener('click', () => host.share());
  byId('rename-me').addEventListener('click', () => host.renameMe());
  // A press focuses what it lands on; the pointer selects it itself (or not, with Shift).
  let pointerDown = false;
  wall.addEventListener('pointerdown', () => {
    pointerDown = true;
    host.stopFollowing();
  });
  wall.addEventListener('wheel', () => host.stopFollowing(), { passive: true });
  for (const id of ['zoom-in', 'zoom-out', 'zoom-reset', 'zoom-fit']) byId(id).addEventListener('click', () => host.stopFollowing());
  window.addEventListener('pointerup', () => {
    setTimeout(() => {
      pointerDown = false;
    }, 0);
  });
  wall.addEventListener('focusin', (e) => {
    const t = /** @type {HTMLElement} */ (e.target);
    const id = t.classList.contains('note') ? t.dataset.id : t.classList.contains('frame-header') ? t.closest('.frame-chrome')?.getAttribute('data-id') : null;
    if (id && !pointerDown) host.focused(id);
  });
  window.addEventListener('online', () => host.online());
  window.addEventListener('offline', () => host.offline());
  window.addEventListener('pagehide', () => host.leaving());
  window.addEventListener('resize', () => host.resized());
}
