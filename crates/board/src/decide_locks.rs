//! `decide` for the facilitator's locks: `lock_elements` and `unlock_elements`. A locked
//! sticky, frame or connector refuses every change (`decide` checks `Board::is_locked`).

use std::collections::BTreeSet;

use crate::board::Board;
use crate::event::Event;
use crate::ids::ElementId;
use crate::rejection::{RejectCode, Rejection};

/// Locks (`lock` true) or unlocks the elements. The event names only those whose lock
/// changes, so its inverse touches nothing else; none changing means no event.
pub(crate) fn decide(
    board: &Board,
    ids: &[ElementId],
    lock: bool,
) -> Result<Vec<Event>, Rejection> {
    if ids.is_empty() {
        return Err(Rejection::new(
            RejectCode::InvalidCommand,
            "name at least one sticky, frame or connector",
        ));
    }
    let mut changing = BTreeSet::new();
    for id in ids {
        if board.note(id).is_none() && board.frame(id).is_none() && board.connector(id).is_none() {
            return Err(Rejection::new(
                RejectCode::UnknownNote,
                format!("no sticky, frame or connector {id}"),
            ));
        }
        if board.is_locked(id) != lock {
            changing.insert(*id);
        }
    }
    if changing.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<ElementId> = changing.into_iter().collect();
    Ok(vec![if lock {
        Event::ElementsLocked { ids }
    } else {
        Event::ElementsUnlocked { ids }
    }])
}
