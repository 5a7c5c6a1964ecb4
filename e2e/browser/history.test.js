// The board's history: the slider shows the wall as it was (read-only) and returns to live,
// the replay plays it back, the activity feed and a sticky's history say who did what, compare
// shows the model's changes between two moments, and fork starts a new board from the past.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { createBoard, getBoard, postCommand } from '../support/server.js';
import { openBoard, screenshot, sticky, until, control } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;


/** Texts of the stickies on a page's wall. @param {import('playwright-core').Page} page */
const wallTexts = (page) => page.locator('.note .note-text').allTextContents();

test('time travel, activity, compare and fork', { skip }, async (t) => {
  const board = await createBoard(suite.env.baseUrl, 'History');
  const first = crypto.randomUUID();
  await postCommand(suite.env.baseUrl, board.id, { type: 'add_note', id: first, kind: 'event', text: 'Order Placed', x: 0, y: 0 }); // seq 2
  await postCommand(suite.env.baseUrl, board.id, { type: 'add_note', id: crypto.randomUUID(), kind: 'event', text: 'Payment Taken', x: 220, y: 0 }); // seq 3
  await postCommand(suite.env.baseUrl, board.id, { type: 'edit_text', id: first, text: 'Order Submitted' }); // seq 4
  const a = await openBoard(suite.browser, suite.env.baseUrl + board.url, 'Ann');
  const b = await openBoard(suite.browser, suite.env.baseUrl + board.url, 'Ben');
  const A = a.page;
  await sticky(A, 'Order Submitted').waitFor();

  await t.test('the slider shows an older state, read-only, and returns to live', async () => {
    await (await control(A, '#history-toggle')).click();
    assert.equal(await A.locator('#history-slider').getAttribute('max'), '4');
    await A.locator('#history-slider').fill('2');
    await until(async () => (await A.locator('#app').getAttribute('data-past-seq')) === '2', 'the wall to show seq 2');
    await until(async () => JSON.stringify(await wallTexts(A)) === JSON.stringify(['Order Placed']), 'the wall to show only the first sticky, as it was');
    assert.equal(await A.locator('#past-banner').isVisible(), true);
    assert.match(String(await A.locator('#history-label').textContent()), /Seq 2 of 4 · api, .*: added event “Order Placed”/);
    // Read-only: a key that would add a sticky does nothing.
    await A.locator('#wall').click({ position: { x: 600, y: 500 } });
    await A.keyboard.press('e');
    await A.waitForTimeout(200);
    assert.deepEqual(await wallTexts(A), ['Order Placed']);
    // Someone else edits meanwhile: the slider grows, the past stays.
    await b.page.getByRole('button', { name: 'Add event' }).click();
    await b.page.keyboard.type('Order Shipped');
    await b.page.keyboard.press('Enter');
    await until(async () => (await A.locator('#history-slider').getAttribute('max')) === '6', 'the slider to reach the new head');
    assert.deepEqual(await wallTexts(A), ['Order Placed']);
    await screenshot(A, '30-history-past');
    await A.locator('#history-live').click();
    await until(async () => (await wallTexts(A)).sort().join('|') === 'Order Shipped|Order Submitted|Payment Taken', 'the live wall again');
    assert.equal(await A.locator('#app').getAttribute('data-past-seq'), '');
    assert.equal(await A.locator('#past-banner').isVisible(), false);
    assert.equal((await getBoard(suite.env.baseUrl, board.id)).notes.length, 3, 'nothing was added while in the past');
  });

  await t.test('replay plays the board back and ends live', async () => {
    await A.locator('#history-speed').selectOption('20');
    await A.locator('#history-play').click();
    await until(async () => (await A.locator('#app').getAttribute('data-past-seq')) !== '', 'the replay to start');
    /** @type {number[]} */
    const seen = [];
    await until(async () => {
      const seq = await A.locator('#app').getAttribute('data-past-seq');
      if (seq) seen.push(Number(seq));
      return seq === '';
    }, 'the replay to reach now', 10_000);
    assert.ok(seen.length >= 2 && seen.every((s, i) => i === 0 || s >= seen[i - 1]), `seqs went forward: ${seen}`);
    assert.equal(await A.locator('#history-play').textContent(), 'Replay');
    assert.equal((await wallTexts(A)).length, 3);
  });

  await t.test('the activity feed says who did what', async () => {
    await A.locator('#history-activity').click();
    const feed = A.locator('#history-side .activity-list');
    const head = (await getBoard(suite.env.baseUrl, board.id)).seq;
    await until(async () => (await feed.locator('li').count()) === head, `${head} events in the feed`);
    const lines = await feed.locator('li').allInnerTexts();
    assert.match(lines[0], new RegExp(`^Ben .*\\n.* · seq ${head}$`), 'newest first');
    assert.match(lines.join('\n'), /Ben added an empty event[\s\S]*Ben wrote “Order Shipped”|Ben wrote “Order Shipped”[\s\S]*Ben added an empty event/);
    assert.match(await feed.locator('li[data-seq="4"]').innerText(), /^api changed the text from “Order Placed” to “Order Submitted”/);
    assert.match(lines[lines.length - 1], /^api created the board “History”/);
    // A click shows that moment.
    await feed.locator('li[data-seq="3"] button').click();
    await until(async () => (await A.locator('#app').getAttribute('data-past-seq')) === '3', 'the feed to show seq 3');
    // The wall is drawn on the next animation frame after the switch: wait for it.
    await until(async () => JSON.stringify((await wallTexts(A)).sort()) === JSON.stringify(['Order Placed', 'Payment Taken']), 'the wall as it was at seq 3');
    await A.locator('#history-side-close').click();
  });

  await t.test('compare lists the model changes between two moments', async () => {
    await A.locator('#history-compare').click();
    assert.equal(await A.locator('#compare-from').inputValue(), '3');
    await until(async () => (await A.locator('.diff-list > li').count()) >= 2, 'the diff');
    const items = await A.locator('.diff-list > li .diff-title').allTextContents();
    assert.ok(items.includes('Added Event “Order Shipped”'), items.join('\n'));
    assert.ok(items.includes('Renamed event “Order Placed” to “Order Submitted”'), items.join('\n'));
    await screenshot(A, '31-compare');
    await A.locator('#compare-from').fill('4');
    await A.locator('#compare-to').fill('4');
    await A.locator('.compare-form button[type=submit]').click();
    await until(async () => /no changes/.test(await A.locator('#history-side .diff').innerText()), 'no changes between a moment and itself');
    await A.locator('#history-side-close').click();
  });

  await t.test('a sticky’s history in the details panel', async () => {
    await A.locator('#history-live').click();
    await sticky(A, 'Order Submitted').click();
    await A.keyboard.press('i');
    await A.locator('#panel').getByRole('button', { name: 'Show its history' }).click();
    const items = A.locator('#panel .note-history li');
    await until(async () => (await items.count()) === 2, 'two events about the sticky');
    const lines = await items.allInnerTexts();
    assert.match(lines[0], /^api changed the text from “Order Placed” to “Order Submitted”[\s\S]*seq 4/);
    assert.match(lines[1], /^api added event “Order Placed”[\s\S]*seq 2/);
  });

  await t.test('fork from a past moment opens a new board equal to the old one then', async () => {
    await A.locator('#history-slider').fill('3');
    await until(async () => (await A.locator('#app').getAttribute('data-past-seq')) === '3', 'seq 3');
    await A.locator('#history-fork').click();
    await A.waitForURL((url) => url.pathname.startsWith('/b/') && !url.pathname.endsWith(board.id));
    await A.locator('#conn[data-state=live]').waitFor();
    const forkId = new URL(A.url()).pathname.split('/').pop() ?? '';
    const fork = await getBoard(suite.env.baseUrl, forkId);
    assert.deepEqual(fork.notes.map((/** @type {any} */ n) => n.text).sort(), ['Order Placed', 'Payment Taken']);
    await until(async () => (await wallTexts(A)).sort().join('|') === 'Order Placed|Payment Taken', 'the fork on the wall');
    await A.locator('#facilitator-badge').waitFor();
  });

  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context.close();
  await b.context.close();
});
