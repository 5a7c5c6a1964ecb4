//! What every request that makes a board (create, import, fork) shares: the per-address
//! limit on creating boards, and the answer.

use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde_json::{Value, json};

use super::error::AppError;
use crate::access::ClientAddr;
use crate::hub::CreatedBoard;
use crate::state::AppState;

/// Taken by every handler that makes a board, before it reads the body: extracting it counts
/// one board against the client's address, and past the limit answers `rate_limited`.
pub struct CreationAllowed;

impl FromRequestParts<AppState> for CreationAllowed {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Ok(ClientAddr(client)) = ClientAddr::from_request_parts(parts, state).await;
        if state.create_limit.allow(client) {
            Ok(Self)
        } else {
            Err(AppError::rate_limited())
        }
    }
}

/// `201 {"id", "title", "url", "view_id", "view_url", "facilitator_key", "seq"}`.
pub fn created_response(created: &CreatedBoard) -> (StatusCode, Json<Value>) {
    let meta = &created.meta;
    let body = json!({
        "id": meta.id.as_str(),
        "title": meta.title,
        "url": format!("/b/{}", meta.id.as_str()),
        "view_id": meta.view_id.as_str(),
        "view_url": format!("/b/{}", meta.view_id.as_str()),
        "facilitator_key": created.facilitator_key,
        "seq": created.seq,
    });
    (StatusCode::CREATED, Json(body))
}
