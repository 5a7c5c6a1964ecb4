//! Snapshots for boards written whole (imports, forks, templates): while their ops are
//! appended, the board is folded alongside and a snapshot saved every `snapshot_every` events,
//! as a live board's actor does. Without them every past state, diff and history step of such
//! a board would replay its log from seq 1.

use std::sync::Arc;

use eventstorm_board::{Board, Event, Retention};
use eventstorm_store::{BoardId, EventStore, NewOp};

use super::load::encode_snapshot;
use crate::settings::Settings;

pub(super) struct SeededSnapshots {
    board: Board,
    every: u64,
    last: u64,
}

impl SeededSnapshots {
    pub fn new(settings: &Settings) -> Self {
        let mut board = Board::default();
        // The retention the actor gives a loaded board, so a snapshot folds to the same board.
        board.set_retention(Retention::for_budget(settings.limits.max_board_bytes));
        Self {
            board,
            every: settings.snapshot_every,
            last: 0,
        }
    }

    /// Folds the events of ops just appended.
    pub fn apply(&mut self, ops: &[NewOp]) {
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
    pub async fn save_if_due(&mut self, store: &Arc<dyn EventStore>, id: &BoardId, head: u64) {
        if head < self.last.saturating_add(self.every) {
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
