//! The AsyncAPI 3.0.0 view of the model: the message contracts and who sends or receives them.
//!
//! The document describes the whole modelled system as one application (AsyncAPI allows "a
//! group of programs"): one channel and one message per domain event; a `send` operation per
//! (aggregate, event) it produces; a `receive` operation per (policy, event) and per (read
//! model, event); a real channel per dead-letter target. Commands are documented as component
//! messages only: the board does not say how they travel. Bounded contexts are `context:` tags.
//! Every generated object carries `x-eventstorming` with the sticky id it came from.
//!
//! The document is built as a `serde_json::Value` (so its maps are sorted by key) and printed
//! as JSON or through our YAML emitter: both formats hold the same value.

mod messages;
mod operations;
pub mod payload;

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::model::{BoundedContext, Common, ElementKind, Ref};
use crate::names::{UniqueNames, camel_case, kebab_case, pascal_case};
use crate::spec::{FORMAT_VERSION, Spec};

/// The `x-` keys we write, in one place: a misspelled extension is accepted silently by every
/// tool, so they must never be typed twice.
pub(crate) const X_EVENTSTORMING: &str = "x-eventstorming";
pub(crate) const X_IDEMPOTENCY: &str = "x-idempotency";
pub(crate) const X_RETRY: &str = "x-retry";
pub(crate) const X_DEAD_LETTER: &str = "x-dead-letter";
pub(crate) const X_EVENTCATALOG_TYPE: &str = "x-eventcatalog-message-type";

/// The kind tags, in the order they are defined in `components.tags`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum KindTag {
    DomainEvent,
    Command,
    Aggregate,
    Policy,
    ReadModel,
    ExternalSystem,
    DeadLetter,
}

impl KindTag {
    fn key(self) -> &'static str {
        match self {
            KindTag::DomainEvent => "kindDomainEvent",
            KindTag::Command => "kindCommand",
            KindTag::Aggregate => "kindAggregate",
            KindTag::Policy => "kindPolicy",
            KindTag::ReadModel => "kindReadModel",
            KindTag::ExternalSystem => "kindExternalSystem",
            KindTag::DeadLetter => "kindDeadLetter",
        }
    }

    fn definition(self) -> Value {
        let (name, description) = match self {
            KindTag::DomainEvent => ("kind:domain-event", "A domain event of the model."),
            KindTag::Command => ("kind:command", "A command of the model."),
            KindTag::Aggregate => ("kind:aggregate", "Performed by an aggregate."),
            KindTag::Policy => ("kind:policy", "Performed by a policy (event handler)."),
            KindTag::ReadModel => ("kind:read-model", "Keeps a read model up to date."),
            KindTag::ExternalSystem => (
                "kind:external-system",
                "Involves a system outside the team's control.",
            ),
            KindTag::DeadLetter => (
                "kind:dead-letter",
                "Where a handler puts messages it gave up on.",
            ),
        };
        json!({"name": name, "description": description})
    }
}

/// Identifiers and tags shared by the parts of the document.
pub(crate) struct Naming<'s> {
    pub spec: &'s Spec,
    /// Context id -> (tag key, tag name).
    contexts: BTreeMap<&'s str, (String, String)>,
    /// Event id -> channel key.
    pub event_channels: BTreeMap<&'s str, String>,
    /// Dead-letter target as written -> channel key.
    pub dead_letter_channels: BTreeMap<String, String>,
    pub channel_keys: UniqueNames,
    pub addresses: UniqueNames,
    pub kinds_used: std::collections::BTreeSet<KindTag>,
}

impl<'s> Naming<'s> {
    fn new(spec: &'s Spec) -> Self {
        let mut contexts = BTreeMap::new();
        let duplicated = |c: &BoundedContext| {
            spec.model
                .bounded_contexts
                .iter()
                .filter(|o| o.name == c.name)
                .count()
                > 1
        };
        for c in &spec.model.bounded_contexts {
            // Tag names must tell contexts apart; fall back to the unique code name when two
            // frames carry the same name.
            let label = if c.name.is_empty() || duplicated(c) {
                c.code_name.clone()
            } else {
                c.name.clone()
            };
            contexts.insert(
                c.id.as_str(),
                (
                    format!("context{}", c.code_name),
                    format!("context:{label}"),
                ),
            );
        }
        let mut naming = Naming {
            spec,
            contexts,
            event_channels: BTreeMap::new(),
            dead_letter_channels: BTreeMap::new(),
            channel_keys: UniqueNames::default(),
            addresses: UniqueNames::default(),
            kinds_used: Default::default(),
        };
        for e in &spec.model.events {
            let key = naming.channel_keys.claim(&camel_case(&e.common.code_name));
            naming.event_channels.insert(e.common.id.as_str(), key);
        }
        for h in &spec.model.handlers {
            let Some(target) = &h.dead_letter else {
                continue;
            };
            if h.handles.is_empty() || naming.dead_letter_channels.contains_key(target) {
                continue;
            }
            let base = pascal_case(target, "DeadLetter").unwrap_or_else(|| "DeadLetter".into());
            let key = naming.channel_keys.claim(&camel_case(&base));
            naming.dead_letter_channels.insert(target.clone(), key);
        }
        naming
    }

    /// The `context:` tag reference for an element's bounded context, if it has one.
    pub fn context_tag(&self, context: Option<&str>) -> Option<Value> {
        let (key, _) = self.contexts.get(context?)?;
        Some(json!({"$ref": format!("#/components/tags/{key}")}))
    }

    pub fn kind_tag(&mut self, kind: KindTag) -> Value {
        self.kinds_used.insert(kind);
        json!({"$ref": format!("#/components/tags/{}", kind.key())})
    }

    /// The context tag (when there is one) followed by the kind tags.
    pub fn tags(&mut self, context: Option<&str>, kinds: &[KindTag]) -> Value {
        let mut tags: Vec<Value> = self.context_tag(context).into_iter().collect();
        tags.extend(kinds.iter().map(|k| self.kind_tag(*k)));
        Value::Array(tags)
    }

    /// The kebab-case name of a context, for channel addresses.
    pub fn context_segment(&self, context: Option<&str>) -> Option<String> {
        let ctx = self.spec.model.context(context)?;
        Some(kebab_case(&ctx.code_name))
    }
}

/// `x-eventstorming` for an element: its kind, sticky id and bounded context id.
pub(crate) fn trace(kind: &str, common: &Common) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("kind".into(), json!(kind));
    m.insert("id".into(), json!(common.id));
    m.insert("boundedContext".into(), json!(common.bounded_context));
    m
}

/// A reference to another element by kind and sticky id.
pub(crate) fn element_ref(r: &Ref) -> Value {
    json!({"kind": trace_kind(r.kind), "id": r.id})
}

pub(crate) fn trace_kind(kind: ElementKind) -> &'static str {
    match kind {
        ElementKind::Event => "domainEvent",
        ElementKind::Command => "command",
        ElementKind::Actor => "actor",
        ElementKind::Aggregate => "aggregate",
        ElementKind::Policy => "policy",
        ElementKind::ReadModel => "readModel",
        ElementKind::ExternalSystem => "externalSystem",
        ElementKind::Hotspot => "hotspot",
        ElementKind::Opportunity => "opportunity",
        ElementKind::Ui => "ui",
        ElementKind::Note => "note",
    }
}

/// An object from its entries, moving the values in. `json!` would serialise each interpolated
/// `Value` again (a deep copy), which on a large board costs more than building the document.
pub(crate) fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

pub(crate) fn reference(path: String) -> Value {
    json!({"$ref": path})
}

/// The whole AsyncAPI document.
pub fn document(spec: &Spec) -> Value {
    let mut naming = Naming::new(spec);
    let channels = messages::channels(&mut naming);
    let operations = operations::operations(&mut naming);
    let (component_messages, schemas) = messages::components(&mut naming);

    let mut tags = Map::new();
    for c in &spec.model.bounded_contexts {
        let (key, name) = &naming.contexts[c.id.as_str()];
        let description = if c.name.is_empty() {
            "A bounded context with no name on the board.".to_owned()
        } else {
            format!("Bounded context {}.", c.name)
        };
        tags.insert(
            key.clone(),
            json!({"name": name, "description": description}),
        );
    }
    for kind in &naming.kinds_used {
        tags.insert(kind.key().to_owned(), kind.definition());
    }

    let title = if spec.title.trim().is_empty() {
        "Untitled board"
    } else {
        spec.title.as_str()
    };
    let slug = Some(kebab_case(title))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "board".into());
    let context_tags: Vec<Value> = spec
        .model
        .bounded_contexts
        .iter()
        .filter_map(|c| naming.context_tag(Some(&c.id)))
        .collect();
    let board_trace = json!({
        "kind": "board",
        "format": FORMAT_VERSION,
        "boundedContexts": spec.model.bounded_contexts.iter()
            .map(|c| json!({"id": c.id, "name": c.name}))
            .collect::<Vec<_>>(),
    });
    let mut info = json!({
        "title": format!("{title}: event and handler specifications"),
        "version": "1.0.0",
        "description": format!(
            "Exported by eventstorm from the board \"{title}\". The native export \
             ({FORMAT_VERSION}) is the source of truth: it also holds hotspots, read-model \
             fields, the layout and the review findings. Generated; do not edit by hand."
        ),
        X_EVENTSTORMING: board_trace,
    });
    if !context_tags.is_empty() {
        info["tags"] = Value::Array(context_tags);
    }
    object([
        ("asyncapi", json!("3.0.0")),
        ("id", json!(format!("urn:eventstorm:board:{slug}"))),
        ("info", info),
        ("defaultContentType", json!("application/json")),
        ("channels", channels),
        ("operations", operations),
        (
            "components",
            object([
                ("messages", component_messages),
                ("schemas", schemas),
                ("tags", Value::Object(tags)),
            ]),
        ),
    ])
}
