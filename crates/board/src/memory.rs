//! What a board's elements cost in memory, estimated: the byte budget (`Limits::max_board_bytes`)
//! counts these. An estimate, not an allocator's figure: a fixed cost per element for the
//! struct and its place in the maps, plus the length of every string it holds. The estimate is
//! part of the board's state (snapshots carry it), so a change here raises the snapshot
//! format version.

use std::io;

use crate::element::{Connector, Frame, Note, NoteDetails};

/// A note's struct, its map entries (notes and stacking order) and allocation slack.
const NOTE_OVERHEAD: usize = 320;
const CONNECTOR_OVERHEAD: usize = 96;
const FRAME_OVERHEAD: usize = 128;
/// An id of a deleted note that is no longer kept whole (its entry in a persistent set).
pub const RETIRED_ID_BYTES: usize = 48;
/// A locked element's id (its entry in the facilitation state's set).
pub const LOCKED_ID_BYTES: usize = 48;
/// A private sticky's entry (its id; the owner's id is counted by its length).
pub const PRIVATE_ENTRY_BYTES: usize = 48;

pub fn note_bytes(note: &Note) -> usize {
    NOTE_OVERHEAD + note.text.len() + details_bytes(&note.details)
}

pub fn connector_bytes(c: &Connector) -> usize {
    CONNECTOR_OVERHEAD + c.label.as_ref().map_or(0, String::len)
}

pub fn frame_bytes(f: &Frame) -> usize {
    FRAME_OVERHEAD + f.name.len()
}

/// Details as their JSON length: it covers every part of them (descriptions, fields, retry)
/// without listing each, and empty details cost nothing.
fn details_bytes(d: &NoteDetails) -> usize {
    if *d == NoteDetails::default() {
        return 0;
    }
    let mut counter = Counter(0);
    serde_json::to_writer(&mut counter, d).expect("details serialise");
    counter.0
}

struct Counter(usize);

impl io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
