//! The domain model derived from a board. Every element keeps the id of the sticky (or frame)
//! it came from, so anything a document says can be traced back to the wall.
//!
//! The field order here is the order of the native JSON export, and `docs/spec.schema.json`
//! describes exactly these shapes: change both together (the golden tests validate one against
//! the other).

use eventstorm_board::{PayloadField, RetryPolicy};
use serde::Serialize;

/// What an element of the model is: the board's sticky kinds, under the same wire names, so a
/// reader can match them with the board API.
pub use eventstorm_board::NoteKind as ElementKind;

/// A reference from one element to another: kind, sticky id and display name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ref {
    pub kind: ElementKind,
    pub id: String,
    pub name: String,
    /// Only a spatial rule, no connector, joins the two (see `links` for which rule).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

/// What every element has: the sticky id, its names, its description and where it sits.
/// Cards of the same kind with the same code name in the same bounded context are one element:
/// `id` is the card with the smallest id and `repeated_on` lists the others.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Common {
    pub id: String,
    /// The sticky's first line, whitespace collapsed.
    pub name: String,
    /// A PascalCase identifier, unique within the bounded context among elements that share a
    /// namespace in the exports (events and commands share one).
    pub code_name: String,
    /// `code_name`, prefixed with the context's camelCase code name (`lending.BookReturned`)
    /// where another bounded context has an element of the same namespace with that code name.
    pub qualified_name: String,
    /// The code name was pinned in the sticky's details rather than taken from its text.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pinned_code_name: bool,
    /// The sticky's full text as written.
    pub text: String,
    pub description: String,
    /// The id of the smallest bounded-context frame containing the sticky's centre.
    pub bounded_context: Option<String>,
    /// The id of the smallest swimlane frame containing the sticky's centre.
    pub swimlane: Option<String>,
    /// The other stickies showing the same element, by id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub repeated_on: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BoundedContext {
    pub id: String,
    pub name: String,
    pub code_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Swimlane {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DomainEvent {
    #[serde(flatten)]
    pub common: Common,
    /// Position on the timeline, 1-based, left to right then top to bottom.
    pub order: usize,
    /// The channel the event travels on.
    pub address: String,
    pub pivotal: bool,
    /// The event reports that a command failed (a rejection).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub failure: bool,
    pub fields: Vec<PayloadField>,
    /// Aggregates and external systems that produce the event.
    pub producers: Vec<Ref>,
    /// Commands drawn straight to the event (their targets are among the producers).
    pub caused_by: Vec<Ref>,
    pub handlers: Vec<Ref>,
    pub read_models: Vec<Ref>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommandSpec {
    #[serde(flatten)]
    pub common: Common,
    pub fields: Vec<PayloadField>,
    /// Actors, policies and screens that issue the command.
    pub issuers: Vec<Ref>,
    /// The aggregates or external systems the command is invoked on.
    pub targets: Vec<Ref>,
    /// The channel the command travels on.
    pub address: String,
    /// The payload field that identifies the target aggregate (`loanId` for `Loan`), when
    /// the command has one.
    pub identity_field: Option<String>,
    /// The events the command emits when it succeeds: drawn from the command, or inferred from
    /// the row command -> aggregate -> event (then marked `inferred`).
    pub results_in: Vec<Ref>,
    /// The events marked as failure outcomes that the command may emit instead.
    pub fails_with: Vec<Ref>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<ScenarioSpec>,
}

/// A Given / When / Then example from a sticky's details, its steps resolved to the board's
/// elements.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenarioSpec {
    pub name: String,
    pub given: Vec<Step>,
    pub when: Step,
    pub then: Vec<Step>,
    /// Why the command is refused, when the scenario expects a rejection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
}

impl ScenarioSpec {
    /// Its name, or "Scenario N" (1-based place in its list) when it has none.
    pub fn title(&self, index: usize) -> String {
        if self.name.is_empty() {
            format!("Scenario {}", index + 1)
        } else {
            self.name.clone()
        }
    }
}

/// One step as written and the element it names (`None`: nothing on the board is called that).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    pub text: String,
    pub element: Option<Ref>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Aggregate {
    #[serde(flatten)]
    pub common: Common,
    pub handles_commands: Vec<Ref>,
    pub produces: Vec<Ref>,
}

/// A policy read as an event handler, with its reliability settings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Handler {
    #[serde(flatten)]
    pub common: Common,
    pub trigger: Trigger,
    /// The schedule as written, for `trigger: schedule`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    pub handles: Vec<Ref>,
    pub issues: Vec<Ref>,
    /// `None` when the workshop did not say.
    pub idempotent: Option<bool>,
    /// The payload fields that identify a delivery, so a repeat is recognised.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub idempotency_key: Vec<String>,
    /// `max_attempts` counts every attempt, the first delivery included.
    pub retry: Option<RetryPolicy>,
    pub dead_letter: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<ScenarioSpec>,
}

/// What runs a handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// The events it handles.
    Event,
    /// A clock (cron or plain-language schedule).
    Schedule,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReadModel {
    #[serde(flatten)]
    pub common: Common,
    pub fields: Vec<PayloadField>,
    pub fed_by: Vec<Ref>,
    pub observed_by: Vec<Ref>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExternalSystem {
    #[serde(flatten)]
    pub common: Common,
    pub handles_commands: Vec<Ref>,
    pub produces: Vec<Ref>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Actor {
    #[serde(flatten)]
    pub common: Common,
    pub issues: Vec<Ref>,
    pub observes: Vec<Ref>,
    pub uses: Vec<Ref>,
}

/// A `ui` sticky: a screen that issues commands and shows read models.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Screen {
    #[serde(flatten)]
    pub common: Common,
    pub issues: Vec<Ref>,
    pub shows: Vec<Ref>,
}

/// A hotspot (open question) or an opportunity, with where it sits and what it points at.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Remark {
    pub id: String,
    pub text: String,
    pub bounded_context: Option<String>,
    pub swimlane: Option<String>,
    pub x: f64,
    pub y: f64,
    /// Stickies joined to it by a connector.
    pub about: Vec<Ref>,
    /// The nearest sticky of the model in the same area (within the inference distance), so a
    /// reader can find the remark on the wall.
    pub near: Option<Ref>,
}

/// The kind of an edge in the model graph, named from its `from` end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// actor, policy or ui -> command
    Issues,
    /// command -> aggregate or external system
    Targets,
    /// aggregate or external system -> event
    Produces,
    /// command -> event
    ResultsIn,
    /// event -> policy
    Activates,
    /// event -> read model
    Feeds,
    /// read model -> actor or ui
    ObservedBy,
    /// actor -> ui
    Uses,
    /// hotspot, opportunity or note <-> anything
    Annotates,
}

/// One edge, with where it came from: exactly one of `connector`, `inferred` and `via_command`
/// is set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    pub relation: Relation,
    pub from: Ref,
    pub to: Ref,
    /// The connector drawn on the board.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector: Option<String>,
    /// The spatial rule that inferred the link (see [`crate::InferenceRule`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inferred: Option<String>,
    /// A `produces` link that follows from a command drawn to the event: the command's target
    /// produces it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via_command: Option<String>,
}

/// The whole model of one board.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Model {
    pub bounded_contexts: Vec<BoundedContext>,
    pub swimlanes: Vec<Swimlane>,
    pub events: Vec<DomainEvent>,
    pub commands: Vec<CommandSpec>,
    pub aggregates: Vec<Aggregate>,
    pub handlers: Vec<Handler>,
    pub read_models: Vec<ReadModel>,
    pub external_systems: Vec<ExternalSystem>,
    pub actors: Vec<Actor>,
    pub screens: Vec<Screen>,
    pub hotspots: Vec<Remark>,
    pub opportunities: Vec<Remark>,
    pub links: Vec<Link>,
}

impl Model {
    pub fn context(&self, id: Option<&str>) -> Option<&BoundedContext> {
        let id = id?;
        self.bounded_contexts.iter().find(|c| c.id == id)
    }

    pub fn event(&self, id: &str) -> Option<&DomainEvent> {
        self.events.iter().find(|e| e.common.id == id)
    }

    pub fn command(&self, id: &str) -> Option<&CommandSpec> {
        self.commands.iter().find(|c| c.common.id == id)
    }

    /// Every element's common part: events, commands, aggregates, handlers, read models,
    /// external systems, actors and screens, in that order.
    pub fn commons(&self) -> impl Iterator<Item = &Common> {
        self.events
            .iter()
            .map(|e| &e.common)
            .chain(self.commands.iter().map(|c| &c.common))
            .chain(self.aggregates.iter().map(|a| &a.common))
            .chain(self.handlers.iter().map(|h| &h.common))
            .chain(self.read_models.iter().map(|r| &r.common))
            .chain(self.external_systems.iter().map(|x| &x.common))
            .chain(self.actors.iter().map(|a| &a.common))
            .chain(self.screens.iter().map(|s| &s.common))
    }

    /// The links a spatial rule inferred, in model order.
    pub fn inferred_links(&self) -> impl Iterator<Item = &Link> {
        self.links.iter().filter(|l| l.inferred.is_some())
    }
}
