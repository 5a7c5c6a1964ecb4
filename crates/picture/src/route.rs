//! Connector routes with orthogonal elbows that go around stickies, as the wall draws them
//! (`static/app/routing.js`): leave each sticky from the middle of one of its sides, step out a
//! little, and join the two stubs with one or two elbows through a handful of candidate lines
//! (half-way, and just beside each sticky in the way). The cheapest candidate wins: crossing a
//! sticky costs far more than any detour, then length, then elbows. `tests/fixtures/routes.json`
//! holds routes the browser computed; both this crate's tests and the client's unit tests check
//! them, so the picture and the wall cannot drift apart.

use crate::region::Rect;

/// How far a route leaves a sticky before turning, and passes beside an obstacle.
const CLEARANCE: f64 = 16.0;
const ELBOW_COST: f64 = 24.0;
const CROSSING_COST: f64 = 100_000.0;
const MAX_OBSTACLES: usize = 12;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Side {
    Left,
    Right,
    Top,
    Bottom,
}

const SIDES: [Side; 4] = [Side::Left, Side::Right, Side::Top, Side::Bottom];

/// A route: from the edge of `from` to the edge of `to`, elbows between, and where its label
/// goes (the middle of its longest segment).
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub points: Vec<Point>,
    pub label: Point,
}

/// The route from one sticky to another around `obstacles` (every sticky; the two ends are
/// skipped by their index, `ends`).
pub fn route(from: Rect, to: Rect, obstacles: &[Rect], ends: (usize, usize)) -> Route {
    // Only obstacles near the two stickies count: a dozen candidate lines are plenty.
    let area = grow(union(from, to), 4.0 * CLEARANCE);
    let in_way: Vec<Rect> = obstacles
        .iter()
        .enumerate()
        .filter(|(i, o)| *i != ends.0 && *i != ends.1 && overlaps(**o, area))
        .map(|(_, o)| *o)
        .take(MAX_OBSTACLES)
        .collect();
    let mut best: Option<(Vec<Point>, f64)> = None;
    for sa in SIDES {
        for sb in SIDES {
            let a = port(from, sa);
            let b = port(to, sb);
            let a1 = step(a, sa);
            let b1 = step(b, sb);
            for middle in joins(a1, b1, &in_way) {
                let mut all = vec![a, a1];
                all.extend(middle);
                all.extend([b1, b]);
                let points = simplify(&all);
                let crossings = count_crossings(&points, &in_way, from, to) as f64;
                let cost = crossings * CROSSING_COST
                    + length(&points)
                    + (points.len() as f64 - 2.0) * ELBOW_COST;
                if best.as_ref().is_none_or(|(_, c)| cost < *c) {
                    best = Some((points, cost));
                }
            }
        }
    }
    let (points, _) = best.expect("sixteen pairs of sides give candidates");
    let label = longest_middle(&points);
    Route { points, label }
}

fn port(r: Rect, side: Side) -> Point {
    match side {
        Side::Left => Point {
            x: r.x,
            y: r.y + r.h / 2.0,
        },
        Side::Right => Point {
            x: r.x + r.w,
            y: r.y + r.h / 2.0,
        },
        Side::Top => Point {
            x: r.x + r.w / 2.0,
            y: r.y,
        },
        Side::Bottom => Point {
            x: r.x + r.w / 2.0,
            y: r.y + r.h,
        },
    }
}

fn step(p: Point, side: Side) -> Point {
    let d = CLEARANCE;
    match side {
        Side::Left => Point { x: p.x - d, ..p },
        Side::Right => Point { x: p.x + d, ..p },
        Side::Top => Point { y: p.y - d, ..p },
        Side::Bottom => Point { y: p.y + d, ..p },
    }
}

/// Ways from p to q with axis-parallel segments: two single elbows, and two elbows through a
/// vertical or horizontal line half-way or just beside an obstacle.
fn joins(p: Point, q: Point, in_way: &[Rect]) -> Vec<Vec<Point>> {
    let mut xs = vec![(p.x + q.x) / 2.0];
    let mut ys = vec![(p.y + q.y) / 2.0];
    for o in in_way {
        xs.extend([o.x - CLEARANCE, o.x + o.w + CLEARANCE]);
        ys.extend([o.y - CLEARANCE, o.y + o.h + CLEARANCE]);
    }
    let mut out = vec![
        vec![Point { x: q.x, y: p.y }],
        vec![Point { x: p.x, y: q.y }],
    ];
    out.extend(
        xs.iter()
            .map(|&x| vec![Point { x, y: p.y }, Point { x, y: q.y }]),
    );
    out.extend(
        ys.iter()
            .map(|&y| vec![Point { x: p.x, y }, Point { x: q.x, y }]),
    );
    out
}

/// Drops repeated points and points in the middle of a straight run.
fn simplify(pts: &[Point]) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(pts.len());
    for &p in pts {
        if out.last() == Some(&p) {
            continue;
        }
        if let [.., before, last] = out[..]
            && ((before.x == last.x && last.x == p.x) || (before.y == last.y && last.y == p.y))
        {
            out.pop();
        }
        out.push(p);
    }
    out
}

fn segments(pts: &[Point]) -> impl Iterator<Item = (Point, Point)> + '_ {
    pts.windows(2).map(|w| (w[0], w[1]))
}

/// Stickies a route passes through: any obstacle its segments enter, and the two ends
/// themselves when a segment other than the first or the last goes back through them.
fn count_crossings(pts: &[Point], in_way: &[Rect], from: Rect, to: Rect) -> usize {
    let segs: Vec<(Point, Point)> = segments(pts).collect();
    let mut n = in_way
        .iter()
        .filter(|o| segs.iter().any(|s| enters(*s, **o)))
        .count();
    let inner = if segs.len() > 2 {
        &segs[1..segs.len() - 1]
    } else {
        &[][..]
    };
    n += usize::from(inner.iter().any(|s| enters(*s, from)));
    n += usize::from(inner.iter().any(|s| enters(*s, to)));
    // The first and last segments leave their sticky outwards, but must not cross the other.
    n += usize::from(segs.first().is_some_and(|s| enters(*s, to)));
    n += usize::from(segs.len() > 1 && enters(segs[segs.len() - 1], from));
    n
}

/// Whether an axis-parallel segment goes through the inside of r.
fn enters((a, b): (Point, Point), r: Rect) -> bool {
    let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
    let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
    x0 < r.x + r.w && x1 > r.x && y0 < r.y + r.h && y1 > r.y
}

fn length(pts: &[Point]) -> f64 {
    segments(pts)
        .map(|(a, b)| (a.x - b.x).abs() + (a.y - b.y).abs())
        .sum()
}

fn longest_middle(pts: &[Point]) -> Point {
    let mut best = pts[0];
    let mut best_len = -1.0;
    for (a, b) in segments(pts) {
        let len = (a.x - b.x).abs() + (a.y - b.y).abs();
        if len > best_len {
            best_len = len;
            best = Point {
                x: (a.x + b.x) / 2.0,
                y: (a.y + b.y) / 2.0,
            };
        }
    }
    best
}

fn union(a: Rect, b: Rect) -> Rect {
    let x = a.x.min(b.x);
    let y = a.y.min(b.y);
    Rect {
        x,
        y,
        w: (a.x + a.w).max(b.x + b.w) - x,
        h: (a.y + a.h).max(b.y + b.h) - y,
    }
}

fn grow(r: Rect, d: f64) -> Rect {
    Rect {
        x: r.x - d,
        y: r.y - d,
        w: r.w + 2.0 * d,
        h: r.h + 2.0 * d,
    }
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn rect(v: &Value) -> Rect {
        let n = |k: &str| v[k].as_f64().unwrap();
        Rect {
            x: n("x"),
            y: n("y"),
            w: n("w"),
            h: n("h"),
        }
    }

    fn point(v: &Value) -> Point {
        Point {
            x: v["x"].as_f64().unwrap(),
            y: v["y"].as_f64().unwrap(),
        }
    }

    /// The routes the browser's routing.js computed (e2e/unit/routes.test.js checks them
    /// against routing.js as it is now).
    #[test]
    fn routes_are_the_ones_the_wall_draws() {
        let fixture: Value =
            serde_json::from_str(include_str!("../tests/fixtures/routes.json")).unwrap();
        let cases = fixture["cases"].as_array().unwrap();
        assert!(cases.len() >= 8);
        for case in cases {
            let notes: Vec<Rect> = case["notes"].as_array().unwrap().iter().map(rect).collect();
            let ends = case["ends"].as_array().unwrap();
            let (a, b) = (
                ends[0].as_u64().unwrap() as usize,
                ends[1].as_u64().unwrap() as usize,
            );
            let got = route(notes[a], notes[b], &notes, (a, b));
            let want: Vec<Point> = case["points"]
                .as_array()
                .unwrap()
                .iter()
                .map(point)
                .collect();
            assert_eq!(got.points, want, "{}", case["name"]);
            assert_eq!(got.label, point(&case["label"]), "{}", case["name"]);
        }
    }
}
