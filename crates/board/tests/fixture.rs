//! Stored events written by schema version 1 must load for ever. The fixture is hand-written
//! JSON covering every event type; this test decodes and folds it and checks the board it
//! describes. If it fails, an event's shape changed: upcast the old shape in `Event::decode`.

use std::collections::BTreeSet;

use eventstorm_board::{
    Backoff, Board, Connector, DecodeError, EVENT_SCHEMA_VERSION, ElementId, Event, Frame,
    FrameKind, Note, NoteDetails, NoteKind, PayloadField, RetryPolicy, evolve,
};
use serde::Deserialize;

const FIXTURE: &str = include_str!("fixtures/events-v1.json");

#[derive(Deserialize)]
struct Fixture {
    events: Vec<StoredEvent>,
}

#[derive(Deserialize)]
struct StoredEvent {
    seq: i64,
    kind: String,
    schema_version: i32,
    payload: String,
}

fn stored() -> Vec<StoredEvent> {
    serde_json::from_str::<Fixture>(FIXTURE)
        .expect("the fixture is JSON")
        .events
}

fn decoded() -> Vec<Event> {
    stored()
        .iter()
        .map(|s| {
            Event::decode(s.schema_version, &s.payload)
                .unwrap_or_else(|e| panic!("event {} ({}) does not load: {e}", s.seq, s.kind))
        })
        .collect()
}

fn folded() -> Board {
    let mut board = Board::default();
    for event in decoded() {
        evolve(&mut board, &event);
    }
    board
}

fn id(s: &str) -> ElementId {
    s.parse().expect("a UUID")
}

fn n1() -> ElementId {
    id("a1a1a1a1-0000-4000-8000-000000000001")
}
fn n2() -> ElementId {
    id("a1a1a1a1-0000-4000-8000-000000000002")
}
fn n3() -> ElementId {
    id("a1a1a1a1-0000-4000-8000-000000000003")
}
fn n4() -> ElementId {
    id("a1a1a1a1-0000-4000-8000-000000000004")
}
fn c1() -> ElementId {
    id("c0c0c0c0-0000-4000-8000-000000000001")
}
fn c2() -> ElementId {
    id("c0c0c0c0-0000-4000-8000-000000000002")
}
fn c3() -> ElementId {
    id("c0c0c0c0-0000-4000-8000-000000000003")
}
fn f1() -> ElementId {
    id("f0f0f0f0-0000-4000-8000-000000000001")
}
fn f2() -> ElementId {
    id("f0f0f0f0-0000-4000-8000-000000000002")
}

#[test]
fn the_fixture_covers_every_event_type_with_dense_seqs_at_schema_version_1() {
    let stored = stored();
    let kinds: BTreeSet<&str> = stored.iter().map(|s| s.kind.as_str()).collect();
    let every_kind: BTreeSet<&str> = [
        "board_created",
        "board_renamed",
        "note_added",
        "notes_moved",
        "note_resized",
        "note_text_edited",
        "note_kind_changed",
        "note_details_changed",
        "note_deleted",
        "note_restored",
        "connector_added",
        "connector_changed",
        "connector_removed",
        "frame_added",
        "frame_changed",
        "frame_removed",
        "phase_changed",
        "phase_instruction_set",
        "timer_started",
        "timer_paused",
        "timer_extended",
        "timer_resumed",
        "timer_reset",
        "vote_opened",
        "dot_placed",
        "dot_removed",
        "vote_closed",
        "elements_locked",
        "elements_unlocked",
    ]
    .into_iter()
    .collect();
    assert_eq!(kinds, every_kind);
    for (i, s) in stored.iter().enumerate() {
        assert_eq!(s.seq, i as i64 + 1, "seqs are dense from 1");
        assert_eq!(s.schema_version, 1);
    }
}

#[test]
fn every_stored_event_decodes_to_the_kind_it_was_stored_as() {
    for (s, event) in stored().iter().zip(decoded()) {
        assert_eq!(event.kind(), s.kind, "event {}", s.seq);
    }
}

#[test]
fn the_stored_events_fold_into_the_board_they_describe() {
    let board = folded();
    assert!(board.created);
    assert_eq!(board.title, "Checkout");

    let order_placed = Note {
        id: n1(),
        kind: NoteKind::Event,
        text: "Order Placed".to_owned(),
        x: 120.0,
        y: 210.0,
        w: 140.0,
        h: 100.0,
        details: NoteDetails {
            fields: vec![PayloadField {
                name: "order_id".to_owned(),
                field_type: "uuid".to_owned(),
                required: true,
                description: String::new(),
            }],
            pivotal: true,
            ..NoteDetails::default()
        },
    };
    let place_order = Note {
        id: n2(),
        kind: NoteKind::Command,
        text: "Place Order".to_owned(),
        x: 0.25,
        y: 180.0,
        w: 160.0,
        h: 120.0,
        details: NoteDetails {
            description: "The customer confirms the cart".to_owned(),
            // A field stored with only a name gets the default type and is optional.
            fields: vec![PayloadField {
                name: "cart_id".to_owned(),
                field_type: "string".to_owned(),
                required: false,
                description: String::new(),
            }],
            ..NoteDetails::default()
        },
    };
    let send_confirmation = Note {
        id: n3(),
        kind: NoteKind::Policy,
        text: "Send confirmation".to_owned(),
        x: 400.0,
        y: 200.0,
        w: 140.0,
        h: 100.0,
        details: NoteDetails {
            idempotent: Some(true),
            retry: Some(RetryPolicy {
                max_attempts: 3,
                backoff: Backoff::Exponential,
                delay_seconds: Some(5),
            }),
            dead_letter: Some("confirmations-dlq".to_owned()),
            ..NoteDetails::default()
        },
    };
    // Stacking order: the restored policy is on top.
    assert_eq!(
        board.notes(),
        vec![&order_placed, &place_order, &send_confirmation]
    );

    // Added as "produces", relabelled "emits".
    let emits = Connector {
        id: c1(),
        from: n2(),
        to: n1(),
        label: Some("emits".to_owned()),
    };
    assert_eq!(board.connectors().collect::<Vec<_>>(), vec![&emits]);
    assert!(board.connector(&c2()).is_none(), "removed");
    assert!(board.connector(&c3()).is_none(), "went with its note");

    let sales = Frame {
        id: f1(),
        kind: FrameKind::BoundedContext,
        name: "Sales".to_owned(),
        x: 0.0,
        y: 0.0,
        w: 1200.0,
        h: 600.0,
    };
    assert_eq!(board.frames().collect::<Vec<_>>(), vec![&sales]);
    assert!(board.frame(&f2()).is_none(), "removed");
    assert_eq!(board.frame_of(&order_placed), Some(&sales));

    let deleted = board
        .deleted_note(&n4())
        .expect("the opportunity is a tombstone");
    assert!(board.note(&n4()).is_none());
    assert_eq!(
        deleted.note,
        Note {
            id: n4(),
            kind: NoteKind::Opportunity,
            text: "Who pays\nthe fee? 💶".to_owned(),
            x: 0.0,
            y: 0.0,
            w: 140.0,
            h: 100.0,
            details: NoteDetails::default(),
        }
    );
    assert_eq!(
        deleted.connectors,
        vec![Connector {
            id: c3(),
            from: n4(),
            to: n1(),
            label: Some("asks".to_owned()),
        }]
    );
    assert!(board.deleted_note(&n3()).is_none(), "restored");
    assert_eq!(board.element_count(), 5);
}

#[test]
fn stored_events_re_encode_to_payloads_that_decode_the_same() {
    for event in decoded() {
        let again = Event::decode(EVENT_SCHEMA_VERSION, &event.encode()).expect("decodes");
        assert_eq!(again, event);
    }
}

#[test]
fn an_event_from_a_newer_schema_version_is_refused() {
    let payload = &stored()[0].payload;
    for version in [EVENT_SCHEMA_VERSION + 1, 2, 99] {
        match Event::decode(version, payload) {
            Err(DecodeError::NewerVersion(v)) => assert_eq!(v, version),
            other => panic!("version {version}: expected NewerVersion, got {other:?}"),
        }
    }
}

#[test]
fn a_payload_that_does_not_parse_is_malformed() {
    for payload in [
        "",
        "{",
        r#"{"type":"board_exploded"}"#,
        r#"{"type":"board_created"}"#,
        r#"{"type":"note_resized","id":"not-a-uuid","w":1,"h":1,"from_w":1,"from_h":1}"#,
    ] {
        assert!(
            matches!(
                Event::decode(EVENT_SCHEMA_VERSION, payload),
                Err(DecodeError::Malformed(_))
            ),
            "{payload:?}"
        );
    }
}

#[test]
fn the_fixture_folds_to_the_recorded_facilitation_state() {
    use eventstorm_board::{Phase, Timer, TimerState};
    let board = folded();
    let f = &board.facilitation;
    assert_eq!(f.phase, Some(Phase::EnforceTheTimeline));
    assert_eq!(
        f.timer,
        Some(Timer {
            duration_ms: 600_000,
            state: TimerState::Running {
                ends_at_ms: 1_700_001_000_000
            }
        })
    );
    let vote = f.vote.as_ref().expect("the last vote is kept");
    assert!(!vote.open);
    assert_eq!(vote.totals(), vec![(n1(), 2)]);
    assert_eq!(vote.dots_of("ben"), 0);
    assert_eq!(
        f.instructions
            .get(&Phase::EnforceTheTimeline)
            .map(String::as_str),
        Some("Line the events up left to right.")
    );
    // Locked with a connector, which was unlocked again.
    assert_eq!(f.locked.iter().copied().collect::<Vec<_>>(), vec![n1()]);
}
