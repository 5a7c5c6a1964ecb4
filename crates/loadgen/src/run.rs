//! One load run: create the boards, connect and set up every client, start them together,
//! measure for the duration after the warm-up, wait out the grace period, and add it all up.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use eventstorm_board::ElementId;
use serde::Serialize;
use tokio::sync::{Semaphore, mpsc, oneshot};
use tokio::time::Instant;

use crate::accounting::{ClientLog, Totals, Window};
use crate::client::{self, ClientPlan, Go, micros};
use crate::procstat::{self, ProcStats};

/// What a run does.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// The server's base URL, `http://127.0.0.1:3000`.
    pub url: String,
    pub boards: usize,
    /// Clients per board.
    pub clients: usize,
    /// Edits per second per client (0: join and stay idle).
    pub rate: f64,
    pub duration: Duration,
    pub warmup: Duration,
    /// How long after the last command the clients keep reading.
    pub grace: Duration,
    /// The server's pid, to sample its CPU and RSS.
    pub pid: Option<u32>,
    /// Clients connecting and setting up at once.
    pub connect_concurrency: usize,
}

/// Everything a run measured.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub boards: usize,
    pub clients_per_board: usize,
    pub connections: usize,
    pub rate_per_client: f64,
    pub duration_s: f64,
    pub warmup_s: f64,
    /// What the schedule asked for, and what the server acknowledged, per second of the window.
    pub offered_edits_per_s: f64,
    pub edits_per_s: f64,
    pub deliveries_per_s: f64,
    pub totals: Totals,
    /// Seconds spent connecting, joining and adding notes.
    pub setup_s: f64,
    pub server: Option<ProcStats>,
    /// The server's RSS before the clients connected (the boards already created).
    pub server_rss_before_mib: Option<f64>,
    /// (average RSS in the window - RSS before) / connections.
    pub server_rss_per_connection_kib: Option<f64>,
    /// The load generator's own CPU and RSS in the window.
    pub loadgen: Option<ProcStats>,
}

impl Report {
    /// Nothing lost, unanswered, rejected or resynced, and the offered rate was achieved.
    pub fn clean(&self) -> bool {
        let t = &self.totals;
        t.delivery.lost == 0
            && t.unanswered == 0
            && t.rejected_total() == 0
            && t.resyncs == 0
            && t.duplicates == 0
            && t.seq_gaps == 0
            && self.edits_per_s >= 0.95 * self.offered_edits_per_s
    }
}

/// `http://host:port` -> `ws://host:port` (and https -> wss).
pub fn ws_base(url: &str) -> anyhow::Result<String> {
    let url = url.trim_end_matches('/');
    if let Some(rest) = url.strip_prefix("http://") {
        Ok(format!("ws://{rest}"))
    } else if let Some(rest) = url.strip_prefix("https://") {
        Ok(format!("wss://{rest}"))
    } else {
        bail!("--url must start with http:// or https://, got {url:?}")
    }
}

/// Creates a board through `POST /api/boards`; returns its id.
pub async fn create_board(
    http: &reqwest::Client,
    url: &str,
    title: &str,
) -> anyhow::Result<String> {
    let res = http
        .post(format!("{}/api/boards", url.trim_end_matches('/')))
        .json(&serde_json::json!({ "title": title }))
        .send()
        .await
        .context("POST /api/boards")?;
    let status = res.status();
    let body: serde_json::Value = res.json().await.context("reading the created board")?;
    if !status.is_success() {
        bail!("POST /api/boards answered {status}: {body}");
    }
    body["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("POST /api/boards gave no id: {body}"))
}

pub async fn run(cfg: &RunConfig) -> anyhow::Result<Report> {
    if cfg.boards == 0 || cfg.clients == 0 {
        bail!("--boards and --clients must be at least 1");
    }
    let total_s = (cfg.warmup + cfg.duration + cfg.grace).as_secs();
    if total_s > 3_000 {
        bail!("warm-up + duration + grace must stay under 3,000 s (op ids carry µs in 32 bits)");
    }
    let ws = ws_base(&cfg.url)?;
    let http = reqwest::Client::new();
    let mut board_ids = Vec::with_capacity(cfg.boards);
    for b in 0..cfg.boards {
        board_ids.push(create_board(&http, &cfg.url, &format!("Load test {b}")).await?);
    }
    let pid = cfg.pid.map(|p| p.to_string());
    let rss_before = pid
        .as_deref()
        .and_then(procstat::read)
        .map(|r| r.rss_kib as f64 / 1024.0);

    let clock = Instant::now();
    let run_tag: u32 = rand::random();
    let connections = cfg.boards * cfg.clients;
    let permits = Arc::new(Semaphore::new(cfg.connect_concurrency.max(1)));
    let (ready_tx, mut ready_rx) = mpsc::channel(connections.max(1));
    let mut go_senders = Vec::with_capacity(connections);
    let mut tasks = Vec::with_capacity(connections);
    for (b, id) in board_ids.iter().enumerate() {
        for c in 0..cfg.clients {
            let client = (b * cfg.clients + c) as u32;
            let plan = ClientPlan {
                ws_url: format!("{ws}/api/boards/{id}/ws"),
                client,
                board: b,
                rate: cfg.rate,
                notes: match (cfg.rate > 0.0, c) {
                    (false, _) => 0,
                    (true, 0) => 2,
                    (true, _) => 1,
                },
                run: run_tag,
                clock,
            };
            let (go_tx, go_rx) = oneshot::channel();
            go_senders.push(go_tx);
            tasks.push(tokio::spawn(client::run(
                plan,
                permits.clone(),
                ready_tx.clone(),
                go_rx,
            )));
        }
    }
    drop(ready_tx);

    let mut notes: Vec<Vec<ElementId>> = vec![Vec::new(); cfg.boards];
    let setup_deadline = Instant::now() + Duration::from_secs(60 + connections as u64 / 20);
    for _ in 0..connections {
        let ready = match tokio::time::timeout_at(setup_deadline, ready_rx.recv()).await {
            Ok(Some(r)) => r,
            Ok(None) => bail!("clients ended before they were ready"),
            Err(_) => bail!("clients were not ready in time"),
        };
        let ready = match ready {
            Ok(r) => r,
            Err(e) => {
                abort_all(&tasks);
                return Err(e.context("a client could not connect and set up"));
            }
        };
        notes[ready.board].extend(ready.notes);
    }
    let setup_s = clock.elapsed().as_secs_f64();

    let start = Instant::now() + Duration::from_millis(100);
    let measure_from = start + cfg.warmup;
    let stop = measure_from + cfg.duration;
    let read_until = stop + cfg.grace;
    let window = Window {
        run: run_tag,
        start_us: micros(clock, measure_from),
        end_us: micros(clock, stop),
    };
    let notes: Vec<Arc<Vec<ElementId>>> = notes.into_iter().map(Arc::new).collect();
    for (i, tx) in go_senders.into_iter().enumerate() {
        let _ = tx.send(Go {
            window,
            start,
            stop,
            read_until,
            notes: notes[i / cfg.clients].clone(),
        });
    }
    let every = Duration::from_millis(250);
    let server_sampler = pid.clone().map(|pid| {
        tokio::spawn(async move {
            tokio::time::sleep_until(measure_from).await;
            procstat::sample(pid, stop, every).await
        })
    });
    let self_sampler = tokio::spawn(async move {
        tokio::time::sleep_until(measure_from).await;
        procstat::sample("self".to_owned(), stop, every).await
    });

    let mut boards: Vec<Vec<ClientLog>> = vec![Vec::new(); cfg.boards];
    let mut missing = 0;
    for (i, t) in tasks.into_iter().enumerate() {
        match t.await {
            Ok(Some(log)) => boards[i / cfg.clients].push(log),
            _ => missing += 1,
        }
    }
    if missing > 0 {
        bail!("{missing} clients ended without a log");
    }
    let server = match server_sampler {
        Some(s) => s.await.ok().flatten(),
        None => None,
    };
    let loadgen = self_sampler.await.ok().flatten();

    let totals = Totals::from_boards(&boards);
    let secs = cfg.duration.as_secs_f64();
    let per_conn = match (&server, rss_before) {
        (Some(s), Some(before)) => Some((s.rss_avg_mib - before) * 1024.0 / connections as f64),
        _ => None,
    };
    Ok(Report {
        boards: cfg.boards,
        clients_per_board: cfg.clients,
        connections,
        rate_per_client: cfg.rate,
        duration_s: secs,
        warmup_s: cfg.warmup.as_secs_f64(),
        offered_edits_per_s: cfg.rate * connections as f64,
        edits_per_s: totals.acked as f64 / secs,
        deliveries_per_s: totals.delivery.delivered as f64 / secs,
        totals,
        setup_s,
        server,
        server_rss_before_mib: rss_before,
        server_rss_per_connection_kib: per_conn,
        loadgen,
    })
}

fn abort_all(tasks: &[tokio::task::JoinHandle<Option<ClientLog>>]) {
    for t in tasks {
        t.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websocket_base_follows_the_http_scheme() {
        assert_eq!(
            ws_base("http://127.0.0.1:3000/").unwrap(),
            "ws://127.0.0.1:3000"
        );
        assert_eq!(ws_base("https://x.test").unwrap(), "wss://x.test");
        assert!(ws_base("127.0.0.1:3000").is_err());
    }
}
