//! The administration API, enabled by `EVENTSTORM_ADMIN_TOKEN`: list boards, delete one, list
//! sign-in sessions, end them all.
//! Without the token configured it does not exist (404); with a wrong token, 401.

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use eventstorm_protocol::ErrorCode;
use eventstorm_store::BoardId;
use serde_json::json;

use super::error::AppError;
use crate::access::middleware::has_admin_token;
use crate::boards::reads;
use crate::hub::rfc3339;
use crate::state::AppState;

fn authorise(state: &AppState, req: &Request) -> Result<(), AppError> {
    if state.settings.admin_token.is_none() {
        return Err(AppError::not_found());
    }
    if has_admin_token(state, req) {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::Unauthorized,
            "a valid administrator token is required",
        ))
    }
}

/// `GET /api/admin/boards`: every board with its links, title and seq.
pub async fn list(State(state): State<AppState>, req: Request) -> Response {
    if let Err(denied) = authorise(&state, &req) {
        return denied.into_response();
    }
    let listing = match reads::list_boards(&state.hub).await {
        Ok(listing) => listing,
        Err(e) => return AppError::from(e).into_response(),
    };
    let boards: Vec<_> = listing
        .into_iter()
        .map(|b| {
            json!({
                "id": b.meta.id.as_str(),
                "view_id": b.meta.view_id.as_str(),
                "title": b.meta.title,
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
        return AppError::board_not_found().into_response();
    };
    match state.hub.delete_board(&id).await {
        Ok(true) => {
            tracing::info!(board = %id.log_tag(), "board deleted by an administrator");
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(false) => AppError::board_not_found().into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// The store's sign-in sessions, or the answer to give when it keeps none.
fn session_store(state: &AppState) -> Result<&dyn eventstorm_store::SessionStore, AppError> {
    state.hub.sessions().ok_or_else(AppError::unavailable)
}

/// `GET /api/admin/sessions`: the live sign-in sessions (never their ids).
pub async fn list_sessions(State(state): State<AppState>, req: Request) -> Response {
    if let Err(denied) = authorise(&state, &req) {
        return denied.into_response();
    }
    let listed = match session_store(&state) {
        Ok(store) => store.list_sessions(eventstorm_store::now_millis()).await,
        Err(e) => return e.into_response(),
    };
    match listed {
        Ok(sessions) => {
            let sessions: Vec<_> = sessions.iter().map(session_json).collect();
            Json(json!({ "sessions": sessions })).into_response()
        }
        Err(e) => {
            tracing::warn!(error = %e, "listing sessions failed");
            AppError::unavailable().into_response()
        }
    }
}

/// `DELETE /api/admin/sessions`: signs everyone out; answers how many sessions ended.
pub async fn revoke_sessions(State(state): State<AppState>, req: Request) -> Response {
    if let Err(denied) = authorise(&state, &req) {
        return denied.into_response();
    }
    let revoked = match session_store(&state) {
        Ok(store) => store.delete_all_sessions().await,
        Err(e) => return e.into_response(),
    };
    match revoked {
        Ok(n) => {
            tracing::info!(sessions = n, "every session ended by an administrator");
            Json(json!({ "revoked": n })).into_response()
        }
        Err(e) => {
            tracing::warn!(error = %e, "ending sessions failed");
            AppError::unavailable().into_response()
        }
    }
}

/// A session as administrators see it: a short prefix of its hash names it in logs.
pub fn session_json(s: &eventstorm_store::SessionRecord) -> serde_json::Value {
    json!({
        "id": &s.id_hash[..s.id_hash.len().min(12)],
        "created_at": rfc3339(s.created_at_ms),
        "expires_at": rfc3339(s.expires_at_ms),
        "last_seen_at": rfc3339(s.last_seen_ms),
        "user_agent": s.user_agent,
    })
}
