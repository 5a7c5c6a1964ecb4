// Editing a sticky's text in place. A textarea takes the text's place inside the sticky; the
// text goes to the server when typing pauses (400 ms) and when editing ends, never per
// keystroke. What the typist wrote is never replaced without them choosing it: a colleague's
// change to the same sticky is offered next to theirs (textmerge.js), and a sticky deleted
// under them leaves their typing in a rescue box that can restore it or copy it.

import { TextChoice, mergeRemoteText, removeOnEscape, resolveText, typingToKeep } from './textmerge.js';
import { h } from './dom.js';

/** Pause in typing after which the text is sent. */
export const TEXT_DEBOUNCE_MS = 400;

/**
 * @typedef {'done' | 'tab' | 'gone' | 'cancel'} FinishReason
 * `done`: Enter or focus left; `tab`: Tab (the next sticky follows); `gone`: the sticky went;
 * `cancel`: Escape.
 */

/**
 * @typedef {object} EditorHost
 * @property {(id: string) => HTMLElement | null} noteElement
 * @property {(id: string) => string | null} noteText   The text now, or null when the note is gone.
 * @property {(id: string, text: string, group: string) => void} commit
 * @property {(id: string, reason: FinishReason) => void} finished
 * @property {(id: string) => string[]} othersEditing Names of the others editing the sticky.
 * @property {(id: string, text: string) => void} copyAsNew Adds a sticky beside `id` (even if deleted) with `text`.
 * @property {(id: string, text: string) => void} restore Brings the deleted sticky back with `text`.
 * @property {(id: string, group: string) => void} remove Deletes the sticky as part of the edit's undo step.
 * @property {(editing: string | null) => void} editingChanged
 * @property {(onPurpose: boolean) => void} closed The editor closed, on purpose (a key) or under the typist.
 */

let sessions = 0;

export class TextEditor {
  /** @param {EditorHost} host */
  constructor(host) {
    this.host = host;
    /** @type {string | null} */
    this.id = null;
    /** @type {HTMLTextAreaElement | null} */
    this.area = null;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.timer = null;
    this.group = '';
    /** The text last sent (or taken from the board): what the board says the typist agreed with. */
    this.sent = '';
    /** The text when the editor opened. */
    this.opened = '';
    /** The board's text the typist last agreed with (opened, taken or chosen). */
    this.agreed = '';
    /** Whether the sticky was added for this editing session. */
    this.isNew = false;
    /** A colleague's text waiting for the typist's choice. @type {string | null} */
    this.theirs = null;
    /** @type {HTMLElement | null} */
    this.choice = null;
    /** The editor is being closed by a key (Enter), not by losing focus. */
    this.byKey = false;
  }

  get editing() {
    return this.id;
  }

  /**
   * @param {string} id
   * @param {{group?: string, caretAtEnd?: boolean}} [opts] `group` joins the edit to an undo entry (a sticky just added).
   */
  start(id, opts = {}) {
    if (this.id === id) return;
    this.finish('done');
    const el = this.host.noteElement(id);
    const text = this.host.noteText(id);
    if (!el || text === null) return;
    const body = el.querySelector('.note-body');
    if (!body) return;
    this.id = id;
    this.isNew = !!opts.group?.startsWith('add:');
    this.group = opts.group ?? `text:${id}:${++sessions}`;
    this.sent = text;
    this.opened = text;
    this.agreed = text;
    this.theirs = null;
    const area = document.createElement('textarea');
    area.className = 'note-editor';
    area.value = text;
    area.setAttribute('aria-label', 'Sticky text (Enter to finish, Shift+Enter for a new line)');
    area.spellcheck = true;
    area.addEventListener('input', () => this.schedule());
    area.addEventListener('blur', () => this.finish('done'));
    area.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Escape') {
        e.preventDefault();
        this.finish('cancel');
      } else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.byKey = true;
        this.finish('done');
      } else if (e.key === 'Tab' && !e.shiftKey) {
        e.preventDefault();
        this.finish('tab');
      }
    });
    area.addEventListener('pointerdown', (e) => e.stopPropagation());
    area.addEventListener('dblclick', (e) => e.stopPropagation());
    body.append(area);
    const others = this.host.othersEditing(id);
    if (others.length) {
      el.append(h('p', { class: 'editor-warning', role: 'status', text: `${others.join(' and ')} ${others.length > 1 ? 'are' : 'is'} editing this sticky too: if you both change it, you choose which text stays.` }));
    }
    el.classList.add('editing');
    this.area = area;
    area.focus({ preventScroll: true });
    if (opts.caretAtEnd !== false) area.setSelectionRange(area.value.length, area.value.length);
    this.host.editingChanged(id);
  }

  schedule() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), TEXT_DEBOUNCE_MS);
  }

  /** Sends the text if it changed since the last send (not while a choice is open). */
  flush() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const id = this.id;
    const area = this.area;
    if (!id || !area || this.theirs !== null) return;
    if (this.host.noteText(id) === null) return;
    if (area.value !== this.sent) {
      this.sent = area.value;
      this.host.commit(id, area.value, this.group);
    }
  }

  /**
   * The board changed: a colleague's text for the sticky being edited is merged or offered,
   * and a sticky deleted under the typist leaves their typing in the rescue box.
   */
  boardChanged() {
    const id = this.id;
    const area = this.area;
    if (!id || !area) return;
    const theirs = this.host.noteText(id);
    if (theirs === null) {
      const mine = area.value;
      const keep = typingToKeep({ base: this.isNew ? '' : this.opened, mine });
      this.finish('gone');
      if (keep) this.rescue(id, mine);
      return;
    }
    if (theirs === this.sent || theirs === this.theirs) return;
    const merge = mergeRemoteText({ base: this.agreed, mine: area.value, theirs });
    if (merge.kind === 'take') {
      area.value = merge.text;
      this.agreed = merge.text;
    } else if (merge.kind === 'ask') {
      this.ask(id, theirs);
      return;
    }
    // The board holds this text now: only typing that differs from it is sent.
    this.sent = theirs;
  }

  /** Offers the colleague's text beside the typist's. @param {string} id @param {string} theirs */
  ask(id, theirs) {
    this.theirs = theirs;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.choice?.remove();
    const who = this.host.othersEditing(id);
    /** @param {string} text @param {import('./textmerge.js').TextChoiceName} choice */
    const button = (text, choice) =>
      h('button', {
        type: 'button',
        text,
        // Keep the focus in the text: a blur would end the editing.
        onmousedown: (/** @type {MouseEvent} */ e) => e.preventDefault(),
        onpointerdown: (/** @type {PointerEvent} */ e) => e.stopPropagation(),
        onclick: () => this.choose(choice),
      });
    const choice = h(
      'div',
      { class: 'merge-choice', role: 'alert' },
      h('p', { text: `${who.length ? who.join(' and ') : 'Someone else'} changed this sticky to “${theirs}” while you typed.` }),
      button('Keep mine', TextChoice.MINE),
      button('Take theirs', TextChoice.THEIRS),
      button('Keep both', TextChoice.BOTH),
    );
    const el = this.host.noteElement(id);
    el?.querySelector('.editor-warning')?.remove();
    el?.append(choice);
    this.choice = choice;
  }

  /** @param {import('./textmerge.js').TextChoiceName} choice */
  choose(choice) {
    const id = this.id;
    const area = this.area;
    if (!id || !area || this.theirs === null) return;
    const { keep, copy } = resolveText(choice, { mine: area.value, theirs: this.theirs });
    this.theirs = null;
    this.choice?.remove();
    this.choice = null;
    // The board holds theirs now: sending `keep` puts mine back only when mine was chosen.
    this.sent = this.host.noteText(id) ?? this.sent;
    this.agreed = this.sent;
    area.value = keep;
    this.flush();
    if (copy !== null) this.host.copyAsNew(id, copy);
    area.focus({ preventScroll: true });
  }

  /**
   * The sticky was deleted while typed into: the typing stays in a box that can bring the
   * sticky back with it, or copy it onto a new sticky. Focus moves there, so the keys that
   * follow are typed into it and never reach the wall.
   * @param {string} id @param {string} mine
   */
  rescue(id, mine) {
    document.querySelector('.rescue')?.remove();
    const text = /** @type {HTMLTextAreaElement} */ (h('textarea', { class: 'rescue-text', 'aria-label': 'Your text' }));
    text.value = mine;
    const close = () => {
      box.remove();
      this.host.closed(true);
      document.getElementById('wall')?.focus({ preventScroll: true });
    };
    const box = h(
      'div',
      { class: 'rescue', role: 'alertdialog', 'aria-label': 'Sticky deleted while you typed' },
      h('p', { text: 'Someone deleted this sticky while you were typing. Your text is kept here:' }),
      text,
      h('div', { class: 'rescue-actions' },
        h('button', { type: 'button', text: 'Restore the sticky with my text', onclick: () => (this.host.restore(id, text.value), close()) }),
        h('button', { type: 'button', text: 'Copy my text as a new sticky', onclick: () => (this.host.copyAsNew(id, text.value), close()) }),
        h('button', { type: 'button', text: 'Discard', onclick: close }),
      ),
    );
    text.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Escape') close();
    });
    document.body.append(box);
    text.focus({ preventScroll: true });
    text.setSelectionRange(text.value.length, text.value.length);
  }

  /** Ends editing, sending what was typed. @param {FinishReason} reason */
  finish(reason) {
    const id = this.id;
    const area = this.area;
    if (!id || !area) return;
    if (this.theirs !== null && reason !== 'gone') {
      // Left without choosing: theirs stays on the sticky and mine goes beside it, so neither is lost.
      const mine = area.value;
      if (mine !== this.theirs) this.host.copyAsNew(id, mine);
      this.theirs = null;
    } else if (reason !== 'gone') {
      this.flush();
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.id = null;
    this.area = null;
    this.choice = null;
    const el = this.host.noteElement(id);
    el?.classList.remove('editing');
    el?.querySelectorAll('.merge-choice, .editor-warning').forEach((n) => n.remove());
    const hadFocus = document.activeElement === area;
    area.remove();
    if (reason === 'cancel' && removeOnEscape({ isNew: this.isNew, text: this.host.noteText(id) })) this.host.remove(id, this.group);
    if (hadFocus && el && reason !== 'gone' && el.isConnected) el.focus({ preventScroll: true });
    this.host.editingChanged(null);
    this.host.closed(reason === 'cancel' || reason === 'tab' || this.byKey);
    this.byKey = false;
    this.host.finished(id, reason);
  }
}
