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
 * @property {() => boolean} canFacilitate
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
    this.toggle = toggle;
    this.banner = banner;
    /** @type {string | null} */
    this.drawn = null;
    toggle.addEventListener('click', () => {
      const on = !!host.state().facilitation.private_mode;
      host.send({ type: on ? Cmd.END_PRIVATE_MODE : Cmd.START_PRIVATE_MODE });
    });
  }

  /** Brings the switch and the banner in line with the board (called with every render). */
  update() {
    const f = this.host.state().facilitation;
    const on = !!f.private_mode;
    const own = Object.keys(f.private_notes ?? {}).length;
    const key = `${on}|${own}|${this.host.canFacilitate()}`;
    if (key === this.drawn) return;
    this.drawn = key;
    this.toggle.textContent = on ? 'Reveal private stickies' : 'Private mode';
    this.toggle.title = on ? 'End private mode: everyone sees every sticky' : 'Each participant’s new stickies are seen only by them until you reveal them';
    this.toggle.classList.toggle('on', on);
    this.banner.hidden = !on;
    if (on) this.banner.textContent = privateBannerText(own);
  }
}
