// The minimap: the whole board in miniature with the part on screen outlined. It appears once
// the board no longer fits the screen; clicking or dragging on it moves the view there.

import { boundsOf, visibleRect } from './geometry.js';
import { kindInfo } from './kinds.js';

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
    this.frame = 0;
    /** @type {BoardState | null} */
    this.drawnState = null;
    /** @type {import('./types.js').Rect | null} */
    this.content = null;
    /** @type {HTMLCanvasElement | null} */
    this.cache = null;
    this.cacheKey = '';
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
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
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
    const key = `${state === this.cachedState}|${ox}|${oy}|${scale}|${cw}|${ch}|${dpr}`;
    if (key !== this.cacheKey || !this.cache) {
      // The stickies in miniature change only with the board or the mapping: draw them once
      // into a canvas of their own and copy it on every view change.
      this.cacheKey = `true|${ox}|${oy}|${scale}|${cw}|${ch}|${dpr}`;
      this.cachedState = state;
      const cache = this.cache ?? document.createElement('canvas');
      this.cache = cache;
      cache.width = cw * dpr;
      cache.height = ch * dpr;
      const c = cache.getContext('2d');
      if (!c) return;
      c.setTransform(dpr, 0, 0, dpr, 0, 0);
      c.clearRect(0, 0, cw, ch);
      c.strokeStyle = '#868e96';
      c.lineWidth = 1;
      for (const f of state.frames.values()) c.strokeRect(ox + f.x * scale, oy + f.y * scale, f.w * scale, f.h * scale);
      for (const n of state.notes.values()) {
        c.fillStyle = kindInfo(n.kind).fill;
        c.fillRect(ox + n.x * scale, oy + n.y * scale, Math.max(1.5, n.w * scale), Math.max(1.5, n.h * scale));
      }
    }
    this.map = { x: ox, y: oy, scale };
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.drawImage(this.cache, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.strokeStyle = '#1864ab';
    ctx.lineWidth = 2;
    ctx.strokeRect(ox + seen.x * scale, oy + seen.y * scale, seen.w * scale, seen.h * scale);
  }
}
