//! A board's title is one thing: after a rename the board page, the board itself and the
//! administrators' list all show the new title, also after the board was unloaded and loaded
//! again, and a listed title that fell behind the log is put right when the board loads.

mod support;

use std::time::Duration;

use eventstorm_server::Settings;
use eventstorm_server::access::Secret;
use eventstorm_store::BoardId;
use reqwest::Method;
use serde_json::json;
use support::{Db, TestApp, spawn_app_with};
use uuid::Uuid;

async fn app(db: Db) -> TestApp {
    let settings = Settings {
        admin_token: Some(Secret::new("t0ken")),
        idle_unload: Duration::from_millis(200),
        ..Settings::default()
    };
    spawn_app_with(db, settings).await
}

/// The title each place shows: the board page's heading, `GET /api/boards/{id}`, and the
/// administrators' list.
async fn titles(app: &TestApp, id: &str) -> (bool, String, String) {
    let (_, page) = app.get(&format!("/b/{id}")).await;
    let page = page.as_str().unwrap().to_owned();
    let heading = |title: &str| page.contains(&format!("title=\"Rename the board\">{title}<"));
    let (_, board) = app.get(&format!("/api/boards/{id}")).await;
    let (_, listed) = app.admin(Method::GET, "/api/admin/boards").await;
    let listed = listed["boards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == id)
        .unwrap()["title"]
        .as_str()
        .unwrap()
        .to_owned();
    let board_title = board["title"].as_str().unwrap().to_owned();
    (heading(&board_title), board_title, listed)
}

async fn wait_until_unloaded(app: &TestApp) {
    for _ in 0..100 {
        if app.state.hub.loaded_boards() == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the idle board did not unload");
}

async fn a_rename_shows_everywhere(db: Db) {
    let app = app(db).await;
    let id = app.create_board("Before").await;
    assert_eq!(
        titles(&app, &id).await,
        (true, "Before".to_owned(), "Before".to_owned())
    );
    let (status, _) = app
        .command(
            &id,
            Uuid::new_v4(),
            json!({ "type": "rename_board", "title": "After" }),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        titles(&app, &id).await,
        (true, "After".to_owned(), "After".to_owned())
    );

    // Loaded again from the store, the board keeps the title the list shows.
    wait_until_unloaded(&app).await;
    assert_eq!(
        titles(&app, &id).await,
        (true, "After".to_owned(), "After".to_owned())
    );

    // A listed title behind the log (a rename whose write failed) is put right on load.
    wait_until_unloaded(&app).await;
    let board = BoardId::parse(&id).unwrap();
    app.store().set_title(&board, "Stale").await.unwrap();
    let listed = app.store().board(&board).await.unwrap().unwrap().title;
    assert_eq!(listed, "Stale");
    let (status, _) = app.get(&format!("/api/boards/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(
        titles(&app, &id).await,
        (true, "After".to_owned(), "After".to_owned())
    );
}

#[tokio::test]
async fn sqlite_a_rename_shows_on_the_page_the_board_and_the_admin_list() {
    a_rename_shows_everywhere(Db::fresh_sqlite()).await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn postgres_a_rename_shows_on_the_page_the_board_and_the_admin_list() {
    if let Some(db) = Db::fresh_postgres().await {
        a_rename_shows_everywhere(db).await;
    }
}
