use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::element::{Connector, Frame, Note};
use crate::event::Event;
use crate::facilitation::Facilitation;
use crate::ids::ElementId;

/// The state of one board, as folded from its events. Maps are ordered so that folding and
/// serialising are deterministic; `order` keeps stickies in the order they were added (their
/// z-order on the wall).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub created: bool,
    pub title: String,
    notes: BTreeMap<ElementId, Note>,
    /// Stacking order: the note added (or restored) last is on top.
    order: BTreeMap<ElementId, u64>,
    next_order: u64,
    connectors: BTreeMap<ElementId, Connector>,
    frames: BTreeMap<ElementId, Frame>,
    deleted_notes: BTreeMap<ElementId, DeletedNote>,
    /// Phase, timer and vote (absent from snapshots written before facilitation existed).
    #[serde(default)]
    pub facilitation: Facilitation,
}

/// A deleted note, kept so `restore_note` can bring it back with its connectors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeletedNote {
    pub note: Note,
    pub connectors: Vec<Connector>,
}

impl Board {
    pub fn note(&self, id: &ElementId) -> Option<&Note> {
        self.notes.get(id)
    }

    pub fn connector(&self, id: &ElementId) -> Option<&Connector> {
        self.connectors.get(id)
    }

    pub fn frame(&self, id: &ElementId) -> Option<&Frame> {
        self.frames.get(id)
    }

    pub fn deleted_note(&self, id: &ElementId) -> Option<&DeletedNote> {
        self.deleted_notes.get(id)
    }

    /// Live notes in stacking order (bottom first).
    pub fn notes(&self) -> Vec<&Note> {
        let mut notes: Vec<&Note> = self.notes.values().collect();
        notes.sort_by_key(|n| (self.order.get(&n.id).copied().unwrap_or(0), n.id));
        notes
    }

    pub fn connectors(&self) -> impl Iterator<Item = &Connector> {
        self.connectors.values()
    }

    pub fn frames(&self) -> impl Iterator<Item = &Frame> {
        self.frames.values()
    }

    pub fn note_count(&self) -> usize {
        self.notes.len()
    }

    /// Live notes, connectors and frames: what the element limit counts.
    pub fn element_count(&self) -> usize {
        self.notes.len() + self.connectors.len() + self.frames.len()
    }

    /// Whether an id is taken by a live element or a deleted note (which may come back).
    pub fn id_in_use(&self, id: &ElementId) -> bool {
        self.notes.contains_key(id)
            || self.connectors.contains_key(id)
            || self.frames.contains_key(id)
            || self.deleted_notes.contains_key(id)
    }

    /// Connectors that touch the note, in id order.
    pub fn connectors_of(&self, note: &ElementId) -> Vec<Connector> {
        self.connectors
            .values()
            .filter(|c| c.from == *note || c.to == *note)
            .cloned()
            .collect()
    }

    /// The frame a sticky belongs to: the smallest frame containing its centre.
    pub fn frame_of(&self, note: &Note) -> Option<&Frame> {
        let (cx, cy) = (note.x + note.w / 2.0, note.y + note.h / 2.0);
        self.frames
            .values()
            .filter(|f| f.contains(cx, cy))
            .min_by(|a, b| (a.w * a.h).total_cmp(&(b.w * b.h)).then(a.id.cmp(&b.id)))
    }

    pub(crate) fn apply(&mut self, event: &Event) {
        match event {
            Event::BoardCreated { title } => {
                self.created = true;
                self.title.clone_from(title);
            }
            Event::BoardRenamed { title, .. } => self.title.clone_from(title),
            Event::NoteAdded { note } => self.insert_note(note.clone()),
            Event::NotesMoved { moves } => {
                for m in moves {
                    if let Some(note) = self.notes.get_mut(&m.id) {
                        note.x = m.x;
                        note.y = m.y;
                    }
                }
            }
            Event::NoteResized { id, w, h, .. } => {
                if let Some(note) = self.notes.get_mut(id) {
                    note.w = *w;
                    note.h = *h;
                }
            }
            Event::NoteTextEdited { id, text, .. } => {
                if let Some(note) = self.notes.get_mut(id) {
                    note.text.clone_from(text);
                }
            }
            Event::NoteKindChanged { id, kind, .. } => {
                if let Some(note) = self.notes.get_mut(id) {
                    note.kind = *kind;
                }
            }
            Event::NoteDetailsChanged { id, details, .. } => {
                if let Some(note) = self.notes.get_mut(id) {
                    note.details = details.clone();
                }
            }
            Event::NoteDeleted { id, connectors } => {
                for c in connectors {
                    self.connectors.remove(&c.id);
                }
                if let Some(note) = self.notes.remove(id) {
                    self.order.remove(id);
                    self.deleted_notes.insert(
                        *id,
                        DeletedNote {
                            note,
                            connectors: connectors.clone(),
                        },
                    );
                }
            }
            Event::NoteRestored { note, connectors } => {
                self.deleted_notes.remove(&note.id);
                self.insert_note(note.clone());
                for c in connectors {
                    self.connectors.insert(c.id, c.clone());
                }
            }
            Event::ConnectorAdded { connector } => {
                self.connectors.insert(connector.id, connector.clone());
            }
            Event::ConnectorRemoved { connector } => {
                self.connectors.remove(&connector.id);
            }
            Event::FrameAdded { frame } | Event::FrameChanged { frame, .. } => {
                self.frames.insert(frame.id, frame.clone());
            }
            Event::FrameRemoved { frame } => {
                self.frames.remove(&frame.id);
            }
            Event::PhaseChanged { phase, .. } => self.facilitation.phase = *phase,
            Event::TimerStarted { timer, .. }
            | Event::TimerPaused { timer, .. }
            | Event::TimerResumed { timer, .. }
            | Event::TimerExtended { timer, .. } => self.facilitation.timer = Some(*timer),
            Event::TimerReset { .. } => self.facilitation.timer = None,
            Event::VoteOpened { vote } => self.facilitation.vote = Some(vote.clone()),
            Event::VoteClosed { vote_id, dots } => {
                if let Some(vote) = self.facilitation.vote.as_mut().filter(|v| v.id == *vote_id) {
                    vote.open = false;
                    if let Some(dots) = dots {
                        vote.dots = dots.clone();
                    }
                }
            }
            Event::DotPlaced {
                vote_id,
                note,
                voter,
            } => {
                if let Some(vote) = self.facilitation.vote.as_mut().filter(|v| v.id == *vote_id) {
                    vote.dots.entry(voter.clone()).or_default().push(*note);
                }
            }
            Event::DotRemoved {
                vote_id,
                note,
                voter,
            } => {
                if let Some(vote) = self.facilitation.vote.as_mut().filter(|v| v.id == *vote_id)
                    && let Some(dots) = vote.dots.get_mut(voter)
                    && let Some(i) = dots.iter().position(|d| d == note)
                {
                    dots.remove(i);
                    if dots.is_empty() {
                        vote.dots.remove(voter);
                    }
                }
            }
        }
    }

    fn insert_note(&mut self, note: Note) {
        self.next_order += 1;
        self.order.insert(note.id, self.next_order);
        self.notes.insert(note.id, note);
    }
}
