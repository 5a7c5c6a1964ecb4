//! Contract cases: snapshots.

use std::sync::Arc;

use super::{board_id, created};
use crate::{EventStore, Snapshot, StoreError};

fn snapshot(seq: u64, state: &str) -> Snapshot {
    Snapshot {
        seq,
        schema_version: 2,
        state: state.to_owned(),
    }
}

pub async fn latest_snapshot_is_newest_at_or_below(store: Arc<dyn EventStore>) {
    let (board, _) = created(&*store).await;
    // Saved out of order: the answer depends on seqs, not on insertion order.
    for seq in [10, 30, 20] {
        let state = format!("{{\"at\":{seq},\"title\":\"Grüße \\\"🦀\\\"\"}}");
        store
            .save_snapshot(&board.id, &snapshot(seq, &state))
            .await
            .expect("save");
    }
    let latest = |max| {
        let (store, id) = (store.clone(), board.id.clone());
        async move {
            store
                .latest_snapshot(&id, max)
                .await
                .expect("latest")
                .map(|s| s.seq)
        }
    };
    assert_eq!(latest(0).await, None);
    assert_eq!(latest(9).await, None);
    assert_eq!(latest(10).await, Some(10));
    assert_eq!(latest(25).await, Some(20));
    assert_eq!(latest(30).await, Some(30));
    assert_eq!(latest(u64::MAX).await, Some(30));

    let full = store
        .latest_snapshot(&board.id, 20)
        .await
        .unwrap()
        .expect("snapshot at 20");
    assert_eq!(
        full,
        snapshot(20, "{\"at\":20,\"title\":\"Grüße \\\"🦀\\\"\"}")
    );
}

pub async fn snapshot_saved_twice_keeps_first(store: Arc<dyn EventStore>) {
    let (board, _) = created(&*store).await;
    store
        .save_snapshot(&board.id, &snapshot(5, "first"))
        .await
        .expect("first save");
    let mut second = snapshot(5, "second");
    second.schema_version = 3;
    store
        .save_snapshot(&board.id, &second)
        .await
        .expect("second save is not an error");
    assert_eq!(
        store.latest_snapshot(&board.id, 5).await.unwrap(),
        Some(snapshot(5, "first"))
    );
}

pub async fn snapshots_are_per_board(store: Arc<dyn EventStore>) {
    let (a, _) = created(&*store).await;
    let (b, _) = created(&*store).await;
    store
        .save_snapshot(&a.id, &snapshot(1, "a"))
        .await
        .expect("save");
    assert_eq!(store.latest_snapshot(&b.id, u64::MAX).await.unwrap(), None);
    store
        .save_snapshot(&b.id, &snapshot(1, "b"))
        .await
        .expect("same seq on another board");
    let state = |s: Option<Snapshot>| s.map(|s| s.state);
    assert_eq!(
        state(store.latest_snapshot(&a.id, 1).await.unwrap()),
        Some("a".to_owned())
    );
    assert_eq!(
        state(store.latest_snapshot(&b.id, 1).await.unwrap()),
        Some("b".to_owned())
    );
}

pub async fn snapshot_of_unknown_board_is_not_found(store: Arc<dyn EventStore>) {
    let err = store
        .save_snapshot(&board_id(), &snapshot(1, "{}"))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "got {err:?}");
}
