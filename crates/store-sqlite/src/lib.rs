//! The eventstorm event store on SQLite: one file, WAL, and exactly one writer connection.
//!
//! Writes go through a pool of size 1, so appends queue in the process instead of racing for
//! SQLite's write lock: `SQLITE_BUSY` ("database is locked") never reaches a caller. Appends
//! from all boards meet in one group-commit queue and are written together, a group per write
//! transaction. Reads use
//! a separate pool; under WAL they never wait for the writer.
//!
//! Durability: by default `synchronous=NORMAL`. A killed process loses nothing that was
//! committed; a power cut or OS crash can lose the last few commits (those still only in the
//! WAL, not yet synced), though the database stays consistent. Set
//! [`SqliteOptions::synchronous_full`] to sync on every commit, at the cost of write latency.

mod append;
mod store;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use eventstorm_store::group_commit::{AppendQueue, append_queue, run_writers};
use eventstorm_store::{BoardId, StoreError};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use tokio::task::AbortHandle;

use crate::append::Writer;
use eventstorm_store_sql::convert::db_error;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");

/// How long a connection waits for a lock before SQLite gives up. With one writer connection
/// this only covers checkpoints and other processes touching the file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a caller waits for the writer (queued behind other appends) or a reader.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);
const READ_CONNECTIONS: u32 = 4;
/// How often the background checkpointer copies the WAL into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);
/// WAL pages after which a commit checkpoints by itself (SQLite's default is 1,000, about a
/// second of a busy server). The background checkpointer keeps the WAL far below this; the
/// limit is only the backstop should it fall behind.
const WAL_AUTOCHECKPOINT_PAGES: u32 = 20_000;

/// Settings for [`SqliteStore::open`].
#[derive(Clone, Debug, Default)]
pub struct SqliteOptions {
    /// `synchronous=FULL` instead of `NORMAL`: every commit survives a power cut too.
    pub synchronous_full: bool,
}

/// An [`EventStore`](eventstorm_store::EventStore) in one SQLite file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    /// Exactly one connection: the only writer.
    writer: SqlitePool,
    readers: SqlitePool,
    /// Appends, for the group-commit writer: every append queued while the previous group
    /// committed goes into the next write transaction.
    queue: AppendQueue,
    /// Stops the background checkpointer when the last handle goes.
    checkpointer: Arc<Checkpointer>,
}

#[derive(Debug)]
struct Checkpointer(AbortHandle);

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Copies the WAL into the database file every [`CHECKPOINT_EVERY`], beside the writer.
/// `PASSIVE` never waits for the writer or for readers: what it cannot copy yet, the next
/// round does.
async fn checkpoint_regularly(readers: SqlitePool) {
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if readers.is_closed() {
            return;
        }
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&readers)
            .await
        {
            tracing::debug!(error = %e, "background checkpoint failed");
        }
    }
}

impl SqliteStore {
    /// Opens (creating the file and its parent directory if missing) the database at
    /// `url_or_path` (`sqlite://path`, `sqlite:path` or a plain path) and runs the migrations.
    /// In-memory databases are refused: the two pools would not share one WAL database.
    pub async fn open(url_or_path: &str, options: SqliteOptions) -> Result<Self, StoreError> {
        if url_or_path.contains(":memory:") || url_or_path.contains("mode=memory") {
            return Err(StoreError::Unavailable(
                "in-memory SQLite is not supported; give a file path".to_owned(),
            ));
        }
        let connect = if url_or_path.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(url_or_path)
                .map_err(|e| StoreError::Unavailable(format!("bad SQLite url: {e}")))?
        } else {
            SqliteConnectOptions::new().filename(url_or_path)
        };
        let connect = connect
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(if options.synchronous_full {
                SqliteSynchronous::Full
            } else {
                SqliteSynchronous::Normal
            })
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);

        if let Some(dir) = connect.get_filename().parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Unavailable(format!("cannot create {}: {e}", dir.display()))
            })?;
        }

        // A checkpoint copies the WAL into the database and syncs it: milliseconds that, run
        // by the committing writer (SQLite's default), stall every append queued behind it.
        // The background checkpointer runs them on a reader connection instead.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            // A ping before every group is one more hand-off to the worker thread, and a local
            // file has no connection that could have gone stale.
            .test_before_acquire(false)
            .connect_with(
                connect
                    .clone()
                    .pragma("wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES.to_string()),
            )
            .await
            .map_err(db_error)?;
        eventstorm_store_sql::convert::migrate(&MIGRATOR, &writer).await?;
        // Opened after the writer so the file exists and is already in WAL mode.
        let readers = SqlitePoolOptions::new()
            .max_connections(READ_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(connect)
            .await
            .map_err(db_error)?;
        let (queue, batches) = append_queue();
        // One writer loop: SQLite has one writer connection.
        tokio::spawn(run_writers(
            batches,
            Writer {
                pool: writer.clone(),
            },
            1,
        ));
        let checkpointer = tokio::spawn(checkpoint_regularly(readers.clone())).abort_handle();
        Ok(SqliteStore {
            writer,
            readers,
            queue,
            checkpointer: Arc::new(Checkpointer(checkpointer)),
        })
    }

    /// Erases a board with its events, ops and snapshots in one transaction; `false` if there
    /// was no such board.
    ///
    /// SQLite has no session settings, so instead of Postgres' `eventstorm.purge` flag the
    /// transaction drops the trigger that refuses deletes and recreates it from its stored SQL
    /// before committing. The transaction holds the write lock throughout, so nothing else can
    /// delete events while the trigger is gone; a failure rolls the drop back with the rest.
    pub async fn purge_board(&self, id: &BoardId) -> Result<bool, StoreError> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db_error)?;
        let trigger: Option<String> = sqlx::query_scalar(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'board_events_no_delete'",
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?;
        let trigger = trigger.ok_or_else(|| {
            StoreError::Corrupt("trigger board_events_no_delete is missing".to_owned())
        })?;

        sqlx::query("DROP TRIGGER board_events_no_delete")
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let boards = eventstorm_store_sql::delete_board_rows!(tx, id)?;
        // The SQL comes from this database's own schema, not from any input.
        sqlx::query(sqlx::AssertSqlSafe(trigger))
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(boards > 0)
    }

    /// Closes both pools, waiting for connections in use to be returned. Later calls fail with
    /// `Unavailable`.
    pub async fn close(&self) {
        self.checkpointer.0.abort();
        self.readers.close().await;
        self.writer.close().await;
    }
}
