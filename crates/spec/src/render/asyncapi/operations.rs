//! Operations: `send` for each aggregate that produces an event, `receive` for each policy and
//! each read model that consumes one; `receive` for each aggregate or external system a
//! command is invoked on and `send` for each policy that issues one. Events produced by
//! external systems get no `send`: we are not their sender, we only receive them.
//!
//! Operation ids name the action and the message, never the whole sentence a policy is
//! written as: `sendBookReturned`, `onBookReturned`, `receiveRenewLoan`, `sendRenewLoan`
//! (`ids` below says how several performers of one action are told apart).
//!
//! Every operation points at a root channel and at that channel's own message (never at
//! `components.messages` directly), as AsyncAPI 3.0 requires.

use std::collections::{BTreeMap, BTreeSet};

use eventstorm_board::Backoff;
use serde_json::{Map, Value, json};

use super::messages::{DEAD_LETTER_MESSAGE, message_ref, title};
use super::{
    KindTag, Naming, X_DEAD_LETTER, X_EVENTSTORMING, X_IDEMPOTENCY, X_RETRY, joined, object,
    reference, trace,
};
use crate::model::{ElementKind, Handler};
use crate::names::UniqueNames;

/// Which operation an element performs on a message: (performer id, message id) -> operation
/// id. An element performs at most one action on a message.
pub type OperationKeys = BTreeMap<(String, String), String>;

/// An operation before its id is chosen.
struct Planned {
    /// The action and the message: `sendBookReturned`, `onBookReturned`, `receiveRenewLoan`.
    base: String,
    /// What tells it apart from other operations with the same base, preferred first. The last
    /// one names the performer, unique among performers of its kind.
    qualifiers: Vec<Option<String>>,
    performer: String,
    message: String,
    op: Value,
}

/// The document's operations, the keys of the channels they use, and which operation each
/// performer has on each message.
pub fn operations(n: &mut Naming<'_>) -> (Value, BTreeSet<String>, OperationKeys) {
    let spec = n.spec;
    let mut planned = Vec::new();
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

        let aggregates = e
            .producers
            .iter()
            .filter(|p| p.kind == ElementKind::Aggregate && n.id_in_scope(&p.id))
            .collect::<Vec<_>>();
        for p in aggregates {
            let Some(agg) = spec.model.aggregates.iter().find(|a| a.common.id == p.id) else {
                continue;
            };
            let (ch, messages) = on_channel(&channel);
            let mut x = trace("aggregate", &agg.common);
            // The operation's own message: the event is on its channel in every document.
            x.insert(
                "emits".into(),
                reference(format!("#/channels/{channel}/messages/{code}")),
            );
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
            planned.push(Planned {
                base: format!("send{id}"),
                qualifiers: vec![Some(format!("From{}", joined(&agg.common.qualified_name)))],
                performer: agg.common.id.clone(),
                message: e.common.id.clone(),
                op,
            });
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
                (X_EVENTSTORMING, Value::Object(handler_trace(n, h))),
            ]);
            if !h.common.description.trim().is_empty() {
                op["description"] = json!(h.common.description);
            }
            reliability(n, h, &mut op, &mut used);
            used.insert(channel.clone());
            // Two policies on one event: told apart by the command each issues, else by name.
            let issued = match h.issues.as_slice() {
                [only] => spec
                    .model
                    .command(&only.id)
                    .map(|c| joined(&c.common.qualified_name)),
                _ => None,
            };
            planned.push(Planned {
                base: format!("on{id}"),
                qualifiers: vec![issued, Some(joined(&h.common.qualified_name))],
                performer: h.common.id.clone(),
                message: e.common.id.clone(),
                op,
            });
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
            // A projection is always named by its read model (a short noun), so adding a
            // read model never renames a policy's operation.
            planned.push(Planned {
                base: format!("on{id}Update{}", joined(&rm.common.qualified_name)),
                qualifiers: Vec::new(),
                performer: rm.common.id.clone(),
                message: e.common.id.clone(),
                op,
            });
        }
    }
    commands(n, &mut planned, &mut used);
    let keys = ids(&planned);
    let mut ops = Map::new();
    let mut index = OperationKeys::new();
    for (p, key) in planned.into_iter().zip(keys) {
        index.insert((p.performer, p.message), key.clone());
        ops.insert(key, p.op);
    }
    (Value::Object(ops), used, index)
}

/// The operation ids: the base where it is the only one; where several operations share a
/// base, the first qualifier that is given for every one of them and tells them all apart.
/// Nothing here depends on where stickies sit. Only bases that still collide after the last
/// qualifier (different names that join into the same identifier) are numbered, in order of
/// sticky ids.
fn ids(planned: &[Planned]) -> Vec<String> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in planned.iter().enumerate() {
        groups.entry(p.base.as_str()).or_default().push(i);
    }
    let mut chosen = vec![String::new(); planned.len()];
    for (base, members) in groups {
        if let [only] = members.as_slice() {
            chosen[*only] = base.to_owned();
            continue;
        }
        let levels = members
            .iter()
            .map(|&i| planned[i].qualifiers.len())
            .max()
            .unwrap_or(0);
        let level = (0..levels).find(|&l| {
            let qs: Vec<Option<&String>> = members
                .iter()
                .map(|&i| planned[i].qualifiers.get(l).and_then(Option::as_ref))
                .collect();
            let distinct: BTreeSet<_> = qs.iter().flatten().collect();
            qs.iter().all(Option::is_some) && distinct.len() == qs.len()
        });
        for &i in &members {
            let qualifiers = &planned[i].qualifiers;
            let q = match level {
                Some(l) => qualifiers[l].as_deref(),
                None => qualifiers.iter().rev().flatten().next().map(String::as_str),
            };
            chosen[i] = format!("{base}{}", q.unwrap_or_default());
        }
    }
    let mut order: Vec<usize> = (0..planned.len()).collect();
    order.sort_by(|&a, &b| {
        (&chosen[a], &planned[a].performer, &planned[a].message).cmp(&(
            &chosen[b],
            &planned[b].performer,
            &planned[b].message,
        ))
    });
    let mut names = UniqueNames::default();
    let mut keys = vec![String::new(); planned.len()];
    for i in order {
        keys[i] = names.claim(&chosen[i]);
    }
    keys
}

/// `receive` by each aggregate or external system a command is invoked on (with a `reply` on
/// the event channel when the command answers with exactly one event), and `send` by each
/// policy that issues it.
fn commands(n: &mut Naming<'_>, planned: &mut Vec<Planned>, used: &mut BTreeSet<String>) {
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
        for t in targets {
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
            planned.push(Planned {
                base: format!("receive{id}"),
                qualifiers: vec![Some(format!("By{}", joined(&target_common.qualified_name)))],
                performer: target_common.id.clone(),
                message: c.common.id.clone(),
                op,
            });
        }
        let issuers = c
            .issuers
            .iter()
            .filter(|i| i.kind == ElementKind::Policy && n.id_in_scope(&i.id))
            .collect::<Vec<_>>();
        for i in issuers {
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
            // Two policies issuing one command: told apart by the event each handles, else
            // by name.
            let trigger = match h.handles.as_slice() {
                [only] => spec
                    .model
                    .event(&only.id)
                    .map(|e| format!("On{}", joined(&e.common.qualified_name))),
                _ => None,
            };
            planned.push(Planned {
                base: format!("send{id}"),
                qualifiers: vec![
                    trigger,
                    Some(format!("From{}", joined(&h.common.qualified_name))),
                ],
                performer: h.common.id.clone(),
                message: c.common.id.clone(),
                op,
            });
        }
    }
}

/// The policy's trace, with the commands it issues as `$ref`s to their messages (a policy's
/// commands are in its document: it sends them).
fn handler_trace(n: &Naming<'_>, h: &Handler) -> Map<String, Value> {
    let mut x = trace("policy", &h.common);
    x.insert(
        "issuesCommands".into(),
        h.issues
            .iter()
            .filter_map(|r| n.spec.model.command(&r.id))
            .map(|c| message_ref(&c.common.qualified_name))
            .collect(),
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

#[cfg(test)]
mod tests {
    use super::{Planned, ids};
    use serde_json::Value;

    fn planned(base: &str, qualifiers: &[Option<&str>], performer: &str) -> Planned {
        Planned {
            base: base.to_owned(),
            qualifiers: qualifiers.iter().map(|q| q.map(str::to_owned)).collect(),
            performer: performer.to_owned(),
            message: "m".to_owned(),
            op: Value::Null,
        }
    }

    #[test]
    fn the_first_qualifier_that_tells_all_apart_is_used_and_only_on_collision() {
        let ops = [
            planned("onA", &[Some("X"), Some("P1")], "1"),
            planned("onA", &[Some("Y"), Some("P2")], "2"),
            planned("onB", &[Some("X"), Some("P3")], "3"),
        ];
        assert_eq!(ids(&ops), ["onAX", "onAY", "onB"]);
        // The same command for both, or none for one: the names decide.
        let ops = [
            planned("onA", &[Some("X"), Some("P1")], "1"),
            planned("onA", &[Some("X"), Some("P2")], "2"),
        ];
        assert_eq!(ids(&ops), ["onAP1", "onAP2"]);
        let ops = [
            planned("onA", &[None, Some("P1")], "1"),
            planned("onA", &[Some("X"), Some("P2")], "2"),
        ];
        assert_eq!(ids(&ops), ["onAP1", "onAP2"]);
    }

    #[test]
    fn ids_that_still_collide_are_numbered_by_sticky_id_not_by_input_order() {
        let a = planned("onA", &[Some("X")], "b-sticky");
        let b = planned("onA", &[Some("X")], "a-sticky");
        let forward = ids(&[a, b]);
        assert_eq!(forward, ["onAX2", "onAX"]);
        let a = planned("onA", &[Some("X")], "b-sticky");
        let b = planned("onA", &[Some("X")], "a-sticky");
        assert_eq!(ids(&[b, a]), ["onAX", "onAX2"]);
    }
}
