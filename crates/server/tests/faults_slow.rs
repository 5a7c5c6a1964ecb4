//! The long fault runs, ignored by the normal test run. Run them (one at a time) with
//! `cargo test -p eventstorm-server --test faults_slow -- --ignored --test-threads=1 --nocapture`
//! (see docs/reliability.md). Each is the fast scenario of `faults_*.rs`, longer and heavier.

mod support;

use std::time::Duration;

use support::Db;
use support::process::fresh_sqlite_url;
use support::scenarios::{
    bounded, kill_under_load, paused_instance, postgres_outage, reconnect_storm,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "long: 50 kills; run with --ignored"]
async fn fifty_sigkills_under_load_on_postgres() {
    let Some(db) = Db::fresh_postgres().await else {
        return;
    };
    bounded(
        600,
        kill_under_load("kill -9 x50, Postgres", &db.url(), 50, 5),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "long: 50 kills; run with --ignored"]
async fn fifty_sigkills_under_load_on_sqlite() {
    bounded(
        600,
        kill_under_load("kill -9 x50, SQLite", &fresh_sqlite_url(), 50, 5),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "long: three outages; run with --ignored"]
async fn postgres_stopped_three_times_for_fifteen_seconds_under_load() {
    bounded(
        600,
        postgres_outage(
            "Postgres stopped 3 x 15 s under load",
            Duration::from_secs(15),
            3,
            6,
        ),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "long: a 30 s freeze; run with --ignored"]
async fn an_instance_frozen_for_thirty_seconds() {
    bounded(
        300,
        paused_instance("two instances, B frozen 30 s", Duration::from_secs(30), 4),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "heavy: 2,000 clients; run with --ignored"]
async fn a_reconnect_storm_of_2000_clients_on_twenty_boards() {
    bounded(300, reconnect_storm(2_000, 20)).await;
}
