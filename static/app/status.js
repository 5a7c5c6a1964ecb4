// Never in doubt: the connection indicator (live / reconnecting / offline, with the number of
// changes not yet confirmed) and short notices for refused edits.

import { ConnState } from './protocol.js';

/**
 * The indicator's words. Pure.
 * @param {import('./socket.js').ConnectionState} state @param {number} unsent
 * @returns {string}
 */
export function statusText(state, unsent) {
  const changes = unsent === 1 ? '1 unsent change' : `${unsent} unsent changes`;
  switch (state) {
    case ConnState.LIVE:
      return unsent ? `Live · saving ${changes.replace('unsent ', '')}` : 'Live · all changes saved';
    case ConnState.CONNECTING:
      return unsent ? `Connecting · ${changes}` : 'Connecting…';
    case ConnState.RECONNECTING:
      return unsent ? `Reconnecting · ${changes}` : 'Reconnecting…';
    case ConnState.OFFLINE:
      return unsent ? `Offline · ${changes}, kept on this device` : 'Offline · no unsent changes';
  }
  return state;
}

export class StatusBar {
  /** @param {HTMLElement} indicator @param {HTMLElement} text @param {HTMLElement} toast */
  constructor(indicator, text, toast) {
    this.indicator = indicator;
    this.text = text;
    this.toastEl = toast;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.toastTimer = null;
    /** @type {import('./socket.js').ConnectionState} */
    this.state = ConnState.CONNECTING;
    this.unsent = -1;
  }

  /** @param {import('./socket.js').ConnectionState} state @param {number} unsent */
  show(state, unsent) {
    if (state === this.state && unsent === this.unsent) return;
    this.state = state;
    this.unsent = unsent;
    this.indicator.dataset.state = state;
    this.indicator.dataset.unsent = String(unsent);
    this.text.textContent = statusText(state, unsent);
  }

  /** @param {string} message */
  toast(message) {
    this.toastEl.textContent = message;
    this.toastEl.hidden = false;
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => {
      this.toastEl.hidden = true;
    }, 5000);
  }
}
