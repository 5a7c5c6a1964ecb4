//! The one vocabulary of error codes. Every refusal the server gives — an HTTP body
//! `{"error", "message"}`, a WebSocket `error` or `rejected` frame, the sign-in gate, the
//! administration API — names one of these; docs/protocol.md lists them all (a test checks the
//! table against this enum both ways).

use std::fmt;

use eventstorm_board::RejectCode;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A stable, machine-readable reason. Clients and scripts match on its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// Not JSON, not an object, a binary frame, a value of the wrong shape.
    Malformed,
    /// A WebSocket message `type` the protocol does not have.
    UnknownType,
    /// A command (or presence) before `join`.
    NotJoined,
    /// A second `join` on one connection.
    AlreadyJoined,
    /// A request body or field the API does not take.
    InvalidRequest,
    /// A command request without a UUID `op_id`.
    InvalidOpId,
    /// A command that does not parse.
    InvalidCommand,
    /// A command `type` the board does not have.
    UnknownCommand,
    /// A query parameter that is not what the endpoint takes.
    InvalidQuery,
    /// A seq the board does not have.
    InvalidSeq,
    /// A board template that does not exist.
    UnknownTemplate,
    /// An export context the board does not have.
    UnknownContext,
    /// A picture export of a frame the board does not have.
    UnknownFrame,
    /// A picture export of elements the board does not have.
    UnknownElement,
    /// A PNG export over the pixel cap: lower the scale or pick a frame.
    PictureTooLarge,
    /// An import that is not a valid backup.
    InvalidBackup,
    /// The board's log cannot leave the server while a secret ballot is open.
    VoteOpen,
    /// The board's log cannot leave the server while private mode keeps stickies private.
    PrivateMode,
    /// The link, key or secret does not allow this.
    Forbidden,
    /// A sign-in or the administrator token is needed.
    Unauthorized,
    /// No such board (never created, or deleted).
    BoardNotFound,
    /// No such page or route.
    NotFound,
    /// The board a WebSocket is on was deleted: do not reconnect.
    BoardDeleted,
    /// A body or frame over the limit.
    TooLarge,
    /// Over a rate limit: wait and try again.
    RateLimited,
    /// The server is at its limit of whole-log requests: try again shortly.
    Busy,
    /// The database is unavailable (or the server is stopping): try again.
    Unavailable,
    /// The op id was used for a different command.
    OpIdReused,
    /// The board refused the command.
    Board(RejectCode),
}

/// Every code that is not a board's own, in the order docs/protocol.md lists them.
const SERVER_CODES: [ErrorCode; 28] = [
    ErrorCode::Malformed,
    ErrorCode::UnknownType,
    ErrorCode::NotJoined,
    ErrorCode::AlreadyJoined,
    ErrorCode::InvalidRequest,
    ErrorCode::InvalidOpId,
    ErrorCode::InvalidCommand,
    ErrorCode::UnknownCommand,
    ErrorCode::InvalidQuery,
    ErrorCode::InvalidSeq,
    ErrorCode::UnknownTemplate,
    ErrorCode::UnknownContext,
    ErrorCode::UnknownFrame,
    ErrorCode::UnknownElement,
    ErrorCode::PictureTooLarge,
    ErrorCode::InvalidBackup,
    ErrorCode::VoteOpen,
    ErrorCode::PrivateMode,
    ErrorCode::Forbidden,
    ErrorCode::Unauthorized,
    ErrorCode::BoardNotFound,
    ErrorCode::NotFound,
    ErrorCode::BoardDeleted,
    ErrorCode::TooLarge,
    ErrorCode::RateLimited,
    ErrorCode::Busy,
    ErrorCode::Unavailable,
    ErrorCode::OpIdReused,
];

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Malformed => "malformed",
            ErrorCode::UnknownType => "unknown_type",
            ErrorCode::NotJoined => "not_joined",
            ErrorCode::AlreadyJoined => "already_joined",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::InvalidOpId => "invalid_op_id",
            ErrorCode::InvalidCommand => "invalid_command",
            ErrorCode::UnknownCommand => "unknown_command",
            ErrorCode::InvalidQuery => "invalid_query",
            ErrorCode::InvalidSeq => "invalid_seq",
            ErrorCode::UnknownTemplate => "unknown_template",
            ErrorCode::UnknownContext => "unknown_context",
            ErrorCode::UnknownFrame => "unknown_frame",
            ErrorCode::UnknownElement => "unknown_element",
            ErrorCode::PictureTooLarge => "picture_too_large",
            ErrorCode::InvalidBackup => "invalid_backup",
            ErrorCode::VoteOpen => "vote_open",
            ErrorCode::PrivateMode => "private_mode",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::BoardNotFound => "board_not_found",
            ErrorCode::NotFound => "not_found",
            ErrorCode::BoardDeleted => "board_deleted",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Busy => "busy",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::OpIdReused => "op_id_reused",
            ErrorCode::Board(code) => code.as_str(),
        }
    }

    /// Every code, the server's and the board's.
    pub fn all() -> Vec<ErrorCode> {
        let board = crate::names::unit_names::<RejectCode>()
            .iter()
            .filter_map(|name| {
                RejectCode::deserialize(
                    serde::de::value::StrDeserializer::<serde::de::value::Error>::new(name),
                )
                .ok()
            })
            .map(ErrorCode::Board);
        SERVER_CODES.into_iter().chain(board).collect()
    }

    /// The code with this text; a server code wins over a board code of the same name.
    pub fn parse(text: &str) -> Option<ErrorCode> {
        Self::all().into_iter().find(|c| c.as_str() == text)
    }

    /// The HTTP status that carries this code.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::Malformed
            | ErrorCode::UnknownType
            | ErrorCode::NotJoined
            | ErrorCode::AlreadyJoined
            | ErrorCode::InvalidRequest
            | ErrorCode::InvalidOpId
            | ErrorCode::InvalidCommand
            | ErrorCode::UnknownCommand
            | ErrorCode::InvalidQuery
            | ErrorCode::InvalidSeq
            | ErrorCode::UnknownTemplate
            | ErrorCode::UnknownContext
            | ErrorCode::UnknownFrame
            | ErrorCode::UnknownElement
            | ErrorCode::PictureTooLarge
            | ErrorCode::InvalidBackup => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::BoardNotFound | ErrorCode::NotFound | ErrorCode::BoardDeleted => 404,
            ErrorCode::OpIdReused => 409,
            ErrorCode::TooLarge => 413,
            ErrorCode::VoteOpen | ErrorCode::PrivateMode | ErrorCode::Board(_) => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Busy | ErrorCode::Unavailable => 503,
        }
    }

    /// Whether the same request may succeed later unchanged: a client keeps such an op and
    /// resends it.
    pub fn retryable(self) -> bool {
        matches!(
            self,
            ErrorCode::RateLimited | ErrorCode::Busy | ErrorCode::Unavailable
        )
    }
}

impl From<RejectCode> for ErrorCode {
    fn from(code: RejectCode) -> Self {
        ErrorCode::Board(code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        ErrorCode::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown error code {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_itself() {
        for code in ErrorCode::all() {
            let text = serde_json::to_string(&code).unwrap();
            let back: ErrorCode = serde_json::from_str(&text).unwrap();
            assert_eq!(back.as_str(), code.as_str());
        }
        assert!(ErrorCode::all().contains(&ErrorCode::Board(RejectCode::BoardFull)));
    }

    #[test]
    fn only_waiting_helps_with_retryable_codes() {
        let retryable: Vec<_> = ErrorCode::all()
            .into_iter()
            .filter(|c| c.retryable())
            .map(ErrorCode::as_str)
            .collect();
        assert_eq!(retryable, ["rate_limited", "busy", "unavailable"]);
    }
}
