//! The history of a board: what changed between two moments (as a model diff) and everything
//! that happened to one sticky.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use eventstorm_board::{ElementId, Event};
use eventstorm_spec::{ModelOptions, derive_model, diff_models};
use serde_json::json;

use super::error::AppError;
use super::export::{board_at, read_all};
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

/// `GET /api/boards/{id}/history?element=UUID`: every event about one sticky, connector or
/// frame, oldest first, with who and when.
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
    let resolved = state.hub.resolve(&id).await?;
    let _slot = state.log_limits.read(client)?;
    let records = read_all(state.hub.store(), &resolved.board, u64::MAX).await?;
    let open = state.hub.open_vote(&resolved.board).await?;
    let mut events = Vec::new();
    for rec in records {
        let event = Event::decode(rec.schema_version, &rec.payload).map_err(|e| {
            tracing::error!(seq = rec.seq, error = %e, "stored event does not decode");
            AppError::Hub(HubError::Unavailable)
        })?;
        if event.element_ids().contains(&element) {
            events.push(crate::hub::ballot::event_json(&rec, &event, open, None));
        }
    }
    Ok(Json(json!({ "element": element, "events": events })))
}
