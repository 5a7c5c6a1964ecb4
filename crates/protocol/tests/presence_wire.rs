//! Presence on the wire: the client's `presence` message and the server's are flat objects
//! (the fields beside `type`), whatever type carries them inside.

use eventstorm_protocol::{ClientMessage, Presence, ServerMessage, parse_client_message};
use serde_json::json;

#[test]
fn a_client_presence_is_read_from_flat_fields_and_absent_ones_default() {
    let id = "0b2a3c1e-0000-4000-8000-000000000001";
    let text = json!({
        "type": "presence",
        "cursor": {"x": 10.5, "y": -3.0},
        "selection": [id],
        "editing": id,
    })
    .to_string();
    let Ok(ClientMessage::Presence(p)) = parse_client_message(&text) else {
        panic!("a presence message parses");
    };
    assert_eq!(p.selection.len(), 1);
    assert_eq!(p.editing, p.selection.first().copied());
    assert!(p.cursor.is_some() && p.viewport.is_none());

    let bare = parse_client_message(r#"{"type":"presence"}"#);
    assert!(matches!(bare, Ok(ClientMessage::Presence(p)) if p == Presence::default()));
}

#[test]
fn the_server_passes_presence_on_flat_beside_the_participant() {
    let message = ServerMessage::Presence {
        participant: "p1".into(),
        presence: Presence::default(),
    };
    let value = serde_json::to_value(&message).unwrap();
    assert_eq!(
        value,
        json!({"type": "presence", "participant": "p1", "cursor": null, "selection": []})
    );
}
