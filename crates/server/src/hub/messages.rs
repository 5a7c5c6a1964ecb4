//! What the rest of the server asks a board actor, and what it answers.

use axum::extract::ws::Utf8Bytes;
use eventstorm_board::ElementId;
use eventstorm_board::{Board, Command};
use eventstorm_protocol::{ErrorCode, EventEnvelope, Participant, Presence, Viewport};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// A frame on its way to one connection. Event frames are encoded once by the actor and shared
/// by every connection (`Utf8Bytes` clones are reference counts).
#[derive(Clone, Debug)]
pub enum Outbound {
    Text(Utf8Bytes),
    /// A frame still being encoded off the actor (a board's `board` message); sent, in its
    /// place in the queue, once the encoder publishes it.
    Pending(super::board_frame::SharedFrame),
    /// Close the socket with this code and reason after everything queued before it.
    Close(u16, &'static str),
}

/// Identifies one connection (a WebSocket session) inside the server.
pub type ConnId = u64;

pub enum BoardMsg {
    Command(PendingCommand),
    Join(JoinRequest),
    Leave {
        conn: ConnId,
    },
    Presence {
        conn: ConnId,
        presence: Presence,
    },
    /// The facilitator brings everyone to their view.
    Summon {
        conn: ConnId,
        viewport: Viewport,
        frame: Option<ElementId>,
    },
    /// The board as it is now (for `GET /api/boards/{id}`).
    View {
        reply: oneshot::Sender<Result<(Board, u64), HubError>>,
    },
    /// Another instance appended (the safety poll): read the store.
    CatchUp,
    /// A NOTIFY hint: the board's stream reaches at least this seq. Read the store only if
    /// that is past the actor's head; most hints are this instance's own appends.
    Hint(u64),
    /// The board was deleted: tell everyone on it and go away.
    Delete,
    /// The server is stopping: commit what is queued, acknowledge it, then close every
    /// connection with "going away" (after its acks) and answer.
    Shutdown {
        reply: oneshot::Sender<()>,
    },
}

/// A command waiting in an actor's queue.
pub struct PendingCommand {
    pub op_id: Uuid,
    pub command: Command,
    /// The hex SHA-256 of the command's canonical JSON.
    pub content_hash: String,
    pub actor: String,
    /// Who votes with this command's dots: the participant's client id (or the HTTP actor).
    pub participant: String,
    pub reply: CommandReply,
    /// When the command reached the hub, for the fan-out latency metric.
    pub received: std::time::Instant,
}

impl PendingCommand {
    pub fn new(
        op_id: Uuid,
        command: Command,
        actor: String,
        participant: String,
        reply: CommandReply,
    ) -> Self {
        let content_hash = super::hash_command(&command);
        Self {
            op_id,
            command,
            content_hash,
            actor,
            participant,
            reply,
            received: std::time::Instant::now(),
        }
    }
}

/// Where a command's outcome goes.
pub enum CommandReply {
    /// An HTTP request waiting for the outcome.
    Http(oneshot::Sender<CommandOutcome>),
    /// A WebSocket connection: `ack` or `rejected` go into its outbound queue, after the events.
    Conn(ConnId),
}

/// The outcome of one command.
#[derive(Debug)]
pub enum CommandOutcome {
    Committed {
        first_seq: u64,
        seq: u64,
        events: Vec<EventEnvelope>,
    },
    /// A resend of a committed op: its original seqs, nothing appended.
    Duplicate {
        first_seq: u64,
        seq: u64,
    },
    Rejected(HubError),
}

/// What `join` needs from a session.
#[derive(Clone)]
pub struct JoinParams {
    pub conn: ConnId,
    pub facilitator: bool,
    pub since: u64,
    /// The client's event at `since`, checked against the committed one.
    pub since_event: Option<eventstorm_protocol::EventRef>,
    pub name: String,
    /// The participant's id, derived from its secret (see `access::participant`).
    pub client_id: String,
    pub board_ref: String,
    pub read_only: bool,
    pub outbound: mpsc::Sender<Outbound>,
}

/// A join on its way to the actor, with where its answer goes.
pub struct JoinRequest {
    pub params: JoinParams,
    pub reply: oneshot::Sender<Result<Participant, HubError>>,
}

/// Why the hub could not do what was asked. The codes are the wire's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HubError {
    #[error("{message}")]
    Rejected { code: ErrorCode, message: String },
    #[error("the op id was already used for a different command")]
    OpIdReused,
    #[error("no such board")]
    NotFound,
    #[error("the database is unavailable; try again")]
    Unavailable,
}

impl HubError {
    pub fn code(&self) -> ErrorCode {
        match self {
            HubError::Rejected { code, .. } => *code,
            HubError::OpIdReused => ErrorCode::OpIdReused,
            HubError::NotFound => ErrorCode::BoardNotFound,
            HubError::Unavailable => ErrorCode::Unavailable,
        }
    }

    pub fn retryable(&self) -> bool {
        self.code().retryable()
    }
}

impl From<eventstorm_board::Rejection> for HubError {
    fn from(r: eventstorm_board::Rejection) -> Self {
        HubError::Rejected {
            code: r.code.into(),
            message: r.message,
        }
    }
}

impl BoardMsg {
    /// Answers a message no actor can serve with `err`.
    pub fn fail(self, err: HubError) {
        match self {
            BoardMsg::Command(cmd) => match cmd.reply {
                CommandReply::Http(tx) => {
                    let _ = tx.send(CommandOutcome::Rejected(err));
                }
                // The session will see its board go away and ask the client to rejoin; the op
                // stays in the client's outbox.
                CommandReply::Conn(_) => {}
            },
            BoardMsg::Join(j) => {
                let _ = j.reply.send(Err(err));
            }
            BoardMsg::View { reply, .. } => {
                let _ = reply.send(Err(err));
            }
            BoardMsg::Shutdown { reply } => {
                let _ = reply.send(());
            }
            BoardMsg::Leave { .. }
            | BoardMsg::Presence { .. }
            | BoardMsg::Summon { .. }
            | BoardMsg::CatchUp
            | BoardMsg::Hint(_)
            | BoardMsg::Delete => {}
        }
    }
}
