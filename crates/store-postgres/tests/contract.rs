//! The store contract suite on Postgres, each case in a fresh database, plus Postgres-only
//! checks: the append-only trigger, purging, NOTIFY hints, and unreachable servers.
//!
//! Needs `TEST_DATABASE_URL` (e.g. `postgres://postgres@127.0.0.1:5432/test`), a database the
//! tests connect to in order to create and drop theirs. Without it the tests are skipped, except
//! under `CI=true`, where skipping would hide the backend: there they fail.

use std::future::Future;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use eventstorm_store::testkit::{self, Case};
use eventstorm_store::{EventStore, StoreError};
use eventstorm_store_postgres::{AUDIENCE_RECHECK, HINT_CHANNEL, Hint, HintListener, PgStore};
use sqlx::postgres::{PgConnectOptions, PgConnection, PgListener};
use sqlx::{AssertSqlSafe, Connection};

/// The admin connection's options, or `None` when the tests should be skipped.
fn admin_options() -> Option<PgConnectOptions> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => {
            Some(PgConnectOptions::from_str(&url).expect("TEST_DATABASE_URL is not a valid url"))
        }
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!(
                "TEST_DATABASE_URL is not set, but CI=true: the Postgres store must be tested in CI"
            )
        }
        _ => {
            println!("skipped: TEST_DATABASE_URL is not set");
            None
        }
    }
}

/// A database of its own for one test.
#[derive(Clone)]
struct TestDb {
    admin: PgConnectOptions,
    name: String,
}

impl TestDb {
    fn options(&self) -> PgConnectOptions {
        self.admin.clone().database(&self.name)
    }

    async fn store(&self) -> PgStore {
        PgStore::connect_with(self.options())
            .await
            .expect("connect")
    }

    /// A raw connection beside the store, to try what the store itself never does.
    async fn raw(&self) -> PgConnection {
        PgConnection::connect_with(&self.options())
            .await
            .expect("raw connect")
    }

    async fn admin_execute(admin: &PgConnectOptions, sql: String) {
        let mut conn = PgConnection::connect_with(admin)
            .await
            .expect("admin connect");
        sqlx::query(AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .expect("admin statement");
        conn.close().await.expect("close");
    }
}

/// Runs `test` against a fresh database and drops the database afterwards, also when the test
/// panics (it runs in a task of its own; the panic is resumed after cleanup).
async fn with_db<F, Fut>(test: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(admin) = admin_options() else {
        return;
    };
    // A random name of lowercase hex digits: safe to splice into the statement.
    let name = format!("es_test_{}", uuid::Uuid::new_v4().simple());
    TestDb::admin_execute(&admin, format!("CREATE DATABASE {name}")).await;
    let db = TestDb {
        admin: admin.clone(),
        name: name.clone(),
    };
    let result = tokio::spawn(test(db)).await;
    TestDb::admin_execute(&admin, format!("DROP DATABASE {name} WITH (FORCE)")).await;
    if let Err(err) = result {
        std::panic::resume_unwind(err.into_panic());
    }
}

async fn run(_name: &'static str, case: Case) {
    with_db(|db| async move {
        let store = db.store().await;
        case(Arc::new(store.clone())).await;
        store.close().await;
    })
    .await;
}

eventstorm_store::contract_tests!(
    #[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
    run
);

/// Whether `sql` (with the board id as `$1`) is refused by the append-only trigger.
async fn refused(conn: &mut PgConnection, sql: &'static str, board: &str) -> bool {
    match sqlx::query(sql).bind(board).execute(&mut *conn).await {
        Err(err) => err.to_string().contains("append-only"),
        Ok(_) => false,
    }
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn events_cannot_be_updated_or_deleted_outside_a_purge() {
    with_db(|db| async move {
        let store = db.store().await;
        let (board, _) = testkit::created(&store).await;
        let id = board.id.as_str();
        let mut raw = db.raw().await;

        let update = "UPDATE board_events SET payload = '{}' WHERE board_id = $1";
        let delete = "DELETE FROM board_events WHERE board_id = $1";
        assert!(refused(&mut raw, update, id).await, "UPDATE refused");
        assert!(refused(&mut raw, delete, id).await, "DELETE refused");
        let truncate = sqlx::query("TRUNCATE board_events").execute(&mut raw).await;
        assert!(truncate.is_err(), "TRUNCATE refused");

        // Even a purging transaction may not rewrite history.
        let mut tx = raw.begin().await.unwrap();
        sqlx::query("SET LOCAL eventstorm.purge = on")
            .execute(&mut *tx)
            .await
            .unwrap();
        assert!(
            refused(&mut tx, update, id).await,
            "UPDATE refused in a purge"
        );
        tx.rollback().await.unwrap();

        // A purging transaction may delete; the setting ends with it.
        let mut tx = raw.begin().await.unwrap();
        sqlx::query("SET LOCAL eventstorm.purge = on")
            .execute(&mut *tx)
            .await
            .unwrap();
        let deleted = sqlx::query(delete).bind(id).execute(&mut *tx).await;
        assert_eq!(deleted.expect("DELETE in a purge").rows_affected(), 1);
        tx.rollback().await.unwrap();
        assert!(refused(&mut raw, delete, id).await, "DELETE refused again");

        assert_eq!(store.head(&board.id).await.unwrap(), 1);
        raw.close().await.unwrap();
        store.close().await;
    })
    .await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn purge_erases_one_board() {
    with_db(|db| async move {
        let store = db.store().await;
        let (doomed, _) = testkit::created(&store).await;
        let (kept, _) = testkit::created(&store).await;
        let snapshot = eventstorm_store::Snapshot {
            seq: 2,
            schema_version: 1,
            state: "{}".to_owned(),
        };
        for board in [&doomed.id, &kept.id] {
            testkit::append_at_head(&store, board, &[testkit::op(3)]).await;
            store.save_snapshot(board, &snapshot).await.unwrap();
        }

        assert!(store.purge_board(&doomed.id).await.expect("purge"));
        assert!(!store.purge_board(&doomed.id).await.expect("purge again"));

        assert_eq!(store.board(&doomed.id).await.unwrap(), None);
        assert_eq!(store.head(&doomed.id).await.unwrap(), 0);
        assert_eq!(store.latest_snapshot(&doomed.id, 10).await.unwrap(), None);
        let mut raw = db.raw().await;
        let ops: i64 = sqlx::query_scalar("SELECT count(*) FROM board_ops WHERE board_id = $1")
            .bind(doomed.id.as_str())
            .fetch_one(&mut raw)
            .await
            .unwrap();
        assert_eq!(ops, 0);
        assert_eq!(store.head(&kept.id).await.unwrap(), 4);
        assert!(store.latest_snapshot(&kept.id, 10).await.unwrap().is_some());
        // The id is free again, and the guard still stands for everyone else.
        store.create_board(&doomed, &testkit::op(1)).await.unwrap();
        let delete = "DELETE FROM board_events WHERE board_id = $1";
        assert!(refused(&mut raw, delete, kept.id.as_str()).await);
        raw.close().await.unwrap();
        store.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purge_while_appending_wins_cleanly() {
    with_db(|db| async move {
        let store = db.store().await;
        let (board, _) = testkit::created(&store).await;
        let appender = {
            let (store, id) = (store.clone(), board.id.clone());
            tokio::spawn(async move {
                let mut head = 1;
                loop {
                    match store.append(&id, head, &[testkit::op(2)]).await {
                        Ok(outcome) => head = outcome.head,
                        Err(err) => return err,
                    }
                }
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(store.purge_board(&board.id).await.expect("purge"));
        let err = appender.await.unwrap();
        assert!(matches!(err, StoreError::NotFound), "got {err:?}");
        let mut raw = db.raw().await;
        let left: i64 = sqlx::query_scalar("SELECT count(*) FROM board_events WHERE board_id = $1")
            .bind(board.id.as_str())
            .fetch_one(&mut raw)
            .await
            .unwrap();
        assert_eq!(left, 0);
        raw.close().await.unwrap();
        store.close().await;
    })
    .await;
}

/// The listener's next hint, which must come within a second.
async fn next_hint(listener: &mut HintListener, what: &str) -> Hint {
    tokio::time::timeout(Duration::from_secs(1), listener.recv())
        .await
        .unwrap_or_else(|_| panic!("no hint within a second: {what}"))
        .expect("recv")
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn append_sends_a_hint_to_listeners() {
    with_db(|db| async move {
        let store = db.store().await;
        // Another instance on the same database.
        let other = db.store().await;
        let mut hints = other.listen_hints().await.expect("listen");
        let (board, _) = testkit::created(&store).await;
        let hint = next_hint(&mut hints, "the creation").await;
        assert_eq!(
            hint,
            Hint {
                board: board.id.clone(),
                seq: 1
            }
        );

        // Ops without events do not move the head and send nothing; the next append does.
        store.append(&board.id, 1, &[testkit::op(0)]).await.unwrap();
        store.append(&board.id, 1, &[testkit::op(2)]).await.unwrap();
        let hint = next_hint(&mut hints, "the append").await;
        assert_eq!(
            hint,
            Hint {
                board: board.id,
                seq: 3
            }
        );
        other.close().await;
        store.close().await;
    })
    .await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn a_listener_skips_the_hints_of_its_own_store() {
    with_db(|db| async move {
        let store = db.store().await;
        let other = db.store().await;
        let mut own = store.listen_hints().await.expect("listen");
        let mut others = other.listen_hints().await.expect("listen");
        let (board, _) = testkit::created(&store).await;
        // Once the other listener has the creation's hint, it was sent before what follows.
        let hint = next_hint(&mut others, "the other store hears the creation").await;
        assert_eq!(hint.seq, 1);

        other.append(&board.id, 1, &[testkit::op(1)]).await.unwrap();
        let hint = next_hint(&mut own, "this store hears the other's append").await;
        // Not seq 1: that hint came from this store itself and was skipped.
        assert_eq!(
            hint,
            Hint {
                board: board.id,
                seq: 2
            }
        );
        other.close().await;
        store.close().await;
    })
    .await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn hints_are_sent_only_while_another_instance_listens() {
    with_db(|db| async move {
        let store = db.store().await;
        // Hears every NOTIFY on the channel, but is not a hint listener by name: senders do
        // not count it.
        let mut overhear =
            PgListener::connect_with(&sqlx::PgPool::connect_with(db.options()).await.unwrap())
                .await
                .unwrap();
        overhear.listen(HINT_CHANNEL).await.unwrap();
        // The store's own listener does not count either.
        let _own = store.listen_hints().await.expect("listen");
        let (board, _) = testkit::created(&store).await;
        store.append(&board.id, 1, &[testkit::op(1)]).await.unwrap();
        let heard = tokio::time::timeout(Duration::from_millis(500), overhear.recv()).await;
        assert!(
            heard.is_err(),
            "a hint went out with nobody else listening: {heard:?}"
        );

        // Another instance starts listening; within the recheck interval hints flow again.
        let other = db.store().await;
        let mut hints = other.listen_hints().await.expect("listen");
        tokio::time::sleep(AUDIENCE_RECHECK + Duration::from_millis(100)).await;
        store.append(&board.id, 2, &[testkit::op(1)]).await.unwrap();
        let hint = next_hint(&mut hints, "the append after the other instance listened").await;
        assert_eq!(
            hint,
            Hint {
                board: board.id.clone(),
                seq: 3
            }
        );
        let note = tokio::time::timeout(Duration::from_secs(1), overhear.recv())
            .await
            .expect("the NOTIFY went out")
            .unwrap();
        assert_eq!(note.payload(), format!("{}:3", board.id.as_str()));
        other.close().await;
        store.close().await;
    })
    .await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn appends_go_on_after_the_server_closed_the_writers_connections() {
    with_db(|db| async move {
        let store = db.store().await;
        let (board, _) = testkit::created(&store).await;
        store.append(&board.id, 1, &[testkit::op(1)]).await.unwrap();
        // As a restart or an idle timeout would: every connection but this one goes.
        let mut raw = db.raw().await;
        let killed: Vec<bool> = sqlx::query_scalar(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .fetch_all(&mut raw)
        .await
        .unwrap();
        assert!(killed.iter().any(|k| *k), "connections were terminated");
        // The writer's waiting connection is dead; the append still commits, once.
        let outcome = store.append(&board.id, 2, &[testkit::op(1)]).await.unwrap();
        assert_eq!(outcome.head, 3);
        let events: i64 =
            sqlx::query_scalar("SELECT count(*) FROM board_events WHERE board_id = $1")
                .bind(board.id.as_str())
                .fetch_one(&mut raw)
                .await
                .unwrap();
        assert_eq!(events, 3);
        raw.close().await.unwrap();
        store.close().await;
    })
    .await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn a_closed_store_refuses_appends() {
    with_db(|db| async move {
        let store = db.store().await;
        let (board, _) = testkit::created(&store).await;
        store.close().await;
        let err = store
            .append(&board.id, 1, &[testkit::op(1)])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Unavailable(_)), "got {err:?}");
    })
    .await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn the_append_function_plans_its_statements_once() {
    with_db(|db| async move {
        let store = db.store().await;
        let mut raw = db.raw().await;
        let config: Option<Vec<String>> =
            sqlx::query_scalar("SELECT proconfig FROM pg_proc WHERE proname = 'eventstorm_append'")
                .fetch_one(&mut raw)
                .await
                .unwrap();
        assert_eq!(
            config,
            Some(vec!["plan_cache_mode=force_generic_plan".to_owned()])
        );
        raw.close().await.unwrap();
        store.close().await;
    })
    .await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn unreachable_server_is_unavailable() {
    // Port 1 on localhost refuses connections: no database needed for this one.
    let err = PgStore::connect("postgres://postgres@127.0.0.1:1/test")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Unavailable(_)), "got {err:?}");
    assert!(err.is_retryable());
    let err = PgStore::connect("not a url").await.unwrap_err();
    assert!(matches!(err, StoreError::Unavailable(_)), "got {err:?}");
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn closed_store_is_unavailable() {
    with_db(|db| async move {
        let store = db.store().await;
        store.close().await;
        let err = store.ping().await.unwrap_err();
        assert!(matches!(err, StoreError::Unavailable(_)), "got {err:?}");
    })
    .await;
}
