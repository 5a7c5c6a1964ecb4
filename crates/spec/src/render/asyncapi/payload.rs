//! Payload fields as JSON Schema, and an example payload that validates against it.
//!
//! Type mapping (the field type as the workshop wrote it, case-insensitive):
//!
//! | board type | JSON Schema |
//! |---|---|
//! | `string`, `text` | `string` |
//! | `integer`, `int`, `long` | `integer` |
//! | `number`, `float`, `double` | `number` |
//! | `boolean`, `bool` | `boolean` |
//! | `uuid`, `guid` | `string`, `format: uuid` |
//! | `date` | `string`, `format: date` |
//! | `datetime`, `date-time`, `timestamp` | `string`, `format: date-time` |
//! | `time` | `string`, `format: time` |
//! | `email` / `url`, `uri` | `string`, `format: email` / `uri` |
//! | `decimal` | `string` with a decimal `pattern` |
//! | `money` | `$ref` to the shared `Money` schema: `amount` (a decimal string) and `currency` |
//! | `T[]`, `list<T>`, `array<T>` | `array` of `T` (`array` or `list` alone: any items) |
//! | `object`, `json`, `map` | `object` |
//! | any other name | `$ref` to a shared schema of that name (see [`Types`]) |
//!
//! Amounts are decimal strings, not JSON numbers: a number would be read as binary floating
//! point by most consumers and lose cents, and minor units (integer cents) would silently
//! assume a currency's exponent. `"12.50"` survives every hop, and money always travels with
//! its ISO 4217 currency code.

use std::collections::{BTreeMap, BTreeSet};

use eventstorm_board::PayloadField;
use serde_json::{Map, Value, json};

use crate::model::Model;
use crate::names::pascal_case;

/// The pattern a money or decimal value matches: optional sign, digits, optional fraction.
pub const DECIMAL_PATTERN: &str = "^-?[0-9]+(\\.[0-9]+)?$";

/// The key of the shared money schema.
const MONEY: &str = "Money";

/// The model's own types, declared once and shared as `components.schemas`. A field whose type
/// is a name of the model's own (`RenewalRejectionReason`, `LoanSummary[]`) refers to that
/// name's schema. A field description of two or more words separated by `|`
/// (`reserved | too_many | fines_due`) declares the type as an enumeration of those values;
/// the first declaration in model order wins. Other names are objects whose fields the board
/// does not give.
#[derive(Default)]
pub struct Types {
    /// Schema key -> enum values (empty: an opaque object).
    declared: BTreeMap<String, Vec<String>>,
}

impl Types {
    pub fn new(model: &Model) -> Self {
        let fields = model
            .events
            .iter()
            .flat_map(|e| &e.fields)
            .chain(model.commands.iter().flat_map(|c| &c.fields))
            .chain(model.read_models.iter().flat_map(|r| &r.fields));
        let mut types = Types::default();
        for f in fields {
            let Some(key) = named_type(&f.field_type) else {
                continue;
            };
            let values = enum_values(&f.description);
            let entry = types.declared.entry(key).or_default();
            if entry.is_empty() {
                *entry = values;
            }
        }
        types
    }

    /// The shared schema of `key` and an example value of it.
    fn schema(&self, key: &str) -> (Value, Value) {
        if key == MONEY {
            return (
                json!({
                    "type": "object",
                    "title": MONEY,
                    "description": "An amount of money with its currency.",
                    "required": ["amount", "currency"],
                    "properties": {
                        "amount": {"type": "string", "pattern": DECIMAL_PATTERN, "description": "A decimal amount written as a string, e.g. \"12.50\"."},
                        "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "An ISO 4217 currency code."}
                    }
                }),
                json!({"amount": "12.50", "currency": "EUR"}),
            );
        }
        match self.declared.get(key).filter(|v| !v.is_empty()) {
            Some(values) => (
                json!({"type": "string", "title": key, "enum": values}),
                json!(values[0]),
            ),
            None => (
                json!({
                    "type": "object",
                    "title": key,
                    "description": format!("A {key}: a type of the model whose fields the board does not give.")
                }),
                json!({}),
            ),
        }
    }

    /// `components.schemas` entries for the types in `used`.
    pub fn schemas(&self, used: &BTreeSet<String>) -> Map<String, Value> {
        used.iter()
            .map(|key| (key.clone(), self.schema(key).0))
            .collect()
    }

    /// `schema` with every reference to a shared type replaced by the type's schema, for
    /// documents that stand alone (EventCatalog's `schema.json`).
    pub fn inline(&self, schema: &mut Value) {
        match schema {
            Value::Object(map) => {
                if let Some(key) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    *schema = self.schema(key).0;
                    return;
                }
                map.values_mut().for_each(|v| self.inline(v));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.inline(v)),
            _ => {}
        }
    }
}

/// The schema key of a type name of the model's own (the element type of a list), `None` for
/// the built-in types.
fn named_type(written: &str) -> Option<String> {
    let t = written.trim();
    if let Some(inner) = element_type(t) {
        return named_type(inner?);
    }
    if builtin(t).is_some() {
        return None;
    }
    pascal_case(t, "Type")
}

/// `a | b | c` as enumeration values (two or more, each one word).
fn enum_values(description: &str) -> Vec<String> {
    let parts: Vec<&str> = description.split('|').map(str::trim).collect();
    let word = |p: &&str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
    };
    if parts.len() >= 2 && parts.iter().all(word) {
        parts.into_iter().map(str::to_owned).collect()
    } else {
        Vec::new()
    }
}

/// The payload schema of an event's or command's fields, and a matching example. The shared
/// types the payload refers to are added to `used`.
pub fn payload(
    fields: &[PayloadField],
    types: &Types,
    used: &mut BTreeSet<String>,
) -> (Map<String, Value>, Value) {
    let mut properties = Map::new();
    let mut example = Map::new();
    let mut required = Vec::new();
    for f in fields {
        let (mut schema, value) = field_type(&f.field_type, types, used);
        let declares_enum = !enum_values(&f.description).is_empty();
        if !f.description.trim().is_empty() && !declares_enum {
            if schema.contains_key("$ref") {
                // A reference takes no sibling keywords: wrap it to describe the field.
                let reference = Value::Object(std::mem::take(&mut schema));
                schema.insert("allOf".into(), json!([reference]));
            }
            schema.insert("description".into(), json!(f.description));
        }
        properties.insert(f.name.clone(), Value::Object(schema));
        example.insert(f.name.clone(), value);
        if f.required {
            required.push(json!(f.name));
        }
    }
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    (schema, Value::Object(example))
}

/// The schema and an example value for one type name.
pub fn field_type(
    written: &str,
    types: &Types,
    used: &mut BTreeSet<String>,
) -> (Map<String, Value>, Value) {
    let t = written.trim();
    if let Some(inner) = element_type(t) {
        let (items, item_example) = match inner {
            Some(inner) => {
                let (s, e) = field_type(inner, types, used);
                (Value::Object(s), json!([e]))
            }
            None => (json!({}), json!([])),
        };
        let mut schema = Map::new();
        schema.insert("type".into(), json!("array"));
        schema.insert("items".into(), items);
        return (schema, item_example);
    }
    let (schema, example) = match builtin(t) {
        Some(b) => b,
        None => {
            let key = if t.eq_ignore_ascii_case("money") {
                MONEY.to_owned()
            } else {
                pascal_case(t, "Type").unwrap_or_else(|| "Type".to_owned())
            };
            let (_, example) = types.schema(&key);
            used.insert(key.clone());
            (
                json!({"$ref": format!("#/components/schemas/{key}")}),
                example,
            )
        }
    };
    let Value::Object(schema) = schema else {
        unreachable!("every schema is an object")
    };
    (schema, example)
}

/// The schema and example of a built-in type; `None` for money and the model's own names,
/// which are shared schemas.
fn builtin(t: &str) -> Option<(Value, Value)> {
    let lower = t.to_ascii_lowercase();
    Some(match lower.as_str() {
        "string" | "text" | "str" => (json!({"type": "string"}), json!("example")),
        "integer" | "int" | "long" => (json!({"type": "integer"}), json!(1)),
        "number" | "float" | "double" => (json!({"type": "number"}), json!(1.5)),
        "boolean" | "bool" => (json!({"type": "boolean"}), json!(true)),
        "uuid" | "guid" => (
            json!({"type": "string", "format": "uuid"}),
            json!("3f2b6c1e-8d4a-4e5f-9a7b-0c1d2e3f4a5b"),
        ),
        "date" => (
            json!({"type": "string", "format": "date"}),
            json!("2025-03-14"),
        ),
        "datetime" | "date-time" | "timestamp" => (
            json!({"type": "string", "format": "date-time"}),
            json!("2025-03-14T09:30:00Z"),
        ),
        "time" => (
            json!({"type": "string", "format": "time"}),
            json!("09:30:00Z"),
        ),
        "email" => (
            json!({"type": "string", "format": "email"}),
            json!("someone@example.com"),
        ),
        "url" | "uri" => (
            json!({"type": "string", "format": "uri"}),
            json!("https://example.com/"),
        ),
        "decimal" => (
            json!({
                "type": "string",
                "pattern": DECIMAL_PATTERN,
                "description": "A decimal amount written as a string, e.g. \"12.50\"."
            }),
            json!("12.50"),
        ),
        "object" | "json" | "map" => (json!({"type": "object"}), json!({})),
        _ => return None,
    })
}

/// For a list type, `Some(Some(element))` or `Some(None)` when the element type is not named;
/// `None` for anything else.
fn element_type(t: &str) -> Option<Option<&str>> {
    if let Some(inner) = t.strip_suffix("[]") {
        return Some(Some(inner.trim()).filter(|i| !i.is_empty()));
    }
    let lower = t.to_ascii_lowercase();
    if lower == "array" || lower == "list" {
        return Some(None);
    }
    for prefix in ["list<", "array<"] {
        if lower.starts_with(prefix) && lower.ends_with('>') {
            let inner = t[prefix.len()..t.len() - 1].trim();
            return Some(Some(inner).filter(|i| !i.is_empty()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, t: &str, required: bool, description: &str) -> PayloadField {
        PayloadField {
            name: name.into(),
            field_type: t.into(),
            required,
            description: description.into(),
        }
    }

    #[test]
    fn lists_map_to_arrays_of_their_element_type() {
        let (types, mut used) = (Types::default(), BTreeSet::new());
        let (s, e) = field_type("OrderLine[]", &types, &mut used);
        assert_eq!(s["type"], "array");
        assert_eq!(s["items"]["$ref"], "#/components/schemas/OrderLine");
        assert_eq!(e, json!([{}]));
        assert!(used.contains("OrderLine"));
        let (s, e) = field_type("list<uuid>", &types, &mut used);
        assert_eq!(s["items"]["format"], "uuid");
        assert!(e[0].is_string());
        let (s, e) = field_type("array", &types, &mut used);
        assert_eq!(s["items"], json!({}));
        assert_eq!(e, json!([]));
    }

    #[test]
    fn money_is_an_amount_with_its_currency() {
        let (types, mut used) = (Types::default(), BTreeSet::new());
        let (s, e) = field_type("Money", &types, &mut used);
        assert_eq!(s["$ref"], "#/components/schemas/Money");
        assert_eq!(e, json!({"amount": "12.50", "currency": "EUR"}));
        let money = &types.schemas(&used)["Money"];
        assert_eq!(money["properties"]["amount"]["pattern"], DECIMAL_PATTERN);
        assert_eq!(money["required"], json!(["amount", "currency"]));
    }

    #[test]
    fn a_described_alternative_list_declares_an_enum_shared_by_every_use() {
        let mut model = Model::default();
        model.events.push(crate::model::DomainEvent {
            fields: vec![field(
                "reason",
                "RenewalRejectionReason",
                true,
                "reserved | too_many | fines_due",
            )],
            ..test_event()
        });
        let types = Types::new(&model);
        let mut used = BTreeSet::new();
        let (schema, example) = payload(
            &[field(
                "why",
                "RenewalRejectionReason",
                true,
                "Why it was refused.",
            )],
            &types,
            &mut used,
        );
        assert_eq!(
            schema["properties"]["why"]["allOf"][0]["$ref"],
            "#/components/schemas/RenewalRejectionReason"
        );
        assert_eq!(
            schema["properties"]["why"]["description"],
            "Why it was refused."
        );
        assert_eq!(example["why"], "reserved");
        assert_eq!(
            types.schemas(&used)["RenewalRejectionReason"]["enum"],
            json!(["reserved", "too_many", "fines_due"])
        );
        let mut inlined = Value::Object(schema);
        types.inline(&mut inlined);
        assert_eq!(
            inlined["properties"]["why"]["allOf"][0]["enum"][0],
            "reserved"
        );
    }

    fn test_event() -> crate::model::DomainEvent {
        crate::model::DomainEvent {
            common: crate::model::Common {
                id: String::new(),
                name: String::new(),
                code_name: String::new(),
                qualified_name: String::new(),
                pinned_code_name: false,
                text: String::new(),
                description: String::new(),
                bounded_context: None,
                swimlane: None,
                repeated_on: Vec::new(),
            },
            order: 1,
            address: String::new(),
            pivotal: false,
            failure: false,
            fields: Vec::new(),
            producers: Vec::new(),
            caused_by: Vec::new(),
            handlers: Vec::new(),
            read_models: Vec::new(),
        }
    }

    #[test]
    fn required_fields_are_listed_in_field_order() {
        let field = |name: &str, required| field(name, "string", required, "");
        let (schema, example) = payload(
            &[field("b", true), field("a", false), field("c", true)],
            &Types::default(),
            &mut BTreeSet::new(),
        );
        assert_eq!(schema["required"], json!(["b", "c"]));
        assert_eq!(
            example,
            json!({"a": "example", "b": "example", "c": "example"})
        );
    }
}
