// Given / When / Then scenarios written in a command's details panel: picked from the board's
// own events as they are typed, seen live by a colleague, exported resolved in the native JSON
// and as Gherkin, a step naming nothing on the board marked, and every edit one undo step.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { createBoard, getBoard, postCommand } from '../support/server.js';
import { openBoard, screenshot, sticky, until } from '../support/page.js';

const suite = browserSuite();
const { skip } = suite;

/**
 * The files of a zip of stored (uncompressed) entries, as the exports write them.
 * @param {Buffer} zip @returns {Map<string, string>}
 */
function storedFiles(zip) {
  const files = new Map();
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    assert.equal(zip.readUInt16LE(at + 8), 0, 'entries are stored');
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extraLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 30, at + 30 + nameLength);
    const start = at + 30 + nameLength + extraLength;
    files.set(name, zip.toString('utf8', start, start + size));
    at = start + size;
  }
  return files;
}

/** The panel's field labelled `label`. @param {import('playwright-core').Page} page @param {string} label */
const field = (page, label) => page.locator('#panel').getByLabel(label, { exact: true });

/** The warning next to the panel's step labelled `label`. @param {import('playwright-core').Page} page @param {string} label */
const warningOf = (page, label) => page.locator('#panel .sc-step').filter({ has: page.getByLabel(label, { exact: true }) }).locator('.sc-warning');

test('scenarios in the details panel', { skip }, async (t) => {
  const board = await createBoard(suite.env.baseUrl, 'Hotel bookings');
  const url = suite.env.baseUrl + board.url;
  const post = (/** @type {object} */ command) => postCommand(suite.env.baseUrl, board.id, command);
  const command = crypto.randomUUID();
  // One row (command, aggregate, event) so the command targets the aggregate, whose feature
  // file holds the command's scenarios; a second event further down.
  await post({ type: 'add_note', id: command, kind: 'command', text: 'Book Room', x: 100, y: 200 });
  await post({ type: 'add_note', id: crypto.randomUUID(), kind: 'aggregate', text: 'Booking', x: 300, y: 200 });
  await post({ type: 'add_note', id: crypto.randomUUID(), kind: 'event', text: 'Room Booked', x: 500, y: 200 });
  await post({ type: 'add_note', id: crypto.randomUUID(), kind: 'event', text: 'Deposit Paid', x: 100, y: 420 });
  const ann = await openBoard(suite.browser, url, 'Ann');
  const ben = await openBoard(suite.browser, url, 'Ben');
  const A = ann.page;
  const B = ben.page;
  const scenariosOnServer = async () => (await getBoard(suite.env.baseUrl, board.id)).notes.find((/** @type {any} */ n) => n.id === command)?.details?.scenarios;
  const exported = async () => (await fetch(`${suite.env.baseUrl}/api/boards/${board.id}/export?format=json`)).json();

  await t.test('Ann writes a scenario by typing, picking a given event from the suggestions', async () => {
    for (const page of [A, B]) {
      await sticky(page, 'Book Room').click();
      await page.keyboard.press('i');
      await until(() => page.locator('#panel').isVisible(), 'the details panel');
    }
    await A.locator('#panel').getByRole('button', { name: 'Add scenario' }).click();
    // The new scenario's name has the keyboard; its When is the command itself.
    await A.keyboard.type('Books a free room');
    assert.equal(await field(A, 'Scenario 1 when').inputValue(), 'Book Room');
    await field(A, 'Scenario 1 given 1').click();
    await A.keyboard.type('dep');
    const pick = A.locator('#panel .sc-suggest').getByRole('button', { name: 'Deposit Paid' });
    await pick.waitFor();
    assert.equal(await warningOf(A, 'Scenario 1 given 1').isVisible(), false, 'no warning while names are offered');
    await A.locator('#panel').screenshot({ path: '/tmp/scenarios-suggestions.png' });
    assert.deepEqual(await A.locator('#panel .sc-suggest:visible button').allTextContents(), ['Deposit Paid'], 'only events whose name holds the typing');
    await pick.click();
    assert.equal(await field(A, 'Scenario 1 given 1').inputValue(), 'Deposit Paid');
    // The keyboard picks too: down into the names, Enter takes one.
    await field(A, 'Scenario 1 then 1').click();
    await A.keyboard.type('Room B');
    await A.locator('#panel .sc-suggest').getByRole('button', { name: 'Room Booked' }).waitFor();
    await A.keyboard.press('ArrowDown');
    await A.keyboard.press('Enter');
    assert.equal(await field(A, 'Scenario 1 then 1').inputValue(), 'Room Booked');
    const written = { name: 'Books a free room', given: ['Deposit Paid'], when: 'Book Room', then: ['Room Booked'] };
    await until(async () => JSON.stringify(await scenariosOnServer()) === JSON.stringify([written]), 'the scenario on the server');
    // Typing went into the panel: no letter reached the wall as a shortcut.
    assert.equal((await getBoard(suite.env.baseUrl, board.id)).notes.length, 4);
    assert.equal(await A.locator('#panel .sc-warning:visible').count(), 0, 'every step names something on the board');
  });

  await t.test('Ben sees it in his panel live', async () => {
    await until(async () => (await field(B, 'Scenario 1 name').count()) === 1 && (await field(B, 'Scenario 1 name').inputValue()) === 'Books a free room', 'the scenario in Ben’s panel');
    await until(async () => (await field(B, 'Scenario 1 then 1').inputValue()) === 'Room Booked', 'its then-event');
    assert.equal(await field(B, 'Scenario 1 given 1').inputValue(), 'Deposit Paid');
    assert.equal(await field(B, 'Scenario 1 when').inputValue(), 'Book Room');
  });

  await t.test('the exports hold it, every step resolved to the board’s elements', async () => {
    const spec = await exported();
    const bookRoom = spec.model.commands.find((/** @type {any} */ c) => c.name === 'Book Room');
    assert.equal(bookRoom.scenarios.length, 1);
    const [s] = bookRoom.scenarios;
    assert.equal(s.name, 'Books a free room');
    const resolved = (/** @type {any} */ step) => [step.text, step.element?.kind, step.element?.name];
    assert.deepEqual(s.given.map(resolved), [['Deposit Paid', 'event', 'Deposit Paid']]);
    assert.deepEqual(resolved(s.when), ['Book Room', 'command', 'Book Room']);
    assert.deepEqual(s.then.map(resolved), [['Room Booked', 'event', 'Room Booked']]);
    assert.deepEqual(spec.findings.filter((/** @type {any} */ f) => f.code === 'scenario_names_unknown_element'), []);

    const r = await fetch(`${suite.env.baseUrl}/api/boards/${board.id}/export?format=gherkin`);
    assert.equal(r.status, 200);
    const files = storedFiles(Buffer.from(await r.arrayBuffer()));
    const feature = files.get('features/Unassigned/Booking.feature');
    assert.ok(feature, `a feature for the aggregate among ${[...files.keys()].join(', ')}`);
    assert.match(feature, /^Feature: Booking$/m);
    assert.match(feature, /\n {2}Scenario: Books a free room\n {4}Given Deposit Paid\n {4}When Book Room\n {4}Then Room Booked\n/);
  });

  await t.test('a step naming nothing on the board is marked, and each edit is one undo step', async () => {
    await A.locator('#panel').getByRole('button', { name: 'Add a then event to scenario 1' }).click();
    assert.equal(await A.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Scenario 1 then 2', 'the new step has the keyboard');
    await A.keyboard.type('Room Teleported');
    await until(() => warningOf(A, 'Scenario 1 then 2').isVisible(), 'the warning next to the step');
    assert.match(await warningOf(A, 'Scenario 1 then 2').innerText(), /No event or command on the board is called this/);
    assert.equal(await warningOf(A, 'Scenario 1 then 1').isVisible(), false, 'none next to a known event');
    await until(async () => JSON.stringify((await scenariosOnServer())?.[0]?.then) === JSON.stringify(['Room Booked', 'Room Teleported']), 'the step on the server');
    const spec = await exported();
    const unknown = spec.findings.filter((/** @type {any} */ f) => f.code === 'scenario_names_unknown_element');
    assert.equal(unknown.length, 1, 'the exports report it too');
    assert.match(unknown[0].message, /Room Teleported/);
    // Ben's panel marks it as well.
    await until(() => warningOf(B, 'Scenario 1 then 2').isVisible(), 'the warning in Ben’s panel');

    await A.locator('#panel').screenshot({ path: '/tmp/scenarios-panel.png' });
    await A.screenshot({ path: '/tmp/scenarios-page.png' });
    await screenshot(A, 'scenarios-01-panel');

    // Back on the wall, undo takes back the last edit only: the step typed last.
    await A.keyboard.press('Escape');
    await A.keyboard.press('Control+z');
    await until(async () => JSON.stringify((await scenariosOnServer())?.[0]?.then) === JSON.stringify(['Room Booked']), 'the typed step undone');
    await A.waitForTimeout(300);
    assert.deepEqual((await scenariosOnServer())?.[0]?.given, ['Deposit Paid'], 'the rest stays');
    await A.keyboard.press('Control+z');
    await until(async () => (await scenariosOnServer())?.[0]?.then === undefined, 'the then-event typed before undone');
    assert.deepEqual((await scenariosOnServer())?.[0]?.given, ['Deposit Paid']);
  });

  await t.test('a scenario may expect a rejection instead of events', async () => {
    await until(() => field(A, 'Scenario 1 name').isVisible(), 'Ann’s panel after undo');
    await A.locator('#panel').getByRole('button', { name: 'Add scenario' }).click();
    await A.keyboard.type('Room taken');
    await field(A, 'Scenario 2 outcome').selectOption('rejected');
    await field(A, 'Scenario 2 rejection').click();
    await A.keyboard.type('the room is taken');
    const rejected = { name: 'Room taken', when: 'Book Room', rejected: 'the room is taken' };
    await until(async () => JSON.stringify((await scenariosOnServer())?.[1]) === JSON.stringify(rejected), 'the rejecting scenario on the server');
    await A.locator('#panel').screenshot({ path: '/tmp/scenarios-rejection.png' });
    const r = await fetch(`${suite.env.baseUrl}/api/boards/${board.id}/export?format=gherkin`);
    const feature = storedFiles(Buffer.from(await r.arrayBuffer())).get('features/Unassigned/Booking.feature') ?? '';
    assert.match(feature, /\n {2}Scenario: Room taken\n {4}When Book Room\n {4}Then it is rejected: the room is taken\n/);
    await until(async () => (await field(B, 'Scenario 2 rejection').count()) === 1 && (await field(B, 'Scenario 2 rejection').inputValue()) === 'the room is taken', 'the rejection in Ben’s panel');
  });

  await t.test('removing a scenario is one change everyone sees', async () => {
    await A.locator('#panel').getByRole('button', { name: 'Remove scenario 1', exact: true }).click();
    await until(async () => (await scenariosOnServer())?.map((/** @type {any} */ s) => s.name).join() === 'Room taken', 'one scenario left on the server');
    await until(async () => (await field(B, 'Scenario 1 name').inputValue()) === 'Room taken' && (await field(B, 'Scenario 2 name').count()) === 0, 'the scenario gone from Ben’s panel');
    assert.deepEqual(ann.errors, [], 'no page errors for Ann');
    assert.deepEqual(ben.errors, [], 'no page errors for Ben');
  });

  await t.test('a policy’s scenario reacts to the event drawn into it', async () => {
    const policy = crypto.randomUUID();
    await post({ type: 'add_note', id: policy, kind: 'policy', text: 'Send Confirmation', x: 700, y: 200 });
    const booked = (await getBoard(suite.env.baseUrl, board.id)).notes.find((/** @type {any} */ n) => n.text === 'Room Booked');
    await post({ type: 'add_connector', id: crypto.randomUUID(), from: booked.id, to: policy });
    await sticky(A, 'Send Confirmation').click();
    await until(async () => (await A.locator('#panel .panel-title').innerText()) === 'Policy', 'the policy in the panel');
    await A.locator('#panel').getByRole('button', { name: 'Add scenario' }).click();
    await A.keyboard.type('Confirms a booking');
    assert.equal(await field(A, 'Scenario 1 when').inputValue(), 'Room Booked');
    await until(async () => (await getBoard(suite.env.baseUrl, board.id)).notes.find((/** @type {any} */ n) => n.id === policy)?.details?.scenarios?.[0]?.name === 'Confirms a booking', 'the policy’s scenario on the server');
    const handler = (await exported()).model.handlers.find((/** @type {any} */ h) => h.name === 'Send Confirmation');
    assert.deepEqual([handler.scenarios[0].when.element?.kind, handler.scenarios[0].when.element?.name], ['event', 'Room Booked']);
  });

  await ann.context.close();
  await ben.context.close();
});
