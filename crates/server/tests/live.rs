//! Live collaboration over WebSocket: the real server on a real port, clients built on
//! tokio-tungstenite.

mod support;

use std::time::{Duration, Instant};

use eventstorm_server::Settings;
use futures_util::StreamExt;
use serde_json::json;
use support::ws::Client;
use support::{Db, add_note, spawn_app, spawn_app_with};
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;

#[tokio::test]
async fn two_clients_see_each_others_edits_and_end_identical() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = app.create_board("Live").await;
    let (mut a, welcome_a) = Client::join(&app.ws_url(&board), "Ann", 0).await;
    assert_eq!(
        welcome_a["board"]["title"], "Live",
        "a client with since=0 gets the full board"
    );
    let (mut b, _) = Client::join(&app.ws_url(&board), "Ben", 0).await;

    let (op, note) = (Uuid::new_v4(), Uuid::new_v4());
    a.command(op, add_note(note, "event", "Order Placed", 10.0, 20.0))
        .await;
    let ack = a.outcome(op).await;
    assert_eq!(
        (
            ack["type"].as_str(),
            ack["first_seq"].as_u64(),
            ack["seq"].as_u64()
        ),
        (Some("ack"), Some(2), Some(2))
    );
    let seen = b.next_of("event").await;
    assert_eq!(seen["event"]["type"], "note_added");
    assert_eq!(seen["op_id"], op.to_string());
    let ann_id = welcome_a["participant"]["id"].as_str().unwrap();
    assert_eq!(seen["actor"], format!("Ann ({ann_id})"));

    let op2 = Uuid::new_v4();
    b.command(
        op2,
        json!({ "type": "move_notes", "moves": [{ "id": note, "x": 300, "y": 40 }] }),
    )
    .await;
    assert_eq!(b.outcome(op2).await["type"], "ack");
    let moved = a.next_of("event").await;
    assert_eq!(moved["event"]["moves"][0]["x"], 300.0);
    assert_eq!((a.seq, b.seq), (3, 3));
    let state = app.board(&board).await;
    assert_eq!(state["notes"][0]["x"], 300.0);
}

#[tokio::test]
async fn a_reconnecting_client_gets_exactly_the_events_it_missed() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = app.create_board("Reconnect").await;
    let (mut writer, _) = Client::join(&app.ws_url(&board), "Writer", 0).await;
    let (reader, _) = Client::join(&app.ws_url(&board), "Reader", 0).await;
    let since = reader.seq;
    drop(reader);
    let note = Uuid::new_v4();
    let mut last = Uuid::nil();
    for i in 0..100 {
        last = Uuid::new_v4();
        let command = if i == 0 {
            add_note(note, "event", "Moving", 0.0, 0.0)
        } else {
            json!({ "type": "move_notes", "moves": [{ "id": note, "x": i, "y": i }] })
        };
        writer.command(last, command).await;
    }
    let ack = writer.outcome(last).await;
    assert_eq!(ack["seq"], since + 100);

    let (mut reader, welcome) = Client::join(&app.ws_url(&board), "Reader", since).await;
    assert!(
        welcome.get("board").is_none(),
        "a client close behind gets events, not the board"
    );
    let mut seqs: Vec<u64> = welcome["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    seqs.extend(
        reader
            .events_until(since + 100)
            .await
            .iter()
            .map(|e| e["seq"].as_u64().unwrap()),
    );
    assert_eq!(
        seqs,
        ((since + 1)..=(since + 100)).collect::<Vec<_>>(),
        "exactly the missed events, in order"
    );
    assert!(
        reader
            .quiet_for(Duration::from_millis(200))
            .await
            .iter()
            .all(|f| f["type"] != "event"),
        "no repeats"
    );
}

#[tokio::test]
async fn a_command_resent_after_a_reconnect_applies_once_with_its_original_seq() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = app.create_board("Resend").await;
    let (mut c, _) = Client::join(&app.ws_url(&board), "Ann", 0).await;
    let (op, note) = (Uuid::new_v4(), Uuid::new_v4());
    c.command(op, add_note(note, "event", "Paid", 0.0, 0.0))
        .await;
    let first = c.outcome(op).await;
    drop(c);
    let (mut c, _) = Client::join(&app.ws_url(&board), "Ann", 1).await;
    c.command(op, add_note(note, "event", "Paid", 0.0, 0.0))
        .await;
    let again = c.outcome(op).await;
    assert_eq!(again["type"], "ack");
    assert_eq!(again["seq"], first["seq"]);
    assert_eq!(again["duplicate"], true);
    assert_eq!(app.all_events(&board).await.len(), 2, "created + one note");
}

#[tokio::test]
async fn bad_frames_get_the_documented_answers_and_change_nothing() {
    let mut settings = Settings {
        command_rate: 5,
        command_burst: 5,
        ..Settings::default()
    };
    settings.max_frame_bytes = 16 * 1024;
    let app = spawn_app_with(Db::fresh_sqlite(), settings).await;
    let board = app.create_board("Hostile").await;

    // Before join: commands are refused, the connection stays open.
    let mut c = Client::connect(&app.ws_url(&board)).await;
    c.command(
        Uuid::new_v4(),
        add_note(Uuid::new_v4(), "event", "x", 0.0, 0.0),
    )
    .await;
    assert_eq!(c.next_of("error").await["error"], "not_joined");
    c.send(json!({ "type": "join", "since": 0, "name": "Eve", "client_id": "eve" }))
        .await;
    c.next_of("welcome").await;

    c.send_text("{not json".into()).await;
    assert_eq!(c.next_of("error").await["error"], "malformed");
    c.send(json!({ "type": "teleport" })).await;
    assert_eq!(c.next_of("error").await["error"], "unknown_type");
    let op = Uuid::new_v4();
    c.send(json!({ "type": "command", "op_id": op, "command": { "type": "add_note", "kind": "event" } })).await;
    let r = c.outcome(op).await;
    assert_eq!(
        (r["error"].as_str(), r["retryable"].as_bool()),
        (Some("invalid_command"), Some(false))
    );
    c.send(json!({ "type": "ping" })).await;
    c.next_of("pong").await;

    // A flood: the burst is taken, the rest rejected as retryable.
    let ops: Vec<Uuid> = (0..20).map(|_| Uuid::new_v4()).collect();
    for op in &ops {
        c.command(*op, add_note(Uuid::new_v4(), "note", "flood", 0.0, 0.0))
            .await;
    }
    // Rejections (answered by the session) may overtake acks (answered after the commit).
    let mut outcomes = std::collections::HashMap::new();
    while outcomes.len() < ops.len() {
        let f = c.next().await.expect("socket open");
        if f["type"] == "ack" || f["type"] == "rejected" {
            outcomes.insert(f["op_id"].as_str().unwrap().to_owned(), f);
        }
    }
    let mut acked = 0;
    let mut limited = 0;
    for op in &ops {
        let r = &outcomes[&op.to_string()];
        match r["type"].as_str() {
            Some("ack") => acked += 1,
            _ => {
                assert_eq!(
                    (r["error"].as_str(), r["retryable"].as_bool()),
                    (Some("rate_limited"), Some(true))
                );
                limited += 1;
            }
        }
    }
    assert!(
        (5..10).contains(&acked),
        "the burst of 5 (plus refill) passes: {acked}"
    );
    assert_eq!(acked + limited, 20);
    let notes_after_flood = app.board(&board).await["notes"].as_array().unwrap().len();
    assert_eq!(notes_after_flood, acked);

    // An oversized frame closes the connection with 1009.
    let big = json!({ "type": "command", "op_id": Uuid::new_v4(), "command": add_note(Uuid::new_v4(), "note", &"x".repeat(20_000), 0.0, 0.0) });
    c.send(big).await;
    let code = loop {
        match tokio::time::timeout(Duration::from_secs(5), c.socket.next())
            .await
            .expect("close in time")
        {
            Some(Ok(Message::Close(frame))) => break frame.map(|f| u16::from(f.code)),
            Some(Ok(_)) => continue,
            _ => break None,
        }
    };
    assert_eq!(code, Some(1009));
    assert_eq!(
        app.board(&board).await["notes"].as_array().unwrap().len(),
        notes_after_flood
    );
}

#[tokio::test]
async fn a_cross_site_upgrade_is_refused_and_a_script_without_origin_is_not() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = app.create_board("Origins").await;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut req = app.ws_url(&board).into_client_request().unwrap();
    req.headers_mut()
        .insert("origin", "http://evil.example".parse().unwrap());
    let err = tokio_tungstenite::connect_async(req)
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("403"), "{err}");
    let mut req = app.ws_url(&board).into_client_request().unwrap();
    req.headers_mut()
        .insert("origin", format!("http://{}", app.addr).parse().unwrap());
    assert!(tokio_tungstenite::connect_async(req).await.is_ok());
    assert!(
        tokio_tungstenite::connect_async(app.ws_url(&board))
            .await
            .is_ok()
    );
    let unknown =
        tokio_tungstenite::connect_async(app.ws_url("0123456789abcdef0123456789abcdef")).await;
    assert!(unknown.unwrap_err().to_string().contains("404"));
}

#[tokio::test]
async fn a_hundred_clients_joining_a_cold_board_load_it_once() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = app.create_board("Cold").await;
    let started = app.state.hub.actors_started();
    let url = app.ws_url(&board);
    let joins = (0..100).map(|i| {
        let url = url.clone();
        tokio::spawn(async move { Client::join(&url, &format!("p{i}"), 0).await })
    });
    let clients = futures_util::future::join_all(joins).await;
    assert!(
        clients
            .iter()
            .all(|c| c.as_ref().unwrap().1["type"] == "welcome")
    );
    assert_eq!(
        app.state.hub.actors_started() - started,
        1,
        "one actor, one load"
    );
}

#[tokio::test]
async fn a_client_that_stops_reading_does_not_slow_the_others() {
    let settings = Settings {
        outbound_queue: 64,
        // 1,500 edits as fast as the writer gets answers: not a test of the rate limit.
        command_rate: 100_000,
        command_burst: 100_000,
        ..Settings::default()
    };
    let app = spawn_app_with(Db::fresh_sqlite(), settings).await;
    let board = app.create_board("Slow").await;
    let (mut slow, _) = Client::join(&app.ws_url(&board), "Slow", 0).await;
    let (mut fast, _) = Client::join(&app.ws_url(&board), "Fast", 0).await;
    let (mut writer, _) = Client::join(&app.ws_url(&board), "Writer", 0).await;
    let note = Uuid::new_v4();
    let op = Uuid::new_v4();
    writer
        .command(op, add_note(note, "note", "big", 0.0, 0.0))
        .await;
    writer.outcome(op).await;
    let text = "y".repeat(3_900);
    let mut worst = Duration::ZERO;
    for i in 0..1_500u32 {
        let op = Uuid::new_v4();
        let sent = Instant::now();
        writer
            .command(
                op,
                json!({ "type": "edit_text", "id": note, "text": format!("{i}{text}") }),
            )
            .await;
        let out = writer.outcome(op).await;
        let target = out["seq"].as_u64().unwrap_or_else(|| panic!("{out}"));
        fast.events_until(target).await;
        worst = worst.max(sent.elapsed());
    }
    assert!(
        worst < Duration::from_secs(2),
        "the fast client kept up (worst round trip {worst:?})"
    );
    // The slow client was dropped from the board and, when it reads again, is told to resync.
    let mut resync = None;
    while let Some(frame) = slow.next().await {
        if frame["type"] == "resync" {
            resync = Some(frame);
            break;
        }
    }
    assert_eq!(resync.expect("a resync frame")["reason"], "fell_behind");
}

#[tokio::test]
async fn shutdown_closes_sockets_with_going_away() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = app.create_board("Bye").await;
    let (mut c, _) = Client::join(&app.ws_url(&board), "Ann", 0).await;
    // A connection that never joined a board is closed too.
    let mut lurker = Client::connect(&app.ws_url(&board)).await;
    app.state.hub.shutdown(Duration::from_secs(5)).await;
    assert!(matches!(
        tokio::time::timeout(Duration::from_secs(5), lurker.socket.next()).await.expect("closed in time"),
        Some(Ok(Message::Close(Some(f)))) if u16::from(f.code) == 1001
    ));
    let code = loop {
        match tokio::time::timeout(Duration::from_secs(5), c.socket.next())
            .await
            .expect("close in time")
        {
            Some(Ok(Message::Close(frame))) => break frame.map(|f| u16::from(f.code)),
            Some(Ok(_)) => continue,
            other => panic!("expected a close frame, got {other:?}"),
        }
    };
    assert_eq!(code, Some(1001));
}

#[tokio::test]
async fn presence_tells_the_others_which_sticky_someone_is_editing_and_when_they_stop() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = app.create_board("Editing").await;
    let (mut a, welcome) = Client::join(&app.ws_url(&board), "Ann", 0).await;
    let ann = welcome["participant"]["id"].as_str().unwrap().to_owned();
    let (mut b, _) = Client::join(&app.ws_url(&board), "Ben", 0).await;
    let note = Uuid::new_v4();
    a.send(json!({ "type": "presence", "cursor": null, "selection": [note], "editing": note }))
        .await;
    let p = b.next_of("presence").await;
    assert_eq!(
        (p["participant"].as_str(), p["editing"].as_str()),
        (Some(ann.as_str()), Some(note.to_string().as_str()))
    );
    // Stopping is a presence without `editing`; the throttle may hold it for a moment.
    a.send(json!({ "type": "presence", "cursor": null, "selection": [] }))
        .await;
    let p = b.next_of("presence").await;
    assert!(p.get("editing").is_none(), "editing cleared: {p}");
}

#[tokio::test]
async fn six_participants_get_six_colours_and_keep_theirs_across_a_rename_and_a_reconnect() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = app.create_board("Colours").await;
    let url = app.ws_url(&board);
    let mut clients = Vec::new();
    let mut colours = Vec::new();
    for i in 0..6 {
        let (c, welcome) = Client::join(&url, &format!("Person{i}"), 0).await;
        colours.push(
            welcome["participant"]["colour"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
        clients.push(c);
    }
    let distinct: std::collections::BTreeSet<&String> = colours.iter().collect();
    assert_eq!(distinct.len(), 6, "pairwise distinct: {colours:?}");

    // The last to join sees everyone with the colour each was given.
    let (mut last, _) = Client::join(&url, "Watcher", 0).await;
    let list = last.next_of("participants").await;
    for (i, colour) in colours.iter().enumerate() {
        let name = format!("Person{i}");
        let entry = list["participants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name.as_str())
            .unwrap_or_else(|| panic!("{name} listed: {list}"));
        assert_eq!(entry["colour"].as_str(), Some(colour.as_str()));
    }

    // Person0 renames (the same participant secret under another name): same colour.
    let secret = support::ws::participant_secret("Person0");
    let (_renamed, welcome) = Client::join_as(&url, "Renamed", &secret, 0).await;
    assert_eq!(welcome["participant"]["name"], "Renamed");
    assert_eq!(
        welcome["participant"]["colour"].as_str(),
        Some(colours[0].as_str())
    );

    // Person3 leaves and comes back (a reload): same colour.
    let gone = clients.remove(3);
    drop(gone);
    last.next_of("participants").await;
    let (_back, welcome) = Client::join(&url, "Person3", 0).await;
    assert_eq!(
        welcome["participant"]["colour"].as_str(),
        Some(colours[3].as_str())
    );
}

#[tokio::test]
async fn presence_is_broadcast_throttled_coalesced_and_never_stored() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = app.create_board("Cursors").await;
    let (mut a, welcome) = Client::join(&app.ws_url(&board), "Ann", 0).await;
    let ann = welcome["participant"]["id"].as_str().unwrap().to_owned();
    let (mut b, _) = Client::join(&app.ws_url(&board), "Ben", 0).await;
    let start = Instant::now();
    for i in 0..200 {
        a.send(json!({ "type": "presence", "cursor": { "x": i, "y": 0 }, "selection": [] }))
            .await;
    }
    let sent_for = start.elapsed();
    let frames = b.quiet_for(Duration::from_millis(600)).await;
    let cursors: Vec<f64> = frames
        .iter()
        .filter(|f| f["type"] == "presence")
        .map(|f| {
            assert_eq!(f["participant"], ann.as_str());
            f["cursor"]["x"].as_f64().unwrap()
        })
        .collect();
    let window = (sent_for + Duration::from_millis(600)).as_secs_f64();
    assert!(!cursors.is_empty(), "presence reaches the others");
    assert!(
        cursors.len() as f64 <= 20.0 * window + 2.0,
        "{} updates in {window:.2}s exceed 20/s",
        cursors.len()
    );
    assert_eq!(
        cursors.last().copied(),
        Some(199.0),
        "the latest position always arrives"
    );
    assert!(
        a.quiet_for(Duration::from_millis(100))
            .await
            .iter()
            .all(|f| f["type"] != "presence"),
        "not echoed to the sender"
    );
    assert_eq!(
        app.all_events(&board).await.len(),
        1,
        "presence is never stored"
    );
}

#[tokio::test]
async fn a_socket_that_never_answers_pings_is_closed() {
    let settings = Settings {
        idle_socket: Duration::from_millis(600),
        ..Settings::default()
    };
    let app = spawn_app_with(Db::fresh_sqlite(), settings).await;
    let board = app.create_board("Dead sockets").await;
    let (mut watcher, _) = Client::join(&app.ws_url(&board), "Watcher", 0).await;
    // Joins, then never reads again: its pongs are never sent.
    let (_silent, _) = Client::join(&app.ws_url(&board), "Silent", 0).await;
    let mut counts = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        // The watcher reads (so it answers pings) and counts who is on the board.
        match tokio::time::timeout(Duration::from_millis(100), watcher.next()).await {
            Ok(Some(f)) if f["type"] == "participants" => {
                let n = f["participants"].as_array().unwrap().len();
                counts.push(n);
                if n == 1 && counts.contains(&2) {
                    break;
                }
            }
            _ => {}
        }
    }
    assert_eq!(
        counts.last(),
        Some(&1),
        "the silent socket was dropped: {counts:?}"
    );
    assert_eq!(app.state.hub.open_sessions(), 1);
}

#[tokio::test]
async fn on_shutdown_queued_commands_are_acknowledged_before_going_away() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = app.create_board("Last words").await;
    let (mut c, _) = Client::join(&app.ws_url(&board), "Ann", 0).await;
    let ops: Vec<Uuid> = (0..50).map(|_| Uuid::new_v4()).collect();
    for op in &ops {
        c.command(
            *op,
            add_note(Uuid::new_v4(), "event", "Just in time", 0.0, 0.0),
        )
        .await;
    }
    // Wait until the board has seen the first command, so the rest are queued or committed.
    c.next_of("event").await;
    app.state.hub.shutdown(Duration::from_secs(5)).await;
    let mut acked = 0;
    let code = loop {
        match tokio::time::timeout(Duration::from_secs(5), c.socket.next())
            .await
            .expect("frames in time")
        {
            Some(Ok(Message::Text(t))) => {
                let f: serde_json::Value = serde_json::from_str(t.as_str()).unwrap();
                if f["type"] == "ack" {
                    acked += 1;
                }
            }
            Some(Ok(Message::Close(frame))) => break frame.map(|f| u16::from(f.code)),
            Some(Ok(_)) => continue,
            other => panic!("expected frames then a close, got {other:?}"),
        }
    };
    assert_eq!(code, Some(1001));
    let stored = app.all_events(&board).await.len() - 1;
    assert_eq!(
        acked, stored,
        "every committed command was acknowledged before the close"
    );
    assert!(acked > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_clients_joining_one_board_at_once_are_all_welcomed() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let board = app.create_board("Crowd").await;
    let url = app.ws_url(&board);
    let started = Instant::now();
    let joins = (0..500).map(|i| {
        let url = url.clone();
        tokio::spawn(async move { Client::join(&url, &format!("p{i}"), 0).await })
    });
    let clients: Vec<_> = futures_util::future::join_all(joins)
        .await
        .into_iter()
        .map(|c| c.unwrap())
        .collect();
    eprintln!(
        "500 clients welcomed on one board in {:?}",
        started.elapsed()
    );
    assert!(clients.iter().all(|(_, w)| w["type"] == "welcome"));
    // Everyone then sees the next edit.
    let (mut first, _) = Client::join(&url, "Writer", 0).await;
    let op = Uuid::new_v4();
    first
        .command(
            op,
            add_note(Uuid::new_v4(), "event", "Hello, crowd", 0.0, 0.0),
        )
        .await;
    first.outcome(op).await;
    let mut clients = clients;
    for (c, _) in clients.iter_mut().take(50) {
        c.next_of("event").await;
    }
}
