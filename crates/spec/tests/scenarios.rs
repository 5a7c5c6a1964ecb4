//! Scenarios written in a command's or policy's details: resolved to the board's elements,
//! exported as Gherkin features (one per aggregate or policy), shown in the Markdown, and a
//! step naming nothing on the board is a finding.

mod common;

use common::boards;
use eventstorm_spec::{
    Archive, ExportOptions, FindingCode, Format, ModelOptions, archive_files, derive_model, export,
    review,
};

#[test]
fn scenario_steps_resolve_to_the_elements_they_name() {
    let m = derive_model(&boards::city_library().board, &ModelOptions::default());
    let renew = m
        .commands
        .iter()
        .find(|c| c.common.name == "Renew Loan")
        .unwrap();
    assert_eq!(renew.scenarios.len(), 2);
    let first = &renew.scenarios[0];
    assert_eq!(
        first.given[0].element.as_ref().unwrap().name,
        "Book Borrowed"
    );
    assert_eq!(first.when.element.as_ref().unwrap().id, renew.common.id);
    assert_eq!(first.then[0].element.as_ref().unwrap().name, "Loan Renewed");
    let refused = &renew.scenarios[1];
    assert!(
        refused.given[1].element.is_none(),
        "\"Copy Reserved\" is not on the board"
    );
    assert_eq!(refused.rejected.as_deref(), Some("reserved_by_other"));
}

#[test]
fn a_step_naming_nothing_on_the_board_is_a_finding() {
    let findings = review(&boards::city_library().board);
    let unknown: Vec<_> = findings
        .iter()
        .filter(|f| f.code == FindingCode::ScenarioNamesUnknownElement)
        .collect();
    assert_eq!(unknown.len(), 1, "{findings:#?}");
    assert!(
        unknown[0].message.contains("\"Copy Reserved\""),
        "{}",
        unknown[0].message
    );
}

#[test]
fn gherkin_has_one_feature_per_aggregate_and_per_policy() {
    let files = archive_files(
        &boards::city_library().board,
        Archive::Gherkin,
        &ExportOptions::default(),
    );
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "features/Billing/ChargeOverdueFinesNightly.feature",
            "features/Lending/Loan.feature"
        ]
    );
    let loan = &files[1].1;
    assert!(loan.contains("Feature: Loan\n"), "{loan}");
    assert!(
        loan.contains(
            "  Scenario: A reserved book is not renewed\n    Given Book Borrowed\n    And Copy Reserved\n    When Renew Loan\n    Then it is rejected: reserved_by_other\n"
        ),
        "{loan}"
    );
    let md = export(&boards::city_library().board, Format::Markdown);
    assert!(md.contains("**Scenario: A loan is renewed**"));
    assert!(
        md.contains("- Given Copy Reserved *(not on the board)*"),
        "{md}"
    );
}
