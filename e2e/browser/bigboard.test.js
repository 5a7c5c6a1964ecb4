// Big boards open in the browser: a board of 300 stickies of 4,000 characters and a board at
// the 10,000-element limit whose every sticky has full details, both seeded by import. Their
// `board` message is far over one frame and arrives in binary parts; the page shows how much
// has arrived while it loads, then every sticky, says live, and follows an edit made through
// the HTTP API.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { postCommand } from '../support/server.js';
import { importBigBoard } from '../support/bigboard.js';
import { openBoard, until } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;

/** Records every loading figure the status area shows (before the page's own scripts run). */
function recordLoading() {
  const seen = /** @type {string[]} */ ([]);
  /** @type {any} */ (window).__loading = seen;
  new MutationObserver(() => {
    const conn = document.getElementById('conn');
    const text = document.getElementById('conn-text')?.textContent ?? '';
    if (conn?.dataset.total && !seen.includes(text)) seen.push(text);
  }).observe(document, { subtree: true, attributes: true, childList: true, characterData: true });
}

/**
 * Opens a big board and checks the wall holds every sticky, says live, and shows an edit
 * made through the API.
 * @param {import('../support/bigboard.js').BigBoardSpec} spec
 */
async function openAndFollow(spec) {
  const { board, ids } = await importBigBoard(suite.env.baseUrl, spec);
  const { page, errors, context: ctx } = await openBoard(suite.browser, suite.env.baseUrl + board.url, 'Ann', { init: recordLoading, timeout: 60_000 });
  try {
    const root = page.locator('#app');
    await until(async () => (await root.getAttribute('data-notes')) === String(spec.stickies), `the wall to hold ${spec.stickies} stickies`, 30_000);
    assert.equal(await page.locator('#conn').getAttribute('data-state'), 'live');
    assert.equal(await page.locator('#conn-text').innerText(), 'Live · all changes saved');
    assert.equal(await page.locator('.note').count(), spec.stickies, 'a DOM sticky for every sticky');
    const last = ids[ids.length - 1];
    const lastText = await page.locator(`.note[data-id="${last}"] .note-text`).textContent();
    assert.equal(lastText?.length, spec.textChars ?? lastText?.length);
    assert.match(lastText ?? '', new RegExp(`^Sticky ${spec.stickies}: `));

    const seq = Number(await root.getAttribute('data-seq'));
    const edited = ids[Math.floor(ids.length / 2)];
    await postCommand(suite.env.baseUrl, board.id, { type: 'edit_text', id: edited, text: 'Edited through the API' });
    await until(async () => (await page.locator(`.note[data-id="${edited}"] .note-text`).textContent()) === 'Edited through the API', 'the live edit to reach the wall');
    assert.equal(await root.getAttribute('data-seq'), String(seq + 1));
    assert.deepEqual(errors, []);
    return { page, loading: /** @type {string[]} */ (await page.evaluate(() => /** @type {any} */ (window).__loading)) };
  } finally {
    await ctx.close();
  }
}

test('a board of 300 stickies of 4,000 characters opens, says live and follows live edits', { skip }, async () => {
  await openAndFollow({ title: '300 long stickies', stickies: 300, textChars: 4000 });
});

test('a board at the 10,000-element limit with full details opens, shows its loading, says live and follows live edits', { skip }, async () => {
  const { loading } = await openAndFollow({ title: '10,000 stickies', stickies: 10_000, details: true });
  assert.ok(loading.length > 0, 'the status showed the board loading');
  assert.ok(
    loading.every((t) => /^Loading the board · \d+\.\d of \d+\.\d MB \(\d+ %\)$/.test(t)),
    loading.join('\n'),
  );
});
