//! Start-up policy, shared by the binary and the tests: an app on an opened store, with what
//! the backend needs. On Postgres several instances may write the same boards, so every loaded
//! board polls the store as a safety net and a listener turns other instances' NOTIFY hints
//! into wake-ups; SQLite has one writer and needs neither.

use crate::hints::{self, CATCH_UP_POLL};
use crate::state::AppState;
use crate::store_select::OpenedStore;
use crate::{Settings, app_state};

/// The app state over `opened`, with the catch-up poll and the hint listener when the store
/// is shared (Postgres). `settings.catch_up_poll`, when set, wins over [`CATCH_UP_POLL`].
pub fn start(opened: &OpenedStore, mut settings: Settings) -> AppState {
    if opened.postgres.is_some() && settings.catch_up_poll.is_none() {
        settings.catch_up_poll = Some(CATCH_UP_POLL);
    }
    let state = app_state(opened.store.clone(), settings);
    if let Some(pg) = opened.postgres.clone() {
        hints::spawn_listener(pg, state.hub.clone());
    }
    state
}
