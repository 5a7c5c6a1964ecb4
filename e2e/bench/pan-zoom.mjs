// Pan/zoom benchmark: a board of 2,000 stickies (plus connectors and frames) in headless
// Chromium. Creates the board through the HTTP API in concurrent batches, opens it, then
// drives the wall with real wheel events, one per animation frame, and records the
// requestAnimationFrame deltas. Prints median and p95 frame times per scenario.
//
//   node bench/pan-zoom.mjs              # starts its own server (EVENTSTORM_BIN or the debug build)
//   BASE_URL=http://127.0.0.1:3000 node bench/pan-zoom.mjs
//   STICKIES=5000 FRAMES=300 node bench/pan-zoom.mjs
//
// Knobs for finding where the time goes: BENCH_HIDE=<selector> hides elements (e.g.
// '#minimap'), BENCH_NO_GRID=1 drops the dotted background, LAYER_WILL_CHANGE=transform
// composites the wall layer.
//
// A benchmark, not a test: it asserts nothing. Headless Chromium here runs with
// --disable-gpu (software compositing) at a 60 Hz frame clock, so 16.7 ms is the floor.

import { launch, haveChromium } from '../support/browser.js';
import { createBoard, postCommand, testServer } from '../support/server.js';
import { quantile, wheelFrames } from './frames.mjs';

const STICKIES = Number(process.env.STICKIES ?? 2000);
const CONNECTORS = Math.floor(STICKIES / 8);
const BATCH = 64;
const FRAMES = Number(process.env.FRAMES ?? 180);
const KINDS = ['event', 'command', 'actor', 'aggregate', 'policy', 'read_model', 'external_system', 'hotspot', 'opportunity', 'ui', 'note'];

if (!haveChromium()) {
  console.error('chromium is not installed at /usr/bin/chromium');
  process.exit(1);
}

/** @param {number} n @param {(i: number) => Promise<unknown>} f */
async function inBatches(n, f) {
  for (let i = 0; i < n; i += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, n - i) }, (_, j) => f(i + j)));
  }
}

const env = await testServer();
const started = Date.now();
const board = await createBoard(env.baseUrl, `Benchmark: ${STICKIES} stickies`);
const cols = Math.ceil(Math.sqrt(STICKIES * 1.6));
/** @type {string[]} */
const ids = Array.from({ length: STICKIES }, () => crypto.randomUUID());
await inBatches(STICKIES, (i) =>
  postCommand(env.baseUrl, board.id, {
    type: 'add_note',
    id: ids[i],
    kind: KINDS[i % KINDS.length],
    text: `Sticky ${i + 1}: ${['Order Placed', 'Place Order', 'Customer', 'Order', 'Reserve stock'][i % 5]}`,
    x: (i % cols) * 180,
    y: Math.floor(i / cols) * 140,
    ...(i % 9 === 0 ? { details: { fields: [{ name: 'orderId', type: 'uuid', required: true }, { name: 'total', type: 'money', required: false }] } } : {}),
  }),
);
await inBatches(CONNECTORS, (i) =>
  postCommand(env.baseUrl, board.id, { type: 'add_connector', id: crypto.randomUUID(), from: ids[i * 8], to: ids[i * 8 + 1], label: i % 3 ? undefined : 'then' }),
);
const rows = Math.ceil(STICKIES / cols);
for (let f = 0; f < 4; f++) {
  await postCommand(env.baseUrl, board.id, { type: 'add_frame', id: crypto.randomUUID(), kind: f % 2 ? 'swimlane' : 'bounded_context', name: `Context ${f + 1}`, x: -20, y: f * (rows / 4) * 140 - 20, w: cols * 180 + 20, h: (rows / 4) * 140 });
}
console.log(`created ${STICKIES} stickies, ${CONNECTORS} connectors, 4 frames in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
await context.addInitScript(() => localStorage.setItem('eventstorm.name', 'Bench'));
const page = await context.newPage();
const t0 = Date.now();
await page.goto(env.baseUrl + board.url);
await page.waitForFunction((n) => document.querySelectorAll('.note').length >= n, STICKIES, { timeout: 120_000 });
await page.waitForTimeout(500);
console.log(`board open with ${STICKIES} stickies rendered in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

/** @param {{dx: number, dy: number, ctrl: boolean, flip: number}} spec */
const run = (spec) => wheelFrames(page, FRAMES, spec);

/** @param {string} name @param {number[]} d */
function report(name, d) {
  const over = d.filter((x) => x > 50).length;
  console.log(`${name.padEnd(34)} median ${quantile(d, 0.5).toFixed(1).padStart(5)} ms   p95 ${quantile(d, 0.95).toFixed(1).padStart(6)} ms   max ${Math.max(...d).toFixed(1).padStart(6)} ms   frames>50ms ${over}/${d.length}`);
}

if (process.env.BENCH_HIDE) {
  await page.evaluate((sel) => {
    for (const el of document.querySelectorAll(sel)) /** @type {HTMLElement} */ (el).style.display = 'none';
  }, process.env.BENCH_HIDE);
}
if (process.env.BENCH_NO_GRID) {
  await page.evaluate(() => {
    /** @type {HTMLElement} */ (document.getElementById('wall')).style.backgroundImage = 'none';
  });
}
if (process.env.LAYER_WILL_CHANGE) {
  await page.evaluate((v) => {
    /** @type {HTMLElement} */ (document.getElementById('layer')).style.willChange = v;
  }, process.env.LAYER_WILL_CHANGE);
}
await page.click('#zoom-fit');
await page.waitForTimeout(800);
const fitZoom = await page.locator('#zoom-reset').innerText();
report(`pan, whole board in view (${fitZoom})`, await run({ dx: 6, dy: 3, ctrl: false, flip: 30 }));
await page.waitForTimeout(400);
report('zoom in and out (ctrl+wheel)', await run({ dx: 0, dy: -8, ctrl: true, flip: 45 }));
await page.click('#zoom-reset');
await page.waitForTimeout(800);
report('pan at 100%', await run({ dx: 12, dy: 6, ctrl: false, flip: 30 }));
await page.waitForTimeout(400);
report('zoom in and out at 100%', await run({ dx: 0, dy: 8, ctrl: true, flip: 45 }));

await browser.close();
await env.server?.dispose();
