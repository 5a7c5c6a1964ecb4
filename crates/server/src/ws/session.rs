//! One WebSocket connection, from `join` to close.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use eventstorm_protocol::{
    CLOSE_GOING_AWAY, CLOSE_INTERNAL_ERROR, CLOSE_NORMAL, CLOSE_RESYNC, ClientMessage,
    ClientParseError, ErrorCode, EventRef, Presence, ServerMessage, parse_client_message, parts,
};
use futures_util::SinkExt;
use futures_util::stream::{SplitSink, StreamExt};
use tokio::sync::mpsc;
use tokio::time::Instant;
use uuid::Uuid;

use super::rate::TokenBucket;
use crate::access::participant;
use crate::boards::{Facilitator, authorise};
use crate::hub::{ConnId, HubError, JoinParams, Outbound, Resolved};
use crate::state::AppState;

/// Frames the session itself queues (pongs, errors, rate-limit rejections).
const DIRECT_QUEUE: usize = 64;

/// Where the session is in its life.
struct Session {
    state: AppState,
    resolved: Resolved,
    link_id: String,
    conn: ConnId,
    joined: bool,
    /// Holds the facilitator key (phase, timer, votes, summon).
    facilitator: bool,
    /// Who this participant is for votes: the id derived from its participant secret.
    participant_key: String,
    commands: TokenBucket,
    presence: PresenceThrottle,
    direct: mpsc::Sender<Message>,
    /// Handed to the actor at join; the writer reads the other end.
    board_tx: Option<mpsc::Sender<Outbound>>,
    actor_name: String,
}

pub async fn run(socket: WebSocket, state: AppState, resolved: Resolved, link_id: String) {
    let _counted = state.hub.session_started();
    let (sink, mut stream) = socket.split();
    let settings = state.settings.clone();
    let (direct_tx, direct_rx) = mpsc::channel(DIRECT_QUEUE);
    let (board_tx, board_rx) = mpsc::channel(settings.outbound_queue);
    let mut writer = tokio::spawn(write_loop(sink, direct_rx, board_rx));
    let mut writer_done = false;
    let mut s = Session {
        conn: state.hub.next_conn_id(),
        commands: TokenBucket::new(settings.command_rate, settings.command_burst),
        presence: PresenceThrottle::new(settings.presence_rate),
        state,
        resolved,
        link_id,
        joined: false,
        facilitator: false,
        participant_key: String::new(),
        direct: direct_tx,
        board_tx: Some(board_tx),
        actor_name: String::new(),
    };
    let mut shutdown = s.state.hub.shutdown_watch();
    let mut closing: Option<Instant> = None;
    let mut last_heard = Instant::now();
    // Ping a few times per idle period, so a live client always answers before it counts idle.
    let ping_every = s.state.settings.idle_socket / 3;
    let mut ping = tokio::time::interval_at(Instant::now() + ping_every, ping_every);
    loop {
        let flush_at = s.presence.flush_at();
        tokio::select! {
            // The writer ends after sending a close frame (a resync, "going away", a deleted
            // board): the session is over too.
            _ = &mut writer => {
                writer_done = true;
                break;
            }
            frame = stream.next() => {
                last_heard = Instant::now();
                match frame {
                    Some(Ok(Message::Text(text))) => {
                        if !s.on_text(text.as_str()).await {
                            break;
                        }
                    }
                    Some(Ok(Message::Binary(_))) => {
                        s.error(ErrorCode::Malformed, "binary frames are not part of the protocol").await;
                    }
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                    Some(Ok(Message::Close(_))) | None => break,
                    Some(Err(e)) => {
                        if let Some((code, reason)) = super::violation::close_for(&e) {
                            let _ = s.direct.send(close(code, reason)).await;
                        }
                        break;
                    }
                }
            }
            _ = ping.tick() => {
                if last_heard.elapsed() >= s.state.settings.idle_socket {
                    let _ = s.direct.send(close(CLOSE_NORMAL, "idle")).await;
                    break;
                }
                let _ = s.direct.try_send(Message::Ping(Default::default()));
            }
            _ = sleep_until(flush_at) => s.flush_presence().await,
            _ = shutting_down(&mut shutdown), if closing.is_none() => {
                if !s.joined {
                    let _ = s.direct.send(close(CLOSE_GOING_AWAY, "server shutting down")).await;
                    break;
                }
                // The board queued "going away" behind this connection's acks; the client
                // answers it and the socket ends. Close directly if that does not happen.
                closing = Some(Instant::now() + Duration::from_secs(5));
            }
            _ = sleep_until(closing) => {
                let _ = s.direct.send(close(CLOSE_GOING_AWAY, "server shutting down")).await;
                break;
            }
        }
    }
    if s.joined {
        s.state.hub.leave(&s.resolved.board, s.conn).await;
    }
    drop(s);
    if !writer_done {
        let _ = writer.await;
    }
    tracing::debug!("session closed");
}

impl Session {
    /// Handles one text frame; false ends the session.
    async fn on_text(&mut self, text: &str) -> bool {
        match parse_client_message(text) {
            Ok(ClientMessage::Join {
                since,
                name,
                participant_secret,
                facilitator_key,
                since_event,
                ..
            }) => {
                self.join(
                    since,
                    since_event,
                    name,
                    participant_secret,
                    facilitator_key,
                )
                .await
            }
            Ok(ClientMessage::Command(req)) => {
                self.command(req.op_id, req.command).await;
                true
            }
            Ok(ClientMessage::Presence(mut presence)) => {
                if self.joined {
                    // An impossible viewport is dropped rather than passed on to followers.
                    presence.viewport = presence.viewport.filter(|v| v.is_valid());
                    self.presence.offer(presence);
                    self.flush_presence().await;
                }
                true
            }
            Ok(ClientMessage::Summon { viewport, frame }) => {
                if !self.joined {
                    self.error(ErrorCode::NotJoined, "send join first").await;
                } else if !self.facilitator {
                    self.error(
                        ErrorCode::Forbidden,
                        "only the facilitator can bring everyone to their view",
                    )
                    .await;
                } else if !viewport.is_valid() {
                    self.error(ErrorCode::Malformed, "the viewport is not on the wall")
                        .await;
                } else {
                    self.state
                        .hub
                        .summon(&self.resolved.board, self.conn, viewport, frame)
                        .await;
                }
                true
            }
            Ok(ClientMessage::Ping) => {
                self.send(&ServerMessage::Pong).await;
                true
            }
            Err(ClientParseError::Malformed { error, message }) => {
                self.error(error, &message).await;
                true
            }
            Err(ClientParseError::BadCommand {
                op_id,
                error,
                message,
            }) => {
                self.reject(op_id, error, &message, false).await;
                true
            }
        }
    }

    async fn join(
        &mut self,
        since: u64,
        since_event: Option<EventRef>,
        name: String,
        participant_secret: Option<String>,
        facilitator_key: Option<String>,
    ) -> bool {
        if self.joined {
            self.error(
                ErrorCode::AlreadyJoined,
                "this connection has joined already",
            )
            .await;
            return true;
        }
        let Some(outbound) = self.board_tx.take() else {
            return false;
        };
        let client_id = participant::id_for_join(&self.resolved.board, participant_secret);
        self.facilitator = self.resolved.is_facilitator(facilitator_key.as_deref());
        let params = JoinParams {
            conn: self.conn,
            facilitator: self.facilitator,
            since,
            since_event,
            name,
            client_id: client_id.clone(),
            board_ref: self.link_id.clone(),
            read_only: self.resolved.read_only,
            outbound,
        };
        match self.state.hub.join(&self.resolved.board, params).await {
            Ok(participant) => {
                self.joined = true;
                self.actor_name = format!("{} ({client_id})", participant.name);
                self.participant_key = client_id;
                true
            }
            Err(e) => {
                self.error(e.code(), &e.to_string()).await;
                let _ = self
                    .direct
                    .send(close(CLOSE_INTERNAL_ERROR, "could not join"))
                    .await;
                false
            }
        }
    }

    async fn command(&mut self, op_id: Uuid, command: eventstorm_board::Command) {
        if !self.joined {
            return self
                .error(ErrorCode::NotJoined, "send join before commands")
                .await;
        }
        // The participant id is the voter: a joined connection always has one.
        if let Err(e) = authorise(
            &self.resolved,
            &command,
            Facilitator::Checked(self.facilitator),
            Some(&self.participant_key),
        ) {
            return self.reject(op_id, e.code(), &e.to_string(), false).await;
        }
        if !self.commands.try_take() {
            return self
                .reject(
                    op_id,
                    ErrorCode::RateLimited,
                    "too many commands; resend later",
                    true,
                )
                .await;
        }
        let hub = self.state.hub.clone();
        if let Err(e) = hub
            .submit(
                &self.resolved.board,
                self.conn,
                op_id,
                command,
                self.actor_name.clone(),
                self.participant_key.clone(),
            )
            .await
        {
            let retryable = e.retryable() || matches!(e, HubError::NotFound);
            self.reject(op_id, e.code(), &e.to_string(), retryable)
                .await;
        }
    }

    async fn flush_presence(&mut self) {
        if let Some(presence) = self.presence.take_due() {
            let board = &self.resolved.board;
            self.state.hub.presence(board, self.conn, presence).await;
        }
    }

    async fn reject(&self, op_id: Uuid, error: ErrorCode, message: &str, retryable: bool) {
        self.state.hub.metrics().rejected(error.as_str());
        let msg = ServerMessage::Rejected {
            op_id,
            error,
            message: message.to_owned(),
            retryable,
        };
        self.send(&msg).await;
    }

    async fn error(&self, error: ErrorCode, message: &str) {
        self.send(&ServerMessage::Error {
            error,
            message: message.to_owned(),
        })
        .await;
    }

    async fn send(&self, msg: &ServerMessage) {
        let text = serde_json::to_string(msg).expect("server messages serialise");
        let _ = self.direct.send(Message::Text(Utf8Bytes::from(text))).await;
    }
}

/// Sends what the session and the board queue. When the board drops this connection (it fell
/// behind, or the board went away), what was queued is still sent, then the client is told to
/// resync and the socket closes.
async fn write_loop(
    mut sink: SplitSink<WebSocket, Message>,
    mut direct: mpsc::Receiver<Message>,
    mut board: mpsc::Receiver<Outbound>,
) {
    loop {
        let first = tokio::select! {
            biased;
            m = direct.recv() => match m {
                Some(Message::Text(t)) => Outbound::Text(t),
                Some(other) => {
                    let closing = matches!(other, Message::Close(_));
                    if sink.send(other).await.is_err() || closing {
                        return;
                    }
                    continue;
                }
                None => break,
            },
            o = board.recv() => match o {
                Some(o) => o,
                None => {
                    let resync = ServerMessage::Resync { reason: "fell_behind".into() };
                    let text = serde_json::to_string(&resync).expect("server messages serialise");
                    let _ = sink.feed(Message::Text(Utf8Bytes::from(text))).await;
                    let _ = sink.send(close(CLOSE_RESYNC, "resync")).await;
                    return;
                }
            },
        };
        if !feed(&mut sink, first).await {
            return;
        }
        // Write whatever else the board queued before flushing: fewer syscalls under load.
        for _ in 0..64 {
            match board.try_recv() {
                Ok(o) => {
                    if !feed(&mut sink, o).await {
                        return;
                    }
                }
                Err(_) => break,
            }
        }
        if sink.flush().await.is_err() {
            return;
        }
    }
    let _ = sink.close().await;
}

/// Queues one outbound item on the socket; false when the socket is done (an error, or the
/// item closed it).
async fn feed(sink: &mut SplitSink<WebSocket, Message>, item: Outbound) -> bool {
    match item {
        Outbound::Text(t) => feed_text(sink, t).await,
        Outbound::Pending(shared) => {
            let mut encoded = (*shared).clone();
            drop(shared);
            let frame = match encoded.wait_for(Option::is_some).await {
                Ok(frame) => frame.clone().expect("waited for a frame"),
                // The encoder went away without a frame: the board is gone.
                Err(_) => return false,
            };
            feed_text(sink, frame).await
        }
        Outbound::Close(code, reason) => {
            let _ = sink.send(close(code, reason)).await;
            false
        }
    }
}

/// A text message, as one frame or, past `PART_BYTES`, as a `parts` header and binary slices
/// of the same shared bytes (see docs/protocol.md, "Large messages"). Each part is flushed
/// before the next is written, so the socket's buffer never holds more than one part.
async fn feed_text(sink: &mut SplitSink<WebSocket, Message>, text: Utf8Bytes) -> bool {
    let ranges = parts::split(text.len());
    if ranges.is_empty() {
        return sink.feed(Message::Text(text)).await.is_ok();
    }
    let header = Utf8Bytes::from(parts::header(text.len()));
    if sink.feed(Message::Text(header)).await.is_err() {
        return false;
    }
    let bytes = Bytes::from(text);
    for range in ranges {
        if sink
            .send(Message::Binary(bytes.slice(range)))
            .await
            .is_err()
        {
            return false;
        }
    }
    true
}

fn close(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: Utf8Bytes::from_static(reason),
    }))
}

async fn shutting_down(rx: &mut tokio::sync::watch::Receiver<bool>) {
    if rx.wait_for(|down| *down).await.is_err() {
        // The hub is gone; nothing will ever signal.
        std::future::pending::<()>().await;
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// Coalesces presence: at most `rate` updates a second go to the board; in between, only the
/// latest is kept.
struct PresenceThrottle {
    every: Duration,
    last_sent: Option<Instant>,
    pending: Option<Presence>,
}

impl PresenceThrottle {
    fn new(rate: u32) -> Self {
        Self {
            every: Duration::from_secs_f64(1.0 / f64::from(rate.max(1))),
            last_sent: None,
            pending: None,
        }
    }

    fn offer(&mut self, mut presence: Presence) {
        presence.selection.truncate(1_000);
        self.pending = Some(presence);
    }

    fn flush_at(&self) -> Option<Instant> {
        self.pending.as_ref()?;
        Some(self.last_sent.map_or_else(Instant::now, |t| t + self.every))
    }

    fn take_due(&mut self) -> Option<Presence> {
        let due = self.last_sent.is_none_or(|t| t.elapsed() >= self.every);
        if due && self.pending.is_some() {
            self.last_sent = Some(Instant::now());
            self.pending.take()
        } else {
            None
        }
    }
}
