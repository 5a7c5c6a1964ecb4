//! The Markdown design document: what a team reads after the workshop. Overview first (counts,
//! bounded contexts, the timeline), then the specifications (events, handlers, commands, read
//! models), then what is still open (hotspots, review findings, inferred links).

mod elements;
mod open;
pub(crate) mod text;
mod timeline;

use std::collections::BTreeMap;

use crate::model::{Common, Model, Ref};
use crate::spec::{FORMAT_VERSION, Spec};
use text::{inline, list, name, table};

/// Lookups the sections share.
pub(crate) struct Doc<'s> {
    pub model: &'s Model,
    contexts: BTreeMap<&'s str, &'s str>,
    /// Element id -> its bounded context id.
    element_contexts: BTreeMap<&'s str, Option<&'s str>>,
    /// Bounded context id -> the path of its picture beside the document (the archive only).
    pictures: BTreeMap<String, String>,
}

impl<'s> Doc<'s> {
    fn new(model: &'s Model) -> Self {
        let contexts = model
            .bounded_contexts
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str()))
            .collect();
        let element_contexts = model
            .commons()
            .map(|c| (c.id.as_str(), c.bounded_context.as_deref()))
            .collect();
        Doc {
            model,
            contexts,
            element_contexts,
            pictures: BTreeMap::new(),
        }
    }

    /// The name of a bounded context by id, or a dash.
    pub fn context(&self, id: Option<&str>) -> String {
        match id.and_then(|id| self.contexts.get(id)) {
            Some(n) => name(n),
            None => "—".to_owned(),
        }
    }

    /// The open questions (hotspots) about an element: joined to it by a connector, or sitting
    /// next to it.
    pub fn questions(&self, id: &str) -> Vec<String> {
        self.model
            .hotspots
            .iter()
            .filter(|h| {
                h.about.iter().any(|r| r.id == id) || h.near.as_ref().is_some_and(|r| r.id == id)
            })
            .map(|h| inline(&h.text))
            .collect()
    }

    /// Names, each marked "(inferred)" when only a layout rule links it.
    pub fn refs(&self, refs: &[Ref]) -> String {
        list(refs.iter().map(|r| {
            if r.inferred {
                format!("{} (inferred)", name(&r.name))
            } else {
                name(&r.name)
            }
        }))
    }
}

pub fn render(spec: &Spec) -> String {
    render_with_pictures(spec, BTreeMap::new())
}

/// The document with an image under each bounded context's heading: `pictures` maps a
/// context's id to the relative path of its picture.
pub fn render_with_pictures(spec: &Spec, pictures: BTreeMap<String, String>) -> String {
    let mut doc = Doc::new(&spec.model);
    doc.pictures = pictures;
    let mut out = String::new();
    let title = if spec.title.trim().is_empty() {
        "Untitled board".to_owned()
    } else {
        inline(&spec.title)
    };
    out.push_str(&format!("# {title}\n\n"));
    out.push_str(&format!(
        "Event and handler specifications exported by eventstorm ({FORMAT_VERSION}). Generated \
         from the board: change the board, not this file.\n\n"
    ));
    summary(spec, &mut out);
    contexts(&doc, &mut out);
    timeline::context_map(&doc, &mut out);
    timeline::timeline(&doc, &mut out);
    elements::events(&doc, &mut out);
    elements::handlers(&doc, &mut out);
    elements::commands(&doc, &mut out);
    elements::aggregates(&doc, &mut out);
    elements::read_models(&doc, &mut out);
    elements::actors(&doc, &mut out);
    open::hotspots(&doc, &mut out);
    open::findings(spec, &mut out);
    open::inferred_links(&doc, &mut out);
    // One trailing newline, whatever the last section ended with.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn summary(spec: &Spec, out: &mut String) {
    let s = spec.summary();
    out.push_str("## Summary\n\n");
    let rows: Vec<Vec<String>> = [
        ("Bounded contexts", s.bounded_contexts.to_string()),
        (
            "Events",
            format!("{} ({} pivotal)", s.events, s.pivotal_events),
        ),
        ("Commands", s.commands.to_string()),
        ("Aggregates", s.aggregates.to_string()),
        ("Policies (handlers)", s.handlers.to_string()),
        ("Read models", s.read_models.to_string()),
        ("External systems", s.external_systems.to_string()),
        ("Actors", s.actors.to_string()),
        ("Screens", s.screens.to_string()),
        ("Open hotspots", s.hotspots.to_string()),
        ("Opportunities", s.opportunities.to_string()),
        (
            "Review findings",
            format!(
                "{}, {}",
                plural(s.warnings, "warning", "warnings"),
                plural(s.infos, "info", "infos")
            ),
        ),
        ("Inferred links", s.inferred_links.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| vec![k.to_owned(), v])
    .collect();
    table(out, &["Element", "Count"], &rows);
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One section per bounded context listing what lives in it, then one for what lives in none.
fn contexts(doc: &Doc<'_>, out: &mut String) {
    out.push_str("## Bounded contexts\n\n");
    let m = doc.model;
    let groups: [(&str, Vec<&Common>); 7] = [
        ("Events", m.events.iter().map(|e| &e.common).collect()),
        ("Commands", m.commands.iter().map(|c| &c.common).collect()),
        (
            "Aggregates",
            m.aggregates.iter().map(|a| &a.common).collect(),
        ),
        ("Policies", m.handlers.iter().map(|h| &h.common).collect()),
        (
            "Read models",
            m.read_models.iter().map(|r| &r.common).collect(),
        ),
        (
            "External systems",
            m.external_systems.iter().map(|x| &x.common).collect(),
        ),
        ("Actors", m.actors.iter().map(|a| &a.common).collect()),
    ];
    let section = |out: &mut String, heading: String, context: Option<&str>| {
        let mut lines = String::new();
        for (label, elements) in &groups {
            let names: Vec<String> = elements
                .iter()
                .filter(|c| c.bounded_context.as_deref() == context)
                .map(|c| name(&c.name))
                .collect();
            if !names.is_empty() {
                lines.push_str(&format!("- **{label}:** {}\n", names.join(", ")));
            }
        }
        let hotspots = m
            .hotspots
            .iter()
            .filter(|h| h.bounded_context.as_deref() == context)
            .count();
        if hotspots > 0 {
            lines.push_str(&format!("- **Open hotspots:** {hotspots}\n"));
        }
        if context.is_some() || !lines.is_empty() {
            out.push_str(&format!("### {heading}\n\n"));
            if let Some(path) = context.and_then(|c| doc.pictures.get(c)) {
                out.push_str(&format!("![{heading} on the wall]({path})\n\n"));
            }
            if lines.is_empty() {
                out.push_str("Nothing on the board lies in this context yet.\n\n");
            } else {
                out.push_str(&lines);
                out.push('\n');
            }
        }
    };
    if m.bounded_contexts.is_empty() {
        out.push_str("The board has no bounded-context frames.\n\n");
    }
    for c in &m.bounded_contexts {
        section(out, name(&c.name), Some(c.id.as_str()));
    }
    section(out, "Outside any bounded context".to_owned(), None);
}
