//! The eventstorm server: the HTTP API and pages, the WebSocket sessions, and the board hub
//! (one actor per loaded board) that turns commands into committed events and broadcasts
//! them. `main` only parses configuration and calls [`serve`]; tests start the same server on
//! port 0.

pub mod access;
pub mod backup;
pub mod board_templates;
pub mod boards;
pub mod cli;
pub mod config;
pub mod hints;
pub mod http;
pub mod hub;
pub mod metrics;
pub mod settings;
pub mod startup;
pub mod state;
pub mod store_select;
pub mod ws;

use std::future::Future;
use std::sync::Arc;

use tokio::net::TcpListener;

pub use settings::Settings;
pub use state::AppState;

/// Serves the app on `listener` until `shutdown` resolves; then stops accepting, closes every
/// WebSocket with "going away" (clients reconnect elsewhere) and lets open requests finish.
/// Commands already queued at a board are committed and acknowledged before its sockets close.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Small frames must leave at once: Nagle's algorithm would hold an event frame back until
    // the previous one is acknowledged, adding tens of milliseconds to every fan-out.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
    });
    let hub = state.hub.clone();
    let signal_hub = hub.clone();
    let app = http::router(state);
    let signal = async move {
        shutdown.await;
        signal_hub
            .shutdown(std::time::Duration::from_secs(10))
            .await;
    };
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(signal)
    .await?;
    // Upgraded sockets are no longer the HTTP server's connections: wait for the sessions to
    // send their close frames before returning.
    tracing::debug!(
        sessions = hub.open_sessions(),
        "waiting for sessions to close"
    );
    hub.sessions_closed(std::time::Duration::from_secs(10))
        .await;
    Ok(())
}

/// Builds the app state on an opened store.
pub fn app_state(store: Arc<dyn eventstorm_store::EventStore>, settings: Settings) -> AppState {
    AppState::new(hub::Hub::new(store, Arc::new(settings)))
}
