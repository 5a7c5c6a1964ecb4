//! `EventStore` for [`PgStore`]. The statements both backends share come from
//! `eventstorm_store_sql`; what is Postgres's own is here.

use eventstorm_store::group_commit::{Append, single};
use eventstorm_store::{AppendOutcome, BoardId, NewBoard, NewOp, OpRecord, StoreError};
use eventstorm_store_sql::convert::db_error;
use eventstorm_store_sql::rows::{self, OpRow};
use uuid::Uuid;

use crate::PgStore;
use crate::append::{append_with, send_hints};

eventstorm_store_sql::session_store!(store: PgStore, reads: pool, writes: pool);

eventstorm_store_sql::event_store! {
    store: PgStore,
    backend: "postgres",
    reads: pool,
    writes: pool,
    op_id: Uuid,
    mentions: "strpos(payload, $3) > 0",
    own: {
        async fn create_board(
            &self,
            board: &NewBoard,
            first: &NewOp,
        ) -> Result<AppendOutcome, StoreError> {
            let mut tx = self.pool.begin().await.map_err(db_error)?;
            eventstorm_store_sql::insert_board!(&mut *tx, board)?;
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

        async fn find_ops(&self, board: &BoardId, ids: &[Uuid]) -> Result<Vec<OpRecord>, StoreError> {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let found: Vec<OpRow<Uuid>> = sqlx::query_as(
                "SELECT op_id, content_hash, first_seq, last_seq FROM board_ops
                 WHERE board_id = $1 AND op_id = ANY($2)",
            )
            .bind(board.as_str())
            .bind(ids)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
            found.into_iter().map(rows::op_record).collect()
        }
    }
}
