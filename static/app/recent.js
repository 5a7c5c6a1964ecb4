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

/** @param {KeyValueStorage} storage @returns {{[boardId: string]: string}} */
function readKeys(storage) {
  try {
    const keys = JSON.parse(storage.getItem(Storage.FACILITATOR_KEYS) || '{}');
    return keys && typeof keys === 'object' && !Array.isArray(keys) ? keys : {};
  } catch {
    return {};
  }
}

/**
 * Keeps a board's facilitator key in this browser (the creator's, or one from a facilitator
 * link), so joining the board makes this browser its facilitator.
 * @param {KeyValueStorage} storage @param {string} boardId @param {string} key
 */
export function saveFacilitatorKey(storage, boardId, key) {
  try {
    storage.setItem(Storage.FACILITATOR_KEYS, JSON.stringify({ ...readKeys(storage), [boardId]: key }));
  } catch {
    // Storage full or disabled: the key works for this visit only.
  }
}

/** @param {KeyValueStorage} storage @param {string} boardId @returns {string | null} */
export function facilitatorKey(storage, boardId) {
  const key = readKeys(storage)[boardId];
  return typeof key === 'string' && key ? key : null;
}

/** @param {KeyValueStorage} storage @param {string} boardId */
export function forgetFacilitatorKey(storage, boardId) {
  try {
    const keys = readKeys(storage);
    delete keys[boardId];
    storage.setItem(Storage.FACILITATOR_KEYS, JSON.stringify(keys));
  } catch {
    // Nothing to do.
  }
}

/**
 * The facilitator key in a page's fragment (`#facilitator=KEY`), and the fragment without it.
 * @param {string} hash  `location.hash`, with or without the leading '#'
 * @returns {{key: string | null, rest: string}}
 */
export function keyFromHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const key = params.get('facilitator');
  params.delete('facilitator');
  const rest = params.toString();
  return { key: key && /^[A-Za-z0-9_-]{1,128}$/.test(key) ? key : null, rest: rest ? `#${rest}` : '' };
}
