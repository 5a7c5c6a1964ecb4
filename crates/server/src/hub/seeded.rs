//! Boards written whole (imports, forks, templates): a new board is created with its first op
//! and then appended to in chunks by a [`NewBoardWriter`], which folds the board alongside and
//! saves a snapshot every `snapshot_every` events, as a live board's actor does. Without them
//! every past state, diff and history step of such a board would replay its log from seq 1.
//! A write that fails part-way purges the new board: it is all or nothing.

use std::sync::Arc;

use eventstorm_board::{Board, Event, Retention};
use eventstorm_store::{BoardId, BoardMeta, EventStore, NewBoard, NewOp, StoreError, now_millis};

use super::load::encode_snapshot;
use super::{CreatedBoard, Hub, HubError, hash_secret, random_board_id, store_error};
use crate::settings::Settings;

/// A new board being written.
pub struct NewBoardWriter {
    store: Arc<dyn EventStore>,
    board: NewBoard,
    facilitator_key: String,
    head: u64,
    snapshots: SeededSnapshots,
}

impl Hub {
    /// Creates a board with fresh links and a fresh facilitator key (only its hash is stored)
    /// holding `first`; the rest is appended through the writer.
    pub(super) async fn start_new_board(
        &self,
        title: &str,
        first: &NewOp,
    ) -> Result<NewBoardWriter, HubError> {
        let facilitator_key = hex::encode(rand::random::<[u8; 16]>());
        let board = NewBoard {
            id: random_board_id(),
            view_id: random_board_id(),
            title: title.to_owned(),
            created_at_ms: now_millis(),
            facilitator_key_hash: hash_secret(&facilitator_key),
        };
        let store = self.inner.store.clone();
        let head = store
            .create_board(&board, first)
            .await
            .map_err(store_error)?
            .head;
        let mut snapshots = SeededSnapshots::new(&self.inner.settings);
        snapshots.apply(std::slice::from_ref(first));
        Ok(NewBoardWriter {
            store,
            board,
            facilitator_key,
            head,
            snapshots,
        })
    }
}

impl NewBoardWriter {
    /// Appends `ops` (whole ops, in order), split where a snapshot falls due so that one is
    /// saved at the end of the first op past every mark. On failure the new board is purged
    /// and the writer must not be used again.
    pub async fn append(&mut self, ops: &[NewOp]) -> Result<(), HubError> {
        let mut start = 0;
        let mut events = 0;
        for (i, op) in ops.iter().enumerate() {
            events += op.events.len() as u64;
            if self.head + events >= self.snapshots.next_due() || i + 1 == ops.len() {
                self.append_chunk(&ops[start..=i]).await?;
                start = i + 1;
                events = 0;
            }
        }
        Ok(())
    }

    async fn append_chunk(&mut self, ops: &[NewOp]) -> Result<(), HubError> {
        match self.store.append(&self.board.id, self.head, ops).await {
            Ok(outcome) => {
                self.head = outcome.head;
                self.snapshots.apply(ops);
                self.snapshots
                    .save_if_due(&self.store, &self.board.id, self.head)
                    .await;
                Ok(())
            }
            Err(e) => Err(self.abandon(e).await),
        }
    }

    /// Removes the partial board after a failure; returns the error to answer.
    pub async fn abandon(&self, e: StoreError) -> HubError {
        tracing::warn!(board = %self.board.id.log_tag(), error = %e, "writing a new board failed; removing the partial board");
        let _ = self.store.purge_board(&self.board.id).await;
        store_error(e)
    }

    pub fn finish(self) -> CreatedBoard {
        let board = self.board;
        CreatedBoard {
            meta: BoardMeta {
                id: board.id,
                view_id: board.view_id,
                title: board.title,
                created_at_ms: board.created_at_ms,
                facilitator_key_hash: board.facilitator_key_hash,
            },
            facilitator_key: self.facilitator_key,
            seq: self.head,
        }
    }
}

struct SeededSnapshots {
    board: Board,
    every: u64,
    last: u64,
}

impl SeededSnapshots {
    fn new(settings: &Settings) -> Self {
        let mut board = Board::default();
        // The retention the actor gives a loaded board, so a snapshot folds to the same board.
        board.set_retention(Retention::for_budget(settings.limits.max_board_bytes));
        Self {
            board,
            every: settings.snapshot_every,
            last: 0,
        }
    }

    /// The head at which the next snapshot falls due.
    fn next_due(&self) -> u64 {
        self.last.saturating_add(self.every)
    }

    /// Folds the events of ops just appended.
    fn apply(&mut self, ops: &[NewOp]) {
        for event in ops.iter().flat_map(|op| &op.events) {
            match Event::decode(event.schema_version, &event.payload) {
                Ok(event) => eventstorm_board::evolve(&mut self.board, &event),
                // Ops reach here validated or read from the store; one that does not decode
                // ends the snapshots (the board then replays, as before), not the write.
                Err(e) => {
                    tracing::error!(error = %e, "an event of a new board does not decode");
                    self.every = u64::MAX;
                    return;
                }
            }
        }
    }

    /// Saves a snapshot at `head` if `snapshot_every` events went by since the last. Encoded
    /// off the async threads; a failure is logged and the board simply replays further.
    async fn save_if_due(&mut self, store: &Arc<dyn EventStore>, id: &BoardId, head: u64) {
        if head < self.next_due() {
            return;
        }
        self.last = head;
        let board = self.board.clone();
        let Ok(snapshot) = tokio::task::spawn_blocking(move || encode_snapshot(&board, head)).await
        else {
            return;
        };
        if let Err(e) = store.save_snapshot(id, &snapshot).await {
            tracing::warn!(board = %id.log_tag(), error = %e, "snapshot of a new board failed");
        }
    }
}
