//! Fault tests under load: a reconnect storm after a crash, a board whose load takes 2 s (or
//! fails after 2 s), a board whose store stays down after a failed append, and many concurrent
//! writers on SQLite. Counts per run are printed (`-- --nocapture`).

mod support;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use eventstorm_server::Settings;
use eventstorm_server::store_select::{OpenedStore, open_store};
use serde_json::{Value, json};
use support::faulty_store::FaultyStore;
use support::outbox::report_line;
use support::process::{ServerProcess, all_events, create_board, fresh_sqlite_url};
use support::scenarios::{bounded, reconnect_storm};
use support::ws::Client;
use support::{Db, add_note, spawn_app, spawn_app_on};
use tokio::time::Instant;
use uuid::Uuid;

static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reconnect_storm_of_500_clients_on_ten_boards_after_a_crash_is_served_the_stored_boards()
{
    let _turn = SERIAL.lock().await;
    bounded(120, reconnect_storm(500, 10)).await;
}

/// The server over a [`FaultyStore`] on `db`.
async fn slow_app(db: Db) -> (support::TestApp, Arc<FaultyStore>) {
    let opened = open_store(&db.url(), false).await.unwrap();
    let slow = Arc::new(FaultyStore::new(opened.store.clone()));
    let store = OpenedStore {
        store: slow.clone(),
        postgres: None,
    };
    (spawn_app_on(db, store, Settings::default()).await, slow)
}

/// Everyone who asks for a cold board at once: WebSocket joins, board reads, HTTP commands.
/// Returns (welcomes or join errors, view statuses and bodies, command statuses and bodies).
async fn crowd(
    app: &support::TestApp,
    board: &str,
    joins: usize,
    views: usize,
    commands: usize,
) -> (Vec<Value>, Vec<(u16, Value)>, Vec<(u16, Value)>) {
    let mut join_tasks = Vec::new();
    for i in 0..joins {
        let url = app.ws_url(board);
        join_tasks.push(tokio::spawn(async move {
            let mut c = Client::connect(&url).await;
            c.send(json!({ "type": "join", "since": 0, "name": format!("p{i}"), "client_id": format!("p{i}") }))
                .await;
            loop {
                let f = c.next().await.expect("an answer before the socket closes");
                if f["type"] == "welcome" || f["type"] == "error" {
                    return f;
                }
            }
        }));
    }
    let http = app.http.clone();
    let mut view_tasks = Vec::new();
    for _ in 0..views {
        let (http, url) = (http.clone(), app.url(&format!("/api/boards/{board}")));
        view_tasks.push(tokio::spawn(async move {
            let res = http.get(url).send().await.unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }));
    }
    let mut command_tasks = Vec::new();
    for i in 0..commands {
        let (http, url) = (
            http.clone(),
            app.url(&format!("/api/boards/{board}/commands")),
        );
        command_tasks.push(tokio::spawn(async move {
            let body = json!({ "op_id": Uuid::new_v4(), "command": add_note(Uuid::new_v4(), "command", &format!("crowd {i}"), i as f64, 700.0) });
            let res = http.post(url).json(&body).send().await.unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }));
    }
    let mut welcomes = Vec::new();
    for t in join_tasks {
        welcomes.push(t.await.unwrap());
    }
    let mut views_out = Vec::new();
    for t in view_tasks {
        views_out.push(t.await.unwrap());
    }
    let mut commands_out = Vec::new();
    for t in command_tasks {
        commands_out.push(t.await.unwrap());
    }
    (welcomes, views_out, commands_out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_whose_load_takes_two_seconds_serves_everyone_and_is_never_empty() {
    let _turn = SERIAL.lock().await;
    bounded(60, async {
        // A board with 20 stickies, written by an ordinary server.
        let db = Db::fresh_sqlite();
        let first = spawn_app(db.clone()).await;
        let board = first.create_board("Slow to load").await;
        for i in 0..20 {
            let (status, _) = first
                .command(&board, Uuid::new_v4(), add_note(Uuid::new_v4(), "event", &format!("n{i}"), i as f64, 0.0))
                .await;
            assert_eq!(status, 200);
        }
        // Read through the ordinary server: reading events asks the board's actor whether a
        // vote is open, which would load the board on the slow one before the test wants it.
        let stored_before = first.all_events(&board).await;
        assert_eq!(stored_before.len(), 21);
        let db = first.stop().await;
        let (app, store) = slow_app(db).await;

        // The load takes 2 s and then fails: everyone hears `unavailable`; nothing is written.
        store.load_delay_ms.store(2_000, Ordering::SeqCst);
        store.fail_reads.store(true, Ordering::SeqCst);
        let started = Instant::now();
        let (welcomes, views, commands) = crowd(&app, &board, 50, 10, 10).await;
        let failed_in = started.elapsed();
        assert!(welcomes.iter().all(|w| w["type"] == "error" && w["error"] == "unavailable"), "{welcomes:?}");
        assert!(views.iter().all(|(s, b)| *s == 503 && b["error"] == "unavailable"), "{views:?}");
        assert!(commands.iter().all(|(s, b)| *s == 503 && b["error"] == "unavailable"), "{commands:?}");
        assert_eq!(store.appends.load(Ordering::SeqCst), 0, "a failed load writes nothing");
        assert_eq!(store.snapshots_saved.load(Ordering::SeqCst), 0, "no empty snapshot");
        assert_eq!(store.boards_created.load(Ordering::SeqCst), 0, "no new board");
        let actors_after_failure = app.state.hub.actors_started();

        // The load takes 2 s and succeeds: everyone is served the stored board.
        store.fail_reads.store(false, Ordering::SeqCst);
        let started = Instant::now();
        let (welcomes, views, commands) = crowd(&app, &board, 200, 20, 30).await;
        let served_in = started.elapsed();
        store.load_delay_ms.store(0, Ordering::SeqCst);
        assert_eq!(
            app.state.hub.actors_started(),
            actors_after_failure + 1,
            "the crowd loaded the board once"
        );
        for w in &welcomes {
            assert_eq!(w["type"], "welcome", "{w}");
            assert!(w["board"]["notes"].as_array().unwrap().len() >= 20, "never an empty board: {w}");
            assert!(w["seq"].as_u64().unwrap() >= 21);
        }
        for (status, body) in &views {
            assert_eq!(*status, 200, "{body}");
            assert!(body["notes"].as_array().unwrap().len() >= 20);
        }
        for (status, body) in &commands {
            assert_eq!(*status, 200, "{body}");
            assert!(body["seq"].as_u64().unwrap() > 21);
        }
        let events = app.all_events(&board).await;
        assert_eq!(events.len(), 21 + commands.len());
        assert_eq!(&events[..21], &stored_before[..], "history untouched");
        assert!(served_in < Duration::from_secs(10), "served in {served_in:?}");
        report_line(&format!(
            "slow load (2 s): failing load answered {} joins, {} reads, {} commands with unavailable in {:.2} s, writing nothing; succeeding load served {} joins, {} reads, {} commands in {:.2} s from one load",
            50, 10, 10,
            failed_in.as_secs_f64(),
            welcomes.len(),
            views.len(),
            commands.len(),
            served_in.as_secs_f64()
        ));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_store_stays_down_every_websocket_command_is_answered_unavailable() {
    let _turn = SERIAL.lock().await;
    bounded(60, async {
        let (app, store) = slow_app(Db::fresh_sqlite()).await;
        let board = app.create_board("Down").await;
        let (mut c, _) = Client::join(&app.ws_url(&board), "Ann", 0).await;
        store.fail_appends.store(true, Ordering::SeqCst);
        store.fail_reads.store(true, Ordering::SeqCst);
        // The first append fails (the actor now reloads before its next message, and the
        // reload fails too): each command, and its resend, is answered as retryable.
        let ops: Vec<(Uuid, Value)> = (0..4)
            .map(|i| {
                (
                    Uuid::new_v4(),
                    add_note(Uuid::new_v4(), "event", &format!("down {i}"), i as f64, 0.0),
                )
            })
            .collect();
        for round in 0..2 {
            for (op, cmd) in &ops {
                c.command(*op, cmd.clone()).await;
                let r = c.outcome(*op).await;
                assert_eq!(
                    (
                        r["type"].as_str(),
                        r["error"].as_str(),
                        r["retryable"].as_bool()
                    ),
                    (Some("rejected"), Some("unavailable"), Some(true)),
                    "round {round}: {r}"
                );
            }
        }
        store.fail_appends.store(false, Ordering::SeqCst);
        store.fail_reads.store(false, Ordering::SeqCst);
        for (op, cmd) in &ops {
            c.command(*op, cmd.clone()).await;
            assert_eq!(c.outcome(*op).await["type"], "ack");
        }
        assert_eq!(app.all_events(&board).await.len(), 1 + ops.len());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_under_many_concurrent_writers_never_reports_database_is_locked() {
    let _turn = SERIAL.lock().await;
    bounded(120, async {
        let url = fresh_sqlite_url();
        let server = ServerProcess::start(&url).await;
        let http = reqwest::Client::new();
        let mut boards = Vec::new();
        for i in 0..8 {
            boards.push(create_board(&http, &server.base(), &format!("Writers {i}")).await);
        }
        let boards = Arc::new(boards);
        const WRITERS: usize = 48;
        const EACH: usize = 30;
        let failures = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        let mut tasks = Vec::new();
        for w in 0..WRITERS {
            let (http, base, boards, failures) =
                (http.clone(), server.base(), boards.clone(), failures.clone());
            tasks.push(tokio::spawn(async move {
                for k in 0..EACH {
                    let board = &boards[(w + k) % boards.len()];
                    let body = json!({ "op_id": Uuid::new_v4(), "command": add_note(Uuid::new_v4(), "event", &format!("w{w} k{k}"), k as f64, w as f64) });
                    let res = http
                        .post(format!("{base}/api/boards/{board}/commands"))
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    let status = res.status().as_u16();
                    let text = res.text().await.unwrap();
                    if status != 200 || text.contains("locked") {
                        failures.lock().unwrap().push(format!("{status} {text}"));
                    }
                }
            }));
        }
        // Boards created, exported and backed up meanwhile, over HTTP...
        for t in 0..4 {
            let (http, base, boards, failures) =
                (http.clone(), server.base(), boards.clone(), failures.clone());
            tasks.push(tokio::spawn(async move {
                for k in 0..10 {
                    let res = http
                        .post(format!("{base}/api/boards"))
                        .json(&json!({ "title": format!("new {t} {k}") }))
                        .send()
                        .await
                        .unwrap();
                    if res.status() != 201 {
                        failures.lock().unwrap().push(format!("create {}", res.status()));
                    }
                    let board = &boards[(t + k) % boards.len()];
                    for path in ["export?format=markdown", "backup", "events?after=0&limit=1000"] {
                        let res = http
                            .get(format!("{base}/api/boards/{board}/{path}"))
                            .send()
                            .await
                            .unwrap();
                        let status = res.status();
                        let text = res.text().await.unwrap();
                        if status != 200 || text.contains("database is locked") {
                            failures.lock().unwrap().push(format!("{path}: {status}"));
                        }
                    }
                }
            }));
        }
        // ... and by other processes opening the same file (the CLI's export).
        let mut cli_runs = 0;
        let cli = {
            let (url, board) = (url.clone(), boards[0].clone());
            tokio::task::spawn_blocking(move || {
                let mut outputs = Vec::new();
                for _ in 0..6 {
                    outputs.push(
                        std::process::Command::new(env!("CARGO_BIN_EXE_eventstorm"))
                            .env("DATABASE_URL", &url)
                            .env("EVENTSTORM_LOG", "warn")
                            .args(["export", &board, "--format", "json"])
                            .output()
                            .unwrap(),
                    );
                }
                outputs
            })
        };
        for t in tasks {
            t.await.unwrap();
        }
        for out in cli.await.unwrap() {
            cli_runs += 1;
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "CLI export failed: {stderr}");
            assert!(!stderr.contains("locked"), "{stderr}");
        }
        let failures = failures.lock().unwrap().clone();
        let log = server.log_text();
        let mut stored = 0;
        for board in boards.iter() {
            stored += all_events(&http, &server.base(), board).await.len() - 1;
        }
        report_line(&format!(
            "SQLite writers: commands={} stored={stored} boards created=40 reads=120 CLI exports={cli_runs} failures={} 'database is locked' in the log={}",
            WRITERS * EACH,
            failures.len(),
            log.matches("locked").count()
        ));
        assert!(failures.is_empty(), "{failures:?}");
        assert!(!log.contains("locked"), "{log}");
        assert_eq!(stored, WRITERS * EACH);
    })
    .await;
}
