//! The eventstorm domain: a board of typed stickies (the event storming grammar), connectors and
//! frames, the commands people issue against it and the past-tense events those commands produce.
//!
//! `decide` validates a command against the current board and returns the events it produces (or
//! a [`Rejection`] with a stable code); `evolve` applies an event. Both are deterministic, so
//! folding the same events always yields the same board. Every event carries the values it
//! replaced, so its inverse (for undo) can be derived from the event alone.
//!
//! This crate is pure: no I/O, no async, no storage or transport. It must never depend on tokio,
//! sqlx, axum or askama (CI checks this).

mod board;
mod command;
mod decide;
mod decide_facilitation;
mod decide_locks;
mod decide_private;
mod element;
mod event;
mod facilitation;
mod ids;
mod inverse;
mod kinds;
mod limits;
mod memory;
mod rejection;

pub use board::{Board, DeletedNote, Retention};
pub use command::{Command, FrameChanges, Move};
pub use decide::decide;
pub use element::{
    Backoff, Connector, ContractDetails, Frame, Note, NoteDetails, PayloadField, RetryPolicy,
    Scenario, default_note_size,
};
pub use event::{DecodeError, EVENT_SCHEMA_VERSION, Event, MovedNote};
pub use facilitation::{
    Facilitation, MAX_INSTRUCTION_CHARS, Phase, Timer, TimerState, Vote, default_vote_kinds,
};
pub use ids::ElementId;
pub use inverse::{forward, inverse};
pub use kinds::{FrameKind, NoteKind};
pub use limits::Limits;
pub use rejection::{RejectCode, Rejection};

/// Applies `event` to `board`. Events come from the store and were produced by [`decide`], so
/// this never fails; an event naming an element that is not there changes nothing.
pub fn evolve(board: &mut Board, event: &Event) {
    board.apply(event);
}
