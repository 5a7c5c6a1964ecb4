import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Connection, MAX_BACKOFF_MS, OFFLINE_AFTER, OPEN_TIMEOUT_MS, PING_EVERY_MS, SILENCE_LIMIT_MS, backoffDelay } from '../../static/app/socket.js';

class FakeSocket {
  /** @param {string} url */
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    /** @type {string[]} */
    this.sent = [];
    this.closed = false;
    /** @type {any} */ this.onopen = null;
    /** @type {any} */ this.onmessage = null;
    /** @type {any} */ this.onclose = null;
    /** @type {any} */ this.onerror = null;
    this.binaryType = 'blob';
  }
  /** @param {string} d */
  send(d) {
    this.sent.push(d);
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  /** @param {object} msg */
  receive(msg) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  /** @param {Uint8Array} bytes  Delivered as the browser does with binaryType 'arraybuffer'. */
  receiveBinary(bytes) {
    this.onmessage?.({ data: bytes.slice().buffer });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
}

function harness(online = true) {
  /** @type {FakeSocket[]} */
  const sockets = [];
  /** @type {{at: number, f: () => void, id: number}[]} */
  let timers = [];
  let now = 0;
  let nextId = 1;
  /** @type {string[]} */
  const states = [];
  /** @type {any[]} */
  const messages = [];
  /** @type {({received: number, total: number} | null)[]} */
  const progress = [];
  let since = 0;
  const conn = new Connection({
    url: 'ws://test/ws',
    joinMessage: () => ({ type: 'join', since, name: 'Ann', client_id: 'c1' }),
    onMessage: (m) => messages.push(m),
    onState: (s) => states.push(s),
    onProgress: (p) => progress.push(p),
    makeSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    timers: {
      setTimeout: (f, ms) => {
        const id = nextId++;
        timers.push({ at: now + ms, f, id });
        return id;
      },
      clearTimeout: (id) => {
        timers = timers.filter((t) => t.id !== id);
      },
      now: () => now,
    },
    isOnline: () => online,
    random: () => 0.5,
  });
  /** @param {number} ms */
  const advance = (ms) => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const t = timers[0];
      if (!t || t.at > end) break;
      timers.shift();
      now = t.at;
      t.f();
    }
    now = end;
  };
  return { conn, sockets, states, messages, progress, advance, setSince: (/** @type {number} */ n) => (since = n), last: () => sockets[sockets.length - 1] };
}

/** A welcome to a rejoin that missed nothing: live at once. */
const welcome = { type: 'welcome', participant: { id: 'p', name: 'Ann', colour: '#000' }, participants: [], seq: 3, server_time: 0, read_only: false, events: [] };
/** A welcome to a first join: the board follows. */
const { events: _none, ...welcomeForBoard } = welcome;
const board = { type: 'board', board: { id: 'b', title: 'T', seq: 3, notes: [], connectors: [], frames: [] } };

/**
 * Sends a message the way the server sends one over 64 KiB: the header, then binary parts.
 * @param {FakeSocket} socket @param {object} msg @param {number} partBytes
 * @param {() => void} [between]  Runs after each part.
 */
function sendInParts(socket, msg, partBytes, between = () => {}) {
  const bytes = new TextEncoder().encode(JSON.stringify(msg));
  socket.receive({ type: 'parts', bytes: bytes.length });
  for (let at = 0; at < bytes.length; at += partBytes) {
    socket.receiveBinary(bytes.subarray(at, at + partBytes));
    between();
  }
}

test('backoff doubles from 250 ms up to 10 s with jitter', () => {
  assert.equal(backoffDelay(1, () => 0.5), 250);
  assert.equal(backoffDelay(3, () => 0.5), 1000);
  assert.equal(backoffDelay(20, () => 0.5), MAX_BACKOFF_MS);
  assert.equal(backoffDelay(1, () => 0), 200);
  assert.equal(backoffDelay(1, () => 1), 300);
});

test('joins on open and is live after the welcome', () => {
  const h = harness();
  h.conn.start();
  assert.equal(h.conn.state, 'connecting');
  h.last().open();
  assert.deepEqual(JSON.parse(h.last().sent[0]), { type: 'join', since: 0, name: 'Ann', client_id: 'c1' });
  assert.equal(h.conn.send({ type: 'ping' }), false, 'nothing goes out before the welcome');
  h.last().receive(welcome);
  assert.equal(h.conn.state, 'live');
  assert.equal(h.messages[0].type, 'welcome');
  assert.equal(h.conn.send({ type: 'ping' }), true);
});

test('after a welcome without events it waits for the board before going live', () => {
  const h = harness();
  h.conn.start();
  h.last().open();
  h.last().receive(welcomeForBoard);
  assert.equal(h.conn.state, 'connecting');
  assert.equal(h.conn.send({ type: 'ping' }), false, 'nothing goes out before the board');
  h.last().receive(board);
  assert.equal(h.conn.state, 'live');
  assert.deepEqual(
    h.messages.map((m) => m.type),
    ['welcome', 'board'],
  );
  assert.equal(h.conn.send({ type: 'ping' }), true);
});

test('sets the socket to deliver binary frames as ArrayBuffers', () => {
  const h = harness();
  h.conn.start();
  assert.equal(h.last().binaryType, 'arraybuffer');
});

test('a board in binary parts is put back together and dispatched as one message, with progress', () => {
  const h = harness();
  h.conn.start();
  h.last().open();
  h.last().receive(welcomeForBoard);
  const big = { ...board, board: { ...board.board, title: 'Ünïcødé ✓ '.repeat(3000) } };
  sendInParts(h.last(), big, 1000);
  assert.equal(h.conn.state, 'live');
  assert.equal(h.messages.length, 2);
  assert.deepEqual(h.messages[1], big);
  const total = new TextEncoder().encode(JSON.stringify(big)).length;
  const reported = h.progress.filter((p) => p !== null);
  assert.deepEqual(reported[0], { received: 0, total });
  assert.ok(reported.length > 10, 'progress with each part');
  assert.ok(reported.every((p, i) => i === 0 || p.received > reported[i - 1].received));
  assert.equal(h.progress.at(-1), null, 'progress ends when the board is whole');
  assert.equal(h.conn.progress, null);
});

test('the open timeout does not end an attempt that is still receiving the board', () => {
  const h = harness();
  h.conn.start();
  h.last().open();
  h.last().receive(welcomeForBoard);
  const big = { ...board, board: { ...board.board, title: 'x'.repeat(20_000) } };
  // Each part comes 9 s after the one before: well past the open timeout in total.
  sendInParts(h.last(), big, 1000, () => h.advance(OPEN_TIMEOUT_MS - 1000));
  assert.equal(h.sockets.length, 1);
  assert.equal(h.sockets[0].closed, false);
  assert.equal(h.conn.state, 'live');
});

test('an attempt whose board stops arriving is abandoned', () => {
  const h = harness();
  h.conn.start();
  h.last().open();
  h.last().receive(welcomeForBoard);
  h.last().receive({ type: 'parts', bytes: 5000 });
  h.last().receiveBinary(new Uint8Array(1000));
  h.advance(OPEN_TIMEOUT_MS);
  assert.equal(h.sockets[0].closed, true);
  assert.notEqual(h.conn.state, 'live');
  assert.equal(h.progress.at(-1), null, 'no progress shown for a socket that is gone');
  h.advance(MAX_BACKOFF_MS);
  assert.equal(h.sockets.length, 2, 'and tried again');
});

test('a binary frame outside a parts sequence drops the socket and reconnects', () => {
  const h = harness();
  h.conn.start();
  h.last().open();
  h.last().receive(welcome);
  assert.equal(h.conn.state, 'live');
  h.last().receiveBinary(new TextEncoder().encode(JSON.stringify({ type: 'pong' })));
  assert.equal(h.sockets[0].closed, true);
  assert.equal(h.conn.state, 'reconnecting');
  assert.deepEqual(
    h.messages.map((m) => m.type),
    ['welcome'],
    'the stray frame is not handled as a message',
  );
  h.advance(MAX_BACKOFF_MS);
  assert.equal(h.sockets.length, 2);
});

test('a large live event arrives whole without showing load progress', () => {
  const h = harness();
  h.conn.start();
  h.last().open();
  h.last().receive(welcome);
  const event = { type: 'event', seq: 4, op_id: 'o', actor: 'a', at: '', event: { type: 'board_renamed', title: 'y'.repeat(5000), from: '' } };
  sendInParts(h.last(), event, 700);
  assert.deepEqual(h.messages.at(-1), event);
  assert.deepEqual(h.progress, []);
});

test('a drop reconnects with backoff and rejoins with the last seq; repeated failures say offline', () => {
  const h = harness();
  h.conn.start();
  h.last().open();
  h.last().receive(welcome);
  h.setSince(3);
  h.last().drop();
  assert.equal(h.conn.state, 'reconnecting');
  assert.equal(h.conn.send({ type: 'ping' }), false);
  for (let i = 1; i < OFFLINE_AFTER; i++) {
    h.advance(MAX_BACKOFF_MS);
    h.last().drop();
  }
  assert.equal(h.conn.state, 'offline');
  h.advance(MAX_BACKOFF_MS);
  h.last().open();
  assert.deepEqual(JSON.parse(h.last().sent[0]).since, 3);
  h.last().receive(welcome);
  assert.equal(h.conn.state, 'live');
  assert.deepEqual(h.states, ['live', 'reconnecting', 'reconnecting', 'offline', 'live']);
});

test('the browser being offline shows offline at the first failure', () => {
  const h = harness(false);
  h.conn.start();
  h.last().drop();
  assert.equal(h.conn.state, 'offline');
});

test('resync reconnects at once', () => {
  const h = harness();
  h.conn.start();
  h.last().open();
  h.last().receive(welcome);
  const first = h.last();
  first.receive({ type: 'resync', reason: 'fell_behind' });
  first.drop();
  assert.equal(h.sockets.length, 1);
  h.advance(0);
  assert.equal(h.sockets.length, 2, 'a new socket without waiting for a backoff');
});

test('pings while live, and gives up on a silent socket', () => {
  const h = harness();
  h.conn.start();
  h.last().open();
  h.last().receive(welcome);
  h.advance(PING_EVERY_MS);
  assert.deepEqual(JSON.parse(h.last().sent.at(-1) ?? '{}'), { type: 'ping' });
  h.advance(SILENCE_LIMIT_MS);
  assert.equal(h.sockets[0].closed, true);
  assert.notEqual(h.conn.state, 'live');
});

test('an attempt that never opens is abandoned and retried', () => {
  const h = harness();
  h.conn.start();
  h.advance(10_000);
  assert.equal(h.sockets[0].closed, true);
  h.advance(MAX_BACKOFF_MS);
  assert.equal(h.sockets.length, 2);
});

test('stop closes for good', () => {
  const h = harness();
  h.conn.start();
  h.last().open();
  h.conn.stop();
  h.advance(60_000);
  assert.equal(h.sockets.length, 1);
});
