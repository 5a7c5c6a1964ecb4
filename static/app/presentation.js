// Presentation mode: step through the board's frames in reading order, fitting each to the
// screen, with the arrow keys or the bar's buttons; F5 or the Present button starts it, Esc
// leaves it and goes back to the view from before. The facilitator can make everyone follow:
// each step is a "bring everyone here" (`summon`) that names the frame, and every follower
// fits that frame to their own screen.

import { byId, elements } from './dom.js';
import { fitView } from './geometry.js';
import { showWith } from './overlay.js';

/** @typedef {import('./types.js').Frame} Frame */
/** @typedef {import('./geometry.js').View} View */

/** Screen pixels kept around a presented frame. */
export const PRESENT_PADDING = 32;

/**
 * Frames in reading order: rows from top to bottom (a frame starting above the middle of the
 * row's first frame belongs to that row), each row from left to right.
 * @param {Iterable<Frame>} frames @returns {Frame[]}
 */
export function frameOrder(frames) {
  const byTop = [...frames].sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : 1));
  /** @type {Frame[][]} */
  const rows = [];
  for (const f of byTop) {
    const row = rows[rows.length - 1];
    if (row && f.y < row[0].y + row[0].h / 2) row.push(f);
    else rows.push([f]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.x - b.x || a.y - b.y));
}

/**
 * The view that shows a frame whole on a screen of `width` x `height`, as large as fits (up
 * to 200 %).
 * @param {Frame} frame @param {number} width @param {number} height @returns {View}
 */
export function presentedView(frame, width, height) {
  const fit = fitView(frame, width, height, PRESENT_PADDING);
  const zoom = Math.min(2, Math.min((width - 2 * PRESENT_PADDING) / frame.w, (height - 2 * PRESENT_PADDING) / frame.h));
  if (!(zoom > fit.zoom)) return fit;
  return { zoom, x: width / 2 - (frame.x + frame.w / 2) * zoom, y: height / 2 - (frame.y + frame.h / 2) * zoom };
}

/**
 * The index to show after a step: within the frames, not past either end.
 * @param {number} index @param {number} step @param {number} count
 */
export function stepIndex(index, step, count) {
  if (count === 0) return -1;
  return Math.min(count - 1, Math.max(0, index + step));
}

/**
 * @typedef {object} PresenterHost
 * @property {() => Iterable<Frame>} frames
 * @property {() => View} view                        The view of the wall now.
 * @property {(view: View) => void} setView           Shows a view of the wall (screen transform).
 * @property {() => {width: number, height: number}} size
 * @property {() => boolean} canFacilitate
 * @property {(frame: Frame) => void} summon          Brings everyone to the frame.
 * @property {(message: string) => void} toast
 */

export class Presenter {
  /** @param {PresenterHost} host */
  constructor(host) {
    this.host = host;
    this.ui = elements({
      bar: ['present-bar', HTMLElement], label: ['present-label', HTMLElement], start: ['present-start', HTMLButtonElement],
      prev: ['present-prev', HTMLButtonElement], next: ['present-next', HTMLButtonElement], everyone: ['present-everyone', HTMLInputElement],
    });
    this.active = false;
    /** The view before the presentation, shown again when it ends. @type {View | null} */
    this.before = null;
    /** The frame on show (by id, so edits to the frames keep the place). */
    this.frameId = '';
    this.ui.start.addEventListener('click', () => (this.active ? this.stop() : this.start()));
    this.ui.prev.addEventListener('click', () => this.step(-1));
    this.ui.next.addEventListener('click', () => this.step(1));
    byId('present-stop').addEventListener('click', () => this.stop());
    this.ui.everyone.addEventListener('change', () => {
      const frame = this.current();
      if (this.ui.everyone.checked && frame) host.summon(frame);
    });
    // While presenting, the keys step through frames before the wall's shortcuts see them.
    window.addEventListener('keydown', (e) => this.onKey(e), true);
  }

  /** @returns {Frame[]} */
  order() {
    return frameOrder(this.host.frames());
  }

  /** @returns {Frame | null} */
  current() {
    return this.order().find((f) => f.id === this.frameId) ?? null;
  }

  start() {
    const frames = this.order();
    if (frames.length === 0) {
      this.host.toast('There are no frames to present: add a context or a swimlane first.');
      return;
    }
    this.active = true;
    this.before = this.host.view();
    this.show(frames[0]);
  }

  stop() {
    if (this.active && this.before) this.host.setView(this.before);
    this.active = false;
    this.before = null;
    this.frameId = '';
    this.update();
  }

  /** @param {number} by */
  step(by) {
    if (!this.active) return;
    const frames = this.order();
    const at = frames.findIndex((f) => f.id === this.frameId);
    const next = frames[stepIndex(at, by, frames.length)];
    if (next) this.show(next);
  }

  /** @param {Frame} frame */
  show(frame) {
    this.frameId = frame.id;
    const { width, height } = this.host.size();
    this.host.setView(presentedView(frame, width, height));
    if (this.ui.everyone.checked && this.host.canFacilitate()) this.host.summon(frame);
    this.update();
  }

  /**
   * A presenter brought everyone to a frame: fit it here too.
   * @param {string} frameId @returns {Frame | null} the frame, if this board has it
   */
  follow(frameId) {
    const frame = this.order().find((f) => f.id === frameId) ?? null;
    if (frame) {
      const { width, height } = this.host.size();
      this.host.setView(presentedView(frame, width, height));
    }
    return frame;
  }

  /** @param {KeyboardEvent} e */
  onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    // Keys typed into a field are the field's; the bar's "everyone follows" box is no field.
    const t = e.target;
    if (t instanceof HTMLElement && (t.isContentEditable || /^(TEXTAREA|SELECT)$/.test(t.tagName) || (t instanceof HTMLInputElement && t.type !== 'checkbox'))) return;
    if (document.querySelector('dialog[open]')) return;
    if (!this.active) {
      // F5 presents, as in slide tools (instead of reloading the page).
      if (e.key === 'F5' && !e.shiftKey) {
        e.preventDefault();
        this.start();
      }
      return;
    }
    const by = { ArrowRight: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, PageUp: -1 }[e.key];
    if (by === undefined && e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    if (by === undefined) this.stop();
    else this.step(by);
  }

  /** Brings the bar in line (called with every render: frames may have changed). */
  update() {
    const frames = this.order();
    let at = frames.findIndex((f) => f.id === this.frameId);
    if (this.active && at < 0 && frames.length > 0) {
      // The frame on show went away: stay at the same place in the order.
      at = 0;
      this.frameId = frames[0].id;
    }
    if (this.active && frames.length === 0) this.active = false;
    showWith(this.ui.bar, this.active, this.ui.start);
    byId('present-everyone-label').hidden = !this.host.canFacilitate();
    if (!this.active) return;
    this.ui.label.textContent = `${at + 1} of ${frames.length} · ${frames[at].name || 'Untitled frame'}`;
    this.ui.bar.dataset.frame = this.frameId;
    this.ui.bar.dataset.index = String(at);
    this.ui.prev.disabled = at <= 0;
    this.ui.next.disabled = at >= frames.length - 1;
  }
}
