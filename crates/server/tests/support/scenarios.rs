//! Fault scenarios shared by the fast fault tests (`faults_*.rs`, in the normal test run) and
//! their longer versions (`faults_slow.rs`, ignored by default): each starts real `eventstorm`
//! processes, injects its fault, and checks what clients and the store saw.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use rand::Rng;
use serde_json::{Value, json};
use tokio::sync::watch;
use tokio::time::Instant;
use uuid::Uuid;

use super::cluster::PgCluster;
use super::outbox::{Plan, Report, join_workers, report_line, spawn_workers, verify};
use super::process::{ServerProcess, all_events, create_board, fresh_sqlite_url};
use super::ws::Client;
use super::{Db, add_note};

/// Fails the test if `f` takes longer than `secs`.
pub async fn bounded<T>(secs: u64, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), f)
        .await
        .unwrap_or_else(|_| panic!("the test took longer than {secs} s"))
}

/// The safety poll of a Postgres instance (`main.rs`).
pub const SAFETY_POLL: Duration = Duration::from_secs(2);

/// Clients on two boards; the server is killed `kills` times at random moments and restarted;
/// then the clients drain their outboxes and the logs are checked.
pub async fn kill_under_load(
    label: &str,
    database_url: &str,
    kills: usize,
    clients: usize,
) -> Report {
    let mut server = ServerProcess::start(database_url).await;
    let http = reqwest::Client::new();
    let boards = [
        create_board(&http, &server.base(), "Crash A").await,
        create_board(&http, &server.base(), "Crash B").await,
    ];
    let (stop_tx, stop_rx) = watch::channel(false);
    let deadline = Instant::now() + Duration::from_secs(60 + kills as u64 * 3);
    let mut per_board = Vec::new();
    for (b, board) in boards.iter().enumerate() {
        let plans = (0..clients)
            .map(|c| Plan::new(server.ws_url(board), &format!("b{b}c{c}")))
            .collect();
        per_board.push(spawn_workers(plans, &stop_rx, deadline));
    }
    for _ in 0..kills {
        let run = rand::rng().random_range(150..700);
        tokio::time::sleep(Duration::from_millis(run)).await;
        server.kill9();
        let down = rand::rng().random_range(0..250);
        tokio::time::sleep(Duration::from_millis(down)).await;
        server.restart().await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop_tx.send(true).unwrap();
    let mut total = Report::default();
    for (b, handles) in per_board.into_iter().enumerate() {
        let ledgers = join_workers(handles).await;
        let events = all_events(&http, &server.base(), &boards[b]).await;
        let r = verify(&format!("{label} board {b}"), &events, &ledgers, 1);
        total.sent += r.sent;
        total.acked += r.acked;
        total.found += r.found;
        total.duplicates += r.duplicates;
        total.gaps += r.gaps;
        total.resent += r.resent;
        total.retryable += r.retryable;
        total.events += r.events;
        total.connections += r.connections;
    }
    // The clients saw a new process come up each time; nothing the log holds depends on which.
    assert_eq!(server.starts, kills + 1);
    total.print(&format!("{label} ({kills} kills, total)"));
    assert!(total.resent > 0, "the kills interrupted nothing: {total:?}");
    total
}

/// What the health endpoints said while the database was away.
#[derive(Default)]
struct Probes {
    healthz_failures: AtomicUsize,
    healthz_ok: AtomicUsize,
    readyz_503: AtomicUsize,
    readyz_200: AtomicUsize,
    /// The last /readyz status seen (0 before the first).
    last_ready: AtomicUsize,
}

/// Polls /healthz and /readyz every 200 ms until `stop`.
fn probe(base: String, probes: Arc<Probes>, stop: Arc<AtomicBool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .unwrap();
        while !stop.load(Ordering::SeqCst) {
            match http.get(format!("{base}/healthz")).send().await {
                Ok(r) if r.status() == 200 => probes.healthz_ok.fetch_add(1, Ordering::SeqCst),
                _ => probes.healthz_failures.fetch_add(1, Ordering::SeqCst),
            };
            if let Ok(r) = http.get(format!("{base}/readyz")).send().await {
                let status = r.status().as_u16();
                match status {
                    200 => probes.readyz_200.fetch_add(1, Ordering::SeqCst),
                    503 => probes.readyz_503.fetch_add(1, Ordering::SeqCst),
                    other => panic!("/readyz answered {other}"),
                };
                probes.last_ready.store(status as usize, Ordering::SeqCst);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
}

async fn wait_ready(probes: &Probes, status: usize, within: Duration) -> Duration {
    let start = Instant::now();
    while probes.last_ready.load(Ordering::SeqCst) != status {
        assert!(
            start.elapsed() < within,
            "/readyz did not turn {status} within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    start.elapsed()
}

/// Stops Postgres for `outage` under load, `times` times, and checks that the server stayed up,
/// reported not ready, refused commands as retryable (or answered them once the database was
/// back), recovered by itself, and lost nothing acknowledged.
pub async fn postgres_outage(label: &str, outage: Duration, times: usize, clients: usize) {
    let Some(mut cluster) = PgCluster::start_new() else {
        return;
    };
    let url = cluster.url("postgres");
    let mut server = ServerProcess::start(&url).await;
    let http = reqwest::Client::new();
    let board = create_board(&http, &server.base(), "Outage").await;
    let probes = Arc::new(Probes::default());
    let stop_probes = Arc::new(AtomicBool::new(false));
    let prober = probe(server.base(), probes.clone(), stop_probes.clone());
    wait_ready(&probes, 200, Duration::from_secs(10)).await;

    let (stop_tx, stop_rx) = watch::channel(false);
    let deadline = Instant::now() + outage * times as u32 + Duration::from_secs(90);
    let plans = (0..clients)
        .map(|c| {
            let mut plan = Plan::new(server.ws_url(&board), &format!("pg{c}"));
            plan.pace = Duration::from_millis(10);
            plan.retry_after = Duration::from_millis(300);
            plan
        })
        .collect();
    let workers = spawn_workers(plans, &stop_rx, deadline);
    for round in 0..times {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let down = Instant::now();
        tokio::task::block_in_place(|| cluster.stop_immediate());
        let not_ready_after = wait_ready(&probes, 503, Duration::from_secs(12)).await;
        tokio::time::sleep(outage.saturating_sub(down.elapsed())).await;
        tokio::task::block_in_place(|| cluster.start());
        let ready_after = wait_ready(&probes, 200, Duration::from_secs(30)).await;
        report_line(&format!(
            "{label} round {round}: down for {:.1} s; /readyz 503 after {:.1} s; ready again {:.1} s after the restart",
            (down.elapsed() - ready_after).as_secs_f64(),
            not_ready_after.as_secs_f64(),
            ready_after.as_secs_f64()
        ));
        assert!(
            server.running(),
            "the server stays up while the database is down"
        );
    }
    // Load goes on after the recovery, then the clients drain their outboxes.
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop_tx.send(true).unwrap();
    let ledgers = join_workers(workers).await;
    stop_probes.store(true, Ordering::SeqCst);
    prober.await.unwrap();

    let events = all_events(&http, &server.base(), &board).await;
    let report = verify(label, &events, &ledgers, 1);
    let join_errors: usize = ledgers.iter().map(|l| l.join_errors).sum();
    let retracts: usize = ledgers.iter().map(|l| l.retracts).sum();
    let withdrawn: usize = ledgers.iter().map(|l| l.withdrawn).sum();
    let longest = ledgers
        .iter()
        .map(|l| l.longest_wait)
        .max()
        .unwrap_or_default();
    report_line(&format!(
        "{label}: healthz ok={} failed={}; readyz 200={} 503={}; join errors={join_errors}; retractions seen={retracts} (events withdrawn={withdrawn}); longest wait for an answer {:.1} s",
        probes.healthz_ok.load(Ordering::SeqCst),
        probes.healthz_failures.load(Ordering::SeqCst),
        probes.readyz_200.load(Ordering::SeqCst),
        probes.readyz_503.load(Ordering::SeqCst),
        longest.as_secs_f64(),
    ));
    assert_eq!(
        probes.healthz_failures.load(Ordering::SeqCst),
        0,
        "/healthz answers throughout"
    );
    assert!(
        report.retryable > 0,
        "commands during the outage are refused as retryable"
    );
    // Events sent before a commit that the outage failed were taken back (and what each
    // client holds at the end is the stored history: `verify`).
    assert!(retracts > 0, "the failed commits were retracted");
    assert!(
        !server.log_text().contains("panicked"),
        "{}",
        server.log_text()
    );
    // Recovered by itself: a new command goes through at once.
    let res = http
        .post(server.url(&format!("/api/boards/{board}/commands")))
        .json(&json!({ "op_id": Uuid::new_v4(), "command": add_note(Uuid::new_v4(), "event", "After", 0.0, -500.0) }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

/// Folds the notes' positions and texts from the stored events: what every instance must hold.
fn expected_notes(events: &[Value]) -> HashMap<String, (f64, f64, String)> {
    let mut notes = HashMap::new();
    for e in events {
        let ev = &e["event"];
        match ev["type"].as_str().unwrap() {
            "note_added" => {
                let n = &ev["note"];
                notes.insert(
                    n["id"].as_str().unwrap().to_owned(),
                    (
                        n["x"].as_f64().unwrap(),
                        n["y"].as_f64().unwrap(),
                        n["text"].as_str().unwrap().to_owned(),
                    ),
                );
            }
            "notes_moved" => {
                for m in ev["moves"].as_array().unwrap() {
                    let note = notes.get_mut(m["id"].as_str().unwrap()).unwrap();
                    note.0 = m["x"].as_f64().unwrap();
                    note.1 = m["y"].as_f64().unwrap();
                }
            }
            "note_text_edited" => {
                notes.get_mut(ev["id"].as_str().unwrap()).unwrap().2 =
                    ev["text"].as_str().unwrap().to_owned();
            }
            "board_created" => {}
            other => panic!("unexpected event {other}"),
        }
    }
    notes
}

fn view_notes(view: &Value) -> HashMap<String, (f64, f64, String)> {
    view["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_owned(),
                (
                    n["x"].as_f64().unwrap(),
                    n["y"].as_f64().unwrap(),
                    n["text"].as_str().unwrap().to_owned(),
                ),
            )
        })
        .collect()
}

/// Both instances' clients write one board; B is frozen for `pause` in the middle.
pub async fn paused_instance(label: &str, pause: Duration, clients_per_instance: usize) {
    let Some(db) = Db::fresh_postgres().await else {
        return;
    };
    let url = db.url();
    let a = ServerProcess::start(&url).await;
    let mut b = ServerProcess::start(&url).await;
    let http = reqwest::Client::new();
    let board = create_board(&http, &a.base(), "Paused").await;
    let (stop_tx, stop_rx) = watch::channel(false);
    let deadline = Instant::now() + pause + Duration::from_secs(60);
    let mut plans = Vec::new();
    for (name, server) in [("a", &a), ("b", &b)] {
        for c in 0..clients_per_instance {
            let mut plan = Plan::new(server.ws_url(&board), &format!("{name}{c}"));
            plan.pace = Duration::from_millis(8);
            plans.push(plan);
        }
    }
    let workers = spawn_workers(plans, &stop_rx, deadline);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let head_before = all_events(&http, &a.base(), &board).await.len();
    b.pause();
    let paused_at = Instant::now();
    tokio::time::sleep(pause / 2).await;
    let head_middle = all_events(&http, &a.base(), &board).await.len();
    tokio::time::sleep(pause.saturating_sub(paused_at.elapsed())).await;
    b.resume();
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop_tx.send(true).unwrap();
    let ledgers = join_workers(workers).await;
    // Let the safety poll bring both instances to the head before comparing.
    tokio::time::sleep(SAFETY_POLL + Duration::from_millis(500)).await;

    let events = all_events(&http, &a.base(), &board).await;
    let report = verify(label, &events, &ledgers, 1);
    assert_eq!(events, all_events(&http, &b.base(), &board).await);
    let view_a: Value = http
        .get(a.url(&format!("/api/boards/{board}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let view_b: Value = http
        .get(b.url(&format!("/api/boards/{board}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(view_a["seq"], json!(events.len()));
    assert_eq!(view_b["seq"], json!(events.len()));
    let expected = expected_notes(&events);
    assert_eq!(view_notes(&view_a), expected, "instance A holds every edit");
    assert_eq!(view_notes(&view_b), expected, "instance B holds every edit");
    let a_ops: usize = ledgers[..clients_per_instance]
        .iter()
        .map(|l| l.acked.len())
        .sum();
    report_line(&format!(
        "{label}: events before the pause={head_before}, half-way through={head_middle}, at the end={}; acked through A={a_ops}, through B={}",
        events.len(),
        report.acked - a_ops
    ));
    assert!(
        ledgers[clients_per_instance..]
            .iter()
            .all(|l| !l.acked.is_empty()),
        "B's clients got their edits in"
    );
}

/// Postgres when TEST_DATABASE_URL is set, else a SQLite file.
async fn some_database() -> String {
    if std::env::var("TEST_DATABASE_URL").is_ok() {
        Db::fresh_postgres().await.unwrap().url()
    } else {
        fresh_sqlite_url()
    }
}

/// Clients connect and join at once (each with its `since`); returns them with their
/// welcomes. Fails with every client that was not welcomed, and why.
async fn join_all(urls: Vec<(String, u64)>) -> Vec<(Client, Value)> {
    let tasks: Vec<_> = urls
        .into_iter()
        .enumerate()
        .map(|(i, (url, since))| {
            tokio::spawn(async move {
                let (socket, _) = tokio_tungstenite::connect_async(&url)
                    .await
                    .map_err(|e| format!("client {i}: connect: {e}"))?;
                let mut c = Client::over(socket, since);
                c.send(json!({ "type": "join", "since": since, "name": format!("storm{i}"), "client_id": format!("storm{i}") }))
                    .await;
                loop {
                    match c.next().await {
                        Some(v) if v["type"] == "welcome" => return Ok((c, v)),
                        Some(v) if v["type"] == "error" => return Err(format!("client {i}: {v}")),
                        Some(_) => continue,
                        None => return Err(format!("client {i}: closed before the welcome")),
                    }
                }
            })
        })
        .collect();
    let mut out = Vec::new();
    let mut failed = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            Ok(joined) => out.push(joined),
            Err(e) => failed.push(e),
        }
    }
    assert!(
        failed.is_empty(),
        "{} not welcomed: {:?}",
        failed.len(),
        &failed[..failed.len().min(10)]
    );
    out
}

/// `clients` spread over `boards` boards; the server is killed and restarted; all of them
/// reconnect at once to the cold boards (half catching up from their seq, half from nothing).
/// Everyone is welcomed with the stored board, never an empty one, and sees the next edit.
pub async fn reconnect_storm(clients: usize, boards: usize) {
    let mut server = ServerProcess::start(&some_database().await).await;
    let http = reqwest::Client::new();
    const NOTES: usize = 30;
    let mut ids = Vec::new();
    for b in 0..boards {
        let board = create_board(&http, &server.base(), &format!("Storm {b}")).await;
        for i in 0..NOTES {
            let res = http
                .post(server.url(&format!("/api/boards/{board}/commands")))
                .json(&json!({ "op_id": Uuid::new_v4(), "command": add_note(Uuid::new_v4(), "event", &format!("n{i}"), i as f64, 0.0) }))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
        }
        ids.push(board);
    }
    let head = (NOTES + 1) as u64;
    let started = Instant::now();
    let first = join_all(
        (0..clients)
            .map(|i| (server.ws_url(&ids[i % boards]), 0))
            .collect(),
    )
    .await;
    let first_storm = started.elapsed();
    for (_, welcome) in &first {
        assert_eq!(welcome["seq"], head);
    }

    server.restart().await;
    drop(first);
    let started = Instant::now();
    let urls = (0..clients)
        .map(|i| {
            let since = if (i / boards).is_multiple_of(2) {
                head
            } else {
                0
            };
            (server.ws_url(&ids[i % boards]), since)
        })
        .collect();
    let mut back = join_all(urls).await;
    let storm = started.elapsed();
    let (mut full, mut caught_up) = (0, 0);
    for (c, welcome) in &back {
        assert_eq!(welcome["seq"], head, "{welcome}");
        match welcome.get("board") {
            Some(b) => {
                assert_eq!(
                    b["notes"].as_array().unwrap().len(),
                    NOTES,
                    "never an empty board"
                );
                full += 1;
            }
            None => {
                assert_eq!(welcome["events"], json!([]));
                caught_up += 1;
            }
        }
        assert_eq!(c.seq, head);
    }
    let mut ops = Vec::new();
    for board in &ids {
        let op = Uuid::new_v4();
        let res = http
            .post(server.url(&format!("/api/boards/{board}/commands")))
            .json(&json!({ "op_id": op, "command": add_note(Uuid::new_v4(), "event", "after the storm", 0.0, 99.0) }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        ops.push(op);
    }
    let tasks: Vec<_> = back
        .drain(..)
        .enumerate()
        .map(|(i, (mut c, _))| {
            let op = ops[i % boards];
            tokio::spawn(async move {
                assert_eq!(c.next_of("event").await["op_id"], json!(op.to_string()));
            })
        })
        .collect();
    let mut saw = 0;
    for t in tasks {
        t.await.unwrap();
        saw += 1;
    }
    let mut events = 0;
    for board in &ids {
        let stored = all_events(&http, &server.base(), board).await.len();
        assert_eq!(stored as u64, head + 1);
        events += stored;
    }
    report_line(&format!(
        "reconnect storm: clients={clients} on {boards} boards joined in {:.2} s; after the crash welcomed={} (full board {full}, caught up {caught_up}) in {:.2} s; saw the next edit={saw}; events={events}",
        first_storm.as_secs_f64(),
        full + caught_up,
        storm.as_secs_f64(),
    ));
    assert!(server.running());
}
