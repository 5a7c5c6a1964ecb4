//! Findings about names: an event and a command called the same in one bounded context, and
//! message names that several contexts use (the exports qualify them by context).

use std::collections::BTreeMap;

use super::{Finding, FindingCode, quoted};
use crate::model::{Common, Model, ScenarioSpec};

pub(super) fn collisions(model: &Model, out: &mut Vec<Finding>) {
    let place = |context: Option<&str>| match model.context(context) {
        Some(ctx) => format!("bounded context {}", quoted(&ctx.name)),
        None => "no bounded context".to_owned(),
    };
    for c in &model.commands {
        let Some(base) = c.common.code_name.strip_suffix("Command") else {
            continue;
        };
        let clash = model.events.iter().find(|e| {
            e.common.code_name == base && e.common.bounded_context == c.common.bounded_context
        });
        if let Some(e) = clash {
            out.push(Finding::new(
                FindingCode::DuplicateNameInContext,
                format!(
                    "Command {} and event {} share the name {base} in {}; the command is exported as {}. Rename one of them.",
                    quoted(&c.common.name),
                    quoted(&e.common.name),
                    place(c.common.bounded_context.as_deref()),
                    c.common.code_name
                ),
                vec![e.common.id.clone(), c.common.id.clone()],
            ));
        }
    }

    // Message names used by several contexts, in first-seen order.
    let mut shared: BTreeMap<&str, Vec<&Common>> = BTreeMap::new();
    let messages = model
        .events
        .iter()
        .map(|e| &e.common)
        .chain(model.commands.iter().map(|c| &c.common));
    for common in messages.filter(|c| c.qualified_name.contains('.')) {
        shared.entry(&common.code_name).or_default().push(common);
    }
    for (code, members) in shared {
        let names: Vec<&str> = members.iter().map(|c| c.qualified_name.as_str()).collect();
        out.push(Finding::new(
            FindingCode::NameSharedAcrossContexts,
            format!(
                "{code} is a message name in {} bounded contexts; the exports qualify it as {}.",
                members.len(),
                names.join(", ")
            ),
            members.iter().map(|c| c.id.clone()).collect(),
        ));
    }
}

/// A scenario step that names nothing on the board: a typo, or an element not drawn yet.
pub(super) fn scenario_steps(model: &Model, out: &mut Vec<Finding>) {
    let owners = model
        .commands
        .iter()
        .map(|c| ("command", &c.common, &c.scenarios))
        .chain(
            model
                .handlers
                .iter()
                .map(|h| ("policy", &h.common, &h.scenarios)),
        );
    for (kind, common, scenarios) in owners {
        for s in scenarios {
            let unknown: Vec<String> = steps(s)
                .filter(|step| step.element.is_none())
                .map(|step| quoted(&step.text))
                .collect();
            if unknown.is_empty() {
                continue;
            }
            out.push(Finding::new(
                FindingCode::ScenarioNamesUnknownElement,
                format!(
                    "Scenario {} of {kind} {} names {}, which no event or command on the board is called.",
                    quoted(&s.name),
                    quoted(&common.name),
                    unknown.join(", ")
                ),
                vec![common.id.clone()],
            ));
        }
    }
}

fn steps(s: &ScenarioSpec) -> impl Iterator<Item = &crate::model::Step> {
    s.given
        .iter()
        .chain(std::iter::once(&s.when))
        .chain(&s.then)
}
