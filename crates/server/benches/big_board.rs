//! Big boards through the release binary: for boards of 1,000, 5,000 and 10,000 stickies, the
//! time a participant takes to join from scratch (connect, `join`, until the whole board has
//! arrived) and the bytes it receives, and the server's resident memory per loaded board.
//! Prints a table; medians of `RUNS` joins.
//!
//! `cargo bench -p eventstorm-server --bench big_board`

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use eventstorm_protocol::parts::Reassembler;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::connect_async;
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;

const SIZES: [usize; 3] = [1_000, 5_000, 10_000];
const RUNS: usize = 5;

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start(db: &str) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_eventstorm"))
        .env("DATABASE_URL", db)
        .env("EVENTSTORM_BIND", format!("127.0.0.1:{port}"))
        .env("EVENTSTORM_LOG", "warn")
        .env("EVENTSTORM_COMMAND_RATE", "100000")
        .env("EVENTSTORM_COMMAND_BURST", "100000")
        .stdout(Stdio::null())
        .spawn()
        .expect("the binary starts");
    // Owned at once, so the process is killed and waited for on every path.
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let http = reqwest::Client::new();
    for _ in 0..400 {
        if http
            .get(format!("{}/healthz", server.base))
            .send()
            .await
            .is_ok()
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the server did not come up");
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The next whole message (reassembled from parts) and the bytes its frames carried.
async fn next(ws: &mut Socket, parts: &mut Reassembler) -> (Value, usize) {
    let mut bytes = 0;
    loop {
        let msg = ws.next().await.expect("open").expect("a frame");
        let text = match &msg {
            Message::Text(t) => {
                bytes += t.len();
                parts.text(t.as_str()).unwrap().map(|t| t.into_owned())
            }
            Message::Binary(b) => {
                bytes += b.len();
                parts.binary(b).unwrap()
            }
            _ => None,
        };
        if let Some(text) = text {
            return (serde_json::from_str(&text).unwrap(), bytes);
        }
    }
}

/// Joins from scratch; the time until the board has arrived and the bytes received.
async fn join(server: &Server, board: &str) -> (Duration, usize, usize) {
    let started = Instant::now();
    let url = format!(
        "{}/api/boards/{board}/ws",
        server.base.replace("http", "ws")
    );
    let (mut ws, _) = connect_async(url).await.unwrap();
    let join = json!({ "type": "join", "since": 0, "name": "Bench", "client_id": "bench" });
    ws.send(Message::text(join.to_string())).await.unwrap();
    let mut parts = Reassembler::new();
    let mut total = 0;
    loop {
        let (v, bytes) = next(&mut ws, &mut parts).await;
        total += bytes;
        if v["type"] == "board" {
            let notes = v["board"]["notes"].as_array().unwrap().len();
            return (started.elapsed(), total, notes);
        }
    }
}

/// A board of `n` stickies with workshop-like texts, a fifth of them with details.
async fn seed(server: &Server, n: usize) -> String {
    let http = reqwest::Client::new();
    let created: Value = http
        .post(format!("{}/api/boards", server.base))
        .json(&json!({ "title": format!("{n} stickies") }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let board = created["id"].as_str().unwrap().to_owned();
    let url = format!(
        "{}/api/boards/{board}/ws",
        server.base.replace("http", "ws")
    );
    let (mut ws, _) = connect_async(url).await.unwrap();
    let join = json!({ "type": "join", "since": 0, "name": "Seeder", "client_id": "seeder" });
    ws.send(Message::text(join.to_string())).await.unwrap();
    for i in 0..n {
        let mut cmd = json!({
            "type": "add_note", "id": Uuid::new_v4(), "kind": "event",
            "text": format!("Reservation Confirmed For Guest {i}"),
            "x": (i % 100) as f64 * 160.0, "y": (i / 100) as f64 * 120.0,
        });
        if i.is_multiple_of(5) {
            cmd["details"] = json!({
                "description": "Sent once the deposit has cleared and the room is held.",
                "fields": [{ "name": "reservationId", "type": "uuid", "required": true },
                           { "name": "guest", "type": "string" }],
            });
        }
        let msg = json!({ "type": "command", "op_id": Uuid::new_v4(), "command": cmd });
        ws.feed(Message::text(msg.to_string())).await.unwrap();
    }
    ws.flush().await.unwrap();
    let mut parts = Reassembler::new();
    let mut acks = 0;
    while acks < n {
        let (v, _) = next(&mut ws, &mut parts).await;
        match v["type"].as_str() {
            Some("ack") => acks += 1,
            Some("rejected") => panic!("{v}"),
            _ => {}
        }
    }
    board
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("eventstorm-bigbench-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("bench.db").display());
    let mut boards = Vec::new();
    {
        let server = start(&db).await;
        for n in SIZES {
            boards.push((n, seed(&server, n).await));
        }
    }
    // A fresh process: no board loaded yet.
    let server = start(&db).await;
    let pid = server.child.id();
    println!(
        "| stickies | join from scratch (median of {RUNS}) | bytes received | server RSS for the loaded board |"
    );
    println!("|---|---|---|---|");
    for (n, board) in &boards {
        let before = rss_kib(pid);
        let mut times = Vec::new();
        let mut bytes = 0;
        for _ in 0..RUNS {
            let (t, b, notes) = join(&server, board).await;
            assert_eq!(notes, *n);
            times.push(t.as_secs_f64() * 1000.0);
            bytes = b;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let after = rss_kib(pid);
        println!(
            "| {n} | {:.1} ms (first, loading it: {:.1} ms) | {:.2} MB | {:.1} MiB |",
            median(times[1..].to_vec()),
            times[0],
            bytes as f64 / 1e6,
            after.saturating_sub(before) as f64 / 1024.0
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
