//! Boards at the sizes workshops reach: hundreds of 4,000-character stickies, the 10,000-element
//! limit with full details, a sticky with thousands of connectors, and the byte budget. The
//! real server on a real port, clients over real sockets.

mod support;

use std::time::Duration;

use eventstorm_server::Settings;
use serde_json::{Value, json};
use support::process::ServerProcess;
use support::ws::Client;
use support::{Db, TestApp, spawn_app_with};
use uuid::Uuid;

/// A server that lets one connection seed a big board quickly.
fn seeding_settings() -> Settings {
    Settings {
        command_rate: 100_000,
        command_burst: 100_000,
        ..Settings::default()
    }
}

/// Full details: a description, five described payload fields, a retry policy.
fn full_details(i: usize) -> Value {
    let fields: Vec<Value> = (0..5)
        .map(|f| json!({ "name": format!("field{f}"), "type": "string", "required": true, "description": "d".repeat(100) }))
        .collect();
    json!({
        "description": format!("{i} {}", "w".repeat(400)),
        "fields": fields,
        "pivotal": i.is_multiple_of(7),
    })
}

fn note(id: Uuid, text: &str, i: usize, details: Option<Value>) -> Value {
    let mut n = json!({
        "type": "add_note", "id": id, "kind": "event", "text": text,
        "x": (i % 100) as f64 * 160.0, "y": (i / 100) as f64 * 120.0,
    });
    if let Some(d) = details {
        n["details"] = d;
    }
    n
}

/// Sends the commands over one socket, at most `window` unanswered at a time, and waits for
/// every answer; panics on a rejection.
async fn send_all(c: &mut Client, commands: Vec<Value>) {
    const WINDOW: usize = 500;
    let ops: Vec<Uuid> = commands.iter().map(|_| Uuid::new_v4()).collect();
    let mut answered = 0;
    for (i, (op, cmd)) in ops.iter().zip(commands).enumerate() {
        c.command(*op, cmd).await;
        if i + 1 >= WINDOW {
            let v = c.outcome(ops[answered]).await;
            assert_eq!(v["type"], "ack", "{v}");
            answered += 1;
        }
    }
    for op in &ops[answered..] {
        let v = c.outcome(*op).await;
        assert_eq!(v["type"], "ack", "{v}");
    }
}

/// A board with `n` notes of `text_len` characters (with full details when asked).
async fn seeded(app: &TestApp, n: usize, text_len: usize, details: bool) -> (String, Vec<Uuid>) {
    let board = app.create_board("Big picture").await;
    let (mut seeder, _) = Client::join(&app.ws_url(&board), "Seeder", 0).await;
    let ids: Vec<Uuid> = (0..n).map(|_| Uuid::new_v4()).collect();
    // Distinct texts (the spec merges cards with one name), half of them two-byte characters.
    let text = |i: usize| {
        let head = format!("{i:05} ");
        let rest = text_len - head.len();
        head + &"é".repeat(rest / 2) + &"e".repeat(rest - rest / 2)
    };
    let commands = ids
        .iter()
        .enumerate()
        .map(|(i, id)| note(*id, &text(i), i, details.then(|| full_details(i))))
        .collect();
    send_all(&mut seeder, commands).await;
    (board, ids)
}

/// Joins from scratch and checks the joiner has every sticky, then sees a live edit.
async fn join_and_follow(app: &TestApp, board: &str, ids: &[Uuid], text_len: usize) {
    let (mut joiner, welcome) = Client::join(&app.ws_url(board), "Late", 0).await;
    let notes = welcome["board"]["notes"]
        .as_array()
        .expect("the board arrived");
    assert_eq!(notes.len(), ids.len());
    // Every sticky whole (the first may carry an earlier run's live edit).
    assert!(
        notes[1..]
            .iter()
            .all(|n| n["text"].as_str().unwrap().chars().count() == text_len)
    );
    let (mut editor, _) = Client::join(&app.ws_url(board), "Editor", 0).await;
    let op = Uuid::new_v4();
    let text = format!("Room Chosen {op}");
    editor
        .command(
            op,
            json!({ "type": "edit_text", "id": ids[0], "text": text }),
        )
        .await;
    assert_eq!(editor.outcome(op).await["type"], "ack");
    let live = joiner.next_of("event").await;
    assert_eq!(live["event"]["text"], text);
}

async fn long_texts_board_opens_everywhere(db: Db) {
    let app = spawn_app_with(db, seeding_settings()).await;
    let (board, ids) = seeded(&app, 300, 4_000, false).await;
    join_and_follow(&app, &board, &ids, 4_000).await;

    let state = app.board(&board).await;
    assert_eq!(state["notes"].as_array().unwrap().len(), 300);
    for format in ["json", "markdown", "asyncapi"] {
        let (status, body) = app
            .get(&format!("/api/boards/{board}/export?format={format}"))
            .await;
        assert_eq!(status, 200, "{format}");
        assert!(body.to_string().len() > 300 * 1_000, "{format}");
    }

    // A server started afresh loads it from the store and serves it just the same.
    let db = app.stop().await;
    let app = spawn_app_with(db, seeding_settings()).await;
    join_and_follow(&app, &board, &ids, 4_000).await;
}

#[tokio::test]
async fn a_board_of_300_stickies_of_4000_characters_opens_on_sqlite() {
    long_texts_board_opens_everywhere(Db::fresh_sqlite()).await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn a_board_of_300_stickies_of_4000_characters_opens_on_postgres() {
    if let Some(db) = Db::fresh_postgres().await {
        long_texts_board_opens_everywhere(db).await;
    }
}

async fn element_limit_board_opens(db: Db) {
    let app = spawn_app_with(db, seeding_settings()).await;
    let (board, ids) = seeded(&app, 10_000, 40, true).await;
    join_and_follow(&app, &board, &ids, 40).await;
    let state = app.board(&board).await;
    assert_eq!(state["notes"].as_array().unwrap().len(), 10_000);
    assert_eq!(
        state["notes"][9_999]["details"]["fields"][4]["name"],
        "field4"
    );
    let (status, _) = app
        .get(&format!("/api/boards/{board}/export?format=json"))
        .await;
    assert_eq!(status, 200);

    // One more element is past the limit.
    let (mut c, _) = Client::join(&app.ws_url(&board), "Over", 0).await;
    let op = Uuid::new_v4();
    c.command(op, note(Uuid::new_v4(), "One Too Many", 0, None))
        .await;
    assert_eq!(c.outcome(op).await["error"], "too_many_elements");
}

#[tokio::test]
async fn a_board_at_the_element_limit_with_full_details_opens_on_sqlite() {
    element_limit_board_opens(Db::fresh_sqlite()).await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn a_board_at_the_element_limit_with_full_details_opens_on_postgres() {
    if let Some(db) = Db::fresh_postgres().await {
        element_limit_board_opens(db).await;
    }
}

#[tokio::test]
async fn deleting_a_sticky_with_2000_connectors_keeps_every_watcher_open_and_consistent() {
    let app = spawn_app_with(Db::fresh_sqlite(), seeding_settings()).await;
    let (board, ids) = seeded(&app, 2_001, 20, false).await;
    let hub = ids[0];
    let (mut seeder, _) = Client::join(&app.ws_url(&board), "Wirer", 0).await;
    let connectors = ids[1..]
        .iter()
        .map(|other| json!({ "type": "add_connector", "id": Uuid::new_v4(), "from": hub, "to": other }))
        .collect();
    send_all(&mut seeder, connectors).await;
    let mut watchers = Vec::new();
    for name in ["Ann", "Ben", "Cleo"] {
        watchers.push(Client::join(&app.ws_url(&board), name, 0).await.0);
    }

    let op = Uuid::new_v4();
    seeder
        .command(op, json!({ "type": "delete_note", "id": hub }))
        .await;
    assert_eq!(seeder.outcome(op).await["type"], "ack");
    for w in &mut watchers {
        let deleted = w.next_of("event").await;
        assert_eq!(deleted["event"]["type"], "note_deleted");
        assert_eq!(
            deleted["event"]["connectors"].as_array().unwrap().len(),
            2_000
        );
    }
    // Restoring brings the same large event back; every watcher follows, then one more edit.
    let op = Uuid::new_v4();
    seeder
        .command(op, json!({ "type": "restore_note", "id": hub }))
        .await;
    assert_eq!(seeder.outcome(op).await["type"], "ack");
    let op = Uuid::new_v4();
    seeder
        .command(op, json!({ "type": "edit_text", "id": hub, "text": "Hub" }))
        .await;
    assert_eq!(seeder.outcome(op).await["type"], "ack");
    for w in &mut watchers {
        let restored = w.next_of("event").await;
        assert_eq!(restored["event"]["type"], "note_restored");
        assert_eq!(
            restored["event"]["connectors"].as_array().unwrap().len(),
            2_000
        );
        assert_eq!(w.next_of("event").await["event"]["text"], "Hub");
        assert_eq!(w.seq, seeder.seq);
    }
    let state = app.board(&board).await;
    assert_eq!(state["connectors"].as_array().unwrap().len(), 2_000);
}

#[tokio::test]
async fn add_and_delete_cycles_are_refused_with_board_full_before_the_budget_is_passed() {
    let settings = Settings {
        limits: eventstorm_board::Limits {
            max_board_bytes: 64 * 1024,
            ..eventstorm_board::Limits::default()
        },
        ..seeding_settings()
    };
    let app = spawn_app_with(Db::fresh_sqlite(), settings).await;
    let board = app.create_board("Cycles").await;
    let (mut c, _) = Client::join(&app.ws_url(&board), "Cycler", 0).await;
    let text = "x".repeat(4_000);
    let mut refused = None;
    for cycle in 0..2_000 {
        let id = Uuid::new_v4();
        let op = Uuid::new_v4();
        c.command(op, note(id, &text, 0, Some(json!({ "description": text }))))
            .await;
        let added = c.outcome(op).await;
        if added["type"] == "rejected" {
            refused = Some((cycle, added));
            break;
        }
        let op = Uuid::new_v4();
        c.command(op, json!({ "type": "delete_note", "id": id }))
            .await;
        assert_eq!(c.outcome(op).await["type"], "ack");
    }
    let (cycle, rejection) = refused.expect("the budget stops the cycles");
    assert_eq!(rejection["error"], "board_full", "{rejection}");
    assert_eq!(rejection["retryable"], false);
    assert!(
        rejection["message"].as_str().unwrap().contains("Delete"),
        "the message says what to do: {rejection}"
    );
    // Kept deleted stickies and their ids filled it: about a thousand cycles, not two.
    assert!(cycle > 500, "refused after {cycle} cycles");
    let before = app.board(&board).await;
    let op = Uuid::new_v4();
    c.command(
        op,
        note(
            Uuid::new_v4(),
            &text,
            0,
            Some(json!({ "description": text })),
        ),
    )
    .await;
    assert_eq!(c.outcome(op).await["error"], "board_full");
    assert_eq!(
        app.board(&board).await,
        before,
        "a refused command changes nothing"
    );
}

/// Resident memory of a process, from /proc, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[tokio::test]
async fn a_board_filled_to_its_budget_keeps_the_server_within_six_times_the_budget() {
    const BUDGET: u64 = 16 * 1024 * 1024;
    let budget = BUDGET.to_string();
    let mut server = ServerProcess::start_with(
        &support::process::fresh_sqlite_url(),
        &[
            ("EVENTSTORM_MAX_BOARD_BYTES", budget.as_str()),
            ("EVENTSTORM_COMMAND_RATE", "100000"),
            ("EVENTSTORM_COMMAND_BURST", "100000"),
        ],
    )
    .await;
    let http = reqwest::Client::new();
    let board = support::process::create_board(&http, &server.base(), "Churn").await;
    let (mut c, _) = Client::join(&server.ws_url(&board), "Churner", 0).await;
    let rss_before = rss_kib(server.pid());
    let text = "x".repeat(4_000);
    // 2,000 add / describe / delete cycles of an 8 KB sticky...
    let mut commands = Vec::new();
    for _ in 0..2_000 {
        let id = Uuid::new_v4();
        commands.push(note(id, &text, 0, None));
        commands
            .push(json!({ "type": "set_details", "id": id, "details": { "description": text } }));
        commands.push(json!({ "type": "delete_note", "id": id }));
    }
    send_all(&mut c, commands).await;
    let after_cycles = rss_kib(server.pid());
    // ...then 8 KB stickies until the board is full.
    let mut added = 0;
    loop {
        let op = Uuid::new_v4();
        c.command(
            op,
            note(
                Uuid::new_v4(),
                &text,
                added,
                Some(json!({ "description": text })),
            ),
        )
        .await;
        let v = c.outcome(op).await;
        if v["type"] == "rejected" {
            assert_eq!(v["error"], "board_full");
            break;
        }
        added += 1;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_full = rss_kib(server.pid());
    let grown = rss_full.saturating_sub(rss_before) * 1024;
    eprintln!(
        "budget {} MiB: RSS {} -> {} KiB after 2,000 cycles -> {} KiB with {added} stickies (grew {:.1}x the budget)",
        BUDGET >> 20,
        rss_before,
        after_cycles,
        rss_full,
        grown as f64 / BUDGET as f64
    );
    assert!(added > 1_000, "about 16 MiB of 8 KB stickies: {added}");
    // Churn leaves no growing board behind: what it costs is caches and the allocator's
    // high-water mark, not the deleted stickies (2,000 x 8 KB would be 16 MiB on its own).
    assert!(
        after_cycles.saturating_sub(rss_before) * 1024 < 3 * BUDGET,
        "churn: {rss_before} -> {after_cycles} KiB"
    );
    // The board itself, a snapshot being encoded and its copies in the database driver, the
    // recent events, and the allocator's high-water mark: within six times the budget.
    assert!(
        grown < 6 * BUDGET,
        "RSS grew {grown} bytes for a {BUDGET}-byte budget"
    );
    server.terminate().await;
}
