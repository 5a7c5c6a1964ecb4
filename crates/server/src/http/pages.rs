//! HTML pages (askama templates). Pages carry no inline script: the Content-Security-Policy
//! forbids it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::IntoResponse;

use super::error::AppError;
use crate::board_templates::{BoardTemplate, templates};
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    /// The boards to start from, with their guidance.
    templates: &'static [BoardTemplate],
}

#[derive(Template, WebTemplate)]
#[template(path = "board.html")]
struct BoardPage {
    board_id: String,
    title: String,
    read_only: bool,
    /// The board's view-only link, shown for sharing; empty on a view-only link (whoever has
    /// that one must not learn anything more).
    view_link: String,
}

pub async fn home() -> impl IntoResponse {
    HomePage {
        templates: templates(),
    }
}

/// `/b/{id}`: the board page, for an edit or a view-only link.
pub async fn board(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let resolved = state.hub.resolve(&id).await?;
    let (title, view_link) = match crate::boards::reads::meta(&state.hub, &resolved.board).await {
        Ok(Some(meta)) if !resolved.read_only => {
            let view_link = format!("/b/{}", meta.view_id.as_str());
            (meta.title, view_link)
        }
        Ok(Some(meta)) => (meta.title, String::new()),
        _ => ("Board".to_owned(), String::new()),
    };
    Ok(BoardPage {
        board_id: id,
        title,
        read_only: resolved.read_only,
        view_link,
    })
}
