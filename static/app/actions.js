// What the user can do to the board, as commands: add stickies and frames, delete, change
// kind, connect, nudge, copy/cut/paste/duplicate, undo and redo, rename. The toolbar, the
// keyboard and the panel all call these.

import { Cmd, FrameKind } from './protocol.js';
import { defaultSize, kindInfo } from './kinds.js';
import { boundsOf, snap } from './geometry.js';
import { newId } from './ids.js';
import { freeSpot } from './noteplacement.js';
import { CLIPBOARD_TYPE, clipText, makeClip, parseClip, pasteClip, pasteLines } from './clipboard.js';
import { takeRedo, takeUndo } from './undo.js';
import { guardUndo, skipNotice } from './undoguard.js';
import { isTyping } from './pointer.js';
import { frameAround, freePlace } from './placement.js';
import { byId } from './dom.js';

/** @typedef {import('./types.js').Command} Command */
/** @typedef {import('./types.js').NoteKind} NoteKind */
/** @typedef {import('./types.js').Point} Point */
/** @typedef {import('./tools.js').ToolHost} ToolHost */

/**
 * What the actions need from the page: the state they read, the few ways they change it, and
 * the components they steer.
 * @typedef {object} ActionsHost
 * @property {() => import('./model.js').BoardState} state The state the wall shows.
 * @property {() => Set<string>} selection
 * @property {() => boolean} readOnly
 * @property {() => Point | null} cursor Where the pointer is on the wall, if it is.
 * @property {(commands: Command[], opts?: {group?: string | null, target?: 'undo' | 'redo' | 'undo-keep-redo'}) => number} issue
 *   Applies and sends commands; answers how many were refused locally.
 * @property {(ids: Iterable<string>) => void} select
 * @property {() => void} renderNow
 * @property {() => void} scheduleRender
 * @property {import('./viewport.js').Viewport} viewport
 * @property {(id: string, opts?: {group?: string}) => void} startEditing Puts the caret in a sticky's text.
 * @property {() => void} finishEditing Ends editing, sending what was typed.
 * @property {() => void} flushPanel Sends the details panel's pending edits.
 * @property {() => void} showDetails Opens the details panel (it does not open by itself).
 * @property {() => import('./undo.js').History} history
 * @property {(history: import('./undo.js').History) => void} setHistory
 * @property {() => import('./types.js').Rect | null} contentBounds
 * @property {() => boolean} boxMode
 * @property {(on: boolean) => void} setBoxMode
 * @property {() => void} focusSearch
 * @property {() => void} refreshSearch
 * @property {(message: string, length?: 'short' | 'long') => void} toast
 */

/** @implements {ToolHost} */
export class Actions {
  /** @param {ActionsHost} host */
  constructor(host) {
    this.host = host;
    /** The kind double-click and paste use: the last one added. @type {NoteKind} */
    this.kind = 'event';
    /** @type {import('./clipboard.js').Clip | null} */
    this.lastClip = null;
  }

  readOnly() {
    return this.host.readOnly();
  }

  /** Where a new sticky goes: under the pointer if it is on the wall, else the middle of the view. @returns {Point} */
  placeForNew() {
    const app = this.host;
    const seen = app.viewport.visible();
    const c = app.cursor();
    if (c && c.x >= seen.x && c.y >= seen.y && c.x <= seen.x + seen.w && c.y <= seen.y + seen.h) return c;
    return { x: seen.x + seen.w / 2, y: seen.y + seen.h / 2 };
  }

  /** @param {NoteKind} kind */
  addNote(kind) {
    this.addNoteAt(kind, this.placeForNew());
  }

  /**
   * Adds a sticky on the free spot nearest `at` (never on top of another sticky, so never on
   * one a colleague just added) and starts editing its text; the add and the typing are one
   * undo step.
   * @param {NoteKind} kind @param {Point} at
   */
  addNoteAt(kind, at) {
    const app = this.host;
    if (app.readOnly()) return;
    this.kind = kind;
    const { x, y } = freeSpot(at, defaultSize(kind), app.state().notes.values());
    this.addAndEdit({ type: Cmd.ADD_NOTE, id: newId(), kind, text: '', x, y });
  }

  /**
   * Keeps text on a new sticky beside `id` (which may be deleted), without editing it: the
   * typing saved from a sticky deleted or changed under the typist.
   * @param {string} id @param {string} text
   */
  copyAsNew(id, text) {
    const s = this.host.state();
    const near = s.notes.get(id) ?? s.deleted.get(id)?.note;
    const kind = near?.kind ?? this.kind;
    const at = near ? { x: near.x + near.w / 2, y: near.y + near.h / 2 } : this.placeForNew();
    const { x, y } = freeSpot(at, defaultSize(kind), s.notes.values());
    const add = { type: Cmd.ADD_NOTE, id: newId(), kind, text, x, y };
    // Not selected: selecting would end the editing the typist may still be in.
    this.host.issue([/** @type {Command} */ (add)]);
  }

  /** Whether stickies are selected (Shift and a kind letter changes them). */
  hasSelectedNotes() {
    const s = this.host.state();
    return [...this.host.selection()].some((id) => s.notes.has(id));
  }

  /** @param {Extract<Command, {type: 'add_note'}>} add */
  addAndEdit(add) {
    const app = this.host;
    const group = `add:${add.id}`;
    app.issue([add], { group });
    app.select([add.id]);
    app.renderNow();
    app.viewport.reveal({ x: add.x, y: add.y, w: add.w ?? 140, h: add.h ?? 100 });
    app.startEditing(add.id, { group });
  }

  /** After Tab in the editor: the next sticky of the same kind to the right. @param {string} id */
  addNext(id) {
    const note = this.host.state().notes.get(id);
    if (!note || this.host.readOnly()) return;
    this.addAndEdit({ type: Cmd.ADD_NOTE, id: newId(), kind: note.kind, text: '', x: note.x + note.w + 40, y: note.y });
  }

  /** @param {string} id */
  editText(id) {
    const app = this.host;
    if (app.readOnly() || !app.state().notes.has(id)) return;
    app.select([id]);
    app.renderNow();
    app.startEditing(id);
  }

  editSelected() {
    const ids = [...this.host.selection()];
    if (ids.length !== 1) return;
    const s = this.host.state();
    if (s.notes.has(ids[0])) this.editText(ids[0]);
    else if (s.frames.has(ids[0])) this.renameFrame(ids[0]);
  }

  /** @param {NoteKind} kind */
  changeKind(kind) {
    const s = this.host.state();
    const ids = [...this.host.selection()].filter((id) => s.notes.has(id));
    if (!ids.length) return;
    this.host.issue(ids.map((id) => ({ type: Cmd.CHANGE_KIND, id, kind })));
  }

  /** @param {import('./types.js').FrameKindName} kind */
  addFrame(kind) {
    const app = this.host;
    if (app.readOnly()) return;
    const seen = app.viewport.visible();
    const s = app.state();
    // Around the selected stickies (two or more), or in the free space nearest the middle of the view.
    const picked = [...app.selection()].map((id) => s.notes.get(id)).filter((n) => !!n);
    const around = picked.length > 1 ? frameAround(picked) : null;
    const w = kind === FrameKind.SWIMLANE ? Math.max(800, snap(seen.w * 0.8)) : 640;
    const h = kind === FrameKind.SWIMLANE ? 220 : 420;
    const at = around ?? freePlace(w, h, { x: seen.x + seen.w / 2, y: seen.y + seen.h / 2 }, [...s.notes.values(), ...s.frames.values()]);
    const id = newId();
    app.issue([{ type: Cmd.ADD_FRAME, id, kind, name: '', x: snap(at.x), y: snap(at.y), w: snap(at.w), h: snap(at.h) }]);
    this.renameFrame(id);
  }

  /** Selects a frame and puts the cursor in its name. @param {string} id */
  renameFrame(id) {
    const app = this.host;
    app.select([id]);
    app.showDetails();
    app.renderNow();
    if (app.readOnly()) return;
    const input = document.getElementById('frame-name');
    if (input instanceof HTMLInputElement) {
      input.focus();
      input.select();
    }
  }

  deleteSelection() {
    const app = this.host;
    if (app.readOnly()) return;
    const s = app.state();
    const ids = [...app.selection()];
    const notes = new Set(ids.filter((id) => s.notes.has(id)));
    /** @type {Command[]} */
    const commands = [];
    for (const id of ids) {
      const c = s.connectors.get(id);
      if (c && !notes.has(c.from) && !notes.has(c.to)) commands.push({ type: Cmd.REMOVE_CONNECTOR, id });
      if (s.frames.has(id)) commands.push({ type: Cmd.REMOVE_FRAME, id });
    }
    for (const id of notes) commands.push({ type: Cmd.DELETE_NOTE, id });
    if (!commands.length) return;
    app.finishEditing();
    app.issue(commands);
    app.select([]);
    byId('wall').focus({ preventScroll: true });
  }

  duplicate() {
    const app = this.host;
    const s = app.state();
    const clip = makeClip(s, [...app.selection()].filter((id) => s.notes.has(id)));
    const b = boundsOf(clip.notes);
    if (!b || app.readOnly()) return;
    this.placeClip(clip, { x: b.x + 30, y: b.y + 30 });
  }

  /** @param {import('./clipboard.js').Clip} clip @param {Point} at */
  placeClip(clip, at) {
    const { commands, noteIds } = pasteClip(clip, { x: snap(at.x), y: snap(at.y) }, newId);
    this.host.issue(commands);
    this.host.select(noteIds);
  }

  selectAll() {
    this.host.select(this.host.state().notes.keys());
  }

  clearSelection() {
    if (this.host.selection().size === 0) {
      const input = /** @type {HTMLInputElement} */ (byId('search-input'));
      if (input.value) {
        input.value = '';
        this.host.refreshSearch();
      }
    }
    this.host.select([]);
  }

  /** Connects the first selected sticky to the second. */
  connectSelection() {
    const app = this.host;
    const s = app.state();
    const ids = [...app.selection()].filter((id) => s.notes.has(id));
    if (ids.length !== 2) {
      app.toast('Select two stickies (Shift+click) to connect them: the first one selected points to the second.');
      return;
    }
    app.issue([{ type: Cmd.ADD_CONNECTOR, id: newId(), from: ids[0], to: ids[1] }]);
  }

  /** Arrow keys: move the selection, or pan when nothing is selected. @param {number} dx @param {number} dy */
  nudge(dx, dy) {
    const app = this.host;
    const s = app.state();
    const notes = [...app.selection()].map((id) => s.notes.get(id)).filter((n) => !!n);
    const frames = [...app.selection()].map((id) => s.frames.get(id)).filter((f) => !!f);
    if (app.readOnly() || (!notes.length && !frames.length)) {
      app.viewport.panBy(-dx * 4, -dy * 4);
      return;
    }
    const group = `nudge:${[...app.selection()].sort().join(',')}`;
    /** @type {Command[]} */
    const commands = frames.map((f) => ({ type: Cmd.CHANGE_FRAME, id: f.id, x: f.x + dx, y: f.y + dy }));
    if (notes.length) commands.push({ type: Cmd.MOVE_NOTES, moves: notes.map((n) => ({ id: n.id, x: n.x + dx, y: n.y + dy })) });
    app.issue(commands, { group });
    const first = notes[0] ?? frames[0];
    if (first) app.viewport.reveal({ x: first.x + dx, y: first.y + dy, w: first.w, h: first.h });
  }

  undo() {
    this.step(takeUndo, 'Undo', 'redo', 'undone');
  }

  redo() {
    this.step(takeRedo, 'Redo', 'undo-keep-redo', 'redone');
  }

  /**
   * One undo or redo step: only what still is as this participant left it is sent; the rest is
   * skipped with a notice. `target`: where the step's inverse goes.
   * @param {typeof takeUndo} take @param {'Undo' | 'Redo'} name
   * @param {'redo' | 'undo-keep-redo'} target @param {'undone' | 'redone'} done
   */
  step(take, name, target, done) {
    const app = this.host;
    app.finishEditing();
    app.flushPanel();
    const { history, commands: all, events } = take(app.history());
    app.setHistory(history);
    const { send: commands, skipped } = guardUndo(all, events, app.state());
    if (skipped.length) app.toast(skipNotice(skipped, name), 'long');
    if (!commands.length) return;
    const refused = app.issue(commands, { target });
    if (refused) app.toast(`Part of that could not be ${done}: someone else removed what it changed.`);
  }

  /** @param {number} factor */
  zoomBy(factor) {
    this.host.viewport.zoomBy(factor);
  }

  zoomReset() {
    this.host.viewport.zoomTo(1);
  }

  zoomFit() {
    this.host.viewport.fit(this.host.contentBounds());
  }

  focusSearch() {
    this.host.focusSearch();
  }

  toggleBox() {
    const on = !this.host.boxMode();
    this.host.setBoxMode(on);
    byId('wall').classList.toggle('box-mode', on);
    this.host.scheduleRender();
  }

  /** Search result: select it and bring it into view. @param {string} id */
  showNote(id) {
    const n = this.host.state().notes.get(id);
    if (!n) return;
    this.host.select([id]);
    this.host.viewport.reveal(n);
  }

  renameBoard() {
    const app = this.host;
    if (app.readOnly()) return;
    const button = /** @type {HTMLButtonElement} */ (byId('board-title'));
    const input = document.createElement('input');
    input.className = 'title-input';
    input.value = app.state().title;
    input.maxLength = 200;
    input.setAttribute('aria-label', 'Board title');
    button.hidden = true;
    button.after(input);
    input.focus();
    input.select();
    let done = false;
    /** @param {boolean} save */
    const finish = (save) => {
      if (done) return;
      done = true;
      const title = input.value.trim();
      input.remove();
      button.hidden = false;
      button.focus();
      if (save && title && title !== app.state().title) app.issue([{ type: Cmd.RENAME_BOARD, title }]);
    };
    input.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter') finish(true);
      if (e.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true));
  }

  /** Copy, cut and paste through the system clipboard. */
  installClipboard() {
    const app = this.host;
    /** @param {ClipboardEvent} e */
    const copy = (e) => {
      if (isTyping(e.target) || !e.clipboardData) return false;
      const s = app.state();
      const clip = makeClip(s, [...app.selection()].filter((id) => s.notes.has(id)));
      if (!clip.notes.length) return false;
      e.preventDefault();
      e.clipboardData.setData('text/plain', clipText(clip));
      e.clipboardData.setData(CLIPBOARD_TYPE, JSON.stringify(clip));
      this.lastClip = clip;
      return true;
    };
    document.addEventListener('copy', (e) => copy(e));
    document.addEventListener('cut', (e) => {
      if (!app.readOnly() && copy(e)) this.deleteSelection();
    });
    document.addEventListener('paste', (e) => {
      if (isTyping(e.target) || !e.clipboardData || app.readOnly()) return;
      const text = e.clipboardData.getData('text/plain');
      const clip =
        parseClip(e.clipboardData.getData(CLIPBOARD_TYPE)) ?? (this.lastClip && clipText(this.lastClip) === text ? this.lastClip : null);
      const at = this.placeForNew();
      e.preventDefault();
      if (clip) {
        this.placeClip(clip, at);
        return;
      }
      const { commands, noteIds } = pasteLines(text, this.kind, at, defaultSize(this.kind), newId);
      if (!commands.length) return;
      app.issue(commands);
      app.select(noteIds);
      app.toast(`Pasted ${noteIds.length} ${kindInfo(this.kind).label.toLowerCase()} ${noteIds.length === 1 ? 'sticky' : 'stickies'}, one per line.`);
    });
  }
}
