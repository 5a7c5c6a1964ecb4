//! Cross-site WebSocket hijacking guard: a browser always sends `Origin`; a page on another
//! site must not be able to open a socket with the user's link. Scripts send no `Origin` and
//! are allowed (the board id is their capability).

use axum::http::{HeaderMap, header};

/// Whether the upgrade's `Origin` (if any) is this server: its host matches `Host`, or the
/// configured public origin.
pub fn origin_allowed(headers: &HeaderMap, public_origin: Option<&str>) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if let Some(public) = public_origin {
        return origin.eq_ignore_ascii_case(public.trim_end_matches('/'));
    }
    let Some(authority) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(host) => authority.eq_ignore_ascii_case(host),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(origin: Option<&str>, host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        if let Some(o) = origin {
            h.insert(header::ORIGIN, HeaderValue::from_str(o).unwrap());
        }
        h
    }

    #[test]
    fn same_origin_and_no_origin_are_allowed_other_sites_are_not() {
        assert!(origin_allowed(&headers(None, "localhost:3000"), None));
        assert!(origin_allowed(
            &headers(Some("http://localhost:3000"), "localhost:3000"),
            None
        ));
        assert!(!origin_allowed(
            &headers(Some("http://evil.example"), "localhost:3000"),
            None
        ));
        assert!(!origin_allowed(
            &headers(Some("http://localhost:3001"), "localhost:3000"),
            None
        ));
        assert!(!origin_allowed(
            &headers(Some("null"), "localhost:3000"),
            None
        ));
        assert!(origin_allowed(
            &headers(Some("https://storm.example.com"), "10.0.0.5:3000"),
            Some("https://storm.example.com/")
        ));
        assert!(!origin_allowed(
            &headers(Some("http://localhost:3000"), "localhost:3000"),
            Some("https://storm.example.com")
        ));
    }
}
