//! What changed in the model between two moments of a workshop: elements added, removed,
//! renamed or changed (fields, links, handler reliability, code names and channel addresses),
//! by sticky id. Timeline order is left out: it moves whenever a sticky moves. Code names and
//! addresses do not depend on position, so a change to one is a change to a contract and is
//! always reported.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::model::Model;

/// The differences between two models, in a stable order (kind, then sticky id).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ModelDiff {
    pub changes: Vec<Change>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// `event`, `command`, `aggregate`, `handler`, `read_model`, `external_system`, `actor`,
    /// `bounded_context`.
    pub kind: &'static str,
    pub id: String,
    pub change: ChangeKind,
    /// The name now (or, when removed, the name it had).
    pub name: String,
    /// The earlier name, when renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_name: Option<String>,
    /// One line a difference, for people: `field total added`, `idempotent: null -> true`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Renamed,
    Changed,
}

/// Keys that say where an element sits or repeat its name, not what the model means.
const IGNORED: [&str; 3] = ["order", "text", "swimlane"];

pub fn diff_models(from: &Model, to: &Model) -> ModelDiff {
    let mut changes = Vec::new();
    for (kind, old, new) in [
        (
            "bounded_context",
            elements(&from.bounded_contexts),
            elements(&to.bounded_contexts),
        ),
        ("event", elements(&from.events), elements(&to.events)),
        ("command", elements(&from.commands), elements(&to.commands)),
        (
            "aggregate",
            elements(&from.aggregates),
            elements(&to.aggregates),
        ),
        ("handler", elements(&from.handlers), elements(&to.handlers)),
        (
            "read_model",
            elements(&from.read_models),
            elements(&to.read_models),
        ),
        (
            "external_system",
            elements(&from.external_systems),
            elements(&to.external_systems),
        ),
        ("actor", elements(&from.actors), elements(&to.actors)),
    ] {
        for (id, before) in &old {
            match new.get(id) {
                None => changes.push(Change {
                    kind,
                    id: id.clone(),
                    change: ChangeKind::Removed,
                    name: name(before),
                    from_name: None,
                    details: Vec::new(),
                }),
                Some(after) => {
                    let details = differences(before, after);
                    let (old_name, new_name) = (name(before), name(after));
                    if old_name != new_name {
                        changes.push(Change {
                            kind,
                            id: id.clone(),
                            change: ChangeKind::Renamed,
                            name: new_name,
                            from_name: Some(old_name),
                            details,
                        });
                    } else if !details.is_empty() {
                        changes.push(Change {
                            kind,
                            id: id.clone(),
                            change: ChangeKind::Changed,
                            name: new_name,
                            from_name: None,
                            details,
                        });
                    }
                }
            }
        }
        for (id, after) in &new {
            if !old.contains_key(id) {
                changes.push(Change {
                    kind,
                    id: id.clone(),
                    change: ChangeKind::Added,
                    name: name(after),
                    from_name: None,
                    details: Vec::new(),
                });
            }
        }
    }
    ModelDiff { changes }
}

/// Elements of one kind as JSON objects by sticky id.
fn elements<T: Serialize>(items: &[T]) -> BTreeMap<String, Value> {
    items
        .iter()
        .filter_map(|item| {
            let value = serde_json::to_value(item).ok()?;
            let id = value.get("id")?.as_str()?.to_owned();
            Some((id, value))
        })
        .collect()
}

fn name(v: &Value) -> String {
    v.get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Every meaningful difference between two versions of one element.
fn differences(before: &Value, after: &Value) -> Vec<String> {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        if key == "id" || key == "name" || IGNORED.contains(&key.as_str()) {
            continue;
        }
        let (old, new) = (
            b.get(key).unwrap_or(&Value::Null),
            a.get(key).unwrap_or(&Value::Null),
        );
        if old == new {
            continue;
        }
        match key.as_str() {
            "fields" => out.extend(field_differences(old, new)),
            "description" => out.push("description changed".to_owned()),
            _ if is_ref_list(old) && is_ref_list(new) => out.extend(ref_differences(key, old, new)),
            _ => out.push(format!("{key}: {} -> {}", compact(old), compact(new))),
        }
    }
    out
}

fn field_differences(old: &Value, new: &Value) -> Vec<String> {
    let by_name = |v: &Value| -> BTreeMap<String, Value> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| Some((f.get("name")?.as_str()?.to_owned(), f.clone())))
            .collect()
    };
    let (old, new) = (by_name(old), by_name(new));
    let mut out = Vec::new();
    for (name, before) in &old {
        match new.get(name) {
            None => out.push(format!("field {name} removed")),
            Some(after) if after != before => {
                for key in ["type", "required", "description"] {
                    let (b, a) = (
                        before.get(key).unwrap_or(&Value::Null),
                        after.get(key).unwrap_or(&Value::Null),
                    );
                    if b != a {
                        out.push(format!(
                            "field {name}: {key} {} -> {}",
                            compact(b),
                            compact(a)
                        ));
                    }
                }
            }
            Some(_) => {}
        }
    }
    for name in new.keys().filter(|n| !old.contains_key(*n)) {
        out.push(format!("field {name} added"));
    }
    out
}

fn is_ref_list(v: &Value) -> bool {
    v.as_array().is_some_and(|items| {
        items
            .iter()
            .all(|i| i.get("id").is_some() && i.get("kind").is_some())
    })
}

/// `handlers: +Reserve stock, -Notify`.
fn ref_differences(key: &str, old: &Value, new: &Value) -> Vec<String> {
    let names = |v: &Value| -> BTreeMap<String, String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| {
                Some((
                    r.get("id")?.as_str()?.to_owned(),
                    r.get("name")?.as_str()?.to_owned(),
                ))
            })
            .collect()
    };
    let (old, new) = (names(old), names(new));
    let mut parts: Vec<String> = new
        .iter()
        .filter(|(id, _)| !old.contains_key(*id))
        .map(|(_, n)| format!("+{n}"))
        .collect();
    parts.extend(
        old.iter()
            .filter(|(id, _)| !new.contains_key(*id))
            .map(|(_, n)| format!("-{n}")),
    );
    if parts.is_empty() {
        Vec::new()
    } else {
        vec![format!("{key}: {}", parts.join(", "))]
    }
}

fn compact(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}
