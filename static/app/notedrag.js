// Dragging stickies: the whole selection moves with the pointer, snaps onto the edges and
// centres of nearby stickies and onto the middle of a swimlane (guide lines show what it
// lined up with; Alt held places freely), and the wall scrolls by itself while the pointer
// is held near its edge. Nothing is sent until the drop, which is one `move_notes` command.

import { Cmd, FrameKind } from './protocol.js';
import { boundsOf, snap } from './geometry.js';
import { snapMove } from './snapping.js';
import { DRAG_THRESHOLD } from './shapegestures.js';
import { isLocked } from './facilitation.js';

/** @typedef {import('./pointer.js').PointerHost} PointerHost */
/** @typedef {import('./pointer.js').Gesture} Gesture */
/** @typedef {import('./snapping.js').Guide} Guide */

/** How close (screen pixels) an edge must come to another to snap onto it. */
export const SNAP_PX = 8;
/** The band along the wall's edges (screen pixels) where a drag scrolls the wall. */
export const EDGE_PX = 40;
/** Fastest auto-scroll, in screen pixels per animation frame. */
const EDGE_SPEED = 18;

/**
 * The gesture for a press on a selected sticky that may become a drag.
 * @param {PointerHost} host @param {HTMLElement} wall @param {PointerEvent} e @param {string[]} ids  The stickies that move.
 * @param {() => void} clicked  Called when the press ends without a drag.
 * @returns {Gesture}
 */
export function dragNotes(host, wall, e, ids, clicked) {
  const state = host.state();
  // A locked sticky stays put (decide refuses the move): the drag shows nothing but a notice.
  if (ids.some((id) => isLocked(state.facilitation, id))) return lockedDrag(host, e, clicked);
  const dragged = ids.map((id) => state.notes.get(id)).filter((n) => !!n);
  const moving = new Set(ids);
  const origin = boundsOf(dragged) ?? { x: 0, y: 0, w: 0, h: 0 };
  const neighbours = [...state.notes.values()].filter((n) => !moving.has(n.id));
  const rows = [...state.frames.values()].filter((f) => f.kind === FrameKind.SWIMLANE);
  const startClient = { x: e.clientX, y: e.clientY };
  const startBoard = host.viewport.toBoard(e.clientX, e.clientY);
  const guides = new GuideLayer(wall);
  let dragging = false;
  /** @type {PointerEvent} */
  let last = e;
  let frame = 0;

  /** The offset of the selection for the pointer at `m`, snapped unless Alt is held. @param {PointerEvent} m */
  const offset = (m) => {
    const p = host.viewport.toBoard(m.clientX, m.clientY);
    const dx = p.x - startBoard.x;
    const dy = p.y - startBoard.y;
    if (m.altKey) return { dx, dy, guides: /** @type {Guide[]} */ ([]) };
    const at = { x: origin.x + dx, y: origin.y + dy, w: origin.w, h: origin.h };
    return snapMove(at, dx, dy, neighbours, rows, SNAP_PX / host.viewport.view.zoom);
  };
  const preview = () => {
    const o = offset(last);
    guides.show(o.guides);
    host.renderer.previewOffsets(new Map(ids.map((n) => [n, { dx: o.dx, dy: o.dy }])));
  };
  /** Scrolls the wall while the pointer is in the band along its edge, one step per frame. */
  const edgeScroll = () => {
    frame = 0;
    if (!dragging) return;
    const r = wall.getBoundingClientRect();
    const speed = (/** @type {number} */ d) => (d < EDGE_PX ? Math.ceil(((EDGE_PX - Math.max(0, d)) / EDGE_PX) * EDGE_SPEED) : 0);
    const vx = speed(last.clientX - r.left) - speed(r.right - last.clientX);
    const vy = speed(last.clientY - r.top) - speed(r.bottom - last.clientY);
    if (vx === 0 && vy === 0) return;
    host.viewport.panBy(vx, vy);
    preview();
    frame = requestAnimationFrame(edgeScroll);
  };
  const stop = () => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    guides.show([]);
    wall.classList.remove('dragging');
  };
  return {
    move: (m) => {
      last = m;
      if (!dragging && Math.hypot(m.clientX - startClient.x, m.clientY - startClient.y) < DRAG_THRESHOLD) return;
      if (!dragging) wall.classList.add('dragging');
      dragging = true;
      preview();
      if (!frame) frame = requestAnimationFrame(edgeScroll);
    },
    up: (m) => {
      stop();
      if (!dragging) {
        clicked();
        return;
      }
      last = m;
      const o = offset(m);
      const now = host.state();
      const moves = ids
        .map((n) => now.notes.get(n))
        .filter((n) => !!n)
        .map((n) => ({ id: n.id, x: snap(n.x + o.dx), y: snap(n.y + o.dy) }));
      host.renderer.offsets = new Map();
      if (moves.length) host.issue([{ type: Cmd.MOVE_NOTES, moves }]);
      host.renderNow();
      host.renderer.previewOffsets(new Map());
    },
    cancel: () => {
      stop();
      host.renderer.previewOffsets(new Map());
    },
  };
}

/**
 * A press on a selection holding a locked sticky: a click stays a click, a drag moves nothing
 * and says why once it is released.
 * @param {PointerHost} host @param {PointerEvent} e @param {() => void} clicked @returns {Gesture}
 */
function lockedDrag(host, e, clicked) {
  let dragged = false;
  return {
    move: (m) => {
      dragged ||= Math.hypot(m.clientX - e.clientX, m.clientY - e.clientY) >= DRAG_THRESHOLD;
    },
    up: () => {
      if (dragged) host.toast('Locked by the facilitator: it stays where it is.');
      else clicked();
    },
    cancel: () => {},
  };
}

/** The guide lines of a snap, drawn in the wall's layer (so in board units). */
class GuideLayer {
  /** @param {HTMLElement} wall */
  constructor(wall) {
    this.layer = wall.querySelector('.layer');
    /** @type {HTMLElement[]} */
    this.lines = [];
  }

  /** @param {Guide[]} guides */
  show(guides) {
    while (this.lines.length > guides.length) this.lines.pop()?.remove();
    guides.forEach((g, i) => {
      let el = this.lines[i];
      if (!el) {
        el = document.createElement('div');
        el.className = 'snap-guide';
        this.layer?.append(el);
        this.lines.push(el);
      }
      el.dataset.axis = g.axis;
      const vertical = g.axis === 'x';
      el.style.transform = vertical ? `translate(${g.at}px, ${g.from}px)` : `translate(${g.from}px, ${g.at}px)`;
      el.style.width = vertical ? '' : `${g.to - g.from}px`;
      el.style.height = vertical ? `${g.to - g.from}px` : '';
    });
  }
}
