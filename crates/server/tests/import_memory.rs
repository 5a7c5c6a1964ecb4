//! An import's memory is a fixed multiple of its body, from the real binary: a 40,000-event
//! backup (about 26 MB) is imported while the server's RSS peak grows by less than four times
//! the body, where a JSON tree of the document alone took several times that. The imported
//! board equals the original.

mod long_log;
mod support;

use eventstorm_server::store_select::open_store;
use long_log::{long_board, memory_kib};
use serde_json::Value;
use support::Db;
use support::process::ServerProcess;
use support::scenarios::bounded;

const EVENTS: u64 = 40_000;
/// Growth of the server's RSS peak over its RSS before, as a multiple of the body: the body,
/// the checked events and the ops written from them, and the allocator's slack.
const GROWTH_BOUND_TIMES_BODY: f64 = 4.0;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_holds_a_fixed_multiple_of_its_body() {
    bounded(600, async {
        let db = Db::fresh_sqlite();
        let url = db.url();
        let store = open_store(&url, false).await.unwrap().store;
        let board = long_board(&store, EVENTS).await;
        drop(store);
        let server = ServerProcess::start(&url).await;
        let http = reqwest::Client::new();
        let backup = http
            .get(server.url(&format!("/api/boards/{}/backup", board.as_str())))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let before = memory_kib(server.pid(), "VmRSS:");
        let res = http
            .post(server.url("/api/boards/import"))
            .body(backup.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let peak = memory_kib(server.pid(), "VmHWM:");
        let created: Value = res.json().await.unwrap();
        assert_eq!(created["seq"], EVENTS);
        let growth = peak.saturating_sub(before) as f64 * 1024.0;
        let times = growth / backup.len() as f64;
        println!(
            "import of {EVENTS} events ({:.1} MB): server RSS {} MiB before, peak {} MiB: growth {:.1} MiB, {times:.2} times the body (bound {GROWTH_BOUND_TIMES_BODY})",
            backup.len() as f64 / 1e6,
            before / 1024,
            peak / 1024,
            growth / 1024.0 / 1024.0
        );
        assert!(
            times < GROWTH_BOUND_TIMES_BODY,
            "an import grew the server by {times:.2} times its body"
        );
        let view = |id: String| {
            let url = server.url(&format!("/api/boards/{id}"));
            async move { reqwest::get(url).await.unwrap().json::<Value>().await.unwrap() }
        };
        let imported = view(created["id"].as_str().unwrap().to_owned()).await;
        let original = view(board.as_str().to_owned()).await;
        assert_eq!(imported["notes"], original["notes"]);
    })
    .await;
}
