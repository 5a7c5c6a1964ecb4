//! Backups: a board's whole event log in a versioned document, and the import that turns one
//! back into a new board. An import proves every event is one the domain would have produced
//! (`decide` on the board just before it, given the event's forward command, returns exactly
//! that event), so a crafted backup cannot smuggle in a board that breaks the limits or the
//! grammar.

pub mod import;
pub mod stream;

use eventstorm_board::{Board, Event, Limits, decide, evolve, forward};
use eventstorm_store::{NewEvent, NewOp, RecordedEvent};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::hub::rfc3339;

pub const BACKUP_FORMAT: &str = "eventstorm.backup/v1";

/// The backup document (`GET /api/boards/{id}/backup`).
#[derive(Debug, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub title: String,
    /// The head: the backup holds events 1..=seq.
    pub seq: u64,
    pub events: Vec<BackupEvent>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct BackupEvent {
    pub seq: u64,
    pub op_id: Uuid,
    pub actor: String,
    /// RFC 3339, for people; `recorded_at_ms` is what an import keeps.
    #[serde(default)]
    pub at: String,
    pub recorded_at_ms: i64,
    pub schema_version: i32,
    pub event: serde_json::Value,
}

impl BackupEvent {
    pub fn from_recorded(rec: RecordedEvent) -> Result<Self, serde_json::Error> {
        Ok(Self {
            seq: rec.seq,
            op_id: rec.op_id,
            actor: rec.actor,
            at: rfc3339(rec.recorded_at_ms),
            recorded_at_ms: rec.recorded_at_ms,
            schema_version: rec.schema_version,
            event: serde_json::from_str(&rec.payload)?,
        })
    }
}

/// An event ready to store again under a new board.
#[derive(Debug, Clone)]
pub struct ImportedEvent {
    pub op_id: Uuid,
    pub actor: String,
    pub recorded_at_ms: i64,
    pub event: Event,
}

/// Why a backup cannot be imported. The message names the first bad event.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ImportError(pub String);

/// Checks a backup event by event and returns the events with the board they fold to.
pub fn validate(
    backup: &Backup,
    limits: &Limits,
    max_events: usize,
) -> Result<(Vec<ImportedEvent>, Board), ImportError> {
    check_format(&backup.format)?;
    let mut validator = Validator::new(limits, max_events);
    for e in &backup.events {
        validator.push(e)?;
    }
    validator.finish()
}

/// The format a backup must name.
pub fn check_format(format: &str) -> Result<(), ImportError> {
    if format != BACKUP_FORMAT {
        return Err(ImportError(format!("format must be {BACKUP_FORMAT:?}")));
    }
    Ok(())
}

/// Checks a backup's events one at a time, as they are read, folding the board they make.
pub struct Validator<'a> {
    limits: &'a Limits,
    max_events: usize,
    board: Board,
    out: Vec<ImportedEvent>,
    seen_ops: std::collections::HashSet<Uuid>,
    last_op: Option<Uuid>,
}

impl<'a> Validator<'a> {
    pub fn new(limits: &'a Limits, max_events: usize) -> Self {
        Self {
            limits,
            max_events,
            board: Board::default(),
            out: Vec::new(),
            seen_ops: std::collections::HashSet::new(),
            last_op: None,
        }
    }

    /// Checks the next event: its seq, its op, its actor, and that the domain would have
    /// produced exactly it on the board so far.
    pub fn push(&mut self, e: &BackupEvent) -> Result<(), ImportError> {
        let expected = self.out.len() as u64 + 1;
        if self.out.len() >= self.max_events {
            return Err(ImportError(format!(
                "a backup holds at most {} events",
                self.max_events
            )));
        }
        if e.seq != expected {
            return Err(ImportError(format!(
                "event {} should have seq {expected}",
                e.seq
            )));
        }
        let event = Event::decode(e.schema_version, &e.event.to_string())
            .map_err(|err| ImportError(format!("event {expected}: {err}")))?;
        // Events of one op are consecutive; an op id that comes back later is a forgery.
        if self.last_op != Some(e.op_id) && !self.seen_ops.insert(e.op_id) {
            return Err(ImportError(format!(
                "event {expected}: op id {} appears in two places",
                e.op_id
            )));
        }
        self.last_op = Some(e.op_id);
        if e.actor.is_empty() || e.actor.chars().count() > 200 || e.actor.contains('\0') {
            return Err(ImportError(format!(
                "event {expected}: actor must be 1 to 200 characters"
            )));
        }
        match decide(&self.board, &forward(&event), self.limits) {
            Ok(events) if events.len() == 1 && same_fact(&events[0], &event) => {}
            Ok(_) => {
                return Err(ImportError(format!(
                    "event {expected} does not follow from the events before it"
                )));
            }
            Err(r) => {
                return Err(ImportError(format!(
                    "event {expected} is refused by the board: {r}"
                )));
            }
        }
        evolve(&mut self.board, &event);
        self.out.push(ImportedEvent {
            op_id: e.op_id,
            actor: e.actor.clone(),
            recorded_at_ms: e.recorded_at_ms,
            event,
        });
        Ok(())
    }

    /// The events checked, with their board; an error if there were none.
    pub fn finish(self) -> Result<(Vec<ImportedEvent>, Board), ImportError> {
        if self.out.is_empty() {
            return Err(ImportError(
                "a backup holds at least the board_created event".into(),
            ));
        }
        Ok((self.out, self.board))
    }
}

/// Groups consecutive events of one op into the ops to append. Imported ops get a content
/// hash of their events: nobody can resend them to the new board with the original command.
pub fn into_ops(events: Vec<ImportedEvent>) -> Vec<NewOp> {
    let mut ops: Vec<NewOp> = Vec::new();
    for e in events {
        match ops.last_mut() {
            Some(op) if op.op_id == e.op_id => op.events.push(NewEvent::from_event(&e.event)),
            _ => ops.push(NewOp::from_events(
                e.op_id,
                String::new(),
                &e.actor,
                e.recorded_at_ms,
                std::slice::from_ref(&e.event),
            )),
        }
    }
    for op in &mut ops {
        let mut hasher = Sha256::new();
        for e in &op.events {
            hasher.update(e.payload.as_bytes());
        }
        op.content_hash = format!("import:{}", hex::encode(hasher.finalize()));
    }
    ops
}

/// Whether an imported event is the one `decide` gives. A `vote_closed` recorded before ballots
/// were secret carries no `dots`; it is the same close.
fn same_fact(decided: &Event, imported: &Event) -> bool {
    match (decided, imported) {
        (
            Event::VoteClosed { vote_id: a, .. },
            Event::VoteClosed {
                vote_id: b,
                dots: None,
            },
        ) => a == b,
        _ => decided == imported,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventstorm_board::{ElementId, Note, NoteDetails, NoteKind};
    use serde_json::json;

    fn backup(events: Vec<(u64, Uuid, Event)>) -> Backup {
        Backup {
            format: BACKUP_FORMAT.into(),
            title: "t".into(),
            seq: events.len() as u64,
            events: events
                .into_iter()
                .map(|(seq, op_id, event)| BackupEvent {
                    seq,
                    op_id,
                    actor: "ann".into(),
                    at: String::new(),
                    recorded_at_ms: 1,
                    schema_version: 1,
                    event: serde_json::to_value(&event).unwrap(),
                })
                .collect(),
        }
    }

    fn note(text: &str) -> Event {
        Event::NoteAdded {
            note: Note {
                id: ElementId(Uuid::from_u128(9)),
                kind: NoteKind::Event,
                text: text.into(),
                x: 0.0,
                y: 0.0,
                w: 140.0,
                h: 100.0,
                details: NoteDetails::default(),
            },
        }
    }

    /// One logged event: its seq, the op (by a small number) and the event.
    fn at(seq: u64, op: u128, event: Event) -> (u64, Uuid, Event) {
        (seq, Uuid::from_u128(op), event)
    }

    fn renamed(from: &str, title: &str) -> Event {
        Event::BoardRenamed {
            title: title.into(),
            from: from.into(),
        }
    }

    fn created() -> Event {
        Event::BoardCreated {
            title: "Shop".into(),
        }
    }

    #[test]
    fn a_valid_backup_folds_to_its_board() {
        let b = backup(vec![at(1, 1, created()), at(2, 2, note("Paid"))]);
        let (events, board) = validate(&b, &Limits::default(), 100).unwrap();
        assert_eq!(events.len(), 2);
        assert_eq!(board.note_count(), 1);
    }

    #[test]
    fn crafted_backups_are_refused_with_the_first_bad_event() {
        let too_long = note(&"x".repeat(5_000));
        let cases = [
            (
                backup(vec![at(1, 1, created()), at(3, 2, note("a"))]),
                "seq 2",
            ),
            (backup(vec![at(1, 1, note("a"))]), "refused"),
            (
                backup(vec![at(1, 1, created()), at(2, 2, too_long)]),
                "text",
            ),
            (
                backup(vec![
                    at(1, 1, created()),
                    at(2, 2, note("a")),
                    at(3, 2, renamed("Elsewhere", "x")),
                ]),
                "does not follow",
            ),
            (
                backup(vec![
                    at(1, 1, created()),
                    at(2, 2, note("a")),
                    at(3, 3, renamed("Shop", "x")),
                    at(4, 2, renamed("x", "y")),
                ]),
                "two places",
            ),
            (backup(vec![]), "at least"),
        ];
        for (b, expected) in cases {
            let err = validate(&b, &Limits::default(), 100).unwrap_err();
            assert!(err.0.contains(expected), "{expected}: {err}");
        }
        let mut wrong = backup(vec![at(1, 1, created())]);
        wrong.events[0].event = json!({ "type": "board_created" });
        assert!(validate(&wrong, &Limits::default(), 100).is_err());
        wrong.format = "other".into();
        assert!(
            validate(&wrong, &Limits::default(), 100)
                .unwrap_err()
                .0
                .contains("format")
        );
    }

    #[test]
    fn a_vote_closed_before_secret_ballots_imports_and_forged_totals_do_not() {
        let vote_id = ElementId(Uuid::from_u128(5));
        let opened = Event::VoteOpened {
            vote: eventstorm_board::Vote {
                id: vote_id,
                dots_per_participant: 2,
                kinds: vec![NoteKind::Event],
                open: true,
                dots: Default::default(),
            },
        };
        let closed = |dots| Event::VoteClosed { vote_id, dots };
        let events = |close| {
            vec![
                at(1, 1, created()),
                at(2, 2, opened.clone()),
                at(3, 3, close),
            ]
        };
        let limits = Limits::default();
        assert!(validate(&backup(events(closed(None))), &limits, 100).is_ok());
        assert!(
            validate(
                &backup(events(closed(Some(Default::default())))),
                &limits,
                100
            )
            .is_ok()
        );
        let forged = [("someone".to_owned(), vec![ElementId(Uuid::from_u128(9))])].into();
        assert!(validate(&backup(events(closed(Some(forged)))), &limits, 100).is_err());
    }
}
