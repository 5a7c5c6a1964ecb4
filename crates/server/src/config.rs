//! Command line and environment configuration. Every field has a doc comment: it is the
//! `--help` text. Defaults of tunable flags are [`Settings::default`]'s, written there only.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use eventstorm_board::Limits;

use crate::access::{Secret, TrustedProxies};
use crate::settings::Settings;

#[derive(Debug, Parser)]
#[command(
    name = "eventstorm",
    version,
    about = "Event storming workshops in the browser"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Subcommands>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Subcommands {
    /// Serve the web app (the default).
    Serve,
    /// Run the database migrations and exit.
    Migrate,
    /// Check the configuration and that the database answers, then exit (0 when all is well).
    Check,
    /// Ask a running server whether it is up (`GET /healthz` on the bind address); for
    /// container health checks, where no HTTP client is installed.
    Healthcheck,
    /// Export a board from the configured database.
    Export(ExportArgs),
    /// Sign-in sessions in the configured database: `list` them, or `revoke-all` (everyone
    /// must sign in again).
    Sessions {
        #[command(subcommand)]
        action: SessionsAction,
    },
    /// Write a board's backup (its whole event log, the document `POST /api/boards/import`
    /// reads) from the configured database.
    Backup(BackupArgs),
}

#[derive(Debug, Clone, Copy, Subcommand)]
pub enum SessionsAction {
    /// Print the live sessions, one JSON object a line.
    List,
    /// End every session.
    RevokeAll,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The board's id (its edit or view-only id).
    pub board: String,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The board's id (its edit or view-only id).
    pub board: String,
    /// json, asyncapi (YAML), asyncapi-json, markdown, cml, or a picture: svg or png.
    #[arg(long, default_value = "json")]
    pub format: String,
    /// For svg and png: only this frame (its id) and what lies in it.
    #[arg(long)]
    pub frame: Option<String>,
    /// For svg and png: only these elements (comma-separated ids).
    #[arg(long)]
    pub ids: Option<String>,
    /// For png: pixels per board unit (0.1 to 4).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
    /// The board as it was at this seq (default: now).
    #[arg(long)]
    pub at: Option<u64>,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on. The default only accepts connections from this machine.
    #[arg(
        long,
        env = "EVENTSTORM_BIND",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub bind: SocketAddr,

    /// Where boards are stored: `postgres://...` for Postgres, `sqlite://PATH` or a file path for
    /// SQLite. Default: a SQLite file under ./data/.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, global = true)]
    pub database_url: Option<String>,

    /// SQLite only: fsync on every commit (`synchronous=FULL`). The default (NORMAL) survives a
    /// killed process; FULL also survives a power cut, at a cost in write latency.
    #[arg(long, env = "EVENTSTORM_SQLITE_SYNC_FULL", global = true)]
    pub sqlite_sync_full: bool,

    /// The URL people use to reach this server (`https://storm.example.com`) when it runs behind
    /// a reverse proxy; WebSocket upgrades must then come from that origin.
    #[arg(long, env = "EVENTSTORM_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// Require this password (a sign-in page, then a session cookie) before anyone can create
    /// or open boards. Unset: board links alone grant access.
    #[arg(
        long,
        env = "EVENTSTORM_PASSWORD",
        hide_env_values = true,
        global = true
    )]
    pub password: Option<Secret>,

    /// Enable the administration API (list and delete boards) for requests bearing this token
    /// (`Authorization: Bearer ...`).
    #[arg(
        long,
        env = "EVENTSTORM_ADMIN_TOKEN",
        hide_env_values = true,
        global = true
    )]
    pub admin_token: Option<Secret>,

    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` headers name the client: a
    /// comma-separated list of CIDR ranges (`127.0.0.1/32,10.0.0.0/8`). Unset: those headers
    /// are ignored and the socket peer is the client.
    #[arg(long, env = "EVENTSTORM_TRUSTED_PROXIES", global = true)]
    pub trusted_proxies: Option<TrustedProxies>,

    /// Boards one client address may create per minute.
    #[arg(
        long,
        env = "EVENTSTORM_CREATES_PER_MINUTE",
        default_value_t = Settings::default().creates_per_minute,
        global = true
    )]
    pub creates_per_minute: u32,

    /// Sign-in attempts one client address may make per minute.
    #[arg(
        long,
        env = "EVENTSTORM_SIGNINS_PER_MINUTE",
        default_value_t = Settings::default().signins_per_minute,
        global = true
    )]
    pub signins_per_minute: u32,

    /// Requests over a whole board log (fork, import, diff, past states, element history) this
    /// instance serves at once; more are answered 503 `busy` with `Retry-After`.
    #[arg(
        long,
        env = "EVENTSTORM_MAX_LOG_REQUESTS",
        default_value_t = Settings::default().max_log_requests,
        global = true
    )]
    pub max_log_requests: usize,

    /// Reads over a whole board log (diff, past states, exports, element history, backups) one
    /// client address may make per minute; more are answered 429.
    #[arg(
        long,
        env = "EVENTSTORM_LOG_READS_PER_MINUTE",
        default_value_t = Settings::default().log_reads_per_minute,
        global = true
    )]
    pub log_reads_per_minute: u32,

    /// Log filter, in `tracing` syntax (`info`, `eventstorm_server=debug,info`).
    #[arg(long, env = "EVENTSTORM_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Log line format.
    #[arg(long, env = "EVENTSTORM_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Limits, each a clear error when crossed. Tests and benchmarks raise them.
#[derive(Debug, Clone, Args)]
pub struct LimitArgs {
    /// Characters in a sticky's text.
    #[arg(
        long,
        env = "EVENTSTORM_MAX_TEXT",
        default_value_t = Settings::default().limits.max_text_chars,
        global = true
    )]
    pub max_text_chars: usize,
    /// Notes, connectors and frames on one board.
    #[arg(
        long,
        env = "EVENTSTORM_MAX_ELEMENTS",
        default_value_t = Settings::default().limits.max_elements,
        global = true
    )]
    pub max_elements: usize,
    /// Bytes one board may hold in memory (live stickies with their details, and the deleted
    /// ones kept for restore); commands that would grow a board past it are refused with
    /// `board_full`.
    #[arg(
        long,
        env = "EVENTSTORM_MAX_BOARD_BYTES",
        default_value_t = Settings::default().limits.max_board_bytes,
        global = true
    )]
    pub max_board_bytes: usize,
    /// Largest WebSocket frame or HTTP command body, in bytes.
    #[arg(long, env = "EVENTSTORM_MAX_FRAME", default_value_t = Settings::default().max_frame_bytes, global = true)]
    pub max_frame_bytes: usize,
    /// Commands per second per WebSocket connection (sustained).
    #[arg(
        long,
        env = "EVENTSTORM_COMMAND_RATE",
        default_value_t = Settings::default().command_rate,
        global = true
    )]
    pub command_rate: u32,
    /// Commands a connection may send at once above the sustained rate (an outbox flush after a
    /// reconnect must fit).
    #[arg(
        long,
        env = "EVENTSTORM_COMMAND_BURST",
        default_value_t = Settings::default().command_burst,
        global = true
    )]
    pub command_burst: u32,
    /// Presence updates per second per connection (the rest are coalesced).
    #[arg(
        long,
        env = "EVENTSTORM_PRESENCE_RATE",
        default_value_t = Settings::default().presence_rate,
        global = true
    )]
    pub presence_rate: u32,
}

impl ServeArgs {
    /// The database URL, defaulting to `./data/eventstorm.db`.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            let path: PathBuf = ["data", "eventstorm.db"].iter().collect();
            format!("sqlite://{}", path.display())
        })
    }
}

impl ServeArgs {
    /// The settings these flags ask for.
    pub fn settings(&self) -> Settings {
        let args = self;
        let l = &args.limits;
        let limits = Limits {
            max_text_chars: l.max_text_chars,
            max_elements: l.max_elements,
            max_board_bytes: l.max_board_bytes,
            ..Limits::default()
        };
        Settings {
            limits,
            max_frame_bytes: l.max_frame_bytes,
            command_rate: l.command_rate,
            command_burst: l.command_burst,
            presence_rate: l.presence_rate,
            // Compose passes unset variables as empty strings: empty means unset.
            public_origin: args.public_url.clone().filter(|u| !u.trim().is_empty()),
            password: args.password.clone().filter(|p| !p.expose().is_empty()),
            admin_token: args.admin_token.clone().filter(|t| !t.expose().is_empty()),
            trusted_proxies: args.trusted_proxies.clone().unwrap_or_default(),
            creates_per_minute: args.creates_per_minute,
            signins_per_minute: args.signins_per_minute,
            max_log_requests: args.max_log_requests.max(1),
            log_reads_per_minute: args.log_reads_per_minute,
            ..Settings::default()
        }
    }
}
