//! The one authoriser: whether a link, with the keys its holder showed, may run a command.
//! HTTP shows the facilitator key with every command; a WebSocket participant shows it once,
//! at `join`, and the session remembers the answer.

use eventstorm_board::Command;
use eventstorm_protocol::ErrorCode;

use crate::hub::{HubError, Resolved};

/// What the caller showed to be the facilitator.
#[derive(Clone, Copy, Debug)]
pub enum Facilitator<'a> {
    /// The key sent with this request (or none).
    Key(Option<&'a str>),
    /// Already checked (at a WebSocket `join`).
    Checked(bool),
}

/// `Ok` when the command may run: not through a view-only link, facilitation only for the
/// facilitator, a dot only in the name of a known participant (`voter`: the participant id
/// its secret gives, `None` without a valid secret). Otherwise `forbidden` with the reason.
pub fn authorise(
    link: &Resolved,
    command: &Command,
    facilitator: Facilitator<'_>,
    voter: Option<&str>,
) -> Result<(), HubError> {
    if link.read_only {
        return Err(forbidden("this is a view-only link; commands are refused"));
    }
    if command.is_facilitation() {
        let allowed = match facilitator {
            Facilitator::Key(key) => link.is_facilitator(key),
            Facilitator::Checked(allowed) => allowed,
        };
        if !allowed {
            return Err(forbidden(
                "only the facilitator can do this (send facilitator_key)",
            ));
        }
    }
    if is_vote(command) && voter.is_none() {
        return Err(forbidden(
            "a vote needs the voter's participant_secret (16 to 128 characters of A-Z, a-z, 0-9, - and _)",
        ));
    }
    Ok(())
}

/// Commands that act in a voter's name: they need to know who the voter is.
pub fn is_vote(command: &Command) -> bool {
    matches!(
        command,
        Command::PlaceDot { .. } | Command::RemoveDot { .. }
    )
}

fn forbidden(message: &str) -> HubError {
    HubError::Rejected {
        code: ErrorCode::Forbidden,
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use eventstorm_board::ElementId;
    use eventstorm_store::BoardId;
    use uuid::Uuid;

    use super::*;
    use crate::hub::hash_secret;

    fn link(read_only: bool) -> Resolved {
        Resolved {
            board: BoardId::parse("0123456789abcdef0123456789abcdef").unwrap(),
            read_only,
            facilitator_key_hash: hash_secret("the-key"),
        }
    }

    fn code(result: Result<(), HubError>) -> Option<ErrorCode> {
        result.err().map(|e| e.code())
    }

    #[test]
    fn a_view_only_link_runs_nothing() {
        let note = Command::DeleteNote {
            id: ElementId(Uuid::new_v4()),
        };
        let key = Facilitator::Key(Some("the-key"));
        assert_eq!(
            code(authorise(&link(true), &note, key, Some("p"))),
            Some(ErrorCode::Forbidden)
        );
        assert_eq!(code(authorise(&link(false), &note, key, Some("p"))), None);
    }

    #[test]
    fn facilitation_needs_the_key_or_a_checked_join() {
        let reset = Command::ResetTimer;
        let edit = link(false);
        let wrong = Facilitator::Key(Some("not-the-key"));
        assert!(authorise(&edit, &reset, wrong, None).is_err());
        assert!(authorise(&edit, &reset, Facilitator::Key(None), None).is_err());
        assert!(authorise(&edit, &reset, Facilitator::Key(Some("the-key")), None).is_ok());
        assert!(authorise(&edit, &reset, Facilitator::Checked(true), None).is_ok());
        assert!(authorise(&edit, &reset, Facilitator::Checked(false), None).is_err());
    }

    #[test]
    fn a_dot_needs_its_voter() {
        let dot = Command::PlaceDot {
            note: ElementId(Uuid::new_v4()),
            voter: String::new(),
        };
        let anyone = Facilitator::Key(None);
        assert!(authorise(&link(false), &dot, anyone, None).is_err());
        assert!(authorise(&link(false), &dot, anyone, Some("voter-id")).is_ok());
    }
}
