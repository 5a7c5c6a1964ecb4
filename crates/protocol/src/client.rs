use eventstorm_board::{Command, ElementId};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ErrorCode;
use crate::command::parse_command_request;

/// What a client sends over the WebSocket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    /// The first frame: who the client is and the last seq it has (0 = none).
    Join {
        #[serde(default)]
        since: u64,
        #[serde(default)]
        name: String,
        /// Ignored since participant secrets: kept so older clients still parse.
        #[serde(default)]
        client_id: String,
        /// This browser's participant secret; the server derives the participant's public id
        /// from it. Without one the participant gets an id for this connection only.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        participant_secret: Option<String>,
        /// The board's facilitator key, when this participant facilitates.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        facilitator_key: Option<String>,
        /// Which event the client holds at `since` (its `op_id` and `at`). Events reach
        /// clients before they are committed; if the one at `since` never was (the server
        /// died first), the server sends the full board rather than continuing from it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        since_event: Option<EventRef>,
    },
    Command(CommandRequest),
    /// Ephemeral: where this participant's cursor is and what it has selected.
    Presence(Presence),
    /// Facilitator: bring everyone to this view, or (presenting) to this frame, which each
    /// screen fits for itself.
    Summon {
        viewport: Viewport,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        frame: Option<ElementId>,
    },
    Ping,
}

/// Where a participant is and what they are doing: ephemeral, never stored. The client sends
/// it in a `presence` message; the server passes it on with the participant's id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    #[serde(default)]
    pub cursor: Option<Cursor>,
    #[serde(default)]
    pub selection: Vec<ElementId>,
    /// What this participant is looking at, for those who follow them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viewport: Option<Viewport>,
    /// The sticky whose text this participant is typing into, so others see who is editing it
    /// before they start typing there too. Absent (or null) when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editing: Option<ElementId>,
}

/// Names one event as a client received it: its op id and its `at` time. An op decided
/// again after a failure gets a new `at`, so the pair tells a committed event from one that
/// was sent but never committed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRef {
    pub op_id: Uuid,
    pub at: String,
}

/// The part of the wall a participant sees: the board point at the centre of their screen and
/// their zoom.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewport {
    pub x: f64,
    pub y: f64,
    pub zoom: f64,
}

impl Viewport {
    /// Finite and within the wall; zoom between 1% and 10x.
    pub fn is_valid(&self) -> bool {
        let on_wall = |v: f64| v.is_finite() && v.abs() <= 1e7;
        on_wall(self.x)
            && on_wall(self.y)
            && self.zoom.is_finite()
            && (0.01..=10.0).contains(&self.zoom)
    }
}

/// A command with the op id that makes it exactly-once. The same shape is the body of
/// `POST /api/boards/{id}/commands`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommandRequest {
    pub op_id: Uuid,
    pub command: Command,
    /// Who to record as the author (HTTP only; WebSocket commands carry the participant's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The board's facilitator key (HTTP only; a WebSocket participant shows it at `join`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facilitator_key: Option<String>,
    /// The voter's participant secret (HTTP only; required for `place_dot` and `remove_dot`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant_secret: Option<String>,
}

/// A point on the wall, in board coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    pub x: f64,
    pub y: f64,
}

/// Why a client frame could not be used. A frame that names an op id but carries a bad command
/// is answered with `rejected` for that op (so the client drops it); anything else gets an
/// `error` frame.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientParseError {
    /// Not JSON, not an object, no known `type`, or a command without a readable op id.
    Malformed { error: ErrorCode, message: String },
    /// A `command` frame with a readable op id whose command cannot be used.
    BadCommand {
        op_id: Uuid,
        error: ErrorCode,
        message: String,
    },
}

impl ClientParseError {
    fn malformed(message: impl Into<String>) -> Self {
        ClientParseError::Malformed {
            error: ErrorCode::Malformed,
            message: message.into(),
        }
    }
}

/// Parses one text frame. A command goes through the same parser as an HTTP command request;
/// what only HTTP may say (the author, keys) is dropped: a WebSocket participant said who it
/// is at `join`.
pub fn parse_client_message(text: &str) -> Result<ClientMessage, ClientParseError> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| ClientParseError::malformed(format!("not valid JSON: {e}")))?;
    let kind = value.get("type").and_then(|t| t.as_str()).ok_or_else(|| {
        ClientParseError::malformed("a message is a JSON object with a string \"type\"")
    })?;
    match kind {
        "join" | "presence" | "summon" | "ping" => {}
        "command" => {
            return parse_command_request(value)
                .map(|mut req| {
                    req.actor = None;
                    req.facilitator_key = None;
                    req.participant_secret = None;
                    ClientMessage::Command(req)
                })
                .map_err(|e| match e.op_id {
                    Some(op_id) => ClientParseError::BadCommand {
                        op_id,
                        error: e.code,
                        message: e.message,
                    },
                    None => ClientParseError::Malformed {
                        error: e.code,
                        message: e.message,
                    },
                });
        }
        other => {
            return Err(ClientParseError::Malformed {
                error: ErrorCode::UnknownType,
                message: format!("unknown message type {other:?}"),
            });
        }
    }
    serde_json::from_value(value).map_err(|e| ClientParseError::malformed(e.to_string()))
}
