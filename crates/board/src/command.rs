use serde::{Deserialize, Serialize};

use crate::element::NoteDetails;
use crate::facilitation::{Phase, default_vote_kinds};
use crate::ids::ElementId;
use crate::kinds::{FrameKind, NoteKind};

/// What a participant asks the board to do. Serialised with an explicit `type` tag; the wire
/// names are the HTTP API's and the WebSocket protocol's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    CreateBoard {
        title: String,
    },
    RenameBoard {
        title: String,
    },
    AddNote {
        id: ElementId,
        kind: NoteKind,
        #[serde(default)]
        text: String,
        x: f64,
        y: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        w: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        h: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        details: Option<NoteDetails>,
        /// Who adds it: the participant id the server stamps (whatever the client wrote). In
        /// private mode the sticky is private to them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<String>,
    },
    MoveNotes {
        moves: Vec<Move>,
    },
    ResizeNote {
        id: ElementId,
        w: f64,
        h: f64,
    },
    EditText {
        id: ElementId,
        text: String,
    },
    ChangeKind {
        id: ElementId,
        kind: NoteKind,
    },
    SetDetails {
        id: ElementId,
        details: NoteDetails,
    },
    DeleteNote {
        id: ElementId,
    },
    /// Brings a deleted note back, with the connectors its deletion removed (those whose other
    /// end still exists).
    RestoreNote {
        id: ElementId,
    },
    AddConnector {
        id: ElementId,
        from: ElementId,
        to: ElementId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Sets (or, with no label or a blank one, clears) a connector's label. One command, so
    /// that editing a label is one change to undo and never a remove followed by an add.
    ChangeConnector {
        id: ElementId,
        #[serde(default)]
        label: Option<String>,
    },
    RemoveConnector {
        id: ElementId,
    },
    AddFrame {
        id: ElementId,
        kind: FrameKind,
        #[serde(default)]
        name: String,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    },
    ChangeFrame {
        id: ElementId,
        #[serde(flatten)]
        changes: FrameChanges,
    },
    RemoveFrame {
        id: ElementId,
    },
    /// Facilitator: move the workshop to a phase (or to none).
    SetPhase {
        phase: Option<Phase>,
    },
    /// Facilitator: the short instruction shown on the wall during a phase. Empty text brings
    /// back the phase's default instruction.
    SetPhaseInstruction {
        phase: Phase,
        text: String,
    },
    /// Facilitator: start (or restart) the countdown. `now_ms` is stamped by the server.
    StartTimer {
        duration_ms: u64,
        #[serde(default)]
        now_ms: i64,
    },
    PauseTimer {
        #[serde(default)]
        now_ms: i64,
    },
    ResumeTimer {
        #[serde(default)]
        now_ms: i64,
    },
    /// Adds time to the countdown (a minute unless said otherwise).
    AddTime {
        #[serde(default = "one_minute")]
        ms: u64,
        #[serde(default)]
        now_ms: i64,
    },
    ResetTimer,
    /// Facilitator: lock stickies, frames and connectors so that nobody moves, resizes,
    /// edits or deletes them (the facilitator unlocks them first).
    LockElements {
        ids: Vec<ElementId>,
    },
    UnlockElements {
        ids: Vec<ElementId>,
    },
    /// Facilitator: open a dot vote.
    /// Each participant's new stickies are visible only to them until `end_private_mode`.
    StartPrivateMode,
    /// Reveals every private sticky to everyone and ends private mode.
    EndPrivateMode,
    OpenVote {
        id: ElementId,
        dots_per_participant: u32,
        #[serde(default = "default_vote_kinds")]
        kinds: Vec<NoteKind>,
    },
    CloseVote,
    /// A participant's dot; `voter` is stamped by the server (the participant's client id).
    PlaceDot {
        note: ElementId,
        #[serde(default)]
        voter: String,
    },
    RemoveDot {
        note: ElementId,
        #[serde(default)]
        voter: String,
    },
}

fn one_minute() -> u64 {
    60_000
}

/// One sticky's new position in a `move_notes` command.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Move {
    pub id: ElementId,
    pub x: f64,
    pub y: f64,
}

/// The parts of a frame a `change_frame` command sets; absent parts stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FrameChanges {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<FrameKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub w: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub h: Option<f64>,
}

impl Command {
    /// The wire name of the command (`add_note`, ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            Command::CreateBoard { .. } => "create_board",
            Command::RenameBoard { .. } => "rename_board",
            Command::AddNote { .. } => "add_note",
            Command::MoveNotes { .. } => "move_notes",
            Command::ResizeNote { .. } => "resize_note",
            Command::EditText { .. } => "edit_text",
            Command::ChangeKind { .. } => "change_kind",
            Command::SetDetails { .. } => "set_details",
            Command::DeleteNote { .. } => "delete_note",
            Command::RestoreNote { .. } => "restore_note",
            Command::AddConnector { .. } => "add_connector",
            Command::ChangeConnector { .. } => "change_connector",
            Command::RemoveConnector { .. } => "remove_connector",
            Command::AddFrame { .. } => "add_frame",
            Command::ChangeFrame { .. } => "change_frame",
            Command::RemoveFrame { .. } => "remove_frame",
            Command::SetPhase { .. } => "set_phase",
            Command::SetPhaseInstruction { .. } => "set_phase_instruction",
            Command::StartTimer { .. } => "start_timer",
            Command::PauseTimer { .. } => "pause_timer",
            Command::ResumeTimer { .. } => "resume_timer",
            Command::AddTime { .. } => "add_time",
            Command::ResetTimer => "reset_timer",
            Command::LockElements { .. } => "lock_elements",
            Command::UnlockElements { .. } => "unlock_elements",
            Command::StartPrivateMode => "start_private_mode",
            Command::EndPrivateMode => "end_private_mode",
            Command::OpenVote { .. } => "open_vote",
            Command::CloseVote => "close_vote",
            Command::PlaceDot { .. } => "place_dot",
            Command::RemoveDot { .. } => "remove_dot",
        }
    }

    /// Whether only the facilitator may issue this command.
    pub fn is_facilitation(&self) -> bool {
        matches!(
            self,
            Command::SetPhase { .. }
                | Command::SetPhaseInstruction { .. }
                | Command::StartTimer { .. }
                | Command::PauseTimer { .. }
                | Command::ResumeTimer { .. }
                | Command::AddTime { .. }
                | Command::ResetTimer
                | Command::LockElements { .. }
                | Command::UnlockElements { .. }
                | Command::StartPrivateMode
                | Command::EndPrivateMode
                | Command::OpenVote { .. }
                | Command::CloseVote
        )
    }

    /// Fills in what only the server may say: the clock for timer commands, the voter for
    /// dots, the owner of a new sticky. Called after the op's content hash is taken, so a resend still matches.
    pub fn stamp(&mut self, now: i64, participant: &str) {
        match self {
            Command::StartTimer { now_ms, .. }
            | Command::PauseTimer { now_ms }
            | Command::ResumeTimer { now_ms }
            | Command::AddTime { now_ms, .. } => *now_ms = now,
            Command::PlaceDot { voter, .. } | Command::RemoveDot { voter, .. } => {
                *voter = participant.to_owned()
            }
            // Nobody adds a sticky in another's name; without an identity it has no owner.
            Command::AddNote { owner, .. } => {
                *owner = (!participant.is_empty()).then(|| participant.to_owned())
            }
            _ => {}
        }
    }

    /// The canonical serialisation of the parsed command. Two requests that parse to the same
    /// command serialise the same whatever their key order or spacing; its hash is what tells a
    /// true resend from an op id reused for something else.
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).expect("a command always serialises")
    }
}
