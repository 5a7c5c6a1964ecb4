// The names of the stickies on the far-zoom canvas (farview.js): each sticky's text wrapped
// between words and shrunk to fit inside it, never smaller than a size one can still read on
// screen; what does not fit at that size is cut after whole words with an ellipsis. So a
// board fitted to the screen still reads as a timeline of named events.
//
// Fitting is done in board units for a zoom rounded to steps of about 9 %, and remembered per
// sticky, so panning costs no fitting at all and zooming refits only when it crosses a step.
// Stickies too small on screen to hold a readable word get no text (a 2,000-sticky board
// fitted to a screen is colour blocks again, which keeps the far view fast there).

import { kindInfo } from './kinds.js';
import { cachedMeasure, fitText } from './textfit.js';

/** @typedef {import('./types.js').Rect} Rect */
/** @typedef {import('./textfit.js').Fitted} Fitted */

/** Smallest text drawn, in screen pixels: below it a name is no longer read. */
export const MIN_LABEL_PX = 5.5;
/** Largest text drawn, in screen pixels: the DOM stickies' own size at 100 %. */
export const MAX_LABEL_PX = 14;
/** Narrowest sticky on screen that gets a label, in pixels. */
export const MIN_STICKY_PX = 24;
/** Space between a sticky's edge and its text, as a share of its width and its height: narrow, since far out every pixel of width decides whether a word fits. */
const INSET_X = 0.025;
const INSET_Y = 0.05;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
/** The size `measureText` runs at; widths are divided back to size 1. */
const MEASURE_AT = 100;
const LINE_HEIGHT = 1.2;

/**
 * One painted label, kept for what the canvas shows (the DOM stickies stay the accessible
 * version; these let a test read what a person would see).
 * @typedef {{id: string, lines: string[], px: number, complete: boolean}} PaintedLabel
 */

/** The zoom rounded to steps of 2^(1/8), so fits are reused while zooming within a step. @param {number} z */
export function zoomStep(z) {
  return 2 ** (Math.round(Math.log2(z) * 8) / 8);
}

export class FarLabels {
  constructor() {
    /** @type {import('./textfit.js').Measure | null} */
    this.measure = null;
    /** @type {Map<string, {key: string, fitted: Fitted}>} sticky id -> its last fit */
    this.fits = new Map();
    /** @type {PaintedLabel[]} */
    this.painted = [];
  }

  /**
   * Paints the labels of the stickies in view. The context is in board units (a screen pixel
   * is 1 / z of them).
   * @param {CanvasRenderingContext2D} ctx
   * @param {Iterable<{id: string, kind: import('./types.js').NoteKind, text: string}>} notes
   * @param {ReadonlyMap<string, Rect>} rects  Where each sticky is drawn.
   * @param {number} z @param {Rect} inView
   */
  paint(ctx, notes, rects, z, inView) {
    this.painted = [];
    const step = zoomStep(z);
    if (!this.measure) {
      ctx.font = `${MEASURE_AT}px ${FONT}`;
      this.measure = cachedMeasure((t) => ctx.measureText(t).width, MEASURE_AT);
    }
    const measure = this.measure;
    ctx.textBaseline = 'top';
    /** @type {Map<string, {x: number, y: number, lines: string[]}[]>} "size|ink" -> texts */
    const byFont = new Map();
    for (const n of notes) {
      const r = rects.get(n.id);
      if (!r || r.w * z < MIN_STICKY_PX || !n.text.trim()) continue;
      if (r.x > inView.x + inView.w || r.x + r.w < inView.x || r.y > inView.y + inView.h || r.y + r.h < inView.y) continue;
      const ix = r.w * INSET_X;
      const iy = r.h * INSET_Y;
      const key = `${step}|${r.w}|${r.h}|${n.text}`;
      let fit = this.fits.get(n.id);
      if (!fit || fit.key !== key) {
        const fitted = fitText(n.text, r.w - 2 * ix, r.h - 2 * iy, measure, { max: MAX_LABEL_PX / step, min: MIN_LABEL_PX / step, lineHeight: LINE_HEIGHT });
        fit = { key, fitted };
        this.fits.set(n.id, fit);
      }
      const { fitted } = fit;
      // Sizes rounded to a tenth of a pixel on screen, so stickies share a handful of fonts.
      const px = Math.round(fitted.size * step * 10) / 10;
      const fontKey = `${px}|${kindInfo(n.kind).ink}`;
      let texts = byFont.get(fontKey);
      if (!texts) byFont.set(fontKey, (texts = []));
      const height = fitted.lines.length * fitted.size * LINE_HEIGHT;
      texts.push({ x: r.x + ix, y: r.y + Math.max(iy, (r.h - height) / 2), lines: fitted.lines });
      this.painted.push({ id: n.id, lines: fitted.lines, px, complete: fitted.complete });
    }
    for (const [fontKey, texts] of byFont) {
      const [px, ink] = fontKey.split('|');
      const size = Number(px) / z;
      ctx.font = `${size}px ${FONT}`;
      ctx.fillStyle = ink;
      for (const t of texts) t.lines.forEach((line, i) => ctx.fillText(line, t.x, t.y + i * size * LINE_HEIGHT));
    }
  }

  /** Forgets fits of stickies that are gone. @param {ReadonlySet<string> | ReadonlyMap<string, unknown>} live */
  prune(live) {
    for (const id of this.fits.keys()) if (!live.has(id)) this.fits.delete(id);
  }
}
