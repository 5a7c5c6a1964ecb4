//! Channels (one per domain event, one per command, one per dead-letter target) and the
//! component messages and payload schemas of events, commands and dead letters.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::payload::payload;
use super::{
    KindTag, Naming, X_EVENTCATALOG_ROLE, X_EVENTCATALOG_TYPE, X_EVENTSTORMING, object, reference,
    trace,
};
use crate::model::{Common, DomainEvent, ElementKind};

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

/// A bounded context's name for titles, or its code name when the frame has none.
pub(crate) fn context_title(c: &crate::model::BoundedContext) -> &str {
    if c.name.is_empty() {
        &c.code_name
    } else {
        &c.name
    }
}

/// The channels the document needs: its own events and commands, and those of other contexts
/// that `used` (the operations' channels) names. Returns the channels and the message keys on
/// them.
pub fn channels(n: &mut Naming<'_>, used: &BTreeSet<String>) -> (Value, BTreeSet<String>) {
    let spec = n.spec;
    let mut channels = Map::new();
    let mut messages_used = BTreeSet::new();
    for e in &spec.model.events {
        let common = &e.common;
        let context = common.bounded_context.as_deref();
        if !n.in_scope(context) && !used.contains(&e.address) {
            continue;
        }
        let mut x = trace("domainEvent", common);
        // An aggregate by its `send` operation; an external system (which has none) and
        // another context's aggregate by name.
        x.insert(
            "producedBy".into(),
            e.producers
                .iter()
                .map(|p| n.performer_ref(p, &common.id))
                .collect(),
        );
        let key = &common.qualified_name;
        messages_used.insert(key.clone());
        let mut messages = Map::new();
        messages.insert(key.clone(), message_ref(key));
        let channel = object([
            ("address", json!(e.address)),
            ("title", json!(title(common))),
            ("messages", Value::Object(messages)),
            ("tags", n.tags(context, &event_kinds(e))),
            (X_EVENTSTORMING, Value::Object(x)),
        ]);
        channels.insert(e.address.clone(), channel);
    }
    for c in &spec.model.commands {
        let common = &c.common;
        let context = common.bounded_context.as_deref();
        if !n.in_scope(context) && !used.contains(&c.address) {
            continue;
        }
        let key = &common.qualified_name;
        messages_used.insert(key.clone());
        let mut messages = Map::new();
        messages.insert(key.clone(), message_ref(key));
        let channel = object([
            ("address", json!(c.address)),
            ("title", json!(title(common))),
            ("messages", Value::Object(messages)),
            ("tags", n.tags(context, &[KindTag::Command])),
            (X_EVENTSTORMING, Value::Object(trace("command", common))),
        ]);
        channels.insert(c.address.clone(), channel);
    }

    // One channel per dead-letter target, carrying every event its handlers give up on. Two
    // policies naming the same target share the queue.
    let mut groups: BTreeMap<&str, Vec<&crate::model::Handler>> = BTreeMap::new();
    for h in &spec.model.handlers {
        if let Some(target) = h.dead_letter.as_deref()
            && !h.handles.is_empty()
            && n.in_scope(h.common.bounded_context.as_deref())
        {
            groups.entry(target).or_default().push(h);
        }
    }
    for (target, handlers) in groups {
        let first = &handlers[0].common;
        let mut messages = Map::new();
        messages.insert(
            DEAD_LETTER_MESSAGE.to_owned(),
            message_ref(DEAD_LETTER_MESSAGE),
        );
        messages_used.insert(DEAD_LETTER_MESSAGE.to_owned());
        let key = n.dead_letter_channels[target].clone();
        let mut x = trace("deadLetter", first);
        // The operations that give up into this channel: every handled event of each policy.
        let mut handled: Vec<Value> = handlers
            .iter()
            .flat_map(|h| {
                let key = |e: &crate::model::Ref| {
                    n.operation_keys
                        .get(&(h.common.id.clone(), e.id.clone()))
                        .map(|k| reference(format!("#/operations/{k}")))
                };
                h.handles.iter().filter_map(key)
            })
            .collect();
        handled.sort_by_key(Value::to_string);
        handled.dedup();
        x.insert("handlers".into(), Value::Array(handled));
        let channel = object([
            ("address", json!(key)),
            ("title", json!(format!("Dead letters: {target}"))),
            (
                "description",
                json!(
                    "Messages a handler still failed on after its last attempt, each in a dead-letter envelope."
                ),
            ),
            ("messages", Value::Object(messages)),
            (
                "tags",
                n.tags(first.bounded_context.as_deref(), &[KindTag::DeadLetter]),
            ),
            (X_EVENTSTORMING, Value::Object(x)),
        ]);
        channels.insert(key, channel);
    }
    (Value::Object(channels), messages_used)
}

/// The key of the dead-letter envelope message.
pub(crate) const DEAD_LETTER_MESSAGE: &str = "DeadLetter";

/// The headers every message carries, as a message trait, with the correlation id in them.
pub fn traits() -> Value {
    json!({
        "envelope": {
            "headers": {
                "type": "object",
                "required": ["messageId", "occurredAt"],
                "properties": {
                    "messageId": {"type": "string", "format": "uuid", "description": "Unique per message; a consumer deduplicates on it."},
                    "correlationId": {"type": "string", "description": "Shared by every message of one business flow."},
                    "causationId": {"type": "string", "description": "The messageId of the message that caused this one."},
                    "occurredAt": {"type": "string", "format": "date-time"}
                }
            },
            "correlationId": {
                "description": "Follows one business flow across messages.",
                "location": "$message.header#/correlationId"
            }
        }
    })
}

/// The message a dead-letter channel carries: the failed message and why it failed.
fn dead_letter_message() -> (Value, Value) {
    let schema = json!({
        "type": "object",
        "required": ["reason", "attempts", "source"],
        "properties": {
            "reason": {"type": "string", "description": "Why the last attempt failed."},
            "attempts": {"type": "integer", "minimum": 1, "description": "Attempts made in total, the first delivery included."},
            "failedAt": {"type": "string", "format": "date-time"},
            "source": {
                "type": "object",
                "required": ["channel", "payload"],
                "properties": {
                    "channel": {"type": "string", "description": "The address the message came from."},
                    "headers": {"type": "object"},
                    "payload": {"description": "The message as received."}
                }
            }
        }
    });
    let message = json!({
        "name": DEAD_LETTER_MESSAGE,
        "title": "Dead letter",
        "summary": "A message a handler gave up on, with the reason and the number of attempts.",
        "contentType": "application/json",
        "payload": {"$ref": format!("#/components/schemas/{DEAD_LETTER_MESSAGE}Envelope")},
        "traits": [{"$ref": "#/components/messageTraits/envelope"}],
        "examples": [{
            "name": "generated",
            "summary": "A delivery given up on after three attempts.",
            "payload": {
                "reason": "timeout",
                "attempts": 3,
                "failedAt": "2024-01-01T00:00:00Z",
                "source": {"channel": "sales.order-placed", "payload": {}}
            }
        }],
    });
    (message, schema)
}

/// A dead-letter target as written ("Orders DLQ") as a broker-safe address (`orders-dlq`):
/// lower case, only `[a-z0-9._-]`, so it is a valid Kafka topic and has no `?` or `#`.
pub(crate) fn dead_letter_address(target: &str) -> String {
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

/// `components.messages` and `components.schemas`: the events and commands on the document's
/// channels, with their payloads.
pub fn components(n: &mut Naming<'_>, used: &BTreeSet<String>) -> (Value, Value) {
    let spec = n.spec;
    let mut messages = Map::new();
    let mut schemas = Map::new();
    for e in &spec.model.events {
        if !used.contains(&e.common.qualified_name) {
            continue;
        }
        let mut x = trace("domainEvent", &e.common);
        x.insert("timelineOrder".into(), json!(e.order));
        x.insert("pivotal".into(), json!(e.pivotal));
        if e.failure {
            x.insert("failure".into(), json!(true));
        }
        let tags = n.tags(e.common.bounded_context.as_deref(), &event_kinds(e));
        let owned = n.in_scope(e.common.bounded_context.as_deref());
        let (message, schema) = message(n, &e.common, &e.fields, tags, "event", x, owned);
        messages.insert(e.common.qualified_name.clone(), message);
        schemas.insert(format!("{}Payload", e.common.qualified_name), schema);
    }
    for c in &spec.model.commands {
        if !used.contains(&c.common.qualified_name) {
            continue;
        }
        let mut x = trace("command", &c.common);
        // Issuers and targets by the operation with which they send or receive the command;
        // actors, screens and elements outside the document by name.
        let performers = |refs: &[crate::model::Ref]| -> Value {
            refs.iter()
                .map(|r| n.performer_ref(r, &c.common.id))
                .collect()
        };
        x.insert("issuedBy".into(), performers(&c.issuers));
        x.insert("targets".into(), performers(&c.targets));
        // A message of this document by `$ref`; one outside it by name and channel address.
        let emits = |refs: &[crate::model::Ref]| -> Value {
            refs.iter()
                .filter_map(|r| spec.model.event(&r.id))
                .map(|e| {
                    if used.contains(&e.common.qualified_name) {
                        message_ref(&e.common.qualified_name)
                    } else {
                        let mut named = n.named(ElementKind::Event, &e.common.id);
                        named["address"] = json!(e.address);
                        named
                    }
                })
                .collect()
        };
        x.insert("emits".into(), emits(&c.results_in));
        x.insert("failsWith".into(), emits(&c.fails_with));
        if let Some(id) = &c.identity_field {
            x.insert("identityField".into(), json!(id));
        }
        let tags = n.tags(c.common.bounded_context.as_deref(), &[KindTag::Command]);
        let owned = n.in_scope(c.common.bounded_context.as_deref());
        let (message, schema) = message(n, &c.common, &c.fields, tags, "command", x, owned);
        messages.insert(c.common.qualified_name.clone(), message);
        schemas.insert(format!("{}Payload", c.common.qualified_name), schema);
    }
    schemas.extend(n.types.schemas(&n.types_used));
    if used.contains(DEAD_LETTER_MESSAGE) {
        let (message, schema) = dead_letter_message();
        messages.insert(DEAD_LETTER_MESSAGE.to_owned(), message);
        schemas.insert(format!("{DEAD_LETTER_MESSAGE}Envelope"), schema);
    }
    (Value::Object(messages), Value::Object(schemas))
}

fn message(
    n: &mut Naming<'_>,
    common: &Common,
    fields: &[eventstorm_board::PayloadField],
    tags: Value,
    catalog_type: &str,
    x: Map<String, Value>,
    owned: bool,
) -> (Value, Value) {
    let code = &common.qualified_name;
    let (mut schema, example) = payload(fields, &n.types, &mut n.types_used);
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
        (
            "traits",
            json!([{"$ref": "#/components/messageTraits/envelope"}]),
        ),
        ("examples", Value::Array(vec![example])),
        (X_EVENTCATALOG_TYPE, json!(catalog_type)),
        (X_EVENTSTORMING, Value::Object(x)),
    ]);
    if !common.description.trim().is_empty() {
        message["description"] = json!(common.description);
    }
    if !owned {
        // Another context's message: EventCatalog's generator lists it on the service without
        // writing it as the service's own.
        message[X_EVENTCATALOG_ROLE] = json!("client");
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
