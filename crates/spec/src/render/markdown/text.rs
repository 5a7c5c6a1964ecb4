//! Text for Markdown: sticky text is data, never markup. Everything a participant wrote goes
//! through [`inline`], so `<img onerror=...>` stays visible text rather than becoming HTML, and
//! `|`, `*` or a backtick cannot break a table or start emphasis or code.

use crate::names::collapse_whitespace;

/// Sticky text as one line of Markdown that renders literally. Whitespace (line breaks
/// included) collapses to single spaces: a line break inside a table cell ends the row, and one
/// in a list item could start a new block.
pub fn inline(text: &str) -> String {
    let text = collapse_whitespace(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            // Angle brackets as entities, so no renderer can read them as HTML; an ampersand is
            // backslash-escaped so the text reads as written ("Returns & Refunds").
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("\\&"),
            // Emphasis, code, links, tables, strikethrough, headings' closing hashes and
            // GitHub's math.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '$' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Sticky text as a paragraph of its own: like [`inline`], and a start that Markdown would read
/// as a list item or a heading underline (`- x`, `+ x`, `1. x`, `2) x`, `===`) is escaped too.
pub fn paragraph(text: &str) -> String {
    let mut out = inline(text);
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    } else {
        let digits = out.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && out[digits..].starts_with(['.', ')']) {
            out.insert(digits, '\\');
        }
    }
    out
}

/// A name for a heading or a cell: the escaped name, or a placeholder for an empty sticky.
pub fn name(name: &str) -> String {
    if name.is_empty() {
        "*(empty sticky)*".to_owned()
    } else {
        inline(name)
    }
}

/// A table: header cells, then rows of already-escaped cells.
pub fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str(&format!(
        "|{}\n",
        header.iter().map(|_| "---|").collect::<String>()
    ));
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out.push('\n');
}

/// Escaped names joined with commas, or a dash when there are none.
pub fn list(names: impl IntoIterator<Item = String>) -> String {
    let names: Vec<String> = names.into_iter().collect();
    if names.is_empty() {
        "—".to_owned()
    } else {
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_markdown_in_stickies_stay_text() {
        assert_eq!(
            inline("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(inline("a | b *c* `d`"), "a \\| b \\*c\\* \\`d\\`");
        assert_eq!(
            inline("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        // An ampersand reads as written, and "&amp;" typed on a sticky stays those five
        // characters rather than becoming an entity.
        assert_eq!(inline("line\nbreak &amp;"), "line break \\&amp;");
        assert_eq!(inline("Returns & Refunds"), "Returns \\& Refunds");
    }

    #[test]
    fn a_paragraph_cannot_start_a_list_or_a_heading() {
        assert_eq!(paragraph("- not a list"), "\\- not a list");
        assert_eq!(paragraph("12. not a list"), "12\\. not a list");
        assert_eq!(paragraph("3) nor this"), "3\\) nor this");
        assert_eq!(paragraph("=== no heading"), "\\=== no heading");
        assert_eq!(paragraph("2025 was fine"), "2025 was fine");
    }
}
