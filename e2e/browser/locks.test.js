// Facilitator-grade tools in a workshop: everyone gets a colour of their own, the facilitator
// locks a sticky nobody can then drag until it is unlocked, and opens a vote on the kinds they
// pick in a compact picker in the bar.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { addRow, createBoard, getBoard } from '../support/server.js';
import { centreOf, drag, openBoard, openFacilitated, sticky, until } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;

/** The colour each participant in a page's list has, by name. @param {import('playwright-core').Page} page */
const listedColours = (page) =>
  page.locator('#participants li').evaluateAll((items) =>
    Object.fromEntries(
      items.map((li) => [
        li.getAttribute('title'),
        getComputedStyle(/** @type {HTMLElement} */ (li.querySelector('.avatar'))).backgroundColor,
      ]),
    ),
  );

/** Where a sticky is on the server. @param {string} boardId @param {string} id */
const placeOf = async (boardId, id) => {
  const board = /** @type {{notes: {id: string, x: number, y: number}[]}} */ (await getBoard(suite.env.baseUrl, boardId));
  const note = board.notes.find((n) => n.id === id);
  return note ? { x: note.x, y: note.y } : null;
};

test('facilitator tools: colours, locks and vote kinds', { skip }, async (t) => {
  const board = await createBoard(suite.env.baseUrl, 'Locks');
  const ids = await addRow(suite.env.baseUrl, board.id, [
    ['Payment Taken', 'event'],
    ['Who refunds?', 'hotspot'],
    ['Refund by voucher', 'opportunity'],
  ]);
  const { a, b, A, B } = await openFacilitated(suite.browser, suite.env.baseUrl, board);

  await t.test('six participants have six distinct colours, the same in every list', async () => {
    const others = [];
    for (const name of ['Cat', 'Dan', 'Eve', 'Fay']) others.push(await openBoard(suite.browser, suite.env.baseUrl + board.url, name));
    await until(async () => (await A.locator('#participants li').count()) === 6, 'six people on the board');
    const seenByAnn = await listedColours(A);
    const colours = Object.values(seenByAnn);
    assert.equal(new Set(colours).size, 6, `pairwise distinct: ${JSON.stringify(seenByAnn)}`);
    // Each page lists its own participant in the colour the server gave them, which is the
    // colour everyone else sees for them.
    for (const p of [b, ...others]) {
      const own = await p.page.locator('#participants li.you').getAttribute('title');
      await until(async () => (await p.page.locator('#participants li').count()) === 6, `${own} to see everyone`);
      assert.equal((await listedColours(p.page))[String(own)], seenByAnn[String(own)], `${own}'s colour`);
    }
    for (const p of others) await p.context.close();
  });

  await t.test('a sticky the facilitator locks stays put when a participant drags it, until unlocked', async () => {
    await sticky(A, 'Payment Taken').click();
    await A.locator('#details-toggle').click();
    await A.locator('#lock-toggle').click();
    await until(async () => (await sticky(B, 'Payment Taken').getAttribute('class'))?.includes('locked') ?? false, 'Ben to see the lock');
    await until(async () => (await A.locator('#lock-toggle').textContent()) === '🔓 Unlock', 'the button to offer the unlock');
    assert.deepEqual((await getBoard(suite.env.baseUrl, board.id)).facilitation.locked, [ids['Payment Taken']]);

    const before = await sticky(B, 'Payment Taken').boundingBox();
    const from = await centreOf(sticky(B, 'Payment Taken'));
    await drag(B, from, { x: from.x + 150, y: from.y + 120 });
    await until(async () => /Locked by the facilitator/.test(await B.locator('#toast').innerText()), 'the notice');
    assert.deepEqual(await sticky(B, 'Payment Taken').boundingBox(), before, 'the sticky did not move');
    assert.deepEqual(await placeOf(board.id, ids['Payment Taken']), { x: 0, y: 0 });

    await A.locator('#lock-toggle').click();
    await until(async () => !(await sticky(B, 'Payment Taken').getAttribute('class'))?.includes('locked'), 'Ben to see the unlock');
    await drag(B, from, { x: from.x + 150, y: from.y + 120 });
    await until(async () => {
      const moved = await placeOf(board.id, ids['Payment Taken']);
      return !!moved && moved.x > 50 && moved.y > 50;
    }, 'the drag to move it once unlocked');
    assert.equal(a.errors.length + b.errors.length, 0, [...a.errors, ...b.errors].join('\n'));
  });

  await t.test('a vote on hotspots only: the picker fits the bar, dots go on hotspots and not on events', async () => {
    const bar = A.locator('#facilitation');
    // The bar keeps to one row (it scrolls sideways when it holds more than the screen): the
    // picker sits on that row, narrow, and in view at 1280 px together with Open vote.
    const fits = () =>
      bar.evaluate((el) => {
        const box = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id)).getBoundingClientRect();
        const [b, picker, open] = [el.getBoundingClientRect(), box('vote-kinds'), box('vote-open')];
        return { height: b.height, oneRow: picker.top === open.top, pickerWidth: picker.width, inView: open.right <= b.right };
      });
    const before = await fits();
    assert.ok(before.oneRow && before.inView && before.pickerWidth < 80, `the picker in the bar at 1280 px: ${JSON.stringify(before)}`);
    assert.equal(await A.locator('#vote-kinds').getAttribute('aria-label'), 'Vote on: Hotspot, Opportunity', 'the usual kinds at first');
    await A.locator('#vote-kinds').click();
    await A.locator('#vote-kinds-menu').getByLabel('Opportunity').uncheck();
    // The last kind cannot be unticked: a vote is about something.
    await A.locator('#vote-kinds-menu').getByLabel('Hotspot').click();
    assert.equal(await A.locator('#vote-kinds-menu').getByLabel('Hotspot').isChecked(), true);
    await A.keyboard.press('Escape');
    assert.equal(await A.locator('#vote-kinds').getAttribute('aria-label'), 'Vote on: Hotspot');
    assert.equal((await fits()).height, before.height, 'one row still');
    await A.locator('#vote-open').click();
    await until(async () => /Vote open on hotspots/.test(String(await B.locator('#vote-status').textContent())), 'Ben to see the vote on hotspots');
    assert.deepEqual((await getBoard(suite.env.baseUrl, board.id)).facilitation.vote.kinds, ['hotspot']);
    /** @param {string} text */
    const plus = (text) => B.getByRole('button', { name: `Place a dot on “${text}”` });
    assert.equal(await plus('Payment Taken').count(), 0, 'no dot on an event');
    assert.equal(await plus('Refund by voucher').count(), 0, 'nor on an opportunity this time');
    await plus('Who refunds?').click();
    await until(async () => (await B.locator('#vote-status').getAttribute('data-left')) === '2', 'Ben to have placed a dot on the hotspot');
    assert.equal(a.errors.length + b.errors.length, 0, [...a.errors, ...b.errors].join('\n'));
  });
});
