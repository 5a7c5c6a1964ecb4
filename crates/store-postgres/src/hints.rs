//! Append hints between server instances: every append that moves a board's head is followed,
//! once committed, by `NOTIFY eventstorm_events, '<board_id>:<head>'`, so a hint never names
//! events that are not there. A purge is hinted the same way with seq 0 (`<board_id>:0`): no
//! append ever names seq 0, since every board holds its `board_created` event at seq 1.
//!
//! The NOTIFY is a transaction of its own, sent after the append's commit by a task that
//! coalesces whatever hints queued meanwhile. Inside the append's transaction it would cost
//! more than a statement: Postgres serialises the commits of notifying transactions on one
//! database-wide lock, held through each commit's WAL flush, so appends could not share
//! flushes. A hint lost to a crash between the two is what the listeners' poll is for.
//!
//! Hints are sent only while another instance listens. Each listener connects under the
//! application name [`LISTENER_NAME`], and the sender looks in `pg_stat_activity` for one that
//! is not its own store's, at most every [`AUDIENCE_RECHECK`]. A single instance, the usual
//! deployment, then spends no transaction (and no WAL flush: a NOTIFY needs a transaction id)
//! on hints nobody reads. An instance that starts listening waits at most that long for
//! hints; until then its poll catches up, as it does for any lost hint.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use eventstorm_store::{BoardId, StoreError};
use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use sqlx::{PgConnection, PgPool};
use tokio::sync::mpsc;
use tokio::time::Instant;

use eventstorm_store_sql::convert::db_error;

/// The channel appends notify on.
pub const HINT_CHANNEL: &str = "eventstorm_events";

/// The application name of every hint listener's connection, by which senders find them.
pub const LISTENER_NAME: &str = "eventstorm-hints";

/// How long the sender trusts its last look at who listens.
pub const AUDIENCE_RECHECK: Duration = Duration::from_millis(500);

/// Board `board` has events up to `seq` (at least: later appends may have followed), or, with
/// seq [`Hint::PURGED`], was purged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    pub board: BoardId,
    pub seq: u64,
}

impl Hint {
    /// The seq of a purge hint: the board and all its events are gone.
    pub const PURGED: u64 = 0;

    /// Whether this hint says the board was purged.
    pub fn is_purge(&self) -> bool {
        self.seq == Self::PURGED
    }

    /// The NOTIFY payload for this hint.
    pub(crate) fn payload(board: &BoardId, seq: u64) -> String {
        format!("{}:{seq}", board.as_str())
    }

    fn parse(payload: &str) -> Option<Hint> {
        let (board, seq) = payload.rsplit_once(':')?;
        Some(Hint {
            board: BoardId::parse(board)?,
            seq: seq.parse().ok()?,
        })
    }
}

/// The backend process ids of one store's pool connections. Postgres tells a listener which
/// backend sent each notification; hints from the listener's own store are skipped, since that
/// instance has the events already (waking its boards for them would only cost).
#[derive(Clone, Debug, Default)]
pub(crate) struct OwnBackends(Arc<Mutex<HashSet<u32>>>);

impl OwnBackends {
    /// Records the backend of a connection the store just opened. (Ids of closed
    /// connections stay: should Postgres reuse one for another instance's connection, that
    /// instance's hints are missed and the boards' poll catches up.)
    pub(crate) async fn record(&self, conn: &mut PgConnection) -> Result<(), sqlx::Error> {
        let pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
            .fetch_one(conn)
            .await?;
        self.lock().insert(pid.unsigned_abs());
        Ok(())
    }

    fn contains(&self, pid: u32) -> bool {
        self.lock().contains(&pid)
    }

    fn pids(&self) -> Vec<i32> {
        self.lock().iter().map(|pid| *pid as i32).collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<u32>> {
        // A set of ids has no invariant a panic elsewhere could have broken.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Queues hints for appends that have committed; a background task sends them.
#[derive(Clone, Debug)]
pub(crate) struct HintSender {
    queue: mpsc::UnboundedSender<(BoardId, u64)>,
}

impl HintSender {
    /// Starts the task that sends queued hints on `pool` while a listener other than one of
    /// `own` listens. It ends when every sender is gone or the pool is closed.
    pub(crate) fn start(pool: PgPool, own: OwnBackends) -> Self {
        let (queue, pending) = mpsc::unbounded_channel();
        let audience = Audience {
            own,
            last_look: None,
        };
        tokio::spawn(send_queued(pool, audience, pending));
        HintSender { queue }
    }

    /// Board `board` has committed events up to `seq` (or, with [`Hint::PURGED`], is gone).
    pub(crate) fn send(&self, board: &BoardId, seq: u64) {
        // Fails only once the task has ended, with the pool closed: nobody to tell.
        let _ = self.queue.send((board.clone(), seq));
    }
}

/// Whether hint listeners other than this store's own are connected, looked up now and then.
struct Audience {
    own: OwnBackends,
    last_look: Option<(Instant, bool)>,
}

impl Audience {
    async fn anyone_else(&mut self, pool: &PgPool) -> bool {
        if let Some((at, answer)) = self.last_look
            && at.elapsed() < AUDIENCE_RECHECK
        {
            return answer;
        }
        let found = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                             WHERE datname = current_database()
                               AND application_name = $1
                               AND pid <> ALL($2))",
        )
        .bind(LISTENER_NAME)
        .bind(self.own.pids())
        .fetch_one(pool)
        .await;
        let answer = match found {
            Ok(answer) => answer,
            Err(err) => {
                // Cannot tell: send, as if someone listened.
                tracing::warn!(error = %err, "could not look up hint listeners");
                true
            }
        };
        self.last_look = Some((Instant::now(), answer));
        answer
    }
}

/// Sends every hint queued since the last NOTIFY in one statement, the latest per board (a
/// purge outranks every append), if another instance listens.
async fn send_queued(
    pool: PgPool,
    mut audience: Audience,
    mut pending: mpsc::UnboundedReceiver<(BoardId, u64)>,
) {
    let mut latest: HashMap<BoardId, u64> = HashMap::new();
    while let Some((board, seq)) = pending.recv().await {
        latest.insert(board, seq);
        while let Ok((board, seq)) = pending.try_recv() {
            let head = latest.entry(board).or_insert(seq);
            *head = coalesce(*head, seq);
        }
        let payloads: Vec<String> = latest
            .drain()
            .map(|(board, seq)| Hint::payload(&board, seq))
            .collect();
        if pool.is_closed() {
            return;
        }
        if !audience.anyone_else(&pool).await {
            continue;
        }
        let sent = sqlx::query("SELECT pg_notify($1, hint) FROM unnest($2::text[]) AS hint")
            .bind(HINT_CHANNEL)
            .bind(&payloads)
            .execute(&pool)
            .await;
        if let Err(err) = sent {
            // Other instances catch up by their poll instead.
            tracing::warn!(error = %err, hints = payloads.len(), "could not send append hints");
        }
    }
}

/// The one hint that says as much as both: a purge, or else the higher head.
fn coalesce(a: u64, b: u64) -> u64 {
    if a == Hint::PURGED || b == Hint::PURGED {
        Hint::PURGED
    } else {
        a.max(b)
    }
}

/// A subscription to the [`Hint`]s of other stores (other instances), on a dedicated
/// connection.
///
/// Hints are only hints: if the connection drops, `recv` reconnects and listens again by
/// itself, but notifications sent meanwhile are lost. Callers must also poll (compare heads)
/// now and then rather than rely on seeing every hint.
pub struct HintListener {
    listener: PgListener,
    own_backends: OwnBackends,
}

impl std::fmt::Debug for HintListener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HintListener")
            .field("channel", &HINT_CHANNEL)
            .finish_non_exhaustive()
    }
}

impl HintListener {
    pub(crate) async fn connect(
        options: PgConnectOptions,
        own_backends: OwnBackends,
    ) -> Result<Self, StoreError> {
        // A pool of one, used by `PgListener` only to reconnect; no lifetime or idle limits,
        // since a listening connection is idle by design. Its backend counts as the store's
        // own, so the store's sender does not take it for another instance's.
        let own = own_backends.clone();
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .max_lifetime(None)
            .idle_timeout(None)
            .after_connect(move |conn, _| {
                let own = own.clone();
                Box::pin(async move { own.record(conn).await })
            })
            .connect_with(options.application_name(LISTENER_NAME))
            .await
            .map_err(db_error)?;
        let mut listener = PgListener::connect_with(&pool).await.map_err(db_error)?;
        listener.ignore_pool_close_event(true);
        listener.listen(HINT_CHANNEL).await.map_err(db_error)?;
        Ok(HintListener {
            listener,
            own_backends,
        })
    }

    /// The next hint from another store (another instance). Waits as long as it takes;
    /// `Unavailable` if reconnecting fails.
    pub async fn recv(&mut self) -> Result<Hint, StoreError> {
        loop {
            let notification = self.listener.recv().await.map_err(db_error)?;
            if self.own_backends.contains(notification.process_id()) {
                continue;
            }
            match Hint::parse(notification.payload()) {
                Some(hint) => return Ok(hint),
                // Someone else's NOTIFY on our channel; not worth failing the listener for.
                None => tracing::warn!(channel = HINT_CHANNEL, "ignoring a malformed hint"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_round_trips() {
        let board = BoardId::parse("abcdefghijklmnop_-12").unwrap();
        let payload = Hint::payload(&board, 42);
        assert_eq!(payload, "abcdefghijklmnop_-12:42");
        assert_eq!(Hint::parse(&payload), Some(Hint { board, seq: 42 }));
    }

    #[test]
    fn a_purge_outranks_every_append_of_the_board() {
        assert_eq!(coalesce(3, 7), 7);
        assert_eq!(coalesce(7, Hint::PURGED), Hint::PURGED);
        assert_eq!(coalesce(Hint::PURGED, 9), Hint::PURGED);
        let board = BoardId::parse("abcdefghijklmnop_-12").unwrap();
        assert!(
            Hint::parse(&Hint::payload(&board, Hint::PURGED))
                .unwrap()
                .is_purge()
        );
    }

    #[test]
    fn malformed_payloads_are_rejected() {
        for payload in [
            "",
            "abcdefghijklmnop",
            "short:1",
            "abcdefghijklmnop:x",
            ":1",
        ] {
            assert_eq!(Hint::parse(payload), None, "{payload:?}");
        }
    }
}
