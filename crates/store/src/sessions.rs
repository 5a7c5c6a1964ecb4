//! Sign-in sessions, kept in the same database as the boards so that every instance sees a
//! sign-out at once. Stores only ever see the hash of a session id: a copy of the database
//! cannot be replayed as cookies.

use async_trait::async_trait;

use crate::StoreError;

/// One sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    /// SHA-256 (hex) of the id the cookie carries.
    pub id_hash: String,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
    pub last_seen_ms: i64,
    /// The browser's `User-Agent` at sign-in (cut to 200 characters), for administrators.
    pub user_agent: String,
}

/// Where sign-in sessions live. Every method is one statement.
#[async_trait]
pub trait SessionStore: Send + Sync {
    async fn create_session(&self, session: &SessionRecord) -> Result<(), StoreError>;

    /// The session with this id hash if it has not expired at `now_ms`. Its last-seen time is
    /// moved to `now_ms` when it is older than `touch_after_ms`, so a busy browser does not
    /// write on every request.
    async fn find_session(
        &self,
        id_hash: &str,
        now_ms: i64,
        touch_after_ms: i64,
    ) -> Result<Option<SessionRecord>, StoreError>;

    /// Ends one session; `false` if there was none.
    async fn delete_session(&self, id_hash: &str) -> Result<bool, StoreError>;

    /// Sessions that have not expired at `now_ms`, newest first.
    async fn list_sessions(&self, now_ms: i64) -> Result<Vec<SessionRecord>, StoreError>;

    /// Ends every session; returns how many there were.
    async fn delete_all_sessions(&self) -> Result<u64, StoreError>;

    /// Forgets sessions that expired before `now_ms`; returns how many.
    async fn delete_expired_sessions(&self, now_ms: i64) -> Result<u64, StoreError>;
}
