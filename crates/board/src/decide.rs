use std::collections::BTreeSet;

use crate::board::Board;
use crate::command::{Command, FrameChanges, Move};
use crate::element::{Connector, Frame, Note, NoteDetails, default_note_size};
use crate::event::{Event, MovedNote};
use crate::ids::ElementId;
use crate::limits::Limits;
use crate::rejection::{RejectCode, Rejection};

/// Decides what a command means for the board: the events it produces (none when it changes
/// nothing) or why it is refused. Never changes the board; pure and deterministic.
pub fn decide(board: &Board, command: &Command, limits: &Limits) -> Result<Vec<Event>, Rejection> {
    let events = decide_command(board, command, limits)?;
    within_budget(board, &events, limits)?;
    Ok(events)
}

/// Refuses events that would take the board past its byte budget. Only growth is refused: a
/// board over its budget (the budget was lowered) can still shrink, and deleting never fails.
fn within_budget(board: &Board, events: &[Event], limits: &Limits) -> Result<(), Rejection> {
    if !events.iter().any(may_grow) {
        return Ok(());
    }
    // A clone of the board is O(1) (persistent maps); applying the events to it is the exact
    // count, retention included.
    let mut after = board.clone();
    for e in events {
        after.apply(e);
    }
    if after.bytes() > limits.max_board_bytes && after.bytes() > board.bytes() {
        return Err(Rejection::new(
            RejectCode::BoardFull,
            format!(
                "this board is full: it holds about {} of its {} MiB. Delete or shorten \
                 stickies (the most recently deleted ones still count until older deletions \
                 make way), or continue on a new board",
                mib(board.bytes()),
                limits.max_board_bytes / (1024 * 1024),
            ),
        ));
    }
    Ok(())
}

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Whether an event can make the board hold more bytes.
fn may_grow(event: &Event) -> bool {
    matches!(
        event,
        Event::BoardCreated { .. }
            | Event::BoardRenamed { .. }
            | Event::NoteAdded { .. }
            | Event::PrivateNoteAdded { .. }
            | Event::NoteTextEdited { .. }
            | Event::NoteDetailsChanged { .. }
            | Event::NoteDeleted { .. }
            | Event::NoteRestored { .. }
            | Event::ConnectorAdded { .. }
            | Event::ConnectorChanged { .. }
            | Event::FrameAdded { .. }
            | Event::FrameChanged { .. }
            | Event::ElementsLocked { .. }
            | Event::PrivateModeEnded { .. }
    )
}

fn decide_command(
    board: &Board,
    command: &Command,
    limits: &Limits,
) -> Result<Vec<Event>, Rejection> {
    let check = Checks { limits };
    if let Command::CreateBoard { title } = command {
        if board.created {
            return Err(Rejection::new(
                RejectCode::BoardExists,
                "the board already exists",
            ));
        }
        return Ok(vec![Event::BoardCreated {
            title: check.title(title)?,
        }]);
    }
    if !board.created {
        return Err(Rejection::new(
            RejectCode::BoardNotCreated,
            "the board does not exist",
        ));
    }
    match command {
        Command::CreateBoard { .. } => unreachable!("handled above"),
        Command::RenameBoard { title } => {
            let title = check.title(title)?;
            Ok(changed(title != board.title, || Event::BoardRenamed {
                from: board.title.clone(),
                title,
            }))
        }
        Command::AddNote {
            id,
            kind,
            text,
            x,
            y,
            w,
            h,
            details,
            owner,
        } => {
            check.fresh_id(board, id)?;
            check.room_for_one_more(board)?;
            let (dw, dh) = default_note_size(*kind);
            let note = Note {
                id: *id,
                kind: *kind,
                text: check.text(text)?,
                x: check.coordinate(*x)?,
                y: check.coordinate(*y)?,
                w: check.size(w.unwrap_or(dw))?,
                h: check.size(h.unwrap_or(dh))?,
                details: match details {
                    Some(d) => check.details(d)?,
                    None => NoteDetails::default(),
                },
            };
            // In private mode a sticky with an owner is theirs alone until the reveal.
            Ok(vec![match owner {
                Some(owner) if board.facilitation.private_mode && !owner.is_empty() => {
                    Event::PrivateNoteAdded {
                        note,
                        owner: owner.clone(),
                    }
                }
                _ => Event::NoteAdded { note },
            }])
        }
        Command::MoveNotes { moves } => decide_moves(board, moves, &check),
        Command::ResizeNote { id, w, h } => {
            let note = unlocked_note(board, id)?;
            let (w, h) = (check.size(*w)?, check.size(*h)?);
            Ok(changed(w != note.w || h != note.h, || Event::NoteResized {
                id: *id,
                w,
                h,
                from_w: note.w,
                from_h: note.h,
            }))
        }
        Command::EditText { id, text } => {
            let note = unlocked_note(board, id)?;
            let text = check.text(text)?;
            Ok(changed(text != note.text, || Event::NoteTextEdited {
                id: *id,
                from: note.text.clone(),
                text,
            }))
        }
        Command::ChangeKind { id, kind } => {
            let note = unlocked_note(board, id)?;
            Ok(changed(*kind != note.kind, || Event::NoteKindChanged {
                id: *id,
                kind: *kind,
                from: note.kind,
            }))
        }
        Command::SetDetails { id, details } => {
            let note = unlocked_note(board, id)?;
            let details = check.details(details)?;
            Ok(changed(details != note.details, || {
                Event::NoteDetailsChanged {
                    id: *id,
                    from: note.details.clone(),
                    details,
                }
            }))
        }
        Command::DeleteNote { id } => {
            unlocked_note(board, id)?;
            // Its connectors go with it: a locked one keeps the sticky on the wall too.
            let connectors = board.connectors_of(id);
            for c in &connectors {
                unlocked(board, &c.id, "connector")?;
            }
            Ok(vec![Event::NoteDeleted {
                id: *id,
                connectors,
            }])
        }
        Command::RestoreNote { id } => {
            let Some(deleted) = board.deleted_note(id) else {
                return Err(if board.is_retired(id) {
                    Rejection::new(
                        RejectCode::NoteNotRestorable,
                        format!(
                            "note {id} was deleted too long ago to restore; its text is in \
                             the board's history"
                        ),
                    )
                } else if board.note(id).is_some() {
                    Rejection::new(
                        RejectCode::NoteNotDeleted,
                        format!("note {id} is not deleted"),
                    )
                } else {
                    Rejection::new(RejectCode::UnknownNote, format!("no note {id}"))
                });
            };
            // Bring back only the connectors whose other end is still on the board and whose
            // id nobody has taken since.
            let connectors: Vec<Connector> = deleted
                .connectors
                .iter()
                .filter(|c| {
                    let other = if c.from == *id { c.to } else { c.from };
                    board.note(&other).is_some() && !board.id_in_use(&c.id)
                })
                .cloned()
                .collect();
            // The note and the connectors it brings back all count against the limit.
            check.room_for(board, 1 + connectors.len())?;
            Ok(vec![Event::NoteRestored {
                note: deleted.note.clone(),
                connectors,
            }])
        }
        Command::AddConnector {
            id,
            from,
            to,
            label,
        } => {
            check.fresh_id(board, id)?;
            check.room_for_one_more(board)?;
            live_note(board, from)?;
            live_note(board, to)?;
            if from == to {
                return Err(Rejection::new(
                    RejectCode::SelfConnector,
                    "a connector must join two different stickies",
                ));
            }
            let label = check.label(label.as_deref())?;
            Ok(vec![Event::ConnectorAdded {
                connector: Connector {
                    id: *id,
                    from: *from,
                    to: *to,
                    label,
                },
            }])
        }
        Command::ChangeConnector { id, label } => {
            let Some(from) = board.connector(id) else {
                return Err(Rejection::new(
                    RejectCode::UnknownConnector,
                    format!("no connector {id}"),
                ));
            };
            unlocked(board, id, "connector")?;
            let connector = Connector {
                label: check.label(label.as_deref())?,
                ..from.clone()
            };
            Ok(changed(connector != *from, || Event::ConnectorChanged {
                connector,
                from: from.clone(),
            }))
        }
        Command::RemoveConnector { id } => match board.connector(id) {
            Some(c) => {
                unlocked(board, id, "connector")?;
                Ok(vec![Event::ConnectorRemoved {
                    connector: c.clone(),
                }])
            }
            None => Err(Rejection::new(
                RejectCode::UnknownConnector,
                format!("no connector {id}"),
            )),
        },
        Command::AddFrame {
            id,
            kind,
            name,
            x,
            y,
            w,
            h,
        } => {
            check.fresh_id(board, id)?;
            check.room_for_one_more(board)?;
            let frame = Frame {
                id: *id,
                kind: *kind,
                name: check.name(name)?,
                x: check.coordinate(*x)?,
                y: check.coordinate(*y)?,
                w: check.size(*w)?,
                h: check.size(*h)?,
            };
            Ok(vec![Event::FrameAdded { frame }])
        }
        Command::ChangeFrame { id, changes } => {
            let Some(from) = board.frame(id) else {
                return Err(Rejection::new(
                    RejectCode::UnknownFrame,
                    format!("no frame {id}"),
                ));
            };
            unlocked(board, id, "frame")?;
            let frame = apply_frame_changes(from, changes, &check)?;
            Ok(changed(frame != *from, || Event::FrameChanged {
                frame,
                from: from.clone(),
            }))
        }
        Command::RemoveFrame { id } => match board.frame(id) {
            Some(f) => {
                unlocked(board, id, "frame")?;
                Ok(vec![Event::FrameRemoved { frame: f.clone() }])
            }
            None => Err(Rejection::new(
                RejectCode::UnknownFrame,
                format!("no frame {id}"),
            )),
        },
        Command::StartPrivateMode => Ok(crate::decide_private::start(board)),
        Command::EndPrivateMode => Ok(crate::decide_private::end(board)),
        Command::LockElements { ids } => crate::decide_locks::decide(board, ids, true),
        Command::UnlockElements { ids } => crate::decide_locks::decide(board, ids, false),
        Command::SetPhase { .. }
        | Command::SetPhaseInstruction { .. }
        | Command::StartTimer { .. }
        | Command::PauseTimer { .. }
        | Command::ResumeTimer { .. }
        | Command::AddTime { .. }
        | Command::ResetTimer
        | Command::OpenVote { .. }
        | Command::CloseVote
        | Command::PlaceDot { .. }
        | Command::RemoveDot { .. } => crate::decide_facilitation::decide(board, command),
    }
}

fn decide_moves(board: &Board, moves: &[Move], check: &Checks) -> Result<Vec<Event>, Rejection> {
    if moves.is_empty() {
        return Err(Rejection::new(
            RejectCode::InvalidCommand,
            "move_notes needs at least one move",
        ));
    }
    let mut seen = BTreeSet::new();
    let mut moved = Vec::with_capacity(moves.len());
    for m in moves {
        if !seen.insert(m.id) {
            return Err(Rejection::new(
                RejectCode::InvalidCommand,
                format!("note {} is moved twice in one command", m.id),
            ));
        }
        let note = unlocked_note(board, &m.id)?;
        let (x, y) = (check.coordinate(m.x)?, check.coordinate(m.y)?);
        if x != note.x || y != note.y {
            moved.push(MovedNote {
                id: m.id,
                x,
                y,
                from_x: note.x,
                from_y: note.y,
            });
        }
    }
    Ok(changed(!moved.is_empty(), || Event::NotesMoved {
        moves: moved,
    }))
}

fn apply_frame_changes(
    from: &Frame,
    changes: &FrameChanges,
    check: &Checks,
) -> Result<Frame, Rejection> {
    let mut frame = from.clone();
    if let Some(kind) = changes.kind {
        frame.kind = kind;
    }
    if let Some(name) = &changes.name {
        frame.name = check.name(name)?;
    }
    if let Some(x) = changes.x {
        frame.x = check.coordinate(x)?;
    }
    if let Some(y) = changes.y {
        frame.y = check.coordinate(y)?;
    }
    if let Some(w) = changes.w {
        frame.w = check.size(w)?;
    }
    if let Some(h) = changes.h {
        frame.h = check.size(h)?;
    }
    Ok(frame)
}

/// One event when something changed, none when the command changes nothing.
fn changed(did_change: bool, event: impl FnOnce() -> Event) -> Vec<Event> {
    if did_change {
        vec![event()]
    } else {
        Vec::new()
    }
}

fn live_note<'b>(board: &'b Board, id: &ElementId) -> Result<&'b Note, Rejection> {
    board.note(id).ok_or_else(|| {
        if board.deleted_note(id).is_some() {
            Rejection::new(RejectCode::UnknownNote, format!("note {id} was deleted"))
        } else {
            Rejection::new(RejectCode::UnknownNote, format!("no note {id}"))
        }
    })
}

/// A live note that the facilitator has not locked: what every change of a sticky needs.
fn unlocked_note<'b>(board: &'b Board, id: &ElementId) -> Result<&'b Note, Rejection> {
    let note = live_note(board, id)?;
    unlocked(board, id, "sticky")?;
    Ok(note)
}

/// Refuses a change of a locked element: the facilitator unlocks it first.
fn unlocked(board: &Board, id: &ElementId, what: &str) -> Result<(), Rejection> {
    if board.is_locked(id) {
        Err(Rejection::new(
            RejectCode::Locked,
            format!("{what} {id} is locked; the facilitator unlocks it first"),
        ))
    } else {
        Ok(())
    }
}

/// Validation of command values against the limits.
struct Checks<'l> {
    limits: &'l Limits,
}

impl Checks<'_> {
    fn coordinate(&self, v: f64) -> Result<f64, Rejection> {
        if v.is_finite() && v.abs() <= self.limits.max_coordinate {
            Ok(v)
        } else {
            Err(Rejection::new(
                RejectCode::InvalidCoordinate,
                format!(
                    "coordinates must be finite and within ±{}",
                    self.limits.max_coordinate
                ),
            ))
        }
    }

    fn size(&self, v: f64) -> Result<f64, Rejection> {
        if v.is_finite() && v >= self.limits.min_size && v <= self.limits.max_size {
            Ok(v)
        } else {
            Err(Rejection::new(
                RejectCode::InvalidSize,
                format!(
                    "width and height must be between {} and {}",
                    self.limits.min_size, self.limits.max_size
                ),
            ))
        }
    }

    fn text(&self, text: &str) -> Result<String, Rejection> {
        self.clean(
            text,
            self.limits.max_text_chars,
            RejectCode::TextTooLong,
            "text",
        )
    }

    /// A connector's label: one line like a name; a blank one means no label.
    fn label(&self, label: Option<&str>) -> Result<Option<String>, Rejection> {
        match label {
            Some(l) if !l.trim().is_empty() => Ok(Some(self.name(l)?)),
            _ => Ok(None),
        }
    }

    fn name(&self, name: &str) -> Result<String, Rejection> {
        let name = self.clean(
            name,
            self.limits.max_name_chars,
            RejectCode::InvalidName,
            "name",
        )?;
        if name.contains(['\n', '\r']) {
            return Err(Rejection::new(
                RejectCode::InvalidName,
                "a name is one line",
            ));
        }
        Ok(name)
    }

    fn title(&self, title: &str) -> Result<String, Rejection> {
        let title = title.trim();
        if title.is_empty() {
            return Err(Rejection::new(
                RejectCode::InvalidTitle,
                "a board needs a title",
            ));
        }
        self.name(title)
            .map_err(|r| Rejection::new(RejectCode::InvalidTitle, r.message))
    }

    /// Refuses NUL (no database can store it in text) and anything over the limit.
    fn clean(
        &self,
        s: &str,
        max: usize,
        too_long: RejectCode,
        what: &str,
    ) -> Result<String, Rejection> {
        if s.contains('\0') {
            return Err(Rejection::new(
                RejectCode::InvalidText,
                format!("the {what} contains a NUL character"),
            ));
        }
        if s.chars().count() > max {
            return Err(Rejection::new(
                too_long,
                format!("the {what} is longer than {max} characters"),
            ));
        }
        Ok(s.to_owned())
    }

    fn details(&self, d: &NoteDetails) -> Result<NoteDetails, Rejection> {
        let bad = |m: String| Rejection::new(RejectCode::InvalidDetails, m);
        self.text(&d.description).map_err(|r| bad(r.message))?;
        if d.fields.len() > self.limits.max_fields {
            return Err(bad(format!(
                "at most {} payload fields",
                self.limits.max_fields
            )));
        }
        let mut names = BTreeSet::new();
        for f in &d.fields {
            let name = f.name.trim();
            if name.is_empty() {
                return Err(bad("a payload field needs a name".into()));
            }
            self.name(name).map_err(|r| bad(r.message))?;
            self.name(&f.field_type).map_err(|r| bad(r.message))?;
            if f.field_type.trim().is_empty() {
                return Err(bad(format!("field {name} needs a type")));
            }
            self.text(&f.description).map_err(|r| bad(r.message))?;
            if !names.insert(name.to_owned()) {
                return Err(bad(format!("field {name} appears twice")));
            }
        }
        if let Some(retry) = &d.retry
            && !(1..=1000).contains(&retry.max_attempts)
        {
            return Err(bad("retry max_attempts must be between 1 and 1000".into()));
        }
        for one_line in [&d.dead_letter, &d.contract.code_name, &d.contract.schedule]
            .into_iter()
            .flatten()
        {
            self.name(one_line).map_err(|r| bad(r.message))?;
        }
        if d.contract.idempotency_key.len() > self.limits.max_fields {
            return Err(bad(format!(
                "at most {} idempotency key fields",
                self.limits.max_fields
            )));
        }
        for key in &d.contract.idempotency_key {
            self.name(key).map_err(|r| bad(r.message))?;
        }
        if d.contract.scenarios.len() > self.limits.max_fields {
            return Err(bad(format!("at most {} scenarios", self.limits.max_fields)));
        }
        for sc in &d.contract.scenarios {
            if sc.when.trim().is_empty() {
                return Err(bad("a scenario needs a when".into()));
            }
            if sc.given.len() + sc.then.len() > self.limits.max_fields {
                return Err(bad(format!(
                    "at most {} given and then steps in a scenario",
                    self.limits.max_fields
                )));
            }
            let steps = sc.given.iter().chain(&sc.then);
            for text in [&sc.name, &sc.when]
                .into_iter()
                .chain(steps)
                .chain(&sc.rejected)
            {
                self.name(text).map_err(|r| bad(r.message))?;
            }
        }
        let mut clean = d.clone();
        for f in &mut clean.fields {
            f.name = f.name.trim().to_owned();
            f.field_type = f.field_type.trim().to_owned();
        }
        // A blank dead letter target, pinned code name or schedule is none.
        for optional in [
            &mut clean.dead_letter,
            &mut clean.contract.code_name,
            &mut clean.contract.schedule,
        ] {
            *optional = optional
                .take()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty());
        }
        clean.contract.idempotency_key = clean
            .contract
            .idempotency_key
            .iter()
            .map(|k| k.trim().to_owned())
            .filter(|k| !k.is_empty())
            .collect();
        let steps = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        };
        for sc in &mut clean.contract.scenarios {
            sc.name = sc.name.trim().to_owned();
            sc.when = sc.when.trim().to_owned();
            sc.given = steps(&sc.given);
            sc.then = steps(&sc.then);
            sc.rejected = sc
                .rejected
                .take()
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty());
        }
        Ok(clean)
    }

    fn fresh_id(&self, board: &Board, id: &ElementId) -> Result<(), Rejection> {
        if board.id_in_use(id) {
            Err(Rejection::new(
                RejectCode::DuplicateId,
                format!("id {id} is already used on this board"),
            ))
        } else {
            Ok(())
        }
    }

    fn room_for_one_more(&self, board: &Board) -> Result<(), Rejection> {
        self.room_for(board, 1)
    }

    fn room_for(&self, board: &Board, more: usize) -> Result<(), Rejection> {
        if board.element_count() + more > self.limits.max_elements {
            Err(Rejection::new(
                RejectCode::TooManyElements,
                format!(
                    "a board holds at most {} elements",
                    self.limits.max_elements
                ),
            ))
        } else {
            Ok(())
        }
    }
}
