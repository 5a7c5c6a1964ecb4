//! The EventCatalog view: a catalog project a team can drop into EventCatalog. One domain per
//! bounded context (`domains/<Context>/index.mdx`), owned by a team per context
//! (`teams/<context>-team.mdx`), with one service for the context under it
//! (`domains/<Context>/services/<Context>Service/index.mdx`, holding the context's AsyncAPI
//! document) whose `sends` and `receives` are read from that document's operations, exactly as
//! EventCatalog's AsyncAPI generator reads them. Every event and command is written once, by the
//! context that owns it (`events/<Name>/` or `commands/<Name>/`, with `schema.json` and a
//! `schemaPath`). Versions are the AsyncAPI's `1.<seq>.0`.
//!
//! Elements outside any bounded context belong to an `Unassigned` domain, written only when
//! there are some.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::asyncapi::payload::{Types, payload};
use super::asyncapi::{document, version};
use super::markdown::text::{inline, paragraph};
use super::yaml::to_yaml;
use crate::model::{BoundedContext, Common};
use crate::names::kebab_case;
use crate::spec::Spec;

/// The domain of elements outside every bounded context.
const UNASSIGNED: &str = "Unassigned";

/// One domain of the catalog: a bounded context, or the unassigned elements.
struct Domain<'s> {
    id: String,
    name: String,
    /// The context's frame id (none for the unassigned domain).
    context: Option<&'s BoundedContext>,
}

impl Domain<'_> {
    fn team(&self) -> String {
        format!("{}-team", kebab_case(&self.id))
    }

    fn service(&self) -> String {
        format!("{}Service", self.id)
    }

    fn context_id(&self) -> Option<&str> {
        self.context.map(|c| c.id.as_str())
    }
}

/// Every file of the catalog as `(path, content)`, in path order.
pub fn files(spec: &Spec) -> Vec<(String, String)> {
    let version = version(spec.seq);
    let mut domains: Vec<Domain<'_>> = spec
        .model
        .bounded_contexts
        .iter()
        .map(|c| Domain {
            id: c.code_name.clone(),
            name: if c.name.is_empty() {
                c.code_name.clone()
            } else {
                c.name.clone()
            },
            context: Some(c),
        })
        .collect();
    let messages = spec
        .model
        .events
        .iter()
        .map(|e| (&e.common, "event", &e.fields))
        .chain(
            spec.model
                .commands
                .iter()
                .map(|c| (&c.common, "command", &c.fields)),
        );
    let messages: Vec<_> = messages.collect();
    if messages.iter().any(|(c, _, _)| c.bounded_context.is_none()) {
        domains.push(Domain {
            id: UNASSIGNED.to_owned(),
            name: "Outside any bounded context".to_owned(),
            context: None,
        });
    }

    let types = Types::new(&spec.model);
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    out.insert("eventcatalog.config.js".to_owned(), config(&spec.title));
    for d in &domains {
        domain_files(spec, d, &version, &mut out);
    }
    for (common, kind, fields) in messages {
        let owner = domains
            .iter()
            .find(|d| d.context_id() == common.bounded_context.as_deref())
            .map(Domain::team)
            .unwrap_or_default();
        let folder = if kind == "event" {
            "events"
        } else {
            "commands"
        };
        let dir = format!("{folder}/{}", common.qualified_name);
        let (schema, _) = payload(fields, &types, &mut BTreeSet::new());
        // schema.json stands alone: shared types are written into it.
        let mut schema = Value::Object(schema);
        types.inline(&mut schema);
        let mut front = Map::new();
        front.insert("id".into(), json!(common.qualified_name));
        front.insert("name".into(), json!(title(common)));
        front.insert("version".into(), json!(version));
        front.insert("summary".into(), json!(summary(common, kind)));
        front.insert("owners".into(), json!([owner]));
        front.insert("schemaPath".into(), json!("schema.json"));
        out.insert(
            format!("{dir}/index.mdx"),
            mdx(&Value::Object(front), &body(common)),
        );
        out.insert(format!("{dir}/schema.json"), super::json::pretty(&schema));
    }
    out.into_iter().collect()
}

/// The domain, its team and its service with the service's AsyncAPI document.
fn domain_files(spec: &Spec, d: &Domain<'_>, version: &str, out: &mut BTreeMap<String, String>) {
    let team = d.team();
    out.insert(
        format!("teams/{team}.mdx"),
        mdx(
            &json!({
                "id": team,
                "name": format!("{} team", d.name),
                "summary": format!("Owns the {} bounded context.", d.name),
            }),
            &format!("The team that owns {}.\n", inline(&d.name)),
        ),
    );
    let service = d.service();
    let domain_summary = match d.context {
        Some(_) => format!("Bounded context {} on the board.", d.name),
        None => "The events and commands the board places outside any bounded context.".to_owned(),
    };
    out.insert(
        format!("domains/{}/index.mdx", d.id),
        mdx(
            &json!({
                "id": d.id,
                "name": d.name,
                "version": version,
                "summary": domain_summary,
                "owners": [team],
                "services": [{"id": service, "version": version}],
            }),
            &format!("{}\n", paragraph(&domain_summary)),
        ),
    );

    // sends and receives as the AsyncAPI generator reads them: every message of a send or
    // receive operation of the context's own document.
    let asyncapi = document(spec, d.context_id(), spec.seq);
    let (sends, receives) = pointers(&asyncapi, d.context.is_some(), spec, version);
    let service_summary = format!("The {} bounded context as one service.", d.name);
    let dir = format!("domains/{}/services/{service}", d.id);
    let mut front = json!({
        "id": service,
        "name": format!("{} service", d.name),
        "version": version,
        "summary": service_summary,
        "owners": [team],
        "sends": sends,
        "receives": receives,
    });
    if d.context.is_some() {
        front["specifications"] = json!({"asyncapiPath": "asyncapi.yaml"});
        out.insert(format!("{dir}/asyncapi.yaml"), to_yaml(&asyncapi));
    }
    out.insert(
        format!("{dir}/index.mdx"),
        mdx(&front, &format!("{}\n", paragraph(&service_summary))),
    );
}

/// The `sends` and `receives` pointers of a service from its AsyncAPI operations. The
/// unassigned domain has no document of its own: its elements' operations are read from the
/// whole board's and kept when they have no context.
fn pointers(asyncapi: &Value, scoped: bool, spec: &Spec, version: &str) -> (Value, Value) {
    let doc;
    let asyncapi = if scoped {
        asyncapi
    } else {
        doc = document(spec, None, spec.seq);
        &doc
    };
    let mut sends: Vec<String> = Vec::new();
    let mut receives: Vec<String> = Vec::new();
    for op in asyncapi["operations"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, o)| o)
    {
        if !scoped && !op["x-eventstorming"]["boundedContext"].is_null() {
            continue;
        }
        let list = match op["action"].as_str() {
            Some("send") => &mut sends,
            Some("receive") => &mut receives,
            _ => continue,
        };
        for m in op["messages"].as_array().into_iter().flatten() {
            if let Some(key) = m["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
                list.push(key.to_owned());
            }
        }
    }
    let to_pointers = |mut ids: Vec<String>| -> Value {
        ids.sort();
        ids.dedup();
        ids.into_iter()
            .map(|id| json!({"id": id, "version": version}))
            .collect()
    };
    (to_pointers(sends), to_pointers(receives))
}

fn title(common: &Common) -> &str {
    if common.name.is_empty() {
        &common.code_name
    } else {
        &common.name
    }
}

fn summary(common: &Common, kind: &str) -> String {
    let first = common.description.lines().find(|l| !l.trim().is_empty());
    match first {
        Some(line) => line.trim().to_owned(),
        None => format!("The {kind} {} from the board.", title(common)),
    }
}

/// The page body: the description (or the sticky's text), as literal text.
fn body(common: &Common) -> String {
    let source = if common.description.trim().is_empty() {
        &common.text
    } else {
        &common.description
    };
    let text = mdx_text(&paragraph(source));
    if text.is_empty() {
        format!("The {} on the board.\n", mdx_text(&inline(title(common))))
    } else {
        format!("{text}\n")
    }
}

/// Markdown text made safe for MDX, where braces start expressions.
fn mdx_text(markdown: &str) -> String {
    markdown.replace('{', "\\{").replace('}', "\\}")
}

/// An MDX page: YAML frontmatter, then the body.
fn mdx(frontmatter: &Value, body: &str) -> String {
    format!("---\n{}---\n\n{body}", to_yaml(frontmatter))
}

/// A minimal catalog configuration, so the folder is an EventCatalog project.
fn config(title: &str) -> String {
    let title = if title.trim().is_empty() {
        "Untitled board"
    } else {
        title
    };
    format!(
        "// Generated by eventstorm from the board {title:?}; change the board, not this file.\nexport default {{\n  title: {title:?},\n  tagline: 'Event and handler specifications from the workshop',\n  organizationName: {title:?},\n  homepageLink: 'https://eventcatalog.dev',\n  cId: 'eventstorm-export',\n}};\n",
    )
}
