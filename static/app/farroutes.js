// The connectors' routes for the far-zoom canvas (farview.js): the same orthogonal routes the
// near view draws (routing.js), so zooming out does not change a connector's path. The canvas
// is redrawn on every pan and zoom frame and on every drag step, so routes are remembered: the
// whole list is reused while the stickies and the connectors are the same objects and no end
// moved, and a connector is routed again only when its ends or the stickies near it changed.
// Pure: no DOM, no canvas.
//
// Only stickies near a connector are looked at (a grid of the stickies, made once per board
// state): routeConnector itself only considers stickies near the two ends, in board order, so
// handing it those same stickies in the same order gives the very route it finds among all.
//
// Routing is about a millisecond a connector, so routing a big board's all at once (its first
// far-out view) would freeze the page for a second. Each call routes only until its time budget
// is spent, those in view first; the others are handed out as straight lines (`pending`), and
// the caller asks again in the next frame until none is left.

import { connectorLine, intersects } from './geometry.js';
import { routeArea, routeConnector } from './routing.js';

/** @typedef {import('./types.js').Rect} Rect */
/** @typedef {import('./types.js').Note} Note */
/** @typedef {import('./types.js').Connector} Connector */
/** @typedef {import('./routing.js').Route} Route */

/** Grid cell (board units) for finding the stickies near a connector. */
const CELL = 512;

/**
 * One connector's route and what it was worked out from.
 * @typedef {object} FarRoute
 * @property {string} id
 * @property {Connector} connector
 * @property {Rect} from  Where its first sticky is drawn.
 * @property {Rect} to
 * @property {Note[]} near  The stickies near it (board order) it was routed around.
 * @property {Route} route
 * @property {boolean} [pending]  Not routed yet: `route` is the straight line between the ends.
 */

/**
 * @typedef {object} Routes
 * @property {ReadonlyMap<string, Note>} notes  The stickies they were worked out for.
 * @property {ReadonlyMap<string, Connector>} connectors
 * @property {FarRoute[]} list  Connectors whose two stickies are on the wall, in board order.
 * @property {number} pending  How many of them are straight lines still to be routed.
 */

/**
 * A connector to route: where in the list, its ends, and the stickies near it if known.
 * @typedef {{at: number, c: Connector, from: Rect, to: Rect, near: Note[] | null}} Todo
 */

/** Milliseconds a call may spend routing: what a painted frame can spare. */
export const ROUTE_BUDGET_MS = 6;

/**
 * @typedef {object} Budget
 * @property {number} [ms]  Milliseconds a call may spend (ROUTE_BUDGET_MS).
 * @property {() => number} [clock]  Milliseconds from some start (performance.now).
 */

export class FarRoutes {
  /**
   * @param {(n: Note) => Rect} drawnRect  Where a sticky is drawn (a drag or resize moves it).
   * @param {Budget} [budget]
   */
  constructor(drawnRect, { ms = ROUTE_BUDGET_MS, clock = () => performance.now() } = {}) {
    this.drawnRect = drawnRect;
    this.budget = ms;
    this.clock = clock;
    /** @type {Routes | null} */
    this.last = null;
    /** @type {NoteGrid | null} */
    this.grid = null;
    /** @type {Todo[]} The last list's pending connectors, in the order they are to be routed. */
    this.todo = [];
  }

  /**
   * The routes of a board state: the last list itself when nothing they depend on changed and
   * none is pending. Connectors still to route are routed until the budget is spent (at least
   * one), those whose route area meets `first` before the others; the rest stay straight.
   * @param {{notes: ReadonlyMap<string, Note>, connectors: ReadonlyMap<string, Connector>}} state
   * @param {Rect | null} [first]  What is in view.
   * @returns {Routes}
   */
  routes(state, first = null) {
    const start = this.clock();
    const last = this.last;
    const same = !!last && last.notes === state.notes && last.connectors === state.connectors;
    if (!this.grid || this.grid.notes !== state.notes) this.grid = new NoteGrid(state.notes);
    /** @type {Map<string, FarRoute>} */
    const before = new Map(last?.list.map((r) => [r.id, r]));
    let changed = !same;
    /** @type {FarRoute[]} */
    const list = [];
    /** @type {Todo[]} */
    const todo = [];
    for (const c of state.connectors.values()) {
      const a = state.notes.get(c.from);
      const b = state.notes.get(c.to);
      if (!a || !b) continue;
      const from = this.drawnRect(a);
      const to = this.drawnRect(b);
      const prev = before.get(c.id);
      const kept = this.kept(c, from, to, prev, same);
      if (kept.route) {
        if (kept.route !== prev) changed = true;
        list.push(kept.route);
      } else {
        todo.push({ at: list.length, c, from, to, near: kept.near });
        const waiting = prev?.pending && prev.connector === c && sameRect(prev.from, from) && sameRect(prev.to, to);
        list.push(waiting ? prev : straight(c, from, to));
      }
    }
    if (!changed && !todo.length && last) return last;
    return this.work(state, list, todo, first, start);
  }

  /**
   * More of the last call's pending routes, when the caller knows that neither the board nor
   * where its stickies are drawn changed since: without going over every connector again.
   * @param {Rect | null} [first]  What is in view.
   * @returns {Routes | null}
   */
  more(first = null) {
    const start = this.clock();
    if (!this.last?.pending) return this.last;
    return this.work(this.last, [...this.last.list], this.todo, first, start);
  }

  /**
   * Routes the connectors to do until the budget is spent, at least one, those in view first.
   * @param {{notes: ReadonlyMap<string, Note>, connectors: ReadonlyMap<string, Connector>}} state
   * @param {FarRoute[]} list @param {Todo[]} todo @param {Rect | null} first @param {number} start
   * @returns {Routes}
   */
  work(state, list, todo, first, start) {
    const grid = /** @type {NoteGrid} */ (this.grid);
    const inView = (/** @type {Todo} */ t) => !!first && intersects(routeArea(t.from, t.to), first);
    const order = first ? [...todo.filter(inView), ...todo.filter((t) => !inView(t))] : todo;
    /** @type {Todo[]} */
    const left = [];
    for (const t of order) {
      if (left.length || (t !== order[0] && this.clock() - start >= this.budget)) left.push(t);
      else list[t.at] = routed(t.c, t.from, t.to, t.near ?? grid.near(routeArea(t.from, t.to)));
    }
    this.todo = left;
    this.last = { notes: state.notes, connectors: state.connectors, list, pending: left.length };
    return this.last;
  }

  /**
   * One connector's previous route while its ends and the stickies near it are the same, or
   * the stickies near it (when worked out) to route it again.
   * @param {Connector} c @param {Rect} from @param {Rect} to @param {FarRoute | undefined} prev
   * @param {boolean} sameBoard  Whether the stickies are the same objects as for `prev`.
   * @returns {{route: FarRoute | null, near: Note[] | null}}
   */
  kept(c, from, to, prev, sameBoard) {
    if (!prev || prev.pending) return { route: null, near: null };
    const endsKept = prev.connector.from === c.from && prev.connector.to === c.to && sameRect(prev.from, from) && sameRect(prev.to, to);
    if (!endsKept) return { route: null, near: null };
    if (sameBoard && prev.connector === c) return { route: prev, near: null };
    const near = /** @type {NoteGrid} */ (this.grid).near(routeArea(from, to));
    if (!sameList(prev.near, near)) return { route: null, near };
    return { route: prev.connector === c ? prev : { ...prev, id: c.id, connector: c }, near: null };
  }
}

/**
 * A connector routed around the stickies near it, as the near view does: the two ends where
 * they are drawn, the others where they are.
 * @param {Connector} c @param {Rect} from @param {Rect} to @param {Note[]} near @returns {FarRoute}
 */
function routed(c, from, to, near) {
  const obstacles = near.map((n) => (n.id === c.from ? from : n.id === c.to ? to : n));
  return { id: c.id, connector: c, from, to, near, route: routeConnector(from, to, obstacles) };
}

/** A connector not routed yet: straight between its ends. @param {Connector} c @param {Rect} from @param {Rect} to @returns {FarRoute} */
function straight(c, from, to) {
  const { a, b, mid } = connectorLine(from, to);
  return { id: c.id, connector: c, from, to, near: [], route: { points: [a, b], label: mid, crossings: 0 }, pending: true };
}

/** The stickies of a board state by grid cell, to find those in an area without a scan. */
export class NoteGrid {
  /** @param {ReadonlyMap<string, Note>} notes */
  constructor(notes) {
    this.notes = notes;
    /** @type {Note[]} */
    this.all = [...notes.values()];
    /** @type {Map<string, number[]>} cell -> indexes into `all`, ascending */
    this.cells = new Map();
    this.all.forEach((n, i) => {
      for (const key of cellKeys(cellSpan(n))) {
        const here = this.cells.get(key);
        if (here) here.push(i);
        else this.cells.set(key, [i]);
      }
    });
  }

  /** The stickies overlapping an area, in board order. @param {Rect} area @returns {Note[]} */
  near(area) {
    const span = cellSpan(area);
    // An area over more cells than there are stickies is quicker to scan than to gather.
    if ((span.x1 - span.x0 + 1) * (span.y1 - span.y0 + 1) > this.all.length) return this.all.filter((n) => intersects(n, area));
    /** @type {Set<number>} */
    const found = new Set();
    for (const key of cellKeys(span)) for (const i of this.cells.get(key) ?? []) found.add(i);
    return [...found]
      .sort((a, b) => a - b)
      .map((i) => this.all[i])
      .filter((n) => intersects(n, area));
  }
}

/** @typedef {{x0: number, x1: number, y0: number, y1: number}} Span  Grid cells, both ends in. */

/** The grid cells a rectangle touches. @param {Rect} r @returns {Span} */
function cellSpan(r) {
  return { x0: Math.floor(r.x / CELL), x1: Math.floor((r.x + r.w) / CELL), y0: Math.floor(r.y / CELL), y1: Math.floor((r.y + r.h) / CELL) };
}

/** @param {Span} span @returns {string[]} */
function cellKeys({ x0, x1, y0, y1 }) {
  /** @type {string[]} */
  const out = [];
  for (let cx = x0; cx <= x1; cx++) for (let cy = y0; cy <= y1; cy++) out.push(`${cx},${cy}`);
  return out;
}

/** @param {Rect} a @param {Rect} b */
function sameRect(a, b) {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

/** @template T @param {readonly T[]} a @param {readonly T[]} b */
function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
