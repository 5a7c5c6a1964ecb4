//! One board's actor: the only owner of the board's state on this instance. It drains its
//! queue, decides commands in batches (group commit), appends, applies, broadcasts and acks.
//! It never awaits a socket: connections get frames through bounded queues, and a connection
//! whose queue is full is dropped from the board and told to resync.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};

use axum::extract::ws::Utf8Bytes;
use eventstorm_board::{Board, Retention};
use eventstorm_protocol::{ErrorCode, Participant, ServerMessage};
use eventstorm_store::{BoardId, EventStore, RecordedEvent, now_millis};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::board_frame::BoardFrames;
use super::board_state::BoardState;
use super::colours::Colours;
use super::frames::{event_frame, message_frame, welcome_with_events};
use super::load::{READ_PAGE, encode_snapshot, load_board};
use super::messages::{
    BoardMsg, CommandOutcome, ConnId, HubError, JoinParams, JoinRequest, Outbound, PendingCommand,
};
use super::registry::ActorLease;
use super::{ballot, privacy};
use crate::metrics::Metrics;
use crate::settings::Settings;

/// Largest `welcome` we build; further catch-up events follow as their own frames.
const WELCOME_EVENT_BYTES: usize = 64 * 1024;
/// Ops remembered per board for answering resends without a query (older resends are
/// answered from the store). Enough for every outbox flush after a reconnect; 896 fills a
/// 2,048-slot table exactly as far as it can go without growing (see `RecentOps`).
const RECENT_OPS: usize = 896;

pub(super) struct Conn {
    pub participant: Participant,
    pub outbound: mpsc::Sender<Outbound>,
    /// The link id it joined through (edit or view-only), for the board it may be sent again.
    pub link: String,
}

pub(super) struct BoardActor {
    id: BoardId,
    store: Arc<dyn EventStore>,
    settings: Arc<Settings>,
    lease: ActorLease,
    /// The board, its head and recent history: changed through its methods only.
    state: BoardState,
    conns: BTreeMap<ConnId, Conn>,
    last_snapshot_seq: u64,
    /// Set by a hint or the safety poll: read the store before deciding the next batch.
    want_catch_up: bool,
    /// The board was deleted; the actor answers what is queued with `not_found` and exits.
    deleted: bool,
    /// Shutdown requests, answered once the batch they arrived with is committed.
    shutdown_waiters: Vec<tokio::sync::oneshot::Sender<()>>,
    /// Someone joined or left since the participant list was last sent.
    participants_changed: bool,
    /// The `board` message of the current head, shared by the joins that need it.
    board_frames: BoardFrames,
    /// A snapshot is being encoded or stored.
    snapshot_running: Arc<AtomicBool>,
    /// Each participant's colour while the board is loaded.
    colours: Colours,
}

/// Clears the flag when dropped, however the task holding it ends.
struct ClearOnDrop(Arc<AtomicBool>);

impl Drop for ClearOnDrop {
    fn drop(&mut self) {
        self.0.store(false, AtomicOrdering::Release);
    }
}

/// The actor of the board `lease` names, as the registry starts it.
pub(super) fn start(
    lease: ActorLease,
    rx: mpsc::Receiver<BoardMsg>,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
    Box::pin(run(lease, rx))
}

/// Runs a board's actor until it unloads. Loads the board first; if that fails, every queued
/// request is answered `unavailable` and the actor goes away without writing anything.
async fn run(lease: ActorLease, mut rx: mpsc::Receiver<BoardMsg>) {
    let (id, store) = (lease.id.clone(), lease.store().clone());
    let loaded = match load_board(&store, &id, u64::MAX).await {
        // Every board starts with its `board_created` event: no events means the board was
        // purged (by another instance, between resolving its link and loading it). It is
        // answered as gone, never served as an empty board.
        Ok(loaded) if loaded.head == 0 => {
            lease.forget(&mut rx, false);
            fail_all(rx, HubError::NotFound).await;
            return;
        }
        Ok(loaded) => loaded,
        Err(e) => {
            tracing::error!(board = %id.log_tag(), error = %e, "board failed to load");
            lease.forget(&mut rx, false);
            fail_all(rx, HubError::Unavailable).await;
            return;
        }
    };
    let settings = lease.settings().clone();
    let snapshot_seq = loaded.snapshot_seq;
    let state = BoardState::new(
        loaded,
        Retention::for_budget(settings.limits.max_board_bytes),
        settings.recent_events,
        RECENT_OPS,
    );
    let mut actor = BoardActor {
        id,
        store,
        settings,
        lease,
        state,
        conns: BTreeMap::new(),
        last_snapshot_seq: snapshot_seq,
        want_catch_up: false,
        deleted: false,
        shutdown_waiters: Vec::new(),
        participants_changed: false,
        board_frames: BoardFrames::default(),
        snapshot_running: Arc::new(AtomicBool::new(false)),
        colours: Colours::default(),
    };
    actor.fill_recent().await;
    actor.keep_title_listed().await;
    actor.serve(rx).await;
}

/// Answers everything still queued with `err` (the actor cannot serve it).
async fn fail_all(mut rx: mpsc::Receiver<BoardMsg>, err: HubError) {
    rx.close();
    while let Some(msg) = rx.recv().await {
        msg.fail(err.clone());
    }
}

impl BoardActor {
    pub(super) fn id(&self) -> &BoardId {
        &self.id
    }

    pub(super) fn store(&self) -> &Arc<dyn EventStore> {
        &self.store
    }

    pub(super) fn settings(&self) -> &Settings {
        &self.settings
    }

    pub(super) fn metrics(&self) -> &Arc<Metrics> {
        self.lease.metrics()
    }

    pub(super) fn state(&self) -> &BoardState {
        &self.state
    }

    pub(super) fn state_mut(&mut self) -> &mut BoardState {
        &mut self.state
    }

    /// The store's board list shows the title it was created with until a rename is written
    /// there; a rename whose write failed (or one from before titles were kept) is put right
    /// when the board loads.
    async fn keep_title_listed(&mut self) {
        let title = &self.state.board().title;
        if self.lease.listed_title.as_ref().is_some_and(|t| t != title) {
            self.list_title(title.clone()).await;
        }
    }

    /// Writes the board's current title where pages and listings read it.
    pub(super) async fn list_title(&mut self, title: String) {
        match self.store.set_title(&self.id, &title).await {
            Ok(()) => self.lease.listed_title = Some(title),
            Err(e) => {
                tracing::warn!(board = %self.id.log_tag(), error = %e, "writing the title failed")
            }
        }
    }

    async fn serve(mut self, mut rx: mpsc::Receiver<BoardMsg>) {
        let mut poll = self.settings.catch_up_poll.map(|every| {
            let mut i = tokio::time::interval_at(Instant::now() + every, every);
            i.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            i
        });
        let mut idle_since = Instant::now();
        loop {
            let idle_deadline = idle_since + self.settings.idle_unload;
            let msg = tokio::select! {
                msg = rx.recv() => msg,
                _ = tick(&mut poll) => Some(BoardMsg::CatchUp),
                _ = tokio::time::sleep_until(idle_deadline), if self.conns.is_empty() => {
                    if self.lease.forget(&mut rx, true) {
                        break;
                    }
                    continue;
                }
            };
            let Some(first) = msg else { break };
            idle_since = Instant::now();
            if self.state.is_stale() && !self.reload().await {
                self.refuse_while_stale(first);
                self.flush_participants();
                continue;
            }
            let mut batch = Vec::new();
            self.route(first, &mut batch);
            while batch.len() < self.settings.max_batch {
                match rx.try_recv() {
                    Ok(msg) => self.route(msg, &mut batch),
                    Err(_) => break,
                }
            }
            if self.deleted {
                self.lease.forget(&mut rx, false);
                for cmd in batch {
                    self.reply(
                        cmd.reply,
                        super::messages::CommandOutcome::Rejected(HubError::NotFound),
                        cmd.op_id,
                    );
                }
                fail_all(rx, HubError::NotFound).await;
                return;
            }
            if std::mem::take(&mut self.want_catch_up) {
                self.catch_up().await;
            }
            if !batch.is_empty() {
                self.commit_batch(batch).await;
            }
            self.flush_participants();
            if !self.shutdown_waiters.is_empty() {
                self.close_for_shutdown();
            }
            self.maybe_snapshot();
        }
        // Unloading: whatever is still queued was sent before the registry forgot us; serve
        // it (commands still commit; joins are told to retry against a fresh actor).
        while let Ok(msg) = rx.try_recv() {
            let mut batch = Vec::new();
            match msg {
                BoardMsg::Join(j) => {
                    let _ = j.reply.send(Err(HubError::Unavailable));
                }
                other => self.route(other, &mut batch),
            }
            if !batch.is_empty() {
                self.commit_batch(batch).await;
            }
        }
        self.final_snapshot().await;
    }

    /// Answers a message while the store is still unreachable after a failed append. A
    /// command is refused as retryable `unavailable` on its own connection too (the connection
    /// stays on the board, so without an answer its client would wait for ever); a leave needs
    /// no store; the rest fails as when the board cannot be served.
    fn refuse_while_stale(&mut self, msg: BoardMsg) {
        match msg {
            BoardMsg::Command(cmd) => self.reply(
                cmd.reply,
                CommandOutcome::Rejected(HubError::Unavailable),
                cmd.op_id,
            ),
            BoardMsg::Leave { conn } => self.leave(conn),
            other => other.fail(HubError::Unavailable),
        }
    }

    /// Handles non-command messages at once (in queue order relative to the batch being
    /// gathered, which is enough: a join sees the committed state and every later event).
    fn route(&mut self, msg: BoardMsg, batch: &mut Vec<PendingCommand>) {
        match msg {
            BoardMsg::Command(cmd) => batch.push(cmd),
            BoardMsg::Join(join) => self.join(join),
            BoardMsg::Leave { conn } => self.leave(conn),
            BoardMsg::Presence { conn, presence } => {
                if let Some(c) = self.conns.get(&conn) {
                    let frame = message_frame(&ServerMessage::Presence {
                        participant: c.participant.id.clone(),
                        presence,
                    });
                    self.broadcast_except(conn, &frame);
                }
            }
            BoardMsg::Summon {
                conn,
                viewport,
                frame: shown,
            } => {
                if let Some(c) = self.conns.get(&conn) {
                    let frame = message_frame(&ServerMessage::Summon {
                        participant: c.participant.id.clone(),
                        viewport,
                        frame: shown,
                    });
                    self.broadcast_except(conn, &frame);
                }
            }
            BoardMsg::View { reply } => {
                let _ = reply.send(Ok((self.state.board().clone(), self.state.head())));
            }
            BoardMsg::CatchUp => self.want_catch_up = true,
            BoardMsg::Hint(seq) => self.want_catch_up |= seq > self.state.head(),
            BoardMsg::Delete => self.close_for_deletion(),
            BoardMsg::Shutdown { reply } => self.shutdown_waiters.push(reply),
        }
    }

    fn join(&mut self, request: JoinRequest) {
        let JoinRequest {
            params: join,
            reply,
        } = request;
        let participant = Participant {
            // Derived from the participant's secret by the session (or fresh for this
            // connection): what votes and events know this participant by.
            id: join.client_id.clone(),
            name: display_name(&join.name),
            colour: self
                .colours
                .assign(
                    &join.client_id,
                    self.conns.values().map(|c| c.participant.id.as_str()),
                )
                .to_owned(),
        };
        let mut participants: Vec<Participant> =
            self.conns.values().map(|c| c.participant.clone()).collect();
        participants.push(participant.clone());
        let frames = self.welcome_frames(&join, &participant, participants.clone());
        let outbound = join.outbound;
        for frame in frames {
            if outbound.try_send(frame).is_err() {
                let _ = reply.send(Err(HubError::Unavailable));
                return;
            }
        }
        self.conns.insert(
            join.conn,
            Conn {
                participant: participant.clone(),
                outbound,
                link: join.board_ref.clone(),
            },
        );
        let _ = reply.send(Ok(participant));
        self.participants_changed = true;
    }

    /// The welcome, then the full board or the catch-up event frames that did not fit in it.
    fn welcome_frames(
        &mut self,
        join: &JoinParams,
        participant: &Participant,
        participants: Vec<Participant>,
    ) -> Vec<Outbound> {
        // A client may hold events that were sent before their commit and never committed
        // (the server died in between): if the event it names at `since` is not the committed
        // one, it gets the whole board instead of a continuation of a history that did not
        // happen.
        let holds_committed = join
            .since_event
            .as_ref()
            .is_none_or(|e| self.state.recent().is_event(join.since, e.op_id, &e.at));
        let (board, head) = (self.state.board(), self.state.head());
        // During a secret ballot the catch-up events hide the joiner's own dots too, and in
        // private mode their own private stickies: send the board (with them) instead.
        let personal = privacy::needs_personal_board(board);
        let catch_up = if join.since == 0 || join.since > head || !holds_committed || personal {
            None
        } else {
            self.state.recent().after(join.since, head)
        };
        let welcome = |events| ServerMessage::Welcome {
            participant: participant.clone(),
            participants: participants.clone(),
            seq: head,
            server_time: now_millis(),
            read_only: join.read_only,
            facilitator: join.facilitator,
            events,
        };
        match catch_up {
            None => vec![
                Outbound::Text(message_frame(&welcome(None))),
                self.board_frames
                    .for_viewer(&join.board_ref, head, board, &participant.id),
            ],
            Some(events) => {
                let mut bytes = 0;
                let fit = events
                    .iter()
                    .take_while(|e| {
                        bytes += e.len();
                        bytes <= WELCOME_EVENT_BYTES
                    })
                    .count();
                let mut frames = vec![Outbound::Text(welcome_with_events(
                    &welcome(Some(Vec::new())),
                    &events[..fit],
                ))];
                frames.extend(events[fit..].iter().cloned().map(Outbound::Text));
                frames
            }
        }
    }

    /// Tells every connection the board is gone and closes them (code 4404: do not reconnect).
    fn close_for_deletion(&mut self) {
        let frame = message_frame(&ServerMessage::Error {
            error: ErrorCode::BoardDeleted,
            message: "this board was deleted".into(),
        });
        for conn in std::mem::take(&mut self.conns).into_values() {
            let _ = conn.outbound.try_send(Outbound::Text(frame.clone()));
            let _ = conn.outbound.try_send(Outbound::Close(
                eventstorm_protocol::CLOSE_BOARD_DELETED,
                "board deleted",
            ));
        }
        self.deleted = true;
    }

    /// Queues "going away" behind every connection's acks, so clients reconnect (elsewhere)
    /// having heard about everything committed; then answers the shutdown requests.
    fn close_for_shutdown(&mut self) {
        for conn in self.conns.values() {
            let _ = conn.outbound.try_send(Outbound::Close(
                eventstorm_protocol::CLOSE_GOING_AWAY,
                "server shutting down",
            ));
        }
        for waiter in self.shutdown_waiters.drain(..) {
            let _ = waiter.send(());
        }
    }

    fn leave(&mut self, conn: ConnId) {
        if self.conns.remove(&conn).is_some() {
            self.participants_changed = true;
        }
    }

    /// Sends the participant list once for everything that changed it since the last time:
    /// when hundreds join at once, one list per batch instead of one per join (which was
    /// quadratic in traffic).
    fn flush_participants(&mut self) {
        // Broadcasting may drop fallen-behind connections, which changes the list again.
        while std::mem::take(&mut self.participants_changed) {
            let participants = self.conns.values().map(|c| c.participant.clone()).collect();
            let frame = message_frame(&ServerMessage::Participants { participants });
            self.broadcast(&frame);
        }
    }

    /// Queues a frame for every connection. A connection whose queue is full has fallen
    /// behind: it is dropped from the board (its session then tells the client to resync).
    pub(super) fn broadcast(&mut self, frame: &axum::extract::ws::Utf8Bytes) {
        self.broadcast_except(ConnId::MAX, frame);
    }

    fn broadcast_except(&mut self, skip: ConnId, frame: &axum::extract::ws::Utf8Bytes) {
        let mut fallen = Vec::new();
        for (id, conn) in &self.conns {
            if *id != skip
                && conn
                    .outbound
                    .try_send(Outbound::Text(frame.clone()))
                    .is_err()
            {
                fallen.push(*id);
            }
        }
        self.drop_conns(fallen);
    }

    /// Sends to one connection, dropping it if it has fallen behind.
    pub(super) fn send_to(&mut self, conn: ConnId, frame: axum::extract::ws::Utf8Bytes) {
        let full = match self.conns.get(&conn) {
            Some(c) => c.outbound.try_send(Outbound::Text(frame)).is_err(),
            None => false,
        };
        if full {
            self.drop_conns(vec![conn]);
        }
    }

    pub(super) fn drop_conns(&mut self, ids: Vec<ConnId>) {
        if ids.is_empty() {
            return;
        }
        for id in ids {
            // Dropping the sender closes the queue; the session sees that after draining
            // what was queued, and asks the client to resync.
            self.conns.remove(&id);
        }
        self.participants_changed = true;
    }

    /// Tells every connection that the events it received after the head were never
    /// committed, and sends it the committed board to start again from (its client keeps its
    /// own unacknowledged ops and sends them again).
    pub(super) fn retract(&mut self) {
        let (board, head) = (self.state.board(), self.state.head());
        let frame = message_frame(&ServerMessage::Retract { after_seq: head });
        let mut fallen = Vec::new();
        for (id, conn) in &self.conns {
            // Each participant's own dots and private stickies only, when those differ.
            let board = self
                .board_frames
                .for_viewer(&conn.link, head, board, &conn.participant.id);
            if conn
                .outbound
                .try_send(Outbound::Text(frame.clone()))
                .is_err()
                || conn.outbound.try_send(board).is_err()
            {
                fallen.push(*id);
            }
        }
        self.drop_conns(fallen);
        self.metrics()
            .retractions
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Reads what other instances appended after our head and publishes it.
    pub(super) async fn catch_up(&mut self) -> bool {
        loop {
            let page = match self
                .store
                .read(&self.id, self.state.head(), READ_PAGE)
                .await
            {
                Ok(page) => page,
                Err(e) => {
                    tracing::warn!(board = %self.id.log_tag(), error = %e, "catch-up read failed");
                    return false;
                }
            };
            let done = page.len() < READ_PAGE as usize;
            for rec in page {
                if self.state.apply_stored(&rec).is_err() {
                    return false;
                }
                self.publish_event(&rec);
            }
            if done {
                return true;
            }
        }
    }

    /// Replaces the in-memory state with the store's (after a failure left it unsure), and
    /// publishes the events this instance had not seen.
    pub(super) async fn reload(&mut self) -> bool {
        match load_board(&self.store, &self.id, self.state.head()).await {
            Ok(loaded) => {
                let retention = Retention::for_budget(self.settings.limits.max_board_bytes);
                self.state.replace(loaded, retention) && self.catch_up().await
            }
            Err(e) => {
                tracing::warn!(board = %self.id.log_tag(), error = %e, "reload failed");
                false
            }
        }
    }

    /// Fills the recent-events memory from the store after loading.
    async fn fill_recent(&mut self) {
        let head = self.state.head();
        let from = head.saturating_sub(self.settings.recent_events as u64);
        if let Ok(events) = self
            .store
            .read(&self.id, from, self.settings.recent_events as u32)
            .await
        {
            for rec in events.iter().filter(|r| r.seq <= head) {
                let frame = privacy::shared_frame(rec, self.state.board());
                self.state
                    .keep_recent(rec.seq, rec.op_id, rec.recorded_at_ms, frame);
            }
        }
    }

    /// Saves a snapshot in the background every `snapshot_every` events. The board is cloned
    /// (O(1): its maps are persistent) and encoded on a blocking thread, so a big board's
    /// snapshot costs its edits nothing.
    ///
    /// One at a time: a snapshot of a big board is a string of its whole size, and a busy
    /// board would otherwise start the next before the last was stored. The one due meanwhile
    /// is taken after the batch that follows.
    fn maybe_snapshot(&mut self) {
        let head = self.state.head();
        if head >= self.last_snapshot_seq + self.settings.snapshot_every
            && !self.snapshot_running.swap(true, AtomicOrdering::AcqRel)
        {
            self.last_snapshot_seq = head;
            let (store, id) = (self.store.clone(), self.id.clone());
            let board = self.state.board().clone();
            let running = self.snapshot_running.clone();
            tokio::spawn(async move {
                let _done = ClearOnDrop(running);
                let Ok(snapshot) =
                    tokio::task::spawn_blocking(move || encode_snapshot(&board, head)).await
                else {
                    return;
                };
                if let Err(e) = store.save_snapshot(&id, &snapshot).await {
                    tracing::warn!(board = %id.log_tag(), error = %e, "snapshot failed");
                }
            });
        }
    }

    async fn final_snapshot(&mut self) {
        if self.state.head() > self.last_snapshot_seq && !self.state.is_stale() {
            let snapshot = encode_snapshot(self.state.board(), self.state.head());
            if let Err(e) = self.store.save_snapshot(&self.id, &snapshot).await {
                tracing::warn!(board = %self.id.log_tag(), error = %e, "snapshot on unload failed");
            }
        }
    }
}

impl BoardActor {
    /// Sends one event to everyone: a secret ballot's dot in full to its voter's connections
    /// and hidden to the rest; an event about private stickies in full to their owners and in
    /// part (or hidden) to the rest. `board` is the board with the event applied. Returns the
    /// frame to keep for catch-ups (what everyone may see).
    pub(super) fn send_event(&mut self, rec: &RecordedEvent, board: &Board) -> Utf8Bytes {
        let personal = match ballot::hidden_frame(rec, board) {
            Some((voter, hidden)) => privacy::PersonalFrames {
                own: vec![(voter, event_frame(rec))],
                shared: hidden,
            },
            None => match privacy::personal_frames(rec, board) {
                Some(frames) => frames,
                None => {
                    let frame = event_frame(rec);
                    self.broadcast(&frame);
                    return frame;
                }
            },
        };
        let mut fallen: Vec<ConnId> = Vec::new();
        for (id, conn) in &self.conns {
            let out = personal
                .own
                .iter()
                .find(|(who, _)| *who == conn.participant.id)
                .map_or(&personal.shared, |(_, frame)| frame);
            if conn.outbound.try_send(Outbound::Text(out.clone())).is_err() {
                fallen.push(*id);
            }
        }
        self.drop_conns(fallen);
        personal.shared
    }

    /// Sends an event read from the store (already applied to the board) and keeps it for
    /// catch-ups.
    fn publish_event(&mut self, rec: &RecordedEvent) {
        let board = self.state.board().clone();
        let shared = self.send_event(rec, &board);
        self.state
            .keep_recent(rec.seq, rec.op_id, rec.recorded_at_ms, shared);
    }
}

async fn tick(poll: &mut Option<tokio::time::Interval>) {
    match poll {
        Some(i) => {
            i.tick().await;
        }
        None => std::future::pending::<()>().await,
    }
}

/// A trimmed display name, at most 40 characters; "Guest" when empty.
fn display_name(name: &str) -> String {
    let name: String = name
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(40)
        .collect();
    if name.is_empty() {
        "Guest".to_owned()
    } else {
        name
    }
}
