//! The messages eventstorm's server exchanges with browsers, scripts and the load generator,
//! over WebSocket and HTTP, defined once so every party agrees. `docs/protocol.md` describes the
//! conversation; this crate is its source of truth.
//!
//! Depends only on the domain (`eventstorm-board`) and serde: no transport, no storage.

mod client;
pub mod parts;
mod server;
mod view;

pub use client::{
    ClientMessage, ClientParseError, CommandRequest, Cursor, EventRef, Viewport,
    parse_client_message,
};
pub use server::{EventEnvelope, Participant, ServerMessage};
pub use view::{BoardView, BoardViewRef, board_message_json, board_view, board_view_ref};

/// The WebSocket close code for a frame over the size limit (RFC 6455 "message too big").
pub const CLOSE_TOO_BIG: u16 = 1009;
/// The close code sent when the server shuts down, so clients reconnect (elsewhere).
pub const CLOSE_GOING_AWAY: u16 = 1001;
/// The close code when the board was deleted: the client must not reconnect.
pub const CLOSE_BOARD_DELETED: u16 = 4404;
/// The close code after a `resync` (the client fell behind and must rejoin).
pub const CLOSE_RESYNC: u16 = 4000;
