// The client's names must be the server's: read them from the Rust sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Cmd, DOT_HIDDEN, Ev, FACILITATION_COMMANDS } from '../../static/app/protocol.js';

const read = (/** @type {string} */ p) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');

/** The string literals of `match` arms in a function of a Rust file. @param {string} src @param {string} fn */
function armNames(src, fn) {
  const body = src.slice(src.indexOf(`fn ${fn}`));
  const end = body.indexOf('\n    }\n');
  return [...body.slice(0, end).matchAll(/=> "([a-z_]+)"/g)].map((m) => m[1]);
}

test('command types are the board crate command names (the wall and facilitation)', () => {
  const rust = armNames(read('crates/board/src/command.rs'), 'type_name');
  for (const c of Object.values(Cmd)) assert.ok(rust.includes(c), `${c} is a command of the board crate`);
  assert.deepEqual([...Object.values(Cmd)].sort(), rust.filter((n) => n !== 'create_board').sort());
  for (const c of FACILITATION_COMMANDS) assert.ok((/** @type {string[]} */ (Object.values(Cmd))).includes(c));
});

test('event types are the board crate event kinds (the wall and facilitation)', () => {
  const rust = armNames(read('crates/board/src/event.rs'), 'kind');
  for (const e of Object.values(Ev)) assert.ok(rust.includes(e), `${e} is an event of the board crate`);
  assert.deepEqual([...Object.values(Ev)].sort(), rust.sort());
});

test('the hidden dot of a secret ballot is the server name', () => {
  assert.ok(read('crates/server/src/hub/ballot.rs').includes(`"type": "${DOT_HIDDEN}"`));
});
