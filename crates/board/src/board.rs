use imbl::{OrdMap, OrdSet};
use serde::{Deserialize, Serialize};

use crate::element::{Connector, Frame, Note};
use crate::event::Event;
use crate::facilitation::Facilitation;
use crate::ids::ElementId;
use crate::memory::{
    LOCKED_ID_BYTES, PRIVATE_ENTRY_BYTES, RETIRED_ID_BYTES, connector_bytes, frame_bytes,
    note_bytes,
};

/// The state of one board, as folded from its events. Maps are ordered so that folding and
/// serialising are deterministic, and persistent (`imbl`): a clone shares every node with the
/// original and costs O(1), so the server decides a batch against a copy and encodes
/// snapshots off its hot path without copying a big board. `order` keeps stickies in the
/// order they were added (their z-order on the wall).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub created: bool,
    pub title: String,
    notes: OrdMap<ElementId, Note>,
    /// Stacking order: the note added (or restored) last is on top.
    order: OrdMap<ElementId, u64>,
    next_order: u64,
    connectors: OrdMap<ElementId, Connector>,
    frames: OrdMap<ElementId, Frame>,
    /// Deleted notes kept whole so `restore_note` can bring them back: the most recent ones,
    /// within `retention` (see `Retention`).
    deleted_notes: OrdMap<ElementId, DeletedNote>,
    /// The kept deleted notes in the order they were deleted (oldest first), for eviction.
    deleted_order: OrdMap<u64, ElementId>,
    next_deleted: u64,
    /// Ids of deleted notes no longer kept whole: they cannot be restored, and cannot be taken
    /// by a new element either (an id names one element for the life of the board).
    retired: OrdSet<ElementId>,
    /// Private stickies that were deleted before private mode ended, with their owners: they
    /// were never revealed, so their history stays out of everyone else's sight.
    #[serde(default)]
    withheld: OrdMap<ElementId, String>,
    /// Estimated bytes the board holds in memory (see `memory.rs`); what the byte budget counts.
    bytes: usize,
    /// The part of `bytes` that the kept deleted notes take.
    deleted_bytes: usize,
    /// How many deleted notes are kept whole. A setting of the server, not part of the state:
    /// it decides only what `restore_note` can still bring back (a `note_restored` event
    /// carries the note, so replaying the log never needs what was evicted).
    #[serde(skip)]
    retention: Retention,
    /// Phase, timer and vote (absent from snapshots written before facilitation existed).
    #[serde(default)]
    pub facilitation: Facilitation,
}

/// What remembering that a sticky is private costs.
fn private_entry_bytes(owner: &str) -> usize {
    PRIVATE_ENTRY_BYTES + owner.len()
}

/// A deleted note, kept so `restore_note` can bring it back with its connectors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeletedNote {
    pub note: Note,
    pub connectors: Vec<Connector>,
    /// When it was deleted, counting deletions on this board: its key in `deleted_order`.
    #[serde(default)]
    deleted: u64,
}

impl DeletedNote {
    fn bytes(&self) -> usize {
        note_bytes(&self.note) + self.connectors.iter().map(connector_bytes).sum::<usize>()
    }
}

/// How many deleted notes a board keeps whole for `restore_note` (and undo): the most recent
/// `max_notes`, and no more than `max_bytes` of them; the oldest go first. Whatever is evicted
/// stays in the board's history (its events), only no longer on the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    pub max_notes: usize,
    pub max_bytes: usize,
}

impl Retention {
    /// A board's retention under a byte budget: an eighth of the budget, at most 500 notes.
    pub fn for_budget(max_board_bytes: usize) -> Self {
        Self {
            max_notes: 500,
            max_bytes: max_board_bytes / 8,
        }
    }
}

impl Default for Retention {
    fn default() -> Self {
        Self::for_budget(crate::Limits::default().max_board_bytes)
    }
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

    /// Whether the note was deleted so long ago that the board no longer keeps it.
    pub fn is_retired(&self, id: &ElementId) -> bool {
        self.retired.contains(id)
    }

    /// Estimated bytes the board holds: live elements with their details, the deleted notes
    /// it keeps and the ids of those it no longer keeps. What `Limits::max_board_bytes` bounds.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// `bytes()` counted from scratch: the check that the running count is kept in step.
    pub fn recount_bytes(&self) -> usize {
        self.title.len()
            + self.notes.values().map(note_bytes).sum::<usize>()
            + self.connectors.values().map(connector_bytes).sum::<usize>()
            + self.frames.values().map(frame_bytes).sum::<usize>()
            + self
                .deleted_notes
                .values()
                .map(DeletedNote::bytes)
                .sum::<usize>()
            + self.retired.len() * RETIRED_ID_BYTES
            + self.facilitation.locked.len() * LOCKED_ID_BYTES
            + self
                .facilitation
                .private_notes
                .values()
                .chain(self.withheld.values())
                .map(|owner| private_entry_bytes(owner))
                .sum::<usize>()
    }

    /// Whether private mode left stickies (live, or deleted meanwhile) that only their owners
    /// may see: then every viewer needs a view of their own.
    pub fn has_private_notes(&self) -> bool {
        !self.facilitation.private_notes.is_empty()
    }

    /// Whether any sticky is private now or was deleted while private: events about them are
    /// not everyone's to see.
    pub fn keeps_private_notes(&self) -> bool {
        self.has_private_notes() || !self.withheld.is_empty()
    }

    /// The participant a sticky is private to: one added in private mode (until it ends), or
    /// one deleted before it ended (for good).
    pub fn private_owner(&self, id: &ElementId) -> Option<&str> {
        self.facilitation
            .private_notes
            .get(id)
            .or_else(|| self.withheld.get(id))
            .map(String::as_str)
    }

    /// The board as `viewer` (a participant id, or nobody) may see it: without the stickies
    /// private to anyone else, the connectors that touch them, their locks and their entries.
    pub fn visible_to(&self, viewer: Option<&str>) -> Board {
        let hidden: Vec<ElementId> = self
            .facilitation
            .private_notes
            .iter()
            .filter(|(_, owner)| Some(owner.as_str()) != viewer)
            .map(|(id, _)| *id)
            .collect();
        if hidden.is_empty() {
            return self.clone();
        }
        let mut view = self.clone();
        let gone: std::collections::BTreeSet<ElementId> = hidden.iter().copied().collect();
        let touching: Vec<ElementId> = self
            .connectors
            .values()
            .filter(|c| gone.contains(&c.from) || gone.contains(&c.to))
            .map(|c| c.id)
            .collect();
        for id in touching {
            view.remove_connector(&id);
        }
        for id in &hidden {
            view.unlock(id);
            if let Some(note) = view.notes.remove(id) {
                view.order.remove(id);
                view.bytes -= note_bytes(&note);
            }
            if let Some(deleted) = view.deleted_notes.remove(id) {
                view.bytes -= deleted.bytes();
                view.deleted_bytes -= deleted.bytes();
                view.deleted_order.remove(&deleted.deleted);
            }
            if let Some(owner) = view.facilitation.private_notes.remove(id) {
                view.bytes -= private_entry_bytes(&owner);
            }
        }
        view
    }

    /// Sets how many deleted notes are kept whole, evicting the oldest at once if needed.
    pub fn set_retention(&mut self, retention: Retention) {
        self.retention = retention;
        self.evict_deleted();
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
            || self.retired.contains(id)
    }

    /// Whether the facilitator locked the element.
    pub fn is_locked(&self, id: &ElementId) -> bool {
        self.facilitation.locked.contains(id)
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
                self.set_title(title);
            }
            Event::BoardRenamed { title, .. } => self.set_title(title),
            Event::NoteAdded { note } => self.insert_note(note.clone()),
            Event::PrivateNoteAdded { note, owner } => {
                self.insert_note(note.clone());
                self.bytes += private_entry_bytes(owner);
                if let Some(old) = self
                    .facilitation
                    .private_notes
                    .insert(note.id, owner.clone())
                {
                    self.bytes -= private_entry_bytes(&old);
                }
            }
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
            Event::NoteTextEdited { id, text, .. } => self.change_note(id, |note| {
                note.text.clone_from(text);
            }),
            Event::NoteKindChanged { id, kind, .. } => {
                if let Some(note) = self.notes.get_mut(id) {
                    note.kind = *kind;
                }
            }
            Event::NoteDetailsChanged { id, details, .. } => self.change_note(id, |note| {
                note.details = details.clone();
            }),
            Event::NoteDeleted { id, connectors } => {
                for c in connectors {
                    self.remove_connector(&c.id);
                }
                self.unlock(id);
                if let Some(note) = self.notes.remove(id) {
                    self.order.remove(id);
                    self.bytes -= note_bytes(&note);
                    self.keep_deleted(note, connectors.clone());
                }
            }
            Event::NoteRestored { note, connectors } => {
                self.forget_deleted(&note.id);
                // One withheld since an earlier private mode comes back for everyone; one
                // deleted during this private mode stays private.
                if let Some(owner) = self.withheld.remove(&note.id) {
                    self.bytes -= private_entry_bytes(&owner);
                }
                self.insert_note(note.clone());
                for c in connectors {
                    self.insert_connector(c.clone());
                }
            }
            Event::ConnectorAdded { connector } => self.insert_connector(connector.clone()),
            Event::ConnectorChanged { connector, .. } => {
                // Only a connector still on the board changes; a label never brings one back.
                if self.connectors.contains_key(&connector.id) {
                    self.insert_connector(connector.clone());
                }
            }
            Event::ConnectorRemoved { connector } => self.remove_connector(&connector.id),
            Event::FrameAdded { frame } | Event::FrameChanged { frame, .. } => {
                self.bytes += frame_bytes(frame);
                if let Some(old) = self.frames.insert(frame.id, frame.clone()) {
                    self.bytes -= frame_bytes(&old);
                }
            }
            Event::FrameRemoved { frame } => {
                self.unlock(&frame.id);
                if let Some(old) = self.frames.remove(&frame.id) {
                    self.bytes -= frame_bytes(&old);
                }
            }
            Event::PhaseChanged { phase, .. } => self.facilitation.phase = *phase,
            Event::PhaseInstructionSet { phase, text, .. } => match text {
                Some(text) => {
                    self.facilitation.instructions.insert(*phase, text.clone());
                }
                None => {
                    self.facilitation.instructions.remove(phase);
                }
            },
            Event::TimerStarted { timer, .. }
            | Event::TimerPaused { timer, .. }
            | Event::TimerResumed { timer, .. }
            | Event::TimerExtended { timer, .. } => self.facilitation.timer = Some(*timer),
            Event::TimerReset { .. } => self.facilitation.timer = None,
            Event::ElementsLocked { ids } => {
                for id in ids {
                    if self.facilitation.locked.insert(*id) {
                        self.bytes += LOCKED_ID_BYTES;
                    }
                }
            }
            Event::ElementsUnlocked { ids } => {
                for id in ids {
                    self.unlock(id);
                }
            }
            Event::PrivateModeStarted => self.facilitation.private_mode = true,
            Event::PrivateModeEnded { notes, connectors } => {
                self.end_private_mode(notes, connectors)
            }
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

    /// Every live private sticky becomes public; the deleted ones are withheld for good. The
    /// event's notes and connectors are on this board already (they were decided here); a
    /// viewer's copy that lacked them gets them.
    fn end_private_mode(&mut self, notes: &[Note], connectors: &[Connector]) {
        self.facilitation.private_mode = false;
        for (id, owner) in std::mem::take(&mut self.facilitation.private_notes) {
            if self.notes.contains_key(&id) {
                self.bytes -= private_entry_bytes(&owner);
            } else {
                self.withheld.insert(id, owner);
            }
        }
        for note in notes {
            if !self.notes.contains_key(&note.id) {
                self.insert_note(note.clone());
            }
        }
        for c in connectors {
            if !self.connectors.contains_key(&c.id) {
                self.insert_connector(c.clone());
            }
        }
    }

    fn set_title(&mut self, title: &str) {
        self.bytes = self.bytes - self.title.len() + title.len();
        self.title = title.to_owned();
    }

    fn insert_note(&mut self, note: Note) {
        self.next_order += 1;
        self.order.insert(note.id, self.next_order);
        self.bytes += note_bytes(&note);
        if let Some(old) = self.notes.insert(note.id, note) {
            self.bytes -= note_bytes(&old);
        }
    }

    /// Changes a live note, keeping the byte count in step.
    fn change_note(&mut self, id: &ElementId, change: impl FnOnce(&mut Note)) {
        if let Some(note) = self.notes.get_mut(id) {
            let before = note_bytes(note);
            change(note);
            let after = note_bytes(note);
            self.bytes = self.bytes - before + after;
        }
    }

    fn insert_connector(&mut self, connector: Connector) {
        self.bytes += connector_bytes(&connector);
        if let Some(old) = self.connectors.insert(connector.id, connector) {
            self.bytes -= connector_bytes(&old);
        }
    }

    /// Drops a lock (the element was unlocked or is gone), keeping the byte count in step.
    fn unlock(&mut self, id: &ElementId) {
        if self.facilitation.locked.remove(id) {
            self.bytes -= LOCKED_ID_BYTES;
        }
    }

    fn remove_connector(&mut self, id: &ElementId) {
        self.unlock(id);
        if let Some(old) = self.connectors.remove(id) {
            self.bytes -= connector_bytes(&old);
        }
    }

    fn keep_deleted(&mut self, note: Note, connectors: Vec<Connector>) {
        self.next_deleted += 1;
        let deleted = DeletedNote {
            note,
            connectors,
            deleted: self.next_deleted,
        };
        self.bytes += deleted.bytes();
        self.deleted_bytes += deleted.bytes();
        self.deleted_order.insert(deleted.deleted, deleted.note.id);
        self.deleted_notes.insert(deleted.note.id, deleted);
        self.evict_deleted();
    }

    /// Takes a note out of the deleted ones (it was restored).
    fn forget_deleted(&mut self, id: &ElementId) {
        if let Some(deleted) = self.deleted_notes.remove(id) {
            self.bytes -= deleted.bytes();
            self.deleted_bytes -= deleted.bytes();
            self.deleted_order.remove(&deleted.deleted);
        }
        if self.retired.remove(id).is_some() {
            self.bytes -= RETIRED_ID_BYTES;
        }
    }

    /// Evicts the oldest kept deleted notes past the retention; their ids stay reserved.
    fn evict_deleted(&mut self) {
        while self.deleted_order.len() > self.retention.max_notes
            || (self.deleted_bytes > self.retention.max_bytes && self.deleted_order.len() > 1)
        {
            let Some(&(oldest, id)) = self.deleted_order.get_min() else {
                break;
            };
            self.deleted_order.remove(&oldest);
            if let Some(deleted) = self.deleted_notes.remove(&id) {
                self.bytes -= deleted.bytes();
                self.deleted_bytes -= deleted.bytes();
            }
            self.retired.insert(id);
            self.bytes += RETIRED_ID_BYTES;
        }
    }
}
