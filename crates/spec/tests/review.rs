//! The review: every finding code fires where it should, and not on a clean board.

mod common;

use std::collections::BTreeSet;

use common::{Builder, boards};
use eventstorm_board::NoteKind::*;
use eventstorm_spec::{FindingCode, Severity, review};

#[test]
fn the_clean_order_flow_only_has_its_open_hotspot() {
    let findings = review(&boards::order_flow().board);
    let codes: Vec<FindingCode> = findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, [FindingCode::UnresolvedHotspot]);
    assert_eq!(findings[0].severity, Severity::Info);
}

#[test]
fn every_finding_code_fires_on_the_messy_workshop_or_the_library() {
    let messy = review(&boards::messy_workshop().board);
    let library = review(&boards::city_library().board);
    let codes: BTreeSet<FindingCode> = messy.iter().chain(&library).map(|f| f.code).collect();
    let missing: Vec<_> = FindingCode::ALL
        .iter()
        .filter(|c| !codes.contains(c) && **c != FindingCode::HandlerWithoutEvent)
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
    // Grouped by code in catalogue order.
    for findings in [&messy, &library] {
        let order: Vec<FindingCode> = findings.iter().map(|f| f.code).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted);
    }
}

#[test]
fn the_library_findings_name_each_root_cause_once() {
    let findings = review(&boards::city_library().board);
    let with = |code| -> Vec<&str> {
        findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| f.message.as_str())
            .collect()
    };
    // Phrasal verbs and prepositions read as past tense.
    assert!(
        with(FindingCode::EventNotPastTense).is_empty(),
        "{findings:#?}"
    );
    // "Fine Waived" written on a command collides with the event in the same context.
    let clash = with(FindingCode::DuplicateNameInContext);
    assert_eq!(clash.len(), 1, "{clash:?}");
    assert!(clash[0].contains("FineWaivedCommand"), "{clash:?}");
    // "Book Returned" in two contexts is qualified, not numbered.
    let shared = with(FindingCode::NameSharedAcrossContexts);
    assert_eq!(shared.len(), 1);
    assert!(
        shared[0].contains("catalogue.BookReturned") && shared[0].contains("lending.BookReturned")
    );
    // The scheduled policy handles no event on purpose.
    assert!(
        with(FindingCode::HandlerWithoutEvent).is_empty(),
        "{findings:#?}"
    );
    assert_eq!(with(FindingCode::RetriedHandlerNotIdempotent).len(), 1);
    assert_eq!(with(FindingCode::CommandTargetsAnotherContext).len(), 1);
    assert_eq!(with(FindingCode::FailureEventUnhandled).len(), 1);
}

#[test]
fn findings_point_at_the_stickies_they_are_about() {
    let mut b = Builder::new(20, "t");
    let evt = b.note(Event, "Place Order", 0.0, 0.0);
    let pol = b.note(Policy, "Notify", 0.0, 1000.0);
    let empty = b.note(Policy, "", 0.0, 2000.0);
    let findings = review(&b.board);
    let about = |code| {
        findings
            .iter()
            .find(|f| f.code == code)
            .map(|f| f.sticky_ids.clone())
            .unwrap_or_else(|| panic!("no {code:?} in {findings:#?}"))
    };
    assert_eq!(about(FindingCode::EventNotPastTense), [evt.to_string()]);
    assert_eq!(about(FindingCode::EventWithoutProducer), [evt.to_string()]);
    assert_eq!(about(FindingCode::EmptySticky), [empty.to_string()]);
    // An empty sticky is one finding, not one per thing it lacks.
    assert!(
        findings
            .iter()
            .all(|f| f.code == FindingCode::EmptySticky
                || !f.sticky_ids.contains(&empty.to_string()))
    );
    assert_eq!(about(FindingCode::HandlerWithoutEvent), [pol.to_string()]);
    assert_eq!(about(FindingCode::PolicyIssuesNothing), [pol.to_string()]);
    assert_eq!(about(FindingCode::HandlerNotIdempotent), [pol.to_string()]);
    assert_eq!(
        about(FindingCode::HandlerWithoutFailurePolicy),
        [pol.to_string()]
    );
}

#[test]
fn a_connector_outside_the_grammar_is_dangling() {
    let mut b = Builder::new(21, "t");
    let actor = b.note(Actor, "Clerk", 0.0, 0.0);
    let evt = b.note(Event, "Parcel Shipped", 5000.0, 0.0);
    let connector = b.connect(actor, evt);
    let findings = review(&b.board);
    let f = findings
        .iter()
        .find(|f| f.code == FindingCode::DanglingConnector)
        .unwrap();
    assert_eq!(f.sticky_ids, [actor.to_string(), evt.to_string()]);
    assert_eq!(f.connector_id, Some(connector.to_string()));
}

#[test]
fn a_command_named_like_an_event_is_a_collision_and_repeated_cards_are_not() {
    let mut b = Builder::new(22, "t");
    let event = b.note(Event, "Order Placed", 0.0, 0.0);
    b.note(Event, "order placed", 0.0, 1000.0);
    let command = b.note(Command, "Order Placed", 0.0, 2000.0);
    let findings = review(&b.board);
    let dupes: Vec<_> = findings
        .iter()
        .filter(|f| f.code == FindingCode::DuplicateNameInContext)
        .collect();
    assert_eq!(dupes.len(), 1);
    assert_eq!(
        dupes[0].sticky_ids,
        [event.to_string(), command.to_string()]
    );
}
