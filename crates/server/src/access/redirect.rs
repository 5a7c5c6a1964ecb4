//! Where to go after signing in: only a path on this site. The `next` parameter is attacker
//! controlled (it comes from a link), so anything that a browser could read as another origin
//! or that could not go into a `Location` header becomes `/`.

/// Decoding rounds checked: `%252F` is `%2F` after one, `/` after two.
const DECODE_ROUNDS: usize = 3;

/// `next` if it is a same-origin path, else `/`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if is_safe(n) => n.to_owned(),
        _ => "/".to_owned(),
    }
}

fn is_safe(next: &str) -> bool {
    // The raw value must be printable ASCII (it goes into a header as is), and it and every
    // decoded form of it must look like a local path.
    if !next.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return false;
    }
    let mut current = next.to_owned();
    for _ in 0..DECODE_ROUNDS {
        if !looks_local(&current) {
            return false;
        }
        let decoded = percent_decode(&current);
        if decoded == current {
            return true;
        }
        current = decoded;
    }
    // Still changing after several rounds: nobody's real link is encoded that deep.
    false
}

/// Starts with one `/` (not `//`, not `/\`), and holds no control character, backslash or
/// whitespace other than a plain space (browsers drop tabs and newlines from URLs, which
/// would join what they separated). A path starting with `/` cannot carry a scheme.
fn looks_local(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && !path
            .chars()
            .any(|c| c.is_control() || (c.is_whitespace() && c != ' ') || c == '\\')
}

/// One round of percent-decoding; malformed escapes are left as they are, and bytes that do
/// not form UTF-8 become U+FFFD (which `looks_local` then allows, harmlessly).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_pass_and_everything_else_becomes_root() {
        for ok in ["/", "/b/0123abcd", "/b/x?y=1&z=%20", "/a%2Fb"] {
            assert_eq!(safe_next(Some(ok)), ok);
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/%2F/evil.example",
            "/%252F/evil.example",
            "/%5Cevil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "/a\r\nSet-Cookie: x=1",
            "/%0d%0aSet-Cookie:x",
            "/é",
            "",
            "evil.example",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
