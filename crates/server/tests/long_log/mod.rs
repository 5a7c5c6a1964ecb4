//! A long event log written straight into a store, for tests of reads that must not grow with
//! it (backups, history, forks), and the server's memory as `/proc` tells it.

#![allow(dead_code)]

use std::sync::Arc;

use eventstorm_board::{ElementId, Event, Note, NoteDetails, NoteKind};
use eventstorm_store::{BoardId, EventStore, NewBoard, NewEvent, NewOp, now_millis};
use uuid::Uuid;

/// Stickies the edits go round (each gets an equal share of the edits).
pub const NOTES: usize = 100;

/// The id of sticky `i` (0-based) of a long board.
pub fn note_id(i: usize) -> ElementId {
    ElementId(Uuid::from_u128(i as u128 + 1))
}

/// Writes a board of `events` events straight into the store: the board, `NOTES` stickies,
/// then text edits round them, each about 500 bytes, one event an op. Returns the board's id.
pub async fn long_board(store: &Arc<dyn EventStore>, events: u64) -> BoardId {
    long_board_in_ops_of(store, events, 1).await
}

/// [`long_board`] with up to `per_op` events in each op after the first (so ops straddle
/// page boundaries).
pub async fn long_board_in_ops_of(
    store: &Arc<dyn EventStore>,
    events: u64,
    per_op: usize,
) -> BoardId {
    let id = BoardId::parse(&Uuid::new_v4().simple().to_string()).unwrap();
    let board = NewBoard {
        id: id.clone(),
        view_id: BoardId::parse(&Uuid::new_v4().simple().to_string()).unwrap(),
        title: "Long log".into(),
        created_at_ms: now_millis(),
        facilitator_key_hash: String::new(),
    };
    let op = |event: Event| NewOp {
        op_id: Uuid::new_v4(),
        content_hash: Uuid::new_v4().to_string(),
        actor: "writer".into(),
        recorded_at_ms: now_millis(),
        events: vec![NewEvent {
            kind: event.kind().to_owned(),
            payload: event.encode(),
            schema_version: eventstorm_board::EVENT_SCHEMA_VERSION,
        }],
    };
    let mut head = store
        .create_board(
            &board,
            &op(Event::BoardCreated {
                title: "Long log".into(),
            }),
        )
        .await
        .unwrap()
        .head;
    let text = |i: u64| format!("{i:>8} {}", "x".repeat(190));
    let mut texts = vec![String::new(); NOTES];
    let mut next = 2u64;
    while next <= events {
        let mut ops: Vec<NewOp> = Vec::with_capacity(1_000);
        while ops.len() < 1_000 && next <= events {
            let i = (next as usize) % NOTES;
            let event = if next < 2 + NOTES as u64 {
                texts[i] = text(next);
                Event::NoteAdded {
                    note: Note {
                        id: note_id(i),
                        kind: NoteKind::Event,
                        text: texts[i].clone(),
                        x: i as f64 * 150.0,
                        y: 0.0,
                        w: 140.0,
                        h: 100.0,
                        details: NoteDetails::default(),
                    },
                }
            } else {
                let from = std::mem::replace(&mut texts[i], text(next));
                Event::NoteTextEdited {
                    id: note_id(i),
                    text: texts[i].clone(),
                    from,
                }
            };
            match ops.last_mut() {
                Some(last) if last.events.len() < per_op => last.events.extend(op(event).events),
                _ => ops.push(op(event)),
            }
            next += 1;
        }
        head = store.append(&id, head, &ops).await.unwrap().head;
    }
    assert_eq!(head, events);
    id
}

/// `VmRSS` or `VmHWM` (peak) of a process, in KiB.
pub fn memory_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}
