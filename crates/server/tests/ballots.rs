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
    Client::join_with(&app.ws_url(board), join).await
}

async fn run(c: &mut Client, command: Value) -> Value {
    c.run(command).await
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

/// Where a participant may see dots during an open vote: nowhere but on their own.
fn assert_reveals_only_own_dots(frame: &Value, me: &str, context: &str) {
    match frame {
        Value::Object(map) => {
            if matches!(
                map.get("type").and_then(Value::as_str),
                Some("dot_placed" | "dot_removed")
            ) {
                assert_eq!(
                    map["voter"], me,
                    "{context}: another's dot event reached {me}: {frame}"
                );
            }
            if map.get("open") == Some(&json!(true))
                && let Some(Value::Object(dots)) = map.get("dots")
            {
                for (voter, notes) in dots {
                    assert!(
                        voter == me || notes.as_array().is_some_and(|n| n.is_empty()),
                        "{context}: {me} sees {voter}'s dots: {frame}"
                    );
                }
            }
            map.values()
                .for_each(|v| assert_reveals_only_own_dots(v, me, context));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|v| assert_reveals_only_own_dots(v, me, context)),
        _ => {}
    }
}

/// Runs a command, keeping every frame the client receives until its outcome.
async fn run_seen(c: &mut Client, command: Value, seen: &mut Vec<Value>) -> Value {
    let op = Uuid::new_v4();
    c.command(op, command).await;
    loop {
        let v = c.next().await.expect("socket open");
        seen.push(v.clone());
        if (v["type"] == "ack" || v["type"] == "rejected") && v["op_id"] == op.to_string() {
            return v;
        }
    }
}

async fn secret_ballot(db: Db) {
    let app = support::spawn_app(db).await;
    let (board, key, notes) = board_with_hotspots(&app, 3).await;
    let joined = |name: &'static str, facilitator: bool| {
        let mut j =
            json!({ "type": "join", "name": name, "participant_secret": participant_secret(name) });
        if facilitator {
            j["facilitator_key"] = json!(key);
        }
        j
    };
    let (mut lead, lead_welcome) = join(&app, &board, joined("Lead", true)).await;
    let (mut ann, ann_welcome) = join(&app, &board, joined("Ann", false)).await;
    let (mut ben, ben_welcome) = join(&app, &board, joined("Ben", false)).await;
    let id = |w: &Value| w["participant"]["id"].as_str().unwrap().to_owned();
    let (lead_id, ann_id, ben_id) = (id(&lead_welcome), id(&ann_welcome), id(&ben_welcome));

    let vote_id = Uuid::new_v4();
    assert_eq!(
        run(
            &mut lead,
            json!({ "type": "open_vote", "id": vote_id, "dots_per_participant": 2 })
        )
        .await["type"],
        "ack"
    );
    // Ann: two dots on the first sticky. Ben: one on the second, moved to the third, and one
    // more on the third. Each sees their own dots in full.
    let (mut ann_seen, mut ben_seen) = (Vec::new(), Vec::new());
    for note in [notes[0], notes[0]] {
        let command = json!({ "type": "place_dot", "note": note });
        assert_eq!(
            run_seen(&mut ann, command, &mut ann_seen).await["type"],
            "ack"
        );
    }
    for command in [
        json!({ "type": "place_dot", "note": notes[1] }),
        json!({ "type": "remove_dot", "note": notes[1] }),
        json!({ "type": "place_dot", "note": notes[2] }),
        json!({ "type": "place_dot", "note": notes[2] }),
    ] {
        assert_eq!(
            run_seen(&mut ben, command, &mut ben_seen).await["type"],
            "ack"
        );
    }
    let head = app.board(&board).await["seq"].as_u64().unwrap();

    let mut frames: Vec<(String, Value, String)> = Vec::new();
    let live = |who: &String, seen: Vec<Value>| {
        seen.into_iter()
            .map(|f| (who.clone(), f, "live".to_owned()))
            .collect::<Vec<_>>()
    };
    frames.extend(live(&ann_id, ann_seen));
    frames.extend(live(&ben_id, ben_seen));
    for (who, c) in [
        (&lead_id, &mut lead),
        (&ann_id, &mut ann),
        (&ben_id, &mut ben),
    ] {
        for f in c.events_until(head).await {
            frames.push((who.clone(), f, "live".into()));
        }
        for f in c.quiet_for(Duration::from_millis(100)).await {
            frames.push((who.clone(), f, "live".into()));
        }
    }
    // The facilitator counts voters, without seeing where their dots are.
    let voters: BTreeSet<String> = frames
        .iter()
        .filter(|(who, f, _)| *who == lead_id && f["event"]["type"] == "dot_hidden")
        .map(|(_, f, _)| f["event"]["voter"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(voters, BTreeSet::from([ann_id.clone(), ben_id.clone()]));
    let ann_own: Vec<&Value> = frames
        .iter()
        .filter(|(who, f, _)| *who == ann_id && f["event"]["type"] == "dot_placed")
        .map(|(_, f, _)| f)
        .collect();
    assert_eq!(
        ann_own.len(),
        2,
        "Ann sees her own dots: {:?}",
        frames
            .iter()
            .filter(|(w, _, _)| *w == ann_id)
            .map(|(_, f, _)| f.to_string())
            .collect::<Vec<_>>()
    );

    // Joining mid-vote, from scratch or catching up, and reading over HTTP.
    let (mut cy, cy_welcome) = join(&app, &board, joined("Cy", false)).await;
    let cy_id = id(&cy_welcome);
    frames.push((cy_id.clone(), cy_welcome, "join".into()));
    frames.extend(
        cy.quiet_for(Duration::from_millis(100))
            .await
            .into_iter()
            .map(|f| (cy_id.clone(), f, "join".into())),
    );
    let mut back = joined("Ann", false);
    back["since"] = json!(head - 3);
    let (mut ann_again, ann_back) = join(&app, &board, back).await;
    assert_eq!(
        ann_back["participant"]["id"], ann_id,
        "the same secret is the same participant"
    );
    let ann_view = serde_json::to_string(&ann_back).unwrap();
    frames.push((ann_id.clone(), ann_back, "rejoin".into()));
    assert!(
        ann_view.contains(&notes[0].to_string()),
        "Ann's own dots come back with her: {ann_view}"
    );
    frames.extend(
        ann_again
            .quiet_for(Duration::from_millis(100))
            .await
            .into_iter()
            .map(|f| (ann_id.clone(), f, "rejoin".into())),
    );
    let nobody = "nobody";
    for path in [
        format!("/api/boards/{board}"),
        format!("/api/boards/{board}?at={head}"),
        format!("/api/boards/{board}/events?after=0&limit=1000"),
        format!("/api/boards/{board}/history?element={}", notes[0]),
        format!("/api/boards/{board}/history?element={}", notes[2]),
    ] {
        let (status, body) = app.get(&path).await;
        assert_eq!(status, 200, "{path}: {body}");
        frames.push((nobody.to_owned(), body, path));
    }
    let (status, body) = app.get(&format!("/api/boards/{board}/backup")).await;
    let (fork_status, fork) = app
        .post_raw(&format!("/api/boards/{board}/fork"), json!({}).to_string())
        .await;
    assert_eq!(
        (fork_status, fork["error"].as_str()),
        (422, Some("vote_open")),
        "no fork either"
    );
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("vote_open")),
        "no backup while the vote is open"
    );
    for (who, frame, context) in &frames {
        assert_reveals_only_own_dots(frame, who, context);
    }
    // Seqs stayed dense for everyone (the test client asserts every event seq is one more
    // than the last it saw).

    // The close: everyone has the same totals at once.
    let mut lead_seen = Vec::new();
    let close = json!({ "type": "close_vote" });
    assert_eq!(
        run_seen(&mut lead, close, &mut lead_seen).await["type"],
        "ack"
    );
    let expected =
        json!({ ann_id.clone(): [notes[0], notes[0]], ben_id.clone(): [notes[2], notes[2]] });
    for c in [&mut ann, &mut ben, &mut cy, &mut ann_again] {
        let closed = c.next_of("event").await;
        assert_eq!(closed["event"]["type"], "vote_closed");
        assert_eq!(closed["event"]["dots"], expected);
    }
    let closed = lead_seen
        .iter()
        .find(|f| f["event"]["type"] == "vote_closed")
        .unwrap();
    assert_eq!(closed["event"]["dots"], expected);
    let vote = &app.board(&board).await["facilitation"]["vote"];
    assert_eq!(vote["dots"], expected);
    let all = app.all_events(&board).await;
    assert_eq!(
        all.iter()
            .filter(|e| e["event"]["type"] == "dot_placed")
            .count(),
        5,
        "the log shows every ballot after the close"
    );
    assert_eq!(app.get(&format!("/api/boards/{board}/backup")).await.0, 200);
    let _ = (lead_id, nobody);
}

#[tokio::test]
async fn during_a_secret_ballot_nobody_sees_anothers_dots_and_everyone_gets_the_totals_sqlite() {
    secret_ballot(Db::fresh_sqlite()).await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn during_a_secret_ballot_nobody_sees_anothers_dots_and_everyone_gets_the_totals_postgres() {
    if let Some(db) = Db::fresh_postgres().await {
        secret_ballot(db).await;
    }
}
