//! Locks: the facilitator locks stickies, frames and connectors; nobody changes them until the
//! facilitator unlocks them. As given/when/then.

use eventstorm_board::{
    Board, Command, Connector, ElementId, Event, Frame, FrameChanges, FrameKind, Limits, Move,
    Note, NoteDetails, NoteKind, RejectCode, decide, evolve, inverse,
};
use uuid::Uuid;

fn id(n: u128) -> ElementId {
    ElementId(Uuid::from_u128(n))
}

/// Given: two stickies joined by a connector, and a frame.
fn given() -> Board {
    let mut board = Board::default();
    let note = |n: u128| Note {
        id: id(n),
        kind: NoteKind::Event,
        text: format!("n{n}"),
        x: 0.0,
        y: 0.0,
        w: 100.0,
        h: 80.0,
        details: NoteDetails::default(),
    };
    for e in [
        Event::BoardCreated {
            title: "Workshop".into(),
        },
        Event::NoteAdded { note: note(1) },
        Event::NoteAdded { note: note(2) },
        Event::ConnectorAdded {
            connector: Connector {
                id: id(3),
                from: id(1),
                to: id(2),
                label: None,
            },
        },
        Event::FrameAdded {
            frame: Frame {
                id: id(4),
                kind: FrameKind::BoundedContext,
                name: "Ordering".into(),
                x: -50.0,
                y: -50.0,
                w: 600.0,
                h: 400.0,
            },
        },
    ] {
        evolve(&mut board, &e);
    }
    board
}

fn when(board: &mut Board, command: &Command) -> Result<Vec<Event>, RejectCode> {
    let events = decide(board, command, &Limits::default()).map_err(|r| r.code)?;
    for e in &events {
        evolve(board, e);
    }
    Ok(events)
}

/// Every change of each element the board `given` holds.
fn changes() -> Vec<Command> {
    vec![
        Command::MoveNotes {
            moves: vec![Move {
                id: id(1),
                x: 10.0,
                y: 10.0,
            }],
        },
        Command::ResizeNote {
            id: id(1),
            w: 200.0,
            h: 200.0,
        },
        Command::EditText {
            id: id(1),
            text: "changed".into(),
        },
        Command::ChangeKind {
            id: id(1),
            kind: NoteKind::Hotspot,
        },
        Command::SetDetails {
            id: id(1),
            details: NoteDetails {
                description: "why".into(),
                ..NoteDetails::default()
            },
        },
        Command::DeleteNote { id: id(1) },
        Command::ChangeConnector {
            id: id(3),
            label: Some("triggers".into()),
        },
        Command::RemoveConnector { id: id(3) },
        Command::ChangeFrame {
            id: id(4),
            changes: FrameChanges {
                x: Some(100.0),
                ..FrameChanges::default()
            },
        },
        Command::RemoveFrame { id: id(4) },
    ]
}

#[test]
fn locked_elements_refuse_every_change_until_unlocked() {
    let mut board = given();
    let lock = Command::LockElements {
        ids: vec![id(4), id(3), id(1)],
    };
    assert!(lock.is_facilitation(), "only the facilitator locks");
    let locked = when(&mut board, &lock).unwrap();
    assert_eq!(
        locked,
        vec![Event::ElementsLocked {
            ids: vec![id(1), id(3), id(4)]
        }]
    );
    for change in changes() {
        assert_eq!(
            decide(&board, &change, &Limits::default()).map_err(|r| r.code),
            Err(RejectCode::Locked),
            "{change:?}"
        );
    }
    // The unlocked sticky moves, but not together with a locked one.
    let both = Command::MoveNotes {
        moves: vec![
            Move {
                id: id(2),
                x: 5.0,
                y: 5.0,
            },
            Move {
                id: id(1),
                x: 5.0,
                y: 5.0,
            },
        ],
    };
    assert_eq!(when(&mut board, &both), Err(RejectCode::Locked));
    assert_eq!(board.note(&id(2)).unwrap().x, 0.0);

    // Undo of the lock is the unlock; then every change goes through again.
    let undo = inverse(&locked[0]).unwrap();
    assert!(undo.is_facilitation());
    assert_eq!(
        when(&mut board, &undo).unwrap(),
        vec![Event::ElementsUnlocked {
            ids: vec![id(1), id(3), id(4)]
        }]
    );
    assert!(board.facilitation.locked.is_empty());
    for change in changes() {
        assert!(
            decide(&board, &change, &Limits::default()).is_ok(),
            "{change:?} after the unlock"
        );
    }
}

#[test]
fn deleting_a_sticky_whose_locked_connector_would_go_with_it_is_refused() {
    let mut board = given();
    when(&mut board, &Command::LockElements { ids: vec![id(3)] }).unwrap();
    assert_eq!(
        when(&mut board, &Command::DeleteNote { id: id(2) }),
        Err(RejectCode::Locked)
    );
    assert!(board.note(&id(2)).is_some());
}

#[test]
fn locks_count_in_the_board_bytes_and_the_running_count_matches_a_recount() {
    let mut board = given();
    let before = board.bytes();
    when(
        &mut board,
        &Command::LockElements {
            ids: vec![id(1), id(2)],
        },
    )
    .unwrap();
    assert!(board.bytes() > before);
    assert_eq!(board.bytes(), board.recount_bytes());
    when(&mut board, &Command::UnlockElements { ids: vec![id(1)] }).unwrap();
    assert_eq!(board.bytes(), board.recount_bytes());
    // The state round-trips through a snapshot with its locks.
    let json = serde_json::to_string(&board).unwrap();
    let back: Board = serde_json::from_str(&json).unwrap();
    assert_eq!(back.facilitation.locked, board.facilitation.locked);
}

#[test]
fn locking_an_unknown_id_or_nothing_is_refused_and_relocking_changes_nothing() {
    let mut board = given();
    assert_eq!(
        when(&mut board, &Command::LockElements { ids: vec![id(9)] }),
        Err(RejectCode::UnknownNote)
    );
    assert_eq!(
        when(&mut board, &Command::LockElements { ids: vec![] }),
        Err(RejectCode::InvalidCommand)
    );
    when(&mut board, &Command::LockElements { ids: vec![id(1)] }).unwrap();
    assert_eq!(
        when(&mut board, &Command::LockElements { ids: vec![id(1)] }),
        Ok(vec![])
    );
    assert_eq!(
        when(&mut board, &Command::UnlockElements { ids: vec![id(2)] }),
        Ok(vec![])
    );
}
