// The board as this page holds it: the confirmed state, the pending ops (saved in the outbox),
// which of them went out on the current connection, and the undo history. Commands are
// predicted and queued here; the server's frames (events, acks, rejections, whole boards)
// settle them. Facilitation commands are sent without prediction and answered here too.

import { ClientMsg, Cmd, FACILITATION_COMMANDS, Rejection } from './protocol.js';
import { applyEvents, emptyBoard, fromView } from './model.js';
import { decide } from './decide.js';
import { addPending, initialSync, receiveEvent, replaceConfirmed, settle, visibleState } from './reconcile.js';
import { loadOutbox, saveOutbox, unsent } from './outbox.js';
import { confirm, drop, emptyHistory, record } from './undo.js';
import { newId } from './ids.js';
import { rejectionNotice } from './status.js';

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./types.js').Command} Command */
/** @typedef {import('./types.js').BoardEvent} BoardEvent */
/** @typedef {import('./types.js').EventEnvelope} EventEnvelope */
/** @typedef {import('./types.js').ServerMessage} ServerMessage */

/**
 * @typedef {object} BoardSyncHost
 * @property {string} boardId
 * @property {string} title The title the page was served with, until the board arrives.
 * @property {Storage} storage Where the outbox is kept.
 * @property {boolean} viewOnly A view-only page keeps no outbox.
 * @property {(frame: object) => boolean} send Sends now; false when not connected.
 * @property {() => void} reconnect The event stream has a gap: join again.
 * @property {() => void} changed The state the wall shows changed.
 * @property {(message: string, length?: 'short' | 'long') => void} toast
 * @property {() => string | null} me This participant's id, once the server said it.
 */

export class BoardSync {
  /** @param {BoardSyncHost} host */
  constructor(host) {
    this.host = host;
    const pending = host.viewOnly ? [] : loadOutbox(host.storage, host.boardId);
    /** @type {import('./reconcile.js').Sync} */
    this.sync = initialSync(emptyBoard(host.boardId, host.title), pending);
    /** Whether the confirmed state came from the server (else join asks for the whole board). */
    this.hasBoard = false;
    this.dirty = true;
    /** @type {BoardState} */
    this.visible = this.sync.confirmed;
    this.history = emptyHistory();
    /** Ops this page sent and keeps undo history for -> the events the server confirmed so far. @type {Map<string, BoardEvent[]>} */
    this.tracked = new Map();
    /** Ops sent on the current connection. @type {Set<string>} */
    this.sent = new Set();
    /** A `retract` came: the next `board` is the committed board on this same connection. */
    this.retracted = false;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.resendTimer = null;
    this.resendAttempt = 0;
    /** Facilitation commands sent and not yet answered. @type {Set<string>} */
    this.facilOps = new Set();
  }

  /** Confirmed plus pending. */
  live() {
    if (this.dirty) {
      this.visible = visibleState(this.sync);
      this.dirty = false;
    }
    return this.visible;
  }

  /**
   * Applies commands optimistically, queues them in the outbox and sends them when live.
   * Commands the board would refuse (their target is gone) or that change nothing are not sent.
   * Returns how many were refused locally.
   * @param {Command[]} commands
   * @param {{group?: string | null, target?: 'undo' | 'redo' | 'undo-keep-redo'}} [opts]
   */
  issue(commands, opts = {}) {
    let refused = 0;
    /** @type {{op_id: string, events: BoardEvent[]}[]} */
    const recorded = [];
    for (const given of commands) {
      const state = this.live();
      const command = withOwner(given, state, this.host.me());
      const events = decide(state, command);
      if (events === null) {
        refused += 1;
        continue;
      }
      if (events.length === 0) continue;
      const op = { op_id: newId(), command };
      this.sync = addPending(this.sync, op);
      this.visible = applyEvents(state, events);
      this.tracked.set(op.op_id, []);
      recorded.push({ op_id: op.op_id, events });
      if (this.host.send({ type: ClientMsg.COMMAND, op_id: op.op_id, command })) this.sent.add(op.op_id);
    }
    if (recorded.length) {
      this.history = record(this.history, recorded, { group: opts.group ?? null, target: opts.target ?? 'undo' });
      this.persist();
      this.host.changed();
    }
    return refused;
  }

  persist() {
    saveOutbox(this.host.storage, this.host.boardId, this.sync.pending);
  }

  /** A new connection: nothing is sent on it yet. */
  connectionChanged() {
    this.sent.clear();
  }

  /** The server took the join. */
  welcomed() {
    this.facilOps.clear();
    this.retracted = false;
  }

  /** Events after the committed seq were never committed; the committed board follows. */
  retract() {
    this.retracted = true;
  }

  /** @param {Extract<ServerMessage, {type: 'ack'}>} msg */
  ack(msg) {
    if (this.facilOps.delete(msg.op_id)) return;
    this.sync = settle(this.sync, msg.op_id);
    this.dirty = true;
    const events = this.tracked.get(msg.op_id);
    if (events) {
      // A duplicate ack for an op whose events came in a full board: keep the prediction.
      if (!(msg.duplicate && events.length === 0)) this.history = confirm(this.history, msg.op_id, events);
      this.tracked.delete(msg.op_id);
    }
    this.persist();
    this.host.changed();
  }

  /**
   * The whole board, after a welcome without events or a retraction. Answers whether the page
   * has now caught up (false after a retraction: the same connection, whose ops the server
   * still answers).
   * @param {import('./types.js').BoardView} view
   */
  board(view) {
    this.sync = replaceConfirmed(this.sync, fromView(view));
    // Pending ops' events come again (or, for those the board already holds, only their ack).
    for (const op of this.sync.pending) if (this.tracked.has(op.op_id)) this.tracked.set(op.op_id, []);
    this.hasBoard = true;
    this.dirty = true;
    if (this.retracted) {
      this.retracted = false;
      this.host.changed();
      return false;
    }
    return true;
  }

  /** Answers whether the event was applied. @param {EventEnvelope} env */
  event(env) {
    const { sync, status } = receiveEvent(this.sync, env);
    if (status === 'gap') {
      this.host.reconnect();
      return false;
    }
    if (status !== 'applied') return false;
    this.sync = sync;
    this.dirty = true;
    const mine = this.tracked.get(env.op_id);
    if (mine) mine.push(env.event);
    this.host.changed();
    return true;
  }

  /** @param {Extract<ServerMessage, {type: 'rejected'}>} msg */
  rejected(msg) {
    if (this.facilOps.delete(msg.op_id)) {
      if (msg.error === Rejection.BOARD_FULL) this.host.toast(rejectionNotice(msg.error, msg.message), 'long');
      else this.host.toast(msg.retryable ? 'The server is busy: try again in a moment.' : msg.message);
      return;
    }
    if (msg.retryable) {
      this.sent.delete(msg.op_id);
      this.scheduleResend();
      return;
    }
    this.sync = settle(this.sync, msg.op_id);
    this.dirty = true;
    this.history = drop(this.history, msg.op_id);
    this.tracked.delete(msg.op_id);
    this.persist();
    const actionable = msg.error === Rejection.BOARD_FULL || msg.error === Rejection.NOTE_NOT_RESTORABLE;
    this.host.toast(rejectionNotice(msg.error, msg.message), actionable ? 'long' : 'short');
    this.host.changed();
  }

  /** Sends every pending op not yet sent on this connection, oldest first. */
  flushOutbox() {
    for (const op of unsent(this.sync.pending, this.sent)) {
      if (!this.host.send({ type: ClientMsg.COMMAND, op_id: op.op_id, command: op.command })) return;
      this.sent.add(op.op_id);
    }
    this.resendAttempt = 0;
  }

  scheduleResend() {
    if (this.resendTimer) return;
    this.resendAttempt += 1;
    this.resendTimer = setTimeout(() => {
      this.resendTimer = null;
      this.flushOutbox();
    }, Math.min(10_000, 500 * 2 ** this.resendAttempt));
  }

  /**
   * Sends a facilitation command (phase, timer, vote, dots). Not predicted, queued or undone:
   * the wall changes when the server's event arrives, and one that cannot be sent now is not
   * sent later (a timer started an hour late would be wrong).
   * @param {Command} command
   */
  facilitate(command) {
    if (!FACILITATION_COMMANDS.has(command.type)) return;
    const op_id = newId();
    if (!this.host.send({ type: ClientMsg.COMMAND, op_id, command })) {
      this.host.toast('Not connected: try again when the board is live.');
      return;
    }
    this.facilOps.add(op_id);
  }
}

/**
 * A new sticky names who adds it in private mode, so the wall shows it as theirs alone at
 * once (the server stamps the owner itself, whatever the client says).
 * @param {Command} command @param {BoardState} state @param {string | null} me @returns {Command}
 */
function withOwner(command, state, me) {
  if (command.type !== Cmd.ADD_NOTE || !state.facilitation.private_mode || !me) return command;
  return { ...command, owner: me };
}
