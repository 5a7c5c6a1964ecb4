//! Query parameters, read one way: a missing one is `None`, a malformed one `invalid_query`.

use std::collections::HashMap;

use eventstorm_protocol::ErrorCode;

use super::error::AppError;

/// A non-negative whole number (a seq, a count).
pub fn number(query: &HashMap<String, String>, name: &str) -> Result<Option<u64>, AppError> {
    query
        .get(name)
        .map(|v| {
            v.parse::<u64>().map_err(|_| {
                AppError::new(
                    ErrorCode::InvalidQuery,
                    format!("{name} must be a non-negative whole number"),
                )
            })
        })
        .transpose()
}

/// The page size `limit`, `default` when absent.
pub fn limit(query: &HashMap<String, String>, default: u32) -> Result<u32, AppError> {
    Ok(number(query, "limit")?.map_or(default, |n| n.min(u64::from(u32::MAX)) as u32))
}
