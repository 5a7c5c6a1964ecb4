// The big timer: the shared countdown as a large overlay on the wall that each person shows or
// hides for themselves, and a chime when it runs out, which each person turns on or off. Both
// choices are kept in this browser (personal.js).

import { byId } from './dom.js';
import { formatClock, remainingMs } from './facilitation.js';
import { readPrefs, writePref } from './personal.js';
import { showWith } from './overlay.js';

/** @typedef {import('./types.js').Timer} Timer */
/** @typedef {import('./outbox.js').KeyValueStorage} KeyValueStorage */

/**
 * A timer that ran out longer ago than this does not ring: someone opening the board after
 * the end (or coming back to a sleeping tab) should not hear it.
 */
export const RING_WINDOW_MS = 5_000;

/**
 * Which end of the timer should ring now: its key when a running timer reached zero within
 * the ring window and that end has not rung yet, otherwise null. An end is the moment it runs
 * out, so added time or a restart is a new end that rings again.
 * @param {Timer | null} timer @param {number} serverNow @param {string} rungFor  The last end that rang.
 * @returns {string | null}
 */
export function endToRing(timer, serverNow, rungFor) {
  if (!timer || timer.state !== 'running') return null;
  if (remainingMs(timer, serverNow) > 0) return null;
  if (serverNow - timer.ends_at_ms > RING_WINDOW_MS) return null;
  const key = String(timer.ends_at_ms);
  return key === rungFor ? null : key;
}

/** What the overlay says above the clock, by the timer's state. */
const STATE_LABELS = Object.freeze({ none: 'No timer', running: 'Time left', paused: 'Paused', done: 'Time is up' });

/**
 * @typedef {object} BigTimerHost
 * @property {() => Timer | null} timer
 * @property {() => number} serverNow
 * @property {KeyValueStorage} storage
 * @property {{ring(): void, context(): unknown}} chime
 */

export class BigTimer {
  /** @param {BigTimerHost} host */
  constructor(host) {
    this.host = host;
    this.overlay = byId('big-timer');
    this.clock = byId('big-timer-clock');
    this.label = byId('big-timer-label');
    this.toggle = /** @type {HTMLButtonElement} */ (byId('big-timer-toggle'));
    this.soundButtons = /** @type {HTMLButtonElement[]} */ ([byId('timer-sound'), byId('big-timer-sound')]);
    this.prefs = readPrefs(host.storage);
    /** The end that last rang (whether or not the sound was on). */
    this.rungFor = '';
    this.toggle.addEventListener('click', () => this.show(!this.prefs.bigTimer));
    byId('big-timer-close').addEventListener('click', () => this.show(false));
    for (const b of this.soundButtons) {
      b.addEventListener('click', () => {
        this.prefs = writePref(host.storage, 'timerSound', !this.prefs.timerSound);
        // Turning it on is a click: the moment a browser lets a page start its audio.
        if (this.prefs.timerSound) host.chime.context();
        this.tick();
      });
    }
    // With the sound on from an earlier visit, the first press on the page is the gesture
    // that lets its audio start; before it, a browser keeps the page silent.
    document.addEventListener('pointerdown', () => this.prefs.timerSound && host.chime.context(), { capture: true, passive: true });
  }

  /** @param {boolean} show */
  show(show) {
    this.prefs = writePref(this.host.storage, 'bigTimer', show);
    this.tick();
  }

  /** The overlay and the chime, from the server's clock: called a few times a second. */
  tick() {
    const timer = this.host.timer();
    const now = this.host.serverNow();
    const { bigTimer, timerSound } = this.prefs;
    // The toggle and the bar's sound button show while there is a timer to watch.
    this.toggle.hidden = !timer;
    this.soundButtons[0].hidden = !timer;
    showWith(this.overlay, bigTimer && !!timer);
    this.toggle.setAttribute('aria-pressed', String(bigTimer));
    for (const b of this.soundButtons) {
      b.setAttribute('aria-pressed', String(timerSound));
      b.textContent = timerSound ? 'Sound on' : 'Sound off';
      b.title = timerSound ? 'A chime plays when the timer runs out (click to mute)' : 'No sound when the timer runs out (click to turn it on)';
    }
    const left = remainingMs(timer, now);
    const text = timer ? formatClock(left) : 'No timer';
    if (this.clock.textContent !== text) this.clock.textContent = text;
    const state = !timer ? 'none' : left === 0 ? 'done' : timer.state;
    this.overlay.dataset.state = state;
    if (this.label.textContent !== STATE_LABELS[state]) this.label.textContent = STATE_LABELS[state];
    const end = endToRing(timer, now, this.rungFor);
    if (end !== null) {
      this.rungFor = end;
      if (timerSound) this.host.chime.ring();
    }
  }
}
