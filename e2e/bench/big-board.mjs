// Big boards in the browser: boards of 1,000, 5,000 and 10,000 stickies (one connector per
// eight stickies, as far as the 10,000-element limit allows: none on the biggest), every
// sticky with a description and, where its kind has them, payload fields; seeded through `POST /api/boards/import`, opened in headless Chromium.
// For each board and each of RUNS fresh page loads it measures:
//
//   - bytes: the size of the `board` message (its binary parts when it came in parts);
//   - board: from navigation until the whole `board` message has arrived;
//   - painted: from that moment until the wall shows the board, fitted to the screen, painted
//     (the frame after the first one in which the page holds the board's seq and its view is
//     the fitted one);
//   - pan: frames per second while panning with the whole board in view (one real wheel event
//     per animation frame, as e2e/bench/pan-zoom.mjs: 6 px right and 3 px down a frame, back
//     every 30 frames), and the median and p95 frame times;
//   - sweep: the same, panning 20 px a frame across the wall and back every 90 frames, far
//     enough that the far-zoom canvas is redrawn every 20 frames or so (within its margin it is
//     only moved).
//
// Prints each run and the medians.
//
//   EVENTSTORM_BIN=../target/release/eventstorm node bench/big-board.mjs
//   SIZES=10000 RUNS=5 node bench/big-board.mjs
//   STATIC_FROM=<commit> node bench/big-board.mjs   # the browser client of that commit
//
// STATIC_FROM serves the page's /static/ files as they were at a commit (from git), with the
// same server: a before-and-after of a client change without rebuilding the server.
//
// A benchmark, not a test: it asserts nothing. Headless Chromium here runs with
// --disable-gpu (software compositing) at a 60 Hz frame clock, so 60 fps is the ceiling.

import { execFileSync } from 'node:child_process';
import { launch, haveChromium } from '../support/browser.js';
import { testServer } from '../support/server.js';
import { importBigBoard } from '../support/bigboard.js';
import { median, quantile, wheelFrames } from './frames.mjs';

const SIZES = (process.env.SIZES ?? '1000,5000,10000').split(',').map(Number);
const RUNS = Number(process.env.RUNS ?? 3);
const FRAMES = Number(process.env.FRAMES ?? 180);

if (!haveChromium()) {
  console.error('chromium is not installed at /usr/bin/chromium');
  process.exit(1);
}

/**
 * Runs in the page before its scripts: watches the board's WebSocket and notes when the
 * whole `board` message has arrived (a text frame, or the last of its binary parts) and how
 * many bytes it was. Listeners added here run before the app's `onmessage`.
 */
function watchBoardArrival() {
  const w = /** @type {any} */ (window);
  w.__bench = { boardAt: 0, boardBytes: 0 };
  const Native = window.WebSocket;
  let expected = 0;
  let received = 0;
  let afterWelcome = false;
  /** @param {number} bytes */
  const arrived = (bytes) => {
    if (!w.__bench.boardAt) Object.assign(w.__bench, { boardAt: performance.now(), boardBytes: bytes });
  };
  class Watched extends Native {
    /** @param {string | URL} url @param {string | string[]} [protocols] */
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (ev) => {
        if (typeof ev.data === 'string') {
          if (ev.data.startsWith('{"type":"parts"')) {
            expected = JSON.parse(ev.data).bytes;
            received = 0;
            return;
          }
          if (ev.data.startsWith('{"type":"board"')) arrived(ev.data.length);
          afterWelcome = ev.data.startsWith('{"type":"welcome"');
          return;
        }
        received += /** @type {ArrayBuffer} */ (ev.data).byteLength;
        if (received === expected && afterWelcome) arrived(expected);
      });
    }
  }
  window.WebSocket = Watched;
  // The first frame in which the page holds the board and shows it fitted (the view has left
  // the page's starting one, app.js), and the frame after it: by then that frame's layout and
  // paint are done.
  let seen = 0;
  const start = 'translate(80px, 80px) scale(1)';
  const poll = () => {
    const seq = document.getElementById('app')?.dataset.seq;
    const view = document.getElementById('layer')?.style.transform;
    if (w.__bench.boardAt && seq && seq === String(w.__bench.seq) && view && view !== start) {
      if (!seen) seen = performance.now();
      else {
        w.__bench.paintedAt = performance.now();
        return;
      }
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

/**
 * Answers the page's requests for /static/ files with their content at `commit`.
 * @param {import('playwright-core').BrowserContext} context @param {string} commit
 */
async function serveStaticFrom(context, commit) {
  const types = /** @type {Record<string, string>} */ ({ js: 'text/javascript', css: 'text/css', svg: 'image/svg+xml' });
  await context.route('**/static/**', (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\//, '');
    const body = execFileSync('git', ['show', `${commit}:${path}`], { maxBuffer: 16 * 1024 * 1024 });
    return route.fulfill({ body, contentType: types[path.split('.').pop() ?? ''] ?? 'application/octet-stream' });
  });
}

/** Frames per second over a run of frame times. @param {number[]} deltas */
const fps = (deltas) => (1000 * deltas.length) / deltas.reduce((a, b) => a + b, 0);

/** @param {number} ms */
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

const env = await testServer();
const browser = await launch();
/** @type {string[]} */
const summary = [];
for (const stickies of SIZES) {
  const t = Date.now();
  const connectors = Math.min(Math.floor(stickies / 8), 10_000 - stickies);
  const { board } = await importBigBoard(env.baseUrl, { title: `Benchmark: ${stickies} stickies`, stickies, connectors, details: true });
  const seq = /** @type {{seq: number}} */ (/** @type {unknown} */ (board)).seq;
  console.log(`\n${stickies} stickies, ${connectors} connectors: imported in ${s(Date.now() - t)}`);
  /** @type {{bytes: number, board: number, painted: number, fps: number, frameMedian: number, frameP95: number, sweep: number}[]} */
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    if (process.env.STATIC_FROM) await serveStaticFrom(context, process.env.STATIC_FROM);
    await context.addInitScript(() => localStorage.setItem('eventstorm.name', 'Bench'));
    await context.addInitScript(watchBoardArrival);
    await context.addInitScript((seq) => {
      /** @type {any} */ (window).__bench.seq = seq;
    }, seq);
    const page = await context.newPage();
    await page.goto(env.baseUrl + board.url);
    await page.waitForFunction(() => /** @type {any} */ (window).__bench.paintedAt, null, { timeout: 180_000, polling: 100 });
    const times = await page.evaluate(() => {
      const b = /** @type {any} */ (window).__bench;
      return { board: b.boardAt, painted: b.paintedAt - b.boardAt, bytes: b.boardBytes };
    });
    await page.locator('#conn[data-state=live]').waitFor({ timeout: 30_000 });
    await page.click('#zoom-fit');
    await page.waitForTimeout(800);
    const zoom = await page.locator('#zoom-reset').innerText();
    const deltas = await wheelFrames(page, FRAMES, { dx: 6, dy: 3, ctrl: false, flip: 30 });
    await page.waitForTimeout(300);
    const sweep = fps(await wheelFrames(page, FRAMES, { dx: 20, dy: 0, ctrl: false, flip: 90 }));
    const r = { ...times, fps: fps(deltas), frameMedian: median(deltas), frameP95: quantile(deltas, 0.95), sweep };
    runs.push(r);
    console.log(
      `  run ${run + 1}: board ${(r.bytes / 1e6).toFixed(2)} MB arrived after ${s(r.board)}, painted ${s(r.painted)} later; pan at ${zoom}: ${r.fps.toFixed(1)} fps (frame median ${r.frameMedian.toFixed(1)} ms, p95 ${r.frameP95.toFixed(1)} ms); sweep ${r.sweep.toFixed(1)} fps`,
    );
    await context.close();
  }
  /** @param {(r: (typeof runs)[number]) => number} f */
  const m = (f) => median(runs.map(f));
  summary.push(
    `${String(stickies).padStart(6)} stickies  ${(m((r) => r.bytes) / 1e6).toFixed(2).padStart(6)} MB  board arrived ${s(m((r) => r.board)).padStart(7)}  painted after ${s(m((r) => r.painted)).padStart(7)}  pan ${m((r) => r.fps).toFixed(1).padStart(5)} fps (median frame ${m((r) => r.frameMedian).toFixed(1)} ms, p95 ${m((r) => r.frameP95).toFixed(1)} ms)  sweep ${m((r) => r.sweep).toFixed(1).padStart(5)} fps`,
  );
}
console.log(`\nmedians of ${RUNS} runs:`);
for (const line of summary) console.log(line);

await browser.close();
await env.server?.dispose();
