//! The board read as a layout: every sticky with its place in reading order, its bounded
//! context and swimlane, its display name and its code name.
//!
//! Everything downstream iterates in this reading order (left to right, then top to bottom,
//! then by id), never in the board's stacking order: stacking depends on the order stickies were
//! added, and the exports must depend only on what is on the wall.

use std::collections::BTreeMap;

use eventstorm_board::{Board, ElementId, Frame, FrameKind, Note, NoteKind};

use crate::identity::{Card, identities, short_id};
use crate::model::{BoundedContext, Common, Ref, Swimlane};
use crate::names::{display_name, pascal_case, unique_within};

pub struct Sticky<'b> {
    pub note: &'b Note,
    pub name: String,
    pub code_name: String,
    pub qualified_name: String,
    /// The channel address, for events and commands.
    pub address: Option<String>,
    /// The rank of the card that stands for this sticky's element (itself when not repeated).
    pub element: usize,
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
    /// Element (representative rank) -> the ranks of all its cards, in reading order.
    pub members: BTreeMap<usize, Vec<usize>>,
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

        let context_frames: Vec<&Frame> = {
            // Context code names follow frame ids, so moving a frame renames nothing.
            let mut by_id: Vec<&Frame> = frames
                .iter()
                .copied()
                .filter(|f| f.kind == FrameKind::BoundedContext)
                .collect();
            by_id.sort_by_key(|f| f.id);
            by_id
        };
        let context_items: Vec<(ElementId, String)> = context_frames
            .iter()
            .map(|f| {
                let base = pascal_case(&f.name, "Context")
                    .unwrap_or_else(|| format!("Context{}", short_id(&f.id)));
                (f.id, base)
            })
            .collect();
        let context_codes = unique_within(&context_items);

        let cards: Vec<Card<'_>> = notes
            .iter()
            .map(|n| {
                let context = smallest_frame(&frames, n, FrameKind::BoundedContext);
                Card {
                    note: n,
                    context,
                    context_code: context.map(|f| context_codes[&f.id].clone()),
                }
            })
            .collect();
        let ids = identities(&cards);
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (rank, &element) in ids.element_of.iter().enumerate() {
            members.entry(element).or_default().push(rank);
        }

        let stickies = cards
            .iter()
            .enumerate()
            .map(|(rank, c)| Sticky {
                note: c.note,
                name: display_name(&c.note.text),
                code_name: ids.code_names[rank].clone(),
                qualified_name: ids.qualified_names[rank].clone(),
                address: ids.addresses[rank].clone(),
                element: ids.element_of[rank],
                context: c.context,
                swimlane: smallest_frame(&frames, c.note, FrameKind::Swimlane),
            })
            .collect::<Vec<_>>();
        let by_id = stickies
            .iter()
            .enumerate()
            .map(|(i, s)| (s.note.id, i))
            .collect();

        // Listed left to right, as on the wall.
        let mut listed = context_frames.clone();
        listed.sort_by(|a, b| {
            a.x.total_cmp(&b.x)
                .then(a.y.total_cmp(&b.y))
                .then(a.id.cmp(&b.id))
        });
        let contexts = listed
            .iter()
            .map(|f| BoundedContext {
                id: f.id.to_string(),
                name: display_name(&f.name),
                code_name: context_codes[&f.id].clone(),
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
            members,
            by_id,
            contexts,
            swimlanes,
        }
    }

    pub fn sticky(&self, rank: usize) -> &Sticky<'b> {
        &self.stickies[rank]
    }

    /// Every card of `kind`, in reading order (for the spatial rules, which look per card).
    pub fn cards_of(&self, kind: NoteKind) -> impl Iterator<Item = usize> + '_ {
        (0..self.stickies.len()).filter(move |&i| self.stickies[i].kind() == kind)
    }

    /// The elements of `kind` (each by its representative's rank), ordered by their first card
    /// in reading order.
    pub fn elements_of(&self, kind: NoteKind) -> impl Iterator<Item = usize> + '_ {
        self.cards_of(kind)
            .filter(move |&i| self.members[&self.stickies[i].element][0] == i)
            .map(move |i| self.stickies[i].element)
    }

    /// The cards of the element `rank` belongs to.
    pub fn cards(&self, rank: usize) -> &[usize] {
        &self.members[&self.stickies[rank].element]
    }

    /// A reference to the element a card belongs to.
    pub fn reference(&self, rank: usize) -> Ref {
        let s = &self.stickies[self.stickies[rank].element];
        Ref {
            kind: s.kind(),
            id: s.note.id.to_string(),
            name: s.name.clone(),
            inferred: false,
        }
    }

    pub fn common(&self, rank: usize) -> Common {
        let s = &self.stickies[self.stickies[rank].element];
        let mut repeated_on: Vec<String> = self
            .cards(rank)
            .iter()
            .map(|&r| self.stickies[r].note.id)
            .filter(|id| *id != s.note.id)
            .map(|id| id.to_string())
            .collect();
        repeated_on.sort();
        Common {
            id: s.note.id.to_string(),
            name: s.name.clone(),
            code_name: s.code_name.clone(),
            qualified_name: s.qualified_name.clone(),
            pinned_code_name: s.note.details.contract.code_name.is_some(),
            text: s.note.text.clone(),
            description: s.note.details.description.clone(),
            bounded_context: s.context.map(|f| f.id.to_string()),
            swimlane: s.swimlane.map(|f| f.id.to_string()),
            repeated_on,
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
