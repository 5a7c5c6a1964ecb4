//! The one place that turns errors into HTTP responses: a status and a stable machine code,
//! `{"error": "<code>", "message": "..."}`. Server-side failures never leak their cause; it
//! is logged where it happens.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::hub::HubError;

/// What a `busy` answer asks the client to wait, in seconds.
pub const BUSY_RETRY_AFTER_SECS: u32 = 2;

#[derive(Debug)]
pub enum AppError {
    /// 400: the request is not what the API takes.
    BadRequest { code: &'static str, message: String },
    /// 404 `board_not_found`: no such board (never created, or deleted).
    BoardNotFound,
    /// 404 `not_found`: no such page or route.
    NotFound,
    /// 401: a sign-in or the administrator token is needed.
    Unauthorized(&'static str),
    /// 403: a view-only link, or a request the link does not allow.
    Forbidden(String),
    /// 413: a body over the limit.
    TooLarge(usize),
    /// 429
    RateLimited,
    /// 503 with `Retry-After`: the instance is at its limit of whole-log requests.
    Busy,
    /// Whatever the hub answered.
    Hub(HubError),
}

impl AppError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        AppError::BadRequest {
            code,
            message: message.into(),
        }
    }
}

impl From<HubError> for AppError {
    fn from(e: HubError) -> Self {
        match e {
            HubError::NotFound => AppError::BoardNotFound,
            other => AppError::Hub(other),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            AppError::BadRequest { code, message } => (StatusCode::BAD_REQUEST, code, message),
            AppError::BoardNotFound => (
                StatusCode::NOT_FOUND,
                "board_not_found",
                "no such board".to_owned(),
            ),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "nothing here".to_owned(),
            ),
            AppError::Unauthorized(message) => {
                (StatusCode::UNAUTHORIZED, "unauthorized", message.to_owned())
            }
            AppError::Forbidden(message) => (StatusCode::FORBIDDEN, "forbidden", message),
            AppError::TooLarge(limit) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("the request body is larger than {limit} bytes"),
            ),
            AppError::RateLimited => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "too many requests; slow down".to_owned(),
            ),
            AppError::Busy => {
                let body = json!({
                    "error": "busy",
                    "message": "the server is busy with other whole-board requests; try again shortly",
                });
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(
                        axum::http::header::RETRY_AFTER,
                        BUSY_RETRY_AFTER_SECS.to_string(),
                    )],
                    Json(body),
                )
                    .into_response();
            }
            AppError::Hub(e) => {
                let status = match &e {
                    HubError::Rejected { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                    HubError::OpIdReused => StatusCode::CONFLICT,
                    HubError::NotFound => StatusCode::NOT_FOUND,
                    HubError::Unavailable | HubError::ShuttingDown => {
                        StatusCode::SERVICE_UNAVAILABLE
                    }
                };
                (status, e.code(), e.to_string())
            }
        };
        (status, Json(json!({ "error": code, "message": message }))).into_response()
    }
}
