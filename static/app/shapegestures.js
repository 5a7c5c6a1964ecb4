// The gestures that move or resize one shape on the wall: resize a sticky by its corner,
// drag a frame by its title (Alt: with the stickies inside it), resize a frame. Like every
// gesture, they preview while the pointer moves and send one command on release.

import { Cmd } from './protocol.js';
import { centre, containsPoint, snap } from './geometry.js';

/** @typedef {import('./types.js').Command} Command */
/** @typedef {import('./pointer.js').PointerHost} PointerHost */
/** @typedef {import('./pointer.js').Gesture} Gesture */

/** Movement (screen pixels) before a press becomes a drag. */
export const DRAG_THRESHOLD = 4;
/** Smallest size a resize leaves a sticky or frame. */
const MIN_SIZE = 40;

/** @param {PointerHost} host @param {PointerEvent} e @param {string} id @returns {Gesture | null} */
export function resizeNote(host, e, id) {
  const note = host.state().notes.get(id);
  if (!note) return null;
  const size = dragSize(host, e, id, note, MIN_SIZE);
  return {
    move: (m) => host.renderer.previewSize(id, size(m)),
    up: (m) => {
      const s = size(m);
      host.renderer.sizes.delete(id);
      host.issue([{ type: Cmd.RESIZE_NOTE, id, w: s.w, h: s.h }]);
      host.renderNow();
      host.renderer.previewSize(id, null);
    },
    cancel: () => host.renderer.previewSize(id, null),
  };
}

/** A press on a frame's title: select it, and drag it (with the stickies inside it when Alt is held). @param {PointerHost} host @param {PointerEvent} e @param {string} id @returns {Gesture | null} */
export function pressFrame(host, e, id) {
  if (e.shiftKey) {
    host.toggleSelected(id);
    return null;
  }
  host.select([id]);
  const frame = host.state().frames.get(id);
  if (!frame || host.readOnly()) return null;
  // The frame moves alone; Alt held when pressing carries the stickies inside it along (so a
  // frame can be slid under a timeline without dragging the timeline away).
  const inside = !e.altKey ? [] : [...host.state().notes.values()].filter((n) => {
    const c = centre(n);
    return containsPoint(frame, c.x, c.y);
  });
  const start = { x: e.clientX, y: e.clientY };
  let dragging = false;
  /** @param {PointerEvent} m */
  const delta = (m) => {
    const z = host.viewport.view.zoom;
    return { dx: snap((m.clientX - start.x) / z), dy: snap((m.clientY - start.y) / z) };
  };
  return {
    move: (m) => {
      if (!dragging && Math.hypot(m.clientX - start.x, m.clientY - start.y) < DRAG_THRESHOLD) return;
      dragging = true;
      const d = delta(m);
      host.renderer.previewFrame(id, d.dx, d.dy, null);
      host.renderer.previewOffsets(new Map(inside.map((n) => [n.id, d])));
    },
    up: (m) => {
      if (!dragging) return;
      const d = delta(m);
      /** @type {Command[]} */
      const commands = [{ type: Cmd.CHANGE_FRAME, id, x: frame.x + d.dx, y: frame.y + d.dy }];
      const now = host.state();
      const moves = inside
        .map((n) => now.notes.get(n.id))
        .filter((n) => !!n)
        .map((n) => ({ id: n.id, x: n.x + d.dx, y: n.y + d.dy }));
      if (moves.length) commands.push({ type: Cmd.MOVE_NOTES, moves });
      host.renderer.offsets = new Map();
      host.issue(commands);
      host.renderNow();
      host.renderer.previewOffsets(new Map());
      host.renderer.previewFrame(id, 0, 0, null);
    },
    cancel: () => {
      host.renderer.previewOffsets(new Map());
      host.renderer.previewFrame(id, 0, 0, null);
    },
  };
}

/** @param {PointerHost} host @param {PointerEvent} e @param {string} id @returns {Gesture | null} */
export function resizeFrame(host, e, id) {
  const frame = host.state().frames.get(id);
  if (!frame) return null;
  const size = dragSize(host, e, id, frame, MIN_SIZE * 2);
  return {
    move: (m) => host.renderer.previewFrame(id, 0, 0, size(m)),
    up: (m) => {
      const s = size(m);
      host.issue([{ type: Cmd.CHANGE_FRAME, id, w: s.w, h: s.h }]);
      host.renderNow();
      host.renderer.previewFrame(id, 0, 0, null);
    },
    cancel: () => host.renderer.previewFrame(id, 0, 0, null),
  };
}

/**
 * Selects the shape and returns the size its corner drag gives at a pointer position: the
 * pointer's movement in wall units added to the start size, snapped, never below the minimum.
 * @param {PointerHost} host @param {PointerEvent} e @param {string} id
 * @param {{w: number, h: number}} shape @param {number} minWidth
 * @returns {(m: PointerEvent) => {w: number, h: number}}
 */
function dragSize(host, e, id, shape, minWidth) {
  host.select([id]);
  const start = { x: e.clientX, y: e.clientY };
  return (m) => {
    const z = host.viewport.view.zoom;
    return {
      w: snap(Math.max(minWidth, shape.w + (m.clientX - start.x) / z)),
      h: snap(Math.max(MIN_SIZE, shape.h + (m.clientY - start.y) / z)),
    };
  };
}
