use eventstorm_board::{ElementId, Event};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ErrorCode;
use crate::client::{Presence, Viewport};
use crate::view::BoardView;

/// What the server sends over the WebSocket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// The answer to `join`. With `events`: exactly the events after the client's `since`
    /// (more catch-up events may follow as `event` frames when they did not fit one frame).
    /// Without: a `board` frame follows with the full state at `seq`. Live events follow
    /// without gap or repeat.
    Welcome {
        participant: Participant,
        participants: Vec<Participant>,
        seq: u64,
        /// Milliseconds since the Unix epoch, for clocks (timers) that must agree.
        server_time: i64,
        /// True when the board was opened through its view-only link: commands are refused.
        read_only: bool,
        /// True when this participant holds the facilitator key (phase, timer, votes).
        #[serde(default)]
        facilitator: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<EventEnvelope>>,
    },
    /// The full board at the preceding welcome's `seq`. Encoded once per head and shared by
    /// every connection that joins then.
    Board {
        board: BoardView,
    },
    /// The next message's UTF-8 text, `bytes` long, follows as binary frames (see `parts`).
    Parts {
        bytes: u64,
    },
    /// The events after `after_seq` that this connection received did not happen (their
    /// commit failed): a `board` frame at `after_seq` follows, and replaces the client's state.
    Retract {
        after_seq: u64,
    },
    Event(EventEnvelope),
    /// The sender's command is committed: its events are `first_seq..=seq` (an empty range,
    /// `first_seq = seq + 1`, when it changed nothing).
    Ack {
        op_id: Uuid,
        first_seq: u64,
        seq: u64,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        duplicate: bool,
    },
    Rejected {
        op_id: Uuid,
        error: ErrorCode,
        message: String,
        /// True for `rate_limited` and `unavailable`: keep the op and resend it later.
        retryable: bool,
    },
    Participants {
        participants: Vec<Participant>,
    },
    Presence {
        participant: String,
        #[serde(flatten)]
        presence: Presence,
    },
    /// The facilitator asks everyone to look where they look.
    Summon {
        participant: String,
        viewport: Viewport,
        /// The frame being presented, when the facilitator steps through frames.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        frame: Option<ElementId>,
    },
    Pong,
    Error {
        error: ErrorCode,
        message: String,
    },
    /// The client fell behind; it must rejoin with its last seq. The server closes after this.
    Resync {
        reason: String,
    },
}

/// A stored event as clients see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventEnvelope {
    pub seq: u64,
    pub op_id: Uuid,
    pub actor: String,
    /// RFC 3339 time the event was recorded.
    pub at: String,
    pub event: Event,
}

/// Someone on the board right now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: String,
    pub name: String,
    pub colour: String,
}
