//! What every request that makes a board (create, import, fork) shares: the per-address
//! limit on creating boards, and the answer.

use std::net::IpAddr;

use axum::Json;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::error::AppError;
use crate::hub::CreatedBoard;
use crate::state::AppState;

/// `rate_limited` once `client` has made its boards for this minute.
pub fn may_create(state: &AppState, client: IpAddr) -> Result<(), AppError> {
    if state.create_limit.allow(client) {
        Ok(())
    } else {
        Err(AppError::rate_limited())
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
