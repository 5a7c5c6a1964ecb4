// The domain's behaviour cases (crates/board/tests/fixtures/behaviour.json), checked against
// the client's mirrors of the Rust domain: decide.js predicts the events, model.js folds them,
// undo.js inverts them. `cargo test -p eventstorm-board` checks the same cases against the Rust
// `decide`, `evolve` and `inverse`, so a rule changed on one side only fails one of the runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Cmd, Ev } from '../../static/app/protocol.js';
import { decide } from '../../static/app/decide.js';
import { applyEvents, emptyBoard } from '../../static/app/model.js';
import { inverse } from '../../static/app/undo.js';

/** @typedef {import('../../static/app/model.js').BoardState} BoardState */
/** @typedef {import('../../static/app/types.js').Command} Command */
/** @typedef {import('../../static/app/types.js').BoardEvent} BoardEvent */

/**
 * One case; fixtures/README.md next to the file describes the fields.
 * @typedef {object} Case
 * @property {string} name
 * @property {boolean} [created]
 * @property {({event: BoardEvent} | Command)[]} given
 * @property {Command} command
 * @property {{events?: BoardEvent[], rejected?: string}} then
 * @property {(Command | null)[]} [undo]
 * @property {Record<string, unknown>} [board]
 * @property {'unpredicted' | 'server_checks'} [client]
 */

const fixture = /** @type {{cases: Case[]}} */ (
  JSON.parse(readFileSync(new URL('../../crates/board/tests/fixtures/behaviour.json', import.meta.url), 'utf8'))
);

/** The title of the board every case starts from (unless it says `"created": false`). */
const BOARD_TITLE = 'Workshop';

/** @param {Case} c @returns {BoardState} */
function givenBoard(c) {
  let s = emptyBoard('board');
  if (c.created !== false) s = applyEvents(s, [{ type: Ev.BOARD_CREATED, title: BOARD_TITLE }]);
  for (const g of c.given) {
    if ('event' in g) {
      s = applyEvents(s, [g.event]);
      continue;
    }
    const events = decide(s, g);
    assert.ok(events, `the client refuses the given ${JSON.stringify(g)}`);
    s = applyEvents(s, events);
  }
  return s;
}

/**
 * `actual` has every field `expected` names, with the same value; fields `expected` leaves out
 * are not checked.
 * @param {unknown} expected @param {unknown} actual @param {string} at
 */
function partialMatch(expected, actual, at) {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    assert.ok(actual && typeof actual === 'object', `${at} is ${JSON.stringify(actual)}, not an object`);
    for (const [k, w] of Object.entries(expected)) {
      partialMatch(w, /** @type {Record<string, unknown>} */ (actual)[k] ?? null, `${at}.${k}`);
    }
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${at} is ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`);
    expected.forEach((w, i) => partialMatch(w, actual[i], `${at}[${i}]`));
  } else {
    assert.equal(actual, expected, `${at}`);
  }
}

/**
 * Checks the parts of the board a case names (the same parts the Rust run checks).
 * @param {Record<string, unknown>} expected @param {BoardState} s
 */
function boardMatches(expected, s) {
  const parts = {
    title: s.title,
    notes: Object.fromEntries(s.notes),
    connectors: Object.fromEntries(s.connectors),
    frames: Object.fromEntries(s.frames),
    facilitation: s.facilitation,
  };
  for (const [key, want] of Object.entries(expected)) {
    if (key === 'deleted') {
      assert.deepEqual([...s.deleted.keys()].sort(), [.../** @type {string[]} */ (want)].sort(), 'board.deleted');
    } else if (key === 'absent') {
      for (const id of /** @type {string[]} */ (want)) {
        assert.ok(!s.notes.has(id) && !s.connectors.has(id) && !s.frames.has(id), `${id} is still on the board`);
      }
    } else {
      assert.ok(key in parts, `\`board\` has no part ${key}`);
      partialMatch(want, parts[/** @type {keyof typeof parts} */ (key)], `board.${key}`);
    }
  }
}

for (const c of fixture.cases) {
  test(c.name, () => {
    const s = givenBoard(c);
    const predicted = decide(s, c.command);
    if (c.client === 'unpredicted') {
      // Sent as it is; the server's events arrive and are folded like anyone else's.
      assert.equal(predicted, null, 'the client sends this command without predicting it');
    } else if (c.client === 'server_checks') {
      // A limit only the server checks: the client shows the edit, the server refuses it and
      // the client rolls it back.
      assert.ok(c.then.rejected, 'only a refusal rests on the server');
      assert.notEqual(predicted, null, 'the client predicts the edit and leaves the limit to the server');
    } else if (c.then.rejected) {
      assert.equal(predicted, null, `the client predicts a refusal (${c.then.rejected})`);
    } else {
      assert.deepEqual(predicted, c.then.events, 'the predicted events');
    }
    const events = c.then.events;
    if (!events) return;
    const after = applyEvents(s, events);
    if (c.board) boardMatches(c.board, after);
    // The client undoes only what it predicted and recorded.
    if (c.client !== 'unpredicted' && events.length > 0) {
      assert.deepEqual(events.map(inverse), c.undo, 'the inverse commands');
    }
  });
}

test('the client knows every command and event type of the cases, and no other', () => {
  /** @type {Set<string>} */
  const commands = new Set(fixture.cases.map((c) => c.command.type));
  // Boards are created through the HTTP API, never by the board page.
  const clientCommands = [...commands].filter((t) => t !== 'create_board');
  assert.deepEqual([...Object.values(Cmd)].sort(), clientCommands.sort());
  const events = new Set(
    fixture.cases.flatMap((c) => [
      ...(c.then.events ?? []).map((e) => e.type),
      ...c.given.flatMap((g) => ('event' in g ? [g.event.type] : [])),
    ]),
  );
  assert.deepEqual([...Object.values(Ev)].sort(), [...events].sort());
});
