//! Boards for the tests and the benchmark, built the way the app builds them: commands through
//! `decide`, events through `evolve`, with fixed ids so the exports are reproducible.

#![allow(dead_code)] // Each test binary uses a different part of this module.

pub mod boards;
pub mod large;

use eventstorm_board::{
    Backoff, Board, Command, ElementId, Event, FrameKind, Limits, NoteDetails, NoteKind,
    PayloadField, RetryPolicy, decide, evolve,
};
use uuid::Uuid;

/// Builds a board command by command, keeping the commands and the events they produced.
pub struct Builder {
    pub board: Board,
    pub commands: Vec<Command>,
    pub events: Vec<Event>,
    limits: Limits,
    prefix: u128,
    next: u128,
}

impl Builder {
    /// `board_no` goes into the top of every id, so ids differ between boards.
    pub fn new(board_no: u32, title: &str) -> Self {
        let mut b = Builder {
            board: Board::default(),
            commands: Vec::new(),
            events: Vec::new(),
            limits: Limits {
                max_elements: 100_000,
                ..Limits::default()
            },
            prefix: u128::from(board_no) << 96,
            next: 0,
        };
        b.run(Command::CreateBoard {
            title: title.to_owned(),
        });
        b
    }

    pub fn id(&mut self) -> ElementId {
        self.next += 1;
        ElementId(Uuid::from_u128(self.prefix | self.next))
    }

    pub fn run(&mut self, command: Command) {
        let events = decide(&self.board, &command, &self.limits)
            .unwrap_or_else(|r| panic!("{command:?} was refused: {r:?}"));
        for e in &events {
            evolve(&mut self.board, e);
        }
        self.events.extend(events);
        self.commands.push(command);
    }

    pub fn frame(
        &mut self,
        kind: FrameKind,
        name: &str,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    ) -> ElementId {
        let id = self.id();
        self.run(Command::AddFrame {
            id,
            kind,
            name: name.to_owned(),
            x,
            y,
            w,
            h,
        });
        id
    }

    pub fn note(&mut self, kind: NoteKind, text: &str, x: f64, y: f64) -> ElementId {
        self.note_with(kind, text, x, y, None)
    }

    pub fn note_with(
        &mut self,
        kind: NoteKind,
        text: &str,
        x: f64,
        y: f64,
        details: Option<NoteDetails>,
    ) -> ElementId {
        let id = self.id();
        self.run(Command::AddNote {
            id,
            kind,
            text: text.to_owned(),
            x,
            y,
            w: None,
            h: None,
            details,
            owner: None,
        });
        id
    }

    pub fn connect(&mut self, from: ElementId, to: ElementId) -> ElementId {
        let id = self.id();
        self.run(Command::AddConnector {
            id,
            from,
            to,
            label: None,
        });
        id
    }
}

/// Payload fields from `(name, type, required)`.
pub fn fields(spec: &[(&str, &str, bool)]) -> NoteDetails {
    NoteDetails {
        fields: spec
            .iter()
            .map(|(name, t, required)| PayloadField {
                name: (*name).to_owned(),
                field_type: (*t).to_owned(),
                required: *required,
                description: String::new(),
            })
            .collect(),
        ..NoteDetails::default()
    }
}

/// A policy's reliability settings.
pub fn handler(
    idempotent: Option<bool>,
    retry: Option<(u32, Backoff, Option<u32>)>,
    dead_letter: Option<&str>,
) -> NoteDetails {
    NoteDetails {
        idempotent,
        retry: retry.map(|(max_attempts, backoff, delay_seconds)| RetryPolicy {
            max_attempts,
            backoff,
            delay_seconds,
        }),
        dead_letter: dead_letter.map(str::to_owned),
        ..NoteDetails::default()
    }
}

/// Folds events into a fresh board.
pub fn fold(events: &[Event]) -> Board {
    let mut board = Board::default();
    for e in events {
        evolve(&mut board, e);
    }
    board
}

/// Replays the builder's commands in another order that reaches the same final state: frames
/// first, then the notes in reverse, then the connectors in reverse. Only the stacking order
/// differs from the original board.
pub fn rebuild_in_another_order(commands: &[Command]) -> Board {
    let rank = |c: &Command| match c {
        Command::CreateBoard { .. } => 0,
        Command::AddFrame { .. } => 1,
        Command::AddNote { .. } => 2,
        Command::AddConnector { .. } => 3,
        other => panic!(
            "boards for this test use only adds, not {}",
            other.type_name()
        ),
    };
    let mut ordered: Vec<&Command> = commands.iter().collect();
    ordered.reverse();
    ordered.sort_by_key(|c| rank(c)); // stable: notes and connectors stay reversed
    let limits = Limits {
        max_elements: 100_000,
        ..Limits::default()
    };
    let mut board = Board::default();
    for c in ordered {
        for e in decide(&board, c, &limits).expect("replayed command is accepted") {
            evolve(&mut board, &e);
        }
    }
    board
}

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/spec sits two levels below the workspace root")
        .to_path_buf()
}

/// `tools/<name>` when its Node packages are installed; otherwise `None` after a note, except
/// under `CI=true`, where nothing may be skipped.
pub fn node_tool(name: &str) -> Option<std::path::PathBuf> {
    let tool = workspace_root().join("tools").join(name);
    if tool.join("node_modules").is_dir() {
        return Some(tool);
    }
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(
        !in_ci,
        "tools/{name}/node_modules is missing; CI must run npm ci there first"
    );
    println!("skipped: run npm ci in tools/{name}");
    None
}
