//! Facilitation: phases, the shared timer and dot votes, as given/when/then.

use eventstorm_board::{
    Board, Command, ElementId, Event, Limits, MAX_INSTRUCTION_CHARS, Note, NoteDetails, NoteKind,
    Phase, RejectCode, Timer, TimerState, decide, evolve, forward, inverse,
};
use uuid::Uuid;

fn board_with(events: &[Event]) -> Board {
    let mut board = Board::default();
    evolve(
        &mut board,
        &Event::BoardCreated {
            title: "Workshop".into(),
        },
    );
    for e in events {
        evolve(&mut board, e);
    }
    board
}

fn note(n: u128, kind: NoteKind) -> (ElementId, Event) {
    let id = ElementId(Uuid::from_u128(n));
    let note = Note {
        id,
        kind,
        text: format!("n{n}"),
        x: 0.0,
        y: 0.0,
        w: 100.0,
        h: 80.0,
        details: NoteDetails::default(),
    };
    (id, Event::NoteAdded { note })
}

/// Decides, checks the forward command reproduces the events, applies them.
fn apply(board: &mut Board, command: Command) -> Result<Vec<Event>, RejectCode> {
    let events = decide(board, &command, &Limits::default()).map_err(|r| r.code)?;
    for e in &events {
        assert_eq!(
            decide(board, &forward(e), &Limits::default()).unwrap(),
            vec![e.clone()],
            "forward of {e:?}"
        );
        evolve(board, e);
    }
    Ok(events)
}

#[test]
fn the_phase_moves_and_setting_it_again_changes_nothing() {
    let mut board = board_with(&[]);
    let events = apply(
        &mut board,
        Command::SetPhase {
            phase: Some(Phase::EnforceTheTimeline),
        },
    )
    .unwrap();
    assert_eq!(
        events,
        vec![Event::PhaseChanged {
            phase: Some(Phase::EnforceTheTimeline),
            from: None
        }]
    );
    assert_eq!(
        apply(
            &mut board,
            Command::SetPhase {
                phase: Some(Phase::EnforceTheTimeline)
            }
        )
        .unwrap(),
        vec![]
    );
    assert_eq!(board.facilitation.phase, Some(Phase::EnforceTheTimeline));
    assert!(
        Phase::CommandsAndActors
            .kinds()
            .contains(&NoteKind::Command)
    );
}

#[test]
fn a_phase_instruction_is_set_trimmed_undone_and_cleared_back_to_the_default() {
    let mut board = board_with(&[]);
    let set = |text: &str| Command::SetPhaseInstruction {
        phase: Phase::ChaoticExploration,
        text: text.into(),
    };
    let events = apply(
        &mut board,
        set("  Put every event you can think of on the wall.  "),
    )
    .unwrap();
    let first = Event::PhaseInstructionSet {
        phase: Phase::ChaoticExploration,
        text: Some("Put every event you can think of on the wall.".into()),
        from: None,
    };
    assert_eq!(events, vec![first.clone()]);
    assert_eq!(
        board.facilitation.instructions[&Phase::ChaoticExploration],
        "Put every event you can think of on the wall."
    );
    // The same text again changes nothing; another phase keeps its default.
    assert_eq!(
        apply(
            &mut board,
            set("Put every event you can think of on the wall.")
        )
        .unwrap(),
        vec![]
    );
    assert!(
        !board
            .facilitation
            .instructions
            .contains_key(&Phase::EnforceTheTimeline)
    );

    let second = apply(&mut board, set("Orange stickies only, past tense.")).unwrap();
    assert_eq!(
        second,
        vec![Event::PhaseInstructionSet {
            phase: Phase::ChaoticExploration,
            text: Some("Orange stickies only, past tense.".into()),
            from: Some("Put every event you can think of on the wall.".into()),
        }]
    );
    // Undo brings back the text it replaced.
    let undo = inverse(&second[0]).expect("an instruction can be undone");
    apply(&mut board, undo).unwrap();
    assert_eq!(
        board.facilitation.instructions[&Phase::ChaoticExploration],
        "Put every event you can think of on the wall."
    );
    // Empty text goes back to the default, and undoing the first set does too.
    assert_eq!(
        apply(&mut board, set("   ")).unwrap(),
        vec![Event::PhaseInstructionSet {
            phase: Phase::ChaoticExploration,
            text: None,
            from: Some("Put every event you can think of on the wall.".into()),
        }]
    );
    assert!(board.facilitation.instructions.is_empty());
    assert_eq!(
        inverse(&first),
        Some(Command::SetPhaseInstruction {
            phase: Phase::ChaoticExploration,
            text: String::new()
        })
    );
}

#[test]
fn a_phase_instruction_longer_than_the_limit_or_with_nul_is_refused() {
    let mut board = board_with(&[]);
    let long = "x".repeat(MAX_INSTRUCTION_CHARS + 1);
    let too_long = Command::SetPhaseInstruction {
        phase: Phase::CommandsAndActors,
        text: long,
    };
    assert_eq!(apply(&mut board, too_long), Err(RejectCode::TextTooLong));
    let exactly = Command::SetPhaseInstruction {
        phase: Phase::CommandsAndActors,
        text: "é".repeat(MAX_INSTRUCTION_CHARS),
    };
    assert_eq!(apply(&mut board, exactly).unwrap().len(), 1);
    let nul = Command::SetPhaseInstruction {
        phase: Phase::CommandsAndActors,
        text: "a\0b".into(),
    };
    assert_eq!(apply(&mut board, nul), Err(RejectCode::InvalidCommand));
    assert!(
        Command::SetPhaseInstruction {
            phase: Phase::CommandsAndActors,
            text: String::new()
        }
        .is_facilitation()
    );
}

#[test]
fn the_timer_runs_pauses_resumes_gains_a_minute_and_resets_on_the_server_clock() {
    let mut board = board_with(&[]);
    apply(
        &mut board,
        Command::StartTimer {
            duration_ms: 300_000,
            now_ms: 1_000_000,
        },
    )
    .unwrap();
    let timer = board.facilitation.timer.unwrap();
    assert_eq!(
        timer.state,
        TimerState::Running {
            ends_at_ms: 1_300_000
        }
    );
    assert_eq!(timer.remaining_at(1_100_000), 200_000);
    assert_eq!(timer.remaining_at(9_999_999), 0);

    apply(&mut board, Command::PauseTimer { now_ms: 1_100_000 }).unwrap();
    assert_eq!(
        board.facilitation.timer.unwrap().state,
        TimerState::Paused {
            remaining_ms: 200_000
        }
    );
    assert_eq!(
        apply(&mut board, Command::PauseTimer { now_ms: 1_200_000 }),
        Err(RejectCode::TimerNotRunning)
    );
    apply(
        &mut board,
        Command::AddTime {
            ms: 60_000,
            now_ms: 1_150_000,
        },
    )
    .unwrap();
    assert_eq!(
        board.facilitation.timer.unwrap().state,
        TimerState::Paused {
            remaining_ms: 260_000
        }
    );

    apply(&mut board, Command::ResumeTimer { now_ms: 2_000_000 }).unwrap();
    assert_eq!(
        board.facilitation.timer.unwrap(),
        Timer {
            duration_ms: 360_000,
            state: TimerState::Running {
                ends_at_ms: 2_260_000
            }
        }
    );
    assert_eq!(
        apply(&mut board, Command::ResumeTimer { now_ms: 2_000_001 }),
        Err(RejectCode::TimerNotPaused)
    );
    // Time added to a countdown that already ran out counts from now.
    apply(
        &mut board,
        Command::AddTime {
            ms: 60_000,
            now_ms: 5_000_000,
        },
    )
    .unwrap();
    assert_eq!(
        board.facilitation.timer.unwrap().state,
        TimerState::Running {
            ends_at_ms: 5_060_000
        }
    );

    apply(&mut board, Command::ResetTimer).unwrap();
    assert_eq!(board.facilitation.timer, None);
    assert_eq!(
        apply(&mut board, Command::ResetTimer),
        Err(RejectCode::NoTimer)
    );
    assert_eq!(
        apply(&mut board, Command::PauseTimer { now_ms: 1 }),
        Err(RejectCode::NoTimer)
    );
    assert_eq!(
        apply(
            &mut board,
            Command::StartTimer {
                duration_ms: 10,
                now_ms: 1
            }
        ),
        Err(RejectCode::InvalidDuration)
    );
    assert_eq!(
        apply(
            &mut board,
            Command::StartTimer {
                duration_ms: 90_000_000,
                now_ms: 1
            }
        ),
        Err(RejectCode::InvalidDuration)
    );
}

#[test]
fn a_dot_vote_counts_three_dots_each_and_keeps_its_results_when_closed() {
    let (h1, add_h1) = note(1, NoteKind::Hotspot);
    let (h2, add_h2) = note(2, NoteKind::Hotspot);
    let (o1, add_o1) = note(3, NoteKind::Opportunity);
    let (e1, add_e1) = note(4, NoteKind::Event);
    let mut board = board_with(&[add_h1, add_h2, add_o1, add_e1]);
    let vote_id = ElementId(Uuid::from_u128(99));
    let dot = |note, voter: &str| Command::PlaceDot {
        note,
        voter: voter.into(),
    };

    assert_eq!(
        apply(&mut board, dot(h1, "ann")),
        Err(RejectCode::VoteNotOpen)
    );
    apply(
        &mut board,
        Command::OpenVote {
            id: vote_id,
            dots_per_participant: 3,
            kinds: eventstorm_board::default_vote_kinds(),
        },
    )
    .unwrap();
    let again = Command::OpenVote {
        id: ElementId(Uuid::from_u128(98)),
        dots_per_participant: 3,
        kinds: vec![NoteKind::Event],
    };
    assert_eq!(apply(&mut board, again), Err(RejectCode::VoteAlreadyOpen));

    for (n, voter) in [
        (h1, "ann"),
        (h1, "ann"),
        (o1, "ann"),
        (h1, "ben"),
        (h2, "ben"),
        (h2, "ben"),
        (h2, "cy"),
    ] {
        apply(&mut board, dot(n, voter)).unwrap();
    }
    assert_eq!(
        apply(&mut board, dot(h2, "ann")),
        Err(RejectCode::NoDotsLeft)
    );
    assert_eq!(
        apply(&mut board, dot(e1, "cy")),
        Err(RejectCode::NotVotable)
    );
    assert_eq!(
        apply(
            &mut board,
            Command::RemoveDot {
                note: o1,
                voter: "ben".into()
            }
        ),
        Err(RejectCode::NoDotHere)
    );
    apply(
        &mut board,
        Command::RemoveDot {
            note: o1,
            voter: "ann".into(),
        },
    )
    .unwrap();
    apply(&mut board, dot(h2, "ann")).unwrap();
    assert_eq!(
        apply(&mut board, dot(h2, "")),
        Err(RejectCode::InvalidCommand)
    );

    apply(&mut board, Command::CloseVote).unwrap();
    let vote = board.facilitation.vote.clone().unwrap();
    assert!(!vote.open);
    assert_eq!(vote.totals(), vec![(h2, 4), (h1, 3)]);
    assert_eq!(
        apply(&mut board, dot(h1, "dan")),
        Err(RejectCode::VoteNotOpen)
    );
    assert_eq!(
        apply(&mut board, Command::CloseVote),
        Err(RejectCode::VoteNotOpen)
    );
}

#[test]
fn the_server_stamps_the_clock_and_the_voter_after_hashing() {
    let mut cmd: Command =
        serde_json::from_str(r#"{"type":"start_timer","duration_ms":60000,"now_ms":5}"#).unwrap();
    let before = cmd.canonical_json();
    cmd.stamp(1_234, "client-7");
    assert_eq!(
        cmd,
        Command::StartTimer {
            duration_ms: 60_000,
            now_ms: 1_234
        }
    );
    assert_ne!(cmd.canonical_json(), before);
    let mut dot: Command = serde_json::from_str(&format!(
        r#"{{"type":"place_dot","note":"{}","voter":"forged"}}"#,
        Uuid::nil()
    ))
    .unwrap();
    dot.stamp(0, "client-7");
    assert_eq!(
        dot,
        Command::PlaceDot {
            note: ElementId(Uuid::nil()),
            voter: "client-7".into()
        }
    );
    assert!(Command::ResetTimer.is_facilitation());
    assert!(!dot.is_facilitation());
}

#[test]
fn snapshots_written_before_facilitation_still_load() {
    let board = board_with(&[]);
    let mut json: serde_json::Value = serde_json::to_value(&board).unwrap();
    json.as_object_mut().unwrap().remove("facilitation");
    let old: Board = serde_json::from_value(json).unwrap();
    assert_eq!(old, board);
}
