//! `decide` for private mode: while it is on, each participant's new stickies are theirs
//! alone (`add_note` decides `private_note_added`); ending it reveals them all at once.

use crate::board::Board;
use crate::event::Event;

/// Starts private mode; nothing when it is on already.
pub(crate) fn start(board: &Board) -> Vec<Event> {
    if board.facilitation.private_mode {
        return Vec::new();
    }
    vec![Event::PrivateModeStarted]
}

/// Ends private mode, carrying every live private sticky (as it is now) and the connectors
/// that touch one, so those who never saw them get them whole. Nothing when it is off.
pub(crate) fn end(board: &Board) -> Vec<Event> {
    let f = &board.facilitation;
    if !f.private_mode {
        return Vec::new();
    }
    // In stacking order, so everyone stacks them as their owners did.
    let notes: Vec<_> = board
        .notes()
        .into_iter()
        .filter(|n| f.private_notes.contains_key(&n.id))
        .cloned()
        .collect();
    let connectors = board
        .connectors()
        .filter(|c| f.private_notes.contains_key(&c.from) || f.private_notes.contains_key(&c.to))
        .cloned()
        .collect();
    vec![Event::PrivateModeEnded { notes, connectors }]
}
