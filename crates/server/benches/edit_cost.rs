//! The cost of one edit on a small and on a big board: a `move_notes` through the board's actor
//! (decide, group commit, apply, snapshot every 500 events), on a board of 100 and of 10,000
//! stickies. The actor decides against an O(1) copy of the board and encodes snapshots off its
//! turn, so the two should cost about the same.
//!
//! `cargo bench -p eventstorm-server --bench edit_cost` (Postgres too with BENCH_DATABASE_URL)

mod support;

use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use eventstorm_board::{Command, ElementId, Move, NoteKind};
use eventstorm_server::Settings;
use eventstorm_server::hub::{CommandOutcome, Hub};
use eventstorm_store::BoardId;
use uuid::Uuid;

const SIZES: [usize; 2] = [100, 10_000];

fn add(id: ElementId, i: usize) -> Command {
    Command::AddNote {
        id,
        kind: NoteKind::Event,
        text: format!("Sticky {i} with a realistic name"),
        x: (i % 100) as f64 * 160.0,
        y: (i / 100) as f64 * 120.0,
        w: None,
        h: None,
        details: None,
        owner: None,
    }
}

async fn run(hub: &Hub, board: &BoardId, command: Command) {
    let outcome = hub
        .command(board, Uuid::new_v4(), command, "bench".into())
        .await;
    assert!(
        matches!(outcome, CommandOutcome::Committed { .. }),
        "{outcome:?}"
    );
}

/// A board of `notes` stickies; returns its id and the stickies' ids.
async fn seeded(hub: &Arc<Hub>, notes: usize) -> (BoardId, Vec<ElementId>) {
    let created = hub.create_board("Bench", "bench").await.unwrap();
    let board = created.meta.id;
    let ids: Vec<ElementId> = (0..notes).map(|_| ElementId::new_random()).collect();
    // Concurrent submissions, so the actor commits them in groups.
    for chunk in ids.chunks(500).enumerate() {
        let (offset, chunk) = chunk;
        let tasks: Vec<_> = chunk
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let (hub, board, id) = (hub.clone(), board.clone(), *id);
                tokio::spawn(async move { run(&hub, &board, add(id, offset * 500 + i)).await })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
    }
    (board, ids)
}

fn edit_cost(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for backend in support::backends() {
        let mut group = c.benchmark_group(format!("edit_cost/{backend}"));
        group
            .sample_size(50)
            .measurement_time(Duration::from_secs(10));
        for notes in SIZES {
            let store = rt.block_on(support::fresh_store(backend));
            let hub = Arc::new(Hub::new(store, Arc::new(Settings::default())));
            let (board, ids) = rt.block_on(seeded(&hub, notes));
            let mut step = 0u64;
            group.bench_function(format!("{notes}_stickies"), |b| {
                b.iter(|| {
                    step += 1;
                    let id = ids[step as usize % ids.len()];
                    let command = Command::MoveNotes {
                        moves: vec![Move {
                            id,
                            x: (step % 1000) as f64,
                            y: 5.0,
                        }],
                    };
                    rt.block_on(run(&hub, &board, command))
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, edit_cost);
criterion_main!(benches);
