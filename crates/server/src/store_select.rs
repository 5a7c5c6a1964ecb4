//! The database URL picks the backend: `postgres://` (or `postgresql://`) for Postgres,
//! anything else is a SQLite file.

use std::sync::Arc;

use eventstorm_store::{EventStore, StoreError};
use eventstorm_store_postgres::PgStore;
use eventstorm_store_sqlite::{SqliteOptions, SqliteStore};

/// An opened store, keeping the concrete Postgres store for what only it can do (the NOTIFY
/// listener for several instances).
#[derive(Clone)]
pub struct OpenedStore {
    pub store: Arc<dyn EventStore>,
    pub postgres: Option<PgStore>,
}

pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Opens the store and runs its migrations.
pub async fn open_store(url: &str, sqlite_sync_full: bool) -> Result<OpenedStore, StoreError> {
    if is_postgres(url) {
        let pg = PgStore::connect(url).await?;
        Ok(OpenedStore {
            store: Arc::new(pg.clone()),
            postgres: Some(pg),
        })
    } else {
        let sqlite = SqliteStore::open(
            url,
            SqliteOptions {
                synchronous_full: sqlite_sync_full,
            },
        )
        .await?;
        Ok(OpenedStore {
            store: Arc::new(sqlite),
            postgres: None,
        })
    }
}
