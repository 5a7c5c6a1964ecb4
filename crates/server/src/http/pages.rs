//! HTML pages (askama templates). Pages carry no inline script: the Content-Security-Policy
//! forbids it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::IntoResponse;

use super::error::AppError;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage;

#[derive(Template, WebTemplate)]
#[template(path = "board.html")]
struct BoardPage {
    board_id: String,
    title: String,
    read_only: bool,
}

pub async fn home() -> impl IntoResponse {
    HomePage
}

/// `/b/{id}`: the board page, for an edit or a view-only link.
pub async fn board(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let resolved = state.hub.resolve(&id).await?;
    let title = match state.hub.store().board(&resolved.board).await {
        Ok(Some(meta)) => meta.title,
        _ => "Board".to_owned(),
    };
    Ok(BoardPage {
        board_id: id,
        title,
        read_only: resolved.read_only,
    })
}
