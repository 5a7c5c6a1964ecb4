// Private mode on the board page: the facilitator's switch in the More menu ("Private mode",
// then "Reveal private stickies"), and the banner that tells everyone their new stickies are
// theirs alone until the reveal. The server keeps each participant's private stickies from
// everyone else (docs/protocol.md, "Private mode"); the wall marks this browser's own.

import { Cmd } from './protocol.js';

/** @typedef {import('./model.js').BoardState} BoardState */

/**
 * @typedef {object} PrivateModeHost
 * @property {(command: import('./types.js').Command) => void} send
 * @property {() => BoardState} state
 */

/**
 * The banner's words: what private mode means, and how many of this participant's stickies
 * wait for the reveal.
 * @param {number} own
 * @returns {string}
 */
export function privateBannerText(own) {
  const mine = own === 0 ? '' : ` You have ${own} private ${own === 1 ? 'sticky' : 'stickies'}.`;
  return `Private mode: new stickies are seen only by whoever adds them until the facilitator reveals them.${mine}`;
}

export class PrivateModeControls {
  /**
   * @param {PrivateModeHost} host
   * @param {HTMLButtonElement} toggle The facilitator's menu item.
   * @param {HTMLElement} banner
   */
  constructor(host, toggle, banner) {
    this.host = host;
    this.ui = { toggle, banner };
    this.drawn = '';
    toggle.addEventListener('click', () => host.send({ type: host.state().facilitation.private_mode ? Cmd.END_PRIVATE_MODE : Cmd.START_PRIVATE_MODE }));
  }

  /** Brings the switch and the banner in line with the board (called with every render). */
  update() {
    const state = this.host.state();
    const f = state.facilitation;
    const on = !!f.private_mode;
    // Deleted ones stay listed (they stay private); the count is of those on the wall.
    const own = Object.keys(f.private_notes ?? {}).filter((id) => state.notes.has(id)).length;
    const key = `${on}|${own}`;
    if (key === this.drawn) return;
    this.drawn = key;
    this.ui.toggle.textContent = on ? 'Reveal private stickies' : 'Private mode';
    this.ui.toggle.title = on ? 'End private mode: everyone sees every sticky' : 'Each participant’s new stickies are seen only by them until you reveal them';
    this.ui.toggle.classList.toggle('on', on);
    this.ui.banner.hidden = !on;
    if (on) this.ui.banner.textContent = privateBannerText(own);
  }
}
