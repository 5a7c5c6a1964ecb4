//! The read models: the board at a past seq, pages of its events, one element's history, its
//! backup, the administrators' listing. Each reads through the hub (its loader, or the store
//! it owns), decodes what it reads, keeps a secret ballot secret, and answers in the error
//! vocabulary; the transports only shape the answer.

use axum::body::Bytes;
use eventstorm_board::{Board, ElementId, Event};
use eventstorm_protocol::{BoardView, ErrorCode};
use eventstorm_store::{BoardId, BoardListing, BoardMeta, RecordedEvent, StoreError};
use futures_util::{Stream, StreamExt};
use serde_json::Value;

use crate::backup::stream::backup_document;
use crate::hub::ballot::{self, open_vote};
use crate::hub::privacy;
use crate::hub::{Hub, HubError, Resolved, store_error};

/// Largest page of a board's events.
pub const MAX_EVENTS_PAGE: u32 = 1_000;
/// Most events one page of an element's history holds.
pub const HISTORY_PAGE: u32 = 1_000;

fn rejected(code: ErrorCode, message: impl Into<String>) -> HubError {
    HubError::Rejected {
        code,
        message: message.into(),
    }
}

/// Logs a failed read and answers `unavailable` (or `board_not_found`).
fn read_failed<'a>(board: &'a BoardId, what: &'static str) -> impl Fn(StoreError) -> HubError + 'a {
    move |e| {
        tracing::warn!(board = %board.log_tag(), error = %e, "{what} failed");
        store_error(e)
    }
}

/// The board as it was at `at` (now, when absent), from the store: the nearest snapshot plus
/// the events after it, as anyone may see it (without the stickies that were private then). A seq beyond the head is an error, not the current board. A board
/// without events is one purged since its link was resolved (every board has its
/// `board_created` event): `board_not_found`, never an empty board.
pub async fn board_at(hub: &Hub, id: &BoardId, at: Option<u64>) -> Result<(Board, u64), HubError> {
    if at == Some(0) {
        return Err(rejected(
            ErrorCode::InvalidSeq,
            "seqs start at 1 (the board's creation)",
        ));
    }
    let loaded = hub.load_at(id, at.unwrap_or(u64::MAX)).await?;
    if loaded.head == 0 {
        return Err(HubError::NotFound);
    }
    if let Some(at) = at
        && loaded.head != at
    {
        return Err(rejected(
            ErrorCode::InvalidSeq,
            format!("the board has no seq {at} (its head is {})", loaded.head),
        ));
    }
    Ok((loaded.board.visible_to(None), loaded.head))
}

/// The board as the link's holder may see it now, or at `at`: a past moment of the vote that
/// is still open keeps its ballots secret too.
pub async fn board_view(
    hub: &Hub,
    link: &Resolved,
    link_id: &str,
    at: Option<u64>,
) -> Result<BoardView, HubError> {
    let Some(at) = at else {
        return hub.view(&link.board, link_id).await;
    };
    let (board, seq) = board_at(hub, &link.board, Some(at)).await?;
    let mut view = eventstorm_protocol::board_view(link_id, seq, &board);
    let open = hub.open_vote(&link.board).await?;
    if open.is_some() && open_vote(&view.facilitation) == open {
        ballot::redact(&mut view.facilitation, None);
    }
    Ok(view)
}

/// A stored event's domain event; one that does not decode is logged and answered as
/// `unavailable` (the log is damaged, not the request).
pub fn decode_stored(rec: &RecordedEvent) -> Result<Event, HubError> {
    Event::decode(rec.schema_version, &rec.payload).map_err(|e| {
        tracing::error!(seq = rec.seq, error = %e, "stored event does not decode");
        HubError::Unavailable
    })
}

/// Up to `limit` (at most [`MAX_EVENTS_PAGE`]) committed events after `after`, as clients see
/// them (the open vote's dots hidden, events about private stickies in part or `hidden`).
pub async fn events_page(
    hub: &Hub,
    board: &BoardId,
    after: u64,
    limit: u32,
) -> Result<Vec<Value>, HubError> {
    let limit = limit.clamp(1, MAX_EVENTS_PAGE);
    let records = hub
        .store()
        .read(board, after, limit)
        .await
        .map_err(read_failed(board, "reading events"))?;
    if after == 0 && records.is_empty() {
        // Every board has its `board_created` event: this one was purged meanwhile.
        return Err(HubError::NotFound);
    }
    let (live, _) = hub.board_now(board).await?;
    let open = open_vote(&live.facilitation);
    records
        .iter()
        .map(|rec| {
            Ok(privacy::public_event_json(
                rec,
                &decode_stored(rec)?,
                open,
                &live,
            ))
        })
        .collect()
}

/// One page of everything that happened to one sticky, connector or frame.
pub struct ElementHistory {
    pub events: Vec<Value>,
    /// The `after` of the next page; `None` on the last.
    pub next: Option<u64>,
}

/// The events about `element`, oldest first, at most `limit` (at most [`HISTORY_PAGE`]) after
/// `after`. The store picks the events whose payload names the element (one filtered pass in
/// the database, see `EventStore::read_mentioning`); only those are read out and decoded, and
/// each is checked against the events' own element ids, so a text that merely quotes the id
/// does not count.
pub async fn element_history(
    hub: &Hub,
    board: &BoardId,
    element: ElementId,
    after: u64,
    limit: u32,
) -> Result<ElementHistory, HubError> {
    let limit = limit.clamp(1, HISTORY_PAGE);
    let (live, _) = hub.board_now(board).await?;
    let open = open_vote(&live.facilitation);
    let store = hub.store();
    let failed = read_failed(board, "reading history");
    let needle = element.0.to_string();
    let mut events = Vec::new();
    let mut cursor = after;
    let next = 'pages: loop {
        let page = store
            .read_mentioning(board, &needle, cursor, limit)
            .await
            .map_err(&failed)?;
        let last_page = page.len() < limit as usize;
        for rec in page {
            cursor = rec.seq;
            let event = decode_stored(&rec)?;
            // A private sticky's history is its owner's alone.
            if event.element_ids().contains(&element)
                && privacy::shown(&event, &live, None) != privacy::Shown::Nothing
            {
                events.push(privacy::public_event_json(&rec, &event, open, &live));
                if events.len() == limit as usize {
                    break 'pages Some(cursor);
                }
            }
        }
        if last_page {
            break None;
        }
    };
    if after == 0 && events.is_empty() && store.head(board).await.map_err(&failed)? == 0 {
        // Every board has its `board_created` event: this one was purged meanwhile.
        return Err(HubError::NotFound);
    }
    Ok(ElementHistory { events, next })
}

/// The event log leaves the server only once its ballots are no longer secret: refused while
/// `board` (the board copied) has the vote `live_open` (the board's open vote, if any) open.
pub fn refuse_secret_ballot(board: &Board, live_open: Option<ElementId>) -> Result<(), HubError> {
    if live_open.is_some() && open_vote(&board.facilitation) == live_open {
        return Err(rejected(
            ErrorCode::VoteOpen,
            "a dot vote is open on this board: its dots stay secret until it closes",
        ));
    }
    Ok(())
}

/// A backup being written: the board's title (for the file name) and the document's chunks.
pub struct BackupDocument<S> {
    pub title: String,
    pub chunks: S,
}

/// The whole event log up to the head now, streamed from the store a page at a time (see
/// `backup::stream`); refused during a secret ballot and in private mode.
pub async fn backup(
    hub: &Hub,
    board: &BoardId,
) -> Result<BackupDocument<impl Stream<Item = Result<Bytes, StoreError>> + Send + 'static>, HubError>
{
    // The title and head from the live board: no copy of the board per backup.
    let (live, seq) = hub.board_now(board).await?;
    refuse_secret_ballot(&live, open_vote(&live.facilitation))?;
    if live.facilitation.private_mode || live.has_private_notes() {
        return Err(rejected(
            ErrorCode::PrivateMode,
            "private mode is on: the board's log stays on the server until the facilitator \
             reveals the private stickies",
        ));
    }
    let title = live.title.clone();
    let tag = board.log_tag();
    let chunks = backup_document(
        hub.store().clone(),
        board.clone(),
        title.clone(),
        seq,
        Some(live),
    )
    .inspect(move |chunk| {
        if let Err(e) = chunk {
            tracing::warn!(board = %tag, error = %e, "a backup was cut short");
        }
    });
    Ok(BackupDocument { title, chunks })
}

/// The board at `at` (now, when absent) and the head it was read at, for a new board made
/// from it (a fork); refused when that copies a vote that is still secret.
pub async fn board_to_copy(
    hub: &Hub,
    board: &BoardId,
    at: Option<u64>,
) -> Result<(Board, u64), HubError> {
    let (copy, seq) = board_at(hub, board, at).await?;
    // A copy's facilitator could close the copied vote and read everyone's dots.
    refuse_secret_ballot(&copy, hub.open_vote(board).await?)?;
    Ok((copy, seq))
}

/// A board's metadata (its title and links), `None` when it is gone.
pub async fn meta(hub: &Hub, board: &BoardId) -> Result<Option<BoardMeta>, HubError> {
    hub.store()
        .board(board)
        .await
        .map_err(read_failed(board, "reading a board"))
}

/// Every board with its current title and head, for administrators.
pub async fn list_boards(hub: &Hub) -> Result<Vec<BoardListing>, HubError> {
    hub.store().list_boards().await.map_err(|e| {
        tracing::warn!(error = %e, "listing boards failed");
        HubError::Unavailable
    })
}

/// Whether the database answers, and which backend it is.
pub async fn ready(hub: &Hub) -> (bool, &'static str) {
    let store = hub.store();
    match store.ping().await {
        Ok(()) => (true, store.backend()),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (false, store.backend())
        }
    }
}
