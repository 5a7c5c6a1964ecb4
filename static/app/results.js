// Whether the vote results panel is open. It opens by itself when a vote closes; each person
// closes it with Esc, a click outside it, its close button or the Results button, and it stays
// closed for that vote after a reload (personal.js keeps the choice in this browser).

import { byId } from './dom.js';
import { dismiss, isDismissed, undismiss } from './personal.js';
import { showWith } from './overlay.js';

/** @typedef {import('./types.js').Vote} Vote */
/** @typedef {import('./outbox.js').KeyValueStorage} KeyValueStorage */

/**
 * Whether the results of `vote` are on show: once it is closed, until this person closes them.
 * @param {Vote | null} vote @param {boolean} closed  This person closed this vote's results.
 */
export function resultsShown(vote, closed) {
  return !!vote && !vote.open && !closed;
}

export class ResultsPanel {
  /** @param {{boardId: () => string, storage: KeyValueStorage}} host */
  constructor(host) {
    this.host = host;
    this.panel = byId('vote-results');
    this.toggle = /** @type {HTMLButtonElement} */ (byId('vote-results-toggle'));
    /** @type {Vote | null} */
    this.vote = null;
    this.toggle.addEventListener('click', () => this.setOpen(this.panel.hidden));
    byId('vote-results-close').addEventListener('click', () => this.setOpen(false));
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.panel.hidden) this.setOpen(false);
    });
    // A press anywhere outside the panel (the wall, a bar) closes it; the Results button
    // toggles it itself.
    document.addEventListener(
      'pointerdown',
      (e) => {
        const t = e.target;
        if (this.panel.hidden || !(t instanceof Node) || this.panel.contains(t) || this.toggle.contains(t)) return;
        this.setOpen(false);
      },
      true,
    );
  }

  /** @param {boolean} open */
  setOpen(open) {
    const vote = this.vote;
    if (!vote || vote.open) return;
    if (open) undismiss(this.host.storage, this.host.boardId(), 'results');
    else dismiss(this.host.storage, this.host.boardId(), 'results', vote.id);
    this.sync(vote);
  }

  /** Brings the panel in line with the vote (called with every render). @param {Vote | null} vote */
  sync(vote) {
    this.vote = vote;
    const closed = !!vote && isDismissed(this.host.storage, this.host.boardId(), 'results', vote.id);
    const show = resultsShown(vote, closed);
    this.toggle.hidden = !vote || vote.open;
    showWith(this.panel, show, this.toggle, 'aria-expanded');
  }
}
