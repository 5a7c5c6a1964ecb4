// A facilitated workshop: the facilitator (who holds the board's key, handed over in a
// facilitator link) moves the phase, runs the shared timer and a dot vote, and brings
// everyone to their view; the others see it all, place their dots and follow.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { addRow, createBoard, getBoard } from '../support/server.js';
import { drag, openBoard, openFacilitated, screenshot, sticky, until, control } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;


/** Milliseconds the timer shows on a page. @param {import('playwright-core').Page} page */
const remaining = (page) => page.locator('#timer-display').evaluate((el) => Number(/** @type {HTMLElement} */ (el).dataset.remaining));

/** The board point at the centre of a page's wall, and its zoom. @param {import('playwright-core').Page} page */
const viewOf = async (page) => {
  const v = await page.locator('#app').getAttribute('data-view');
  const [x, y, zoom] = (v ?? '').split(',').map(Number);
  return { x, y, zoom };
};

/** @param {{x: number, y: number, zoom: number}} a @param {{x: number, y: number, zoom: number}} b */
const sameView = (a, b) => Math.abs(a.x - b.x) < 1 && Math.abs(a.y - b.y) < 1 && Math.abs(a.zoom - b.zoom) < 0.01;

test('a facilitated workshop', { skip }, async (t) => {
  const board = await createBoard(suite.env.baseUrl, 'Facilitated');
  const ids = await addRow(suite.env.baseUrl, board.id, [
    ['Who pays shipping?', 'hotspot'],
    ['Stock runs out', 'hotspot'],
    ['Faster checkout', 'opportunity'],
    ['Order Placed', 'event'],
  ]);
  const { a, b, A, B } = await openFacilitated(suite.browser, suite.env.baseUrl, board);
  await until(async () => (await A.locator('#participants li').count()) === 2, 'both to be on the board');

  await t.test('the facilitator link makes Ann the facilitator; Ben sees the controls read-only', async () => {
    await A.locator('#facilitator-badge').waitFor();
    assert.equal(new URL(A.url()).hash, '', 'the key leaves the address bar');
    assert.equal(await A.evaluate(() => localStorage.getItem('eventstorm.facilitatorKeys')), JSON.stringify({ [board.id]: board.facilitator_key }));
    assert.equal(await A.locator('#timer-start').isVisible(), true);
    assert.equal(await B.locator('#facilitator-badge').isVisible(), false);
    assert.equal(await B.locator('#timer-start').isVisible(), false);
    assert.equal(await B.locator('#vote-open').isVisible(), false);
    assert.equal(await B.locator('#summon').isVisible(), false);
    assert.equal(await B.locator('#phase-select').isDisabled(), true);
    assert.equal(await B.locator('#timer-display').textContent(), 'No timer');
    // Ann's share dialog offers the facilitator link.
    await A.locator('#share').click();
    assert.equal(await A.locator('#share-facilitator-link').inputValue(), `${suite.env.baseUrl}${board.url}#facilitator=${board.facilitator_key}`);
    await A.keyboard.press('Escape');
  });

  await t.test('a phase change reaches everyone and highlights its kinds in the palette', async () => {
    await A.locator('#phase-select').selectOption('commands_and_actors');
    await until(async () => (await B.locator('#phase-select').inputValue()) === 'commands_and_actors', 'B to see the phase');
    const highlighted = await B.locator('#palette .kind-tool.phase-kind').evaluateAll((els) => els.map((e) => /** @type {HTMLElement} */ (e).dataset.kind));
    assert.deepEqual(highlighted, ['command', 'actor', 'ui']);
    assert.equal((await getBoard(suite.env.baseUrl, board.id)).facilitation.phase, 'commands_and_actors');
  });

  await t.test('the timer: both see the same countdown within a second, late joiners too', async () => {
    await A.locator('#timer-minutes').fill('5');
    await A.locator('#timer-start').click();
    await until(async () => (await B.locator('#timer-display').getAttribute('data-state')) === 'running', 'B to see the timer run');
    const [ra, rb] = await Promise.all([remaining(A), remaining(B)]);
    assert.ok(Math.abs(ra - rb) < 1000, `A shows ${ra} ms, B ${rb} ms`);
    assert.ok(rb > 280_000 && rb <= 300_000, `B shows ${rb} ms of 5 minutes`);
    assert.match(String(await B.locator('#timer-display').textContent()), /^[45]:\d\d$/);
    const c = await openBoard(suite.browser, suite.env.baseUrl + board.url, 'Cat');
    const [ra2, rc] = await Promise.all([remaining(A), remaining(c.page)]);
    assert.ok(Math.abs(ra2 - rc) < 1000, `A shows ${ra2} ms, late joiner ${rc} ms`);
    await c.context.close();
  });

  await t.test('pause, add a minute, resume and reset', async () => {
    await A.locator('#timer-pause').click();
    await until(async () => (await B.locator('#timer-display').getAttribute('data-state')) === 'paused', 'B to see the pause');
    const paused = await remaining(B);
    await B.waitForTimeout(600);
    assert.equal(await remaining(B), paused, 'a paused timer stands still');
    assert.equal(await A.locator('#timer-pause').textContent(), 'Resume');
    await (await control(A, '#timer-add')).click();
    await until(async () => (await remaining(B)) === paused + 60_000, 'B to see the added minute');
    await A.locator('#timer-pause').click();
    await until(async () => (await B.locator('#timer-display').getAttribute('data-state')) === 'running', 'B to see it run again');
    await (await control(A, '#timer-reset')).click();
    await until(async () => (await B.locator('#timer-display').textContent()) === 'No timer', 'B to see the reset');
  });

  await t.test('a secret dot vote: nobody sees another’s dots until the close, then everyone has the same totals', async () => {
    await A.locator('#vote-dots').fill('3');
    await A.locator('#vote-open').click();
    await until(async () => /3 of 3 dots left/.test(String(await B.locator('#vote-status').textContent())), 'B to see the open vote');
    /** @param {import('playwright-core').Page} page @param {string} text */
    const plus = (page, text) => page.getByRole('button', { name: `Place a dot on “${text}”` });
    // Only hotspots and opportunities take dots.
    assert.equal(await plus(B, 'Order Placed').count(), 0);
    await plus(A, 'Who pays shipping?').click();
    await until(async () => /2 of 3/.test(String(await A.locator('#vote-status').textContent())), 'A to have placed a dot');
    await plus(A, 'Who pays shipping?').click();
    await until(async () => /1 of 3/.test(String(await A.locator('#vote-status').textContent())), 'A to have placed two dots');
    await plus(A, 'Stock runs out').click();
    await until(async () => /0 of 3/.test(String(await A.locator('#vote-status').textContent())), 'A to have placed all dots');
    assert.equal(await plus(A, 'Faster checkout').isDisabled(), true, 'no dots left');
    for (const text of ['Who pays shipping?', 'Stock runs out', 'Faster checkout']) {
      const before = Number(await B.locator('#vote-status').getAttribute('data-left'));
      await plus(B, text).click();
      await until(async () => Number(await B.locator('#vote-status').getAttribute('data-left')) === before - 1, `B's dot on ${text}`);
    }
    // Ben takes his dot back from the opportunity and puts it on the first hotspot.
    await B.getByRole('button', { name: 'Remove your dot from “Faster checkout”' }).click();
    await until(async () => (await B.locator('#vote-status').getAttribute('data-left')) === '1', 'B to have a dot back');
    await plus(B, 'Who pays shipping?').click();
    await until(async () => (await B.locator('#vote-status').getAttribute('data-left')) === '0', 'B to have placed all dots');
    // The facilitator sees that both have voted, but each sees only their own dots.
    await until(async () => (await A.locator('#vote-status').getAttribute('data-voters')) === '2', 'A to count two voters');
    /** @param {import('playwright-core').Page} page @param {string} text */
    const badge = async (page, text) => {
      const el = page.locator(`.dot-badge[data-note="${ids[text]}"]`);
      return [await el.getAttribute('data-total'), await el.getAttribute('data-mine')];
    };
    for (const page of [A, B]) {
      assert.deepEqual(await badge(page, 'Who pays shipping?'), ['2', '2'], 'only my own two dots show');
      assert.deepEqual(await badge(page, 'Stock runs out'), ['1', '1']);
    }
    const during = (await getBoard(suite.env.baseUrl, board.id)).facilitation.vote;
    assert.equal(Object.values(during.dots).flat().length, 0, 'the API shows no dots while the vote is open');
    assert.equal(Object.keys(during.dots).length, 2, 'but who has voted');
    await screenshot(A, '20-vote-open');
    await A.locator('#vote-close').click();
    for (const page of [A, B]) {
      await page.locator('#vote-results').waitFor();
      const rows = await page.locator('#vote-results-list li').evaluateAll((els) => els.map((e) => [/** @type {HTMLElement} */ (e).dataset.note, /** @type {HTMLElement} */ (e).dataset.dots]));
      assert.deepEqual(rows, [
        [ids['Who pays shipping?'], '4'],
        [ids['Stock runs out'], '2'],
      ]);
    }
    assert.match(await B.locator('#vote-results').innerText(), /Who pays shipping\?\s*4 dots[\s\S]*Stock runs out\s*2 dots/);
    assert.equal(await plus(B, 'Stock runs out').count(), 0, 'no dots after the close');
    const vote = (await getBoard(suite.env.baseUrl, board.id)).facilitation.vote;
    assert.equal(vote.open, false);
    assert.equal(Object.values(vote.dots).flat().length, 6);
    await screenshot(B, '21-vote-results');
    // Clicking a result shows that sticky.
    await B.locator('#vote-results-list button', { hasText: 'Stock runs out' }).click();
    await until(async () => (await sticky(B, 'Stock runs out').getAttribute('class'))?.includes('selected'), 'the result to select its sticky');
    await B.locator('#vote-results-toggle').click();
    assert.equal(await B.locator('#vote-results').isVisible(), false);
  });

  await t.test('follow me: the follower’s view follows the leader’s', async () => {
    await B.locator('#follow-toggle').click();
    await B.getByRole('menuitemradio', { name: 'Ann' }).click();
    assert.equal(await B.locator('#follow-toggle').textContent(), 'Following Ann');
    // Ann pans the wall by dragging the background, then zooms.
    await drag(A, { x: 700, y: 600 }, { x: 400, y: 450 });
    await until(async () => sameView(await viewOf(A), await viewOf(B)), 'B to follow A’s pan', 5000);
    const zoomBefore = (await viewOf(A)).zoom;
    await A.locator('#zoom-in').click();
    // Wait for A's zoom first: before it lands, A and B still agree on the old view.
    await until(async () => (await viewOf(A)).zoom > zoomBefore, 'A to zoom in', 5000);
    await until(async () => sameView(await viewOf(A), await viewOf(B)), 'B to follow A', 5000);
    const followed = await viewOf(B);
    assert.ok(followed.zoom > zoomBefore, 'the zoom follows too');
    // Moving the wall yourself stops following.
    await drag(B, { x: 700, y: 600 }, { x: 600, y: 600 });
    assert.equal(await B.locator('#follow-toggle').textContent(), 'Follow');
    await drag(A, { x: 700, y: 600 }, { x: 650, y: 500 });
    await A.waitForTimeout(700);
    assert.equal(sameView(await viewOf(A), await viewOf(B)), false, 'B no longer follows');
  });

  await t.test('bring everyone here moves everyone’s view', async () => {
    const c = await openBoard(suite.browser, suite.env.baseUrl + board.url, 'Cat');
    await drag(A, { x: 700, y: 600 }, { x: 300, y: 300 });
    await A.locator('#zoom-out').click();
    await A.waitForTimeout(200);
    assert.equal(sameView(await viewOf(A), await viewOf(c.page)), false);
    await (await control(A, '#summon')).click();
    await until(async () => sameView(await viewOf(A), await viewOf(B)) && sameView(await viewOf(A), await viewOf(c.page)), 'everyone to see where A looks', 5000);
    assert.match(String(await c.page.locator('#toast').textContent()), /Ann brought everyone/);
    await c.context.close();
  });

  await t.test('a reconnect keeps the facilitator role and the state', async () => {
    await A.reload();
    await A.locator('#conn[data-state=live]').waitFor();
    await A.locator('#facilitator-badge').waitFor();
    assert.equal(await A.locator('#phase-select').inputValue(), 'commands_and_actors');
    assert.equal(await A.locator('#vote-results-list li').count(), 2);
  });

  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context.close();
  await b.context.close();
});
