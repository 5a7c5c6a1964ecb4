//! The overview diagrams and the timeline: the context map, and per bounded context the events
//! by swimlane and a Mermaid flow of what happens in it.

use std::collections::BTreeMap;

use super::Doc;
use super::text::{name, table};

/// Which context depends on which, as a Mermaid flowchart: an arrow from upstream to
/// downstream, labelled with the messages crossing.
pub fn context_map(doc: &Doc<'_>, out: &mut String) {
    let m = doc.model;
    if m.bounded_contexts.is_empty() {
        return;
    }
    out.push_str("## Context map\n\n");
    let relations = crate::context_map::context_map(m);
    if relations.is_empty() {
        out.push_str("No link crosses a bounded context.\n\n");
        return;
    }
    out.push_str(
        "Upstream contexts point at the contexts that depend on their events and commands.\n\n",
    );
    out.push_str("```mermaid\nflowchart LR\n");
    let node = |id: &str| {
        let c = m.context(Some(id));
        let code = c.map_or("Unknown", |c| c.code_name.as_str());
        let label = c.map_or("", |c| c.name.as_str());
        format!("{code}[\"{}\"]", mermaid(label))
    };
    for r in relations {
        let messages: Vec<String> = r.messages.iter().map(|x| mermaid(&x.name)).collect();
        out.push_str(&format!(
            "  {} -->|\"{}\"| {}\n",
            node(&r.upstream),
            messages.join(", "),
            node(&r.downstream)
        ));
    }
    out.push_str("```\n\n");
}

/// Sticky text inside a quoted Mermaid label: one line, quotes, angle brackets, brackets and
/// parentheses as Mermaid's entity codes, so no text can end the label, become markup, or read
/// as a Markdown link to whatever shows the document without rendering the diagram.
fn mermaid(text: &str) -> String {
    crate::names::collapse_whitespace(text)
        .replace('#', "#35;")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace('[', "#91;")
        .replace(']', "#93;")
        .replace('(', "#40;")
        .replace(')', "#41;")
}

/// The timeline per bounded context (in wall order, then what lies in none) and, within a
/// context, per swimlane: events left to right, then a Mermaid flow of the context.
pub fn timeline(doc: &Doc<'_>, out: &mut String) {
    out.push_str("## Timeline\n\n");
    let m = doc.model;
    if m.events.is_empty() {
        out.push_str("No domain events yet.\n\n");
        return;
    }
    out.push_str(
        "Domain events per bounded context and swimlane, left to right (⭐ marks a pivotal event; # is the event's place on the whole board).\n\n",
    );
    let mut areas: Vec<(Option<&str>, String)> = m
        .bounded_contexts
        .iter()
        .map(|c| (Some(c.id.as_str()), name(&c.name)))
        .collect();
    areas.push((None, "Outside any bounded context".to_owned()));
    let mut lanes: Vec<Option<&str>> = vec![None];
    lanes.extend(m.swimlanes.iter().map(|l| Some(l.id.as_str())));
    for (context, heading) in areas {
        let in_context: Vec<_> = m
            .events
            .iter()
            .filter(|e| e.common.bounded_context.as_deref() == context)
            .collect();
        if in_context.is_empty() {
            continue;
        }
        out.push_str(&format!("### {heading}\n\n"));
        for lane in &lanes {
            let events: Vec<_> = in_context
                .iter()
                .filter(|e| e.common.swimlane.as_deref() == *lane)
                .collect();
            if events.is_empty() {
                continue;
            }
            if let Some(lane) = lane {
                let lane_name = m
                    .swimlanes
                    .iter()
                    .find(|l| l.id == *lane)
                    .map_or("", |l| l.name.as_str());
                out.push_str(&format!("Swimlane {}:\n\n", name(lane_name)));
            }
            let rows: Vec<Vec<String>> = events
                .iter()
                .map(|e| {
                    let star = if e.pivotal { " ⭐" } else { "" };
                    vec![
                        e.order.to_string(),
                        format!("{}{star}", name(&e.common.name)),
                        doc.refs(&e.producers),
                        doc.refs(&e.handlers),
                        doc.refs(&e.read_models),
                    ]
                })
                .collect();
            table(
                out,
                &["#", "Event", "Produced by", "Handled by", "Read models"],
                &rows,
            );
        }
        flow(doc, context, out);
    }
}

/// The flow inside one bounded context as a Mermaid flowchart: commands, aggregates, events,
/// policies and read models joined by the model's links.
fn flow(doc: &Doc<'_>, context: Option<&str>, out: &mut String) {
    use crate::model::Relation;
    let m = doc.model;
    let mut nodes: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut edges: Vec<String> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let context_of = |id: &str| -> Option<Option<&str>> { doc.element_contexts.get(id).copied() };
    for link in &m.links {
        if !matches!(
            link.relation,
            Relation::Issues
                | Relation::Targets
                | Relation::Produces
                | Relation::ResultsIn
                | Relation::Activates
                | Relation::Feeds
        ) {
            continue;
        }
        if context_of(&link.from.id) != Some(context) || context_of(&link.to.id) != Some(context) {
            continue;
        }
        let mut id = |r: &crate::model::Ref| -> String {
            let next = nodes.len();
            let shape = |label: String| match r.kind {
                crate::model::ElementKind::Event => format!("([\"{label}\"])"),
                crate::model::ElementKind::Policy => format!("{{\"{label}\"}}"),
                crate::model::ElementKind::Aggregate => format!("[[\"{label}\"]]"),
                _ => format!("[\"{label}\"]"),
            };
            let (n, _) = nodes
                .entry(r.id.clone())
                .or_insert_with(|| (next, shape(mermaid(&r.name))));
            format!("n{n}")
        };
        let (from, to) = (id(&link.from), id(&link.to));
        let edge = format!("  {from} --> {to}\n");
        if seen.insert(edge.clone()) {
            edges.push(edge);
        }
    }
    if edges.is_empty() {
        return;
    }
    let mut declared: Vec<&(usize, String)> = nodes.values().collect();
    declared.sort();
    out.push_str("```mermaid\nflowchart LR\n");
    for (n, shape) in declared {
        out.push_str(&format!("  n{n}{shape}\n"));
    }
    for e in edges {
        out.push_str(&e);
    }
    out.push_str("```\n\n");
}
