//! The `eventstorm` binary itself: start-up, persistence across restarts, graceful shutdown.

mod support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{Value, json};
use support::ws::Client;
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    /// A failing test must not leave a server behind.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start(dir: &std::path::Path, port: u16) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eventstorm"))
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env("EVENTSTORM_BIND", format!("127.0.0.1:{port}"))
        .env("EVENTSTORM_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(r) = reqwest::get(format!("{base}/healthz")).await
            && r.status() == 200
        {
            return Server { child, base };
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not come up");
}

fn terminate(server: &Server) {
    let status = Command::new("kill")
        .arg("-TERM")
        .arg(server.child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

async fn wait_exit(mut server: Server) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_binary_serves_sqlite_by_default_and_shuts_down_gracefully_keeping_everything() {
    let dir = std::env::temp_dir().join(format!("eventstorm-bin-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = free_port();
    let server = start(&dir, port).await;
    let http = reqwest::Client::new();
    let created: Value = http
        .post(format!("{}/api/boards", server.base))
        .json(&json!({"title": "Binary"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let board = created["id"].as_str().unwrap().to_owned();
    assert!(
        dir.join("data/eventstorm.db").exists(),
        "a SQLite file under ./data/"
    );

    let (mut client, _) = Client::join(
        &format!("ws://127.0.0.1:{port}/api/boards/{board}/ws"),
        "Ann",
        0,
    )
    .await;
    let (op, note) = (Uuid::new_v4(), Uuid::new_v4());
    client
        .command(
            op,
            support::add_note(note, "event", "Before shutdown", 0.0, 0.0),
        )
        .await;
    assert_eq!(client.outcome(op).await["type"], "ack");

    terminate(&server);
    let code = loop {
        match tokio::time::timeout(Duration::from_secs(10), client.socket.next())
            .await
            .expect("closed in time")
        {
            Some(Ok(Message::Close(frame))) => break frame.map(|f| u16::from(f.code)),
            Some(Ok(_)) => continue,
            other => panic!("expected a close frame, got {other:?}"),
        }
    };
    assert_eq!(code, Some(1001), "sockets close with going away");
    assert!(wait_exit(server).await.success());

    let server = start(&dir, port).await;
    let body: Value = http
        .get(format!("{}/api/boards/{board}", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["notes"][0]["text"], "Before shutdown");
    assert_eq!(body["seq"], 2);
    terminate(&server);
    assert!(wait_exit(server).await.success());
    let _ = std::fs::remove_dir_all(&dir);
}

fn run_cli(dir: &std::path::Path, port: u16, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_eventstorm"))
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env("EVENTSTORM_BIND", format!("127.0.0.1:{port}"))
        .env("EVENTSTORM_LOG", "warn")
        .args(args)
        .output()
        .expect("the binary runs")
}

#[tokio::test]
async fn the_subcommands_migrate_check_healthcheck_and_export() {
    let dir = std::env::temp_dir().join(format!("eventstorm-cli-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = free_port();
    let migrate = run_cli(&dir, port, &["migrate"]);
    assert!(
        migrate.status.success(),
        "{}",
        String::from_utf8_lossy(&migrate.stderr)
    );
    let check = run_cli(&dir, port, &["check"]);
    assert!(check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains("ok: sqlite database, 0 boards"));
    assert!(
        !run_cli(&dir, port, &["healthcheck"]).status.success(),
        "nothing is serving yet"
    );

    let server = start(&dir, port).await;
    assert!(run_cli(&dir, port, &["healthcheck"]).status.success());
    let http = reqwest::Client::new();
    let created: Value = http
        .post(format!("{}/api/boards", server.base))
        .json(&json!({"title": "CLI"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let board = created["id"].as_str().unwrap().to_owned();
    let body = json!({ "op_id": Uuid::new_v4(), "command": support::add_note(Uuid::new_v4(), "event", "Order Placed", 0.0, 0.0) });
    assert_eq!(
        http.post(format!("{}/api/boards/{board}/commands", server.base))
            .json(&body)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // In private mode, a participant's private sticky is in no export, the CLI's included.
    for body in [
        json!({ "op_id": Uuid::new_v4(), "facilitator_key": created["facilitator_key"], "command": { "type": "start_private_mode" } }),
        json!({ "op_id": Uuid::new_v4(), "participant_secret": "ann-secret-0123456789", "command": support::add_note(Uuid::new_v4(), "event", "Private draft", 300.0, 0.0) }),
    ] {
        let res = http
            .post(format!("{}/api/boards/{board}/commands", server.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let text = res.text().await.unwrap();
        assert!(!text.contains("\"note_added\""), "{text}");
    }
    let from_api = http
        .get(format!(
            "{}/api/boards/{board}/export?format=markdown",
            server.base
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    let out = run_cli(&dir, port, &["export", &board, "--format", "markdown"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        from_api,
        "the CLI and the API export the same document"
    );
    assert!(from_api.contains("Order Placed") && !from_api.contains("Private draft"));
    let file = dir.join("spec.yaml");
    let out = run_cli(
        &dir,
        port,
        &[
            "export",
            created["view_id"].as_str().unwrap(),
            "--format",
            "asyncapi",
            "--at",
            "1",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("asyncapi: '3.0.0'")
    );
    // A picture: the CLI draws the same SVG as the API.
    let svg_from_api = reqwest::get(format!(
        "{}/api/boards/{board}/export?format=svg",
        server.base
    ))
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    let out = run_cli(&dir, port, &["export", &board, "--format", "svg"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), svg_from_api);
    let png = dir.join("wall.png");
    let out = run_cli(
        &dir,
        port,
        &[
            "export",
            &board,
            "--format",
            "png",
            "--scale",
            "2",
            "--out",
            png.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let unknown = run_cli(
        &dir,
        port,
        &[
            "export",
            &board,
            "--format",
            "svg",
            "--frame",
            &Uuid::new_v4().to_string(),
        ],
    );
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown_frame"));
    assert!(
        !run_cli(&dir, port, &["export", &board, "--at", "7"])
            .status
            .success()
    );
    assert!(
        !run_cli(&dir, port, &["export", "0123456789abcdef0123456789abcdef"])
            .status
            .success()
    );

    terminate(&server);
    assert!(wait_exit(server).await.success());
    let _ = std::fs::remove_dir_all(&dir);
}
