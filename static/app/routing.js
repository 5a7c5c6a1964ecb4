// Connector routes with orthogonal elbows that go around stickies instead of through them.
// Pure: the two stickies and the obstacles in, a polyline and a label position out.
//
// The search is small on purpose (it runs for every connector on every render): leave each
// sticky from the middle of one of its sides, step out a little, and join the two stubs with
// one or two elbows through a handful of candidate lines (half-way, and just beside each
// obstacle in the way). The cheapest candidate wins: crossing a sticky costs far more than any
// detour, then length, then elbows.

/** @typedef {import('./types.js').Rect} Rect */
/** @typedef {import('./types.js').Point} Point */

/** How far a route leaves a sticky before turning, and passes beside an obstacle. */
export const CLEARANCE = 16;
const ELBOW_COST = 24;
const CROSSING_COST = 100_000;
const MAX_OBSTACLES = 12;

/** @typedef {'left' | 'right' | 'top' | 'bottom'} Side */
const SIDES = /** @type {const} */ (['left', 'right', 'top', 'bottom']);

/**
 * @typedef {object} Route
 * @property {Point[]} points  From the edge of `from` to the edge of `to`, elbows between.
 * @property {Point} label     Middle of the longest segment: the most room for a label.
 * @property {number} crossings  Stickies the route still crosses (0 unless boxed in).
 */

/**
 * @param {Rect} from @param {Rect} to @param {ReadonlyArray<Rect>} obstacles  Other stickies; `from` and `to` may be among them (they are skipped by identity).
 * @returns {Route}
 */
export function routeConnector(from, to, obstacles) {
  // Only obstacles near the two stickies are considered: a dense board must not make every
  // connector look at every sticky (and a dozen candidate lines are plenty of detours).
  const area = routeArea(from, to);
  const inWay = obstacles.filter((o) => o !== from && o !== to && overlaps(o, area)).slice(0, MAX_OBSTACLES);
  /** @type {{points: Point[], cost: number, crossings: number} | null} */
  let best = null;
  for (const sa of SIDES) {
    for (const sb of SIDES) {
      const a = port(from, sa);
      const b = port(to, sb);
      const a1 = step(a, sa, CLEARANCE);
      const b1 = step(b, sb, CLEARANCE);
      for (const middle of joins(a1, b1, inWay)) {
        const points = simplify([a, a1, ...middle, b1, b]);
        const crossings = countCrossings(points, inWay, from, to);
        const cost = crossings * CROSSING_COST + length(points) + (points.length - 2) * ELBOW_COST;
        if (!best || cost < best.cost) best = { points, cost, crossings };
      }
    }
  }
  const chosen = /** @type {{points: Point[], cost: number, crossings: number}} */ (best);
  return { points: chosen.points, label: longestMiddle(chosen.points), crossings: chosen.crossings };
}

/**
 * Where routeConnector looks for stickies in the way: around the two ends, a few clearances out.
 * Those outside it never change a route (farroutes.js hands over only those inside).
 * @param {Rect} from @param {Rect} to @returns {Rect}
 */
export function routeArea(from, to) {
  return grow(union(from, to), 4 * CLEARANCE);
}

/** The middle of a side. @param {Rect} r @param {Side} side @returns {Point} */
function port(r, side) {
  switch (side) {
    case 'left':
      return { x: r.x, y: r.y + r.h / 2 };
    case 'right':
      return { x: r.x + r.w, y: r.y + r.h / 2 };
    case 'top':
      return { x: r.x + r.w / 2, y: r.y };
    case 'bottom':
      return { x: r.x + r.w / 2, y: r.y + r.h };
  }
}

/** @param {Point} p @param {Side} side @param {number} d @returns {Point} */
function step(p, side, d) {
  if (side === 'left') return { x: p.x - d, y: p.y };
  if (side === 'right') return { x: p.x + d, y: p.y };
  if (side === 'top') return { x: p.x, y: p.y - d };
  return { x: p.x, y: p.y + d };
}

/**
 * Ways from p to q with axis-parallel segments: two single elbows, and two elbows through
 * a vertical or horizontal line half-way or just beside an obstacle.
 * @param {Point} p @param {Point} q @param {Rect[]} inWay @returns {Point[][]}
 */
function joins(p, q, inWay) {
  const xs = [(p.x + q.x) / 2];
  const ys = [(p.y + q.y) / 2];
  for (const o of inWay) {
    xs.push(o.x - CLEARANCE, o.x + o.w + CLEARANCE);
    ys.push(o.y - CLEARANCE, o.y + o.h + CLEARANCE);
  }
  /** @type {Point[][]} */
  const out = [[{ x: q.x, y: p.y }], [{ x: p.x, y: q.y }]];
  for (const x of xs) out.push([{ x, y: p.y }, { x, y: q.y }]);
  for (const y of ys) out.push([{ x: p.x, y }, { x: q.x, y }]);
  return out;
}

/** Drops repeated points and points in the middle of a straight run. @param {Point[]} pts */
function simplify(pts) {
  /** @type {Point[]} */
  const out = [];
  for (const p of pts) {
    const last = out[out.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    const before = out[out.length - 2];
    if (before && last && ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))) out.pop();
    out.push(p);
  }
  return out;
}

/**
 * Stickies a route passes through: any obstacle its segments enter, and the two ends
 * themselves when a segment other than the first or the last goes back through them.
 * @param {Point[]} pts @param {Rect[]} inWay @param {Rect} from @param {Rect} to
 */
function countCrossings(pts, inWay, from, to) {
  let n = 0;
  for (const o of inWay) if (segments(pts).some((s) => segmentEnters(s, o))) n++;
  const inner = segments(pts).slice(1, -1);
  if (inner.some((s) => segmentEnters(s, from))) n++;
  if (inner.some((s) => segmentEnters(s, to))) n++;
  // The first and last segments leave their sticky outwards, but must not cross the other one.
  const segs = segments(pts);
  if (segs.length > 0 && segmentEnters(segs[0], to)) n++;
  if (segs.length > 1 && segmentEnters(segs[segs.length - 1], from)) n++;
  return n;
}

/** @param {Point[]} pts @returns {[Point, Point][]} */
function segments(pts) {
  return pts.slice(1).map((p, i) => /** @type {[Point, Point]} */ ([pts[i], p]));
}

/** Whether an axis-parallel segment goes through the inside of r. @param {[Point, Point]} s @param {Rect} r */
function segmentEnters([a, b], r) {
  const x0 = Math.min(a.x, b.x);
  const x1 = Math.max(a.x, b.x);
  const y0 = Math.min(a.y, b.y);
  const y1 = Math.max(a.y, b.y);
  return x0 < r.x + r.w && x1 > r.x && y0 < r.y + r.h && y1 > r.y;
}

/** @param {Point[]} pts */
function length(pts) {
  return segments(pts).reduce((s, [a, b]) => s + Math.abs(a.x - b.x) + Math.abs(a.y - b.y), 0);
}

/** @param {Point[]} pts @returns {Point} */
function longestMiddle(pts) {
  let best = { x: pts[0].x, y: pts[0].y };
  let bestLen = -1;
  for (const [a, b] of segments(pts)) {
    const len = Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
    if (len > bestLen) {
      bestLen = len;
      best = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
  }
  return best;
}

/** @param {Rect} a @param {Rect} b @returns {Rect} */
function union(a, b) {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

/** @param {Rect} r @param {number} d @returns {Rect} */
function grow(r, d) {
  return { x: r.x - d, y: r.y - d, w: r.w + 2 * d, h: r.h + 2 * d };
}

/** @param {Rect} a @param {Rect} b */
function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The SVG path of a route. @param {Point[]} pts */
export function routePath(pts) {
  return pts.map((p, i) => `${i ? 'L' : 'M'}${Math.round(p.x * 10) / 10} ${Math.round(p.y * 10) / 10}`).join(' ');
}
