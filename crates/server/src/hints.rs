//! Several instances on one Postgres: every committed batch is followed by a NOTIFY hint
//! (`board_id:seq`) while another instance listens; this listener turns the hints of other
//! instances into wake-ups for boards loaded here, which then read the new events from the
//! store. A purge hint unloads the board here. Hints can be missed while the listener
//! reconnects; each loaded board also polls for events, and a sweep checks every poll period
//! that the loaded boards still exist (the safety nets).

use std::time::Duration;

use eventstorm_store_postgres::PgStore;

use crate::hub::Hub;

/// How often a loaded board reads what other instances appended, when nothing else asked for
/// a different period.
pub const CATCH_UP_POLL: Duration = Duration::from_secs(2);

/// Listens for other instances' hints, and starts the purge sweep at the boards' poll period.
pub fn spawn_listener(pg: PgStore, hub: Hub) {
    let period = hub.settings().catch_up_poll.unwrap_or(CATCH_UP_POLL);
    spawn_purge_sweep(hub.clone(), period);
    tokio::spawn(async move {
        loop {
            match pg.listen_hints().await {
                Ok(mut listener) => loop {
                    match listener.recv().await {
                        Ok(hint) if hint.is_purge() => hub.unload_purged(&hint.board).await,
                        Ok(hint) => hub.wake(&hint.board, hint.seq),
                        Err(e) => {
                            tracing::warn!(error = %e, "hint listener failed; reconnecting");
                            break;
                        }
                    }
                },
                Err(e) => tracing::warn!(error = %e, "could not start the hint listener"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

/// Every `period`, unloads the loaded boards another instance purged while its hint was lost.
pub fn spawn_purge_sweep(hub: Hub, period: Duration) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(period);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            hub.sweep_purged().await;
        }
    });
}
