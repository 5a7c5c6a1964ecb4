//! The WebSocket frame decoder: any text a client sends must get an answer (a message, an
//! `error`, or a `rejected` naming the op), never a panic or a stack overflow. What parses must
//! mean the same after a round trip through the server's own serialisation.

#![no_main]

use eventstorm_protocol::{ClientMessage, ClientParseError, ErrorCode, parse_client_message};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A text frame is UTF-8 by the time the decoder sees it (the WebSocket layer refuses the
    // rest); lossy conversion still lets every byte string reach the decoder.
    let text = String::from_utf8_lossy(data);
    match parse_client_message(&text) {
        Ok(message) => {
            let again = serde_json::to_string(&message).expect("a parsed message serialises");
            let reparsed = parse_client_message(&again).expect("a serialised message parses");
            if !has_non_finite(&message) {
                assert_eq!(reparsed, message, "round trip of {again}");
            }
            if let ClientMessage::Command(req) = &message {
                assert!(
                    req.actor.is_none(),
                    "a WebSocket command never carries an actor"
                );
                // The content hash input is stable.
                assert_eq!(
                    req.command.canonical_json(),
                    match &reparsed {
                        ClientMessage::Command(r) => r.command.canonical_json(),
                        other => panic!("a command came back as {other:?}"),
                    }
                );
            }
        }
        Err(ClientParseError::Malformed { error, .. }) => {
            assert!(
                matches!(error, ErrorCode::Malformed | ErrorCode::UnknownType),
                "unexpected error code {error:?}"
            );
        }
        Err(ClientParseError::BadCommand { .. }) => {}
    }
});

/// JSON has no NaN or infinity: such a number serialises as null and cannot come back equal.
/// (serde_json never parses one from text, so this only guards the assertion.)
fn has_non_finite(message: &ClientMessage) -> bool {
    let text = format!("{message:?}");
    text.contains("NaN") || text.contains("inf")
}
