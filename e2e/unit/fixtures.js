// Small builders shared by the unit tests.

import { fromView } from '../../static/app/model.js';

/** @typedef {import('../../static/app/types.js').Note} Note */

/**
 * @param {string} id
 * @param {Partial<Note>} [over]
 * @returns {Note}
 */
export function note(id, over = {}) {
  return { id, kind: 'event', text: id, x: 0, y: 0, w: 140, h: 100, details: {}, ...over };
}

/**
 * A confirmed board with the given notes (and connectors / frames) at `seq`.
 * @param {Note[]} notes
 * @param {{seq?: number, connectors?: import('../../static/app/types.js').Connector[], frames?: import('../../static/app/types.js').Frame[], title?: string}} [opts]
 */
export function board(notes, opts = {}) {
  return fromView({
    id: 'b1',
    title: opts.title ?? 'Board',
    seq: opts.seq ?? 1,
    notes,
    connectors: opts.connectors ?? [],
    frames: opts.frames ?? [],
  });
}

/** Deterministic ids: id-1, id-2, ... */
export function idMaker(prefix = 'id') {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

/** A Map-backed Web Storage stand-in. */
export class MemoryStorage {
  constructor() {
    /** @type {Map<string, string>} */
    this.map = new Map();
    this.full = false;
  }
  /** @param {string} k */
  getItem(k) {
    return this.map.has(k) ? /** @type {string} */ (this.map.get(k)) : null;
  }
  /** @param {string} k @param {string} v */
  setItem(k, v) {
    if (this.full) throw new Error('QuotaExceededError');
    this.map.set(k, String(v));
  }
  /** @param {string} k */
  removeItem(k) {
    this.map.delete(k);
  }
}
