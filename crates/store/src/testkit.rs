//! The contract suite every `EventStore` backend must pass.
//!
//! Each case is a plain `pub async fn name(store: Arc<dyn EventStore>)` that expects a fresh,
//! empty store and panics on a broken promise. A backend crate runs all of them, each against its
//! own fresh database, with [`contract_tests!`](crate::contract_tests):
//!
//! ```ignore
//! async fn run(name: &'static str, case: eventstorm_store::testkit::Case) {
//!     let store = /* a fresh, empty store */;
//!     case(store).await; // plus whatever cleanup the backend needs
//! }
//! eventstorm_store::contract_tests!(run);
//! ```
//!
//! The macro writes one `#[tokio::test]` per case (so the crate needs `tokio` as a
//! dev-dependency), which keeps failures named and lets cases run in parallel.

mod admin;
mod append;
mod boards;
mod reads;
mod snapshots;

pub use admin::*;
pub use append::*;
pub use boards::*;
pub use reads::*;
pub use snapshots::*;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use uuid::Uuid;

use crate::{AppendOutcome, BoardId, EventStore, NewBoard, NewEvent, NewOp, OpRecord};

/// A running contract case.
pub type CaseFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// One contract case, ready to run against a fresh store.
pub type Case = fn(Arc<dyn EventStore>) -> CaseFuture;

/// Writes one `#[tokio::test]` per contract case, each calling `$run(case_name, case)`.
/// `$run` is an `async fn(&'static str, Case)` that builds a fresh store, awaits the case with
/// it and cleans up. Attributes given before `$run` go on every case (a backend that needs a
/// database server marks its cases ignored without one). This list is the one place that names
/// every case: a new case goes here.
#[macro_export]
macro_rules! contract_tests {
    ($(#[$attr:meta])* $run:path) => {
        $crate::contract_tests!(@each [$(#[$attr])*] $run;
            backend_answers_ping,
            create_board_then_meta_by_id_and_view_id,
            create_board_records_first_op,
            create_board_with_empty_first_op,
            taken_board_id_or_view_id_is_conflict,
            stale_append_is_rejected_with_conflict,
            append_to_unknown_board_is_not_found,
            batch_is_all_or_nothing,
            duplicate_op_id_within_a_batch_is_rejected,
            seqs_are_dense_from_one,
            ops_record_their_seq_ranges,
            empty_op_is_recorded,
            empty_batch_checks_head_and_writes_nothing,
            find_ops_returns_recorded_ops_with_hashes,
            concurrent_appends_exactly_one_wins,
            concurrent_appends_to_many_boards_each_get_their_own_answer,
            read_pages_in_seq_order,
            read_mentioning_finds_only_matching_events_in_pages,
            boards_are_isolated,
            unknown_board_reads_as_empty,
            envelope_round_trips_exactly,
            latest_snapshot_is_newest_at_or_below,
            snapshot_saved_twice_keeps_first,
            snapshots_are_per_board,
            snapshot_of_unknown_board_is_not_found,
            listed_boards_show_head_and_title,
            purge_erases_one_board_and_nothing_else,
            missing_boards_are_told_from_existing_ones,
        );
    };
    (@each $attrs:tt $run:path; $($case:ident),* $(,)?) => {
        $( $crate::contract_tests!(@case $attrs $run; $case); )*
    };
    (@case [$($attr:tt)*] $run:path; $case:ident) => {
        #[::tokio::test(flavor = "multi_thread", worker_threads = 2)]
        $($attr)*
        async fn $case() {
            fn case(
                store: ::std::sync::Arc<dyn $crate::EventStore>,
            ) -> $crate::testkit::CaseFuture {
                ::std::boxed::Box::pin($crate::testkit::$case(store))
            }
            $run(stringify!($case), case).await;
        }
    };
}

/// A fresh random board id (ids are capabilities, so tests use unguessable ones too).
pub fn board_id() -> BoardId {
    BoardId::parse(&format!("b{}", Uuid::new_v4().simple())).expect("generated id is valid")
}

/// A new board with random ids.
pub fn new_board() -> NewBoard {
    NewBoard {
        id: board_id(),
        view_id: board_id(),
        title: "Checkout flow".to_owned(),
        created_at_ms: 1_700_000_000_000,
        facilitator_key_hash: format!("{:x}", Uuid::new_v4().as_u128()),
    }
}

/// An event of kind `note_added` whose payload names `text`.
pub fn event(text: &str) -> NewEvent {
    NewEvent {
        kind: "note_added".to_owned(),
        payload: format!("{{\"text\":\"{text}\"}}"),
        schema_version: 1,
    }
}

/// An op with a fresh id and `events` events.
pub fn op(events: usize) -> NewOp {
    let op_id = Uuid::new_v4();
    NewOp {
        op_id,
        content_hash: format!("hash-{}", op_id.simple()),
        actor: "ada".to_owned(),
        recorded_at_ms: 1_700_000_000_500,
        events: (0..events).map(|i| event(&format!("note {i}"))).collect(),
    }
}

/// Creates a fresh board whose first op has one event; returns it and the outcome (head 1).
pub async fn created(store: &dyn EventStore) -> (NewBoard, AppendOutcome) {
    let board = new_board();
    let outcome = store
        .create_board(&board, &op(1))
        .await
        .expect("create_board");
    assert_eq!(
        outcome.head, 1,
        "a first op with one event leaves head at 1"
    );
    (board, outcome)
}

/// Appends `ops` at the board's current head, expecting success.
pub async fn append_at_head(store: &dyn EventStore, board: &BoardId, ops: &[NewOp]) -> u64 {
    let head = store.head(board).await.expect("head");
    store
        .append(board, head, ops)
        .await
        .expect("append at head")
        .head
}

/// `find_ops` sorted by op id, for order-insensitive comparison.
pub async fn found_ops(store: &dyn EventStore, board: &BoardId, ids: &[Uuid]) -> Vec<OpRecord> {
    let mut found = store.find_ops(board, ids).await.expect("find_ops");
    found.sort_by_key(|r| r.op_id);
    found
}

/// All events of a board, in seq order.
pub async fn read_all(store: &dyn EventStore, board: &BoardId) -> Vec<crate::RecordedEvent> {
    store.read(board, 0, u32::MAX).await.expect("read")
}

/// Checks that `op`, the only op of `outcome`, was recorded as `first_seq..=last_seq`, in the
/// outcome and in the store, and that it left the head at `last_seq`.
pub async fn assert_recorded_alone(
    store: &dyn EventStore,
    board: &BoardId,
    op: &NewOp,
    outcome: &AppendOutcome,
    (first_seq, last_seq): (u64, u64),
) {
    let record = OpRecord {
        op_id: op.op_id,
        content_hash: op.content_hash.clone(),
        first_seq,
        last_seq,
    };
    assert_eq!(outcome.ops, vec![record.clone()]);
    assert_eq!(outcome.head, last_seq);
    assert_eq!(store.head(board).await.unwrap(), last_seq);
    assert_eq!(found_ops(store, board, &[op.op_id]).await, vec![record]);
}
