//! Backups of long logs, from the real binary: a 100,000-event board's backup is served (and
//! written by `eventstorm backup`) while the server's memory grows by less than a fixed bound,
//! far below the document's size; the document holds every event, and a streamed backup still
//! imports. On both backends.

mod long_log;
mod support;

use std::process::Command;
use std::time::Instant;

use eventstorm_server::store_select::open_store;
use long_log::{long_board, memory_kib};
use serde_json::Value;
use support::Db;
use support::process::ServerProcess;
use support::scenarios::bounded;

/// Events in the long board, as the issue asks: the log length users reach.
const EVENTS: u64 = 100_000;
/// The most the server's resident memory may grow while serving the backup. The document is
/// about 55 MB; building it in memory (as before) takes several times that.
const RSS_GROWTH_BOUND_MIB: u64 = 24;

/// Downloads the backup into a file, chunk by chunk, and returns the file's text.
async fn download(server: &ServerProcess, board: &str, to: &std::path::Path) -> String {
    let mut res = reqwest::get(server.url(&format!("/api/boards/{board}/backup")))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let mut file = Vec::new();
    while let Some(chunk) = res.chunk().await.unwrap() {
        file.extend_from_slice(&chunk);
    }
    std::fs::write(to, &file).unwrap();
    String::from_utf8(file).unwrap()
}

fn check_document(text: &str, events: u64) {
    let doc: Value = serde_json::from_str(text).expect("the backup is one JSON document");
    assert_eq!(doc["format"], "eventstorm.backup/v1");
    assert_eq!(doc["title"], "Long log");
    assert_eq!(doc["seq"], events);
    let list = doc["events"].as_array().unwrap();
    assert_eq!(list.len() as u64, events);
    for (i, e) in list.iter().enumerate() {
        assert_eq!(e["seq"], i as u64 + 1);
    }
    assert_eq!(list[1]["event"]["type"], "note_added");
    assert_eq!(list.last().unwrap()["event"]["type"], "note_text_edited");
}

async fn a_long_backup_streams_in_bounded_memory(db: Db) {
    bounded(600, async {
        let url = db.url();
        let store = open_store(&url, false).await.unwrap().store;
        let started = Instant::now();
        let board = long_board(&store, EVENTS).await;
        let small = long_board(&store, 1_200).await;
        println!("wrote {EVENTS} events in {:.1} s", started.elapsed().as_secs_f64());
        let server = ServerProcess::start(&url).await;
        let pid = server.pid();
        // Warm up: the same code path on a small board, so the baseline has it.
        let warm = download(&server, small.as_str(), &server.dir.join("small.json")).await;
        check_document(&warm, 1_200);
        let before = memory_kib(pid, "VmRSS:");
        let started = Instant::now();
        let text = download(&server, board.as_str(), &server.dir.join("long.json")).await;
        let took = started.elapsed();
        let peak = memory_kib(pid, "VmHWM:");
        let growth_mib = peak.saturating_sub(before) / 1024;
        println!(
            "backup of {EVENTS} events: {:.1} MB in {:.2} s; server RSS {} MiB before, peak {} MiB (growth at most {growth_mib} MiB, bound {RSS_GROWTH_BOUND_MIB} MiB)",
            text.len() as f64 / 1e6,
            took.as_secs_f64(),
            before / 1024,
            peak / 1024,
        );
        check_document(&text, EVENTS);
        assert!(
            (text.len() as u64) > 2 * RSS_GROWTH_BOUND_MIB * 1024 * 1024,
            "the document is far larger than the bound"
        );
        assert!(
            growth_mib < RSS_GROWTH_BOUND_MIB,
            "the server grew by up to {growth_mib} MiB serving a backup"
        );

        // The command line writes the same document.
        let out = server.dir.join("cli.json");
        let cli = Command::new(env!("CARGO_BIN_EXE_eventstorm"))
            .env("DATABASE_URL", &url)
            .env("EVENTSTORM_LOG", "warn")
            .args(["backup", board.as_str(), "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(cli.status.success(), "{}", String::from_utf8_lossy(&cli.stderr));
        assert!(std::fs::read_to_string(&out).unwrap() == text, "the CLI writes the same backup");
        let missing = Command::new(env!("CARGO_BIN_EXE_eventstorm"))
            .env("DATABASE_URL", &url)
            .args(["backup", "0123456789abcdef0123456789abcdef"])
            .output()
            .unwrap();
        assert!(!missing.status.success());
        assert!(String::from_utf8_lossy(&missing.stderr).contains("no such board"));

        // A streamed backup, sent as it came, imports as the same board.
        let res = reqwest::Client::new()
            .post(server.url("/api/boards/import"))
            .body(warm)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let created: Value = res.json().await.unwrap();
        let view = |id: String| {
            let url = server.url(&format!("/api/boards/{id}"));
            async move { reqwest::get(url).await.unwrap().json::<Value>().await.unwrap() }
        };
        let imported = view(created["id"].as_str().unwrap().to_owned()).await;
        let original = view(small.as_str().to_owned()).await;
        assert_eq!(imported["notes"], original["notes"]);
        assert_eq!(imported["seq"], 1_200);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_long_backup_streams_in_bounded_memory() {
    a_long_backup_streams_in_bounded_memory(Db::fresh_sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn postgres_a_long_backup_streams_in_bounded_memory() {
    if let Some(db) = Db::fresh_postgres().await {
        a_long_backup_streams_in_bounded_memory(db).await;
    }
}
