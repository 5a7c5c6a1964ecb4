//! `decide` for the facilitation commands: phase and its instruction, timer, dot votes.

use crate::board::Board;
use crate::command::Command;
use crate::event::Event;
use crate::facilitation::{MAX_INSTRUCTION_CHARS, Timer, TimerState, Vote};
use crate::rejection::{RejectCode, Rejection};

/// Longest countdown (and most time one `add_time` adds).
const MAX_TIMER_MS: u64 = 24 * 3600 * 1000;
const MAX_DOTS: u32 = 100;

pub(crate) fn decide(board: &Board, command: &Command) -> Result<Vec<Event>, Rejection> {
    let f = &board.facilitation;
    match command {
        Command::SetPhase { phase } => Ok(if *phase == f.phase {
            Vec::new()
        } else {
            vec![Event::PhaseChanged {
                phase: *phase,
                from: f.phase,
            }]
        }),
        Command::SetPhaseInstruction { phase, text } => {
            let text = text.trim();
            if text.chars().count() > MAX_INSTRUCTION_CHARS {
                return Err(Rejection::new(
                    RejectCode::TextTooLong,
                    format!("a phase instruction has at most {MAX_INSTRUCTION_CHARS} characters"),
                ));
            }
            if text.contains('\0') {
                return Err(Rejection::new(
                    RejectCode::InvalidCommand,
                    "a phase instruction cannot contain NUL",
                ));
            }
            let text = (!text.is_empty()).then(|| text.to_owned());
            let from = f.instructions.get(phase).cloned();
            Ok(if text == from {
                Vec::new()
            } else {
                vec![Event::PhaseInstructionSet {
                    phase: *phase,
                    text,
                    from,
                }]
            })
        }
        Command::StartTimer {
            duration_ms,
            now_ms,
        } => {
            let d = duration(*duration_ms)?;
            let timer = Timer {
                duration_ms: d,
                state: TimerState::Running {
                    ends_at_ms: now_ms + d as i64,
                },
            };
            Ok(vec![Event::TimerStarted {
                timer,
                from: f.timer,
                now_ms: *now_ms,
            }])
        }
        Command::PauseTimer { now_ms } => switch_timer(f.timer, *now_ms, true),
        Command::ResumeTimer { now_ms } => switch_timer(f.timer, *now_ms, false),
        Command::AddTime { ms, now_ms } => {
            let by = duration(*ms)?;
            let Some(from) = f.timer else {
                return Err(no_timer());
            };
            let state = match from.state {
                // A countdown that already ran out counts on from now.
                TimerState::Running { ends_at_ms } => TimerState::Running {
                    ends_at_ms: ends_at_ms.max(*now_ms) + by as i64,
                },
                TimerState::Paused { remaining_ms } => TimerState::Paused {
                    remaining_ms: remaining_ms + by,
                },
            };
            let timer = Timer {
                duration_ms: from.duration_ms + by,
                state,
            };
            Ok(vec![Event::TimerExtended {
                timer,
                from,
                by_ms: by,
                now_ms: *now_ms,
            }])
        }
        Command::ResetTimer => match f.timer {
            Some(from) => Ok(vec![Event::TimerReset { from }]),
            None => Err(no_timer()),
        },
        Command::OpenVote {
            id,
            dots_per_participant,
            kinds,
        } => {
            if f.vote.as_ref().is_some_and(|v| v.open) {
                return Err(Rejection::new(
                    RejectCode::VoteAlreadyOpen,
                    "close the open vote first",
                ));
            }
            if !(1..=MAX_DOTS).contains(dots_per_participant) {
                return Err(Rejection::new(
                    RejectCode::InvalidCommand,
                    format!("dots per participant must be 1 to {MAX_DOTS}"),
                ));
            }
            if kinds.is_empty() {
                return Err(Rejection::new(
                    RejectCode::InvalidCommand,
                    "a vote covers at least one kind of sticky",
                ));
            }
            let mut kinds = kinds.clone();
            kinds.sort();
            kinds.dedup();
            let vote = Vote {
                id: *id,
                dots_per_participant: *dots_per_participant,
                kinds,
                open: true,
                dots: Default::default(),
            };
            Ok(vec![Event::VoteOpened { vote }])
        }
        Command::CloseVote => {
            let vote = open_vote(board)?;
            Ok(vec![Event::VoteClosed {
                vote_id: vote.id,
                dots: Some(vote.dots.clone()),
            }])
        }
        Command::PlaceDot { note, voter } => {
            let vote = open_vote(board)?;
            let voter = voter_name(voter)?;
            let Some(sticky) = board.note(note) else {
                return Err(Rejection::new(
                    RejectCode::UnknownNote,
                    format!("no note {note}"),
                ));
            };
            if board.facilitation.private_notes.contains_key(note) {
                return Err(Rejection::new(
                    RejectCode::NotVotable,
                    "a private sticky takes dots once private mode ends",
                ));
            }
            if !vote.kinds.contains(&sticky.kind) {
                return Err(Rejection::new(
                    RejectCode::NotVotable,
                    format!("this vote is not about {} stickies", sticky.kind.as_str()),
                ));
            }
            if vote.dots_of(&voter) >= vote.dots_per_participant as usize {
                return Err(Rejection::new(
                    RejectCode::NoDotsLeft,
                    format!("you have placed all {} dots", vote.dots_per_participant),
                ));
            }
            Ok(vec![Event::DotPlaced {
                vote_id: vote.id,
                note: *note,
                voter,
            }])
        }
        Command::RemoveDot { note, voter } => {
            let vote = open_vote(board)?;
            let voter = voter_name(voter)?;
            if !vote
                .dots
                .get(&voter)
                .is_some_and(|dots| dots.contains(note))
            {
                return Err(Rejection::new(
                    RejectCode::NoDotHere,
                    "you have no dot on this sticky",
                ));
            }
            Ok(vec![Event::DotRemoved {
                vote_id: vote.id,
                note: *note,
                voter,
            }])
        }
        other => unreachable!("{} is not a facilitation command", other.type_name()),
    }
}

fn duration(ms: u64) -> Result<u64, Rejection> {
    if (1_000..=MAX_TIMER_MS).contains(&ms) {
        Ok(ms)
    } else {
        Err(Rejection::new(
            RejectCode::InvalidDuration,
            "a timer runs for one second to one day",
        ))
    }
}

/// Pauses the running timer (`pause`) or resumes the paused one; the other way round is
/// refused, and so is either without a timer.
fn switch_timer(timer: Option<Timer>, now_ms: i64, pause: bool) -> Result<Vec<Event>, Rejection> {
    let from = timer.ok_or_else(no_timer)?;
    let remaining_ms = from.remaining_at(now_ms);
    let event = match (from.state, pause) {
        (TimerState::Running { .. }, true) => Event::TimerPaused {
            timer: from.with_state(TimerState::Paused { remaining_ms }),
            from,
            now_ms,
        },
        (TimerState::Paused { .. }, false) => Event::TimerResumed {
            timer: from.with_state(TimerState::Running {
                ends_at_ms: now_ms + remaining_ms as i64,
            }),
            from,
            now_ms,
        },
        (_, true) => {
            let paused = "the timer is paused";
            return Err(Rejection::new(RejectCode::TimerNotRunning, paused));
        }
        (_, false) => {
            let running = "the timer is running";
            return Err(Rejection::new(RejectCode::TimerNotPaused, running));
        }
    };
    Ok(vec![event])
}

fn no_timer() -> Rejection {
    Rejection::new(RejectCode::NoTimer, "no timer is set")
}

fn open_vote(board: &Board) -> Result<&Vote, Rejection> {
    board
        .facilitation
        .vote
        .as_ref()
        .filter(|v| v.open)
        .ok_or_else(|| Rejection::new(RejectCode::VoteNotOpen, "no vote is open"))
}

fn voter_name(voter: &str) -> Result<String, Rejection> {
    let voter = voter.trim();
    if voter.is_empty() || voter.chars().count() > 200 || voter.contains('\0') {
        return Err(Rejection::new(
            RejectCode::InvalidCommand,
            "a dot needs a voter",
        ));
    }
    Ok(voter.to_owned())
}
