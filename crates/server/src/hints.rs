//! Several instances on one Postgres: every committed batch is followed by a NOTIFY hint
//! (`board_id:seq`) while another instance listens; this listener turns the hints of other
//! instances into wake-ups for boards loaded here, which then read the new events from the
//! store. Hints can be missed while the listener reconnects; each loaded board also polls (the
//! safety net).

use std::time::Duration;

use eventstorm_store_postgres::PgStore;

use crate::hub::Hub;

pub fn spawn_listener(pg: PgStore, hub: Hub) {
    tokio::spawn(async move {
        loop {
            match pg.listen_hints().await {
                Ok(mut listener) => loop {
                    match listener.recv().await {
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
