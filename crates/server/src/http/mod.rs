//! HTTP: routes, handlers, the error format and the security headers.

pub mod admin;
pub mod board_read;
pub mod boards;
pub mod body;
pub mod created;
pub mod error;
pub mod export;
pub mod health;
pub mod history;
pub mod log_limits;
pub mod metrics;
pub mod pages;
pub mod picture;
pub mod query;
pub mod static_files;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::access;
use crate::state::AppState;

/// No inline script, no framing, nothing loaded from elsewhere.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
                   font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The whole application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/b/{id}", get(pages::board))
        .route("/static/{*path}", get(static_files::serve))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/api/boards", post(boards::create_board))
        .route("/api/boards/{id}", get(boards::get_board))
        .route("/api/boards/{id}/commands", post(boards::post_command))
        .route("/api/boards/{id}/events", get(boards::get_events))
        .route("/api/boards/{id}/export", get(export::export))
        .route("/api/boards/{id}/backup", get(export::backup))
        .route("/api/boards/{id}/fork", post(export::fork))
        .route("/api/boards/{id}/diff", get(history::diff))
        .route("/api/boards/{id}/history", get(history::element_history))
        .route("/api/boards/import", post(export::import))
        .route("/api/boards/{id}/ws", get(crate::ws::upgrade))
        .route("/api/admin/boards", get(admin::list))
        .route(
            "/api/admin/boards/{id}",
            axum::routing::delete(admin::delete),
        )
        .route(
            "/api/admin/sessions",
            get(admin::list_sessions).delete(admin::revoke_sessions),
        )
        .route("/metrics", get(metrics::metrics))
        .route(
            "/signin",
            get(access::signin::page).post(access::signin::submit),
        )
        .route("/signout", post(access::signin::signout))
        .fallback(|| async { error::AppError::not_found() })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            access::middleware::require_signin,
        ))
        // Bodies the handlers do not read themselves (the sign-in form) stay small.
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .layer(security_header(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        // Board links are secrets: never send them to another site.
        .layer(security_header(header::REFERRER_POLICY, "no-referrer"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        .with_state(state)
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}
