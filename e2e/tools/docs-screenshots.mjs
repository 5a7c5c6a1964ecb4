// Makes the screenshots in docs/images/ for the user guide from a real board: a checkout
// flow built through the HTTP API, opened by two people in headless Chromium.
//
//   node tools/docs-screenshots.mjs     (EVENTSTORM_BIN or the debug build; or BASE_URL)

import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { launch } from '../support/browser.js';
import { createBoard, postCommand, testServer } from '../support/server.js';
import { centreOf, sticky, until } from '../support/page.js';

const OUT = fileURLToPath(new URL('../../docs/images/', import.meta.url));
mkdirSync(OUT, { recursive: true });

const env = await testServer();
const board = await createBoard(env.baseUrl, 'Checkout flow');
/** @param {object} c */
const cmd = (c) => postCommand(env.baseUrl, board.id, c);
const id = () => crypto.randomUUID();

const ctx1 = id();
const ctx2 = id();
await cmd({ type: 'add_frame', id: ctx1, kind: 'bounded_context', name: 'Ordering', x: -40, y: -60, w: 1180, h: 520 });
await cmd({ type: 'add_frame', id: ctx2, kind: 'bounded_context', name: 'Fulfilment', x: 1180, y: -60, w: 700, h: 520 });
/** @type {Record<string, string>} */
const n = {};
/** @param {string} key @param {string} kind @param {string} text @param {number} x @param {number} y @param {object} [details] */
async function note(key, kind, text, x, y, details) {
  n[key] = id();
  await cmd({ type: 'add_note', id: n[key], kind, text, x, y, ...(details ? { details } : {}) });
}
await note('customer', 'actor', 'Customer', 0, 40);
await note('page', 'ui', 'Checkout page', -10, 170);
await note('place', 'command', 'Place Order', 180, 40);
await note('order', 'aggregate', 'Order', 400, 20);
await note('placed', 'event', 'Order Placed', 680, 40, {
  description: 'The customer confirmed the basket and the payment method.',
  pivotal: true,
  fields: [
    { name: 'orderId', type: 'uuid', required: true },
    { name: 'customerId', type: 'uuid', required: true },
    { name: 'total', type: 'money', required: true },
    { name: 'couponCode', type: 'string', required: false },
  ],
});
await note('summary', 'read_model', 'Order summary', 680, 240, { fields: [{ name: 'orderId', type: 'uuid', required: true }, { name: 'status', type: 'string', required: true }] });
await note('policy', 'policy', 'Whenever an order is placed, reserve its stock', 920, 40, {
  idempotent: true,
  retry: { max_attempts: 5, backoff: 'exponential', delay_seconds: 2 },
  dead_letter: 'orders.reserve-stock.dlq',
});
await note('reserve', 'command', 'Reserve Stock', 1240, 40);
await note('warehouse', 'external_system', 'Warehouse system', 1460, 20);
await note('reserved', 'event', 'Stock Reserved', 1700, 40);
await note('hotspot', 'hotspot', 'Who pays for shipping when an order is split?', 1260, 250);
await note('idea', 'opportunity', 'Offer pickup in store', 1520, 260);
await note('nb', 'note', 'Ask finance about refunds', 330, 300);
/** @param {string} a @param {string} b @param {string} [label] */
const link = (a, b, label) => cmd({ type: 'add_connector', id: id(), from: n[a], to: n[b], ...(label ? { label } : {}) });
await link('customer', 'place', 'decides');
await link('place', 'order', 'invoked on');
await link('order', 'placed', 'produces');
await link('placed', 'policy', 'activates');
await link('placed', 'summary', 'results in');
await link('policy', 'reserve', 'issues');
await link('reserve', 'warehouse');
await link('warehouse', 'reserved', 'produces');

const browser = await launch();
/** @param {string} name @param {string} [hash]  `#facilitator=KEY` for the facilitator. */
async function person(name, hash = '') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript((who) => localStorage.setItem('eventstorm.name', who), name);
  const page = await context.newPage();
  await page.goto(env.baseUrl + board.url + hash);
  await page.locator('#conn[data-state=live]').waitFor();
  return page;
}
const ann = await person('Ann', `#facilitator=${board.facilitator_key}`);
const ben = await person('Ben');
await until(async () => (await ann.locator('#participants li').count()) === 2, 'two participants');
await ann.click('#zoom-fit');
await ben.click('#zoom-fit');
await ben.waitForTimeout(300);
// Ben points at the hotspot: Ann sees his labelled cursor there.
const hot = await centreOf(sticky(ben, 'Who pays for shipping when an order is split?'));
await ben.mouse.move(hot.x + 30, hot.y + 20, { steps: 5 });
await ben.locator('.note[aria-label^="Hotspot"]').click();
await ann.locator('.cursor').waitFor({ state: 'attached' });
await ann.waitForTimeout(300);

/** @param {import('playwright-core').Page} page @param {string} name @param {import('playwright-core').PageScreenshotOptions} [opts] */
async function shot(page, name, opts = {}) {
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path, ...opts });
  console.log(`${path} ${(statSync(path).size / 1024).toFixed(0)} KB`);
}

await shot(ann, 'board-overview');
await sticky(ann, 'Order Placed').click();
await ann.keyboard.press('i');
await ann.waitForTimeout(200);
await shot(ann, 'details-panel');
await sticky(ann, 'Whenever an order is placed, reserve its stock').click();
await ann.waitForTimeout(200);
await shot(ann, 'policy-panel', { clip: { x: 860, y: 56, width: 420, height: 520 } });

// Drawing a connector: the handle on the right of a selected sticky.
await sticky(ann, 'Ask finance about refunds').click();
const handle = await centreOf(sticky(ann, 'Ask finance about refunds').locator('.handle-connect'));
const target = await centreOf(sticky(ann, 'Order summary'));
await ann.mouse.move(handle.x, handle.y);
await ann.mouse.down();
await ann.mouse.move(target.x - 30, target.y + 20, { steps: 6 });
await shot(ann, 'drawing-connector', {
  clip: { x: Math.max(0, handle.x - 220), y: Math.max(0, Math.min(handle.y, target.y) - 120), width: 520, height: 300 },
});
await ann.mouse.up();
await ann.keyboard.press('Control+z');

// Offline: the server stops; edits wait in the outbox and the indicator says so.
if (env.server) {
  await env.server.stop();
  await until(async () => (await ann.locator('#conn').getAttribute('data-state')) !== 'live', 'offline');
  await sticky(ann, 'Order summary').dblclick();
  await ann.keyboard.press('End');
  await ann.keyboard.type(' (per customer)');
  await ann.keyboard.press('Enter');
  await until(async () => /unsent change/.test(await ann.locator('#conn-text').innerText()), 'unsent changes');
  await shot(ann, 'offline-indicator', { clip: { x: 640, y: 0, width: 640, height: 56 } });
  await env.server.start();
  await ann.locator('#conn[data-state=live]').waitFor({ timeout: 30_000 });
}

const home = await browser.newPage({ viewport: { width: 900, height: 520 } });
await home.goto(env.baseUrl + '/');
await home.evaluate((b) => localStorage.setItem('eventstorm.recentBoards', JSON.stringify([{ id: b.id, title: 'Checkout flow', visited: Date.now() }])), board);
await home.reload();
await shot(home, 'home');

// The wall at three screen sizes: a desktop, a laptop and a phone. Five people are on the
// board, so the top bar shows how it folds into menus rather than wrapping.
const watchers = [];
for (const who of ['Cas', 'Dee', 'Eli']) watchers.push(await person(who));
await ann.keyboard.press('Escape');
for (const [name, width, height] of /** @type {const} */ ([
  ['wall-1920x1080', 1920, 1080],
  ['wall-1280x800', 1280, 800],
  ['wall-390x844', 390, 844],
])) {
  await ann.setViewportSize({ width, height });
  await ann.click('#zoom-fit');
  await ann.waitForTimeout(400);
  await shot(ann, name);
}
// The facilitation bar's menus, at the laptop size.
await ann.setViewportSize({ width: 1280, height: 800 });
await ann.click('#more-toggle');
await shot(ann, 'bar-menus', { clip: { x: 560, y: 0, width: 720, height: 240 } });
await ann.keyboard.press('Escape');
for (const page of watchers) await page.context().close();

// Private mode: Ben's new sticky is his alone until Ann reveals the private stickies.
await ann.click('#more-toggle');
await ann.click('#private-mode');
await ben.locator('#private-banner').waitFor();
const wall = await ben.locator('#wall').boundingBox();
if (!wall) throw new Error('no wall');
await ben.keyboard.press('Escape');
await ben.mouse.dblclick(wall.x + wall.width - 260, wall.y + wall.height - 190);
await ben.locator('.note-editor').waitFor();
await ben.keyboard.type('Gift wrapping chosen');
await ben.keyboard.press('Enter');
await sticky(ben, 'Gift wrapping chosen').waitFor();
await ben.locator('#wall').click({ position: { x: 20, y: 20 } });
await ben.waitForTimeout(300);
await shot(ben, 'private-mode', { clip: { x: 420, y: 360, width: 860, height: 360 } });
await ann.click('#more-toggle');
await ann.click('#private-mode');

await browser.close();
await env.server?.dispose();
