// A big board fitted to the screen still reads: the far-zoom canvas writes every sticky's name
// inside it, whole words at a size one can read. What the canvas draws is read back two ways:
// the labels the far view says it painted, and the strings that actually went through
// CanvasRenderingContext2D.fillText (recorded by a wrapper installed before the page's scripts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { createBoard, postCommand } from '../support/server.js';
import { openBoard, screenshot, until } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;

const SUBJECTS = ['Booking', 'Invoice', 'Payment', 'Order', 'Refund', 'Room', 'Guest', 'Voucher', 'Parcel', 'Ticket', 'Account', 'Review', 'Basket', 'Coupon', 'Seat', 'Shift', 'Claim', 'Quote', 'Delivery', 'Contract'];
const HAPPENINGS = ['Confirmed', 'Cancelled', 'Requested', 'Approved', 'Rejected', 'Sent', 'Received', 'Expired', 'Renewed', 'Reserved', 'Released', 'Paid', 'Refunded', 'Opened', 'Closed', 'Updated', 'Assigned', 'Scheduled', 'Delayed', 'Archived'];

/** Records every string the page draws on a canvas, with the font it used. */
function recordFillText() {
  /** @type {{text: string, font: string}[]} */
  const drawn = [];
  /** @type {any} */ (window).__fillText = drawn;
  const original = CanvasRenderingContext2D.prototype.fillText;
  /** @this {CanvasRenderingContext2D} @param {string} text @param {number} x @param {number} y @param {number} [maxWidth] */
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y, maxWidth) {
    drawn.push({ text: String(text), font: this.font });
    return maxWidth === undefined ? original.call(this, text, x, y) : original.call(this, text, x, y, maxWidth);
  };
}

test('a 400-sticky board fitted to the screen shows every event\'s name', { skip }, async () => {
  const board = await createBoard(suite.env.baseUrl, 'Four hundred events');
  /** @type {Map<string, string>} id -> name */
  const names = new Map();
  const cols = 25;
  const jobs = [];
  for (let i = 0; i < 400; i++) {
    const id = crypto.randomUUID();
    const name = `${SUBJECTS[i % 20]} ${HAPPENINGS[Math.floor(i / 20)]}`;
    names.set(id, name);
    jobs.push({ type: 'add_note', id, kind: 'event', text: name, x: (i % cols) * 180, y: Math.floor(i / cols) * 140 });
  }
  for (let i = 0; i < jobs.length; i += 40) await Promise.all(jobs.slice(i, i + 40).map((c) => postCommand(suite.env.baseUrl, board.id, c)));

  const { page, context, errors } = await openBoard(suite.browser, suite.env.baseUrl + board.url, 'Reader', { init: recordFillText, timeout: 60_000 });
  try {
    await page.locator('#zoom-fit').click();
    await until(async () => (await page.locator('#layer.far').count()) === 1, 'the fitted board to be drawn far out');
    /** @returns {Promise<{id: string, lines: string[], px: number, complete: boolean}[]>} */
    const painted = () => page.evaluate(() => /** @type {any} */ (document.querySelector('canvas.far-canvas'))?.paintedLabels ?? []);
    await until(async () => (await painted()).length === 400, 'a label on each of the 400 stickies');
    await screenshot(page, 'legible-400-fitted');
    const labels = await painted();
    const drawn = new Set(/** @type {string[]} */ (await page.evaluate(() => /** @type {any} */ (window).__fillText.map((/** @type {{text: string}} */ d) => d.text))));
    for (const label of labels) {
      const name = names.get(label.id);
      assert.ok(name, `a label for an unknown sticky ${label.id}`);
      assert.ok(label.complete, `"${name}" is cut: ${label.lines.join(' / ')}`);
      assert.equal(label.lines.join(' '), name, 'the whole name, split only between words');
      assert.ok(label.px >= 5.5, `"${name}" drawn at ${label.px} px`);
      for (const line of label.lines) assert.ok(drawn.has(line), `"${line}" went through fillText`);
    }
    assert.equal(new Set(labels.map((l) => l.id)).size, 400);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('at 100 % a long name shrinks to fit whole, and payload fields fold into a count before hiding it', { skip }, async () => {
  const board = await createBoard(suite.env.baseUrl, 'Long names');
  const long = 'Payment authorised after the customer confirmed the reservation online';
  const fields = ['bookingId', 'guestId', 'roomId', 'nights', 'total'].map((name) => ({ name, type: 'string', required: true }));
  await postCommand(suite.env.baseUrl, board.id, { type: 'add_note', id: crypto.randomUUID(), kind: 'event', text: long, x: 0, y: 0 });
  await postCommand(suite.env.baseUrl, board.id, { type: 'add_note', id: crypto.randomUUID(), kind: 'event', text: 'Booking Confirmed', x: 200, y: 0, details: { fields } });
  await postCommand(suite.env.baseUrl, board.id, { type: 'add_note', id: crypto.randomUUID(), kind: 'event', text: 'Booking Created', x: 400, y: 0, details: { fields: fields.slice(0, 2) } });
  const { page, context, errors } = await openBoard(suite.browser, suite.env.baseUrl + board.url, 'Reader');
  try {
    await page.getByRole('button', { name: 'Zoom to 100%' }).click();
    /** How a sticky's text sits in it. @param {string} text */
    const fit = (text) =>
      page.locator('.note-text', { hasText: text }).evaluate((el) => {
        const body = /** @type {HTMLElement} */ (el.closest('.note-body')).getBoundingClientRect();
        const r = el.getBoundingClientRect();
        return {
          size: parseFloat(getComputedStyle(el).fontSize),
          overflows: el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1,
          inside: r.top >= body.top && r.bottom <= body.bottom + 0.5 && r.height > 0,
          clamped: el.classList.contains('clamped'),
          wrap: getComputedStyle(el).overflowWrap,
        };
      });
    const longFit = await fit(long);
    assert.ok(longFit.size < 14 && longFit.size >= 8, `shrunk to ${longFit.size}px`);
    assert.deepEqual([longFit.overflows, longFit.inside, longFit.clamped, longFit.wrap], [false, true, false, 'normal'], 'whole, inside the sticky, words never broken');
    const named = await fit('Booking Confirmed');
    assert.ok(named.inside, 'the name stays visible above five fields');
    const counted = page.locator('.note', { hasText: 'Booking Confirmed' }).locator('.note-fields');
    assert.equal(await counted.getAttribute('data-count'), '5 fields');
    assert.equal(await counted.evaluate((el) => getComputedStyle(el, '::after').content), '"5 fields"');
    const listed = page.locator('.note', { hasText: 'Booking Created' }).locator('.note-fields li');
    assert.deepEqual(await listed.allInnerTexts(), ['bookingId: string', 'guestId: string'], 'two fields fit as a list');
    await screenshot(page, 'legible-100-long-names');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
