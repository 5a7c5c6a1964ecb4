//! WebSocket sessions: `GET /api/boards/{id}/ws`. Each connection has a reader (this task)
//! that parses frames, enforces limits and talks to the board's actor, and a writer task that
//! owns the socket's sending half. The actor reaches the writer through a bounded queue, so a
//! slow client only ever fills its own queue.

mod origin;
pub mod rate;
mod session;
mod violation;

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use crate::http::error::AppError;
use crate::state::AppState;

pub use origin::origin_allowed;
pub use rate::TokenBucket;

/// Socket buffers sized for thousands of mostly idle connections (tungstenite's defaults are
/// 128 KiB each way, and its write buffer never shrinks after a burst such as a join); larger
/// frames still go through, in several reads or writes.
const READ_BUFFER: usize = 4 * 1024;
const WRITE_BUFFER: usize = 2 * 1024;

pub async fn upgrade(
    ws: WebSocketUpgrade,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if !origin_allowed(&headers, state.settings.public_origin.as_deref()) {
        return Err(AppError::new(
            eventstorm_protocol::ErrorCode::Forbidden,
            "WebSocket connections from another site are refused",
        ));
    }
    let resolved = state.hub.resolve(&id).await?;
    let max = state.settings.max_frame_bytes;
    Ok(ws
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BUFFER)
        // Every message the server sends is at most one part long (longer ones go as parts,
        // see `eventstorm_protocol::parts`), so the buffer never needs more than that.
        .max_write_buffer_size(WRITE_BUFFER + 2 * eventstorm_protocol::parts::PART_BYTES)
        .max_message_size(max)
        .max_frame_size(max)
        .on_upgrade(move |socket| session::run(socket, state, resolved, id)))
}
