// Wall geometry: the viewport (pan and zoom), rectangles, hit tests and connector routing.
// Pure.

/** @typedef {import('./types.js').Rect} Rect */
/** @typedef {import('./types.js').Point} Point */

/**
 * Where the wall is on screen: a board point p is drawn at `p * zoom + (x, y)`.
 * @typedef {{x: number, y: number, zoom: number}} View
 */

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 4;

/** @param {number} z */
export function clampZoom(z) {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
}

/** @param {View} v @param {number} sx @param {number} sy @returns {Point} */
export function screenToBoard(v, sx, sy) {
  return { x: (sx - v.x) / v.zoom, y: (sy - v.y) / v.zoom };
}

/** @param {View} v @param {number} bx @param {number} by @returns {Point} */
export function boardToScreen(v, bx, by) {
  return { x: bx * v.zoom + v.x, y: by * v.zoom + v.y };
}

/**
 * Zooms by `factor` keeping the board point under screen point (sx, sy) where it is.
 * @param {View} v @param {number} factor @param {number} sx @param {number} sy @returns {View}
 */
export function zoomAt(v, factor, sx, sy) {
  const zoom = clampZoom(v.zoom * factor);
  const k = zoom / v.zoom;
  return { zoom, x: sx - (sx - v.x) * k, y: sy - (sy - v.y) * k };
}

/** @param {View} v @param {number} dx @param {number} dy @returns {View} */
export function panBy(v, dx, dy) {
  return { ...v, x: v.x + dx, y: v.y + dy };
}

/**
 * The view that shows `bounds` whole in a `width` x `height` screen, at most at 100 %.
 * @param {Rect | null} bounds @param {number} width @param {number} height @param {number} [padding]
 * @returns {View}
 */
export function fitView(bounds, width, height, padding = 40) {
  if (!bounds || bounds.w <= 0 || bounds.h <= 0) return { x: width / 2, y: height / 2, zoom: 1 };
  const zoom = clampZoom(Math.min((width - 2 * padding) / bounds.w, (height - 2 * padding) / bounds.h, 1));
  return {
    zoom,
    x: width / 2 - (bounds.x + bounds.w / 2) * zoom,
    y: height / 2 - (bounds.y + bounds.h / 2) * zoom,
  };
}

/** The view that puts board point (bx, by) in the middle of the screen. @param {View} v @param {number} bx @param {number} by @param {number} width @param {number} height @returns {View} */
export function centreOn(v, bx, by, width, height) {
  return { ...v, x: width / 2 - bx * v.zoom, y: height / 2 - by * v.zoom };
}

/** The board rectangle a screen of `width` x `height` shows. @param {View} v @param {number} width @param {number} height @returns {Rect} */
export function visibleRect(v, width, height) {
  return { x: -v.x / v.zoom, y: -v.y / v.zoom, w: width / v.zoom, h: height / v.zoom };
}

/** The smallest rectangle around all of them, or null. @param {Iterable<Rect>} rects @returns {Rect | null} */
export function boundsOf(rects) {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.w);
    y1 = Math.max(y1, r.y + r.h);
  }
  return x0 === Infinity ? null : { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** A rectangle from two corners in any order. @param {number} x1 @param {number} y1 @param {number} x2 @param {number} y2 @returns {Rect} */
export function rectFromCorners(x1, y1, x2, y2) {
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), w: Math.abs(x2 - x1), h: Math.abs(y2 - y1) };
}

/** @param {Rect} a @param {Rect} b */
export function intersects(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** @param {Rect} r @param {number} x @param {number} y */
export function containsPoint(r, x, y) {
  return x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;
}

/** @param {Rect} r @returns {Point} */
export function centre(r) {
  return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
}

/**
 * The frame a sticky belongs to: the smallest frame containing its centre (DESIGN.md).
 * @template {Rect & {id: string}} F
 * @param {Rect} note @param {Iterable<F>} frames @returns {F | null}
 */
export function frameOf(note, frames) {
  const c = centre(note);
  /** @type {F | null} */
  let best = null;
  for (const f of frames) {
    if (!containsPoint(f, c.x, c.y)) continue;
    if (!best || f.w * f.h < best.w * best.h || (f.w * f.h === best.w * best.h && f.id < best.id)) best = f;
  }
  return best;
}

/**
 * Where the line from the centre of `r` towards `toward` leaves `r`.
 * @param {Rect} r @param {Point} toward @returns {Point}
 */
export function edgePoint(r, toward) {
  const c = centre(r);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const sx = dx === 0 ? Infinity : r.w / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : r.h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return { x: c.x + dx * s, y: c.y + dy * s };
}

/**
 * A connector's line: from the edge of one sticky to the edge of the other, along the line
 * between their centres.
 * @param {Rect} from @param {Rect} to @returns {{a: Point, b: Point, mid: Point}}
 */
export function connectorLine(from, to) {
  const a = edgePoint(from, centre(to));
  const b = edgePoint(to, centre(from));
  return { a, b, mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
}

/** Rounds to the wall's grid, so coordinates stay short on the wire. @param {number} v */
export function snap(v) {
  return Math.round(v);
}

/**
 * The sticky drawn on top at a board point: of those containing it, the highest in the
 * stacking order (ties as `notesInOrder` breaks them, by id), or null. Used to hit-test the
 * stickies where they are painted on a canvas rather than as DOM elements (far zoom).
 * @template {Rect & {id: string}} N
 * @param {{notes: ReadonlyMap<string, N>, order: ReadonlyMap<string, number>}} state @param {Point} p
 * @returns {N | null}
 */
export function noteAt(state, p) {
  /** @type {N | null} */
  let best = null;
  let bestZ = -Infinity;
  for (const n of state.notes.values()) {
    if (!containsPoint(n, p.x, p.y)) continue;
    const z = state.order.get(n.id) ?? 0;
    if (!best || z > bestZ || (z === bestZ && n.id > best.id)) {
      best = n;
      bestZ = z;
    }
  }
  return best;
}
