//! The HTTP API against the real server on a real port, on SQLite and on Postgres.

mod support;

use eventstorm_board::{Board, Event, evolve};
use eventstorm_protocol::board_view;
use serde_json::{Value, json};
use support::{Db, TestApp, add_note, spawn_app};
use uuid::Uuid;

/// Runs a test body once on a fresh SQLite file and once on a fresh Postgres database.
macro_rules! on_both_backends {
    ($name:ident, $body:ident) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                $body(Db::fresh_sqlite()).await;
            }
            #[tokio::test]
            #[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
            async fn postgres() {
                if let Some(db) = Db::fresh_postgres().await {
                    $body(db).await;
                }
            }
        }
    };
}

on_both_backends!(boards_and_events_survive_a_restart, survive_restart);
on_both_backends!(
    every_bad_request_gets_a_json_error_and_changes_nothing,
    bad_requests
);
on_both_backends!(
    a_resent_op_applies_once_and_a_reused_op_id_is_refused,
    resend
);
on_both_backends!(stored_events_fold_to_the_served_board, fold_matches);

async fn survive_restart(db: Db) {
    let app = spawn_app(db).await;
    let board = app.create_board("Checkout").await;
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    assert_eq!(
        app.command(
            &board,
            Uuid::new_v4(),
            add_note(a, "event", "Order Placed", 100.0, 200.0)
        )
        .await
        .0,
        200
    );
    assert_eq!(
        app.command(
            &board,
            Uuid::new_v4(),
            add_note(b, "policy", "Reserve stock", 300.0, 200.0)
        )
        .await
        .0,
        200
    );
    let (status, body) = app
        .command(
            &board,
            Uuid::new_v4(),
            json!({"type": "add_connector", "id": Uuid::new_v4(), "from": a, "to": b}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["seq"], 4);
    let before = app.board(&board).await;
    let events_before = app.all_events(&board).await;
    let db = app.stop().await;

    let app = spawn_app(db).await;
    let after = app.board(&board).await;
    assert_eq!(after, before);
    assert_eq!(after["notes"].as_array().unwrap().len(), 2);
    assert_eq!(after["connectors"].as_array().unwrap().len(), 1);
    assert_eq!(app.all_events(&board).await, events_before);
    assert_eq!(events_before.len(), 4);
}

/// (what is sent, expected status, expected code)
fn bad_requests_for(board: &str, note: Uuid) -> Vec<(String, String, u16, &'static str)> {
    let cmd = |c: Value| json!({ "op_id": Uuid::new_v4(), "command": c }).to_string();
    let path = format!("/api/boards/{board}/commands");
    let huge_text = "x".repeat(1_000_000);
    let p = |body: String, status: u16, code: &'static str| (path.clone(), body, status, code);
    vec![
        p("{not json".into(), 400, "malformed"),
        p("".into(), 400, "malformed"),
        p("[1,2,3]".into(), 400, "invalid_request"),
        p(json!({ "command": add_note(Uuid::new_v4(), "event", "x", 0.0, 0.0) }).to_string(), 400, "invalid_op_id"),
        p(json!({ "op_id": "not-a-uuid", "command": add_note(Uuid::new_v4(), "event", "x", 0.0, 0.0) }).to_string(), 400, "invalid_op_id"),
        p(json!({ "op_id": 42, "command": add_note(Uuid::new_v4(), "event", "x", 0.0, 0.0) }).to_string(), 400, "invalid_op_id"),
        p(json!({ "op_id": Uuid::new_v4() }).to_string(), 400, "invalid_command"),
        p(cmd(json!({ "type": "launch_rockets" })), 400, "unknown_command"),
        p(cmd(json!({ "kind": "event" })), 400, "invalid_command"),
        p(cmd(json!({ "type": "add_note", "id": Uuid::new_v4(), "kind": "event", "x": 1 })), 400, "invalid_command"),
        p(cmd(json!({ "type": "add_note", "id": Uuid::new_v4(), "kind": "event", "x": "left", "y": 2 })), 400, "invalid_command"),
        p(cmd(json!({ "type": "add_note", "id": Uuid::new_v4(), "kind": "unicorn", "x": 1, "y": 2 })), 400, "invalid_command"),
        p(cmd(json!({ "type": "add_note", "id": "nope", "kind": "event", "x": 1, "y": 2 })), 400, "invalid_command"),
        p(cmd(json!({ "type": "add_note", "id": Uuid::new_v4(), "kind": "event", "x": 1e300, "y": 2 })), 422, "invalid_coordinate"),
        // JSON cannot carry NaN; a client that writes it sends invalid JSON.
        p(format!(r#"{{"op_id":"{}","command":{{"type":"add_note","id":"{}","kind":"event","x":NaN,"y":2}}}}"#, Uuid::new_v4(), Uuid::new_v4()), 400, "malformed"),
        p(cmd(json!({ "type": "add_note", "id": Uuid::new_v4(), "kind": "event", "x": 1, "y": 2, "w": -5 })), 422, "invalid_size"),
        p(cmd(json!({ "type": "add_note", "id": note, "kind": "event", "x": 1, "y": 2 })), 422, "duplicate_id"),
        p(cmd(json!({ "type": "edit_text", "id": note, "text": "x".repeat(4_001) })), 422, "text_too_long"),
        p(cmd(json!({ "type": "edit_text", "id": note, "text": huge_text })), 413, "too_large"),
        p(cmd(json!({ "type": "edit_text", "id": note, "text": "nul\u{0}byte" })), 422, "invalid_text"),
        p(cmd(json!({ "type": "edit_text", "id": Uuid::new_v4(), "text": "hello" })), 422, "unknown_note"),
        p(cmd(json!({ "type": "move_notes", "moves": [] })), 422, "invalid_command"),
        p(cmd(json!({ "type": "move_notes", "moves": [{ "id": Uuid::new_v4(), "x": 1, "y": 1 }] })), 422, "unknown_note"),
        p(cmd(json!({ "type": "add_connector", "id": Uuid::new_v4(), "from": note, "to": note })), 422, "self_connector"),
        p(cmd(json!({ "type": "remove_connector", "id": Uuid::new_v4() })), 422, "unknown_connector"),
        p(cmd(json!({ "type": "change_frame", "id": Uuid::new_v4(), "name": "Sales" })), 422, "unknown_frame"),
        p(cmd(json!({ "type": "rename_board", "title": "   " })), 422, "invalid_title"),
        p(cmd(json!({ "type": "restore_note", "id": note })), 422, "note_not_deleted"),
        p(cmd(json!({ "type": "set_details", "id": note, "details": { "fields": [{ "name": "a" }, { "name": "a" }] } })), 422, "invalid_details"),
        p(cmd(json!({ "type": "create_board", "title": "again" })), 400, "unknown_command"),
        ("/api/boards/0123456789abcdef0123456789abcdef/commands".into(), cmd(add_note(Uuid::new_v4(), "event", "x", 0.0, 0.0)), 404, "board_not_found"),
        ("/api/boards/..%2F..%2Fetc%2Fpasswd/commands".into(), cmd(add_note(Uuid::new_v4(), "event", "x", 0.0, 0.0)), 404, "board_not_found"),
        ("/api/boards".into(), "{}".into(), 400, "invalid_request"),
        ("/api/boards".into(), json!({ "title": "" }).to_string(), 422, "invalid_title"),
        ("/api/boards".into(), json!({ "title": 7 }).to_string(), 400, "invalid_request"),
    ]
}

async fn bad_requests(db: Db) {
    let app = spawn_app(db).await;
    let board = app.create_board("Bad input").await;
    let note = Uuid::new_v4();
    assert_eq!(
        app.command(
            &board,
            Uuid::new_v4(),
            add_note(note, "event", "Order Placed", 0.0, 0.0)
        )
        .await
        .0,
        200
    );
    let before = app.board(&board).await;
    let cases = bad_requests_for(&board, note);
    assert!(cases.len() >= 20);
    for (path, body, status, code) in cases {
        let (got_status, got) = app.post_raw(&path, body.clone()).await;
        let shown: String = body.chars().take(120).collect();
        assert_eq!(got_status, status, "{path} {shown}: {got}");
        assert_eq!(got["error"], code, "{path} {shown}: {got}");
        assert!(
            got["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{got}"
        );
    }
    for (path, status, code) in [
        (
            format!("/api/boards/{board}/events?after=-1"),
            400,
            "invalid_query",
        ),
        (
            format!("/api/boards/{board}/events?limit=lots"),
            400,
            "invalid_query",
        ),
        ("/api/boards/short".to_owned(), 404, "board_not_found"),
        ("/api/nothing-here".to_owned(), 404, "not_found"),
    ] {
        let (got_status, got) = app.get(&path).await;
        assert_eq!(
            (got_status, got["error"].as_str().unwrap()),
            (status, code),
            "{path}"
        );
    }
    assert_eq!(
        app.board(&board).await,
        before,
        "no bad request may change the board"
    );
}

async fn resend(db: Db) {
    let app = spawn_app(db).await;
    let board = app.create_board("Resends").await;
    let (op, note) = (Uuid::new_v4(), Uuid::new_v4());
    let (status, first) = app
        .command(
            &board,
            op,
            add_note(note, "event", "Order Placed", 1.0, 2.0),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(first["seq"], 2);
    assert_eq!(first["events"][0]["event"]["type"], "note_added");
    // The same command with keys in another order is the same command.
    let reordered = format!(
        r#"{{"command":{{"y":2,"x":1,"text":"Order Placed","kind":"event","id":"{note}","type":"add_note"}},"op_id":"{op}"}}"#
    );
    let (status, again) = app
        .post_raw(&format!("/api/boards/{board}/commands"), reordered)
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(
        again,
        json!({ "seq": 2, "first_seq": 2, "events": [], "duplicate": true })
    );
    let (status, reused) = app
        .command(
            &board,
            op,
            add_note(note, "event", "Something else", 1.0, 2.0),
        )
        .await;
    assert_eq!(
        (status, reused["error"].as_str().unwrap()),
        (409, "op_id_reused")
    );

    // A command that changes nothing is acknowledged with the current seq and no events, and
    // its resend too.
    let noop = Uuid::new_v4();
    let (status, body) = app
        .command(
            &board,
            noop,
            json!({ "type": "move_notes", "moves": [{ "id": note, "x": 1, "y": 2 }] }),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (
            body["seq"].as_u64(),
            body["events"].as_array().map(Vec::len)
        ),
        (Some(2), Some(0))
    );
    let (_, body) = app
        .command(
            &board,
            noop,
            json!({ "type": "move_notes", "moves": [{ "id": note, "x": 1, "y": 2 }] }),
        )
        .await;
    assert_eq!(body["duplicate"], true);
    assert_eq!(app.all_events(&board).await.len(), 2);

    // A resend the server no longer remembers in memory (after a restart) is found in the store.
    let db = app.stop().await;
    let app = spawn_app(db).await;
    let (status, again) = app
        .command(
            &board,
            op,
            add_note(note, "event", "Order Placed", 1.0, 2.0),
        )
        .await;
    assert_eq!(
        (status, again["duplicate"].as_bool(), again["seq"].as_u64()),
        (200, Some(true), Some(2))
    );
    assert_eq!(app.all_events(&board).await.len(), 2);
}

/// Random command sequences through the API: the board folded from the stored events equals
/// the board the server serves.
async fn fold_matches(db: Db) {
    let app = spawn_app(db).await;
    let board = app.create_board("Fold").await;
    let mut rng_state = 0x2545F4914F6CDD1Du64;
    let mut next = move |n: u64| {
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        rng_state % n
    };
    let ids: Vec<Uuid> = (0..8).map(|i| Uuid::from_u128(0x1000 + i)).collect();
    let kinds = [
        "event",
        "command",
        "policy",
        "aggregate",
        "read_model",
        "hotspot",
    ];
    for _ in 0..150 {
        let id = ids[next(8) as usize];
        let other = ids[next(8) as usize];
        let command = match next(9) {
            0 | 1 => add_note(
                id,
                kinds[next(6) as usize],
                &format!("Sticky {}", next(100)),
                next(800) as f64,
                next(600) as f64,
            ),
            2 => {
                json!({ "type": "move_notes", "moves": [{ "id": id, "x": next(900), "y": next(900) }] })
            }
            3 => json!({ "type": "edit_text", "id": id, "text": format!("Text {}", next(50)) }),
            4 => json!({ "type": "delete_note", "id": id }),
            5 => json!({ "type": "restore_note", "id": id }),
            6 => {
                json!({ "type": "add_connector", "id": Uuid::from_u128(0x2000 + next(6) as u128), "from": id, "to": other })
            }
            7 => json!({ "type": "change_kind", "id": id, "kind": kinds[next(6) as usize] }),
            _ => {
                json!({ "type": "resize_note", "id": id, "w": 50 + next(200), "h": 50 + next(200) })
            }
        };
        let (status, body) = app.command(&board, Uuid::new_v4(), command).await;
        assert!(status == 200 || status == 422, "{status} {body}");
    }
    let served = app.board(&board).await;
    let mut folded = Board::default();
    let events = app.all_events(&board).await;
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e["seq"], (i + 1) as u64, "seqs are dense");
        let event: Event = serde_json::from_value(e["event"].clone()).unwrap();
        evolve(&mut folded, &event);
    }
    let view = serde_json::to_value(board_view(&board, events.len() as u64, &folded)).unwrap();
    assert_eq!(view, served);
    assert!(
        events.len() > 40,
        "the sequence should mostly apply ({} events)",
        events.len()
    );
}

#[tokio::test]
async fn health_and_readiness_answer() {
    let app: TestApp = spawn_app(Db::fresh_sqlite()).await;
    let (status, body) = app.get("/healthz").await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
    let (status, body) = app.get("/readyz").await;
    assert_eq!((status, body["database"].as_str()), (200, Some("sqlite")));
}

#[tokio::test]
async fn pages_carry_the_security_headers() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = app.create_board("Headers").await;
    for path in [
        "/".to_owned(),
        format!("/b/{board}"),
        "/static/app.css".to_owned(),
        "/api/boards/nope".to_owned(),
    ] {
        let res = app.http.get(app.url(&path)).send().await.unwrap();
        let h = res.headers();
        let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        assert_eq!(h.get("referrer-policy").unwrap(), "no-referrer");
    }
}
