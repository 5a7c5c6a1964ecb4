use serde::{Deserialize, Serialize};

use crate::ids::ElementId;
use crate::kinds::{FrameKind, NoteKind};

/// A sticky on the wall.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub id: ElementId,
    pub kind: NoteKind,
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    #[serde(default)]
    pub details: NoteDetails,
}

/// What a sticky says beyond its text. Which parts matter depends on the kind: payload fields
/// for events, commands and read models; `pivotal` for events; idempotency, retry and dead
/// letter for policies (event handlers). They are kept when the kind changes so that changing
/// it back loses nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NoteDetails {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<PayloadField>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pivotal: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idempotent: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry: Option<RetryPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dead_letter: Option<String>,
    /// What the exports need beyond that (pinned code name, failure outcome, schedule,
    /// idempotency key, scenarios). Boxed so that commands and events carrying details stay
    /// small; flattened, so the JSON has the same keys as if they were here.
    #[serde(flatten)]
    pub contract: Box<ContractDetails>,
}

/// The parts of a sticky's details that shape its contracts in the exports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractDetails {
    /// The identifier the exports use, pinned by the workshop so that renaming the sticky's
    /// text does not rename the contract.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_name: Option<String>,
    /// For events: the event reports that a command failed (a rejection), not a success.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub failure: bool,
    /// For policies run by a clock instead of an event: a cron expression or a plain-language
    /// schedule ("every night at 02:00").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// For policies: the payload fields that identify a delivery, so a repeat is recognised.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub idempotency_key: Vec<String>,
    /// For commands and policies: examples written against the board's own elements.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<Scenario>,
}

/// A Given / When / Then example for a command or a policy, naming the board's elements by
/// their text: given events, when a command (or, for a policy, an event), then events or a
/// rejection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub given: Vec<String>,
    pub when: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub then: Vec<String>,
    /// Why the command is refused, when the scenario expects a rejection instead of events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
}

/// One field of an event's, command's or read model's payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PayloadField {
    pub name: String,
    /// A type as the workshop wrote it: `string`, `integer`, `number`, `boolean`, `uuid`,
    /// `date`, `datetime`, `money`, or a name of the model's own (`OrderLine[]`).
    #[serde(rename = "type", default = "default_field_type")]
    pub field_type: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

fn default_field_type() -> String {
    "string".to_owned()
}

/// How a handler retries a failed delivery.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetryPolicy {
    /// Attempts in total, the first delivery included (3 means at most two retries).
    pub max_attempts: u32,
    #[serde(default)]
    pub backoff: Backoff,
    /// The first (or every, for `fixed`) delay between attempts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_seconds: Option<u32>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Backoff {
    #[default]
    Fixed,
    Linear,
    Exponential,
}

/// An arrow from one sticky to another, optionally labelled ("decides", "produces", ...).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Connector {
    pub id: ElementId,
    pub from: ElementId,
    pub to: ElementId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A named area: a bounded context or a swimlane. A sticky belongs to the frame that contains
/// its centre (the smallest, if nested); there is no explicit link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    pub id: ElementId,
    pub kind: FrameKind,
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Frame {
    /// Whether the point lies inside the frame (edges included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }
}

/// The size a sticky gets when the command that adds it names none: actors are small,
/// aggregates large, the rest the size of a paper sticky.
pub fn default_note_size(kind: NoteKind) -> (f64, f64) {
    match kind {
        NoteKind::Actor => (100.0, 70.0),
        NoteKind::Aggregate => (200.0, 140.0),
        NoteKind::Ui => (180.0, 130.0),
        _ => (140.0, 100.0),
    }
}
