// The facilitator's workshop tools with two people in two browsers: the vote results close
// (Esc, a click outside, their button) and stay closed after a reload; the big timer overlay
// shows the countdown and rings at the end for whoever turned the sound on; a phase
// instruction the facilitator writes shows on a participant's wall; presentation mode steps
// through frames and a follower's view follows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { createBoard, postCommand } from '../support/server.js';
import { openBoard, screenshot, until } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;

/** Counts the oscillators this page starts (the chime is three), through the real Web Audio API. */
function countOscillators() {
  const w = /** @type {any} */ (window);
  w.oscillatorsStarted = 0;
  const original = AudioScheduledSourceNode.prototype.start;
  /** @this {AudioScheduledSourceNode} @param {number} [when] */
  AudioScheduledSourceNode.prototype.start = function (when) {
    if (this instanceof OscillatorNode) w.oscillatorsStarted += 1;
    return original.call(this, when);
  };
}

/** @param {import('playwright-core').Page} page */
const oscillators = (page) => page.evaluate(() => /** @type {any} */ (window).oscillatorsStarted);

/** The board point at the centre of a page's wall, and its zoom. @param {import('playwright-core').Page} page */
const viewOf = async (page) => {
  const [x, y, zoom] = ((await page.locator('#app').getAttribute('data-view')) ?? '').split(',').map(Number);
  return { x, y, zoom };
};

/** Whether two boxes on screen overlap. @param {{x: number, y: number, width: number, height: number}} a @param {{x: number, y: number, width: number, height: number}} b */
const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('workshop tools', { skip }, async (t) => {
  const board = await createBoard(suite.env.baseUrl, 'Tools');
  const hotspot = crypto.randomUUID();
  await postCommand(suite.env.baseUrl, board.id, { type: 'add_note', id: hotspot, kind: 'hotspot', text: 'Who pays shipping?', x: 0, y: 0 });
  const frames = [
    { name: 'Sales', x: -100, y: -100, w: 600, h: 400 },
    { name: 'Billing', x: 900, y: -60, w: 500, h: 300 },
    { name: 'Shipping', x: 0, y: 800, w: 1600, h: 500 },
  ];
  for (const f of frames) await postCommand(suite.env.baseUrl, board.id, { type: 'add_frame', id: crypto.randomUUID(), kind: 'bounded_context', ...f });
  const a = await openBoard(suite.browser, `${suite.env.baseUrl}${board.url}#facilitator=${board.facilitator_key}`, 'Ann', { init: countOscillators });
  const b = await openBoard(suite.browser, suite.env.baseUrl + board.url, 'Ben', { init: countOscillators });
  const A = a.page;
  const B = b.page;
  await A.locator('#facilitator-badge').waitFor();

  await t.test('the vote results close with Esc, a click outside or their button, and stay closed after a reload', async () => {
    await A.locator('#vote-open').click();
    const plus = B.getByRole('button', { name: 'Place a dot on “Who pays shipping?”' });
    await plus.click();
    await until(async () => (await B.locator('#vote-status').getAttribute('data-left')) === '2', 'B’s dot');
    await A.locator('#vote-close').click();
    for (const page of [A, B]) await page.locator('#vote-results').waitFor();
    // The results leave the facilitator's vote, history, review and export buttons free.
    const results = await A.locator('#vote-results').boundingBox();
    for (const id of ['#vote-open', '#vote-close', '#history-toggle', '#review-toggle', '#export-toggle']) {
      const box = await A.locator(id).boundingBox();
      assert.ok(results && box && !overlap(results, box), `the results cover ${id}`);
    }
    await screenshot(A, 'tools-vote-results');
    // Ben closes them with Esc, and a reload keeps them closed.
    await B.keyboard.press('Escape');
    await until(async () => !(await B.locator('#vote-results').isVisible()), 'Esc to close the results');
    await B.reload();
    await B.locator('#conn[data-state=live]').waitFor();
    await B.locator('#vote-results-toggle').waitFor();
    await B.waitForTimeout(300);
    assert.equal(await B.locator('#vote-results').isVisible(), false, 'closed after the reload');
    // Ann closes them with a click on the wall, and they stay closed after her reload.
    const wall = await A.locator('#wall').boundingBox();
    if (!wall) throw new Error('no wall');
    await A.mouse.click(wall.x + wall.width - 200, wall.y + wall.height / 2);
    await until(async () => !(await A.locator('#vote-results').isVisible()), 'a click outside to close the results');
    await A.reload();
    await A.locator('#conn[data-state=live]').waitFor();
    await A.waitForTimeout(300);
    assert.equal(await A.locator('#vote-results').isVisible(), false);
    // The Results button opens them again; their own button closes them.
    await B.locator('#vote-results-toggle').click();
    await B.locator('#vote-results').waitFor();
    await B.locator('#vote-results-close').click();
    await until(async () => !(await B.locator('#vote-results').isVisible()), 'the close button to close the results');
    await B.reload();
    await B.locator('#conn[data-state=live]').waitFor();
    await B.waitForTimeout(300);
    assert.equal(await B.locator('#vote-results').isVisible(), false);
  });

  await t.test('the big timer shows the countdown and rings at the end for whoever turned the sound on', async () => {
    await B.locator('#big-timer-toggle').click();
    await B.locator('#big-timer').waitFor();
    await B.locator('#big-timer-sound').click();
    assert.equal(await B.locator('#big-timer-sound').getAttribute('aria-pressed'), 'true');
    await A.locator('#timer-minutes').fill('0:03');
    await A.locator('#timer-start').click();
    await until(async () => (await B.locator('#big-timer').getAttribute('data-state')) === 'running', 'the big timer to run');
    assert.match(String(await B.locator('#big-timer-clock').textContent()), /^0:0[1-3]$/);
    const digits = await B.locator('#big-timer-clock').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(digits >= 48, `the digits are ${digits}px`);
    await screenshot(B, 'tools-big-timer');
    await until(async () => (await B.locator('#big-timer').getAttribute('data-state')) === 'done', 'the end', 8000);
    assert.equal(await B.locator('#big-timer-clock').textContent(), '0:00');
    await until(async () => (await oscillators(B)) === 3, 'the chime on Ben’s page', 3000);
    await B.waitForTimeout(600);
    assert.equal(await oscillators(B), 3, 'it rings once');
    assert.equal(await oscillators(A), 0, 'Ann left the sound off');
    assert.equal(await A.locator('#big-timer').isVisible(), false, 'Ann did not open the big timer');
    // The choice is Ben's and survives a reload.
    await B.reload();
    await B.locator('#conn[data-state=live]').waitFor();
    assert.equal(await B.locator('#big-timer').isVisible(), true);
    assert.equal(await B.locator('#big-timer-sound').getAttribute('aria-pressed'), 'true');
    await B.locator('#big-timer-close').click();
    assert.equal(await B.locator('#big-timer').isVisible(), false);
  });

  await t.test('a phase instruction the facilitator writes shows on a participant’s wall', async () => {
    await A.locator('#phase-select').selectOption('chaotic_exploration');
    await until(async () => /every domain event/.test(String(await B.locator('#phase-instruction-text').textContent())), 'the default instruction on B’s wall');
    assert.equal(await B.locator('#phase-instruction-edit').isVisible(), false, 'only the facilitator edits it');
    await A.locator('#phase-instruction-edit').click();
    await A.locator('#phase-instruction-input').fill('');
    await A.keyboard.type('Orange stickies only, past tense. Ten minutes.');
    await A.keyboard.press('Enter');
    await until(async () => (await B.locator('#phase-instruction-text').textContent()) === 'Orange stickies only, past tense. Ten minutes.', 'the new instruction on B’s wall');
    await screenshot(B, 'tools-phase-instruction');
    // Ben hides it for himself; a reload keeps it hidden, Ann still sees it.
    await B.locator('#phase-instruction-close').click();
    assert.equal(await B.locator('#phase-instruction').isVisible(), false);
    await B.reload();
    await B.locator('#conn[data-state=live]').waitFor();
    await B.locator('#phase-instruction-show').waitFor();
    assert.equal(await B.locator('#phase-instruction').isVisible(), false);
    assert.equal(await A.locator('#phase-instruction').isVisible(), true);
    // A new instruction shows again.
    await A.locator('#phase-instruction-edit').click();
    await A.locator('#phase-instruction-input').fill('');
    await A.keyboard.type('Five more minutes.');
    await A.keyboard.press('Enter');
    await until(async () => (await B.locator('#phase-instruction-text').isVisible()) && (await B.locator('#phase-instruction-text').textContent()) === 'Five more minutes.', 'the next instruction');
  });

  await t.test('presentation steps through frames and the follower’s view follows', async () => {
    const centre = (/** @type {{x: number, y: number, w: number, h: number}} */ f) => ({ x: f.x + f.w / 2, y: f.y + f.h / 2 });
    /** @param {import('playwright-core').Page} page @param {{x: number, y: number, w: number, h: number}} f */
    const showing = async (page, f) => {
      const v = await viewOf(page);
      const c = centre(f);
      return Math.abs(v.x - c.x) < 2 && Math.abs(v.y - c.y) < 2;
    };
    await A.locator('#present-start').click();
    await A.locator('#present-bar').waitFor();
    assert.equal(await A.locator('#present-label').textContent(), '1 of 3 · Sales');
    await until(() => showing(A, frames[0]), 'A to show the first frame');
    await A.locator('#present-everyone').check();
    await until(() => showing(B, frames[0]), 'B to follow to the first frame');
    // The frame fits B's screen: all of it is on the wall.
    const sales = await B.locator('.frame', { hasText: 'Sales' }).first().boundingBox();
    const wall = await B.locator('#wall').boundingBox();
    assert.ok(sales && wall && sales.x >= wall.x && sales.x + sales.width <= wall.x + wall.width + 1, 'the frame fits');
    await A.keyboard.press('ArrowRight');
    assert.equal(await A.locator('#present-label').textContent(), '2 of 3 · Billing');
    await until(() => showing(B, frames[1]), 'B to follow to the second frame');
    await A.locator('#present-next').click();
    await until(() => showing(B, frames[2]), 'B to follow to the third frame');
    assert.equal(await A.locator('#present-next').isDisabled(), true, 'the last frame');
    await screenshot(A, 'tools-presentation');
    await A.keyboard.press('ArrowLeft');
    await until(() => showing(B, frames[1]), 'B to follow back');
    await A.keyboard.press('Escape');
    assert.equal(await A.locator('#present-bar').isVisible(), false);
  });

  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context.close();
  await b.context.close();
});
