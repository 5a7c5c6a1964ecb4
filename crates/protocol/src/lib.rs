//! The messages eventstorm's server exchanges with browsers, scripts and the load generator,
//! over WebSocket and HTTP, defined once so every party agrees. `docs/protocol.md` describes the
//! conversation; this crate is its source of truth.
//!
//! Depends only on the domain (`eventstorm-board`) and serde: no transport, no storage.

mod client;
mod command;
mod error;
pub mod names;
pub mod parts;
mod server;
mod view;

pub use client::{
    ClientMessage, ClientParseError, CommandRequest, Cursor, EventRef, Presence, Viewport,
    parse_client_message,
};
pub use command::{RequestError, is_client_command, parse_command, parse_command_request};
pub use error::ErrorCode;
pub use server::{EventEnvelope, Participant, ServerMessage};
pub use view::{BoardView, BoardViewRef, board_message_json, board_view, board_view_ref};

/// The close code for an ordinary end (an idle connection).
pub const CLOSE_NORMAL: u16 = 1000;
/// The close code for a framing error (RFC 6455 "protocol error").
pub const CLOSE_PROTOCOL_ERROR: u16 = 1002;
/// The close code for a text message that is not UTF-8 (RFC 6455 "invalid payload data").
pub const CLOSE_INVALID_DATA: u16 = 1007;
/// The close code when the server cannot serve the connection (the board did not load).
pub const CLOSE_INTERNAL_ERROR: u16 = 1011;
/// The WebSocket close code for a frame over the size limit (RFC 6455 "message too big").
pub const CLOSE_TOO_BIG: u16 = 1009;
/// The close code sent when the server shuts down, so clients reconnect (elsewhere).
pub const CLOSE_GOING_AWAY: u16 = 1001;
/// The close code when the board was deleted: the client must not reconnect.
pub const CLOSE_BOARD_DELETED: u16 = 4404;
/// The close code after a `resync` (the client fell behind and must rejoin).
pub const CLOSE_RESYNC: u16 = 4000;
