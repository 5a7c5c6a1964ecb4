// The outbox: ops this client made that the server has not confirmed, kept in localStorage
// per board so that they survive a reload and go out again, with the same op ids, when the
// connection is back. The server answers a resend of an op it already has with `ack`
// (duplicate), so resending is always safe. Pure apart from the storage it is given.

import { Storage } from './protocol.js';

/** @typedef {import('./types.js').PendingOp} PendingOp */

/**
 * The part of the Web Storage API the outbox needs (tests pass a Map-backed one).
 * @typedef {{getItem(key: string): string | null, setItem(key: string, value: string): void, removeItem(key: string): void}} KeyValueStorage
 */

/** @param {string} boardId */
export function outboxKey(boardId) {
  return Storage.OUTBOX_PREFIX + boardId;
}

/**
 * @param {KeyValueStorage} storage
 * @param {string} boardId
 * @returns {PendingOp[]} The saved ops, oldest first; none when nothing (valid) is saved.
 */
export function loadOutbox(storage, boardId) {
  let raw;
  try {
    raw = storage.getItem(outboxKey(boardId));
  } catch {
    return [];
  }
  if (!raw) return [];
  try {
    const saved = JSON.parse(raw);
    const ops = Array.isArray(saved?.ops) ? saved.ops : [];
    return ops.filter(isPendingOp);
  } catch {
    return [];
  }
}

/**
 * Saves the ops (or forgets the key when there are none). Returns false when the storage
 * refused (quota, private mode): the ops then live only in memory.
 * @param {KeyValueStorage} storage
 * @param {string} boardId
 * @param {readonly PendingOp[]} ops
 * @returns {boolean}
 */
export function saveOutbox(storage, boardId, ops) {
  try {
    if (ops.length === 0) {
      storage.removeItem(outboxKey(boardId));
    } else {
      storage.setItem(outboxKey(boardId), JSON.stringify({ version: 1, ops }));
    }
    return true;
  } catch {
    return false;
  }
}

/** @param {unknown} v @returns {v is PendingOp} */
function isPendingOp(v) {
  if (!v || typeof v !== 'object') return false;
  const o = /** @type {{op_id?: unknown, command?: unknown}} */ (v);
  return (
    typeof o.op_id === 'string' &&
    !!o.command &&
    typeof o.command === 'object' &&
    typeof (/** @type {{type?: unknown}} */ (o.command).type) === 'string'
  );
}

/**
 * Which saved ops still need sending on this connection: all of them after a (re)join, in
 * order. Kept as a function so the rule is stated once.
 * @param {readonly PendingOp[]} pending
 * @param {ReadonlySet<string>} sentOnThisConnection
 * @returns {PendingOp[]}
 */
export function unsent(pending, sentOnThisConnection) {
  return pending.filter((op) => !sentOnThisConnection.has(op.op_id));
}
