// Never in doubt: the connection indicator (live / reconnecting / offline, with the number of
// changes not yet confirmed, and how much of a big board has arrived while it loads) and short
// notices for refused edits.

import { ConnState, Rejection } from './protocol.js';

/** @typedef {import('./socket.js').Progress} Progress */

/**
 * The indicator's words. Pure.
 * @param {import('./socket.js').ConnectionState} state @param {number} unsent
 * @param {Progress | null} [progress]  How much of the board has arrived, while it loads.
 * @returns {string}
 */
export function statusText(state, unsent, progress = null) {
  const changes = unsent === 1 ? '1 unsent change' : `${unsent} unsent changes`;
  if (progress && state !== ConnState.LIVE) {
    const loading = `Loading the board · ${loadedText(progress)}`;
    return unsent ? `${loading} · ${changes}` : loading;
  }
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

/** "1.2 of 4.5 MB (27 %)". Pure. @param {Progress} p */
export function loadedText(p) {
  const percent = p.total > 0 ? Math.floor((100 * p.received) / p.total) : 0;
  return `${megabytes(p.received)} of ${megabytes(p.total)} MB (${percent} %)`;
}

/** @param {number} bytes */
function megabytes(bytes) {
  return (bytes / 1_000_000).toFixed(1);
}

/**
 * What to tell the user when the server refused one of their changes. A full board: the
 * server's message, which gives the figures and says what to do. A sticky deleted too long
 * ago: where its text still is (the server's message names it by id, which helps nobody).
 * Pure.
 * @param {string} error @param {string} message
 * @returns {string}
 */
export function rejectionNotice(error, message) {
  switch (error) {
    case Rejection.BOARD_FULL:
      return message ? message[0].toUpperCase() + message.slice(1) : 'This board is full: delete or shorten stickies, or continue on a new board.';
    case Rejection.NOTE_NOT_RESTORABLE:
      return "That sticky was deleted too long ago to come back. Its text is still in the board's history: open History and go back to before it was deleted.";
  }
  return `A change could not be saved: ${message}`;
}

/** Notices that ask the user to act stay up this long; others go sooner. */
const NOTICE_MS = { short: 5000, long: 12_000 };

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
    /** @type {Progress | null} */
    this.progress = null;
  }

  /**
   * @param {import('./socket.js').ConnectionState} state @param {number} unsent
   * @param {Progress | null} [progress]
   */
  show(state, unsent, progress = null) {
    if (state === this.state && unsent === this.unsent && progress === this.progress) return;
    this.state = state;
    this.unsent = unsent;
    this.progress = progress;
    this.indicator.dataset.state = state;
    this.indicator.dataset.unsent = String(unsent);
    if (progress && state !== ConnState.LIVE) {
      this.indicator.dataset.loaded = String(progress.received);
      this.indicator.dataset.total = String(progress.total);
    } else {
      delete this.indicator.dataset.loaded;
      delete this.indicator.dataset.total;
    }
    this.text.textContent = statusText(state, unsent, progress);
  }

  /** @param {string} message @param {'short' | 'long'} [length] */
  toast(message, length = 'short') {
    this.toastEl.textContent = message;
    this.toastEl.hidden = false;
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => {
      this.toastEl.hidden = true;
    }, NOTICE_MS[length]);
  }
}
