//! Contract cases: board metadata and `create_board`.

use std::sync::Arc;

use super::{assert_recorded_alone, board_id, created, found_ops, new_board, op, read_all};
use crate::{BoardMeta, EventStore, StoreError};

pub async fn backend_answers_ping(store: Arc<dyn EventStore>) {
    store.ping().await.expect("ping");
    assert!(!store.backend().is_empty(), "backend() names the backend");
}

pub async fn create_board_then_meta_by_id_and_view_id(store: Arc<dyn EventStore>) {
    let mut board = new_board();
    board.title = "Zoë's \"big\" picture 🦀".to_owned();
    store.create_board(&board, &op(1)).await.expect("create");

    let meta = BoardMeta {
        id: board.id.clone(),
        view_id: board.view_id.clone(),
        title: board.title.clone(),
        created_at_ms: board.created_at_ms,
        facilitator_key_hash: board.facilitator_key_hash.clone(),
    };
    assert_eq!(store.board(&board.id).await.unwrap(), Some(meta.clone()));
    assert_eq!(
        store.board_by_view_id(&board.view_id).await.unwrap(),
        Some(meta)
    );
    // The two ids are not interchangeable: a view link must never open the board for editing.
    assert_eq!(store.board(&board.view_id).await.unwrap(), None);
    assert_eq!(store.board_by_view_id(&board.id).await.unwrap(), None);
    assert_eq!(store.board(&board_id()).await.unwrap(), None);
    assert_eq!(store.board_by_view_id(&board_id()).await.unwrap(), None);
}

pub async fn create_board_records_first_op(store: Arc<dyn EventStore>) {
    let board = new_board();
    let first = op(2);
    let outcome = store.create_board(&board, &first).await.expect("create");
    assert_recorded_alone(&*store, &board.id, &first, &outcome, (1, 2)).await;
    let events = read_all(&*store, &board.id).await;
    assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2]);
    assert!(events.iter().all(|e| e.op_id == first.op_id));
}

pub async fn create_board_with_empty_first_op(store: Arc<dyn EventStore>) {
    let board = new_board();
    let first = op(0);
    let outcome = store.create_board(&board, &first).await.expect("create");
    assert_recorded_alone(&*store, &board.id, &first, &outcome, (1, 0)).await;
    assert!(store.board(&board.id).await.unwrap().is_some());
}

pub async fn taken_board_id_or_view_id_is_conflict(store: Arc<dyn EventStore>) {
    let (board, _) = created(&*store).await;

    // Same edit id, fresh view id.
    let mut same_id = new_board();
    same_id.id = board.id.clone();
    same_id.title = "impostor".to_owned();
    let first = op(3);
    let err = store.create_board(&same_id, &first).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "got {err:?}");
    // Nothing of the failed creation was written.
    let meta = store
        .board(&board.id)
        .await
        .unwrap()
        .expect("original board");
    assert_eq!(meta.title, board.title);
    assert_eq!(store.head(&board.id).await.unwrap(), 1);
    assert!(
        found_ops(&*store, &board.id, &[first.op_id])
            .await
            .is_empty()
    );
    assert_eq!(
        store.board_by_view_id(&same_id.view_id).await.unwrap(),
        None
    );

    // Fresh edit id, taken view id.
    let mut same_view = new_board();
    same_view.view_id = board.view_id.clone();
    let err = store.create_board(&same_view, &op(1)).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "got {err:?}");
    assert_eq!(store.board(&same_view.id).await.unwrap(), None);
    assert_eq!(store.head(&same_view.id).await.unwrap(), 0);
    assert_eq!(
        store
            .board_by_view_id(&board.view_id)
            .await
            .unwrap()
            .map(|m| m.id),
        Some(board.id)
    );
}

pub async fn missing_boards_are_told_from_existing_ones(store: Arc<dyn EventStore>) {
    let (a, _) = created(&*store).await;
    let (b, _) = created(&*store).await;
    let never = board_id();
    assert!(store.missing_boards(&[]).await.unwrap().is_empty());
    let missing = store
        .missing_boards(&[a.id.clone(), never.clone(), b.id.clone()])
        .await
        .unwrap();
    assert_eq!(missing, [never]);
    assert!(store.purge_board(&b.id).await.unwrap());
    let missing = store
        .missing_boards(&[a.id.clone(), b.id.clone()])
        .await
        .unwrap();
    assert_eq!(missing, std::slice::from_ref(&b.id));
}
