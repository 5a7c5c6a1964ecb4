//! Facilitation state a workshop shares: the event storming phase, a countdown timer and dot
//! votes. Changed only by the facilitator (the server checks the role; the domain checks the
//! rules). Timer commands carry the server's clock (`now_ms`), stamped by the server when it
//! decides them, so every client computes the same remaining time from the same events.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::ids::ElementId;
use crate::kinds::NoteKind;

/// The phases of a big-picture event storming, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    ChaoticExploration,
    EnforceTheTimeline,
    HotspotsAndPivotalEvents,
    CommandsAndActors,
    PoliciesAndReadModels,
    AggregatesAndBoundedContexts,
}

impl Phase {
    pub const ALL: [Phase; 6] = [
        Phase::ChaoticExploration,
        Phase::EnforceTheTimeline,
        Phase::HotspotsAndPivotalEvents,
        Phase::CommandsAndActors,
        Phase::PoliciesAndReadModels,
        Phase::AggregatesAndBoundedContexts,
    ];

    /// The sticky kinds a phase is about (the palette highlights them).
    pub fn kinds(self) -> &'static [NoteKind] {
        match self {
            Phase::ChaoticExploration | Phase::EnforceTheTimeline => &[NoteKind::Event],
            Phase::HotspotsAndPivotalEvents => {
                &[NoteKind::Event, NoteKind::Hotspot, NoteKind::Opportunity]
            }
            Phase::CommandsAndActors => &[NoteKind::Command, NoteKind::Actor, NoteKind::Ui],
            Phase::PoliciesAndReadModels => &[
                NoteKind::Policy,
                NoteKind::ReadModel,
                NoteKind::ExternalSystem,
            ],
            Phase::AggregatesAndBoundedContexts => &[NoteKind::Aggregate],
        }
    }
}

/// A shared countdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timer {
    /// The length it was started with (plus added time).
    pub duration_ms: u64,
    #[serde(flatten)]
    pub state: TimerState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TimerState {
    /// Counting down to `ends_at_ms` (server clock, milliseconds since the epoch).
    Running {
        ends_at_ms: i64,
    },
    Paused {
        remaining_ms: u64,
    },
}

impl Timer {
    /// Milliseconds left at `now_ms` (0 once it has run out).
    /// The same timer in another state.
    pub fn with_state(self, state: TimerState) -> Timer {
        Timer { state, ..self }
    }

    pub fn remaining_at(&self, now_ms: i64) -> u64 {
        match self.state {
            TimerState::Running { ends_at_ms } => (ends_at_ms - now_ms).max(0) as u64,
            TimerState::Paused { remaining_ms } => remaining_ms,
        }
    }
}

/// A dot vote: each participant places up to `dots_per_participant` dots on stickies of the
/// given kinds (several on one sticky if they like).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub id: ElementId,
    pub dots_per_participant: u32,
    pub kinds: Vec<NoteKind>,
    pub open: bool,
    /// Voter (a participant's client id) -> the stickies they put dots on, one entry a dot.
    #[serde(default)]
    pub dots: BTreeMap<String, Vec<ElementId>>,
}

impl Vote {
    /// Dots per sticky, most first (ties by id): the results.
    pub fn totals(&self) -> Vec<(ElementId, u32)> {
        let mut totals: BTreeMap<ElementId, u32> = BTreeMap::new();
        for dots in self.dots.values() {
            for note in dots {
                *totals.entry(*note).or_default() += 1;
            }
        }
        let mut out: Vec<(ElementId, u32)> = totals.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    pub fn dots_of(&self, voter: &str) -> usize {
        self.dots.get(voter).map_or(0, Vec::len)
    }
}

/// The kinds a vote covers when the facilitator names none: the questions and ideas.
pub fn default_vote_kinds() -> Vec<NoteKind> {
    vec![NoteKind::Hotspot, NoteKind::Opportunity]
}

/// Facilitation state on a board.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facilitation {
    pub phase: Option<Phase>,
    pub timer: Option<Timer>,
    /// The open vote, or the last closed one (its results).
    pub vote: Option<Vote>,
    /// The instructions the facilitator wrote for phases; a phase not listed shows its
    /// default instruction (the client knows the defaults).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub instructions: BTreeMap<Phase, String>,
    /// Stickies, frames and connectors the facilitator locked (live elements only).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub locked: BTreeSet<ElementId>,
    /// Private mode is on: new stickies are private to whoever adds them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private_mode: bool,
    /// The private stickies (live or deleted during private mode) and their owners'
    /// participant ids. Each participant is only ever shown their own entries.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub private_notes: BTreeMap<ElementId, String>,
}

/// The most characters a phase instruction may have: a line or two on the wall.
pub const MAX_INSTRUCTION_CHARS: usize = 280;
