//! Which stickies are one element of the model, and what each element is called in code.
//!
//! Workshops repeat cards on purpose (the same aggregate along the timeline, an event drawn
//! again where another flow starts), so the same kind with the same code name in the same
//! bounded context is one element, wherever its cards sit. Names depend only on what is written
//! (text or pinned code name, kind, bounded context) and on sticky ids, never on where a sticky
//! sits inside its frame: moving a sticky never renames a contract.
//!
//! Events and commands share one namespace per context (both are messages). An event keeps its
//! name; a command written with an event's name gets `Command` appended (and the review reports
//! the collision). A name used in several contexts is qualified by the context where it is a
//! contract key (`lending.BookReturned`), never numbered.

use std::collections::BTreeMap;

use eventstorm_board::{ElementId, Frame, Note, NoteKind};

use crate::names::{UniqueNames, camel_case, display_name, kebab_case, pascal_case};

/// What the layout needs for one sticky.
pub struct Card<'b> {
    pub note: &'b Note,
    pub context: Option<&'b Frame>,
    /// The bounded context's code name, when there is one.
    pub context_code: Option<String>,
}

/// The identity of every sticky, by rank (reading order).
pub struct Identities {
    /// The rank of the card that stands for the element (the one with the smallest id).
    pub element_of: Vec<usize>,
    pub code_names: Vec<String>,
    /// The code name, prefixed with the context where another context uses it too.
    pub qualified_names: Vec<String>,
    /// Channel addresses of events and commands.
    pub addresses: Vec<Option<String>>,
}

/// The namespace a kind's code names live in: events and commands are both messages.
fn scope(kind: NoteKind) -> Option<u8> {
    match kind {
        NoteKind::Event | NoteKind::Command => Some(0),
        NoteKind::Policy => Some(1),
        NoteKind::ReadModel => Some(2),
        NoteKind::Aggregate => Some(3),
        NoteKind::ExternalSystem => Some(4),
        NoteKind::Actor => Some(5),
        NoteKind::Ui => Some(6),
        NoteKind::Hotspot | NoteKind::Opportunity | NoteKind::Note => None,
    }
}

/// The code name a sticky asks for: its pinned code name, else its first line, in PascalCase.
pub fn base_code_name(note: &Note) -> String {
    let prefix = kind_prefix(note.kind);
    let written = match note.details.contract.code_name.as_deref() {
        Some(pinned) if !pinned.trim().is_empty() => pinned.to_owned(),
        _ => display_name(&note.text),
    };
    pascal_case(&written, prefix).unwrap_or_else(|| format!("{prefix}{}", short_id(&note.id)))
}

pub fn identities(cards: &[Card<'_>]) -> Identities {
    let n = cards.len();
    let base: Vec<String> = cards.iter().map(|c| base_code_name(c.note)).collect();
    let context_id = |r: usize| cards[r].context.map(|f| f.id);

    // One element per (kind, context, code name); its card with the smallest id stands for it.
    let mut groups: BTreeMap<(NoteKind, Option<ElementId>, &str), usize> = BTreeMap::new();
    let mut element_of: Vec<usize> = (0..n).collect();
    for r in 0..n {
        if scope(cards[r].note.kind).is_none() {
            continue;
        }
        let key = (cards[r].note.kind, context_id(r), base[r].as_str());
        let rep = groups.entry(key).or_insert(r);
        if cards[r].note.id < cards[*rep].note.id {
            *rep = r;
        }
    }
    for r in 0..n {
        if scope(cards[r].note.kind).is_some() {
            element_of[r] = groups[&(cards[r].note.kind, context_id(r), base[r].as_str())];
        }
    }

    // Code names, unique within (context, scope). Elements are visited by (kind, base, id), so
    // events claim before commands and nothing depends on position.
    let mut reps: Vec<usize> = groups.values().copied().collect();
    reps.sort_by(|&a, &b| {
        (cards[a].note.kind, &base[a], cards[a].note.id).cmp(&(
            cards[b].note.kind,
            &base[b],
            cards[b].note.id,
        ))
    });
    let mut taken: BTreeMap<(Option<ElementId>, u8), UniqueNames> = BTreeMap::new();
    let mut code_of_rep: BTreeMap<usize, String> = BTreeMap::new();
    for &r in &reps {
        let kind = cards[r].note.kind;
        let names = taken
            .entry((context_id(r), scope(kind).unwrap_or_default()))
            .or_default();
        let wanted = if kind == NoteKind::Command && names.is_taken(&base[r]) {
            format!("{}Command", base[r])
        } else {
            base[r].clone()
        };
        code_of_rep.insert(r, names.claim(&wanted));
    }

    // Qualify a name where another context has an element of the same scope called the same.
    let mut contexts_using: BTreeMap<(u8, &str), Vec<Option<ElementId>>> = BTreeMap::new();
    for (&r, code) in &code_of_rep {
        let s = scope(cards[r].note.kind).unwrap_or_default();
        contexts_using
            .entry((s, code.as_str()))
            .or_default()
            .push(context_id(r));
    }
    let mut qualified_of_rep: BTreeMap<usize, String> = BTreeMap::new();
    for (&r, code) in &code_of_rep {
        let s = scope(cards[r].note.kind).unwrap_or_default();
        let shared = contexts_using[&(s, code.as_str())].len() > 1;
        let name = match cards[r].context_code.as_deref() {
            Some(ctx) if shared => format!("{}.{code}", camel_case(ctx)),
            _ => code.clone(),
        };
        qualified_of_rep.insert(r, name);
    }

    // Addresses: `<context>.<message>`, claimed in (address, id) order.
    let mut wanted: Vec<(String, ElementId, usize)> = code_of_rep
        .iter()
        .filter(|(r, _)| scope(cards[**r].note.kind) == Some(0))
        .map(|(&r, code)| {
            let message = kebab_case(code);
            let address = match cards[r].context_code.as_deref() {
                Some(ctx) => format!("{}.{message}", kebab_case(ctx)),
                None => message,
            };
            (address, cards[r].note.id, r)
        })
        .collect();
    wanted.sort();
    let mut claimed = UniqueNames::default();
    let mut address_of_rep: BTreeMap<usize, String> = BTreeMap::new();
    for (address, _, r) in wanted {
        address_of_rep.insert(r, claimed.claim(&address));
    }

    let per_card = |map: &BTreeMap<usize, String>| -> Vec<Option<String>> {
        (0..n).map(|r| map.get(&element_of[r]).cloned()).collect()
    };
    Identities {
        code_names: per_card(&code_of_rep)
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
        qualified_names: per_card(&qualified_of_rep)
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
        addresses: per_card(&address_of_rep),
        element_of,
    }
}

/// The first eight hex digits of an id: enough to tell stickies apart in a fallback name.
pub fn short_id(id: &ElementId) -> String {
    id.0.simple().to_string()[..8].to_owned()
}

fn kind_prefix(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Event => "Event",
        NoteKind::Command => "Command",
        NoteKind::Actor => "Actor",
        NoteKind::Aggregate => "Aggregate",
        NoteKind::Policy => "Policy",
        NoteKind::ReadModel => "ReadModel",
        NoteKind::ExternalSystem => "ExternalSystem",
        NoteKind::Hotspot => "Hotspot",
        NoteKind::Opportunity => "Opportunity",
        NoteKind::Ui => "Screen",
        NoteKind::Note => "Note",
    }
}
