//! Access: view-only links, the instance password, the administrator API, per-address limits
//! and metrics.

mod support;

use std::time::Duration;

use eventstorm_server::Settings;
use eventstorm_server::access::Secret;
use futures_util::StreamExt;
use reqwest::Method;
use serde_json::{Value, json};
use support::ws::Client;
use support::{Db, add_note, spawn_app, spawn_app_with};
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;

async fn create(app: &support::TestApp, title: &str) -> Value {
    let res = app
        .http
        .post(app.url("/api/boards"))
        .json(&json!({ "title": title }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

#[tokio::test]
async fn a_view_only_link_reads_everything_and_changes_nothing() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let created = create(&app, "Read only").await;
    let (edit, view) = (
        created["id"].as_str().unwrap(),
        created["view_id"].as_str().unwrap(),
    );
    assert_ne!(edit, view);
    assert!(!view.contains(edit) && !edit.contains(view));
    let note = Uuid::new_v4();
    assert_eq!(
        app.command(
            edit,
            Uuid::new_v4(),
            add_note(note, "event", "Paid", 0.0, 0.0)
        )
        .await
        .0,
        200
    );
    let before = app.board(edit).await;

    // Reading works through the view id, and never reveals the edit id.
    let seen = app.board(view).await;
    assert_eq!(seen["notes"], before["notes"]);
    assert_eq!(seen["id"], view);
    for path in [
        format!("/api/boards/{view}/events"),
        format!("/api/boards/{view}/export?format=markdown"),
        format!("/b/{view}"),
    ] {
        let res = app.http.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert!(
            !res.text().await.unwrap().contains(edit),
            "{path} reveals the edit id"
        );
    }

    // Commands are refused over HTTP ...
    let (status, body) = app
        .command(
            view,
            Uuid::new_v4(),
            json!({ "type": "delete_note", "id": note }),
        )
        .await;
    assert_eq!((status, body["error"].as_str()), (403, Some("forbidden")));
    // ... and over WebSocket.
    let (mut c, welcome) = Client::join(&app.ws_url(view), "Viewer", 0).await;
    assert_eq!(welcome["read_only"], true);
    assert!(!welcome.to_string().contains(edit));
    let op = Uuid::new_v4();
    c.command(
        op,
        json!({ "type": "edit_text", "id": note, "text": "changed" }),
    )
    .await;
    let r = c.outcome(op).await;
    assert_eq!(
        (r["error"].as_str(), r["retryable"].as_bool()),
        (Some("forbidden"), Some(false))
    );
    assert_eq!(app.board(edit).await, before);
}

fn private(settings: Settings) -> Settings {
    Settings {
        password: Some(Secret::new("open sesame")),
        signins_per_minute: 5,
        ..settings
    }
}

#[tokio::test]
async fn without_the_password_only_the_sign_in_page_and_health_checks_answer() {
    let app = spawn_app_with(Db::fresh_sqlite(), private(Settings::default())).await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // A board made behind the gate's back (through the hub), to try to reach.
    let meta = app
        .state
        .hub
        .create_board("Secret plans", "test")
        .await
        .unwrap();
    let board = meta.meta.id.as_str().to_owned();

    for path in ["/healthz", "/readyz", "/signin", "/static/app.css"] {
        assert_eq!(
            http.get(app.url(path)).send().await.unwrap().status(),
            200,
            "{path}"
        );
    }
    for path in ["/".to_owned(), format!("/b/{board}")] {
        let res = http.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 303, "{path}");
        assert!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/signin?next=")
        );
    }
    for (method, path) in [
        ("POST", "/api/boards".to_owned()),
        ("GET", format!("/api/boards/{board}")),
        ("GET", format!("/api/boards/{board}/events")),
        ("GET", format!("/api/boards/{board}/export")),
        ("POST", format!("/api/boards/{board}/commands")),
        ("GET", "/metrics".to_owned()),
    ] {
        let res = http
            .request(method.parse().unwrap(), app.url(&path))
            .json(&json!({ "title": "x" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{method} {path}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], "unauthorized");
    }
    let err = tokio_tungstenite::connect_async(app.ws_url(&board))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("401"), "{err}");

    // A wrong password is refused; the right one gives an HttpOnly, SameSite=Lax session.
    let wrong = http
        .post(app.url("/signin"))
        .form(&[("password", "guess"), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert!(wrong.headers().get("set-cookie").is_none());
    let ok = http
        .post(app.url("/signin"))
        .form(&[("password", "open sesame"), ("next", "//evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], "/", "only same-site redirects");
    let cookie = ok.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let session = cookie.split(';').next().unwrap().to_owned();
    let res = http
        .get(app.url(&format!("/api/boards/{board}")))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = http
        .post(app.url("/api/boards"))
        .header("cookie", &session)
        .json(&json!({ "title": "Mine" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut req = app.ws_url(&board).into_client_request().unwrap();
    req.headers_mut().insert("cookie", session.parse().unwrap());
    assert!(tokio_tungstenite::connect_async(req).await.is_ok());
    let forged = http
        .get(app.url(&format!("/api/boards/{board}")))
        .header("cookie", "eventstorm_session=99999999999.00ff")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);

    // Guessing is rate limited per address.
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(
            http.post(app.url("/signin"))
                .form(&[("password", "guess")])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
    }
    assert!(statuses.contains(&429), "{statuses:?}");
}

#[tokio::test]
async fn the_admin_api_lists_and_deletes_boards_only_with_the_token() {
    let plain = spawn_app(Db::fresh_sqlite()).await;
    assert_eq!(
        plain.get("/api/admin/boards").await.0,
        404,
        "no token configured: no admin API"
    );

    let settings = Settings {
        admin_token: Some(Secret::new("t0ken")),
        ..Settings::default()
    };
    let app = spawn_app_with(Db::fresh_sqlite(), settings).await;
    let first = create(&app, "First").await;
    let second = create(&app, "Second").await;
    let (id, other) = (
        first["id"].as_str().unwrap(),
        second["id"].as_str().unwrap(),
    );
    app.command(
        id,
        Uuid::new_v4(),
        json!({ "type": "rename_board", "title": "First, renamed" }),
    )
    .await;

    let res = app
        .http
        .get(app.url("/api/admin/boards"))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = app
        .http
        .get(app.url("/api/admin/boards"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let (_, listed) = app.admin(Method::GET, "/api/admin/boards").await;
    let boards = listed["boards"].as_array().unwrap();
    assert_eq!(boards.len(), 2);
    assert_eq!(boards[0]["title"], "First, renamed");
    assert_eq!(boards[0]["seq"], 2);

    let (mut c, _) = Client::join(&app.ws_url(id), "Ann", 0).await;
    let (status, _) = app
        .admin(Method::DELETE, &format!("/api/admin/boards/{id}"))
        .await;
    assert_eq!(status, 204);
    assert_eq!(c.next_of("error").await["error"], "board_deleted");
    let code = loop {
        match tokio::time::timeout(Duration::from_secs(5), c.socket.next())
            .await
            .expect("closed in time")
        {
            Some(Ok(Message::Close(frame))) => break frame.map(|f| u16::from(f.code)),
            Some(Ok(_)) => continue,
            other => panic!("expected a close frame, got {other:?}"),
        }
    };
    assert_eq!(code, Some(4404));
    assert_eq!(app.get(&format!("/api/boards/{id}")).await.0, 404);
    assert_eq!(
        app.get(&format!(
            "/api/boards/{}",
            first["view_id"].as_str().unwrap()
        ))
        .await
        .0,
        404
    );
    assert_eq!(app.get(&format!("/api/boards/{id}/events")).await.0, 404);
    assert_eq!(
        app.board(other).await["title"],
        "Second",
        "other boards are untouched"
    );
    let (status, _) = app
        .admin(Method::DELETE, &format!("/api/admin/boards/{id}"))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn board_creation_is_rate_limited_per_address() {
    let settings = Settings {
        creates_per_minute: 3,
        ..Settings::default()
    };
    let app = spawn_app_with(Db::fresh_sqlite(), settings).await;
    let mut statuses = Vec::new();
    for i in 0..5 {
        let res = app
            .http
            .post(app.url("/api/boards"))
            .json(&json!({ "title": format!("B{i}") }))
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, vec![201, 201, 201, 429, 429]);
}

#[tokio::test]
async fn metrics_report_real_values_under_a_small_load() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = create(&app, "Metrics").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (mut c, _) = Client::join(&app.ws_url(&board), "Ann", 0).await;
    for i in 0..20 {
        let op = Uuid::new_v4();
        c.command(
            op,
            add_note(Uuid::new_v4(), "event", &format!("E{i}"), 0.0, 0.0),
        )
        .await;
        assert_eq!(c.outcome(op).await["type"], "ack");
    }
    let op = Uuid::new_v4();
    c.command(
        op,
        json!({ "type": "edit_text", "id": Uuid::new_v4(), "text": "x" }),
    )
    .await;
    assert_eq!(c.outcome(op).await["error"], "unknown_note");
    let (status, text) = app.get("/metrics").await;
    assert_eq!(status, 200);
    let text = text.as_str().unwrap().to_owned();
    let value = |name: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|rest| rest.strip_prefix(' ')))
            .unwrap_or_else(|| panic!("{name} missing:\n{text}"))
            .parse()
            .unwrap()
    };
    assert_eq!(value("eventstorm_connections"), 1.0);
    assert_eq!(value("eventstorm_loaded_boards"), 1.0);
    assert_eq!(value("eventstorm_commands_accepted_total"), 20.0);
    assert_eq!(value("eventstorm_events_appended_total"), 20.0);
    assert_eq!(
        value("eventstorm_commands_rejected_total{code=\"unknown_note\"}"),
        1.0
    );
    assert_eq!(
        value("eventstorm_append_seconds_count"),
        value("eventstorm_append_batch_size_count")
    );
    assert!(value("eventstorm_append_seconds_count") >= 1.0);
    assert_eq!(value("eventstorm_fanout_seconds_count"), 20.0);
    assert!(value("eventstorm_fanout_seconds_sum") > 0.0);
    assert!(!text.contains(&board), "metrics never carry board ids");
}
