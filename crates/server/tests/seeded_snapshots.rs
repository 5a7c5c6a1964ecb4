//! Boards written whole get snapshots as live ones do: a fork and an import of a 1,300-event
//! board have one every 500 events (or so: at the end of the append chunk that crosses the
//! mark), and their past states read through them equal the original's. A fork, copied a page
//! at a time, keeps ops of several events whole across pages. On both backends.

mod long_log;
mod support;

use eventstorm_store::BoardId;
use long_log::{long_board, long_board_in_ops_of};
use serde_json::{Value, json};
use support::{Db, TestApp, spawn_app};

const EVENTS: u64 = 1_300;

/// The seqs of the board's snapshots, newest first.
async fn snapshot_seqs(app: &TestApp, board: &str) -> Vec<u64> {
    let store = app.store();
    let id = BoardId::parse(board).unwrap();
    let mut seqs = Vec::new();
    let mut below = u64::MAX;
    while let Some(snap) = store.latest_snapshot(&id, below).await.unwrap() {
        seqs.push(snap.seq);
        if snap.seq == 0 {
            break;
        }
        below = snap.seq - 1;
    }
    seqs
}

/// A snapshot every 500 events, as the live actor takes them: at the end of the first op at
/// least 500 events after the previous snapshot (`op` is the most events an op holds).
fn assert_every_500(seqs: &[u64], head: u64, op: u64, what: &str) {
    let mut marks = vec![0];
    marks.extend(seqs.iter().rev());
    for pair in marks.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(
            (500..500 + op).contains(&gap),
            "{what}: snapshots at {marks:?}"
        );
    }
    assert!(
        head - marks.last().unwrap() < 500 + op,
        "{what}: no snapshot for the last events: {marks:?} (head {head})"
    );
}

async fn notes_at(app: &TestApp, board: &str, at: u64) -> Value {
    let (status, view) = app.get(&format!("/api/boards/{board}?at={at}")).await;
    assert_eq!(status, 200, "{view}");
    view["notes"].clone()
}

async fn forks_and_imports_get_snapshots(db: Db) {
    let app = spawn_app(db).await;
    let source = long_board(&app.store(), EVENTS).await;
    let source = source.as_str();
    assert!(snapshot_seqs(&app, source).await.is_empty());

    let (status, fork) = app
        .post_raw(
            &format!("/api/boards/{source}/fork"),
            json!({ "at": 1_200 }).to_string(),
        )
        .await;
    assert_eq!(status, 201, "{fork}");
    let fork = fork["id"].as_str().unwrap().to_owned();
    assert_every_500(&snapshot_seqs(&app, &fork).await, 1_200, 1, "fork");

    let backup = reqwest::get(app.url(&format!("/api/boards/{source}/backup")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (status, imported) = app.post_raw("/api/boards/import", backup).await;
    assert_eq!(status, 201, "{imported}");
    let imported = imported["id"].as_str().unwrap().to_owned();
    assert_every_500(&snapshot_seqs(&app, &imported).await, EVENTS, 1, "import");

    // Past states read from the snapshots are the source's, replayed from seq 1.
    for at in [499, 500, 1_000, 1_100, 1_200] {
        let original = notes_at(&app, source, at).await;
        assert_eq!(notes_at(&app, &fork, at).await, original, "fork at {at}");
        assert_eq!(
            notes_at(&app, &imported, at).await,
            original,
            "import at {at}"
        );
    }
    assert_eq!(
        notes_at(&app, &imported, EVENTS).await,
        notes_at(&app, source, EVENTS).await
    );
}

/// What a fork must keep of each event: seq, op, actor, time and the event itself.
fn copied(events: &[Value]) -> Vec<Value> {
    events
        .iter()
        .map(|e| json!([e["seq"], e["op_id"], e["actor"], e["at"], e["event"]]))
        .collect()
}

async fn forks_copy_ops_whole_across_pages(db: Db) {
    let app = spawn_app(db).await;
    let source = long_board_in_ops_of(&app.store(), 2_600, 7).await;
    let source = source.as_str();
    let original = copied(&app.all_events(source).await);
    for at in [2_600u64, 1_500, 1_000, 1] {
        let (status, fork) = app
            .post_raw(
                &format!("/api/boards/{source}/fork"),
                json!({ "at": at }).to_string(),
            )
            .await;
        assert_eq!(status, 201, "{fork}");
        assert_eq!(fork["seq"], at);
        let fork = fork["id"].as_str().unwrap();
        let events = copied(&app.all_events(fork).await);
        assert_eq!(events, original[..at as usize], "fork at {at}");
        assert_every_500(&snapshot_seqs(&app, fork).await, at, 7, "fork");
        assert_eq!(
            notes_at(&app, fork, at).await,
            notes_at(&app, source, at).await
        );
    }
    for at in [0, 2_601] {
        let (status, body) = app
            .post_raw(
                &format!("/api/boards/{source}/fork"),
                json!({ "at": at }).to_string(),
            )
            .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_seq")),
            "at {at}"
        );
    }
}

#[tokio::test]
async fn sqlite_forks_copy_ops_whole_across_pages() {
    forks_copy_ops_whole_across_pages(Db::fresh_sqlite()).await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn postgres_forks_copy_ops_whole_across_pages() {
    if let Some(db) = Db::fresh_postgres().await {
        forks_copy_ops_whole_across_pages(db).await;
    }
}

#[tokio::test]
async fn sqlite_forks_and_imports_get_snapshots_every_500_events() {
    forks_and_imports_get_snapshots(Db::fresh_sqlite()).await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn postgres_forks_and_imports_get_snapshots_every_500_events() {
    if let Some(db) = Db::fresh_postgres().await {
        forks_and_imports_get_snapshots(db).await;
    }
}
