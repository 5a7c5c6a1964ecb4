//! Shared set-up for the server's criterion benches: fresh stores on both backends and
//! realistic ops (notes added, then moved) decided by the real domain.

#![allow(dead_code)]

use std::sync::Arc;

use eventstorm_board::{
    Board, Command, EVENT_SCHEMA_VERSION, ElementId, Limits, Move, NoteKind, decide, evolve,
};
use eventstorm_server::store_select::open_store;
use eventstorm_store::{BoardId, EventStore, NewBoard, NewEvent, NewOp, now_millis};
use uuid::Uuid;

/// Which backends to bench: SQLite always; Postgres when BENCH_DATABASE_URL names a server
/// (`postgres://postgres@127.0.0.1:5432/postgres`): each bench creates a fresh database there.
pub fn backends() -> Vec<&'static str> {
    let mut b = vec!["sqlite"];
    if std::env::var("BENCH_DATABASE_URL").is_ok() {
        b.push("postgres");
    } else {
        eprintln!("BENCH_DATABASE_URL is not set: the Postgres cases are skipped");
    }
    b
}

/// A fresh, migrated store of the given backend.
pub async fn fresh_store(backend: &str) -> Arc<dyn EventStore> {
    let url = match backend {
        "sqlite" => {
            let dir =
                std::env::temp_dir().join(format!("eventstorm-bench-{}", Uuid::new_v4().simple()));
            std::fs::create_dir_all(&dir).unwrap();
            format!("sqlite://{}", dir.join("bench.db").display())
        }
        "postgres" => fresh_postgres_db().await,
        other => panic!("unknown backend {other}"),
    };
    open_store(&url, false)
        .await
        .expect("the store opens")
        .store
}

async fn fresh_postgres_db() -> String {
    use sqlx::Connection;
    let base = std::env::var("BENCH_DATABASE_URL").unwrap();
    let mut conn = sqlx::PgConnection::connect(&base)
        .await
        .expect("BENCH_DATABASE_URL is reachable");
    let name = format!("es_bench_{}", Uuid::new_v4().simple());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    let i = base
        .rfind('/')
        .expect("BENCH_DATABASE_URL names a database");
    format!("{}/{}", &base[..i], name)
}

/// Creates an empty board (its `board_created` op only).
pub async fn create_board(store: &Arc<dyn EventStore>) -> (BoardId, Board) {
    let id = BoardId::parse(&Uuid::new_v4().simple().to_string()).unwrap();
    let command = Command::CreateBoard {
        title: "Bench".into(),
    };
    let mut board = Board::default();
    let events = decide(&board, &command, &Limits::default()).unwrap();
    for e in &events {
        evolve(&mut board, e);
    }
    let now = now_millis();
    let nb = NewBoard {
        id: id.clone(),
        view_id: BoardId::parse(&Uuid::new_v4().simple().to_string()).unwrap(),
        title: "Bench".into(),
        created_at_ms: now,
        facilitator_key_hash: String::new(),
    };
    store.create_board(&nb, &op_of(&events)).await.unwrap();
    (id, board)
}

/// A `NewOp` for already decided events, with a fresh op id.
pub fn op_of(events: &[eventstorm_board::Event]) -> NewOp {
    NewOp {
        op_id: Uuid::new_v4(),
        content_hash: "0".repeat(64),
        actor: "bench (lg-0)".into(),
        recorded_at_ms: now_millis(),
        events: events
            .iter()
            .map(|e| NewEvent {
                kind: e.kind().to_owned(),
                payload: e.encode(),
                schema_version: EVENT_SCHEMA_VERSION,
            })
            .collect(),
    }
}

/// Decides, applies and returns `command`'s op.
pub fn apply(board: &mut Board, command: &Command) -> NewOp {
    let events = decide(board, command, &Limits::default()).expect("the command is accepted");
    for e in &events {
        evolve(board, e);
    }
    op_of(&events)
}

pub fn add_note(i: usize) -> Command {
    Command::AddNote {
        id: ElementId(Uuid::from_u128(i as u128 + 1)),
        kind: NoteKind::Event,
        text: format!("Order Placed {i}"),
        x: (i % 40) as f64 * 120.0,
        y: (i / 40) as f64 * 120.0,
        w: None,
        h: None,
        details: None,
        owner: None,
    }
}

/// Moves note `n` (of those `add_note` made) to a position that changes every call.
pub fn move_note(n: usize, step: u64) -> Command {
    Command::MoveNotes {
        moves: vec![Move {
            id: ElementId(Uuid::from_u128(n as u128 + 1)),
            x: (step % 4000) as f64 + 0.5,
            y: (step / 4000 % 3000) as f64 + 0.25,
        }],
    }
}

/// Fills a board with `notes` notes, then moves until it has `events` events (board_created
/// included), appending `batch` ops per call. The event index decides add or move, so filling
/// may stop (for a snapshot) and go on.
pub async fn fill(
    store: &Arc<dyn EventStore>,
    id: &BoardId,
    board: &mut Board,
    head: &mut u64,
    events: u64,
    notes: usize,
    batch: usize,
) {
    while *head < events {
        let n = batch.min((events - *head) as usize);
        let first = (*head - 1) as usize;
        let ops: Vec<NewOp> = (first..first + n)
            .map(|k| {
                if k < notes {
                    apply(board, &add_note(k))
                } else {
                    apply(board, &move_note(k % notes, k as u64))
                }
            })
            .collect();
        let out = store.append(id, *head, &ops).await.unwrap();
        *head = out.head;
    }
}
