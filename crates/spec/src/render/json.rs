//! The native JSON document: the whole model with sticky ids, the findings and the inferred
//! links, under a `format` version. It is the source of truth the other formats are views of;
//! `docs/spec.schema.json` describes it.

use serde::Serialize;

use crate::infer::InferenceRule;
use crate::model::{Model, Ref, Relation};
use crate::review::Finding;
use crate::spec::{FORMAT_VERSION, Spec, Summary};

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    title: &'a str,
    summary: Summary,
    model: &'a Model,
    findings: &'a [Finding],
    /// The links the layout supplied (also in `model.links`), with the rule's explanation, so
    /// a reviewer can confirm or draw them.
    inferred_links: Vec<InferredLink<'a>>,
}

#[derive(Serialize)]
struct InferredLink<'a> {
    relation: Relation,
    from: &'a Ref,
    to: &'a Ref,
    rule: &'a str,
    explanation: &'static str,
}

pub fn render(spec: &Spec) -> String {
    let inferred_links = spec
        .model
        .inferred_links()
        .filter_map(|l| {
            let rule = l.inferred.as_deref()?;
            let explanation = InferenceRule::ALL
                .iter()
                .find(|r| r.as_str() == rule)
                .map_or("", |r| r.explanation());
            Some(InferredLink {
                relation: l.relation,
                from: &l.from,
                to: &l.to,
                rule,
                explanation,
            })
        })
        .collect();
    pretty(&Document {
        format: FORMAT_VERSION,
        title: &spec.title,
        summary: spec.summary(),
        model: &spec.model,
        findings: &spec.findings,
        inferred_links,
    })
}

/// Two-space indented JSON with a final newline. Serialising our own types and
/// `serde_json::Value` (whose maps are sorted) cannot fail.
pub fn pretty<T: Serialize>(value: &T) -> String {
    let mut out = serde_json::to_string_pretty(value).expect("export documents always serialise");
    out.push('\n');
    out
}
