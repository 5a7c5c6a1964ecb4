use serde::{Deserialize, Serialize};

/// The kinds of sticky in the event storming grammar. Colours are a theme; these are the
/// semantics the exports read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A domain event, past tense ("Order Placed"); may be pivotal.
    Event,
    /// An intent or decision, imperative ("Place Order").
    Command,
    /// A person or role.
    Actor,
    /// The thing that keeps invariants and produces events.
    Aggregate,
    /// "Whenever X, then Y": an event handler that issues commands.
    Policy,
    /// Information an actor needs to decide.
    ReadModel,
    /// A system outside the team's control.
    ExternalSystem,
    /// A question, conflict or risk.
    Hotspot,
    /// The positive counterpart of a hotspot.
    Opportunity,
    /// A screen or mock-up.
    Ui,
    /// Free text.
    Note,
}

impl NoteKind {
    pub const ALL: [NoteKind; 11] = [
        NoteKind::Event,
        NoteKind::Command,
        NoteKind::Actor,
        NoteKind::Aggregate,
        NoteKind::Policy,
        NoteKind::ReadModel,
        NoteKind::ExternalSystem,
        NoteKind::Hotspot,
        NoteKind::Opportunity,
        NoteKind::Ui,
        NoteKind::Note,
    ];

    /// The wire name (`read_model`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Event => "event",
            NoteKind::Command => "command",
            NoteKind::Actor => "actor",
            NoteKind::Aggregate => "aggregate",
            NoteKind::Policy => "policy",
            NoteKind::ReadModel => "read_model",
            NoteKind::ExternalSystem => "external_system",
            NoteKind::Hotspot => "hotspot",
            NoteKind::Opportunity => "opportunity",
            NoteKind::Ui => "ui",
            NoteKind::Note => "note",
        }
    }

    /// Whether stickies of this kind carry payload fields (events, commands, read models).
    pub fn has_payload(self) -> bool {
        matches!(
            self,
            NoteKind::Event | NoteKind::Command | NoteKind::ReadModel
        )
    }
}

/// Frames group stickies: a bounded context or a swimlane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameKind {
    BoundedContext,
    Swimlane,
}
