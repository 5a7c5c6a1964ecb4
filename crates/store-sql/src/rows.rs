//! Rows as the store's types, and the statements that select them.

use eventstorm_store::{
    BoardId, BoardListing, BoardMeta, RecordedEvent, SessionRecord, Snapshot, StoreError,
};
use uuid::Uuid;

use crate::convert::api_seq;

/// `boards`: id, view id, title, creation time, facilitator key hash.
pub type MetaRow = (String, String, String, i64, String);
/// A board's row with its head.
pub type ListingRow = (String, String, String, i64, String, i64);
/// `board_events`, with the op id as the driver decodes a UUID column.
pub type EventRow<U> = (i64, U, String, String, String, i32, i64);
/// `board_snapshots`: seq, schema version, state.
pub type SnapshotRow = (i64, i32, String);
/// `signin_sessions`.
pub type SessionRow = (String, i64, i64, i64, String);

pub const META_BY_ID: &str =
    "SELECT id, view_id, title, created_at_ms, facilitator_key_hash FROM boards WHERE id = $1";
pub const META_BY_VIEW_ID: &str =
    "SELECT id, view_id, title, created_at_ms, facilitator_key_hash FROM boards WHERE view_id = $1";
pub const LISTING: &str = "SELECT b.id, b.view_id, b.title, b.created_at_ms, b.facilitator_key_hash, \
            COALESCE((SELECT MAX(e.seq) FROM board_events e WHERE e.board_id = b.id), 0) \
       FROM boards b ORDER BY b.created_at_ms, b.id";
/// Registers a new board (its first op is appended in the same transaction).
pub const INSERT_BOARD: &str = "INSERT INTO boards (id, view_id, title, created_at_ms, facilitator_key_hash) \
     VALUES ($1, $2, $3, $4, $5)";
/// What a purge deletes before the board's own row, each bound to the board id.
pub const PURGE_ROWS: [&str; 3] = [
    "DELETE FROM board_events WHERE board_id = $1",
    "DELETE FROM board_ops WHERE board_id = $1",
    "DELETE FROM board_snapshots WHERE board_id = $1",
];
pub const DELETE_BOARD: &str = "DELETE FROM boards WHERE id = $1";

pub fn meta(
    (id, view_id, title, created_at_ms, facilitator_key_hash): MetaRow,
) -> Result<BoardMeta, StoreError> {
    let parse = |s: &str| {
        BoardId::parse(s).ok_or_else(|| StoreError::Corrupt("malformed board id".to_owned()))
    };
    Ok(BoardMeta {
        id: parse(&id)?,
        view_id: parse(&view_id)?,
        title,
        created_at_ms,
        facilitator_key_hash,
    })
}

pub fn listing(
    (id, view_id, title, created_at_ms, key_hash, head): ListingRow,
) -> Result<BoardListing, StoreError> {
    Ok(BoardListing {
        meta: meta((id, view_id, title, created_at_ms, key_hash))?,
        head: api_seq(head)?,
    })
}

/// Stored rows as events.
pub fn recorded<U: Into<Uuid>>(rows: Vec<EventRow<U>>) -> Result<Vec<RecordedEvent>, StoreError> {
    rows.into_iter()
        .map(
            |(seq, op_id, actor, kind, payload, schema_version, recorded_at_ms)| {
                Ok(RecordedEvent {
                    seq: api_seq(seq)?,
                    op_id: op_id.into(),
                    actor,
                    kind,
                    payload,
                    schema_version,
                    recorded_at_ms,
                })
            },
        )
        .collect()
}

pub fn snapshot((seq, schema_version, state): SnapshotRow) -> Result<Snapshot, StoreError> {
    Ok(Snapshot {
        seq: api_seq(seq)?,
        schema_version,
        state,
    })
}

pub fn session(
    (id_hash, created_at_ms, expires_at_ms, last_seen_ms, user_agent): SessionRow,
) -> SessionRecord {
    SessionRecord {
        id_hash,
        created_at_ms,
        expires_at_ms,
        last_seen_ms,
        user_agent,
    }
}

/// `board_ops`: op id, content hash, first and last seq.
pub type OpRow<U> = (U, String, i64, i64);

pub fn op_record<U: Into<Uuid>>(
    (op_id, content_hash, first_seq, last_seq): OpRow<U>,
) -> Result<eventstorm_store::OpRecord, StoreError> {
    Ok(eventstorm_store::OpRecord {
        op_id: op_id.into(),
        content_hash,
        first_seq: api_seq(first_seq)?,
        last_seq: api_seq(last_seq)?,
    })
}
