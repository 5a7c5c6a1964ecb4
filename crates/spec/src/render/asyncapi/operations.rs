//! Operations: `send` for each aggregate that produces an event, `receive` for each policy and
//! each read model that consumes one; `receive` for each aggregate or external system a
//! command is invoked on and `send` for each policy that issues one. Events produced by
//! external systems get no `send`: we are not their sender, we only receive them. Operation
//! ids are built from code names (`sendLendingBookReturned`, `handleRenewLoan`).
//!
//! Every operation points at a root channel and at that channel's own message (never at
//! `components.messages` directly), as AsyncAPI 3.0 requires.

use std::collections::BTreeSet;

use eventstorm_board::Backoff;
use serde_json::{Map, Value, json};

use super::messages::{DEAD_LETTER_MESSAGE, message_ref, title};
use super::{
    KindTag, Naming, X_DEAD_LETTER, X_EVENTSTORMING, X_IDEMPOTENCY, X_RETRY, element_ref, joined,
    object, reference, trace,
};
use crate::model::{ElementKind, Handler};
use crate::names::UniqueNames;

/// The document's operations and the keys of the channels they use.
pub fn operations(n: &mut Naming<'_>) -> (Value, BTreeSet<String>) {
    let spec = n.spec;
    let mut keys = UniqueNames::default();
    let mut ops = Map::new();
    let mut used = BTreeSet::new();
    for e in &spec.model.events {
        let channel = e.address.clone();
        let code = &e.common.qualified_name;
        let id = joined(code);
        let on_channel = |ch: &str| {
            (
                reference(format!("#/channels/{ch}")),
                json!([reference(format!("#/channels/{ch}/messages/{code}"))]),
            )
        };

        let aggregates: Vec<_> = e
            .producers
            .iter()
            .filter(|p| p.kind == ElementKind::Aggregate && n.id_in_scope(&p.id))
            .collect();
        for p in &aggregates {
            let Some(agg) = spec.model.aggregates.iter().find(|a| a.common.id == p.id) else {
                continue;
            };
            let base = if aggregates.len() == 1 {
                format!("send{id}")
            } else {
                format!("send{id}From{}", agg.common.code_name)
            };
            let (ch, messages) = on_channel(&channel);
            let mut x = trace("aggregate", &agg.common);
            x.insert("emits".into(), json!(e.common.id));
            x.insert(
                "handlesCommands".into(),
                agg.handles_commands
                    .iter()
                    .filter_map(|c| spec.model.command(&c.id))
                    .map(|c| message_ref(&c.common.qualified_name))
                    .collect(),
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
            used.insert(channel.clone());
            ops.insert(keys.claim(&base), op);
        }

        let handlers: Vec<_> = e.handlers.iter().filter(|r| n.id_in_scope(&r.id)).collect();
        for r in handlers {
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
            reliability(n, h, &mut op, &mut used);
            used.insert(channel.clone());
            ops.insert(keys.claim(&format!("on{id}{}", h.common.code_name)), op);
        }

        let read_models: Vec<_> = e
            .read_models
            .iter()
            .filter(|r| n.id_in_scope(&r.id))
            .collect();
        for r in read_models {
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
            used.insert(channel.clone());
            let base = format!("on{id}Update{}", rm.common.code_name);
            ops.insert(keys.claim(&base), op);
        }
    }
    commands(n, &mut keys, &mut ops, &mut used);
    (Value::Object(ops), used)
}

/// `receive` by each aggregate or external system a command is invoked on (with a `reply` on
/// the event channel when the command answers with exactly one event), and `send` by each
/// policy that issues it.
fn commands(
    n: &mut Naming<'_>,
    keys: &mut UniqueNames,
    ops: &mut Map<String, Value>,
    used: &mut BTreeSet<String>,
) {
    let spec = n.spec;
    for c in &spec.model.commands {
        let code = &c.common.qualified_name;
        let id = joined(code);
        let ch = &c.address;
        let on_channel = || {
            (
                reference(format!("#/channels/{ch}")),
                json!([reference(format!("#/channels/{ch}/messages/{code}"))]),
            )
        };
        let targets: Vec<_> = c.targets.iter().filter(|t| n.id_in_scope(&t.id)).collect();
        for t in &targets {
            let (target_common, kind) = match t.kind {
                ElementKind::Aggregate => {
                    match spec.model.aggregates.iter().find(|a| a.common.id == t.id) {
                        Some(a) => (&a.common, KindTag::Aggregate),
                        None => continue,
                    }
                }
                _ => match spec
                    .model
                    .external_systems
                    .iter()
                    .find(|x| x.common.id == t.id)
                {
                    Some(x) => (&x.common, KindTag::ExternalSystem),
                    None => continue,
                },
            };
            let (channel, messages) = on_channel();
            let mut op = object([
                ("action", json!("receive")),
                ("channel", channel),
                ("messages", messages),
                (
                    "title",
                    json!(format!(
                        "{} handles {}",
                        title(target_common),
                        title(&c.common)
                    )),
                ),
                (
                    "tags",
                    n.tags(target_common.bounded_context.as_deref(), &[kind]),
                ),
                (
                    X_EVENTSTORMING,
                    Value::Object(trace(super::trace_kind(t.kind), target_common)),
                ),
            ]);
            if let [only] = c.results_in.as_slice()
                && let Some(e) = spec.model.event(&only.id)
            {
                let (addr, event) = (&e.address, &e.common.qualified_name);
                op["reply"] = json!({
                    "channel": reference(format!("#/channels/{addr}")),
                    "messages": [reference(format!("#/channels/{addr}/messages/{event}"))],
                });
                used.insert(addr.clone());
            }
            used.insert(ch.clone());
            let base = if targets.len() == 1 {
                format!("handle{id}")
            } else {
                format!("handle{id}On{}", target_common.code_name)
            };
            ops.insert(keys.claim(&base), op);
        }
        let issuers: Vec<_> = c
            .issuers
            .iter()
            .filter(|i| i.kind == ElementKind::Policy && n.id_in_scope(&i.id))
            .collect();
        for i in &issuers {
            let Some(h) = spec.model.handlers.iter().find(|h| h.common.id == i.id) else {
                continue;
            };
            let (channel, messages) = on_channel();
            let op = object([
                ("action", json!("send")),
                ("channel", channel),
                ("messages", messages),
                (
                    "title",
                    json!(format!("{} issues {}", title(&h.common), title(&c.common))),
                ),
                (
                    "tags",
                    n.tags(h.common.bounded_context.as_deref(), &[KindTag::Policy]),
                ),
                (X_EVENTSTORMING, Value::Object(trace("policy", &h.common))),
            ]);
            used.insert(ch.clone());
            let base = if issuers.len() == 1 {
                format!("issue{id}")
            } else {
                format!("issue{id}From{}", h.common.code_name)
            };
            ops.insert(keys.claim(&base), op);
        }
    }
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
fn reliability(n: &Naming<'_>, h: &Handler, op: &mut Value, used: &mut BTreeSet<String>) {
    op[X_IDEMPOTENCY] = json!({
        "idempotent": h.idempotent == Some(true),
        "declared": h.idempotent.is_some(),
    });
    if !h.idempotency_key.is_empty() {
        op[X_IDEMPOTENCY]["key"] = json!(h.idempotency_key);
    }
    if let Some(retry) = &h.retry {
        let mut strategy = Map::new();
        let kind = match retry.backoff {
            Backoff::Fixed => "fixed",
            Backoff::Linear => "linear",
            Backoff::Exponential => "exponential",
        };
        strategy.insert("type".into(), json!(kind));
        // The delay as entered: the first delay (every delay, for fixed). How it grows is the
        // strategy's, not a number the workshop did not give.
        if let Some(delay) = retry.delay_seconds {
            let key = match retry.backoff {
                Backoff::Fixed => "delaySeconds",
                Backoff::Linear | Backoff::Exponential => "initialDelaySeconds",
            };
            strategy.insert(key.into(), json!(delay));
        }
        // Attempts in total, the first delivery included, as frameworks read `maxAttempts`.
        op[X_RETRY] = json!({"maxAttempts": retry.max_attempts, "strategy": strategy});
    }
    if let Some(target) = &h.dead_letter
        && let Some(ch) = n.dead_letter_channels.get(target)
    {
        op[X_DEAD_LETTER] = json!({
            "target": target,
            "channel": reference(format!("#/channels/{ch}")),
            "messages": [reference(format!("#/channels/{ch}/messages/{DEAD_LETTER_MESSAGE}"))],
        });
        used.insert(ch.clone());
    }
}
