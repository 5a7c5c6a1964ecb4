use eventstorm_board::{Event, forward};

use super::*;

/// The board a template builds, checking on the way that every stored event is one `decide`
/// produces from its forward command on the board before it (what an import of the log checks).
fn build(name: &str) -> Board {
    let ops = ops(name, "Workshop", &Limits::default()).unwrap();
    let mut board = Board::default();
    for op in &ops {
        for stored in &op.events {
            let event = Event::decode(stored.schema_version, &stored.payload).unwrap();
            assert_eq!(event.kind(), stored.kind);
            let again = decide(&board, &forward(&event), &Limits::default())
                .unwrap_or_else(|r| panic!("{name}: {} refused: {r}", event.kind()));
            assert_eq!(again, vec![event.clone()], "{name}");
            evolve(&mut board, &event);
        }
    }
    board
}

/// The review finds no policy without idempotency or a failure policy.
fn assert_handlers_say_how_they_fail(board: &Board) {
    let findings = eventstorm_spec::review(board);
    let codes: Vec<String> = findings.iter().map(|f| format!("{:?}", f.code)).collect();
    assert!(
        !codes
            .iter()
            .any(|c| c.contains("NotIdempotent") || c.contains("WithoutFailurePolicy")),
        "{codes:?}"
    );
}

#[test]
fn every_template_builds_a_valid_board_through_decide_and_shows_its_guidance_on_the_wall() {
    for template in templates() {
        let board = build(&template.name);
        assert_eq!(board.title, "Workshop");
        assert!(board.note_count() >= 10, "{}", template.name);
        assert!(board.connectors().count() > 0 || template.name == "big-picture");
        assert!(!template.label.is_empty() && !template.summary.is_empty());
        assert_eq!(
            board.facilitation.phase, template.phase,
            "{}",
            template.name
        );
        for instruction in &template.instructions {
            assert_eq!(
                board
                    .facilitation
                    .instructions
                    .get(&instruction.phase)
                    .map(String::as_str),
                Some(instruction.text.as_str()),
                "{}",
                template.name
            );
        }
    }
}

#[test]
fn the_three_workshop_templates_start_in_a_phase_whose_instruction_is_their_guidance() {
    for name in ["big-picture", "process-modelling", "software-design"] {
        let template = find(name).unwrap();
        let guidance = template.guidance();
        assert!(guidance.len() > 40, "{name}: {guidance:?}");
        let board = build(name);
        let phase = board.facilitation.phase.expect("a starting phase");
        assert_eq!(board.facilitation.instructions[&phase], guidance);
    }
    assert_eq!(find("order-flow").unwrap().guidance(), "");
}

#[test]
fn the_big_picture_is_events_on_a_timeline_with_pivotal_events_and_a_hotspot() {
    let board = build("big-picture");
    let kinds: Vec<NoteKind> = board.notes().iter().map(|n| n.kind).collect();
    assert!(kinds.iter().filter(|k| **k == NoteKind::Event).count() >= 8);
    assert!(kinds.contains(&NoteKind::Hotspot) && kinds.contains(&NoteKind::Opportunity));
    assert_eq!(
        board.notes().iter().filter(|n| n.details.pivotal).count(),
        3
    );
    assert!(board.frames().all(|f| f.kind == FrameKind::Swimlane));
}

#[test]
fn the_software_design_has_no_review_warnings_on_its_handlers_and_two_contexts() {
    let board = build("software-design");
    assert_eq!(
        board
            .frames()
            .filter(|f| f.kind == FrameKind::BoundedContext)
            .count(),
        2
    );
    assert_handlers_say_how_they_fail(&board);
}

#[test]
fn the_order_flow_template_builds_a_valid_two_context_board_with_no_review_warnings_on_handlers() {
    let board = build("order-flow");
    assert_eq!(board.frames().count(), 2);
    assert_eq!(board.note_count(), 16);
    assert_eq!(board.connectors().count(), 15);
    assert_handlers_say_how_they_fail(&board);
}

#[test]
fn an_unknown_template_is_refused_with_the_known_names() {
    let err = match ops("nonsense", "x", &Limits::default()) {
        Err(e) => e,
        Ok(_) => panic!("an unknown template builds nothing"),
    };
    for template in templates() {
        assert!(err.contains(&template.name), "{err}");
    }
}

#[test]
fn a_connector_naming_no_note_is_an_error_not_a_panic() {
    let template: BoardTemplate = serde_json::from_str(
        r#"{"name": "t", "label": "T", "summary": "S", "phase": null, "instructions": [],
            "frames": [], "notes": [{"key": "a", "kind": "event", "text": "A", "x": 0, "y": 0}],
            "connectors": [["a", "b"]]}"#,
    )
    .unwrap();
    let err = template.commands().unwrap_err();
    assert!(err.contains("no note keyed \"b\""), "{err}");
}

#[test]
fn two_templates_never_share_a_name() {
    let mut names: Vec<&str> = templates().iter().map(|t| t.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), templates().len());
}
