//! One sticky's history on a long board: every event about it and nothing else, oldest first,
//! in pages that add up to the whole; a sticky whose text quotes another's id is not part of
//! that other's history. On both backends.

mod long_log;
mod support;

use long_log::{NOTES, long_board, note_id};
use serde_json::Value;
use support::{Db, TestApp, add_note, spawn_app};
use uuid::Uuid;

const EVENTS: u64 = 5_000;

async fn page(app: &TestApp, board: &str, query: &str) -> Value {
    let (status, body) = app
        .get(&format!("/api/boards/{board}/history?{query}"))
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

fn seqs(body: &Value) -> Vec<u64> {
    body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect()
}

async fn history_of_one_sticky(db: Db) {
    let app = spawn_app(db).await;
    let board = long_board(&app.store(), EVENTS).await;
    let board = board.as_str();
    let sticky = note_id(5).0;
    // Sticky 5 gets every event whose seq is 5 modulo NOTES (its add, then its edits).
    let expected: Vec<u64> = (2..=EVENTS)
        .filter(|seq| *seq as usize % NOTES == 5)
        .collect();

    // A sticky whose text is the other's id: found by the store's filter, dropped by the check.
    let (status, _) = app
        .command(
            board,
            Uuid::new_v4(),
            add_note(Uuid::new_v4(), "event", &sticky.to_string(), 0.0, 500.0),
        )
        .await;
    assert_eq!(status, 200);

    let all = page(&app, board, &format!("element={sticky}")).await;
    assert_eq!(seqs(&all), expected);
    assert_eq!(all["next"], Value::Null);
    let first = &all["events"][0];
    assert_eq!(first["event"]["type"], "note_added");
    assert_eq!(first["actor"], "writer");
    assert!(
        all["events"]
            .as_array()
            .unwrap()
            .iter()
            .skip(1)
            .all(|e| e["event"]["type"] == "note_text_edited"
                && e["event"]["id"] == sticky.to_string())
    );

    // Pages of 7 add up to the same list.
    let mut paged: Vec<u64> = Vec::new();
    let mut after = 0;
    loop {
        let body = page(
            &app,
            board,
            &format!("element={sticky}&after={after}&limit=7"),
        )
        .await;
        let got = seqs(&body);
        assert!(got.len() <= 7);
        paged.extend(&got);
        match body["next"].as_u64() {
            Some(next) => {
                assert_eq!(Some(&next), got.last());
                after = next;
            }
            None => break,
        }
    }
    assert_eq!(paged, expected);

    // A sticky nobody touched has no history; a malformed query is refused.
    let none = page(&app, board, &format!("element={}", Uuid::new_v4())).await;
    assert!(seqs(&none).is_empty());
    for query in ["element=nope", &format!("element={sticky}&after=x")] {
        let (status, body) = app
            .get(&format!("/api/boards/{board}/history?{query}"))
            .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_query")),
            "{query}"
        );
    }
}

#[tokio::test]
async fn sqlite_one_stickys_history_is_every_event_about_it_in_pages() {
    history_of_one_sticky(Db::fresh_sqlite()).await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn postgres_one_stickys_history_is_every_event_about_it_in_pages() {
    if let Some(db) = Db::fresh_postgres().await {
        history_of_one_sticky(db).await;
    }
}
