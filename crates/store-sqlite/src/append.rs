//! Appends on SQLite: any number of boards in one write transaction with a fixed number of
//! statements (read the heads, one insert per table taking every row from a JSON array through
//! `json_each`), and the group-commit writer that feeds it. Each query is a hand-off to sqlx's
//! SQLite worker thread (tens to hundreds of microseconds on a busy machine), so the writer
//! first tries the whole group as one multi-statement query, which holds when every head is
//! where its append expects it.

use async_trait::async_trait;
use eventstorm_store::group_commit::{Append, GroupOutcome, GroupWriter, PlacedOp, place};
use eventstorm_store::{AppendOutcome, StoreError};
use sqlx::{Connection, SqliteConnection, SqlitePool};

use eventstorm_store_sql::convert::{db_error, sql_seq, unique_or};

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
pub(crate) async fn append_in(tx: &mut SqliteConnection, appends: &[Append<'_>]) -> GroupOutcome {
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
    let (events, ops) = rows_of(&placed);

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

/// The common case in one hand-off: the group placed as if every board's head were the seq
/// its append expects, written by one multi-statement query (a transaction of its own) whose
/// ops insert checks that first and inserts nothing otherwise; the events insert follows only
/// if the ops insert did. `None` when that did not hold or a key was taken: nothing was
/// written, and the caller takes the statement-by-statement path, which finds out which append
/// is refused and why.
async fn append_expected(
    conn: &mut SqliteConnection,
    appends: &[Append<'_>],
) -> Result<Option<Vec<Result<AppendOutcome, StoreError>>>, StoreError> {
    let assumed = appends
        .iter()
        .map(|a| (a.board.as_str().to_owned(), sql_seq(a.expected_seq)))
        .collect();
    let (results, placed) = place(appends, assumed)?;
    if placed.is_empty() {
        // Nothing to insert, so nothing would show whether the heads held.
        return Ok(None);
    }
    let (events, ops) = rows_of(&placed);
    let expected: Vec<(&str, i64)> = appends
        .iter()
        .map(|a| (a.board.as_str(), sql_seq(a.expected_seq)))
        .collect();
    let written = sqlx::query(
        "BEGIN IMMEDIATE;
         INSERT INTO board_ops (board_id, op_id, content_hash, first_seq, last_seq,
             recorded_at_ms)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
           FROM json_each(?2)
          WHERE NOT EXISTS (
                SELECT 1 FROM json_each(?3) AS h
                 WHERE NOT EXISTS (SELECT 1 FROM boards WHERE id = h.value ->> 0)
                    OR (SELECT coalesce(max(seq), 0) FROM board_events
                         WHERE board_id = h.value ->> 0) != h.value ->> 1)
         RETURNING 1;
         INSERT INTO board_events (board_id, seq, op_id, actor, kind, payload, schema_version,
             recorded_at_ms)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4,
                value ->> 5, value ->> 6, value ->> 7
           FROM json_each(?1)
          WHERE changes() > 0;
         COMMIT;",
    )
    .bind(to_json(&events)?)
    .bind(to_json(&ops)?)
    .bind(to_json(&expected)?)
    .fetch_all(&mut *conn)
    .await;
    match written {
        Ok(inserted) if inserted.len() == ops.len() => Ok(Some(results)),
        // A head was not where expected: nothing inserted, an empty transaction committed.
        Ok(inserted) if inserted.is_empty() => Ok(None),
        Ok(inserted) => Err(StoreError::Corrupt(format!(
            "{} of {} ops inserted",
            inserted.len(),
            ops.len()
        ))),
        Err(_) => {
            // The statements stop at the first error, before COMMIT. (None may have begun,
            // so ROLLBACK may find nothing to roll back.)
            let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
            Ok(None)
        }
    }
}

/// The JSON rows of a group's events and ops.
fn rows_of<'a>(placed: &'a [PlacedOp<'a>]) -> (Vec<EventRow<'a>>, Vec<OpRow<'a>>) {
    let mut events: Vec<EventRow<'_>> = Vec::new();
    let mut ops: Vec<OpRow<'_>> = Vec::with_capacity(placed.len());
    for p in placed {
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

    (events, ops)
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
    async fn write(&self, appends: &[Append<'_>]) -> GroupOutcome {
        let mut conn = self.pool.acquire().await.map_err(db_error)?;
        if let Some(results) = append_expected(&mut conn, appends).await? {
            return Ok(results);
        }
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.map_err(db_error)?;
        // On error the transaction is dropped, which rolls it back: nothing is written.
        let results = append_in(&mut tx, appends).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(results)
    }
}

#[cfg(test)]
mod tests {
    use eventstorm_store::EventStore;
    use eventstorm_store::testkit::{created, op};

    use super::*;
    use crate::{SqliteOptions, SqliteStore};

    /// The one-query path writes when the heads hold and leaves everything as it was (and the
    /// connection usable) when they do not or a key is taken.
    #[tokio::test]
    async fn the_one_query_path_writes_only_at_the_expected_heads() {
        let dir = std::env::temp_dir().join(format!("es-append-{}", uuid::Uuid::new_v4().simple()));
        let path = dir.join("eventstorm.db");
        let store = SqliteStore::open(path.to_str().unwrap(), SqliteOptions::default())
            .await
            .expect("open");
        let (board, first) = created(&store).await;
        let mut conn = store.writer.acquire().await.expect("writer");
        let append = |expected_seq, ops| Append {
            board: &board.id,
            expected_seq,
            ops,
        };

        let two = [op(2)];
        let written = append_expected(&mut conn, &[append(1, &two)])
            .await
            .unwrap();
        let outcome = written
            .expect("written at the expected head")
            .remove(0)
            .unwrap();
        assert_eq!(outcome.head, 3);

        let mut reused = op(1);
        reused.op_id = first.ops[0].op_id;
        let stale = op(1);
        let refused_id = stale.op_id;
        for (head, op, why) in [
            (1, stale, "a stale head writes nothing"),
            (
                9,
                op(1),
                "a head ahead of the board's writes nothing (no gap)",
            ),
            (3, reused, "a taken op id writes nothing"),
        ] {
            let ops = [op];
            let stale = Append {
                board: &board.id,
                expected_seq: head,
                ops: &ops,
            };
            let refused = append_expected(&mut conn, &[stale]).await.unwrap();
            assert!(refused.is_none(), "{why}");
        }

        let one = [op(1)];
        let written = append_expected(&mut conn, &[append(3, &one)])
            .await
            .unwrap();
        assert_eq!(
            written
                .expect("the connection still writes")
                .remove(0)
                .unwrap()
                .head,
            4
        );
        drop(conn);

        let events = store.read(&board.id, 0, 100).await.unwrap();
        let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [1, 2, 3, 4]);
        let found = store
            .find_ops(&board.id, &[refused_id, one[0].op_id])
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "only the written op is recorded");
        std::fs::remove_dir_all(&dir).ok();
    }
}
