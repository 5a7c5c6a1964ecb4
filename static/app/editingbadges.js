// Shows who else is typing into a sticky: their colour and name on it, from the `editing` their
// presence carries (editing.js keeps the rules of when a mark counts).

import { EDITING_TIMEOUT_MS, editorsOf, noteEditing } from './editing.js';
import { h } from './dom.js';

/** @typedef {import('./types.js').Participant} Participant */

export class EditingBadges {
  constructor() {
    /** @type {Map<string, import('./editing.js').EditingMark>} */
    this.marks = new Map();
    /** Stickies that carry a badge now. @type {Set<string>} */
    this.shown = new Set();
  }

  /** @param {string} participant @param {string | null | undefined} editing */
  set(participant, editing) {
    this.marks = noteEditing(this.marks, participant, editing, Date.now());
  }

  /** Everyone else editing `note` now. @param {string} note @param {readonly Participant[]} others @returns {Participant[]} */
  editors(note, others) {
    const ids = new Set(editorsOf(this.marks, note, others, Date.now()));
    return others.filter((p) => ids.has(p.id));
  }

  /** Whether a mark may have run out since the last draw (the wall redraws to drop it). */
  anyMarks() {
    const now = Date.now();
    return [...this.marks.values()].some((m) => now - m.at < EDITING_TIMEOUT_MS + 1_000);
  }

  /**
   * Puts a badge on every sticky someone else edits and takes it off the rest.
   * @param {(id: string) => HTMLElement | null} noteElement @param {readonly Participant[]} others
   */
  draw(noteElement, others) {
    /** @type {Set<string>} */
    const now = new Set();
    for (const m of this.marks.values()) {
      if (now.has(m.note)) continue;
      const who = this.editors(m.note, others);
      const el = noteElement(m.note);
      if (!who.length || !el) continue;
      now.add(m.note);
      const label = `${who.map((p) => p.name).join(', ')} ${who.length > 1 ? 'are' : 'is'} editing`;
      let badge = /** @type {HTMLElement | null} */ (el.querySelector('.editing-badge'));
      if (!badge) {
        badge = h('span', { class: 'editing-badge', role: 'status' });
        el.append(badge);
      }
      if (badge.textContent !== label) badge.textContent = label;
      badge.style.setProperty('--colour', who[0].colour);
      el.style.setProperty('--editor', who[0].colour);
      el.classList.add('edited-by-other');
    }
    for (const id of this.shown) {
      if (now.has(id)) continue;
      const el = noteElement(id);
      el?.querySelector('.editing-badge')?.remove();
      el?.classList.remove('edited-by-other');
    }
    this.shown = now;
  }
}
