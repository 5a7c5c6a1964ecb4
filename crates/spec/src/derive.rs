//! From a board to a [`Model`]: connectors first, then the spatial rules for what connectors
//! leave open, then one model element per sticky.

use eventstorm_board::{Board, NoteKind};

use crate::grammar::is_annotation;
use crate::graph::Graph;
use crate::infer::{Inference, box_distance};
use crate::layout::Layout;
use crate::model::{
    Actor, Aggregate, CommandSpec, DomainEvent, ExternalSystem, Handler, Model, ReadModel, Ref,
    Relation, Remark, Screen,
};

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

fn build(layout: &Layout<'_>, graph: &Graph, max_gap: f64) -> Model {
    let refs = |ranks: &mut dyn Iterator<Item = usize>| -> Vec<Ref> {
        ranks.map(|r| layout.reference(r)).collect()
    };
    let mut model = Model {
        bounded_contexts: layout.contexts.clone(),
        swimlanes: layout.swimlanes.clone(),
        ..Model::default()
    };
    for (i, r) in layout.ranks_of(NoteKind::Event).enumerate() {
        let details = &layout.sticky(r).note.details;
        model.events.push(DomainEvent {
            common: layout.common(r),
            order: i + 1,
            pivotal: details.pivotal,
            fields: details.fields.clone(),
            producers: refs(&mut graph.sources(r, Relation::Produces)),
            caused_by: refs(&mut graph.sources(r, Relation::ResultsIn)),
            handlers: refs(&mut graph.targets(r, Relation::Activates)),
            read_models: refs(&mut graph.targets(r, Relation::Feeds)),
        });
    }
    for r in layout.ranks_of(NoteKind::Command) {
        model.commands.push(CommandSpec {
            common: layout.common(r),
            fields: layout.sticky(r).note.details.fields.clone(),
            issuers: refs(&mut graph.sources(r, Relation::Issues)),
            targets: refs(&mut graph.targets(r, Relation::Targets)),
            results_in: refs(&mut graph.targets(r, Relation::ResultsIn)),
        });
    }
    for r in layout.ranks_of(NoteKind::Aggregate) {
        model.aggregates.push(Aggregate {
            common: layout.common(r),
            handles_commands: refs(&mut graph.sources(r, Relation::Targets)),
            produces: refs(&mut graph.targets(r, Relation::Produces)),
        });
    }
    for r in layout.ranks_of(NoteKind::Policy) {
        let details = &layout.sticky(r).note.details;
        model.handlers.push(Handler {
            common: layout.common(r),
            handles: refs(&mut graph.sources(r, Relation::Activates)),
            issues: refs(&mut graph.targets(r, Relation::Issues)),
            idempotent: details.idempotent,
            retry: details.retry.clone(),
            dead_letter: details
                .dead_letter
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned),
        });
    }
    for r in layout.ranks_of(NoteKind::ReadModel) {
        model.read_models.push(ReadModel {
            common: layout.common(r),
            fields: layout.sticky(r).note.details.fields.clone(),
            fed_by: refs(&mut graph.sources(r, Relation::Feeds)),
            observed_by: refs(&mut graph.targets(r, Relation::ObservedBy)),
        });
    }
    for r in layout.ranks_of(NoteKind::ExternalSystem) {
        model.external_systems.push(ExternalSystem {
            common: layout.common(r),
            handles_commands: refs(&mut graph.sources(r, Relation::Targets)),
            produces: refs(&mut graph.targets(r, Relation::Produces)),
        });
    }
    for r in layout.ranks_of(NoteKind::Actor) {
        model.actors.push(Actor {
            common: layout.common(r),
            issues: refs(&mut graph.targets(r, Relation::Issues)),
            observes: refs(&mut graph.sources(r, Relation::ObservedBy)),
            uses: refs(&mut graph.targets(r, Relation::Uses)),
        });
    }
    for r in layout.ranks_of(NoteKind::Ui) {
        model.screens.push(Screen {
            common: layout.common(r),
            issues: refs(&mut graph.targets(r, Relation::Issues)),
            shows: refs(&mut graph.sources(r, Relation::ObservedBy)),
        });
    }
    model.hotspots = remarks(layout, graph, NoteKind::Hotspot, max_gap);
    model.opportunities = remarks(layout, graph, NoteKind::Opportunity, max_gap);
    model.links = graph.links(layout);
    model
}

/// Hotspots or opportunities, each with what connectors tie it to and the nearest element of
/// the model in its area, so a reader can find the question on the wall.
fn remarks(layout: &Layout<'_>, graph: &Graph, kind: NoteKind, max_gap: f64) -> Vec<Remark> {
    layout
        .ranks_of(kind)
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
