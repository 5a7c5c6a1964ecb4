//! Private mode on the wire. A sticky added in private mode is seen only by its owner until
//! the facilitator ends private mode. Everyone else receives each event about it in part (a
//! move of several stickies without the private ones) or as a `hidden` event with the same
//! seq (so seqs stay dense); joins during private mode get a board of their own; HTTP reads
//! (views, past states, event pages, histories, exports, pictures) show what nobody's private
//! stickies reveal. The `private_mode_ended` event carries the stickies whole, so everyone has
//! them the moment they are revealed. A private sticky deleted before the reveal stays out of
//! sight for good, history included.

use std::collections::BTreeSet;

use axum::extract::ws::Utf8Bytes;
use eventstorm_board::{Board, Connector, ElementId, Event};
use eventstorm_store::RecordedEvent;
use serde_json::{Value, json};

use super::ballot;
use super::frames::rfc3339;

/// What one viewer is shown of an event.
#[derive(Debug, PartialEq)]
pub enum Shown {
    /// The event as it is.
    Whole,
    /// The event without the parts about others' private stickies.
    Part(Box<Event>),
    /// Nothing of it: a `hidden` event stands in for it.
    Nothing,
}

/// Whether `viewer` may see the sticky (or any element that is not a private sticky).
fn sees(board: &Board, viewer: Option<&str>, id: &ElementId) -> bool {
    board
        .private_owner(id)
        .is_none_or(|owner| Some(owner) == viewer)
}

fn sees_connector(board: &Board, viewer: Option<&str>, c: &Connector) -> bool {
    sees(board, viewer, &c.from) && sees(board, viewer, &c.to)
}

/// A sticky, a frame or a connector (seen when both its ends are).
fn sees_element(board: &Board, viewer: Option<&str>, id: &ElementId) -> bool {
    match board.connector(id) {
        Some(c) => sees_connector(board, viewer, c),
        None => sees(board, viewer, id),
    }
}

/// Keeps what `keep` allows of a list: whole, in part, or nothing when nothing is left.
fn filtered<T: Clone>(
    items: &[T],
    keep: impl Fn(&T) -> bool,
    part: impl Fn(Vec<T>) -> Event,
) -> Shown {
    let kept: Vec<T> = items.iter().filter(|i| keep(i)).cloned().collect();
    if kept.len() == items.len() {
        Shown::Whole
    } else if kept.is_empty() {
        Shown::Nothing
    } else {
        Shown::Part(Box::new(part(kept)))
    }
}

/// What `viewer` (a participant id, or nobody) is shown of `event`; `board` is the board
/// with the event applied.
pub fn shown(event: &Event, board: &Board, viewer: Option<&str>) -> Shown {
    let whole_if = |seen: bool| if seen { Shown::Whole } else { Shown::Nothing };
    match event {
        // Private to its owner while the sticky is (once revealed, its past is everyone's).
        Event::PrivateNoteAdded { note, owner } => {
            whole_if(Some(owner.as_str()) == viewer || sees(board, viewer, &note.id))
        }
        Event::NotesMoved { moves } => filtered(
            moves,
            |m| sees(board, viewer, &m.id),
            |moves| Event::NotesMoved { moves },
        ),
        Event::NoteResized { id, .. }
        | Event::NoteTextEdited { id, .. }
        | Event::NoteKindChanged { id, .. }
        | Event::NoteDetailsChanged { id, .. }
        | Event::DotPlaced { note: id, .. }
        | Event::DotRemoved { note: id, .. } => whole_if(sees(board, viewer, id)),
        Event::NoteDeleted { id, connectors } => {
            if !sees(board, viewer, id) {
                return Shown::Nothing;
            }
            with_connectors(board, viewer, connectors, |connectors| Event::NoteDeleted {
                id: *id,
                connectors,
            })
        }
        Event::NoteRestored { note, connectors } => {
            if !sees(board, viewer, &note.id) {
                return Shown::Nothing;
            }
            with_connectors(board, viewer, connectors, |connectors| {
                Event::NoteRestored {
                    note: note.clone(),
                    connectors,
                }
            })
        }
        Event::ConnectorAdded { connector }
        | Event::ConnectorChanged { connector, .. }
        | Event::ConnectorRemoved { connector } => {
            whole_if(sees_connector(board, viewer, connector))
        }
        Event::ElementsLocked { ids } => filtered(
            ids,
            |id| sees_element(board, viewer, id),
            |ids| Event::ElementsLocked { ids },
        ),
        Event::ElementsUnlocked { ids } => filtered(
            ids,
            |id| sees_element(board, viewer, id),
            |ids| Event::ElementsUnlocked { ids },
        ),
        _ => Shown::Whole,
    }
}

/// A note event's connectors as the viewer may see them (the note itself they see).
fn with_connectors(
    board: &Board,
    viewer: Option<&str>,
    connectors: &[Connector],
    part: impl Fn(Vec<Connector>) -> Event,
) -> Shown {
    let kept: Vec<Connector> = connectors
        .iter()
        .filter(|c| sees_connector(board, viewer, c))
        .cloned()
        .collect();
    if kept.len() == connectors.len() {
        Shown::Whole
    } else {
        Shown::Part(Box::new(part(kept)))
    }
}

/// The participants whose private stickies the event is about: each may see more of it than
/// everyone else.
fn owners(event: &Event, board: &Board) -> BTreeSet<String> {
    let mut owners = BTreeSet::new();
    if let Event::PrivateNoteAdded { owner, .. } = event {
        owners.insert(owner.clone());
    }
    for id in event.element_ids() {
        owners.extend(board.private_owner(&id).map(str::to_owned));
        if let Some(c) = board.connector(&id) {
            for end in [c.from, c.to] {
                owners.extend(board.private_owner(&end).map(str::to_owned));
            }
        }
    }
    owners
}

/// The stand-in for an event a viewer may not see at all.
fn hidden_json(rec: &RecordedEvent) -> Value {
    json!({
        "seq": rec.seq,
        "op_id": rec.op_id,
        "actor": rec.actor,
        "at": rfc3339(rec.recorded_at_ms),
        "event": { "type": "hidden" },
    })
}

/// The event's envelope as `viewer` is shown it (the open vote's dots hidden as ever).
fn envelope_for(
    rec: &RecordedEvent,
    event: &Event,
    board: &Board,
    viewer: Option<&str>,
) -> Option<Value> {
    let open = ballot::open_vote(&board.facilitation);
    match shown(event, board, viewer) {
        Shown::Whole => None,
        Shown::Part(part) => Some(ballot::event_json(rec, &part, open, Some(board))),
        Shown::Nothing => Some(hidden_json(rec)),
    }
}

fn frame(mut envelope: Value) -> Utf8Bytes {
    envelope["type"] = json!("event");
    Utf8Bytes::from(envelope.to_string())
}

/// The frames of an event that some viewers see differently: `shared` for everyone but the
/// owners in `own`, each of whom gets their frame.
pub struct PersonalFrames {
    pub shared: Utf8Bytes,
    pub own: Vec<(String, Utf8Bytes)>,
}

/// The frames of a recorded event on a board that keeps private stickies; `None` when every
/// viewer sees the event whole (then the recorded frame goes to everyone).
pub fn personal_frames(rec: &RecordedEvent, board: &Board) -> Option<PersonalFrames> {
    if !board.keeps_private_notes() && rec.kind != "private_note_added" {
        return None;
    }
    let event = Event::decode(rec.schema_version, &rec.payload).ok()?;
    let owners = owners(&event, board);
    let shared = envelope_for(rec, &event, board, None)?;
    let own = owners
        .into_iter()
        .map(|owner| {
            let frame = match envelope_for(rec, &event, board, Some(&owner)) {
                Some(envelope) => frame(envelope),
                None => super::frames::event_frame(rec),
            };
            (owner, frame)
        })
        .collect();
    Some(PersonalFrames {
        shared: frame(shared),
        own,
    })
}

/// A stored event as HTTP readers (who are nobody in particular) see it: parts about
/// private stickies left out, an event wholly about them `hidden`. `live` is the board now:
/// what is private now (or was deleted while private) stays out of sight in the past too.
pub fn public_event_json(
    rec: &RecordedEvent,
    event: &Event,
    open: Option<ElementId>,
    live: &Board,
) -> Value {
    match shown(event, live, None) {
        Shown::Whole => ballot::event_json(rec, event, open, None),
        Shown::Part(part) => ballot::event_json(rec, &part, open, None),
        Shown::Nothing => hidden_json(rec),
    }
}

/// The `board` message for one participant when the board cannot be one encoding for all: a
/// secret ballot (their own dots only) or private stickies (their own only).
pub fn board_frame_for(link: &str, head: u64, board: &Board, me: &str) -> Utf8Bytes {
    let mut own = board.visible_to(Some(me));
    ballot::redact(&mut own.facilitation, Some(me));
    Utf8Bytes::from(eventstorm_protocol::board_message_json(link, head, &own))
}

/// Whether joiners need a board of their own rather than the shared encoding or a catch-up
/// from the shared frames.
pub fn needs_personal_board(board: &Board) -> bool {
    ballot::open_vote(&board.facilitation).is_some() || board.has_private_notes()
}

/// The frame kept for catch-ups: what everyone but a secret dot's voter and private
/// stickies' owners is shown.
pub fn shared_frame(rec: &RecordedEvent, board: &Board) -> Utf8Bytes {
    match personal_frames(rec, board) {
        Some(frames) => frames.shared,
        None => ballot::shared_frame(rec, board),
    }
}
