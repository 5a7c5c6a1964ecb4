//! Facilitation and history over the real server: the facilitator role, phases, the shared
//! timer, dot votes, follow-me, past states, diffs, sticky history and templates.

mod support;

use std::time::Duration;

use eventstorm_board::{Board, Event, evolve};
use eventstorm_protocol::board_view;
use eventstorm_server::Settings;
use serde_json::{Value, json};
use support::ws::Client;
use support::{Db, TestApp, add_note, spawn_app, spawn_app_with};
use uuid::Uuid;

async fn create(app: &TestApp, body: Value) -> Value {
    let (status, created) = app.post_raw("/api/boards", body.to_string()).await;
    assert_eq!(status, 201, "{created}");
    created
}

async fn join_as(app: &TestApp, board: &str, name: &str, key: Option<&str>) -> (Client, Value) {
    let mut c = Client::connect(&app.ws_url(board)).await;
    let mut join =
        json!({ "type": "join", "since": 0, "name": name, "client_id": format!("{name}-id") });
    if let Some(key) = key {
        join["facilitator_key"] = json!(key);
    }
    c.send(join).await;
    let welcome = c.next_of("welcome").await;
    (c, welcome)
}

#[tokio::test]
async fn only_the_facilitator_sets_a_phase_instruction_and_everyone_sees_it_in_the_board() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let created = create(&app, json!({ "title": "Workshop" })).await;
    let (board, key) = (
        created["id"].as_str().unwrap(),
        created["facilitator_key"].as_str().unwrap(),
    );
    let (mut lead, _) = join_as(&app, board, "Lead", Some(key)).await;
    let (mut ann, _) = join_as(&app, board, "Ann", None).await;
    let instruction = json!({
        "type": "set_phase_instruction",
        "phase": "chaotic_exploration",
        "text": "Orange stickies, past tense, no discussion yet."
    });
    let op = Uuid::new_v4();
    ann.command(op, instruction.clone()).await;
    assert_eq!(ann.outcome(op).await["error"], "forbidden");
    let op = Uuid::new_v4();
    lead.command(op, instruction).await;
    assert_eq!(lead.outcome(op).await["type"], "ack");
    assert_eq!(
        ann.next_of("event").await["event"],
        json!({
            "type": "phase_instruction_set",
            "phase": "chaotic_exploration",
            "text": "Orange stickies, past tense, no discussion yet.",
            "from": null
        })
    );
    assert_eq!(
        app.board(board).await["facilitation"]["instructions"],
        json!({ "chaotic_exploration": "Orange stickies, past tense, no discussion yet." })
    );
    // Too long is refused with its code.
    let body = json!({ "op_id": Uuid::new_v4(), "facilitator_key": key, "command": {
        "type": "set_phase_instruction", "phase": "chaotic_exploration", "text": "x".repeat(281) } });
    let (status, res) = app
        .post_raw(&format!("/api/boards/{board}/commands"), body.to_string())
        .await;
    assert_eq!(
        (status, res["error"].as_str()),
        (422, Some("text_too_long"))
    );
}

#[tokio::test]
async fn only_the_facilitator_runs_phases_timers_and_votes() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let created = create(&app, json!({ "title": "Workshop" })).await;
    let (board, key) = (
        created["id"].as_str().unwrap(),
        created["facilitator_key"].as_str().unwrap(),
    );
    assert_eq!(key.len(), 32);

    let (mut lead, welcome) = join_as(&app, board, "Lead", Some(key)).await;
    assert_eq!(welcome["facilitator"], true);
    let (mut ann, welcome) = join_as(&app, board, "Ann", Some("wrong key")).await;
    assert_eq!(welcome["facilitator"], false);

    let op = Uuid::new_v4();
    ann.command(
        op,
        json!({ "type": "set_phase", "phase": "enforce_the_timeline" }),
    )
    .await;
    assert_eq!(ann.outcome(op).await["error"], "forbidden");
    let op = Uuid::new_v4();
    lead.command(
        op,
        json!({ "type": "set_phase", "phase": "enforce_the_timeline" }),
    )
    .await;
    assert_eq!(lead.outcome(op).await["type"], "ack");
    let seen = ann.next_of("event").await;
    assert_eq!(
        seen["event"],
        json!({ "type": "phase_changed", "phase": "enforce_the_timeline", "from": null })
    );

    // Over HTTP the key goes in the body.
    let body = json!({ "op_id": Uuid::new_v4(), "command": { "type": "start_timer", "duration_ms": 60_000 } });
    let (status, _) = app
        .post_raw(&format!("/api/boards/{board}/commands"), body.to_string())
        .await;
    assert_eq!(status, 403);
    let body = json!({ "op_id": Uuid::new_v4(), "command": { "type": "start_timer", "duration_ms": 60_000 }, "facilitator_key": key });
    let (status, res) = app
        .post_raw(&format!("/api/boards/{board}/commands"), body.to_string())
        .await;
    assert_eq!(status, 200, "{res}");

    // A view-only link never facilitates, key or not.
    let (_, welcome) = join_as(
        &app,
        created["view_id"].as_str().unwrap(),
        "Viewer",
        Some(key),
    )
    .await;
    assert_eq!(welcome["facilitator"], false);
}

#[tokio::test]
async fn everyone_sees_the_same_timer_on_the_server_clock_even_when_joining_late() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let created = create(&app, json!({ "title": "Timer" })).await;
    let (board, key) = (
        created["id"].as_str().unwrap(),
        created["facilitator_key"].as_str().unwrap(),
    );
    let (mut lead, _) = join_as(&app, board, "Lead", Some(key)).await;
    let (mut ann, _) = join_as(&app, board, "Ann", None).await;
    let op = Uuid::new_v4();
    // The client's clock is ignored: the server stamps its own.
    lead.command(
        op,
        json!({ "type": "start_timer", "duration_ms": 300_000, "now_ms": 5 }),
    )
    .await;
    lead.outcome(op).await;
    let started = ann.next_of("event").await;
    let ends_at = started["event"]["timer"]["ends_at_ms"].as_i64().unwrap();
    let now = eventstorm_store::now_millis();
    assert!(
        (ends_at - (now + 300_000)).abs() < 5_000,
        "ends {ends_at}, now {now}"
    );

    let (_, late) = join_as(&app, board, "Late", None).await;
    let timer = &late["board"]["facilitation"]["timer"];
    assert_eq!(timer["ends_at_ms"].as_i64(), Some(ends_at));
    let remaining = ends_at - late["server_time"].as_i64().unwrap();
    assert!((295_000..=300_000).contains(&remaining), "{remaining}");

    let op = Uuid::new_v4();
    lead.command(op, json!({ "type": "pause_timer" })).await;
    lead.outcome(op).await;
    let paused = ann.next_of("event").await;
    assert_eq!(paused["event"]["timer"]["state"], "paused");
    let op = Uuid::new_v4();
    lead.command(op, json!({ "type": "add_time" })).await;
    lead.outcome(op).await;
    assert_eq!(ann.next_of("event").await["event"]["by_ms"], 60_000);
}

#[tokio::test]
async fn a_vote_with_three_dots_each_gives_the_right_totals() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let created = create(&app, json!({ "title": "Vote" })).await;
    let (board, key) = (
        created["id"].as_str().unwrap(),
        created["facilitator_key"].as_str().unwrap(),
    );
    let (h1, h2, o1) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    for (id, kind) in [(h1, "hotspot"), (h2, "hotspot"), (o1, "opportunity")] {
        assert_eq!(
            app.command(board, Uuid::new_v4(), add_note(id, kind, "?", 0.0, 0.0))
                .await
                .0,
            200
        );
    }
    let (mut lead, _) = join_as(&app, board, "Lead", Some(key)).await;
    let op = Uuid::new_v4();
    lead.command(
        op,
        json!({ "type": "open_vote", "id": Uuid::new_v4(), "dots_per_participant": 3 }),
    )
    .await;
    assert_eq!(lead.outcome(op).await["type"], "ack");

    let mut voters = Vec::new();
    for name in ["Ann", "Ben", "Cy"] {
        voters.push(join_as(&app, board, name, None).await.0);
    }
    let plan = [[h1, h1, o1], [h1, h2, h2], [h2, o1, h1]];
    for (voter, dots) in voters.iter_mut().zip(plan) {
        for note in dots {
            let op = Uuid::new_v4();
            // A forged voter is replaced by the connection's own identity.
            voter
                .command(
                    op,
                    json!({ "type": "place_dot", "note": note, "voter": "Lead-id" }),
                )
                .await;
            assert_eq!(voter.outcome(op).await["type"], "ack");
        }
        let op = Uuid::new_v4();
        voter
            .command(op, json!({ "type": "place_dot", "note": h1 }))
            .await;
        assert_eq!(voter.outcome(op).await["error"], "no_dots_left");
    }
    let op = Uuid::new_v4();
    lead.command(op, json!({ "type": "close_vote" })).await;
    lead.outcome(op).await;
    let vote = &app.board(board).await["facilitation"]["vote"];
    assert_eq!(vote["open"], false);
    let dots = vote["dots"].as_object().unwrap();
    assert_eq!(dots.len(), 3, "one entry per voter: {vote}");
    assert!(dots.keys().all(|k| k != "Lead-id"));
    let count = |id: Uuid| {
        dots.values()
            .flat_map(|d| d.as_array().unwrap())
            .filter(|d| **d == json!(id))
            .count()
    };
    assert_eq!((count(h1), count(h2), count(o1)), (4, 3, 2));
}

#[tokio::test]
async fn followers_get_viewports_and_the_facilitator_can_summon_everyone() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let created = create(&app, json!({ "title": "Follow" })).await;
    let (board, key) = (
        created["id"].as_str().unwrap(),
        created["facilitator_key"].as_str().unwrap(),
    );
    let (mut lead, welcome) = join_as(&app, board, "Lead", Some(key)).await;
    let lead_id = welcome["participant"]["id"].clone();
    let (mut ann, _) = join_as(&app, board, "Ann", None).await;
    lead.send(json!({ "type": "presence", "cursor": null, "selection": [], "viewport": { "x": 10, "y": 20, "zoom": 1.5 } })).await;
    let p = ann.next_of("presence").await;
    assert_eq!(
        (p["participant"].clone(), p["viewport"]["zoom"].as_f64()),
        (lead_id.clone(), Some(1.5))
    );
    lead.send(json!({ "type": "summon", "viewport": { "x": 400, "y": -50, "zoom": 0.8 } }))
        .await;
    let s = ann.next_of("summon").await;
    assert_eq!(
        (s["participant"].clone(), s["viewport"]["x"].as_f64()),
        (lead_id, Some(400.0))
    );
    assert!(s.get("frame").is_none());
    // Presenting: the frame goes along, for each screen to fit.
    let frame = Uuid::new_v4();
    lead.send(
        json!({ "type": "summon", "viewport": { "x": 1, "y": 2, "zoom": 1 }, "frame": frame }),
    )
    .await;
    assert_eq!(
        ann.next_of("summon").await["frame"],
        json!(frame.to_string())
    );
    ann.send(json!({ "type": "summon", "viewport": { "x": 0, "y": 0, "zoom": 1 } }))
        .await;
    assert_eq!(ann.next_of("error").await["error"], "forbidden");
    assert!(
        lead.quiet_for(Duration::from_millis(200))
            .await
            .iter()
            .all(|f| f["type"] != "summon")
    );
}

/// A recorded workshop: stickies, connectors, frames, edits, deletes, facilitation.
async fn workshop(app: &TestApp) -> (String, String) {
    let created = create(app, json!({ "title": "Recorded" })).await;
    let (board, key) = (
        created["id"].as_str().unwrap().to_owned(),
        created["facilitator_key"].as_str().unwrap().to_owned(),
    );
    let ids: Vec<Uuid> = (0..6).map(|_| Uuid::new_v4()).collect();
    let mut commands = vec![json!({ "type": "set_phase", "phase": "chaotic_exploration" })];
    for (i, id) in ids.iter().enumerate() {
        let kind = [
            "event",
            "command",
            "aggregate",
            "policy",
            "hotspot",
            "read_model",
        ][i];
        commands.push(add_note(
            *id,
            kind,
            &format!("Sticky {i}"),
            (i * 150) as f64,
            0.0,
        ));
    }
    commands.extend([
        json!({ "type": "add_connector", "id": Uuid::new_v4(), "from": ids[1], "to": ids[2] }),
        json!({ "type": "add_connector", "id": Uuid::new_v4(), "from": ids[2], "to": ids[0] }),
        json!({ "type": "edit_text", "id": ids[0], "text": "Order Placed" }),
        json!({ "type": "set_details", "id": ids[0], "details": { "fields": [{ "name": "orderId", "type": "uuid", "required": true }] } }),
        json!({ "type": "start_timer", "duration_ms": 600_000 }),
        json!({ "type": "move_notes", "moves": [{ "id": ids[3], "x": 500, "y": 300 }] }),
        json!({ "type": "open_vote", "id": Uuid::new_v4(), "dots_per_participant": 2 }),
        json!({ "type": "place_dot", "note": ids[4] }),
        json!({ "type": "delete_note", "id": ids[2] }),
        json!({ "type": "add_frame", "id": Uuid::new_v4(), "kind": "bounded_context", "name": "Sales", "x": -50, "y": -50, "w": 1200, "h": 600 }),
        json!({ "type": "restore_note", "id": ids[2] }),
        json!({ "type": "close_vote" }),
        json!({ "type": "edit_text", "id": ids[1], "text": "Place Order" }),
        json!({ "type": "set_details", "id": ids[0], "details": { "fields": [{ "name": "orderId", "type": "uuid", "required": true }, { "name": "total", "type": "money", "required": true }] } }),
        json!({ "type": "set_phase", "phase": "commands_and_actors" }),
    ]);
    for command in commands {
        let body = json!({
            "op_id": Uuid::new_v4(),
            "command": command,
            "facilitator_key": key,
            "participant_secret": "recorded-workshop-participant",
        });
        let (status, res) = app
            .post_raw(&format!("/api/boards/{board}/commands"), body.to_string())
            .await;
        assert_eq!(status, 200, "{res}");
    }
    (board, ids[0].to_string())
}

#[tokio::test]
async fn the_board_at_every_seq_equals_its_events_folded_up_to_that_seq() {
    // Small snapshot intervals, so past states come from snapshots plus tails.
    let settings = Settings {
        snapshot_every: 4,
        ..Settings::default()
    };
    let app = spawn_app_with(Db::fresh_sqlite(), settings).await;
    let (board, _) = workshop(&app).await;
    // Unload and reload so snapshots exist on disk, then ask for every seq.
    let events = app.all_events(&board).await;
    let mut folded = Board::default();
    for (i, e) in events.iter().enumerate() {
        evolve(
            &mut folded,
            &serde_json::from_value::<Event>(e["event"].clone()).unwrap(),
        );
        let seq = i as u64 + 1;
        let (status, served) = app.get(&format!("/api/boards/{board}?at={seq}")).await;
        assert_eq!(status, 200);
        assert_eq!(
            served,
            serde_json::to_value(board_view(&board, seq, &folded)).unwrap(),
            "at seq {seq}"
        );
    }
}

#[tokio::test]
async fn the_diff_of_two_moments_lists_exactly_the_changes_between_them() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let (board, _) = workshop(&app).await;
    // Before: events 1..=12 (sticky texts set, one field). After: the end.
    let (status, diff) = app.get(&format!("/api/boards/{board}/diff?from=12")).await;
    assert_eq!(status, 200, "{diff}");
    let changes = diff["changes"].as_array().unwrap();
    let find = |kind: &str, change: &str| {
        changes
            .iter()
            .filter(|c| c["kind"] == kind && c["change"] == change)
            .cloned()
            .collect::<Vec<_>>()
    };
    let renamed = find("command", "renamed");
    assert_eq!(renamed.len(), 1, "{diff}");
    assert_eq!(
        (
            renamed[0]["from_name"].as_str(),
            renamed[0]["name"].as_str()
        ),
        (Some("Sticky 1"), Some("Place Order"))
    );
    let changed = find("event", "changed");
    assert_eq!(changed.len(), 1, "{diff}");
    assert!(
        changed[0]["details"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d == "field total added"),
        "{diff}"
    );
    assert_eq!(find("bounded_context", "added").len(), 1);
    let (_, nothing) = app
        .get(&format!("/api/boards/{board}/diff?from=5&to=5"))
        .await;
    assert_eq!(nothing["changes"], json!([]));
    let (status, _) = app.get(&format!("/api/boards/{board}/diff?from=999")).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_stickys_history_lists_every_change_to_it_with_who_and_when() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let (board, event_note) = workshop(&app).await;
    let (status, history) = app
        .get(&format!("/api/boards/{board}/history?element={event_note}"))
        .await;
    assert_eq!(status, 200);
    let kinds: Vec<&str> = history["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "note_added",
            "connector_added",
            "note_text_edited",
            "note_details_changed",
            "note_deleted",
            "note_restored",
            "note_details_changed"
        ]
    );
    assert!(history["events"][0]["actor"].is_string() && history["events"][0]["at"].is_string());
}

#[tokio::test]
async fn a_board_can_start_from_the_worked_example() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let created = create(&app, json!({ "title": "Shop", "template": "order-flow" })).await;
    let design = create(
        &app,
        json!({ "title": "Library", "template": "software-design" }),
    )
    .await;
    let design = app.board(design["id"].as_str().unwrap()).await;
    assert_eq!(
        design["facilitation"]["phase"],
        "aggregates_and_bounded_contexts"
    );
    assert!(
        design["facilitation"]["instructions"]["aggregates_and_bounded_contexts"]
            .as_str()
            .unwrap()
            .starts_with("Software design:")
    );
    let board = app.board(created["id"].as_str().unwrap()).await;
    assert_eq!(board["title"], "Shop");
    assert_eq!(board["frames"].as_array().unwrap().len(), 2);
    assert!(board["notes"].as_array().unwrap().len() >= 15);
    assert!(created["facilitator_key"].is_string());
    let (status, body) = app
        .post_raw(
            "/api/boards",
            json!({ "title": "x", "template": "nope" }).to_string(),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unknown_template"))
    );
}

#[tokio::test]
async fn the_facilitator_locks_a_sticky_nobody_moves_it_until_they_unlock_it() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let created = create(&app, json!({ "title": "Locks" })).await;
    let (board, key) = (
        created["id"].as_str().unwrap(),
        created["facilitator_key"].as_str().unwrap(),
    );
    let note = Uuid::new_v4();
    app.command(
        board,
        Uuid::new_v4(),
        add_note(note, "event", "Paid", 0.0, 0.0),
    )
    .await;
    let (mut lead, _) = join_as(&app, board, "Lead", Some(key)).await;
    let (mut ann, _) = join_as(&app, board, "Ann", None).await;
    let lock = json!({ "type": "lock_elements", "ids": [note] });
    let op = Uuid::new_v4();
    ann.command(op, lock.clone()).await;
    assert_eq!(ann.outcome(op).await["error"], "forbidden");
    let op = Uuid::new_v4();
    lead.command(op, lock).await;
    assert_eq!(lead.outcome(op).await["type"], "ack");
    assert_eq!(
        ann.next_of("event").await["event"],
        json!({ "type": "elements_locked", "ids": [note] })
    );
    assert_eq!(
        app.board(board).await["facilitation"]["locked"],
        json!([note])
    );

    let mv = json!({ "type": "move_notes", "moves": [{ "id": note, "x": 300, "y": 0 }] });
    for who in [&mut ann, &mut lead] {
        let op = Uuid::new_v4();
        who.command(op, mv.clone()).await;
        let refused = who.outcome(op).await;
        assert_eq!(
            (refused["error"].as_str(), refused["retryable"].as_bool()),
            (Some("locked"), Some(false)),
            "{refused}"
        );
    }
    let op = Uuid::new_v4();
    lead.command(op, json!({ "type": "unlock_elements", "ids": [note] }))
        .await;
    assert_eq!(lead.outcome(op).await["type"], "ack");
    let op = Uuid::new_v4();
    ann.command(op, mv).await;
    assert_eq!(ann.outcome(op).await["type"], "ack");
    assert_eq!(app.board(board).await["notes"][0]["x"], 300.0);
}

#[tokio::test]
async fn a_vote_on_the_kinds_the_facilitator_picked_refuses_dots_on_other_kinds() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let created = create(&app, json!({ "title": "Kinds" })).await;
    let (board, key) = (
        created["id"].as_str().unwrap(),
        created["facilitator_key"].as_str().unwrap(),
    );
    let (event, hotspot, idea) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    for (id, kind) in [
        (event, "event"),
        (hotspot, "hotspot"),
        (idea, "opportunity"),
    ] {
        app.command(board, Uuid::new_v4(), add_note(id, kind, "?", 0.0, 0.0))
            .await;
    }
    let (mut lead, _) = join_as(&app, board, "Lead", Some(key)).await;
    let op = Uuid::new_v4();
    lead.command(
        op,
        json!({ "type": "open_vote", "id": Uuid::new_v4(), "dots_per_participant": 3,
                "kinds": ["event", "hotspot"] }),
    )
    .await;
    assert_eq!(lead.outcome(op).await["type"], "ack");
    assert_eq!(
        app.board(board).await["facilitation"]["vote"]["kinds"],
        json!(["event", "hotspot"])
    );
    let (mut ann, _) = join_as(&app, board, "Ann", None).await;
    for (note, answer) in [(event, "ack"), (hotspot, "ack"), (idea, "rejected")] {
        let op = Uuid::new_v4();
        ann.command(op, json!({ "type": "place_dot", "note": note }))
            .await;
        let outcome = ann.outcome(op).await;
        assert_eq!(outcome["type"], answer, "{outcome}");
        if answer == "rejected" {
            assert_eq!(outcome["error"], "not_votable");
        }
    }
}
