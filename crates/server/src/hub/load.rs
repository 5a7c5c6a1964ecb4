//! Rebuilding a board from the store: the newest readable snapshot, then the events after it.
//! A snapshot that fails to decode or comes from a newer build is skipped for an older one or
//! a full replay; a failed load is an error, never an empty board.

use std::sync::Arc;

use eventstorm_board::{Board, Event};
use eventstorm_store::{BoardId, EventStore, RecordedEvent, Snapshot, StoreError};

/// The version of the snapshot format (the serialised `Board`). Raise it when `Board`'s shape
/// or its byte estimate changes; older snapshots are then ignored and the board is replayed
/// from its events. Version 2: the byte count and the deleted notes' retention.
pub const SNAPSHOT_SCHEMA_VERSION: i32 = 2;

/// How many events one store read returns while replaying.
pub const READ_PAGE: u32 = 1_000;

pub struct Loaded {
    pub board: Board,
    pub head: u64,
    /// The seq of the snapshot the load started from (0 for a full replay).
    pub snapshot_seq: u64,
}

/// The board as of `max_seq` (or its head, whichever is lower).
pub async fn load_board(
    store: &Arc<dyn EventStore>,
    id: &BoardId,
    max_seq: u64,
) -> Result<Loaded, StoreError> {
    let (mut board, snapshot_seq) = newest_usable_snapshot(store, id, max_seq).await?;
    let mut head = snapshot_seq;
    loop {
        let page = store.read(id, head, READ_PAGE).await?;
        let done = page.len() < READ_PAGE as usize;
        for rec in page {
            if rec.seq > max_seq {
                return Ok(Loaded {
                    board,
                    head,
                    snapshot_seq,
                });
            }
            apply_recorded(&mut board, &rec)?;
            head = rec.seq;
        }
        if done {
            return Ok(Loaded {
                board,
                head,
                snapshot_seq,
            });
        }
    }
}

/// Decodes a stored event and applies it.
pub fn apply_recorded(board: &mut Board, rec: &RecordedEvent) -> Result<(), StoreError> {
    let event = Event::decode(rec.schema_version, &rec.payload)
        .map_err(|e| StoreError::Corrupt(format!("event {}: {e}", rec.seq)))?;
    eventstorm_board::evolve(board, &event);
    Ok(())
}

async fn newest_usable_snapshot(
    store: &Arc<dyn EventStore>,
    id: &BoardId,
    max_seq: u64,
) -> Result<(Board, u64), StoreError> {
    let mut below = max_seq;
    while let Some(snap) = store.latest_snapshot(id, below).await? {
        match decode_snapshot(&snap) {
            Some(board) => return Ok((board, snap.seq)),
            None => {
                tracing::warn!(board = %id.log_tag(), seq = snap.seq, "skipping unreadable snapshot");
                if snap.seq == 0 {
                    break;
                }
                below = snap.seq - 1;
            }
        }
    }
    Ok((Board::default(), 0))
}

fn decode_snapshot(snap: &Snapshot) -> Option<Board> {
    if snap.schema_version != SNAPSHOT_SCHEMA_VERSION {
        return None;
    }
    serde_json::from_str(&snap.state).ok()
}

/// The snapshot of `board` at `seq`.
pub fn encode_snapshot(board: &Board, seq: u64) -> Snapshot {
    Snapshot {
        seq,
        schema_version: SNAPSHOT_SCHEMA_VERSION,
        state: serde_json::to_string(board).expect("a board serialises"),
    }
}
