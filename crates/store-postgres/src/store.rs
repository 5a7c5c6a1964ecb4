//! `EventStore` for [`PgStore`].

use async_trait::async_trait;
use eventstorm_store::group_commit::{Append, single};
use eventstorm_store::{
    AppendOutcome, BoardId, BoardListing, BoardMeta, EventStore, NewBoard, NewOp, OpRecord,
    RecordedEvent, Snapshot, StoreError,
};
use uuid::Uuid;

use crate::PgStore;
use crate::append::{append_with, send_hints};
use crate::convert::{api_seq, db_error, is_foreign_key_violation, sql_seq, unique_or};

type MetaRow = (String, String, String, i64, String);
type EventRow = (i64, Uuid, String, String, String, i32, i64);
type OpRow = (Uuid, String, i64, i64);

impl PgStore {
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
    fn sessions(&self) -> Option<&dyn eventstorm_store::SessionStore> {
        Some(self)
    }

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
        .map_err(|e| unique_or(e, StoreError::Conflict("board id or view id already taken".to_owned())))?;
        let first = Append {
            board: &board.id,
            expected_seq: 0,
            ops: std::slice::from_ref(first),
        };
        let group = [first];
        let results = append_with(&mut tx, &group).await?;
        tx.commit().await.map_err(db_error)?;
        send_hints(&self.hints, &group, &results);
        single(results)
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

    async fn missing_boards(&self, ids: &[BoardId]) -> Result<Vec<BoardId>, StoreError> {
        let ids: Vec<&str> = ids.iter().map(BoardId::as_str).collect();
        let missing: Vec<String> = sqlx::query_scalar(
            "SELECT wanted FROM unnest($1::text[]) AS wanted
             WHERE NOT EXISTS (SELECT 1 FROM boards WHERE id = wanted)",
        )
        .bind(&ids)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(missing.iter().filter_map(|id| BoardId::parse(id)).collect())
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
        // Queued for the group-commit writer (see `append.rs`).
        self.queue.append(board, expected_seq, ops).await
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
        recorded(rows)
    }

    async fn read_mentioning(
        &self,
        board: &BoardId,
        needle: &str,
        after_seq: u64,
        limit: u32,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT seq, op_id, actor, kind, payload, schema_version, recorded_at_ms
             FROM board_events WHERE board_id = $1 AND seq > $2 AND strpos(payload, $3) > 0
             ORDER BY seq LIMIT $4",
        )
        .bind(board.as_str())
        .bind(sql_seq(after_seq))
        .bind(needle)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        recorded(rows)
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

/// Stored rows as events.
fn recorded(rows: Vec<EventRow>) -> Result<Vec<RecordedEvent>, StoreError> {
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
