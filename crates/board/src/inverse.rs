use crate::command::{Command, FrameChanges, Move};
use crate::event::Event;

/// The command that undoes an event, derived from the event alone (events carry the values
/// they replaced). `None` for board creation and for the facilitator's timer and vote flow,
/// which undo does not cover.
///
/// Undo in the browser issues these as ordinary commands, so an undo is itself an edit others
/// see, and it fails cleanly (with a rejection) when someone else has since removed the target.
pub fn inverse(event: &Event) -> Option<Command> {
    Some(match event {
        Event::BoardCreated { .. } => return None,
        Event::BoardRenamed { from, .. } => Command::RenameBoard {
            title: from.clone(),
        },
        Event::NoteAdded { note } | Event::PrivateNoteAdded { note, .. } => {
            Command::DeleteNote { id: note.id }
        }
        Event::NotesMoved { moves } => Command::MoveNotes {
            moves: moves
                .iter()
                .map(|m| Move {
                    id: m.id,
                    x: m.from_x,
                    y: m.from_y,
                })
                .collect(),
        },
        Event::NoteResized {
            id, from_w, from_h, ..
        } => Command::ResizeNote {
            id: *id,
            w: *from_w,
            h: *from_h,
        },
        Event::NoteTextEdited { id, from, .. } => Command::EditText {
            id: *id,
            text: from.clone(),
        },
        Event::NoteKindChanged { id, from, .. } => Command::ChangeKind {
            id: *id,
            kind: *from,
        },
        Event::NoteDetailsChanged { id, from, .. } => Command::SetDetails {
            id: *id,
            details: from.clone(),
        },
        Event::NoteDeleted { id, .. } => Command::RestoreNote { id: *id },
        Event::NoteRestored { note, .. } => Command::DeleteNote { id: note.id },
        Event::ConnectorAdded { connector } => Command::RemoveConnector { id: connector.id },
        Event::ConnectorChanged { from, .. } => Command::ChangeConnector {
            id: from.id,
            label: from.label.clone(),
        },
        Event::ConnectorRemoved { connector } => Command::AddConnector {
            id: connector.id,
            from: connector.from,
            to: connector.to,
            label: connector.label.clone(),
        },
        Event::FrameAdded { frame } => Command::RemoveFrame { id: frame.id },
        Event::FrameChanged { from, .. } => Command::ChangeFrame {
            id: from.id,
            changes: FrameChanges {
                kind: Some(from.kind),
                name: Some(from.name.clone()),
                x: Some(from.x),
                y: Some(from.y),
                w: Some(from.w),
                h: Some(from.h),
            },
        },
        Event::FrameRemoved { frame } => Command::AddFrame {
            id: frame.id,
            kind: frame.kind,
            name: frame.name.clone(),
            x: frame.x,
            y: frame.y,
            w: frame.w,
            h: frame.h,
        },
        Event::PhaseChanged { from, .. } => Command::SetPhase { phase: *from },
        Event::PhaseInstructionSet { phase, from, .. } => Command::SetPhaseInstruction {
            phase: *phase,
            text: from.clone().unwrap_or_default(),
        },
        Event::ElementsLocked { ids } => Command::UnlockElements { ids: ids.clone() },
        Event::ElementsUnlocked { ids } => Command::LockElements { ids: ids.clone() },
        Event::DotPlaced { note, voter, .. } => Command::RemoveDot {
            note: *note,
            voter: voter.clone(),
        },
        Event::DotRemoved { note, voter, .. } => Command::PlaceDot {
            note: *note,
            voter: voter.clone(),
        },
        // The clock and the vote belong to the facilitator's flow; they are not undone.
        Event::TimerStarted { .. }
        | Event::TimerPaused { .. }
        | Event::TimerResumed { .. }
        | Event::TimerExtended { .. }
        | Event::TimerReset { .. }
        | Event::PrivateModeStarted
        | Event::PrivateModeEnded { .. }
        | Event::VoteOpened { .. }
        | Event::VoteClosed { .. } => return None,
    })
}

/// The command that produces an event, derived from the event alone: `decide` on the board
/// just before the event returns exactly that event. Imports use it to prove that every event
/// in a backup is one the domain would have produced, so a crafted backup cannot smuggle in a
/// board that breaks the limits or the grammar.
pub fn forward(event: &Event) -> Command {
    match event {
        Event::BoardCreated { title } => Command::CreateBoard {
            title: title.clone(),
        },
        Event::BoardRenamed { title, .. } => Command::RenameBoard {
            title: title.clone(),
        },
        Event::NoteAdded { note } => add_note(note, None),
        Event::PrivateNoteAdded { note, owner } => add_note(note, Some(owner.clone())),
        Event::PrivateModeStarted => Command::StartPrivateMode,
        Event::PrivateModeEnded { .. } => Command::EndPrivateMode,
        Event::NotesMoved { moves } => Command::MoveNotes {
            moves: moves
                .iter()
                .map(|m| Move {
                    id: m.id,
                    x: m.x,
                    y: m.y,
                })
                .collect(),
        },
        Event::NoteResized { id, w, h, .. } => Command::ResizeNote {
            id: *id,
            w: *w,
            h: *h,
        },
        Event::NoteTextEdited { id, text, .. } => Command::EditText {
            id: *id,
            text: text.clone(),
        },
        Event::NoteKindChanged { id, kind, .. } => Command::ChangeKind {
            id: *id,
            kind: *kind,
        },
        Event::NoteDetailsChanged { id, details, .. } => Command::SetDetails {
            id: *id,
            details: details.clone(),
        },
        Event::NoteDeleted { id, .. } => Command::DeleteNote { id: *id },
        Event::NoteRestored { note, .. } => Command::RestoreNote { id: note.id },
        Event::ConnectorAdded { connector } => Command::AddConnector {
            id: connector.id,
            from: connector.from,
            to: connector.to,
            label: connector.label.clone(),
        },
        Event::ConnectorChanged { connector, .. } => Command::ChangeConnector {
            id: connector.id,
            label: connector.label.clone(),
        },
        Event::ConnectorRemoved { connector } => Command::RemoveConnector { id: connector.id },
        Event::FrameAdded { frame } => Command::AddFrame {
            id: frame.id,
            kind: frame.kind,
            name: frame.name.clone(),
            x: frame.x,
            y: frame.y,
            w: frame.w,
            h: frame.h,
        },
        Event::FrameChanged { frame, .. } => Command::ChangeFrame {
            id: frame.id,
            changes: FrameChanges {
                kind: Some(frame.kind),
                name: Some(frame.name.clone()),
                x: Some(frame.x),
                y: Some(frame.y),
                w: Some(frame.w),
                h: Some(frame.h),
            },
        },
        Event::FrameRemoved { frame } => Command::RemoveFrame { id: frame.id },
        Event::PhaseChanged { phase, .. } => Command::SetPhase { phase: *phase },
        Event::PhaseInstructionSet { phase, text, .. } => Command::SetPhaseInstruction {
            phase: *phase,
            text: text.clone().unwrap_or_default(),
        },
        Event::ElementsLocked { ids } => Command::LockElements { ids: ids.clone() },
        Event::ElementsUnlocked { ids } => Command::UnlockElements { ids: ids.clone() },
        Event::TimerStarted { timer, now_ms, .. } => Command::StartTimer {
            duration_ms: timer.duration_ms,
            now_ms: *now_ms,
        },
        Event::TimerPaused { now_ms, .. } => Command::PauseTimer { now_ms: *now_ms },
        Event::TimerResumed { now_ms, .. } => Command::ResumeTimer { now_ms: *now_ms },
        Event::TimerExtended { by_ms, now_ms, .. } => Command::AddTime {
            ms: *by_ms,
            now_ms: *now_ms,
        },
        Event::TimerReset { .. } => Command::ResetTimer,
        Event::VoteOpened { vote } => Command::OpenVote {
            id: vote.id,
            dots_per_participant: vote.dots_per_participant,
            kinds: vote.kinds.clone(),
        },
        Event::VoteClosed { .. } => Command::CloseVote,
        Event::DotPlaced { note, voter, .. } => Command::PlaceDot {
            note: *note,
            voter: voter.clone(),
        },
        Event::DotRemoved { note, voter, .. } => Command::RemoveDot {
            note: *note,
            voter: voter.clone(),
        },
    }
}

/// The `add_note` that adds exactly this note.
fn add_note(note: &crate::element::Note, owner: Option<String>) -> Command {
    Command::AddNote {
        id: note.id,
        kind: note.kind,
        text: note.text.clone(),
        x: note.x,
        y: note.y,
        w: Some(note.w),
        h: Some(note.h),
        details: Some(note.details.clone()),
        owner,
    }
}
