//! Operations: `send` for each aggregate that produces an event, `receive` for each policy and
//! each read model that consumes one. Events produced by external systems get no `send`: we
//! are not their sender, we only receive them.
//!
//! Every operation points at a root channel and at that channel's own message (never at
//! `components.messages` directly), as AsyncAPI 3.0 requires.

use eventstorm_board::Backoff;
use serde_json::{Map, Value, json};

use super::messages::title;
use super::{
    KindTag, Naming, X_DEAD_LETTER, X_EVENTSTORMING, X_IDEMPOTENCY, X_RETRY, element_ref, object,
    reference, trace,
};
use crate::model::{DomainEvent, ElementKind, Handler};
use crate::names::UniqueNames;

pub fn operations(n: &mut Naming<'_>) -> Value {
    let spec = n.spec;
    let mut keys = UniqueNames::default();
    let mut ops = Map::new();
    for e in &spec.model.events {
        let channel = n.event_channels[e.common.id.as_str()].clone();
        let code = &e.common.code_name;
        let on_channel = |ch: &str| {
            (
                reference(format!("#/channels/{ch}")),
                json!([reference(format!("#/channels/{ch}/messages/{code}"))]),
            )
        };

        let aggregates: Vec<_> = e
            .producers
            .iter()
            .filter(|p| p.kind == ElementKind::Aggregate)
            .collect();
        for p in &aggregates {
            let Some(agg) = spec.model.aggregates.iter().find(|a| a.common.id == p.id) else {
                continue;
            };
            let base = if aggregates.len() == 1 {
                format!("send{code}")
            } else {
                format!("send{code}From{}", agg.common.code_name)
            };
            let (ch, messages) = on_channel(&channel);
            let mut x = trace("aggregate", &agg.common);
            x.insert("emits".into(), json!(e.common.id));
            x.insert(
                "handlesCommands".into(),
                agg.handles_commands.iter().map(|c| json!(c.id)).collect(),
            );
            let op = object([
                ("action", json!("send")),
                ("channel", ch),
                ("messages", messages),
                (
                    "title",
                    json!(format!(
                        "{} produces {}",
                        title(&agg.common),
                        title(&e.common)
                    )),
                ),
                (
                    "tags",
                    n.tags(agg.common.bounded_context.as_deref(), &[KindTag::Aggregate]),
                ),
                (X_EVENTSTORMING, Value::Object(x)),
            ]);
            ops.insert(keys.claim(&base), op);
        }

        for r in &e.handlers {
            let Some(h) = spec.model.handlers.iter().find(|h| h.common.id == r.id) else {
                continue;
            };
            let (ch, messages) = on_channel(&channel);
            let mut op = object([
                ("action", json!("receive")),
                ("channel", ch),
                ("messages", messages),
                ("title", json!(title(&h.common))),
                ("summary", json!(format!("Handles {}.", title(&e.common)))),
                (
                    "tags",
                    n.tags(h.common.bounded_context.as_deref(), &[KindTag::Policy]),
                ),
                (X_EVENTSTORMING, Value::Object(handler_trace(h))),
            ]);
            if !h.common.description.trim().is_empty() {
                op["description"] = json!(h.common.description);
            }
            reliability(n, h, e, &mut op);
            ops.insert(keys.claim(&format!("on{code}{}", h.common.code_name)), op);
        }

        for r in &e.read_models {
            let Some(rm) = spec.model.read_models.iter().find(|m| m.common.id == r.id) else {
                continue;
            };
            let (ch, messages) = on_channel(&channel);
            let op = object([
                ("action", json!("receive")),
                ("channel", ch),
                ("messages", messages),
                (
                    "title",
                    json!(format!(
                        "Update {} from {}",
                        title(&rm.common),
                        title(&e.common)
                    )),
                ),
                (
                    "tags",
                    n.tags(rm.common.bounded_context.as_deref(), &[KindTag::ReadModel]),
                ),
                (
                    X_EVENTSTORMING,
                    Value::Object(trace("readModel", &rm.common)),
                ),
            ]);
            let base = format!("on{code}Update{}", rm.common.code_name);
            ops.insert(keys.claim(&base), op);
        }
    }
    Value::Object(ops)
}

fn handler_trace(h: &Handler) -> Map<String, Value> {
    let mut x = trace("policy", &h.common);
    x.insert(
        "issuesCommands".into(),
        h.issues.iter().map(element_ref).collect(),
    );
    x
}

/// `x-idempotency`, `x-retry` and `x-dead-letter` from the handler's settings. Idempotency is
/// always stated, with `declared: false` when the workshop did not say, so a reader can tell
/// "no" from "unknown".
fn reliability(n: &Naming<'_>, h: &Handler, e: &DomainEvent, op: &mut Value) {
    op[X_IDEMPOTENCY] = json!({
        "idempotent": h.idempotent == Some(true),
        "declared": h.idempotent.is_some(),
    });
    if let Some(retry) = &h.retry {
        let mut strategy = Map::new();
        let kind = match retry.backoff {
            Backoff::Fixed => "fixed",
            Backoff::Linear => "linear",
            Backoff::Exponential => "exponential",
        };
        strategy.insert("type".into(), json!(kind));
        if let Some(delay) = retry.delay_seconds {
            match retry.backoff {
                Backoff::Fixed => strategy.insert("delaySeconds".into(), json!(delay)),
                Backoff::Linear => {
                    strategy.insert("initialDelaySeconds".into(), json!(delay));
                    strategy.insert("incrementSeconds".into(), json!(delay))
                }
                Backoff::Exponential => strategy.insert("initialDelaySeconds".into(), json!(delay)),
            };
        }
        op[X_RETRY] = json!({"maxAttempts": retry.max_attempts, "strategy": strategy});
    }
    if let Some(target) = &h.dead_letter
        && let Some(ch) = n.dead_letter_channels.get(target)
    {
        let code = &e.common.code_name;
        op[X_DEAD_LETTER] = json!({
            "target": target,
            "channel": reference(format!("#/channels/{ch}")),
            "messages": [reference(format!("#/channels/{ch}/messages/{code}"))],
        });
    }
}
