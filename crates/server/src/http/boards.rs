//! The board API: create, read, command, event log. Commands go through the protocol's parser
//! and the application layer's authoriser, as WebSocket commands do.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use eventstorm_protocol::{ErrorCode, parse_command_request};
use serde::Deserialize;
use serde_json::json;

use super::board_read::BoardRead;
use super::body::{from_value, read_json_value};
use super::created::{CreationAllowed, created_response};
use super::error::AppError;
use super::query;
use crate::access::participant;
use crate::boards::{Facilitator, authorise, reads};
use crate::hub::CommandOutcome;
use crate::state::AppState;

/// Longest board title accepted at creation (the domain's name limit applies too).
const CREATE_BODY_LIMIT: usize = 16 * 1024;
/// Who an HTTP command is recorded as when it names nobody.
const DEFAULT_ACTOR: &str = "api";

#[derive(Deserialize)]
struct CreateBoard {
    title: String,
    /// `empty` (the default) or the name of a built-in example board (`order-flow`).
    #[serde(default)]
    template: Option<String>,
}

/// `POST /api/boards {"title", "template"?}` -> `201 {"id", "title", "url", "view_id",
/// "view_url", "facilitator_key", "seq"}`.
pub async fn create_board(
    State(state): State<AppState>,
    _: CreationAllowed,
    body: Body,
) -> Result<impl IntoResponse, AppError> {
    let req: CreateBoard = from_value(read_json_value(body, CREATE_BODY_LIMIT).await?)?;
    let created = match req.template.as_deref() {
        None | Some("empty") => state.hub.create_board(&req.title, DEFAULT_ACTOR).await?,
        Some(name) => {
            let ops = crate::board_templates::ops(name, &req.title, &state.settings.limits)
                .map_err(|e| AppError::new(ErrorCode::UnknownTemplate, e))?;
            state.hub.create_board_from(req.title.trim(), ops).await?
        }
    };
    Ok(created_response(&created))
}

/// `GET /api/boards/{id}[?at=SEQ]`: the board now, or as it was at SEQ.
pub async fn get_board(request: BoardRead) -> Result<impl IntoResponse, AppError> {
    let (state, client, id, query) = request.into_parts();
    let at = query::number(&query, "at")?;
    let resolved = state.hub.resolve(&id).await?;
    // A past moment is rebuilt from the whole log: it takes a log-read slot.
    let _slot = at.map(|_| state.log_limits.read(client)).transpose()?;
    Ok(Json(
        reads::board_view(&state.hub, &resolved, &id, at).await?,
    ))
}

/// `POST /api/boards/{id}/commands {"op_id", "command", "actor"?, "facilitator_key"?,
/// "participant_secret"?}`.
pub async fn post_command(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Body,
) -> Result<impl IntoResponse, AppError> {
    let resolved = state.hub.resolve(&id).await?;
    let req = parse_command_request(read_json_value(body, state.settings.max_frame_bytes).await?)?;
    // A dot is placed or removed in someone's name only with their participant secret.
    let voter = req
        .participant_secret
        .as_deref()
        .and_then(|s| participant::participant_id(&resolved.board, s));
    authorise(
        &resolved,
        &req.command,
        Facilitator::Key(req.facilitator_key.as_deref()),
        voter.as_deref(),
    )?;
    let actor = req.actor.unwrap_or_else(|| DEFAULT_ACTOR.to_owned());
    // Who the participant is comes from their secret only (a vote's voter, a private
    // sticky's owner); without one, nobody: the actor name is the client's to choose.
    let participant = voter.unwrap_or_default();
    match state
        .hub
        .command_as(&resolved.board, req.op_id, req.command, actor, participant)
        .await
    {
        CommandOutcome::Committed {
            first_seq,
            seq,
            events,
        } => Ok(Json(
            json!({ "seq": seq, "first_seq": first_seq, "events": events }),
        )),
        CommandOutcome::Duplicate { first_seq, seq } => Ok(Json(
            json!({ "seq": seq, "first_seq": first_seq, "events": [], "duplicate": true }),
        )),
        CommandOutcome::Rejected(e) => Err(e.into()),
    }
}

/// `GET /api/boards/{id}/events?after=N&limit=M`.
pub async fn get_events(request: BoardRead) -> Result<impl IntoResponse, AppError> {
    let (state, _, id, query) = request.into_parts();
    let after = query::number(&query, "after")?.unwrap_or(0);
    let limit = query::limit(&query, 100)?;
    let resolved = state.hub.resolve(&id).await?;
    let events = reads::events_page(&state.hub, &resolved.board, after, limit).await?;
    Ok(Json(json!({ "events": events })))
}
