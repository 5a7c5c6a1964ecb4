//! The close code for a connection whose frames broke the rules (RFC 6455 section 7.4.1):
//! 1009 for a message over the size limit, 1007 for a text message that is not UTF-8, 1002
//! for a framing error (unmasked, reserved bits or opcodes, a stray continuation, a control
//! frame fragmented or over 125 bytes).

use std::error::Error;

use eventstorm_protocol::{CLOSE_INVALID_DATA, CLOSE_PROTOCOL_ERROR, CLOSE_TOO_BIG};
use tokio_tungstenite::tungstenite;

/// The close code and reason for a read error, or `None` when the connection simply failed
/// (reset, closed without a handshake) and there is nobody to tell.
pub fn close_for(e: &axum::Error) -> Option<(u16, &'static str)> {
    let mut source: Option<&(dyn Error + 'static)> = e.source();
    while let Some(s) = source {
        match s.downcast_ref::<tungstenite::Error>() {
            Some(tungstenite::Error::Capacity(_)) => {
                return Some((CLOSE_TOO_BIG, "frame too large"));
            }
            Some(tungstenite::Error::Utf8(_)) => {
                return Some((CLOSE_INVALID_DATA, "text is not UTF-8"));
            }
            Some(tungstenite::Error::Protocol(_)) => {
                return Some((CLOSE_PROTOCOL_ERROR, "framing error"));
            }
            _ => {}
        }
        source = s.source();
    }
    let text = e.to_string();
    (text.contains("Message too long") || text.contains("Space limit exceeded"))
        .then_some((CLOSE_TOO_BIG, "frame too large"))
}
