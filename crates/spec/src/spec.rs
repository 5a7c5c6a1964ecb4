//! One board's specification: its title, derived model and review findings, from which every
//! format is rendered.

use eventstorm_board::Board;
use serde::Serialize;

use crate::derive::{ModelOptions, derive_model};
use crate::format::Format;
use crate::model::Model;
use crate::render;
use crate::review::{Finding, Severity, review_model};

/// The `format` value of the native JSON document. Bump the version when a field changes
/// meaning or disappears; adding a field is not a new version.
pub const FORMAT_VERSION: &str = "eventstorm.spec/v1";

#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub title: String,
    /// The board's seq (its number of events), when known: versions the contracts.
    pub seq: Option<u64>,
    pub model: Model,
    pub findings: Vec<Finding>,
}

/// Counts for the top of a document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub bounded_contexts: usize,
    pub events: usize,
    pub pivotal_events: usize,
    pub commands: usize,
    pub aggregates: usize,
    pub handlers: usize,
    pub read_models: usize,
    pub external_systems: usize,
    pub actors: usize,
    pub screens: usize,
    pub hotspots: usize,
    pub opportunities: usize,
    pub inferred_links: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Spec {
    pub fn new(board: &Board, options: &ModelOptions) -> Self {
        let model = derive_model(board, options);
        let findings = review_model(board, &model);
        Spec {
            title: board.title.clone(),
            seq: None,
            model,
            findings,
        }
    }

    pub fn summary(&self) -> Summary {
        let m = &self.model;
        let severity = |s| self.findings.iter().filter(|f| f.severity == s).count();
        Summary {
            bounded_contexts: m.bounded_contexts.len(),
            events: m.events.len(),
            pivotal_events: m.events.iter().filter(|e| e.pivotal).count(),
            commands: m.commands.len(),
            aggregates: m.aggregates.len(),
            handlers: m.handlers.len(),
            read_models: m.read_models.len(),
            external_systems: m.external_systems.len(),
            actors: m.actors.len(),
            screens: m.screens.len(),
            hotspots: m.hotspots.len(),
            opportunities: m.opportunities.len(),
            inferred_links: m.inferred_links().count(),
            warnings: severity(Severity::Warning),
            infos: severity(Severity::Info),
        }
    }

    /// The AsyncAPI document of the whole board, or of the bounded context with id `context`,
    /// as YAML (or JSON for [`Format::AsyncApiJson`]).
    pub fn asyncapi(&self, format: Format, context: Option<&str>) -> String {
        let document = render::asyncapi::document(self, context, self.seq);
        if format == Format::AsyncApiJson {
            render::json::pretty(&document)
        } else {
            render::yaml::to_yaml(&document)
        }
    }

    /// The bounded context a query names: by id, name or code name, case-insensitively.
    pub fn find_context(&self, wanted: &str) -> Option<&crate::model::BoundedContext> {
        let wanted = wanted.trim();
        self.model.bounded_contexts.iter().find(|c| {
            c.id.eq_ignore_ascii_case(wanted)
                || c.name.eq_ignore_ascii_case(wanted)
                || c.code_name.eq_ignore_ascii_case(wanted)
        })
    }

    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => render::json::render(self),
            Format::AsyncApiYaml | Format::AsyncApiJson => self.asyncapi(format, None),
            Format::Markdown => render::markdown::render(self),
            Format::Cml => render::cml::render(self),
        }
    }
}
