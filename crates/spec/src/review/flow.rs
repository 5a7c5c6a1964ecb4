//! Findings about the flow: what produces, handles and issues what, and how handlers cope with
//! failure. An element with no text is reported once, as an empty sticky, and not again here.

use super::{Finding, FindingCode, FindingCode as F, quoted};
use crate::model::{Common, ElementKind, Handler, Model, Trigger};

fn one(code: FindingCode, message: String, common: &Common) -> Finding {
    Finding::new(code, message, vec![common.id.clone()])
}

fn named(common: &Common) -> bool {
    !common.name.is_empty()
}

pub(super) fn flow(model: &Model, out: &mut Vec<Finding>) {
    let (events, commands) = (&model.events, &model.commands);
    let says = "has no producer: connect the aggregate or external system that produces it.";
    let unproduced = events.iter().map(|e| (&e.common, e.producers.is_empty()));
    flag(unproduced, F::EventWithoutProducer, "Event", says, out);
    let says = "is not invoked on any aggregate or external system.";
    let unhandled = commands.iter().map(|c| (&c.common, c.targets.is_empty()));
    flag(unhandled, F::CommandWithoutHandler, "Command", says, out);
    handlers(model, out);
    self::commands(model, out);
    let says = "is handled by no policy and shown in no read model: who learns that it failed?";
    let failures = events.iter().filter(|e| e.failure);
    let unheard = failures.map(|e| (&e.common, e.handlers.is_empty() && e.read_models.is_empty()));
    let what = "Failure event";
    flag(unheard, F::FailureEventUnhandled, what, says, out);
}

/// One finding for each named element that is flagged, saying "{what} {name} {says}".
fn flag<'a>(
    elements: impl Iterator<Item = (&'a Common, bool)>,
    code: FindingCode,
    what: &str,
    says: &str,
    out: &mut Vec<Finding>,
) {
    for (common, flagged) in elements {
        if flagged && named(common) {
            let message = format!("{what} {} {says}", quoted(&common.name));
            out.push(one(code, message, common));
        }
    }
}

fn handlers(model: &Model, out: &mut Vec<Finding>) {
    let handlers: Vec<&Handler> = model.handlers.iter().filter(|h| named(&h.common)).collect();
    for h in &handlers {
        let name = quoted(&h.common.name);
        if h.handles.is_empty() && h.trigger == Trigger::Event {
            let msg = format!(
                "Policy {name} handles no event; connect the event it reacts to, or give it a schedule."
            );
            out.push(one(FindingCode::HandlerWithoutEvent, msg, &h.common));
        }
        if h.handles.len() > 1 {
            let names: Vec<String> = h
                .handles
                .iter()
                .map(|r| format!("\"{}\"", r.name))
                .collect();
            let msg = format!(
                "Policy {name} handles {} events ({}); a policy usually reacts to one event.",
                h.handles.len(),
                names.join(", ")
            );
            out.push(one(
                FindingCode::HandlerHandlesSeveralEvents,
                msg,
                &h.common,
            ));
        }
        // A retried handler that is not idempotent is the sharper finding of the two.
        if h.idempotent != Some(true) && h.retry.is_some() {
            let msg = format!(
                "Policy {name} is retried but not marked idempotent; a retry after a partial success would run it twice."
            );
            out.push(one(
                FindingCode::RetriedHandlerNotIdempotent,
                msg,
                &h.common,
            ));
        } else if h.idempotent != Some(true) && h.trigger == Trigger::Event {
            let said = if h.idempotent == Some(false) {
                "is marked as not idempotent"
            } else {
                "is not marked idempotent"
            };
            let msg = format!("Policy {name} {said}; a redelivered event would run it twice.");
            out.push(one(FindingCode::HandlerNotIdempotent, msg, &h.common));
        }
        if h.retry.is_none() && h.dead_letter.is_none() {
            let msg = format!("Policy {name} has neither a retry policy nor a dead-letter target.");
            out.push(one(
                FindingCode::HandlerWithoutFailurePolicy,
                msg,
                &h.common,
            ));
        }
        if h.issues.is_empty() {
            let msg = format!("Policy {name} issues no command.");
            out.push(one(FindingCode::PolicyIssuesNothing, msg, &h.common));
        }
    }
}

fn commands(model: &Model, out: &mut Vec<Finding>) {
    for c in model.commands.iter().filter(|c| named(&c.common)) {
        if c.issuers.is_empty() {
            out.push(one(
                FindingCode::CommandIssuedByNobody,
                format!(
                    "Command {} is issued by no actor, screen or policy.",
                    quoted(&c.common.name)
                ),
                &c.common,
            ));
        }
        for t in c
            .targets
            .iter()
            .filter(|t| t.kind == ElementKind::Aggregate)
        {
            let Some(aggregate) = model.aggregates.iter().find(|a| a.common.id == t.id) else {
                continue;
            };
            let (from, to) = (
                c.common.bounded_context.as_deref(),
                aggregate.common.bounded_context.as_deref(),
            );
            if from.is_some() && to.is_some() && from != to {
                let context = |id| {
                    model
                        .context(id)
                        .map(|ctx| quoted(&ctx.name))
                        .unwrap_or_default()
                };
                out.push(Finding::new(
                    FindingCode::CommandTargetsAnotherContext,
                    format!(
                        "Command {} in bounded context {} targets aggregate {} of bounded context {}; another context's aggregate is reached through its own commands or events.",
                        quoted(&c.common.name),
                        context(from),
                        quoted(&aggregate.common.name),
                        context(to)
                    ),
                    vec![c.common.id.clone(), aggregate.common.id.clone()],
                ));
            }
        }
    }
}
