//! Links inferred from the timeline's spatial conventions, for stickies whose connectors are
//! missing. A workshop lays the flow out left to right in rows: `[command][aggregate][event]
//! [policy][command]...`, with actors above or left of the commands they decide.
//!
//! Each rule fills a gap card by card, only where no connector (or earlier rule) already did
//! (a read model's sources and a command's events are the exceptions; see the rules), looks only in
//! the sticky's own bounded context and swimlane, and only at a neighbour that is "immediately"
//! beside it: overlapping on the other axis and no further than `max_gap` (board units, edge to
//! edge). The nearest candidate wins; ties go to the preferred side, then reading order.

use eventstorm_board::NoteKind;
use serde::Serialize;

use crate::graph::{Edge, Graph, Source};
use crate::layout::{Layout, Sticky};
use crate::model::Relation;

/// The spatial rules, in the order they run. Later rules see the links earlier ones made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InferenceRule {
    /// A command with no target targets the aggregate or external system just right of it.
    TargetRightOfCommand,
    /// An event with no producer is produced by the aggregate or external system just left
    /// of it, or else just above it.
    ProducerLeftOfOrAboveEvent,
    /// A policy that handles no event handles the event just left of it.
    EventLeftOfPolicy,
    /// A policy that issues no command issues the command just right of it.
    CommandRightOfPolicy,
    /// A command nobody issues is issued by the actor or screen just left of it, or else just
    /// above it.
    IssuerLeftOfOrAboveCommand,
    /// A read model is also fed by the event just left of it, or else just above it, even
    /// when connectors feed it from elsewhere (a read model usually has several sources).
    EventLeftOfOrAboveReadModel,
    /// A command with no event drawn from it emits the events its target produces (the row
    /// command -> aggregate -> event), else the event just right of its target; failure events
    /// stacked just below those are its failure outcomes.
    EventsOfTargetForCommand,
}

impl InferenceRule {
    pub const ALL: [InferenceRule; 7] = [
        InferenceRule::TargetRightOfCommand,
        InferenceRule::ProducerLeftOfOrAboveEvent,
        InferenceRule::EventLeftOfPolicy,
        InferenceRule::CommandRightOfPolicy,
        InferenceRule::IssuerLeftOfOrAboveCommand,
        InferenceRule::EventLeftOfOrAboveReadModel,
        InferenceRule::EventsOfTargetForCommand,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InferenceRule::TargetRightOfCommand => "target_right_of_command",
            InferenceRule::ProducerLeftOfOrAboveEvent => "producer_left_of_or_above_event",
            InferenceRule::EventLeftOfPolicy => "event_left_of_policy",
            InferenceRule::CommandRightOfPolicy => "command_right_of_policy",
            InferenceRule::IssuerLeftOfOrAboveCommand => "issuer_left_of_or_above_command",
            InferenceRule::EventLeftOfOrAboveReadModel => "event_left_of_or_above_read_model",
            InferenceRule::EventsOfTargetForCommand => "events_of_target_for_command",
        }
    }

    /// One sentence for documents.
    pub fn explanation(self) -> &'static str {
        match self {
            InferenceRule::TargetRightOfCommand => {
                "no connector gives the command a target; the aggregate or external system just right of it is taken"
            }
            InferenceRule::ProducerLeftOfOrAboveEvent => {
                "no connector gives the event a producer; the aggregate or external system just left of (or above) it is taken"
            }
            InferenceRule::EventLeftOfPolicy => {
                "no connector gives the policy an event; the event just left of it is taken"
            }
            InferenceRule::CommandRightOfPolicy => {
                "no connector gives the policy a command; the command just right of it is taken"
            }
            InferenceRule::IssuerLeftOfOrAboveCommand => {
                "no connector says who issues the command; the actor or screen just left of (or above) it is taken"
            }
            InferenceRule::EventLeftOfOrAboveReadModel => {
                "the event just left of (or above) the read model feeds it"
            }
            InferenceRule::EventsOfTargetForCommand => {
                "no event is drawn from the command; the events its aggregate produces in the row (and failure events stacked below them) are taken"
            }
        }
    }
}

/// Where a candidate sits relative to the sticky a rule is looking from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
    Above,
    Below,
}

pub struct Inference<'l, 'b> {
    pub layout: &'l Layout<'b>,
    pub max_gap: f64,
}

impl Inference<'_, '_> {
    /// The first rule: it must run before producers are derived from commands drawn to events.
    pub fn command_targets(&self, graph: &mut Graph) {
        self.fill(
            graph,
            InferenceRule::TargetRightOfCommand,
            NoteKind::Command,
            Relation::Targets,
            Direction::Outgoing,
            &[NoteKind::Aggregate, NoteKind::ExternalSystem],
            &[Side::Right],
        );
    }

    /// The remaining rules, in order.
    pub fn the_rest(&self, graph: &mut Graph) {
        let flow = [
            (
                InferenceRule::ProducerLeftOfOrAboveEvent,
                NoteKind::Event,
                Relation::Produces,
                Direction::Incoming,
                &[NoteKind::Aggregate, NoteKind::ExternalSystem][..],
                &[Side::Left, Side::Above][..],
            ),
            (
                InferenceRule::EventLeftOfPolicy,
                NoteKind::Policy,
                Relation::Activates,
                Direction::Incoming,
                &[NoteKind::Event][..],
                &[Side::Left][..],
            ),
            (
                InferenceRule::CommandRightOfPolicy,
                NoteKind::Policy,
                Relation::Issues,
                Direction::Outgoing,
                &[NoteKind::Command][..],
                &[Side::Right][..],
            ),
            (
                InferenceRule::IssuerLeftOfOrAboveCommand,
                NoteKind::Command,
                Relation::Issues,
                Direction::Incoming,
                &[NoteKind::Actor, NoteKind::Ui][..],
                &[Side::Left, Side::Above][..],
            ),
            (
                InferenceRule::EventLeftOfOrAboveReadModel,
                NoteKind::ReadModel,
                Relation::Feeds,
                Direction::Incoming,
                &[NoteKind::Event][..],
                &[Side::Left, Side::Above][..],
            ),
        ];
        for (rule, subject, relation, direction, kinds, sides) in flow {
            self.fill(graph, rule, subject, relation, direction, kinds, sides);
        }
        self.command_results(graph);
    }

    /// [`InferenceRule::EventsOfTargetForCommand`], card by card.
    fn command_results(&self, graph: &mut Graph) {
        let rule = InferenceRule::EventsOfTargetForCommand;
        let commands: Vec<usize> = self.layout.cards_of(NoteKind::Command).collect();
        for c in commands {
            if graph.has_targets(c, Relation::ResultsIn) {
                continue;
            }
            // A row lies within one area: a target in another context is no row.
            let command = self.layout.sticky(c);
            let targets: Vec<usize> = graph
                .targets(c, Relation::Targets)
                .filter(|&t| {
                    let target = self.layout.sticky(t);
                    target.kind() == NoteKind::Aggregate && target.same_area(command)
                })
                .collect();
            for t in targets {
                let mut events: Vec<usize> = graph.targets(t, Relation::Produces).collect();
                if events.is_empty() {
                    events.extend(self.nearest(t, &[NoteKind::Event], &[Side::Right]));
                }
                let mut failures = Vec::new();
                for &e in &events {
                    let mut above = e;
                    while let Some(f) = self.nearest(above, &[NoteKind::Event], &[Side::Below]) {
                        if !self.layout.sticky(f).note.details.contract.failure
                            || failures.contains(&f)
                        {
                            break;
                        }
                        failures.push(f);
                        above = f;
                    }
                }
                for &f in &failures {
                    if !graph.has_sources(f, Relation::Produces) {
                        graph.add(Edge {
                            relation: Relation::Produces,
                            from: t,
                            to: f,
                            source: Source::Inferred(rule),
                        });
                    }
                }
                for e in events.into_iter().chain(failures) {
                    graph.add_if_new(Edge {
                        relation: Relation::ResultsIn,
                        from: c,
                        to: e,
                        source: Source::Inferred(rule),
                    });
                }
            }
        }
    }

    /// For every sticky of `subject` kind lacking a `relation` edge in `direction`, links it to
    /// the nearest candidate of `kinds` on one of `sides`.
    #[allow(clippy::too_many_arguments)]
    fn fill(
        &self,
        graph: &mut Graph,
        rule: InferenceRule,
        subject: NoteKind,
        relation: Relation,
        direction: Direction,
        kinds: &[NoteKind],
        sides: &[Side],
    ) {
        let subjects: Vec<usize> = self.layout.cards_of(subject).collect();
        for s in subjects {
            // A command that is issued counts as issued whoever issues it (a policy included).
            // A read model is fed by many events: its neighbour counts even when connectors
            // feed it from elsewhere.
            let additive = relation == Relation::Feeds;
            let has = match direction {
                Direction::Outgoing => graph.has_targets(s, relation),
                Direction::Incoming => graph.has_sources(s, relation),
            };
            if has && !additive {
                continue;
            }
            let Some(c) = self.nearest(s, kinds, sides) else {
                continue;
            };
            let (from, to) = match direction {
                Direction::Outgoing => (s, c),
                Direction::Incoming => (c, s),
            };
            graph.add_if_new(Edge {
                relation,
                from,
                to,
                source: Source::Inferred(rule),
            });
        }
    }

    fn nearest(&self, subject: usize, kinds: &[NoteKind], sides: &[Side]) -> Option<usize> {
        let s = self.layout.sticky(subject);
        let mut best: Option<(f64, usize, usize)> = None;
        for (i, c) in self.layout.stickies.iter().enumerate() {
            if i == subject || !kinds.contains(&c.kind()) || !s.same_area(c) {
                continue;
            }
            for (side_rank, side) in sides.iter().enumerate() {
                let Some(gap) = gap(s, c, *side) else {
                    continue;
                };
                // A NaN `max_gap` compares as neither: it admits nothing rather than everything.
                let within = matches!(
                    gap.partial_cmp(&self.max_gap),
                    Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
                );
                if !within {
                    continue;
                }
                let key = (gap, side_rank, i);
                let better = match best {
                    None => true,
                    Some(b) => key
                        .0
                        .total_cmp(&b.0)
                        .then((key.1, key.2).cmp(&(b.1, b.2)))
                        .is_lt(),
                };
                if better {
                    best = Some(key);
                }
            }
        }
        best.map(|(_, _, i)| i)
    }
}

#[derive(Clone, Copy)]
enum Direction {
    /// The subject is the edge's `from`.
    Outgoing,
    /// The subject is the edge's `to`.
    Incoming,
}

/// The edge-to-edge distance from `s` to `c` when `c` lies on `side` of `s` (its centre on that
/// side and the two overlapping on the other axis); `None` when it does not.
fn gap(s: &Sticky<'_>, c: &Sticky<'_>, side: Side) -> Option<f64> {
    let (a, b) = (s.note, c.note);
    let (sx, sy) = s.centre();
    let (cx, cy) = c.centre();
    let rows_overlap = b.y < a.y + a.h && b.y + b.h > a.y;
    let columns_overlap = b.x < a.x + a.w && b.x + b.w > a.x;
    match side {
        Side::Left if cx < sx && rows_overlap => Some((a.x - (b.x + b.w)).max(0.0)),
        Side::Right if cx > sx && rows_overlap => Some((b.x - (a.x + a.w)).max(0.0)),
        Side::Above if cy < sy && columns_overlap => Some((a.y - (b.y + b.h)).max(0.0)),
        Side::Below if cy > sy && columns_overlap => Some((b.y - (a.y + a.h)).max(0.0)),
        _ => None,
    }
}

/// The distance between two stickies' boxes (0 when they overlap), for placing a hotspot next
/// to what it is about.
pub fn box_distance(s: &Sticky<'_>, c: &Sticky<'_>) -> f64 {
    let (a, b) = (s.note, c.note);
    let dx = (b.x - (a.x + a.w)).max(a.x - (b.x + b.w)).max(0.0);
    let dy = (b.y - (a.y + a.h)).max(a.y - (b.y + b.h)).max(0.0);
    dx.hypot(dy)
}
