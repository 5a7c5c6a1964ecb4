// The home page: it says what eventstorm is, offers the templates with their guidance, starts a
// board from each (through the same commands a workshop issues), and lists the boards this
// browser visited.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { getBoard } from '../support/server.js';
import { screenshot, until } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;

/** The templates and the phase each starts in. */
const TEMPLATES = [
  { name: 'big-picture', label: /Big picture/, phase: 'chaotic_exploration', guidance: /Big picture: write every domain event/ },
  { name: 'process-modelling', label: /Process modelling/, phase: 'commands_and_actors', guidance: /Process modelling: read the flow left to right/ },
  { name: 'software-design', label: /Software design/, phase: 'aggregates_and_bounded_contexts', guidance: /Software design: give every command the aggregate/ },
  { name: 'order-flow', label: /Worked example/, phase: null, guidance: null },
];

test('the home page', { skip }, async (t) => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  /** @type {string[]} */
  const created = [];

  await t.test('says what eventstorm is and shows every template with its guidance', async () => {
    await page.goto(suite.env.baseUrl + '/');
    assert.match(await page.locator('h1').innerText(), /Event storming workshops/);
    assert.equal(await page.locator('.home-points li').count(), 3);
    const cards = page.locator('.template-card');
    assert.deepEqual(await cards.evaluateAll((els) => els.map((e) => /** @type {HTMLElement} */ (e).dataset.template)), ['empty', ...TEMPLATES.map((x) => x.name)]);
    for (const tpl of TEMPLATES) {
      const card = page.locator(`.template-card[data-template="${tpl.name}"]`);
      if (tpl.guidance) assert.match(await card.locator('.template-guidance').innerText(), tpl.guidance);
    }
    // The page is styled: the chosen card is outlined in the accent colour.
    const border = await page.locator('.template-card[data-template="empty"]').evaluate((el) => getComputedStyle(el).borderColor);
    assert.equal(border, 'rgb(232, 89, 12)');
    await screenshot(page, 'home-page');
  });

  for (const tpl of TEMPLATES) {
    await t.test(`starts a board from ${tpl.name}`, async () => {
      await page.goto(suite.env.baseUrl + '/');
      await page.locator('#board-title').click();
      await page.keyboard.type(`Workshop ${tpl.name}`);
      await page.getByRole('radio', { name: tpl.label }).check();
      await page.getByRole('button', { name: 'Start a board' }).click();
      await page.waitForURL(/\/b\//);
      await page.locator('#name-dialog[open], #conn[data-state=live]').first().waitFor();
      if (await page.locator('#name-dialog[open]').count()) {
        await page.locator('#name-input').click();
        await page.keyboard.type('Fay');
        await page.keyboard.press('Enter');
      }
      await page.locator('#conn[data-state=live]').waitFor();
      const id = new URL(page.url()).pathname.split('/').pop() ?? '';
      created.push(id);
      const board = await getBoard(suite.env.baseUrl, id);
      assert.equal(board.title, `Workshop ${tpl.name}`);
      assert.ok(board.notes.length >= 10, `${tpl.name} has ${board.notes.length} stickies`);
      assert.equal(board.facilitation.phase, tpl.phase);
      if (tpl.guidance) assert.match(board.facilitation.instructions[tpl.phase], tpl.guidance);
      await until(async () => (await page.locator('.note').count()) === board.notes.length, 'every sticky on the wall');
      // The creator facilitates the new board.
      await page.locator('#facilitator-badge').waitFor();
      await screenshot(page, `home-template-${tpl.name}`);
    });
  }

  await t.test('lists the boards this browser visited, newest first', async () => {
    await page.goto(suite.env.baseUrl + '/');
    const links = page.locator('#recent-boards a');
    await until(async () => (await links.count()) === TEMPLATES.length, 'the visited boards');
    assert.deepEqual(await links.evaluateAll((els) => els.map((a) => a.getAttribute('href'))), [...created].reverse().map((id) => `/b/${id}`));
    assert.equal(await page.locator('#no-recent').isVisible(), false);
  });

  assert.deepEqual(errors, []);
  await context.close();
});
