//! Names: what a sticky is called in documents (its first line) and in code (a PascalCase
//! identifier), plus the helpers that keep generated identifiers unique.
//!
//! Code names end up as AsyncAPI component keys, which must match `^[a-zA-Z0-9.\-_]+$`, so they
//! are plain ASCII. Latin letters with diacritics are folded ("Bestellung geändert" becomes
//! `BestellungGeaendert`); other scripts cannot be spelled in ASCII and fall back to the kind
//! plus a short form of the sticky id, which is stable and unique.

use std::collections::{BTreeMap, BTreeSet};

/// The display name of a sticky: its first non-blank line, trimmed, with runs of whitespace
/// collapsed so that a name never spans lines or carries stray tabs.
pub fn display_name(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    collapse_whitespace(line)
}

/// Runs of whitespace (including newlines) become one space; the ends are trimmed.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of a name in ASCII: diacritics folded, apostrophes dropped inside words
/// ("Customer's" is one word), everything else that is not a letter or digit separates words.
/// camelCase humps also separate words, so `orderPlaced` and `Order Placed` agree.
pub fn words(name: &str) -> Vec<String> {
    let mut folded = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '\'' | '\u{2019}' => {}
            c if c.is_ascii_alphanumeric() => folded.push(c),
            c => match fold(c) {
                Some(s) => folded.push_str(s),
                None => folded.push(' '),
            },
        }
    }
    let mut out = Vec::new();
    for chunk in folded.split(|c: char| !c.is_ascii_alphanumeric()) {
        split_humps(chunk, &mut out);
    }
    out
}

/// Splits `orderPlaced` into `order`, `Placed` and `HTTPRequest` into `HTTP`, `Request`.
fn split_humps(chunk: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = chunk.chars().collect();
    let mut start = 0;
    for i in 1..chars.len() {
        let (prev, cur) = (chars[i - 1], chars[i]);
        let next_lower = chars.get(i + 1).is_some_and(|c| c.is_ascii_lowercase());
        let boundary = (prev.is_ascii_lowercase() && cur.is_ascii_uppercase())
            || (prev.is_ascii_uppercase() && cur.is_ascii_uppercase() && next_lower);
        if boundary {
            out.push(chars[start..i].iter().collect());
            start = i;
        }
    }
    if start < chars.len() {
        out.push(chars[start..].iter().collect());
    }
}

/// A PascalCase identifier for a name. All-capitals names are treated as shouting ("ORDER
/// PLACED" becomes `OrderPlaced`); otherwise acronyms keep their capitals. An identifier must
/// not start with a digit, so such names get the kind in front (`Event3DSecureFailed`).
/// Returns `None` when nothing ASCII is left.
pub fn pascal_case(name: &str, kind_prefix: &str) -> Option<String> {
    let words = words(name);
    if words.is_empty() {
        return None;
    }
    let shouting = !name.chars().any(char::is_lowercase);
    let mut out = String::new();
    for w in &words {
        let w = if shouting {
            w.to_ascii_lowercase()
        } else {
            w.clone()
        };
        let mut chars = w.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, kind_prefix);
    }
    Some(out)
}

/// `OrderPlaced` -> `orderPlaced`; a leading acronym is lowered as a whole (`HTTPCall` ->
/// `httpCall`) so the result reads as camelCase.
pub fn camel_case(pascal: &str) -> String {
    let chars: Vec<char> = pascal.chars().collect();
    let mut upper_run = chars.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if upper_run > 1 && upper_run < chars.len() && chars[upper_run].is_ascii_lowercase() {
        upper_run -= 1;
    }
    let upper_run = upper_run.max(1).min(chars.len());
    let head: String = chars[..upper_run].iter().collect();
    let tail: String = chars[upper_run..].iter().collect();
    format!("{}{}", head.to_ascii_lowercase(), tail)
}

/// `Order Placed` -> `order-placed`, for channel addresses. Empty when nothing ASCII is left.
pub fn kebab_case(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("-")
}

/// Gives out identifiers, never the same one twice. The first caller asking for a base gets it
/// as is; later ones get `base2`, `base3`, ... (skipping any already taken). Callers ask in a
/// deterministic order, so the same input always yields the same identifiers.
#[derive(Default)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
}

impl UniqueNames {
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    pub fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        let mut n = 2u32;
        loop {
            let candidate = format!("{base}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// Makes the bases unique within one scope: `items` are `(key, base)` pairs already in a
/// deterministic order. Every base that occurs once is reserved first, so a sticky literally
/// named "Order Placed 2" keeps `OrderPlaced2` and a second "Order Placed" gets `OrderPlaced3`.
pub fn unique_within<K: Ord + Clone>(items: &[(K, String)]) -> BTreeMap<K, String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, base) in items {
        *counts.entry(base.as_str()).or_default() += 1;
    }
    let mut names = UniqueNames::default();
    for (base, _) in counts.iter().filter(|(_, n)| **n == 1) {
        names.claim(base);
    }
    let mut out = BTreeMap::new();
    for (key, base) in items {
        let name = if counts[base.as_str()] == 1 {
            base.clone()
        } else {
            names.claim(base)
        };
        out.insert(key.clone(), name);
    }
    out
}

/// ASCII spellings of the Latin letters a workshop is likely to write.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'ä' | 'æ' => "ae",
        'Ä' | 'Æ' => "Ae",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'ď' | 'đ' => "d",
        'Ď' | 'Đ' => "D",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ğ' => "g",
        'Ğ' => "G",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'ł' | 'ľ' => "l",
        'Ł' | 'Ľ' => "L",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ō' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ō' | 'Ő' => "O",
        'ö' | 'ø' | 'œ' => "oe",
        'Ö' | 'Ø' | 'Œ' => "Oe",
        'ř' => "r",
        'Ř' => "R",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'Ś' | 'Š' | 'Ş' | 'Ș' => "S",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'Ť' | 'Ţ' | 'Ț' => "T",
        'ù' | 'ú' | 'û' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ü' => "ue",
        'Ü' => "Ue",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'þ' => "th",
        'Þ' => "Th",
        'ð' => "d",
        'Ð' => "D",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_is_the_first_non_blank_line_collapsed() {
        assert_eq!(display_name("\n  Order   Placed \nmore"), "Order Placed");
        assert_eq!(display_name("   "), "");
    }

    #[test]
    fn pascal_case_handles_spaces_punctuation_and_humps() {
        let p = |s| pascal_case(s, "Event").unwrap();
        assert_eq!(p("Order Placed"), "OrderPlaced");
        assert_eq!(p("order placed!"), "OrderPlaced");
        assert_eq!(p("orderPlaced"), "OrderPlaced");
        assert_eq!(p("Customer's e-mail changed"), "CustomersEMailChanged");
        assert_eq!(p("ORDER PLACED"), "OrderPlaced");
        assert_eq!(p("HTTP request failed"), "HTTPRequestFailed");
        assert_eq!(p("Bestellung geändert"), "BestellungGeaendert");
        assert_eq!(p("3D secure failed"), "Event3DSecureFailed");
        assert_eq!(pascal_case("注文済み", "Event"), None);
    }

    #[test]
    fn camel_and_kebab_case() {
        assert_eq!(camel_case("OrderPlaced"), "orderPlaced");
        assert_eq!(camel_case("HTTPRequestFailed"), "httpRequestFailed");
        assert_eq!(camel_case("ID"), "id");
        assert_eq!(kebab_case("Order Placed"), "order-placed");
        assert_eq!(kebab_case("OrderPlaced2"), "order-placed2");
    }

    #[test]
    fn unique_within_keeps_single_names_and_numbers_repeats() {
        let items = vec![
            (1, "OrderPlaced".to_owned()),
            (2, "OrderPlaced2".to_owned()),
            (3, "OrderPlaced".to_owned()),
            (4, "OrderPlaced".to_owned()),
        ];
        let names = unique_within(&items);
        assert_eq!(names[&1], "OrderPlaced");
        assert_eq!(names[&2], "OrderPlaced2");
        assert_eq!(names[&3], "OrderPlaced3");
        assert_eq!(names[&4], "OrderPlaced4");
    }
}
