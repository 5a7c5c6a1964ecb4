//! The byte budget and the retention of deleted notes: a board's memory follows its live
//! content, and a command that would take it past its budget is refused whole.

use eventstorm_board::{
    Board, Command, ElementId, Event, Limits, NoteKind, RejectCode, Retention, decide, evolve,
};

fn limits(max_board_bytes: usize) -> Limits {
    Limits {
        max_board_bytes,
        max_text_chars: 10_000,
        ..Limits::default()
    }
}

/// Decides and applies; the events, or the rejection's code.
fn run(board: &mut Board, command: Command, limits: &Limits) -> Result<Vec<Event>, RejectCode> {
    let events = decide(board, &command, limits).map_err(|r| r.code)?;
    for e in &events {
        evolve(board, e);
    }
    Ok(events)
}

fn created(limits: &Limits) -> Board {
    let mut board = Board::default();
    run(
        &mut board,
        Command::CreateBoard {
            title: "Big".into(),
        },
        limits,
    )
    .unwrap();
    board
}

fn add(id: ElementId, text_len: usize) -> Command {
    Command::AddNote {
        id,
        kind: NoteKind::Event,
        text: "x".repeat(text_len),
        x: 0.0,
        y: 0.0,
        w: None,
        h: None,
        details: None,
        owner: None,
    }
}

fn id(n: u128) -> ElementId {
    ElementId(uuid::Uuid::from_u128(n))
}

#[test]
fn a_note_that_would_pass_the_budget_is_refused_and_changes_nothing() {
    let limits = limits(20_000);
    let mut board = created(&limits);
    let mut n = 0;
    let refused = loop {
        n += 1;
        match run(&mut board, add(id(n), 4_000), &limits) {
            Ok(_) => assert!(board.bytes() <= limits.max_board_bytes),
            Err(code) => break code,
        }
    };
    assert_eq!(refused, RejectCode::BoardFull);
    assert_eq!(
        board.note_count(),
        4,
        "four 4 KB notes fit in 20 KB, a fifth does not"
    );
    assert!(board.note(&id(n)).is_none());
    // Smaller edits still fit, and growing an existing note is refused the same way.
    let before = board.clone();
    let grow = Command::EditText {
        id: id(1),
        text: "y".repeat(4_000 + 3_000),
    };
    assert_eq!(
        run(&mut board, grow, &limits).unwrap_err(),
        RejectCode::BoardFull
    );
    assert_eq!(board, before);
}

#[test]
fn deleting_and_shrinking_are_never_refused_even_over_the_budget() {
    let roomy = limits(1 << 20);
    let mut board = created(&roomy);
    for n in 1..=5 {
        run(&mut board, add(id(n), 4_000), &roomy).unwrap();
    }
    // The budget was lowered below what the board holds.
    let tight = limits(10_000);
    let shorten = Command::EditText {
        id: id(1),
        text: "short".into(),
    };
    assert!(run(&mut board, shorten, &tight).is_ok());
    assert!(run(&mut board, Command::DeleteNote { id: id(2) }, &tight).is_ok());
    assert_eq!(
        run(&mut board, add(id(9), 10), &tight).unwrap_err(),
        RejectCode::BoardFull
    );
}

#[test]
fn add_and_delete_cycles_keep_memory_bounded_by_the_retention() {
    let limits = limits(64 * 1024 * 1024);
    let mut board = created(&limits);
    board.set_retention(Retention {
        max_notes: 10,
        max_bytes: 1 << 20,
    });
    for n in 1..=2_000 {
        run(&mut board, add(id(n), 8_000), &limits).unwrap();
        run(&mut board, Command::DeleteNote { id: id(n) }, &limits).unwrap();
    }
    assert_eq!(board.note_count(), 0);
    assert_eq!(board.bytes(), board.recount_bytes());
    // Ten kept whole (about 8 KB each), the rest as ids only.
    assert!(
        board.bytes() < 10 * 9_000 + 2_000 * 64,
        "{} bytes",
        board.bytes()
    );
    // The last ten can come back; older ones are refused with their own code, and their ids
    // stay taken.
    assert!(run(&mut board, Command::RestoreNote { id: id(2_000) }, &limits).is_ok());
    assert_eq!(
        run(&mut board, Command::RestoreNote { id: id(1) }, &limits).unwrap_err(),
        RejectCode::NoteNotRestorable
    );
    assert_eq!(
        run(&mut board, add(id(1), 5), &limits).unwrap_err(),
        RejectCode::DuplicateId
    );
}

#[test]
fn kept_deleted_notes_are_evicted_by_bytes_too() {
    let limits = limits(64 * 1024 * 1024);
    let mut board = created(&limits);
    board.set_retention(Retention {
        max_notes: 500,
        max_bytes: 30_000,
    });
    for n in 1..=10 {
        run(&mut board, add(id(n), 8_000), &limits).unwrap();
        run(&mut board, Command::DeleteNote { id: id(n) }, &limits).unwrap();
    }
    let restorable: Vec<u128> = (1..=10)
        .filter(|n| board.deleted_note(&id(*n)).is_some())
        .collect();
    assert_eq!(restorable, vec![8, 9, 10], "the newest that fit in 30 KB");
    assert_eq!(board.bytes(), board.recount_bytes());
}

#[test]
fn retention_is_not_part_of_the_snapshot_but_the_byte_count_is() {
    let limits = limits(1 << 20);
    let mut board = created(&limits);
    run(&mut board, add(id(1), 100), &limits).unwrap();
    let json = serde_json::to_string(&board).unwrap();
    let restored: Board = serde_json::from_str(&json).unwrap();
    assert_eq!(restored.bytes(), board.bytes());
    assert_eq!(restored.bytes(), restored.recount_bytes());
}
