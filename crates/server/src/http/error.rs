//! The one place that turns errors into HTTP responses: the status that goes with the code
//! (see `ErrorCode::http_status`) and `{"error": "<code>", "message": "..."}`. Server-side
//! failures never leak their cause; it is logged where it happens.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use eventstorm_protocol::{ErrorCode, RequestError};
use serde_json::json;

use crate::hub::HubError;

/// What a `busy` answer asks the client to wait, in seconds.
pub const BUSY_RETRY_AFTER_SECS: u32 = 2;

/// A refusal: a code of the protocol's vocabulary and a sentence for people.
#[derive(Debug)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// 404 `board_not_found`: no such board (never created, or deleted).
    pub fn board_not_found() -> Self {
        Self::new(ErrorCode::BoardNotFound, "no such board")
    }

    /// 404 `not_found`: no such page or route.
    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound, "nothing here")
    }

    /// 503 `unavailable`: the database cannot be reached (logged where it failed).
    pub fn unavailable() -> Self {
        HubError::Unavailable.into()
    }

    pub fn rate_limited() -> Self {
        Self::new(ErrorCode::RateLimited, "too many requests; slow down")
    }

    /// 503 with `Retry-After`: the instance is at its limit of whole-log requests.
    pub fn busy() -> Self {
        Self::new(
            ErrorCode::Busy,
            "the server is busy with other whole-board requests; try again shortly",
        )
    }

    pub fn too_large(limit: usize) -> Self {
        Self::new(
            ErrorCode::TooLarge,
            format!("the request body is larger than {limit} bytes"),
        )
    }
}

impl From<HubError> for AppError {
    fn from(e: HubError) -> Self {
        Self::new(e.code(), e.to_string())
    }
}

impl From<RequestError> for AppError {
    fn from(e: RequestError) -> Self {
        Self::new(e.code, e.message)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = Json(json!({ "error": self.code, "message": self.message }));
        if self.code == ErrorCode::Busy {
            let wait = [(header::RETRY_AFTER, BUSY_RETRY_AFTER_SECS.to_string())];
            return (status, wait, body).into_response();
        }
        (status, body).into_response()
    }
}
