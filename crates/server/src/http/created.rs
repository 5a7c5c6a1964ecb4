//! The answer to every request that makes a board (create, import, fork).

use axum::Json;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::hub::CreatedBoard;

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
