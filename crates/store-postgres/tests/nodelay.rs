//! The store's database sockets have TCP_NODELAY (sqlx sets it since 0.9.1; 0.9.0 did not, and
//! then appends over about 16 KB waited 40 ms on Nagle's algorithm). A test binary of its own:
//! the check looks at every socket of the process.
//!
//! Needs `TEST_DATABASE_URL` like the contract suite; skipped without it, except under `CI=true`.
#![cfg(target_os = "linux")]

use std::net::SocketAddr;
use std::str::FromStr;

use eventstorm_store::{EventStore, testkit};
use eventstorm_store_postgres::PgStore;
use rustix::net::sockopt::tcp_nodelay;
use rustix::process::{PidfdFlags, PidfdGetfdFlags, getpid, pidfd_getfd, pidfd_open};
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{AssertSqlSafe, Connection};

/// TCP_NODELAY of every TCP socket of this process connected to `port`.
fn nodelay_of_sockets_to(port: u16) -> Vec<bool> {
    let me = pidfd_open(getpid(), PidfdFlags::empty()).expect("pidfd_open");
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc/self/fd")
        .expect("fd list")
        .flatten()
    {
        let Some(number) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
            continue;
        };
        let Ok(fd) = pidfd_getfd(&me, number, PidfdGetfdFlags::empty()) else {
            continue;
        };
        let Ok(nodelay) = tcp_nodelay(&fd) else {
            continue;
        };
        let peer = rustix::net::getpeername(&fd)
            .ok()
            .flatten()
            .and_then(|addr| SocketAddr::try_from(addr).ok());
        if peer.is_some_and(|peer| peer.port() == port) {
            found.push(nodelay);
        }
    }
    found
}

async fn execute(options: &PgConnectOptions, sql: String) {
    let mut conn = PgConnection::connect_with(options).await.expect("connect");
    sqlx::query(AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .expect("statement");
    conn.close().await.expect("close");
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn database_sockets_have_tcp_nodelay() {
    let admin = match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => PgConnectOptions::from_str(&url).expect("valid url"),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("TEST_DATABASE_URL is not set, but CI=true")
        }
        _ => return println!("skipped: TEST_DATABASE_URL is not set"),
    };
    let port = admin.get_port();
    let name = format!("es_nodelay_{}", uuid::Uuid::new_v4().simple());
    execute(&admin, format!("CREATE DATABASE {name}")).await;
    let options = admin.clone().database(&name);

    // The driver itself sets it: no connection of this process to the database lacks it.
    let plain = PgConnection::connect_with(&options).await.expect("connect");
    assert_eq!(nodelay_of_sockets_to(port), vec![true]);
    plain.close().await.expect("close");

    // Every connection the store opens (here however many the overlapping reads take).
    let store = PgStore::connect_with(options).await.expect("store");
    let (board, _) = testkit::created(&store).await;
    let reads = (0..8).map(|_| store.read(&board.id, 0, 10));
    for read in futures_util::future::join_all(reads).await {
        read.expect("read");
    }
    let sockets = nodelay_of_sockets_to(port);
    assert!(!sockets.is_empty(), "the store's connections are found");
    assert!(sockets.iter().all(|&nodelay| nodelay), "{sockets:?}");

    store.close().await;
    execute(&admin, format!("DROP DATABASE {name} WITH (FORCE)")).await;
}
