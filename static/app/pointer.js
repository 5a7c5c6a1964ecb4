// Pointer gestures on the wall (mouse, pen and touch alike, through pointer events): drag
// stickies (one or the whole selection), resize, draw connectors from a sticky's handle, move
// and resize frames, pan by dragging the background (or with space held, or the middle
// button), rubber-band selection (Shift+drag, or box mode), two-finger pinch zoom. Nothing is
// sent while a gesture runs: the wall draws a preview and the drop sends one command.
// Stickies are found through their DOM elements, or, zoomed far out where they are painted on
// a canvas and their elements hidden (farview.js), through the board model (`noteAt`).

import { Cmd } from './protocol.js';
import { centre, intersects, noteAt, rectFromCorners } from './geometry.js';
import { newId } from './ids.js';
import { DRAG_THRESHOLD, pressFrame, resizeFrame, resizeNote } from './shapegestures.js';
import { dragNotes } from './notedrag.js';

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./types.js').Command} Command */
/** @typedef {import('./types.js').Point} Point */


/**
 * What the gestures need from the app.
 * @typedef {object} PointerHost
 * @property {() => BoardState} state
 * @property {import('./viewport.js').Viewport} viewport
 * @property {import('./render.js').Renderer} renderer
 * @property {() => boolean} readOnly
 * @property {() => ReadonlySet<string>} selection
 * @property {(ids: Iterable<string>) => void} select
 * @property {(id: string) => void} toggleSelected
 * @property {(commands: Command[], opts?: {group?: string}) => void} issue
 * @property {() => void} renderNow
 * @property {(id: string) => void} editText
 * @property {(at: Point) => void} addNoteAt
 * @property {(id: string) => void} renameFrame
 * @property {() => boolean} boxMode
 * @property {(p: Point | null) => void} cursorMoved
 * @property {(message: string) => void} toast
 */

/**
 * @typedef {object} Gesture
 * @property {(e: PointerEvent) => void} move
 * @property {(e: PointerEvent) => void} up
 * @property {() => void} cancel
 */

/** Two presses this close in time (and place) are one double-click. */
const DOUBLE_PRESS_MS = 500;

export class Pointer {
  /** @param {HTMLElement} wall @param {HTMLElement} marquee @param {PointerHost} host */
  constructor(wall, marquee, host) {
    this.wall = wall;
    this.marquee = marquee;
    this.host = host;
    /** @type {Gesture | null} */
    this.gesture = null;
    /** @type {Map<number, {x: number, y: number}>} */
    this.touches = new Map();
    this.spaceHeld = false;
    /**
     * Where the last press landed. Pointer capture retargets pointerup, click and dblclick to
     * the wall, so a double-click is judged by where its presses were.
     * @type {Element | null}
     */
    this.pressedOn = null;
    /** The last first press of a possible double-click. @type {{t: number, x: number, y: number} | null} */
    this.lastPress = null;
    wall.addEventListener('pointerdown', (e) => this.down(e));
    wall.addEventListener('pointermove', (e) => this.move(e));
    wall.addEventListener('pointerup', (e) => this.up(e));
    wall.addEventListener('pointercancel', (e) => this.cancel(e));
    wall.addEventListener('pointerleave', (e) => {
      if (e.pointerType === 'mouse') host.cursorMoved(null);
    });
    wall.addEventListener('dblclick', (e) => this.dblclick(e));
    window.addEventListener('keydown', (e) => {
      const onControl = e.target instanceof Element && !!e.target.closest('button:not(.note), a, select, [role="toolbar"], dialog');
      if (e.code === 'Space' && !isTyping(e.target) && !onControl) {
        if (!this.spaceHeld) wall.classList.add('space-pan');
        this.spaceHeld = true;
        e.preventDefault();
      }
    });
    window.addEventListener('keyup', (e) => {
      if (e.code === 'Space') {
        this.spaceHeld = false;
        wall.classList.remove('space-pan');
      }
    });
  }

  /** @param {PointerEvent} e */
  down(e) {
    const target = /** @type {Element} */ (e.target);
    // A double-click acts on what was under its first press: a sticky a colleague adds there
    // between the two presses is not the one the double-click meant.
    const last = this.lastPress;
    const second = !!last && e.timeStamp - last.t < DOUBLE_PRESS_MS && Math.hypot(e.clientX - last.x, e.clientY - last.y) < 8;
    this.lastPress = second ? null : { t: e.timeStamp, x: e.clientX, y: e.clientY };
    if (!second || !this.pressedOn?.isConnected) this.pressedOn = target;
    if (target.closest('textarea, input, button, select, .minimap')) return;
    if (e.pointerType === 'touch') {
      this.touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (this.touches.size === 2) {
        this.gesture?.cancel();
        this.gesture = this.pinch();
        this.wall.setPointerCapture(e.pointerId);
        return;
      }
    }
    if (e.pointerType === 'mouse' && e.button !== 0 && e.button !== 1) return;
    if (this.gesture) {
      // A mouse has one pointer: a press while a gesture runs means its release was lost
      // (outside the window, a dialog); end that gesture rather than ignore the press.
      if (e.pointerType !== 'mouse') return;
      this.gesture.cancel();
      this.gesture = null;
    }
    this.gesture = this.startGesture(e, target);
    if (this.gesture) {
      e.preventDefault();
      try {
        this.wall.setPointerCapture(e.pointerId);
      } catch {
        // The pointer is already gone.
      }
    }
  }

  /** @param {PointerEvent} e */
  move(e) {
    if (e.pointerType === 'touch' && this.touches.has(e.pointerId)) {
      this.touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
    }
    this.host.cursorMoved(this.host.viewport.toBoard(e.clientX, e.clientY));
    // A painted sticky shows the grab cursor as a DOM one does.
    if (!this.gesture) this.wall.classList.toggle('over-note', !!this.paintedNoteAt(/** @type {Element} */ (e.target), e));
    this.gesture?.move(e);
  }

  /** @param {PointerEvent} e */
  up(e) {
    this.touches.delete(e.pointerId);
    const g = this.gesture;
    if (!g) return;
    this.gesture = null;
    g.up(e);
  }

  /** @param {PointerEvent} e */
  cancel(e) {
    this.touches.delete(e.pointerId);
    this.gesture?.cancel();
    this.gesture = null;
  }

  /** @param {MouseEvent} e */
  dblclick(e) {
    const pressed = this.pressedOn;
    const target = pressed && pressed.isConnected && this.wall.contains(pressed) ? pressed : /** @type {Element} */ (e.target);
    if (target.closest('textarea, input, button, select')) return;
    const note = target.closest('.note');
    const noteId = note instanceof HTMLElement ? note.dataset.id : this.paintedNoteAt(target, e);
    if (noteId) {
      if (!this.host.readOnly()) this.host.editText(noteId);
      return;
    }
    const header = target.closest('.frame-header');
    const frame = header?.closest('.frame-chrome');
    if (frame instanceof HTMLElement && frame.dataset.id) {
      if (!this.host.readOnly()) this.host.renameFrame(frame.dataset.id);
      return;
    }
    if (target.closest('.connector')) return;
    if (!this.host.readOnly()) this.host.addNoteAt(this.host.viewport.toBoard(e.clientX, e.clientY));
  }

  /** @param {PointerEvent} e @param {Element} target @returns {Gesture | null} */
  startGesture(e, target) {
    const ro = this.host.readOnly();
    if (e.button === 1 || this.spaceHeld) return this.pan(e, false);
    const noteEl = target.closest('.note');
    const noteId = noteEl instanceof HTMLElement ? noteEl.dataset.id : this.paintedNoteAt(target, e);
    if (noteId) {
      if (!ro && target.closest('.handle-resize')) return resizeNote(this.host, e, noteId);
      if (!ro && target.closest('.handle-connect')) return this.connect(e, noteId);
      return this.pressNote(e, noteId);
    }
    const frameEl = target.closest('.frame-chrome');
    const frameId = frameEl instanceof HTMLElement ? frameEl.dataset.id : undefined;
    if (frameId) {
      if (!ro && target.closest('.frame-resize')) return resizeFrame(this.host, e, frameId);
      if (target.closest('.frame-header')) return pressFrame(this.host, e, frameId);
    }
    const connectorEl = target.closest('.connector');
    if (connectorEl instanceof SVGElement && connectorEl.dataset.id) {
      const id = connectorEl.dataset.id;
      if (e.shiftKey) this.host.toggleSelected(id);
      else this.host.select([id]);
      return null;
    }
    if (e.shiftKey || this.host.boxMode()) return this.rubberBand(e);
    return this.pan(e, true);
  }

  /**
   * The sticky painted under a pointer that the DOM found nothing at (the bare wall), when the
   * stickies are painted on the far-zoom canvas: the topmost in the model. Frame titles and
   * the like are still DOM above the canvas, so they are found first.
   * @param {Element} target @param {MouseEvent} e @returns {string | undefined}
   */
  paintedNoteAt(target, e) {
    if (target !== this.wall || !this.host.viewport.far) return undefined;
    return noteAt(this.host.state(), this.host.viewport.toBoard(e.clientX, e.clientY))?.id;
  }

  /** Dragging the background: pan; a click without a drag clears the selection. @param {PointerEvent} e @param {boolean} clickClears @returns {Gesture} */
  pan(e, clickClears) {
    let last = { x: e.clientX, y: e.clientY };
    const start = last;
    let dragged = false;
    this.wall.classList.add('panning');
    const end = () => this.wall.classList.remove('panning');
    return {
      move: (m) => {
        if (!dragged && Math.hypot(m.clientX - start.x, m.clientY - start.y) < DRAG_THRESHOLD) return;
        dragged = true;
        this.host.viewport.panBy(m.clientX - last.x, m.clientY - last.y);
        last = { x: m.clientX, y: m.clientY };
      },
      up: () => {
        end();
        if (!dragged && clickClears) this.host.select([]);
      },
      cancel: end,
    };
  }

  /** @param {PointerEvent} e @returns {Gesture} */
  rubberBand(e) {
    const vp = this.host.viewport;
    const a = vp.toWall(e.clientX, e.clientY);
    const startBoard = vp.toBoard(e.clientX, e.clientY);
    const additive = e.shiftKey;
    const before = new Set(this.host.selection());
    this.marquee.hidden = false;
    /** @param {PointerEvent} m */
    const draw = (m) => {
      const b = vp.toWall(m.clientX, m.clientY);
      const r = rectFromCorners(a.x, a.y, b.x, b.y);
      this.marquee.style.transform = `translate(${r.x}px, ${r.y}px)`;
      this.marquee.style.width = `${r.w}px`;
      this.marquee.style.height = `${r.h}px`;
    };
    draw(e);
    return {
      move: draw,
      up: (m) => {
        this.marquee.hidden = true;
        const endBoard = vp.toBoard(m.clientX, m.clientY);
        const r = rectFromCorners(startBoard.x, startBoard.y, endBoard.x, endBoard.y);
        const hits = [...this.host.state().notes.values()].filter((n) => intersects(n, r)).map((n) => n.id);
        this.host.select(additive ? [...before, ...hits] : hits);
      },
      cancel: () => {
        this.marquee.hidden = true;
      },
    };
  }

  /** A press on a sticky: select it, and drag the selection if the pointer moves. @param {PointerEvent} e @param {string} id @returns {Gesture | null} */
  pressNote(e, id) {
    const host = this.host;
    if (e.shiftKey) {
      host.toggleSelected(id);
      return null;
    }
    if (!host.selection().has(id)) host.select([id]);
    if (host.readOnly()) return null;
    const state = host.state();
    const ids = [...host.selection()].filter((s) => state.notes.has(s));
    return dragNotes(host, this.wall, e, ids, () => host.renderer.focusNote(id));
  }

  /** Drawing a connector from a sticky's handle to another sticky. @param {PointerEvent} e @param {string} id @returns {Gesture | null} */
  connect(e, id) {
    const host = this.host;
    const note = host.state().notes.get(id);
    if (!note) return null;
    const from = centre(note);
    /** @type {Element | null} */
    let hover = null;
    /** @param {PointerEvent} m */
    const targetAt = (m) => {
      const hit = document.elementFromPoint(m.clientX, m.clientY);
      const el = hit?.closest('.note');
      const other = el instanceof HTMLElement ? el.dataset.id : hit ? this.paintedNoteAt(hit, m) : undefined;
      return other && other !== id ? host.renderer.noteElement(other) : null;
    };
    this.wall.classList.add('connecting');
    const clear = () => {
      this.wall.classList.remove('connecting');
      hover?.classList.remove('connect-target');
      host.renderer.drawDraftConnector(null);
    };
    return {
      move: (m) => {
        host.renderer.drawDraftConnector(from, host.viewport.toBoard(m.clientX, m.clientY));
        const t = targetAt(m);
        if (t !== hover) {
          hover?.classList.remove('connect-target');
          t?.classList.add('connect-target');
          hover = t;
        }
      },
      up: (m) => {
        clear();
        const t = targetAt(m);
        if (t instanceof HTMLElement && t.dataset.id) {
          host.issue([{ type: Cmd.ADD_CONNECTOR, id: newId(), from: id, to: t.dataset.id }]);
        }
      },
      cancel: clear,
    };
  }

  /** Two fingers: zoom by their spread and pan by their midpoint. @returns {Gesture} */
  pinch() {
    const vp = this.host.viewport;
    const pts = () => [...this.touches.values()].slice(0, 2);
    const spread = () => {
      const [a, b] = pts();
      return Math.hypot(a.x - b.x, a.y - b.y) || 1;
    };
    const mid = () => {
      const [a, b] = pts();
      return vp.toWall((a.x + b.x) / 2, (a.y + b.y) / 2);
    };
    let lastSpread = spread();
    let lastMid = mid();
    return {
      move: () => {
        if (this.touches.size < 2) return;
        const s = spread();
        const m = mid();
        vp.panBy(m.x - lastMid.x, m.y - lastMid.y);
        vp.zoomBy(s / lastSpread, m.x, m.y);
        lastSpread = s;
        lastMid = m;
      },
      up: () => {},
      cancel: () => {},
    };
  }
}

/** Whether keys typed now go into a text field. @param {EventTarget | null} t */
export function isTyping(t) {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || t.matches('input, textarea, select');
}
