//! Fault tests with two `eventstorm` processes on one Postgres database: the NOTIFY listener's
//! connection killed, and one instance frozen with SIGSTOP while both write the same board.
//! Counts per run are printed (`-- --nocapture`).

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};
use support::outbox::{Plan, join_workers, report_line, spawn_workers, verify};
use support::process::{ServerProcess, all_events, create_board};
use support::ws::Client;
use support::{Db, add_note};
use tokio::sync::watch;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;

/// The safety poll of a Postgres instance (`main.rs`).
const SAFETY_POLL: Duration = Duration::from_secs(2);

static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn bounded<T>(secs: u64, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), f)
        .await
        .unwrap_or_else(|_| panic!("the test took longer than {secs} s"))
}

/// Reads a client's frames until `stop`, noting when each event's op arrived; checks order.
fn observe(
    mut c: Client,
    stop: Arc<AtomicBool>,
) -> tokio::task::JoinHandle<(HashMap<String, Instant>, u64)> {
    tokio::spawn(async move {
        let mut seen = HashMap::new();
        while !stop.load(Ordering::SeqCst) {
            let frame =
                match tokio::time::timeout(Duration::from_millis(100), c.socket.next()).await {
                    Ok(Some(Ok(Message::Text(t)))) => t,
                    Ok(Some(Ok(_))) | Err(_) => continue,
                    Ok(None) | Ok(Some(Err(_))) => panic!("the observer's socket closed"),
                };
            let v: Value = serde_json::from_str(frame.as_str()).unwrap();
            if v["type"] == "event" {
                let seq = v["seq"].as_u64().unwrap();
                assert_eq!(seq, c.seq + 1, "events arrive in order, without a gap");
                c.seq = seq;
                seen.insert(v["op_id"].as_str().unwrap().to_owned(), Instant::now());
            }
        }
        (seen, c.seq)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_listener_connection_killed_the_other_instance_converges_within_the_safety_poll() {
    let _turn = SERIAL.lock().await;
    let Some(db) = Db::fresh_postgres().await else {
        return;
    };
    bounded(120, async {
        let url = db.url();
        let a = ServerProcess::start(&url).await;
        let b = ServerProcess::start(&url).await;
        let http = reqwest::Client::new();
        let board = create_board(&http, &a.base(), "Listener").await;
        let (mut writer, _) = Client::join(&a.ws_url(&board), "Writer", 0).await;
        let (observer, _) = Client::join(&b.ws_url(&board), "Observer", 0).await;
        let stop_observer = Arc::new(AtomicBool::new(false));
        let observing = observe(observer, stop_observer.clone());

        // Kill every listening connection on this database, again and again, while A writes.
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        let killing = Arc::new(AtomicBool::new(true));
        let killed = Arc::new(AtomicUsize::new(0));
        let killer = {
            let (pool, killing, killed) = (pool.clone(), killing.clone(), killed.clone());
            tokio::spawn(async move {
                while killing.load(Ordering::SeqCst) {
                    let n: Vec<(bool,)> = sqlx::query_as(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                         WHERE datname = current_database() AND pid <> pg_backend_pid()
                           AND query ILIKE 'LISTEN%'",
                    )
                    .fetch_all(&pool)
                    .await
                    .unwrap();
                    killed.fetch_add(n.iter().filter(|(ok,)| *ok).count(), Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut acked_at: Vec<(String, Instant)> = Vec::new();
        for i in 0..30 {
            let op = Uuid::new_v4();
            writer
                .command(op, add_note(Uuid::new_v4(), "event", &format!("n{i}"), i as f64, 0.0))
                .await;
            assert_eq!(writer.outcome(op).await["type"], "ack");
            acked_at.push((op.to_string(), Instant::now()));
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        killing.store(false, Ordering::SeqCst);
        killer.await.unwrap();
        // With the listener back, hints carry edits again.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let mut after: Vec<(String, Instant)> = Vec::new();
        for i in 0..5 {
            let op = Uuid::new_v4();
            writer
                .command(op, add_note(Uuid::new_v4(), "note", &format!("after {i}"), i as f64, 300.0))
                .await;
            assert_eq!(writer.outcome(op).await["type"], "ack");
            after.push((op.to_string(), Instant::now()));
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        tokio::time::sleep(SAFETY_POLL + Duration::from_secs(1)).await;
        stop_observer.store(true, Ordering::SeqCst);
        let (seen, observer_seq) = observing.await.unwrap();

        let latency = |list: &[(String, Instant)]| -> Vec<Duration> {
            list.iter()
                .map(|(op, at)| {
                    let got = seen.get(op).unwrap_or_else(|| panic!("the observer never saw {op}"));
                    got.saturating_duration_since(*at)
                })
                .collect()
        };
        let during = latency(&acked_at);
        let later = latency(&after);
        let max_during = during.iter().max().copied().unwrap();
        let slow = during.iter().filter(|d| **d > Duration::from_millis(300)).count();
        let max_after = later.iter().max().copied().unwrap();
        let events = all_events(&http, &b.base(), &board).await;
        report_line(&format!(
            "listener killed: listener connections terminated={} events={} seen by the other instance's client={} slowest={:.2} s (delivered by the poll: {slow}); after the listener came back: slowest={:.2} s",
            killed.load(Ordering::SeqCst),
            events.len(),
            seen.len(),
            max_during.as_secs_f64(),
            max_after.as_secs_f64()
        ));
        assert!(killed.load(Ordering::SeqCst) > 0, "listener connections were killed");
        assert!(
            max_during <= SAFETY_POLL + Duration::from_millis(1000),
            "converged within the safety poll: {during:?}"
        );
        assert!(
            max_after <= Duration::from_millis(1500),
            "hints work again: {later:?}"
        );
        assert_eq!(observer_seq, events.len() as u64);
        assert_eq!(events, all_events(&http, &a.base(), &board).await);
        let view_a: Value = http.get(a.url(&format!("/api/boards/{board}"))).send().await.unwrap().json().await.unwrap();
        let view_b: Value = http.get(b.url(&format!("/api/boards/{board}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(view_a["notes"], view_b["notes"]);
        assert_eq!(view_a["seq"], view_b["seq"]);
    })
    .await;
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
            .all(|l| l.acked.len() > 0),
        "B's clients got their edits in"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_frozen_for_ten_seconds_loses_and_overwrites_no_edit() {
    let _turn = SERIAL.lock().await;
    bounded(
        120,
        paused_instance("two instances, B frozen 10 s", Duration::from_secs(10), 2),
    )
    .await;
}
