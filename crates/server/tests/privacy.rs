//! Private mode: a participant's new stickies reach nobody else (live frames, joins, HTTP
//! reads, exports, backups) until the facilitator ends it, and then everyone has them whole;
//! a private sticky deleted before that stays out of sight for good.

mod support;

use serde_json::{Value, json};
use support::ws::{Client, participant_secret};
use support::{Db, TestApp, add_note, spawn_app};
use uuid::Uuid;

const IDEA: &str = "Ben's private idea";
const DRAFT: &str = "Ben's discarded draft";

async fn join(app: &TestApp, board: &str, name: &str, key: Option<&str>) -> (Client, Value) {
    let mut join =
        json!({ "type": "join", "name": name, "participant_secret": participant_secret(name) });
    if let Some(key) = key {
        join["facilitator_key"] = json!(key);
    }
    Client::join_with(&app.ws_url(board), join).await
}

/// Everything an HTTP reader can get of the board.
async fn http_reads(app: &TestApp, board: &str, notes: &[Uuid]) -> String {
    let mut out = String::new();
    for path in [
        format!("/api/boards/{board}"),
        format!("/api/boards/{board}/events?limit=1000"),
        format!("/api/boards/{board}/export?format=json"),
        format!("/api/boards/{board}/export?format=markdown"),
        format!("/api/boards/{board}/export?format=svg"),
        format!("/api/boards/{board}/diff?from=1"),
    ]
    .into_iter()
    .chain(
        notes
            .iter()
            .map(|n| format!("/api/boards/{board}/history?element={n}")),
    ) {
        let (status, body) = app.get(&path).await;
        assert_eq!(status, 200, "{path}: {body}");
        out.push_str(&body.to_string());
    }
    out
}

#[tokio::test]
async fn private_stickies_reach_only_their_owner_until_the_facilitator_ends_private_mode() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let (status, created) = app
        .post_raw("/api/boards", json!({ "title": "Private" }).to_string())
        .await;
    assert_eq!(status, 201);
    let board = created["id"].as_str().unwrap().to_owned();
    let key = created["facilitator_key"].as_str().unwrap().to_owned();
    let public = Uuid::new_v4();
    let (status, _) = app
        .command(
            &board,
            Uuid::new_v4(),
            add_note(public, "event", "Order placed", 0.0, 0.0),
        )
        .await;
    assert_eq!(status, 200);

    let (mut lead, _) = join(&app, &board, "Lead", Some(&key)).await;
    let (mut ben, ben_welcome) = join(&app, &board, "Ben", None).await;
    let ben_id = ben_welcome["participant"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (mut cleo, _) = join(&app, &board, "Cleo", None).await;
    assert_eq!(
        ben.run(json!({ "type": "start_private_mode" })).await["error"],
        "forbidden",
        "only the facilitator switches private mode"
    );
    assert_eq!(
        lead.run(json!({ "type": "start_private_mode" })).await["type"],
        "ack"
    );

    // Ben writes a sticky, connects it, moves it with a public one, writes and deletes a draft.
    let idea = Uuid::new_v4();
    let draft = Uuid::new_v4();
    let link = Uuid::new_v4();
    for command in [
        add_note(idea, "event", IDEA, 300.0, 0.0),
        json!({ "type": "add_connector", "id": link, "from": public, "to": idea, "label": "Ben's arrow" }),
        json!({ "type": "move_notes", "moves": [{ "id": idea, "x": 310, "y": 5 }, { "id": public, "x": 5, "y": 5 }] }),
        add_note(draft, "hotspot", DRAFT, 600.0, 0.0),
        json!({ "type": "delete_note", "id": draft }),
    ] {
        assert_eq!(ben.run(command).await["type"], "ack");
    }
    // Seqs stay dense for everyone (the test client checks each frame's seq).
    let cleo_saw = Value::Array(cleo.events_until(8).await).to_string();
    let lead_saw = Value::Array(lead.events_until(8).await).to_string();
    for (who, saw) in [("Cleo", &cleo_saw), ("the facilitator", &lead_saw)] {
        assert!(
            !saw.contains(IDEA) && !saw.contains(DRAFT),
            "{who} saw {saw}"
        );
        assert!(!saw.contains(&idea.to_string()), "{who} saw the id: {saw}");
        assert!(!saw.contains("Ben's arrow"), "{who} saw the connector");
        assert_eq!(
            saw.matches(r#""type":"hidden""#).count(),
            4,
            "{who} gets a stand-in for each event wholly about Ben's stickies: {saw}"
        );
        // The public sticky's move reaches everyone; Ben's part of it only Ben.
        assert!(saw.contains("notes_moved") && saw.contains(&public.to_string()));
    }

    // Cleo claims to add hers as Ben's: the server says whose it is.
    let cleos = Uuid::new_v4();
    let mut claimed = add_note(cleos, "event", "Cleo's own idea", 0.0, 300.0);
    claimed["owner"] = json!(ben_id);
    assert_eq!(cleo.run(claimed).await["type"], "ack");
    let ben_saw = Value::Array(ben.events_until(9).await).to_string();
    assert!(
        !ben_saw.contains("Cleo's own idea"),
        "Cleo's sticky is hers: {ben_saw}"
    );
    assert!(ben_saw.contains(r#""type":"hidden""#));

    // Over HTTP, an actor name is no identity: a sticky added without a participant secret,
    // even in Ben's name, is everyone's.
    let named = Uuid::new_v4();
    let (status, body) = app
        .post_raw(
            &format!("/api/boards/{board}/commands"),
            json!({ "op_id": Uuid::new_v4(), "actor": ben_id, "command": add_note(named, "event", "Named as Ben", 0.0, 600.0) })
                .to_string(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["events"][0]["event"]["type"], "note_added");
    assert!(app.board(&board).await.to_string().contains("Named as Ben"));

    // Over HTTP, nobody's private sticky shows; the backup waits for the reveal.
    let reads = http_reads(&app, &board, &[idea, draft, public]).await;
    for secret in [IDEA, DRAFT, "Ben's arrow", "Cleo's own idea"] {
        assert!(!reads.contains(secret), "HTTP shows {secret}");
    }
    let (status, body) = app.get(&format!("/api/boards/{board}/backup")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("private_mode"))
    );

    // Joining again: Ben gets his sticky back, Cleo still not.
    let (_ben2, ben_board) = join(&app, &board, "Ben", None).await;
    let ben_board = ben_board["board"].to_string();
    assert!(ben_board.contains(IDEA) && !ben_board.contains(DRAFT));
    let (mut cleo2, cleo_board) = join(&app, &board, "Cleo", None).await;
    assert_eq!(cleo_board["board"]["notes"].as_array().unwrap().len(), 3);
    assert!(!cleo_board.to_string().contains(IDEA));
    assert_eq!(cleo_board["board"]["facilitation"]["private_mode"], true);

    // The reveal: everyone gets the sticky and its connector whole, in one event.
    assert_eq!(
        lead.run(json!({ "type": "end_private_mode" })).await["type"],
        "ack"
    );
    let ended = loop {
        let frame = cleo2.next_of("event").await;
        if frame["event"]["type"] == "private_mode_ended" {
            break frame;
        }
    };
    let ended = ended.to_string();
    assert!(
        ended.contains(IDEA) && ended.contains("Ben's arrow") && ended.contains("Cleo's own idea")
    );
    assert!(!ended.contains(DRAFT), "a deleted draft stays private");
    let view = app.board(&board).await.to_string();
    assert!(view.contains(IDEA) && view.contains("Cleo's own idea") && !view.contains(DRAFT));

    // For good: the draft stays out of every read, the backup included, which still imports.
    let reads = http_reads(&app, &board, &[idea, draft]).await;
    assert!(reads.contains(IDEA));
    assert!(!reads.contains(DRAFT), "the draft leaked: {reads}");
    let (status, backup) = app.get(&format!("/api/boards/{board}/backup")).await;
    assert_eq!(status, 200);
    assert!(!backup.to_string().contains(DRAFT));
    let (status, imported) = app.post_raw("/api/boards/import", backup.to_string()).await;
    assert_eq!(status, 201, "{imported} {backup}");
    let copy = app
        .board(imported["id"].as_str().unwrap())
        .await
        .to_string();
    assert!(copy.contains(IDEA) && !copy.contains(DRAFT));
}
