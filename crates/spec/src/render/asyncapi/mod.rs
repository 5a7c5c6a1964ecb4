//! The AsyncAPI 3.0.0 view of the model: the message contracts and who sends or receives them.
//!
//! The document describes the whole modelled system as one application (AsyncAPI allows "a
//! group of programs"), or one bounded context: one channel and one message per domain event
//! and per command; a `send` operation per (aggregate, event) it produces and per (policy,
//! command) it issues; a `receive` operation per (policy, event), (read model, event) and
//! (aggregate or external system, command); a real channel per dead-letter target. Bounded
//! contexts are `context:` tags. Every generated object carries `x-eventstorming` with the
//! sticky id it came from; everywhere else an extension refers to another part of the document
//! by `$ref`, and to what the document has no object for by kind and name.
//!
//! The document is built as a `serde_json::Value` (so its maps are sorted by key) and printed
//! as JSON or through our YAML emitter: both formats hold the same value.

mod messages;
mod operations;
pub mod payload;

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::model::{BoundedContext, Common, ElementKind, Ref};
use crate::names::{UniqueNames, kebab_case};
use crate::spec::{FORMAT_VERSION, Spec};

/// The `x-` keys we write, in one place: a misspelled extension is accepted silently by every
/// tool, so they must never be typed twice.
pub(crate) const X_EVENTSTORMING: &str = "x-eventstorming";
pub(crate) const X_IDEMPOTENCY: &str = "x-idempotency";
pub(crate) const X_RETRY: &str = "x-retry";
pub(crate) const X_DEAD_LETTER: &str = "x-dead-letter";
pub(crate) const X_EVENTCATALOG_TYPE: &str = "x-eventcatalog-message-type";
pub(crate) const X_EVENTCATALOG_ROLE: &str = "x-eventcatalog-role";

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
    /// The bounded context the document is about (its id), or none for the whole board.
    pub scope: Option<&'s str>,
    /// Context id -> (tag key, tag name).
    contexts: BTreeMap<&'s str, (String, String)>,
    /// Element id -> its bounded context id.
    context_of: BTreeMap<&'s str, Option<&'s str>>,
    /// Element id -> the element, for naming elements the document has no object for.
    commons: BTreeMap<&'s str, &'s Common>,
    /// Which operation of the document each element performs on each message.
    pub operation_keys: operations::OperationKeys,
    /// Dead-letter target as written -> channel key.
    pub dead_letter_channels: BTreeMap<String, String>,
    pub kinds_used: std::collections::BTreeSet<KindTag>,
    /// The model's own types, and those the document's payloads refer to.
    pub types: payload::Types,
    pub types_used: std::collections::BTreeSet<String>,
}

impl<'s> Naming<'s> {
    fn new(spec: &'s Spec, scope: Option<&'s str>) -> Self {
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
        let m = &spec.model;
        let context_of = m
            .commons()
            .map(|c| (c.id.as_str(), c.bounded_context.as_deref()))
            .collect();
        let commons = m.commons().map(|c| (c.id.as_str(), c)).collect();
        let mut naming = Naming {
            spec,
            scope,
            contexts,
            context_of,
            commons,
            operation_keys: Default::default(),
            dead_letter_channels: BTreeMap::new(),
            kinds_used: Default::default(),
            types: payload::Types::new(m),
            types_used: Default::default(),
        };
        // Dead-letter channels are keyed by their address, kept clear of message addresses.
        let mut addresses = UniqueNames::default();
        for a in m.events.iter().map(|e| &e.address) {
            addresses.claim(a);
        }
        for a in m.commands.iter().map(|c| &c.address) {
            addresses.claim(a);
        }
        let mut targets: Vec<&String> = m
            .handlers
            .iter()
            .filter(|h| !h.handles.is_empty())
            .filter_map(|h| h.dead_letter.as_ref())
            .collect();
        targets.sort();
        targets.dedup();
        for target in targets {
            let key = addresses.claim(&messages::dead_letter_address(target));
            naming.dead_letter_channels.insert(target.clone(), key);
        }
        naming
    }

    /// Whether an element (by its bounded context) belongs to the document.
    pub fn in_scope(&self, context: Option<&str>) -> bool {
        self.scope.is_none() || self.scope == context
    }

    /// Whether the element with this id belongs to the document.
    pub fn id_in_scope(&self, id: &str) -> bool {
        self.scope.is_none() || self.context_of.get(id).is_some_and(|c| self.in_scope(*c))
    }

    /// How an extension refers to the element `r` acting on a message (by id): a `$ref` to
    /// the operation by which it does so in this document, else the element by name.
    pub fn performer_ref(&self, r: &Ref, message: &str) -> Value {
        match self.operation_keys.get(&(r.id.clone(), message.to_owned())) {
            Some(key) => reference(format!("#/operations/{key}")),
            None => self.named(r.kind, &r.id),
        }
    }

    /// An element the document has no object for (an actor, an external system that sends,
    /// another context's element), by kind and qualified name: a sticky id would mean nothing
    /// to a reader of the contract.
    pub fn named(&self, kind: ElementKind, id: &str) -> Value {
        let name = self
            .commons
            .get(id)
            .map_or("", |c| c.qualified_name.as_str());
        json!({"kind": trace_kind(kind), "name": name})
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
}

/// An identifier part from a qualified name: `lending.BookReturned` -> `LendingBookReturned`.
pub(crate) fn joined(qualified: &str) -> String {
    qualified
        .split('.')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `x-eventstorming` for an element: its kind, sticky id and bounded context id.
pub(crate) fn trace(kind: &str, common: &Common) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("kind".into(), json!(kind));
    m.insert("id".into(), json!(common.id));
    m.insert("boundedContext".into(), json!(common.bounded_context));
    m
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

/// The AsyncAPI document of the whole board (`scope` none) or of one bounded context (its id):
/// the context's own messages and operations, plus the channels of other contexts' messages it
/// receives or sends. `seq` (the board's event count) makes `info.version` `1.<seq>.0`.
pub fn document(spec: &Spec, scope: Option<&str>, seq: Option<u64>) -> Value {
    let mut naming = Naming::new(spec, scope);
    let (operations, used_channels, operation_keys) = operations::operations(&mut naming);
    naming.operation_keys = operation_keys;
    let (channels, used_messages) = messages::channels(&mut naming, &used_channels);
    let (component_messages, schemas) = messages::components(&mut naming, &used_messages);

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
    let context = spec.model.context(scope);
    let context_tags: Vec<Value> = spec
        .model
        .bounded_contexts
        .iter()
        .filter(|c| scope.is_none() || scope == Some(c.id.as_str()))
        .filter_map(|c| naming.context_tag(Some(&c.id)))
        .collect();
    let board_trace = json!({
        "kind": "board",
        "format": FORMAT_VERSION,
        "boundedContexts": spec.model.bounded_contexts.iter()
            .map(|c| json!({"id": c.id, "name": c.name}))
            .collect::<Vec<_>>(),
    });
    let (doc_title, id) = match context {
        Some(c) => (
            format!("{title}: {}", messages::context_title(c)),
            format!("urn:eventstorm:board:{slug}:{}", kebab_case(&c.code_name)),
        ),
        None => (
            format!("{title}: event and handler specifications"),
            format!("urn:eventstorm:board:{slug}"),
        ),
    };
    let mut info = json!({
        "title": doc_title,
        "version": version(seq),
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
        ("id", json!(id)),
        ("info", info),
        ("servers", servers()),
        ("defaultContentType", json!("application/json")),
        ("channels", channels),
        ("operations", operations),
        (
            "components",
            object([
                ("messages", component_messages),
                ("schemas", schemas),
                ("messageTraits", messages::traits()),
                ("tags", Value::Object(tags)),
            ]),
        ),
    ])
}

/// `1.<seq>.0`: every change to the board is a new minor version of its contracts.
pub fn version(seq: Option<u64>) -> String {
    format!("1.{}.0", seq.unwrap_or(0))
}

/// One placeholder broker: the board does not say which one the team uses.
fn servers() -> Value {
    json!({
        "broker": {
            "host": "localhost:9092",
            "protocol": "kafka",
            "description": "A placeholder: the board does not say which broker carries the messages. Replace it with yours.",
        }
    })
}
