//! The instance password, held only as an Argon2id hash made at start-up under a random salt.
//! A sign-in hashes the candidate the same way and compares the two hashes in constant time,
//! so neither the password nor a fast hash of it stays in memory or reaches a cookie.

use argon2::Argon2;
use subtle::ConstantTimeEq;

use super::Secret;

pub struct PasswordHash {
    salt: [u8; 16],
    hash: [u8; 32],
}

impl PasswordHash {
    pub fn new(password: &Secret) -> Self {
        let salt: [u8; 16] = rand::random();
        let hash = derive(password.expose(), &salt);
        Self { salt, hash }
    }

    /// Whether `candidate` is the password. Slow on purpose (tens of milliseconds of CPU);
    /// callers run it off the async threads and after the per-address limit.
    pub fn matches(&self, candidate: &str) -> bool {
        derive(candidate, &self.salt).ct_eq(&self.hash).into()
    }
}

fn derive(password: &str, salt: &[u8; 16]) -> [u8; 32] {
    let mut out = [0u8; 32];
    // Argon2id with the crate's default (OWASP) cost: 19 MiB, 2 passes, 1 lane. It fails only
    // for out-of-range lengths, which a password up to the form's 64 KiB limit never reaches.
    Argon2::default()
        .hash_password_into(password.as_bytes(), salt, &mut out)
        .expect("argon2 accepts any password up to 4 GiB");
    out
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_password_matches() {
        let hash = PasswordHash::new(&Secret::new("open sesame"));
        assert!(hash.matches("open sesame"));
        assert!(!hash.matches("open sesame "));
        assert!(!hash.matches(""));
        let again = PasswordHash::new(&Secret::new("open sesame"));
        assert_ne!(hash.hash, again.hash, "a fresh salt at every start-up");
    }
}
