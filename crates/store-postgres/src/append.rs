//! Appends on Postgres: any number of boards in one transaction with a fixed number of
//! statements (lock the boards, read their heads, one multi-row insert per table, one NOTIFY
//! per moved head), and the group-commit writer that feeds it.

use async_trait::async_trait;
use eventstorm_store::group_commit::{Append, GroupWriter, place};
use eventstorm_store::{AppendOutcome, StoreError};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::convert::{db_error, sql_seq, unique_or};
use crate::hints::{HINT_CHANNEL, Hint};

/// The columns of a group's rows, for one `INSERT ... SELECT FROM UNNEST(...)` per table.
#[derive(Default)]
struct Columns<'a> {
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

/// Writes `appends` (distinct boards) inside the caller's transaction. `Ok` holds one result
/// per append: those whose board is missing or whose head moved are refused, the others are
/// written. `Err` means a statement failed and the transaction must be rolled back; with a
/// single append it is exactly the error `append` promises (`Conflict` if a seq was taken,
/// `DuplicateOp` if an op id was).
pub(crate) async fn append_in(
    tx: &mut PgConnection,
    appends: &[Append<'_>],
) -> Result<Vec<Result<AppendOutcome, StoreError>>, StoreError> {
    let mut ids: Vec<&str> = appends.iter().map(|a| a.board.as_str()).collect();
    ids.sort_unstable();
    // Appends to a board queue on its row lock, so the heads read next are current (a
    // statement of its own: under READ COMMITTED it sees what the previous holder committed).
    // Locking in id order keeps two instances' groups from deadlocking. NO KEY UPDATE does
    // not block the foreign-key checks of other inserts.
    let existing: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM boards WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE",
    )
    .bind(&ids)
    .fetch_all(&mut *tx)
    .await
    .map_err(db_error)?;
    let heads: Vec<(String, i64)> = sqlx::query_as(
        "SELECT b, (SELECT coalesce(max(seq), 0) FROM board_events WHERE board_id = b)::bigint
           FROM unnest($1::text[]) AS b",
    )
    .bind(&existing)
    .fetch_all(&mut *tx)
    .await
    .map_err(db_error)?;
    let (results, placed) = place(appends, heads)?;
    let mut cols = Columns::default();
    for p in &placed {
        let board = p.board.as_str();
        for (i, event) in p.op.events.iter().enumerate() {
            cols.board.push(board);
            cols.seq.push(sql_seq(p.first_seq + i as u64));
            cols.op_id.push(p.op.op_id);
            cols.actor.push(&p.op.actor);
            cols.kind.push(&event.kind);
            cols.payload.push(&event.payload);
            cols.schema_version.push(event.schema_version);
            cols.recorded_at_ms.push(p.op.recorded_at_ms);
        }
        cols.op_board.push(board);
        cols.op_op_id.push(p.op.op_id);
        cols.op_hash.push(&p.op.content_hash);
        cols.op_first.push(sql_seq(p.first_seq));
        cols.op_last.push(sql_seq(p.last_seq));
        cols.op_recorded_at_ms.push(p.op.recorded_at_ms);
    }

    if !cols.seq.is_empty() {
        sqlx::query(
            "INSERT INTO board_events (board_id, seq, op_id, actor, kind, payload,
                 schema_version, recorded_at_ms)
             SELECT * FROM UNNEST($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::text[],
                 $6::text[], $7::integer[], $8::bigint[])",
        )
        .bind(&cols.board)
        .bind(&cols.seq)
        .bind(&cols.op_id)
        .bind(&cols.actor)
        .bind(&cols.kind)
        .bind(&cols.payload)
        .bind(&cols.schema_version)
        .bind(&cols.recorded_at_ms)
        .execute(&mut *tx)
        .await
        .map_err(|e| unique_or(e, StoreError::Conflict("seq already taken".to_owned())))?;
    }
    if !cols.op_op_id.is_empty() {
        sqlx::query(
            "INSERT INTO board_ops (board_id, op_id, content_hash, first_seq, last_seq,
                 recorded_at_ms)
             SELECT * FROM UNNEST($1::text[], $2::uuid[], $3::text[], $4::bigint[],
                 $5::bigint[], $6::bigint[])",
        )
        .bind(&cols.op_board)
        .bind(&cols.op_op_id)
        .bind(&cols.op_hash)
        .bind(&cols.op_first)
        .bind(&cols.op_last)
        .bind(&cols.op_recorded_at_ms)
        .execute(&mut *tx)
        .await
        .map_err(|e| unique_or(e, StoreError::DuplicateOp))?;
    }

    // Delivered at commit, and only if the transaction commits. Only heads that moved.
    let hints: Vec<String> = appends
        .iter()
        .zip(&results)
        .filter_map(|(append, result)| match result {
            Ok(outcome) if outcome.head != append.expected_seq => {
                Some(Hint::payload(append.board, outcome.head))
            }
            _ => None,
        })
        .collect();
    if !hints.is_empty() {
        sqlx::query("SELECT pg_notify($1, hint) FROM unnest($2::text[]) AS hint")
            .bind(HINT_CHANNEL)
            .bind(&hints)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
    }
    Ok(results)
}

/// The group-commit writer: every append queued while the previous group committed goes into
/// the next transaction.
pub(crate) struct Writer {
    pub(crate) pool: PgPool,
}

#[async_trait]
impl GroupWriter for Writer {
    async fn write(
        &self,
        appends: &[Append<'_>],
    ) -> Result<Vec<Result<AppendOutcome, StoreError>>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        // On error the transaction is dropped, which rolls it back: nothing is written.
        let results = append_in(&mut tx, appends).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(results)
    }
}
