//! A WebSocket test client speaking the protocol.

use std::borrow::Cow;
use std::time::Duration;

use eventstorm_protocol::parts::Reassembler;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};
use uuid::Uuid;

/// The participant secret a test client named `name` joins with (names with characters a
/// secret may not hold join without a valid one, and get a fresh id).
pub fn participant_secret(name: &str) -> String {
    format!("{name}-participant-secret")
}

pub struct Client {
    pub socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    /// The last event seq this client has seen.
    pub seq: u64,
    /// Puts messages sent as `parts` back together.
    parts: Reassembler,
}

/// How long a test waits for an expected frame before failing.
pub const WAIT: Duration = Duration::from_secs(10);

impl Client {
    pub async fn connect(url: &str) -> Client {
        let (socket, _) = connect_async(url).await.expect("websocket connects");
        Client::over(socket, 0)
    }

    /// A client on an open socket whose last seen seq is `seq`.
    pub fn over(socket: WebSocketStream<MaybeTlsStream<TcpStream>>, seq: u64) -> Client {
        Client {
            socket,
            seq,
            parts: Reassembler::new(),
        }
    }

    /// Connects and joins; returns the client and the welcome.
    pub async fn join(url: &str, name: &str, since: u64) -> (Client, Value) {
        Client::join_as(url, name, &participant_secret(name), since).await
    }

    /// Joins under `name` as the participant whose secret is `secret` (a rename is the same
    /// secret under another name).
    pub async fn join_as(url: &str, name: &str, secret: &str, since: u64) -> (Client, Value) {
        let mut c = Client::connect(url).await;
        c.send(json!({
            "type": "join",
            "since": since,
            "name": name,
            "participant_secret": secret,
        }))
        .await;
        c.seq = since;
        let welcome = c.next_of("welcome").await;
        (c, welcome)
    }

    /// Connects and sends `join` as it is; returns the client and the welcome.
    pub async fn join_with(url: &str, join: Value) -> (Client, Value) {
        let mut c = Client::connect(url).await;
        c.send(join).await;
        let welcome = c.next_of("welcome").await;
        (c, welcome)
    }

    /// Sends a command under a fresh op id and waits for its ack or rejection.
    pub async fn run(&mut self, command: Value) -> Value {
        let op = Uuid::new_v4();
        self.command(op, command).await;
        self.outcome(op).await
    }

    pub async fn send(&mut self, v: Value) {
        self.socket
            .send(Message::Text(v.to_string().into()))
            .await
            .expect("send");
    }

    pub async fn send_text(&mut self, t: String) {
        self.socket
            .send(Message::Text(t.into()))
            .await
            .expect("send");
    }

    pub async fn command(&mut self, op_id: Uuid, command: Value) {
        self.send(json!({ "type": "command", "op_id": op_id, "command": command }))
            .await;
    }

    /// The next server message as JSON, or None when the socket closed. A welcome without
    /// `events` comes back with the `board` that must follow it folded in as `board`, so a
    /// test reads one join as one value.
    pub async fn next(&mut self) -> Option<Value> {
        let mut v = self.next_message().await?;
        if v["type"] == "welcome" {
            // Caught up to the board's seq, or to the last event the welcome holds (further
            // catch-up events follow as frames).
            self.seq = match v["events"].as_array().and_then(|e| e.last()) {
                Some(last) => last["seq"].as_u64().unwrap(),
                None if v.get("events").is_some() => self.seq,
                None => {
                    let board = self.next_message().await?;
                    assert_eq!(board["type"], "board", "the board follows the welcome");
                    assert_eq!(
                        board["board"]["seq"], v["seq"],
                        "the board at the welcome's seq"
                    );
                    v["board"] = board["board"].clone();
                    v["seq"].as_u64().unwrap()
                }
            };
        }
        if v["type"] == "retract" {
            // Events after `after_seq` did not happen; the committed board follows.
            let board = self.next_message().await?;
            assert_eq!(board["type"], "board", "the board follows a retract");
            assert_eq!(board["board"]["seq"], v["after_seq"]);
            v["board"] = board["board"].clone();
            self.seq = v["after_seq"].as_u64().unwrap();
        }
        if v["type"] == "event" {
            let seq = v["seq"].as_u64().unwrap();
            // Every client must see every event once, in order: no gap, no repeat.
            assert_eq!(seq, self.seq + 1, "event seq {seq} after {}", self.seq);
            self.seq = seq;
        }
        Some(v)
    }

    /// The next message, put together from parts if it came in parts.
    async fn next_message(&mut self) -> Option<Value> {
        loop {
            let msg = tokio::time::timeout(WAIT, self.socket.next())
                .await
                .expect("a frame in time")?;
            let text = match &msg {
                Ok(Message::Text(t)) => self.parts.text(t.as_str()).expect("parts in order"),
                Ok(Message::Binary(b)) => self
                    .parts
                    .binary(b)
                    .expect("parts in order")
                    .map(Cow::Owned),
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => continue,
            };
            if let Some(text) = text {
                return Some(serde_json::from_str(&text).expect("server messages are JSON"));
            }
        }
    }

    /// The next frame of `kind`, skipping others (presence, participants, ...).
    pub async fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let v = self
                .next()
                .await
                .unwrap_or_else(|| panic!("socket closed while waiting for {kind}"));
            if v["type"] == kind {
                return v;
            }
        }
    }

    /// Waits for the ack or rejection of `op_id`, collecting event frames on the way.
    pub async fn outcome(&mut self, op_id: Uuid) -> Value {
        loop {
            let v = self.next().await.expect("socket open");
            if (v["type"] == "ack" || v["type"] == "rejected") && v["op_id"] == op_id.to_string() {
                return v;
            }
        }
    }

    /// Reads event frames until `seq` is reached; returns them.
    pub async fn events_until(&mut self, seq: u64) -> Vec<Value> {
        let mut out = Vec::new();
        while self.seq < seq {
            let v = self.next().await.expect("socket open");
            if v["type"] == "event" {
                out.push(v);
            }
        }
        out
    }

    /// Whether nothing but presence/participants arrives within `d`.
    pub async fn quiet_for(&mut self, d: Duration) -> Vec<Value> {
        let mut seen = Vec::new();
        let deadline = tokio::time::Instant::now() + d;
        while let Ok(Some(Ok(Message::Text(t)))) =
            tokio::time::timeout_at(deadline, self.socket.next()).await
        {
            seen.push(serde_json::from_str(t.as_str()).unwrap());
        }
        seen
    }
}
