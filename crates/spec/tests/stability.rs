//! Contract names do not move with the stickies: moving any sticky within its frame leaves
//! every code name, qualified name and channel address as it was, and no operation id or
//! channel key comes to mean something else.

mod common;

use std::collections::BTreeMap;

use common::{Builder, boards};
use eventstorm_board::{Command, Move, NoteKind};
use eventstorm_spec::{Format, ModelOptions, derive_model, export};
use serde_json::Value;

/// Element id -> (code name, qualified name, address) for every element of the model.
fn names(board: &eventstorm_board::Board) -> BTreeMap<String, (String, String, String)> {
    let m = derive_model(board, &ModelOptions::default());
    let mut out = BTreeMap::new();
    for e in &m.events {
        let c = &e.common;
        out.insert(
            c.id.clone(),
            (
                c.code_name.clone(),
                c.qualified_name.clone(),
                e.address.clone(),
            ),
        );
    }
    for cmd in &m.commands {
        let c = &cmd.common;
        out.insert(
            c.id.clone(),
            (
                c.code_name.clone(),
                c.qualified_name.clone(),
                cmd.address.clone(),
            ),
        );
    }
    let others = m
        .aggregates
        .iter()
        .map(|a| &a.common)
        .chain(m.handlers.iter().map(|h| &h.common))
        .chain(m.read_models.iter().map(|r| &r.common))
        .chain(m.external_systems.iter().map(|x| &x.common))
        .chain(m.actors.iter().map(|a| &a.common));
    for c in others {
        out.insert(
            c.id.clone(),
            (c.code_name.clone(), c.qualified_name.clone(), String::new()),
        );
    }
    out
}

/// Operation id -> (action, channel) and channel key -> address. Which element performs an
/// operation is a link, which moving a sticky out of its row may rightly change.
fn contract_keys(
    board: &eventstorm_board::Board,
) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let doc: Value = serde_json::from_str(&export(board, Format::AsyncApiJson)).unwrap();
    let ops = doc["operations"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, op)| {
            let meaning = format!("{} {}", op["action"], op["channel"]["$ref"]);
            (k.clone(), meaning)
        })
        .collect();
    let channels = doc["channels"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, ch)| (k.clone(), ch["address"].to_string()))
        .collect();
    (ops, channels)
}

/// Where to move a sticky: to the far side of its frame in its own row (or far away when it has
/// no frame), so its place in the reading order changes as much as it can. Swimlanes cross a
/// context's whole width, so staying in the row keeps the sticky in its swimlane too.
fn far_spot(b: &Builder, id: eventstorm_board::ElementId) -> (f64, f64) {
    let note = b.board.note(&id).unwrap();
    match b.board.frame_of(note) {
        Some(f) => {
            let cx = note.x + note.w / 2.0;
            let x = if cx < f.x + f.w / 2.0 {
                f.x + f.w - note.w - 5.0
            } else {
                f.x + 5.0
            };
            (x, note.y)
        }
        None => (note.x + 10_000.0, note.y),
    }
}

#[test]
fn moving_any_sticky_within_its_frame_changes_no_name_address_or_operation_id() {
    for build in [
        boards::city_library,
        boards::order_flow,
        boards::messy_workshop,
    ] {
        let original = build();
        let (before_names, (before_ops, before_channels)) =
            (names(&original.board), contract_keys(&original.board));
        let ids: Vec<_> = original
            .board
            .notes()
            .iter()
            .filter(|n| {
                !matches!(
                    n.kind,
                    NoteKind::Hotspot | NoteKind::Opportunity | NoteKind::Note
                )
            })
            .map(|n| n.id)
            .collect();
        for id in ids {
            let mut b = build();
            let frame_before = b.board.frame_of(b.board.note(&id).unwrap()).map(|f| f.id);
            let (x, y) = far_spot(&b, id);
            b.run(Command::MoveNotes {
                moves: vec![Move { id, x, y }],
            });
            let frame_after = b.board.frame_of(b.board.note(&id).unwrap()).map(|f| f.id);
            assert_eq!(frame_before, frame_after, "the move stays within the frame");

            assert_eq!(
                names(&b.board),
                before_names,
                "names changed after moving {id}"
            );
            let (ops, channels) = contract_keys(&b.board);
            for (key, meaning) in &ops {
                if let Some(before) = before_ops.get(key) {
                    assert_eq!(
                        meaning, before,
                        "operation {key} changed meaning after moving {id}"
                    );
                }
            }
            for (key, address) in &channels {
                if let Some(before) = before_channels.get(key) {
                    assert_eq!(
                        address, before,
                        "channel {key} changed address after moving {id}"
                    );
                }
            }
        }
    }
}

#[test]
fn repeated_aggregate_cards_are_one_aggregate_with_every_command_it_handles() {
    let m = derive_model(&boards::city_library().board, &ModelOptions::default());
    let loans: Vec<_> = m
        .aggregates
        .iter()
        .filter(|a| a.common.name == "Loan")
        .collect();
    assert_eq!(loans.len(), 1, "one Loan, not Loan and Loan2");
    assert_eq!(loans[0].common.repeated_on.len(), 2);
    let handled: Vec<&str> = loans[0]
        .handles_commands
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(handled, ["Borrow Book", "Renew Loan", "Return Book"]);
    assert!(
        m.aggregates
            .iter()
            .all(|a| !a.common.code_name.ends_with('2'))
    );
}

#[test]
fn the_same_event_in_two_contexts_is_qualified_by_context_not_numbered() {
    let m = derive_model(&boards::city_library().board, &ModelOptions::default());
    let mut returned: Vec<(&str, &str)> = m
        .events
        .iter()
        .filter(|e| e.common.name == "Book Returned")
        .map(|e| (e.common.qualified_name.as_str(), e.address.as_str()))
        .collect();
    returned.sort();
    assert_eq!(
        returned,
        [
            ("catalogue.BookReturned", "catalogue.book-returned"),
            ("lending.BookReturned", "lending.book-returned")
        ]
    );
    // The command written with an event's name does not push the event's name away.
    let waived = m
        .events
        .iter()
        .find(|e| e.common.name == "Fine Waived")
        .unwrap();
    assert_eq!(waived.common.code_name, "FineWaived");
    let command = m
        .commands
        .iter()
        .find(|c| c.common.name == "Fine Waived")
        .unwrap();
    assert_eq!(command.common.code_name, "FineWaivedCommand");
    // A pinned code name wins over the text.
    let pinned = m
        .events
        .iter()
        .find(|e| e.common.name == "Copy Added To Catalogue")
        .unwrap();
    assert_eq!(pinned.common.code_name, "CopyCatalogued");
    assert!(pinned.common.pinned_code_name);
}

#[test]
fn commands_say_what_they_emit_and_how_they_fail_without_arrows() {
    let m = derive_model(&boards::city_library().board, &ModelOptions::default());
    let renew = m
        .commands
        .iter()
        .find(|c| c.common.name == "Renew Loan")
        .unwrap();
    assert_eq!(renew.results_in.len(), 1);
    assert_eq!(renew.results_in[0].name, "Loan Renewed");
    assert!(renew.results_in[0].inferred);
    assert_eq!(renew.fails_with.len(), 1);
    assert_eq!(renew.fails_with[0].name, "Renewal Rejected");
    assert_eq!(renew.identity_field.as_deref(), Some("loanId"));
    assert_eq!(renew.targets[0].name, "Loan");
    // A read model fed by two arrows still gets the pivotal event beside it.
    let overview = m
        .read_models
        .iter()
        .find(|r| r.common.name == "Loans Overview")
        .unwrap();
    let fed: Vec<(&str, bool)> = overview
        .fed_by
        .iter()
        .map(|r| (r.name.as_str(), r.inferred))
        .collect();
    assert_eq!(
        fed,
        [
            ("Book Borrowed", true),
            ("Loan Renewed", false),
            ("Book Returned", false)
        ]
    );
    // The scheduled policy is triggered by its schedule.
    let nightly = m
        .handlers
        .iter()
        .find(|h| h.common.name == "Charge overdue fines nightly")
        .unwrap();
    assert_eq!(nightly.trigger, eventstorm_spec::Trigger::Schedule);
    assert_eq!(nightly.schedule.as_deref(), Some("every night at 02:00"));
    assert_eq!(nightly.idempotency_key, ["loanId", "day"]);
}
