//! Boards purged on another instance. A purge erases a board from the store, but this instance
//! may still hold it loaded, with sessions on it, and its link ids resolved in memory. Three
//! things keep it from ever serving such a board, least of all as an empty one:
//!
//! - the purge hint (Postgres NOTIFY) unloads it here at once ([`Hub::unload_purged`]);
//! - hints can be lost, so every poll period the loaded boards are checked against the store
//!   ([`Hub::sweep_purged`]), and resolved link ids are trusted no longer than that period
//!   before the store is asked again;
//! - an actor only starts for a board the store still has (see `registry`), so a request that
//!   resolved a link just before the purge gets `not_found`, not a fresh empty board.

use std::time::Instant;

use eventstorm_store::BoardId;

use super::Hub;
use super::messages::BoardMsg;

impl Hub {
    /// Whether a link resolved at `checked` may be used without asking the store again. With a
    /// single instance only this one can purge, and it forgets the links itself.
    pub(super) fn still_trusted(&self, checked: Instant) -> bool {
        match self.inner.settings.catch_up_poll {
            None => true,
            Some(period) => checked.elapsed() < period,
        }
    }

    /// The board is gone from the store: forget every link id that opened it, and tell its
    /// actor (if loaded) to close its sessions with `board_deleted` and answer whatever is
    /// queued with `not_found`.
    pub async fn unload_purged(&self, board: &BoardId) {
        self.inner
            .resolved
            .lock()
            .expect("resolved lock")
            .retain(|_, (resolved, _)| &resolved.board != board);
        if let Some(tx) = self.inner.registry.loaded(board) {
            let _ = tx.send(BoardMsg::Delete).await;
        }
    }

    /// Unloads every loaded board the store no longer has: the safety net under purge hints.
    /// One query for all loaded boards on Postgres; a store that does not answer is asked
    /// again at the next sweep.
    pub async fn sweep_purged(&self) {
        let loaded = self.inner.registry.loaded_ids();
        if loaded.is_empty() {
            return;
        }
        match self.inner.store.missing_boards(&loaded).await {
            Ok(missing) => {
                for board in missing {
                    tracing::info!(board = %board.log_tag(), "board purged elsewhere; unloading");
                    self.unload_purged(&board).await;
                }
            }
            Err(e) => tracing::warn!(error = %e, "checking loaded boards failed"),
        }
    }
}
