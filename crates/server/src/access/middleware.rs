//! The sign-in gate (only when a password is configured): without a valid session, pages
//! redirect to the sign-in page and everything else answers 401. The sign-in page, its
//! stylesheet and the health checks stay open; the administration API and metrics also accept
//! the administrator token.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use eventstorm_protocol::ErrorCode;

use eventstorm_store::StoreError;

use super::session;
use crate::http::error::AppError;
use crate::state::AppState;

/// Paths anyone may reach.
fn is_open(path: &str) -> bool {
    matches!(path, "/signin" | "/healthz" | "/readyz") || path.starts_with("/static/")
}

/// Whether the request carries the administrator token.
pub fn has_admin_token(state: &AppState, req: &Request) -> bool {
    let Some(token) = &state.settings.admin_token else {
        return false;
    };
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| token.matches(given))
}

pub async fn require_signin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if state.settings.password.is_none() {
        return next.run(req).await;
    }
    let path = req.uri().path().to_owned();
    if is_open(&path) {
        return next.run(req).await;
    }
    let signed_in = match signed_in(&state, req.headers()).await {
        Ok(signed_in) => signed_in,
        Err(e) => {
            tracing::warn!(error = %e, "could not check a session");
            return AppError::unavailable().into_response();
        }
    };
    let admin_path = path.starts_with("/api/admin/") || path == "/metrics";
    if signed_in || (admin_path && has_admin_token(&state, &req)) {
        return next.run(req).await;
    }
    if path.starts_with("/api/") || path == "/metrics" {
        return AppError::new(ErrorCode::Unauthorized, "sign in first").into_response();
    }
    let next_path = req.uri().path_and_query().map_or("/", |p| p.as_str());
    let target = format!("/signin?next={}", urlencode(next_path));
    Redirect::to(&target).into_response()
}

/// Whether one of the request's session cookies names a live session.
async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<bool, StoreError> {
    let ids = session::from_headers(headers);
    if ids.is_empty() {
        return Ok(false);
    }
    let Some(sessions) = state.hub.sessions() else {
        return Ok(false);
    };
    for id in ids {
        if session::is_live(sessions, id).await? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Percent-encodes everything but unreserved characters and `/`.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
