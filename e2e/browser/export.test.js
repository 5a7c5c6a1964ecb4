// Starting a board from a template, the Export menu (every format, pictures of the wall, the
// selection and a frame, and the backup), the print stylesheet, the Review panel (a finding shows its sticky) and starting a board from a backup file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserSuite } from '../support/suite.js';
import { getBoard } from '../support/server.js';
import { SCREENSHOTS, screenshot, until, control } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;


/** Answers the name prompt (asked once per suite.browser) of a board page just opened and waits until live. @param {import('playwright-core').Page} page */
async function joinBoard(page) {
  await page.locator('#name-dialog[open], #conn[data-state=live]').first().waitFor();
  if (await page.locator('#name-dialog[open]').count()) {
    await page.locator('#name-input').fill('Fay');
    await page.locator('#name-dialog button[type=submit]').click();
  }
  await page.locator('#conn[data-state=live]').waitFor();
}

/** The id of the board a page shows. @param {import('playwright-core').Page} page */
const boardIdOf = (page) => new URL(page.url()).pathname.split('/').pop() ?? '';

test('templates, export, review and import', { skip }, async (t) => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let orderFlow = '';
  const backupFile = join(SCREENSHOTS, 'order-flow.backup.json');

  await t.test('the home page starts a board from the worked example', async () => {
    await page.goto(suite.env.baseUrl + '/');
    await page.locator('#board-title').fill('Order flow workshop');
    await page.getByLabel(/Worked example/).check();
    await page.getByRole('button', { name: 'Start a board' }).click();
    await page.waitForURL(/\/b\//);
    await joinBoard(page);
    orderFlow = boardIdOf(page);
    const board = await getBoard(suite.env.baseUrl, orderFlow);
    assert.ok(board.notes.length >= 10, `the example has ${board.notes.length} stickies`);
    assert.ok(board.frames.length >= 2, 'and bounded contexts');
    await until(async () => (await page.locator('.note').count()) === board.notes.length, 'the example on the wall');
    // The creator's browser keeps the facilitator key.
    await page.locator('#facilitator-badge').waitFor();
  });

  await t.test('the Export menu downloads every format and the backup', async () => {
    await page.locator('#export-toggle').click();
    const items = page.locator('#export-menu a');
    assert.equal(await items.count(), 8, 'nothing selected: no selection or frame picture');
    await screenshot(page, '40-export-menu');
    /** @type {Record<string, string>} */
    const got = {};
    for (const id of ['json', 'asyncapi', 'asyncapi-json', 'markdown', 'backup']) {
      if (await page.locator('#export-menu').isHidden()) await page.locator('#export-toggle').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`#export-menu a[data-export="${id}"]`).click()]);
      const path = await download.path();
      got[id] = readFileSync(path, 'utf8');
      if (id === 'backup') await download.saveAs(backupFile);
      assert.match(download.suggestedFilename(), /^order-flow-workshop\./, `${id} file name`);
    }
    assert.equal(JSON.parse(got.json).format, 'eventstorm.spec/v1');
    assert.match(got.asyncapi, /^asyncapi: '?3\.0\.0'?$/m);
    assert.equal(JSON.parse(got['asyncapi-json']).asyncapi, '3.0.0');
    assert.match(got.markdown, /^# Order flow workshop/m);
    assert.equal(JSON.parse(got.backup).format, 'eventstorm.backup/v1');
  });

  await t.test('the Export menu draws pictures of the wall, the selection and a frame', async () => {
    /** @param {string} id */
    const download = async (id) => {
      if (await page.locator('#export-menu').isHidden()) await page.locator('#export-toggle').click();
      const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`#export-menu a[data-export="${id}"]`).click()]);
      return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
    };
    const isPng = (/** @type {Buffer} */ b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const svg = await download('svg');
    assert.equal(svg.name, 'order-flow-workshop.svg');
    const text = svg.bytes.toString('utf8');
    assert.match(text, /^<\?xml[^>]*>\n<svg /);
    const board = await getBoard(suite.env.baseUrl, orderFlow);
    for (const note of board.notes) assert.ok(text.includes('class="note k-' + note.kind + '"'), `${note.kind} drawn`);
    const png = await download('png');
    assert.equal(png.name, 'order-flow-workshop.png');
    assert.ok(isPng(png.bytes), 'a PNG');

    // One sticky selected: the selection as PNG, no frame entry.
    await page.locator('.note').first().click();
    await page.locator('#export-toggle').click();
    assert.equal(await page.locator('#export-menu a[data-export="frame-png"]').count(), 0);
    const selection = await download('selection-png');
    assert.equal(selection.name, 'order-flow-workshop-selection.png');
    assert.ok(isPng(selection.bytes) && selection.bytes.length < png.bytes.length, 'a smaller PNG of one sticky');

    // A frame selected (by its title): this frame as PNG.
    await page.keyboard.press('Escape');
    const header = page.locator('.frame-header').first();
    const frameName = (await header.innerText()).trim();
    await header.click();
    const frame = await download('frame-png');
    assert.equal(frame.name, `order-flow-workshop-${frameName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.png`);
    assert.ok(isPng(frame.bytes));
    if (!(await page.locator('#export-menu').isHidden())) await page.locator('#export-toggle').click();
  });

  await t.test('printing shows the wall without the chrome', async () => {
    await page.emulateMedia({ media: 'print' });
    for (const chrome of ['.topbar', '#facilitation', '.zoombar', '.palette', '#toast']) {
      assert.ok(await page.locator(chrome).first().isHidden(), `${chrome} is hidden in print`);
    }
    assert.ok(await page.locator('#wall').isVisible(), 'the wall prints');
    assert.ok(await page.locator('.note').first().isVisible(), 'with its stickies');
    assert.equal(await page.locator('#wall').evaluate((w) => getComputedStyle(w).backgroundColor), 'rgb(255, 255, 255)');
    await page.emulateMedia({ media: 'screen' });
    assert.ok(await page.locator('.topbar').isVisible(), 'the chrome is back on screen');
  });

  await t.test('the Review panel lists the findings; a click shows the sticky', async () => {
    const spec = await (await fetch(`${suite.env.baseUrl}/api/boards/${orderFlow}/export?format=json`)).json();
    assert.ok(spec.findings.length > 0, 'the example leaves a question open');
    await (await control(page, '#review-toggle')).click();
    const items = page.locator('#review-list .review-item');
    await until(async () => (await items.count()) === spec.findings.length, 'every finding listed');
    const finding = spec.findings.find((/** @type {any} */ f) => f.code === 'unresolved_hotspot') ?? spec.findings[0];
    const item = page.locator(`#review-list .review-item[data-code="${finding.code}"]`).first();
    assert.match(await item.innerText(), new RegExp(finding.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    // Pan the sticky away first, so showing it has to move the wall.
    await page.locator('#zoom-out').click();
    await item.click();
    const target = page.locator(`.note[data-id="${finding.sticky_ids[0]}"]`);
    await until(async () => (await target.getAttribute('class'))?.includes('selected'), 'the finding’s sticky to be selected');
    const box = await target.boundingBox();
    const wall = await page.locator('#wall').boundingBox();
    assert.ok(box && wall && box.x >= wall.x && box.y >= wall.y && box.x + box.width <= wall.x + wall.width && box.y + box.height <= wall.y + wall.height, 'the sticky is in view, beside the details panel');
    await screenshot(page, '41-review');
    await page.locator('#review-close').click();
  });

  await t.test('the home page starts a board from a backup file', async () => {
    await page.goto(suite.env.baseUrl + '/');
    await page.locator('#import-file').setInputFiles(backupFile);
    await page.getByRole('button', { name: 'Start from the backup' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/b/') && !url.pathname.endsWith(orderFlow));
    await joinBoard(page);
    const restored = await getBoard(suite.env.baseUrl, boardIdOf(page));
    const original = await getBoard(suite.env.baseUrl, orderFlow);
    assert.deepEqual(
      restored.notes.map((/** @type {any} */ n) => n.text),
      original.notes.map((/** @type {any} */ n) => n.text),
    );
    await page.locator('#facilitator-badge').waitFor();
    // A file that is not a backup is refused with a message.
    await page.goto(suite.env.baseUrl + '/');
    await page.locator('#import-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    await page.getByRole('button', { name: 'Start from the backup' }).click();
    await until(async () => /not an eventstorm backup/.test(await page.locator('#new-board-error').innerText()), 'the refusal');
  });

  assert.deepEqual(errors, []);
  await context.close();
});
