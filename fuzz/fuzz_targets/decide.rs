//! `decide` and `evolve` over arbitrary command sequences: commands name a small pool of ids
//! (so they meet existing notes, connectors and frames) and use hostile numbers (NaN, infinity,
//! huge, negative, zero) and texts. Whatever happens, nothing panics; every accepted event
//! round-trips through its stored encoding; folding the stored events gives the live board;
//! the board never grows past its element limit.

#![no_main]

use arbitrary::{Arbitrary, Result, Unstructured};
use eventstorm_board::{
    Backoff, Board, Command, ContractDetails, EVENT_SCHEMA_VERSION, ElementId, Event, FrameChanges,
    FrameKind, Limits, Move, NoteDetails, NoteKind, PayloadField, RetryPolicy, decide, evolve,
};
use libfuzzer_sys::fuzz_target;
use uuid::Uuid;

const FLOATS: [f64; 14] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    9.99,
    10.0,
    100_000.0,
    100_000.5,
    1_000_000.0,
    1_000_000.1,
    -1_000_000.0,
    f64::NAN,
    f64::INFINITY,
    f64::MAX,
];

const TEXTS: [&str; 10] = [
    "",
    "Order Placed",
    "<script>alert(1)</script>",
    "  \n\t ",
    "\u{0}",
    "\u{202e}evil",
    "| * _ ` # [x](javascript:alert(1))",
    "ééé🎉👩‍👩‍👧",
    "x",
    "Place Order",
];

fn limits() -> Limits {
    Limits {
        max_text_chars: 40,
        max_elements: 12,
        max_name_chars: 20,
        max_fields: 3,
        ..Limits::default()
    }
}

fn id(u: &mut Unstructured) -> Result<ElementId> {
    Ok(ElementId(Uuid::from_u128(u.int_in_range(1..=10)?)))
}

fn float(u: &mut Unstructured) -> Result<f64> {
    if u.ratio(1, 4)? {
        Ok(f64::from(u.int_in_range(-2_000_000i32..=2_000_000)?) / 2.0)
    } else {
        Ok(*u.choose(&FLOATS)?)
    }
}

fn text(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=3)? {
        0 => String::arbitrary(u)?,
        1 => "w".repeat(u.int_in_range(0..=60)?),
        _ => (*u.choose(&TEXTS)?).to_owned(),
    })
}

fn note_kind(u: &mut Unstructured) -> Result<NoteKind> {
    Ok(*u.choose(&NoteKind::ALL)?)
}

fn frame_kind(u: &mut Unstructured) -> Result<FrameKind> {
    let kinds = [FrameKind::BoundedContext, FrameKind::Swimlane];
    Ok(*u.choose(&kinds)?)
}

fn opt<T>(
    u: &mut Unstructured,
    f: impl FnOnce(&mut Unstructured) -> Result<T>,
) -> Result<Option<T>> {
    if bool::arbitrary(u)? {
        Ok(Some(f(u)?))
    } else {
        Ok(None)
    }
}

fn details(u: &mut Unstructured) -> Result<NoteDetails> {
    let fields = (0..u.int_in_range(0..=4)?)
        .map(|_| {
            Ok(PayloadField {
                name: text(u)?,
                field_type: text(u)?,
                required: bool::arbitrary(u)?,
                description: text(u)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(NoteDetails {
        description: text(u)?,
        fields,
        pivotal: bool::arbitrary(u)?,
        idempotent: opt(u, |u| bool::arbitrary(u))?,
        retry: opt(u, |u| {
            Ok(RetryPolicy {
                max_attempts: u32::arbitrary(u)?,
                backoff: *u.choose(&[Backoff::Fixed, Backoff::Linear, Backoff::Exponential])?,
                delay_seconds: opt(u, |u| u32::arbitrary(u))?,
            })
        })?,
        dead_letter: opt(u, text)?,
        contract: Box::new(ContractDetails {
            code_name: opt(u, text)?,
            failure: bool::arbitrary(u)?,
            schedule: opt(u, text)?,
            idempotency_key: (0..u.int_in_range(0..=2)?)
                .map(|_| text(u))
                .collect::<Result<Vec<_>>>()?,
            scenarios: Vec::new(),
        }),
    })
}

fn command(u: &mut Unstructured) -> Result<Command> {
    Ok(match u.int_in_range(0..=15)? {
        0 => Command::CreateBoard { title: text(u)? },
        1 => Command::RenameBoard { title: text(u)? },
        2 | 3 => Command::AddNote {
            id: id(u)?,
            kind: note_kind(u)?,
            text: text(u)?,
            x: float(u)?,
            y: float(u)?,
            w: opt(u, float)?,
            h: opt(u, float)?,
            details: opt(u, details)?,
            owner: opt(u, text)?,
        },
        4 => Command::MoveNotes {
            moves: (0..u.int_in_range(0..=3)?)
                .map(|_| {
                    Ok(Move {
                        id: id(u)?,
                        x: float(u)?,
                        y: float(u)?,
                    })
                })
                .collect::<Result<Vec<_>>>()?,
        },
        5 => Command::ResizeNote {
            id: id(u)?,
            w: float(u)?,
            h: float(u)?,
        },
        6 => Command::EditText {
            id: id(u)?,
            text: text(u)?,
        },
        7 => Command::ChangeKind {
            id: id(u)?,
            kind: note_kind(u)?,
        },
        8 => Command::SetDetails {
            id: id(u)?,
            details: details(u)?,
        },
        9 => Command::DeleteNote { id: id(u)? },
        10 => Command::RestoreNote { id: id(u)? },
        11 => Command::AddConnector {
            id: id(u)?,
            from: id(u)?,
            to: id(u)?,
            label: opt(u, text)?,
        },
        12 => {
            if bool::arbitrary(u)? {
                Command::RemoveConnector { id: id(u)? }
            } else {
                Command::ChangeConnector {
                    id: id(u)?,
                    label: opt(u, text)?,
                }
            }
        }
        13 => Command::AddFrame {
            id: id(u)?,
            kind: frame_kind(u)?,
            name: text(u)?,
            x: float(u)?,
            y: float(u)?,
            w: float(u)?,
            h: float(u)?,
        },
        // Locks interleaved with edits: a locked element must refuse them.
        14 => {
            let ids = (0..u.int_in_range(0..=3)?)
                .map(|_| id(u))
                .collect::<Result<Vec<_>>>()?;
            match u.int_in_range(0..=5)? {
                0 => Command::StartPrivateMode,
                1 => Command::EndPrivateMode,
                2 | 3 => Command::LockElements { ids },
                _ => Command::UnlockElements { ids },
            }
        }
        _ => {
            if bool::arbitrary(u)? {
                Command::RemoveFrame { id: id(u)? }
            } else {
                Command::ChangeFrame {
                    id: id(u)?,
                    changes: FrameChanges {
                        kind: opt(u, frame_kind)?,
                        name: opt(u, text)?,
                        x: opt(u, float)?,
                        y: opt(u, float)?,
                        w: opt(u, float)?,
                        h: opt(u, float)?,
                    },
                }
            }
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let limits = limits();
    let mut board = Board::default();
    let mut stored: Vec<(String, String)> = Vec::new();
    // Most sequences start with a board, as every real one does.
    if data.first().is_some_and(|b| b % 8 != 0) {
        let events = decide(
            &board,
            &Command::CreateBoard {
                title: "Fuzz".into(),
            },
            &limits,
        )
        .expect("a new board can be created");
        for e in &events {
            evolve(&mut board, e);
            stored.push((e.kind().to_owned(), e.encode()));
        }
    }
    while !u.is_empty() {
        let Ok(cmd) = command(&mut u) else { break };
        // The same command as a client would send it: JSON text, parsed back.
        let wire = serde_json::to_string(&cmd).expect("a command serialises");
        let parsed: Option<Command> = serde_json::from_str(&wire).ok();
        let before = board.clone();
        match decide(&board, &cmd, &limits) {
            Ok(events) => {
                for event in &events {
                    let payload = event.encode();
                    let decoded = Event::decode(EVENT_SCHEMA_VERSION, &payload)
                        .unwrap_or_else(|e| panic!("stored event {payload} does not decode: {e}"));
                    assert_eq!(&decoded, event, "event round trip of {payload}");
                    evolve(&mut board, event);
                    stored.push((event.kind().to_owned(), payload));
                }
                assert!(
                    board.element_count() <= limits.max_elements,
                    "{} elements after {cmd:?}",
                    board.element_count()
                );
                // What the wire carries decides the same way.
                if let Some(parsed) = parsed {
                    assert_eq!(
                        decide(&before, &parsed, &limits).ok(),
                        Some(events),
                        "the command parsed from {wire} decides differently"
                    );
                }
            }
            Err(rejection) => {
                assert_eq!(board, before, "a refused command changed the board");
                assert!(!rejection.message.is_empty());
            }
        }
    }
    // Folding the stored events gives the live board.
    let mut folded = Board::default();
    for (kind, payload) in &stored {
        let event = Event::decode(EVENT_SCHEMA_VERSION, payload).expect("stored events decode");
        assert_eq!(event.kind(), kind);
        evolve(&mut folded, &event);
    }
    assert_eq!(
        folded, board,
        "folding the stored events differs from the live board"
    );
});
