use std::fmt;

use serde::{Deserialize, Serialize};

/// Why the board refused a command. The code is stable: clients and scripts match on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// `create_board` on a board that already exists.
    BoardExists,
    /// A command on a board that was never created.
    BoardNotCreated,
    UnknownNote,
    UnknownConnector,
    UnknownFrame,
    /// `restore_note` on a note that is not deleted.
    NoteNotDeleted,
    /// `restore_note` on a note deleted so long ago that the board no longer keeps it.
    NoteNotRestorable,
    /// The command would take the board past its byte budget.
    BoardFull,
    /// An element id already in use on the board.
    DuplicateId,
    /// A connector from a sticky to itself.
    SelfConnector,
    /// A coordinate that is not finite or lies beyond the wall.
    InvalidCoordinate,
    /// A width or height that is not finite or outside the allowed range.
    InvalidSize,
    TextTooLong,
    /// Text with characters a board cannot hold (NUL).
    InvalidText,
    InvalidTitle,
    InvalidName,
    TooManyElements,
    InvalidDetails,
    /// A command that is well-formed JSON but makes no sense (an empty move, a repeated id).
    InvalidCommand,
    /// A timer length outside one second to a day.
    InvalidDuration,
    /// A timer command with no timer (or not in the state it needs).
    NoTimer,
    TimerNotRunning,
    TimerNotPaused,
    VoteAlreadyOpen,
    VoteNotOpen,
    /// A dot on a sticky whose kind the vote does not cover.
    NotVotable,
    NoDotsLeft,
    /// Removing a dot the voter did not place there.
    NoDotHere,
    /// A change of a sticky, frame or connector the facilitator locked.
    Locked,
}

impl RejectCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::BoardExists => "board_exists",
            RejectCode::BoardNotCreated => "board_not_created",
            RejectCode::UnknownNote => "unknown_note",
            RejectCode::UnknownConnector => "unknown_connector",
            RejectCode::UnknownFrame => "unknown_frame",
            RejectCode::NoteNotDeleted => "note_not_deleted",
            RejectCode::NoteNotRestorable => "note_not_restorable",
            RejectCode::BoardFull => "board_full",
            RejectCode::DuplicateId => "duplicate_id",
            RejectCode::SelfConnector => "self_connector",
            RejectCode::InvalidCoordinate => "invalid_coordinate",
            RejectCode::InvalidSize => "invalid_size",
            RejectCode::TextTooLong => "text_too_long",
            RejectCode::InvalidText => "invalid_text",
            RejectCode::InvalidTitle => "invalid_title",
            RejectCode::InvalidName => "invalid_name",
            RejectCode::TooManyElements => "too_many_elements",
            RejectCode::InvalidDetails => "invalid_details",
            RejectCode::InvalidCommand => "invalid_command",
            RejectCode::InvalidDuration => "invalid_duration",
            RejectCode::NoTimer => "no_timer",
            RejectCode::TimerNotRunning => "timer_not_running",
            RejectCode::TimerNotPaused => "timer_not_paused",
            RejectCode::VoteAlreadyOpen => "vote_already_open",
            RejectCode::VoteNotOpen => "vote_not_open",
            RejectCode::NotVotable => "not_votable",
            RejectCode::NoDotsLeft => "no_dots_left",
            RejectCode::NoDotHere => "no_dot_here",
            RejectCode::Locked => "locked",
        }
    }
}

impl fmt::Display for RejectCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refused command: a stable code plus a sentence for people.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{code}: {message}")]
pub struct Rejection {
    pub code: RejectCode,
    pub message: String,
}

impl Rejection {
    pub fn new(code: RejectCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}
