//! One error vocabulary: the same mistake in a command gets the same code over HTTP and over
//! WebSocket, and answers outside the API (a missing static file, the sign-in gate) use the
//! same `{"error", "message"}` body.

mod support;

use eventstorm_server::Settings;
use eventstorm_server::access::Secret;
use serde_json::{Value, json};
use support::ws::Client;
use support::{Db, spawn_app, spawn_app_with};
use uuid::Uuid;

#[tokio::test]
async fn http_and_websocket_give_the_same_code_for_the_same_mistake() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = app.create_board("Codes").await;
    let (mut ws, _) = Client::join(&app.ws_url(&board), "Ann", 0).await;
    let op = Uuid::new_v4();
    for (mistake, request, code) in [
        (
            "an unknown command type",
            json!({ "op_id": op, "command": { "type": "format_disk" } }),
            "unknown_command",
        ),
        (
            "a command that makes a board",
            json!({ "op_id": op, "command": { "type": "create_board", "title": "x" } }),
            "unknown_command",
        ),
        (
            "a known command with bad fields",
            json!({ "op_id": op, "command": { "type": "add_note", "x": "left" } }),
            "invalid_command",
        ),
        ("no command", json!({ "op_id": op }), "invalid_command"),
        (
            "an op id that is no UUID",
            json!({ "op_id": "7", "command": { "type": "reset_timer" } }),
            "invalid_op_id",
        ),
    ] {
        let (status, body) = app
            .post_raw(
                &format!("/api/boards/{board}/commands"),
                request.to_string(),
            )
            .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some(code)),
            "HTTP: {mistake}"
        );

        let mut frame = request.clone();
        frame["type"] = json!("command");
        ws.send(frame).await;
        // With a readable op id the op is rejected; without one the frame gets an error.
        let answer: Value = if request["op_id"] == json!(op) {
            ws.outcome(op).await
        } else {
            ws.next_of("error").await
        };
        assert_eq!(answer["error"], code, "WebSocket: {mistake}");
    }
}

#[tokio::test]
async fn answers_outside_the_api_speak_the_same_vocabulary() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let (status, body) = app.get("/static/no-such-file.js").await;
    assert_eq!((status, body["error"].as_str()), (404, Some("not_found")));
    let (status, body) = app
        .get("/api/boards/0123456789abcdef0123456789abcdef")
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (404, Some("board_not_found"))
    );

    let gated = Settings {
        password: Some(Secret::new("open sesame")),
        ..Settings::default()
    };
    let app = spawn_app_with(Db::fresh_sqlite(), gated).await;
    let (status, body) = app
        .get("/api/boards/0123456789abcdef0123456789abcdef")
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("unauthorized"))
    );
    assert!(body["message"].is_string());
}
