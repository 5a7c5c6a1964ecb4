import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

// The board page's modules stay small enough to read in one sitting: a module that outgrows
// this is doing two jobs and should be split along them.
const LIMIT = 400;
const dir = new URL('../../static/app/', import.meta.url);

test(`no module of the board page is over ${LIMIT} lines`, () => {
  const over = readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => ({ name, lines: readFileSync(new URL(name, dir), 'utf8').split('\n').length - 1 }))
    .filter(({ lines }) => lines > LIMIT);
  assert.deepEqual(over, []);
});
