//! The administration API, enabled by `EVENTSTORM_ADMIN_TOKEN`: list boards, delete one.
//! Without the token configured it does not exist (404); with a wrong token, 401.

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use eventstorm_board::Event;
use eventstorm_store::BoardId;
use serde_json::json;

use super::error::AppError;
use crate::access::middleware::has_admin_token;
use crate::hub::{HubError, rfc3339};
use crate::state::AppState;

fn authorise(state: &AppState, req: &Request) -> Result<(), AppError> {
    if state.settings.admin_token.is_none() {
        return Err(AppError::NotFound);
    }
    if has_admin_token(state, req) {
        Ok(())
    } else {
        Err(AppError::Unauthorized(
            "a valid administrator token is required",
        ))
    }
}

/// `GET /api/admin/boards`: every board with its links, title and seq.
pub async fn list(State(state): State<AppState>, req: Request) -> Response {
    if let Err(denied) = authorise(&state, &req) {
        return denied.into_response();
    }
    let listing = match state.hub.store().list_boards().await {
        Ok(listing) => listing,
        Err(e) => {
            tracing::warn!(error = %e, "listing boards failed");
            return AppError::Hub(HubError::Unavailable).into_response();
        }
    };
    let boards: Vec<_> = listing
        .into_iter()
        .map(|b| {
            // The title as renamed, when it was.
            let title = b
                .last_rename
                .and_then(|p| Event::decode(1, &p).ok())
                .and_then(|e| match e {
                    Event::BoardRenamed { title, .. } => Some(title),
                    _ => None,
                })
                .unwrap_or(b.meta.title);
            json!({
                "id": b.meta.id.as_str(),
                "view_id": b.meta.view_id.as_str(),
                "title": title,
                "created_at": rfc3339(b.meta.created_at_ms),
                "seq": b.head,
            })
        })
        .collect();
    Json(json!({ "boards": boards })).into_response()
}

/// `DELETE /api/admin/boards/{id}`: erases the board (204), or 404.
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    if let Err(denied) = authorise(&state, &req) {
        return denied.into_response();
    }
    let Some(id) = BoardId::parse(&id) else {
        return AppError::BoardNotFound.into_response();
    };
    match state.hub.delete_board(&id).await {
        Ok(true) => {
            tracing::info!(board = %id.log_tag(), "board deleted by an administrator");
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(false) => AppError::BoardNotFound.into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}
