//! The board read as a layout: every sticky with its place in reading order, its bounded
//! context and swimlane, its display name and its code name.
//!
//! Everything downstream iterates in this reading order (left to right, then top to bottom,
//! then by id), never in the board's stacking order: stacking depends on the order stickies were
//! added, and the exports must depend only on what is on the wall.

use std::collections::BTreeMap;

use eventstorm_board::{Board, ElementId, Frame, FrameKind, Note, NoteKind};

use crate::model::{BoundedContext, Common, ElementKind, Ref, Swimlane};
use crate::names::{display_name, pascal_case, unique_within};

pub struct Sticky<'b> {
    pub note: &'b Note,
    pub name: String,
    pub code_name: String,
    pub context: Option<&'b Frame>,
    pub swimlane: Option<&'b Frame>,
}

impl Sticky<'_> {
    pub fn kind(&self) -> NoteKind {
        self.note.kind
    }

    pub fn centre(&self) -> (f64, f64) {
        let n = self.note;
        (n.x + n.w / 2.0, n.y + n.h / 2.0)
    }

    /// Same bounded context and same swimlane (both may be none): spatial inference never
    /// reaches across a frame boundary.
    pub fn same_area(&self, other: &Sticky<'_>) -> bool {
        frame_id(self.context) == frame_id(other.context)
            && frame_id(self.swimlane) == frame_id(other.swimlane)
    }
}

pub struct Layout<'b> {
    /// In reading order; an index into this vector is a sticky's rank.
    pub stickies: Vec<Sticky<'b>>,
    pub by_id: BTreeMap<ElementId, usize>,
    pub contexts: Vec<BoundedContext>,
    pub swimlanes: Vec<Swimlane>,
}

impl<'b> Layout<'b> {
    pub fn new(board: &'b Board) -> Self {
        let mut notes = board.notes();
        notes.sort_by(|a, b| {
            a.x.total_cmp(&b.x)
                .then(a.y.total_cmp(&b.y))
                .then(a.id.cmp(&b.id))
        });
        let mut frames: Vec<&Frame> = board.frames().collect();
        frames.sort_by(|a, b| {
            a.x.total_cmp(&b.x)
                .then(a.y.total_cmp(&b.y))
                .then(a.id.cmp(&b.id))
        });

        let scoped: Vec<((u8, usize), String)> = notes
            .iter()
            .enumerate()
            .filter_map(|(rank, n)| {
                let scope = name_scope(n.kind)?;
                Some(((scope, rank), base_code_name(&display_name(&n.text), n)))
            })
            .collect();
        let mut code_names = BTreeMap::new();
        for scope in 0..=NAME_SCOPES {
            let items: Vec<_> = scoped
                .iter()
                .filter(|((s, _), _)| *s == scope)
                .cloned()
                .collect();
            code_names.extend(unique_within(&items));
        }

        let stickies = notes
            .iter()
            .enumerate()
            .map(|(rank, n)| Sticky {
                note: n,
                name: display_name(&n.text),
                code_name: name_scope(n.kind)
                    .and_then(|s| code_names.get(&(s, rank)).cloned())
                    .unwrap_or_default(),
                context: smallest_frame(&frames, n, FrameKind::BoundedContext),
                swimlane: smallest_frame(&frames, n, FrameKind::Swimlane),
            })
            .collect::<Vec<_>>();
        let by_id = stickies
            .iter()
            .enumerate()
            .map(|(i, s)| (s.note.id, i))
            .collect();

        let context_frames: Vec<&Frame> = frames
            .iter()
            .copied()
            .filter(|f| f.kind == FrameKind::BoundedContext)
            .collect();
        let context_items: Vec<(usize, String)> = context_frames
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let base = pascal_case(&f.name, "Context")
                    .unwrap_or_else(|| format!("Context{}", short_id(&f.id)));
                (i, base)
            })
            .collect();
        let context_codes = unique_within(&context_items);
        let contexts = context_frames
            .iter()
            .enumerate()
            .map(|(i, f)| BoundedContext {
                id: f.id.to_string(),
                name: display_name(&f.name),
                code_name: context_codes[&i].clone(),
            })
            .collect();
        let swimlanes = frames
            .iter()
            .filter(|f| f.kind == FrameKind::Swimlane)
            .map(|f| Swimlane {
                id: f.id.to_string(),
                name: display_name(&f.name),
            })
            .collect();

        Layout {
            stickies,
            by_id,
            contexts,
            swimlanes,
        }
    }

    pub fn sticky(&self, rank: usize) -> &Sticky<'b> {
        &self.stickies[rank]
    }

    pub fn ranks_of(&self, kind: NoteKind) -> impl Iterator<Item = usize> + '_ {
        (0..self.stickies.len()).filter(move |&i| self.stickies[i].kind() == kind)
    }

    pub fn reference(&self, rank: usize) -> Ref {
        let s = &self.stickies[rank];
        Ref {
            kind: element_kind(s.kind()),
            id: s.note.id.to_string(),
            name: s.name.clone(),
        }
    }

    pub fn common(&self, rank: usize) -> Common {
        let s = &self.stickies[rank];
        Common {
            id: s.note.id.to_string(),
            name: s.name.clone(),
            code_name: s.code_name.clone(),
            text: s.note.text.clone(),
            description: s.note.details.description.clone(),
            bounded_context: s.context.map(|f| f.id.to_string()),
            swimlane: s.swimlane.map(|f| f.id.to_string()),
        }
    }
}

fn frame_id(frame: Option<&Frame>) -> Option<ElementId> {
    frame.map(|f| f.id)
}

/// The smallest frame of `kind` containing the note's centre; ties go to the smaller id, as in
/// `Board::frame_of` (which looks at frames of every kind).
fn smallest_frame<'b>(frames: &[&'b Frame], note: &Note, kind: FrameKind) -> Option<&'b Frame> {
    let (cx, cy) = (note.x + note.w / 2.0, note.y + note.h / 2.0);
    frames
        .iter()
        .copied()
        .filter(|f| f.kind == kind && f.contains(cx, cy))
        .min_by(|a, b| (a.w * a.h).total_cmp(&(b.w * b.h)).then(a.id.cmp(&b.id)))
}

/// The number of the last code-name scope (see [`name_scope`]).
const NAME_SCOPES: u8 = 6;

/// Code names must be unique where they share a namespace in the exports: events and commands
/// are both AsyncAPI messages, so they share one; every other kind has its own.
fn name_scope(kind: NoteKind) -> Option<u8> {
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

fn base_code_name(name: &str, note: &Note) -> String {
    let prefix = kind_prefix(note.kind);
    pascal_case(name, prefix).unwrap_or_else(|| format!("{prefix}{}", short_id(&note.id)))
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

pub fn element_kind(kind: NoteKind) -> ElementKind {
    match kind {
        NoteKind::Event => ElementKind::Event,
        NoteKind::Command => ElementKind::Command,
        NoteKind::Actor => ElementKind::Actor,
        NoteKind::Aggregate => ElementKind::Aggregate,
        NoteKind::Policy => ElementKind::Policy,
        NoteKind::ReadModel => ElementKind::ReadModel,
        NoteKind::ExternalSystem => ElementKind::ExternalSystem,
        NoteKind::Hotspot => ElementKind::Hotspot,
        NoteKind::Opportunity => ElementKind::Opportunity,
        NoteKind::Ui => ElementKind::Ui,
        NoteKind::Note => ElementKind::Note,
    }
}
