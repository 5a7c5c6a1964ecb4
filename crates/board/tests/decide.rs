//! Given/when/then tests of `decide`: given past events, when a command arrives, then these
//! events (or this rejection).

use eventstorm_board::{
    Backoff, Board, Command, Connector, ContractDetails, ElementId, Event, Frame, FrameChanges,
    FrameKind, Limits, Move, MovedNote, Note, NoteDetails, NoteKind, PayloadField, RejectCode,
    Rejection, RetryPolicy, Scenario, decide, evolve,
};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------------
// The given/when/then helper

struct Given {
    board: Board,
    limits: Limits,
}

struct When {
    board: Board,
    result: Result<Vec<Event>, Rejection>,
}

fn given(events: impl IntoIterator<Item = Event>) -> Given {
    let mut board = Board::default();
    for event in events {
        evolve(&mut board, &event);
    }
    Given {
        board,
        limits: Limits::default(),
    }
}

/// A created board titled "Checkout" plus the given events.
fn given_a_board_with(events: impl IntoIterator<Item = Event>) -> Given {
    given(std::iter::once(created("Checkout")).chain(events))
}

fn given_a_board() -> Given {
    given_a_board_with([])
}

impl Given {
    fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    fn when(self, command: Command) -> When {
        let before = self.board.clone();
        let result = decide(&self.board, &command, &self.limits);
        assert_eq!(before, self.board, "decide must not change the board");
        When {
            board: self.board,
            result,
        }
    }
}

impl When {
    /// Asserts the command produced exactly `expected`; returns the board with them applied.
    #[track_caller]
    fn then(self, expected: impl IntoIterator<Item = Event>) -> Board {
        let expected: Vec<Event> = expected.into_iter().collect();
        match self.result {
            Ok(events) => assert_eq!(events, expected),
            Err(r) => panic!("expected {expected:?}, the command was rejected: {r}"),
        }
        let mut board = self.board;
        for event in &expected {
            evolve(&mut board, event);
        }
        board
    }

    #[track_caller]
    fn then_nothing_happens(self) {
        self.then([]);
    }

    #[track_caller]
    fn then_rejected_with(self, code: RejectCode) {
        match self.result {
            Err(r) => {
                assert_eq!(r.code, code, "rejected, but for another reason: {r}");
                assert!(!r.message.is_empty(), "a rejection explains itself");
            }
            Ok(events) => panic!("expected a rejection with {code}, got {events:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Ids, elements, events and commands

const A: ElementId = ElementId(Uuid::from_u128(0xA));
const B: ElementId = ElementId(Uuid::from_u128(0xB));
const C: ElementId = ElementId(Uuid::from_u128(0xC));
const D: ElementId = ElementId(Uuid::from_u128(0xD));
const CONN1: ElementId = ElementId(Uuid::from_u128(0xC1));
const CONN2: ElementId = ElementId(Uuid::from_u128(0xC2));
const CONN3: ElementId = ElementId(Uuid::from_u128(0xC3));
const FRAME1: ElementId = ElementId(Uuid::from_u128(0xF1));
const FRAME2: ElementId = ElementId(Uuid::from_u128(0xF2));
const UNKNOWN: ElementId = ElementId(Uuid::from_u128(0xDEAD));

fn note(id: ElementId, kind: NoteKind, text: &str, x: f64, y: f64) -> Note {
    Note {
        id,
        kind,
        text: text.to_owned(),
        x,
        y,
        w: 140.0,
        h: 100.0,
        details: NoteDetails::default(),
    }
}

fn connector(id: ElementId, from: ElementId, to: ElementId) -> Connector {
    Connector {
        id,
        from,
        to,
        label: None,
    }
}

fn frame(id: ElementId, name: &str) -> Frame {
    Frame {
        id,
        kind: FrameKind::BoundedContext,
        name: name.to_owned(),
        x: 0.0,
        y: 0.0,
        w: 1000.0,
        h: 600.0,
    }
}

fn field(name: &str, field_type: &str) -> PayloadField {
    PayloadField {
        name: name.to_owned(),
        field_type: field_type.to_owned(),
        required: false,
        description: String::new(),
    }
}

fn details_with_fields(fields: &[(&str, &str)]) -> NoteDetails {
    NoteDetails {
        fields: fields.iter().map(|(n, t)| field(n, t)).collect(),
        ..NoteDetails::default()
    }
}

fn created(title: &str) -> Event {
    Event::BoardCreated {
        title: title.to_owned(),
    }
}

/// An event sticky at (x, y) with the default event size.
fn note_added(id: ElementId, text: &str, x: f64, y: f64) -> Event {
    Event::NoteAdded {
        note: note(id, NoteKind::Event, text, x, y),
    }
}

fn connector_added(id: ElementId, from: ElementId, to: ElementId) -> Event {
    Event::ConnectorAdded {
        connector: connector(id, from, to),
    }
}

fn frame_added(id: ElementId, name: &str) -> Event {
    Event::FrameAdded {
        frame: frame(id, name),
    }
}

fn note_deleted(id: ElementId, connectors: Vec<Connector>) -> Event {
    Event::NoteDeleted { id, connectors }
}

/// Three event stickies A, B, C with connectors A->B (CONN1), C->A (CONN2) and B->C (CONN3).
fn three_connected_notes() -> Vec<Event> {
    vec![
        note_added(A, "Order Placed", 0.0, 0.0),
        note_added(B, "Order Paid", 200.0, 0.0),
        note_added(C, "Order Shipped", 400.0, 0.0),
        connector_added(CONN1, A, B),
        connector_added(CONN2, C, A),
        connector_added(CONN3, B, C),
    ]
}

fn add_note(id: ElementId, kind: NoteKind, text: &str, x: f64, y: f64) -> Command {
    Command::AddNote {
        id,
        kind,
        text: text.to_owned(),
        x,
        y,
        w: None,
        h: None,
        details: None,
        owner: None,
    }
}

fn add_sized_note(id: ElementId, w: f64, h: f64) -> Command {
    Command::AddNote {
        id,
        kind: NoteKind::Event,
        text: "Order Placed".to_owned(),
        x: 0.0,
        y: 0.0,
        w: Some(w),
        h: Some(h),
        details: None,
        owner: None,
    }
}

fn add_note_with_details(id: ElementId, details: NoteDetails) -> Command {
    Command::AddNote {
        id,
        kind: NoteKind::Event,
        text: "Order Placed".to_owned(),
        x: 0.0,
        y: 0.0,
        w: None,
        h: None,
        details: Some(details),
        owner: None,
    }
}

fn move_notes(moves: &[(ElementId, f64, f64)]) -> Command {
    Command::MoveNotes {
        moves: moves.iter().map(|&(id, x, y)| Move { id, x, y }).collect(),
    }
}

fn edit_text(id: ElementId, text: &str) -> Command {
    Command::EditText {
        id,
        text: text.to_owned(),
    }
}

fn set_details(id: ElementId, details: NoteDetails) -> Command {
    Command::SetDetails { id, details }
}

fn add_connector(id: ElementId, from: ElementId, to: ElementId) -> Command {
    Command::AddConnector {
        id,
        from,
        to,
        label: None,
    }
}

fn add_labelled_connector(id: ElementId, from: ElementId, to: ElementId, label: &str) -> Command {
    Command::AddConnector {
        id,
        from,
        to,
        label: Some(label.to_owned()),
    }
}

fn add_frame(id: ElementId, name: &str) -> Command {
    add_frame_at(id, name, 0.0, 0.0, 1000.0, 600.0)
}

fn add_frame_at(id: ElementId, name: &str, x: f64, y: f64, w: f64, h: f64) -> Command {
    Command::AddFrame {
        id,
        kind: FrameKind::BoundedContext,
        name: name.to_owned(),
        x,
        y,
        w,
        h,
    }
}

fn change_frame(id: ElementId, changes: FrameChanges) -> Command {
    Command::ChangeFrame { id, changes }
}

fn small_limits() -> Limits {
    Limits {
        max_text_chars: 5,
        max_elements: 3,
        max_name_chars: 8,
        max_coordinate: 1000.0,
        min_size: 10.0,
        max_size: 500.0,
        max_fields: 2,
        ..Limits::default()
    }
}

/// Every command other than `create_board`, each valid on a board holding note A.
fn every_command_but_create() -> Vec<Command> {
    vec![
        Command::RenameBoard {
            title: "Shipping".to_owned(),
        },
        add_note(B, NoteKind::Event, "Order Placed", 0.0, 0.0),
        move_notes(&[(A, 10.0, 10.0)]),
        Command::ResizeNote {
            id: A,
            w: 200.0,
            h: 200.0,
        },
        edit_text(A, "Order Paid"),
        Command::ChangeKind {
            id: A,
            kind: NoteKind::Command,
        },
        set_details(A, details_with_fields(&[("order_id", "uuid")])),
        Command::DeleteNote { id: A },
        Command::RestoreNote { id: A },
        add_connector(CONN1, A, B),
        Command::RemoveConnector { id: CONN1 },
        add_frame(FRAME1, "Ordering"),
        change_frame(
            FRAME1,
            FrameChanges {
                name: Some("Sales".to_owned()),
                ..FrameChanges::default()
            },
        ),
        Command::RemoveFrame { id: FRAME1 },
    ]
}

// ---------------------------------------------------------------------------------------------
// create_board

#[test]
fn creating_a_board_records_board_created_with_the_trimmed_title() {
    let board = given([])
        .when(Command::CreateBoard {
            title: "  Checkout  ".to_owned(),
        })
        .then([created("Checkout")]);
    assert!(board.created);
    assert_eq!(board.title, "Checkout");
}

#[test]
fn creating_a_board_that_exists_is_rejected_with_board_exists() {
    given_a_board()
        .when(Command::CreateBoard {
            title: "Again".to_owned(),
        })
        .then_rejected_with(RejectCode::BoardExists);
}

#[test]
fn creating_a_board_with_an_empty_title_is_rejected_with_invalid_title() {
    given([])
        .when(Command::CreateBoard {
            title: String::new(),
        })
        .then_rejected_with(RejectCode::InvalidTitle);
}

#[test]
fn creating_a_board_with_a_whitespace_title_is_rejected_with_invalid_title() {
    given([])
        .when(Command::CreateBoard {
            title: " \t\n ".to_owned(),
        })
        .then_rejected_with(RejectCode::InvalidTitle);
}

#[test]
fn creating_a_board_with_a_two_line_title_is_rejected_with_invalid_title() {
    given([])
        .when(Command::CreateBoard {
            title: "Check\nout".to_owned(),
        })
        .then_rejected_with(RejectCode::InvalidTitle);
}

#[test]
fn creating_a_board_with_a_nul_in_the_title_is_rejected_with_invalid_title() {
    given([])
        .when(Command::CreateBoard {
            title: "Check\0out".to_owned(),
        })
        .then_rejected_with(RejectCode::InvalidTitle);
}

#[test]
fn creating_a_board_with_a_title_over_the_name_limit_is_rejected_with_invalid_title() {
    given([])
        .when(Command::CreateBoard {
            title: "x".repeat(201),
        })
        .then_rejected_with(RejectCode::InvalidTitle);
    given([])
        .when(Command::CreateBoard {
            title: "x".repeat(200),
        })
        .then([created(&"x".repeat(200))]);
}

#[test]
fn every_command_on_a_board_never_created_is_rejected_with_board_not_created() {
    for command in every_command_but_create() {
        let result = decide(&Board::default(), &command, &Limits::default());
        assert_eq!(
            result.map_err(|r| r.code),
            Err(RejectCode::BoardNotCreated),
            "{}",
            command.type_name()
        );
    }
}

#[test]
fn every_command_but_create_is_accepted_in_sequence_on_a_created_board() {
    // Guards the test above: the commands it sends are fine once the board exists.
    let mut board = given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)]).board;
    for command in every_command_but_create() {
        let events = decide(&board, &command, &Limits::default())
            .unwrap_or_else(|r| panic!("{}: {r}", command.type_name()));
        assert_eq!(events.len(), 1, "{}", command.type_name());
        evolve(&mut board, &events[0]);
    }
}

// ---------------------------------------------------------------------------------------------
// rename_board

#[test]
fn renaming_a_board_records_the_new_and_the_old_title() {
    let board = given_a_board()
        .when(Command::RenameBoard {
            title: " Shipping ".to_owned(),
        })
        .then([Event::BoardRenamed {
            title: "Shipping".to_owned(),
            from: "Checkout".to_owned(),
        }]);
    assert_eq!(board.title, "Shipping");
}

#[test]
fn renaming_a_board_to_its_own_title_produces_no_events() {
    given_a_board()
        .when(Command::RenameBoard {
            title: "Checkout".to_owned(),
        })
        .then_nothing_happens();
    given_a_board()
        .when(Command::RenameBoard {
            title: "  Checkout ".to_owned(),
        })
        .then_nothing_happens();
}

#[test]
fn renaming_a_board_to_a_blank_title_is_rejected_with_invalid_title() {
    given_a_board()
        .when(Command::RenameBoard {
            title: "   ".to_owned(),
        })
        .then_rejected_with(RejectCode::InvalidTitle);
}

#[test]
fn renaming_a_board_to_a_two_line_title_is_rejected_with_invalid_title() {
    given_a_board()
        .when(Command::RenameBoard {
            title: "Ship\r\nping".to_owned(),
        })
        .then_rejected_with(RejectCode::InvalidTitle);
}

// ---------------------------------------------------------------------------------------------
// add_note

#[test]
fn adding_a_note_records_it_with_the_given_size() {
    let board = given_a_board()
        .when(Command::AddNote {
            id: A,
            kind: NoteKind::Command,
            text: "Place Order".to_owned(),
            x: 10.5,
            y: -20.0,
            w: Some(300.0),
            h: Some(50.0),
            details: None,
            owner: None,
        })
        .then([Event::NoteAdded {
            note: Note {
                id: A,
                kind: NoteKind::Command,
                text: "Place Order".to_owned(),
                x: 10.5,
                y: -20.0,
                w: 300.0,
                h: 50.0,
                details: NoteDetails::default(),
            },
        }]);
    assert_eq!(board.note(&A).map(|n| n.text.as_str()), Some("Place Order"));
    assert_eq!(board.note_count(), 1);
}

#[test]
fn adding_a_note_without_a_size_gives_it_the_default_size_of_its_kind() {
    let expected = [
        (NoteKind::Event, 140.0, 100.0),
        (NoteKind::Command, 140.0, 100.0),
        (NoteKind::Actor, 100.0, 70.0),
        (NoteKind::Aggregate, 200.0, 140.0),
        (NoteKind::Policy, 140.0, 100.0),
        (NoteKind::ReadModel, 140.0, 100.0),
        (NoteKind::ExternalSystem, 140.0, 100.0),
        (NoteKind::Hotspot, 140.0, 100.0),
        (NoteKind::Opportunity, 140.0, 100.0),
        (NoteKind::Ui, 180.0, 130.0),
        (NoteKind::Note, 140.0, 100.0),
    ];
    assert_eq!(expected.len(), NoteKind::ALL.len(), "every kind is listed");
    for (kind, w, h) in expected {
        given_a_board()
            .when(add_note(A, kind, "", 0.0, 0.0))
            .then([Event::NoteAdded {
                note: Note {
                    w,
                    h,
                    ..note(A, kind, "", 0.0, 0.0)
                },
            }]);
    }
}

#[test]
fn adding_a_note_with_only_a_width_takes_the_default_height() {
    given_a_board()
        .when(Command::AddNote {
            id: A,
            kind: NoteKind::Actor,
            text: String::new(),
            x: 0.0,
            y: 0.0,
            w: Some(250.0),
            h: None,
            details: None,
            owner: None,
        })
        .then([Event::NoteAdded {
            note: Note {
                w: 250.0,
                h: 70.0,
                ..note(A, NoteKind::Actor, "", 0.0, 0.0)
            },
        }]);
}

#[test]
fn adding_a_note_with_details_records_them_with_field_names_and_types_trimmed() {
    let mut details = details_with_fields(&[(" order_id ", " uuid "), ("total", "money")]);
    details.pivotal = true;
    details.description = "The customer confirmed".to_owned();
    let mut clean = details_with_fields(&[("order_id", "uuid"), ("total", "money")]);
    clean.pivotal = true;
    clean.description = "The customer confirmed".to_owned();
    let board = given_a_board()
        .when(add_note_with_details(A, details))
        .then([Event::NoteAdded {
            note: Note {
                details: clean.clone(),
                ..note(A, NoteKind::Event, "Order Placed", 0.0, 0.0)
            },
        }]);
    assert_eq!(board.note(&A).map(|n| &n.details), Some(&clean));
}

#[test]
fn adding_a_note_with_the_id_of_a_live_note_is_rejected_with_duplicate_id() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(add_note(A, NoteKind::Event, "Again", 10.0, 10.0))
        .then_rejected_with(RejectCode::DuplicateId);
}

#[test]
fn adding_a_note_with_the_id_of_a_deleted_note_is_rejected_with_duplicate_id() {
    given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        note_deleted(A, vec![]),
    ])
    .when(add_note(A, NoteKind::Event, "Again", 10.0, 10.0))
    .then_rejected_with(RejectCode::DuplicateId);
}

#[test]
fn adding_a_note_with_the_id_of_a_connector_is_rejected_with_duplicate_id() {
    given_a_board_with(three_connected_notes())
        .when(add_note(CONN1, NoteKind::Event, "", 0.0, 0.0))
        .then_rejected_with(RejectCode::DuplicateId);
}

#[test]
fn adding_a_note_with_the_id_of_a_frame_is_rejected_with_duplicate_id() {
    given_a_board_with([frame_added(FRAME1, "Ordering")])
        .when(add_note(FRAME1, NoteKind::Event, "", 0.0, 0.0))
        .then_rejected_with(RejectCode::DuplicateId);
}

#[test]
fn adding_a_note_at_a_nan_coordinate_is_rejected_with_invalid_coordinate() {
    given_a_board()
        .when(add_note(A, NoteKind::Event, "", f64::NAN, 0.0))
        .then_rejected_with(RejectCode::InvalidCoordinate);
    given_a_board()
        .when(add_note(A, NoteKind::Event, "", 0.0, f64::NAN))
        .then_rejected_with(RejectCode::InvalidCoordinate);
}

#[test]
fn adding_a_note_at_an_infinite_coordinate_is_rejected_with_invalid_coordinate() {
    given_a_board()
        .when(add_note(A, NoteKind::Event, "", f64::INFINITY, 0.0))
        .then_rejected_with(RejectCode::InvalidCoordinate);
    given_a_board()
        .when(add_note(A, NoteKind::Event, "", 0.0, f64::NEG_INFINITY))
        .then_rejected_with(RejectCode::InvalidCoordinate);
}

#[test]
fn adding_a_note_beyond_the_wall_is_rejected_with_invalid_coordinate() {
    given_a_board()
        .when(add_note(A, NoteKind::Event, "", 1_000_000.5, 0.0))
        .then_rejected_with(RejectCode::InvalidCoordinate);
    given_a_board()
        .when(add_note(A, NoteKind::Event, "", 0.0, -1_000_001.0))
        .then_rejected_with(RejectCode::InvalidCoordinate);
}

#[test]
fn adding_a_note_exactly_at_the_edge_of_the_wall_is_accepted() {
    given_a_board()
        .when(add_note(A, NoteKind::Event, "", 1_000_000.0, -1_000_000.0))
        .then([Event::NoteAdded {
            note: note(A, NoteKind::Event, "", 1_000_000.0, -1_000_000.0),
        }]);
}

#[test]
fn adding_a_note_smaller_than_the_minimum_size_is_rejected_with_invalid_size() {
    for (w, h) in [(9.99, 100.0), (100.0, 0.0), (-140.0, 100.0)] {
        given_a_board()
            .when(add_sized_note(A, w, h))
            .then_rejected_with(RejectCode::InvalidSize);
    }
}

#[test]
fn adding_a_note_larger_than_the_maximum_size_is_rejected_with_invalid_size() {
    given_a_board()
        .when(add_sized_note(A, 100_000.5, 100.0))
        .then_rejected_with(RejectCode::InvalidSize);
}

#[test]
fn adding_a_note_with_a_non_finite_size_is_rejected_with_invalid_size() {
    for (w, h) in [(f64::NAN, 100.0), (100.0, f64::INFINITY)] {
        given_a_board()
            .when(add_sized_note(A, w, h))
            .then_rejected_with(RejectCode::InvalidSize);
    }
}

#[test]
fn adding_a_note_at_exactly_the_minimum_and_maximum_size_is_accepted() {
    given_a_board()
        .when(add_sized_note(A, 10.0, 100_000.0))
        .then([Event::NoteAdded {
            note: Note {
                w: 10.0,
                h: 100_000.0,
                ..note(A, NoteKind::Event, "Order Placed", 0.0, 0.0)
            },
        }]);
}

#[test]
fn adding_a_note_with_text_one_char_over_the_limit_is_rejected_with_text_too_long() {
    given_a_board()
        .when(add_note(A, NoteKind::Note, &"x".repeat(4001), 0.0, 0.0))
        .then_rejected_with(RejectCode::TextTooLong);
}

#[test]
fn adding_a_note_with_text_exactly_at_the_limit_is_accepted() {
    let text = "x".repeat(4000);
    given_a_board()
        .when(add_note(A, NoteKind::Note, &text, 0.0, 0.0))
        .then([Event::NoteAdded {
            note: note(A, NoteKind::Note, &text, 0.0, 0.0),
        }]);
}

#[test]
fn text_length_counts_characters_not_bytes() {
    // 4000 crabs are 16000 bytes but 4000 characters.
    let crabs = "🦀".repeat(4000);
    assert_eq!(crabs.len(), 16_000);
    given_a_board()
        .when(add_note(A, NoteKind::Note, &crabs, 0.0, 0.0))
        .then([Event::NoteAdded {
            note: note(A, NoteKind::Note, &crabs, 0.0, 0.0),
        }]);
    given_a_board()
        .when(add_note(A, NoteKind::Note, &"🦀".repeat(4001), 0.0, 0.0))
        .then_rejected_with(RejectCode::TextTooLong);
}

#[test]
fn adding_a_note_with_a_nul_in_its_text_is_rejected_with_invalid_text() {
    given_a_board()
        .when(add_note(A, NoteKind::Note, "Order\0Placed", 0.0, 0.0))
        .then_rejected_with(RejectCode::InvalidText);
}

#[test]
fn adding_a_note_to_a_full_board_is_rejected_with_too_many_elements() {
    // Limit 3: a note, a frame and a connector between two notes would be four.
    given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        note_added(B, "Order Paid", 0.0, 0.0),
        frame_added(FRAME1, "Ordering"),
    ])
    .with_limits(small_limits())
    .when(add_note(C, NoteKind::Event, "", 0.0, 0.0))
    .then_rejected_with(RejectCode::TooManyElements);
}

#[test]
fn adding_a_note_to_a_board_one_short_of_full_is_accepted() {
    let board = given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        frame_added(FRAME1, "Ordering"),
    ])
    .with_limits(small_limits())
    .when(add_note(C, NoteKind::Event, "", 0.0, 0.0))
    .then([Event::NoteAdded {
        note: note(C, NoteKind::Event, "", 0.0, 0.0),
    }]);
    assert_eq!(board.element_count(), 3);
}

#[test]
fn deleted_notes_do_not_count_against_the_element_limit() {
    given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        note_added(B, "Order Paid", 0.0, 0.0),
        frame_added(FRAME1, "Ordering"),
        note_deleted(B, vec![]),
    ])
    .with_limits(small_limits())
    .when(add_note(C, NoteKind::Event, "", 0.0, 0.0))
    .then([Event::NoteAdded {
        note: note(C, NoteKind::Event, "", 0.0, 0.0),
    }]);
}

#[test]
fn adding_a_note_with_invalid_details_is_rejected_with_invalid_details() {
    given_a_board()
        .when(add_note_with_details(
            A,
            details_with_fields(&[("id", "uuid"), ("id", "string")]),
        ))
        .then_rejected_with(RejectCode::InvalidDetails);
}

// ---------------------------------------------------------------------------------------------
// move_notes

#[test]
fn moving_notes_records_each_new_and_old_position() {
    let board = given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        note_added(B, "Order Paid", 200.0, 0.0),
    ])
    .when(move_notes(&[(A, 10.0, 20.0), (B, 210.5, -30.0)]))
    .then([Event::NotesMoved {
        moves: vec![
            MovedNote {
                id: A,
                x: 10.0,
                y: 20.0,
                from_x: 0.0,
                from_y: 0.0,
            },
            MovedNote {
                id: B,
                x: 210.5,
                y: -30.0,
                from_x: 200.0,
                from_y: 0.0,
            },
        ],
    }]);
    let b = board.note(&B).expect("B is on the board");
    assert_eq!((b.x, b.y), (210.5, -30.0));
}

#[test]
fn moving_a_note_to_where_it_is_produces_no_events() {
    given_a_board_with([note_added(A, "Order Placed", 5.0, 6.0)])
        .when(move_notes(&[(A, 5.0, 6.0)]))
        .then_nothing_happens();
}

#[test]
fn moving_notes_leaves_out_the_notes_that_stay_put() {
    given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        note_added(B, "Order Paid", 200.0, 0.0),
    ])
    .when(move_notes(&[(A, 0.0, 0.0), (B, 200.0, 1.0)]))
    .then([Event::NotesMoved {
        moves: vec![MovedNote {
            id: B,
            x: 200.0,
            y: 1.0,
            from_x: 200.0,
            from_y: 0.0,
        }],
    }]);
}

#[test]
fn moving_no_notes_is_rejected_with_invalid_command() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(move_notes(&[]))
        .then_rejected_with(RejectCode::InvalidCommand);
}

#[test]
fn moving_the_same_note_twice_in_one_command_is_rejected_with_invalid_command() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(move_notes(&[(A, 1.0, 1.0), (A, 2.0, 2.0)]))
        .then_rejected_with(RejectCode::InvalidCommand);
}

#[test]
fn moving_an_unknown_note_is_rejected_with_unknown_note() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(move_notes(&[(A, 1.0, 1.0), (UNKNOWN, 2.0, 2.0)]))
        .then_rejected_with(RejectCode::UnknownNote);
}

#[test]
fn moving_a_deleted_note_is_rejected_with_unknown_note() {
    given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        note_deleted(A, vec![]),
    ])
    .when(move_notes(&[(A, 1.0, 1.0)]))
    .then_rejected_with(RejectCode::UnknownNote);
}

#[test]
fn moving_a_note_to_a_non_finite_or_distant_coordinate_is_rejected_with_invalid_coordinate() {
    for (x, y) in [
        (f64::NAN, 0.0),
        (0.0, f64::INFINITY),
        (f64::NEG_INFINITY, 0.0),
        (2_000_000.0, 0.0),
    ] {
        given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
            .when(move_notes(&[(A, x, y)]))
            .then_rejected_with(RejectCode::InvalidCoordinate);
    }
}

#[test]
fn a_move_with_one_bad_coordinate_moves_nothing() {
    given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        note_added(B, "Order Paid", 0.0, 0.0),
    ])
    .when(move_notes(&[(A, 1.0, 1.0), (B, f64::NAN, 1.0)]))
    .then_rejected_with(RejectCode::InvalidCoordinate);
}

// ---------------------------------------------------------------------------------------------
// resize_note

#[test]
fn resizing_a_note_records_the_new_and_old_size() {
    let board = given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(Command::ResizeNote {
            id: A,
            w: 300.0,
            h: 100.0,
        })
        .then([Event::NoteResized {
            id: A,
            w: 300.0,
            h: 100.0,
            from_w: 140.0,
            from_h: 100.0,
        }]);
    assert_eq!(board.note(&A).map(|n| (n.w, n.h)), Some((300.0, 100.0)));
}

#[test]
fn resizing_a_note_to_its_own_size_produces_no_events() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(Command::ResizeNote {
            id: A,
            w: 140.0,
            h: 100.0,
        })
        .then_nothing_happens();
}

#[test]
fn resizing_a_note_out_of_range_is_rejected_with_invalid_size() {
    for (w, h) in [(5.0, 100.0), (100.0, 200_000.0), (f64::NAN, 100.0)] {
        given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
            .when(Command::ResizeNote { id: A, w, h })
            .then_rejected_with(RejectCode::InvalidSize);
    }
}

#[test]
fn resizing_an_unknown_note_is_rejected_with_unknown_note() {
    given_a_board()
        .when(Command::ResizeNote {
            id: UNKNOWN,
            w: 100.0,
            h: 100.0,
        })
        .then_rejected_with(RejectCode::UnknownNote);
}

// ---------------------------------------------------------------------------------------------
// edit_text

#[test]
fn editing_a_note_text_records_the_new_and_old_text() {
    let board = given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(edit_text(A, "Order Submitted"))
        .then([Event::NoteTextEdited {
            id: A,
            text: "Order Submitted".to_owned(),
            from: "Order Placed".to_owned(),
        }]);
    assert_eq!(
        board.note(&A).map(|n| n.text.as_str()),
        Some("Order Submitted")
    );
}

#[test]
fn editing_a_note_text_to_the_same_text_produces_no_events() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(edit_text(A, "Order Placed"))
        .then_nothing_happens();
}

#[test]
fn editing_a_note_text_keeps_surrounding_whitespace() {
    // Text is free-form: unlike titles it is not trimmed, so this is a change.
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(edit_text(A, "Order Placed\n"))
        .then([Event::NoteTextEdited {
            id: A,
            text: "Order Placed\n".to_owned(),
            from: "Order Placed".to_owned(),
        }]);
}

#[test]
fn editing_a_note_text_over_the_limit_is_rejected_with_text_too_long() {
    // Limit 5: five crabs fit, six do not.
    given_a_board_with([note_added(A, "", 0.0, 0.0)])
        .with_limits(small_limits())
        .when(edit_text(A, "🦀🦀🦀🦀🦀🦀"))
        .then_rejected_with(RejectCode::TextTooLong);
    given_a_board_with([note_added(A, "", 0.0, 0.0)])
        .with_limits(small_limits())
        .when(edit_text(A, "🦀🦀🦀🦀🦀"))
        .then([Event::NoteTextEdited {
            id: A,
            text: "🦀🦀🦀🦀🦀".to_owned(),
            from: String::new(),
        }]);
}

#[test]
fn editing_a_note_text_to_contain_nul_is_rejected_with_invalid_text() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(edit_text(A, "\0"))
        .then_rejected_with(RejectCode::InvalidText);
}

#[test]
fn editing_the_text_of_a_deleted_note_is_rejected_with_unknown_note() {
    given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        note_deleted(A, vec![]),
    ])
    .when(edit_text(A, "Order Submitted"))
    .then_rejected_with(RejectCode::UnknownNote);
}

#[test]
fn editing_the_text_of_an_unknown_note_is_rejected_with_unknown_note() {
    given_a_board()
        .when(edit_text(UNKNOWN, "Order Submitted"))
        .then_rejected_with(RejectCode::UnknownNote);
}

// ---------------------------------------------------------------------------------------------
// change_kind

#[test]
fn changing_a_note_kind_records_the_new_and_old_kind() {
    let board = given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(Command::ChangeKind {
            id: A,
            kind: NoteKind::Hotspot,
        })
        .then([Event::NoteKindChanged {
            id: A,
            kind: NoteKind::Hotspot,
            from: NoteKind::Event,
        }]);
    assert_eq!(board.note(&A).map(|n| n.kind), Some(NoteKind::Hotspot));
}

#[test]
fn changing_a_note_kind_keeps_its_details() {
    let details = details_with_fields(&[("order_id", "uuid")]);
    let board = given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        Event::NoteDetailsChanged {
            id: A,
            details: details.clone(),
            from: NoteDetails::default(),
        },
    ])
    .when(Command::ChangeKind {
        id: A,
        kind: NoteKind::Actor,
    })
    .then([Event::NoteKindChanged {
        id: A,
        kind: NoteKind::Actor,
        from: NoteKind::Event,
    }]);
    assert_eq!(board.note(&A).map(|n| &n.details), Some(&details));
}

#[test]
fn changing_a_note_kind_to_its_own_kind_produces_no_events() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(Command::ChangeKind {
            id: A,
            kind: NoteKind::Event,
        })
        .then_nothing_happens();
}

#[test]
fn changing_the_kind_of_an_unknown_note_is_rejected_with_unknown_note() {
    given_a_board()
        .when(Command::ChangeKind {
            id: UNKNOWN,
            kind: NoteKind::Event,
        })
        .then_rejected_with(RejectCode::UnknownNote);
}

// ---------------------------------------------------------------------------------------------
// set_details

fn policy_details() -> NoteDetails {
    NoteDetails {
        description: "Sends the confirmation".to_owned(),
        fields: vec![],
        pivotal: false,
        idempotent: Some(true),
        retry: Some(RetryPolicy {
            max_attempts: 5,
            backoff: Backoff::Exponential,
            delay_seconds: Some(2),
        }),
        dead_letter: Some("confirmations-dlq".to_owned()),
        ..NoteDetails::default()
    }
}

#[test]
fn setting_note_details_records_the_new_and_old_details() {
    let board = given_a_board_with([note_added(A, "Notify", 0.0, 0.0)])
        .when(set_details(A, policy_details()))
        .then([Event::NoteDetailsChanged {
            id: A,
            details: policy_details(),
            from: NoteDetails::default(),
        }]);
    assert_eq!(board.note(&A).map(|n| &n.details), Some(&policy_details()));
}

#[test]
fn setting_note_details_trims_field_names_and_types() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(set_details(
            A,
            details_with_fields(&[("  order_id", "uuid  ")]),
        ))
        .then([Event::NoteDetailsChanged {
            id: A,
            details: details_with_fields(&[("order_id", "uuid")]),
            from: NoteDetails::default(),
        }]);
}

#[test]
fn setting_note_details_to_the_same_details_produces_no_events() {
    given_a_board_with([
        note_added(A, "Notify", 0.0, 0.0),
        Event::NoteDetailsChanged {
            id: A,
            details: policy_details(),
            from: NoteDetails::default(),
        },
    ])
    .when(set_details(A, policy_details()))
    .then_nothing_happens();
}

#[test]
fn setting_details_that_differ_only_in_untrimmed_field_names_produces_no_events() {
    given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        Event::NoteDetailsChanged {
            id: A,
            details: details_with_fields(&[("order_id", "uuid")]),
            from: NoteDetails::default(),
        },
    ])
    .when(set_details(
        A,
        details_with_fields(&[(" order_id ", "uuid")]),
    ))
    .then_nothing_happens();
}

#[test]
fn setting_details_with_a_field_name_twice_is_rejected_with_invalid_details() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(set_details(
            A,
            details_with_fields(&[("order_id", "uuid"), ("order_id", "string")]),
        ))
        .then_rejected_with(RejectCode::InvalidDetails);
}

#[test]
fn setting_details_with_names_equal_after_trimming_is_rejected_with_invalid_details() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(set_details(
            A,
            details_with_fields(&[("order_id", "uuid"), (" order_id", "uuid")]),
        ))
        .then_rejected_with(RejectCode::InvalidDetails);
}

#[test]
fn setting_details_with_an_empty_field_name_is_rejected_with_invalid_details() {
    for name in ["", "   "] {
        given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
            .when(set_details(A, details_with_fields(&[(name, "uuid")])))
            .then_rejected_with(RejectCode::InvalidDetails);
    }
}

#[test]
fn setting_details_with_an_empty_field_type_is_rejected_with_invalid_details() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(set_details(A, details_with_fields(&[("order_id", " ")])))
        .then_rejected_with(RejectCode::InvalidDetails);
}

#[test]
fn setting_details_with_a_two_line_field_name_is_rejected_with_invalid_details() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(set_details(
            A,
            details_with_fields(&[("order\nid", "uuid")]),
        ))
        .then_rejected_with(RejectCode::InvalidDetails);
}

#[test]
fn setting_details_with_more_fields_than_allowed_is_rejected_with_invalid_details() {
    // Limit 2 fields.
    given_a_board_with([note_added(A, "", 0.0, 0.0)])
        .with_limits(small_limits())
        .when(set_details(
            A,
            details_with_fields(&[("a", "uuid"), ("b", "uuid"), ("c", "uuid")]),
        ))
        .then_rejected_with(RejectCode::InvalidDetails);
    given_a_board_with([note_added(A, "", 0.0, 0.0)])
        .with_limits(small_limits())
        .when(set_details(
            A,
            details_with_fields(&[("a", "uuid"), ("b", "uuid")]),
        ))
        .then([Event::NoteDetailsChanged {
            id: A,
            details: details_with_fields(&[("a", "uuid"), ("b", "uuid")]),
            from: NoteDetails::default(),
        }]);
}

#[test]
fn setting_a_retry_policy_with_zero_attempts_is_rejected_with_invalid_details() {
    let mut details = policy_details();
    details.retry = Some(RetryPolicy {
        max_attempts: 0,
        backoff: Backoff::Fixed,
        delay_seconds: None,
    });
    given_a_board_with([note_added(A, "Notify", 0.0, 0.0)])
        .when(set_details(A, details))
        .then_rejected_with(RejectCode::InvalidDetails);
}

#[test]
fn setting_a_retry_policy_with_over_a_thousand_attempts_is_rejected_with_invalid_details() {
    let mut details = policy_details();
    details.retry = Some(RetryPolicy {
        max_attempts: 1001,
        backoff: Backoff::Linear,
        delay_seconds: None,
    });
    given_a_board_with([note_added(A, "Notify", 0.0, 0.0)])
        .when(set_details(A, details))
        .then_rejected_with(RejectCode::InvalidDetails);
}

#[test]
fn setting_a_description_over_the_text_limit_is_rejected_with_invalid_details() {
    let details = NoteDetails {
        description: "x".repeat(4001),
        ..NoteDetails::default()
    };
    given_a_board_with([note_added(A, "Notify", 0.0, 0.0)])
        .when(set_details(A, details))
        .then_rejected_with(RejectCode::InvalidDetails);
}

#[test]
fn setting_a_two_line_dead_letter_name_is_rejected_with_invalid_details() {
    let details = NoteDetails {
        dead_letter: Some("dead\nletters".to_owned()),
        ..NoteDetails::default()
    };
    given_a_board_with([note_added(A, "Notify", 0.0, 0.0)])
        .when(set_details(A, details))
        .then_rejected_with(RejectCode::InvalidDetails);
}

#[test]
fn pinned_code_names_schedules_and_idempotency_keys_are_trimmed_and_blank_ones_dropped() {
    let contract = |d: ContractDetails| NoteDetails {
        contract: Box::new(d),
        ..NoteDetails::default()
    };
    let asked = contract(ContractDetails {
        code_name: Some("  CopyCatalogued ".to_owned()),
        schedule: Some("   ".to_owned()),
        failure: true,
        idempotency_key: vec![" loanId ".to_owned(), " ".to_owned(), "day".to_owned()],
        ..ContractDetails::default()
    });
    let clean = contract(ContractDetails {
        code_name: Some("CopyCatalogued".to_owned()),
        schedule: None,
        failure: true,
        idempotency_key: vec!["loanId".to_owned(), "day".to_owned()],
        ..ContractDetails::default()
    });
    given_a_board_with([note_added(A, "Copy Added", 0.0, 0.0)])
        .when(set_details(A, asked))
        .then([Event::NoteDetailsChanged {
            id: A,
            details: clean,
            from: NoteDetails::default(),
        }]);
}

#[test]
fn a_scenario_needs_a_when_and_one_line_steps() {
    for scenario in [
        Scenario {
            name: "no when".to_owned(),
            when: "  ".to_owned(),
            ..Scenario::default()
        },
        Scenario {
            name: "two lines".to_owned(),
            given: vec!["Book\nBorrowed".to_owned()],
            when: "Renew Loan".to_owned(),
            ..Scenario::default()
        },
    ] {
        let details = NoteDetails {
            contract: Box::new(ContractDetails {
                scenarios: vec![scenario],
                ..ContractDetails::default()
            }),
            ..NoteDetails::default()
        };
        given_a_board_with([note_added(A, "Renew Loan", 0.0, 0.0)])
            .when(set_details(A, details))
            .then_rejected_with(RejectCode::InvalidDetails);
    }
}

#[test]
fn a_two_line_pinned_code_name_or_schedule_is_rejected_with_invalid_details() {
    for contract in [
        ContractDetails {
            code_name: Some("Copy\nCatalogued".to_owned()),
            ..ContractDetails::default()
        },
        ContractDetails {
            schedule: Some("nightly\nat two".to_owned()),
            ..ContractDetails::default()
        },
    ] {
        let details = NoteDetails {
            contract: Box::new(contract),
            ..NoteDetails::default()
        };
        given_a_board_with([note_added(A, "Notify", 0.0, 0.0)])
            .when(set_details(A, details))
            .then_rejected_with(RejectCode::InvalidDetails);
    }
}

#[test]
fn setting_the_details_of_an_unknown_note_is_rejected_with_unknown_note() {
    given_a_board()
        .when(set_details(UNKNOWN, policy_details()))
        .then_rejected_with(RejectCode::UnknownNote);
}

// ---------------------------------------------------------------------------------------------
// delete_note

#[test]
fn deleting_a_note_removes_the_connectors_that_touch_it_in_the_same_event() {
    let board = given_a_board_with(three_connected_notes())
        .when(Command::DeleteNote { id: A })
        .then([note_deleted(
            A,
            vec![connector(CONN1, A, B), connector(CONN2, C, A)],
        )]);
    assert!(board.note(&A).is_none());
    assert!(board.deleted_note(&A).is_some());
    let left: Vec<ElementId> = board.connectors().map(|c| c.id).collect();
    assert_eq!(left, vec![CONN3], "only B->C is left");
    assert_eq!(board.note_count(), 2);
    assert_eq!(board.element_count(), 3);
}

#[test]
fn deleting_a_note_without_connectors_records_an_empty_list() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(Command::DeleteNote { id: A })
        .then([note_deleted(A, vec![])]);
}

#[test]
fn deleting_an_unknown_note_is_rejected_with_unknown_note() {
    given_a_board()
        .when(Command::DeleteNote { id: UNKNOWN })
        .then_rejected_with(RejectCode::UnknownNote);
}

#[test]
fn deleting_a_deleted_note_is_rejected_with_unknown_note() {
    given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        note_deleted(A, vec![]),
    ])
    .when(Command::DeleteNote { id: A })
    .then_rejected_with(RejectCode::UnknownNote);
}

#[test]
fn deleting_a_frame_id_as_a_note_is_rejected_with_unknown_note() {
    given_a_board_with([frame_added(FRAME1, "Ordering")])
        .when(Command::DeleteNote { id: FRAME1 })
        .then_rejected_with(RejectCode::UnknownNote);
}

// ---------------------------------------------------------------------------------------------
// restore_note

#[test]
fn restoring_a_note_brings_it_back_with_its_connectors() {
    let mut events = three_connected_notes();
    events.push(note_deleted(
        A,
        vec![connector(CONN1, A, B), connector(CONN2, C, A)],
    ));
    let board = given_a_board_with(events)
        .when(Command::RestoreNote { id: A })
        .then([Event::NoteRestored {
            note: note(A, NoteKind::Event, "Order Placed", 0.0, 0.0),
            connectors: vec![connector(CONN1, A, B), connector(CONN2, C, A)],
        }]);
    assert!(board.note(&A).is_some());
    assert!(board.deleted_note(&A).is_none());
    let ids: Vec<ElementId> = board.connectors().map(|c| c.id).collect();
    assert_eq!(ids, vec![CONN1, CONN2, CONN3]);
    // Restored last, it is on top.
    assert_eq!(board.notes().last().map(|n| n.id), Some(A));
}

#[test]
fn restoring_a_note_leaves_out_connectors_whose_other_end_is_gone() {
    let mut events = three_connected_notes();
    events.push(note_deleted(
        A,
        vec![connector(CONN1, A, B), connector(CONN2, C, A)],
    ));
    events.push(note_deleted(B, vec![connector(CONN3, B, C)]));
    let board = given_a_board_with(events)
        .when(Command::RestoreNote { id: A })
        .then([Event::NoteRestored {
            note: note(A, NoteKind::Event, "Order Placed", 0.0, 0.0),
            connectors: vec![connector(CONN2, C, A)],
        }]);
    let ids: Vec<ElementId> = board.connectors().map(|c| c.id).collect();
    assert_eq!(ids, vec![CONN2]);
}

#[test]
fn restoring_a_note_leaves_out_connectors_whose_id_was_taken_since() {
    let mut events = three_connected_notes();
    events.push(note_deleted(
        A,
        vec![connector(CONN1, A, B), connector(CONN2, C, A)],
    ));
    // Someone reused CONN1's id for a frame while A was gone.
    events.push(frame_added(CONN1, "Ordering"));
    let board = given_a_board_with(events)
        .when(Command::RestoreNote { id: A })
        .then([Event::NoteRestored {
            note: note(A, NoteKind::Event, "Order Placed", 0.0, 0.0),
            connectors: vec![connector(CONN2, C, A)],
        }]);
    assert!(board.frame(&CONN1).is_some(), "the frame is untouched");
    assert!(board.connector(&CONN1).is_none());
}

#[test]
fn restoring_a_note_that_is_not_deleted_is_rejected_with_note_not_deleted() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(Command::RestoreNote { id: A })
        .then_rejected_with(RejectCode::NoteNotDeleted);
}

#[test]
fn restoring_a_restored_note_is_rejected_with_note_not_deleted() {
    given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        note_deleted(A, vec![]),
        Event::NoteRestored {
            note: note(A, NoteKind::Event, "Order Placed", 0.0, 0.0),
            connectors: vec![],
        },
    ])
    .when(Command::RestoreNote { id: A })
    .then_rejected_with(RejectCode::NoteNotDeleted);
}

#[test]
fn restoring_an_unknown_note_is_rejected_with_unknown_note() {
    given_a_board()
        .when(Command::RestoreNote { id: UNKNOWN })
        .then_rejected_with(RejectCode::UnknownNote);
}

#[test]
fn restoring_a_note_onto_a_full_board_is_rejected_with_too_many_elements() {
    given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        note_deleted(A, vec![]),
        note_added(B, "Order Paid", 0.0, 0.0),
        note_added(C, "Order Shipped", 0.0, 0.0),
        frame_added(FRAME1, "Ordering"),
    ])
    .with_limits(small_limits())
    .when(Command::RestoreNote { id: A })
    .then_rejected_with(RejectCode::TooManyElements);
}

#[test]
fn restoring_a_note_counts_its_connectors_against_the_element_limit() {
    // Limit 3. A, B and A->B fill the board; A goes (taking A->B), a frame takes one slot, and
    // bringing A back with A->B would make four.
    given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        note_added(B, "Order Paid", 0.0, 0.0),
        connector_added(CONN1, A, B),
        note_deleted(A, vec![connector(CONN1, A, B)]),
        frame_added(FRAME1, "Ordering"),
    ])
    .with_limits(small_limits())
    .when(Command::RestoreNote { id: A })
    .then_rejected_with(RejectCode::TooManyElements);
}

#[test]
fn undoing_a_deletion_on_a_full_board_brings_back_the_note_and_its_connectors() {
    let limits = small_limits();
    let board = given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        note_added(B, "Order Paid", 0.0, 0.0),
        connector_added(CONN1, A, B),
        note_deleted(A, vec![connector(CONN1, A, B)]),
    ])
    .with_limits(limits.clone())
    .when(Command::RestoreNote { id: A })
    .then([Event::NoteRestored {
        note: note(A, NoteKind::Event, "Order Placed", 0.0, 0.0),
        connectors: vec![connector(CONN1, A, B)],
    }]);
    assert_eq!(board.element_count(), limits.max_elements);
}

// ---------------------------------------------------------------------------------------------
// add_connector

#[test]
fn adding_a_connector_records_it_with_its_label() {
    let board = given_a_board_with([
        note_added(A, "Place Order", 0.0, 0.0),
        note_added(B, "Order Placed", 200.0, 0.0),
    ])
    .when(add_labelled_connector(CONN1, A, B, "produces"))
    .then([Event::ConnectorAdded {
        connector: Connector {
            id: CONN1,
            from: A,
            to: B,
            label: Some("produces".to_owned()),
        },
    }]);
    assert_eq!(board.connectors_of(&B).len(), 1);
    assert_eq!(board.connectors_of(&A).len(), 1);
}

#[test]
fn adding_a_connector_with_a_blank_label_records_no_label() {
    given_a_board_with([
        note_added(A, "Place Order", 0.0, 0.0),
        note_added(B, "Order Placed", 200.0, 0.0),
    ])
    .when(add_labelled_connector(CONN1, A, B, "  "))
    .then([connector_added(CONN1, A, B)]);
}

#[test]
fn connecting_a_note_to_itself_is_rejected_with_self_connector() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(add_connector(CONN1, A, A))
        .then_rejected_with(RejectCode::SelfConnector);
}

#[test]
fn connecting_from_an_unknown_note_is_rejected_with_unknown_note() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(add_connector(CONN1, UNKNOWN, A))
        .then_rejected_with(RejectCode::UnknownNote);
}

#[test]
fn connecting_to_an_unknown_note_is_rejected_with_unknown_note() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(add_connector(CONN1, A, UNKNOWN))
        .then_rejected_with(RejectCode::UnknownNote);
}

#[test]
fn connecting_to_a_deleted_note_is_rejected_with_unknown_note() {
    given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        note_added(B, "Order Paid", 0.0, 0.0),
        note_deleted(B, vec![]),
    ])
    .when(add_connector(CONN1, A, B))
    .then_rejected_with(RejectCode::UnknownNote);
}

#[test]
fn connecting_to_a_frame_is_rejected_with_unknown_note() {
    given_a_board_with([
        note_added(A, "Order Placed", 0.0, 0.0),
        frame_added(FRAME1, "Ordering"),
    ])
    .when(add_connector(CONN1, A, FRAME1))
    .then_rejected_with(RejectCode::UnknownNote);
}

#[test]
fn adding_a_connector_with_a_used_id_is_rejected_with_duplicate_id() {
    for used in [CONN1, A, FRAME1, D] {
        let mut events = three_connected_notes();
        events.push(frame_added(FRAME1, "Ordering"));
        events.push(note_added(D, "Order Lost", 0.0, 0.0));
        events.push(note_deleted(D, vec![]));
        given_a_board_with(events)
            .when(add_connector(used, B, A))
            .then_rejected_with(RejectCode::DuplicateId);
    }
}

#[test]
fn adding_a_connector_with_a_two_line_label_is_rejected_with_invalid_name() {
    given_a_board_with([
        note_added(A, "Place Order", 0.0, 0.0),
        note_added(B, "Order Placed", 200.0, 0.0),
    ])
    .when(add_labelled_connector(CONN1, A, B, "pro\nduces"))
    .then_rejected_with(RejectCode::InvalidName);
}

#[test]
fn adding_a_connector_with_a_label_over_the_name_limit_is_rejected_with_invalid_name() {
    given_a_board_with([
        note_added(A, "Place Order", 0.0, 0.0),
        note_added(B, "Order Placed", 200.0, 0.0),
    ])
    .when(add_labelled_connector(CONN1, A, B, &"x".repeat(201)))
    .then_rejected_with(RejectCode::InvalidName);
}

#[test]
fn adding_a_connector_to_a_full_board_is_rejected_with_too_many_elements() {
    given_a_board_with([
        note_added(A, "Place Order", 0.0, 0.0),
        note_added(B, "Order Placed", 200.0, 0.0),
        frame_added(FRAME1, "Ordering"),
    ])
    .with_limits(small_limits())
    .when(add_connector(CONN1, A, B))
    .then_rejected_with(RejectCode::TooManyElements);
}

// ---------------------------------------------------------------------------------------------
// remove_connector

#[test]
fn removing_a_connector_records_the_whole_connector() {
    let board = given_a_board_with(three_connected_notes())
        .when(Command::RemoveConnector { id: CONN2 })
        .then([Event::ConnectorRemoved {
            connector: connector(CONN2, C, A),
        }]);
    assert!(board.connector(&CONN2).is_none());
    assert_eq!(board.connectors().count(), 2);
    assert_eq!(board.note_count(), 3, "the notes stay");
}

#[test]
fn removing_an_unknown_connector_is_rejected_with_unknown_connector() {
    given_a_board_with(three_connected_notes())
        .when(Command::RemoveConnector { id: UNKNOWN })
        .then_rejected_with(RejectCode::UnknownConnector);
}

#[test]
fn removing_a_connector_that_went_with_its_note_is_rejected_with_unknown_connector() {
    let mut events = three_connected_notes();
    events.push(note_deleted(
        A,
        vec![connector(CONN1, A, B), connector(CONN2, C, A)],
    ));
    given_a_board_with(events)
        .when(Command::RemoveConnector { id: CONN1 })
        .then_rejected_with(RejectCode::UnknownConnector);
}

#[test]
fn removing_a_note_as_a_connector_is_rejected_with_unknown_connector() {
    given_a_board_with(three_connected_notes())
        .when(Command::RemoveConnector { id: A })
        .then_rejected_with(RejectCode::UnknownConnector);
}

// ---------------------------------------------------------------------------------------------
// change_connector

fn relabel(id: ElementId, label: Option<&str>) -> Command {
    Command::ChangeConnector {
        id,
        label: label.map(str::to_owned),
    }
}

fn labelled(c: Connector, label: &str) -> Connector {
    Connector {
        label: Some(label.to_owned()),
        ..c
    }
}

#[test]
fn changing_a_connector_label_is_one_event_that_records_the_connector_before() {
    let board = given_a_board_with(three_connected_notes())
        .when(relabel(CONN1, Some("triggers")))
        .then([Event::ConnectorChanged {
            connector: labelled(connector(CONN1, A, B), "triggers"),
            from: connector(CONN1, A, B),
        }]);
    assert_eq!(
        board.connector(&CONN1).and_then(|c| c.label.as_deref()),
        Some("triggers")
    );
    assert_eq!(board.connectors().count(), 3, "no connector is added");
}

#[test]
fn a_blank_label_clears_the_connector_label() {
    let mut events = three_connected_notes();
    events.push(Event::ConnectorChanged {
        connector: labelled(connector(CONN1, A, B), "triggers"),
        from: connector(CONN1, A, B),
    });
    given_a_board_with(events)
        .when(relabel(CONN1, Some("  ")))
        .then([Event::ConnectorChanged {
            connector: connector(CONN1, A, B),
            from: labelled(connector(CONN1, A, B), "triggers"),
        }]);
}

#[test]
fn changing_a_connector_label_to_the_same_label_changes_nothing() {
    given_a_board_with(three_connected_notes())
        .when(relabel(CONN1, None))
        .then_nothing_happens();
}

#[test]
fn changing_an_unknown_connector_is_rejected_with_unknown_connector() {
    given_a_board_with(three_connected_notes())
        .when(relabel(UNKNOWN, Some("triggers")))
        .then_rejected_with(RejectCode::UnknownConnector);
}

#[test]
fn changing_a_connector_label_to_two_lines_is_rejected_with_invalid_name() {
    given_a_board_with(three_connected_notes())
        .when(relabel(CONN1, Some("pro\nduces")))
        .then_rejected_with(RejectCode::InvalidName);
}

#[test]
fn the_inverse_of_a_label_change_puts_the_old_label_back() {
    let changed = Event::ConnectorChanged {
        connector: labelled(connector(CONN1, A, B), "triggers"),
        from: labelled(connector(CONN1, A, B), "decides"),
    };
    assert_eq!(
        eventstorm_board::inverse(&changed),
        Some(relabel(CONN1, Some("decides")))
    );
    assert_eq!(
        eventstorm_board::forward(&changed),
        relabel(CONN1, Some("triggers"))
    );
}

#[test]
fn a_label_change_for_a_connector_that_is_gone_brings_nothing_back() {
    let mut board = given_a_board_with(three_connected_notes())
        .when(Command::RemoveConnector { id: CONN1 })
        .then([Event::ConnectorRemoved {
            connector: connector(CONN1, A, B),
        }]);
    evolve(
        &mut board,
        &Event::ConnectorChanged {
            connector: labelled(connector(CONN1, A, B), "triggers"),
            from: connector(CONN1, A, B),
        },
    );
    assert!(board.connector(&CONN1).is_none());
}

// ---------------------------------------------------------------------------------------------
// add_frame

#[test]
fn adding_a_frame_records_it() {
    let board = given_a_board()
        .when(Command::AddFrame {
            id: FRAME1,
            kind: FrameKind::Swimlane,
            name: "Customer".to_owned(),
            x: -100.0,
            y: 50.0,
            w: 2000.0,
            h: 300.0,
        })
        .then([Event::FrameAdded {
            frame: Frame {
                id: FRAME1,
                kind: FrameKind::Swimlane,
                name: "Customer".to_owned(),
                x: -100.0,
                y: 50.0,
                w: 2000.0,
                h: 300.0,
            },
        }]);
    assert_eq!(board.frames().count(), 1);
    assert_eq!(
        board.frame(&FRAME1).map(|f| f.name.as_str()),
        Some("Customer")
    );
}

#[test]
fn adding_a_frame_without_a_name_is_accepted() {
    given_a_board()
        .when(add_frame(FRAME1, ""))
        .then([frame_added(FRAME1, "")]);
}

#[test]
fn adding_a_frame_with_a_two_line_name_is_rejected_with_invalid_name() {
    for name in ["Order\ning", "Ordering\r"] {
        given_a_board()
            .when(add_frame(FRAME1, name))
            .then_rejected_with(RejectCode::InvalidName);
    }
}

#[test]
fn adding_a_frame_with_a_name_over_the_limit_is_rejected_with_invalid_name() {
    given_a_board()
        .when(add_frame(FRAME1, &"é".repeat(201)))
        .then_rejected_with(RejectCode::InvalidName);
    given_a_board()
        .when(add_frame(FRAME1, &"é".repeat(200)))
        .then([frame_added(FRAME1, &"é".repeat(200))]);
}

#[test]
fn adding_a_frame_with_a_nul_in_its_name_is_rejected_with_invalid_text() {
    given_a_board()
        .when(add_frame(FRAME1, "Order\0ing"))
        .then_rejected_with(RejectCode::InvalidText);
}

#[test]
fn adding_a_frame_at_an_invalid_coordinate_is_rejected_with_invalid_coordinate() {
    for (x, y) in [(f64::NAN, 0.0), (0.0, f64::INFINITY), (0.0, 1e7)] {
        given_a_board()
            .when(add_frame_at(FRAME1, "Ordering", x, y, 100.0, 100.0))
            .then_rejected_with(RejectCode::InvalidCoordinate);
    }
}

#[test]
fn adding_a_frame_with_an_invalid_size_is_rejected_with_invalid_size() {
    for (w, h) in [(0.0, 100.0), (100.0, 1e9), (f64::NAN, 100.0)] {
        given_a_board()
            .when(add_frame_at(FRAME1, "Ordering", 0.0, 0.0, w, h))
            .then_rejected_with(RejectCode::InvalidSize);
    }
}

#[test]
fn adding_a_frame_with_a_used_id_is_rejected_with_duplicate_id() {
    for used in [A, CONN1, FRAME1, D] {
        let mut events = three_connected_notes();
        events.push(frame_added(FRAME1, "Ordering"));
        events.push(note_added(D, "Order Lost", 0.0, 0.0));
        events.push(note_deleted(D, vec![]));
        given_a_board_with(events)
            .when(add_frame(used, "Shipping"))
            .then_rejected_with(RejectCode::DuplicateId);
    }
}

#[test]
fn adding_a_frame_to_a_full_board_is_rejected_with_too_many_elements() {
    given_a_board_with([
        note_added(A, "Place Order", 0.0, 0.0),
        frame_added(FRAME1, "Ordering"),
        frame_added(FRAME2, "Shipping"),
    ])
    .with_limits(small_limits())
    .when(add_frame(C, "Billing"))
    .then_rejected_with(RejectCode::TooManyElements);
}

// ---------------------------------------------------------------------------------------------
// change_frame

#[test]
fn changing_a_frame_records_the_whole_new_and_old_frame() {
    let board = given_a_board_with([frame_added(FRAME1, "Ordering")])
        .when(change_frame(
            FRAME1,
            FrameChanges {
                kind: Some(FrameKind::Swimlane),
                name: Some("Sales".to_owned()),
                w: Some(1200.0),
                ..FrameChanges::default()
            },
        ))
        .then([Event::FrameChanged {
            frame: Frame {
                kind: FrameKind::Swimlane,
                name: "Sales".to_owned(),
                w: 1200.0,
                ..frame(FRAME1, "Ordering")
            },
            from: frame(FRAME1, "Ordering"),
        }]);
    let changed = board.frame(&FRAME1).expect("the frame is there");
    assert_eq!(
        (changed.kind, changed.name.as_str(), changed.w, changed.h),
        (FrameKind::Swimlane, "Sales", 1200.0, 600.0)
    );
}

#[test]
fn moving_a_frame_records_the_new_position() {
    given_a_board_with([frame_added(FRAME1, "Ordering")])
        .when(change_frame(
            FRAME1,
            FrameChanges {
                x: Some(-50.0),
                y: Some(25.0),
                h: Some(700.0),
                ..FrameChanges::default()
            },
        ))
        .then([Event::FrameChanged {
            frame: Frame {
                x: -50.0,
                y: 25.0,
                h: 700.0,
                ..frame(FRAME1, "Ordering")
            },
            from: frame(FRAME1, "Ordering"),
        }]);
}

#[test]
fn changing_a_frame_to_what_it_is_produces_no_events() {
    given_a_board_with([frame_added(FRAME1, "Ordering")])
        .when(change_frame(
            FRAME1,
            FrameChanges {
                kind: Some(FrameKind::BoundedContext),
                name: Some("Ordering".to_owned()),
                x: Some(0.0),
                y: Some(0.0),
                w: Some(1000.0),
                h: Some(600.0),
            },
        ))
        .then_nothing_happens();
}

#[test]
fn changing_nothing_about_a_frame_produces_no_events() {
    given_a_board_with([frame_added(FRAME1, "Ordering")])
        .when(change_frame(FRAME1, FrameChanges::default()))
        .then_nothing_happens();
}

#[test]
fn changing_an_unknown_frame_is_rejected_with_unknown_frame() {
    given_a_board_with([note_added(A, "Order Placed", 0.0, 0.0)])
        .when(change_frame(
            A,
            FrameChanges {
                name: Some("Sales".to_owned()),
                ..FrameChanges::default()
            },
        ))
        .then_rejected_with(RejectCode::UnknownFrame);
}

#[test]
fn renaming_a_frame_to_two_lines_is_rejected_with_invalid_name() {
    given_a_board_with([frame_added(FRAME1, "Ordering")])
        .when(change_frame(
            FRAME1,
            FrameChanges {
                name: Some("Sa\nles".to_owned()),
                ..FrameChanges::default()
            },
        ))
        .then_rejected_with(RejectCode::InvalidName);
}

#[test]
fn moving_a_frame_off_the_wall_is_rejected_with_invalid_coordinate() {
    given_a_board_with([frame_added(FRAME1, "Ordering")])
        .when(change_frame(
            FRAME1,
            FrameChanges {
                y: Some(f64::NEG_INFINITY),
                ..FrameChanges::default()
            },
        ))
        .then_rejected_with(RejectCode::InvalidCoordinate);
}

#[test]
fn resizing_a_frame_out_of_range_is_rejected_with_invalid_size() {
    given_a_board_with([frame_added(FRAME1, "Ordering")])
        .when(change_frame(
            FRAME1,
            FrameChanges {
                h: Some(1.0),
                ..FrameChanges::default()
            },
        ))
        .then_rejected_with(RejectCode::InvalidSize);
}

// ---------------------------------------------------------------------------------------------
// remove_frame

#[test]
fn removing_a_frame_records_the_whole_frame() {
    let board = given_a_board_with([
        frame_added(FRAME1, "Ordering"),
        frame_added(FRAME2, "Shipping"),
    ])
    .when(Command::RemoveFrame { id: FRAME1 })
    .then([Event::FrameRemoved {
        frame: frame(FRAME1, "Ordering"),
    }]);
    let left: Vec<ElementId> = board.frames().map(|f| f.id).collect();
    assert_eq!(left, vec![FRAME2]);
}

#[test]
fn removing_an_unknown_frame_is_rejected_with_unknown_frame() {
    given_a_board_with([frame_added(FRAME1, "Ordering")])
        .when(Command::RemoveFrame { id: FRAME2 })
        .then_rejected_with(RejectCode::UnknownFrame);
}

#[test]
fn removing_a_removed_frame_is_rejected_with_unknown_frame() {
    given_a_board_with([
        frame_added(FRAME1, "Ordering"),
        Event::FrameRemoved {
            frame: frame(FRAME1, "Ordering"),
        },
    ])
    .when(Command::RemoveFrame { id: FRAME1 })
    .then_rejected_with(RejectCode::UnknownFrame);
}

// ---------------------------------------------------------------------------------------------
// Codes

#[test]
fn reject_codes_serialise_as_their_stable_wire_names() {
    let codes = [
        (RejectCode::BoardExists, "board_exists"),
        (RejectCode::BoardNotCreated, "board_not_created"),
        (RejectCode::UnknownNote, "unknown_note"),
        (RejectCode::UnknownConnector, "unknown_connector"),
        (RejectCode::UnknownFrame, "unknown_frame"),
        (RejectCode::NoteNotDeleted, "note_not_deleted"),
        (RejectCode::DuplicateId, "duplicate_id"),
        (RejectCode::SelfConnector, "self_connector"),
        (RejectCode::InvalidCoordinate, "invalid_coordinate"),
        (RejectCode::InvalidSize, "invalid_size"),
        (RejectCode::TextTooLong, "text_too_long"),
        (RejectCode::InvalidText, "invalid_text"),
        (RejectCode::InvalidTitle, "invalid_title"),
        (RejectCode::InvalidName, "invalid_name"),
        (RejectCode::TooManyElements, "too_many_elements"),
        (RejectCode::InvalidDetails, "invalid_details"),
        (RejectCode::InvalidCommand, "invalid_command"),
    ];
    for (code, name) in codes {
        assert_eq!(code.as_str(), name);
        assert_eq!(code.to_string(), name);
        assert_eq!(
            serde_json::to_string(&code).expect("serialises"),
            format!("\"{name}\"")
        );
    }
}

#[test]
fn a_blank_dead_letter_target_is_stored_as_none() {
    let id = ElementId::new_random();
    let given = given_a_board_with([Event::NoteAdded {
        note: note(id, NoteKind::Policy, "Reserve stock", 0.0, 0.0),
    }]);
    let details = NoteDetails {
        dead_letter: Some("   ".into()),
        idempotent: Some(true),
        ..NoteDetails::default()
    };
    let board = given
        .when(Command::SetDetails { id, details })
        .then([Event::NoteDetailsChanged {
            id,
            details: NoteDetails {
                idempotent: Some(true),
                ..NoteDetails::default()
            },
            from: NoteDetails::default(),
        }]);
    assert_eq!(board.note(&id).unwrap().details.dead_letter, None);
}
