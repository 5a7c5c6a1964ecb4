//! Who a participant is, as the server can check it. Each browser keeps a random participant
//! secret (in localStorage) and sends it when it joins a board or votes over HTTP; the server
//! derives the participant's public id from it with a keyed hash (HMAC-SHA256 keyed by the
//! board). The public id is what events, presence and votes show, and knowing it grants
//! nothing: acting as someone takes their secret. Ids differ from board to board, so they do
//! not link a person's boards together.

use eventstorm_store::BoardId;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Hex digits in a public participant id (64 bits).
const ID_HEX: usize = 16;

/// Whether a participant secret has the shape browsers make: 16 to 128 characters of
/// `[A-Za-z0-9_-]` (at least 64 bits of randomness when made as the browser makes it).
pub fn valid_secret(secret: &str) -> bool {
    (16..=128).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The public id for `secret` on `board`, or `None` when the secret is malformed.
pub fn participant_id(board: &BoardId, secret: &str) -> Option<String> {
    if !valid_secret(secret) {
        return None;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(board.as_str().as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(b"eventstorm participant\0");
    mac.update(secret.as_bytes());
    let mut id = hex::encode(mac.finalize().into_bytes());
    id.truncate(ID_HEX);
    Some(id)
}

/// The id a WebSocket participant acts under: derived from its secret, or fresh when it sent
/// none (or a malformed one).
pub fn id_for_join(board: &BoardId, secret: Option<String>) -> String {
    secret
        .and_then(|s| participant_id(board, &s))
        .unwrap_or_else(anonymous_id)
}

/// The id of a participant who joins without a (valid) secret: fresh for this connection only,
/// so nobody else can ever act under it, and neither can the participant after a reconnect.
pub fn anonymous_id() -> String {
    hex::encode(rand::random::<[u8; ID_HEX / 2]>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board(n: u8) -> BoardId {
        BoardId::parse(&hex::encode([n; 16])).unwrap()
    }

    #[test]
    fn ids_are_stable_per_board_and_reveal_nothing_reusable() {
        let secret = "k3Jd9sLq0PzXw7Yt-aBc_1";
        let a = participant_id(&board(1), secret).unwrap();
        assert_eq!(a.len(), ID_HEX);
        assert_eq!(participant_id(&board(1), secret).unwrap(), a);
        assert_ne!(participant_id(&board(2), secret).unwrap(), a);
        assert_ne!(participant_id(&board(1), &format!("{secret}x")).unwrap(), a);
        // The public id used as a secret gives a different id.
        assert_eq!(participant_id(&board(1), &a), participant_id(&board(1), &a));
        assert_ne!(participant_id(&board(1), &a).unwrap(), a);
        for bad in ["short", "", "has space in it here", &"x".repeat(129)] {
            assert_eq!(participant_id(&board(1), bad), None, "{bad:?}");
        }
        assert_ne!(anonymous_id(), anonymous_id());
    }
}
