//! Runtime settings shared by the server's parts, built from the command line (or directly by
//! tests and benchmarks).

use std::time::Duration;

use eventstorm_board::Limits;

use crate::access::client_addr::TrustedProxies;
use crate::access::secret::Secret;

#[derive(Clone, Debug)]
pub struct Settings {
    pub limits: Limits,
    /// Largest WebSocket message and HTTP command body, in bytes.
    pub max_frame_bytes: usize,
    /// Sustained commands per second per connection, and the burst above it.
    pub command_rate: u32,
    pub command_burst: u32,
    /// Presence updates per second per connection; faster ones are coalesced.
    pub presence_rate: u32,
    /// Frames queued for one connection before it counts as fallen behind.
    pub outbound_queue: usize,
    /// How long a board with nobody on it stays loaded.
    pub idle_unload: Duration,
    /// How often a loaded board checks the store for events other instances wrote, as a safety
    /// net under the NOTIFY hints. `None` when this instance is the only writer (SQLite).
    pub catch_up_poll: Option<Duration>,
    /// Events between background snapshots.
    pub snapshot_every: u64,
    /// Events kept in memory per board to catch reconnecting clients up (a few hundred: the
    /// last minute or so of a busy workshop; a client further behind gets the whole board).
    /// Each is a frame of ~300 bytes, and a server holds them for every loaded board.
    pub recent_events: usize,
    /// Commands one group commit takes from the queue at most.
    pub max_batch: usize,
    /// A WebSocket that sends nothing (not even a pong) for this long is closed.
    pub idle_socket: Duration,
    /// The origin browsers use to reach this server behind a proxy (`https://storm.example.com`);
    /// when unset, a WebSocket's `Origin` must match its `Host`.
    pub public_origin: Option<String>,
    /// When set, everything but the sign-in page and health checks needs a sign-in.
    pub password: Option<Secret>,
    /// When set, enables the administration API (`Authorization: Bearer <token>`).
    pub admin_token: Option<Secret>,
    /// Proxies whose forwarding headers name the client (empty: none are believed).
    pub trusted_proxies: TrustedProxies,
    /// Boards one address may create a minute.
    pub creates_per_minute: u32,
    /// Sign-in attempts one address may make a minute.
    pub signins_per_minute: u32,
    /// Requests over a whole board log (fork, import, diff, past states, element history)
    /// served at once by this instance; more are answered 503 `busy`.
    pub max_log_requests: usize,
    /// Reads over a whole board log (diff, past states, exports, element history, backups) one
    /// address may make a minute; more are answered 429.
    pub log_reads_per_minute: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            max_frame_bytes: 256 * 1024,
            command_rate: 200,
            command_burst: 1_000,
            presence_rate: 20,
            outbound_queue: 4_096,
            idle_unload: Duration::from_secs(60),
            catch_up_poll: None,
            snapshot_every: 500,
            recent_events: 300,
            max_batch: 512,
            idle_socket: Duration::from_secs(60),
            public_origin: None,
            password: None,
            admin_token: None,
            trusted_proxies: TrustedProxies::default(),
            creates_per_minute: 120,
            signins_per_minute: 10,
            max_log_requests: 4,
            log_reads_per_minute: 600,
        }
    }
}
