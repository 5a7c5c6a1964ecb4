//! Conversions between the store's types and the databases': seqs (`u64` in the API, `i64` in
//! SQL) and driver errors, the same for both backends.

use eventstorm_store::StoreError;

/// A seq for SQL. Seqs above `i64::MAX` cannot exist, so clamping keeps comparisons right.
pub fn sql_seq(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

/// A seq read back from SQL; a negative one means the data is broken.
pub fn api_seq(seq: i64) -> Result<u64, StoreError> {
    u64::try_from(seq).map_err(|_| StoreError::Corrupt(format!("negative seq {seq}")))
}

pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// `taken` if `err` is a unique violation (a key someone already holds), else [`db_error`].
pub fn unique_or(err: sqlx::Error, taken: StoreError) -> StoreError {
    violation_or(err, is_unique_violation, taken)
}

/// `instead` if `err` is the violation `is` tells, else [`db_error`].
fn violation_or(err: sqlx::Error, is: fn(&sqlx::Error) -> bool, instead: StoreError) -> StoreError {
    if is(&err) { instead } else { db_error(err) }
}

pub fn is_foreign_key_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_foreign_key_violation())
}

/// `missing` if `err` is a foreign key violation (a row about something that does not exist),
/// else [`db_error`].
pub fn foreign_key_or(err: sqlx::Error, missing: StoreError) -> StoreError {
    violation_or(err, is_foreign_key_violation, missing)
}

/// Runs the backend's migrations on the database `conn` reaches; until they ran the database
/// cannot be used, so a failure is `Unavailable`.
pub async fn migrate<'a, A>(migrator: &sqlx::migrate::Migrator, conn: A) -> Result<(), StoreError>
where
    A: sqlx::Acquire<'a>,
    <A::Connection as std::ops::Deref>::Target: sqlx::migrate::Migrate,
{
    migrator
        .run(conn)
        .await
        .map_err(|e| StoreError::Unavailable(format!("migrations failed: {e}")))
}

/// Any error not handled where it happened: undecodable rows are `Corrupt`, the rest
/// (I/O, pool timeouts, a closed pool, refused statements) `Unavailable`.
pub fn db_error(err: sqlx::Error) -> StoreError {
    match err {
        sqlx::Error::ColumnDecode { .. }
        | sqlx::Error::Decode(_)
        | sqlx::Error::ColumnNotFound(_)
        | sqlx::Error::TypeNotFound { .. } => StoreError::Corrupt(err.to_string()),
        _ => StoreError::Unavailable(err.to_string()),
    }
}
