//! Scenarios: the Given / When / Then examples written in a command's or policy's details,
//! each step resolved to the event or command it names. A step matches an element whose name,
//! code name or qualified name equals it (ignoring case); one in the owner's own bounded context
//! wins over others.

use std::collections::BTreeMap;

use eventstorm_board::Scenario;

use crate::model::{Common, ElementKind, Model, Ref, ScenarioSpec, Step};

/// Events and commands by every spelling that names them.
pub struct Names<'m> {
    by_name: BTreeMap<String, Vec<(&'m Common, ElementKind)>>,
}

impl<'m> Names<'m> {
    pub fn new(model: &'m Model) -> Self {
        let mut by_name: BTreeMap<String, Vec<(&Common, ElementKind)>> = BTreeMap::new();
        let messages = model
            .events
            .iter()
            .map(|e| (&e.common, ElementKind::Event))
            .chain(
                model
                    .commands
                    .iter()
                    .map(|c| (&c.common, ElementKind::Command)),
            );
        for (common, kind) in messages {
            let mut spellings = vec![
                common.name.to_lowercase(),
                common.code_name.to_lowercase(),
                common.qualified_name.to_lowercase(),
            ];
            spellings.sort();
            spellings.dedup();
            for s in spellings.into_iter().filter(|s| !s.is_empty()) {
                by_name.entry(s).or_default().push((common, kind));
            }
        }
        Names { by_name }
    }

    fn resolve(&self, text: &str, context: Option<&str>) -> Step {
        let candidates = self
            .by_name
            .get(&text.trim().to_lowercase())
            .map(Vec::as_slice)
            .unwrap_or_default();
        let chosen = candidates
            .iter()
            .find(|(c, _)| c.bounded_context.as_deref() == context)
            .or_else(|| candidates.first());
        Step {
            text: text.to_owned(),
            element: chosen.map(|(c, kind)| Ref {
                kind: *kind,
                id: c.id.clone(),
                name: c.name.clone(),
                inferred: false,
            }),
        }
    }

    /// The scenarios of an element in `context`, resolved.
    pub fn scenarios(&self, written: &[Scenario], context: Option<&str>) -> Vec<ScenarioSpec> {
        written
            .iter()
            .map(|s| ScenarioSpec {
                name: s.name.clone(),
                given: s.given.iter().map(|g| self.resolve(g, context)).collect(),
                when: self.resolve(&s.when, context),
                then: s.then.iter().map(|t| self.resolve(t, context)).collect(),
                rejected: s.rejected.clone(),
            })
            .collect()
    }
}
