//! The eventstorm event store on Postgres.
//!
//! Appends go through a group-commit queue: a writer takes every append queued (from any
//! number of boards) into one call of the `eventstorm_append` function, which locks the boards'
//! rows, compares their heads with the expected seqs and inserts all events in one multi-row
//! statement and all ops in another, in one implicit transaction. Once it committed, a hint
//! (`board_id:head`) per board goes out by `pg_notify` for other server instances. The
//! `(board_id, seq)` primary key stays the referee of last resort: a unique violation there is
//! a `Conflict`.

mod append;
mod hints;
mod store;

pub use hints::{AUDIENCE_RECHECK, HINT_CHANNEL, Hint, HintListener, LISTENER_NAME};

use hints::{HintSender, OwnBackends};

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use eventstorm_store::group_commit::{AppendQueue, append_queue, run_writers};
use eventstorm_store::{BoardId, StoreError};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use crate::append::{Writer, WriterConnections};
use eventstorm_store_sql::convert::db_error;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// How long a caller waits for a pooled connection before the store reports `Unavailable`.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);
/// The pool's connections (reads, board creation, hints). With the writers' own and the hint
/// listener's, an instance holds up to 16 connections.
const MAX_CONNECTIONS: u32 = 12;
/// Group-commit writer loops, each on a connection of its own: while one group waits for its
/// commit (the WAL flush), the next is already being written on another connection, and
/// Postgres flushes their commits together.
const WRITERS: usize = 3;

/// An [`EventStore`](eventstorm_store::EventStore) in a Postgres database.
#[derive(Clone, Debug)]
pub struct PgStore {
    pool: PgPool,
    /// Kept to open the hint listener's dedicated connection.
    options: PgConnectOptions,
    /// Appends, for the group-commit writer.
    queue: AppendQueue,
    /// The writer's connections, closed with the pool.
    writer_connections: Arc<WriterConnections>,
    /// Hints for other instances, sent after the commits they describe.
    hints: HintSender,
    /// The backend process ids of this store's connections, whose hints its listener skips.
    own_backends: OwnBackends,
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/db`) and runs the migrations (under
    /// sqlx's advisory lock, so instances starting together do not race).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        // The parse error is not shown: it could echo a password from the url.
        let options = PgConnectOptions::from_str(url)
            .map_err(|_| StoreError::Unavailable("invalid Postgres url".to_owned()))?;
        Self::connect_with(options).await
    }

    /// Like [`PgStore::connect`], with options built by the caller.
    pub async fn connect_with(options: PgConnectOptions) -> Result<Self, StoreError> {
        let own_backends = OwnBackends::default();
        let own = own_backends.clone();
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .after_connect(move |conn, _| {
                let own = own.clone();
                Box::pin(async move { own.record(conn).await })
            })
            .connect_with(options.clone())
            .await
            .map_err(db_error)?;
        eventstorm_store_sql::convert::migrate(&MIGRATOR, &pool).await?;
        let (queue, batches) = append_queue();
        let hints = HintSender::start(pool.clone(), own_backends.clone());
        let writer_connections = Arc::new(WriterConnections::new(options.clone()));
        let writer = Writer {
            connections: writer_connections.clone(),
            hints: hints.clone(),
        };
        tokio::spawn(run_writers(batches, writer, WRITERS));
        Ok(PgStore {
            pool,
            options,
            queue,
            writer_connections,
            hints,
            own_backends,
        })
    }

    /// Erases a board with its events, ops and snapshots in one transaction, then hints the
    /// purge to other instances; `false` if there was no such board. The transaction sets `eventstorm.purge = on` (for itself only), the
    /// one thing the `board_events` trigger lets delete events.
    pub async fn purge_board(&self, id: &BoardId) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        // Lock the board first: an append holding (or wanting) the row would otherwise insert
        // events between our deletes and make the final DELETE of the board fail.
        let exists: Option<i32> =
            sqlx::query_scalar("SELECT 1 FROM boards WHERE id = $1 FOR UPDATE")
                .bind(id.as_str())
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?;
        if exists.is_none() {
            return Ok(false);
        }
        sqlx::query("SET LOCAL eventstorm.purge = on")
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let boards = eventstorm_store_sql::delete_board_rows!(tx, id)?;
        tx.commit().await.map_err(db_error)?;
        if boards > 0 {
            // Other instances unload the board and forget its links.
            self.hints.send(id, Hint::PURGED);
        }
        Ok(boards > 0)
    }

    /// Subscribes to the append hints of all instances on this database, on a connection of
    /// its own (see [`HintListener`]).
    pub async fn listen_hints(&self) -> Result<HintListener, StoreError> {
        HintListener::connect(self.options.clone(), self.own_backends.clone()).await
    }

    /// Closes the writers' waiting connections and the pool, waiting for pooled connections in
    /// use to be returned. Later calls fail with `Unavailable`.
    pub async fn close(&self) {
        self.writer_connections.close().await;
        self.pool.close().await;
    }
}
