//! From a board to a [`Model`]: connectors first, then the spatial rules for what connectors
//! leave open, then one model element per sticky.

use std::collections::BTreeMap;

use eventstorm_board::{Board, NoteKind, PayloadField};

use crate::grammar::is_annotation;
use crate::graph::Graph;
use crate::infer::{Inference, box_distance};
use crate::layout::Layout;
use crate::model::{
    Actor, Aggregate, CommandSpec, DomainEvent, ElementKind, ExternalSystem, Handler, Model,
    ReadModel, Ref, Relation, Remark, Screen, Trigger,
};
use crate::names::camel_case;
use crate::scenarios::Names;

/// How the model is derived.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelOptions {
    /// Fill links that connectors leave open from the layout (see [`crate::InferenceRule`]).
    pub infer_links: bool,
    /// How far apart (board units, edge to edge) two stickies may be and still count as
    /// "immediately" next to each other. A default sticky is 140 wide.
    pub max_gap: f64,
}

impl Default for ModelOptions {
    fn default() -> Self {
        Self {
            infer_links: true,
            max_gap: 200.0,
        }
    }
}

/// Derives the domain model of a board. Pure and deterministic: it depends on the board's
/// content, not on the order the stickies were added.
pub fn derive_model(board: &Board, options: &ModelOptions) -> Model {
    let layout = Layout::new(board);
    let mut graph = Graph::from_connectors(board, &layout);
    let inference = Inference {
        layout: &layout,
        max_gap: options.max_gap,
    };
    if options.infer_links {
        inference.command_targets(&mut graph);
    }
    graph.derive_producers_via_commands();
    if options.infer_links {
        inference.the_rest(&mut graph);
    }
    build(&layout, &graph, options.max_gap)
}

/// The element's links of `relation`, over all its cards, as references in reading order.
/// A reference is `inferred` when only spatial rules join any of the cards.
struct Linker<'a, 'b> {
    layout: &'a Layout<'b>,
    graph: &'a Graph,
}

impl Linker<'_, '_> {
    fn targets(&self, element: usize, relation: Relation) -> Vec<Ref> {
        self.ranked(element, relation, true)
            .into_iter()
            .map(|(_, r)| r)
            .collect()
    }

    fn sources(&self, element: usize, relation: Relation) -> Vec<Ref> {
        self.ranked(element, relation, false)
            .into_iter()
            .map(|(_, r)| r)
            .collect()
    }

    /// Each linked element as (its representative's rank, reference).
    fn ranked(&self, element: usize, relation: Relation, outgoing: bool) -> Vec<(usize, Ref)> {
        // Other element (by representative) -> (first card rank seen, only inferred).
        let mut found: BTreeMap<usize, (usize, bool)> = BTreeMap::new();
        for &card in self.layout.cards(element) {
            let others: Vec<usize> = if outgoing {
                self.graph.targets(card, relation).collect()
            } else {
                self.graph.sources(card, relation).collect()
            };
            for other in others {
                let inferred = if outgoing {
                    self.graph.is_inferred(card, relation, other)
                } else {
                    self.graph.is_inferred(other, relation, card)
                };
                let entry = found
                    .entry(self.layout.sticky(other).element)
                    .or_insert((other, true));
                entry.0 = entry.0.min(other);
                entry.1 &= inferred;
            }
        }
        let mut refs: Vec<(usize, usize, Ref)> = found
            .into_iter()
            .map(|(rep, (first, inferred))| {
                let mut r = self.layout.reference(first);
                r.inferred = inferred;
                (first, rep, r)
            })
            .collect();
        refs.sort_by_key(|(first, _, _)| *first);
        refs.into_iter().map(|(_, rep, r)| (rep, r)).collect()
    }
}

fn build(layout: &Layout<'_>, graph: &Graph, max_gap: f64) -> Model {
    let links = Linker { layout, graph };
    let mut model = Model {
        bounded_contexts: layout.contexts.clone(),
        swimlanes: layout.swimlanes.clone(),
        ..Model::default()
    };
    for (i, r) in layout.elements_of(NoteKind::Event).enumerate() {
        let details = &layout.sticky(r).note.details;
        model.events.push(DomainEvent {
            common: layout.common(r),
            order: i + 1,
            address: layout.sticky(r).address.clone().unwrap_or_default(),
            pivotal: details.pivotal,
            failure: details.contract.failure,
            fields: details.fields.clone(),
            producers: links.sources(r, Relation::Produces),
            caused_by: links.sources(r, Relation::ResultsIn),
            handlers: links.targets(r, Relation::Activates),
            read_models: links.targets(r, Relation::Feeds),
        });
    }
    for r in layout.elements_of(NoteKind::Command) {
        let fields = layout.sticky(r).note.details.fields.clone();
        let targets = links.ranked(r, Relation::Targets, true);
        let (failures, successes): (Vec<_>, Vec<_>) = links
            .ranked(r, Relation::ResultsIn, true)
            .into_iter()
            .partition(|(e, _)| layout.sticky(*e).note.details.contract.failure);
        let refs = |v: Vec<(usize, Ref)>| v.into_iter().map(|(_, r)| r).collect::<Vec<_>>();
        model.commands.push(CommandSpec {
            common: layout.common(r),
            identity_field: identity_field(layout, &targets, &fields),
            fields,
            issuers: links.sources(r, Relation::Issues),
            targets: refs(targets),
            address: layout.sticky(r).address.clone().unwrap_or_default(),
            results_in: refs(successes),
            fails_with: refs(failures),
            scenarios: Vec::new(),
        });
    }
    for r in layout.elements_of(NoteKind::Aggregate) {
        model.aggregates.push(Aggregate {
            common: layout.common(r),
            handles_commands: links.sources(r, Relation::Targets),
            produces: links.targets(r, Relation::Produces),
        });
    }
    for r in layout.elements_of(NoteKind::Policy) {
        let details = &layout.sticky(r).note.details;
        let schedule = details.contract.schedule.clone();
        model.handlers.push(Handler {
            common: layout.common(r),
            trigger: if schedule.is_some() {
                Trigger::Schedule
            } else {
                Trigger::Event
            },
            schedule,
            handles: links.sources(r, Relation::Activates),
            issues: links.targets(r, Relation::Issues),
            idempotent: details.idempotent,
            idempotency_key: details.contract.idempotency_key.clone(),
            retry: details.retry.clone(),
            dead_letter: details
                .dead_letter
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned),
            scenarios: Vec::new(),
        });
    }
    for r in layout.elements_of(NoteKind::ReadModel) {
        model.read_models.push(ReadModel {
            common: layout.common(r),
            fields: layout.sticky(r).note.details.fields.clone(),
            fed_by: links.sources(r, Relation::Feeds),
            observed_by: links.targets(r, Relation::ObservedBy),
        });
    }
    for r in layout.elements_of(NoteKind::ExternalSystem) {
        model.external_systems.push(ExternalSystem {
            common: layout.common(r),
            handles_commands: links.sources(r, Relation::Targets),
            produces: links.targets(r, Relation::Produces),
        });
    }
    for r in layout.elements_of(NoteKind::Actor) {
        model.actors.push(Actor {
            common: layout.common(r),
            issues: links.targets(r, Relation::Issues),
            observes: links.sources(r, Relation::ObservedBy),
            uses: links.targets(r, Relation::Uses),
        });
    }
    for r in layout.elements_of(NoteKind::Ui) {
        model.screens.push(Screen {
            common: layout.common(r),
            issues: links.targets(r, Relation::Issues),
            shows: links.sources(r, Relation::ObservedBy),
        });
    }
    resolve_scenarios(layout, &mut model);
    model.hotspots = remarks(layout, graph, NoteKind::Hotspot, max_gap);
    model.opportunities = remarks(layout, graph, NoteKind::Opportunity, max_gap);
    model.links = graph.links(layout);
    model
}

/// Resolves the scenarios of commands and policies once every event and command is known.
fn resolve_scenarios(layout: &Layout<'_>, model: &mut Model) {
    let (commands, handlers) = {
        let names = Names::new(model);
        let of = |rank: usize, context: Option<&str>| {
            names.scenarios(
                &layout.sticky(rank).note.details.contract.scenarios,
                context,
            )
        };
        let commands: Vec<_> = layout
            .elements_of(NoteKind::Command)
            .zip(&model.commands)
            .map(|(r, c)| of(r, c.common.bounded_context.as_deref()))
            .collect();
        let handlers: Vec<_> = layout
            .elements_of(NoteKind::Policy)
            .zip(&model.handlers)
            .map(|(r, h)| of(r, h.common.bounded_context.as_deref()))
            .collect();
        (commands, handlers)
    };
    for (c, s) in model.commands.iter_mut().zip(commands) {
        c.scenarios = s;
    }
    for (h, s) in model.handlers.iter_mut().zip(handlers) {
        h.scenarios = s;
    }
}

/// The command field naming its target aggregate: `loanId` for `Loan`, else the only field
/// ending in `Id`.
fn identity_field(
    layout: &Layout<'_>,
    targets: &[(usize, Ref)],
    fields: &[PayloadField],
) -> Option<String> {
    let (aggregate, _) = targets
        .iter()
        .find(|(_, t)| t.kind == ElementKind::Aggregate)?;
    let code = &layout.sticky(*aggregate).code_name;
    let wanted = format!("{}Id", camel_case(code));
    if let Some(f) = fields.iter().find(|f| f.name == wanted) {
        return Some(f.name.clone());
    }
    let mut ids = fields.iter().filter(|f| f.name.ends_with("Id"));
    match (ids.next(), ids.next()) {
        (Some(only), None) => Some(only.name.clone()),
        _ => None,
    }
}

/// Hotspots or opportunities, each with what connectors tie it to and the nearest element of
/// the model in its area, so a reader can find the question on the wall.
fn remarks(layout: &Layout<'_>, graph: &Graph, kind: NoteKind, max_gap: f64) -> Vec<Remark> {
    layout
        .cards_of(kind)
        .map(|r| {
            let s = layout.sticky(r);
            let mut about: Vec<usize> = graph
                .sources(r, Relation::Annotates)
                .chain(graph.targets(r, Relation::Annotates))
                .collect();
            about.sort_unstable();
            about.dedup();
            let near = layout
                .stickies
                .iter()
                .enumerate()
                .filter(|(i, c)| *i != r && !is_annotation(c.kind()) && s.same_area(c))
                .map(|(i, c)| (box_distance(s, c), i))
                .filter(|(d, _)| *d <= max_gap)
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
                .map(|(_, i)| layout.reference(i));
            Remark {
                id: s.note.id.to_string(),
                text: s.note.text.clone(),
                bounded_context: s.context.map(|f| f.id.to_string()),
                swimlane: s.swimlane.map(|f| f.id.to_string()),
                x: s.note.x,
                y: s.note.y,
                about: about.into_iter().map(|i| layout.reference(i)).collect(),
                near,
            }
        })
        .collect()
}
