//! Secret ballots. While a dot vote is open, where a participant's dots are is known only to
//! that participant (and the log): everyone else receives each `dot_placed` / `dot_removed`
//! as a `dot_hidden` event with the same seq (so seqs stay dense), naming the voter and how
//! many dots they now have but not where. Views of the board (a join's board, `GET` of the
//! board, past states) show only the viewer's own dots, with an empty list for every other
//! voter so the facilitator can count who voted. The `vote_closed` event carries every dot,
//! so the totals reach everyone the moment the vote closes.

use axum::extract::ws::Utf8Bytes;
use eventstorm_board::{Board, ElementId, Event, Facilitation};
use eventstorm_protocol::{BoardView, board_view};
use eventstorm_store::RecordedEvent;
use serde_json::{Value, json};

use super::frames::{event_frame, rfc3339};

/// The open vote's id, if a vote is open.
pub fn open_vote(f: &Facilitation) -> Option<ElementId> {
    f.vote.as_ref().filter(|v| v.open).map(|v| v.id)
}

/// Blanks every voter's dots but `me`'s when the vote is open (voters stay listed, with no
/// dots, so they can be counted).
pub fn redact(f: &mut Facilitation, me: Option<&str>) {
    if let Some(vote) = f.vote.as_mut().filter(|v| v.open) {
        for (voter, dots) in vote.dots.iter_mut() {
            if Some(voter.as_str()) != me {
                dots.clear();
            }
        }
    }
}

/// The board as `me` (a participant id, or nobody) may see it.
pub fn view_for(id: &str, seq: u64, board: &Board, me: Option<&str>) -> BoardView {
    let mut view = board_view(id, seq, board);
    redact(&mut view.facilitation, me);
    view
}

/// A dot event of the vote `open`: its voter and note.
fn secret_dot(event: &Event, open: Option<ElementId>) -> Option<&str> {
    match event {
        Event::DotPlaced { vote_id, voter, .. } | Event::DotRemoved { vote_id, voter, .. }
            if Some(*vote_id) == open =>
        {
            Some(voter)
        }
        _ => None,
    }
}

/// What stands in for a secret dot event: who voted and (when known) how many dots they have
/// now.
fn hidden_event(event: &Event, voter_dots: Option<usize>) -> Value {
    let (Event::DotPlaced { vote_id, voter, .. } | Event::DotRemoved { vote_id, voter, .. }) =
        event
    else {
        unreachable!("only dot events are hidden");
    };
    let mut hidden = json!({ "type": "dot_hidden", "vote_id": vote_id, "voter": voter });
    if let Some(n) = voter_dots {
        hidden["voter_dots"] = json!(n);
    }
    hidden
}

/// An event as clients see it: as recorded, or hidden when it is a dot of the open vote
/// (`board`, the board after it, tells how many dots the voter has).
pub fn event_json(
    rec: &RecordedEvent,
    event: &Event,
    open: Option<ElementId>,
    board: Option<&Board>,
) -> Value {
    let shown = match secret_dot(event, open) {
        Some(voter) => {
            let dots = board
                .and_then(|b| b.facilitation.vote.as_ref())
                .map(|v| v.dots_of(voter));
            hidden_event(event, dots)
        }
        None => serde_json::to_value(event).expect("events serialise"),
    };
    json!({
        "seq": rec.seq,
        "op_id": rec.op_id,
        "actor": rec.actor,
        "at": rfc3339(rec.recorded_at_ms),
        "event": shown,
    })
}

/// A recorded event that is a dot of `board`'s open vote: its voter and the frame everyone
/// else gets in its place.
pub fn hidden_frame(rec: &RecordedEvent, board: &Board) -> Option<(String, Utf8Bytes)> {
    if !matches!(rec.kind.as_str(), "dot_placed" | "dot_removed") {
        return None;
    }
    let event = Event::decode(rec.schema_version, &rec.payload).ok()?;
    let voter = secret_dot(&event, open_vote(&board.facilitation))?;
    let shown = event_json(rec, &event, open_vote(&board.facilitation), Some(board));
    let mut frame = shown;
    frame["type"] = json!("event");
    Some((voter.to_owned(), Utf8Bytes::from(frame.to_string())))
}

/// The frame kept for catch-ups and sent to everyone but a secret dot's voter.
pub fn shared_frame(rec: &RecordedEvent, board: &Board) -> Utf8Bytes {
    hidden_frame(rec, board).map_or_else(|| event_frame(rec), |(_, hidden)| hidden)
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventstorm_board::Vote;

    #[test]
    fn an_open_vote_shows_only_the_viewers_dots_and_a_closed_one_all() {
        let note = ElementId(uuid::Uuid::from_u128(1));
        let mut f = Facilitation {
            vote: Some(Vote {
                id: ElementId(uuid::Uuid::from_u128(9)),
                dots_per_participant: 3,
                kinds: vec![],
                open: true,
                dots: [
                    ("ann".to_owned(), vec![note]),
                    ("ben".to_owned(), vec![note, note]),
                ]
                .into(),
            }),
            ..Facilitation::default()
        };
        let mut as_ann = f.clone();
        redact(&mut as_ann, Some("ann"));
        let dots = &as_ann.vote.as_ref().unwrap().dots;
        assert_eq!((dots["ann"].len(), dots["ben"].len()), (1, 0));
        let mut as_nobody = f.clone();
        redact(&mut as_nobody, None);
        assert!(as_nobody.vote.unwrap().dots.values().all(Vec::is_empty));
        f.vote.as_mut().unwrap().open = false;
        let mut closed = f.clone();
        redact(&mut closed, None);
        assert_eq!(closed, f);
    }
}
