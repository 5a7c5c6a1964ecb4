use serde::{Deserialize, Serialize};

use crate::element::NoteDetails;
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
            Command::RemoveConnector { .. } => "remove_connector",
            Command::AddFrame { .. } => "add_frame",
            Command::ChangeFrame { .. } => "change_frame",
            Command::RemoveFrame { .. } => "remove_frame",
        }
    }

    /// The canonical serialisation of the parsed command. Two requests that parse to the same
    /// command serialise the same whatever their key order or spacing; its hash is what tells a
    /// true resend from an op id reused for something else.
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).expect("a command always serialises")
    }
}
