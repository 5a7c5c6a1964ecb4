// One person at the wall: the palette and keyboard, paste and duplicate, frames, search, the
// minimap, zoom, touch, and the other person's labelled cursor.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { createBoard, getBoard, postCommand } from '../support/server.js';
import { centreOf, openBoard, screenshot, sticky, until } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;


/** @param {string} id */
const notes = async (id) => /** @type {any[]} */ ((await getBoard(suite.env.baseUrl, id)).notes);

test('the wall by keyboard, clipboard and pointer', { skip }, async (t) => {
  const board = await createBoard(suite.env.baseUrl, 'Tools');
  const a = await openBoard(suite.browser, suite.env.baseUrl + board.url, 'Ann');
  const A = a.page;
  await a.context.grantPermissions(['clipboard-read', 'clipboard-write']);

  await t.test('the palette is one tab stop with arrow keys inside', async () => {
    await A.locator('#rename-me').focus();
    await A.keyboard.press('Shift+Tab');
    await A.keyboard.press('Shift+Tab');
    // From the header, Tab order reaches the palette's single stop.
    await A.locator('#palette button').first().focus();
    await A.keyboard.press('ArrowDown');
    assert.equal(await A.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Add command');
    await A.keyboard.press('Enter');
    await A.keyboard.type('Place Order');
    await A.keyboard.press('Enter');
    await sticky(A, 'Place Order').waitFor();
    assert.equal(await sticky(A, 'Place Order').evaluate((el) => el.classList.contains('k-command')), true);
  });

  await t.test('keys add, change kind, nudge and delete', async () => {
    await A.mouse.move(500, 500);
    await A.keyboard.press('a');
    await A.keyboard.type('Customer');
    await A.keyboard.press('Enter');
    const before = (await notes(board.id)).find((n) => n.text === 'Customer');
    assert.deepEqual([before.kind, before.w, before.h], ['actor', 100, 70]);
    await A.keyboard.press('Shift+U');
    await A.keyboard.press('ArrowRight');
    await A.keyboard.press('Shift+ArrowDown');
    await until(async () => {
      const n = (await notes(board.id)).find((x) => x.text === 'Customer');
      return n.kind === 'ui' && n.x === before.x + 10 && n.y === before.y + 50;
    }, 'kind and position to change');
    await A.keyboard.press('Delete');
    await until(async () => !(await notes(board.id)).some((n) => n.text === 'Customer'), 'the sticky to be deleted');
    await A.keyboard.press('Control+z');
    await sticky(A, 'Customer').waitFor();
  });

  await t.test('pasting lines of text makes one sticky each; copy and duplicate keep details', async () => {
    await A.evaluate(() => navigator.clipboard.writeText('Order Placed\nPayment Taken\n\nOrder Shipped'));
    await A.mouse.move(300, 200);
    await A.keyboard.press('e');
    await A.keyboard.press('Escape');
    await A.keyboard.press('Delete');
    await A.locator('#wall').click({ position: { x: 30, y: 30 } });
    await A.keyboard.press('Control+v');
    for (const text of ['Order Placed', 'Payment Taken', 'Order Shipped']) await sticky(A, text).waitFor();
    assert.equal((await notes(board.id)).filter((n) => n.kind === 'event').length, 3);
    await A.keyboard.press('Control+d');
    await until(async () => (await notes(board.id)).filter((n) => n.text === 'Payment Taken').length === 2, 'duplicates');
    await A.keyboard.press('Control+c');
    const other = await createBoard(suite.env.baseUrl, 'Elsewhere');
    const b = await openBoard(suite.browser, suite.env.baseUrl + other.url, 'Ann in another tab');
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const copied = await A.evaluate(() => navigator.clipboard.readText());
    await b.page.evaluate((text) => navigator.clipboard.writeText(text), copied);
    await b.page.locator('#wall').click({ position: { x: 30, y: 30 } });
    await b.page.keyboard.press('Control+v');
    await until(async () => (await notes(other.id)).length === 3, 'three stickies on the other board');
    await b.context.close();
  });

  await t.test('a frame gets its name from the panel and moves its stickies with Alt held', async () => {
    // With stickies selected, the new frame goes around them.
    await A.locator('#wall').click({ position: { x: 30, y: 30 } });
    await A.keyboard.press('Control+a');
    await A.getByRole('button', { name: 'Add bounded context' }).click();
    await A.keyboard.type('Ordering');
    await A.keyboard.press('Tab');
    await A.locator('.frame-name', { hasText: 'Ordering' }).waitFor();
    const state = await getBoard(suite.env.baseUrl, board.id);
    const frame = state.frames[0];
    assert.equal(frame.name, 'Ordering');
    const inside = state.notes.filter((/** @type {any} */ n) => n.x + n.w / 2 >= frame.x && n.x + n.w / 2 <= frame.x + frame.w && n.y + n.h / 2 >= frame.y && n.y + n.h / 2 <= frame.y + frame.h);
    assert.ok(inside.length > 1, 'the frame went around the selected stickies');
    // The frame's title is above the stickies: bring it into view (the wheel pans), and
    // take it near its left end.
    const wall = await centreOf(A.locator('#wall'));
    await A.mouse.move(wall.x, wall.y);
    await A.mouse.wheel(-200, -200);
    await A.waitForTimeout(200);
    const box = await A.locator('.frame-header').boundingBox();
    assert.ok(box);
    const header = { x: box.x + 20, y: box.y + box.height / 2 };
    await A.keyboard.down('Alt');
    await A.mouse.move(header.x, header.y);
    await A.mouse.down();
    await A.mouse.move(header.x + 40, header.y + 30, { steps: 5 });
    await A.mouse.up();
    await A.keyboard.up('Alt');
    await until(async () => {
      const now = await getBoard(suite.env.baseUrl, board.id);
      return now.frames[0].x === frame.x + 40 && inside.every((/** @type {any} */ n) => now.notes.find((/** @type {any} */ m) => m.id === n.id)?.x === n.x + 40);
    }, 'the frame and its stickies to move');
    await screenshot(A, '10-frame');
  });

  await t.test('box selection, search and zoom', async () => {
    await A.getByRole('button', { name: 'Zoom to fit' }).click();
    const wall = await A.locator('#wall').boundingBox();
    assert.ok(wall);
    await A.keyboard.down('Shift');
    await A.mouse.move(wall.x + 5, wall.y + 5);
    await A.mouse.down();
    await A.mouse.move(wall.x + wall.width - 5, wall.y + wall.height - 5, { steps: 5 });
    await A.mouse.up();
    await A.keyboard.up('Shift');
    const total = await A.locator('.note').count();
    await until(async () => (await A.locator('.note.selected').count()) === total, `all ${total} stickies to be selected`);
    await A.keyboard.press('Escape');
    await A.keyboard.press('/');
    await A.keyboard.type('payment');
    await until(async () => (await A.locator('#search-count').innerText()) === '2 matches', 'two matches');
    await A.keyboard.press('Enter');
    assert.equal(await A.locator('#search-count').innerText(), '1 of 2');
    await until(async () => (await A.locator('.note.selected .note-text').allInnerTexts()).join() === 'Payment Taken', 'the first match selected');
    await A.keyboard.press('Escape');
    const zoom = await A.locator('#zoom-reset').innerText();
    await A.getByRole('button', { name: 'Zoom in' }).click();
    await until(async () => (await A.locator('#zoom-reset').innerText()) !== zoom, 'the zoom to change');
    await A.locator('#wall').hover();
    await A.keyboard.down('Control');
    await A.mouse.wheel(0, -300);
    await A.keyboard.up('Control');
    await A.getByRole('button', { name: 'Zoom to 100%' }).click();
    await until(async () => (await A.locator('#zoom-reset').innerText()) === '100%', '100%');
  });

  await t.test('a big board shows the minimap', async () => {
    // Everything fits on screen and there are few stickies: no minimap yet.
    await A.getByRole('button', { name: 'Zoom to fit' }).click();
    await until(async () => !(await A.locator('#minimap').isVisible()), 'no minimap while the board fits');
    const before = await A.locator('#minimap').isVisible();
    for (let i = 0; i < 45; i++) {
      await postCommand(suite.env.baseUrl, board.id, { type: 'add_note', id: crypto.randomUUID(), kind: 'note', text: `n${i}`, x: 2000 + (i % 9) * 160, y: (i / 9 | 0) * 120 });
    }
    await until(() => A.locator('#minimap').isVisible(), 'the minimap');
    assert.equal(before, false);
    await screenshot(A, '11-minimap');
  });

  await t.test('touch: tap selects, one finger pans, two fingers pinch', async () => {
    const ctx = await suite.browser.newContext({ viewport: { width: 900, height: 700 }, hasTouch: true, isMobile: true });
    await ctx.addInitScript(() => localStorage.setItem('eventstorm.name', 'Tess'));
    const page = await ctx.newPage();
    await page.goto(suite.env.baseUrl + board.url);
    await page.locator('#conn[data-state=live]').waitFor();
    await page.getByRole('button', { name: 'Zoom to 100%' }).tap();
    const cdp = await ctx.newCDPSession(page);
    const zoomOf = async () => page.locator('#zoom-reset').innerText();
    const start = await zoomOf();
    /** @param {{x: number, y: number}[]} points @param {'touchStart' | 'touchMove' | 'touchEnd'} type */
    const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map((p, i) => ({ x: p.x, y: p.y, id: i })) });
    await touch('touchStart', [{ x: 400, y: 400 }, { x: 500, y: 400 }]);
    for (let i = 1; i <= 8; i++) await touch('touchMove', [{ x: 400 - i * 15, y: 400 }, { x: 500 + i * 15, y: 400 }]);
    await touch('touchEnd', []);
    await until(async () => (await zoomOf()) !== start, 'the pinch to zoom');
    assert.ok(parseInt(await zoomOf(), 10) > parseInt(start, 10));
    await ctx.close();
  });

  await t.test('others see a labelled cursor', async () => {
    const b = await openBoard(suite.browser, suite.env.baseUrl + board.url, 'Ben');
    await b.page.mouse.move(600, 400);
    await b.page.mouse.move(620, 420, { steps: 3 });
    await until(async () => (await A.locator('.cursor .cursor-name').allInnerTexts()).includes('Ben'), 'Ben’s cursor on A');
    await b.context.close();
    await until(async () => (await A.locator('.cursor').count()) === 0, 'the cursor to go when Ben leaves');
  });

  assert.deepEqual(a.errors, []);
  await a.context.close();
});
