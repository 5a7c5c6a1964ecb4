/// What can go wrong in a store. Unique violations are mapped to `Conflict`/`DuplicateOp`, so
/// callers never see a driver error for a race they are meant to handle.
#[derive(Clone, Debug, thiserror::Error)]
pub enum StoreError {
    /// Someone else appended first (stale expected seq), or an id is already taken.
    #[error("conflict: {0}")]
    Conflict(String),
    /// An op id in the batch is already recorded for this board.
    #[error("op already recorded")]
    DuplicateOp,
    /// The board does not exist.
    #[error("no such board")]
    NotFound,
    /// The database cannot be reached or failed; the caller may retry later.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// Stored data that cannot be read back (a bug or a tampered database).
    #[error("corrupt data: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Whether trying again later can succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}
