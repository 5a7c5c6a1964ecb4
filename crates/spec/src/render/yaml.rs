//! A small YAML 1.2 emitter for `serde_json::Value`, block style.
//!
//! Written here rather than taken from a crate so the output is fully under our control and
//! stable across dependency upgrades. It errs on the side of quoting: a string is left plain
//! only when no YAML 1.2 (or 1.1, which many tools still speak) parser could read it as anything
//! but that string. Strings with line breaks or control characters are double-quoted with
//! escapes, so every scalar stays on one line and indentation can never change its meaning.

use serde_json::Value;

/// The document as YAML, ending in a newline. Maps keep the `Value`'s key order.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    write_node(value, 0, &TOP, &mut out);
    out
}

/// What goes before a value, by what it turns out to be: a block map, a block sequence, or a
/// one-line scalar.
struct Lead {
    map: &'static str,
    seq: &'static str,
    scalar: &'static str,
}

/// The document itself.
const TOP: Lead = Lead {
    map: "",
    seq: "",
    scalar: "",
};
/// A map entry's value, after `key:`.
const AFTER_KEY: Lead = Lead {
    map: "\n",
    seq: "\n",
    scalar: " ",
};
/// A sequence item: a map's first entry follows the dash on its line.
const SEQ_ITEM: Lead = Lead {
    map: "- ",
    seq: "-\n",
    scalar: "- ",
};

/// Writes `value` after its lead; a collection's entries at `indent`.
fn write_node(value: &Value, indent: usize, lead: &Lead, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push_str(lead.map);
            write_map(map, indent, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str(lead.seq);
            write_seq(items, indent, out);
        }
        scalar => {
            out.push_str(lead.scalar);
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
}

fn write_map(map: &serde_json::Map<String, Value>, indent: usize, out: &mut String) {
    for (i, (key, value)) in map.iter().enumerate() {
        // The first entry of a map inside a sequence item follows the "- " directly.
        if i > 0 || !out.ends_with("- ") {
            push_indent(indent, out);
        }
        out.push_str(&scalar_string(key));
        out.push(':');
        write_node(value, indent + 2, &AFTER_KEY, out);
    }
}

fn write_seq(items: &[Value], indent: usize, out: &mut String) {
    for item in items {
        push_indent(indent, out);
        write_node(item, indent + 2, &SEQ_ITEM, out);
    }
}

fn push_indent(indent: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A value on one line: a scalar, or an empty collection in flow style.
fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        // serde_json prints integers and finite floats in forms YAML 1.2's core schema reads
        // back as the same number (`1`, `-2.5`, `1e300`).
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar_string(s),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

/// A string scalar: plain when unambiguous, single-quoted when it only needs protecting from
/// being read as something else, double-quoted with escapes when it holds characters a single
/// line cannot show.
pub fn scalar_string(s: &str) -> String {
    if s.chars().any(needs_escape) {
        double_quoted(s)
    } else if is_plain_safe(s) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

fn needs_escape(c: char) -> bool {
    // C0 and C1 controls (tab included: it is legal in quotes but invisible), DEL, the Unicode
    // line and paragraph separators and the byte order mark.
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let code = c as u32;
                if code <= 0xff {
                    out.push_str(&format!("\\x{code:02x}"));
                } else {
                    out.push_str(&format!("\\u{code:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether a string can be written without quotes and read back as the same string.
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s {
        return false;
    }
    // Indicators that start something else (sequence entries, mappings, anchors, tags, block
    // scalars, comments, quotes, directives, reserved characters), and flow punctuation.
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    // ": " starts a mapping value and " #" a comment anywhere; a trailing ':' also reads as a
    // key. Flow punctuation is harmless in block context but quoting it costs nothing and keeps
    // a value safe to paste into a flow collection.
    if s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.contains([',', '[', ']', '{', '}'])
    {
        return false;
    }
    !looks_like_other_type(s)
}

/// Null, booleans (YAML 1.1's yes/no/on/off too), numbers in any notation a 1.1 or 1.2 parser
/// knows (including `.inf`, `0x1f`, `1_000`, `1:30`), dates, and the merge key.
fn looks_like_other_type(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", "<<", ".inf", "-.inf",
        "+.inf", ".nan",
    ];
    let lower = s.to_ascii_lowercase();
    if WORDS.contains(&lower.as_str()) {
        return true;
    }
    // Anything that starts like a number (or a date, or a sexagesimal) is quoted: cheaper to
    // over-quote "3 items" than to work out which of the many numeric forms a parser accepts.
    let mut chars = s.chars();
    let first = chars.next().unwrap_or(' ');
    let second = chars.next();
    first.is_ascii_digit()
        || (matches!(first, '+' | '-' | '.')
            && second.is_some_and(|c| c.is_ascii_digit() || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_that_look_like_other_types_are_quoted() {
        for s in [
            "true",
            "No",
            "null",
            "~",
            "1.0.0",
            "3",
            "-1",
            ".5",
            "0x1F",
            "2024-01-15",
            "1:30",
            "",
            " padded",
            "a: b",
            "#tag",
            "- item",
            "x #y",
            "key:",
            "*alias",
            "'q'",
            "<<",
        ] {
            assert_ne!(scalar_string(s), s, "{s:?} must be quoted");
        }
        assert_eq!(scalar_string("it's"), "it's");
        assert_eq!(scalar_string("'q'"), "'''q'''");
    }

    #[test]
    fn plain_words_stay_plain() {
        for s in [
            "OrderPlaced",
            "x-eventstorming",
            "$ref",
            "application/json",
            "Order Placed",
        ] {
            assert_eq!(scalar_string(s), s);
        }
    }

    #[test]
    fn line_breaks_and_controls_are_escaped() {
        assert_eq!(scalar_string("a\nb"), "\"a\\nb\"");
        assert_eq!(scalar_string("tab\there"), "\"tab\\there\"");
        assert_eq!(scalar_string("q\"\u{1}"), "\"q\\\"\\x01\"");
        assert_eq!(scalar_string("\u{2028}"), "\"\\u2028\"");
    }

    #[test]
    fn nested_collections_are_indented_in_block_style() {
        let v = json!({
            "a": {"b": [1, {"c": "d", "e": []}, [true]], "f": {}},
            "g": "h"
        });
        let expected =
            "a:\n  b:\n    - 1\n    - c: d\n      e: []\n    -\n      - true\n  f: {}\ng: h\n";
        assert_eq!(to_yaml(&v), expected);
    }
}
