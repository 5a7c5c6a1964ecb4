//! The history of a board: what changed between two moments (as a model diff) and everything
//! that happened to one sticky.

use axum::Json;
use axum::response::IntoResponse;
use eventstorm_board::ElementId;
use eventstorm_protocol::ErrorCode;
use eventstorm_spec::{ModelOptions, derive_model, diff_models};
use serde_json::json;

use super::board_read::BoardRead;
use super::error::AppError;
use super::query;
use crate::boards::reads::{self, HISTORY_PAGE};

/// `GET /api/boards/{id}/diff?from=SEQ&to=SEQ` (`to` defaults to now): the model changes.
pub async fn diff(request: BoardRead) -> Result<impl IntoResponse, AppError> {
    let (state, client, id, query) = request.into_parts();
    let from = query::number(&query, "from")?
        .ok_or_else(|| AppError::new(ErrorCode::InvalidQuery, "from is required"))?;
    let to = query::number(&query, "to")?;
    let resolved = state.hub.resolve(&id).await?;
    let _slot = state.log_limits.read(client)?;
    let (before, from_seq) = reads::board_at(&state.hub, &resolved.board, Some(from)).await?;
    let (after, to_seq) = reads::board_at(&state.hub, &resolved.board, to).await?;
    let options = ModelOptions::default();
    let diff = diff_models(
        &derive_model(&before, &options),
        &derive_model(&after, &options),
    );
    Ok(Json(
        json!({ "from": from_seq, "to": to_seq, "changes": diff.changes }),
    ))
}

/// `GET /api/boards/{id}/history?element=UUID[&after=SEQ][&limit=N]`: the events about one
/// sticky, connector or frame, oldest first, with who and when; at most `limit` (default and
/// most [`HISTORY_PAGE`]) after `after`. `next` is the `after` of the next page, or null.
pub async fn element_history(request: BoardRead) -> Result<impl IntoResponse, AppError> {
    let (state, client, id, query) = request.into_parts();
    let element: ElementId = query
        .get("element")
        .and_then(|e| e.parse().ok())
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidQuery,
                "element must be a sticky, connector or frame id",
            )
        })?;
    let after = query::number(&query, "after")?.unwrap_or(0);
    let limit = query::limit(&query, HISTORY_PAGE)?;
    let resolved = state.hub.resolve(&id).await?;
    let _slot = state.log_limits.read(client)?;
    let page = reads::element_history(&state.hub, &resolved.board, element, after, limit).await?;
    Ok(Json(
        json!({ "element": element, "events": page.events, "next": page.next }),
    ))
}
