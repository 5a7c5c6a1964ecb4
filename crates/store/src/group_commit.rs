//! Group commit across boards. Every board actor appends its own batches, one at a time; with
//! many busy boards that is many small transactions, each paying for its own commit (a WAL
//! flush on Postgres, the write lock and a sync on SQLite). Here appends queue up and a
//! backend's single writer takes everything queued at once into one transaction, so N boards
//! pay for one commit. Each caller still gets its own outcome, and nothing is answered before
//! the transaction holding it has committed.
//!
//! Runtime-free: the backend spawns [`run_writer`] on its runtime.

use std::collections::{HashMap, HashSet, VecDeque};

use async_trait::async_trait;
use futures_channel::{mpsc, oneshot};
use futures_util::StreamExt;
use futures_util::future::join_all;
use futures_util::lock::Mutex;

use crate::{AppendOutcome, BoardId, NewOp, OpRecord, StoreError};

/// At most this many events go into one group transaction (a single larger append still goes
/// alone), so one batch never holds the write lock for long.
pub const MAX_GROUP_EVENTS: usize = 5_000;

/// One caller's append, waiting for the writer.
#[derive(Debug)]
pub struct AppendRequest {
    pub board: BoardId,
    pub expected_seq: u64,
    pub ops: Vec<NewOp>,
    reply: oneshot::Sender<Result<AppendOutcome, StoreError>>,
}

impl AppendRequest {
    fn events(&self) -> usize {
        self.ops.iter().map(|op| op.events.len()).sum()
    }
}

/// The callers' side: cheap to clone, one per store handle.
#[derive(Clone, Debug)]
pub struct AppendQueue {
    tx: mpsc::UnboundedSender<AppendRequest>,
}

/// The writer's side: hands out batches of queued requests.
#[derive(Debug)]
pub struct AppendBatches {
    rx: mpsc::UnboundedReceiver<AppendRequest>,
    /// Requests for a board that already had one in the batch being formed: they wait for the
    /// next batch, since the second must see the first's outcome (its expected seq).
    held: VecDeque<AppendRequest>,
}

/// A new queue and its writer's end. The writer stops once every [`AppendQueue`] is dropped.
pub fn append_queue() -> (AppendQueue, AppendBatches) {
    let (tx, rx) = mpsc::unbounded();
    (
        AppendQueue { tx },
        AppendBatches {
            rx,
            held: VecDeque::new(),
        },
    )
}

impl AppendQueue {
    /// Queues an append and waits until the writer has committed (or refused) it.
    pub async fn append(
        &self,
        board: &BoardId,
        expected_seq: u64,
        ops: &[NewOp],
    ) -> Result<AppendOutcome, StoreError> {
        let (reply, answer) = oneshot::channel();
        let request = AppendRequest {
            board: board.clone(),
            expected_seq,
            ops: ops.to_vec(),
            reply,
        };
        self.tx
            .unbounded_send(request)
            .map_err(|_| StoreError::Unavailable("the store's writer has stopped".to_owned()))?;
        answer.await.map_err(|_| {
            StoreError::Unavailable("the store's writer stopped before answering".to_owned())
        })?
    }
}

impl AppendBatches {
    /// Waits for at least one request, then takes every request already queued, at most one
    /// per board and about [`MAX_GROUP_EVENTS`] events in all. `None` once every queue handle
    /// is gone and nothing is left.
    pub async fn next_batch(&mut self) -> Option<Vec<AppendRequest>> {
        let mut batch = Vec::new();
        let mut boards = HashSet::new();
        let mut events = 0;
        let mut still_held = VecDeque::new();
        while let Some(request) = self.held.pop_front() {
            take(
                &mut batch,
                &mut boards,
                &mut events,
                &mut still_held,
                request,
            );
        }
        self.held = still_held;
        if batch.is_empty() {
            let request = self.rx.next().await?;
            take(
                &mut batch,
                &mut boards,
                &mut events,
                &mut self.held,
                request,
            );
        }
        while events < MAX_GROUP_EVENTS {
            match self.rx.try_recv() {
                Ok(request) => take(
                    &mut batch,
                    &mut boards,
                    &mut events,
                    &mut self.held,
                    request,
                ),
                // Nothing queued right now, or every sender is gone: write what we have.
                Err(_) => break,
            }
        }
        Some(batch)
    }
}

/// Puts `request` in the batch, or holds it if its board is already there or the batch is full.
fn take(
    batch: &mut Vec<AppendRequest>,
    boards: &mut HashSet<BoardId>,
    events: &mut usize,
    held: &mut VecDeque<AppendRequest>,
    request: AppendRequest,
) {
    let size = request.events();
    let fits = batch.is_empty() || *events + size <= MAX_GROUP_EVENTS;
    if fits && !boards.contains(&request.board) {
        boards.insert(request.board.clone());
        *events += size;
        batch.push(request);
    } else {
        held.push_back(request);
    }
}

/// What a group write gives: per append its outcome (or what refused it up front), or the one
/// error of a transaction that wrote nothing.
pub type GroupOutcome = Result<Vec<Result<AppendOutcome, StoreError>>, StoreError>;

/// How a backend writes appends.
#[async_trait]
pub trait GroupWriter: Send + Sync + 'static {
    /// Appends every one of `appends` (distinct boards) in one transaction: `Ok` with one
    /// result per append, in order, for what could be checked up front (no such board, stale
    /// head), the rest committed; `Err` if the transaction as a whole failed and wrote nothing.
    /// With a single append, that error is exactly the one
    /// [`EventStore::append`](crate::EventStore::append) promises.
    async fn write(&self, appends: &[Append<'_>]) -> GroupOutcome;
}

/// The writer: `writers` loops over one queue, each taking the next batch, writing it and
/// answering every caller, so while one group commits the next can already be written (on a
/// database that serves several connections). Returns when every [`AppendQueue`] is dropped.
pub async fn run_writers<W: GroupWriter>(batches: AppendBatches, writer: W, writers: usize) {
    let batches = Mutex::new(batches);
    let (batches, writer) = (&batches, &writer);
    let loops = (0..writers.max(1)).map(|_| async move {
        loop {
            // Only the loop holding the lock waits for requests; the others are writing.
            let batch = batches.lock().await.next_batch().await;
            let Some(batch) = batch else { break };
            for (request, result) in write_batch(writer, batch).await {
                // The caller may have given up waiting; the append stands either way.
                let _ = request.reply.send(result);
            }
        }
    });
    join_all(loops).await;
}

/// One batch: together when there are several, falling back to one transaction each when the
/// group fails on a constraint (a resent op id, a seq another instance took), so every caller
/// gets its own exact answer and the others still commit.
async fn write_batch<W: GroupWriter>(
    writer: &W,
    mut batch: Vec<AppendRequest>,
) -> Vec<(AppendRequest, Result<AppendOutcome, StoreError>)> {
    if batch.len() == 1 {
        let request = batch.remove(0);
        let result = alone(writer, &request).await;
        return vec![(request, result)];
    }
    let appends: Vec<Append<'_>> = batch.iter().map(AppendRequest::as_append).collect();
    let together = writer.write(&appends).await;
    drop(appends);
    match together {
        Ok(results) => batch.into_iter().zip(results).collect(),
        Err(StoreError::Conflict(_) | StoreError::DuplicateOp) => {
            let mut out = Vec::with_capacity(batch.len());
            for request in batch {
                let result = alone(writer, &request).await;
                out.push((request, result));
            }
            out
        }
        // The database is down or failed: the same answer for everyone, without trying each
        // one against it again.
        Err(e) => batch.into_iter().map(|r| (r, Err(e.clone()))).collect(),
    }
}

/// One request in a transaction of its own.
async fn alone<W: GroupWriter>(
    writer: &W,
    request: &AppendRequest,
) -> Result<AppendOutcome, StoreError> {
    single(writer.write(&[request.as_append()]).await?)
}

/// One append as a backend writes it: the board, the head the caller saw, the ops.
#[derive(Clone, Copy, Debug)]
pub struct Append<'a> {
    pub board: &'a BoardId,
    pub expected_seq: u64,
    pub ops: &'a [NewOp],
}

impl AppendRequest {
    pub fn as_append(&self) -> Append<'_> {
        Append {
            board: &self.board,
            expected_seq: self.expected_seq,
            ops: &self.ops,
        }
    }
}

/// An op placed in its stream: its events get `first_seq`, `first_seq + 1`, ... `last_seq`
/// (`last_seq == first_seq - 1` when it has none).
#[derive(Debug)]
pub struct PlacedOp<'a> {
    pub board: &'a BoardId,
    pub op: &'a NewOp,
    pub first_seq: u64,
    pub last_seq: u64,
}

/// Each append's result-to-be, and the ops to insert.
pub type Placement<'a> = (Vec<Result<AppendOutcome, StoreError>>, Vec<PlacedOp<'a>>);

/// What a group of appends writes, given the heads of the boards that exist (as read from
/// SQL: board id, head; a board missing here does not exist): one result per append
/// (`NotFound`, `Conflict` on a stale head, or the outcome it will have once committed) and the
/// ops to insert for those that passed. `Corrupt` if a head is negative.
pub fn place<'a>(
    appends: &[Append<'a>],
    heads: Vec<(String, i64)>,
) -> Result<Placement<'a>, StoreError> {
    let heads = heads
        .into_iter()
        .map(|(board, head)| {
            let head = u64::try_from(head)
                .map_err(|_| StoreError::Corrupt(format!("negative seq {head}")))?;
            Ok((board, head))
        })
        .collect::<Result<HashMap<String, u64>, StoreError>>()?;
    let head_of = |board: &BoardId| heads.get(board.as_str()).copied();
    let mut results = Vec::with_capacity(appends.len());
    let mut placed = Vec::new();
    for append in appends {
        let Some(head) = head_of(append.board) else {
            results.push(Err(StoreError::NotFound));
            continue;
        };
        if head != append.expected_seq {
            results.push(Err(StoreError::Conflict(format!(
                "expected seq {}, head is {head}",
                append.expected_seq
            ))));
            continue;
        }
        let mut seq = head;
        let mut records = Vec::with_capacity(append.ops.len());
        for op in append.ops {
            let first_seq = seq + 1;
            seq += op.events.len() as u64;
            records.push(OpRecord {
                op_id: op.op_id,
                content_hash: op.content_hash.clone(),
                first_seq,
                last_seq: seq,
            });
            placed.push(PlacedOp {
                board: append.board,
                op,
                first_seq,
                last_seq: seq,
            });
        }
        results.push(Ok(AppendOutcome {
            ops: records,
            head: seq,
        }));
    }
    Ok((results, placed))
}

/// The one result of a one-append group.
pub fn single(
    results: Vec<Result<AppendOutcome, StoreError>>,
) -> Result<AppendOutcome, StoreError> {
    results.into_iter().next().unwrap_or_else(|| {
        Err(StoreError::Corrupt(
            "an append produced no result".to_owned(),
        ))
    })
}
