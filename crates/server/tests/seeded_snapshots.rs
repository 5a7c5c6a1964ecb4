//! Boards written whole get snapshots as live ones do: a fork and an import of a 1,300-event
//! board have one every 500 events (or so: at the end of the append chunk that crosses the
//! mark), and their past states read through them equal the original's. On both backends.

mod long_log;
mod support;

use eventstorm_store::BoardId;
use long_log::long_board;
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

/// Every 500 events (a snapshot lands at the first chunk end at or past each mark).
fn assert_every_500(seqs: &[u64], head: u64, what: &str) {
    let mut ascending = seqs.to_vec();
    ascending.reverse();
    assert_eq!(
        ascending.len() as u64,
        head / 500,
        "{what}: one snapshot per 500 events: {ascending:?}"
    );
    for (i, seq) in ascending.iter().enumerate() {
        let mark = (i as u64 + 1) * 500;
        assert!(
            (mark..mark + 500).contains(seq),
            "{what}: snapshot {i} at {seq}"
        );
    }
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
    assert_every_500(&snapshot_seqs(&app, &fork).await, 1_200, "fork");

    let backup = reqwest::get(app.url(&format!("/api/boards/{source}/backup")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (status, imported) = app.post_raw("/api/boards/import", backup).await;
    assert_eq!(status, 201, "{imported}");
    let imported = imported["id"].as_str().unwrap().to_owned();
    assert_every_500(&snapshot_seqs(&app, &imported).await, EVENTS, "import");

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

#[tokio::test]
async fn sqlite_forks_and_imports_get_snapshots_every_500_events() {
    forks_and_imports_get_snapshots(Db::fresh_sqlite()).await;
}

#[tokio::test]
async fn postgres_forks_and_imports_get_snapshots_every_500_events() {
    if let Some(db) = Db::fresh_postgres().await {
        forks_and_imports_get_snapshots(db).await;
    }
}
