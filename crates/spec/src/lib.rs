//! Turns an eventstorm board into event and handler specifications.
//!
//! [`derive_model`] reads the board's connectors, frames and timeline into a domain model
//! (events, commands, aggregates, policies as handlers, read models, external systems, actors,
//! bounded contexts, hotspots), inferring from the layout the links connectors leave open.
//! [`review`] lints that model with stable finding codes. [`export`] renders it as the versioned
//! native JSON document, as AsyncAPI 3.0 (YAML or JSON) and as a Markdown design document.
//!
//! This crate is pure: no I/O, no async, no clock, no randomness. The same board state always
//! renders to byte-identical output, so exports can be committed and diffed. It must never
//! depend on tokio, sqlx, axum or askama; it reads a `Board` and writes strings.

mod derive;
mod diff;
mod format;
mod grammar;
mod graph;
mod infer;
mod layout;
mod model;
mod names;
mod render;
mod review;
mod spec;
mod tense;

pub use derive::{ModelOptions, derive_model};
pub use diff::{Change, ChangeKind, ModelDiff, diff_models};
pub use format::{Format, UnknownFormat};
pub use infer::InferenceRule;
pub use model::{
    Actor, Aggregate, BoundedContext, CommandSpec, Common, DomainEvent, ElementKind,
    ExternalSystem, Handler, Link, Model, ReadModel, Ref, Relation, Remark, Screen, Swimlane,
};
pub use review::{Finding, FindingCode, Severity};
pub use spec::{FORMAT_VERSION, Spec, Summary};

use eventstorm_board::Board;

/// Renders the board in `format` with the default [`ModelOptions`].
pub fn export(board: &Board, format: Format) -> String {
    export_with(board, format, &ModelOptions::default())
}

/// Renders the board in `format`.
pub fn export_with(board: &Board, format: Format, options: &ModelOptions) -> String {
    Spec::new(board, options).render(format)
}

/// The review findings for the board's model (default [`ModelOptions`]).
pub fn review(board: &Board) -> Vec<Finding> {
    Spec::new(board, &ModelOptions::default()).findings
}
