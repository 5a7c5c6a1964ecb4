//! Software design: aggregates with the commands they decide and the events they emit, with
//! payloads, inside bounded contexts; here a library's lending and catalogue. It starts in the
//! aggregates-and-bounded-contexts phase.

use eventstorm_board::{Backoff, Command, FrameKind, NoteDetails, NoteKind, Phase, RetryPolicy};

use super::{BoardTemplate, Builder, field};

pub(super) const TEMPLATE: BoardTemplate = BoardTemplate {
    name: "software-design",
    label: "Software design",
    summary: "Aggregates, their commands and events with payloads, and the policies between two bounded contexts of a library.",
    phase: Some(Phase::AggregatesAndBoundedContexts),
    instructions: &[
        (
            Phase::AggregatesAndBoundedContexts,
            "Software design: give every command the aggregate (yellow) that decides it and the events it emits, with their fields; draw a bounded context around what changes together.",
        ),
        (
            Phase::PoliciesAndReadModels,
            "For every policy, say what it reacts to, what it does, and what happens when it fails (idempotent, retries, dead letter).",
        ),
    ],
    commands,
};

fn commands() -> Vec<Command> {
    let mut b = Builder::default();
    b.frame(
        FrameKind::BoundedContext,
        "Lending",
        -40.0,
        -60.0,
        1_160.0,
        560.0,
    );
    b.frame(
        FrameKind::BoundedContext,
        "Catalogue",
        -40.0,
        560.0,
        1_160.0,
        300.0,
    );
    let borrow = b.note(NoteKind::Command, "Borrow Book", 0.0, 20.0);
    let loan = b.note(NoteKind::Aggregate, "Loan", 180.0, 0.0);
    let borrowed = b.note(NoteKind::Event, "Book Borrowed", 420.0, 20.0);
    let give_back = b.note(NoteKind::Command, "Return Book", 0.0, 200.0);
    let returned = b.note(NoteKind::Event, "Book Returned", 420.0, 200.0);
    let due = b.note(NoteKind::ReadModel, "Loans Due Today", 620.0, 200.0);
    let remind = b.note(
        NoteKind::Policy,
        "Whenever a loan is overdue, send a reminder",
        820.0,
        200.0,
    );
    let mark = b.note(
        NoteKind::Policy,
        "Whenever a book is borrowed, mark the copy as lent",
        960.0,
        20.0,
    );
    let lend_copy = b.note(NoteKind::Command, "Mark Copy Lent", 960.0, 620.0);
    let copy = b.note(NoteKind::Aggregate, "Copy", 700.0, 600.0);
    let lent = b.note(NoteKind::Event, "Copy Lent", 480.0, 620.0);
    b.chain(&[borrow, loan, borrowed, mark, lend_copy, copy, lent]);
    b.chain(&[give_back, loan, returned, due, remind]);
    b.details(
        borrow,
        NoteDetails {
            fields: vec![
                field("memberId", "uuid", true),
                field("copyId", "uuid", true),
            ],
            ..NoteDetails::default()
        },
    );
    b.details(
        borrowed,
        NoteDetails {
            description: "A member took a copy home; the due date is fixed from here on.".into(),
            fields: vec![
                field("loanId", "uuid", true),
                field("memberId", "uuid", true),
                field("copyId", "uuid", true),
                field("dueOn", "date", true),
            ],
            pivotal: true,
            ..NoteDetails::default()
        },
    );
    b.details(
        returned,
        NoteDetails {
            fields: vec![
                field("loanId", "uuid", true),
                field("returnedAt", "datetime", true),
            ],
            ..NoteDetails::default()
        },
    );
    for policy in [remind, mark] {
        b.details(
            policy,
            NoteDetails {
                idempotent: Some(true),
                retry: Some(RetryPolicy {
                    max_attempts: 3,
                    backoff: Backoff::Exponential,
                    delay_seconds: Some(5),
                }),
                dead_letter: Some("lending-dlq".into()),
                ..NoteDetails::default()
            },
        );
    }
    b.commands
}
