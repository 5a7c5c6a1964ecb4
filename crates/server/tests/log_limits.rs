//! The limits on requests over a whole board log, on a real server: past the instance's
//! concurrency limit, fork, import, diff, past states, exports and element history answer 503
//! `busy` with `Retry-After`, while live reads and backups go on; past an address's budget,
//! reads (backups too) answer 429, and forks and imports (which create boards) answer 429 once
//! the creation budget is spent.

mod support;

use std::time::Duration;

use eventstorm_server::Settings;
use serde_json::{Value, json};
use support::{Db, TestApp, add_note, spawn_app_with};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use uuid::Uuid;

/// A board with one sticky; returns its id and the sticky's.
async fn board_with_a_note(app: &TestApp) -> (String, Uuid) {
    let board = app.create_board("Limits").await;
    let note = Uuid::new_v4();
    let (status, _) = app
        .command(
            &board,
            Uuid::new_v4(),
            add_note(note, "event", "Paid", 0.0, 0.0),
        )
        .await;
    assert_eq!(status, 200);
    (board, note)
}

/// The whole-log requests, as (what, method, path, body).
fn log_requests(board: &str, note: Uuid) -> Vec<(&'static str, &'static str, String, String)> {
    vec![
        (
            "history",
            "GET",
            format!("/api/boards/{board}/history?element={note}"),
            String::new(),
        ),
        (
            "diff",
            "GET",
            format!("/api/boards/{board}/diff?from=1"),
            String::new(),
        ),
        (
            "past state",
            "GET",
            format!("/api/boards/{board}?at=1"),
            String::new(),
        ),
        (
            "export",
            "GET",
            format!("/api/boards/{board}/export?format=markdown"),
            String::new(),
        ),
        (
            "fork",
            "POST",
            format!("/api/boards/{board}/fork"),
            "{}".into(),
        ),
    ]
}

async fn send(app: &TestApp, method: &str, path: &str, body: String) -> reqwest::Response {
    let req = match method {
        "GET" => app.http.get(app.url(path)),
        _ => app.http.post(app.url(path)).body(body),
    };
    req.send().await.unwrap()
}

/// An import whose body is still arriving: it holds its slot until the socket closes.
async fn slow_import(app: &TestApp) -> TcpStream {
    let mut socket = TcpStream::connect(app.addr).await.unwrap();
    socket
        .write_all(
            b"POST /api/boards/import HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"format\":",
        )
        .await
        .unwrap();
    socket.flush().await.unwrap();
    socket
}

#[tokio::test]
async fn past_the_concurrency_limit_whole_log_requests_answer_503_busy_with_retry_after() {
    let settings = Settings {
        max_log_requests: 1,
        ..Settings::default()
    };
    let app = spawn_app_with(Db::fresh_sqlite(), settings).await;
    let (board, note) = board_with_a_note(&app).await;
    for (what, method, path, body) in log_requests(&board, note) {
        let res = send(&app, method, &path, body).await;
        assert!(res.status().is_success(), "{what} alone: {}", res.status());
    }

    let held = slow_import(&app).await;
    // The import takes its slot before it reads the body.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut busy = log_requests(&board, note);
    busy.push((
        "import",
        "POST",
        "/api/boards/import".into(),
        json!({ "format": "eventstorm.backup/v1", "events": [] }).to_string(),
    ));
    for (what, method, path, body) in busy {
        let res = send(&app, method, &path, body).await;
        assert_eq!(res.status(), 503, "{what} while the slot is taken");
        assert_eq!(res.headers()["retry-after"], "2", "{what}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], "busy", "{what}");
    }
    // Live reads and backups need no slot.
    for path in [
        format!("/api/boards/{board}"),
        format!("/api/boards/{board}/backup"),
        format!("/api/boards/{board}/events"),
    ] {
        assert_eq!(app.get(&path).await.0, 200, "{path}");
    }

    // The slot comes back when the import ends (its client went away).
    drop(held);
    let history = format!("/api/boards/{board}/history?element={note}");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let (status, body) = app.get(&history).await;
        if status == 200 {
            assert_eq!(body["events"].as_array().unwrap().len(), 1);
            break;
        }
        assert_eq!(status, 503);
        assert!(
            tokio::time::Instant::now() < deadline,
            "the slot never came back"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn past_an_address_budget_reads_and_creations_answer_429() {
    let settings = Settings {
        log_reads_per_minute: 5,
        creates_per_minute: 3,
        ..Settings::default()
    };
    let app = spawn_app_with(Db::fresh_sqlite(), settings).await;
    let (board, note) = board_with_a_note(&app).await;

    // A backup spends the budget too (it needs no slot).
    let backup = reqwest::get(app.url(&format!("/api/boards/{board}/backup")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let history = format!("/api/boards/{board}/history?element={note}");
    for i in 0..4 {
        assert_eq!(
            app.get(&history).await.0,
            200,
            "read {i} is within the budget"
        );
    }
    for path in [
        history.clone(),
        format!("/api/boards/{board}/diff?from=1"),
        format!("/api/boards/{board}?at=1"),
        format!("/api/boards/{board}/backup"),
    ] {
        let (status, body) = app.get(&path).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (429, Some("rate_limited")),
            "{path}"
        );
    }
    // Live reads and the paged event log are not whole-log reads.
    assert_eq!(app.get(&format!("/api/boards/{board}")).await.0, 200);
    assert_eq!(app.get(&format!("/api/boards/{board}/events")).await.0, 200);

    // One board was created; a fork and an import spend the rest of the creation budget.
    let fork = format!("/api/boards/{board}/fork");
    assert_eq!(app.post_raw(&fork, "{}").await.0, 201);
    assert_eq!(
        app.post_raw("/api/boards/import", backup.clone()).await.0,
        201
    );
    for (path, body) in [
        (fork.as_str(), "{}".to_owned()),
        ("/api/boards/import", backup),
    ] {
        let (status, answer) = app.post_raw(path, body).await;
        assert_eq!(
            (status, answer["error"].as_str()),
            (429, Some("rate_limited")),
            "{path}"
        );
    }
}
