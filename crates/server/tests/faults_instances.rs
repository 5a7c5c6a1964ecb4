//! Fault tests with two `eventstorm` processes on one Postgres database: the NOTIFY listener's
//! connection killed, and one instance frozen with SIGSTOP while both write the same board.
//! Counts per run are printed (`-- --nocapture`).

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;
use support::outbox::report_line;
use support::process::{ServerProcess, all_events, create_board};
use support::scenarios::{SAFETY_POLL, bounded, paused_instance};
use support::ws::Client;
use support::{Db, add_note};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;

static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

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
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn an_instance_frozen_for_ten_seconds_loses_and_overwrites_no_edit() {
    let _turn = SERIAL.lock().await;
    bounded(
        120,
        paused_instance("two instances, B frozen 10 s", Duration::from_secs(10), 2),
    )
    .await;
}
