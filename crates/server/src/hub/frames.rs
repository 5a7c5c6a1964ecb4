//! Encoding server frames. Event frames are built once per event by splicing the stored
//! payload (already the event's JSON) into the envelope, so no event is serialised twice and
//! every connection shares the same bytes.

use std::time::{Duration, UNIX_EPOCH};

use axum::extract::ws::Utf8Bytes;
use eventstorm_protocol::ServerMessage;
use eventstorm_store::RecordedEvent;

/// RFC 3339 (UTC, milliseconds) for a store timestamp.
pub fn rfc3339(ms: i64) -> String {
    let t = UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64);
    humantime::format_rfc3339_millis(t).to_string()
}

/// `{"type":"event","seq":..,"op_id":..,"actor":..,"at":..,"event":<payload>}`.
///
/// Allocated at its exact length: the actor keeps its recent frames, and a frame one byte
/// over its estimate would double its allocation.
pub fn event_frame(rec: &RecordedEvent) -> Utf8Bytes {
    Utf8Bytes::from(event_frame_text(rec))
}

fn event_frame_text(rec: &RecordedEvent) -> String {
    let seq = rec.seq.to_string();
    let op_id = rec.op_id.to_string();
    let actor = serde_json::to_string(&rec.actor).expect("a string serialises");
    let at = rfc3339(rec.recorded_at_ms);
    let parts = [
        r#"{"type":"event","seq":"#,
        &seq,
        r#","op_id":""#,
        &op_id,
        r#"","actor":"#,
        &actor,
        r#","at":""#,
        &at,
        r#"","event":"#,
        &rec.payload,
        "}",
    ];
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        s.push_str(part);
    }
    s
}

pub fn message_frame(msg: &ServerMessage) -> Utf8Bytes {
    Utf8Bytes::from(serde_json::to_string(msg).expect("server messages serialise"))
}

/// A `welcome` whose `events` array holds already encoded event frames. `welcome` must have
/// `events: Some(vec![])`; its JSON then ends in `"events":[]}` and the frames go between the
/// brackets (an event frame's extra `"type":"event"` is harmless inside the envelope).
pub fn welcome_with_events(welcome: &ServerMessage, events: &[Utf8Bytes]) -> Utf8Bytes {
    let head = serde_json::to_string(welcome).expect("server messages serialise");
    let Some(prefix) = head.strip_suffix("[]}") else {
        unreachable!("welcome_with_events needs a welcome with an empty events list last");
    };
    let size: usize = events.iter().map(|e| e.len() + 1).sum();
    let mut s = String::with_capacity(prefix.len() + size + 3);
    s.push_str(prefix);
    s.push('[');
    for (i, e) in events.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(e.as_str());
    }
    s.push_str("]}");
    Utf8Bytes::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventstorm_board::Event;
    use eventstorm_protocol::{EventEnvelope, Participant};
    use uuid::Uuid;

    fn recorded(seq: u64) -> RecordedEvent {
        let event = Event::BoardRenamed {
            title: "Shop \"2\"".into(),
            from: "Shop".into(),
        };
        RecordedEvent {
            seq,
            op_id: Uuid::from_u128(7),
            actor: "Ann \"A\" (c1)".into(),
            kind: event.kind().into(),
            payload: event.encode(),
            schema_version: 1,
            recorded_at_ms: 1_700_000_000_123,
        }
    }

    #[test]
    fn event_frames_parse_as_the_protocol_message() {
        let frame = event_frame(&recorded(3));
        let msg: ServerMessage = serde_json::from_str(frame.as_str()).unwrap();
        let ServerMessage::Event(env) = msg else {
            panic!("not an event frame")
        };
        assert_eq!(env.seq, 3);
        assert_eq!(env.actor, "Ann \"A\" (c1)");
        assert_eq!(env.at, "2023-11-14T22:13:20.123Z");
        assert_eq!(
            env.event,
            Event::BoardRenamed {
                title: "Shop \"2\"".into(),
                from: "Shop".into()
            }
        );
    }

    #[test]
    fn event_frames_take_no_more_memory_than_their_text() {
        for seq in [1, 12_345, u64::MAX] {
            let text = event_frame_text(&recorded(seq));
            assert_eq!(text.capacity(), text.len(), "seq {seq}");
        }
    }

    #[test]
    fn welcome_carries_spliced_events_in_order() {
        let p = Participant {
            id: "p".into(),
            name: "Ann".into(),
            colour: "#000".into(),
        };
        let welcome = ServerMessage::Welcome {
            participant: p.clone(),
            participants: vec![p],
            seq: 2,
            server_time: 5,
            read_only: false,
            facilitator: false,
            events: Some(vec![]),
        };
        let frame = welcome_with_events(
            &welcome,
            &[event_frame(&recorded(1)), event_frame(&recorded(2))],
        );
        let ServerMessage::Welcome {
            events: Some(events),
            seq,
            ..
        } = serde_json::from_str::<ServerMessage>(frame.as_str()).unwrap()
        else {
            panic!("not a welcome")
        };
        assert_eq!(seq, 2);
        let seqs: Vec<u64> = events.iter().map(|e: &EventEnvelope| e.seq).collect();
        assert_eq!(seqs, vec![1, 2]);
    }
}
