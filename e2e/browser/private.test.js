// Private mode in a three-person workshop: the facilitator switches it on from the More menu,
// each participant's new stickies are on their own wall only (marked "Only you"), a reload
// keeps them theirs, and the reveal puts every private sticky on every wall at once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { addRow, createBoard, getBoard } from '../support/server.js';
import { openBoard, screenshot, sticky, until } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;

/** The texts of the stickies on a page's wall, sorted. @param {import('playwright-core').Page} page */
const wallTexts = async (page) => (await page.locator('.note .note-text').allInnerTexts()).map((t) => t.trim()).sort();

/**
 * Adds a sticky the way people do: double-click on free wall, type, Enter.
 * @param {import('playwright-core').Page} page @param {number} x @param {number} y @param {string} text
 */
async function addByTyping(page, x, y, text) {
  const box = await page.locator('#wall').boundingBox();
  if (!box) throw new Error('no wall');
  await page.mouse.dblclick(box.x + x, box.y + y);
  await page.locator('.note-editor').waitFor();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await sticky(page, text).waitFor();
}

test('private mode keeps new stickies to their authors until the reveal', { skip }, async () => {
  const board = await createBoard(suite.env.baseUrl, 'Private');
  await addRow(suite.env.baseUrl, board.id, [['Order Placed', 'event']]);
  const url = suite.env.baseUrl + board.url;
  const ann = await openBoard(suite.browser, `${url}#facilitator=${encodeURIComponent(board.facilitator_key)}`, 'Ann');
  const ben = await openBoard(suite.browser, url, 'Ben');
  const cleo = await openBoard(suite.browser, url, 'Cleo');
  const [A, B, C] = [ann.page, ben.page, cleo.page];

  // Only the facilitator has the switch.
  await B.locator('#more-toggle').click();
  assert.equal(await B.locator('#private-mode').isVisible(), false, 'a participant has no switch');
  await B.keyboard.press('Escape');
  await A.locator('#more-toggle').click();
  await A.locator('#private-mode').click();
  for (const p of [A, B, C]) {
    await until(async () => /^Private mode: new stickies are seen only by whoever adds them/.test(await p.locator('#private-banner').innerText().catch(() => '')), 'everyone to see the banner');
  }

  await addByTyping(B, 420, 320, 'Refund Requested');
  await addByTyping(C, 420, 520, 'Voucher Issued');
  await until(async () => /You have 1 private sticky/.test(await B.locator('#private-banner').innerText()), "Ben's count");
  assert.equal(await sticky(B, 'Refund Requested').evaluate((el) => el.classList.contains('private')), true, 'marked as private on its author’s wall');
  // Give the others' walls every chance to show it: they must not.
  await A.waitForTimeout(800);
  assert.deepEqual(await wallTexts(A), ['Order Placed']);
  assert.deepEqual(await wallTexts(C), ['Order Placed', 'Voucher Issued']);
  assert.deepEqual(await wallTexts(B), ['Order Placed', 'Refund Requested']);
  const api = await getBoard(suite.env.baseUrl, board.id);
  assert.deepEqual(api.notes.map((/** @type {{text: string}} */ n) => n.text), ['Order Placed'], 'nor does the API');
  await screenshot(B, 'private-mode-ben');

  // A reload keeps Ben's sticky his, and still nobody else's.
  await B.reload();
  await sticky(B, 'Refund Requested').waitFor();
  assert.equal(await sticky(B, 'Refund Requested').evaluate((el) => el.classList.contains('private')), true);
  assert.deepEqual(await wallTexts(C), ['Order Placed', 'Voucher Issued']);

  // The reveal: every wall has every sticky, none marked private any more.
  await A.locator('#more-toggle').click();
  assert.equal(await A.locator('#private-mode').innerText(), 'Reveal private stickies');
  await A.locator('#private-mode').click();
  for (const p of [A, B, C]) {
    await until(async () => (await wallTexts(p)).join('|') === 'Order Placed|Refund Requested|Voucher Issued', 'every sticky on every wall');
    await until(async () => await p.locator('#private-banner').isHidden(), 'the banner to go');
    assert.equal(await p.locator('.note.private').count(), 0);
  }
  await screenshot(C, 'private-mode-revealed');
  const revealed = await getBoard(suite.env.baseUrl, board.id);
  assert.equal(revealed.notes.length, 3);
  for (const p of [ann, ben, cleo]) assert.deepEqual(p.errors, []);
  for (const p of [ann, ben, cleo]) await p.context.close();
});
