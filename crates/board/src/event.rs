use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::element::{Connector, Frame, Note, NoteDetails};
use crate::facilitation::{Phase, Timer, Vote};
use crate::ids::ElementId;
use crate::kinds::NoteKind;

/// The schema version written with every new event. Raise it when an event's shape changes and
/// teach [`Event::decode`] to upcast the older shape; the fixture test proves old events load.
pub const EVENT_SCHEMA_VERSION: i32 = 1;

/// A fact about a board, past tense. Each carries the values it replaced (`from...`) so that
/// its inverse can be derived from the event alone and history can say what changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    BoardCreated {
        title: String,
    },
    BoardRenamed {
        title: String,
        from: String,
    },
    NoteAdded {
        note: Note,
    },
    /// A sticky added in private mode: only `owner` (a participant id) sees it until the
    /// facilitator ends private mode.
    PrivateNoteAdded {
        note: Note,
        owner: String,
    },
    NotesMoved {
        moves: Vec<MovedNote>,
    },
    NoteResized {
        id: ElementId,
        w: f64,
        h: f64,
        from_w: f64,
        from_h: f64,
    },
    NoteTextEdited {
        id: ElementId,
        text: String,
        from: String,
    },
    NoteKindChanged {
        id: ElementId,
        kind: NoteKind,
        from: NoteKind,
    },
    NoteDetailsChanged {
        id: ElementId,
        details: NoteDetails,
        from: NoteDetails,
    },
    /// The note and the connectors that touched it are gone (the note is kept as a tombstone so
    /// it can be restored).
    NoteDeleted {
        id: ElementId,
        connectors: Vec<Connector>,
    },
    NoteRestored {
        note: Note,
        connectors: Vec<Connector>,
    },
    ConnectorAdded {
        connector: Connector,
    },
    /// The connector's label changed; `from` is the connector as it was.
    ConnectorChanged {
        connector: Connector,
        from: Connector,
    },
    ConnectorRemoved {
        connector: Connector,
    },
    FrameAdded {
        frame: Frame,
    },
    FrameChanged {
        frame: Frame,
        from: Frame,
    },
    FrameRemoved {
        frame: Frame,
    },
    PhaseChanged {
        phase: Option<Phase>,
        from: Option<Phase>,
    },
    /// A phase's instruction changed; `None` is the phase's default instruction.
    PhaseInstructionSet {
        phase: Phase,
        text: Option<String>,
        from: Option<String>,
    },
    TimerStarted {
        timer: Timer,
        from: Option<Timer>,
        now_ms: i64,
    },
    TimerPaused {
        timer: Timer,
        from: Timer,
        now_ms: i64,
    },
    TimerResumed {
        timer: Timer,
        from: Timer,
        now_ms: i64,
    },
    TimerExtended {
        timer: Timer,
        from: Timer,
        by_ms: u64,
        now_ms: i64,
    },
    TimerReset {
        from: Timer,
    },
    /// Elements the facilitator locked: only those that were not locked already.
    ElementsLocked {
        ids: Vec<ElementId>,
    },
    /// Elements the facilitator unlocked: only those that were locked.
    ElementsUnlocked {
        ids: Vec<ElementId>,
    },
    /// From now on each participant's new stickies are private to them.
    PrivateModeStarted,
    /// Private mode is over and every private sticky is public: `notes` are the live ones as
    /// they are now and `connectors` those that touch them, so participants who never saw them
    /// get them whole. Private stickies deleted before this stay out of sight.
    PrivateModeEnded {
        notes: Vec<Note>,
        connectors: Vec<Connector>,
    },
    VoteOpened {
        vote: Vote,
    },
    VoteClosed {
        vote_id: ElementId,
        /// Every voter's dots at the close. While a vote is open the server tells each
        /// participant only where their own dots are (a secret ballot), so this is where the
        /// others learn the result. Absent on votes closed before ballots were secret.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dots: Option<BTreeMap<String, Vec<ElementId>>>,
    },
    DotPlaced {
        vote_id: ElementId,
        note: ElementId,
        voter: String,
    },
    DotRemoved {
        vote_id: ElementId,
        note: ElementId,
        voter: String,
    },
}

/// One sticky's move inside a `notes_moved` event.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MovedNote {
    pub id: ElementId,
    pub x: f64,
    pub y: f64,
    pub from_x: f64,
    pub from_y: f64,
}

/// A stored event that cannot be turned back into an [`Event`].
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("event schema version {0} is newer than this build understands")]
    NewerVersion(i32),
    #[error("stored event does not parse: {0}")]
    Malformed(#[from] serde_json::Error),
}

impl Event {
    /// The wire name (`note_added`, ...), also stored as the event's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::BoardCreated { .. } => "board_created",
            Event::BoardRenamed { .. } => "board_renamed",
            Event::NoteAdded { .. } => "note_added",
            Event::PrivateNoteAdded { .. } => "private_note_added",
            Event::NotesMoved { .. } => "notes_moved",
            Event::NoteResized { .. } => "note_resized",
            Event::NoteTextEdited { .. } => "note_text_edited",
            Event::NoteKindChanged { .. } => "note_kind_changed",
            Event::NoteDetailsChanged { .. } => "note_details_changed",
            Event::NoteDeleted { .. } => "note_deleted",
            Event::NoteRestored { .. } => "note_restored",
            Event::ConnectorAdded { .. } => "connector_added",
            Event::ConnectorChanged { .. } => "connector_changed",
            Event::ConnectorRemoved { .. } => "connector_removed",
            Event::FrameAdded { .. } => "frame_added",
            Event::FrameChanged { .. } => "frame_changed",
            Event::FrameRemoved { .. } => "frame_removed",
            Event::PhaseChanged { .. } => "phase_changed",
            Event::PhaseInstructionSet { .. } => "phase_instruction_set",
            Event::TimerStarted { .. } => "timer_started",
            Event::TimerPaused { .. } => "timer_paused",
            Event::TimerResumed { .. } => "timer_resumed",
            Event::TimerExtended { .. } => "timer_extended",
            Event::TimerReset { .. } => "timer_reset",
            Event::ElementsLocked { .. } => "elements_locked",
            Event::ElementsUnlocked { .. } => "elements_unlocked",
            Event::PrivateModeStarted => "private_mode_started",
            Event::PrivateModeEnded { .. } => "private_mode_ended",
            Event::VoteOpened { .. } => "vote_opened",
            Event::VoteClosed { .. } => "vote_closed",
            Event::DotPlaced { .. } => "dot_placed",
            Event::DotRemoved { .. } => "dot_removed",
        }
    }

    /// The stickies, connectors and frames the event is about (for per-sticky history).
    pub fn element_ids(&self) -> Vec<ElementId> {
        match self {
            Event::NoteAdded { note } | Event::PrivateNoteAdded { note, .. } => vec![note.id],
            Event::PrivateModeEnded { notes, connectors } => notes
                .iter()
                .map(|n| n.id)
                .chain(connectors.iter().map(|c| c.id))
                .collect(),
            Event::NotesMoved { moves } => moves.iter().map(|m| m.id).collect(),
            Event::NoteResized { id, .. }
            | Event::NoteTextEdited { id, .. }
            | Event::NoteKindChanged { id, .. }
            | Event::NoteDetailsChanged { id, .. } => vec![*id],
            // The connectors that went (or came back) with a note concern both their ends.
            Event::NoteDeleted { id, connectors } => std::iter::once(*id)
                .chain(connectors.iter().flat_map(|c| [c.id, c.from, c.to]))
                .collect(),
            Event::NoteRestored { note, connectors } => std::iter::once(note.id)
                .chain(connectors.iter().flat_map(|c| [c.id, c.from, c.to]))
                .collect(),
            Event::ConnectorAdded { connector }
            | Event::ConnectorChanged { connector, .. }
            | Event::ConnectorRemoved { connector } => {
                vec![connector.id, connector.from, connector.to]
            }
            Event::FrameAdded { frame }
            | Event::FrameChanged { frame, .. }
            | Event::FrameRemoved { frame } => vec![frame.id],
            Event::DotPlaced { note, .. } | Event::DotRemoved { note, .. } => vec![*note],
            Event::ElementsLocked { ids } | Event::ElementsUnlocked { ids } => ids.clone(),
            Event::BoardCreated { .. }
            | Event::BoardRenamed { .. }
            | Event::PhaseChanged { .. }
            | Event::PhaseInstructionSet { .. }
            | Event::TimerStarted { .. }
            | Event::TimerPaused { .. }
            | Event::TimerResumed { .. }
            | Event::TimerExtended { .. }
            | Event::TimerReset { .. }
            | Event::PrivateModeStarted
            | Event::VoteOpened { .. }
            | Event::VoteClosed { .. } => Vec::new(),
        }
    }

    /// The stored payload: the event as tagged JSON.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("an event always serialises")
    }

    /// Reads a stored payload written with `schema_version`, upcasting older shapes.
    pub fn decode(schema_version: i32, payload: &str) -> Result<Event, DecodeError> {
        if schema_version > EVENT_SCHEMA_VERSION {
            return Err(DecodeError::NewerVersion(schema_version));
        }
        // Version 1 is the only shape so far; an upcaster per older version goes here.
        Ok(serde_json::from_str(payload)?)
    }
}
