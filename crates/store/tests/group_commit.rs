//! The group-commit queue: how appends are grouped, and how a group that fails is answered.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use eventstorm_store::group_commit::{
    Append, AppendQueue, AppendRequest, GroupWriter, MAX_GROUP_EVENTS, append_queue, run_writers,
};
use eventstorm_store::testkit::{board_id, op};
use eventstorm_store::{AppendOutcome, BoardId, NewOp, StoreError};
use tokio::task::JoinHandle;

type Answer = Result<AppendOutcome, StoreError>;

/// Queues an append on a task of its own and lets it reach the queue.
async fn queued(
    queue: &AppendQueue,
    board: &BoardId,
    seq: u64,
    ops: Vec<NewOp>,
) -> JoinHandle<Answer> {
    let (queue, board) = (queue.clone(), board.clone());
    let task = tokio::spawn(async move { queue.append(&board, seq, &ops).await });
    tokio::task::yield_now().await;
    task
}

#[tokio::test(flavor = "current_thread")]
async fn a_batch_takes_everything_queued_once_per_board() {
    let (queue, mut batches) = append_queue();
    let (a, b, c) = (board_id(), board_id(), board_id());
    let _tasks = [
        queued(&queue, &a, 1, vec![op(1)]).await,
        queued(&queue, &b, 1, vec![op(1)]).await,
        queued(&queue, &a, 2, vec![op(1)]).await,
        queued(&queue, &c, 1, vec![op(1)]).await,
        queued(&queue, &a, 3, vec![op(1)]).await,
    ];
    let first = batches.next_batch().await.expect("a batch");
    let seen: Vec<_> = first
        .iter()
        .map(|r| (r.board.clone(), r.expected_seq))
        .collect();
    assert_eq!(seen, vec![(a.clone(), 1), (b, 1), (c, 1)]);
    // The held appends to `a` follow, one per batch, in their order.
    let second = batches.next_batch().await.expect("a batch");
    let seen: Vec<_> = second
        .iter()
        .map(|r| (r.board.clone(), r.expected_seq))
        .collect();
    assert_eq!(seen, vec![(a.clone(), 2)]);
    let third = batches.next_batch().await.expect("a batch");
    let seen: Vec<_> = third
        .iter()
        .map(|r| (r.board.clone(), r.expected_seq))
        .collect();
    assert_eq!(seen, vec![(a, 3)]);
}

#[tokio::test(flavor = "current_thread")]
async fn a_batch_stops_near_the_event_bound() {
    let (queue, mut batches) = append_queue();
    let big = MAX_GROUP_EVENTS / 2 + 1;
    let _tasks = [
        queued(&queue, &board_id(), 1, vec![op(big)]).await,
        queued(&queue, &board_id(), 1, vec![op(big)]).await,
        queued(&queue, &board_id(), 1, vec![op(MAX_GROUP_EVENTS * 2)]).await,
    ];
    let sizes = |batch: &[AppendRequest]| -> Vec<usize> {
        batch.iter().map(|r| r.ops[0].events.len()).collect()
    };
    assert_eq!(sizes(&batches.next_batch().await.unwrap()), vec![big]);
    assert_eq!(sizes(&batches.next_batch().await.unwrap()), vec![big]);
    // Larger than the bound on its own: it still goes, alone.
    assert_eq!(
        sizes(&batches.next_batch().await.unwrap()),
        vec![MAX_GROUP_EVENTS * 2]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_writer_stops_when_every_queue_is_gone() {
    let (queue, batches) = append_queue();
    let writer = tokio::spawn(run_writers(batches, Fake::new(Ok(())), 2));
    drop(queue);
    writer.await.expect("the writer returns");
}

/// A writer that records its calls; a group of several fails with the error it was given.
struct Fake {
    together_fails_with: Result<(), StoreError>,
    calls: Arc<Mutex<Vec<String>>>,
}

impl Fake {
    fn new(together_fails_with: Result<(), StoreError>) -> Fake {
        Fake {
            together_fails_with,
            calls: Arc::default(),
        }
    }

    fn outcome(append: &Append<'_>) -> Answer {
        match append.expected_seq {
            // Stale by convention in these tests.
            99 => Err(StoreError::Conflict("stale".to_owned())),
            seq => Ok(AppendOutcome {
                ops: vec![],
                head: seq + 1,
            }),
        }
    }
}

#[async_trait]
impl GroupWriter for Fake {
    async fn write(&self, appends: &[Append<'_>]) -> Result<Vec<Answer>, StoreError> {
        let seqs: Vec<u64> = appends.iter().map(|a| a.expected_seq).collect();
        self.calls.lock().unwrap().push(format!("write {seqs:?}"));
        if appends.len() > 1 {
            self.together_fails_with.clone()?;
        }
        Ok(appends.iter().map(Fake::outcome).collect())
    }
}

/// Queues appends at `seqs` (one board each), then starts the writer so they form one group.
async fn run_group(writer: Fake, seqs: &[u64]) -> (Vec<Answer>, Vec<String>) {
    let (queue, batches) = append_queue();
    let mut tasks = Vec::new();
    for &seq in seqs {
        tasks.push(queued(&queue, &board_id(), seq, vec![op(1)]).await);
    }
    let calls = writer.calls.clone();
    tokio::spawn(run_writers(batches, writer, 1));
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("task"));
    }
    let calls = calls.lock().unwrap().clone();
    (answers, calls)
}

fn heads(answers: &[Answer]) -> Vec<Result<u64, String>> {
    answers
        .iter()
        .map(|a| a.as_ref().map(|o| o.head).map_err(|e| e.to_string()))
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn queued_appends_are_written_together_each_with_its_own_answer() {
    let (answers, calls) = run_group(Fake::new(Ok(())), &[1, 99, 5]).await;
    assert_eq!(calls, vec!["write [1, 99, 5]"]);
    assert_eq!(
        heads(&answers),
        vec![Ok(2), Err("conflict: stale".to_owned()), Ok(6)]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_group_that_fails_on_a_constraint_is_written_one_by_one() {
    let (answers, calls) = run_group(Fake::new(Err(StoreError::DuplicateOp)), &[1, 99, 5]).await;
    assert_eq!(
        calls,
        vec!["write [1, 99, 5]", "write [1]", "write [99]", "write [5]"]
    );
    assert_eq!(
        heads(&answers),
        vec![Ok(2), Err("conflict: stale".to_owned()), Ok(6)]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_group_the_database_refuses_is_answered_without_retrying() {
    let down = StoreError::Unavailable("down".to_owned());
    let (answers, calls) = run_group(Fake::new(Err(down)), &[1, 5]).await;
    assert_eq!(calls, vec!["write [1, 5]"]);
    assert_eq!(
        heads(&answers),
        vec![
            Err("store unavailable: down".to_owned()),
            Err("store unavailable: down".to_owned())
        ]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_lone_append_is_written_alone() {
    let (answers, calls) = run_group(Fake::new(Ok(())), &[4]).await;
    assert_eq!(calls, vec!["write [4]"]);
    assert_eq!(heads(&answers), vec![Ok(5)]);
}
