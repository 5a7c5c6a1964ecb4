//! Board actors: loading, unloading, snapshots and store failures.

mod support;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use eventstorm_server::Settings;
use eventstorm_server::store_select::{OpenedStore, open_store};
use eventstorm_store::{BoardId, Snapshot};
use serde_json::json;
use support::faulty_store::FaultyStore;
use support::ws::Client;
use support::{Db, add_note, spawn_app_on, spawn_app_with};
use uuid::Uuid;

async fn flaky(settings: Settings) -> (support::TestApp, Arc<FaultyStore>) {
    let db = Db::fresh_sqlite();
    let opened = open_store(&db.url(), false).await.unwrap();
    let flaky = Arc::new(FaultyStore::new(opened.store.clone()));
    let store = OpenedStore {
        store: flaky.clone(),
        postgres: None,
    };
    (spawn_app_on(db, store, settings).await, flaky)
}

#[tokio::test]
async fn a_board_that_fails_to_load_is_an_error_and_is_never_replaced_by_an_empty_one() {
    let (app, store) = flaky(Settings::default()).await;
    let board = app.create_board("Precious").await;
    let note = Uuid::new_v4();
    assert_eq!(
        app.command(
            &board,
            Uuid::new_v4(),
            add_note(note, "event", "Kept", 0.0, 0.0)
        )
        .await
        .0,
        200
    );
    let before = app.all_events(&board).await;

    // Force a reload: a new server on the same database, whose reads fail.
    let db = app.stop().await;
    let flaky_store = OpenedStore {
        store: store.clone(),
        postgres: None,
    };
    let app = spawn_app_on(db, flaky_store, Settings::default()).await;
    store.fail_reads.store(true, Ordering::SeqCst);
    let (status, body) = app.get(&format!("/api/boards/{board}")).await;
    assert_eq!((status, body["error"].as_str()), (503, Some("unavailable")));
    let (status, _) = app
        .command(
            &board,
            Uuid::new_v4(),
            add_note(Uuid::new_v4(), "note", "lost?", 0.0, 0.0),
        )
        .await;
    assert_eq!(status, 503);
    let mut ws = Client::connect(&app.ws_url(&board)).await;
    ws.send(json!({ "type": "join", "since": 0, "name": "Ann" }))
        .await;
    assert_eq!(ws.next_of("error").await["error"], "unavailable");

    store.fail_reads.store(false, Ordering::SeqCst);
    let served = app.board(&board).await;
    assert_eq!(served["notes"][0]["text"], "Kept");
    assert_eq!(
        app.all_events(&board).await,
        before,
        "nothing was written while the board could not load"
    );
}

#[tokio::test]
async fn a_failed_append_is_not_acknowledged_and_the_resend_applies_once() {
    let (app, store) = flaky(Settings::default()).await;
    let board = app.create_board("Outage").await;
    let (mut c, _) = Client::join(&app.ws_url(&board), "Ann", 0).await;
    store.fail_appends.store(true, Ordering::SeqCst);
    let (op, note) = (Uuid::new_v4(), Uuid::new_v4());
    c.command(op, add_note(note, "event", "During outage", 0.0, 0.0))
        .await;
    let r = c.outcome(op).await;
    assert_eq!(
        (
            r["type"].as_str(),
            r["error"].as_str(),
            r["retryable"].as_bool()
        ),
        (Some("rejected"), Some("unavailable"), Some(true))
    );
    store.fail_appends.store(false, Ordering::SeqCst);
    c.command(op, add_note(note, "event", "During outage", 0.0, 0.0))
        .await;
    let r = c.outcome(op).await;
    assert_eq!(r["type"], "ack");
    assert_eq!(app.all_events(&board).await.len(), 2);
}

#[tokio::test]
async fn an_idle_board_unloads_with_a_snapshot_and_loads_again_from_it() {
    let settings = Settings {
        idle_unload: Duration::from_millis(200),
        snapshot_every: 1_000_000,
        ..Settings::default()
    };
    let app = spawn_app_with(Db::fresh_sqlite(), settings).await;
    let board = app.create_board("Idle").await;
    for i in 0..10 {
        app.command(
            &board,
            Uuid::new_v4(),
            add_note(Uuid::new_v4(), "event", &format!("E{i}"), i as f64, 0.0),
        )
        .await;
    }
    assert_eq!(app.state.hub.loaded_boards(), 1);
    let before = app.board(&board).await;
    let id = BoardId::parse(&board).unwrap();
    let mut unloaded = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if app.state.hub.loaded_boards() == 0 {
            unloaded = true;
            break;
        }
    }
    assert!(unloaded, "the idle board unloaded");
    let snap = app
        .store()
        .latest_snapshot(&id, u64::MAX)
        .await
        .unwrap()
        .expect("a snapshot on unload");
    assert_eq!(snap.seq, 11);
    assert_eq!(app.board(&board).await, before);
}

#[tokio::test]
async fn an_unreadable_snapshot_falls_back_to_replay() {
    let app = spawn_app_with(Db::fresh_sqlite(), Settings::default()).await;
    let board = app.create_board("Corrupt").await;
    app.command(
        &board,
        Uuid::new_v4(),
        add_note(Uuid::new_v4(), "event", "E", 0.0, 0.0),
    )
    .await;
    let before = app.board(&board).await;
    let db = app.stop().await;
    let opened = open_store(&db.url(), false).await.unwrap();
    let id = BoardId::parse(&board).unwrap();
    opened
        .store
        .save_snapshot(
            &id,
            &Snapshot {
                seq: 2,
                schema_version: 1,
                state: "{broken".into(),
            },
        )
        .await
        .unwrap();
    opened
        .store
        .save_snapshot(
            &id,
            &Snapshot {
                seq: 1,
                schema_version: 99,
                state: "{}".into(),
            },
        )
        .await
        .unwrap();
    let app = spawn_app_on(db, opened, Settings::default()).await;
    assert_eq!(app.board(&board).await, before);
}

#[tokio::test]
async fn a_board_replayed_in_full_gets_a_snapshot_at_the_first_message_it_serves() {
    let app = spawn_app_with(Db::fresh_sqlite(), Settings::default()).await;
    let board = app.create_board("Replayed").await;
    for i in 0..4 {
        app.command(
            &board,
            Uuid::new_v4(),
            add_note(Uuid::new_v4(), "event", &format!("E{i}"), 0.0, 0.0),
        )
        .await;
    }
    let db = app.stop().await;
    // No snapshot at all: the next load replays every event.
    {
        use sqlx::Connection;
        let mut raw = sqlx::SqliteConnection::connect(&db.url()).await.unwrap();
        sqlx::query("DELETE FROM board_snapshots")
            .execute(&mut raw)
            .await
            .unwrap();
        raw.close().await.unwrap();
    }
    let settings = Settings {
        snapshot_every: 3,
        ..Settings::default()
    };
    let opened = open_store(&db.url(), false).await.unwrap();
    let store = opened.store.clone();
    let id = BoardId::parse(&board).unwrap();
    assert!(
        store
            .latest_snapshot(&id, u64::MAX)
            .await
            .unwrap()
            .is_none()
    );
    let app = spawn_app_on(db, opened, settings).await;
    assert_eq!(app.board(&board).await["seq"], 5);
    // The snapshot is written in the background.
    let mut snapshot = None;
    for _ in 0..50 {
        snapshot = store.latest_snapshot(&id, u64::MAX).await.unwrap();
        if snapshot.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(snapshot.map(|s| s.seq), Some(5), "a snapshot at the head");
}

#[tokio::test]
async fn a_hint_reads_the_store_only_when_it_is_past_the_boards_head() {
    let (app, store) = flaky(Settings::default()).await;
    let board = app.create_board("Hinted").await;
    app.command(
        &board,
        Uuid::new_v4(),
        add_note(Uuid::new_v4(), "event", "E", 0.0, 0.0),
    )
    .await;
    let id = BoardId::parse(&board).unwrap();
    let loaded = app.board(&board).await;
    assert_eq!(loaded["seq"], 2);
    let reads = store.reads.load(Ordering::SeqCst);

    // This instance's own appends come back as hints at or below the head: nothing to read.
    for seq in 0..=2 {
        app.state.hub.wake(&id, seq);
    }
    // Reads go through the actor's queue: two in turn, then a pause, and the hints are handled.
    app.board(&board).await;
    app.board(&board).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        store.reads.load(Ordering::SeqCst),
        reads,
        "hints at or below the head read nothing"
    );

    // A hint past the head (another instance appended) makes the actor read the store.
    app.state.hub.wake(&id, 3);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while store.reads.load(Ordering::SeqCst) == reads {
        assert!(
            tokio::time::Instant::now() < deadline,
            "a hint past the head read the store"
        );
        app.board(&board).await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
