// Runs the eventstorm binary for browser tests and benchmarks: a temporary SQLite file, a free
// loopback port, and stop/start on the same port and file (to cut every WebSocket from the
// server side, which Playwright's offline switch does not do).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The binary to test: $EVENTSTORM_BIN, else the workspace's debug build. */
export function serverBinary() {
  const fromEnv = process.env.EVENTSTORM_BIN;
  if (fromEnv) return fromEnv;
  const debug = resolve(here, '../../target/debug/eventstorm');
  return existsSync(debug) ? debug : null;
}

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => ok(port));
    });
  });
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class TestServer {
  /**
   * @param {string} bin
   * @param {{env?: Record<string, string>}} [opts]
   */
  constructor(bin, opts = {}) {
    this.bin = bin;
    this.dir = mkdtempSync(join(tmpdir(), 'eventstorm-e2e-'));
    this.db = join(this.dir, 'board.db');
    this.port = 0;
    this.extraEnv = opts.env ?? {};
    /** @type {import('node:child_process').ChildProcess | null} */
    this.child = null;
    this.log = '';
  }

  get baseUrl() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    if (!this.port) this.port = await freePort();
    const child = spawn(this.bin, [], {
      env: {
        ...process.env,
        EVENTSTORM_BIND: `127.0.0.1:${this.port}`,
        DATABASE_URL: `sqlite://${this.db}`,
        EVENTSTORM_LOG: process.env.EVENTSTORM_LOG ?? 'warn',
        ...this.extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d) => (this.log += d));
    child.stderr?.on('data', (d) => (this.log += d));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`eventstorm exited with ${child.exitCode}:\n${this.log}`);
      try {
        const r = await fetch(`${this.baseUrl}/healthz`);
        if (r.ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
    throw new Error(`eventstorm did not become healthy:\n${this.log}`);
  }

  /** Stops the process (SIGKILL: the browser's sockets die as on a crash or network cut). */
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  async dispose() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The server the tests use: their own (from EVENTSTORM_BIN or the debug build), or an
 * external one at BASE_URL that they cannot restart.
 * @returns {Promise<{baseUrl: string, server: TestServer | null}>}
 */
export async function testServer() {
  const bin = serverBinary();
  if (bin) {
    const server = new TestServer(bin);
    await server.start();
    return { baseUrl: server.baseUrl, server };
  }
  if (process.env.BASE_URL) return { baseUrl: process.env.BASE_URL.replace(/\/$/, ''), server: null };
  throw new Error('set EVENTSTORM_BIN (the eventstorm binary) or BASE_URL (a running server)');
}

/**
 * @param {string} baseUrl @param {string} title @param {'empty' | 'order-flow'} [template]
 * @returns {Promise<{id: string, title: string, url: string, view_id: string, view_url: string, facilitator_key: string, seq: number}>}
 */
export async function createBoard(baseUrl, title, template) {
  const r = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(template ? { title, template } : { title }),
  });
  if (r.status !== 201) throw new Error(`creating a board: ${r.status} ${await r.text()}`);
  return r.json();
}

/** @param {string} baseUrl @param {string} id */
export async function getBoard(baseUrl, id) {
  const r = await fetch(`${baseUrl}/api/boards/${id}`);
  if (!r.ok) throw new Error(`reading the board: ${r.status}`);
  return r.json();
}

/** @param {string} baseUrl @param {string} id @param {object} command */
export async function postCommand(baseUrl, id, command) {
  const r = await fetch(`${baseUrl}/api/boards/${id}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ op_id: crypto.randomUUID(), command }),
  });
  if (!r.ok) throw new Error(`command ${JSON.stringify(command)}: ${r.status} ${await r.text()}`);
  return r.json();
}

/**
 * Puts stickies on a board in a row from the origin, left to right, 220 apart.
 * @param {string} baseUrl @param {string} id @param {[string, string][]} stickies  Text and kind of each.
 * @returns {Promise<Record<string, string>>} their ids by text
 */
export async function addRow(baseUrl, id, stickies) {
  /** @type {Record<string, string>} */
  const ids = {};
  let x = 0;
  for (const [text, kind] of stickies) {
    ids[text] = crypto.randomUUID();
    await postCommand(baseUrl, id, { type: 'add_note', id: ids[text], kind, text, x, y: 0 });
    x += 220;
  }
  return ids;
}
