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
fn every_finding_code_fires_on_the_messy_workshop() {
    let findings = review(&boards::messy_workshop().board);
    let codes: BTreeSet<FindingCode> = findings.iter().map(|f| f.code).collect();
    let missing: Vec<_> = FindingCode::ALL
        .iter()
        .filter(|c| !codes.contains(c) && **c != FindingCode::HandlerWithoutEvent)
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
    // Grouped by code in catalogue order.
    let order: Vec<FindingCode> = findings.iter().map(|f| f.code).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

#[test]
fn findings_point_at_the_stickies_they_are_about() {
    let mut b = Builder::new(20, "t");
    let evt = b.note(Event, "Place Order", 0.0, 0.0);
    let pol = b.note(Policy, "", 0.0, 1000.0);
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
    assert_eq!(about(FindingCode::EmptySticky), [pol.to_string()]);
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
fn duplicate_names_count_only_within_one_context_and_kind() {
    let mut b = Builder::new(22, "t");
    b.note(Event, "Order Placed", 0.0, 0.0);
    b.note(Event, "order placed", 0.0, 1000.0);
    b.note(Command, "Order Placed", 0.0, 2000.0);
    let findings = review(&b.board);
    let dupes: Vec<_> = findings
        .iter()
        .filter(|f| f.code == FindingCode::DuplicateNameInContext)
        .collect();
    assert_eq!(dupes.len(), 1);
    assert_eq!(dupes[0].sticky_ids.len(), 2);
}
