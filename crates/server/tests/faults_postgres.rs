//! Fault tests: Postgres stopped under load. The database is a cluster of the test's own
//! (initdb as the postgres user, on a free port); the shared cluster is never stopped.
//! Counts per run are printed (`-- --nocapture`).

mod support;

use std::time::Duration;

use support::scenarios::{bounded, postgres_outage};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    no_postgres_cluster,
    ignore = "needs Postgres binaries under /usr/lib/postgresql and root"
)]
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
