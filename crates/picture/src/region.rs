//! Which part of the board a picture shows, and the rectangle around it.

use std::collections::BTreeSet;

use eventstorm_board::{Board, ElementId, Frame, FrameKind, Note};

use crate::PictureError;

/// How far a bounded context's title sits above its top edge (the wall draws it there).
pub(crate) const HEADER_ABOVE: f64 = 28.0;
pub(crate) const HEADER_HEIGHT: f64 = 24.0;

#[derive(Clone, Debug, PartialEq)]
pub enum Region {
    /// Every element on the board.
    Board,
    /// One frame and whatever lies in it (also parts of elements crossing its edge).
    Frame(ElementId),
    /// These notes, frames and connectors only (a connector brings its two stickies).
    Elements(Vec<ElementId>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    fn union(self, other: Rect) -> Rect {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Rect {
            x,
            y,
            w: (self.x + self.w).max(other.x + other.w) - x,
            h: (self.y + self.h).max(other.y + other.h) - y,
        }
    }

    pub(crate) fn intersects(self, other: Rect) -> bool {
        self.x <= other.x + other.w
            && other.x <= self.x + self.w
            && self.y <= other.y + other.h
            && other.y <= self.y + self.h
    }

    pub(crate) fn grow(self, margin: f64) -> Rect {
        Rect {
            x: self.x - margin,
            y: self.y - margin,
            w: self.w + 2.0 * margin,
            h: self.h + 2.0 * margin,
        }
    }
}

pub(crate) fn note_rect(note: &Note) -> Rect {
    Rect {
        x: note.x,
        y: note.y,
        w: note.w,
        h: note.h,
    }
}

/// A frame with its title: a bounded context's title sits above it.
pub(crate) fn frame_rect(frame: &Frame) -> Rect {
    let above = match frame.kind {
        FrameKind::BoundedContext => HEADER_ABOVE,
        FrameKind::Swimlane => 0.0,
    };
    Rect {
        x: frame.x,
        y: frame.y - above,
        w: frame.w,
        h: frame.h + above,
    }
}

/// What a picture draws: the notes, frames and connectors by id, and the area it shows.
pub(crate) struct Selection {
    pub notes: BTreeSet<ElementId>,
    pub frames: BTreeSet<ElementId>,
    pub connectors: BTreeSet<ElementId>,
    pub area: Rect,
}

pub(crate) fn select(
    board: &Board,
    region: &Region,
    margin: f64,
) -> Result<Selection, PictureError> {
    let margin = if margin.is_finite() {
        margin.max(0.0)
    } else {
        0.0
    };
    let (notes, frames, connectors, bounds) = match region {
        Region::Board => {
            let notes: BTreeSet<_> = board.notes().iter().map(|n| n.id).collect();
            let frames: BTreeSet<_> = board.frames().map(|f| f.id).collect();
            let connectors = connectors_between(board, &notes);
            let bounds = bounds(board, &notes, &frames);
            (notes, frames, connectors, bounds)
        }
        Region::Frame(id) => {
            let frame = board.frame(id).ok_or(PictureError::UnknownFrame(*id))?;
            let area = frame_rect(frame);
            let notes: BTreeSet<_> = board
                .notes()
                .iter()
                .filter(|n| note_rect(n).intersects(area))
                .map(|n| n.id)
                .collect();
            let frames: BTreeSet<_> = board
                .frames()
                .filter(|f| frame_rect(f).intersects(area))
                .map(|f| f.id)
                .collect();
            let connectors = connectors_between(board, &notes);
            (notes, frames, connectors, Some(area))
        }
        Region::Elements(ids) => {
            let mut notes = BTreeSet::new();
            let mut frames = BTreeSet::new();
            let mut connectors = BTreeSet::new();
            for id in ids {
                if board.note(id).is_some() {
                    notes.insert(*id);
                } else if board.frame(id).is_some() {
                    frames.insert(*id);
                } else if let Some(connector) = board.connector(id) {
                    connectors.insert(*id);
                    notes.insert(connector.from);
                    notes.insert(connector.to);
                } else {
                    return Err(PictureError::UnknownElement(*id));
                }
            }
            connectors.extend(connectors_between(board, &notes));
            let bounds = bounds(board, &notes, &frames);
            (notes, frames, connectors, bounds)
        }
    };
    let area = bounds
        .unwrap_or(Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0,
        })
        .grow(margin);
    Ok(Selection {
        notes,
        frames,
        connectors,
        area,
    })
}

fn connectors_between(board: &Board, notes: &BTreeSet<ElementId>) -> BTreeSet<ElementId> {
    board
        .connectors()
        .filter(|c| notes.contains(&c.from) && notes.contains(&c.to))
        .map(|c| c.id)
        .collect()
}

fn bounds(
    board: &Board,
    notes: &BTreeSet<ElementId>,
    frames: &BTreeSet<ElementId>,
) -> Option<Rect> {
    let note_rects = notes.iter().filter_map(|id| board.note(id)).map(note_rect);
    let frame_rects = frames
        .iter()
        .filter_map(|id| board.frame(id))
        .map(frame_rect);
    note_rects.chain(frame_rects).reduce(Rect::union)
}
