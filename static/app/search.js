// Search: stickies whose text, description or payload field names contain the query are
// highlighted; Enter walks through them, centring each and selecting it.

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./types.js').Note} Note */

/**
 * The notes matching a query, top-to-bottom then left-to-right. Pure.
 * @param {BoardState} state @param {string} query @returns {Note[]}
 */
export function findNotes(state, query) {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return [];
  const hit = (/** @type {string | undefined} */ s) => !!s && s.toLocaleLowerCase().includes(q);
  return [...state.notes.values()]
    .filter((n) => hit(n.text) || hit(n.details.description) || (n.details.fields ?? []).some((f) => hit(f.name)))
    .sort((a, b) => a.y - b.y || a.x - b.x);
}

/**
 * @typedef {object} SearchHost
 * @property {() => BoardState} state
 * @property {(ids: Set<string>) => void} setMatches
 * @property {(id: string) => void} showNote
 */

export class Search {
  /** @param {HTMLInputElement} input @param {HTMLElement} count @param {SearchHost} host */
  constructor(input, count, host) {
    this.input = input;
    this.count = count;
    this.host = host;
    /** @type {Note[]} */
    this.results = [];
    this.index = -1;
    input.addEventListener('input', () => {
      this.index = -1;
      this.refresh();
    });
    input.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter') {
        e.preventDefault();
        this.step(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        input.value = '';
        this.refresh();
        input.blur();
      }
    });
  }

  /** Recomputes the hits (after typing, or when the board changed). */
  refresh() {
    this.results = findNotes(this.host.state(), this.input.value);
    if (this.index >= this.results.length) this.index = this.results.length - 1;
    this.host.setMatches(new Set(this.results.map((n) => n.id)));
    this.showCount();
  }

  /** @param {number} by */
  step(by) {
    if (!this.results.length) return;
    this.index = (this.index + by + this.results.length) % this.results.length;
    this.host.showNote(this.results[this.index].id);
    this.showCount();
  }

  showCount() {
    const q = this.input.value.trim();
    const n = this.results.length;
    this.count.textContent = !q ? '' : n === 0 ? 'No matches' : this.index >= 0 ? `${this.index + 1} of ${n}` : `${n} match${n === 1 ? '' : 'es'}`;
  }

  focus() {
    this.input.focus();
    this.input.select();
  }
}
