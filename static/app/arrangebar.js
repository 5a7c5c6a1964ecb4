// The arrange bar: shown while two or more stickies are selected, it lines them up (left,
// centre, right, top, middle, bottom) or spreads them at equal gaps. Each button is one
// `move_notes` command, so one undo step.

import { ALIGNMENTS, align, distribute } from './arrange.js';
import { h } from './dom.js';

/** @typedef {import('./arrange.js').Item} Item */

const LABELS = /** @type {const} */ ({
  left: ['⇤', 'Align left edges'],
  centre: ['↔', 'Align centres (vertical line)'],
  right: ['⇥', 'Align right edges'],
  top: ['⤒', 'Align top edges'],
  middle: ['↕', 'Align middles (horizontal line)'],
  bottom: ['⤓', 'Align bottom edges'],
});

export class ArrangeBar {
  /**
   * @param {HTMLElement} parent  Where the bar goes (over the wall, outside its layer).
   * @param {{selectedNotes: () => Item[], move: (moves: {id: string, x: number, y: number}[]) => void}} host
   */
  constructor(parent, host) {
    this.host = host;
    /** @param {string} name @param {string} symbol @param {string} label @param {() => {id: string, x: number, y: number}[]} moves */
    const button = (name, symbol, label, moves) =>
      h('button', {
        type: 'button',
        class: 'arrange-button',
        'data-arrange': name,
        'aria-label': label,
        title: label,
        text: symbol,
        onclick: () => {
          const m = moves();
          if (m.length) host.move(m);
        },
      });
    this.el = h(
      'div',
      { class: 'arrange-bar', role: 'toolbar', 'aria-label': 'Arrange the selection', hidden: true },
      ...ALIGNMENTS.map((a) => button(a, LABELS[a][0], LABELS[a][1], () => align(host.selectedNotes(), a))),
      button('horizontal', '⋯', 'Distribute horizontally (equal gaps)', () => distribute(host.selectedNotes(), 'horizontal')),
      button('vertical', '⋮', 'Distribute vertically (equal gaps)', () => distribute(host.selectedNotes(), 'vertical')),
    );
    parent.append(this.el);
  }

  /** Shows the bar for two or more selected stickies. @param {number} selectedNotes @param {boolean} readOnly */
  update(selectedNotes, readOnly) {
    const show = selectedNotes >= 2 && !readOnly;
    if (this.el.hidden === show) this.el.hidden = !show;
    for (const b of this.el.querySelectorAll('[data-arrange="horizontal"], [data-arrange="vertical"]')) {
      /** @type {HTMLButtonElement} */ (b).disabled = selectedNotes < 3;
    }
  }
}
