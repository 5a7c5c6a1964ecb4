//! Sign-in sessions kept in the database: the cookie carries a random 128-bit id and the
//! database only its SHA-256, with creation, expiry and last-seen times. Signing out deletes
//! the record, so the cookie stops working on every instance at once, and an administrator
//! can end them all. Nothing in a cookie says anything about the password.

use std::time::Duration;

use eventstorm_store::{SessionRecord, SessionStore, StoreError, now_millis};

pub const COOKIE: &str = "eventstorm_session";
/// How long a sign-in lasts.
pub const LIFETIME: Duration = Duration::from_secs(30 * 24 * 3600);
/// A session's last-seen time is written at most this often.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// SHA-256 (hex) of a session id: what the database keeps.
fn hash_id(id: &str) -> String {
    crate::hub::hash_secret(id)
}

/// A cookie value we could have issued: 32 lowercase hex digits. Anything else is refused
/// without asking the database.
fn well_formed(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Starts a session and returns the id for the cookie. Expired sessions are cleaned up on
/// the way, so the table holds only live ones plus those that expired since the last sign-in.
pub async fn start(store: &dyn SessionStore, user_agent: &str) -> Result<String, StoreError> {
    let now = now_millis();
    store.delete_expired_sessions(now).await?;
    let id = hex::encode(rand::random::<[u8; 16]>());
    store
        .create_session(&SessionRecord {
            id_hash: hash_id(&id),
            created_at_ms: now,
            expires_at_ms: now + LIFETIME.as_millis() as i64,
            last_seen_ms: now,
            user_agent: user_agent
                .chars()
                .filter(|c| !c.is_control())
                .take(200)
                .collect(),
        })
        .await?;
    Ok(id)
}

/// Whether the cookie value names a live session.
pub async fn is_live(store: &dyn SessionStore, id: &str) -> Result<bool, StoreError> {
    if !well_formed(id) {
        return Ok(false);
    }
    let found = store
        .find_session(&hash_id(id), now_millis(), TOUCH_EVERY.as_millis() as i64)
        .await?;
    Ok(found.is_some())
}

/// Ends the session the cookie value names (nothing if it names none).
pub async fn end(store: &dyn SessionStore, id: &str) -> Result<(), StoreError> {
    if well_formed(id) {
        store.delete_session(&hash_id(id)).await?;
    }
    Ok(())
}

/// The session cookie values in a request's `Cookie` headers.
pub fn from_headers(headers: &axum::http::HeaderMap) -> Vec<&str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(from_cookie_header)
        .collect()
}

/// The session cookie's value from a `Cookie` header, if present.
pub fn from_cookie_header(header: &str) -> Option<&str> {
    header
        .split(';')
        .map(str::trim)
        .find_map(|pair| pair.strip_prefix(COOKIE)?.strip_prefix('='))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_found_among_others() {
        assert_eq!(
            from_cookie_header("a=1; eventstorm_session=abc.def; b=2"),
            Some("abc.def")
        );
        assert_eq!(from_cookie_header("eventstorm_sessionx=1"), None);
        assert_eq!(from_cookie_header("a=1"), None);
    }

    #[test]
    fn only_issued_shapes_reach_the_database() {
        assert!(well_formed(&hex::encode([7u8; 16])));
        assert!(!well_formed("99999999999.00ff"));
        assert!(!well_formed(&hex::encode([0xabu8; 16]).to_uppercase()));
        assert!(!well_formed(""));
    }
}
