//! One simulated participant: connects, joins, adds its notes, waits for the start signal, then
//! moves random notes of its board at a fixed rate (open loop: commands are scheduled by the
//! clock, never held back waiting for acks) while its reader records every frame.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use eventstorm_board::ElementId;
use eventstorm_protocol::parts::Reassembler;
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::net::TcpStream;
use tokio::sync::{Semaphore, mpsc, oneshot};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async_with_config};

use crate::accounting::{ClientLog, OpTag, Window};
use crate::wire::{self, Incoming};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How long connecting, joining and the setup commands may take.
const SETUP_TIMEOUT: Duration = Duration::from_secs(30);

/// What one client is to do.
#[derive(Clone, Debug)]
pub struct ClientPlan {
    /// `ws://host:port/api/boards/{id}/ws`.
    pub ws_url: String,
    /// Index within the run (unique across boards); op ids carry it.
    pub client: u32,
    pub board: usize,
    /// Commands per second; 0 = join and stay idle.
    pub rate: f64,
    /// Notes to add before the start signal.
    pub notes: usize,
    /// The run's tag and clock origin.
    pub run: u32,
    pub clock: Instant,
}

/// Sent to the coordinator when the client has joined and its notes are committed.
#[derive(Debug)]
pub struct Ready {
    pub client: u32,
    pub board: usize,
    pub notes: Vec<ElementId>,
}

/// The start signal: when to send, what to move, when to stop reading.
#[derive(Clone, Debug)]
pub struct Go {
    pub window: Window,
    /// Commands are scheduled from `start` until `stop` (the end of the measured window).
    pub start: Instant,
    pub stop: Instant,
    /// The end of the grace period: the reader stops then.
    pub read_until: Instant,
    /// The notes of this client's board.
    pub notes: Arc<Vec<ElementId>>,
}

/// Microseconds on the run's clock.
pub fn micros(clock: Instant, at: Instant) -> u32 {
    u32::try_from(at.saturating_duration_since(clock).as_micros()).unwrap_or(u32::MAX)
}

/// Runs one client to the end of its grace period and returns what it saw. `permits` bounds
/// how many clients connect and set up at once.
pub async fn run(
    plan: ClientPlan,
    permits: Arc<Semaphore>,
    ready: mpsc::Sender<anyhow::Result<Ready>>,
    go: oneshot::Receiver<Go>,
) -> Option<ClientLog> {
    let setup = {
        let _permit = permits.acquire().await.ok()?;
        tokio::time::timeout(SETUP_TIMEOUT, setup(&plan))
            .await
            .unwrap_or_else(|_| Err(anyhow!("setup timed out")))
    };
    let (socket, mut parts, mut log, counter, notes) = match setup {
        Ok(s) => s,
        Err(e) => {
            let _ = ready
                .send(Err(e.context(format!("client {}", plan.client))))
                .await;
            return None;
        }
    };
    let _ = ready
        .send(Ok(Ready {
            client: plan.client,
            board: plan.board,
            notes,
        }))
        .await;
    let (sink, mut stream) = socket.split();
    // Keep reading (other clients' setup events) until the start signal.
    let go = {
        let mut go = std::pin::pin!(go);
        loop {
            tokio::select! {
                g = &mut go => break g.ok()?,
                frame = stream.next() => {
                    if !on_frame(frame, &mut parts, &plan, &mut log, None) {
                        return Some(log);
                    }
                }
            }
        }
    };
    let writer = (plan.rate > 0.0).then(|| {
        tokio::spawn(write_loop(
            sink,
            plan.clone(),
            go.clone(),
            counter,
            go.notes.clone(),
        ))
    });
    read_loop(&mut stream, &mut parts, &plan, &mut log, &go).await;
    if let Some(w) = writer
        && let Ok(Ok((sent, sent_measured, max_lag_us, mut sink))) = w.await
    {
        log.sent += sent;
        log.sent_measured = sent_measured;
        log.max_send_lag_us = max_lag_us;
        let _ = tokio::time::timeout(Duration::from_secs(1), sink.close()).await;
    }
    Some(log)
}

/// A client after setup: the socket, its parts reassembler, the log, the next op counter and
/// the notes' ids.
type Setup = (Socket, Reassembler, ClientLog, u32, Vec<ElementId>);

/// Connects, joins and adds the client's notes.
async fn setup(plan: &ClientPlan) -> anyhow::Result<Setup> {
    // tungstenite zero-fills its read buffer before every read: a small one keeps that cheap
    // (frames are a few hundred bytes; a welcome or a burst still arrives, over several reads).
    let config = WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
        .max_write_buffer_size(4 * 1024 * 1024);
    let (mut socket, _) = connect_async_with_config(plan.ws_url.as_str(), Some(config), true)
        .await
        .with_context(|| format!("connecting to {}", plan.ws_url))?;
    let mut parts = Reassembler::new();
    let name = format!("load {}", plan.client);
    socket
        .send(Message::text(wire::join(
            &name,
            &format!("lg-{}", plan.client),
        )))
        .await?;
    let welcome_seq = loop {
        match next_text(&mut socket, &mut parts).await? {
            Incoming::Welcome { seq } => break seq,
            Incoming::Error { error } => bail!("join refused: {error}"),
            _ => continue,
        }
    };
    let mut log = ClientLog::new(plan.client, welcome_seq);
    let mut notes = Vec::with_capacity(plan.notes);
    let mut pending = Vec::with_capacity(plan.notes);
    let mut rng = StdRng::from_rng(&mut rand::rng());
    for counter in 0..plan.notes as u32 {
        let id = ElementId::new_random();
        let op_id = OpTag {
            run: plan.run,
            client: plan.client,
            counter,
            sent_us: micros(plan.clock, Instant::now()),
        }
        .encode();
        let (x, y) = (rng.random_range(0.0..4000.0), rng.random_range(0.0..3000.0));
        socket
            .send(Message::text(wire::add_note(op_id, id, x, y)))
            .await?;
        notes.push(id);
        pending.push(op_id);
    }
    while !pending.is_empty() {
        match next_text(&mut socket, &mut parts).await {
            Ok(Incoming::Ack { op_id, .. }) => pending.retain(|p| *p != op_id),
            Ok(Incoming::Rejected { error, .. }) => bail!("a setup note was rejected: {error}"),
            Ok(Incoming::Event { seq, op_id }) => log.on_event(seq, op_id, 0, None),
            Ok(Incoming::Resync) => bail!("told to resync during setup"),
            Ok(_) => {}
            Err(e) => bail!("{e} during setup"),
        }
    }
    Ok((socket, parts, log, plan.notes as u32, notes))
}

async fn next_text(socket: &mut Socket, parts: &mut Reassembler) -> anyhow::Result<Incoming> {
    loop {
        let frame = socket.next().await;
        match frame {
            Some(Ok(Message::Close(_))) | None => bail!("the server closed the connection"),
            Some(Err(e)) => return Err(e.into()),
            Some(Ok(msg)) => {
                if let Some(text) = message_text(parts, &msg).map_err(|e| anyhow!("{e}"))? {
                    return wire::parse(&text).map_err(|e| anyhow!("{e}"));
                }
            }
        }
    }
}

/// The text of a server message: a text frame's, or a `parts` sequence's once complete
/// (docs/protocol.md, "Large messages"). `None` while parts are arriving, and for control
/// frames.
fn message_text<'a>(
    parts: &mut Reassembler,
    msg: &'a Message,
) -> Result<Option<Cow<'a, str>>, &'static str> {
    match msg {
        Message::Text(t) => parts.text(t.as_str()).map_err(|_| "broken_parts"),
        Message::Binary(b) => parts
            .binary(b)
            .map(|text| text.map(Cow::Owned))
            .map_err(|_| "broken_parts"),
        _ => Ok(None),
    }
}

/// Records one frame; false when the connection is over.
fn on_frame(
    frame: Option<Result<Message, tokio_tungstenite::tungstenite::Error>>,
    parts: &mut Reassembler,
    plan: &ClientPlan,
    log: &mut ClientLog,
    window: Option<&Window>,
) -> bool {
    let msg = match frame {
        Some(Ok(Message::Close(_))) | None => return false,
        Some(Ok(msg)) => msg,
        Some(Err(_)) => {
            log.on_error("socket_error");
            return false;
        }
    };
    let text = match message_text(parts, &msg) {
        Ok(Some(text)) => text,
        Ok(None) => return true,
        Err(e) => {
            log.on_error(e);
            return false;
        }
    };
    let now_us = micros(plan.clock, Instant::now());
    match wire::parse(&text) {
        Ok(Incoming::Event { seq, op_id }) => log.on_event(seq, op_id, now_us, window),
        Ok(Incoming::Ack {
            op_id,
            first_seq,
            seq,
            duplicate,
        }) => log.on_ack(op_id, first_seq, seq, duplicate, now_us, window),
        Ok(Incoming::Rejected { op_id, error }) => log.on_rejected(op_id, &error, window),
        Ok(Incoming::Resync) => {
            log.resyncs += 1;
            return false;
        }
        Ok(Incoming::Error { error }) => log.on_error(&error),
        Ok(Incoming::Retract { after_seq }) => log.on_retract(after_seq),
        Ok(Incoming::Welcome { .. }) => log.on_error("unexpected_welcome"),
        Ok(Incoming::Other) => {}
        Err(e) => log.on_error(e),
    }
    true
}

async fn read_loop(
    stream: &mut SplitStream<Socket>,
    parts: &mut Reassembler,
    plan: &ClientPlan,
    log: &mut ClientLog,
    go: &Go,
) {
    // One timer for the whole window, rather than one registered for every frame (tens of
    // thousands a second under load).
    let end = tokio::time::sleep_until(go.read_until);
    tokio::pin!(end);
    loop {
        let frame = tokio::select! {
            f = stream.next() => f,
            _ = &mut end => return,
        };
        if !on_frame(frame, parts, plan, log, Some(&go.window)) {
            return;
        }
    }
}

/// Sends `move_notes` on schedule until `go.stop`; returns (sent, sent in the window, largest
/// lag behind schedule in µs, the sink).
async fn write_loop(
    mut sink: SplitSink<Socket, Message>,
    plan: ClientPlan,
    go: Go,
    mut counter: u32,
    notes: Arc<Vec<ElementId>>,
) -> anyhow::Result<(u64, u64, u64, SplitSink<Socket, Message>)> {
    let interval = Duration::from_secs_f64(1.0 / plan.rate);
    let mut rng = StdRng::from_rng(&mut rand::rng());
    // A random phase, so clients do not all send in the same instant.
    let mut next = go.start + interval.mul_f64(rng.random_range(0.0..1.0));
    let (mut sent, mut sent_measured, mut max_lag) = (0u64, 0u64, 0u64);
    if notes.is_empty() {
        bail!("no notes to move");
    }
    while next < go.stop {
        tokio::time::sleep_until(next).await;
        let now = Instant::now();
        max_lag = max_lag.max(now.saturating_duration_since(next).as_micros() as u64);
        let tag = OpTag {
            run: plan.run,
            client: plan.client,
            counter,
            sent_us: micros(plan.clock, now),
        };
        // A timer that fired late must not send after the window: every command sent after
        // the warm-up is a measured one.
        if tag.sent_us >= go.window.end_us {
            break;
        }
        counter += 1;
        let note = notes[rng.random_range(0..notes.len())];
        let (x, y) = (rng.random_range(0.0..4000.0), rng.random_range(0.0..3000.0));
        if sink
            .send(Message::text(wire::move_note(tag.encode(), note, x, y)))
            .await
            .is_err()
        {
            break;
        }
        sent += 1;
        if go.window.measures(&tag) {
            sent_measured += 1;
        }
        next += interval;
    }
    Ok((sent, sent_measured, max_lag, sink))
}
