//! Reading JSON bodies ourselves, so that every failure (too large, not JSON, wrong shape) is
//! answered with our error format rather than the framework's plain text.

use axum::body::Body;
use serde::de::DeserializeOwned;

use super::error::AppError;

/// Reads at most `limit` bytes and parses them as JSON.
pub async fn read_json_value(body: Body, limit: usize) -> Result<serde_json::Value, AppError> {
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| AppError::too_large(limit))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        AppError::new(
            eventstorm_protocol::ErrorCode::Malformed,
            format!("the body is not valid JSON: {e}"),
        )
    })
}

/// Parses a JSON value into `T`, answering `invalid_request` with serde's explanation.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, AppError> {
    serde_json::from_value(value).map_err(|e| {
        AppError::new(
            eventstorm_protocol::ErrorCode::InvalidRequest,
            e.to_string(),
        )
    })
}
