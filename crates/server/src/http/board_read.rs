//! What every read of one board takes from its request: the app, the client's address (whole-log
//! reads count against it), the link id in the path and the query parameters. One extractor, so
//! a malformed query is answered in the error vocabulary like everything else.

use std::collections::HashMap;
use std::net::IpAddr;

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use eventstorm_protocol::ErrorCode;

use super::error::AppError;
use crate::access::ClientAddr;
use crate::state::AppState;

pub struct BoardRead {
    state: AppState,
    client: IpAddr,
    /// The link id (edit or view-only) the request names.
    id: String,
    query: HashMap<String, String>,
}

impl BoardRead {
    /// The app, the client's address, the link id and the query, in that order.
    pub fn into_parts(self) -> (AppState, IpAddr, String, HashMap<String, String>) {
        (self.state, self.client, self.id, self.query)
    }
}

impl FromRequestParts<AppState> for BoardRead {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::not_found())?;
        let Query(query) = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|e| AppError::new(ErrorCode::InvalidQuery, e.body_text()))?;
        let Ok(ClientAddr(client)) = ClientAddr::from_request_parts(parts, state).await;
        Ok(Self {
            state: state.clone(),
            client,
            id,
            query,
        })
    }
}
