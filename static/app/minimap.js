// The minimap: the whole board in miniature with the part on screen outlined. It appears once
// the board no longer fits the screen; clicking or dragging on it moves the view there.

import { boundsOf, visibleRect } from './geometry.js';
import { kindInfo } from './kinds.js';
import { FrameTask } from './frametask.js';

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./geometry.js').View} View */

/** Stickies from which the minimap always shows. */
const ALWAYS_FROM = 40;

export class Minimap {
  /** @param {HTMLCanvasElement} canvas @param {import('./viewport.js').Viewport} viewport */
  constructor(canvas, viewport) {
    this.canvas = canvas;
    this.viewport = viewport;
    /** @type {BoardState | null} */
    this.state = null;
    /** @type {{x: number, y: number, scale: number} | null} board -> minimap mapping of the last draw */
    this.map = null;
    this.drawTask = new FrameTask(() => this.draw());
    /** @type {BoardState | null} */
    this.drawnState = null;
    /** @type {import('./types.js').Rect | null} */
    this.content = null;
    /** @type {HTMLCanvasElement | null} */
    this.cache = null;
    this.cacheScale = 1;
    /** @type {BoardState | null} */
    this.cachedState = null;
    let dragging = false;
    /** @param {PointerEvent} e */
    const go = (e) => {
      const m = this.map;
      if (!m) return;
      const r = canvas.getBoundingClientRect();
      viewport.centreOn((e.clientX - r.left - m.x) / m.scale, (e.clientY - r.top - m.y) / m.scale);
    };
    canvas.addEventListener('pointerdown', (e) => {
      dragging = true;
      canvas.setPointerCapture(e.pointerId);
      go(e);
      e.stopPropagation();
    });
    canvas.addEventListener('pointermove', (e) => dragging && go(e));
    canvas.addEventListener('pointerup', () => {
      dragging = false;
    });
  }

  /** @param {BoardState} state */
  setState(state) {
    this.state = state;
    this.schedule();
  }

  schedule() {
    this.drawTask.schedule();
  }

  /** Redraws the board in miniature (only when the board changed) and the view outline. */
  draw() {
    const state = this.state;
    if (!state) return;
    const { width, height } = this.viewport.size();
    const seen = visibleRect(this.viewport.view, width, height);
    if (state !== this.drawnState) {
      this.drawnState = state;
      this.content = boundsOf([...state.notes.values(), ...state.frames.values()]);
    }
    const content = this.content;
    const fits =
      !content ||
      (content.x >= seen.x && content.y >= seen.y && content.x + content.w <= seen.x + seen.w && content.y + content.h <= seen.y + seen.h);
    const show = !!content && (state.notes.size >= ALWAYS_FROM || !fits);
    this.canvas.hidden = !show;
    if (!show || !content) return;
    const all = boundsOf([content, seen]);
    if (!all) return;
    const dpr = window.devicePixelRatio || 1;
    const cw = this.canvas.clientWidth || 200;
    const ch = this.canvas.clientHeight || 140;
    if (this.canvas.width !== cw * dpr) this.canvas.width = cw * dpr;
    if (this.canvas.height !== ch * dpr) this.canvas.height = ch * dpr;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const pad = 6;
    const scale = Math.min((cw - 2 * pad) / all.w, (ch - 2 * pad) / all.h);
    const ox = pad + (cw - 2 * pad - all.w * scale) / 2 - all.x * scale;
    const oy = pad + (ch - 2 * pad - all.h * scale) / 2 - all.y * scale;
    if (this.cachedState !== state || !this.cache || this.cache.width !== cw * dpr || this.cache.height !== ch * dpr) {
      // The stickies in miniature change only with the board: draw them once, fitted to the
      // content, into a canvas of their own; every view change then copies it scaled.
      this.cachedState = state;
      const cache = this.cache ?? document.createElement('canvas');
      this.cache = cache;
      cache.width = cw * dpr;
      cache.height = ch * dpr;
      const c = cache.getContext('2d');
      if (!c) return;
      const k = Math.min((cache.width - 2) / content.w, (cache.height - 2) / content.h);
      this.cacheScale = k;
      c.setTransform(1, 0, 0, 1, 0, 0);
      c.clearRect(0, 0, cache.width, cache.height);
      c.strokeStyle = '#868e96';
      c.lineWidth = 1;
      for (const f of state.frames.values()) c.strokeRect(1 + (f.x - content.x) * k, 1 + (f.y - content.y) * k, f.w * k, f.h * k);
      for (const n of state.notes.values()) {
        c.fillStyle = kindInfo(n.kind).fill;
        c.fillRect(1 + (n.x - content.x) * k, 1 + (n.y - content.y) * k, Math.max(1.5, n.w * k), Math.max(1.5, n.h * k));
      }
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const r = (scale * dpr) / this.cacheScale;
    ctx.drawImage(this.cache, (ox + content.x * scale) * dpr - r, (oy + content.y * scale) * dpr - r, this.cache.width * r, this.cache.height * r);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.map = { x: ox, y: oy, scale };
    ctx.strokeStyle = '#1864ab';
    ctx.lineWidth = 2;
    ctx.strokeRect(ox + seen.x * scale, oy + seen.y * scale, seen.w * scale, seen.h * scale);
  }
}
