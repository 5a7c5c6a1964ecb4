//! Exports (pictures of the wall among them), backups, imports, forks and past states over HTTP,
//! on both backends.

mod support;

use serde_json::{Value, json};
use support::{Db, TestApp, add_note, spawn_app};
use uuid::Uuid;

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

on_both_backends!(a_backup_imports_as_an_identical_board, backup_round_trip);
on_both_backends!(a_fork_at_seq_n_equals_the_board_at_n, fork_equals_past);

/// A small order flow: returns (board id, its notes).
async fn order_flow(app: &TestApp) -> String {
    let board = app.create_board("Order flow").await;
    let (cmd, agg, evt, pol) = (
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
    );
    let commands = vec![
        add_note(cmd, "command", "Place Order", 0.0, 0.0),
        add_note(agg, "aggregate", "Order", 200.0, 0.0),
        add_note(evt, "event", "Order Placed", 400.0, 0.0),
        add_note(pol, "policy", "Reserve stock", 600.0, 0.0),
        json!({ "type": "add_connector", "id": Uuid::new_v4(), "from": cmd, "to": agg }),
        json!({ "type": "add_connector", "id": Uuid::new_v4(), "from": agg, "to": evt }),
        json!({ "type": "add_connector", "id": Uuid::new_v4(), "from": evt, "to": pol }),
        json!({ "type": "set_details", "id": evt, "details": { "fields": [{ "name": "orderId", "type": "uuid", "required": true }] } }),
        json!({ "type": "set_details", "id": pol, "details": { "idempotent": true, "retry": { "max_attempts": 3, "backoff": "exponential" } } }),
        json!({ "type": "add_frame", "id": Uuid::new_v4(), "kind": "bounded_context", "name": "Sales", "x": -50, "y": -50, "w": 800, "h": 300 }),
        json!({ "type": "edit_text", "id": evt, "text": "<img src=x onerror=alert(1)>" }),
        json!({ "type": "delete_note", "id": pol }),
        json!({ "type": "restore_note", "id": pol }),
        json!({ "type": "rename_board", "title": "Order flow v2" }),
    ];
    for c in commands {
        let (status, body) = app.command(&board, Uuid::new_v4(), c).await;
        assert_eq!(status, 200, "{body}");
    }
    board
}

fn without_id(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("id");
    v
}

async fn backup_round_trip(db: Db) {
    let app = spawn_app(db).await;
    let board = order_flow(&app).await;
    let res = app
        .http
        .get(app.url(&format!("/api/boards/{board}/backup")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"order-flow-v2.backup.json\""
    );
    let backup: Value = res.json().await.unwrap();
    assert_eq!(backup["format"], "eventstorm.backup/v1");
    assert_eq!(backup["events"].as_array().unwrap().len(), 15);

    let (status, created) = app.post_raw("/api/boards/import", backup.to_string()).await;
    assert_eq!(status, 201, "{created}");
    let copy = created["id"].as_str().unwrap();
    assert_ne!(copy, board);
    assert_eq!(created["title"], "Order flow v2");
    assert_eq!(
        without_id(app.board(copy).await),
        without_id(app.board(&board).await)
    );
    let original_events: Vec<Value> = app.all_events(&board).await;
    let copied_events: Vec<Value> = app.all_events(copy).await;
    assert_eq!(
        copied_events, original_events,
        "the same events, op ids, actors and times"
    );
    for format in ["json", "asyncapi", "asyncapi-json", "markdown"] {
        let a = app
            .http
            .get(app.url(&format!("/api/boards/{board}/export?format={format}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let b = app
            .http
            .get(app.url(&format!("/api/boards/{copy}/export?format={format}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(a, b, "{format} export of the copy is byte-identical");
    }

    // A tampered backup is refused and creates nothing.
    let mut tampered = backup.clone();
    tampered["events"][3]["event"]["note"]["text"] = json!("x".repeat(5_000));
    let (status, body) = app
        .post_raw("/api/boards/import", tampered.to_string())
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_backup")),
        "{body}"
    );
    let mut gap = backup.clone();
    gap["events"].as_array_mut().unwrap().remove(4);
    let (status, _) = app.post_raw("/api/boards/import", gap.to_string()).await;
    assert_eq!(status, 400);
}

async fn fork_equals_past(db: Db) {
    let app = spawn_app(db).await;
    let board = order_flow(&app).await;
    for at in [1u64, 5, 9, 12, 15] {
        let (status, past) = app.get(&format!("/api/boards/{board}?at={at}")).await;
        assert_eq!(status, 200, "{past}");
        assert_eq!(past["seq"], at);
        let (status, fork) = app
            .post_raw(
                &format!("/api/boards/{board}/fork"),
                json!({ "at": at }).to_string(),
            )
            .await;
        assert_eq!(status, 201, "{fork}");
        let forked = app.board(fork["id"].as_str().unwrap()).await;
        assert_eq!(without_id(forked), without_id(past), "fork at {at}");
    }
    let (status, body) = app.get(&format!("/api/boards/{board}?at=99")).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_seq")));
    let (status, _) = app
        .post_raw(
            &format!("/api/boards/{board}/fork"),
            json!({ "at": 99 }).to_string(),
        )
        .await;
    assert_eq!(status, 400);
    let (status, body) = app.get(&format!("/api/boards/{board}?at=-3")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_query"))
    );
}

#[tokio::test]
async fn exports_come_in_every_format_for_now_and_for_a_past_seq() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = order_flow(&app).await;
    for (format, content_type, ext) in [
        ("json", "application/json", "spec.json"),
        ("asyncapi", "application/yaml", "asyncapi.yaml"),
        ("asyncapi-json", "application/json", "asyncapi.json"),
        ("markdown", "text/markdown", "md"),
        ("cml", "text/plain", "cml"),
    ] {
        let res = app
            .http
            .get(app.url(&format!("/api/boards/{board}/export?format={format}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{format}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(content_type),
            "{format}"
        );
        assert_eq!(
            res.headers()["content-disposition"],
            format!("attachment; filename=\"order-flow-v2.{ext}\"").as_str()
        );
        let text = res.text().await.unwrap();
        if format == "cml" {
            assert!(text.contains("BoundedContext Sales"), "{text}");
            continue;
        }
        assert!(
            text.contains("Place Order") || text.contains("PlaceOrder"),
            "{format}"
        );
        if format == "markdown" {
            assert!(
                !text.contains("<img"),
                "sticky markup is escaped in Markdown"
            );
            assert!(text.contains("&lt;img"), "and still readable");
        }
    }
    let spec: Value = app
        .get(&format!("/api/boards/{board}/export?format=json"))
        .await
        .1;
    assert_eq!(spec["format"], "eventstorm.spec/v1");
    let early: Value = app
        .get(&format!("/api/boards/{board}/export?format=json&at=3"))
        .await
        .1;
    assert_ne!(
        early, spec,
        "the export at seq 3 is the board as it was then"
    );
    let (status, body) = app
        .get(&format!("/api/boards/{board}/export?format=pdf"))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_query"))
    );
}

#[tokio::test]
async fn renaming_an_event_shows_its_new_address_in_the_diff_and_a_context_has_its_own_asyncapi() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = order_flow(&app).await;
    let (_, view) = app.get(&format!("/api/boards/{board}")).await;
    let event = view["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "event")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, head) = app.get(&format!("/api/boards/{board}")).await;
    let from = head["seq"].as_u64().unwrap();
    let (status, body) = app
        .command(
            &board,
            Uuid::new_v4(),
            json!({ "type": "edit_text", "id": event, "text": "Order Accepted" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, diff) = app
        .get(&format!("/api/boards/{board}/diff?from={from}"))
        .await;
    assert_eq!(status, 200, "{diff}");
    let renamed = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "event" && c["change"] == "renamed")
        .cloned()
        .unwrap_or_else(|| panic!("no renamed event in {diff}"));
    let details: Vec<&str> = renamed["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(
        details
            .contains(&"address: \"sales.img-src-x-onerror-alert1\" -> \"sales.order-accepted\""),
        "{details:?}"
    );
    assert!(
        details.contains(&"code_name: \"ImgSrcXOnerrorAlert1\" -> \"OrderAccepted\""),
        "{details:?}"
    );

    // One bounded context's AsyncAPI, versioned by the board's seq.
    let res = app
        .http
        .get(app.url(&format!(
            "/api/boards/{board}/export?format=asyncapi-json&context=sales"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"order-flow-v2-sales.asyncapi.json\""
    );
    let doc: Value = res.json().await.unwrap();
    assert_eq!(doc["info"]["version"], format!("1.{}.0", from + 1));
    assert!(doc["channels"]["sales.order-accepted"].is_object(), "{doc}");
    let (status, body) = app
        .get(&format!(
            "/api/boards/{board}/export?format=asyncapi&context=nowhere"
        ))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unknown_context"))
    );
    let (status, body) = app
        .get(&format!(
            "/api/boards/{board}/export?format=markdown&context=sales"
        ))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_query"))
    );
}

// Pictures of the wall (`format=svg|png`): the whole board, a frame, a selection, a past state,
// and the refusals.

on_both_backends!(pictures_of_the_board_a_frame_and_a_selection, pictures);
on_both_backends!(unknown_ids_and_bad_options_are_refused, refusals);

struct Wall {
    board: String,
    frame: Uuid,
    command: Uuid,
    event: Uuid,
}

async fn wall(app: &TestApp) -> Wall {
    let board = app.create_board("Picture <test>").await;
    let (frame, command, event) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    for c in [
        json!({ "type": "add_frame", "id": frame, "kind": "bounded_context", "name": "Sales", "x": 0, "y": 0, "w": 500, "h": 200 }),
        add_note(command, "command", "Place Order", 20.0, 40.0),
        add_note(event, "event", "Order Placed & \"paid\"", 250.0, 40.0),
        add_note(Uuid::new_v4(), "hotspot", "Far away", 2000.0, 1000.0),
        json!({ "type": "add_connector", "id": Uuid::new_v4(), "from": command, "to": event }),
    ] {
        let (status, body) = app.command(&board, Uuid::new_v4(), c).await;
        assert_eq!(status, 200, "{body}");
    }
    Wall {
        board,
        frame,
        command,
        event,
    }
}

async fn fetch(app: &TestApp, query: &str) -> (u16, String, String, Vec<u8>) {
    let res = app.http.get(app.url(query)).send().await.unwrap();
    let status = res.status().as_u16();
    let header = |name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (kind, disposition) = (header("content-type"), header("content-disposition"));
    (
        status,
        kind,
        disposition,
        res.bytes().await.unwrap().to_vec(),
    )
}

fn view_box(svg: &str) -> String {
    let start = svg.find("viewBox=\"").unwrap() + 9;
    let end = start + svg[start..].find('"').unwrap();
    svg[start..end].to_owned()
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a PNG");
    (reader.info().width, reader.info().height)
}

async fn pictures(db: Db) {
    let app = spawn_app(db).await;
    let w = wall(&app).await;
    let board = &w.board;

    let (status, kind, disposition, body) =
        fetch(&app, &format!("/api/boards/{board}/export?format=svg")).await;
    assert_eq!(status, 200);
    assert_eq!(kind, "image/svg+xml");
    assert_eq!(disposition, "attachment; filename=\"picture-test.svg\"");
    let svg = String::from_utf8(body).unwrap();
    assert!(svg.contains("Place Order") && svg.contains("Far away"));
    assert!(svg.contains("&amp;") && svg.contains("&quot;paid&quot;"));
    assert!(!svg.contains("\"paid\""));
    // The whole board: from the frame's title (28 above it) to the far hotspot, 40 around.
    assert_eq!(view_box(&svg), "-40 -68 2220 1208");
    let (_, _, _, again) = fetch(&app, &format!("/api/boards/{board}/export?format=svg")).await;
    assert_eq!(
        String::from_utf8(again).unwrap(),
        svg,
        "the same board, the same bytes"
    );

    let (status, kind, disposition, body) = fetch(
        &app,
        &format!("/api/boards/{board}/export?format=png&frame={}", w.frame),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(kind, "image/png");
    assert_eq!(
        disposition,
        "attachment; filename=\"picture-test-sales.png\""
    );
    assert_eq!(png_size(&body), (580, 308));
    let (_, _, _, twice) = fetch(
        &app,
        &format!("/api/boards/{board}/export?format=png&frame={}", w.frame),
    )
    .await;
    assert_eq!(twice, body, "PNG bytes are deterministic");

    let (status, _, _, body) = fetch(
        &app,
        &format!(
            "/api/boards/{board}/export?format=png&frame={}&scale=2",
            w.frame
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(png_size(&body), (1160, 616));

    let (status, _, disposition, body) = fetch(
        &app,
        &format!(
            "/api/boards/{board}/export?format=svg&ids={},{}",
            w.command, w.event
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        disposition,
        "attachment; filename=\"picture-test-selection.svg\""
    );
    let svg = String::from_utf8(body).unwrap();
    assert!(svg.contains("Place Order") && !svg.contains("Far away"));
    // From the command at (20, 40) at (250, 40), 40 around.
    assert!(view_box(&svg).starts_with("-20 0 "), "{}", view_box(&svg));

    // The Markdown with a picture of the bounded context beside it.
    let (status, kind, disposition, body) = fetch(
        &app,
        &format!("/api/boards/{board}/export?format=markdown-zip"),
    )
    .await;
    assert_eq!((status, kind.as_str()), (200, "application/zip"));
    assert_eq!(disposition, "attachment; filename=\"picture-test.md.zip\"");
    let zip = String::from_utf8_lossy(&body);
    assert!(zip.contains("README.md") && zip.contains("pictures/sales.svg"));
    assert!(zip.contains("![Sales on the wall](pictures/sales.svg)"));

    // The board as it was before the hotspot and the connector.
    let (status, _, _, body) =
        fetch(&app, &format!("/api/boards/{board}/export?format=svg&at=3")).await;
    assert_eq!(status, 200);
    let svg = String::from_utf8(body).unwrap();
    assert!(svg.contains("Place Order") && !svg.contains("Far away"));
}

async fn refusals(db: Db) {
    let app = spawn_app(db).await;
    let w = wall(&app).await;
    let board = &w.board;
    let nowhere = Uuid::new_v4();
    for (query, status, code) in [
        (format!("format=svg&frame={nowhere}"), 400, "unknown_frame"),
        (
            format!("format=png&frame={}", w.command),
            400,
            "unknown_frame",
        ),
        (
            format!("format=svg&ids={},{nowhere}", w.command),
            400,
            "unknown_element",
        ),
        (
            "format=svg&frame=not-a-uuid".to_owned(),
            400,
            "invalid_query",
        ),
        (
            format!("format=svg&frame={0}&ids={0}", w.frame),
            400,
            "invalid_query",
        ),
        ("format=png&scale=9".to_owned(), 400, "invalid_query"),
        ("format=png&scale=many".to_owned(), 400, "invalid_query"),
        ("format=svg&context=sales".to_owned(), 400, "invalid_query"),
    ] {
        let (got, body) = app
            .get(&format!("/api/boards/{board}/export?{query}"))
            .await;
        assert_eq!(
            (got, body["error"].as_str()),
            (status, Some(code)),
            "{query}: {body}"
        );
    }
}

#[tokio::test]
async fn a_board_too_big_for_a_png_is_refused_with_its_own_code() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = app.create_board("Wide").await;
    for (x, y) in [(-30_000.0, 0.0), (30_000.0, 30_000.0)] {
        let (status, body) = app
            .command(
                &board,
                Uuid::new_v4(),
                add_note(Uuid::new_v4(), "event", "Edge", x, y),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) = app
        .get(&format!("/api/boards/{board}/export?format=png&scale=4"))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("picture_too_large"))
    );
    let (status, ..) = fetch(
        &app,
        &format!("/api/boards/{board}/export?format=png&scale=0.1"),
    )
    .await;
    assert_eq!(status, 200);
}
