//! Fault tests: Postgres stopped under load. The database is a cluster of the test's own
//! (initdb as the postgres user, on a free port); the shared cluster is never stopped.
//! Counts per run are printed (`-- --nocapture`).

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use support::cluster::PgCluster;
use support::outbox::{Plan, join_workers, report_line, spawn_workers, verify};
use support::process::{ServerProcess, all_events, create_board};
use tokio::sync::watch;
use tokio::time::Instant;

async fn bounded<T>(secs: u64, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), f)
        .await
        .unwrap_or_else(|_| panic!("the test took longer than {secs} s"))
}

/// What the health endpoints said while the database was away.
#[derive(Default)]
struct Probes {
    healthz_failures: AtomicUsize,
    healthz_ok: AtomicUsize,
    readyz_503: AtomicUsize,
    readyz_200: AtomicUsize,
    /// The last /readyz status seen (0 before the first).
    last_ready: AtomicUsize,
}

/// Polls /healthz and /readyz every 200 ms until `stop`.
fn probe(base: String, probes: Arc<Probes>, stop: Arc<AtomicBool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .unwrap();
        while !stop.load(Ordering::SeqCst) {
            match http.get(format!("{base}/healthz")).send().await {
                Ok(r) if r.status() == 200 => probes.healthz_ok.fetch_add(1, Ordering::SeqCst),
                _ => probes.healthz_failures.fetch_add(1, Ordering::SeqCst),
            };
            if let Ok(r) = http.get(format!("{base}/readyz")).send().await {
                let status = r.status().as_u16();
                match status {
                    200 => probes.readyz_200.fetch_add(1, Ordering::SeqCst),
                    503 => probes.readyz_503.fetch_add(1, Ordering::SeqCst),
                    other => panic!("/readyz answered {other}"),
                };
                probes.last_ready.store(status as usize, Ordering::SeqCst);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
}

async fn wait_ready(probes: &Probes, status: usize, within: Duration) -> Duration {
    let start = Instant::now();
    while probes.last_ready.load(Ordering::SeqCst) != status {
        assert!(
            start.elapsed() < within,
            "/readyz did not turn {status} within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    start.elapsed()
}

/// Stops Postgres for `outage` under load, `times` times, and checks that the server stayed up,
/// reported not ready, refused commands as retryable (or answered them once the database was
/// back), recovered by itself, and lost nothing acknowledged.
pub async fn postgres_outage(label: &str, outage: Duration, times: usize, clients: usize) {
    let Some(mut cluster) = PgCluster::start_new() else {
        return;
    };
    let url = cluster.url("postgres");
    let mut server = ServerProcess::start(&url).await;
    let http = reqwest::Client::new();
    let board = create_board(&http, &server.base(), "Outage").await;
    let probes = Arc::new(Probes::default());
    let stop_probes = Arc::new(AtomicBool::new(false));
    let prober = probe(server.base(), probes.clone(), stop_probes.clone());
    wait_ready(&probes, 200, Duration::from_secs(10)).await;

    let (stop_tx, stop_rx) = watch::channel(false);
    let deadline = Instant::now() + outage * times as u32 + Duration::from_secs(90);
    let plans = (0..clients)
        .map(|c| {
            let mut plan = Plan::new(server.ws_url(&board), &format!("pg{c}"));
            plan.pace = Duration::from_millis(10);
            plan.retry_after = Duration::from_millis(300);
            plan
        })
        .collect();
    let workers = spawn_workers(plans, &stop_rx, deadline);
    for round in 0..times {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let down = Instant::now();
        tokio::task::block_in_place(|| cluster.stop_immediate());
        let not_ready_after = wait_ready(&probes, 503, Duration::from_secs(12)).await;
        tokio::time::sleep(outage.saturating_sub(down.elapsed())).await;
        tokio::task::block_in_place(|| cluster.start());
        let ready_after = wait_ready(&probes, 200, Duration::from_secs(30)).await;
        report_line(&format!(
            "{label} round {round}: down for {:.1} s; /readyz 503 after {:.1} s; ready again {:.1} s after the restart",
            (down.elapsed() - ready_after).as_secs_f64(),
            not_ready_after.as_secs_f64(),
            ready_after.as_secs_f64()
        ));
        assert!(
            server.running(),
            "the server stays up while the database is down"
        );
    }
    // Load goes on after the recovery, then the clients drain their outboxes.
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop_tx.send(true).unwrap();
    let ledgers = join_workers(workers).await;
    stop_probes.store(true, Ordering::SeqCst);
    prober.await.unwrap();

    let events = all_events(&http, &server.base(), &board).await;
    let report = verify(label, &events, &ledgers, 1);
    let join_errors: usize = ledgers.iter().map(|l| l.join_errors).sum();
    let longest = ledgers
        .iter()
        .map(|l| l.longest_wait)
        .max()
        .unwrap_or_default();
    report_line(&format!(
        "{label}: healthz ok={} failed={}; readyz 200={} 503={}; join errors={join_errors}; longest wait for an answer {:.1} s",
        probes.healthz_ok.load(Ordering::SeqCst),
        probes.healthz_failures.load(Ordering::SeqCst),
        probes.readyz_200.load(Ordering::SeqCst),
        probes.readyz_503.load(Ordering::SeqCst),
        longest.as_secs_f64(),
    ));
    assert_eq!(
        probes.healthz_failures.load(Ordering::SeqCst),
        0,
        "/healthz answers throughout"
    );
    assert!(
        report.retryable > 0,
        "commands during the outage are refused as retryable"
    );
    assert!(
        !server.log_text().contains("panicked"),
        "{}",
        server.log_text()
    );
    // Recovered by itself: a new command goes through at once.
    let (status, _) = {
        let res = http
            .post(server.url(&format!("/api/boards/{board}/commands")))
            .json(&serde_json::json!({ "op_id": uuid::Uuid::new_v4(), "command": support::add_note(uuid::Uuid::new_v4(), "event", "After", 0.0, -500.0) }))
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), ())
    };
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_stopped_for_ten_seconds_under_load_loses_nothing_and_the_server_recovers_by_itself()
 {
    bounded(
        150,
        postgres_outage(
            "Postgres stopped 10 s under load",
            Duration::from_secs(10),
            1,
            4,
        ),
    )
    .await;
}
