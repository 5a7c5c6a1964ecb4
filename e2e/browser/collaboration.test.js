// Three people on one board (a facilitator and two participants) typing at the same time:
// nobody's typing is lost, swallowed by a shortcut or overwritten without their word.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { createBoard, getBoard, postCommand } from '../support/server.js';
import { centreOf, openBoard, screenshot, sticky, until } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;

/** A fresh board with Ann (facilitating), Ben and Cleo on it. @param {string} title */
async function workshop(title) {
  const board = await createBoard(suite.env.baseUrl, title);
  const url = suite.env.baseUrl + board.url;
  const ann = await openBoard(suite.browser, `${url}#facilitator=${encodeURIComponent(board.facilitator_key)}`, 'Ann');
  const ben = await openBoard(suite.browser, url, 'Ben');
  const cleo = await openBoard(suite.browser, url, 'Cleo');
  const api = () => getBoard(suite.env.baseUrl, board.id);
  /** @param {object} command */
  const post = (command) => postCommand(suite.env.baseUrl, board.id, command);
  const close = async () => {
    for (const p of [ann, ben, cleo]) {
      assert.deepEqual(p.errors, [], 'no page errors');
      await p.context.close();
    }
  };
  return { board, ann: ann.page, ben: ben.page, cleo: cleo.page, api, post, close };
}

/** Texts of the stickies on the board, sorted. @param {() => Promise<any>} api */
const texts = async (api) => (await api()).notes.map((/** @type {{text: string}} */ n) => n.text).sort();

test('collaboration without lost work', { skip }, async (t) => {
  await t.test('a sticky deleted while someone types keeps the typing and offers to restore it', async () => {
    const w = await workshop('Delete while editing');
    const id = crypto.randomUUID();
    await w.post({ type: 'add_note', id, kind: 'event', text: 'Room Chosen', x: 200, y: 200 });
    await sticky(w.ben, 'Room Chosen').dblclick();
    await w.ben.locator('.note-editor').waitFor();
    await w.ben.keyboard.type(' with view');
    await sticky(w.ann, 'Room Chosen').click();
    await w.ann.keyboard.press('Delete');
    await until(async () => (await w.api()).notes.length === 0, 'the sticky to be deleted');
    await w.ben.locator('.rescue').waitFor();
    // Ben goes on typing: the keys land in the rescue box, not on the wall as shortcuts.
    await w.ben.keyboard.type(' more');
    await w.ben.waitForTimeout(300);
    assert.deepEqual(await texts(w.api), [], 'no sticky was made by the keys');
    assert.equal(await w.ben.locator('.rescue-text').inputValue(), 'Room Chosen with view more');
    await screenshot(w.ben, 'collab-01-rescue');
    await w.ben.getByRole('button', { name: 'Restore the sticky with my text' }).click();
    await until(async () => (await w.api()).notes.some((/** @type {any} */ n) => n.id === id && n.text === 'Room Chosen with view more'), 'the sticky back with the typing');
    await sticky(w.ann, 'Room Chosen with view more').waitFor();
    await w.close();
  });

  await t.test('undo after a colleague changed the text is skipped with a notice and keeps their text', async () => {
    const w = await workshop('Undo is yours');
    const id = crypto.randomUUID();
    await w.post({ type: 'add_note', id, kind: 'event', text: 'Deposit Paid', x: 200, y: 200 });
    await sticky(w.ben, 'Deposit Paid').dblclick();
    await w.ben.keyboard.press('Control+a');
    await w.ben.keyboard.type('Taken');
    await w.ben.keyboard.press('Enter');
    await sticky(w.cleo, 'Taken').dblclick();
    await w.cleo.keyboard.press('Control+a');
    await w.cleo.keyboard.type('Received');
    await w.cleo.keyboard.press('Enter');
    await sticky(w.ben, 'Received').waitFor();
    await until(async () => (await w.ben.locator('#app').getAttribute('data-unsent')) === '0', 'Ben to have nothing unsent');
    await w.ben.keyboard.press('Control+z');
    await until(async () => /Undo skipped the text of “Received”/.test(await w.ben.locator('#toast').innerText()), 'the notice of what undo skipped');
    await screenshot(w.ben, 'collab-02-undo-skipped');
    await w.ben.waitForTimeout(500);
    assert.deepEqual(await texts(w.api), ['Received']);
    await w.close();
  });

  await t.test('two people editing one sticky see each other and neither loses their text', async () => {
    const w = await workshop('Two editors');
    await w.post({ type: 'add_note', id: crypto.randomUUID(), kind: 'event', text: 'Price', x: 200, y: 200 });
    await sticky(w.ben, 'Price').dblclick();
    await w.ben.locator('.note-editor').waitFor();
    await until(async () => /Ben is editing/.test((await w.cleo.locator('.editing-badge').allTextContents()).join()), 'Cleo to see that Ben edits it');
    await sticky(w.cleo, 'Price').dblclick();
    await until(async () => /Ben is editing this sticky too/.test(await w.cleo.locator('.editor-warning').innerText()), 'Cleo to be warned before she types');
    await until(async () => /Cleo is editing/.test((await w.ben.locator('.editing-badge').allTextContents()).join()), 'Ben to see that Cleo edits it');
    await screenshot(w.cleo, 'collab-03-two-editors');
    await Promise.all([w.ben.keyboard.type(' Quoted'), w.cleo.keyboard.type(' Checked')]);
    // Whoever sent first is asked when the other's text arrives.
    const asked = /** @type {import('playwright-core').Page} */ (await until(async () => {
      if (await w.ben.locator('.merge-choice').isVisible()) return w.ben;
      if (await w.cleo.locator('.merge-choice').isVisible()) return w.cleo;
      return null;
    }, 'one of them to be asked which text stays'));
    await screenshot(asked, 'collab-04-merge-choice');
    await asked.getByRole('button', { name: 'Keep both' }).click();
    await asked.keyboard.press('Enter');
    await (asked === w.ben ? w.cleo : w.ben).keyboard.press('Enter');
    await until(async () => JSON.stringify(await texts(w.api)) === JSON.stringify(['Price Checked', 'Price Quoted']), 'both texts on the board');
    // The presence clears when the editors close.
    await until(async () => (await w.ann.locator('.editing-badge').count()) === 0, 'the editing marks to go');
    await w.close();
  });

  await t.test('a double-click next to a sticky a colleague just added makes a new sticky', async () => {
    const w = await workshop('Chaotic exploration');
    const box = await w.ben.locator('#wall').boundingBox();
    if (!box) throw new Error('no wall');
    const at = { x: box.x + 500, y: box.y + 350 };
    // Ben's first click lands on the bare wall; Cleo's new sticky appears there before his second.
    await w.ben.mouse.move(at.x, at.y);
    await w.ben.mouse.down({ clickCount: 1 });
    await w.ben.mouse.up({ clickCount: 1 });
    // The board point under Ben's pointer, from the view the page shares (its centre's board point and zoom).
    const [vx, vy, zoom] = String(await w.ben.locator('#app').getAttribute('data-view')).split(',').map(Number);
    const bx = vx + (at.x - box.x - box.width / 2) / zoom;
    const by = vy + (at.y - box.y - box.height / 2) / zoom;
    await w.post({ type: 'add_note', id: crypto.randomUUID(), kind: 'event', text: 'Price Quoted', x: bx - 70, y: by - 50 });
    await w.ben.waitForFunction((x) => !!document.elementFromPoint(x[0], x[1])?.closest('.note'), [at.x, at.y], { polling: 'raf', timeout: 5_000 });
    await w.ben.mouse.down({ clickCount: 2 });
    await w.ben.mouse.up({ clickCount: 2 });
    await w.ben.locator('.note-editor').waitFor();
    await w.ben.keyboard.type('Availability Updated');
    await w.ben.keyboard.press('Enter');
    await until(async () => JSON.stringify(await texts(w.api)) === JSON.stringify(['Availability Updated', 'Price Quoted']), 'a new sticky beside Cleo’s');
    const notes = (await w.api()).notes;
    const [a, b] = notes;
    const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    assert.equal(overlap, false, 'the new sticky is not on top of hers');
    await screenshot(w.ben, 'collab-05-double-click-beside');
    await w.close();
  });

  await t.test('a word typed after a missed click creates nothing', async () => {
    const w = await workshop('Missed click');
    const box = await w.ben.locator('#wall').boundingBox();
    if (!box) throw new Error('no wall');
    await w.ben.mouse.click(box.x + 400, box.y + 300);
    await w.ben.keyboard.type('Payment Failed');
    await w.ben.waitForTimeout(600);
    assert.deepEqual(await texts(w.api), []);
    assert.equal(await w.ben.locator('.note').count(), 0);
    assert.match(await w.ben.locator('#toast').innerText(), /double-click/i);
    assert.match(await w.ben.locator('#current-kind').innerText(), /Double-click adds: Event/);
    await screenshot(w.ben, 'collab-06-missed-click');
    await w.close();
  });

  await t.test('Enter in a connector label leaves exactly one connector with the new label', async () => {
    const w = await workshop('Labels');
    const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await w.post({ type: 'add_note', id: a, kind: 'command', text: 'Book Room', x: 100, y: 200 });
    await w.post({ type: 'add_note', id: b, kind: 'event', text: 'Room Booked', x: 500, y: 200 });
    await w.post({ type: 'add_connector', id: c, from: a, to: b, label: 'decides' });
    await w.ben.locator('.connector .connector-hit').first().click({ force: true });
    // The details panel opens on demand (I).
    await w.ben.keyboard.press('i');
    const label = w.ben.locator('#connector-label');
    await label.click();
    await w.ben.keyboard.press('Control+a');
    await w.ben.keyboard.type('produces');
    await w.ben.keyboard.press('Enter');
    await until(async () => (await w.api()).connectors[0]?.label === 'produces', 'the new label');
    // Focus went back to the wall: a shortcut now is a shortcut, not more of the label.
    assert.equal(await w.ben.evaluate(() => document.activeElement?.id), 'wall');
    await w.ben.waitForTimeout(500);
    const connectors = (await w.api()).connectors;
    assert.deepEqual(connectors.map((/** @type {any} */ k) => [k.id, k.label]), [[c, 'produces']]);
    await until(async () => (await w.cleo.locator('.connector').count()) === 1, 'Cleo to see one connector');
    await w.close();
  });

  await t.test('Escape removes a new empty sticky', async () => {
    const w = await workshop('Escape');
    const box = await w.ben.locator('#wall').boundingBox();
    if (!box) throw new Error('no wall');
    await w.ben.mouse.dblclick(box.x + 400, box.y + 300);
    await w.ben.locator('.note-editor').waitFor();
    await w.ben.keyboard.press('Escape');
    await until(async () => (await w.ben.locator('.note').count()) === 0, 'the empty sticky to go from the wall');
    await w.ben.waitForTimeout(400);
    assert.deepEqual(await texts(w.api), []);
    await w.close();
  });
});
