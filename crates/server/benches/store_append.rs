//! Store append throughput by batch size (ops of one `notes_moved` event each, the shape of
//! a group commit under load) on SQLite and, with BENCH_DATABASE_URL, Postgres.
//!
//! `cargo bench -p eventstorm-server --bench store_append`

mod support;

use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eventstorm_store::NewOp;

const BATCHES: [usize; 5] = [1, 10, 50, 100, 500];
const NOTES: usize = 100;

fn store_append(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for backend in support::backends() {
        let store = rt.block_on(support::fresh_store(backend));
        let mut group = c.benchmark_group(format!("store_append/{backend}"));
        group
            .sample_size(20)
            .measurement_time(Duration::from_secs(4));
        for batch in BATCHES {
            // A board of its own per batch size, with notes to move.
            let (id, mut board) = rt.block_on(support::create_board(&store));
            let mut head = 1;
            rt.block_on(support::fill(
                &store,
                &id,
                &mut board,
                &mut head,
                1 + NOTES as u64,
                NOTES,
                100,
            ));
            let mut step = 0u64;
            group.throughput(Throughput::Elements(batch as u64));
            group.bench_function(format!("batch_{batch}"), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let ops: Vec<NewOp> = (0..batch)
                            .map(|k| {
                                step += 1;
                                support::apply(&mut board, &support::move_note(k % NOTES, step))
                            })
                            .collect();
                        let t = Instant::now();
                        let out = rt.block_on(store.append(&id, head, &ops)).unwrap();
                        total += t.elapsed();
                        head = out.head;
                    }
                    total
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, store_append);
criterion_main!(benches);
