// The chrome around the wall stays put: at 1280 px the top bars keep to one row however many
// people join, without scrolling, and every facilitator action stays reachable through the
// bar's menus; the minimap and the zoom controls move off a selected sticky under them; on a
// phone the wall keeps most of the screen.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { createBoard, postCommand } from '../support/server.js';
import { centreOf, control, drag, openBoard, screenshot, sticky, until } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;

/** @typedef {{x: number, y: number, width: number, height: number}} Box */
/** @param {Box} a @param {Box} b */
const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Where the wall starts and how tall it is. @param {import('playwright-core').Page} page */
const wallBox = async (page) => /** @type {{x: number, y: number, width: number, height: number}} */ (await page.locator('#wall').boundingBox());

test('five people at 1280 px: the bars keep one row; on a phone the wall keeps most of the screen', { skip }, async () => {
  const board = await createBoard(suite.env.baseUrl, 'A workshop with a rather long title for a laptop screen');
  await postCommand(suite.env.baseUrl, board.id, { type: 'add_note', id: crypto.randomUUID(), kind: 'event', text: 'Order Placed', x: 0, y: 0 });
  // Forty more stickies: the minimap shows from there.
  for (let i = 0; i < 40; i++) await postCommand(suite.env.baseUrl, board.id, { type: 'add_note', id: crypto.randomUUID(), kind: 'note', text: `n${i}`, x: (i % 10) * 180, y: 400 + Math.floor(i / 10) * 140 });
  const first = await openBoard(suite.browser, `${suite.env.baseUrl}${board.url}#facilitator=${board.facilitator_key}`, 'Annabelle');
  const A = first.page;
  const alone = await wallBox(A);
  /** @param {string} bar */
  const height = async (bar) => (await A.locator(bar).boundingBox())?.height ?? 0;
  const heights = { '.topbar': await height('.topbar'), '.facilbar': await height('.facilbar') };
  const others = [];
  try {
    for (const name of ['Bartholomew', 'Cassandra', 'Dimitrios', 'Evangeline']) others.push(await openBoard(suite.browser, suite.env.baseUrl + board.url, name));
    await until(async () => (await A.locator('#participants li').count()) === 5, 'five people listed');
    const five = await wallBox(A);
    assert.equal(five.y, alone.y, 'the wall did not move down as people joined');
    // The bar at its fullest: a vote open (with its status line) and a timer running.
    await A.locator('#timer-start').click();
    await A.locator('#vote-open').click();
    await until(async () => (await A.locator('#vote-status').textContent())?.startsWith('Vote open'), 'the vote to open');
    for (const bar of ['.topbar', '.facilbar']) {
      // One row: every shown child shares a horizontal band with every other.
      const oneRow = await A.locator(bar).evaluate((el) => {
        const boxes = [...el.children].map((c) => c.getBoundingClientRect()).filter((r) => r.height > 0);
        return Math.max(...boxes.map((r) => r.top)) < Math.min(...boxes.map((r) => r.bottom));
      });
      assert.ok(oneRow, `${bar} keeps to one row`);
      assert.equal(await height(bar), heights[/** @type {'.topbar' | '.facilbar'} */ (bar)], `${bar} kept its height`);
      const { scroll, client } = await A.locator(bar).evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      assert.ok(scroll <= client, `${bar} overflows sideways: ${scroll} > ${client}`);
    }
    // The most used controls sit in the bar, on screen, each reached by a click at its middle.
    for (const sel of ['#phase-select', '#timer-display', '#timer-start', '#vote-open', '#vote-close', '#participants', '#timer-menu-toggle', '#follow-toggle', '#export-toggle', '#more-toggle']) {
      const box = /** @type {Box} */ (await A.locator(sel).boundingBox());
      assert.ok(box && box.x >= 0 && box.x + box.width <= 1280, `${sel} on screen`);
      assert.ok(await A.locator(sel).evaluate((el) => { const r = el.getBoundingClientRect(); const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); return !!hit && el.contains(hit); }), `${sel} reachable`);
    }
    // Every other action is in a menu, by keyboard: Enter opens and focuses the first item,
    // the arrows move, Esc closes and gives the focus back.
    /** @type {Record<string, string[]>} */
    const menus = {
      '#timer-menu-toggle': ['+1 min', 'Reset', 'Big timer', 'Sound off'],
      '#follow-toggle': ['Nobody', 'Bartholomew', 'Cassandra', 'Dimitrios', 'Evangeline', 'Bring everyone here'],
      '#export-toggle': ['Spec (JSON)', 'AsyncAPI 3.0 (YAML)', 'AsyncAPI 3.0 (JSON)', 'Design document (Markdown)', 'Design document with pictures (zip)', 'Picture (SVG)', 'Picture (PNG)', 'Backup of the board'],
      '#more-toggle': ['Present', 'History', 'Review', 'Private mode'],
    };
    const focused = () => A.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    for (const [toggle, names] of Object.entries(menus)) {
      const menu = A.locator(`#${await A.locator(toggle).getAttribute('aria-controls')}`);
      assert.equal(await A.locator(toggle).getAttribute('aria-haspopup'), 'menu');
      assert.equal(await menu.getAttribute('role'), 'menu');
      await A.locator(toggle).focus();
      await A.keyboard.press('Enter');
      await menu.waitFor();
      assert.equal(await A.locator(toggle).getAttribute('aria-expanded'), 'true');
      const items = await menu.locator('[role^="menuitem"]:visible').evaluateAll((els) => els.map((e) => e.querySelector('span')?.textContent ?? e.textContent?.trim()));
      assert.deepEqual(items, names, `the items of ${toggle}`);
      assert.ok((await focused()).startsWith(names[0]), `${toggle}: the first item has the focus`);
      await A.keyboard.press('ArrowDown');
      assert.ok((await focused()).startsWith(names[1]), `${toggle}: ArrowDown moves on`);
      await A.keyboard.press('End');
      assert.ok((await focused()).startsWith(names[names.length - 1]), `${toggle}: End`);
      await A.keyboard.press('Escape');
      assert.equal(await menu.isVisible(), false, `${toggle}: Esc closes`);
      assert.equal(await A.evaluate(() => document.activeElement?.id), toggle.slice(1), `${toggle}: the focus is back on the button`);
      // By click, and a click outside closes it.
      await A.locator(toggle).click();
      await menu.waitFor();
      await A.locator('#facilitator-badge').click();
      assert.equal(await menu.isVisible(), false, `${toggle}: a click outside closes`);
      assert.equal(await A.locator(toggle).getAttribute('aria-expanded'), 'false');
    }
    await A.locator('#more-toggle').click();
    await screenshot(A, 'chrome-1280-menu');
    await A.keyboard.press('Escape');
    // Export > Spec (JSON) downloads; History opens the history bar.
    await A.locator('#export-toggle').click();
    const [download] = await Promise.all([A.waitForEvent('download'), A.getByRole('menuitem', { name: /Spec \(JSON\)/ }).click()]);
    assert.match(download.url(), /export\?format=json/);
    await (await control(A, '#history-toggle')).click();
    await A.locator('#history-bar').waitFor();
    await (await control(A, '#history-toggle')).click();
    await until(async () => !(await A.locator('#history-bar').isVisible()), 'the history bar to close');

    // A sticky dropped under the minimap: the minimap and the zoom controls move to the other
    // corner, off it, and stay there once nothing is selected.
    await until(() => A.locator('#minimap').isVisible(), 'the minimap');
    const minimap = /** @type {Box} */ (await A.locator('#minimap').boundingBox());
    await drag(A, await centreOf(sticky(A, 'Order Placed')), { x: minimap.x + minimap.width / 2, y: minimap.y + minimap.height / 2 });
    const note = /** @type {Box} */ (await sticky(A, 'Order Placed').boundingBox());
    assert.ok(overlaps(note, minimap), 'the sticky was dropped where the minimap was');
    await until(async () => !overlaps(note, /** @type {Box} */ (await A.locator('#minimap').boundingBox())), 'the minimap to move off the selected sticky');
    assert.equal(overlaps(note, /** @type {Box} */ (await A.locator('.zoombar').boundingBox())), false, 'the zoom controls moved too');
    assert.equal(await A.locator('#minimap.covering, .zoombar.covering').count(), 0, 'moved, not faded');
    const moved = await A.locator('#minimap').boundingBox();
    await A.keyboard.press('Escape');
    await A.waitForTimeout(200);
    assert.deepEqual(await A.locator('#minimap').boundingBox(), moved, 'no jump back once the work is done');
    await screenshot(A, 'chrome-1280-minimap');
    await A.keyboard.press('Control+z');
    await A.setViewportSize({ width: 1920, height: 1080 });
    await A.locator('#export-toggle').click();
    await screenshot(A, 'chrome-1920-menu');
    await A.keyboard.press('Escape');
    await sticky(A, 'Order Placed').click();

    await A.setViewportSize({ width: 390, height: 844 });
    await A.waitForTimeout(200);
    const phone = await wallBox(A);
    assert.ok(phone.height >= 0.8 * 844, `the wall is ${phone.height}px of 844`);
    assert.ok(phone.width >= 0.8 * 390, `the wall is ${phone.width}px of 390 wide`);
    await A.keyboard.press('i');
    const panel = /** @type {{y: number, height: number}} */ (await A.locator('#panel').boundingBox());
    assert.ok(panel.height <= 0.6 * 844, `the details sheet is ${panel.height}px tall`);
    await screenshot(A, 'chrome-390-panel');
    // The bar scrolls on a phone; its menus still open on screen, whole.
    await A.locator('#more-toggle').scrollIntoViewIfNeeded();
    await A.locator('#more-toggle').click();
    const menu = /** @type {Box} */ (await A.locator('#more-menu').boundingBox());
    assert.ok(menu.x >= 0 && menu.x + menu.width <= 390, `the menu fits the phone: ${JSON.stringify(menu)}`);
    await screenshot(A, 'chrome-390-menu');
    await A.keyboard.press('Escape');
    assert.deepEqual(first.errors, []);
  } finally {
    for (const o of others) await o.context.close();
    await first.context.close();
  }
});
