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
//! | `money`, `decimal` | `string` with a decimal `pattern` |
//! | `T[]`, `list<T>`, `array<T>` | `array` of `T` (`array` or `list` alone: any items) |
//! | `object`, `json`, `map` | `object` |
//! | any other name | `object` titled with the name and described as a model type |
//!
//! Money is a decimal string, not a JSON number: a number would be read as binary floating
//! point by most consumers and lose cents, and minor units (integer cents) would silently
//! assume a currency's exponent. `"12.50"` survives every hop.

use eventstorm_board::PayloadField;
use serde_json::{Map, Value, json};

/// The pattern a money or decimal value matches: optional sign, digits, optional fraction.
pub const DECIMAL_PATTERN: &str = "^-?[0-9]+(\\.[0-9]+)?$";

/// The payload schema of an event's or command's fields, and a matching example.
pub fn payload(fields: &[PayloadField]) -> (Map<String, Value>, Value) {
    let mut properties = Map::new();
    let mut example = Map::new();
    let mut required = Vec::new();
    for f in fields {
        let (mut schema, value) = field_type(&f.field_type);
        if !f.description.trim().is_empty() {
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
pub fn field_type(written: &str) -> (Map<String, Value>, Value) {
    let t = written.trim();
    if let Some(inner) = element_type(t) {
        let (items, item_example) = match inner {
            Some(inner) => {
                let (s, e) = field_type(inner);
                (Value::Object(s), json!([e]))
            }
            None => (json!({}), json!([])),
        };
        let mut schema = Map::new();
        schema.insert("type".into(), json!("array"));
        schema.insert("items".into(), items);
        return (schema, item_example);
    }
    let lower = t.to_ascii_lowercase();
    let (schema, example) = match lower.as_str() {
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
        "money" | "decimal" => (
            json!({
                "type": "string",
                "pattern": DECIMAL_PATTERN,
                "description": "A decimal amount written as a string, e.g. \"12.50\"."
            }),
            json!("12.50"),
        ),
        "object" | "json" | "map" => (json!({"type": "object"}), json!({})),
        _ => (
            json!({
                "type": "object",
                "title": t,
                "description": format!("A {t}: a type of the model whose fields the board does not give.")
            }),
            json!({}),
        ),
    };
    let Value::Object(schema) = schema else {
        unreachable!("every schema above is an object")
    };
    (schema, example)
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

    #[test]
    fn lists_map_to_arrays_of_their_element_type() {
        let (s, e) = field_type("OrderLine[]");
        assert_eq!(s["type"], "array");
        assert_eq!(s["items"]["type"], "object");
        assert_eq!(s["items"]["title"], "OrderLine");
        assert_eq!(e, json!([{}]));
        let (s, e) = field_type("list<uuid>");
        assert_eq!(s["items"]["format"], "uuid");
        assert!(e[0].is_string());
        let (s, e) = field_type("array");
        assert_eq!(s["items"], json!({}));
        assert_eq!(e, json!([]));
    }

    #[test]
    fn money_is_a_decimal_string() {
        let (s, e) = field_type("Money");
        assert_eq!(s["type"], "string");
        assert_eq!(s["pattern"], DECIMAL_PATTERN);
        assert_eq!(e, "12.50");
    }

    #[test]
    fn required_fields_are_listed_in_field_order() {
        let field = |name: &str, required| PayloadField {
            name: name.into(),
            field_type: "string".into(),
            required,
            description: String::new(),
        };
        let (schema, example) = payload(&[field("b", true), field("a", false), field("c", true)]);
        assert_eq!(schema["required"], json!(["b", "c"]));
        assert_eq!(
            example,
            json!({"a": "example", "b": "example", "c": "example"})
        );
    }
}
