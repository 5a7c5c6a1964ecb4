//! The whole load generator against a stub server that speaks just enough of the protocol
//! (board creation, welcome, events, acks) and misbehaves on purpose: it drops some events
//! on their way to some clients, sends some twice, and skips seq numbers. The stub counts what
//! it did to each connection; the generator's report must show exactly that.

// tungstenite's handshake callback fixes its error type (an HTTP response).
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use eventstorm_loadgen::{RunConfig, run};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};

/// Which deliveries the stub tampers with (only `notes_moved`, the measured commands).
#[derive(Clone, Copy)]
struct Faults {
    /// Every `skip_every`-th move commit skips one seq number before its event.
    skip_every: u64,
    /// An event goes missing for a receiver (not its sender) when (seq + conn) % drop_mod == 0.
    drop_mod: u64,
    /// An event is sent twice to a receiver when (seq + 2 * conn) % dup_mod == 0.
    dup_mod: u64,
}

const FAULTY: Faults = Faults {
    skip_every: 7,
    drop_mod: 13,
    dup_mod: 17,
};

const FAITHFUL: Faults = Faults {
    skip_every: u64::MAX,
    drop_mod: u64::MAX,
    dup_mod: u64::MAX,
};

/// What the stub did, counted from the frames it actually queued per connection.
#[derive(Default, Debug)]
struct Oracle {
    /// Move events each other client should have had (one per commit per other client).
    expected: u64,
    /// Of those, withheld.
    dropped: u64,
    /// Extra copies sent.
    duplicated: u64,
    /// Seq numbers skipped by the "server".
    skipped: u64,
    /// Per connection: times its stream jumped past the next seq, and seqs jumped over.
    gaps: u64,
    gap_seqs: u64,
    moves: u64,
    last_sent: HashMap<u64, u64>,
}

#[derive(Default)]
struct Board {
    head: u64,
    move_commits: u64,
    conns: Vec<(u64, mpsc::UnboundedSender<String>)>,
}

#[derive(Default)]
struct Stub {
    boards: Mutex<HashMap<String, Board>>,
    oracle: Mutex<Oracle>,
    next_id: Mutex<u64>,
}

impl Stub {
    /// Queues `frame` (an event at `seq`) for connection `conn`, keeping the oracle's count of
    /// the gaps that connection will see.
    fn queue_event(&self, conn: u64, tx: &mpsc::UnboundedSender<String>, seq: u64, frame: &str) {
        let mut o = self.oracle.lock().unwrap();
        let last = o.last_sent.get(&conn).copied().unwrap_or(0);
        if seq > last + 1 {
            o.gaps += 1;
            o.gap_seqs += seq - last - 1;
        }
        o.last_sent.insert(conn, last.max(seq));
        let _ = tx.send(frame.to_owned());
    }
}

async fn start_stub(faults: Faults) -> (SocketAddr, Arc<Stub>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stub = Arc::new(Stub::default());
    let s = stub.clone();
    tokio::spawn(async move {
        let mut next_conn = 0u64;
        while let Ok((stream, _)) = listener.accept().await {
            next_conn += 1;
            tokio::spawn(serve_conn(stream, s.clone(), next_conn, faults));
        }
    });
    (addr, stub)
}

async fn serve_conn(stream: TcpStream, stub: Arc<Stub>, conn: u64, faults: Faults) {
    let mut first = [0u8; 4];
    loop {
        match stream.peek(&mut first).await {
            Ok(4) => break,
            Ok(0) | Err(_) => return,
            Ok(_) => tokio::time::sleep(Duration::from_millis(1)).await,
        }
    }
    if &first == b"POST" {
        create_board(stream, &stub).await;
    } else {
        websocket(stream, stub, conn, faults).await;
    }
}

/// `POST /api/boards`: reads the request, answers 201 with a fresh id.
async fn create_board(mut stream: TcpStream, stub: &Stub) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    let body_start = loop {
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "request ended early");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..body_start]).to_lowercase();
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse().unwrap())
        .unwrap_or(0);
    while buf.len() < body_start + len {
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "body ended early");
        buf.extend_from_slice(&chunk[..n]);
    }
    let id = {
        let mut n = stub.next_id.lock().unwrap();
        *n += 1;
        format!("stubboard{:016}", *n)
    };
    stub.boards
        .lock()
        .unwrap()
        .insert(id.clone(), Board::default());
    let body = json!({ "id": id }).to_string();
    let res = format!(
        "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(res.as_bytes()).await.unwrap();
    let _ = stream.shutdown().await;
}

async fn websocket(stream: TcpStream, stub: Arc<Stub>, conn: u64, faults: Faults) {
    let path = Arc::new(Mutex::new(String::new()));
    let p = path.clone();
    let Ok(ws) =
        tokio_tungstenite::accept_hdr_async(stream, move |req: &Request, res: Response| {
            *p.lock().unwrap() = req.uri().path().to_owned();
            Ok(res)
        })
        .await
    else {
        return;
    };
    let board_id = path
        .lock()
        .unwrap()
        .trim_start_matches("/api/boards/")
        .trim_end_matches("/ws")
        .to_owned();
    let (mut sink, mut stream) = ws.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<String>();
    let writer = tokio::spawn(async move {
        while let Some(frame) = rx.recv().await {
            if sink.send(Message::text(frame)).await.is_err() {
                return;
            }
        }
    });
    while let Some(Ok(msg)) = stream.next().await {
        let Message::Text(text) = msg else { continue };
        let v: Value = serde_json::from_str(text.as_str()).unwrap();
        match v["type"].as_str().unwrap() {
            "join" => {
                let mut boards = stub.boards.lock().unwrap();
                let board = boards.get_mut(&board_id).expect("a created board");
                board.conns.push((conn, tx.clone()));
                stub.oracle
                    .lock()
                    .unwrap()
                    .last_sent
                    .insert(conn, board.head);
                let welcome = json!({
                    "type": "welcome",
                    "participant": { "id": conn.to_string(), "name": "x", "colour": "#000" },
                    "participants": [],
                    "seq": board.head,
                    "server_time": 0,
                    "read_only": false,
                });
                let _ = tx.send(welcome.to_string());
            }
            "command" => {
                let mut boards = stub.boards.lock().unwrap();
                let board = boards.get_mut(&board_id).unwrap();
                let is_move = v["command"]["type"] == "move_notes";
                if is_move {
                    board.move_commits += 1;
                    if board.move_commits.is_multiple_of(faults.skip_every) {
                        board.head += 1;
                        stub.oracle.lock().unwrap().skipped += 1;
                    }
                }
                board.head += 1;
                let seq = board.head;
                let op_id = v["op_id"].as_str().unwrap();
                let frame = json!({
                    "type": "event", "seq": seq, "op_id": op_id, "actor": "x",
                    "at": "2024-01-01T00:00:00.000Z",
                    "event": { "type": "notes_moved", "moves": [] },
                })
                .to_string();
                if is_move {
                    let mut o = stub.oracle.lock().unwrap();
                    o.moves += 1;
                    o.expected += board.conns.len() as u64 - 1;
                }
                for (r, rtx) in &board.conns {
                    let other = *r != conn;
                    if is_move && other && (seq + r).is_multiple_of(faults.drop_mod) {
                        stub.oracle.lock().unwrap().dropped += 1;
                        continue;
                    }
                    stub.queue_event(*r, rtx, seq, &frame);
                    if is_move && other && (seq + 2 * r).is_multiple_of(faults.dup_mod) {
                        stub.oracle.lock().unwrap().duplicated += 1;
                        let _ = rtx.send(frame.clone());
                    }
                }
                let ack = json!({ "type": "ack", "op_id": op_id, "first_seq": seq, "seq": seq });
                let _ = tx.send(ack.to_string());
            }
            _ => {}
        }
    }
    for board in stub.boards.lock().unwrap().values_mut() {
        board.conns.retain(|(c, _)| *c != conn);
    }
    drop(tx);
    writer.abort();
}

fn config(addr: SocketAddr) -> RunConfig {
    RunConfig {
        url: format!("http://{addr}"),
        boards: 2,
        clients: 4,
        rate: 40.0,
        duration: Duration::from_millis(1_500),
        warmup: Duration::ZERO,
        grace: Duration::from_millis(700),
        pid: None,
        connect_concurrency: 8,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_exactly_the_loss_duplicates_and_gaps_the_stub_injected() {
    let (addr, stub) = start_stub(FAULTY).await;
    let report = run(&config(addr)).await.expect("the run completes");
    let o = stub.oracle.lock().unwrap();
    let t = &report.totals;
    // The stub really misbehaved, in every way, so the equalities below mean something.
    assert!(o.dropped >= 5, "{o:?}");
    assert!(o.duplicated >= 5, "{o:?}");
    assert!(o.skipped >= 5, "{o:?}");
    assert!(o.moves >= 200, "{o:?}");

    assert_eq!(t.acked, o.moves, "every move was acked and counted");
    assert_eq!(t.sent_measured, o.moves);
    assert_eq!(t.unanswered, 0);
    assert_eq!(t.delivery.expected, o.expected);
    assert_eq!(t.delivery.lost, o.dropped);
    assert_eq!(t.delivery.delivered, o.expected - o.dropped);
    assert_eq!(t.duplicates, o.duplicated);
    assert_eq!(t.seq_gaps, o.gaps);
    assert_eq!(t.gap_seqs, o.gap_seqs);
    assert_eq!(t.late, 0);
    assert_eq!(t.fanout.count, o.expected - o.dropped);
    assert_eq!(t.ack.count, o.moves);
    assert!(!report.clean());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_faithful_stub_gives_a_clean_report() {
    let (addr, stub) = start_stub(FAITHFUL).await;
    let report = run(&config(addr)).await.expect("the run completes");
    let o = stub.oracle.lock().unwrap();
    let t = &report.totals;
    assert!(o.moves >= 200, "{o:?}");
    assert_eq!((o.dropped, o.duplicated, o.skipped, o.gaps), (0, 0, 0, 0));
    assert_eq!(t.delivery.expected, o.expected);
    assert_eq!(t.delivery.lost, 0);
    assert_eq!(t.duplicates + t.seq_gaps + t.late, 0);
    assert!(report.clean(), "{t:?}");
}
