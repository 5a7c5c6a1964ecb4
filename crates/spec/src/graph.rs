//! The model graph while it is being built: edges between stickies (by rank in reading order),
//! each remembering whether a connector, a spatial rule or a command drawn to an event put it
//! there.

use std::collections::{BTreeMap, BTreeSet};

use eventstorm_board::{Board, ElementId};

use crate::grammar;
use crate::infer::InferenceRule;
use crate::layout::Layout;
use crate::model::{Link, Relation};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Connector(ElementId),
    Inferred(InferenceRule),
    /// A `produces` edge that follows from this command (by rank) being drawn to the event.
    ViaCommand(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub relation: Relation,
    pub from: usize,
    pub to: usize,
    pub source: Source,
}

#[derive(Default)]
pub struct Graph {
    edges: Vec<Edge>,
    outgoing: BTreeMap<(usize, Relation), BTreeSet<usize>>,
    incoming: BTreeMap<(usize, Relation), BTreeSet<usize>>,
    /// (from, relation, to) -> only spatial rules join them.
    only_inferred: BTreeMap<(usize, Relation, usize), bool>,
}

impl Graph {
    /// The edges the board's connectors draw. Connectors that do not fit the grammar add
    /// nothing (the review reports them).
    pub fn from_connectors(board: &Board, layout: &Layout<'_>) -> Self {
        let mut graph = Graph::default();
        for c in board.connectors() {
            let (Some(&from), Some(&to)) = (layout.by_id.get(&c.from), layout.by_id.get(&c.to))
            else {
                continue;
            };
            let (fk, tk) = (layout.sticky(from).kind(), layout.sticky(to).kind());
            if let Some(relation) = grammar::relation(fk, tk) {
                graph.add(Edge {
                    relation,
                    from,
                    to,
                    source: Source::Connector(c.id),
                });
            }
        }
        graph
    }

    pub fn add(&mut self, edge: Edge) {
        let inferred = matches!(edge.source, Source::Inferred(_));
        *self
            .only_inferred
            .entry((edge.from, edge.relation, edge.to))
            .or_insert(true) &= inferred;
        self.outgoing
            .entry((edge.from, edge.relation))
            .or_default()
            .insert(edge.to);
        self.incoming
            .entry((edge.to, edge.relation))
            .or_default()
            .insert(edge.from);
        self.edges.push(edge);
    }

    /// Adds an edge unless the same relation already joins the two stickies.
    pub fn add_if_new(&mut self, edge: Edge) {
        if !self.targets(edge.from, edge.relation).any(|t| t == edge.to) {
            self.add(edge);
        }
    }

    /// Where `from`'s edges of `relation` lead, in reading order.
    pub fn targets(&self, from: usize, relation: Relation) -> impl Iterator<Item = usize> + '_ {
        ends(&self.outgoing, from, relation)
    }

    /// Where `to`'s edges of `relation` come from, in reading order.
    pub fn sources(&self, to: usize, relation: Relation) -> impl Iterator<Item = usize> + '_ {
        ends(&self.incoming, to, relation)
    }

    /// Only spatial rules (no connector, no command drawn to an event) join `from` to `to`.
    pub fn is_inferred(&self, from: usize, relation: Relation, to: usize) -> bool {
        self.only_inferred
            .get(&(from, relation, to))
            .copied()
            .unwrap_or(false)
    }

    pub fn has_targets(&self, from: usize, relation: Relation) -> bool {
        self.targets(from, relation).next().is_some()
    }

    pub fn has_sources(&self, to: usize, relation: Relation) -> bool {
        self.sources(to, relation).next().is_some()
    }

    /// A command drawn straight to an event means the command's target produces the event.
    pub fn derive_producers_via_commands(&mut self) {
        let results: Vec<Edge> = self
            .edges
            .iter()
            .filter(|e| e.relation == Relation::ResultsIn)
            .copied()
            .collect();
        for r in results {
            let targets: Vec<usize> = self.targets(r.from, Relation::Targets).collect();
            for target in targets {
                self.add_if_new(Edge {
                    relation: Relation::Produces,
                    from: target,
                    to: r.to,
                    source: Source::ViaCommand(r.from),
                });
            }
        }
    }

    /// Every edge as a model link, sorted by relation, then the ends in reading order, then the
    /// source, so the list does not depend on the order connectors were drawn.
    /// Cards of one element that repeat the same link give one link.
    pub fn links(&self, layout: &Layout<'_>) -> Vec<Link> {
        let mut edges = self.edges.clone();
        edges.sort();
        let mut links: Vec<Link> = edges
            .iter()
            .map(|e| Link {
                relation: e.relation,
                from: layout.reference(e.from),
                to: layout.reference(e.to),
                connector: match e.source {
                    Source::Connector(id) => Some(id.to_string()),
                    _ => None,
                },
                inferred: match e.source {
                    Source::Inferred(rule) => Some(rule.as_str().to_owned()),
                    _ => None,
                },
                via_command: match e.source {
                    Source::ViaCommand(rank) => Some(layout.reference(rank).id),
                    _ => None,
                },
            })
            .collect();
        let mut seen = BTreeSet::new();
        links.retain(|l| {
            let key = (
                l.relation,
                l.from.id.clone(),
                l.to.id.clone(),
                l.connector.clone(),
                l.inferred.clone(),
                l.via_command.clone(),
            );
            seen.insert(key)
        });
        links
    }
}

/// The other ends of `at`'s edges of `relation` in one direction's index, in reading order.
fn ends(
    index: &BTreeMap<(usize, Relation), BTreeSet<usize>>,
    at: usize,
    relation: Relation,
) -> impl Iterator<Item = usize> + '_ {
    index.get(&(at, relation)).into_iter().flatten().copied()
}
