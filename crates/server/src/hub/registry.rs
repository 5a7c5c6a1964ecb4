//! The loaded boards of this instance: one actor per board, started on first use. Starting is
//! single flight: however many requests arrive for a cold board at once, one actor is spawned
//! and loads it once while the requests wait in its queue. An actor starts only for a board
//! the store has: a board purged (by another instance) after its link was resolved answers
//! `not_found`, where loading it would give an empty board.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use eventstorm_store::{BoardId, EventStore};
use tokio::sync::mpsc;

use super::messages::{BoardMsg, HubError};
use crate::metrics::Metrics;
use crate::settings::Settings;

/// Runs one board's actor on its queue until it unloads. The registry starts actors without
/// knowing what they are (the hub wires in `actor::start`), so the two never import each other.
pub type StartActor =
    fn(ActorLease, mpsc::Receiver<BoardMsg>) -> Pin<Box<dyn Future<Output = ()> + Send>>;

/// Messages that may wait for one board's actor. A full queue makes senders wait, which slows
/// the connections flooding it and nobody else.
const QUEUE: usize = 4_096;

struct Entry {
    /// Tells a restarted actor's entry from the one an exiting actor may remove.
    generation: u64,
    tx: mpsc::Sender<BoardMsg>,
}

pub struct Registry {
    store: Arc<dyn EventStore>,
    settings: Arc<Settings>,
    pub metrics: Arc<Metrics>,
    start: StartActor,
    boards: Mutex<HashMap<BoardId, Entry>>,
    next_generation: std::sync::atomic::AtomicU64,
    /// How many actors were ever started (a board counts again after it unloads).
    started: std::sync::atomic::AtomicU64,
}

/// What an actor holds of the registry: its board, what it needs to run, and its entry (the
/// generation), which only it may remove.
pub struct ActorLease {
    registry: Arc<Registry>,
    pub id: BoardId,
    generation: u64,
    /// The title the store's board list shows (`None` when it could not be read), to put
    /// right if the log says otherwise.
    pub listed_title: Option<String>,
}

impl ActorLease {
    pub fn store(&self) -> &Arc<dyn EventStore> {
        &self.registry.store
    }

    pub fn settings(&self) -> &Arc<Settings> {
        &self.registry.settings
    }

    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.registry.metrics
    }

    /// Ends the lease: see [`Registry::forget`].
    pub fn forget(&self, rx: &mut mpsc::Receiver<BoardMsg>, only_if_idle: bool) -> bool {
        self.registry
            .forget(&self.id, self.generation, rx, only_if_idle)
    }
}

impl Registry {
    pub fn new(
        store: Arc<dyn EventStore>,
        settings: Arc<Settings>,
        metrics: Arc<Metrics>,
        start: StartActor,
    ) -> Arc<Self> {
        Arc::new(Self {
            store,
            settings,
            metrics,
            start,
            boards: Mutex::new(HashMap::new()),
            next_generation: Default::default(),
            started: Default::default(),
        })
    }

    /// The queue of the board's actor, starting the actor if the board is not loaded.
    pub fn sender(self: &Arc<Self>, id: &BoardId) -> mpsc::Sender<BoardMsg> {
        let mut boards = self.boards.lock().expect("registry lock");
        if let Some(entry) = boards.get(id)
            && !entry.tx.is_closed()
        {
            return entry.tx.clone();
        }
        let (tx, rx) = mpsc::channel(QUEUE);
        let generation = self
            .next_generation
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        boards.insert(
            id.clone(),
            Entry {
                generation,
                tx: tx.clone(),
            },
        );
        self.started
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (me, id) = (self.clone(), id.clone());
        tokio::spawn(async move {
            let listed_title = match me.store.board(&id).await {
                Ok(None) => return me.refuse_purged(&id, generation, rx).await,
                Ok(Some(meta)) => Some(meta.title),
                // The actor's load will meet the same failure and answer for it.
                Err(_) => None,
            };
            let start = me.start;
            let lease = ActorLease {
                registry: me,
                id,
                generation,
                listed_title,
            };
            start(lease, rx).await;
        });
        tx
    }

    /// Answers everything queued for a board the store does not have with `not_found`.
    async fn refuse_purged(&self, id: &BoardId, generation: u64, mut rx: mpsc::Receiver<BoardMsg>) {
        self.forget(id, generation, &mut rx, false);
        while let Some(msg) = rx.recv().await {
            msg.fail(HubError::NotFound);
        }
    }

    /// The ids of the loaded boards.
    pub fn loaded_ids(&self) -> Vec<BoardId> {
        self.boards
            .lock()
            .expect("registry lock")
            .keys()
            .cloned()
            .collect()
    }

    /// The queue of a loaded board, if it is loaded.
    pub fn loaded(&self, id: &BoardId) -> Option<mpsc::Sender<BoardMsg>> {
        let boards = self.boards.lock().expect("registry lock");
        boards.get(id).map(|e| e.tx.clone())
    }

    /// Removes the actor's entry and closes its queue, atomically with respect to `sender`, so
    /// no message can slip into a queue nobody will read. With `only_if_idle`, does nothing
    /// (and returns false) when messages are waiting.
    fn forget(
        &self,
        id: &BoardId,
        generation: u64,
        rx: &mut mpsc::Receiver<BoardMsg>,
        only_if_idle: bool,
    ) -> bool {
        let mut boards = self.boards.lock().expect("registry lock");
        if only_if_idle && !rx.is_empty() {
            return false;
        }
        if boards.get(id).is_some_and(|e| e.generation == generation) {
            boards.remove(id);
        }
        rx.close();
        true
    }

    /// Every loaded board's queue.
    pub fn all(&self) -> Vec<mpsc::Sender<BoardMsg>> {
        self.boards
            .lock()
            .expect("registry lock")
            .values()
            .map(|e| e.tx.clone())
            .collect()
    }

    pub fn loaded_count(&self) -> usize {
        self.boards.lock().expect("registry lock").len()
    }

    pub fn started_count(&self) -> u64 {
        self.started.load(std::sync::atomic::Ordering::Relaxed)
    }
}
