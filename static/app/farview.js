// The wall zoomed far out (below FAR_ZOOM): frame areas, connectors and stickies painted on one
// canvas under the wall's layer, while the DOM stickies, connectors and frame areas are
// hidden (app.css, `.layer.far`). With the whole board in view culling removes nothing, and
// painting thousands of DOM boxes and SVG lines every frame is what made panning and zooming
// out slow; a canvas of a dozen fills is a few milliseconds. The canvas is the wall's size plus
// a margin on every side. Panning within the margin only moves it (a CSS transform the
// compositor applies): without a GPU, handing a freshly drawn wall-sized canvas to the
// compositor costs more each frame than drawing it, and with 10,000 stickies that alone held
// panning under 30 frames a second. It is redrawn, at most once per animation frame, when the
// view leaves the margin or zooms, the board or its highlights change, or a drag or resize
// previews new places (not when only others' cursors move). Frame titles, dots and cursors
// stay DOM above it. Hit-testing goes through the board model (`noteAt`, pointer.js), not
// through the canvas.

import { FarLabels } from './farlabels.js';
import { padlockSpots, paintPadlocks } from './farlocks.js';
import { colourBatches, highlightRings } from './farpaint.js';
import { FarRoutes } from './farroutes.js';
import { intersects, visibleRect } from './geometry.js';
import { kindInfo } from './kinds.js';
import { notesInOrder } from './model.js';
import { FrameKind } from './protocol.js';
import { gridStep } from './viewport.js';
import { FrameTask } from './frametask.js';

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./geometry.js').View} View */
/** @typedef {import('./render.js').Decorations} Decorations */
/** @typedef {import('./types.js').Rect} Rect */

/** Colours app.css gives the DOM versions. */
const LINE = '#495057';
const SELECTED = '#1864ab';
const OUTLINE = 'rgba(0, 0, 0, .25)';
const CONTEXT_FILL = 'rgba(233, 236, 239, .35)';
const LANE_FILL = 'rgba(231, 245, 255, .55)';
const LANE_LINE = '#74c0fc';
const GRID_DOT = '#d9dcdf';
/** How long the zoom must rest before the stickies' names are written. */
const LABEL_SETTLE_MS = 150;
/** The margin drawn beyond each side of the wall, as a share of the wall's longer side. */
const MARGIN = 0.25;

/**
 * Where things are drawn now, which the renderer knows: stickies with a drag offset or a resize
 * in progress, frames being moved or resized.
 * @typedef {object} Drafts
 * @property {(n: import('./types.js').Note) => Rect} drawnRect
 * @property {ReadonlyMap<string, {dx: number, dy: number, size: {w: number, h: number} | null}>} frameDrafts
 */

/**
 * What a draw paints, worked out once per board state and drag step (not per frame).
 * @typedef {object} Scene
 * @property {import('./farpaint.js').Batch[][]} levels  Fills by level, in paint order.
 * @property {Map<string, Rect>} rects  Sticky id -> drawn rectangle.
 * @property {import('./farroutes.js').FarRoute[]} routes  The connectors, as the near view routes them.
 * @property {number} pending  Connectors drawn straight until they are routed, in the frames to come.
 * @property {import('./types.js').Note[]} notes  Bottom first, for the labels.
 */

export class FarView {
  /**
   * @param {HTMLElement} wall   The canvas fills it and goes in first, under everything else.
   * @param {Drafts} drafts
   * @param {() => {width: number, height: number}} size  The wall's size, kept without a layout.
   */
  constructor(wall, drafts, size) {
    this.wall = wall;
    this.drafts = drafts;
    this.size = size;
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'far-canvas';
    this.canvas.hidden = true;
    // The DOM stickies stay the accessible version; this is a picture of them.
    this.canvas.setAttribute('aria-hidden', 'true');
    wall.prepend(this.canvas);
    this.far = false;
    /** @type {View} */
    this.view = { x: 0, y: 0, zoom: 1 };
    /** @type {BoardState | null} */
    this.state = null;
    /** @type {Decorations | null} */
    this.deco = null;
    /** @type {Scene | null} Null when the board or a preview changed since it was worked out. */
    this.scene = null;
    /** @type {BoardState | null} */
    this.sceneState = null;
    this.drawTask = new FrameTask(() => {
      if (this.dirty) this.drawNow();
    });
    this.dirty = false;
    /** @type {unknown[]} What the canvas shows now (`inputs`), to skip drawing the same again. */
    this.drawn = [];
    /** @type {View | null} The view the canvas was drawn for; it moves with the view since. */
    this.drawnView = null;
    /** The margin of the last draw, in CSS pixels. */
    this.margin = 0;
    this.labels = new FarLabels();
    this.routes = new FarRoutes((n) => drafts.drawnRect(n));
    /** @type {string[]} The locked stickies that got a padlock in the last draw. */
    this.padlocks = [];
    /** The zoom of the last draw, and when it last changed (labels wait for it to settle). */
    this.labelZoom = 0;
    this.zoomedAt = -Infinity;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.settle = undefined;
    // What the labels say, for whoever reads the page rather than its pixels (tests).
    Object.defineProperty(this.canvas, 'paintedLabels', { get: () => this.labels.painted });
    Object.defineProperty(this.canvas, 'paintedPadlocks', { get: () => this.padlocks });
    Object.defineProperty(this.canvas, 'pendingRoutes', { get: () => this.scene?.pending ?? 0 });
    new ResizeObserver(() => this.schedule()).observe(wall);
  }

  /**
   * The view moved (called in the animation frame that moves the layer, so both move together).
   * @param {View} view @param {boolean} far
   */
  setView(view, far) {
    this.view = view;
    if (far !== this.far) {
      this.far = far;
      this.canvas.hidden = !far;
      // The canvas paints the wall's dotted grid too (app.css drops the wall's own): a
      // repeating gradient repainted under it every frame cost as much as the stickies.
      this.wall.classList.toggle('far', far);
      if (!far) {
        // Give the memory back while the DOM draws the wall.
        this.canvas.width = 0;
        this.canvas.height = 0;
        this.drawn = [];
        this.drawnView = null;
      }
    }
    this.drawNow();
  }

  /** The board or its highlights changed. @param {BoardState} state @param {Decorations} deco */
  setBoard(state, deco) {
    if (state !== this.sceneState) this.scene = null;
    this.state = state;
    this.deco = deco;
    this.drawNow();
  }

  /** A drag or resize moved its preview: redraw in the next frame. */
  previewChanged() {
    this.scene = null;
    this.schedule();
  }

  schedule() {
    this.dirty = true;
    if (this.far) this.drawTask.schedule();
  }

  drawNow() {
    this.dirty = false;
    if (!this.far || !this.state || !this.deco) return;
    const dpr = window.devicePixelRatio || 1;
    const { width: cssW, height: cssH } = this.size();
    const state = this.state;
    const v = this.view;
    const scene = this.sceneFor(state, visibleRect(v, cssW, cssH));
    // Connectors not routed yet: more of them in the next frame (each routes for a few ms).
    if (scene.pending) this.schedule();
    // Labels wait until zooming pauses: refitting and writing every name at each step of a
    // zoom would cost more than the rest of the picture; panning keeps them.
    const now = performance.now();
    if (v.zoom !== this.labelZoom) {
      this.labelZoom = v.zoom;
      this.zoomedAt = now;
    }
    const labels = now - this.zoomedAt >= LABEL_SETTLE_MS;
    if (!labels) {
      clearTimeout(this.settle);
      this.settle = setTimeout(() => this.schedule(), LABEL_SETTLE_MS);
    }
    const inputs = [...this.inputs(scene, cssW, cssH, dpr), labels];
    const drawnView = this.drawnView;
    if (drawnView && inputs.every((x, i) => x === this.drawn[i])) {
      // The same picture: move it with the view while the margin covers the wall.
      const dx = v.x - drawnView.x;
      const dy = v.y - drawnView.y;
      if (Math.abs(dx) <= this.margin && Math.abs(dy) <= this.margin) {
        this.canvas.style.transform = `translate(${dx - this.margin}px, ${dy - this.margin}px)`;
        return;
      }
    }
    const m = Math.round(Math.max(cssW, cssH) * MARGIN);
    const width = cssW + 2 * m;
    const height = cssH + 2 * m;
    const w = Math.round(width * dpr);
    const h = Math.round(height * dpr);
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== h) this.canvas.height = h;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.style.transform = `translate(${-m}px, ${-m}px)`;
    this.drawn = inputs;
    this.drawnView = v;
    this.margin = m;
    // The view as seen from the canvas's corner, a margin up and left of the wall's.
    const at = { x: v.x + m, y: v.y + m, zoom: v.zoom };
    const z = v.zoom;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawGrid(ctx, at, width, height);
    // Board units from here on; a screen pixel is 1 / z of them.
    ctx.setTransform(dpr * z, 0, 0, dpr * z, dpr * at.x, dpr * at.y);
    const seen = visibleRect(at, width, height);
    const margin = 8 / z;
    const inView = { x: seen.x - margin, y: seen.y - margin, w: seen.w + 2 * margin, h: seen.h + 2 * margin };
    this.drawFrames(ctx, state, z);
    this.drawConnectors(ctx, scene, z);
    for (const level of scene.levels) {
      for (const b of level) {
        ctx.fillStyle = b.fill;
        ctx.beginPath();
        for (const r of b.rects) if (intersects(r, inView)) ctx.rect(r.x, r.y, r.w, r.h);
        ctx.fill();
      }
      // A hairline around each sticky, so white ones show on the wall.
      ctx.strokeStyle = OUTLINE;
      ctx.lineWidth = 1 / (z * dpr);
      ctx.beginPath();
      for (const b of level) for (const r of b.rects) if (intersects(r, inView)) ctx.rect(r.x, r.y, r.w, r.h);
      ctx.stroke();
    }
    if (labels) this.labels.paint(ctx, scene.notes, scene.rects, z, inView);
    else this.labels.painted = [];
    this.drawHighlights(ctx, state, scene, z);
    const spots = padlockSpots(state.facilitation.locked, scene.rects, z, inView);
    paintPadlocks(ctx, spots, z);
    this.padlocks = spots.map((p) => p.id);
  }

  /**
   * Everything a draw depends on, which changes when the picture would: renders come for
   * every presence update, most of which (others' cursors) change nothing here. The selection
   * and the matches are replaced, not changed in place, when they change.
   * Where the view is goes separately: within the margin, the same picture moves with it.
   * @param {Scene} scene @param {number} w @param {number} h @param {number} dpr @returns {unknown[]}
   */
  inputs(scene, w, h, dpr) {
    const deco = /** @type {Decorations} */ (this.deco);
    return [this.view.zoom, w, h, dpr, scene, deco.selected, deco.selected.size, deco.matches, deco.matches.size, [...deco.remote].join()];
  }

  /** @param {BoardState} state @param {Rect} seen  The board in view. @returns {Scene} */
  sceneFor(state, seen) {
    if (this.scene && this.sceneState === state) {
      if (!this.scene.pending) return this.scene;
      const { list, pending } = /** @type {import('./farroutes.js').Routes} */ (this.routes.more(seen));
      this.scene = { ...this.scene, routes: list, pending };
      return this.scene;
    }
    /** @type {Map<string, Rect>} */
    const rects = new Map();
    const notes = notesInOrder(state);
    const items = notes.map((n) => {
      const r = this.drafts.drawnRect(n);
      rects.set(n.id, r);
      return { ...r, fill: kindInfo(n.kind).fill };
    });
    const { list: routes, pending } = this.routes.routes(state, seen);
    this.scene = { levels: byLevel(colourBatches(items)), rects, routes, pending, notes };
    this.labels.prune(rects);
    this.sceneState = state;
    return this.scene;
  }

  /** Frame areas, as app.css draws `.frame` (their titles stay DOM). @param {CanvasRenderingContext2D} ctx @param {BoardState} state @param {number} z */
  drawFrames(ctx, state, z) {
    for (const f of state.frames.values()) {
      const d = this.drafts.frameDrafts.get(f.id);
      const x = f.x + (d ? d.dx : 0);
      const y = f.y + (d ? d.dy : 0);
      const w = d?.size ? d.size.w : f.w;
      const h = d?.size ? d.size.h : f.h;
      const lane = f.kind === FrameKind.SWIMLANE;
      ctx.fillStyle = lane ? LANE_FILL : CONTEXT_FILL;
      ctx.fillRect(x, y, w, h);
      ctx.lineWidth = Math.max(2, 1 / z);
      ctx.strokeStyle = lane ? LANE_LINE : LINE;
      ctx.beginPath();
      if (lane) {
        ctx.moveTo(x, y);
        ctx.lineTo(x + w, y);
        ctx.moveTo(x, y + h);
        ctx.lineTo(x + w, y + h);
      } else {
        ctx.setLineDash([6 / z, 4 / z]);
        ctx.rect(x, y, w, h);
      }
      ctx.stroke();
      ctx.setLineDash([]);
      if (this.deco?.selected.has(f.id)) {
        ctx.strokeStyle = SELECTED;
        ctx.lineWidth = 3 / z;
        ctx.strokeRect(x - 1.5 / z, y - 1.5 / z, w + 3 / z, h + 3 / z);
      }
    }
  }

  /**
   * Connectors along their routes: one screen pixel, selected ones wider in the focus colour.
   * @param {CanvasRenderingContext2D} ctx @param {Scene} scene @param {number} z
   */
  drawConnectors(ctx, scene, z) {
    const selected = this.deco?.selected ?? new Set();
    for (const chosen of [false, true]) {
      ctx.strokeStyle = chosen ? SELECTED : LINE;
      ctx.lineWidth = (chosen ? 2.5 : 1) / z;
      ctx.beginPath();
      let any = false;
      for (const r of scene.routes) {
        if (selected.has(r.id) !== chosen) continue;
        const [first, ...rest] = r.route.points;
        ctx.moveTo(first.x, first.y);
        for (const p of rest) ctx.lineTo(p.x, p.y);
        any = true;
      }
      if (any) ctx.stroke();
    }
  }

  /**
   * Selection, search matches and others' selections as rings.
   * @param {CanvasRenderingContext2D} ctx @param {BoardState} state @param {Scene} scene @param {number} z
   */
  drawHighlights(ctx, state, scene, z) {
    const deco = this.deco;
    if (!deco) return;
    const ids = new Set([...deco.remote.keys(), ...deco.matches, ...deco.selected].filter((id) => state.notes.has(id)));
    for (const ring of highlightRings(ids, deco)) {
      const out = (ring.gap + ring.width / 2) / z;
      ctx.strokeStyle = ring.colour;
      ctx.lineWidth = ring.width / z;
      ctx.beginPath();
      for (const id of ring.ids) {
        const r = scene.rects.get(id);
        if (r) ctx.rect(r.x - out, r.y - out, r.w + 2 * out, r.h + 2 * out);
      }
      ctx.stroke();
    }
  }
}

/**
 * The wall's dots (app.css `.wall`): one in the middle of each grid cell, the cells starting
 * at the view's origin. In screen pixels.
 * @param {CanvasRenderingContext2D} ctx @param {View} v @param {number} width @param {number} height
 */
function drawGrid(ctx, v, width, height) {
  const g = gridStep(v.zoom);
  const x0 = mod(v.x + g / 2, g);
  const y0 = mod(v.y + g / 2, g);
  ctx.fillStyle = GRID_DOT;
  ctx.beginPath();
  for (let x = x0; x < width + 1; x += g) for (let y = y0; y < height + 1; y += g) ctx.rect(x - 1, y - 1, 2, 2);
  ctx.fill();
}

/** @param {number} a @param {number} n */
function mod(a, n) {
  return ((a % n) + n) % n;
}

/** Batches grouped by level, in paint order. @param {import('./farpaint.js').Batch[]} batches */
function byLevel(batches) {
  /** @type {import('./farpaint.js').Batch[][]} */
  const out = [];
  for (const b of batches) (out[b.level] ??= []).push(b);
  return out.filter((l) => l);
}
