//! A store wrapper for fault tests: slow or failing reads, failing appends, write counters.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use eventstorm_store::{
    AppendOutcome, BoardId, BoardListing, BoardMeta, EventStore, NewBoard, NewOp, OpRecord,
    RecordedEvent, Snapshot, StoreError,
};
use uuid::Uuid;

/// A store that can be slow (loading reads wait) or down on demand, and counts what is written,
/// to see what the server does when the database misbehaves.
pub struct FaultyStore {
    pub inner: Arc<dyn EventStore>,
    /// Delay for `read` and `latest_snapshot` (what loading a board does).
    pub load_delay_ms: AtomicUsize,
    pub fail_reads: AtomicBool,
    pub fail_appends: AtomicBool,
    /// Delay before each append is passed on (a slow commit).
    pub append_delay_ms: AtomicUsize,
    pub appends: AtomicUsize,
    pub snapshots_saved: AtomicUsize,
    pub boards_created: AtomicUsize,
    /// Calls of `read` (loading, catching up).
    pub reads: AtomicUsize,
}

pub fn down() -> StoreError {
    StoreError::Unavailable("injected failure".into())
}

impl FaultyStore {
    /// Passes everything through to `inner` until told otherwise.
    pub fn new(inner: Arc<dyn EventStore>) -> Self {
        FaultyStore {
            inner,
            load_delay_ms: AtomicUsize::new(0),
            fail_reads: AtomicBool::new(false),
            fail_appends: AtomicBool::new(false),
            append_delay_ms: AtomicUsize::new(0),
            appends: AtomicUsize::new(0),
            snapshots_saved: AtomicUsize::new(0),
            boards_created: AtomicUsize::new(0),
            reads: AtomicUsize::new(0),
        }
    }

    async fn loading(&self) -> Result<(), StoreError> {
        let delay = self.load_delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay as u64)).await;
        }
        if self.fail_reads.load(Ordering::SeqCst) {
            return Err(down());
        }
        Ok(())
    }
}

#[async_trait]
impl EventStore for FaultyStore {
    fn backend(&self) -> &'static str {
        self.inner.backend()
    }
    async fn ping(&self) -> Result<(), StoreError> {
        self.inner.ping().await
    }
    async fn create_board(
        &self,
        board: &NewBoard,
        first: &NewOp,
    ) -> Result<AppendOutcome, StoreError> {
        self.boards_created.fetch_add(1, Ordering::SeqCst);
        self.inner.create_board(board, first).await
    }
    async fn board(&self, id: &BoardId) -> Result<Option<BoardMeta>, StoreError> {
        self.inner.board(id).await
    }
    async fn board_by_view_id(&self, id: &BoardId) -> Result<Option<BoardMeta>, StoreError> {
        self.inner.board_by_view_id(id).await
    }
    async fn append(
        &self,
        board: &BoardId,
        expected: u64,
        ops: &[NewOp],
    ) -> Result<AppendOutcome, StoreError> {
        let delay = self.append_delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay as u64)).await;
        }
        if self.fail_appends.load(Ordering::SeqCst) {
            return Err(down());
        }
        self.appends.fetch_add(1, Ordering::SeqCst);
        self.inner.append(board, expected, ops).await
    }
    async fn find_ops(&self, board: &BoardId, ids: &[Uuid]) -> Result<Vec<OpRecord>, StoreError> {
        self.inner.find_ops(board, ids).await
    }
    async fn read(
        &self,
        board: &BoardId,
        after: u64,
        limit: u32,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        self.loading().await?;
        self.inner.read(board, after, limit).await
    }
    async fn head(&self, board: &BoardId) -> Result<u64, StoreError> {
        self.inner.head(board).await
    }
    async fn list_boards(&self) -> Result<Vec<BoardListing>, StoreError> {
        self.inner.list_boards().await
    }
    async fn set_title(&self, board: &BoardId, title: &str) -> Result<(), StoreError> {
        self.inner.set_title(board, title).await
    }
    async fn purge_board(&self, board: &BoardId) -> Result<bool, StoreError> {
        self.inner.purge_board(board).await
    }
    async fn save_snapshot(&self, board: &BoardId, s: &Snapshot) -> Result<(), StoreError> {
        self.snapshots_saved.fetch_add(1, Ordering::SeqCst);
        self.inner.save_snapshot(board, s).await
    }
    async fn latest_snapshot(
        &self,
        board: &BoardId,
        max: u64,
    ) -> Result<Option<Snapshot>, StoreError> {
        self.loading().await?;
        self.inner.latest_snapshot(board, max).await
    }
}
