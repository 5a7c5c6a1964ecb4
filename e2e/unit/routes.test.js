// Connector routes (routing.js) against the fixture the picture export checks too
// (crates/picture/tests/fixtures/routes.json): the picture draws each connector along the
// route the wall draws, so a change to either side's rule fails the other's run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { routeConnector } from '../../static/app/routing.js';

/** @typedef {import('../../static/app/types.js').Rect} Rect */
/** @typedef {import('../../static/app/types.js').Point} Point */

const fixture = /** @type {{cases: {name: string, notes: Rect[], ends: [number, number], points: Point[], label: Point}[]}} */ (
  JSON.parse(readFileSync(new URL('../../crates/picture/tests/fixtures/routes.json', import.meta.url), 'utf8'))
);

for (const c of fixture.cases) {
  test(`route: ${c.name}`, () => {
    const route = routeConnector(c.notes[c.ends[0]], c.notes[c.ends[1]], c.notes);
    assert.deepEqual(route.points, c.points);
    assert.deepEqual(route.label, c.label);
  });
}
