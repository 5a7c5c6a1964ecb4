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

mod context_map;
mod derive;
mod diff;
mod format;
mod grammar;
mod graph;
mod identity;
mod infer;
mod layout;
mod model;
mod names;
mod render;
mod review;
mod scenarios;
mod spec;
mod tense;

pub use context_map::{ContextRelation, context_map};
pub use derive::{ModelOptions, derive_model};
pub use diff::{Change, ChangeKind, ModelDiff, diff_models};
pub use format::{Format, UnknownFormat};
pub use infer::InferenceRule;
pub use model::{
    Actor, Aggregate, BoundedContext, CommandSpec, Common, DomainEvent, ElementKind,
    ExternalSystem, Handler, Link, Model, ReadModel, Ref, Relation, Remark, ScenarioSpec, Screen,
    Step, Swimlane, Trigger,
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

/// What to export besides the format.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportOptions {
    pub model: ModelOptions,
    /// The board's seq (its number of events): AsyncAPI `info.version` is `1.<seq>.0`.
    pub seq: Option<u64>,
    /// For AsyncAPI: only this bounded context (by name, code name or frame id).
    pub context: Option<String>,
}

/// Why an export could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// No bounded context has this name, code name or id.
    UnknownContext(String),
    /// A context was asked for a format that covers the whole board.
    ContextNotSupported(Format),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::UnknownContext(c) => {
                write!(f, "the board has no bounded context named {c:?}")
            }
            ExportError::ContextNotSupported(format) => write!(
                f,
                "context applies to AsyncAPI exports only, not to {}",
                format.as_query()
            ),
        }
    }
}

impl std::error::Error for ExportError {}

/// Renders the board in `format` with `options`.
pub fn export_document(
    board: &Board,
    format: Format,
    options: &ExportOptions,
) -> Result<String, ExportError> {
    let mut spec = Spec::new(board, &options.model);
    spec.seq = options.seq;
    let Some(wanted) = &options.context else {
        return Ok(spec.render(format));
    };
    if !matches!(format, Format::AsyncApiYaml | Format::AsyncApiJson) {
        return Err(ExportError::ContextNotSupported(format));
    }
    let id = spec
        .find_context(wanted)
        .ok_or_else(|| ExportError::UnknownContext(wanted.clone()))?
        .id
        .clone();
    Ok(spec.asyncapi(format, Some(&id)))
}

/// The exports that are several files, downloaded as one zip archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Archive {
    /// One AsyncAPI document (YAML) per bounded context.
    AsyncApi,
    /// An EventCatalog project: domains, services, teams, events and commands.
    EventCatalog,
    /// Gherkin `.feature` files from the scenarios, one per aggregate or policy.
    Gherkin,
    /// The Markdown document as `README.md` with a picture (SVG) of each bounded context
    /// beside it in `pictures/`, shown under the context's heading.
    Markdown,
}

impl Archive {
    pub const ALL: [Archive; 4] = [
        Archive::AsyncApi,
        Archive::EventCatalog,
        Archive::Gherkin,
        Archive::Markdown,
    ];

    /// The `?format=` value that asks for the archive.
    pub fn from_query(value: &str) -> Option<Archive> {
        match value.trim().to_ascii_lowercase().as_str() {
            "asyncapi-zip" => Some(Archive::AsyncApi),
            "eventcatalog" => Some(Archive::EventCatalog),
            "gherkin" => Some(Archive::Gherkin),
            "markdown-zip" | "md-zip" => Some(Archive::Markdown),
            _ => None,
        }
    }

    /// The file name suffix for a download, without the dot.
    pub fn file_extension(self) -> &'static str {
        match self {
            Archive::AsyncApi => "asyncapi.zip",
            Archive::EventCatalog => "eventcatalog.zip",
            Archive::Gherkin => "features.zip",
            Archive::Markdown => "md.zip",
        }
    }
}

/// The files of an archive export as `(path, content)`, in path order.
pub fn archive_files(
    board: &Board,
    archive: Archive,
    options: &ExportOptions,
) -> Vec<(String, String)> {
    let mut spec = Spec::new(board, &options.model);
    spec.seq = options.seq;
    match archive {
        Archive::EventCatalog => render::eventcatalog::files(&spec),
        Archive::Gherkin => render::gherkin::files(&spec),
        Archive::Markdown => render::pictures::markdown_files(board, &spec),
        Archive::AsyncApi => spec
            .model
            .bounded_contexts
            .iter()
            .map(|c| {
                (
                    format!("{}.asyncapi.yaml", names::kebab_case(&c.code_name)),
                    spec.asyncapi(Format::AsyncApiYaml, Some(&c.id)),
                )
            })
            .collect(),
    }
}

/// An archive export as zip bytes.
pub fn export_archive(board: &Board, archive: Archive, options: &ExportOptions) -> Vec<u8> {
    render::zip::archive(&archive_files(board, archive, options))
}

/// The review findings for the board's model (default [`ModelOptions`]).
pub fn review(board: &Board) -> Vec<Finding> {
    Spec::new(board, &ModelOptions::default()).findings
}
