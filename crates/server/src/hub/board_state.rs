//! What one board's actor knows about its board: the board at the committed head, the recent
//! events (for catching reconnecting clients up) and ops (for answering resends), and whether
//! that knowledge is in doubt after a failed append. Changed only through these methods, so
//! the head, the board and the recent events always move together.

use eventstorm_board::{Board, Retention};
use eventstorm_store::{OpRecord, RecordedEvent, StoreError};
use uuid::Uuid;

use super::load::{Loaded, apply_recorded};
use super::recent::{RecentEvents, RecentOps, RememberedOp};

pub(super) struct BoardState {
    board: Board,
    head: u64,
    recent: RecentEvents,
    ops: RecentOps,
    /// Set when an append failed in a way that left the in-memory state unsure; the actor
    /// reloads from the store before its next message.
    stale: bool,
}

/// The board ahead of the store: one whose events were applied but are not known to be
/// committed (a batch decided and sent, waiting for its append).
pub(super) struct Draft(pub Board);

impl BoardState {
    pub fn new(loaded: Loaded, retention: Retention, recent: usize, ops: usize) -> Self {
        let mut board = loaded.board;
        board.set_retention(retention);
        Self {
            board,
            head: loaded.head,
            recent: RecentEvents::new(recent),
            ops: RecentOps::new(ops),
            stale: false,
        }
    }

    pub fn board(&self) -> &Board {
        &self.board
    }

    pub fn head(&self) -> u64 {
        self.head
    }

    pub fn recent(&self) -> &RecentEvents {
        &self.recent
    }

    pub fn is_stale(&self) -> bool {
        self.stale
    }

    /// The append's outcome is unknown: reload before trusting this state again.
    pub fn mark_stale(&mut self) {
        self.stale = true;
    }

    /// An O(1) copy of the board (its maps are persistent) to decide a batch on.
    pub fn draft(&self) -> Draft {
        Draft(self.board.clone())
    }

    /// The draft's events are committed: it becomes the board. Their seqs are recorded one
    /// by one with [`BoardState::record`].
    pub fn accept(&mut self, draft: Draft) {
        self.board = draft.0;
    }

    /// A committed event: the head moves to it and its frame is kept for catch-ups.
    pub fn record(
        &mut self,
        seq: u64,
        op_id: Uuid,
        at_ms: i64,
        frame: axum::extract::ws::Utf8Bytes,
    ) {
        self.head = seq;
        self.recent.push(seq, op_id, at_ms, frame);
    }

    /// A committed event read from the store (another instance's): applied to the board.
    /// `Err` when it does not follow the head or does not decode; the state is then stale.
    pub fn apply_stored(&mut self, rec: &RecordedEvent) -> Result<(), StoreError> {
        let applied = if rec.seq == self.head + 1 {
            apply_recorded(&mut self.board, rec)
        } else {
            Err(StoreError::Corrupt(format!(
                "event {} does not follow head {}",
                rec.seq, self.head
            )))
        };
        match applied {
            Ok(()) => {
                self.head = rec.seq;
                Ok(())
            }
            Err(e) => {
                self.stale = true;
                Err(e)
            }
        }
    }

    /// Replaces the board with the store's at the same head (after a failure left it unsure).
    pub fn replace(&mut self, loaded: Loaded, retention: Retention) -> bool {
        if loaded.head != self.head {
            return false;
        }
        self.board = loaded.board;
        self.board.set_retention(retention);
        self.stale = false;
        true
    }

    /// An op this board committed, if it is still remembered.
    pub fn remembered(&self, op_id: &Uuid) -> Option<RememberedOp> {
        self.ops.get(op_id)
    }

    /// Remembers a committed op, for answering its resends.
    pub fn remember(&mut self, op: &OpRecord) -> RememberedOp {
        self.ops.insert(op)
    }

    /// Keeps the frame of an event committed before this actor started, for catch-ups.
    pub fn keep_recent(
        &mut self,
        seq: u64,
        op_id: Uuid,
        at_ms: i64,
        frame: axum::extract::ws::Utf8Bytes,
    ) {
        self.recent.push(seq, op_id, at_ms, frame);
    }
}
