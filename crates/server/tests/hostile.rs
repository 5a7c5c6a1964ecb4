//! Hostile input: a catalogue of broken, oversized, tricky and malicious requests over HTTP and
//! WebSocket. Each case has a defined answer; after each, the target board holds exactly the
//! events the case should have added (usually none), a bystander board is untouched, and the
//! server answers `/healthz`.

mod support;

use std::time::Duration;

use eventstorm_server::Settings;
use futures_util::SinkExt;
use serde_json::{Value, json};
use support::rawws::{BINARY, CLOSE, CONTINUATION, End, PING, RawWs, TEXT};
use support::ws::Client;
use support::{Db, TestApp, add_note, spawn_app, spawn_app_with};
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;

const MARKUP: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>";
/// Participant names keep at most 40 characters.
const NAME_MARKUP: &str = "<img src=x onerror=alert(4)>";

/// A target board with one sticky, a bystander board with one sticky, and a count of cases.
struct Bench {
    app: TestApp,
    board: String,
    view_id: String,
    note: Uuid,
    other: String,
    other_note: Uuid,
    other_events: Vec<Value>,
    cases: usize,
}

impl Bench {
    async fn new(settings: Settings) -> Bench {
        let app = spawn_app_with(Db::fresh_sqlite(), settings).await;
        let (status, created) = app
            .post_raw("/api/boards", json!({ "title": "Target" }).to_string())
            .await;
        assert_eq!(status, 201);
        let board = created["id"].as_str().unwrap().to_owned();
        let view_id = created["view_id"].as_str().unwrap().to_owned();
        let other = app.create_board("Bystander").await;
        let (note, other_note) = (Uuid::new_v4(), Uuid::new_v4());
        for (b, n) in [(&board, note), (&other, other_note)] {
            let (status, _) = app
                .command(
                    b,
                    Uuid::new_v4(),
                    add_note(n, "event", "Order Placed", 0.0, 0.0),
                )
                .await;
            assert_eq!(status, 200);
        }
        let other_events = app.all_events(&other).await;
        Bench {
            app,
            board,
            view_id,
            note,
            other,
            other_note,
            other_events,
            cases: 0,
        }
    }

    async fn head(&self) -> usize {
        self.app.all_events(&self.board).await.len()
    }

    fn ws(&self) -> String {
        self.app.ws_url(&self.board)
    }

    fn path(&self) -> String {
        format!("/api/boards/{}/ws", self.board)
    }

    /// A joined client on the target board.
    async fn joined(&self, name: &str) -> Client {
        Client::join(&self.ws(), name, 0).await.0
    }

    async fn raw_joined(&self) -> RawWs {
        let mut w = RawWs::connect(self.app.addr, &self.path()).await;
        w.send_json(&json!({ "type": "join", "since": 0, "name": "Raw" }))
            .await;
        w.next_of("welcome").await;
        w
    }

    /// After a case: the target board gained exactly `added` events, the bystander none, and
    /// the server is healthy.
    async fn done(&mut self, name: &str, before: usize, added: usize) {
        assert_eq!(
            self.head().await,
            before + added,
            "{name}: events on the target board"
        );
        assert_eq!(
            self.app.all_events(&self.other).await,
            self.other_events,
            "{name}: the bystander board"
        );
        let (status, _) = self.app.get("/healthz").await;
        assert_eq!(status, 200, "{name}: the server is healthy");
        self.cases += 1;
        println!("ok {:>2} {name}", self.cases);
    }
}

fn rejected(v: &Value) -> (Option<&str>, Option<&str>, Option<bool>) {
    (
        v["type"].as_str(),
        v["error"].as_str(),
        v["retryable"].as_bool(),
    )
}

fn deep_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[tokio::test]
async fn broken_websocket_frames_close_or_answer_and_change_nothing() {
    let mut b = Bench::new(Settings::default()).await;

    let before = b.head().await;
    let mut w = b.raw_joined().await;
    w.send(TEXT, b"{\"type\":\"ping\",\"x\":\"\xff\xfe\"}")
        .await;
    assert_eq!(w.end().await, End::Closed(Some(1007)));
    b.done("text frame with invalid UTF-8: closed with 1007", before, 0)
        .await;

    let before = b.head().await;
    let mut w = b.raw_joined().await;
    w.frame(false, 0, TEXT, b"{\"type\":\"ping\",\"x\":\"\xc3", true)
        .await;
    w.frame(true, 0, CONTINUATION, b"\x28\"}", true).await;
    assert_eq!(w.end().await, End::Closed(Some(1007)));
    b.done(
        "invalid UTF-8 split across fragments: closed with 1007",
        before,
        0,
    )
    .await;

    let before = b.head().await;
    let mut w = b.raw_joined().await;
    w.send(BINARY, b"\xff\xfe\x00garbage").await;
    assert_eq!(w.next_of("error").await["error"], "malformed");
    w.send_json(&json!({ "type": "ping" })).await;
    w.next_of("pong").await;
    b.done(
        "binary frame with invalid UTF-8: error malformed, stays open",
        before,
        0,
    )
    .await;

    let before = b.head().await;
    let mut w = b.raw_joined().await;
    w.frame(false, 0, TEXT, b"{\"ty", true).await;
    w.frame(false, 0, CONTINUATION, b"pe\":\"pi", true).await;
    w.frame(true, 0, PING, b"in between", true).await;
    w.frame(true, 0, CONTINUATION, b"ng\"}", true).await;
    w.next_of("pong").await;
    b.done(
        "message in three fragments with a ping between: one message",
        before,
        0,
    )
    .await;

    let before = b.head().await;
    let mut w = b.raw_joined().await;
    w.send(CONTINUATION, b"{\"type\":\"ping\"}").await;
    assert_eq!(w.end().await, End::Closed(Some(1002)));
    b.done(
        "continuation without a first fragment: closed with 1002",
        before,
        0,
    )
    .await;

    let before = b.head().await;
    let mut w = b.raw_joined().await;
    w.frame(true, 0, TEXT, b"{\"type\":\"ping\"}", false).await;
    assert_eq!(w.end().await, End::Closed(Some(1002)));
    b.done("unmasked client frame: closed with 1002", before, 0)
        .await;

    let before = b.head().await;
    let mut w = b.raw_joined().await;
    w.send(0x3, b"reserved").await;
    assert_eq!(w.end().await, End::Closed(Some(1002)));
    b.done("reserved opcode: closed with 1002", before, 0).await;

    let before = b.head().await;
    let mut w = b.raw_joined().await;
    w.frame(true, 0b100, TEXT, b"{\"type\":\"ping\"}", true)
        .await;
    assert_eq!(w.end().await, End::Closed(Some(1002)));
    b.done("RSV1 set without an extension: closed with 1002", before, 0)
        .await;

    let before = b.head().await;
    let mut w = b.raw_joined().await;
    w.send(PING, &[b'p'; 126]).await;
    assert_eq!(w.end().await, End::Closed(Some(1002)));
    b.done("control frame over 125 bytes: closed with 1002", before, 0)
        .await;

    let before = b.head().await;
    let mut w = b.raw_joined().await;
    w.frame(false, 0, PING, b"part", true).await;
    assert_eq!(w.end().await, End::Closed(Some(1002)));
    b.done("fragmented control frame: closed with 1002", before, 0)
        .await;

    let before = b.head().await;
    let mut w = b.raw_joined().await;
    let started = std::time::Instant::now();
    w.header_claiming(TEXT, 1 << 30).await;
    assert_eq!(w.end().await, End::Closed(Some(1009)));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refused at the header"
    );
    b.done("header claiming 1 GiB: closed with 1009 at once", before, 0)
        .await;

    let before = b.head().await;
    let mut w = b.raw_joined().await;
    w.header_claiming(TEXT, u64::MAX >> 1).await;
    assert_eq!(w.end().await, End::Closed(Some(1009)));
    b.done("header claiming 2^63 bytes: closed with 1009", before, 0)
        .await;

    let before = b.head().await;
    let mut w = b.raw_joined().await;
    let piece = vec![b' '; 16 * 1024];
    w.frame(false, 0, TEXT, b"{\"type\":\"ping\",\"pad\":\"", true)
        .await;
    for _ in 0..20 {
        w.frame(false, 0, CONTINUATION, &piece, true).await;
    }
    w.frame(true, 0, CONTINUATION, b"\"}", true).await;
    assert_eq!(w.end().await, End::Closed(Some(1009)));
    b.done(
        "small fragments adding up past 256 KiB: closed with 1009",
        before,
        0,
    )
    .await;

    let before = b.head().await;
    let mut w = b.raw_joined().await;
    w.send(CLOSE, &[0x03, 0xe7]).await;
    assert_eq!(w.end().await, End::Closed(Some(1002)));
    b.done("close frame with code 999: answered with 1002", before, 0)
        .await;

    let before = b.head().await;
    let mut w = RawWs::connect(b.app.addr, &b.path()).await;
    w.send(TEXT, b"").await;
    assert_eq!(w.next_of("error").await["error"], "malformed");
    b.done("empty text frame: error malformed", before, 0).await;

    println!("{} frame-level cases", b.cases);
}

#[tokio::test]
async fn hostile_websocket_messages_get_their_defined_answers() {
    let mut b = Bench::new(Settings::default()).await;
    let mut c = b.joined("Eve").await;

    let before = b.head().await;
    c.send_text(deep_arrays(100_000)).await;
    assert_eq!(c.next_of("error").await["error"], "malformed");
    b.done(
        "100k nested arrays: error malformed (recursion limit), no stack overflow",
        before,
        0,
    )
    .await;

    let before = b.head().await;
    c.send_text(format!(
        "{}{}",
        "{\"a\":".repeat(40_000),
        "}".repeat(40_000)
    ))
    .await;
    assert_eq!(c.next_of("error").await["error"], "malformed");
    b.done("40k nested objects: error malformed", before, 0)
        .await;

    let before = b.head().await;
    let op = Uuid::new_v4();
    c.send_text(format!(
        "{{\"type\":\"command\",\"op_id\":\"{op}\",\"command\":{{\"type\":\"add_note\",\"id\":\"{}\",\"kind\":\"event\",\"x\":0,\"y\":0,\"text\":{}}}}}",
        Uuid::new_v4(),
        deep_arrays(50_000)
    ))
    .await;
    assert_eq!(c.next_of("error").await["error"], "malformed");
    b.done("deep nesting inside a command: error malformed", before, 0)
        .await;

    let before = b.head().await;
    let op = Uuid::new_v4();
    c.command(
        op,
        add_note(Uuid::new_v4(), "event", &"x".repeat(200_000), 0.0, 0.0),
    )
    .await;
    assert_eq!(
        rejected(&c.outcome(op).await),
        (Some("rejected"), Some("text_too_long"), Some(false))
    );
    b.done("200 KB sticky text: rejected text_too_long", before, 0)
        .await;

    let before = b.head().await;
    let op = Uuid::new_v4();
    let moves: Vec<Value> = (0..3_000)
        .map(|i| json!({ "id": Uuid::new_v4(), "x": i, "y": 0 }))
        .collect();
    c.command(op, json!({ "type": "move_notes", "moves": moves }))
        .await;
    assert_eq!(
        rejected(&c.outcome(op).await).1,
        Some("unknown_note"),
        "3k moves of unknown stickies"
    );
    b.done(
        "3,000 moves of unknown stickies: rejected unknown_note",
        before,
        0,
    )
    .await;

    for (name, since) in [
        ("since -1", "-1"),
        ("since 2^64", "18446744073709551616"),
        ("since 1e300", "1e300"),
        ("since a string", "\"7\""),
    ] {
        let before = b.head().await;
        let mut fresh = Client::connect(&b.ws()).await;
        fresh
            .send_text(format!("{{\"type\":\"join\",\"since\":{since}}}"))
            .await;
        assert_eq!(fresh.next_of("error").await["error"], "malformed", "{name}");
        fresh.send(json!({ "type": "ping" })).await;
        fresh.next_of("pong").await;
        b.done(&format!("join with {name}: error malformed"), before, 0)
            .await;
    }

    let before = b.head().await;
    let (_, welcome) = Client::join(&b.ws(), "Max", u64::MAX).await;
    assert_eq!(welcome["seq"], before);
    assert!(welcome["board"]["notes"].is_array(), "the full board");
    b.done(
        "join with since = 2^64-1 (beyond the head): the full board",
        before,
        0,
    )
    .await;

    let before = b.head().await;
    let op = Uuid::new_v4();
    c.send_text(format!(
        "{{\"type\":\"command\",\"op_id\":\"{op}\",\"command\":{{\"type\":\"move_notes\",\"moves\":[{{\"id\":\"{}\",\"x\":1e309,\"y\":0}}]}}}}",
        b.note
    ))
    .await;
    assert_eq!(c.next_of("error").await["error"], "malformed");
    b.done("x = 1e309 (not a double): error malformed", before, 0)
        .await;

    for (name, cmd, code) in [
        (
            "x = 1e300",
            json!({ "type": "move_notes", "moves": [{ "id": b.note, "x": 1e300, "y": 0 }] }),
            "invalid_coordinate",
        ),
        (
            "w = -5",
            json!({ "type": "resize_note", "id": b.note, "w": -5, "h": 50 }),
            "invalid_size",
        ),
        (
            "x as a string",
            json!({ "type": "move_notes", "moves": [{ "id": b.note, "x": "12", "y": 0 }] }),
            "invalid_command",
        ),
        (
            "an unknown command type",
            json!({ "type": "format_disk" }),
            "unknown_command",
        ),
        (
            "a sticky id that is not a UUID",
            json!({ "type": "edit_text", "id": "../../etc/passwd", "text": "x" }),
            "invalid_command",
        ),
        (
            "a NUL in the text",
            json!({ "type": "edit_text", "id": b.note, "text": "a\u{0}b" }),
            "invalid_text",
        ),
        (
            "the command as a string",
            json!("add_note"),
            "invalid_command",
        ),
        (
            "a sticky of another board",
            json!({ "type": "edit_text", "id": b.other_note, "text": "hijacked" }),
            "unknown_note",
        ),
        (
            "a connector to a sticky of another board",
            json!({ "type": "add_connector", "id": Uuid::new_v4(), "from": b.note, "to": b.other_note }),
            "unknown_note",
        ),
    ] {
        let before = b.head().await;
        let op = Uuid::new_v4();
        c.command(op, cmd).await;
        assert_eq!(
            rejected(&c.outcome(op).await),
            (Some("rejected"), Some(code), Some(false)),
            "{name}"
        );
        b.done(&format!("{name}: rejected {code}"), before, 0).await;
    }

    let before = b.head().await;
    let op = Uuid::new_v4();
    let mut cmd = add_note(Uuid::new_v4(), "event", "Extra", 5.0, 5.0);
    cmd["evil"] = json!({ "__proto__": { "admin": true } });
    c.command(op, cmd).await;
    assert_eq!(c.outcome(op).await["type"], "ack");
    let stored = b.app.all_events(&b.board).await.pop().unwrap();
    assert!(!stored.to_string().contains("evil") && !stored.to_string().contains("__proto__"));
    b.done(
        "unknown fields in a command: ignored, not stored",
        before,
        1,
    )
    .await;

    for (name, frame, code) in [
        (
            "type as a number",
            json!({ "type": 5 }).to_string(),
            "malformed",
        ),
        (
            "type in another case",
            json!({ "type": "Ping" }).to_string(),
            "unknown_type",
        ),
        (
            "an unknown type",
            json!({ "type": "admin" }).to_string(),
            "unknown_type",
        ),
        ("JSON null", "null".to_owned(), "malformed"),
        ("a JSON array", "[]".to_owned(), "malformed"),
        ("a JSON number", "123".to_owned(), "malformed"),
        (
            "NaN",
            "{\"type\":\"ping\",\"x\":NaN}".to_owned(),
            "malformed",
        ),
        (
            "a lone surrogate escape",
            "{\"type\":\"ping\",\"x\":\"\\ud800\"}".to_owned(),
            "malformed",
        ),
        (
            "op_id not a UUID",
            json!({ "type": "command", "op_id": "1 OR 1=1", "command": {} }).to_string(),
            "invalid_op_id",
        ),
        (
            "op_id a number",
            json!({ "type": "command", "op_id": 7, "command": {} }).to_string(),
            "invalid_op_id",
        ),
        (
            "trailing garbage",
            "{\"type\":\"ping\"} {\"type\":\"ping\"}".to_owned(),
            "malformed",
        ),
    ] {
        let before = b.head().await;
        c.send_text(frame).await;
        assert_eq!(c.next_of("error").await["error"], code, "{name}");
        b.done(&format!("{name}: error {code}"), before, 0).await;
    }

    let before = b.head().await;
    c.send_text("{\"type\":\"ping\",\"type\":\"admin\"}".to_owned())
        .await;
    assert_eq!(
        c.next_of("error").await["error"],
        "unknown_type",
        "the last duplicate key wins"
    );
    b.done("duplicate keys: the last one counts", before, 0)
        .await;

    let before = b.head().await;
    c.send(json!({ "type": "ping", "role": "admin", "seq": -1 }))
        .await;
    c.next_of("pong").await;
    b.done("unknown fields in a message: ignored", before, 0)
        .await;

    let before = b.head().await;
    c.send(json!({ "type": "join", "since": 0, "name": "Again" }))
        .await;
    assert_eq!(c.next_of("error").await["error"], "already_joined");
    b.done("a second join: error already_joined", before, 0)
        .await;

    let before = b.head().await;
    let (op, note) = (Uuid::new_v4(), Uuid::new_v4());
    c.command(op, add_note(note, "event", "Original", 1.0, 1.0))
        .await;
    let first = c.outcome(op).await;
    assert_eq!(first["type"], "ack");
    c.command(op, add_note(note, "event", "Different", 1.0, 1.0))
        .await;
    assert_eq!(rejected(&c.outcome(op).await).1, Some("op_id_reused"));
    c.send_text(format!(
        "{{\"command\":{{\"y\":1.0,\"x\":1.0,\"text\":\"Original\",\"kind\":\"event\",\"id\":\"{note}\",\"type\":\"add_note\"}},\"op_id\":\"{op}\",\"type\":\"command\"}}"
    ))
    .await;
    let again = c.outcome(op).await;
    assert_eq!(
        (&again["duplicate"], &again["seq"]),
        (&json!(true), &first["seq"]),
        "same content, other key order: a duplicate"
    );
    b.done(
        "op id reused with other content: op_id_reused; same content reordered: duplicate",
        before,
        1,
    )
    .await;

    // The same op id on another board is another op: op ids are scoped to their board.
    let before = b.head().await;
    let (status, on_other) = b
        .app
        .command(
            &b.other,
            op,
            json!({ "type": "rename_board", "title": "Renamed" }),
        )
        .await;
    assert_eq!(status, 200, "{on_other}");
    b.other_events = b.app.all_events(&b.other).await;
    b.done(
        "an op id of this board sent to another board: its own op there",
        before,
        0,
    )
    .await;

    let before = b.head().await;
    let mut viewer = Client::join(&b.app.ws_url(&b.view_id), "Viewer", 0).await.0;
    let op = Uuid::new_v4();
    viewer
        .command(op, add_note(Uuid::new_v4(), "event", "sneaky", 0.0, 0.0))
        .await;
    assert_eq!(
        rejected(&viewer.outcome(op).await),
        (Some("rejected"), Some("forbidden"), Some(false))
    );
    b.done(
        "a command on a view-only link: rejected forbidden",
        before,
        0,
    )
    .await;

    let before = b.head().await;
    let (mut other_client, _) = Client::join(&b.ws(), "Watcher", 0).await;
    let selection: Vec<Value> = (0..5_000).map(|_| json!(Uuid::new_v4())).collect();
    c.send(json!({ "type": "presence", "cursor": { "x": 1e300, "y": -1e300 }, "selection": selection }))
        .await;
    let p = other_client.next_of("presence").await;
    assert_eq!(p["selection"].as_array().unwrap().len(), 1_000);
    b.done(
        "presence with 5,000 selected ids: capped at 1,000",
        before,
        0,
    )
    .await;

    let before = b.head().await;
    c.send(json!({ "type": "presence", "cursor": { "x": "left" } }))
        .await;
    assert_eq!(c.next_of("error").await["error"], "malformed");
    b.done(
        "presence with a non-numeric cursor: error malformed",
        before,
        0,
    )
    .await;

    println!("{} message-level cases", b.cases);
}

#[tokio::test]
async fn floods_of_joins_commands_and_connections_are_bounded() {
    let mut b = Bench::new(Settings::default()).await;

    let before = b.head().await;
    let mut c = b.joined("Flooder").await;
    for _ in 0..500 {
        c.send(json!({ "type": "join", "since": 0, "name": "again" }))
            .await;
    }
    for _ in 0..500 {
        assert_eq!(c.next_of("error").await["error"], "already_joined");
    }
    let view = b.app.board(&b.board).await;
    assert_eq!(view["seq"], before);
    b.done("500 joins on one connection: 500 already_joined", before, 0)
        .await;

    let before = b.head().await;
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let url = b.ws();
            tokio::spawn(async move {
                let (mut c, _) = Client::join(&url, &format!("j{i}"), 0).await;
                c.socket.close(None).await.unwrap();
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let (_, welcome) = Client::join(&b.ws(), "Last", 0).await;
    assert!(
        welcome["participants"].as_array().unwrap().len() <= 3,
        "the 200 left: {}",
        welcome["participants"]
    );
    b.done(
        "200 connections joining and leaving at once: all leave",
        before,
        0,
    )
    .await;

    // Over the burst (1,000 by default) a connection is refused as retryable.
    let before = b.head().await;
    let ops: Vec<Uuid> = (0..1_500).map(|_| Uuid::new_v4()).collect();
    let batch: Vec<Message> = ops
        .iter()
        .enumerate()
        .map(|(i, op)| {
            Message::Text(
                json!({ "type": "command", "op_id": op, "command": add_note(Uuid::new_v4(), "note", "flood", i as f64, 0.0) })
                    .to_string()
                    .into(),
            )
        })
        .collect();
    let mut stream = futures_util::stream::iter(batch.into_iter().map(Ok));
    c.socket.send_all(&mut stream).await.unwrap();
    let (mut acked, mut limited) = (0, 0);
    while acked + limited < ops.len() {
        let f = c.next().await.expect("open");
        match f["type"].as_str() {
            Some("ack") => acked += 1,
            Some("rejected") => {
                assert_eq!(
                    rejected(&f),
                    (Some("rejected"), Some("rate_limited"), Some(true))
                );
                limited += 1;
            }
            _ => {}
        }
    }
    assert!((1_000..1_500).contains(&acked), "{acked} acked");
    b.done(
        &format!("1,500 commands at once: {acked} acked, {limited} rate_limited (retryable)"),
        before,
        acked,
    )
    .await;

    // Many connections from one address, all open at once.
    let before = b.head().await;
    let want = connections_allowed();
    let mut open = Vec::new();
    let mut refused = 0;
    for chunk in 0..want.div_ceil(250) {
        let tasks: Vec<_> = (0..250.min(want - chunk * 250))
            .map(|_| {
                let url = b.ws();
                tokio::spawn(async move { tokio_tungstenite::connect_async(url).await })
            })
            .collect();
        for t in tasks {
            match t.await.unwrap() {
                Ok((s, _)) => open.push(s),
                Err(_) => refused += 1,
            }
        }
    }
    let (status, _) = b.app.get("/healthz").await;
    assert_eq!(status, 200);
    let (mut late, _) = Client::join(&b.ws(), "Late", 0).await;
    late.send(json!({ "type": "ping" })).await;
    late.next_of("pong").await;
    let opened = open.len();
    drop(open);
    assert_eq!(refused, 0, "every connection was accepted");
    b.done(
        &format!("{opened} connections from one address: all served, the server answers"),
        before,
        0,
    )
    .await;
    println!("{} flood cases", b.cases);
}

/// Connections the test may hold open: both ends live in this process.
fn connections_allowed() -> usize {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    let soft: usize = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1024);
    ((soft.saturating_sub(300)) / 2).min(2_000)
}

#[tokio::test]
async fn hostile_http_requests_get_their_defined_answers() {
    let mut b = Bench::new(Settings::default()).await;
    let commands = format!("/api/boards/{}/commands", b.board);

    for (name, body, status, code) in [
        ("a body that is not JSON", "op_id=1&command=x".to_owned(), 400, "malformed"),
        ("an empty body", String::new(), 400, "malformed"),
        ("100k nested arrays", deep_arrays(100_000), 400, "malformed"),
        ("a JSON array", "[1,2,3]".to_owned(), 400, "invalid_request"),
        ("no op_id", json!({ "command": { "type": "delete_note", "id": b.note } }).to_string(), 400, "invalid_op_id"),
        ("op_id a number", json!({ "op_id": 1, "command": { "type": "delete_note", "id": b.note } }).to_string(), 400, "invalid_op_id"),
        ("an unknown command", json!({ "op_id": Uuid::new_v4(), "command": { "type": "drop_table" } }).to_string(), 400, "unknown_command"),
        ("an actor of 101 characters", json!({ "op_id": Uuid::new_v4(), "actor": "a".repeat(101), "command": { "type": "delete_note", "id": b.note } }).to_string(), 400, "invalid_request"),
        ("an actor with a NUL", json!({ "op_id": Uuid::new_v4(), "actor": "a\u{0}", "command": { "type": "delete_note", "id": b.note } }).to_string(), 400, "invalid_request"),
        ("a 300 KB body", json!({ "op_id": Uuid::new_v4(), "command": add_note(Uuid::new_v4(), "event", &"x".repeat(300_000), 0.0, 0.0) }).to_string(), 413, "too_large"),
        ("a sticky of another board", json!({ "op_id": Uuid::new_v4(), "command": { "type": "delete_note", "id": b.other_note } }).to_string(), 422, "unknown_note"),
    ] {
        let before = b.head().await;
        let (s, body) = b.app.post_raw(&commands, body).await;
        assert_eq!((s, body["error"].as_str()), (status, Some(code)), "{name}: {body}");
        b.done(&format!("POST command, {name}: {status} {code}"), before, 0).await;
    }

    let before = b.head().await;
    let (s, body) = b
        .app
        .command(
            &b.view_id,
            Uuid::new_v4(),
            json!({ "type": "delete_note", "id": b.note }),
        )
        .await;
    assert_eq!((s, body["error"].as_str()), (403, Some("forbidden")));
    b.done("POST command on a view-only link: 403 forbidden", before, 0)
        .await;

    let before = b.head().await;
    let (s, _) = b
        .app
        .post_raw(
            "/api/boards",
            json!({ "title": "t".repeat(100_000) }).to_string(),
        )
        .await;
    assert_eq!(s, 413);
    let (s, body) = b
        .app
        .post_raw(
            "/api/boards",
            json!({ "title": "t".repeat(201) }).to_string(),
        )
        .await;
    assert_eq!((s, body["error"].as_str()), (422, Some("invalid_title")));
    let (s, body) = b
        .app
        .post_raw("/api/boards", json!({ "title": 5 }).to_string())
        .await;
    assert_eq!((s, body["error"].as_str()), (400, Some("invalid_request")));
    b.done(
        "create a board with a 100 KB, a 201-character or a numeric title: 413, 422, 400",
        before,
        0,
    )
    .await;

    for path in [
        "/api/boards/..%2F..%2Fetc%2Fpasswd".to_owned(),
        "/api/boards/%00".to_owned(),
        "/api/boards/..".to_owned(),
        format!("/api/boards/{}", "a".repeat(10_000)),
        format!("/api/boards/{}%20OR%201=1", b.board),
        format!("/api/boards/{}", b.board.to_uppercase()),
        "/api/boards/0123456789abcdef0123456789abcdef/events".to_owned(),
        "/static/../../Cargo.toml".to_owned(),
        "/static/%2e%2e/%2e%2e/Cargo.toml".to_owned(),
        "/static/..%2f..%2fCargo.toml".to_owned(),
        "/static/%2fetc%2fpasswd".to_owned(),
        "/b/..%2f..%2fetc%2fpasswd".to_owned(),
    ] {
        let before = b.head().await;
        let res = b.app.http.get(b.app.url(&path)).send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        assert!(
            status == 404 || status == 400,
            "{path}: {status} {}",
            &text[..text.len().min(200)]
        );
        assert!(
            !text.contains("[workspace]") && !text.contains("root:"),
            "{path} leaked a file"
        );
        b.done(
            &format!("GET {}: {status}", &path[..path.len().min(60)]),
            before,
            0,
        )
        .await;
    }

    let before = b.head().await;
    let res = b
        .app
        .http
        .get(b.app.url("/api/boards/0123456789abcdef0123456789abcdef/ws"))
        .header("connection", "upgrade")
        .header("upgrade", "websocket")
        .header("sec-websocket-version", "13")
        .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    b.done("WebSocket upgrade for an unknown board: 404", before, 0)
        .await;

    for (query, status, code) in [
        ("export?format=../../etc/passwd", 400, "invalid_query"),
        ("export?format=markdown&at=-1", 400, "invalid_query"),
        ("events?after=-1", 400, "invalid_query"),
        ("events?limit=abc", 400, "invalid_query"),
    ] {
        let before = b.head().await;
        let (s, body) = b.app.get(&format!("/api/boards/{}/{query}", b.board)).await;
        assert_eq!(
            (s, body["error"].as_str()),
            (status, Some(code)),
            "{query}: {body}"
        );
        b.done(&format!("GET {query}: {status} {code}"), before, 0)
            .await;
    }

    let before = b.head().await;
    let (s, body) = b
        .app
        .get(&format!(
            "/api/boards/{}/events?after=18446744073709551615",
            b.board
        ))
        .await;
    assert_eq!((s, &body["events"]), (200, &json!([])));
    b.done("events after 2^64-1: an empty page", before, 0)
        .await;

    let before = b.head().await;
    let (s, body) = b
        .app
        .post_raw(
            &format!("/api/boards/{}/fork", b.board),
            json!({ "at": 99_999 }).to_string(),
        )
        .await;
    assert_eq!((s, body["error"].as_str()), (400, Some("invalid_seq")));
    b.done(
        "fork at a seq the board never had: 400 invalid_seq",
        before,
        0,
    )
    .await;

    let before = b.head().await;
    let backup = json!({
        "format": "eventstorm-backup/1",
        "title": "Forged",
        "seq": 2,
        "events": [
            { "seq": 1, "op_id": Uuid::new_v4(), "actor": "x", "at": "2026-01-01T00:00:00Z", "event": { "type": "board_created", "title": "Forged" } },
            { "seq": 2, "op_id": Uuid::new_v4(), "actor": "x", "at": "2026-01-01T00:00:00Z", "event": { "type": "note_deleted", "id": Uuid::new_v4(), "connectors": [] } }
        ]
    });
    let boards_before = b.app.store().list_boards().await.unwrap().len();
    let (s, body) = b
        .app
        .post_raw("/api/boards/import", backup.to_string())
        .await;
    assert_eq!(s, 400, "{body}");
    assert!(
        body["error"] == "invalid_backup" || body["error"] == "invalid_request",
        "{body}"
    );
    let (s, _) = b
        .app
        .post_raw("/api/boards/import", deep_arrays(100_000))
        .await;
    assert_eq!(s, 400);
    assert_eq!(
        b.app.store().list_boards().await.unwrap().len(),
        boards_before,
        "no board created"
    );
    b.done(
        "import of a forged or nested backup: 400, no board created",
        before,
        0,
    )
    .await;

    let before = b.head().await;
    let res = b
        .app
        .http
        .put(b.app.url("/api/boards"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
    b.done("PUT /api/boards: 405", before, 0).await;

    println!("{} HTTP cases", b.cases);
}

#[tokio::test]
async fn markup_in_every_text_field_is_stored_verbatim_and_escaped_in_exports() {
    let app = spawn_app(Db::fresh_sqlite()).await;
    let title = format!("{MARKUP} ../../etc/passwd\"; filename=evil.exe");
    let (status, created) = app
        .post_raw("/api/boards", json!({ "title": title }).to_string())
        .await;
    assert_eq!(status, 201);
    assert_eq!(created["title"], title);
    let board = created["id"].as_str().unwrap().to_owned();
    let (mut c, welcome) = Client::join(&app.ws_url(&board), NAME_MARKUP, 0).await;
    assert_eq!(welcome["board"]["title"], title);
    assert_eq!(
        welcome["participant"]["name"], NAME_MARKUP,
        "names are data"
    );

    let (a, bnote, conn, frame) = (
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
    );
    let details = json!({
        "description": MARKUP,
        "fields": [{ "name": MARKUP, "type": MARKUP, "required": true, "description": MARKUP }],
        "pivotal": true,
        "dead_letter": MARKUP,
    });
    let commands = [
        json!({ "type": "add_note", "id": a, "kind": "event", "text": MARKUP, "x": 0, "y": 0, "details": details }),
        json!({ "type": "add_note", "id": bnote, "kind": "policy", "text": format!("| {MARKUP} | `x` *y* [l](javascript:alert(3))"), "x": 300, "y": 0 }),
        json!({ "type": "add_connector", "id": conn, "from": a, "to": bnote, "label": MARKUP }),
        json!({ "type": "add_frame", "id": frame, "kind": "bounded_context", "name": MARKUP, "x": -50, "y": -50, "w": 800, "h": 400 }),
        json!({ "type": "rename_board", "title": format!("{MARKUP} renamed") }),
    ];
    for cmd in commands {
        let op = Uuid::new_v4();
        c.command(op, cmd.clone()).await;
        assert_eq!(c.outcome(op).await["type"], "ack", "{cmd}");
    }
    let view = app.board(&board).await;
    let note = view["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == a.to_string())
        .unwrap();
    assert_eq!(note["text"], MARKUP);
    assert_eq!(note["details"]["description"], MARKUP);
    assert_eq!(note["details"]["fields"][0]["name"], MARKUP);
    assert_eq!(note["details"]["dead_letter"], MARKUP);
    assert_eq!(view["connectors"][0]["label"], MARKUP);
    assert_eq!(view["frames"][0]["name"], MARKUP);
    assert_eq!(view["title"], format!("{MARKUP} renamed"));
    let events = app.all_events(&board).await;
    assert!(
        events
            .iter()
            .skip(1)
            .all(|e| e["actor"].as_str().unwrap().starts_with(NAME_MARKUP)),
        "the actor is the name, verbatim: {events:?}"
    );

    let res = app
        .http
        .get(app.url(&format!("/api/boards/{board}/export?format=markdown")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let disposition = res
        .headers()
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let markdown = res.text().await.unwrap();
    for raw in ["<script", "<img", "[l](javascript"] {
        assert!(
            !markdown.contains(raw),
            "{raw} in the Markdown:\n{markdown}"
        );
    }
    assert!(markdown.contains("&lt;script&gt;"), "{markdown}");
    let filename = disposition
        .split("filename=\"")
        .nth(1)
        .unwrap()
        .trim_end_matches('"');
    assert!(
        filename
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'),
        "{disposition}"
    );
    assert!(
        !filename.contains("..") && filename.ends_with(".md"),
        "{disposition}"
    );

    let res = app
        .http
        .get(app.url(&format!("/b/{board}")))
        .send()
        .await
        .unwrap();
    let page = res.text().await.unwrap();
    assert!(!page.contains(MARKUP), "the page escapes the title");
    for format in ["json", "asyncapi", "asyncapi-json"] {
        let res = app
            .http
            .get(app.url(&format!("/api/boards/{board}/export?format={format}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{format}");
    }
    let (status, _) = app.get("/healthz").await;
    assert_eq!(status, 200);
    println!(
        "ok markup in the title, name, sticky text, description, fields, dead letter, connector label and frame name: verbatim as data, escaped in Markdown and HTML ({disposition})"
    );
}
