// When the details panel shows: only when asked (the Details button by the zoom controls, or
// I), so selecting a sticky never takes a third of the wall away. An open panel closes with
// the selection, unless it is pinned; a pinned panel stays (remembered in this browser) and
// follows whatever is selected.

import { h } from './dom.js';

const PINNED_KEY = 'eventstorm.detailsPinned';

export class PanelDock {
  /**
   * @param {Storage | null} storage @param {() => void} changed  Redraws the panel.
   */
  constructor(storage, changed) {
    this.storage = storage;
    this.changed = changed;
    this.pinned = storage?.getItem(PINNED_KEY) === '1';
    this.open = this.pinned;
    this.pin = h('button', { type: 'button', class: 'icon panel-pin', 'aria-pressed': 'false', onclick: () => this.setPinned(!this.pinned) }, 'Pin');
    this.close = h('button', { type: 'button', class: 'icon panel-close', 'aria-label': 'Close details', title: 'Close details (I)', onclick: () => this.setOpen(false) }, '×');
    /** The panel's own bar, above whatever form it shows. */
    this.bar = h('div', { class: 'panel-bar' }, h('span', { class: 'panel-bar-title', text: 'Details' }), this.pin, this.close);
    /** The button that opens and closes it, next to the zoom controls. */
    this.toggle = h('button', { type: 'button', id: 'details-toggle', 'aria-pressed': 'false', 'aria-keyshortcuts': 'I', title: 'Show the details of the selection (I)', onclick: () => this.setOpen(!this.open) }, 'Details');
    this.hint = h('p', { class: 'hint', text: 'Select a sticky, a connector or a frame to see its details here.' });
    window.addEventListener('keydown', (e) => {
      if (e.key !== 'i' && e.key !== 'I') return;
      if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || typing(e.target)) return;
      e.preventDefault();
      this.setOpen(!this.open);
    });
    this.paint();
  }

  /** @param {boolean} open */
  setOpen(open) {
    this.open = open;
    this.changed();
  }

  /** @param {boolean} pinned */
  setPinned(pinned) {
    this.pinned = pinned;
    if (pinned) this.open = true;
    if (pinned) this.storage?.setItem(PINNED_KEY, '1');
    else this.storage?.removeItem(PINNED_KEY);
    this.changed();
  }

  /**
   * Whether the panel shows now. An unpinned panel closes when nothing is selected, so the
   * next selection does not bring it back by itself.
   * @param {boolean} selected
   */
  visible(selected) {
    if (!selected && !this.pinned) this.open = false;
    this.paint();
    return this.open && (selected || this.pinned);
  }

  paint() {
    this.pin.setAttribute('aria-pressed', String(this.pinned));
    const pinLabel = this.pinned ? 'Unpin the details panel' : 'Pin the details panel';
    this.pin.setAttribute('aria-label', pinLabel);
    this.pin.textContent = this.pinned ? 'Pinned' : 'Pin';
    this.pin.title = this.pinned ? 'Unpin: close with the selection' : 'Pin: keep the panel open';
    this.toggle.setAttribute('aria-pressed', String(this.open));
  }
}

/** @param {EventTarget | null} t */
function typing(t) {
  return t instanceof HTMLElement && (t.isContentEditable || !!t.closest('input, textarea, select, dialog'));
}
