// Optimistic edits reconciled by op id. The confirmed state is exactly what the server's
// events say; the pending ops (this client's commands not yet confirmed) are replayed on top of
// it to give the state the wall shows. When the server's event for an op arrives, the op is
// confirmed and leaves the pending list; an `ack` (a command that changed nothing, or a resend
// the server already had) or a refusal also removes it. A refused op simply disappears from the
// replay, which rolls its effect back. Pure.

import { applyEvents } from './model.js';
import { decide } from './decide.js';

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./types.js').PendingOp} PendingOp */
/** @typedef {import('./types.js').EventEnvelope} EventEnvelope */

/**
 * @typedef {object} Sync
 * @property {BoardState} confirmed
 * @property {readonly PendingOp[]} pending  Oldest first; the order they were issued in.
 */

/** @param {BoardState} confirmed @param {readonly PendingOp[]} [pending] @returns {Sync} */
export function initialSync(confirmed, pending = []) {
  return { confirmed, pending };
}

/**
 * The state to show: the confirmed state with every pending op replayed on it. An op that no
 * longer applies (its sticky was deleted by someone else meanwhile) is skipped; the server
 * will refuse it too.
 * @param {Sync} sync
 * @returns {BoardState}
 */
export function visibleState(sync) {
  let s = sync.confirmed;
  for (const op of sync.pending) {
    const events = decide(s, op.command);
    if (events && events.length) {
      s = applyEvents(s, events);
    }
  }
  return s;
}

/**
 * Adds an op the user just made.
 * @param {Sync} sync
 * @param {PendingOp} op
 * @returns {Sync}
 */
export function addPending(sync, op) {
  return { ...sync, pending: [...sync.pending, op] };
}

/**
 * Folds one event from the server. `stale` for an event already folded (a repeat after a
 * reconnect), `gap` when events are missing (the client must rejoin with its last seq).
 * @param {Sync} sync
 * @param {EventEnvelope} env
 * @returns {{sync: Sync, status: 'applied' | 'stale' | 'gap'}}
 */
export function receiveEvent(sync, env) {
  const seq = sync.confirmed.seq;
  if (env.seq <= seq) return { sync, status: 'stale' };
  if (env.seq !== seq + 1) return { sync, status: 'gap' };
  const confirmed = applyEvents(sync.confirmed, [env.event], env.seq);
  return { sync: { confirmed, pending: without(sync.pending, env.op_id) }, status: 'applied' };
}

/**
 * The server is done with an op (`ack`, or `rejected` without retry): it leaves the pending
 * list. Its events, if any, were folded already.
 * @param {Sync} sync
 * @param {string} opId
 * @returns {Sync}
 */
export function settle(sync, opId) {
  const pending = without(sync.pending, opId);
  return pending === sync.pending ? sync : { ...sync, pending };
}

/**
 * A full board from a `welcome`: the new confirmed state. Pending ops stay; the ones the server
 * already has are answered `ack` (duplicate) when they are resent.
 * @param {Sync} sync
 * @param {BoardState} confirmed
 * @returns {Sync}
 */
export function replaceConfirmed(sync, confirmed) {
  return { ...sync, confirmed };
}

/** @param {readonly PendingOp[]} pending @param {string} opId */
function without(pending, opId) {
  const i = pending.findIndex((op) => op.op_id === opId);
  if (i < 0) return pending;
  return [...pending.slice(0, i), ...pending.slice(i + 1)];
}
