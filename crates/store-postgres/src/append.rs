//! Appends on Postgres: any number of boards in one call of the `eventstorm_append` function
//! (one round trip when every head is where its append expects it), and the group-commit
//! writer that feeds it and sends the hints once the group committed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use eventstorm_store::group_commit::{Append, GroupOutcome, GroupWriter, PlacedOp, place};
use eventstorm_store::{AppendOutcome, StoreError};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};
use uuid::Uuid;

use crate::hints::HintSender;
use eventstorm_store_sql::convert::{db_error, sql_seq, unique_or};

/// The columns of a group's rows, for one `INSERT ... SELECT FROM UNNEST(...)` per table.
#[derive(Default)]
struct Rows<'a> {
    board: Vec<&'a str>,
    seq: Vec<i64>,
    op_id: Vec<Uuid>,
    actor: Vec<&'a str>,
    kind: Vec<&'a str>,
    payload: Vec<&'a str>,
    schema_version: Vec<i32>,
    recorded_at_ms: Vec<i64>,
    op_board: Vec<&'a str>,
    op_op_id: Vec<Uuid>,
    op_hash: Vec<&'a str>,
    op_first: Vec<i64>,
    op_last: Vec<i64>,
    op_recorded_at_ms: Vec<i64>,
}

impl<'a> Rows<'a> {
    fn of(placed: &'a [PlacedOp<'a>]) -> Self {
        let mut rows = Rows::default();
        for p in placed {
            let board = p.board.as_str();
            for (i, event) in p.op.events.iter().enumerate() {
                rows.board.push(board);
                rows.seq.push(sql_seq(p.first_seq + i as u64));
                rows.op_id.push(p.op.op_id);
                rows.actor.push(&p.op.actor);
                rows.kind.push(&event.kind);
                rows.payload.push(&event.payload);
                rows.schema_version.push(event.schema_version);
                rows.recorded_at_ms.push(p.op.recorded_at_ms);
            }
            rows.op_board.push(board);
            rows.op_op_id.push(p.op.op_id);
            rows.op_hash.push(&p.op.content_hash);
            rows.op_first.push(sql_seq(p.first_seq));
            rows.op_last.push(sql_seq(p.last_seq));
            rows.op_recorded_at_ms.push(p.op.recorded_at_ms);
        }
        rows
    }
}

/// Appends `appends` (distinct boards) with `conn`: outside a transaction, each call of the
/// function is a transaction of its own; on a transaction, part of it. `Ok` holds one result
/// per append: those whose board is missing or whose head is not the expected one are
/// refused, the others are written. `Err` means nothing was written; with a single append it
/// is exactly the error `append` promises (`Conflict` if a seq was taken, `DuplicateOp` if an
/// op id was).
pub(crate) async fn append_with(conn: &mut PgConnection, appends: &[Append<'_>]) -> GroupOutcome {
    // First as if every head were where its append expects it, the common case. When some
    // are not, the function answers with the actual heads (having written nothing) and the
    // group is placed again against them. A board passes only at its expected head, so each
    // further round refuses at least one more board: this ends.
    let mut heads: HashMap<&str, i64> = appends
        .iter()
        .map(|a| (a.board.as_str(), sql_seq(a.expected_seq)))
        .collect();
    loop {
        let known = heads.iter().map(|(b, h)| ((*b).to_owned(), *h)).collect();
        let (results, placed) = place(appends, known)?;
        let passing: Vec<(&str, i64)> = appends
            .iter()
            .zip(&results)
            .filter(|(_, result)| result.is_ok())
            .map(|(a, _)| (a.board.as_str(), sql_seq(a.expected_seq)))
            .collect();
        if passing.is_empty() {
            return Ok(results);
        }
        let Some(actual) = call_append(conn, &passing, &placed).await? else {
            return Ok(results);
        };
        for ((board, _), head) in passing.iter().zip(actual) {
            match head {
                Some(head) => heads.insert(board, head),
                None => heads.remove(board),
            };
        }
    }
}

/// One call of `eventstorm_append` (migration 0003) for the boards `passing` at their heads and
/// the ops placed after them: `None` if written, else the boards' actual heads (`None` for a
/// missing board) and nothing written.
async fn call_append(
    conn: &mut PgConnection,
    passing: &[(&str, i64)],
    placed: &[PlacedOp<'_>],
) -> Result<Option<Vec<Option<i64>>>, StoreError> {
    let rows = Rows::of(placed);
    let boards: Vec<&str> = passing.iter().map(|(board, _)| *board).collect();
    let expected: Vec<i64> = passing.iter().map(|(_, head)| *head).collect();
    sqlx::query_scalar(
        "SELECT eventstorm_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
             $14, $15, $16)",
    )
    .bind(&boards)
    .bind(&expected)
    .bind(&rows.board)
    .bind(&rows.seq)
    .bind(&rows.op_id)
    .bind(&rows.actor)
    .bind(&rows.kind)
    .bind(&rows.payload)
    .bind(&rows.schema_version)
    .bind(&rows.recorded_at_ms)
    .bind(&rows.op_board)
    .bind(&rows.op_op_id)
    .bind(&rows.op_hash)
    .bind(&rows.op_first)
    .bind(&rows.op_last)
    .bind(&rows.op_recorded_at_ms)
    .fetch_one(conn)
    .await
    .map_err(taken_or)
}

/// Which key a unique violation in `eventstorm_append` hit: a seq (`Conflict`) or an op id
/// (`DuplicateOp`).
fn taken_or(err: sqlx::Error) -> StoreError {
    let duplicate_op =
        matches!(&err, sqlx::Error::Database(db) if db.constraint() == Some(OPS_KEY));
    if duplicate_op {
        unique_or(err, StoreError::DuplicateOp)
    } else {
        unique_or(err, StoreError::Conflict("seq already taken".to_owned()))
    }
}

/// The primary key of `board_ops` (Postgres' default name for it).
const OPS_KEY: &str = "board_ops_pkey";

/// Hints for the boards whose heads a committed group moved.
pub(crate) fn send_hints(
    sender: &HintSender,
    appends: &[Append<'_>],
    results: &[Result<AppendOutcome, StoreError>],
) {
    for (append, result) in appends.iter().zip(results) {
        if let Ok(outcome) = result
            && outcome.head != append.expected_seq
        {
            sender.send(append.board, outcome.head);
        }
    }
}

/// The group-commit writer: every append queued while the previous group committed goes into
/// the next call.
pub(crate) struct Writer {
    pub(crate) connections: Arc<WriterConnections>,
    pub(crate) hints: HintSender,
}

#[async_trait]
impl GroupWriter for Writer {
    async fn write(&self, appends: &[Append<'_>]) -> GroupOutcome {
        // Outside a transaction: each call commits by itself, in one round trip.
        let (mut conn, reused) = self.connections.take().await?;
        let mut outcome = append_with(&mut conn, appends).await;
        if reused && matches!(outcome, Err(StoreError::Unavailable(_))) {
            // A connection that waited between groups may have been closed by the server
            // meanwhile (a restart, an idle timeout), which the pool would have found out with
            // a round trip before every group: try once more on a new one. Should the first
            // call have committed after all, the heads check refuses the repeat (a conflict
            // that the board resolves by reading the store), so nothing is written twice.
            drop(conn);
            conn = self.connections.open().await?;
            outcome = append_with(&mut conn, appends).await;
        }
        match &outcome {
            // Refusals come from the database over a healthy connection.
            Ok(_) | Err(StoreError::Conflict(_) | StoreError::DuplicateOp) => {
                self.connections.put_back(conn)
            }
            Err(_) => drop(conn),
        }
        let results = outcome?;
        send_hints(&self.hints, appends, &results);
        Ok(results)
    }
}

/// The writers' own connections, kept between groups outside the pool: a pooled connection
/// costs a round trip when taken (the pool's liveness check) and another when returned (its
/// reset check), each waking a Postgres backend, for every group. Kept here, each group is
/// one round trip, and the writers stay on a few backends whose caches are warm.
pub(crate) struct WriterConnections {
    options: PgConnectOptions,
    idle: Mutex<Vec<PgConnection>>,
    closed: AtomicBool,
}

impl std::fmt::Debug for WriterConnections {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriterConnections")
            .field("idle", &self.lock().len())
            .field("closed", &self.closed.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl WriterConnections {
    pub(crate) fn new(options: PgConnectOptions) -> Self {
        WriterConnections {
            options,
            idle: Mutex::new(Vec::new()),
            closed: AtomicBool::new(false),
        }
    }

    /// A connection that waited between groups (`true`), or a new one if none is waiting.
    async fn take(&self) -> Result<(PgConnection, bool), StoreError> {
        if self.closed.load(Ordering::Acquire) {
            return Err(StoreError::Unavailable("the store is closed".to_owned()));
        }
        if let Some(conn) = self.lock().pop() {
            return Ok((conn, true));
        }
        Ok((self.open().await?, false))
    }

    async fn open(&self) -> Result<PgConnection, StoreError> {
        let conn = tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(&self.options))
            .await
            .map_err(|_| StoreError::Unavailable("timed out connecting to Postgres".to_owned()))?
            .map_err(db_error)?;
        Ok(conn)
    }

    fn put_back(&self, conn: PgConnection) {
        if !self.closed.load(Ordering::Acquire) {
            self.lock().push(conn);
        }
    }

    /// Closes the waiting connections; later groups fail with `Unavailable`. A group being
    /// written finishes, and its connection is dropped afterwards.
    pub(crate) async fn close(&self) {
        self.closed.store(true, Ordering::Release);
        let idle = std::mem::take(&mut *self.lock());
        for conn in idle {
            let _ = conn.close().await;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<PgConnection>> {
        // A list of connections has no invariant a panic elsewhere could have broken.
        self.idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// How long opening a writer connection may take before the group is answered `Unavailable`.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
