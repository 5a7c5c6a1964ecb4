//! Channels (one per domain event, one per dead-letter target) and the component messages and
//! payload schemas of events and commands.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::payload::payload;
use super::{
    KindTag, Naming, X_EVENTCATALOG_TYPE, X_EVENTSTORMING, element_ref, object, reference, trace,
};
use crate::model::{Common, DomainEvent, ElementKind};
use crate::names::kebab_case;

/// What a document shows as an element's title: its name, or its code name when the sticky is
/// empty.
pub(crate) fn title(common: &Common) -> &str {
    if common.name.is_empty() {
        &common.code_name
    } else {
        &common.name
    }
}

fn produced_externally(e: &DomainEvent) -> bool {
    e.producers
        .iter()
        .any(|p| p.kind == ElementKind::ExternalSystem)
}

fn event_kinds(e: &DomainEvent) -> Vec<KindTag> {
    let mut kinds = vec![KindTag::DomainEvent];
    if produced_externally(e) {
        kinds.push(KindTag::ExternalSystem);
    }
    kinds
}

pub(crate) fn message_ref(code: &str) -> Value {
    reference(format!("#/components/messages/{code}"))
}

pub fn channels(n: &mut Naming<'_>) -> Value {
    let spec = n.spec;
    let mut channels = Map::new();
    for e in &spec.model.events {
        let common = &e.common;
        let context = common.bounded_context.as_deref();
        let event = kebab_case(&common.code_name);
        let address = match n.context_segment(context) {
            Some(segment) => format!("{segment}.{event}"),
            None => event,
        };
        let address = n.addresses.claim(&address);
        let mut x = trace("domainEvent", common);
        x.insert(
            "producedBy".into(),
            e.producers.iter().map(element_ref).collect(),
        );
        let mut messages = Map::new();
        messages.insert(common.code_name.clone(), message_ref(&common.code_name));
        let channel = object([
            ("address", json!(address)),
            ("title", json!(title(common))),
            ("messages", Value::Object(messages)),
            ("tags", n.tags(context, &event_kinds(e))),
            (X_EVENTSTORMING, Value::Object(x)),
        ]);
        channels.insert(n.event_channels[common.id.as_str()].clone(), channel);
    }

    // One channel per dead-letter target, carrying every event its handlers give up on. Two
    // policies naming the same target share the queue.
    let mut groups: BTreeMap<&str, Vec<&crate::model::Handler>> = BTreeMap::new();
    for h in &spec.model.handlers {
        if let Some(target) = h.dead_letter.as_deref()
            && !h.handles.is_empty()
        {
            groups.entry(target).or_default().push(h);
        }
    }
    for (target, handlers) in groups {
        let first = &handlers[0].common;
        let mut messages = Map::new();
        for h in &handlers {
            for r in &h.handles {
                if let Some(e) = spec.model.event(&r.id) {
                    let code = &e.common.code_name;
                    messages.insert(code.clone(), message_ref(code));
                }
            }
        }
        let address = n.addresses.claim(&dead_letter_address(target));
        let mut x = trace("deadLetter", first);
        x.insert(
            "handlers".into(),
            handlers.iter().map(|h| json!(h.common.id)).collect(),
        );
        let channel = object([
            ("address", json!(address)),
            ("title", json!(format!("Dead letters: {target}"))),
            (
                "description",
                json!("Messages a handler still failed on after its retries."),
            ),
            ("messages", Value::Object(messages)),
            (
                "tags",
                n.tags(first.bounded_context.as_deref(), &[KindTag::DeadLetter]),
            ),
            (X_EVENTSTORMING, Value::Object(x)),
        ]);
        channels.insert(n.dead_letter_channels[target].clone(), channel);
    }
    Value::Object(channels)
}

/// A dead-letter target as written ("Orders DLQ") as a broker-safe address (`orders-dlq`):
/// lower case, only `[a-z0-9._-]`, so it is a valid Kafka topic and has no `?` or `#`.
fn dead_letter_address(target: &str) -> String {
    let mut out = String::new();
    for c in target.chars().flat_map(char::to_lowercase) {
        let c = if c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-' {
            c
        } else {
            '-'
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let out = out.trim_matches(['-', '.']).to_owned();
    if out.is_empty() {
        "dead-letter".to_owned()
    } else {
        out
    }
}

/// `components.messages` and `components.schemas`: every event and command with its payload.
pub fn components(n: &mut Naming<'_>) -> (Value, Value) {
    let spec = n.spec;
    let mut messages = Map::new();
    let mut schemas = Map::new();
    for e in &spec.model.events {
        let mut x = trace("domainEvent", &e.common);
        x.insert("timelineOrder".into(), json!(e.order));
        x.insert("pivotal".into(), json!(e.pivotal));
        let tags = n.tags(e.common.bounded_context.as_deref(), &event_kinds(e));
        let (message, schema) = message(&e.common, &e.fields, tags, "event", x);
        messages.insert(e.common.code_name.clone(), message);
        schemas.insert(format!("{}Payload", e.common.code_name), schema);
    }
    for c in &spec.model.commands {
        let mut x = trace("command", &c.common);
        x.insert(
            "issuedBy".into(),
            c.issuers.iter().map(element_ref).collect(),
        );
        x.insert(
            "targets".into(),
            c.targets.iter().map(element_ref).collect(),
        );
        let tags = n.tags(c.common.bounded_context.as_deref(), &[KindTag::Command]);
        let (message, schema) = message(&c.common, &c.fields, tags, "command", x);
        messages.insert(c.common.code_name.clone(), message);
        schemas.insert(format!("{}Payload", c.common.code_name), schema);
    }
    (Value::Object(messages), Value::Object(schemas))
}

fn message(
    common: &Common,
    fields: &[eventstorm_board::PayloadField],
    tags: Value,
    catalog_type: &str,
    x: Map<String, Value>,
) -> (Value, Value) {
    let code = &common.code_name;
    let (mut schema, example) = payload(fields);
    let payload_kind = if catalog_type == "event" {
        "eventPayload"
    } else {
        "commandPayload"
    };
    schema.insert(
        X_EVENTSTORMING.into(),
        Value::Object(trace(payload_kind, common)),
    );
    let example = object([
        ("name", json!("generated")),
        ("summary", json!("Generated from the payload field types.")),
        ("payload", example),
    ]);
    let mut message = object([
        ("name", json!(code)),
        ("title", json!(title(common))),
        ("contentType", json!("application/json")),
        (
            "payload",
            reference(format!("#/components/schemas/{code}Payload")),
        ),
        ("tags", tags),
        ("examples", Value::Array(vec![example])),
        (X_EVENTCATALOG_TYPE, json!(catalog_type)),
        (X_EVENTSTORMING, Value::Object(x)),
    ]);
    if !common.description.trim().is_empty() {
        message["description"] = json!(common.description);
    }
    (message, Value::Object(schema))
}

#[cfg(test)]
mod tests {
    use super::dead_letter_address;

    #[test]
    fn dead_letter_addresses_are_broker_safe() {
        assert_eq!(dead_letter_address("Orders DLQ"), "orders-dlq");
        assert_eq!(
            dead_letter_address("warehouse.reserve-stock.dlq"),
            "warehouse.reserve-stock.dlq"
        );
        assert_eq!(dead_letter_address("q?x#y"), "q-x-y");
        assert_eq!(dead_letter_address("???"), "dead-letter");
    }
}
