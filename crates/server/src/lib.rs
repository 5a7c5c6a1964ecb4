//! The eventstorm server: the HTTP API and pages, the WebSocket sessions, and the board hub
//! (one actor per loaded board) that turns commands into committed events and broadcasts
//! them. `main` only parses configuration and calls [`serve`]; tests start the same server on
//! port 0.

pub mod config;
pub mod hints;
pub mod http;
pub mod hub;
pub mod settings;
pub mod state;
pub mod store_select;
pub mod ws;

use std::future::Future;
use std::sync::Arc;

use tokio::net::TcpListener;

pub use settings::Settings;
pub use state::AppState;

/// Serves the app on `listener` until `shutdown` resolves, then stops accepting and lets open
/// requests finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = http::router(state);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Builds the app state on an opened store.
pub fn app_state(store: Arc<dyn eventstorm_store::EventStore>, settings: Settings) -> AppState {
    AppState::new(hub::Hub::new(store, Arc::new(settings)))
}
