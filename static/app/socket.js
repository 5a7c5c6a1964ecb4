// The connection to the board: one WebSocket at a time, a small state machine around it.
//
//   connecting --welcome with events, or board--> live --close--> reconnecting --(3 failed
//   tries or the browser says offline)--> offline; from reconnecting and offline it keeps
//   trying with capped, jittered exponential backoff, and straight away when the browser comes
//   back online or the server asked for a resync.
//
// Every (re)open sends `join` with the last seq the app has (the app builds it), so the
// server sends exactly the events missed. A `welcome` without `events` is followed by the
// whole board in a `board` frame, and the connection is live only once that has arrived: until
// then the app has no state to apply anything to. A big board arrives in binary parts
// (parts.js); each part counts as life, so the open timeout ends an attempt that has stalled,
// not one that is still receiving a board, and the app is told how far the board has come. A
// binary frame outside a `parts` sequence means the stream is broken: the socket is dropped
// and the connection starts again. A heartbeat (`ping` every 15 s) notices a dead
// connection the browser has not. The socket factory, timers and online check are injected
// so the state machine runs under `node --test`.

import { ClientMsg, ConnState, ServerMsg } from './protocol.js';
import { Assembler } from './parts.js';

/** @typedef {'connecting' | 'live' | 'reconnecting' | 'offline'} ConnectionState */

/**
 * The part of the browser's WebSocket the connection uses.
 * @typedef {object} SocketLike
 * @property {number} readyState
 * @property {string} [binaryType]  Set to 'arraybuffer': binary parts arrive as ArrayBuffers.
 * @property {(data: string) => void} send
 * @property {(code?: number, reason?: string) => void} close
 * @property {((ev: unknown) => void) | null} onopen
 * @property {((ev: {data: unknown}) => void) | null} onmessage
 * @property {((ev: {code?: number}) => void) | null} onclose
 * @property {((ev: unknown) => void) | null} onerror
 */

/**
 * @typedef {object} Timers
 * @property {(f: () => void, ms: number) => unknown} setTimeout
 * @property {(id: unknown) => void} clearTimeout
 * @property {() => number} now
 */

/**
 * @typedef {object} ConnectionOptions
 * @property {string} url
 * @property {() => object} joinMessage  The `join` frame to send on every open.
 * @property {(msg: import('./types.js').ServerMessage) => void} onMessage
 * @property {(state: ConnectionState, info: {attempt: number, retryInMs: number | null}) => void} onState
 * @property {(progress: Progress | null) => void} [onProgress]  How much of a large message
 *   has arrived while the board loads (null once it is whole or the socket is gone).
 * @property {(url: string) => SocketLike} [makeSocket]
 * @property {Timers} [timers]
 * @property {() => boolean} [isOnline]
 * @property {() => number} [random]
 */

/** @typedef {{received: number, total: number}} Progress */

const OPEN = 1;
/** Ping the server this often while live. */
export const PING_EVERY_MS = 15_000;
/** Give up on a socket that has been silent this long (the server pings every 20 s). */
export const SILENCE_LIMIT_MS = 45_000;
/**
 * Give up on a connection attempt that has heard nothing for this long before it is live
 * (not opened, not welcomed, or no part of the board).
 */
export const OPEN_TIMEOUT_MS = 10_000;
/** Failed attempts in a row after which the indicator says offline rather than reconnecting. */
export const OFFLINE_AFTER = 3;
/** Longest wait between attempts. */
export const MAX_BACKOFF_MS = 10_000;

/**
 * The wait before reconnect attempt `attempt` (1 = the first retry): 250 ms doubling up to
 * 10 s, with ±20 % jitter so a restarted server is not hit by every client at once.
 * @param {number} attempt
 * @param {() => number} [random]
 */
export function backoffDelay(attempt, random = Math.random) {
  const base = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** @type {Timers} */
const realTimers = {
  setTimeout: (f, ms) => globalThis.setTimeout(f, ms),
  clearTimeout: (id) => globalThis.clearTimeout(/** @type {number} */ (id)),
  now: () => Date.now(),
};

export class Connection {
  /** @param {ConnectionOptions} opts */
  constructor(opts) {
    this.opts = opts;
    /** @type {(url: string) => SocketLike} */
    this.makeSocket = opts.makeSocket ?? ((url) => /** @type {SocketLike} */ (/** @type {unknown} */ (new WebSocket(url))));
    this.timers = opts.timers ?? realTimers;
    this.isOnline = opts.isOnline ?? (() => (typeof navigator === 'undefined' ? true : navigator.onLine !== false));
    this.random = opts.random ?? Math.random;
    /** @type {ConnectionState} */
    this.state = ConnState.CONNECTING;
    /** Failed attempts since the last welcome. */
    this.attempt = 0;
    /** @type {SocketLike | null} */
    this.socket = null;
    /** @type {unknown} */
    this.retryTimer = null;
    /** @type {unknown} */
    this.beatTimer = null;
    /** @type {unknown} */
    this.openTimer = null;
    this.lastHeard = 0;
    this.stopped = false;
    /** Set by `resync`: reconnect at once rather than after a backoff. */
    this.rejoinNow = false;
    /** Large messages being put back together, for the current socket. */
    this.assembler = new Assembler();
    /** Welcomed without events: the `board` frame is still to come. */
    this.awaitingBoard = false;
    /** @type {Progress | null} */
    this.progress = null;
  }

  /** Opens the first connection. */
  start() {
    this.stopped = false;
    this.open();
  }

  /** Closes for good (page unload). */
  stop() {
    this.stopped = true;
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) {
      detach(s);
      s.close(1000, 'bye');
    }
  }

  /** Whether frames sent now reach the server's board (joined and welcomed). */
  get live() {
    return this.state === ConnState.LIVE && !!this.socket && this.socket.readyState === OPEN;
  }

  /**
   * Sends a frame if the connection is live. Returns false otherwise (the caller keeps the
   * op in its outbox and sends it after the next welcome).
   * @param {object} frame
   */
  send(frame) {
    if (!this.live || !this.socket) return false;
    try {
      this.socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Drops the current socket and connects again now (the browser came back online). */
  reconnectNow() {
    if (this.stopped) return;
    this.attempt = 0;
    if (this.retryTimer !== null) {
      this.timers.clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    if (this.socket) {
      this.rejoinNow = true;
      this.socket.close(4001, 'reconnect');
      this.dropSocket();
    } else {
      this.open();
    }
  }

  /** The browser went offline: say so now instead of waiting for the socket to notice. */
  browserOffline() {
    if (this.state !== ConnState.OFFLINE) this.setState(ConnState.OFFLINE, null);
  }

  open() {
    if (this.stopped) return;
    this.retryTimer = null;
    let socket;
    try {
      socket = this.makeSocket(this.opts.url);
    } catch {
      this.failed();
      return;
    }
    this.socket = socket;
    socket.binaryType = 'arraybuffer';
    this.assembler.reset();
    this.awaitingBoard = false;
    this.lastHeard = this.timers.now();
    this.armOpenTimer(socket);
    socket.onopen = () => {
      if (this.socket !== socket) return;
      socket.send(JSON.stringify(this.opts.joinMessage()));
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket) return;
      this.lastHeard = this.timers.now();
      if (this.state !== ConnState.LIVE) this.armOpenTimer(socket);
      const outcome = this.assembler.receive(ev.data);
      switch (outcome.kind) {
        case 'message':
          this.setProgress(null);
          return this.dispatch(/** @type {import('./types.js').ServerMessage} */ (/** @type {unknown} */ (outcome.message)));
        case 'progress':
          if (this.state !== ConnState.LIVE) this.setProgress({ received: outcome.received, total: outcome.total });
          return;
        case 'broken':
          console.warn('broken message stream:', outcome.reason);
          socket.close(4004, 'broken stream');
          this.dropSocket();
          return;
        case 'ignored':
          return;
      }
    };
    socket.onclose = () => {
      if (this.socket === socket) this.dropSocket();
    };
    socket.onerror = () => {
      // A close event always follows; nothing to do here.
    };
  }

  /**
   * A whole message from the server. The connection goes live with a `welcome` that carries
   * the events since the app's seq, or with the `board` that follows a `welcome` without them.
   * @param {import('./types.js').ServerMessage} msg
   */
  dispatch(msg) {
    if (msg.type === ServerMsg.WELCOME) {
      this.awaitingBoard = !msg.events;
      if (!this.awaitingBoard) this.goLive();
    } else if (msg.type === ServerMsg.BOARD) {
      if (this.awaitingBoard) {
        this.awaitingBoard = false;
        this.goLive();
      }
    } else if (msg.type === ServerMsg.RESYNC) {
      this.rejoinNow = true;
    }
    this.opts.onMessage(msg);
  }

  goLive() {
    this.attempt = 0;
    this.clearOpenTimer();
    this.setState(ConnState.LIVE, null);
    this.scheduleBeat();
  }

  /**
   * (Re)starts the wait for the attempt to become live: anything heard from the server,
   * a part of the board included, starts it again.
   * @param {SocketLike} socket
   */
  armOpenTimer(socket) {
    this.clearOpenTimer();
    this.openTimer = this.timers.setTimeout(() => {
      this.openTimer = null;
      if (this.socket === socket && this.state !== ConnState.LIVE) {
        socket.close(4002, 'timeout');
        this.dropSocket();
      }
    }, OPEN_TIMEOUT_MS);
  }

  /** @param {Progress | null} progress */
  setProgress(progress) {
    if (progress === null && this.progress === null) return;
    this.progress = progress;
    this.opts.onProgress?.(progress);
  }

  /** The current socket is gone: plan the next attempt. */
  dropSocket() {
    const s = this.socket;
    this.socket = null;
    if (s) detach(s);
    this.assembler.reset();
    this.awaitingBoard = false;
    this.setProgress(null);
    this.clearOpenTimer();
    if (this.beatTimer !== null) {
      this.timers.clearTimeout(this.beatTimer);
      this.beatTimer = null;
    }
    if (this.stopped) return;
    if (this.rejoinNow) {
      this.rejoinNow = false;
      this.attempt = 0;
      this.setState(ConnState.RECONNECTING, 0);
      this.retryTimer = this.timers.setTimeout(() => this.open(), 0);
      return;
    }
    this.failed();
  }

  failed() {
    this.attempt += 1;
    const delay = backoffDelay(this.attempt, this.random);
    const offline = this.attempt >= OFFLINE_AFTER || !this.isOnline();
    this.setState(offline ? ConnState.OFFLINE : ConnState.RECONNECTING, delay);
    this.retryTimer = this.timers.setTimeout(() => this.open(), delay);
  }

  scheduleBeat() {
    this.beatTimer = this.timers.setTimeout(() => {
      this.beatTimer = null;
      const s = this.socket;
      if (!s || this.state !== ConnState.LIVE) return;
      if (this.timers.now() - this.lastHeard > SILENCE_LIMIT_MS) {
        s.close(4003, 'silent');
        this.dropSocket();
        return;
      }
      this.send({ type: ClientMsg.PING });
      this.scheduleBeat();
    }, PING_EVERY_MS);
  }

  /** @param {ConnectionState} state @param {number | null} retryInMs */
  setState(state, retryInMs) {
    this.state = state;
    this.opts.onState(state, { attempt: this.attempt, retryInMs });
  }

  clearOpenTimer() {
    if (this.openTimer !== null) {
      this.timers.clearTimeout(this.openTimer);
      this.openTimer = null;
    }
  }

  clearTimers() {
    this.clearOpenTimer();
    for (const t of [this.retryTimer, this.beatTimer]) {
      if (t !== null) this.timers.clearTimeout(t);
    }
    this.retryTimer = null;
    this.beatTimer = null;
  }
}

/** @param {SocketLike} s */
function detach(s) {
  s.onopen = null;
  s.onmessage = null;
  s.onclose = null;
  s.onerror = null;
}
