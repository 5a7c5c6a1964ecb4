//! The context map: which bounded context depends on which, read from the links that cross a
//! context boundary. A context whose event another context's policy or read model consumes is
//! upstream of it; a context whose command another context's policy issues, or whose aggregate
//! another context's command targets, is upstream too (it offers the contract, the other
//! context conforms to it).

use std::collections::BTreeMap;

use crate::model::{ElementKind, Model, Ref, Relation};

/// One upstream -> downstream relation and the messages that make it.
#[derive(Clone, Debug, PartialEq)]
pub struct ContextRelation {
    /// Bounded-context frame ids.
    pub upstream: String,
    pub downstream: String,
    /// The events and commands crossing, in model order, without repeats.
    pub messages: Vec<Ref>,
}

/// Every relation, ordered by (upstream, downstream) in the model's context order.
pub fn context_map(model: &Model) -> Vec<ContextRelation> {
    let contexts: BTreeMap<&str, &str> = model
        .commons()
        .filter_map(|c| Some((c.id.as_str(), c.bounded_context.as_deref()?)))
        .collect();
    let context_of =
        |r: &Ref| -> Option<String> { contexts.get(r.id.as_str()).map(|c| (*c).to_owned()) };
    let rank = |id: &str| {
        model
            .bounded_contexts
            .iter()
            .position(|c| c.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut relations: BTreeMap<(usize, usize), ContextRelation> = BTreeMap::new();
    for link in &model.links {
        let (Some(from), Some(to)) = (context_of(&link.from), context_of(&link.to)) else {
            continue;
        };
        if from == to {
            continue;
        }
        // (upstream, downstream, the message crossing)
        let (upstream, downstream, message) = match (link.relation, link.from.kind) {
            (Relation::Activates | Relation::Feeds, _) => (from, to, &link.from),
            (Relation::Issues, ElementKind::Policy) => (to, from, &link.to),
            (Relation::Targets, _) => (to, from, &link.from),
            _ => continue,
        };
        let entry = relations
            .entry((rank(&upstream), rank(&downstream)))
            .or_insert_with(|| ContextRelation {
                upstream,
                downstream,
                messages: Vec::new(),
            });
        if !entry.messages.iter().any(|m| m.id == message.id) {
            let mut message = message.clone();
            message.inferred = false;
            entry.messages.push(message);
        }
    }
    relations.into_values().collect()
}
