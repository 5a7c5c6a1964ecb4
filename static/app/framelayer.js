// The frames on the wall: each one's area under everything, and its title and resize handle
// above the stickies (so a sticky near the edge never hides them). Redrawn by identity, like
// the rest of the wall; a frame being moved or resized is drawn at its draft place.

import { FrameKind } from './protocol.js';
import { keyedViews } from './keyedviews.js';
import { isLocked } from './facilitation.js';

/** @typedef {import('./types.js').Frame} Frame */
/** @typedef {import('./model.js').BoardState} BoardState */

/**
 * A frame is drawn twice: its area under everything, and its title and resize handle above
 * the stickies (so a sticky near the edge never hides them).
 * @typedef {object} FrameView
 * @property {HTMLElement} el
 * @property {HTMLElement} chrome
 * @property {HTMLElement} header
 * @property {HTMLElement} name
 * @property {Frame | null} frame
 * @property {string} flags
 */

export class FrameLayer {
  /** @param {HTMLElement} areas The layer under the stickies. @param {HTMLElement} chromes The layer above them. */
  constructor(areas, chromes) {
    this.areas = areas;
    this.chromes = chromes;
    /** @type {Map<string, FrameView>} */
    this.views = new Map();
    /** @type {Map<string, {dx: number, dy: number, size: {w: number, h: number} | null}>} Frames being moved or resized. */
    this.drafts = new Map();
  }

  /** @param {BoardState} state @param {import('./render.js').Decorations} deco */
  render(state, deco) {
    for (const [f, v] of keyedViews(this.views, state.frames, (id) => this.create(id), (v) => this.remove(v))) {
      if (v.frame !== f) {
        v.frame = f;
        for (const el of [v.el, v.chrome]) {
          el.classList.toggle('f-bounded_context', f.kind === FrameKind.BOUNDED_CONTEXT);
          el.classList.toggle('f-swimlane', f.kind === FrameKind.SWIMLANE);
        }
        this.place(v, f, 0, 0, null);
        v.name.textContent = f.name || (f.kind === FrameKind.SWIMLANE ? 'Swimlane' : 'Bounded context');
        v.name.classList.toggle('placeholder', !f.name);
        const kind = f.kind === FrameKind.SWIMLANE ? 'Swimlane' : 'Bounded context';
        v.header.setAttribute('aria-label', `${kind}: ${f.name || '(unnamed)'}`);
      }
      const locked = isLocked(state.facilitation, f.id);
      const flags = `${deco.selected.has(f.id) ? 's' : ''}${locked ? 'l' : ''}`;
      if (flags !== v.flags) {
        v.flags = flags;
        v.el.classList.toggle('selected', deco.selected.has(f.id));
        v.chrome.classList.toggle('selected', deco.selected.has(f.id));
        v.chrome.classList.toggle('locked', locked);
      }
    }
  }

  /** @param {string} id @returns {FrameView} */
  create(id) {
    const el = document.createElement('div');
    el.className = 'frame';
    el.dataset.id = id;
    const chrome = document.createElement('div');
    chrome.className = 'frame-chrome';
    chrome.dataset.id = id;
    const header = document.createElement('div');
    header.className = 'frame-header';
    header.tabIndex = 0;
    header.setAttribute('role', 'button');
    header.setAttribute('aria-roledescription', 'frame');
    header.title = 'Drag to move the frame alone; Alt+drag moves it with the stickies inside. Double-click to rename.';
    const name = document.createElement('span');
    name.className = 'frame-name';
    header.append(name);
    const resize = document.createElement('div');
    resize.className = 'handle frame-resize';
    resize.setAttribute('aria-hidden', 'true');
    chrome.append(header, resize);
    this.areas.append(el);
    this.chromes.append(chrome);
    return { el, chrome, header, name, frame: null, flags: '' };
  }

  /** @param {FrameView} v */
  remove(v) {
    v.el.remove();
    v.chrome.remove();
  }

  /** @param {FrameView} v @param {Frame} f @param {number} dx @param {number} dy @param {{w: number, h: number} | null} size */
  place(v, f, dx, dy, size) {
    for (const el of [v.el, v.chrome]) {
      el.style.transform = `translate(${f.x + dx}px, ${f.y + dy}px)`;
      el.style.width = `${size ? size.w : f.w}px`;
      el.style.height = `${size ? size.h : f.h}px`;
    }
  }

  /** @param {string} id @param {number} dx @param {number} dy @param {{w: number, h: number} | null} size */
  preview(id, dx, dy, size) {
    if (dx || dy || size) this.drafts.set(id, { dx, dy, size });
    else this.drafts.delete(id);
    const v = this.views.get(id);
    if (v && v.frame) this.place(v, v.frame, dx, dy, size);
  }

  /** @param {string} id */
  element(id) {
    return this.views.get(id)?.el ?? null;
  }
}
