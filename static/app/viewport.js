// Pan and zoom: one CSS transform on the wall's layer, so moving around a board of thousands
// of stickies repaints nothing but the composited layer. Wheel pans, Ctrl+wheel (and a
// trackpad pinch, which browsers report as Ctrl+wheel) zooms about the pointer.

import { boardToScreen, clampZoom, fitView, intersects, panBy, screenToBoard, visibleRect, zoomAt } from './geometry.js';
import { FrameTask } from './frametask.js';

/** @typedef {import('./geometry.js').View} View */

/** Below this zoom, text is too small to read and stickies are drawn as shapes only. */
export const FAR_ZOOM = 0.35;
/** The wall's grid spacing in board units. */
const GRID = 40;

/** The grid's spacing on screen at a zoom: its dots stay at least 20 px apart. @param {number} zoom */
export function gridStep(zoom) {
  let grid = GRID * zoom;
  while (grid < 20) grid *= 5;
  return grid;
}

export class Viewport {
  /**
   * @param {HTMLElement} wall  The element that clips the wall (the visible area).
   * @param {HTMLElement} layer The element everything on the wall lives in.
   * @param {(view: View) => void} onChange
   */
  constructor(wall, layer, onChange) {
    this.wall = wall;
    this.layer = layer;
    this.onChange = onChange;
    /** @type {View} */
    this.view = { x: 0, y: 0, zoom: 1 };
    this.applyTask = new FrameTask(() => this.apply());
    this.far = false;
    /** The zoom the frame handles were last sized for. */
    this.handleZoom = 0;
    /**
     * The wall's size as last measured. Asked for on every move of the view (what others
     * follow, the far-zoom canvas), and reading it from the DOM then would lay out the page
     * each time; a ResizeObserver keeps it current instead.
     * @type {{width: number, height: number} | null}
     */
    this.measured = null;
    new ResizeObserver(() => this.measure()).observe(wall);
    wall.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
  }

  /** Reads the wall's size from the DOM. */
  measure() {
    this.measured = { width: this.wall.clientWidth || 1, height: this.wall.clientHeight || 1 };
    return this.measured;
  }

  /** The wall's size on screen. */
  size() {
    return this.measured ?? this.measure();
  }

  /** @param {View} view */
  set(view) {
    this.view = { x: view.x, y: view.y, zoom: clampZoom(view.zoom) };
    this.applyTask.schedule();
  }

  /** Applies the view now rather than in the next frame (before drawing a board at first sight). */
  applyNow() {
    this.applyTask.cancel();
    this.apply();
  }

  apply() {
    const v = this.view;
    this.layer.style.transform = `translate(${v.x}px, ${v.y}px) scale(${v.zoom})`;
    if (v.zoom !== this.handleZoom) {
      // Frame resize handles keep one screen size at every zoom. Set on the frames' chrome
      // only: a property on the layer would restyle every sticky each zoom step.
      this.handleZoom = v.zoom;
      const chrome = /** @type {HTMLElement | null} */ (this.layer.querySelector('.frame-chrome-layer'));
      chrome?.style.setProperty('--handle-scale', String(1 / v.zoom));
    }
    const far = v.zoom < FAR_ZOOM;
    if (far !== this.far) {
      this.far = far;
      this.layer.classList.toggle('far', far);
    }
    // The dotted grid is repainted with every move (by the far-zoom canvas when that shows).
    const grid = gridStep(v.zoom);
    this.wall.style.backgroundPosition = `${v.x}px ${v.y}px`;
    this.wall.style.backgroundSize = `${grid}px ${grid}px`;
    this.onChange(v);
  }

  /** @param {number} dx @param {number} dy */
  panBy(dx, dy) {
    this.set(panBy(this.view, dx, dy));
  }

  /** Zooms about a point of the wall (in wall pixels), or its middle. @param {number} factor @param {number} [sx] @param {number} [sy] */
  zoomBy(factor, sx, sy) {
    const { width, height } = sx === undefined ? this.measure() : this.size();
    this.set(zoomAt(this.view, factor, sx ?? width / 2, sy ?? height / 2));
  }

  /** @param {number} zoom */
  zoomTo(zoom) {
    this.zoomBy(zoom / this.view.zoom);
  }

  /** @param {import('./types.js').Rect | null} bounds */
  fit(bounds) {
    // Measured now: a panel may just have taken room from the wall.
    const { width, height } = this.measure();
    this.set(fitView(bounds, width, height));
  }

  /**
   * Brings a board rectangle into view, centring it when none of it is on screen. Partly in
   * view is left alone: a sticky added or nudged at the wall's edge must not move the wall
   * under the person working there.
   * @param {import('./types.js').Rect} r
   */
  reveal(r) {
    const { width, height } = this.measure();
    if (intersects(r, visibleRect(this.view, width, height))) return;
    this.centreOn(r.x + r.w / 2, r.y + r.h / 2);
  }

  /** @param {number} bx @param {number} by */
  centreOn(bx, by) {
    const { width, height } = this.measure();
    this.set({ ...this.view, x: width / 2 - bx * this.view.zoom, y: height / 2 - by * this.view.zoom });
  }

  /** Board point under a client (page) point. @param {number} clientX @param {number} clientY */
  toBoard(clientX, clientY) {
    const r = this.wall.getBoundingClientRect();
    return screenToBoard(this.view, clientX - r.left, clientY - r.top);
  }

  /** Wall pixel of a client point. @param {number} clientX @param {number} clientY */
  toWall(clientX, clientY) {
    const r = this.wall.getBoundingClientRect();
    return { x: clientX - r.left, y: clientY - r.top };
  }

  /** @param {number} bx @param {number} by */
  toScreen(bx, by) {
    return boardToScreen(this.view, bx, by);
  }

  /** The board rectangle on screen now. */
  visible() {
    const { width, height } = this.size();
    return visibleRect(this.view, width, height);
  }

  /** @param {WheelEvent} e */
  onWheel(e) {
    const target = /** @type {HTMLElement} */ (e.target);
    if (target.closest && target.closest('textarea, input, select, .panel')) return;
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.size().height : 1;
    if (e.ctrlKey || e.metaKey) {
      const p = this.toWall(e.clientX, e.clientY);
      const factor = Math.exp(-e.deltaY * unit * 0.002);
      this.zoomBy(factor, p.x, p.y);
    } else if (e.shiftKey && e.deltaX === 0) {
      this.panBy(-e.deltaY * unit, 0);
    } else {
      this.panBy(-e.deltaX * unit, -e.deltaY * unit);
    }
  }
}
