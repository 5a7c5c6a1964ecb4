// The boards this browser has visited, for the home page. Kept only in localStorage: the
// server never lists anyone's boards. Pure apart from the storage it is given.

import { Storage } from './protocol.js';

/** @typedef {{id: string, title: string, visited: number}} RecentBoard */
/** @typedef {import('./outbox.js').KeyValueStorage} KeyValueStorage */

/** Boards remembered at most. */
export const MAX_RECENT = 30;

/** @param {KeyValueStorage} storage @returns {RecentBoard[]} newest first */
export function readRecent(storage) {
  try {
    const list = JSON.parse(storage.getItem(Storage.RECENT_BOARDS) || '[]');
    if (!Array.isArray(list)) return [];
    return list
      .filter((b) => b && typeof b.id === 'string' && b.id)
      .map((b) => ({ id: b.id, title: typeof b.title === 'string' ? b.title : '', visited: Number(b.visited) || 0 }))
      .sort((a, b) => b.visited - a.visited);
  } catch {
    return [];
  }
}

/**
 * Puts a board at the top of the list (or updates its title).
 * @param {readonly RecentBoard[]} list @param {RecentBoard} board @returns {RecentBoard[]}
 */
export function withVisit(list, board) {
  return [board, ...list.filter((b) => b.id !== board.id)].slice(0, MAX_RECENT);
}

/** @param {KeyValueStorage} storage @param {string} id @param {string} title @param {number} [now] */
export function rememberVisit(storage, id, title, now = Date.now()) {
  try {
    storage.setItem(Storage.RECENT_BOARDS, JSON.stringify(withVisit(readRecent(storage), { id, title, visited: now })));
  } catch {
    // Storage full or disabled: the home page simply will not list this board.
  }
}

/** @param {KeyValueStorage} storage @param {string} id */
export function forgetBoard(storage, id) {
  try {
    storage.setItem(Storage.RECENT_BOARDS, JSON.stringify(readRecent(storage).filter((b) => b.id !== id)));
  } catch {
    // Nothing to do: the list stays as it was.
  }
}
