//! Fault tests: the real `eventstorm` binary killed with SIGKILL under load, on Postgres and
//! on SQLite. Clients keep an outbox and resend unanswered commands with their original op ids
//! after the restart. Afterwards every acknowledged command exists exactly once, at the seqs its
//! ack named, and the log has no gap. Counts per run are printed (`-- --nocapture`).

mod support;

use std::collections::HashMap;
use std::time::Duration;

use futures_util::StreamExt;
use rand::Rng;
use serde_json::{Value, json};
use support::outbox::report_line;
use support::process::{ServerProcess, all_events, create_board, fresh_sqlite_url};
use support::scenarios::{bounded, kill_under_load};
use support::ws::Client;
use support::{Db, add_note};
use tokio::time::Instant;
use uuid::Uuid;

/// The tests of this file take turns: each kills servers and measures, and two at once on two
/// cores would only measure each other.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn sigkill_under_load_on_postgres_loses_and_duplicates_nothing() {
    let _turn = SERIAL.lock().await;
    let Some(db) = Db::fresh_postgres().await else {
        return;
    };
    bounded(150, kill_under_load("kill -9, Postgres", &db.url(), 10, 3)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_load_on_sqlite_loses_and_duplicates_nothing() {
    let _turn = SERIAL.lock().await;
    bounded(
        150,
        kill_under_load("kill -9, SQLite", &fresh_sqlite_url(), 10, 3),
    )
    .await;
}

/// The answers (`ack` or `rejected`) to `ops`, gathered for at most 15 s.
async fn answers_to(c: &mut Client, ops: &[Uuid]) -> HashMap<Uuid, Value> {
    let mut answers = HashMap::new();
    let deadline = Instant::now() + Duration::from_secs(15);
    while answers.len() < ops.len() {
        let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, c.socket.next()).await else {
            break;
        };
        let tokio_tungstenite::tungstenite::Message::Text(t) = frame else {
            continue;
        };
        let v: Value = serde_json::from_str(t.as_str()).unwrap();
        if v["type"] == "ack" || v["type"] == "rejected" {
            let op: Uuid = v["op_id"].as_str().unwrap().parse().unwrap();
            answers.insert(op, v);
        }
    }
    answers
}

/// `(first_seq, last_seq)` of the ops the database holds, read straight from it.
/// Waits until no other session of this database is running a statement. A statement the
/// killed server had already sent (an append group) still runs to its commit after its client
/// is gone, so what is committed "before the crash" is known only once it has finished.
async fn settle_orphaned_statements(pool: &sqlx::PgPool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (active,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        if active == 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the killed server's statements never finished"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

async fn committed_ops(
    pool: &sqlx::PgPool,
    board: &str,
    ops: &[Uuid],
) -> HashMap<Uuid, (u64, u64)> {
    let rows: Vec<(Uuid, i64, i64)> = sqlx::query_as(
        "SELECT op_id, first_seq, last_seq FROM board_ops WHERE board_id = $1 AND op_id = ANY($2)",
    )
    .bind(board)
    .bind(ops)
    .fetch_all(pool)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(op, first, last)| (op, (first as u64, last as u64)))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn a_crash_between_commit_and_ack_answers_every_resend_with_its_original_seqs() {
    let _turn = SERIAL.lock().await;
    let Some(db) = Db::fresh_postgres().await else {
        return;
    };
    bounded(120, async {
        let url = db.url();
        let mut server = ServerProcess::start(&url).await;
        let http = reqwest::Client::new();
        let board = create_board(&http, &server.base(), "Between commit and ack").await;
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        const N: usize = 150;
        let (mut sent, mut unseen_commits, mut duplicates, mut fresh) = (0, 0, 0, 0);
        // When the kill comes: at once; once a third is committed; once all are; at random.
        for round in 0..4 {
            let mut c = Client::connect(&server.ws_url(&board)).await;
            c.send(json!({ "type": "join", "since": 0, "name": "Crash", "client_id": "crash" }))
                .await;
            let ops: Vec<(Uuid, Value)> = (0..N)
                .map(|i| {
                    let x = (round * N + i) as f64;
                    (
                        Uuid::new_v4(),
                        add_note(Uuid::new_v4(), "event", &format!("r{round} n{i}"), x, 0.0),
                    )
                })
                .collect();
            let ids: Vec<Uuid> = ops.iter().map(|(op, _)| *op).collect();
            // The client never reads: no ack reaches it before the crash.
            for (op, cmd) in &ops {
                c.command(*op, cmd.clone()).await;
            }
            sent += N;
            let want = match round {
                0 => 0,
                1 => N / 3,
                2 => N,
                _ => {
                    let ms = rand::rng().random_range(0..30);
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                    0
                }
            };
            let wait_until = Instant::now() + Duration::from_secs(20);
            while want > 0 && committed_ops(&pool, &board, &ids).await.len() < want {
                assert!(Instant::now() < wait_until, "the commands were not committed");
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            server.kill9();
            drop(c);
            settle_orphaned_statements(&pool).await;
            let before = committed_ops(&pool, &board, &ids).await;
            unseen_commits += before.len();
            server.restart().await;

            let (mut c, _) = Client::join(&server.ws_url(&board), "Crash", 0).await;
            for (op, cmd) in &ops {
                c.command(*op, cmd.clone()).await;
            }
            let answers = answers_to(&mut c, &ids).await;
            let missing: Vec<String> = ids
                .iter()
                .filter(|op| !answers.contains_key(*op))
                .map(|op| format!("{op} (committed before the crash: {:?})", before.get(op)))
                .collect();
            assert!(missing.is_empty(), "round {round}: unanswered resends:\n{}", missing.join("\n"));
            for (op, _) in &ops {
                let answer = &answers[op];
                assert_eq!(answer["type"], "ack", "round {round}: {answer}");
                let seqs = (
                    answer["first_seq"].as_u64().unwrap(),
                    answer["seq"].as_u64().unwrap(),
                );
                match before.get(op) {
                    Some(original) => {
                        assert_eq!(answer["duplicate"], true, "round {round}: {answer}");
                        assert_eq!(seqs, *original, "round {round}: the original seqs");
                        duplicates += 1;
                    }
                    None => {
                        assert!(answer.get("duplicate").is_none() || answer["duplicate"] == false);
                        fresh += 1;
                    }
                }
            }
            if round == 2 {
                assert_eq!(before.len(), N, "round 2 kills after every commit");
            }
        }

        // Over HTTP: requests cut off by the crash are resent after the restart.
        let http_ops: Vec<(Uuid, Value)> = (0..300)
            .map(|i| {
                (
                    Uuid::new_v4(),
                    add_note(Uuid::new_v4(), "command", &format!("http {i}"), i as f64, 500.0),
                )
            })
            .collect();
        let commands_url = server.url(&format!("/api/boards/{board}/commands"));
        let post = |op: Uuid, cmd: Value| {
            let http = http.clone();
            let url = commands_url.clone();
            async move {
                let res = http
                    .post(url)
                    .json(&json!({ "op_id": op, "command": cmd }))
                    .send()
                    .await
                    .ok()?;
                let status = res.status().as_u16();
                Some((status, res.json::<Value>().await.ok()?))
            }
        };
        let in_flight: Vec<_> = http_ops
            .iter()
            .map(|(op, cmd)| tokio::spawn(post(*op, cmd.clone())))
            .collect();
        let ids: Vec<Uuid> = http_ops.iter().map(|(op, _)| *op).collect();
        let wait_until = Instant::now() + Duration::from_secs(20);
        while committed_ops(&pool, &board, &ids).await.len() < 20 {
            assert!(Instant::now() < wait_until, "the HTTP commands were not committed");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        server.kill9();
        let mut answered_before = HashMap::new();
        for ((op, _), h) in http_ops.iter().zip(in_flight) {
            if let Some((200, body)) = h.await.unwrap() {
                answered_before.insert(*op, (body["first_seq"].clone(), body["seq"].clone()));
            }
        }
        settle_orphaned_statements(&pool).await;
        let before = committed_ops(&pool, &board, &ids).await;
        server.restart().await;
        let mut http_duplicates = 0;
        for (op, cmd) in &http_ops {
            let (status, body) = post(*op, cmd.clone()).await.expect("the server answers");
            assert_eq!(status, 200, "{body}");
            if let Some(&(first, last)) = before.get(op) {
                assert_eq!(body["duplicate"], true, "{body}");
                assert_eq!(
                    (body["first_seq"].as_u64(), body["seq"].as_u64()),
                    (Some(first), Some(last))
                );
                http_duplicates += 1;
            }
            if let Some((first, seq)) = answered_before.get(op) {
                assert_eq!((&body["first_seq"], &body["seq"]), (first, seq));
            }
        }
        sent += http_ops.len();

        let events = all_events(&http, &server.base(), &board).await;
        let mut gaps = 0;
        for (i, e) in events.iter().enumerate() {
            if e["seq"].as_u64() != Some(i as u64 + 1) {
                gaps += 1;
            }
        }
        let mut per_op: HashMap<String, usize> = HashMap::new();
        for e in &events {
            *per_op.entry(e["op_id"].as_str().unwrap().to_owned()).or_default() += 1;
        }
        assert!(per_op.values().all(|n| *n == 1), "every op is stored once");
        report_line(&format!(
            "crash between commit and ack: sent={sent} acked={sent} found={} committed_before_crash_unseen={unseen_commits} duplicates={} fresh={fresh} http_committed_before_crash={} http_answered_before_crash={} gaps={gaps}",
            per_op.len() - 1,
            duplicates + http_duplicates,
            before.len(),
            answered_before.len(),
        ));
        assert_eq!(gaps, 0);
        assert_eq!(events.len(), 1 + sent, "each command exactly once");
        assert!(unseen_commits >= N, "round 2 alone commits {N} unseen ops");
    })
    .await;
}

/// Holds the board's write lock from outside the server, so its next append waits.
enum WriteLock {
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
    Sqlite(sqlx::SqliteConnection),
}

impl WriteLock {
    async fn take(url: &str, board: &str) -> WriteLock {
        use sqlx::Connection;
        if url.starts_with("postgres") {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            let mut tx = pool.begin().await.unwrap();
            sqlx::query("SELECT 1 FROM boards WHERE id = $1 FOR UPDATE")
                .bind(board)
                .execute(&mut *tx)
                .await
                .unwrap();
            WriteLock::Postgres(tx)
        } else {
            let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
            sqlx::query("BEGIN IMMEDIATE")
                .execute(&mut conn)
                .await
                .unwrap();
            WriteLock::Sqlite(conn)
        }
    }

    /// Waits until the server's append is blocked on the lock (on SQLite it waits in its
    /// busy handler; nothing to see from outside).
    async fn wait_for_a_blocked_append(&self, url: &str) {
        if let WriteLock::Postgres(_) = self {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            let until = Instant::now() + Duration::from_secs(10);
            loop {
                let (waiting,): (i64,) = sqlx::query_as(
                    "SELECT count(*) FROM pg_stat_activity
                     WHERE datname = current_database() AND wait_event_type = 'Lock'",
                )
                .fetch_one(&pool)
                .await
                .unwrap();
                if waiting > 0 {
                    return;
                }
                assert!(Instant::now() < until, "no append waited for the lock");
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    }

    /// Releases the lock after ending the appends that wait for it: on Postgres a statement
    /// whose client died still commits once it gets the lock, and the event sent before the
    /// crash would then be a committed one, not a phantom.
    async fn release_dropping_waiters(self, url: &str) {
        match self {
            WriteLock::Postgres(tx) => {
                let pool = sqlx::PgPool::connect(url).await.unwrap();
                let ended: Vec<(bool,)> = sqlx::query_as(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE datname = current_database() AND wait_event_type = 'Lock'",
                )
                .fetch_all(&pool)
                .await
                .unwrap();
                assert!(!ended.is_empty(), "the append was waiting for the lock");
                tx.rollback().await.unwrap();
            }
            WriteLock::Sqlite(mut conn) => {
                sqlx::query("ROLLBACK").execute(&mut conn).await.unwrap();
            }
        }
    }
}

/// A participant gets an event that the server sends before its commit; the server dies
/// before the commit; someone else's edit takes that seq. Coming back, the participant names
/// the event it holds, is given the whole board instead of a continuation, and keeps no
/// trace of the event that never happened; the author's outbox resend applies once.
async fn crash_between_broadcast_and_commit(url: String) {
    let mut server = ServerProcess::start(&url).await;
    let http = reqwest::Client::new();
    let board = create_board(&http, &server.base(), "Between broadcast and commit").await;
    let ws = server.ws_url(&board);
    let (mut author, _) = Client::join(&ws, "Ann", 0).await;
    let (mut watcher, _) = Client::join(&ws, "Ben", 0).await;
    let op = Uuid::new_v4();
    author
        .command(op, add_note(Uuid::new_v4(), "event", "Committed", 0.0, 0.0))
        .await;
    assert_eq!(author.outcome(op).await["type"], "ack");
    let committed = author.seq;
    watcher.events_until(committed).await;

    let lock = WriteLock::take(&url, &board).await;
    let phantom_op = Uuid::new_v4();
    author
        .command(
            phantom_op,
            add_note(Uuid::new_v4(), "event", "Phantom", 0.0, 100.0),
        )
        .await;
    let phantom = watcher.next_of("event").await;
    assert_eq!(phantom["seq"], committed + 1, "sent before its commit");
    assert_eq!(phantom["op_id"], phantom_op.to_string());
    lock.wait_for_a_blocked_append(&url).await;
    server.kill9();
    lock.release_dropping_waiters(&url).await;
    server.restart().await;

    // Someone else's edit takes the seq the phantom had.
    let (mut other, _) = Client::join(&ws, "Cleo", 0).await;
    let real = Uuid::new_v4();
    other
        .command(real, add_note(Uuid::new_v4(), "event", "Real", 0.0, 200.0))
        .await;
    assert_eq!(other.outcome(real).await["seq"], committed + 1);

    // The watcher rejoins from the event it holds, naming it.
    let mut back = Client::connect(&ws).await;
    back.seq = committed + 1;
    back.send(json!({
        "type": "join", "since": committed + 1, "name": "Ben", "client_id": "Ben-client",
        "since_event": { "op_id": phantom["op_id"], "at": phantom["at"] },
    }))
    .await;
    let welcome = back.next_of("welcome").await;
    assert!(welcome.get("events").is_none(), "a continuation: {welcome}");
    let texts: Vec<&str> = welcome["board"]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Committed", "Real"], "no phantom");

    // The author's outbox sends the op again after reconnecting: it applies once, later.
    let (mut author, _) = Client::join(&ws, "Ann", committed).await;
    author
        .command(
            phantom_op,
            add_note(Uuid::new_v4(), "event", "Phantom", 0.0, 100.0),
        )
        .await;
    let ack = author.outcome(phantom_op).await;
    assert_eq!(ack["type"], "ack", "{ack}");
    assert_eq!(ack["seq"], committed + 2);
    let resent = back.next_of("event").await;
    assert_eq!(resent["op_id"], phantom_op.to_string());
    assert_eq!(back.seq, committed + 2);

    let events = all_events(&http, &server.base(), &board).await;
    let seqs: Vec<u64> = events.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, (1..=committed + 2).collect::<Vec<_>>(), "no gap");
    let once = events
        .iter()
        .filter(|e| e["op_id"] == phantom_op.to_string())
        .count();
    assert_eq!(once, 1);
    report_line(&format!(
        "crash between broadcast and commit: phantom at seq {} replaced by a full board; resend stored once at {}",
        committed + 1,
        committed + 2
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn a_crash_between_broadcast_and_commit_leaves_no_phantom_on_postgres() {
    let _turn = SERIAL.lock().await;
    let Some(db) = Db::fresh_postgres().await else {
        return;
    };
    bounded(120, crash_between_broadcast_and_commit(db.url())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_between_broadcast_and_commit_leaves_no_phantom_on_sqlite() {
    let _turn = SERIAL.lock().await;
    bounded(120, crash_between_broadcast_and_commit(fresh_sqlite_url())).await;
}
