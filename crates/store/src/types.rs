use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use eventstorm_board::{EVENT_SCHEMA_VERSION, Event};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A board's id. Ids are capabilities (whoever has the link can edit), so `Debug` and logs use
/// [`BoardId::log_tag`], never the id itself.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BoardId(String);

impl BoardId {
    /// Accepts ids made of 16 to 64 ASCII letters, digits, `-` and `_`: what our generator makes,
    /// and nothing that could smuggle a path or markup.
    pub fn parse(s: &str) -> Option<BoardId> {
        let ok = (16..=64).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| BoardId(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first 8 hex digits of the id's SHA-256: enough to correlate log lines, useless to
    /// open the board.
    pub fn log_tag(&self) -> String {
        let digest = Sha256::digest(self.0.as_bytes());
        hex::encode(&digest[..4])
    }
}

impl fmt::Debug for BoardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BoardId({})", self.log_tag())
    }
}

/// A board's metadata.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardMeta {
    pub id: BoardId,
    pub view_id: BoardId,
    pub title: String,
    pub created_at_ms: i64,
    /// SHA-256 (hex) of the facilitator key; empty: everyone with the edit link facilitates.
    pub facilitator_key_hash: String,
}

/// What `create_board` stores about a new board: the metadata it is then read back with.
pub type NewBoard = BoardMeta;

/// One row of [`EventStore::list_boards`].
#[derive(Clone, Debug, PartialEq)]
pub struct BoardListing {
    pub meta: BoardMeta,
    pub head: u64,
}

/// An event to append: its kind (the wire name), JSON payload and schema version.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    pub kind: String,
    pub payload: String,
    pub schema_version: i32,
}

impl NewEvent {
    /// A domain event as it is stored: its wire name, its payload at the current schema.
    pub fn from_event(event: &Event) -> Self {
        Self {
            kind: event.kind().to_owned(),
            payload: event.encode(),
            schema_version: EVENT_SCHEMA_VERSION,
        }
    }
}

/// One command's worth of events, appended together under the command's op id.
#[derive(Clone, Debug)]
pub struct NewOp {
    pub op_id: Uuid,
    /// Hash of the canonical parsed command: tells a resend from a reused op id.
    pub content_hash: String,
    pub actor: String,
    pub recorded_at_ms: i64,
    pub events: Vec<NewEvent>,
}

impl NewOp {
    /// The op that records `events` (a decided command, a template's step, an imported op).
    pub fn from_events(
        op_id: Uuid,
        content_hash: String,
        actor: &str,
        recorded_at_ms: i64,
        events: &[Event],
    ) -> Self {
        Self {
            op_id,
            content_hash,
            actor: actor.to_owned(),
            recorded_at_ms,
            events: events.iter().map(NewEvent::from_event).collect(),
        }
    }
}

/// A recorded op: its seq range. An op that produced no events has `first_seq = last_seq + 1`
/// (an empty range just after the head at the time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpRecord {
    pub op_id: Uuid,
    pub content_hash: String,
    pub first_seq: u64,
    pub last_seq: u64,
}

/// What an append wrote: one record per op, in the order given, and the new head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppendOutcome {
    pub ops: Vec<OpRecord>,
    pub head: u64,
}

/// A stored event with its envelope.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedEvent {
    pub seq: u64,
    pub op_id: Uuid,
    pub actor: String,
    pub kind: String,
    pub payload: String,
    pub schema_version: i32,
    pub recorded_at_ms: i64,
}

/// The folded state of a board at `seq`, serialised by the caller.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub seq: u64,
    pub schema_version: i32,
    pub state: String,
}

/// Milliseconds since the Unix epoch: the stores' timestamp unit.
pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
