//! What is still open: hotspots and opportunities, review findings, and the links the export
//! inferred from the layout (so the team can confirm them by drawing the connector).

use super::Doc;
use super::text::{inline, list, name, table};
use crate::model::{Relation, Remark};
use crate::spec::Spec;

/// A table row per hotspot or opportunity: its text and where it sits.
fn remark_rows(doc: &Doc<'_>, remarks: &[Remark]) -> Vec<Vec<String>> {
    remarks
        .iter()
        .map(|r| vec![text_or_empty(&r.text), place(doc, r)])
        .collect()
}

fn place(doc: &Doc<'_>, r: &Remark) -> String {
    let mut parts = Vec::new();
    if r.bounded_context.is_some() {
        parts.push(doc.context(r.bounded_context.as_deref()));
    }
    if !r.about.is_empty() {
        parts.push(format!("about {}", doc.refs(&r.about)));
    } else if let Some(near) = &r.near {
        parts.push(format!("near {}", name(&near.name)));
    }
    list(parts)
}

pub fn hotspots(doc: &Doc<'_>, out: &mut String) {
    out.push_str("## Open questions\n\n");
    let m = doc.model;
    if m.hotspots.is_empty() {
        out.push_str("No hotspots on the board.\n\n");
    } else {
        table(out, &["Hotspot", "Where"], &remark_rows(doc, &m.hotspots));
    }
    if !m.opportunities.is_empty() {
        out.push_str("### Opportunities\n\n");
        table(
            out,
            &["Opportunity", "Where"],
            &remark_rows(doc, &m.opportunities),
        );
    }
}

fn text_or_empty(text: &str) -> String {
    if text.trim().is_empty() {
        "*(empty sticky)*".to_owned()
    } else {
        inline(text)
    }
}

pub fn findings(spec: &Spec, out: &mut String) {
    out.push_str("## Review findings\n\n");
    if spec.findings.is_empty() {
        out.push_str("Nothing to report.\n\n");
        return;
    }
    let rows: Vec<Vec<String>> = spec
        .findings
        .iter()
        .map(|f| {
            let severity = match f.severity {
                crate::review::Severity::Warning => "warning",
                crate::review::Severity::Info => "info",
            };
            vec![
                severity.to_owned(),
                format!("`{}`", f.code.as_str()),
                inline(&f.message),
            ]
        })
        .collect();
    table(out, &["Severity", "Code", "Finding"], &rows);
}

fn relation_words(r: Relation) -> &'static str {
    match r {
        Relation::Issues => "issues",
        Relation::Targets => "is invoked on",
        Relation::Produces => "produces",
        Relation::ResultsIn => "results in",
        Relation::Activates => "activates",
        Relation::Feeds => "feeds",
        Relation::ObservedBy => "is observed by",
        Relation::Uses => "uses",
        Relation::Annotates => "annotates",
    }
}

pub fn inferred_links(doc: &Doc<'_>, out: &mut String) {
    out.push_str("## Inferred links\n\n");
    let links: Vec<_> = doc.model.inferred_links().collect();
    if links.is_empty() {
        out.push_str("None: every link comes from a connector on the board.\n\n");
        return;
    }
    out.push_str(
        "No connector was drawn for these; the export read them from the layout. Draw the \
         connector to confirm one, or move the stickies apart to drop it.\n\n",
    );
    let rows: Vec<Vec<String>> = links
        .iter()
        .map(|l| {
            vec![
                name(&l.from.name),
                relation_words(l.relation).to_owned(),
                name(&l.to.name),
                format!("`{}`", l.inferred.as_deref().unwrap_or_default()),
            ]
        })
        .collect();
    table(out, &["From", "Link", "To", "Rule"], &rows);
}
