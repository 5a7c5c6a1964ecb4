//! The board hub: routes requests to the one actor that owns each loaded board, resolves the
//! ids in links (edit or view-only) to boards, and creates boards.

mod actor;
pub mod ballot;
mod board_frame;
mod board_state;
mod colours;
mod commit;
mod fork;
mod frames;
mod load;
mod messages;
pub mod privacy;
mod purged;
mod recent;
mod registry;
mod seeded;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use eventstorm_board::ElementId;
use eventstorm_board::{Board, Command, decide};
use eventstorm_protocol::{BoardView, ErrorCode, Participant, Presence, Viewport};
use eventstorm_store::{BoardId, BoardMeta, EventStore, NewOp, StoreError, now_millis};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

pub use frames::rfc3339;
pub use load::{Loaded, SNAPSHOT_SCHEMA_VERSION, encode_snapshot, load_board};
pub use messages::{CommandOutcome, ConnId, HubError, JoinParams, Outbound};

use messages::{BoardMsg, CommandReply, JoinRequest, PendingCommand};
use registry::Registry;

use crate::metrics::Metrics;
use crate::settings::Settings;

/// A link's id resolved to its board.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub board: BoardId,
    /// Opened through the view-only link.
    pub read_only: bool,
    /// SHA-256 (hex) of the board's facilitator key (empty for boards made before keys).
    pub facilitator_key_hash: String,
}

impl Resolved {
    /// Whether `key` makes its holder the facilitator. Never through a view-only link; on a
    /// board without a key, everyone with the edit link facilitates.
    pub fn is_facilitator(&self, key: Option<&str>) -> bool {
        if self.read_only {
            return false;
        }
        if self.facilitator_key_hash.is_empty() {
            return true;
        }
        let Some(key) = key else { return false };
        use subtle::ConstantTimeEq;
        hash_secret(key)
            .as_bytes()
            .ct_eq(self.facilitator_key_hash.as_bytes())
            .into()
    }
}

/// A board just created, with the one copy of its facilitator key.
#[derive(Clone, Debug)]
pub struct CreatedBoard {
    pub meta: BoardMeta,
    pub facilitator_key: String,
    /// The new board's head.
    pub seq: u64,
}

/// SHA-256 (hex) of a secret, as stored.
pub fn hash_secret(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[derive(Clone)]
pub struct Hub {
    inner: Arc<HubInner>,
}

struct HubInner {
    store: Arc<dyn EventStore>,
    settings: Arc<Settings>,
    registry: Arc<Registry>,
    /// Link ids already resolved, with when the store last confirmed them. An id never opens
    /// another board, but its board can be purged by another instance: see `purged`.
    resolved: Mutex<HashMap<String, (Resolved, std::time::Instant)>>,
    next_conn: AtomicU64,
    /// Flips to true when the server begins to shut down; sessions then close with "going away".
    shutdown: tokio::sync::watch::Sender<bool>,
    /// Open WebSocket sessions, so shutdown can wait for them to say goodbye.
    sessions: tokio::sync::watch::Sender<usize>,
}

/// Held by a WebSocket session while it runs.
pub struct SessionGuard {
    hub: Hub,
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        self.hub.inner.sessions.send_modify(|n| *n -= 1);
    }
}

impl Hub {
    pub fn new(store: Arc<dyn EventStore>, settings: Arc<Settings>) -> Self {
        let metrics = Arc::new(Metrics::default());
        let registry = Registry::new(
            store.clone(),
            settings.clone(),
            metrics.clone(),
            actor::start,
        );
        Self {
            inner: Arc::new(HubInner {
                store,
                settings,
                registry,
                resolved: Mutex::new(HashMap::new()),
                next_conn: AtomicU64::new(1),
                shutdown: tokio::sync::watch::Sender::new(false),
                sessions: tokio::sync::watch::Sender::new(0),
            }),
        }
    }

    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.inner.registry.metrics
    }

    /// The store, for the application layer's read models (`crate::boards`); transports
    /// go through those, never here.
    pub(crate) fn store(&self) -> &Arc<dyn EventStore> {
        &self.inner.store
    }

    /// The board as of `max_seq` (or its head, whichever is lower), rebuilt from the store by
    /// the loader the actors use. Failures are logged here and answered `unavailable`.
    pub async fn load_at(&self, board: &BoardId, max_seq: u64) -> Result<Loaded, HubError> {
        load_board(&self.inner.store, board, max_seq)
            .await
            .map_err(|e| {
                tracing::warn!(board = %board.log_tag(), error = %e, "loading a board failed");
                HubError::Unavailable
            })
    }

    /// The store's sign-in sessions (both real backends keep them).
    pub fn sessions(&self) -> Option<&dyn eventstorm_store::SessionStore> {
        self.inner.store.sessions()
    }

    /// The board's open vote, if one is open (its dots are then secret).
    pub async fn open_vote(&self, board: &BoardId) -> Result<Option<ElementId>, HubError> {
        let (board, _) = self.board_now(board).await?;
        Ok(ballot::open_vote(&board.facilitation))
    }

    pub fn settings(&self) -> &Arc<Settings> {
        &self.inner.settings
    }

    /// Tells every session to close ("going away") so clients reconnect elsewhere. Actors keep
    /// committing what they have queued.
    fn begin_shutdown(&self) {
        self.inner.shutdown.send_replace(true);
    }

    /// Stops the boards: each commits and acknowledges what it has queued and closes its
    /// connections with "going away"; then every other session is told to close. Bounded by
    /// `limit` so a stuck database cannot hold the process forever.
    pub async fn shutdown(&self, limit: std::time::Duration) {
        let boards = self.inner.registry.all();
        let flush = async {
            for tx in boards {
                let (reply, done) = oneshot::channel();
                if tx.send(BoardMsg::Shutdown { reply }).await.is_ok() {
                    let _ = done.await;
                }
            }
        };
        let _ = tokio::time::timeout(limit, flush).await;
        self.begin_shutdown();
    }

    /// Resolves once shutdown has begun.
    pub fn shutdown_watch(&self) -> tokio::sync::watch::Receiver<bool> {
        self.inner.shutdown.subscribe()
    }

    /// Counts a WebSocket session until the guard drops.
    pub fn session_started(&self) -> SessionGuard {
        self.inner.sessions.send_modify(|n| *n += 1);
        SessionGuard { hub: self.clone() }
    }

    /// Open WebSocket sessions.
    pub fn open_sessions(&self) -> usize {
        *self.inner.sessions.borrow()
    }

    /// Waits (at most `limit`) until every WebSocket session has closed.
    pub async fn sessions_closed(&self, limit: std::time::Duration) {
        let mut rx = self.inner.sessions.subscribe();
        let _ = tokio::time::timeout(limit, async move {
            let _ = rx.wait_for(|n| *n == 0).await;
        })
        .await;
    }

    pub fn next_conn_id(&self) -> ConnId {
        self.inner.next_conn.fetch_add(1, Ordering::Relaxed)
    }

    pub fn loaded_boards(&self) -> usize {
        self.inner.registry.loaded_count()
    }

    /// How many board actors were started since the process began.
    pub fn actors_started(&self) -> u64 {
        self.inner.registry.started_count()
    }

    /// Finds the board a link id opens: its edit id, or its view-only id.
    pub async fn resolve(&self, link_id: &str) -> Result<Resolved, HubError> {
        if let Some((r, checked)) = self
            .inner
            .resolved
            .lock()
            .expect("resolved lock")
            .get(link_id)
            && self.still_trusted(*checked)
        {
            return Ok(r.clone());
        }
        let id = BoardId::parse(link_id).ok_or(HubError::NotFound)?;
        let store = &self.inner.store;
        let resolved = match store.board(&id).await.map_err(store_error)? {
            Some(meta) => Resolved {
                board: meta.id,
                read_only: false,
                facilitator_key_hash: meta.facilitator_key_hash,
            },
            None => match store.board_by_view_id(&id).await.map_err(store_error)? {
                Some(meta) => Resolved {
                    board: meta.id,
                    read_only: true,
                    facilitator_key_hash: meta.facilitator_key_hash,
                },
                None => return Err(HubError::NotFound),
            },
        };
        self.inner.resolved.lock().expect("resolved lock").insert(
            link_id.to_owned(),
            (resolved.clone(), std::time::Instant::now()),
        );
        Ok(resolved)
    }

    /// Creates a board with its `board_created` event.
    pub async fn create_board(&self, title: &str, actor: &str) -> Result<CreatedBoard, HubError> {
        let command = Command::CreateBoard {
            title: title.to_owned(),
        };
        let events = decide(&Board::default(), &command, &self.inner.settings.limits)?;
        let Some(eventstorm_board::Event::BoardCreated { title }) = events.first().cloned() else {
            unreachable!("create_board decides to board_created");
        };
        let op = NewOp::from_events(
            Uuid::new_v4(),
            hash_command(&command),
            actor,
            now_millis(),
            &events,
        );
        self.create_board_from(&title, vec![op]).await
    }

    /// Creates a new board from validated ops (a new board, an import, a fork or a template):
    /// the first op with the board, then the rest in chunks, with a snapshot every
    /// `snapshot_every` events. A failure part-way purges the new board, so an import is all
    /// or nothing. The board gets fresh links and a fresh facilitator key (only its hash is
    /// stored).
    pub async fn create_board_from(
        &self,
        title: &str,
        ops: Vec<NewOp>,
    ) -> Result<CreatedBoard, HubError> {
        let mut ops = ops.into_iter();
        let Some(first) = ops.next() else {
            return Err(HubError::Rejected {
                code: ErrorCode::InvalidBackup,
                message: "no events".into(),
            });
        };
        let mut writer = self.start_new_board(title, &first).await?;
        let rest: Vec<NewOp> = ops.collect();
        for chunk in rest.chunks(500) {
            writer.append(chunk).await?;
        }
        Ok(writer.finish())
    }

    /// Erases a board for good (an administrator's act): its events, ops and snapshots go, its
    /// links stop working, and everyone on it is told and disconnected.
    pub async fn delete_board(&self, board: &BoardId) -> Result<bool, HubError> {
        let meta = self.inner.store.board(board).await.map_err(store_error)?;
        let purged = self
            .inner
            .store
            .purge_board(board)
            .await
            .map_err(store_error)?;
        if meta.is_some() {
            self.unload_purged(board).await;
        }
        Ok(purged)
    }

    /// Runs a command through the board's actor and waits for its outcome; `actor` is also
    /// who votes (only commands without a voter should come this way from outside).
    pub async fn command(
        &self,
        board: &BoardId,
        op_id: Uuid,
        command: Command,
        actor: String,
    ) -> CommandOutcome {
        let participant = actor.clone();
        self.command_as(board, op_id, command, actor, participant)
            .await
    }

    /// [`Hub::command`] with the participant (the voter) given apart from the recorded actor.
    pub async fn command_as(
        &self,
        board: &BoardId,
        op_id: Uuid,
        command: Command,
        actor: String,
        participant: String,
    ) -> CommandOutcome {
        let (tx, rx) = oneshot::channel();
        let pending =
            PendingCommand::new(op_id, command, actor, participant, CommandReply::Http(tx));
        if let Err(e) = self.send(board, BoardMsg::Command(pending)).await {
            return CommandOutcome::Rejected(e);
        }
        rx.await
            .unwrap_or(CommandOutcome::Rejected(HubError::Unavailable))
    }

    /// Queues a WebSocket connection's command; its ack or rejection arrives on the
    /// connection's outbound queue.
    pub async fn submit(
        &self,
        board: &BoardId,
        conn: ConnId,
        op_id: Uuid,
        command: Command,
        actor: String,
        participant: String,
    ) -> Result<(), HubError> {
        let pending =
            PendingCommand::new(op_id, command, actor, participant, CommandReply::Conn(conn));
        self.send(board, BoardMsg::Command(pending)).await
    }

    /// The board as it is now.
    pub async fn view(&self, board: &BoardId, link_id: &str) -> Result<BoardView, HubError> {
        // Built here, from the actor's O(1) clone: a big board's view costs the actor nothing.
        let (board, seq) = self.board_now(board).await?;
        // During a secret ballot nobody's dots show here (see `ballot`), nor anybody's private
        // stickies (see `privacy`).
        Ok(ballot::view_for(
            link_id,
            seq,
            &board.visible_to(None),
            None,
        ))
    }

    /// The board and its head now, shared with its actor (an O(1) clone).
    pub async fn board_now(&self, board: &BoardId) -> Result<(Board, u64), HubError> {
        for _ in 0..3 {
            let (tx, rx) = oneshot::channel();
            self.send(board, BoardMsg::View { reply: tx }).await?;
            match rx.await {
                Ok(result) => return result,
                Err(_) => continue,
            }
        }
        Err(HubError::Unavailable)
    }

    /// Adds a connection to the board; the welcome goes out on its queue.
    pub async fn join(&self, board: &BoardId, p: JoinParams) -> Result<Participant, HubError> {
        let mut last = HubError::Unavailable;
        // A join can race an idle board unloading; it then retries against a fresh actor.
        for _ in 0..3 {
            let (tx, rx) = oneshot::channel();
            let join = JoinRequest {
                params: p.clone(),
                reply: tx,
            };
            self.send(board, BoardMsg::Join(join)).await?;
            match rx.await {
                Ok(Ok(participant)) => return Ok(participant),
                Ok(Err(e)) => last = e,
                Err(_) => last = HubError::Unavailable,
            }
        }
        Err(last)
    }

    pub async fn leave(&self, board: &BoardId, conn: ConnId) {
        self.tell_loaded(board, BoardMsg::Leave { conn }).await;
    }

    pub async fn presence(&self, board: &BoardId, conn: ConnId, presence: Presence) {
        self.tell_loaded(board, BoardMsg::Presence { conn, presence })
            .await;
    }

    /// The facilitator's "come to my view" to everyone else on the board.
    pub async fn summon(
        &self,
        board: &BoardId,
        conn: ConnId,
        viewport: Viewport,
        frame: Option<ElementId>,
    ) {
        let msg = BoardMsg::Summon {
            conn,
            viewport,
            frame,
        };
        self.tell_loaded(board, msg).await;
    }

    /// Passes a message to the board's actor if the board is loaded here. Ephemeral messages
    /// (presence, leaving) mean nothing to a board nobody has open, so none loads it.
    async fn tell_loaded(&self, board: &BoardId, msg: BoardMsg) {
        if let Some(tx) = self.inner.registry.loaded(board) {
            let _ = tx.send(msg).await;
        }
    }

    /// Some instance appended to `board` up to `seq`: if it is loaded here and behind, it
    /// reads the new events.
    pub fn wake(&self, board: &BoardId, seq: u64) {
        if let Some(tx) = self.inner.registry.loaded(board) {
            let _ = tx.try_send(BoardMsg::Hint(seq));
        }
    }

    async fn send(&self, board: &BoardId, msg: BoardMsg) -> Result<(), HubError> {
        let mut msg = msg;
        for _ in 0..3 {
            let tx = self.inner.registry.sender(board);
            match tx.send(msg).await {
                Ok(()) => return Ok(()),
                // The actor went away (unloaded or failed to load) between lookup and send.
                Err(mpsc::error::SendError(back)) => msg = back,
            }
        }
        msg.fail(HubError::Unavailable);
        Err(HubError::Unavailable)
    }
}

/// The hex SHA-256 of a command's canonical JSON.
pub fn hash_command(command: &Command) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(command.canonical_json().as_bytes()))
}

/// 128 random bits as 32 hex digits: an unguessable capability.
fn random_board_id() -> BoardId {
    let bytes: [u8; 16] = rand::random();
    BoardId::parse(&hex::encode(bytes)).expect("32 hex digits are a valid board id")
}

pub(crate) fn store_error(e: StoreError) -> HubError {
    match e {
        StoreError::NotFound => HubError::NotFound,
        other => {
            tracing::warn!(error = %other, "store error");
            HubError::Unavailable
        }
    }
}
