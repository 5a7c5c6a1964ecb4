//! Board actors: loading, unloading, snapshots and store failures.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use eventstorm_server::Settings;
use eventstorm_server::store_select::{OpenedStore, open_store};
use eventstorm_store::{
    AppendOutcome, BoardId, BoardListing, BoardMeta, EventStore, NewBoard, NewOp, OpRecord,
    RecordedEvent, Snapshot, StoreError,
};
use serde_json::json;
use support::ws::Client;
use support::{Db, add_note, spawn_app_on, spawn_app_with};
use uuid::Uuid;

/// A store that fails on demand, to see what the server does when the database does.
struct FlakyStore {
    inner: Arc<dyn EventStore>,
    fail_reads: AtomicBool,
    fail_appends: AtomicBool,
}

fn down() -> StoreError {
    StoreError::Unavailable("injected failure".into())
}

#[async_trait]
impl EventStore for FlakyStore {
    fn backend(&self) -> &'static str {
        self.inner.backend()
    }
    async fn ping(&self) -> Result<(), StoreError> {
        self.inner.ping().await
    }
    async fn create_board(
        &self,
        board: &NewBoard,
        first: &NewOp,
    ) -> Result<AppendOutcome, StoreError> {
        self.inner.create_board(board, first).await
    }
    async fn board(&self, id: &BoardId) -> Result<Option<BoardMeta>, StoreError> {
        self.inner.board(id).await
    }
    async fn board_by_view_id(&self, id: &BoardId) -> Result<Option<BoardMeta>, StoreError> {
        self.inner.board_by_view_id(id).await
    }
    async fn append(
        &self,
        board: &BoardId,
        expected: u64,
        ops: &[NewOp],
    ) -> Result<AppendOutcome, StoreError> {
        if self.fail_appends.load(Ordering::SeqCst) {
            return Err(down());
        }
        self.inner.append(board, expected, ops).await
    }
    async fn find_ops(&self, board: &BoardId, ids: &[Uuid]) -> Result<Vec<OpRecord>, StoreError> {
        self.inner.find_ops(board, ids).await
    }
    async fn read(
        &self,
        board: &BoardId,
        after: u64,
        limit: u32,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        if self.fail_reads.load(Ordering::SeqCst) {
            return Err(down());
        }
        self.inner.read(board, after, limit).await
    }
    async fn head(&self, board: &BoardId) -> Result<u64, StoreError> {
        self.inner.head(board).await
    }
    async fn list_boards(&self) -> Result<Vec<BoardListing>, StoreError> {
        self.inner.list_boards().await
    }
    async fn purge_board(&self, board: &BoardId) -> Result<bool, StoreError> {
        self.inner.purge_board(board).await
    }
    async fn save_snapshot(&self, board: &BoardId, s: &Snapshot) -> Result<(), StoreError> {
        self.inner.save_snapshot(board, s).await
    }
    async fn latest_snapshot(
        &self,
        board: &BoardId,
        max: u64,
    ) -> Result<Option<Snapshot>, StoreError> {
        if self.fail_reads.load(Ordering::SeqCst) {
            return Err(down());
        }
        self.inner.latest_snapshot(board, max).await
    }
}

async fn flaky(settings: Settings) -> (support::TestApp, Arc<FlakyStore>) {
    let db = Db::fresh_sqlite();
    let opened = open_store(&db.url(), false).await.unwrap();
    let flaky = Arc::new(FlakyStore {
        inner: opened.store.clone(),
        fail_reads: false.into(),
        fail_appends: false.into(),
    });
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
