//! Stateless sign-in sessions: the cookie holds an expiry and an HMAC of it under a key derived
//! from the password. Every instance with the same password accepts it; changing the password
//! signs everyone out.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::Secret;

pub const COOKIE: &str = "eventstorm_session";
/// How long a sign-in lasts.
pub const LIFETIME: Duration = Duration::from_secs(30 * 24 * 3600);

type HmacSha256 = Hmac<Sha256>;

fn key(password: &Secret) -> [u8; 32] {
    Sha256::new()
        .chain_update(b"eventstorm session key\0")
        .chain_update(password.expose().as_bytes())
        .finalize()
        .into()
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A fresh cookie value: `<expiry>.<hex mac>`.
pub fn issue(password: &Secret) -> String {
    let expiry = now_secs() + LIFETIME.as_secs();
    let mut mac = HmacSha256::new_from_slice(&key(password)).expect("any key length works");
    mac.update(expiry.to_string().as_bytes());
    format!("{expiry}.{}", hex::encode(mac.finalize().into_bytes()))
}

/// Whether a cookie value is one we issued and has not expired (constant-time MAC check).
pub fn valid(password: &Secret, value: &str) -> bool {
    let Some((expiry, mac_hex)) = value.split_once('.') else {
        return false;
    };
    let (Ok(expiry_secs), Ok(tag)) = (expiry.parse::<u64>(), hex::decode(mac_hex)) else {
        return false;
    };
    if expiry_secs < now_secs() {
        return false;
    }
    let mut mac = HmacSha256::new_from_slice(&key(password)).expect("any key length works");
    mac.update(expiry.as_bytes());
    mac.verify_slice(&tag).is_ok()
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
    fn issued_sessions_verify_and_tampered_ones_do_not() {
        let pw = Secret::new("s3cret");
        let cookie = issue(&pw);
        assert!(valid(&pw, &cookie));
        assert!(
            !valid(&Secret::new("other"), &cookie),
            "another password signs everyone out"
        );
        let (expiry, mac) = cookie.split_once('.').unwrap();
        let later = format!("{}.{mac}", expiry.parse::<u64>().unwrap() + 1);
        assert!(!valid(&pw, &later), "the expiry is covered by the MAC");
        assert!(!valid(&pw, "garbage"));
        assert!(!valid(&pw, "1.00"));
        let expired = {
            let mut mac = HmacSha256::new_from_slice(&key(&pw)).unwrap();
            mac.update(b"10");
            format!("10.{}", hex::encode(mac.finalize().into_bytes()))
        };
        assert!(!valid(&pw, &expired));
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        assert_eq!(
            from_cookie_header("a=1; eventstorm_session=abc.def; b=2"),
            Some("abc.def")
        );
        assert_eq!(from_cookie_header("eventstorm_sessionx=1"), None);
        assert_eq!(from_cookie_header("a=1"), None);
    }
}
