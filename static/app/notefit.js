// How a DOM sticky lays out its text and payload fields: the name is shrunk (between 14 and
// 8 px) until it fits whole, wrapped only between words; payload fields are listed only when
// the name still fits beside them at a readable size, otherwise they collapse to a count
// ("5 fields"), so an event's name never disappears behind its fields. The sizes mirror
// app.css (`.note-body`, `.note-kind`, `.note-fields`).

import { cachedMeasure, fitText } from './textfit.js';

/** @typedef {import('./textfit.js').Measure} Measure */

/** Text sizes in CSS pixels (app.css). */
export const NOTE_TEXT_MAX = 14;
export const NOTE_TEXT_MIN = 8;
/** Smallest name size at which payload fields are still listed rather than counted. */
const LIST_FIELDS_MIN = 11;
const LINE_HEIGHT = 1.25;
const PAD_X = 7.2;
const PAD_Y = 4.8;
const BORDER = 1;
const GAP = 2.4;
const KIND_LINE = 10 * LINE_HEIGHT;
/** A field line as the browser lays it out (monospace lines run taller than 1.25 of 11 px). */
const FIELD_LINE = 11 * 1.4;
/** Canvas and DOM text differ by a pixel here and there: keep a little room spare. */
const SLACK = 0.96;

/**
 * @typedef {object} NoteLayout
 * @property {number} fontPx   The name's font size.
 * @property {number} lines    Lines the name may take (a clamp, for an ellipsis if cut).
 * @property {boolean} complete  Whether the whole name shows.
 * @property {'none' | 'list' | 'count'} fields
 */

/**
 * @param {{w: number, h: number, text: string, fieldCount: number, kindLine: boolean}} note
 * @param {Measure} measure @returns {NoteLayout}
 */
export function noteLayout(note, measure) {
  const w = (note.w - 2 * PAD_X - 2 * BORDER) * SLACK;
  const inner = note.h - 2 * PAD_Y - 2 * BORDER - (note.kindLine ? KIND_LINE + GAP : 0);
  /** @param {number} h @param {number} min */
  const fit = (h, min) => fitText(note.text, w, Math.max(0, h) * SLACK, measure, { max: NOTE_TEXT_MAX, min, lineHeight: LINE_HEIGHT });
  /** @param {import('./textfit.js').Fitted} f @param {NoteLayout['fields']} fields @returns {NoteLayout} */
  const out = (f, fields) => ({ fontPx: Math.floor(f.size * 4) / 4, lines: Math.max(1, f.lines.length), complete: f.complete, fields });
  if (note.fieldCount === 0) return out(fit(inner, NOTE_TEXT_MIN), 'none');
  const listed = fit(inner - GAP - note.fieldCount * FIELD_LINE, LIST_FIELDS_MIN);
  if (listed.complete && listed.lines.length > 0) return out(listed, 'list');
  return out(fit(inner - GAP - FIELD_LINE, NOTE_TEXT_MIN), 'count');
}

/** @type {Measure | null} */
let domMeasure = null;

/** Widths of the stickies' font, measured once per word on a canvas. @returns {Measure} */
export function stickyMeasure() {
  if (domMeasure) return domMeasure;
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return (t) => t.length * 0.6;
  ctx.font = '100px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
  domMeasure = cachedMeasure((t) => ctx.measureText(t).width, 100);
  return domMeasure;
}

/**
 * Applies a layout to a sticky's text element and field list.
 * @param {HTMLElement} text @param {HTMLElement} fields @param {NoteLayout} layout @param {number} fieldCount
 */
export function applyNoteLayout(text, fields, layout, fieldCount) {
  text.style.fontSize = layout.fontPx === NOTE_TEXT_MAX ? '' : `${layout.fontPx}px`;
  text.style.setProperty('-webkit-line-clamp', layout.complete ? '' : String(layout.lines));
  text.classList.toggle('clamped', !layout.complete);
  fields.classList.toggle('counted', layout.fields === 'count');
  fields.dataset.count = layout.fields === 'count' ? `${fieldCount} field${fieldCount === 1 ? '' : 's'}` : '';
}
