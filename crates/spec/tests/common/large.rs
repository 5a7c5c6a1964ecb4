//! A large generated board, for the benchmark and for tests that need volume.

use eventstorm_board::{Backoff, FrameKind, NoteKind::*};

use super::{Builder, fields, handler};

/// A generated board of `rows` rows of the full flow (actor, command, aggregate, event,
/// policy, command, read model, hotspot: eight stickies a row), half connected and half left
/// for inference, spread over bounded contexts of ten rows each.
pub fn large(rows: usize) -> Builder {
    let mut b = Builder::new(9, "Large generated board");
    let contexts = rows.div_ceil(10);
    for c in 0..contexts {
        let y = c as f64 * 10.0 * 300.0;
        b.frame(
            FrameKind::BoundedContext,
            &format!("Context {c}"),
            -50.0,
            y - 50.0,
            2000.0,
            3000.0,
        );
    }
    for r in 0..rows {
        let y = r as f64 * 300.0;
        let actor = b.note(Actor, &format!("Actor {r}"), 0.0, y);
        let cmd = b.note_with(
            Command,
            &format!("Place Thing {r}"),
            120.0,
            y + 60.0,
            Some(fields(&[
                ("thingId", "uuid", true),
                ("amount", "money", true),
            ])),
        );
        let agg = b.note(Aggregate, &format!("Thing {r}"), 300.0, y + 40.0);
        let evt = b.note_with(
            Event,
            &format!("Thing {r} Placed"),
            540.0,
            y + 60.0,
            Some(fields(&[
                ("thingId", "uuid", true),
                ("lines", "Line[]", true),
                ("at", "datetime", true),
            ])),
        );
        let pol = b.note_with(
            Policy,
            &format!("React to thing {r}"),
            720.0,
            y + 60.0,
            Some(handler(
                Some(r % 2 == 0),
                Some((3, Backoff::Exponential, Some(1))),
                Some("things.dlq"),
            )),
        );
        let next = b.note(Command, &format!("Follow Up {r}"), 900.0, y + 60.0);
        let rm = b.note(ReadModel, &format!("Thing View {r}"), 540.0, y + 180.0);
        b.note(Hotspot, &format!("Question {r}?"), 1100.0, y + 60.0);
        if r % 2 == 0 {
            for (from, to) in [
                (actor, cmd),
                (cmd, agg),
                (agg, evt),
                (evt, pol),
                (pol, next),
                (evt, rm),
            ] {
                b.connect(from, to);
            }
        }
    }
    b
}
