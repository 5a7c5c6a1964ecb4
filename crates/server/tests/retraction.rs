//! Fan out on decide, acknowledge on commit: the board's other participants get an edit's
//! events as soon as the board has decided them; the sender's ack waits for the commit. When
//! the commit fails, every participant is told which events did not happen and gets the
//! committed board back, and the sender's resend (same op id) applies once.

mod support;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use eventstorm_server::Settings;
use eventstorm_server::store_select::{OpenedStore, open_store};
use serde_json::json;
use support::faulty_store::FaultyStore;
use support::ws::Client;
use support::{Db, add_note, spawn_app_on};
use uuid::Uuid;

async fn flaky(db: Db) -> (support::TestApp, Arc<FaultyStore>) {
    let opened = open_store(&db.url(), false).await.unwrap();
    let flaky = Arc::new(FaultyStore::new(opened.store.clone()));
    let store = OpenedStore {
        store: flaky.clone(),
        postgres: opened.postgres.clone(),
    };
    (spawn_app_on(db, store, Settings::default()).await, flaky)
}

async fn a_failed_commit_is_taken_back_everywhere(db: Db) {
    let (app, store) = flaky(db).await;
    let board = app.create_board("Retract").await;
    let url = app.ws_url(&board);
    let (mut author, _) = Client::join(&url, "Ann", 0).await;
    let (mut ben, _) = Client::join(&url, "Ben", 0).await;
    let (mut cleo, _) = Client::join(&url, "Cleo", 0).await;
    let note = Uuid::new_v4();
    let op = Uuid::new_v4();
    author
        .command(op, add_note(note, "event", "Deposit Paid", 0.0, 0.0))
        .await;
    assert_eq!(author.outcome(op).await["type"], "ack");
    let committed = author.seq;
    ben.events_until(committed).await;
    cleo.events_until(committed).await;

    store.fail_appends.store(true, Ordering::SeqCst);
    let edit = Uuid::new_v4();
    let change = json!({ "type": "edit_text", "id": note, "text": "Deposit Taken" });
    author.command(edit, change.clone()).await;
    // The author's frames: the event, its retraction, then the refusal (retryable).
    let sent = author.next_of("event").await;
    assert_eq!(sent["seq"], committed + 1);
    assert_eq!(author.next_of("retract").await["after_seq"], committed);
    let answer = author.outcome(edit).await;
    assert_eq!(answer["error"], "unavailable", "{answer}");
    assert_eq!(answer["retryable"], true);
    for c in [&mut ben, &mut cleo] {
        // Fanned out before the commit...
        let sent = c.next_of("event").await;
        assert_eq!(sent["seq"], committed + 1);
        assert_eq!(sent["event"]["text"], "Deposit Taken");
        // ...and taken back, with the committed board to go on from.
        let retract = c.next_of("retract").await;
        assert_eq!(retract["after_seq"], committed);
        assert_eq!(retract["board"]["notes"][0]["text"], "Deposit Paid");
        assert_eq!(c.seq, committed);
    }

    // The author's outbox sends the op again, with the same id: it applies once.
    store.fail_appends.store(false, Ordering::SeqCst);
    author.command(edit, change).await;
    let ack = author.outcome(edit).await;
    assert_eq!(ack["type"], "ack", "{ack}");
    assert_eq!(ack["seq"], committed + 1);
    for c in [&mut ben, &mut cleo] {
        let again = c.next_of("event").await;
        assert_eq!(again["seq"], committed + 1);
        assert_eq!(again["op_id"], edit.to_string());
    }
    let events = app.all_events(&board).await;
    let edits = events
        .iter()
        .filter(|e| e["op_id"] == edit.to_string())
        .count();
    assert_eq!(edits, 1, "stored once");
    assert_eq!(events.len() as u64, committed + 1);
    assert_eq!(app.board(&board).await["notes"][0]["text"], "Deposit Taken");
    assert!(
        app.state.hub.metrics().retractions.load(Ordering::Relaxed) >= 1,
        "counted"
    );
}

#[tokio::test]
async fn a_failed_commit_is_taken_back_at_every_participant_on_sqlite() {
    a_failed_commit_is_taken_back_everywhere(Db::fresh_sqlite()).await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn a_failed_commit_is_taken_back_at_every_participant_on_postgres() {
    if let Some(db) = Db::fresh_postgres().await {
        a_failed_commit_is_taken_back_everywhere(db).await;
    }
}

#[tokio::test]
async fn other_participants_get_an_edit_before_its_commit_and_the_sender_its_ack_after() {
    // The store is slow to commit: everyone but the sender could already have the event.
    let db = Db::fresh_sqlite();
    let (app, store) = flaky(db).await;
    let board = app.create_board("Early").await;
    let url = app.ws_url(&board);
    let (mut author, _) = Client::join(&url, "Ann", 0).await;
    let (mut ben, _) = Client::join(&url, "Ben", 0).await;
    store.append_delay_ms.store(400, Ordering::SeqCst);
    let op = Uuid::new_v4();
    let sent = std::time::Instant::now();
    author
        .command(
            op,
            add_note(Uuid::new_v4(), "event", "Room Chosen", 0.0, 0.0),
        )
        .await;
    let seen = ben.next_of("event").await;
    let fanned_out = sent.elapsed();
    assert_eq!(seen["op_id"], op.to_string());
    let ack = author.outcome(op).await;
    let acked = sent.elapsed();
    assert_eq!(ack["type"], "ack");
    assert!(
        fanned_out.as_millis() < 300 && acked.as_millis() >= 400,
        "fanned out after {fanned_out:?}, acknowledged after {acked:?}"
    );
}
