// Draws the board into the wall: stickies as DOM elements positioned with CSS transforms,
// connectors as SVG, frames as DOM boxes under everything. Rendering diffs by identity: a
// state shares every element an event did not touch, so a render after one event touches one
// element. All text goes in with textContent, never as markup.

import { kindInfo } from './kinds.js';
import { intersects } from './geometry.js';
import { ConnectorLayer } from './connectorlayer.js';
import { FrameLayer } from './framelayer.js';
import { applyNoteLayout, noteLayout, stickyMeasure } from './notefit.js';
import { keyedViews } from './keyedviews.js';
import { isLocked } from './facilitation.js';

/** @typedef {import('./types.js').Note} Note */
/** @typedef {import('./model.js').BoardState} BoardState */

/**
 * What the wall shows besides the board itself.
 * @typedef {object} Decorations
 * @property {ReadonlySet<string>} selected   Notes, connectors and frames selected here.
 * @property {string | null} editing          The note whose text is being edited in place.
 * @property {ReadonlySet<string>} matches    Search hits.
 * @property {ReadonlyMap<string, string>} remote  Element id -> colour of someone else's selection.
 */

/** Fields listed on a sticky at most; the rest are counted. */
const FIELDS_SHOWN = 5;

/**
 * @typedef {object} NoteView
 * @property {HTMLElement} el
 * @property {HTMLElement} kindLabel
 * @property {HTMLElement} text
 * @property {HTMLUListElement} fields
 * @property {Note | null} note
 * @property {string} flags
 * @property {boolean} culled  Far off screen: not drawn at all.
 */

export class Renderer {
  /**
   * @param {{frames: HTMLElement, connectors: SVGSVGElement, notes: HTMLElement, frameChrome: HTMLElement}} layers
   * @param {{readOnly: boolean, previewed?: () => void}} opts `previewed`: a drag or resize moved its preview.
   */
  constructor(layers, opts) {
    this.layers = layers;
    this.readOnly = opts.readOnly;
    this.previewed = opts.previewed ?? (() => {});
    /** @type {Map<string, NoteView>} */
    this.noteViews = new Map();
    this.frameLayer = new FrameLayer(layers.frames, layers.frameChrome);
    /** @type {BoardState | null} */
    this.state = null;
    /** @type {Map<string, {dx: number, dy: number}>} Notes being dragged, drawn offset. */
    this.offsets = new Map();
    /** @type {Map<string, {w: number, h: number}>} A sticky being resized, drawn at this size. */
    this.sizes = new Map();
    /** Frames being moved or resized. */
    this.frameDrafts = this.frameLayer.drafts;
    /**
     * Zoomed far out the DOM stickies are hidden and painted on a canvas (farview.js), which
     * would take the keyboard focus away from a sticky (hidden elements cannot have it). So the
     * sticky that has the focus, and the one being edited, stay visible DOM (app.css, `.lit`,
     * `.editing`) over their painted twin: clicking a sticky far out still focuses it, Enter
     * still edits it, and typing goes into it rather than into the shortcuts. The other
     * stickies are out of the tab order (and the accessibility tree) until the wall is zoomed
     * in again: Tab order stays the DOM's, and + or 0 zooms in from the keyboard.
     * @type {HTMLElement | null}
     */
    this.lit = null;
    layers.notes.addEventListener('focusin', (e) => {
      const el = e.target instanceof Element ? e.target.closest('.note') : null;
      if (el instanceof HTMLElement) this.light(el);
    });
    layers.notes.addEventListener('focusout', () => {
      // Once the focus has landed elsewhere in the page (not when the window loses it).
      setTimeout(() => {
        const lit = this.lit;
        if (lit && document.hasFocus() && !lit.contains(document.activeElement)) this.light(null);
      }, 0);
    });
    /**
     * The board area worth drawing (the view and a margin around it); stickies outside it are
     * not drawn, so panning a big board paints only what is near the screen.
     * @type {import('./types.js').Rect | null}
     */
    this.cullRect = null;
    this.connectorLayer = new ConnectorLayer(layers.connectors, {
      drawnRect: (n) => this.drawnRect(n),
      moving: (id) => this.offsets.has(id) || this.sizes.has(id),
    });
  }

  /** @param {HTMLElement | null} el */
  light(el) {
    if (el === this.lit) return;
    this.lit?.classList.remove('lit');
    el?.classList.add('lit');
    this.lit = el;
  }

  /** Gives a sticky the keyboard focus, also when the wall is zoomed far out. @param {string} id */
  focusNote(id) {
    const el = this.noteElement(id);
    if (!el) return;
    this.light(el);
    el.focus({ preventScroll: true });
  }

  /** @param {boolean} readOnly */
  setReadOnly(readOnly) {
    this.readOnly = readOnly;
    for (const v of this.noteViews.values()) v.el.classList.toggle('readonly', readOnly);
  }

  /**
   * Brings the DOM in line with the state.
   * @param {BoardState} state @param {Decorations} deco
   */
  render(state, deco) {
    this.state = state;
    this.frameLayer.render(state, deco);
    this.renderNotes(state, deco);
    this.connectorLayer.render(state, deco);
  }

  /** @param {BoardState} state @param {Decorations} deco */
  renderNotes(state, deco) {
    for (const [note, v] of keyedViews(this.noteViews, state.notes, (id) => this.createNote(id), (v) => this.removeNote(v))) {
      if (v.note !== note) {
        this.updateNote(v, note, v.note, deco.editing === note.id);
        v.note = note;
        this.cull(v, note);
      }
      const z = state.order.get(note.id) ?? 0;
      const remote = deco.remote.get(note.id) ?? '';
      const locked = isLocked(state.facilitation, note.id);
      // Private mode: only its owner (this browser) is shown it until the reveal.
      const own = !!state.facilitation.private_notes?.[note.id];
      const flags = `${deco.selected.has(note.id) ? 's' : ''}${deco.matches.has(note.id) ? 'm' : ''}${deco.editing === note.id ? 'e' : ''}${locked ? 'l' : ''}${own ? 'p' : ''}|${remote}|${z}`;
      if (v.flags !== flags) {
        v.flags = flags;
        v.el.classList.toggle('selected', deco.selected.has(note.id));
        this.label(v, note, deco.selected.has(note.id));
        v.el.classList.toggle('match', deco.matches.has(note.id));
        v.el.classList.toggle('editing', deco.editing === note.id);
        v.el.classList.toggle('remote-selected', remote !== '');
        v.el.classList.toggle('locked', locked);
        v.el.classList.toggle('private', own);
        if (own) v.el.title = 'Private: only you see this sticky until the facilitator reveals the private stickies';
        else if (v.el.title.startsWith('Private:')) v.el.removeAttribute('title');
        v.el.style.setProperty('--remote', remote || 'transparent');
        v.el.style.zIndex = String(z);
      }
    }
  }

  /** @param {string} id @returns {NoteView} */
  createNote(id) {
    const el = document.createElement('div');
    el.className = 'note';
    el.dataset.id = id;
    el.tabIndex = 0;
    el.setAttribute('role', 'button');
    el.setAttribute('aria-roledescription', 'sticky');
    el.classList.toggle('readonly', this.readOnly);
    const body = document.createElement('div');
    body.className = 'note-body';
    const kindLabel = document.createElement('div');
    kindLabel.className = 'note-kind';
    kindLabel.setAttribute('aria-hidden', 'true');
    const text = document.createElement('div');
    text.className = 'note-text';
    const fields = document.createElement('ul');
    fields.className = 'note-fields';
    fields.setAttribute('aria-hidden', 'true');
    body.append(kindLabel, text, fields);
    const connect = document.createElement('div');
    connect.className = 'handle handle-connect';
    connect.title = 'Drag to another sticky to connect';
    connect.setAttribute('aria-hidden', 'true');
    const resize = document.createElement('div');
    resize.className = 'handle handle-resize';
    resize.title = 'Drag to resize';
    resize.setAttribute('aria-hidden', 'true');
    el.append(body, connect, resize);
    this.layers.notes.append(el);
    return { el, kindLabel, text, fields, note: null, flags: '', culled: false };
  }

  /** @param {NoteView} v */
  removeNote(v) {
    if (v.el === this.lit) this.light(null);
    v.el.remove();
  }

  /** @param {NoteView} v @param {Note} note @param {Note | null} old @param {boolean} editing */
  updateNote(v, note, old, editing) {
    const info = kindInfo(note.kind);
    if (!old || old.kind !== note.kind) {
      v.el.className = v.el.className.replace(/\bk-[a-z_]+/g, '').trim() + ` k-${note.kind}`;
    }
    if (!old || old.x !== note.x || old.y !== note.y || this.offsets.has(note.id)) this.placeNote(v, note);
    if (!old || old.w !== note.w || old.h !== note.h) {
      v.el.style.width = `${note.w}px`;
      v.el.style.height = `${note.h}px`;
    }
    const pivotal = note.kind === 'event' && !!note.details.pivotal;
    v.el.classList.toggle('pivotal', pivotal);
    v.kindLabel.textContent = pivotal ? `${info.label} · pivotal` : info.label;
    if (!editing && (!old || old.text !== note.text)) v.text.textContent = note.text;
    this.label(v, note, v.el.classList.contains('selected'));
    if (!old || old.details !== note.details || old.kind !== note.kind) {
      const fields = info.payload ? (note.details.fields ?? []) : [];
      v.fields.replaceChildren(
        ...fields.slice(0, FIELDS_SHOWN).map((f) => {
          const li = document.createElement('li');
          li.textContent = `${f.name}${f.required ? '' : '?'}: ${f.type}`;
          return li;
        }),
      );
      if (fields.length > FIELDS_SHOWN) {
        const li = document.createElement('li');
        li.textContent = `+${fields.length - FIELDS_SHOWN} more`;
        v.fields.append(li);
      }
    }
    if (!old || old.text !== note.text || old.w !== note.w || old.h !== note.h || old.details !== note.details || old.kind !== note.kind) this.fitText(v, note);
  }

  /** Shrinks the name to fit whole; fields collapse to a count when they would crowd it. @param {NoteView} v @param {Note} note */
  fitText(v, note) {
    const total = kindInfo(note.kind).payload ? (note.details.fields?.length ?? 0) : 0;
    const fieldLines = Math.min(total, FIELDS_SHOWN) + (total > FIELDS_SHOWN ? 1 : 0);
    const layout = noteLayout({ w: note.w, h: note.h, text: note.text, fieldCount: fieldLines, kindLine: true }, stickyMeasure());
    applyNoteLayout(v.text, v.fields, layout, total);
  }

  /**
   * Sets the area worth drawing and hides or shows stickies accordingly.
   * @param {import('./types.js').Rect | null} rect
   */
  setCullRect(rect) {
    this.cullRect = rect;
    for (const v of this.noteViews.values()) if (v.note) this.cull(v, v.note);
  }

  /** @param {NoteView} v @param {Note} note */
  cull(v, note) {
    const r = this.cullRect;
    const culled = !!r && !this.offsets.has(note.id) && !intersects(note, r) && document.activeElement !== v.el;
    if (culled !== v.culled) {
      v.culled = culled;
      v.el.hidden = culled;
    }
  }

  /** What a screen reader says for a sticky. @param {NoteView} v @param {Note} note @param {boolean} selected */
  label(v, note, selected) {
    const info = kindInfo(note.kind);
    const fields = info.payload && note.details.fields?.length ? `, ${note.details.fields.length} fields` : '';
    v.el.setAttribute('aria-label', `${info.label}: ${note.text || '(empty)'}${fields}${selected ? ', selected' : ''}`);
  }

  /** @param {NoteView} v @param {Note} note */
  placeNote(v, note) {
    const o = this.offsets.get(note.id);
    const x = note.x + (o ? o.dx : 0);
    const y = note.y + (o ? o.dy : 0);
    v.el.style.transform = `translate(${x}px, ${y}px)`;
  }

  /** Where a note is drawn now (with a drag offset or resize in progress). @param {Note} n */
  drawnRect(n) {
    const o = this.offsets.get(n.id);
    const s = this.sizes.get(n.id);
    return { x: n.x + (o ? o.dx : 0), y: n.y + (o ? o.dy : 0), w: s ? s.w : n.w, h: s ? s.h : n.h };
  }

  /**
   * Draws notes offset while they are dragged (no commands until the drop).
   * @param {Map<string, {dx: number, dy: number}>} offsets
   */
  previewOffsets(offsets) {
    const touched = new Set([...this.offsets.keys(), ...offsets.keys()]);
    this.offsets = offsets;
    this.refreshNotes(touched);
    this.previewed();
  }

  /** @param {string} id @param {{w: number, h: number} | null} size */
  previewSize(id, size) {
    if (size) this.sizes.set(id, size);
    else this.sizes.delete(id);
    const v = this.noteViews.get(id);
    const n = this.state?.notes.get(id);
    if (v && n) {
      v.el.style.width = `${size ? size.w : n.w}px`;
      v.el.style.height = `${size ? size.h : n.h}px`;
    }
    this.refreshNotes(new Set([id]));
    this.previewed();
  }

  /** @param {string} id @param {number} dx @param {number} dy @param {{w: number, h: number} | null} size */
  previewFrame(id, dx, dy, size) {
    this.frameLayer.preview(id, dx, dy, size);
    this.previewed();
  }

  /** @param {Set<string>} ids */
  refreshNotes(ids) {
    const state = this.state;
    if (!state) return;
    for (const id of ids) {
      const v = this.noteViews.get(id);
      const n = state.notes.get(id);
      if (v && n) this.placeNote(v, n);
    }
    this.connectorLayer.refresh(ids);
  }

  /** @param {{x: number, y: number} | null} from @param {{x: number, y: number}} [to] */
  drawDraftConnector(from, to) {
    this.connectorLayer.drawDraft(from, to);
  }

  /** Makes the next render redraw a note whole (after in-place editing ends). @param {string} id */
  invalidate(id) {
    const v = this.noteViews.get(id);
    if (v) v.note = null;
  }

  /** @param {string} id */
  noteElement(id) {
    return this.noteViews.get(id)?.el ?? null;
  }

  /** @param {string} id */
  noteTextElement(id) {
    return this.noteViews.get(id)?.text ?? null;
  }

  /** @param {string} id */
  frameElement(id) {
    return this.frameLayer.element(id);
  }
}
