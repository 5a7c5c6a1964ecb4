//! Contract cases: `append`, op records and optimistic concurrency.

use std::sync::Arc;

use super::{append_at_head, assert_recorded_alone, board_id, created, found_ops, op, read_all};
use crate::{EventStore, OpRecord, StoreError};

pub async fn stale_append_is_rejected_with_conflict(store: Arc<dyn EventStore>) {
    let (board, _) = created(&*store).await;
    let head = store.append(&board.id, 1, &[op(2)]).await.unwrap().head;
    assert_eq!(head, 3);

    let stale = op(1);
    let err = store
        .append(&board.id, 1, std::slice::from_ref(&stale))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "got {err:?}");
    // Ahead of the head is just as wrong as behind it.
    let err = store
        .append(&board.id, 10, std::slice::from_ref(&stale))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "got {err:?}");

    assert_eq!(store.head(&board.id).await.unwrap(), 3);
    assert_eq!(read_all(&*store, &board.id).await.len(), 3);
    assert!(
        found_ops(&*store, &board.id, &[stale.op_id])
            .await
            .is_empty()
    );
}

pub async fn append_to_unknown_board_is_not_found(store: Arc<dyn EventStore>) {
    let err = store.append(&board_id(), 0, &[op(1)]).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "got {err:?}");
}

pub async fn batch_is_all_or_nothing(store: Arc<dyn EventStore>) {
    let (board, _) = created(&*store).await;
    let recorded = op(1);
    let head = append_at_head(&*store, &board.id, std::slice::from_ref(&recorded)).await;
    assert_eq!(head, 2);

    // The second op reuses a recorded op id: the whole batch fails, the first op included.
    let fresh = op(2);
    let mut reused = op(1);
    reused.op_id = recorded.op_id;
    let err = store
        .append(&board.id, head, &[fresh.clone(), reused])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::DuplicateOp), "got {err:?}");

    assert_eq!(store.head(&board.id).await.unwrap(), head);
    assert_eq!(read_all(&*store, &board.id).await.len(), 2);
    assert!(
        found_ops(&*store, &board.id, &[fresh.op_id])
            .await
            .is_empty()
    );
    // The recorded op is untouched.
    let found = found_ops(&*store, &board.id, &[recorded.op_id]).await;
    assert_eq!(found[0].content_hash, recorded.content_hash);

    // Alone, the fresh op goes through at the same head.
    let outcome = store
        .append(&board.id, head, std::slice::from_ref(&fresh))
        .await
        .expect("fresh op alone");
    assert_eq!(outcome.head, 4);
}

pub async fn duplicate_op_id_within_a_batch_is_rejected(store: Arc<dyn EventStore>) {
    let (board, _) = created(&*store).await;
    let first = op(1);
    let mut twin = op(1);
    twin.op_id = first.op_id;
    let err = store
        .append(&board.id, 1, &[first.clone(), twin])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::DuplicateOp), "got {err:?}");
    assert_eq!(store.head(&board.id).await.unwrap(), 1);
    assert!(
        found_ops(&*store, &board.id, &[first.op_id])
            .await
            .is_empty()
    );
}

pub async fn seqs_are_dense_from_one(store: Arc<dyn EventStore>) {
    let (board, _) = created(&*store).await;
    append_at_head(&*store, &board.id, &[op(2), op(0), op(3)]).await;
    append_at_head(&*store, &board.id, &[op(1)]).await;
    let head = append_at_head(&*store, &board.id, &[op(4)]).await;

    assert_eq!(head, 11);
    let seqs: Vec<u64> = read_all(&*store, &board.id)
        .await
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(seqs, (1..=11).collect::<Vec<u64>>());
}

pub async fn ops_record_their_seq_ranges(store: Arc<dyn EventStore>) {
    let (board, _) = created(&*store).await;
    let ops = [op(2), op(0), op(1)];
    let outcome = store.append(&board.id, 1, &ops).await.expect("append");

    let expected: Vec<OpRecord> = [(2, 3), (4, 3), (4, 4)]
        .iter()
        .zip(&ops)
        .map(|(&(first_seq, last_seq), op)| OpRecord {
            op_id: op.op_id,
            content_hash: op.content_hash.clone(),
            first_seq,
            last_seq,
        })
        .collect();
    // The outcome lists the ops in the order given.
    assert_eq!(outcome.ops, expected);
    assert_eq!(outcome.head, 4);

    let ids: Vec<_> = ops.iter().map(|o| o.op_id).collect();
    let mut sorted = expected.clone();
    sorted.sort_by_key(|r| r.op_id);
    assert_eq!(found_ops(&*store, &board.id, &ids).await, sorted);

    // Each event carries its op's id.
    let events = read_all(&*store, &board.id).await;
    let owners: Vec<_> = events[1..].iter().map(|e| e.op_id).collect();
    assert_eq!(owners, [ops[0].op_id, ops[0].op_id, ops[2].op_id]);
}

pub async fn empty_op_is_recorded(store: Arc<dyn EventStore>) {
    let (board, _) = created(&*store).await;
    let nothing = op(0);
    let outcome = store
        .append(&board.id, 1, std::slice::from_ref(&nothing))
        .await
        .expect("append");
    assert_recorded_alone(&*store, &board.id, &nothing, &outcome, (2, 1)).await;
    assert_eq!(read_all(&*store, &board.id).await.len(), 1);

    // The head did not move, so the next append still expects 1; resending is a DuplicateOp.
    let err = store
        .append(&board.id, 1, std::slice::from_ref(&nothing))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::DuplicateOp), "got {err:?}");
    assert_eq!(store.append(&board.id, 1, &[op(1)]).await.unwrap().head, 2);
}

pub async fn empty_batch_checks_head_and_writes_nothing(store: Arc<dyn EventStore>) {
    let (board, _) = created(&*store).await;
    let outcome = store.append(&board.id, 1, &[]).await.expect("empty batch");
    assert!(outcome.ops.is_empty());
    assert_eq!(outcome.head, 1);
    let err = store.append(&board.id, 0, &[]).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "got {err:?}");
    assert_eq!(store.head(&board.id).await.unwrap(), 1);
}

pub async fn find_ops_returns_recorded_ops_with_hashes(store: Arc<dyn EventStore>) {
    let (board, created_outcome) = created(&*store).await;
    let (x, y) = (op(1), op(0));
    append_at_head(&*store, &board.id, &[x.clone(), y.clone()]).await;

    let unknown = uuid::Uuid::new_v4();
    let found = found_ops(&*store, &board.id, &[x.op_id, unknown, y.op_id]).await;
    let mut expected = vec![
        OpRecord {
            op_id: x.op_id,
            content_hash: x.content_hash.clone(),
            first_seq: 2,
            last_seq: 2,
        },
        OpRecord {
            op_id: y.op_id,
            content_hash: y.content_hash.clone(),
            first_seq: 3,
            last_seq: 2,
        },
    ];
    expected.sort_by_key(|r| r.op_id);
    assert_eq!(found, expected);
    // The board's first op is an op like any other.
    assert_eq!(
        found_ops(&*store, &board.id, &[created_outcome.ops[0].op_id]).await,
        created_outcome.ops
    );
    assert!(found_ops(&*store, &board.id, &[]).await.is_empty());
    assert!(found_ops(&*store, &board.id, &[unknown]).await.is_empty());
}

pub async fn concurrent_appends_exactly_one_wins(store: Arc<dyn EventStore>) {
    let (board, _) = created(&*store).await;
    // Several rounds, so a backend that only sometimes lets both through is caught.
    for _ in 0..10 {
        let head = store.head(&board.id).await.unwrap();
        let contenders = [op(2), op(1), op(3)];
        let tasks: Vec<_> = contenders
            .iter()
            .map(|contender| {
                let (store, board, contender) =
                    (store.clone(), board.id.clone(), contender.clone());
                tokio::spawn(async move {
                    store
                        .append(&board, head, std::slice::from_ref(&contender))
                        .await
                })
            })
            .collect();
        let mut winners = Vec::new();
        for (i, task) in tasks.into_iter().enumerate() {
            match task.await.expect("task") {
                Ok(outcome) => winners.push((i, outcome)),
                Err(StoreError::Conflict(_)) => {}
                Err(err) => panic!("a losing append must be a Conflict, got {err:?}"),
            }
        }
        assert_eq!(winners.len(), 1, "exactly one append wins");
        let (winner, outcome) = &winners[0];
        let winner_op = &contenders[*winner];
        assert_eq!(outcome.head, head + winner_op.events.len() as u64);
        assert_eq!(store.head(&board.id).await.unwrap(), outcome.head);
        let tail = store.read(&board.id, head, 100).await.unwrap();
        assert_eq!(tail.len(), winner_op.events.len());
        assert!(tail.iter().all(|e| e.op_id == winner_op.op_id));
        for (i, loser) in contenders.iter().enumerate() {
            if i != *winner {
                assert!(
                    found_ops(&*store, &board.id, &[loser.op_id])
                        .await
                        .is_empty()
                );
            }
        }
    }
}

/// Appends to many boards at once (which a backend may commit together): each caller gets its
/// own answer, and a refused append costs the others nothing.
pub async fn concurrent_appends_to_many_boards_each_get_their_own_answer(
    store: Arc<dyn EventStore>,
) {
    let mut boards = Vec::new();
    for _ in 0..12 {
        let (board, outcome) = created(&*store).await;
        boards.push((board.id, outcome.ops[0].op_id));
    }
    for round in 0..5u64 {
        let tasks: Vec<_> = boards
            .iter()
            .enumerate()
            .map(|(i, (board, first_op))| {
                let (store, board) = (store.clone(), board.clone());
                // Valid appends move the head by 2 a round, refused ones leave it.
                let head = if i % 4 == 0 || i % 4 == 3 {
                    1 + 2 * round
                } else {
                    1
                };
                let (expected, ops) = match i % 4 {
                    0 => (head, vec![op(2)]),
                    1 => (head + 7, vec![op(1)]),
                    2 => {
                        let mut reused = op(1);
                        reused.op_id = *first_op;
                        (head, vec![op(1), reused])
                    }
                    _ => (head, vec![op(1), op(0), op(1)]),
                };
                tokio::spawn(async move {
                    let result = store.append(&board, expected, &ops).await;
                    (ops, result)
                })
            })
            .collect();
        let err = store.append(&board_id(), 0, &[op(1)]).await.unwrap_err();
        assert!(matches!(err, StoreError::NotFound), "got {err:?}");

        for (i, task) in tasks.into_iter().enumerate() {
            let (ops, result) = task.await.expect("task");
            let head = 1 + 2 * round;
            match i % 4 {
                0 | 3 => {
                    let outcome = result.expect("a valid append commits");
                    assert_eq!(outcome.head, head + 2, "board {i} round {round}");
                    let mut seq = head;
                    for (record, op) in outcome.ops.iter().zip(&ops) {
                        assert_eq!(record.op_id, op.op_id);
                        assert_eq!(record.first_seq, seq + 1);
                        seq += op.events.len() as u64;
                        assert_eq!(record.last_seq, seq);
                    }
                }
                1 => assert!(
                    matches!(result, Err(StoreError::Conflict(_))),
                    "board {i}: {result:?}"
                ),
                _ => assert!(
                    matches!(result, Err(StoreError::DuplicateOp)),
                    "board {i}: {result:?}"
                ),
            }
        }
    }
    for (i, (board, _)) in boards.iter().enumerate() {
        let events = read_all(&*store, board).await;
        let expected = if i % 4 == 0 || i % 4 == 3 { 11 } else { 1 };
        assert_eq!(events.len(), expected, "board {i}");
        assert!(
            events
                .iter()
                .enumerate()
                .all(|(n, e)| e.seq == n as u64 + 1),
            "board {i}: seqs are dense"
        );
    }
}
