//! `EventStore` for [`SqliteStore`]: writes in `BEGIN IMMEDIATE` transactions on the single
//! writer connection, reads on the reader pool. The statements both backends share come from
//! `eventstorm_store_sql`; what is SQLite's own is here.

use eventstorm_store::group_commit::{Append, single};
use eventstorm_store::{AppendOutcome, BoardId, NewBoard, NewOp, OpRecord, StoreError};
use eventstorm_store_sql::convert::db_error;
use eventstorm_store_sql::rows::{self, OpRow};
use uuid::Uuid;
use uuid::fmt::Hyphenated;

use crate::SqliteStore;
use crate::append::append_in;

eventstorm_store_sql::session_store!(store: SqliteStore, reads: readers, writes: writer);

eventstorm_store_sql::event_store! {
    store: SqliteStore,
    backend: "sqlite",
    reads: readers,
    writes: writer,
    op_id: Hyphenated,
    mentions: "instr(payload, $3) > 0",
    own: {
        async fn create_board(
            &self,
            board: &NewBoard,
            first: &NewOp,
        ) -> Result<AppendOutcome, StoreError> {
            let mut tx = self
                .writer
                .begin_with("BEGIN IMMEDIATE")
                .await
                .map_err(db_error)?;
            eventstorm_store_sql::insert_board!(&mut *tx, board)?;
            let first = Append {
                board: &board.id,
                expected_seq: 0,
                ops: std::slice::from_ref(first),
            };
            let outcome = single(append_in(&mut tx, &[first]).await?)?;
            tx.commit().await.map_err(db_error)?;
            Ok(outcome)
        }

        async fn find_ops(&self, board: &BoardId, ids: &[Uuid]) -> Result<Vec<OpRecord>, StoreError> {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            // One statement for any number of ids: the ids go in as a JSON array of UUID
            // strings (which need no escaping) and `json_each` unpacks them.
            let quoted: Vec<String> = ids
                .iter()
                .map(|id| format!("\"{}\"", id.hyphenated()))
                .collect();
            let found: Vec<OpRow<Hyphenated>> = sqlx::query_as(
                "SELECT op_id, content_hash, first_seq, last_seq FROM board_ops
                 WHERE board_id = $1 AND op_id IN (SELECT value FROM json_each($2))",
            )
            .bind(board.as_str())
            .bind(format!("[{}]", quoted.join(",")))
            .fetch_all(&self.readers)
            .await
            .map_err(db_error)?;
            found.into_iter().map(rows::op_record).collect()
        }
    }
}
