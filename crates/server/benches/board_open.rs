//! Opening (loading) a board of 10k and 100k events with `eventstorm_server::hub::load_board`,
//! from a full replay and from a snapshot, on SQLite and (with BENCH_DATABASE_URL) Postgres.
//! The snapshot sits 499 events below the head: the worst case when the actor snapshots every
//! 500 events.
//!
//! `cargo bench -p eventstorm-server --bench board_open`

mod support;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use eventstorm_server::hub::{encode_snapshot, load_board};

const SIZES: [u64; 2] = [10_000, 100_000];
const NOTES: usize = 200;
const TAIL: u64 = 499;

fn board_open(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for backend in support::backends() {
        let store = rt.block_on(support::fresh_store(backend));
        let mut group = c.benchmark_group(format!("board_open/{backend}"));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(8));
        for events in SIZES {
            for with_snapshot in [false, true] {
                let (id, mut board) = rt.block_on(support::create_board(&store));
                let mut head = 1;
                if with_snapshot {
                    let at = events - TAIL;
                    rt.block_on(support::fill(
                        &store, &id, &mut board, &mut head, at, NOTES, 1_000,
                    ));
                    rt.block_on(store.save_snapshot(&id, &encode_snapshot(&board, head)))
                        .unwrap();
                }
                rt.block_on(support::fill(
                    &store, &id, &mut board, &mut head, events, NOTES, 1_000,
                ));
                let loaded = rt.block_on(load_board(&store, &id, u64::MAX)).unwrap();
                assert_eq!(loaded.head, events);
                assert_eq!(loaded.board, board, "the loaded board is the one written");
                let name = format!(
                    "{}k_{}",
                    events / 1_000,
                    if with_snapshot { "snapshot" } else { "replay" }
                );
                group.bench_function(name, |b| {
                    b.iter(|| rt.block_on(load_board(&store, &id, u64::MAX)).unwrap())
                });
            }
        }
        group.finish();
    }
}

criterion_group!(benches, board_open);
criterion_main!(benches);
