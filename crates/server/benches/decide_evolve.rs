//! `decide` + `evolve` per command on a board of 500 notes, 200 connectors and 10 frames: the
//! domain's share of every edit.
//!
//! `cargo bench -p eventstorm-server --bench decide_evolve`

mod support;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use eventstorm_board::{Board, Command, ElementId, FrameKind, Limits, NoteKind, decide, evolve};
use uuid::Uuid;

fn note(i: usize) -> ElementId {
    ElementId(Uuid::from_u128(i as u128 + 1))
}

fn workshop() -> Board {
    let mut board = Board::default();
    let mut run = |c: Command| {
        support::apply(&mut board, &c);
    };
    run(Command::CreateBoard {
        title: "Bench".into(),
    });
    for i in 0..500 {
        run(support::add_note(i));
    }
    for i in 0..200 {
        run(Command::AddConnector {
            id: ElementId(Uuid::from_u128(10_000 + i as u128)),
            from: note(i),
            to: note(i + 1),
            label: None,
        });
    }
    for i in 0..10 {
        run(Command::AddFrame {
            id: ElementId(Uuid::from_u128(20_000 + i as u128)),
            kind: FrameKind::BoundedContext,
            name: format!("Context {i}"),
            x: i as f64 * 500.0,
            y: 0.0,
            w: 480.0,
            h: 2000.0,
        });
    }
    board
}

fn commands() -> Vec<(&'static str, Command)> {
    vec![
        ("move_notes_1", support::move_note(7, 123_456)),
        (
            "move_notes_20",
            Command::MoveNotes {
                moves: (0..20)
                    .map(|i| eventstorm_board::Move {
                        id: note(i),
                        x: 1.5 + i as f64,
                        y: 2.5,
                    })
                    .collect(),
            },
        ),
        (
            "add_note",
            Command::AddNote {
                id: ElementId(Uuid::from_u128(99_999)),
                kind: NoteKind::Policy,
                text: "Whenever an order is placed, reserve stock".into(),
                x: 10.0,
                y: 20.0,
                w: None,
                h: None,
                details: None,
                owner: None,
            },
        ),
        (
            "edit_text",
            Command::EditText {
                id: note(3),
                text: "Payment Received".into(),
            },
        ),
        ("delete_note", Command::DeleteNote { id: note(5) }),
        (
            "add_connector",
            Command::AddConnector {
                id: ElementId(Uuid::from_u128(88_888)),
                from: note(300),
                to: note(301),
                label: Some("produces".into()),
            },
        ),
    ]
}

fn decide_evolve(c: &mut Criterion) {
    let board = workshop();
    let limits = Limits::default();
    let mut group = c.benchmark_group("decide_evolve");
    for (name, command) in commands() {
        group.bench_function(name, |b| {
            b.iter_batched(
                || board.clone(),
                |mut board| {
                    let events = decide(&board, std::hint::black_box(&command), &limits).unwrap();
                    for e in &events {
                        evolve(&mut board, e);
                    }
                    board
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, decide_evolve);
criterion_main!(benches);
