//! Dot votes that nobody can cast in someone else's name, and that nobody can read before
//! they close: participant identity derived from a per-browser secret, and secret ballots.

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{Value, json};
use support::ws::{Client, participant_secret};
use support::{Db, TestApp, add_note, spawn_app};
use uuid::Uuid;

/// A board with hotspots to vote on; returns (board, facilitator key, notes).
async fn board_with_hotspots(app: &TestApp, n: usize) -> (String, String, Vec<Uuid>) {
    let (status, created) = app
        .post_raw("/api/boards", json!({ "title": "Ballot" }).to_string())
        .await;
    assert_eq!(status, 201);
    let board = created["id"].as_str().unwrap().to_owned();
    let key = created["facilitator_key"].as_str().unwrap().to_owned();
    let mut notes = Vec::new();
    for i in 0..n {
        let id = Uuid::new_v4();
        let (status, _) = app
            .command(
                &board,
                Uuid::new_v4(),
                add_note(id, "hotspot", &format!("H{i}"), 0.0, 0.0),
            )
            .await;
        assert_eq!(status, 200);
        notes.push(id);
    }
    (board, key, notes)
}

async fn join(app: &TestApp, board: &str, join: Value) -> (Client, Value) {
    let mut c = Client::connect(&app.ws_url(board)).await;
    c.send(join).await;
    let welcome = c.next_of("welcome").await;
    (c, welcome)
}

async fn run(c: &mut Client, command: Value) -> Value {
    let op = Uuid::new_v4();
    c.command(op, command).await;
    c.outcome(op).await
}

/// Every string in a JSON value (keys too).
fn strings(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) => {
            out.insert(s.clone());
            // "Name (id)" actors: the id on its own too.
            if let Some((_, rest)) = s.rsplit_once('(') {
                out.insert(rest.trim_end_matches(')').to_owned());
            }
        }
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                strings(v, out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn nobody_can_place_or_remove_dots_as_someone_else() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let (board, key, notes) = board_with_hotspots(&app, 2).await;
    let (mut lead, _) = join(
        &app,
        &board,
        json!({ "type": "join", "name": "Lead", "facilitator_key": key, "participant_secret": participant_secret("Lead") }),
    )
    .await;
    let vote_id = Uuid::new_v4();
    let opened = run(
        &mut lead,
        json!({ "type": "open_vote", "id": vote_id, "dots_per_participant": 2 }),
    )
    .await;
    assert_eq!(opened["type"], "ack");

    // Eve watches everything from the start.
    let (mut eve, eve_welcome) = join(&app, &board, json!({ "type": "join", "name": "Eve" })).await;
    let mut seen = Vec::new();
    seen.push(eve_welcome);

    let (mut ann, ann_welcome) = join(
        &app,
        &board,
        json!({ "type": "join", "name": "Ann", "client_id": "ann-browser", "participant_secret": participant_secret("Ann") }),
    )
    .await;
    let ann_id = ann_welcome["participant"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(ann_id.len(), 16);
    assert!(
        !ann_welcome.to_string().contains(&participant_secret("Ann")),
        "the secret is never sent back"
    );
    for note in [notes[0], notes[1]] {
        assert_eq!(
            run(&mut ann, json!({ "type": "place_dot", "note": note })).await["type"],
            "ack"
        );
    }
    ann.send(json!({ "type": "presence", "cursor": { "x": 1, "y": 2 }, "selection": [] }))
        .await;
    seen.extend(eve.quiet_for(Duration::from_millis(400)).await);
    let (status, events) = app.get(&format!("/api/boards/{board}/events")).await;
    assert_eq!(status, 200);
    seen.push(events);
    seen.push(app.board(&board).await);

    let mut identifiers = BTreeSet::new();
    for frame in &seen {
        strings(frame, &mut identifiers);
    }
    assert!(
        identifiers.contains(&ann_id),
        "Ann's public id is visible: {identifiers:?}"
    );
    assert!(!identifiers.contains(&participant_secret("Ann")));

    // Eve joins again under every identifier she saw, as a secret and as a client id, and
    // tries to take Ann's dots away and to vote in her name.
    for id in &identifiers {
        let (mut fake, _) = join(
            &app,
            &board,
            json!({ "type": "join", "name": "Ann", "client_id": id, "participant_secret": id }),
        )
        .await;
        for note in [notes[0], notes[1]] {
            let r = run(
                &mut fake,
                json!({ "type": "remove_dot", "note": note, "voter": ann_id }),
            )
            .await;
            assert_eq!(r["error"], "no_dot_here", "as {id:?}: {r}");
        }
        // Over HTTP: no secret, a forged voter or actor, Ann's public id as the secret.
        let body = json!({ "op_id": Uuid::new_v4(), "command": { "type": "remove_dot", "note": notes[0], "voter": ann_id }, "actor": id });
        let (status, res) = app
            .post_raw(&format!("/api/boards/{board}/commands"), body.to_string())
            .await;
        assert_eq!(
            (status, res["error"].as_str()),
            (403, Some("forbidden")),
            "{res}"
        );
        let body = json!({ "op_id": Uuid::new_v4(), "command": { "type": "remove_dot", "note": notes[0] }, "participant_secret": id });
        let (status, res) = app
            .post_raw(&format!("/api/boards/{board}/commands"), body.to_string())
            .await;
        assert!(
            status == 403 || res["error"] == "no_dot_here",
            "as {id:?}: {status} {res}"
        );
    }
    // A dot placed over HTTP with no secret is refused; with one it is the secret holder's.
    let body = json!({ "op_id": Uuid::new_v4(), "command": { "type": "place_dot", "note": notes[0] }, "actor": format!("Ann ({ann_id})") });
    let (status, res) = app
        .post_raw(&format!("/api/boards/{board}/commands"), body.to_string())
        .await;
    assert_eq!((status, res["error"].as_str()), (403, Some("forbidden")));
    let body = json!({ "op_id": Uuid::new_v4(), "command": { "type": "place_dot", "note": notes[1] }, "participant_secret": participant_secret("Ann") });
    let (status, res) = app
        .post_raw(&format!("/api/boards/{board}/commands"), body.to_string())
        .await;
    assert_eq!(
        (status, res["error"].as_str()),
        (422, Some("no_dots_left")),
        "Ann's own secret is Ann: {res}"
    );

    assert_eq!(
        run(&mut lead, json!({ "type": "close_vote" })).await["type"],
        "ack"
    );
    let vote = &app.board(&board).await["facilitation"]["vote"];
    assert_eq!(
        vote["dots"][&ann_id],
        json!([notes[0], notes[1]]),
        "Ann's dots are intact: {vote}"
    );
}
