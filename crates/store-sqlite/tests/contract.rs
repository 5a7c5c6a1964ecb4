//! The store contract suite on SQLite, each case on a fresh temporary file, plus SQLite-only
//! checks: the append-only triggers, purging, and no `database is locked` under load.

use std::path::PathBuf;
use std::sync::Arc;

use eventstorm_store::testkit::{self, Case};
use eventstorm_store::{EventStore, StoreError};
use eventstorm_store_sqlite::{SqliteOptions, SqliteStore};
use sqlx::Connection;
use sqlx::sqlite::SqliteConnection;

/// A fresh database file in a directory of its own, removed on drop (also when a test panics).
struct TempDb {
    dir: PathBuf,
}

impl TempDb {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("es-sqlite-{}", uuid::Uuid::new_v4().simple()));
        TempDb { dir }
    }

    /// In a subdirectory that does not exist yet, so `open` must create it.
    fn path(&self) -> PathBuf {
        self.dir.join("data").join("eventstorm.db")
    }

    async fn open(&self) -> SqliteStore {
        SqliteStore::open(self.path().to_str().unwrap(), SqliteOptions::default())
            .await
            .expect("open")
    }

    /// A raw connection beside the store, to try what the store itself never does.
    async fn raw(&self) -> SqliteConnection {
        let url = format!("sqlite://{}", self.path().display());
        SqliteConnection::connect(&url).await.expect("raw connect")
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn run(_name: &'static str, case: Case) {
    let db = TempDb::new();
    let store = db.open().await;
    // Run the case in a task so the store is closed (and the file removed) even if it fails.
    let result = tokio::spawn(case(Arc::new(store.clone()))).await;
    store.close().await;
    drop(db);
    if let Err(err) = result {
        std::panic::resume_unwind(err.into_panic());
    }
}

eventstorm_store::contract_tests!(run);

#[tokio::test]
async fn open_accepts_urls_and_reopens_with_data() {
    let db = TempDb::new();
    let url = format!("sqlite://{}", db.path().display());
    let store = SqliteStore::open(
        &url,
        SqliteOptions {
            synchronous_full: true,
        },
    )
    .await
    .expect("open url");
    let (board, _) = testkit::created(&store).await;
    store.close().await;

    // Reopening runs the (already applied) migrations again and finds the board.
    let store = db.open().await;
    assert_eq!(store.head(&board.id).await.unwrap(), 1);
    assert!(store.board(&board.id).await.unwrap().is_some());
    store.close().await;
}

#[tokio::test]
async fn in_memory_is_refused() {
    let err = SqliteStore::open("sqlite::memory:", SqliteOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Unavailable(_)), "got {err:?}");
}

#[tokio::test]
async fn events_cannot_be_updated_or_deleted() {
    let db = TempDb::new();
    let store = db.open().await;
    let (board, _) = testkit::created(&store).await;
    let mut raw = db.raw().await;

    let update = sqlx::query("UPDATE board_events SET payload = '{}' WHERE board_id = ?")
        .bind(board.id.as_str())
        .execute(&mut raw)
        .await;
    assert!(
        update.unwrap_err().to_string().contains("append-only"),
        "UPDATE refused"
    );
    let delete = sqlx::query("DELETE FROM board_events WHERE board_id = ?")
        .bind(board.id.as_str())
        .execute(&mut raw)
        .await;
    assert!(
        delete.unwrap_err().to_string().contains("append-only"),
        "DELETE refused"
    );
    assert_eq!(store.head(&board.id).await.unwrap(), 1);
    raw.close().await.unwrap();
    store.close().await;
}

#[tokio::test]
async fn purge_erases_one_board_and_keeps_the_guard() {
    let db = TempDb::new();
    let store = db.open().await;
    let (doomed, _) = testkit::created(&store).await;
    let (kept, _) = testkit::created(&store).await;
    for board in [&doomed.id, &kept.id] {
        testkit::append_at_head(&store, board, &[testkit::op(3)]).await;
        store
            .save_snapshot(
                board,
                &eventstorm_store::Snapshot {
                    seq: 2,
                    schema_version: 1,
                    state: "{}".to_owned(),
                },
            )
            .await
            .unwrap();
    }

    assert!(store.purge_board(&doomed.id).await.expect("purge"));
    assert!(!store.purge_board(&doomed.id).await.expect("purge again"));

    assert_eq!(store.board(&doomed.id).await.unwrap(), None);
    assert_eq!(store.head(&doomed.id).await.unwrap(), 0);
    assert_eq!(store.latest_snapshot(&doomed.id, 10).await.unwrap(), None);
    let ops: i64 = sqlx::query_scalar("SELECT count(*) FROM board_ops WHERE board_id = ?")
        .bind(doomed.id.as_str())
        .fetch_one(&mut db.raw().await)
        .await
        .unwrap();
    assert_eq!(ops, 0);
    // The other board is untouched.
    assert_eq!(store.head(&kept.id).await.unwrap(), 4);
    assert!(store.latest_snapshot(&kept.id, 10).await.unwrap().is_some());
    // The id is free again.
    store
        .create_board(&doomed, &testkit::op(1))
        .await
        .expect("recreate");

    // The delete guard is back.
    let mut raw = db.raw().await;
    let delete = sqlx::query("DELETE FROM board_events WHERE board_id = ?")
        .bind(kept.id.as_str())
        .execute(&mut raw)
        .await;
    assert!(delete.is_err(), "DELETE refused after a purge");
    raw.close().await.unwrap();
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_concurrent_appenders_never_see_a_locked_database() {
    const TASKS: usize = 8;
    const APPENDS: u64 = 50;
    let db = TempDb::new();
    let store = Arc::new(db.open().await);

    let mut tasks = Vec::new();
    for _ in 0..TASKS {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let (board, _) = testkit::created(&*store).await;
            let mut head = 1;
            for i in 0..APPENDS {
                let outcome = store
                    .append(&board.id, head, &[testkit::op(1 + (i % 3) as usize)])
                    .await
                    .unwrap_or_else(|e| panic!("append failed: {e}"));
                head = outcome.head;
                // Reads interleave with the other tasks' writes.
                let tail = store.read(&board.id, head.saturating_sub(5), 10).await;
                let tail = tail.unwrap_or_else(|e| panic!("read failed: {e}"));
                assert_eq!(tail.last().map(|e| e.seq), Some(head));
                store.head(&board.id).await.expect("head");
            }
            (board.id, head)
        }));
    }
    for task in tasks {
        let (board, head) = task.await.expect("task");
        let events = testkit::read_all(&*store, &board).await;
        assert_eq!(events.len() as u64, head);
        assert_eq!(head, 1 + (0..APPENDS).map(|i| 1 + i % 3).sum::<u64>());
    }
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wal_is_copied_into_the_database_in_the_background() {
    let db = TempDb::new();
    let store = db.open().await;
    let (board, _) = testkit::created(&store).await;
    let main_file = || std::fs::metadata(db.path()).expect("database file").len();
    let before = main_file();
    // About 300 pages of events: far below the writer's own checkpoint threshold, so only a
    // checkpoint beside the writer moves them from the WAL into the database file.
    for _ in 0..30 {
        let ops: Vec<_> = (0..40).map(|_| testkit::op(1)).collect();
        testkit::append_at_head(&store, &board.id, &ops).await;
    }
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while main_file() < before + 256 * 1024 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the database file stayed at {} bytes (was {before}): nothing checkpointed it",
            main_file()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    store.close().await;
}
