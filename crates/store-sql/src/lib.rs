//! What the two SQL backends of the event store share. Their schemas are the same and both
//! drivers read `$1`-style placeholders, so every statement that does not depend on the
//! database's dialect or on how the backend writes (Postgres: a pool and grouped appends in one
//! function call; SQLite: one writer connection and a reader pool) is written here once:
//!
//! - conversions of seqs and driver errors ([`convert`]) and of rows ([`rows`]);
//! - [`event_store!`]: the `EventStore` impl, given the backend's own methods (creating,
//!   appending, purging, finding ops, searching payloads);
//! - [`session_store!`]: the whole `SessionStore` impl.
//!
//! The macros take the names of the backend's read and write pools, so each statement runs on
//! the connections its backend means for it.

pub mod convert;
pub mod rows;

#[doc(hidden)]
pub use async_trait::async_trait;
#[doc(hidden)]
pub use eventstorm_store;
#[doc(hidden)]
pub use sqlx;

/// The start of every statement that reads events (a macro so `concat!` can extend it).
#[doc(hidden)]
#[macro_export]
macro_rules! select_events_sql {
    () => {
        "SELECT seq, op_id, actor, kind, payload, schema_version, recorded_at_ms FROM board_events"
    };
}

/// The start of every statement that reads sign-in sessions.
#[doc(hidden)]
#[macro_export]
macro_rules! select_sessions_sql {
    () => {
        "SELECT id_hash, created_at_ms, expires_at_ms, last_seen_ms, user_agent FROM signin_sessions"
    };
}

/// A board's row, looked up by the one id `$sql` selects on (its id or its view id).
#[doc(hidden)]
#[macro_export]
macro_rules! board_meta {
    ($pool:expr, $sql:expr, $id:expr) => {{
        let row: Option<$crate::rows::MetaRow> = $crate::sqlx::query_as($sql)
            .bind($id.as_str())
            .fetch_optional($pool)
            .await
            .map_err($crate::convert::db_error)?;
        row.map($crate::rows::meta).transpose()
    }};
}

/// Implements `EventStore` for `$store` with the statements both backends share, plus the
/// backend's own methods given after them (`create_board`, `find_ops`, and any the trait's
/// defaults do worse). Appends go to the store's `queue` (its group-commit queue) and purges to
/// its inherent `purge_board`. `$reads` and `$writes` name the store's fields
/// holding the pools for reads and for writes; `$op_id` is how the driver decodes a UUID
/// column; `$mentions` is the dialect's test that `payload` contains the text bound as `$3`.
#[macro_export]
macro_rules! event_store {
    (
        store: $store:ty,
        backend: $backend:literal,
        reads: $reads:ident,
        writes: $writes:ident,
        op_id: $op_id:ty,
        mentions: $mentions:literal,
        own: { $($own:tt)* }
    ) => {
        #[$crate::async_trait]
        impl $crate::eventstorm_store::EventStore for $store {
            fn sessions(&self) -> Option<&dyn $crate::eventstorm_store::SessionStore> {
                Some(self)
            }

            fn backend(&self) -> &'static str {
                $backend
            }

            async fn ping(&self) -> Result<(), $crate::eventstorm_store::StoreError> {
                $crate::sqlx::query("SELECT 1")
                    .execute(&self.$reads)
                    .await
                    .map_err($crate::convert::db_error)?;
                Ok(())
            }

            async fn board(
                &self,
                id: &$crate::eventstorm_store::BoardId,
            ) -> Result<Option<$crate::eventstorm_store::BoardMeta>, $crate::eventstorm_store::StoreError> {
                $crate::board_meta!(&self.$reads, $crate::rows::META_BY_ID, id)
            }

            async fn board_by_view_id(
                &self,
                view_id: &$crate::eventstorm_store::BoardId,
            ) -> Result<Option<$crate::eventstorm_store::BoardMeta>, $crate::eventstorm_store::StoreError> {
                $crate::board_meta!(&self.$reads, $crate::rows::META_BY_VIEW_ID, view_id)
            }

            async fn list_boards(
                &self,
            ) -> Result<Vec<$crate::eventstorm_store::BoardListing>, $crate::eventstorm_store::StoreError> {
                let rows: Vec<$crate::rows::ListingRow> = $crate::sqlx::query_as($crate::rows::LISTING)
                    .fetch_all(&self.$reads)
                    .await
                    .map_err($crate::convert::db_error)?;
                rows.into_iter().map($crate::rows::listing).collect()
            }

            async fn set_title(
                &self,
                id: &$crate::eventstorm_store::BoardId,
                title: &str,
            ) -> Result<(), $crate::eventstorm_store::StoreError> {
                $crate::sqlx::query("UPDATE boards SET title = $2 WHERE id = $1")
                    .bind(id.as_str())
                    .bind(title)
                    .execute(&self.$writes)
                    .await
                    .map_err($crate::convert::db_error)?;
                Ok(())
            }

            async fn read(
                &self,
                board: &$crate::eventstorm_store::BoardId,
                after_seq: u64,
                limit: u32,
            ) -> Result<Vec<$crate::eventstorm_store::RecordedEvent>, $crate::eventstorm_store::StoreError> {
                let rows: Vec<$crate::rows::EventRow<$op_id>> = $crate::sqlx::query_as(concat!(
                    $crate::select_events_sql!(),
                    " WHERE board_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"
                ))
                .bind(board.as_str())
                .bind($crate::convert::sql_seq(after_seq))
                .bind(i64::from(limit))
                .fetch_all(&self.$reads)
                .await
                .map_err($crate::convert::db_error)?;
                $crate::rows::recorded(rows)
            }

            async fn read_mentioning(
                &self,
                board: &$crate::eventstorm_store::BoardId,
                needle: &str,
                after_seq: u64,
                limit: u32,
            ) -> Result<Vec<$crate::eventstorm_store::RecordedEvent>, $crate::eventstorm_store::StoreError> {
                let rows: Vec<$crate::rows::EventRow<$op_id>> = $crate::sqlx::query_as(concat!(
                    $crate::select_events_sql!(),
                    " WHERE board_id = $1 AND seq > $2 AND ",
                    $mentions,
                    " ORDER BY seq LIMIT $4"
                ))
                .bind(board.as_str())
                .bind($crate::convert::sql_seq(after_seq))
                .bind(needle)
                .bind(i64::from(limit))
                .fetch_all(&self.$reads)
                .await
                .map_err($crate::convert::db_error)?;
                $crate::rows::recorded(rows)
            }

            async fn head(
                &self,
                board: &$crate::eventstorm_store::BoardId,
            ) -> Result<u64, $crate::eventstorm_store::StoreError> {
                let head: i64 = $crate::sqlx::query_scalar(
                    "SELECT coalesce(max(seq), 0) FROM board_events WHERE board_id = $1",
                )
                .bind(board.as_str())
                .fetch_one(&self.$reads)
                .await
                .map_err($crate::convert::db_error)?;
                $crate::convert::api_seq(head)
            }

            async fn save_snapshot(
                &self,
                board: &$crate::eventstorm_store::BoardId,
                snapshot: &$crate::eventstorm_store::Snapshot,
            ) -> Result<(), $crate::eventstorm_store::StoreError> {
                // Snapshots are facts about a seq: a second one for the same seq is ignored.
                $crate::sqlx::query(
                    "INSERT INTO board_snapshots (board_id, seq, schema_version, state)
                     VALUES ($1, $2, $3, $4) ON CONFLICT (board_id, seq) DO NOTHING",
                )
                .bind(board.as_str())
                .bind($crate::convert::sql_seq(snapshot.seq))
                .bind(snapshot.schema_version)
                .bind(&snapshot.state)
                .execute(&self.$writes)
                .await
                .map_err(|e| $crate::convert::foreign_key_or(e, $crate::eventstorm_store::StoreError::NotFound))?;
                Ok(())
            }

            async fn latest_snapshot(
                &self,
                board: &$crate::eventstorm_store::BoardId,
                max_seq: u64,
            ) -> Result<Option<$crate::eventstorm_store::Snapshot>, $crate::eventstorm_store::StoreError> {
                let row: Option<$crate::rows::SnapshotRow> = $crate::sqlx::query_as(
                    "SELECT seq, schema_version, state FROM board_snapshots
                     WHERE board_id = $1 AND seq <= $2 ORDER BY seq DESC LIMIT 1",
                )
                .bind(board.as_str())
                .bind($crate::convert::sql_seq(max_seq))
                .fetch_optional(&self.$reads)
                .await
                .map_err($crate::convert::db_error)?;
                row.map($crate::rows::snapshot).transpose()
            }

            async fn append(
                &self,
                board: &$crate::eventstorm_store::BoardId,
                expected_seq: u64,
                ops: &[$crate::eventstorm_store::NewOp],
            ) -> Result<$crate::eventstorm_store::AppendOutcome, $crate::eventstorm_store::StoreError> {
                // Queued for the backend's group-commit writer.
                self.queue.append(board, expected_seq, ops).await
            }

            async fn purge_board(
                &self,
                id: &$crate::eventstorm_store::BoardId,
            ) -> Result<bool, $crate::eventstorm_store::StoreError> {
                <$store>::purge_board(self, id).await
            }

            $($own)*
        }
    };
}

/// Inserts the `boards` row of `$board` (a `NewBoard`) on `$executor`, in the transaction that
/// appends its first op: `Conflict` when its id or view id is taken.
#[macro_export]
macro_rules! insert_board {
    ($executor:expr, $board:expr) => {
        $crate::sqlx::query($crate::rows::INSERT_BOARD)
            .bind($board.id.as_str())
            .bind($board.view_id.as_str())
            .bind(&$board.title)
            .bind($board.created_at_ms)
            .bind(&$board.facilitator_key_hash)
            .execute($executor)
            .await
            .map_err(|e| {
                $crate::convert::unique_or(
                    e,
                    $crate::eventstorm_store::StoreError::Conflict(
                        "board id or view id already taken".to_owned(),
                    ),
                )
            })
    };
}

/// Implements `SessionStore` (the `signin_sessions` table) for `$store`, reading on the pool
/// in the field `$reads` and writing on the one in `$writes`.
#[macro_export]
macro_rules! session_store {
    (store: $store:ty, reads: $reads:ident, writes: $writes:ident) => {
        #[$crate::async_trait]
        impl $crate::eventstorm_store::SessionStore for $store {
            async fn create_session(
                &self,
                s: &$crate::eventstorm_store::SessionRecord,
            ) -> Result<(), $crate::eventstorm_store::StoreError> {
                $crate::sqlx::query(
                    "INSERT INTO signin_sessions (id_hash, created_at_ms, expires_at_ms, last_seen_ms, user_agent) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&s.id_hash)
                .bind(s.created_at_ms)
                .bind(s.expires_at_ms)
                .bind(s.last_seen_ms)
                .bind(&s.user_agent)
                .execute(&self.$writes)
                .await
                .map_err($crate::convert::db_error)?;
                Ok(())
            }

            async fn find_session(
                &self,
                id_hash: &str,
                now_ms: i64,
                touch_after_ms: i64,
            ) -> Result<Option<$crate::eventstorm_store::SessionRecord>, $crate::eventstorm_store::StoreError> {
                let row: Option<$crate::rows::SessionRow> = $crate::sqlx::query_as(concat!(
                    $crate::select_sessions_sql!(),
                    " WHERE id_hash = $1 AND expires_at_ms > $2"
                ))
                .bind(id_hash)
                .bind(now_ms)
                .fetch_optional(&self.$reads)
                .await
                .map_err($crate::convert::db_error)?;
                let Some(mut found) = row.map($crate::rows::session) else {
                    return Ok(None);
                };
                if now_ms - found.last_seen_ms >= touch_after_ms {
                    $crate::sqlx::query("UPDATE signin_sessions SET last_seen_ms = $2 WHERE id_hash = $1")
                        .bind(id_hash)
                        .bind(now_ms)
                        .execute(&self.$writes)
                        .await
                        .map_err($crate::convert::db_error)?;
                    found.last_seen_ms = now_ms;
                }
                Ok(Some(found))
            }

            async fn delete_session(
                &self,
                id_hash: &str,
            ) -> Result<bool, $crate::eventstorm_store::StoreError> {
                let done = $crate::sqlx::query("DELETE FROM signin_sessions WHERE id_hash = $1")
                    .bind(id_hash)
                    .execute(&self.$writes)
                    .await
                    .map_err($crate::convert::db_error)?;
                Ok(done.rows_affected() > 0)
            }

            async fn list_sessions(
                &self,
                now_ms: i64,
            ) -> Result<Vec<$crate::eventstorm_store::SessionRecord>, $crate::eventstorm_store::StoreError> {
                let rows: Vec<$crate::rows::SessionRow> = $crate::sqlx::query_as(concat!(
                    $crate::select_sessions_sql!(),
                    " WHERE expires_at_ms > $1 ORDER BY created_at_ms DESC"
                ))
                .bind(now_ms)
                .fetch_all(&self.$reads)
                .await
                .map_err($crate::convert::db_error)?;
                Ok(rows.into_iter().map($crate::rows::session).collect())
            }

            async fn delete_all_sessions(&self) -> Result<u64, $crate::eventstorm_store::StoreError> {
                let done = $crate::sqlx::query("DELETE FROM signin_sessions")
                    .execute(&self.$writes)
                    .await
                    .map_err($crate::convert::db_error)?;
                Ok(done.rows_affected())
            }

            async fn delete_expired_sessions(
                &self,
                now_ms: i64,
            ) -> Result<u64, $crate::eventstorm_store::StoreError> {
                let done = $crate::sqlx::query("DELETE FROM signin_sessions WHERE expires_at_ms <= $1")
                    .bind(now_ms)
                    .execute(&self.$writes)
                    .await
                    .map_err($crate::convert::db_error)?;
                Ok(done.rows_affected())
            }
        }
    };
}

/// Deletes the events, ops, snapshots and row of the board `$id` on `$executor` (a
/// transaction that has allowed it); evaluates to how many board rows went (0 or 1).
#[macro_export]
macro_rules! delete_board_rows {
    ($executor:expr, $id:expr) => {
        async {
            for delete in $crate::rows::PURGE_ROWS {
                $crate::sqlx::query(delete)
                    .bind($id.as_str())
                    .execute(&mut *$executor)
                    .await
                    .map_err($crate::convert::db_error)?;
            }
            $crate::sqlx::query($crate::rows::DELETE_BOARD)
                .bind($id.as_str())
                .execute(&mut *$executor)
                .await
                .map(|done| done.rows_affected())
                .map_err($crate::convert::db_error)
        }
        .await
    };
}
