// The kinds a dot vote is about, as the facilitator picks them before opening it: a compact
// button in the facilitation bar (a coloured dot per kind picked) that opens a list of every
// kind to tick. Starts with the usual kinds (hotspots and opportunities); at least one stays
// picked. The server refuses dots on any other kind.

import { DEFAULT_VOTE_KINDS } from './facilitation.js';
import { KINDS, kindInfo } from './kinds.js';
import { h } from './dom.js';

/** @typedef {import('./types.js').NoteKind} NoteKind */

/**
 * The picked kinds after ticking (or unticking) one, in the palette's order; unticking the
 * last one keeps it (a vote is about something).
 * @param {readonly string[]} picked @param {string} kind @param {boolean} on @returns {NoteKind[]}
 */
export function toggleKind(picked, kind, on) {
  const next = new Set(picked);
  if (on) next.add(kind);
  else next.delete(kind);
  if (next.size === 0) return /** @type {NoteKind[]} */ ([...picked]);
  return /** @type {NoteKind[]} */ (KINDS.map((k) => k.kind).filter((k) => next.has(k)));
}

export class VoteKindsPicker {
  /** @param {HTMLButtonElement} button @param {HTMLElement} menu  A `popover` element. */
  constructor(button, menu) {
    this.button = button;
    this.menu = menu;
    /** @type {NoteKind[]} */
    this.picked = /** @type {NoteKind[]} */ ([...DEFAULT_VOTE_KINDS]);
    this.boxes = KINDS.map((k) => {
      const box = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', value: k.kind }));
      box.addEventListener('change', () => {
        this.picked = toggleKind(this.picked, k.kind, box.checked);
        this.draw();
      });
      return box;
    });
    menu.replaceChildren(
      h('p', { class: 'vote-kinds-title', text: 'Dots go on' }),
      ...KINDS.map((k, i) => h('label', { class: 'vote-kind' }, this.boxes[i], h('span', { class: 'vote-kind-swatch', 'data-kind': k.kind }), k.label)),
    );
    for (const swatch of menu.querySelectorAll('.vote-kind-swatch')) {
      /** @type {HTMLElement} */ (swatch).style.background = kindInfo(/** @type {HTMLElement} */ (swatch).dataset.kind ?? '').fill;
    }
    // Under its button: the list lives in the top layer, out of the bar's scrolling.
    menu.addEventListener('beforetoggle', (e) => {
      if (/** @type {ToggleEvent} */ (e).newState !== 'open') return;
      const r = button.getBoundingClientRect();
      menu.style.left = `${Math.max(4, Math.min(r.left, window.innerWidth - 220))}px`;
      menu.style.top = `${r.bottom + 4}px`;
    });
    menu.addEventListener('toggle', () => button.setAttribute('aria-expanded', String(menu.matches(':popover-open'))));
    this.draw();
  }

  /** The kinds to open the vote on. @returns {NoteKind[]} */
  kinds() {
    return [...this.picked];
  }

  draw() {
    for (const box of this.boxes) box.checked = this.picked.includes(/** @type {NoteKind} */ (box.value));
    const names = this.picked.map((k) => kindInfo(k).label).join(', ');
    this.button.replaceChildren(
      'On ',
      ...this.picked.map((k) => {
        const dot = h('span', { class: 'vote-kind-dot', 'aria-hidden': 'true' });
        dot.style.background = kindInfo(k).fill;
        return dot;
      }),
    );
    this.button.setAttribute('aria-label', `Vote on: ${names}`);
    this.button.title = `Vote on: ${names}. Click to pick the kinds.`;
  }
}
