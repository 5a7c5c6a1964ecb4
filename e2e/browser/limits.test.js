// Refusals a user can act on, shown in the page: a board past its byte budget
// (EVENTSTORM_MAX_BOARD_BYTES, set low for this file's own server) refuses a new sticky with
// `board_full`, and a sticky deleted longer ago than the board keeps deleted stickies cannot
// be brought back (`note_not_restorable`). Each time the page says what happened and what to
// do, and the wall goes back to what the server holds.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CHROMIUM, haveChromium, launch } from '../support/browser.js';
import { TestServer, createBoard, getBoard, postCommand, serverBinary } from '../support/server.js';
import { openBoard, until } from '../support/page.js';

/** Room for six stickies of 3,000 characters and not seven; an eighth of it keeps deleted ones. */
const BUDGET = 20_000;
const bin = serverBinary();
const skip = !haveChromium() ? `chromium is not installed at ${CHROMIUM}` : !bin ? 'set EVENTSTORM_BIN to the eventstorm binary' : false;
/** @type {TestServer} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
before(async () => {
  if (skip || !bin) return;
  server = new TestServer(bin, { env: { EVENTSTORM_MAX_BOARD_BYTES: String(BUDGET) } });
  await server.start();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.dispose();
});

test('a full board and a sticky deleted too long ago: the page says what to do and shows what the server holds', { skip }, async (t) => {
  const board = await createBoard(server.baseUrl, 'Nearly full');
  const ids = Array.from({ length: 6 }, () => crypto.randomUUID());
  for (const [i, id] of ids.entries()) {
    await postCommand(server.baseUrl, board.id, { type: 'add_note', id, kind: 'event', text: `Long ${i + 1} `.padEnd(3000, 'x'), x: i * 200, y: 0 });
  }
  const { page, context } = await openBoard(browser, server.baseUrl + board.url, 'Ann');
  const root = page.locator('#app');
  const toast = page.locator('#toast');
  const serverNotes = async () => (await getBoard(server.baseUrl, board.id)).notes.length;
  const settled = async (/** @type {number} */ n) =>
    (await root.getAttribute('data-notes')) === String(n) && (await root.getAttribute('data-unsent')) === '0' && (await page.locator('.note').count()) === n;

  await t.test('duplicating a sticky on a full board is refused with what to do, and the copy goes away', async () => {
    await page.locator(`.note[data-id="${ids[0]}"]`).click();
    await page.keyboard.press('Control+d');
    await until(async () => (await toast.isVisible()) && /^This board is full: /.test((await toast.textContent()) ?? ''), 'the board-full notice');
    assert.match((await toast.textContent()) ?? '', /Delete or shorten stickies/i);
    await until(() => settled(6), 'the wall back to the six stickies the server holds');
    assert.equal(await serverNotes(), 6);
  });

  await t.test('undoing the delete of a sticky the board no longer keeps says where its text is', async () => {
    // The board keeps the latest deleted sticky whole and, past an eighth of its budget, no
    // older one: deleting a second sticky retires the first.
    for (const [i, id] of [ids[1], ids[2]].entries()) {
      await page.locator(`.note[data-id="${id}"]`).click();
      await page.keyboard.press('Delete');
      await until(async () => (await serverNotes()) === 5 - i && (await settled(5 - i)), `delete ${i + 1} to be saved`);
    }
    await page.keyboard.press('Control+z');
    await until(async () => (await serverNotes()) === 5 && (await settled(5)), 'the latest deleted sticky to come back');
    await page.keyboard.press('Control+z');
    await until(async () => /deleted too long ago to come back/.test((await toast.textContent()) ?? ''), 'the not-restorable notice');
    assert.match((await toast.textContent()) ?? '', /board's history/);
    await until(() => settled(5), 'the wall without the sticky, as the server holds it');
    assert.equal(await serverNotes(), 5);
    assert.equal(await page.locator(`.note[data-id="${ids[1]}"]`).count(), 0);
  });
  await context.close();
});
