//! Export of a 2,000-sticky board in every format and archive. The board is built once through
//! decide/evolve; each iteration derives the model, reviews it and renders the document, which
//! is what one export request costs the server.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use eventstorm_spec::{
    Archive, ExportOptions, Format, ModelOptions, derive_model, export, export_archive,
};

fn export_formats(c: &mut Criterion) {
    // Eight stickies a row.
    let board = common::large::large(250).board;
    assert_eq!(board.note_count(), 2_000);
    let mut group = c.benchmark_group("export_2000_stickies");
    group.sample_size(20);
    group.bench_function("derive_model", |b| {
        b.iter(|| derive_model(black_box(&board), &ModelOptions::default()))
    });
    for format in Format::ALL {
        group.bench_function(format.as_query(), |b| {
            b.iter(|| export(black_box(&board), format))
        });
    }
    for archive in Archive::ALL {
        group.bench_function(archive.file_extension(), |b| {
            b.iter(|| export_archive(black_box(&board), archive, &ExportOptions::default()))
        });
    }
    group.finish();
}

criterion_group!(benches, export_formats);
criterion_main!(benches);
