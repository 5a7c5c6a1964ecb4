//! Clients that behave like the browser's outbox: every command stays in the outbox until it
//! is answered; after a reconnect (or a retryable rejection) it is resent with the same op id
//! and the same content. A client's [`Ledger`] records what it saw, and [`verify`] holds the
//! ledgers against the stored event log: every acknowledged command exists exactly once with
//! the seqs its ack named, and the log has no gap.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use rand::Rng;
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};
use uuid::Uuid;

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How a client behaves.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The board's WebSocket URL (a restarted server keeps its port).
    pub url: String,
    pub name: String,
    /// Unanswered commands in flight at most.
    pub window: usize,
    /// Time between new commands.
    pub pace: Duration,
    /// New commands at most.
    pub max_ops: usize,
    /// Resend a retryable rejection after this long.
    pub retry_after: Duration,
}

impl Plan {
    pub fn new(url: String, name: &str) -> Plan {
        Plan {
            url,
            name: name.to_owned(),
            window: 16,
            pace: Duration::from_millis(4),
            max_ops: usize::MAX,
            retry_after: Duration::from_millis(250),
        }
    }
}

/// What one client sent and saw.
#[derive(Debug, Default)]
pub struct Ledger {
    pub name: String,
    /// Op ids in the order they were created.
    pub order: Vec<Uuid>,
    /// The command of each op (resent verbatim).
    pub commands: HashMap<Uuid, Value>,
    /// `(first_seq, seq)` of each acknowledged op.
    pub acked: HashMap<Uuid, (u64, u64)>,
    /// Acks with `duplicate: true`.
    pub duplicates: usize,
    /// Sends of an op after its first.
    pub resends: usize,
    /// Ops sent more than once.
    pub resent_ops: HashSet<Uuid>,
    /// Retryable rejections (`unavailable`, `rate_limited`).
    pub retryable: usize,
    /// Non-retryable rejections: must never happen to these well-formed commands.
    pub refused: Vec<Value>,
    /// Connections made (the first one included).
    pub connections: usize,
    /// Joins answered with an error (`unavailable` while the database is down).
    pub join_errors: usize,
    /// Events seen out of order (a gap or a repeat on one connection).
    pub order_errors: Vec<String>,
    /// An op acknowledged twice with different seqs.
    pub ack_mismatches: Vec<String>,
    /// The last event seq seen.
    pub seq: u64,
    /// The op of every event this client holds, by seq (checked against the stored log).
    /// Events taken back (`retract`) or replaced by a full board leave it.
    pub seen: BTreeMap<u64, Uuid>,
    /// The `at` of the last event held, which names it when rejoining.
    pub last_at: Option<String>,
    /// Events taken back by the server (`retract`) or replaced by a full board.
    pub withdrawn: usize,
    /// `retract` frames received (a commit failed after its events went out).
    pub retracts: usize,
    /// The highest seq this client knows is committed: an ack's seq (commits are in seq
    /// order, so everything up to it is stored), a full board's, a retraction's. Events held
    /// above it when the client stopped were sent before their commit and may still have been
    /// taken back after it stopped listening.
    pub committed_through: u64,
    /// Ops still unanswered when the client stopped.
    pub unanswered: Vec<Uuid>,
    /// The longest wait for any answer on an open connection.
    pub longest_wait: Duration,
}

/// A client with an outbox.
pub struct Worker {
    plan: Plan,
    ledger: Ledger,
    /// Unanswered ops by creation index (resent in that order).
    outbox: BTreeMap<usize, Uuid>,
    index: HashMap<Uuid, usize>,
    /// When each unanswered op was last sent on the current connection.
    sent_at: HashMap<Uuid, Instant>,
    /// Retryable rejections waiting to be resent.
    retry: Vec<(Instant, Uuid)>,
    /// Ops sent at least once.
    sent: HashSet<Uuid>,
    /// Notes this client added and saw acknowledged (only these are moved or edited).
    notes: Vec<Uuid>,
    /// Note added by each pending `add_note` op.
    adding: HashMap<Uuid, Uuid>,
    counter: u64,
    slot: u64,
}

enum Next {
    Reconnect,
    Stop,
}

impl Worker {
    /// `slot` keeps this client's coordinates apart from the others'.
    pub fn new(plan: Plan, slot: u64) -> Worker {
        let ledger = Ledger {
            name: plan.name.clone(),
            ..Ledger::default()
        };
        Worker {
            plan,
            ledger,
            outbox: BTreeMap::new(),
            index: HashMap::new(),
            sent_at: HashMap::new(),
            retry: Vec::new(),
            sent: HashSet::new(),
            notes: Vec::new(),
            adding: HashMap::new(),
            counter: 0,
            slot,
        }
    }

    /// Sends new commands until `stop` turns true (or `max_ops` is reached), then keeps
    /// reconnecting and resending until every command is answered or `deadline` passes.
    pub async fn run(mut self, stop: watch::Receiver<bool>, deadline: Instant) -> Ledger {
        loop {
            if self.finished(&stop) || Instant::now() >= deadline {
                break;
            }
            let Some(mut ws) = self.connect(deadline).await else {
                continue;
            };
            match self.session(&mut ws, &stop, deadline).await {
                Next::Stop => {
                    let _ = ws.close(None).await;
                    break;
                }
                Next::Reconnect => {
                    self.sent_at.clear();
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }
        self.ledger.unanswered = self.outbox.values().copied().collect();
        self.ledger
    }

    fn generating(&self, stop: &watch::Receiver<bool>) -> bool {
        !*stop.borrow() && self.ledger.order.len() < self.plan.max_ops
    }

    fn finished(&self, stop: &watch::Receiver<bool>) -> bool {
        !self.generating(stop) && self.outbox.is_empty()
    }

    /// Connects and joins with the last seq seen; `None` to try again.
    async fn connect(&mut self, deadline: Instant) -> Option<Socket> {
        let attempt = tokio::time::timeout(Duration::from_secs(5), connect_async(&self.plan.url));
        let mut ws = match attempt.await {
            Ok(Ok((ws, _))) => ws,
            _ => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                return None;
            }
        };
        self.ledger.connections += 1;
        let mut join = json!({
            "type": "join",
            "since": self.ledger.seq,
            "name": self.plan.name,
            "client_id": format!("{}-outbox", self.plan.name),
        });
        // Name the event held at `since`: if it was sent but never committed, the server
        // answers with the whole board.
        if let (Some(op), Some(at)) = (self.ledger.seen.get(&self.ledger.seq), &self.ledger.last_at)
        {
            join["since_event"] = json!({ "op_id": op, "at": at });
        }
        if ws
            .send(Message::Text(join.to_string().into()))
            .await
            .is_err()
        {
            return None;
        }
        loop {
            let wait = deadline.saturating_duration_since(Instant::now()) + Duration::from_secs(1);
            let frame =
                match tokio::time::timeout(wait.min(Duration::from_secs(30)), ws.next()).await {
                    Ok(Some(Ok(Message::Text(t)))) => {
                        serde_json::from_str::<Value>(t.as_str()).expect("server frames are JSON")
                    }
                    Ok(Some(Ok(_))) => continue,
                    _ => return None,
                };
            match frame["type"].as_str() {
                Some("welcome") => {
                    self.welcome(&frame);
                    return Some(ws);
                }
                Some("error") => {
                    self.ledger.join_errors += 1;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    return None;
                }
                _ => continue,
            }
        }
    }

    fn welcome(&mut self, frame: &Value) {
        match frame["events"].as_array() {
            Some(events) => {
                for e in events {
                    self.event(e);
                }
            }
            // The whole board (it follows as its own frame): it replaces every event held.
            None => self.replace_history(0, frame["seq"].as_u64().unwrap()),
        }
    }

    /// Drops the events held after `kept` (taken back, or replaced by a board at `seq`).
    fn replace_history(&mut self, kept: u64, seq: u64) {
        let dropped = self.ledger.seen.split_off(&(kept + 1));
        self.ledger.withdrawn += dropped.len();
        self.ledger.seq = seq;
        self.ledger.last_at = None;
        self.ledger.committed_through = self.ledger.committed_through.max(seq);
    }

    fn event(&mut self, e: &Value) {
        let seq = e["seq"].as_u64().unwrap();
        let op: Uuid = e["op_id"].as_str().unwrap().parse().unwrap();
        if let Some(previous) = self.ledger.seen.insert(seq, op)
            && previous != op
        {
            self.ledger
                .order_errors
                .push(format!("seq {seq} was {previous}, then {op}"));
        }
        if seq != self.ledger.seq + 1 {
            self.ledger
                .order_errors
                .push(format!("event {seq} after {}", self.ledger.seq));
        }
        self.ledger.seq = self.ledger.seq.max(seq);
        self.ledger.last_at = e["at"].as_str().map(str::to_owned);
    }

    async fn session(
        &mut self,
        ws: &mut Socket,
        stop: &watch::Receiver<bool>,
        deadline: Instant,
    ) -> Next {
        // The outbox first, in the order the ops were made, with their original op ids.
        let pending: Vec<Uuid> = self.outbox.values().copied().collect();
        self.retry.clear();
        for op in pending {
            if self.send_op(ws, op).await.is_err() {
                return Next::Reconnect;
            }
        }
        let mut tick = tokio::time::interval(self.plan.pace.max(Duration::from_millis(1)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                frame = ws.next() => match frame {
                    Some(Ok(Message::Text(t))) => {
                        let v: Value = serde_json::from_str(t.as_str()).expect("server frames are JSON");
                        if self.frame(&v) {
                            return Next::Reconnect;
                        }
                    }
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return Next::Reconnect,
                    Some(Ok(_)) => {}
                },
                _ = tick.tick() => {
                    if self.finished(stop) {
                        return Next::Stop;
                    }
                    if Instant::now() >= deadline {
                        return Next::Stop;
                    }
                    self.note_waits();
                    let now = Instant::now();
                    let due: Vec<Uuid> = self.retry.iter().filter(|(at, _)| *at <= now).map(|(_, op)| *op).collect();
                    self.retry.retain(|(at, _)| *at > now);
                    for op in due {
                        if self.outbox.values().any(|o| *o == op) && self.send_op(ws, op).await.is_err() {
                            return Next::Reconnect;
                        }
                    }
                    if self.generating(stop) && self.outbox.len() < self.plan.window {
                        let op = self.new_op();
                        if self.send_op(ws, op).await.is_err() {
                            return Next::Reconnect;
                        }
                    }
                }
            }
        }
    }

    fn note_waits(&mut self) {
        for at in self.sent_at.values() {
            self.ledger.longest_wait = self.ledger.longest_wait.max(at.elapsed());
        }
    }

    /// Handles a frame; true to reconnect.
    fn frame(&mut self, v: &Value) -> bool {
        match v["type"].as_str() {
            Some("event") => self.event(v),
            Some("ack") => {
                let op: Uuid = v["op_id"].as_str().unwrap().parse().unwrap();
                let seqs = (v["first_seq"].as_u64().unwrap(), v["seq"].as_u64().unwrap());
                if v["duplicate"] == true {
                    self.ledger.duplicates += 1;
                }
                if let Some(previous) = self.ledger.acked.get(&op)
                    && *previous != seqs
                {
                    self.ledger
                        .ack_mismatches
                        .push(format!("{op}: acked as {previous:?}, then as {seqs:?}"));
                }
                self.ledger.acked.insert(op, seqs);
                self.ledger.committed_through = self.ledger.committed_through.max(seqs.1);
                self.answered(op);
                if let Some(note) = self.adding.remove(&op) {
                    self.notes.push(note);
                }
            }
            Some("rejected") => {
                let op: Uuid = v["op_id"].as_str().unwrap().parse().unwrap();
                if let Some(at) = self.sent_at.remove(&op) {
                    self.ledger.longest_wait = self.ledger.longest_wait.max(at.elapsed());
                }
                if v["retryable"] == true {
                    self.ledger.retryable += 1;
                    self.retry
                        .push((Instant::now() + self.plan.retry_after, op));
                } else {
                    self.ledger.refused.push(v.clone());
                    self.adding.remove(&op);
                    if let Some(i) = self.index.get(&op) {
                        self.outbox.remove(i);
                    }
                }
            }
            Some("resync") => return true,
            Some("retract") => {
                self.ledger.retracts += 1;
                let after = v["after_seq"].as_u64().unwrap();
                self.replace_history(after, after);
            }
            _ => {}
        }
        false
    }

    fn answered(&mut self, op: Uuid) {
        if let Some(at) = self.sent_at.remove(&op) {
            self.ledger.longest_wait = self.ledger.longest_wait.max(at.elapsed());
        }
        if let Some(i) = self.index.get(&op) {
            self.outbox.remove(i);
        }
    }

    async fn send_op(&mut self, ws: &mut Socket, op: Uuid) -> Result<(), ()> {
        let frame = json!({ "type": "command", "op_id": op, "command": self.ledger.commands[&op] });
        if !self.sent.insert(op) {
            self.ledger.resends += 1;
            self.ledger.resent_ops.insert(op);
        }
        self.sent_at.insert(op, Instant::now());
        ws.send(Message::Text(frame.to_string().into()))
            .await
            .map_err(|_| ())
    }

    /// Makes a new command: add a sticky, or move or edit one of this client's acknowledged
    /// stickies to a place or text it never had (so first applications always change the board).
    fn new_op(&mut self) -> Uuid {
        self.counter += 1;
        let op = Uuid::new_v4();
        let n = self.counter;
        let x = (self.slot * 20_000 + n % 20_000) as f64;
        let y = (n / 20_000) as f64 * 50.0 + self.slot as f64;
        let roll: f64 = rand::rng().random();
        let command = if self.notes.len() < 3 || roll < 0.4 {
            let note = Uuid::new_v4();
            self.adding.insert(op, note);
            json!({ "type": "add_note", "id": note, "kind": "event",
                    "text": format!("{} {n}", self.plan.name), "x": x, "y": y })
        } else {
            let note = self.notes[rand::rng().random_range(0..self.notes.len())];
            if roll < 0.75 {
                json!({ "type": "move_notes", "moves": [{ "id": note, "x": x, "y": y }] })
            } else {
                json!({ "type": "edit_text", "id": note, "text": format!("{} edit {n}", self.plan.name) })
            }
        };
        let i = self.ledger.order.len();
        self.ledger.order.push(op);
        self.ledger.commands.insert(op, command);
        self.outbox.insert(i, op);
        self.index.insert(op, i);
        op
    }
}

/// The counts of one fault run: printed by every test (see them with `-- --nocapture`), and
/// appended to the file named by `FAULT_REPORT` when it is set.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Distinct commands the clients made.
    pub sent: usize,
    /// Commands acknowledged (all of them, once the clients have drained their outboxes).
    pub acked: usize,
    /// Commands found in the stored event log.
    pub found: usize,
    /// Acks marked `duplicate` (resends of committed ops, answered with the original seqs).
    pub duplicates: usize,
    /// Missing seqs in the log.
    pub gaps: usize,
    /// Sends of an op after its first (after a reconnect or a retryable rejection).
    pub resent: usize,
    /// Retryable rejections (`unavailable`, `rate_limited`).
    pub retryable: usize,
    /// Events in the log.
    pub events: usize,
    /// WebSocket connections the clients made.
    pub connections: usize,
}

impl Report {
    pub fn line(&self, label: &str) -> String {
        format!(
            "{label}: sent={} acked={} found={} duplicates={} gaps={} resent={} retryable={} events={} connections={}",
            self.sent,
            self.acked,
            self.found,
            self.duplicates,
            self.gaps,
            self.resent,
            self.retryable,
            self.events,
            self.connections
        )
    }

    pub fn print(&self, label: &str) {
        report_line(&self.line(label));
    }
}

/// Prints a line of counts and appends it to `$FAULT_REPORT` if set.
pub fn report_line(line: &str) {
    println!("{line}");
    if let Ok(path) = std::env::var("FAULT_REPORT") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(f, "{line}");
        }
    }
}

/// Holds the clients' ledgers against the board's stored events (as the events API returns
/// them): no seq is missing or repeated; every command was answered; every acknowledged command
/// is stored exactly once, at the seqs its ack named (duplicates included); nothing else is
/// stored but `others` events from other writers (board creation included). Panics with every
/// violation; returns the counts.
pub fn verify(label: &str, events: &[Value], ledgers: &[Ledger], others: usize) -> Report {
    let mut errors: Vec<String> = Vec::new();
    let mut report = Report {
        events: events.len(),
        ..Report::default()
    };
    let mut previous = 0u64;
    let mut by_op: HashMap<Uuid, Vec<u64>> = HashMap::new();
    let mut stored_at: HashMap<u64, Uuid> = HashMap::new();
    for e in events {
        let seq = e["seq"].as_u64().expect("events have a seq");
        if seq <= previous {
            errors.push(format!("seq {seq} after {previous}"));
        } else {
            report.gaps += (seq - previous - 1) as usize;
        }
        previous = previous.max(seq);
        let op: Uuid = e["op_id"].as_str().unwrap().parse().unwrap();
        by_op.entry(op).or_default().push(seq);
        stored_at.insert(seq, op);
    }
    let mut ours = 0usize;
    for ledger in ledgers {
        report.sent += ledger.order.len();
        report.acked += ledger.acked.len();
        report.duplicates += ledger.duplicates;
        report.resent += ledger.resends;
        report.retryable += ledger.retryable;
        report.connections += ledger.connections;
        for op in &ledger.unanswered {
            errors.push(format!("{}: op {op} was never answered", ledger.name));
        }
        for r in &ledger.refused {
            errors.push(format!("{}: refused {r}", ledger.name));
        }
        errors.extend(
            ledger
                .order_errors
                .iter()
                .map(|e| format!("{}: {e}", ledger.name)),
        );
        errors.extend(
            ledger
                .ack_mismatches
                .iter()
                .map(|e| format!("{}: {e}", ledger.name)),
        );
        // What the client holds is the stored history, up to what it knows is committed.
        for (seq, op) in ledger.seen.range(..=ledger.committed_through) {
            match stored_at.get(seq) {
                Some(stored) if stored == op => {}
                other => errors.push(format!(
                    "{}: saw op {op} at seq {seq}, the log has {other:?}",
                    ledger.name
                )),
            }
        }
        for op in &ledger.order {
            let stored = by_op.get(op);
            if stored.is_some() {
                report.found += 1;
                ours += 1;
            }
            match (ledger.acked.get(op), stored) {
                (Some(&(first, last)), Some(seqs)) => {
                    let expected: Vec<u64> = (first..=last).collect();
                    if *seqs != expected {
                        errors.push(format!(
                            "{}: op {op} acked as {first}..={last} but stored at {seqs:?}",
                            ledger.name
                        ));
                    }
                    if seqs.len() != 1 {
                        errors.push(format!(
                            "{}: op {op} (one event) stored {} times",
                            ledger.name,
                            seqs.len()
                        ));
                    }
                }
                (Some(&(first, last)), None) => errors.push(format!(
                    "{}: op {op} acked as {first}..={last} is not stored",
                    ledger.name
                )),
                (None, Some(seqs)) => errors.push(format!(
                    "{}: op {op} stored at {seqs:?} but never acknowledged",
                    ledger.name
                )),
                (None, None) => {}
            }
        }
    }
    if events.len() != ours + others {
        errors.push(format!(
            "{} events stored; expected {ours} from these clients and {others} from others",
            events.len()
        ));
    }
    report.print(label);
    if report.gaps > 0 {
        errors.push(format!("{} seqs missing", report.gaps));
    }
    assert!(
        errors.is_empty(),
        "{label}: {} violations:\n{}",
        errors.len(),
        errors
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    report
}

/// Runs `plans` as workers until `stop` turns true, then lets them drain (at most until
/// `deadline`). Returns the ledgers in plan order.
pub fn spawn_workers(
    plans: Vec<Plan>,
    stop: &watch::Receiver<bool>,
    deadline: Instant,
) -> Vec<tokio::task::JoinHandle<Ledger>> {
    plans
        .into_iter()
        .enumerate()
        .map(|(i, plan)| {
            let stop = stop.clone();
            tokio::spawn(Worker::new(plan, i as u64).run(stop, deadline))
        })
        .collect()
}

pub async fn join_workers(handles: Vec<tokio::task::JoinHandle<Ledger>>) -> Vec<Ledger> {
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("a worker panicked"));
    }
    out
}
