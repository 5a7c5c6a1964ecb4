//! The specification sections: events, handlers, commands, aggregates and external systems,
//! read models, actors.

use eventstorm_board::{Backoff, PayloadField, RetryPolicy};

use super::Doc;
use super::text::{inline, name, paragraph, table};
use crate::model::Common;

/// Heading text: the name and, when there is one, the code name in backticks (ASCII letters and
/// digits only, so it needs no escaping).
fn heading(common: &Common) -> String {
    format!("{} (`{}`)", name(&common.name), common.code_name)
}

fn description(common: &Common, out: &mut String) {
    if !common.description.trim().is_empty() {
        out.push_str(&format!("{}\n\n", paragraph(&common.description)));
    }
}

/// "- **Open question:** ..." lines for the hotspots about an element.
/// An element's heading, its description, then its context and `facts` as a list.
fn entry(doc: &Doc<'_>, common: &Common, facts: &[(&str, String)], out: &mut String) {
    out.push_str(&format!("### {}\n\n", heading(common)));
    description(common, out);
    let context = doc.context(common.bounded_context.as_deref());
    out.push_str(&format!("- **Context:** {context}\n"));
    for (label, value) in facts {
        out.push_str(&format!("- **{label}:** {value}\n"));
    }
}

fn questions(doc: &Doc<'_>, common: &Common) -> String {
    doc.questions(&common.id)
        .into_iter()
        .map(|q| format!("- **Open question:** {q}\n"))
        .collect()
}

/// The scenarios of a command or policy as Given / When / Then lists; a step that names
/// nothing on the board is marked.
fn scenarios(list: &[crate::model::ScenarioSpec], out: &mut String) {
    for (i, s) in list.iter().enumerate() {
        let title = inline(&s.title(i));
        out.push_str(&format!("**Scenario: {title}**\n\n"));
        let step = |keyword: &str, step: &crate::model::Step| {
            let unknown = if step.element.is_none() {
                " *(not on the board)*"
            } else {
                ""
            };
            format!("- {keyword} {}{unknown}\n", inline(&step.text))
        };
        for g in &s.given {
            out.push_str(&step("Given", g));
        }
        out.push_str(&step("When", &s.when));
        match &s.rejected {
            Some(reason) => out.push_str(&format!("- Then it is rejected: {}\n", inline(reason))),
            None => {
                for t in &s.then {
                    out.push_str(&step("Then", t));
                }
            }
        }
        out.push('\n');
    }
}

fn fields(fields: &[PayloadField], what: &str, out: &mut String) {
    if fields.is_empty() {
        out.push_str(&format!("No {what} fields on the board.\n\n"));
        return;
    }
    let rows: Vec<Vec<String>> = fields
        .iter()
        .map(|f| {
            vec![
                inline(&f.name),
                inline(&f.field_type),
                if f.required { "yes" } else { "no" }.to_owned(),
                inline(&f.description),
            ]
        })
        .collect();
    table(out, &["Field", "Type", "Required", "Description"], &rows);
}

pub fn events(doc: &Doc<'_>, out: &mut String) {
    if doc.model.events.is_empty() {
        return;
    }
    out.push_str("## Events\n\n");
    for e in &doc.model.events {
        out.push_str(&format!("### {}. {}\n\n", e.order, heading(&e.common)));
        description(&e.common, out);
        let mut facts = vec![format!(
            "- **Context:** {}",
            doc.context(e.common.bounded_context.as_deref())
        )];
        if e.pivotal {
            facts.push("- **Pivotal event**".to_owned());
        }
        facts.push(format!("- **Produced by:** {}", doc.refs(&e.producers)));
        if !e.caused_by.is_empty() {
            facts.push(format!("- **Caused by:** {}", doc.refs(&e.caused_by)));
        }
        facts.push(format!("- **Handled by:** {}", doc.refs(&e.handlers)));
        if e.failure {
            facts.push("- **Failure outcome**".to_owned());
        }
        facts.push(format!("- **Feeds:** {}", doc.refs(&e.read_models)));
        out.push_str(&facts.join("\n"));
        out.push('\n');
        out.push_str(&questions(doc, &e.common));
        out.push('\n');
        fields(&e.fields, "payload", out);
    }
}

pub fn handlers(doc: &Doc<'_>, out: &mut String) {
    out.push_str("## Handlers\n\n");
    if doc.model.handlers.is_empty() {
        out.push_str("No policies on the board.\n\n");
        return;
    }
    let rows: Vec<Vec<String>> = doc
        .model
        .handlers
        .iter()
        .map(|h| {
            vec![
                name(&h.common.name),
                doc.context(h.common.bounded_context.as_deref()),
                match &h.schedule {
                    Some(schedule) => format!("schedule: {}", inline(schedule)),
                    None => doc.refs(&h.handles),
                },
                doc.refs(&h.issues),
                match (h.idempotent, h.idempotency_key.is_empty()) {
                    (Some(true), false) => {
                        format!("yes, by {}", inline(&h.idempotency_key.join(", ")))
                    }
                    (Some(true), true) => "yes".to_owned(),
                    (Some(false), _) => "no".to_owned(),
                    (None, _) => "not stated".to_owned(),
                },
                h.retry.as_ref().map_or("—".to_owned(), retry),
                h.dead_letter.as_deref().map_or("—".to_owned(), inline),
            ]
        })
        .collect();
    table(
        out,
        &[
            "Handler",
            "Context",
            "Triggered by",
            "Issues",
            "Idempotent",
            "Retry",
            "Dead letter",
        ],
        &rows,
    );
    // A section per handler that has more to say than its row.
    for h in &doc.model.handlers {
        let questions = questions(doc, &h.common);
        if h.common.description.trim().is_empty() && questions.is_empty() && h.scenarios.is_empty()
        {
            continue;
        }
        out.push_str(&format!("### {}\n\n", heading(&h.common)));
        description(&h.common, out);
        if !questions.is_empty() {
            out.push_str(&questions);
            out.push('\n');
        }
        scenarios(&h.scenarios, out);
    }
}

fn retry(r: &RetryPolicy) -> String {
    // Attempts in total, the first delivery included, as everywhere else.
    let attempts = if r.max_attempts == 1 {
        "1 attempt in total".to_owned()
    } else {
        format!("{} attempts in total", r.max_attempts)
    };
    match (r.backoff, r.delay_seconds) {
        (Backoff::Fixed, Some(d)) => format!("{attempts}, every {d} s"),
        (Backoff::Fixed, None) => format!("{attempts}, fixed delay"),
        (Backoff::Linear, Some(d)) => format!("{attempts}, linear backoff from {d} s"),
        (Backoff::Linear, None) => format!("{attempts}, linear backoff"),
        (Backoff::Exponential, Some(d)) => format!("{attempts}, exponential backoff from {d} s"),
        (Backoff::Exponential, None) => format!("{attempts}, exponential backoff"),
    }
}

pub fn commands(doc: &Doc<'_>, out: &mut String) {
    if doc.model.commands.is_empty() {
        return;
    }
    out.push_str("## Commands\n\n");
    for c in &doc.model.commands {
        let facts = [
            ("Issued by", doc.refs(&c.issuers)),
            ("Invoked on", doc.refs(&c.targets)),
        ];
        entry(doc, &c.common, &facts, out);
        if let Some(field) = &c.identity_field {
            out.push_str(&format!("- **Identifies the aggregate by:** `{field}`\n"));
        }
        if !c.results_in.is_empty() {
            out.push_str(&format!("- **Emits:** {}\n", doc.refs(&c.results_in)));
        }
        if !c.fails_with.is_empty() {
            out.push_str(&format!("- **Fails with:** {}\n", doc.refs(&c.fails_with)));
        }
        out.push_str(&questions(doc, &c.common));
        out.push('\n');
        scenarios(&c.scenarios, out);
        fields(&c.fields, "payload", out);
    }
}

pub fn aggregates(doc: &Doc<'_>, out: &mut String) {
    let m = doc.model;
    let rows: Vec<Vec<String>> = m
        .aggregates
        .iter()
        .map(|a| (&a.common, "aggregate", &a.handles_commands, &a.produces))
        .chain(m.external_systems.iter().map(|x| {
            (
                &x.common,
                "external system",
                &x.handles_commands,
                &x.produces,
            )
        }))
        .map(|(common, kind, commands, events)| {
            vec![
                name(&common.name),
                kind.to_owned(),
                doc.context(common.bounded_context.as_deref()),
                doc.refs(commands),
                doc.refs(events),
            ]
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    out.push_str("## Aggregates and external systems\n\n");
    table(
        out,
        &[
            "Name",
            "Kind",
            "Context",
            "Handles commands",
            "Produces events",
        ],
        &rows,
    );
    let m = doc.model;
    let commons = m
        .aggregates
        .iter()
        .map(|a| &a.common)
        .chain(m.external_systems.iter().map(|x| &x.common));
    for common in commons {
        let questions = questions(doc, common);
        if common.description.trim().is_empty() && questions.is_empty() {
            continue;
        }
        out.push_str(&format!("### {}\n\n", heading(common)));
        description(common, out);
        if !questions.is_empty() {
            out.push_str(&questions);
            out.push('\n');
        }
    }
}

pub fn read_models(doc: &Doc<'_>, out: &mut String) {
    if doc.model.read_models.is_empty() {
        return;
    }
    out.push_str("## Read models\n\n");
    for r in &doc.model.read_models {
        let facts = [
            ("Fed by", doc.refs(&r.fed_by)),
            ("Observed by", doc.refs(&r.observed_by)),
        ];
        entry(doc, &r.common, &facts, out);
        out.push('\n');
        fields(&r.fields, "read-model", out);
    }
}

pub fn actors(doc: &Doc<'_>, out: &mut String) {
    let m = doc.model;
    if m.actors.is_empty() && m.screens.is_empty() {
        return;
    }
    out.push_str("## Actors and screens\n\n");
    let rows: Vec<Vec<String>> = m
        .actors
        .iter()
        .map(|a| {
            vec![
                name(&a.common.name),
                "actor".to_owned(),
                doc.refs(&a.issues),
                doc.refs(&a.observes),
            ]
        })
        .chain(m.screens.iter().map(|s| {
            vec![
                name(&s.common.name),
                "screen".to_owned(),
                doc.refs(&s.issues),
                doc.refs(&s.shows),
            ]
        }))
        .collect();
    table(out, &["Name", "Kind", "Issues commands", "Looks at"], &rows);
}
