// A calm wall that helps with layout: the view stays where the person put it, the details
// panel opens only when asked, frames go to free space and move without their stickies unless
// asked, dragged stickies snap onto their neighbours, and a selection can be aligned and
// distributed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { createBoard, getBoard, postCommand } from '../support/server.js';
import { centreOf, openBoard, screenshot, sticky, until } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;

/** @param {string} id */
const stateOf = async (id) => /** @type {{notes: any[], frames: any[]}} */ (await getBoard(suite.env.baseUrl, id));

/** The wall layer's transform: where the view is. @param {import('playwright-core').Page} page */
const viewOf = (page) => page.locator('#layer').evaluate((el) => /** @type {HTMLElement} */ (el).style.transform);

test('a calm wall: the view, the details panel, frames, snapping, align and distribute', { skip }, async (t) => {
  const board = await createBoard(suite.env.baseUrl, 'Arrange');
  /** @param {string} text @param {number} x @param {number} y @param {string} [kind] */
  const add = async (text, x, y, kind = 'event') => {
    const id = crypto.randomUUID();
    await postCommand(suite.env.baseUrl, board.id, { type: 'add_note', id, kind, text, x, y });
    return id;
  };
  const placed = await add('Order Placed', 0, 0);
  await add('Payment Taken', 400, 0);
  const a = await openBoard(suite.browser, suite.env.baseUrl + board.url, 'Ann');
  const A = a.page;
  await A.getByRole('button', { name: 'Zoom to 100%' }).click();

  await t.test('adding a sticky near the right edge does not move the view', async () => {
    const wall = /** @type {{x: number, y: number, width: number, height: number}} */ (await A.locator('#wall').boundingBox());
    const before = await viewOf(A);
    await A.mouse.dblclick(wall.x + wall.width - 90, wall.y + wall.height / 2);
    await A.keyboard.type('Refund Issued');
    await A.keyboard.press('Escape');
    await until(async () => (await stateOf(board.id)).notes.some((n) => n.text === 'Refund Issued'), 'the new sticky stored');
    await A.waitForTimeout(300);
    assert.equal(await viewOf(A), before, 'the view stayed where it was');
    assert.equal(await A.locator('#panel').isVisible(), false, 'no details panel opened by itself');
  });

  await t.test('the details panel opens on demand and can be pinned', async () => {
    await sticky(A, 'Order Placed').click();
    await A.waitForTimeout(200);
    assert.equal(await A.locator('#panel').isVisible(), false, 'selecting does not open it');
    await A.keyboard.press('i');
    await until(() => A.locator('#panel').isVisible(), 'the panel to open with I');
    assert.equal(await A.locator('#panel textarea').first().inputValue(), 'Order Placed');
    // Unpinned, it closes when the selection is cleared.
    await A.keyboard.press('Escape');
    await until(async () => !(await A.locator('#panel').isVisible()), 'the panel to close with the selection');
    await sticky(A, 'Order Placed').click();
    await A.getByRole('button', { name: 'Details', exact: true }).click();
    await A.getByRole('button', { name: 'Pin the details panel' }).click();
    await A.locator('#wall').click({ position: { x: 20, y: 300 } });
    await A.waitForTimeout(200);
    assert.ok(await A.locator('#panel').isVisible(), 'pinned, it stays');
    await sticky(A, 'Payment Taken').click();
    await until(async () => (await A.locator('#panel textarea').first().inputValue()) === 'Payment Taken', 'the pinned panel to follow the selection');
    await A.getByRole('button', { name: 'Unpin the details panel' }).click();
    await A.getByRole('button', { name: 'Close details' }).click();
    await until(async () => !(await A.locator('#panel').isVisible()), 'the panel closed');
  });

  await t.test('a dragged sticky snaps onto its neighbour\'s row', async () => {
    const target = await centreOf(sticky(A, 'Payment Taken'));
    const from = await centreOf(sticky(A, 'Order Placed'));
    // Drop it 190 px right of Payment Taken and 5 px lower: the tops line up.
    await A.mouse.move(from.x, from.y);
    await A.mouse.down();
    await A.mouse.move(from.x + 100, from.y + 50, { steps: 4 });
    await A.mouse.move(target.x + 190, target.y + 5, { steps: 8 });
    assert.ok((await A.locator('.snap-guide').count()) > 0, 'a guide line shows what it lines up with');
    await A.mouse.up();
    await until(async () => {
      const s = await stateOf(board.id);
      const moved = s.notes.find((n) => n.id === placed);
      return moved && moved.x > 400 && moved.y === 0;
    }, 'Order Placed stored on the same row as Payment Taken');
    assert.equal(await A.locator('.snap-guide').count(), 0, 'guides go away on drop');
  });

  await t.test('align and distribute a selection', async () => {
    const ids = [await add('Step One', 0, 400), await add('Step Two', 150, 430), await add('Step Three', 700, 470)];
    await sticky(A, 'Step Three').waitFor();
    await sticky(A, 'Step One').click();
    await sticky(A, 'Step Two').click({ modifiers: ['Shift'] });
    await sticky(A, 'Step Three').click({ modifiers: ['Shift'] });
    await A.getByRole('button', { name: 'Align top edges' }).click();
    await until(async () => (await stateOf(board.id)).notes.filter((n) => ids.includes(n.id)).every((n) => n.y === 400), 'all three on one top edge');
    await A.getByRole('button', { name: 'Distribute horizontally (equal gaps)' }).click();
    await until(async () => {
      const xs = (await stateOf(board.id)).notes.filter((n) => ids.includes(n.id)).map((n) => n.x).sort((p, q) => p - q);
      return xs[0] === 0 && xs[1] === 350 && xs[2] === 700;
    }, 'equal gaps between the three');
    // One undo step puts the distribution back.
    await A.keyboard.press('Control+z');
    await until(async () => (await stateOf(board.id)).notes.find((n) => n.id === ids[1])?.x === 150, 'undo restores the old places');
    await screenshot(A, 'arrange-aligned');
    await A.keyboard.press('Escape');
  });

  await t.test('a new frame goes to free space and moves without its stickies unless asked', async () => {
    await A.getByRole('button', { name: 'Add bounded context' }).click();
    await A.keyboard.type('Billing');
    await A.keyboard.press('Tab');
    await A.locator('.frame-name', { hasText: 'Billing' }).waitFor();
    let s = await stateOf(board.id);
    const frame = s.frames[0];
    const under = s.notes.filter((n) => n.x < frame.x + frame.w && frame.x < n.x + n.w && n.y < frame.y + frame.h && frame.y < n.y + n.h);
    assert.deepEqual(under.map((n) => n.text), [], 'no sticky under the new frame');
    // Put a sticky inside it, then drag the frame by its title.
    const inside = await add('Invoice Sent', frame.x + 60, frame.y + 80);
    await sticky(A, 'Invoice Sent').waitFor();
    const header = await centreOf(A.locator('.frame-header'));
    await A.mouse.move(header.x, header.y);
    await A.mouse.down();
    await A.mouse.move(header.x + 50, header.y + 20, { steps: 6 });
    await A.mouse.up();
    await until(async () => (await stateOf(board.id)).frames[0].x === frame.x + 50, 'the frame moved');
    s = await stateOf(board.id);
    assert.equal(s.notes.find((n) => n.id === inside)?.x, frame.x + 60, 'its sticky stayed');
    // Alt+drag carries the stickies along.
    const again = await centreOf(A.locator('.frame-header'));
    await A.keyboard.down('Alt');
    await A.mouse.move(again.x, again.y);
    await A.mouse.down();
    await A.mouse.move(again.x + 30, again.y, { steps: 6 });
    await A.mouse.up();
    await A.keyboard.up('Alt');
    await until(async () => (await stateOf(board.id)).notes.find((n) => n.id === inside)?.x === frame.x + 90, 'Alt+drag carried the sticky');
    assert.match((await A.locator('.frame-header').getAttribute('title')) ?? '', /Alt/, 'the header says how to carry the stickies');
    // Its resize handle keeps one screen size at every zoom.
    const handle = A.locator('.frame-chrome.selected .frame-resize');
    const at100 = (await handle.boundingBox())?.width ?? 0;
    assert.ok(at100 > 10, `the handle is ${at100}px wide at 100 %`);
    await A.getByRole('button', { name: 'Zoom out' }).click();
    await A.getByRole('button', { name: 'Zoom out' }).click();
    await until(async () => parseInt(await A.locator('#zoom-reset').innerText(), 10) < 80, 'zoomed out');
    assert.ok(Math.abs(((await handle.boundingBox())?.width ?? 0) - at100) < 0.5, 'the same size zoomed out');
    await A.getByRole('button', { name: 'Zoom to 100%' }).click();
  });

  await t.test('a drag held at the wall\'s edge scrolls the wall', async () => {
    const wall = /** @type {{x: number, y: number, width: number, height: number}} */ (await A.locator('#wall').boundingBox());
    const from = await centreOf(sticky(A, 'Payment Taken'));
    const before = await viewOf(A);
    await A.mouse.move(from.x, from.y);
    await A.mouse.down();
    await A.mouse.move(from.x, wall.y + wall.height - 30, { steps: 6 });
    await A.mouse.move(from.x, wall.y + wall.height - 8, { steps: 3 });
    await until(async () => (await viewOf(A)) !== before, 'the wall to scroll under the held sticky');
    await A.waitForTimeout(300);
    await A.mouse.up();
    // Carried further than the pointer moved on screen: the wall scrolled with it.
    const onScreen = wall.y + wall.height - 8 - from.y;
    await until(async () => ((await stateOf(board.id)).notes.find((n) => n.text === 'Payment Taken')?.y ?? 0) > onScreen + 100, 'the sticky stored further down than the pointer moved');
    await A.keyboard.press('Control+z');
    await until(async () => (await stateOf(board.id)).notes.find((n) => n.text === 'Payment Taken')?.y === 0, 'undo puts it back');
    assert.deepEqual(a.errors, []);
  });
});
