//! What one sticky's history costs as a board's log grows: `GET /history?element=` over HTTP on
//! boards of 10,000 and 100,000 events (100 stickies, each edited in turn, so one sticky has
//! 1% of the events), against reading and decoding the whole log (what the history did before
//! the store filtered). Medians of 5 runs after a warm-up; SQLite always, Postgres with
//! BENCH_DATABASE_URL.
//!
//! `cargo bench -p eventstorm-server --bench history_scan`

#[path = "../tests/long_log/mod.rs"]
mod long_log;
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use eventstorm_board::Event;
use eventstorm_server::{Settings, app_state, serve};
use eventstorm_store::{BoardId, EventStore};

const RUNS: usize = 5;

fn median(mut runs: Vec<Duration>) -> f64 {
    runs.sort();
    runs[runs.len() / 2].as_secs_f64() * 1e3
}

/// Reads and decodes every event, keeping the sticky's: the cost of a history without a
/// filtering store.
async fn whole_log_scan(store: &Arc<dyn EventStore>, board: &BoardId, element: &str) -> usize {
    let element = element.parse().unwrap();
    let (mut after, mut found) = (0, 0);
    loop {
        let page = store.read(board, after, 1_000).await.unwrap();
        let done = page.len() < 1_000;
        for rec in page {
            after = rec.seq;
            let event = Event::decode(rec.schema_version, &rec.payload).unwrap();
            found += usize::from(event.element_ids().contains(&element));
        }
        if done {
            return found;
        }
    }
}

async fn bench(backend: &str) {
    for events in [10_000u64, 100_000] {
        let store = support::fresh_store(backend).await;
        let board = long_log::long_board(&store, events).await;
        let settings = Settings {
            log_reads_per_minute: 1_000_000,
            ..Settings::default()
        };
        let state = app_state(store.clone(), settings);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(serve(listener, state, std::future::pending()));
        let element = long_log::note_id(5).0.to_string();
        let url = format!(
            "http://{addr}/api/boards/{}/history?element={element}",
            board.as_str()
        );
        let http = reqwest::Client::new();
        let mut history = Vec::new();
        let mut returned = 0;
        for run in 0..=RUNS {
            let started = Instant::now();
            let body: serde_json::Value =
                http.get(&url).send().await.unwrap().json().await.unwrap();
            if run > 0 {
                history.push(started.elapsed());
            }
            returned = body["events"].as_array().unwrap().len();
        }
        let mut scan = Vec::new();
        for run in 0..=RUNS {
            let started = Instant::now();
            let found = whole_log_scan(&store, &board, &element).await;
            assert_eq!(found, returned);
            if run > 0 {
                scan.push(started.elapsed());
            }
        }
        println!(
            "{backend}: {events} events, one sticky's history ({returned} events): GET /history median {:.1} ms; reading and decoding the whole log median {:.1} ms",
            median(history),
            median(scan)
        );
        server.abort();
    }
}

fn main() {
    // Under `cargo test --benches` the bench binary is only built and run with --bench absent.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        for backend in support::backends() {
            bench(backend).await;
        }
    });
}
