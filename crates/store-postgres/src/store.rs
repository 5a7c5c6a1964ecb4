//! `EventStore` for [`PgStore`].

use async_trait::async_trait;
use eventstorm_store::{
    AppendOutcome, BoardId, BoardListing, BoardMeta, EventStore, NewBoard, NewOp, OpRecord,
    RecordedEvent, Snapshot, StoreError,
};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::PgStore;
use crate::convert::{api_seq, db_error, is_foreign_key_violation, is_unique_violation, sql_seq};
use crate::hints::{HINT_CHANNEL, Hint};

type MetaRow = (String, String, String, i64, String);
type EventRow = (i64, Uuid, String, String, String, i32, i64);
type OpRow = (Uuid, String, i64, i64);

/// The columns of one batch, for a single `INSERT ... SELECT FROM UNNEST(...)` per table.
#[derive(Default)]
struct Columns<'a> {
    seq: Vec<i64>,
    op_id: Vec<Uuid>,
    actor: Vec<&'a str>,
    kind: Vec<&'a str>,
    payload: Vec<&'a str>,
    schema_version: Vec<i32>,
    recorded_at_ms: Vec<i64>,
    op_op_id: Vec<Uuid>,
    op_hash: Vec<&'a str>,
    op_first: Vec<i64>,
    op_last: Vec<i64>,
    op_recorded_at_ms: Vec<i64>,
}

impl PgStore {
    /// Writes `ops` after `expected_seq` inside the caller's transaction.
    async fn append_in(
        tx: &mut PgConnection,
        board: &BoardId,
        expected_seq: u64,
        ops: &[NewOp],
    ) -> Result<AppendOutcome, StoreError> {
        // Appends to one board queue on its row lock, so the head read next is current (a
        // statement of its own: under READ COMMITTED it sees what the previous holder
        // committed). NO KEY UPDATE does not block the foreign-key checks of other inserts.
        let exists: Option<i32> =
            sqlx::query_scalar("SELECT 1 FROM boards WHERE id = $1 FOR NO KEY UPDATE")
                .bind(board.as_str())
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        let head: i64 = sqlx::query_scalar(
            "SELECT coalesce(max(seq), 0)::bigint FROM board_events WHERE board_id = $1",
        )
        .bind(board.as_str())
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let head = api_seq(head)?;
        if head != expected_seq {
            return Err(StoreError::Conflict(format!(
                "expected seq {expected_seq}, head is {head}"
            )));
        }

        let mut cols = Columns::default();
        let mut seq = head;
        let mut records = Vec::with_capacity(ops.len());
        for op in ops {
            let first_seq = seq + 1;
            for event in &op.events {
                seq += 1;
                cols.seq.push(sql_seq(seq));
                cols.op_id.push(op.op_id);
                cols.actor.push(&op.actor);
                cols.kind.push(&event.kind);
                cols.payload.push(&event.payload);
                cols.schema_version.push(event.schema_version);
                cols.recorded_at_ms.push(op.recorded_at_ms);
            }
            cols.op_op_id.push(op.op_id);
            cols.op_hash.push(&op.content_hash);
            cols.op_first.push(sql_seq(first_seq));
            cols.op_last.push(sql_seq(seq));
            cols.op_recorded_at_ms.push(op.recorded_at_ms);
            records.push(OpRecord {
                op_id: op.op_id,
                content_hash: op.content_hash.clone(),
                first_seq,
                last_seq: seq,
            });
        }

        if !cols.seq.is_empty() {
            sqlx::query(
                "INSERT INTO board_events (board_id, seq, op_id, actor, kind, payload,
                     schema_version, recorded_at_ms)
                 SELECT $1, * FROM UNNEST($2::bigint[], $3::uuid[], $4::text[], $5::text[],
                     $6::text[], $7::integer[], $8::bigint[])",
            )
            .bind(board.as_str())
            .bind(&cols.seq)
            .bind(&cols.op_id)
            .bind(&cols.actor)
            .bind(&cols.kind)
            .bind(&cols.payload)
            .bind(&cols.schema_version)
            .bind(&cols.recorded_at_ms)
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    StoreError::Conflict("seq already taken".to_owned())
                } else {
                    db_error(e)
                }
            })?;
        }
        if !cols.op_op_id.is_empty() {
            sqlx::query(
                "INSERT INTO board_ops (board_id, op_id, content_hash, first_seq, last_seq,
                     recorded_at_ms)
                 SELECT $1, * FROM UNNEST($2::uuid[], $3::text[], $4::bigint[], $5::bigint[],
                     $6::bigint[])",
            )
            .bind(board.as_str())
            .bind(&cols.op_op_id)
            .bind(&cols.op_hash)
            .bind(&cols.op_first)
            .bind(&cols.op_last)
            .bind(&cols.op_recorded_at_ms)
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    StoreError::DuplicateOp
                } else {
                    db_error(e)
                }
            })?;
        }
        if seq != head {
            // Delivered at commit, and only if the transaction commits.
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(HINT_CHANNEL)
                .bind(Hint::payload(board, seq))
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        Ok(AppendOutcome {
            ops: records,
            head: seq,
        })
    }

    /// One board's metadata; `sql` selects the row by one bound id.
    async fn meta(&self, sql: &'static str, id: &BoardId) -> Result<Option<BoardMeta>, StoreError> {
        let row: Option<MetaRow> = sqlx::query_as(sql)
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.map(meta_from_row).transpose()
    }
}

fn meta_from_row(
    (id, view_id, title, created_at_ms, facilitator_key_hash): MetaRow,
) -> Result<BoardMeta, StoreError> {
    let parse = |s: &str| {
        BoardId::parse(s).ok_or_else(|| StoreError::Corrupt("malformed board id".to_owned()))
    };
    Ok(BoardMeta {
        id: parse(&id)?,
        view_id: parse(&view_id)?,
        title,
        created_at_ms,
        facilitator_key_hash,
    })
}

#[async_trait]
impl EventStore for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn create_board(
        &self,
        board: &NewBoard,
        first: &NewOp,
    ) -> Result<AppendOutcome, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        sqlx::query(
            "INSERT INTO boards (id, view_id, title, created_at_ms, facilitator_key_hash) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(board.id.as_str())
        .bind(board.view_id.as_str())
        .bind(&board.title)
        .bind(board.created_at_ms)
            .bind(&board.facilitator_key_hash)
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Conflict("board id or view id already taken".to_owned())
            } else {
                db_error(e)
            }
        })?;
        let outcome = Self::append_in(&mut tx, &board.id, 0, std::slice::from_ref(first)).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(outcome)
    }

    async fn list_boards(&self) -> Result<Vec<BoardListing>, StoreError> {
        let rows: Vec<(String, String, String, i64, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT b.id, b.view_id, b.title, b.created_at_ms, b.facilitator_key_hash, \
                    COALESCE((SELECT MAX(e.seq) FROM board_events e WHERE e.board_id = b.id), 0), \
                    (SELECT e.payload FROM board_events e \
                      WHERE e.board_id = b.id AND e.kind = 'board_renamed' \
                      ORDER BY e.seq DESC LIMIT 1) \
               FROM boards b ORDER BY b.created_at_ms, b.id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.into_iter()
            .map(
                |(id, view_id, title, created_at_ms, key_hash, head, last_rename)| {
                    Ok(BoardListing {
                        meta: meta_from_row((id, view_id, title, created_at_ms, key_hash))?,
                        head: api_seq(head)?,
                        last_rename,
                    })
                },
            )
            .collect()
    }

    async fn purge_board(&self, id: &BoardId) -> Result<bool, StoreError> {
        PgStore::purge_board(self, id).await
    }

    async fn board(&self, id: &BoardId) -> Result<Option<BoardMeta>, StoreError> {
        self.meta(
            "SELECT id, view_id, title, created_at_ms, facilitator_key_hash FROM boards WHERE id = $1",
            id,
        )
        .await
    }

    async fn board_by_view_id(&self, view_id: &BoardId) -> Result<Option<BoardMeta>, StoreError> {
        self.meta(
            "SELECT id, view_id, title, created_at_ms, facilitator_key_hash FROM boards WHERE view_id = $1",
            view_id,
        )
        .await
    }

    async fn append(
        &self,
        board: &BoardId,
        expected_seq: u64,
        ops: &[NewOp],
    ) -> Result<AppendOutcome, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        // On error the transaction is dropped, which rolls it back: nothing is written.
        let outcome = Self::append_in(&mut tx, board, expected_seq, ops).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(outcome)
    }

    async fn find_ops(
        &self,
        board: &BoardId,
        op_ids: &[Uuid],
    ) -> Result<Vec<OpRecord>, StoreError> {
        if op_ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<OpRow> = sqlx::query_as(
            "SELECT op_id, content_hash, first_seq, last_seq FROM board_ops
             WHERE board_id = $1 AND op_id = ANY($2)",
        )
        .bind(board.as_str())
        .bind(op_ids)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.into_iter()
            .map(|(op_id, content_hash, first_seq, last_seq)| {
                Ok(OpRecord {
                    op_id,
                    content_hash,
                    first_seq: api_seq(first_seq)?,
                    last_seq: api_seq(last_seq)?,
                })
            })
            .collect()
    }

    async fn read(
        &self,
        board: &BoardId,
        after_seq: u64,
        limit: u32,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT seq, op_id, actor, kind, payload, schema_version, recorded_at_ms
             FROM board_events WHERE board_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        )
        .bind(board.as_str())
        .bind(sql_seq(after_seq))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.into_iter()
            .map(
                |(seq, op_id, actor, kind, payload, schema_version, recorded_at_ms)| {
                    Ok(RecordedEvent {
                        seq: api_seq(seq)?,
                        op_id,
                        actor,
                        kind,
                        payload,
                        schema_version,
                        recorded_at_ms,
                    })
                },
            )
            .collect()
    }

    async fn head(&self, board: &BoardId) -> Result<u64, StoreError> {
        let head: i64 = sqlx::query_scalar(
            "SELECT coalesce(max(seq), 0)::bigint FROM board_events WHERE board_id = $1",
        )
        .bind(board.as_str())
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)?;
        api_seq(head)
    }

    async fn save_snapshot(&self, board: &BoardId, snapshot: &Snapshot) -> Result<(), StoreError> {
        // Snapshots are facts about a seq: a second one for the same seq is ignored.
        sqlx::query(
            "INSERT INTO board_snapshots (board_id, seq, schema_version, state)
             VALUES ($1, $2, $3, $4) ON CONFLICT (board_id, seq) DO NOTHING",
        )
        .bind(board.as_str())
        .bind(sql_seq(snapshot.seq))
        .bind(snapshot.schema_version)
        .bind(&snapshot.state)
        .execute(&self.pool)
        .await
        .map_err(|e| {
            if is_foreign_key_violation(&e) {
                StoreError::NotFound
            } else {
                db_error(e)
            }
        })?;
        Ok(())
    }

    async fn latest_snapshot(
        &self,
        board: &BoardId,
        max_seq: u64,
    ) -> Result<Option<Snapshot>, StoreError> {
        let row: Option<(i64, i32, String)> = sqlx::query_as(
            "SELECT seq, schema_version, state FROM board_snapshots
             WHERE board_id = $1 AND seq <= $2 ORDER BY seq DESC LIMIT 1",
        )
        .bind(board.as_str())
        .bind(sql_seq(max_seq))
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        row.map(|(seq, schema_version, state)| {
            Ok(Snapshot {
                seq: api_seq(seq)?,
                schema_version,
                state,
            })
        })
        .transpose()
    }
}
