//! `SessionStore` for [`SqliteStore`]: the `signin_sessions` table (writes on the single writer connection).

use async_trait::async_trait;
use eventstorm_store::{SessionRecord, SessionStore, StoreError};

use crate::SqliteStore;
use crate::convert::db_error;

type Row = (String, i64, i64, i64, String);

const COLUMNS: &str = "id_hash, created_at_ms, expires_at_ms, last_seen_ms, user_agent";

fn record((id_hash, created_at_ms, expires_at_ms, last_seen_ms, user_agent): Row) -> SessionRecord {
    SessionRecord {
        id_hash,
        created_at_ms,
        expires_at_ms,
        last_seen_ms,
        user_agent,
    }
}

#[async_trait]
impl SessionStore for SqliteStore {
    async fn create_session(&self, s: &SessionRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO signin_sessions (id_hash, created_at_ms, expires_at_ms, last_seen_ms, user_agent) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&s.id_hash)
        .bind(s.created_at_ms)
        .bind(s.expires_at_ms)
        .bind(s.last_seen_ms)
        .bind(&s.user_agent)
        .execute(&self.writer)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn find_session(
        &self,
        id_hash: &str,
        now_ms: i64,
        touch_after_ms: i64,
    ) -> Result<Option<SessionRecord>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM signin_sessions WHERE id_hash = ? AND expires_at_ms > ?"
        );
        let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id_hash)
            .bind(now_ms)
            .fetch_optional(&self.readers)
            .await
            .map_err(db_error)?;
        let Some(mut found) = row.map(record) else {
            return Ok(None);
        };
        if now_ms - found.last_seen_ms >= touch_after_ms {
            sqlx::query("UPDATE signin_sessions SET last_seen_ms = ? WHERE id_hash = ?")
                .bind(now_ms)
                .bind(id_hash)
                .execute(&self.writer)
                .await
                .map_err(db_error)?;
            found.last_seen_ms = now_ms;
        }
        Ok(Some(found))
    }

    async fn delete_session(&self, id_hash: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM signin_sessions WHERE id_hash = ?")
            .bind(id_hash)
            .execute(&self.writer)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected() > 0)
    }

    async fn list_sessions(&self, now_ms: i64) -> Result<Vec<SessionRecord>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM signin_sessions WHERE expires_at_ms > ? ORDER BY created_at_ms DESC"
        );
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(now_ms)
            .fetch_all(&self.readers)
            .await
            .map_err(db_error)?;
        Ok(rows.into_iter().map(record).collect())
    }

    async fn delete_all_sessions(&self) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM signin_sessions")
            .execute(&self.writer)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected())
    }

    async fn delete_expired_sessions(&self, now_ms: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM signin_sessions WHERE expires_at_ms <= ?")
            .bind(now_ms)
            .execute(&self.writer)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected())
    }
}
