//! Test support: the real server on 127.0.0.1:0 over a fresh database (a SQLite file, or a
//! fresh Postgres database when TEST_DATABASE_URL is set), an HTTP client and WebSocket
//! clients built on tokio-tungstenite.

#![allow(dead_code)]

pub mod cluster;
pub mod faulty_store;
pub mod outbox;
pub mod process;
pub mod rawws;
pub mod scenarios;
pub mod ws;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use eventstorm_server::store_select::{OpenedStore, open_store};
use eventstorm_server::{AppState, Settings, serve};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use uuid::Uuid;

/// Which database a test runs on.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Db {
    /// A fresh SQLite file in the temp dir.
    pub fn fresh_sqlite() -> Db {
        let dir = std::env::temp_dir().join(format!("eventstorm-test-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        Db::Sqlite(dir.join("board.db"))
    }

    /// A fresh Postgres database, or `None` (after saying why) when TEST_DATABASE_URL is not
    /// set. Under CI=true a missing Postgres fails the test instead.
    pub async fn fresh_postgres() -> Option<Db> {
        let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!(
                    "TEST_DATABASE_URL must be set in CI: the Postgres suite may not be skipped"
                );
            }
            eprintln!("skipped: TEST_DATABASE_URL is not set, so the Postgres case did not run");
            return None;
        };
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&base)
            .await
            .expect("TEST_DATABASE_URL must be reachable");
        let name = format!("es_srv_{}", Uuid::new_v4().simple());
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .unwrap();
        let url = match base.rfind('/') {
            Some(i)
                if base[..i].contains('@')
                    || base[..i].ends_with(':')
                    || base[..i].contains("//") =>
            {
                format!("{}/{}", &base[..i], name)
            }
            _ => panic!("TEST_DATABASE_URL must name a database: postgres://user@host:port/db"),
        };
        Some(Db::Postgres(url))
    }

    pub fn url(&self) -> String {
        match self {
            Db::Sqlite(path) => format!("sqlite://{}", path.display()),
            Db::Postgres(url) => url.clone(),
        }
    }
}

/// A running server.
pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    pub state: AppState,
    pub store: OpenedStore,
    pub http: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

pub async fn spawn_app(db: Db) -> TestApp {
    spawn_app_with(db, Settings::default()).await
}

pub async fn spawn_app_with(db: Db, settings: Settings) -> TestApp {
    let store = open_store(&db.url(), false).await.expect("store opens");
    spawn_app_on(db, store, settings).await
}

/// The server over an already opened store (tests wrap stores to inject faults).
pub async fn spawn_app_on(db: Db, store: OpenedStore, mut settings: Settings) -> TestApp {
    if store.postgres.is_some() && settings.catch_up_poll.is_none() {
        settings.catch_up_poll = Some(std::time::Duration::from_millis(500));
    }
    let state = eventstorm_server::startup::start(&store, settings);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let serve_state = state.clone();
    let task = tokio::spawn(async move {
        serve(listener, serve_state, async move {
            let _ = stop_rx.await;
        })
        .await
        .unwrap();
    });
    TestApp {
        addr,
        db,
        state,
        store,
        http: reqwest::Client::new(),
        stop: Some(stop_tx),
        task: Some(task),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn ws_url(&self, board: &str) -> String {
        format!("ws://{}/api/boards/{}/ws", self.addr, board)
    }

    /// Stops accepting and waits for the server task (open WebSockets are dropped).
    pub async fn stop(mut self) -> Db {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
        self.db.clone()
    }

    /// Creates a board and returns its id.
    pub async fn create_board(&self, title: &str) -> String {
        let res = self
            .http
            .post(self.url("/api/boards"))
            .json(&json!({ "title": title }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let body: Value = res.json().await.unwrap();
        body["id"].as_str().unwrap().to_owned()
    }

    /// Posts a command; returns status and body.
    pub async fn command(&self, board: &str, op_id: Uuid, command: Value) -> (u16, Value) {
        let body = json!({ "op_id": op_id, "command": command });
        self.post_raw(&format!("/api/boards/{board}/commands"), body.to_string())
            .await
    }

    pub async fn post_raw(&self, path: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
        let res = self
            .http
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// An administrators' API request (`GET` or `DELETE`) with the test token `t0ken`: the
    /// status and the JSON body (`null` when there is none).
    pub async fn admin(&self, method: reqwest::Method, path: &str) -> (u16, Value) {
        let res = self
            .http
            .request(method, self.url(path))
            .bearer_auth("t0ken")
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let res = self.http.get(self.url(path)).send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn board(&self, board: &str) -> Value {
        let (status, body) = self.get(&format!("/api/boards/{board}")).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// Every stored event of the board, through the paged API.
    pub async fn all_events(&self, board: &str) -> Vec<Value> {
        let mut out = Vec::new();
        loop {
            let after = out.len();
            let (status, body) = self
                .get(&format!(
                    "/api/boards/{board}/events?after={after}&limit=1000"
                ))
                .await;
            assert_eq!(status, 200);
            let page = body["events"].as_array().unwrap().clone();
            if page.is_empty() {
                return out;
            }
            out.extend(page);
        }
    }

    pub fn store(&self) -> Arc<dyn eventstorm_store::EventStore> {
        self.store.store.clone()
    }
}

/// An `add_note` command.
pub fn add_note(id: Uuid, kind: &str, text: &str, x: f64, y: f64) -> Value {
    json!({ "type": "add_note", "id": id, "kind": kind, "text": text, "x": x, "y": y })
}
