import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Connection, MAX_BACKOFF_MS, OFFLINE_AFTER, PING_EVERY_MS, SILENCE_LIMIT_MS, backoffDelay } from '../../static/app/socket.js';

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
  let since = 0;
  const conn = new Connection({
    url: 'ws://test/ws',
    joinMessage: () => ({ type: 'join', since, name: 'Ann', client_id: 'c1' }),
    onMessage: (m) => messages.push(m),
    onState: (s) => states.push(s),
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
  return { conn, sockets, states, messages, advance, setSince: (/** @type {number} */ n) => (since = n), last: () => sockets[sockets.length - 1] };
}

const welcome = { type: 'welcome', participant: { id: 'p', name: 'Ann', colour: '#000' }, participants: [], seq: 3, server_time: 0, read_only: false };

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
