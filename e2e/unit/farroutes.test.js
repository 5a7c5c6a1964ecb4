import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FarRoutes, NoteGrid } from '../../static/app/farroutes.js';
import { routeArea, routeConnector } from '../../static/app/routing.js';
import { connectorLine, intersects } from '../../static/app/geometry.js';
import { note } from './fixtures.js';

/** @typedef {import('../../static/app/types.js').Note} Note */
/** @typedef {import('../../static/app/types.js').Connector} Connector */
/** @typedef {import('../../static/app/types.js').Rect} Rect */

/** @param {Note[]} notes @param {ReadonlyMap<string, Connector>} connectors */
const stateOf = (notes, connectors) => ({ notes: new Map(notes.map((n) => [n.id, n])), connectors });
/** @param {Connector[]} list */
const connectorsOf = (list) => new Map(list.map((c) => [c.id, c]));
/** Where a sticky is drawn when nothing is dragged: a copy, as the renderer hands out. @param {Note} n */
const drawn = (n) => ({ x: n.x, y: n.y, w: n.w, h: n.h });

/** Routes with no time budget: every connector in one call. @param {(n: Note) => Rect} at */
const unhurried = (at) => new FarRoutes(at, { ms: Infinity });

/**
 * The near view's route (connectorlayer.js): every sticky an obstacle, the two ends where drawn.
 * @param {Note[]} notes @param {Connector} c @param {(n: Note) => Rect} [at]
 */
function nearRoute(notes, c, at = drawn) {
  const a = /** @type {Note} */ (notes.find((n) => n.id === c.from));
  const b = /** @type {Note} */ (notes.find((n) => n.id === c.to));
  const from = at(a);
  const to = at(b);
  return routeConnector(from, to, notes.map((n) => (n.id === a.id ? from : n.id === b.id ? to : n)));
}

/** A, a sticky in the straight line between, and B; one more far away. */
function blocked() {
  const notes = [note('a', { x: 0, y: 0 }), note('mid', { x: 300, y: 0 }), note('b', { x: 600, y: 0 }), note('far', { x: 5000, y: 3000 })];
  const connectors = connectorsOf([{ id: 'c1', from: 'a', to: 'b' }]);
  return { notes, connectors };
}

test('a far route is the near view route: around the sticky in the way, with elbows', () => {
  const { notes, connectors } = blocked();
  const { list } = unhurried(drawn).routes(stateOf(notes, connectors));
  assert.equal(list.length, 1);
  const expected = nearRoute(notes, { id: 'c1', from: 'a', to: 'b' });
  assert.deepEqual(list[0].route, expected);
  assert.ok(expected.points.length > 2, 'the route goes around the middle sticky');
  assert.equal(expected.crossings, 0);
});

/**
 * A crowded random board: dense enough that more than routeConnector's dozen obstacles are
 * near some connectors, and some connectors span the board (the scan instead of the grid).
 * @param {number} seed
 */
function crowded(seed) {
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  /** @param {number} n */
  const upTo = (n) => Math.floor(rand() * n);
  const notes = Array.from({ length: 120 }, (_, i) => note(`n${i}`, { x: upTo(3000), y: upTo(2000), w: 80 + upTo(200), h: 60 + upTo(120) }));
  const list = Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, from: `n${upTo(120)}`, to: `n${upTo(120)}` })).filter((c) => c.from !== c.to);
  return stateOf(notes, connectorsOf(list));
}

test('on crowded random boards every far route equals the near view route', () => {
  for (let round = 0; round < 10; round++) {
    const state = crowded(11 + round);
    const routes = unhurried(drawn).routes(state);
    assert.equal(routes.list.length, state.connectors.size);
    const notes = [...state.notes.values()];
    for (const r of routes.list) assert.deepEqual(r.route, nearRoute(notes, r.connector), `round ${round}, ${r.id}`);
  }
});

/** A clock that moves on a millisecond each time it is read. */
function fakeClock() {
  let now = 0;
  return () => now++;
}

test('with a small time budget a call routes only some connectors, drawing the others straight', () => {
  const state = crowded(5);
  const all = unhurried(drawn).routes(state);
  assert.equal(all.pending, 0);
  const cache = new FarRoutes(drawn, { ms: 3, clock: fakeClock() });
  const first = cache.routes(state);
  assert.equal(first.list.length, all.list.length);
  const waiting = first.list.filter((r) => r.pending);
  assert.equal(first.pending, waiting.length);
  assert.ok(first.pending > 0 && first.pending < first.list.length - 1, `${first.pending} of ${first.list.length} pending`);
  for (const r of waiting) {
    const { a, b } = connectorLine(r.from, r.to);
    assert.deepEqual(r.route.points, [a, b], `${r.id} drawn straight`);
  }
  for (const r of first.list.filter((r) => !r.pending)) assert.deepEqual(r, all.list.find((x) => x.id === r.id));

  /** @type {import('../../static/app/farroutes.js').Routes} */
  let now = first;
  let calls = 1;
  while (now.pending) {
    const next = cache.routes(state);
    assert.ok(next.pending < now.pending, 'every call routes more');
    now = next;
    calls++;
  }
  assert.ok(calls > 2);
  assert.deepEqual(now.list, all.list, 'in the end, as if all were routed at once');
  assert.equal(cache.routes(state), now, 'then, nothing changed: the same routes');
});

test('more() goes on with the pending routes, those in view first, to the same result', () => {
  const state = crowded(23);
  const all = unhurried(drawn).routes(state);
  const view = { x: 0, y: 0, w: 900, h: 600 };
  const cache = new FarRoutes(drawn, { ms: 2, clock: fakeClock() });
  const seen = (/** @type {import('../../static/app/farroutes.js').FarRoute} */ r) => intersects(routeArea(r.from, r.to), view);
  let now = cache.routes(state, view);
  const inView = now.list.filter(seen).length;
  assert.ok(inView > 4 && inView < now.list.length - 4, `${inView} in view`);
  const order = [];
  while (now.pending) {
    const done = new Set(now.list.filter((r) => !r.pending).map((r) => r.id));
    order.push(done.size);
    if (done.size < inView) assert.ok(now.list.filter((r) => !r.pending).every(seen), 'only those in view routed so far');
    now = /** @type {import('../../static/app/farroutes.js').Routes} */ (cache.more(view));
  }
  assert.ok(order.length > 3);
  assert.deepEqual(now.list, all.list);
  assert.equal(cache.more(view), now);
  assert.equal(cache.routes(state), now, 'nothing changed: the same routes');
});

test('the grid finds the stickies overlapping an area, in board order', () => {
  const notes = [note('x', { x: 2000, y: 0 }), note('y', { x: 0, y: 0 }), note('z', { x: 600, y: 600 }), note('w', { x: 100, y: 50 })];
  const grid = new NoteGrid(new Map(notes.map((n) => [n.id, n])));
  assert.deepEqual(grid.near({ x: 50, y: 0, w: 600, h: 620 }).map((n) => n.id), ['y', 'z', 'w']);
  // Touching is not overlapping, as routeConnector counts it.
  assert.deepEqual(grid.near({ x: 140, y: 60, w: 10, h: 10 }).map((n) => n.id), ['w']);
  assert.deepEqual(grid.near({ x: -1e6, y: -1e6, w: 2e6, h: 2e6 }).map((n) => n.id), ['x', 'y', 'z', 'w']);
});

test('routes are remembered until a sticky or a connector changes, or an end is drawn elsewhere', () => {
  const { notes, connectors } = blocked();
  /** @type {Map<string, {dx: number, dy: number}>} A drag preview, as the renderer keeps it. */
  const offsets = new Map();
  const cache = unhurried((n) => {
    const o = offsets.get(n.id);
    return { x: n.x + (o?.dx ?? 0), y: n.y + (o?.dy ?? 0), w: n.w, h: n.h };
  });
  const state = stateOf(notes, connectors);
  const first = cache.routes(state);
  assert.equal(cache.routes(state), first, 'nothing changed: the same routes');

  // A sticky far from the connector moved: new routes, the connector's own kept.
  const farMoved = stateOf(notes.map((n) => (n.id === 'far' ? { ...n, x: 5200 } : n)), connectors);
  const second = cache.routes(farMoved);
  assert.notEqual(second, first);
  assert.equal(second.list[0], first.list[0]);
  assert.equal(cache.routes(farMoved), second);

  // The sticky in the way moved off the line: the connector is routed again, straight now.
  const cleared = notes.map((n) => (n.id === 'mid' ? { ...n, y: 900 } : n));
  const third = cache.routes(stateOf(cleared, connectors));
  assert.notEqual(third.list[0], second.list[0]);
  assert.deepEqual(third.list[0].route, nearRoute(cleared, { id: 'c1', from: 'a', to: 'b' }));
  assert.equal(third.list[0].route.points.length, 2);

  // An end dragged (same board state, a preview offset): routed again where it is drawn.
  const dragged = stateOf(cleared, connectors);
  const before = cache.routes(dragged);
  offsets.set('b', { dx: 0, dy: 400 });
  const during = cache.routes(dragged);
  assert.notEqual(during, before);
  assert.deepEqual(during.list[0].route, nearRoute(cleared, { id: 'c1', from: 'a', to: 'b' }, (n) => ({ ...drawn(n), y: n.y + (offsets.get(n.id)?.dy ?? 0) })));
  assert.equal(cache.routes(dragged), during);

  // A relabelled connector keeps its route; a removed one goes.
  const relabelled = connectorsOf([{ id: 'c1', from: 'a', to: 'b', label: 'then' }]);
  const fourth = cache.routes(stateOf(cleared, relabelled));
  assert.equal(fourth.list[0].route, during.list[0].route);
  assert.equal(fourth.list[0].connector.label, 'then');
  assert.deepEqual(cache.routes(stateOf(cleared, new Map())).list, []);
});
