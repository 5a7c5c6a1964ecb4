// Helpers for driving the board page.

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

/**
 * Polls until `check` returns a truthy value (returned), or fails with `what`.
 * @template T
 * @param {() => Promise<T> | T} check @param {string} what @param {number} [timeout]
 * @returns {Promise<T>}
 */
export async function until(check, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  /** @type {unknown} */
  let last;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Opens a board as a participant: answers the name prompt and waits until live.
 * @param {import('playwright-core').Browser} browser @param {string} url @param {string} name
 * @param {{init?: () => void, timeout?: number}} [opts]  `init` runs in the page before its
 *   scripts; `timeout` bounds the wait for live (a big board takes a while).
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, errors: string[], dialogs: string[]}>}
 */
export async function openBoard(browser, url, name, opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (opts.init) await context.addInitScript(opts.init);
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  /** @type {string[]} */
  const dialogs = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(url);
  await page.locator('#name-input').fill(name);
  await page.locator('#name-dialog button[type=submit]').click();
  await page.locator('#conn[data-state=live]').waitFor({ timeout: opts.timeout });
  return { context, page, errors, dialogs };
}

/**
 * A facilitated workshop's two first people: Ann opens the board through its facilitator link,
 * Ben through its edit link.
 * @param {import('playwright-core').Browser} browser @param {string} baseUrl @param {{url: string, facilitator_key: string}} board
 */
export async function openFacilitated(browser, baseUrl, board) {
  const a = await openBoard(browser, `${baseUrl}${board.url}#facilitator=${board.facilitator_key}`, 'Ann');
  const b = await openBoard(browser, baseUrl + board.url, 'Ben');
  return { a, b, A: a.page, B: b.page };
}

/** @param {import('playwright-core').Page} page @param {string} name */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** The sticky whose text is exactly `text`. @param {import('playwright-core').Page} page @param {string} text */
export function sticky(page, text) {
  return page.locator('.note').filter({ has: page.locator('.note-text', { hasText: new RegExp(`^${escape(text)}$`) }) });
}

/** @param {string} s */
function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Centre of a locator's box. @param {import('playwright-core').Locator} loc */
export async function centreOf(loc) {
  const b = await loc.boundingBox();
  if (!b) throw new Error('element not visible');
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Drags with the mouse in steps, as a person would. @param {import('playwright-core').Page} page @param {{x: number, y: number}} from @param {{x: number, y: number}} to */
export async function drag(page, from, to) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + (to.x - from.x) / 3, from.y + (to.y - from.y) / 3, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

/**
 * A control of the top bar, with the menu it sits in opened first when that menu is closed
 * (menus.js): tests reach History, Present, Summon and the rest the way a person does.
 * @param {import('playwright-core').Page} page @param {string} selector
 */
export async function control(page, selector) {
  const loc = page.locator(selector);
  const menu = await loc.evaluate((el) => {
    const m = el.closest('[role="menu"]');
    return m instanceof HTMLElement && m.hidden ? m.id : null;
  });
  if (menu) await page.locator(`[aria-haspopup="menu"][aria-controls="${menu}"]`).click();
  return loc;
}
