//! The history of a board: what changed between two moments (as a model diff) and everything
//! that happened to one sticky.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use eventstorm_board::ElementId;
use eventstorm_spec::{ModelOptions, derive_model, diff_models};
use serde_json::json;

use super::boards::decode_stored;
use super::error::AppError;
use super::export::board_at;
use crate::access::ClientAddr;
use crate::hub::HubError;
use crate::state::AppState;

fn seq_param(query: &HashMap<String, String>, name: &str) -> Result<Option<u64>, AppError> {
    query
        .get(name)
        .map(|v| {
            v.parse::<u64>().map_err(|_| {
                AppError::bad_request("invalid_query", format!("{name} must be a seq"))
            })
        })
        .transpose()
}

/// `GET /api/boards/{id}/diff?from=SEQ&to=SEQ` (`to` defaults to now): the model changes.
pub async fn diff(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<impl IntoResponse, AppError> {
    let from = seq_param(&query, "from")?
        .ok_or_else(|| AppError::bad_request("invalid_query", "from is required"))?;
    let to = seq_param(&query, "to")?;
    let resolved = state.hub.resolve(&id).await?;
    let _slot = state.log_limits.read(client)?;
    let store = state.hub.store();
    let (before, from_seq) = board_at(store, &resolved.board, Some(from)).await?;
    let (after, to_seq) = board_at(store, &resolved.board, to).await?;
    let options = ModelOptions::default();
    let diff = diff_models(
        &derive_model(&before, &options),
        &derive_model(&after, &options),
    );
    Ok(Json(
        json!({ "from": from_seq, "to": to_seq, "changes": diff.changes }),
    ))
}

/// Most events one page of an element's history holds.
pub const HISTORY_PAGE: u32 = 1_000;

/// `GET /api/boards/{id}/history?element=UUID[&after=SEQ][&limit=N]`: the events about one
/// sticky, connector or frame, oldest first, with who and when; at most `limit` (default and
/// most [`HISTORY_PAGE`]) after `after`. `next` is the `after` of the next page, or null.
///
/// The store picks the events whose payload names the element (one filtered pass over the
/// board's events in the database, see `EventStore::read_mentioning`); only those are read
/// out and decoded, and each is checked against the events' own element ids, so a text that
/// merely quotes the id does not count.
pub async fn element_history(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<impl IntoResponse, AppError> {
    let element: ElementId = query
        .get("element")
        .and_then(|e| e.parse().ok())
        .ok_or_else(|| {
            AppError::bad_request(
                "invalid_query",
                "element must be a sticky, connector or frame id",
            )
        })?;
    let after = seq_param(&query, "after")?.unwrap_or(0);
    let limit = seq_param(&query, "limit")?
        .unwrap_or(u64::from(HISTORY_PAGE))
        .clamp(1, u64::from(HISTORY_PAGE)) as u32;
    let resolved = state.hub.resolve(&id).await?;
    let _slot = state.log_limits.read(client)?;
    let open = state.hub.open_vote(&resolved.board).await?;
    let store = state.hub.store();
    let unavailable = |e: eventstorm_store::StoreError| {
        tracing::warn!(board = %resolved.board.log_tag(), error = %e, "reading history failed");
        AppError::Hub(HubError::Unavailable)
    };
    let needle = element.0.to_string();
    let mut events = Vec::new();
    let mut cursor = after;
    let next = 'pages: loop {
        let page = store
            .read_mentioning(&resolved.board, &needle, cursor, limit)
            .await
            .map_err(unavailable)?;
        let last_page = page.len() < limit as usize;
        for rec in page {
            cursor = rec.seq;
            let event = decode_stored(&rec)?;
            if event.element_ids().contains(&element) {
                events.push(crate::hub::ballot::event_json(&rec, &event, open, None));
                if events.len() == limit as usize {
                    break 'pages Some(cursor);
                }
            }
        }
        if last_page {
            break None;
        }
    };
    if after == 0
        && events.is_empty()
        && store.head(&resolved.board).await.map_err(unavailable)? == 0
    {
        // Every board has its `board_created` event: this one was purged meanwhile.
        return Err(AppError::BoardNotFound);
    }
    Ok(Json(
        json!({ "element": element, "events": events, "next": next }),
    ))
}
