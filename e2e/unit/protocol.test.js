// The client's names must be the server's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Cmd, DOT_HIDDEN, FACILITATION_COMMANDS } from '../../static/app/protocol.js';

const read = (/** @type {string} */ p) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');

// The command and event names are checked against the board crate by the behaviour cases
// (behaviour.test.js), which cover every type on both sides.

test('facilitation commands are commands', () => {
  for (const c of FACILITATION_COMMANDS) assert.ok((/** @type {string[]} */ (Object.values(Cmd))).includes(c));
});

test('the hidden dot of a secret ballot is the server name', () => {
  assert.ok(read('crates/server/src/hub/ballot.rs').includes(`"type": "${DOT_HIDDEN}"`));
});
