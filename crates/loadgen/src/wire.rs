//! The frames the load generator writes (built from `eventstorm-protocol`'s types) and a cheap
//! reader for the ones it receives: only the fields the accounting needs are parsed (the
//! event payload and the board are skipped), so the generator spends little CPU per frame on
//! the machine it shares with the server.

use std::borrow::Cow;

use eventstorm_board::{Command, ElementId, Move, NoteKind};
use eventstorm_protocol::{ClientMessage, CommandRequest};
use serde::Deserialize;
use uuid::Uuid;

/// `{"type":"join","since":0,"name":..,"client_id":..}`.
pub fn join(name: &str, client_id: &str) -> String {
    to_json(&ClientMessage::Join {
        since: 0,
        name: name.to_owned(),
        client_id: client_id.to_owned(),
        participant_secret: None,
        facilitator_key: None,
        since_event: None,
    })
}

/// An `add_note` command.
pub fn add_note(op_id: Uuid, id: ElementId, x: f64, y: f64) -> String {
    command(
        op_id,
        Command::AddNote {
            id,
            kind: NoteKind::Event,
            text: "Load Tested".to_owned(),
            x,
            y,
            w: None,
            h: None,
            details: None,
            owner: None,
        },
    )
}

/// A `move_notes` command moving one note.
pub fn move_note(op_id: Uuid, id: ElementId, x: f64, y: f64) -> String {
    command(
        op_id,
        Command::MoveNotes {
            moves: vec![Move { id, x, y }],
        },
    )
}

fn command(op_id: Uuid, command: Command) -> String {
    to_json(&ClientMessage::Command(CommandRequest {
        op_id,
        command,
        actor: None,
        facilitator_key: None,
        participant_secret: None,
    }))
}

fn to_json(msg: &ClientMessage) -> String {
    serde_json::to_string(msg).expect("client messages serialise")
}

/// What the accounting needs from a server frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Incoming {
    Welcome {
        seq: u64,
    },
    Event {
        seq: u64,
        op_id: Uuid,
    },
    Ack {
        op_id: Uuid,
        first_seq: u64,
        seq: u64,
        duplicate: bool,
    },
    Rejected {
        op_id: Uuid,
        error: String,
    },
    Resync,
    /// The events after `after_seq` did not happen (a `board` frame follows).
    Retract {
        after_seq: u64,
    },
    Error {
        error: String,
    },
    /// Participants, presence, pong: nothing to count.
    Other,
}

#[derive(Deserialize)]
struct Raw<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(default)]
    seq: Option<u64>,
    #[serde(default)]
    first_seq: Option<u64>,
    #[serde(default)]
    after_seq: Option<u64>,
    #[serde(default)]
    op_id: Option<Uuid>,
    #[serde(default)]
    duplicate: bool,
    #[serde(default, borrow)]
    error: Option<Cow<'a, str>>,
}

/// Reads a server text frame; `Err` names what was wrong with it.
pub fn parse(text: &str) -> Result<Incoming, &'static str> {
    let raw: Raw = serde_json::from_str(text).map_err(|_| "unreadable_frame")?;
    let need = |v: Option<u64>| v.ok_or("frame_missing_field");
    let op = |v: Option<Uuid>| v.ok_or("frame_missing_field");
    Ok(match raw.kind.as_ref() {
        "welcome" => Incoming::Welcome {
            seq: need(raw.seq)?,
        },
        "event" => Incoming::Event {
            seq: need(raw.seq)?,
            op_id: op(raw.op_id)?,
        },
        "ack" => Incoming::Ack {
            op_id: op(raw.op_id)?,
            first_seq: need(raw.first_seq)?,
            seq: need(raw.seq)?,
            duplicate: raw.duplicate,
        },
        "rejected" => Incoming::Rejected {
            op_id: op(raw.op_id)?,
            error: raw.error.unwrap_or_default().into_owned(),
        },
        "resync" => Incoming::Resync,
        "retract" => Incoming::Retract {
            after_seq: raw.after_seq.ok_or("frame_missing_field")?,
        },
        "error" => Incoming::Error {
            error: raw.error.unwrap_or_default().into_owned(),
        },
        _ => Incoming::Other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventstorm_protocol::{EventEnvelope, ServerMessage, parse_client_message};

    #[test]
    fn written_frames_parse_as_the_servers_protocol() {
        let op_id = Uuid::from_u128(9);
        let note = ElementId(Uuid::from_u128(3));
        let msg = parse_client_message(&move_note(op_id, note, 1.5, 2.5)).unwrap();
        assert_eq!(
            msg,
            ClientMessage::Command(CommandRequest {
                op_id,
                command: Command::MoveNotes {
                    moves: vec![Move {
                        id: note,
                        x: 1.5,
                        y: 2.5
                    }]
                },
                actor: None,
                facilitator_key: None,
                participant_secret: None,
            })
        );
        let ClientMessage::Command(add) =
            parse_client_message(&add_note(op_id, note, 0.0, 1.0)).unwrap()
        else {
            panic!("not a command")
        };
        assert!(matches!(add.command, Command::AddNote { id, .. } if id == note));
        assert_eq!(
            parse_client_message(&join("Ann", "c1")).unwrap(),
            ClientMessage::Join {
                since: 0,
                name: "Ann".into(),
                client_id: "c1".into(),
                participant_secret: None,
                facilitator_key: None,
                since_event: None,
            }
        );
    }

    #[test]
    fn server_frames_read_back() {
        let op_id = Uuid::from_u128(77);
        let event = serde_json::to_string(&ServerMessage::Event(EventEnvelope {
            seq: 12,
            op_id,
            actor: "A \"quoted\" name".into(),
            at: "2024-01-01T00:00:00.000Z".into(),
            event: eventstorm_board::Event::BoardRenamed {
                title: "x".into(),
                from: "y".into(),
            },
        }))
        .unwrap();
        assert_eq!(parse(&event), Ok(Incoming::Event { seq: 12, op_id }));
        let ack = serde_json::to_string(&ServerMessage::Ack {
            op_id,
            first_seq: 3,
            seq: 4,
            duplicate: true,
        })
        .unwrap();
        assert_eq!(
            parse(&ack),
            Ok(Incoming::Ack {
                op_id,
                first_seq: 3,
                seq: 4,
                duplicate: true
            })
        );
        let rejected = serde_json::to_string(&ServerMessage::Rejected {
            op_id,
            error: eventstorm_protocol::ErrorCode::RateLimited,
            message: "slow down".into(),
            retryable: true,
        })
        .unwrap();
        assert_eq!(
            parse(&rejected),
            Ok(Incoming::Rejected {
                op_id,
                error: "rate_limited".into()
            })
        );
        assert_eq!(
            parse(r#"{"type":"resync","reason":"fell_behind"}"#),
            Ok(Incoming::Resync)
        );
        assert_eq!(parse(r#"{"type":"pong"}"#), Ok(Incoming::Other));
        assert_eq!(
            parse(r#"{"type":"event","seq":1}"#),
            Err("frame_missing_field")
        );
        assert_eq!(parse("nope"), Err("unreadable_frame"));
    }
}
