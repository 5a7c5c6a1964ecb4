//! The one command parser. HTTP (`POST /api/boards/{id}/commands`) and WebSocket (`command`
//! frames) both read a command request through [`parse_command_request`], so the same mistake
//! gets the same code on either. Which command types exist is the domain's `Command` enum
//! itself: a new command needs no change here or in the transports.

use eventstorm_board::Command;
use serde_json::Value;
use uuid::Uuid;

use crate::ErrorCode;
use crate::client::CommandRequest;

/// Why a command request could not be read: a code of the vocabulary, a sentence, and the
/// request's op id when it had a readable one (a WebSocket client is then told which op failed).
#[derive(Clone, Debug, PartialEq)]
pub struct RequestError {
    pub code: ErrorCode,
    pub message: String,
    pub op_id: Option<Uuid>,
}

impl RequestError {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            op_id: None,
        }
    }
}

/// Most characters in an HTTP command's `actor`.
const MAX_ACTOR_CHARS: usize = 100;

/// Reads `{"op_id", "command", "actor"?, "facilitator_key"?, "participant_secret"?}` in steps,
/// so each mistake gets its own code: `invalid_request` (not an object, a field of the wrong
/// type), `invalid_op_id`, `invalid_command`, `unknown_command`. Other fields are ignored.
pub fn parse_command_request(value: Value) -> Result<CommandRequest, RequestError> {
    let Value::Object(mut obj) = value else {
        return Err(RequestError::new(
            ErrorCode::InvalidRequest,
            "a command request is a JSON object",
        ));
    };
    let op_id = match obj.remove("op_id") {
        Some(Value::String(s)) => Uuid::parse_str(&s)
            .map_err(|_| RequestError::new(ErrorCode::InvalidOpId, "op_id must be a UUID"))?,
        Some(_) => {
            return Err(RequestError::new(
                ErrorCode::InvalidOpId,
                "op_id must be a UUID string",
            ));
        }
        None => {
            return Err(RequestError::new(
                ErrorCode::InvalidOpId,
                "op_id is missing",
            ));
        }
    };
    let with_op = |mut e: RequestError| {
        e.op_id = Some(op_id);
        e
    };
    let command = obj
        .remove("command")
        .ok_or_else(|| RequestError::new(ErrorCode::InvalidCommand, "command is missing"))
        .and_then(parse_command)
        .map_err(with_op)?;
    let actor = match obj.remove("actor") {
        None | Some(Value::Null) => None,
        Some(Value::String(s))
            if !s.trim().is_empty()
                && s.chars().count() <= MAX_ACTOR_CHARS
                && !s.contains('\0') =>
        {
            Some(s)
        }
        Some(_) => {
            return Err(with_op(RequestError::new(
                ErrorCode::InvalidRequest,
                format!("actor must be a non-empty string of at most {MAX_ACTOR_CHARS} characters"),
            )));
        }
    };
    let facilitator_key = optional_string(&mut obj, "facilitator_key").map_err(with_op)?;
    let participant_secret = optional_string(&mut obj, "participant_secret").map_err(with_op)?;
    Ok(CommandRequest {
        op_id,
        command,
        actor,
        facilitator_key,
        participant_secret,
    })
}

fn optional_string(
    obj: &mut serde_json::Map<String, Value>,
    name: &str,
) -> Result<Option<String>, RequestError> {
    match obj.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(RequestError::new(
            ErrorCode::InvalidRequest,
            format!("{name} must be a string"),
        )),
    }
}

/// Parses one command, telling a type the board does not have (`unknown_command`) from a
/// known type with bad fields (`invalid_command`).
pub fn parse_command(value: Value) -> Result<Command, RequestError> {
    let Some(kind) = value.get("type").and_then(Value::as_str) else {
        return Err(RequestError::new(
            ErrorCode::InvalidCommand,
            "a command is an object with a string \"type\"",
        ));
    };
    if !is_client_command(kind) {
        return Err(RequestError::new(
            ErrorCode::UnknownCommand,
            format!("unknown command type {kind:?}"),
        ));
    }
    serde_json::from_value(value)
        .map_err(|e| RequestError::new(ErrorCode::InvalidCommand, e.to_string()))
}

/// Whether clients may send commands of this type: every command of the domain but the one
/// that makes a board (boards are made by `POST /api/boards`).
pub fn is_client_command(kind: &str) -> bool {
    static NAMES: std::sync::OnceLock<&'static [&'static str]> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(crate::names::tag_names::<Command>);
    let creation = Command::CreateBoard {
        title: String::new(),
    };
    kind != creation.type_name() && names.contains(&kind)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn code_of(value: Value) -> ErrorCode {
        parse_command_request(value).unwrap_err().code
    }

    #[test]
    fn each_mistake_has_its_code() {
        let op = Uuid::new_v4();
        assert_eq!(code_of(json!([])), ErrorCode::InvalidRequest);
        assert_eq!(code_of(json!({ "command": {} })), ErrorCode::InvalidOpId);
        assert_eq!(code_of(json!({ "op_id": "x" })), ErrorCode::InvalidOpId);
        assert_eq!(code_of(json!({ "op_id": op })), ErrorCode::InvalidCommand);
        let unknown = json!({ "op_id": op, "command": { "type": "drop_table" } });
        assert_eq!(code_of(unknown), ErrorCode::UnknownCommand);
        let creation = json!({ "op_id": op, "command": { "type": "create_board", "title": "x" } });
        assert_eq!(code_of(creation), ErrorCode::UnknownCommand);
        let bad = json!({ "op_id": op, "command": { "type": "add_note", "x": "left" } });
        let err = parse_command_request(bad).unwrap_err();
        assert_eq!((err.code, err.op_id), (ErrorCode::InvalidCommand, Some(op)));
        let actor = json!({ "op_id": op, "command": { "type": "reset_timer" }, "actor": " " });
        assert_eq!(code_of(actor), ErrorCode::InvalidRequest);
    }

    #[test]
    fn a_good_request_keeps_its_parts() {
        let op = Uuid::new_v4();
        let req = parse_command_request(json!({
            "op_id": op, "command": { "type": "reset_timer" }, "actor": "Ann",
            "facilitator_key": "k", "extra": 1
        }))
        .unwrap();
        assert_eq!(req.op_id, op);
        assert_eq!(req.command, Command::ResetTimer);
        assert_eq!(req.actor.as_deref(), Some("Ann"));
        assert_eq!(req.facilitator_key.as_deref(), Some("k"));
    }
}
