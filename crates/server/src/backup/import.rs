//! Reading a backup document for import without building it in memory: the events are
//! deserialised one at a time straight from the body's bytes and each is checked (and folded)
//! before the next is read. An import then holds the body, the board, and the checked events
//! in their compact decoded form; never a JSON tree of the whole document.

use std::fmt;

use eventstorm_board::{Board, Limits};
use serde::Deserializer;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{BackupEvent, ImportError, ImportedEvent, Validator, check_format};

/// Why a body cannot be imported.
#[derive(Debug)]
pub enum ReadError {
    /// Not JSON (`malformed`).
    NotJson(String),
    /// JSON, but not the shape of a backup (`invalid_request`).
    Malformed(String),
    /// A backup whose events the board refuses (`invalid_backup`).
    Invalid(ImportError),
}

/// Parses and checks a backup document.
pub fn read_backup(
    body: &[u8],
    limits: &Limits,
    max_events: usize,
) -> Result<(Vec<ImportedEvent>, Board), ReadError> {
    let mut validator = Validator::new(limits, max_events);
    let mut refused = None;
    let mut de = serde_json::Deserializer::from_slice(body);
    let header = Document {
        validator: &mut validator,
        refused: &mut refused,
    }
    .deserialize(&mut de)
    .and_then(|header| de.end().map(|()| header));
    // A refused event stops the parse with a placeholder error; the refusal is the answer.
    if let Some(refusal) = refused {
        return Err(ReadError::Invalid(refusal));
    }
    let format = header.map_err(|e| match e.classify() {
        serde_json::error::Category::Data => ReadError::Malformed(e.to_string()),
        _ => ReadError::NotJson(e.to_string()),
    })?;
    check_format(format.as_deref().unwrap_or("")).map_err(ReadError::Invalid)?;
    validator.finish().map_err(ReadError::Invalid)
}

/// The document: `format`, `title` and `seq` (only `format` is checked: the title and the
/// head follow from the events), and `events`, fed to the validator as they are read.
struct Document<'v, 'l> {
    validator: &'v mut Validator<'l>,
    refused: &'v mut Option<ImportError>,
}

impl<'de> DeserializeSeed<'de> for Document<'_, '_> {
    /// The `format` field.
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_, '_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a backup document (an object with format, title, seq and events)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut format = None;
        let mut saw_events = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => format = Some(map.next_value::<String>()?),
                "events" if !saw_events => {
                    saw_events = true;
                    map.next_value_seed(Events {
                        validator: &mut *self.validator,
                        refused: &mut *self.refused,
                    })?;
                }
                "events" => return Err(de::Error::duplicate_field("events")),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !saw_events {
            return Err(de::Error::missing_field("events"));
        }
        Ok(format)
    }
}

struct Events<'v, 'l> {
    validator: &'v mut Validator<'l>,
    refused: &'v mut Option<ImportError>,
}

impl<'de> DeserializeSeed<'de> for Events<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Events<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(event) = seq.next_element::<BackupEvent>()? {
            if let Err(refusal) = self.validator.push(&event) {
                *self.refused = Some(refusal);
                return Err(de::Error::custom("refused"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn created(seq: u64, op: u128) -> String {
        format!(
            r#"{{"seq":{seq},"op_id":"{}","actor":"ann","recorded_at_ms":1,"schema_version":1,"event":{{"type":"board_created","title":"Shop"}}}}"#,
            uuid::Uuid::from_u128(op)
        )
    }

    fn read(doc: &str) -> Result<(Vec<ImportedEvent>, Board), ReadError> {
        read_backup(doc.as_bytes(), &Limits::default(), 10)
    }

    #[test]
    fn fields_may_come_in_any_order() {
        let doc = format!(
            r#"{{"events":[{}],"extra":[1,2],"seq":1,"title":"x","format":"eventstorm.backup/v1"}}"#,
            created(1, 1)
        );
        let (events, board) = read(&doc).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(board.title, "Shop");
    }

    #[test]
    fn bad_documents_say_what_is_wrong() {
        let refused = |doc: &str| match read(doc) {
            Err(ReadError::Invalid(e)) => e.0,
            other => panic!("{doc}: {:?}", other.map(|(e, _)| e.len())),
        };
        let malformed = |doc: &str| matches!(read(doc), Err(ReadError::Malformed(_)));
        let v1 = r#""format":"eventstorm.backup/v1""#;
        assert!(matches!(read("not json"), Err(ReadError::NotJson(_))));
        assert!(matches!(
            read(&format!("{{{v1},\"events\":[{}]}} trailing", created(1, 1))),
            Err(ReadError::NotJson(_))
        ));
        assert!(malformed(&format!("{{{v1}}}")));
        assert!(malformed(&format!("{{{v1},\"events\":[{{\"seq\":1}}]}}")));
        assert!(refused(&format!("{{{v1},\"events\":[]}}")).contains("at least"));
        assert!(
            refused(&format!(
                "{{{v1},\"events\":[{},{}]}}",
                created(1, 1),
                created(2, 2)
            ))
            .contains("event 2")
        );
        assert!(
            refused(&format!(
                "{{\"format\":\"other\",\"events\":[{}]}}",
                created(1, 1)
            ))
            .contains("format")
        );
        let two = format!("{{{v1},\"events\":[{},{}]}}", created(1, 1), created(2, 2));
        match read_backup(two.as_bytes(), &Limits::default(), 1) {
            Err(ReadError::Invalid(e)) => assert!(e.0.contains("at most 1"), "{e}"),
            other => panic!("{:?}", other.map(|(e, _)| e.len())),
        }
    }
}
