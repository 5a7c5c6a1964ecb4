//! Contract cases for what administrators do: list boards, purge one.

use std::sync::Arc;

use super::{append_at_head, created, op};
use crate::EventStore;

pub async fn listed_boards_show_head_and_title(store: Arc<dyn EventStore>) {
    let (first, _) = created(&*store).await;
    let (second, _) = created(&*store).await;
    append_at_head(&*store, &second.id, &[op(3)]).await;
    store.set_title(&second.id, "Later").await.unwrap();

    let listed = store.list_boards().await.unwrap();
    assert_eq!(listed.len(), 2);
    let one = listed
        .iter()
        .find(|l| l.meta.id == first.id)
        .expect("first listed");
    let two = listed
        .iter()
        .find(|l| l.meta.id == second.id)
        .expect("second listed");
    assert_eq!(
        (one.head, one.meta.title.as_str()),
        (1, first.title.as_str())
    );
    assert_eq!((two.head, two.meta.title.as_str()), (4, "Later"));
    assert_eq!(two.meta.view_id, second.view_id);
    let meta = store.board(&second.id).await.unwrap().unwrap();
    assert_eq!(meta.title, "Later");
}

pub async fn purge_erases_one_board_and_nothing_else(store: Arc<dyn EventStore>) {
    let (gone, _) = created(&*store).await;
    let (kept, _) = created(&*store).await;
    append_at_head(&*store, &gone.id, &[op(3)]).await;
    append_at_head(&*store, &kept.id, &[op(2)]).await;
    assert!(store.purge_board(&gone.id).await.unwrap());
    assert!(
        !store.purge_board(&gone.id).await.unwrap(),
        "a second purge finds nothing"
    );
    assert!(store.board(&gone.id).await.unwrap().is_none());
    assert!(
        store
            .board_by_view_id(&gone.view_id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.read(&gone.id, 0, 100).await.unwrap().len(), 0);
    assert_eq!(store.head(&kept.id).await.unwrap(), 3);
    assert_eq!(store.list_boards().await.unwrap().len(), 1);
}
