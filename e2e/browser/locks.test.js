// Facilitator-grade tools in a workshop: everyone gets a colour of their own, the facilitator
// locks a sticky nobody can then drag until it is unlocked, and opens a vote on the kinds they
// pick.

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
});
