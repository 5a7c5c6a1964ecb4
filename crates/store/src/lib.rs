//! The eventstorm event store: one small, object-safe trait (`Arc<dyn EventStore>`) that keeps
//! each board as an append-only stream of versioned events, with exactly-once commands (op ids),
//! snapshots and board metadata; its error enum; and, behind the `testkit` feature, the one
//! contract suite every backend must pass.
//!
//! Stores know events as kind + JSON payload + schema version plus metadata; they never
//! interpret payloads. This crate must not depend on a database driver, tokio or axum (tokio
//! comes in only with `testkit`, for the concurrent contract cases); the cross-board group
//! commit queue ([`group_commit`]) uses runtime-free channels and the backend spawns its writer.

mod error;
pub mod group_commit;
mod sessions;
mod types;

#[cfg(feature = "testkit")]
pub mod testkit;

pub use error::StoreError;
pub use sessions::{SessionRecord, SessionStore};
pub use types::{
    AppendOutcome, BoardId, BoardListing, BoardMeta, NewBoard, NewEvent, NewOp, OpRecord,
    RecordedEvent, Snapshot, now_millis,
};

use async_trait::async_trait;
use uuid::Uuid;

/// Where boards live. Every method is one transaction or one read; none leaves a half-done
/// change behind.
#[async_trait]
pub trait EventStore: Send + Sync + 'static {
    /// Which backend this is (`postgres`, `sqlite`), for logs and `/readyz`.
    fn backend(&self) -> &'static str;

    /// Whether the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Registers a new board together with its first op (the `board_created` event) in one
    /// transaction. `Conflict` if the id (or view id) is taken.
    async fn create_board(
        &self,
        board: &NewBoard,
        first: &NewOp,
    ) -> Result<AppendOutcome, StoreError>;

    /// A board's metadata, looked up by its edit id.
    async fn board(&self, id: &BoardId) -> Result<Option<BoardMeta>, StoreError>;

    /// A board's metadata, looked up by its view-only id.
    async fn board_by_view_id(&self, view_id: &BoardId) -> Result<Option<BoardMeta>, StoreError>;

    /// Appends the events of several ops (a group commit) after `expected_seq`, all or nothing.
    /// Seqs are dense: the first event gets `expected_seq + 1`. Each op is recorded with its
    /// content hash and seq range, even when it produced no events.
    ///
    /// Errors: `Conflict` when the stream's head is not `expected_seq` (someone else appended);
    /// `DuplicateOp` when one of the op ids is already recorded for this board, or appears twice
    /// in the batch (the caller looks the ops up and answers those as resends); `NotFound` when
    /// the board does not exist. Whatever the error, nothing was written.
    ///
    /// An empty batch writes nothing but is still checked against the head.
    async fn append(
        &self,
        board: &BoardId,
        expected_seq: u64,
        ops: &[NewOp],
    ) -> Result<AppendOutcome, StoreError>;

    /// The recorded ops among `op_ids` for this board, in no particular order; ids never
    /// recorded (or an unknown board) are simply absent.
    async fn find_ops(&self, board: &BoardId, op_ids: &[Uuid])
    -> Result<Vec<OpRecord>, StoreError>;

    /// Up to `limit` events with seq > `after_seq`, in seq order (none for an unknown board).
    async fn read(
        &self,
        board: &BoardId,
        after_seq: u64,
        limit: u32,
    ) -> Result<Vec<RecordedEvent>, StoreError>;

    /// Up to `limit` events with seq > `after_seq` whose payload contains `needle`, in seq
    /// order: the candidates for one element's history (callers decode and check them). The
    /// database filters, so only matching events are read out, a page at a time; the scan
    /// still passes over the board's events after `after_seq`. The default pages through
    /// [`EventStore::read`].
    async fn read_mentioning(
        &self,
        board: &BoardId,
        needle: &str,
        after_seq: u64,
        limit: u32,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let mut found = Vec::new();
        let mut after = after_seq;
        loop {
            let page = self.read(board, after, 1_000).await?;
            let done = page.len() < 1_000;
            for rec in page {
                after = rec.seq;
                if rec.payload.contains(needle) {
                    found.push(rec);
                    if found.len() >= limit as usize {
                        return Ok(found);
                    }
                }
            }
            if done {
                return Ok(found);
            }
        }
    }

    /// The boards among `ids` that do not exist (purged, or never created), in no particular
    /// order. The default asks for each; Postgres answers in one query.
    async fn missing_boards(&self, ids: &[BoardId]) -> Result<Vec<BoardId>, StoreError> {
        let mut missing = Vec::new();
        for id in ids {
            if self.board(id).await?.is_none() {
                missing.push(id.clone());
            }
        }
        Ok(missing)
    }

    /// The seq of the board's last event (0 for a board with none, or an unknown board).
    async fn head(&self, board: &BoardId) -> Result<u64, StoreError>;

    /// Stores the folded state at `seq`. Snapshots are kept, not replaced; saving the same seq
    /// twice keeps the first (and is not an error). `NotFound` if the board does not exist.
    async fn save_snapshot(&self, board: &BoardId, snapshot: &Snapshot) -> Result<(), StoreError>;

    /// Every board, oldest first, with its head and its listed title. For administrators.
    async fn list_boards(&self) -> Result<Vec<BoardListing>, StoreError>;

    /// Sets the title a board is listed with (`BoardMeta::title`), after a rename. The log
    /// stays the truth: this is what pages and listings read without loading the board.
    async fn set_title(&self, id: &BoardId, title: &str) -> Result<(), StoreError>;

    /// Erases a board with its events, ops and snapshots in one transaction (the only way
    /// events are ever deleted); `false` if there was no such board.
    async fn purge_board(&self, id: &BoardId) -> Result<bool, StoreError>;

    /// The sign-in sessions kept beside the boards, when this store keeps them.
    fn sessions(&self) -> Option<&dyn SessionStore> {
        None
    }

    /// The newest snapshot at or below `max_seq`, if any.
    async fn latest_snapshot(
        &self,
        board: &BoardId,
        max_seq: u64,
    ) -> Result<Option<Snapshot>, StoreError>;
}
