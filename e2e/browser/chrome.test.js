// The chrome around the wall stays put: at 1280 px the top bars keep to one row however many
// people join, the zoom controls fade off a selected sticky under them, and on a phone the
// wall keeps most of the screen.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { createBoard, postCommand } from '../support/server.js';
import { centreOf, drag, openBoard, screenshot, sticky, until } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;

/** Where the wall starts and how tall it is. @param {import('playwright-core').Page} page */
const wallBox = async (page) => /** @type {{x: number, y: number, width: number, height: number}} */ (await page.locator('#wall').boundingBox());

test('five people at 1280 px: the bars keep one row; on a phone the wall keeps most of the screen', { skip }, async () => {
  const board = await createBoard(suite.env.baseUrl, 'A workshop with a rather long title for a laptop screen');
  await postCommand(suite.env.baseUrl, board.id, { type: 'add_note', id: crypto.randomUUID(), kind: 'event', text: 'Order Placed', x: 0, y: 0 });
  const first = await openBoard(suite.browser, suite.env.baseUrl + board.url, 'Annabelle');
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
    for (const bar of ['.topbar', '.facilbar']) {
      const rows = await A.locator(bar).evaluate((el) => {
        const tops = new Set([...el.children].filter((c) => c.getBoundingClientRect().height > 0).map((c) => Math.round(c.getBoundingClientRect().top / 8)));
        return tops.size;
      });
      assert.ok(rows <= 2, `${bar} children on ${rows} rows`);
      assert.equal(await height(bar), heights[/** @type {'.topbar' | '.facilbar'} */ (bar)], `${bar} kept its height`);
    }
    await screenshot(A, 'chrome-1280-five');

    // A sticky dropped under the zoom controls: they fade off it while it is selected.
    const zoombar = /** @type {{x: number, y: number, width: number, height: number}} */ (await A.locator('.zoombar').boundingBox());
    await drag(A, await centreOf(sticky(A, 'Order Placed')), { x: zoombar.x + zoombar.width / 2, y: zoombar.y + zoombar.height / 2 });
    await until(async () => (await A.locator('.zoombar.covering').count()) === 1, 'the zoom controls to fade off the selected sticky');
    await A.keyboard.press('Escape');
    await until(async () => (await A.locator('.zoombar.covering').count()) === 0, 'the zoom controls back once nothing is selected');
    await A.keyboard.press('Control+z');

    await A.setViewportSize({ width: 390, height: 844 });
    await A.waitForTimeout(200);
    const phone = await wallBox(A);
    assert.ok(phone.height >= 0.8 * 844, `the wall is ${phone.height}px of 844`);
    assert.ok(phone.width >= 0.8 * 390, `the wall is ${phone.width}px of 390 wide`);
    await A.getByRole('button', { name: 'Zoom to fit' }).click();
    await sticky(A, 'Order Placed').click();
    await A.keyboard.press('i');
    const panel = /** @type {{y: number, height: number}} */ (await A.locator('#panel').boundingBox());
    assert.ok(panel.height <= 0.6 * 844, `the details sheet is ${panel.height}px tall`);
    await screenshot(A, 'chrome-390-panel');
    assert.deepEqual(first.errors, []);
  } finally {
    for (const o of others) await o.context.close();
    await first.context.close();
  }
});
