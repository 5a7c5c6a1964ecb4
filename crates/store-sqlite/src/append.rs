//! Appends on SQLite: any number of boards in one write transaction with a fixed number of
//! statements (read the heads, one insert per table taking every row from a JSON array through
//! `json_each`), and the group-commit writer that feeds it. Each statement is a hand-off to
//! sqlx's SQLite worker thread, so a fixed count matters more than on a network database.

use async_trait::async_trait;
use eventstorm_store::group_commit::{Append, GroupWriter, place};
use eventstorm_store::{AppendOutcome, StoreError};
use sqlx::{SqliteConnection, SqlitePool};

use crate::convert::{db_error, sql_seq, unique_or};

/// One `board_events` row, as the JSON array the insert reads it from.
type EventRow<'a> = (&'a str, i64, String, &'a str, &'a str, &'a str, i32, i64);
/// One `board_ops` row.
type OpRow<'a> = (&'a str, String, &'a str, i64, i64, i64);

/// Writes `appends` (distinct boards) inside the caller's write transaction. `Ok` holds one
/// result per append: those whose board is missing or whose head moved are refused, the others
/// are written. `Err` means a statement failed and the transaction must be rolled back; with a
/// single append it is exactly the error `append` promises (`Conflict` if a seq was taken,
/// `DuplicateOp` if an op id was). Checking the heads and writing happen under the same write
/// lock, so the check cannot go stale; the primary keys still back it up.
pub(crate) async fn append_in(
    tx: &mut SqliteConnection,
    appends: &[Append<'_>],
) -> Result<Vec<Result<AppendOutcome, StoreError>>, StoreError> {
    let ids: Vec<&str> = appends.iter().map(|a| a.board.as_str()).collect();
    let heads: Vec<(String, i64)> = sqlx::query_as(
        "SELECT b.id, (SELECT coalesce(max(seq), 0) FROM board_events WHERE board_id = b.id)
           FROM boards b WHERE b.id IN (SELECT value FROM json_each(?1))",
    )
    .bind(to_json(&ids)?)
    .fetch_all(&mut *tx)
    .await
    .map_err(db_error)?;
    let (results, placed) = place(appends, heads)?;
    let mut events: Vec<EventRow<'_>> = Vec::new();
    let mut ops: Vec<OpRow<'_>> = Vec::with_capacity(placed.len());
    for p in &placed {
        let board = p.board.as_str();
        let op_id = p.op.op_id.hyphenated().to_string();
        for (i, event) in p.op.events.iter().enumerate() {
            events.push((
                board,
                sql_seq(p.first_seq + i as u64),
                op_id.clone(),
                &p.op.actor,
                &event.kind,
                &event.payload,
                event.schema_version,
                p.op.recorded_at_ms,
            ));
        }
        ops.push((
            board,
            op_id,
            &p.op.content_hash,
            sql_seq(p.first_seq),
            sql_seq(p.last_seq),
            p.op.recorded_at_ms,
        ));
    }

    if !events.is_empty() {
        sqlx::query(
            "INSERT INTO board_events (board_id, seq, op_id, actor, kind, payload,
                 schema_version, recorded_at_ms)
             SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4,
                    value ->> 5, value ->> 6, value ->> 7
               FROM json_each(?1)",
        )
        .bind(to_json(&events)?)
        .execute(&mut *tx)
        .await
        .map_err(|e| unique_or(e, StoreError::Conflict("seq already taken".to_owned())))?;
    }
    if !ops.is_empty() {
        sqlx::query(
            "INSERT INTO board_ops (board_id, op_id, content_hash, first_seq, last_seq,
                 recorded_at_ms)
             SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
               FROM json_each(?1)",
        )
        .bind(to_json(&ops)?)
        .execute(&mut *tx)
        .await
        .map_err(|e| unique_or(e, StoreError::DuplicateOp))?;
    }
    Ok(results)
}

fn to_json<T: serde::Serialize + ?Sized>(rows: &T) -> Result<String, StoreError> {
    serde_json::to_string(rows).map_err(|e| StoreError::Corrupt(format!("unencodable rows: {e}")))
}

/// The group-commit writer: every append queued while the previous group committed goes into
/// the next transaction, on the one writer connection.
pub(crate) struct Writer {
    pub(crate) pool: SqlitePool,
}

#[async_trait]
impl GroupWriter for Writer {
    async fn write(
        &self,
        appends: &[Append<'_>],
    ) -> Result<Vec<Result<AppendOutcome, StoreError>>, StoreError> {
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db_error)?;
        // On error the transaction is dropped, which rolls it back: nothing is written.
        let results = append_in(&mut tx, appends).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(results)
    }
}
