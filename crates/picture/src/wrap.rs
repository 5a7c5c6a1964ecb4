//! Text fitted into a sticky: wrapped at word boundaries, shrunk until it fits, and cut with an
//! ellipsis only when even the smallest size does not.

use crate::font::width;

/// Sizes tried from the wall's own (14 px) down to the smallest still legible on paper.
const SIZES: [f64; 7] = [14.0, 13.0, 12.0, 11.0, 10.0, 9.0, 8.0];
pub(crate) const LINE_HEIGHT: f64 = 1.25;

/// The lines of text and the size to draw them at.
#[derive(Debug, PartialEq)]
pub(crate) struct Fitted {
    pub size: f64,
    pub lines: Vec<String>,
}

pub(crate) fn fit(text: &str, max_width: f64, max_height: f64) -> Fitted {
    for size in SIZES {
        let lines = wrap(text, max_width, size);
        if lines.len() as f64 * size * LINE_HEIGHT <= max_height {
            return Fitted { size, lines };
        }
    }
    let size = SIZES[SIZES.len() - 1];
    let mut lines = wrap(text, max_width, size);
    let keep = ((max_height / (size * LINE_HEIGHT)).floor() as usize).max(1);
    if lines.len() > keep {
        lines.truncate(keep);
        let last = lines.pop().unwrap_or_default();
        lines.push(with_ellipsis(&last, max_width, size));
    }
    Fitted { size, lines }
}

/// Greedy wrapping; a word wider than the line is broken between characters. Line breaks the
/// author typed are kept.
fn wrap(text: &str, max_width: f64, size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.trim().lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, size, false) <= max_width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if width(&line, size, false) > max_width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

fn with_ellipsis(line: &str, max_width: f64, size: f64) -> String {
    let mut kept: String = line.to_owned();
    loop {
        let candidate = format!("{}…", kept.trim_end());
        if width(&candidate, size, false) <= max_width || kept.is_empty() {
            return candidate;
        }
        kept.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_keeps_the_wall_size() {
        let fitted = fit("Order Placed", 150.0, 60.0);
        assert_eq!(fitted.size, 14.0);
        assert_eq!(fitted.lines, vec!["Order Placed"]);
    }

    #[test]
    fn long_text_wraps_at_words_and_shrinks() {
        let text = "Payment authorised by the provider after the fraud check came back clean";
        let fitted = fit(text, 150.0, 60.0);
        assert!(fitted.size < 14.0, "{fitted:?}");
        assert!(fitted.lines.len() > 1);
        assert_eq!(fitted.lines.join(" "), text);
        for line in &fitted.lines {
            assert!(width(line, fitted.size, false) <= 150.0, "{line}");
        }
    }

    #[test]
    fn text_that_never_fits_ends_with_an_ellipsis() {
        let text = "word ".repeat(200);
        let fitted = fit(&text, 100.0, 30.0);
        assert_eq!(fitted.size, 8.0);
        assert!(fitted.lines.last().unwrap().ends_with('…'));
        assert!(fitted.lines.len() as f64 * 8.0 * LINE_HEIGHT <= 30.0);
    }
}
