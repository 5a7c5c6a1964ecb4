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

import { intersects } from './geometry.js';
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
 */

/**
 * @typedef {object} Routes
 * @property {ReadonlyMap<string, Note>} notes  The stickies they were worked out for.
 * @property {ReadonlyMap<string, Connector>} connectors
 * @property {FarRoute[]} list  Connectors whose two stickies are on the wall, in board order.
 */

export class FarRoutes {
  /** @param {(n: Note) => Rect} drawnRect  Where a sticky is drawn (a drag or resize moves it). */
  constructor(drawnRect) {
    this.drawnRect = drawnRect;
    /** @type {Routes | null} */
    this.last = null;
    /** @type {NoteGrid | null} */
    this.grid = null;
  }

  /**
   * The routes of a board state: the last list itself when nothing they depend on changed.
   * @param {{notes: ReadonlyMap<string, Note>, connectors: ReadonlyMap<string, Connector>}} state
   * @returns {Routes}
   */
  routes(state) {
    const last = this.last;
    const same = !!last && last.notes === state.notes && last.connectors === state.connectors;
    if (!this.grid || this.grid.notes !== state.notes) this.grid = new NoteGrid(state.notes);
    /** @type {Map<string, FarRoute>} */
    const before = new Map(last?.list.map((r) => [r.id, r]));
    let changed = !same;
    /** @type {FarRoute[]} */
    const list = [];
    for (const c of state.connectors.values()) {
      const a = state.notes.get(c.from);
      const b = state.notes.get(c.to);
      if (!a || !b) continue;
      const next = this.route(c, this.drawnRect(a), this.drawnRect(b), before.get(c.id), same);
      if (next !== before.get(c.id)) changed = true;
      list.push(next);
    }
    if (!changed && last) return last;
    this.last = { notes: state.notes, connectors: state.connectors, list };
    return this.last;
  }

  /**
   * One connector's route: the previous one while its ends and the stickies near it are the same.
   * @param {Connector} c @param {Rect} from @param {Rect} to @param {FarRoute | undefined} prev
   * @param {boolean} sameBoard  Whether the stickies are the same objects as for `prev`.
   * @returns {FarRoute}
   */
  route(c, from, to, prev, sameBoard) {
    const grid = /** @type {NoteGrid} */ (this.grid);
    const endsKept = !!prev && prev.connector.from === c.from && prev.connector.to === c.to && sameRect(prev.from, from) && sameRect(prev.to, to);
    if (prev && endsKept && sameBoard && prev.connector === c) return prev;
    const near = grid.near(routeArea(from, to));
    if (prev && endsKept && sameList(prev.near, near)) return prev.connector === c ? prev : { ...prev, id: c.id, connector: c };
    // As the near view does: the two ends where they are drawn, the others where they are.
    const obstacles = near.map((n) => (n.id === c.from ? from : n.id === c.to ? to : n));
    return { id: c.id, connector: c, from, to, near, route: routeConnector(from, to, obstacles) };
  }
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
