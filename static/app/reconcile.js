// Optimistic edits reconciled by op id. The confirmed state is exactly what the server's
// events say; the pending ops (this client's commands not yet acknowledged) are replayed on top
// of it to give the state the wall shows. The server sends an op's events as soon as the board
// has decided them, before their commit, and acknowledges the op after the commit. So an op
// whose events have arrived is folded into the confirmed state and no longer replayed
// (`delivered`), but stays pending, and in the outbox, until its `ack`: if the commit fails,
// the server retracts those events and sends the committed board, and the op is replayed and
// sent again. A refusal also removes an op; a refused op simply disappears from the replay,
// which rolls its effect back. Pure.

import { applyEvents } from './model.js';
import { decide } from './decide.js';

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./types.js').PendingOp} PendingOp */
/** @typedef {import('./types.js').EventEnvelope} EventEnvelope */

/**
 * The event at the confirmed state's seq, as the join's `since_event` names it.
 * @typedef {{op_id: string, at: string}} EventRef
 */

/**
 * @typedef {object} Sync
 * @property {BoardState} confirmed
 * @property {readonly PendingOp[]} pending  Oldest first; the order they were issued in.
 * @property {ReadonlySet<string>} delivered  Pending ops whose events are in `confirmed`.
 * @property {EventRef | null} head  The event at `confirmed.seq`, when it came as an event.
 */

/** @param {BoardState} confirmed @param {readonly PendingOp[]} [pending] @returns {Sync} */
export function initialSync(confirmed, pending = []) {
  return { confirmed, pending, delivered: new Set(), head: null };
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
    if (sync.delivered.has(op.op_id)) continue;
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
 * reconnect), `gap` when events are missing (the client must rejoin with its last seq). An
 * event of one of this client's pending ops marks the op delivered.
 * @param {Sync} sync
 * @param {EventEnvelope} env
 * @returns {{sync: Sync, status: 'applied' | 'stale' | 'gap'}}
 */
export function receiveEvent(sync, env) {
  const seq = sync.confirmed.seq;
  if (env.seq <= seq) return { sync, status: 'stale' };
  if (env.seq !== seq + 1) return { sync, status: 'gap' };
  const confirmed = applyEvents(sync.confirmed, [env.event], env.seq);
  const mine = sync.pending.some((op) => op.op_id === env.op_id) && !sync.delivered.has(env.op_id);
  const delivered = mine ? new Set([...sync.delivered, env.op_id]) : sync.delivered;
  return { sync: { ...sync, confirmed, delivered, head: { op_id: env.op_id, at: env.at } }, status: 'applied' };
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
  if (pending === sync.pending) return sync;
  if (!sync.delivered.has(opId)) return { ...sync, pending };
  const delivered = new Set(sync.delivered);
  delivered.delete(opId);
  return { ...sync, pending, delivered };
}

/**
 * A full board (after a welcome without events, or after a retraction): the new confirmed
 * state. Every pending op is replayed on it again, delivered or not: an op whose events the
 * board holds changes nothing when replayed and is answered `ack` (duplicate) when resent; one
 * whose events were retracted comes back.
 * @param {Sync} sync
 * @param {BoardState} confirmed
 * @returns {Sync}
 */
export function replaceConfirmed(sync, confirmed) {
  return { ...sync, confirmed, delivered: new Set(), head: null };
}

/** @param {readonly PendingOp[]} pending @param {string} opId */
function without(pending, opId) {
  const i = pending.findIndex((op) => op.op_id === opId);
  if (i < 0) return pending;
  return [...pending.slice(0, i), ...pending.slice(i + 1)];
}
