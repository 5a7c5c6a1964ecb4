//! The rendered documents are what they claim to be: the native JSON matches the committed
//! JSON Schema, the AsyncAPI YAML reads back as exactly the AsyncAPI JSON, and the AsyncAPI
//! document's references, keys and examples hold together.

mod common;

use std::path::Path;

use common::{Builder, boards};
use eventstorm_spec::{ExportOptions, Format, Spec, export, export_document};
use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

fn example_boards() -> Vec<(&'static str, Builder)> {
    vec![
        ("order-flow", boards::order_flow()),
        ("messy-workshop", boards::messy_workshop()),
        ("empty", boards::empty()),
        ("city-library", boards::city_library()),
        ("large", common::large::large(30)),
    ]
}

fn schema_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("docs/spec.schema.json is a valid JSON Schema")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn native_json_matches_the_committed_schema() {
    let validator = schema_validator();
    for (name, b) in example_boards() {
        let doc: Value = serde_json::from_str(&export(&b.board, Format::Json)).unwrap();
        let errors = errors(&validator, &doc);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn the_schema_rejects_what_the_format_does_not_allow() {
    let validator = schema_validator();
    let b = boards::messy_workshop();
    let doc: Value = serde_json::from_str(&export(&b.board, Format::Json)).unwrap();
    let mut wrong_version = doc.clone();
    wrong_version["format"] = "eventstorm.spec/v2".into();
    let mut unknown_code = doc.clone();
    unknown_code["findings"][0]["code"] = "looks_odd".into();
    let mut link_without_source = doc.clone();
    link_without_source["model"]["links"][0]
        .as_object_mut()
        .unwrap()
        .retain(|k, _| k != "connector" && k != "inferred" && k != "via_command");
    let mut unknown_event_property = doc.clone();
    unknown_event_property["model"]["events"][0]["colour"] = "orange".into();
    for bad in [
        wrong_version,
        unknown_code,
        link_without_source,
        unknown_event_property,
    ] {
        assert!(!validator.is_valid(&bad));
    }
}

fn yaml_to_json(y: &Yaml) -> Value {
    match y {
        Yaml::Null => Value::Null,
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Real(r) => Value::from(r.parse::<f64>().expect("a YAML float")),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Array(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::Hash(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let Yaml::String(k) = k else {
                        panic!("a non-string key {k:?}")
                    };
                    (k.clone(), yaml_to_json(v))
                })
                .collect(),
        ),
        other => panic!("unexpected YAML node {other:?}"),
    }
}

#[test]
fn asyncapi_yaml_reads_back_as_the_asyncapi_json() {
    for (name, b) in example_boards() {
        let yaml = export(&b.board, Format::AsyncApiYaml);
        let json: Value = serde_json::from_str(&export(&b.board, Format::AsyncApiJson)).unwrap();
        let docs = YamlLoader::load_from_str(&yaml).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(docs.len(), 1, "{name}: one YAML document");
        assert_eq!(yaml_to_json(&docs[0]), json, "{name}");
    }
}

/// Follows a local `$ref` (`#/a/b`) in the document.
fn resolve<'d>(doc: &'d Value, reference: &Value) -> Option<&'d Value> {
    let path = reference.get("$ref")?.as_str()?.strip_prefix('#')?;
    doc.pointer(path)
}

fn channel_key(reference: &Value) -> &str {
    let path = reference["$ref"].as_str().unwrap();
    let rest = path
        .strip_prefix("#/channels/")
        .expect("a root channel reference");
    rest.split('/').next().unwrap()
}

#[test]
fn asyncapi_operations_point_at_root_channels_and_their_own_messages() {
    for (name, b) in example_boards() {
        let doc: Value = serde_json::from_str(&export(&b.board, Format::AsyncApiJson)).unwrap();
        for (op_key, op) in doc["operations"].as_object().unwrap() {
            let channel = channel_key(&op["channel"]);
            assert!(resolve(&doc, &op["channel"]).is_some(), "{name} {op_key}");
            for m in op["messages"].as_array().unwrap() {
                let prefix = format!("#/channels/{channel}/messages/");
                assert!(
                    m["$ref"].as_str().unwrap().starts_with(&prefix),
                    "{name} {op_key}"
                );
                assert!(resolve(&doc, m).is_some(), "{name} {op_key}: {m}");
            }
            if let Some(dl) = op.get("x-dead-letter") {
                let dlq = channel_key(&dl["channel"]);
                assert!(resolve(&doc, &dl["channel"]).is_some(), "{name} {op_key}");
                for m in dl["messages"].as_array().unwrap() {
                    assert!(
                        m["$ref"]
                            .as_str()
                            .unwrap()
                            .starts_with(&format!("#/channels/{dlq}/"))
                    );
                    assert!(resolve(&doc, m).is_some(), "{name} {op_key}: {m}");
                }
            }
        }
        for (key, channel) in doc["channels"].as_object().unwrap() {
            for m in channel["messages"].as_object().unwrap().values() {
                assert!(resolve(&doc, m).is_some(), "{name} channel {key}");
            }
        }
    }
}

#[test]
fn asyncapi_keys_are_valid_and_every_object_traces_back_to_a_sticky() {
    let valid_key = |k: &str| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c))
    };
    for (name, b) in example_boards() {
        let doc: Value = serde_json::from_str(&export(&b.board, Format::AsyncApiJson)).unwrap();
        for section in ["channels", "operations"] {
            for (key, object) in doc[section].as_object().unwrap() {
                assert!(valid_key(key), "{name}: {section} key {key:?}");
                let trace = &object["x-eventstorming"];
                assert!(
                    trace["kind"].is_string() && trace["id"].is_string(),
                    "{name} {key}"
                );
                assert!(trace.get("boundedContext").is_some(), "{name} {key}");
            }
        }
        for section in ["messages", "schemas", "tags"] {
            for (key, object) in doc["components"][section].as_object().unwrap() {
                assert!(valid_key(key), "{name}: components.{section} key {key:?}");
                // The dead-letter envelope and the shared types are generated, not drawn: they
                // have no sticky.
                let generated = key.starts_with("DeadLetter")
                    || (section == "schemas" && !key.ends_with("Payload"));
                if section != "tags" && !generated {
                    assert!(object["x-eventstorming"]["id"].is_string(), "{name} {key}");
                }
            }
        }
        for (key, channel) in doc["channels"].as_object().unwrap() {
            let address = channel["address"].as_str().unwrap();
            assert!(!address.contains(['?', '#']), "{name} {key}: {address}");
        }
    }
}

#[test]
fn every_message_example_validates_against_its_payload_schema() {
    for (name, b) in example_boards() {
        let doc: Value = serde_json::from_str(&export(&b.board, Format::AsyncApiJson)).unwrap();
        for (key, message) in doc["components"]["messages"].as_object().unwrap() {
            assert!(
                resolve(&doc, &message["payload"]).is_some(),
                "payload schema resolves"
            );
            // The payload as a root schema that carries the components, so its references to
            // shared types resolve.
            let schema = serde_json::json!({
                "$ref": message["payload"]["$ref"],
                "components": doc["components"],
            });
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .unwrap();
            let examples = message["examples"].as_array().unwrap();
            assert!(!examples.is_empty(), "{name} {key}");
            for example in examples {
                let errors = errors(&validator, &example["payload"]);
                assert!(errors.is_empty(), "{name} {key}: {errors:?}");
            }
        }
    }
}

#[test]
fn commands_are_component_messages_marked_as_commands() {
    let b = boards::order_flow();
    let doc: Value = serde_json::from_str(&export(&b.board, Format::AsyncApiJson)).unwrap();
    let place = &doc["components"]["messages"]["PlaceOrder"];
    assert_eq!(place["x-eventcatalog-message-type"], "command");
    assert_eq!(place["x-eventstorming"]["kind"], "command");
    assert!(
        place["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["$ref"] == "#/components/tags/kindCommand")
    );
    // A command travels on its own channel, received by the aggregate it is invoked on, which
    // answers with the event it emits.
    let channel = &doc["channels"]["sales.place-order"];
    assert_eq!(
        channel["messages"]["PlaceOrder"]["$ref"],
        "#/components/messages/PlaceOrder"
    );
    let handle = &doc["operations"]["receivePlaceOrder"];
    assert_eq!(handle["action"], "receive");
    assert_eq!(handle["channel"]["$ref"], "#/channels/sales.place-order");
    assert_eq!(
        handle["reply"]["channel"]["$ref"],
        "#/channels/sales.order-placed"
    );
    assert_eq!(
        place["x-eventstorming"]["emits"][0]["$ref"],
        "#/components/messages/OrderPlaced"
    );
}

#[test]
fn named_types_are_shared_schemas_alternatives_are_enums_and_money_has_a_currency() {
    let b = boards::city_library();
    let doc: Value = serde_json::from_str(&export(&b.board, Format::AsyncApiJson)).unwrap();
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["RenewalRejectionReason"]["enum"],
        serde_json::json!(["reserved_by_other", "too_many_renewals", "fines_due"])
    );
    assert_eq!(
        schemas["RenewalRejectedPayload"]["properties"]["reason"]["$ref"],
        "#/components/schemas/RenewalRejectionReason"
    );
    // Only what the document's payloads use: read models are not messages.
    assert!(schemas.get("LoanSummary").is_none());
    assert_eq!(
        schemas["ChargeOverdueFinePayload"]["properties"]["amount"]["$ref"],
        "#/components/schemas/Money"
    );
    assert_eq!(
        schemas["Money"]["required"],
        serde_json::json!(["amount", "currency"])
    );
}

/// The whole board's AsyncAPI document and each bounded context's, with a label.
fn asyncapi_documents() -> Vec<(String, Value)> {
    let mut docs = Vec::new();
    for (name, b) in example_boards() {
        let whole = export(&b.board, Format::AsyncApiJson);
        docs.push((name.to_owned(), serde_json::from_str(&whole).unwrap()));
        let spec = Spec::new(&b.board, &Default::default());
        for c in &spec.model.bounded_contexts {
            let options = ExportOptions {
                context: Some(c.id.clone()),
                ..ExportOptions::default()
            };
            let doc = export_document(&b.board, Format::AsyncApiJson, &options).unwrap();
            docs.push((
                format!("{name}/{}", c.code_name),
                serde_json::from_str(&doc).unwrap(),
            ));
        }
    }
    docs
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Walks an extension's value (`path` relative to the extension): every `$ref` goes to `refs`,
/// every sticky id (a UUID) outside the extension's own provenance (`id`, `boundedContext`, and
/// the board's list of bounded contexts) goes to `ids`.
fn walk_extension(
    value: &Value,
    path: &str,
    refs: &mut Vec<(String, String)>,
    ids: &mut Vec<String>,
) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let here = format!("{path}/{k}");
                if k == "$ref" {
                    refs.push((here, v.as_str().unwrap_or_default().to_owned()));
                } else {
                    walk_extension(v, &here, refs, ids);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk_extension(v, &format!("{path}/{i}"), refs, ids);
            }
        }
        Value::String(s) if is_uuid(s) => {
            let provenance = path == "/id"
                || path == "/boundedContext"
                || (path.starts_with("/boundedContexts/") && path.ends_with("/id"));
            if !provenance {
                ids.push(format!("{path}: {s}"));
            }
        }
        _ => {}
    }
}

/// Every `x-` extension anywhere in the document, with its JSON pointer.
fn extensions<'d>(value: &'d Value, path: &str, out: &mut Vec<(String, &'d Value)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let here = format!("{path}/{k}");
                if k.starts_with("x-") {
                    out.push((here, v));
                } else {
                    extensions(v, &here, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                extensions(v, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn extensions_refer_to_the_document_by_ref_and_keep_sticky_ids_only_as_provenance() {
    let mut checked = 0;
    for (name, doc) in asyncapi_documents() {
        let mut found = Vec::new();
        extensions(&doc, "", &mut found);
        let (mut refs, mut ids) = (Vec::new(), Vec::new());
        for (path, value) in found {
            let (mut r, mut i) = (Vec::new(), Vec::new());
            walk_extension(value, "", &mut r, &mut i);
            refs.extend(r.into_iter().map(|(at, t)| (format!("{path}{at}"), t)));
            ids.extend(i.into_iter().map(|at| format!("{path}{at}")));
        }
        for (at, target) in &refs {
            let pointer = target.strip_prefix('#').unwrap_or(target);
            assert!(
                target.starts_with("#/") && doc.pointer(pointer).is_some(),
                "{name}: {at} = {target} does not resolve in the document"
            );
        }
        assert!(ids.is_empty(), "{name}: sticky ids as references: {ids:#?}");
        checked += refs.len();
    }
    // The examples do hold references of every kind the extensions make.
    assert!(checked > 100, "only {checked} references checked");
}

#[test]
fn elements_outside_a_document_are_named_not_referenced() {
    let b = boards::city_library();
    let spec = Spec::new(&b.board, &Default::default());
    let lending = spec
        .model
        .bounded_contexts
        .iter()
        .find(|c| c.name == "Lending")
        .unwrap();
    let options = ExportOptions {
        context: Some(lending.id.clone()),
        ..ExportOptions::default()
    };
    let doc: Value =
        serde_json::from_str(&export_document(&b.board, Format::AsyncApiJson, &options).unwrap())
            .unwrap();
    let messages = &doc["components"]["messages"];
    // Reserve Copy is issued in Lending and handled by Catalogue's Copy aggregate.
    assert_eq!(
        messages["ReserveCopy"]["x-eventstorming"]["targets"],
        serde_json::json!([{"kind": "aggregate", "name": "Copy"}])
    );
    // An actor has no object in AsyncAPI; a policy issuing a command is its `send` operation.
    assert_eq!(
        messages["BorrowBook"]["x-eventstorming"]["issuedBy"],
        serde_json::json!([{"kind": "actor", "name": "Member"}])
    );
    assert_eq!(
        messages["SendThankYou"]["x-eventstorming"]["issuedBy"],
        serde_json::json!([{"$ref": "#/operations/sendSendThankYou"}])
    );
    assert_eq!(
        doc["channels"]["lending.book-returned"]["x-eventstorming"]["producedBy"],
        serde_json::json!([{"$ref": "#/operations/sendLendingBookReturned"}])
    );
}

/// `lending.BookReturned` -> `LendingBookReturned`.
fn joined(qualified: &str) -> String {
    qualified
        .split('.')
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn operation_ids_are_the_action_and_the_message() {
    for (name, doc) in asyncapi_documents() {
        for (id, op) in doc["operations"].as_object().unwrap() {
            let message = op["messages"][0]["$ref"].as_str().unwrap();
            let key = message.rsplit('/').next().unwrap();
            let command =
                doc["components"]["messages"][key]["x-eventcatalog-message-type"] == "command";
            let verb = match (op["action"].as_str().unwrap(), command) {
                ("send", _) => "send",
                (_, true) => "receive",
                (_, false) => "on",
            };
            let base = format!("{verb}{}", joined(key));
            assert!(id.starts_with(&base), "{name}: {id} is not {base}...");
            // Only a read model's projection or a collision adds anything to the base.
            let kind = op["x-eventstorming"]["kind"].as_str().unwrap();
            let clashes = doc["operations"]
                .as_object()
                .unwrap()
                .keys()
                .filter(|k| k.starts_with(&base) && *k != id)
                .count();
            if kind != "readModel" && clashes == 0 {
                assert_eq!(id, &base, "{name}");
            }
        }
    }
}

#[test]
fn policies_sharing_an_event_are_told_apart_by_their_command_then_their_name() {
    let whole = |b: Builder| -> Vec<String> {
        let doc: Value = serde_json::from_str(&export(&b.board, Format::AsyncApiJson)).unwrap();
        doc["operations"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let library = whole(boards::city_library());
    // Two policies in two contexts handle Lending's Book Returned: each by the command it issues,
    // never by its whole sentence.
    for id in [
        "onLendingBookReturnedAssessLateFee",
        "onLendingBookReturnedSendThankYou",
        "onLendingBookReturnedUpdateLoansOverview",
        "receiveRenewLoan",
        "sendAssessLateFee",
    ] {
        assert!(library.contains(&id.to_owned()), "{id} in {library:?}");
    }
    assert!(
        library
            .iter()
            .all(|id| !id.contains("When") && !id.contains("ThankMember")),
        "{library:?}"
    );
    // One of the two policies on Parcel Shipped issues nothing: both fall back to their names.
    let messy = whole(boards::messy_workshop());
    for id in [
        "onParcelShippedNotifyCustomer",
        "onParcelShippedUpdateStockLevels",
    ] {
        assert!(messy.contains(&id.to_owned()), "{id} in {messy:?}");
    }
}
