//! The real `eventstorm` binary as a child process, for fault tests: started on a free port of
//! 127.0.0.1, killed with SIGKILL, paused with SIGSTOP and resumed with SIGCONT, restarted on
//! the same port and database. Its log (standard error) goes to a file that tests can search.

use std::fs::OpenOptions;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use uuid::Uuid;

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One server: the binary, its port, database and log.
pub struct ServerProcess {
    child: Option<Child>,
    pub port: u16,
    pub database_url: String,
    /// Working directory; holds `server.log`.
    pub dir: PathBuf,
    env: Vec<(String, String)>,
    paused: bool,
    /// How many times the process was started.
    pub starts: usize,
}

impl ServerProcess {
    /// Starts the binary on a free port over `database_url` and waits until `/healthz` answers.
    pub async fn start(database_url: &str) -> ServerProcess {
        Self::start_with(database_url, &[]).await
    }

    /// Like [`ServerProcess::start`], with extra environment (`EVENTSTORM_COMMAND_RATE`, ...).
    pub async fn start_with(database_url: &str, env: &[(&str, &str)]) -> ServerProcess {
        let dir = std::env::temp_dir().join(format!("eventstorm-proc-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut server = ServerProcess {
            child: None,
            port: free_port(),
            database_url: database_url.to_owned(),
            dir,
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            paused: false,
            starts: 0,
        };
        server.spawn().await;
        server
    }

    async fn spawn(&mut self) {
        assert!(self.child.is_none(), "the server is already running");
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_eventstorm"));
        cmd.current_dir(&self.dir)
            .env_remove("DATABASE_URL")
            .env("DATABASE_URL", &self.database_url)
            .env("EVENTSTORM_BIND", format!("127.0.0.1:{}", self.port))
            .env("EVENTSTORM_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(log));
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        self.child = Some(cmd.spawn().expect("the binary starts"));
        self.starts += 1;
        self.paused = false;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(r) = http.get(format!("{}/healthz", self.base())).send().await
                && r.status() == 200
            {
                return;
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("the server exited with {status}:\n{}", self.log_text());
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the server did not come up:\n{}", self.log_text());
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }

    pub fn ws_url(&self, board: &str) -> String {
        format!("ws://127.0.0.1:{}/api/boards/{board}/ws", self.port)
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    /// SIGKILL: no shutdown, no flush, no goodbye to clients.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the binary again on the same port and database.
    pub async fn restart(&mut self) {
        self.kill9();
        self.spawn().await;
    }

    /// SIGSTOP: the process stays, but nothing in it runs until [`ServerProcess::resume`].
    pub fn pause(&mut self) {
        signal("-STOP", self.pid());
        self.paused = true;
    }

    /// SIGCONT.
    pub fn resume(&mut self) {
        signal("-CONT", self.pid());
        self.paused = false;
    }

    /// SIGTERM, then waits (at most 15 s) for a clean exit.
    pub async fn terminate(&mut self) -> std::process::ExitStatus {
        signal("-TERM", self.pid());
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                self.child = None;
                return status;
            }
            assert!(Instant::now() < deadline, "no exit after SIGTERM");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Whether the process is still alive.
    pub fn running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    pub fn log_path(&self) -> PathBuf {
        self.dir.join("server.log")
    }

    /// Everything the server logged, over all its starts.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }
}

impl Drop for ServerProcess {
    /// A failing test must not leave a server behind; a passing one leaves no files either.
    fn drop(&mut self) {
        self.kill9();
        if std::thread::panicking() {
            eprintln!("server log kept at {}", self.log_path().display());
        } else {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn signal(sig: &str, pid: u32) {
    let status = Command::new("kill")
        .arg(sig)
        .arg(pid.to_string())
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill {sig} {pid}");
}

/// A fresh SQLite database URL in the temp dir.
pub fn fresh_sqlite_url() -> String {
    let dir = std::env::temp_dir().join(format!("eventstorm-db-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    format!("sqlite://{}", dir.join("board.db").display())
}

/// Creates a board over HTTP; returns its id.
pub async fn create_board(http: &reqwest::Client, base: &str, title: &str) -> String {
    let res = http
        .post(format!("{base}/api/boards"))
        .json(&serde_json::json!({ "title": title }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let body: serde_json::Value = res.json().await.unwrap();
    body["id"].as_str().unwrap().to_owned()
}

/// Every stored event of a board, through the paged API.
pub async fn all_events(http: &reqwest::Client, base: &str, board: &str) -> Vec<serde_json::Value> {
    let mut out: Vec<serde_json::Value> = Vec::new();
    loop {
        let after = out.last().map_or(0, |e| e["seq"].as_u64().unwrap());
        let res = http
            .get(format!(
                "{base}/api/boards/{board}/events?after={after}&limit=1000"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let body: serde_json::Value = res.json().await.unwrap();
        let page = body["events"].as_array().unwrap().clone();
        if page.is_empty() {
            return out;
        }
        out.extend(page);
    }
}
