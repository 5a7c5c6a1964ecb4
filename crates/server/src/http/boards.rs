//! The board API: create, read, command, event log.

use std::collections::HashMap;

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use eventstorm_board::{Command, Event};
use eventstorm_store::RecordedEvent;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::body::{from_value, read_json_value};
use super::error::AppError;
use crate::access::{ClientAddr, participant};
use crate::hub::ballot;
use crate::hub::{CommandOutcome, CreatedBoard, HubError};
use crate::state::AppState;

/// Largest page of `GET /api/boards/{id}/events`.
const MAX_EVENTS_PAGE: u32 = 1_000;
/// Longest board title accepted at creation (the domain's name limit applies too).
const CREATE_BODY_LIMIT: usize = 16 * 1024;

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
    ClientAddr(client): ClientAddr,
    body: Body,
) -> Result<impl IntoResponse, AppError> {
    if !state.create_limit.allow(client) {
        return Err(AppError::RateLimited);
    }
    let req: CreateBoard = from_value(read_json_value(body, CREATE_BODY_LIMIT).await?)?;
    let created = match req.template.as_deref() {
        None | Some("empty") => state.hub.create_board(&req.title, "api").await?,
        Some(name) => {
            let ops = crate::board_templates::ops(name, &req.title, &state.settings.limits)
                .map_err(|e| AppError::bad_request("unknown_template", e))?;
            state.hub.create_board_from(req.title.trim(), ops).await?
        }
    };
    Ok(created_response(&created))
}

/// The answer to every request that creates a board.
pub fn created_response(created: &CreatedBoard) -> (StatusCode, Json<Value>) {
    let meta = &created.meta;
    let body = json!({
        "id": meta.id.as_str(),
        "title": meta.title,
        "url": format!("/b/{}", meta.id.as_str()),
        "view_id": meta.view_id.as_str(),
        "view_url": format!("/b/{}", meta.view_id.as_str()),
        "facilitator_key": created.facilitator_key,
        "seq": created.seq,
    });
    (StatusCode::CREATED, Json(body))
}

/// `GET /api/boards/{id}[?at=SEQ]`: the board now, or as it was at SEQ.
pub async fn get_board(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<impl IntoResponse, AppError> {
    let at = super::export::at_param(&query)?;
    let resolved = state.hub.resolve(&id).await?;
    let view = match at {
        None => state.hub.view(&resolved.board, &id).await?,
        Some(at) => {
            let _slot = state.log_limits.read(client)?;
            let (board, seq) =
                super::export::board_at(state.hub.store(), &resolved.board, Some(at)).await?;
            let mut view = eventstorm_protocol::board_view(&id, seq, &board);
            // A past moment of the vote that is still open keeps its ballots secret too.
            let open = state.hub.open_vote(&resolved.board).await?;
            if open.is_some() && ballot::open_vote(&view.facilitation) == open {
                ballot::redact(&mut view.facilitation, None);
            }
            view
        }
    };
    Ok(Json(view))
}

/// `POST /api/boards/{id}/commands {"op_id", "command", "actor"?}`.
pub async fn post_command(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Body,
) -> Result<impl IntoResponse, AppError> {
    let resolved = state.hub.resolve(&id).await?;
    let value = read_json_value(body, state.settings.max_frame_bytes).await?;
    let CommandBody {
        op_id,
        command,
        actor,
        facilitator_key,
        participant_secret,
    } = parse_command_request(value)?;
    if resolved.read_only {
        return Err(AppError::Forbidden(
            "this is a view-only link; commands are refused".into(),
        ));
    }
    if command.is_facilitation() && !resolved.is_facilitator(facilitator_key.as_deref()) {
        return Err(AppError::Forbidden(
            "only the facilitator can do this (send facilitator_key)".into(),
        ));
    }
    // A dot is placed or removed in someone's name only with their participant secret.
    let participant = if matches!(
        command,
        Command::PlaceDot { .. } | Command::RemoveDot { .. }
    ) {
        participant_secret
            .as_deref()
            .and_then(|s| participant::participant_id(&resolved.board, s))
            .ok_or_else(|| {
                AppError::Forbidden(
                    "a vote needs the voter's participant_secret (16 to 128 characters of A-Z, a-z, 0-9, - and _)".into(),
                )
            })?
    } else {
        actor.clone()
    };
    match state
        .hub
        .command_as(&resolved.board, op_id, command, actor, participant)
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

/// Parses `{"op_id", "command", "actor"?}` in steps, so each mistake gets its own code.
/// The parts of a command request.
struct CommandBody {
    op_id: Uuid,
    command: Command,
    actor: String,
    facilitator_key: Option<String>,
    participant_secret: Option<String>,
}

fn parse_command_request(value: Value) -> Result<CommandBody, AppError> {
    let Value::Object(mut obj) = value else {
        return Err(AppError::bad_request(
            "invalid_request",
            "the body must be a JSON object",
        ));
    };
    let op_id = match obj.remove("op_id") {
        Some(Value::String(s)) => Uuid::parse_str(&s)
            .map_err(|_| AppError::bad_request("invalid_op_id", "op_id must be a UUID"))?,
        Some(_) => {
            return Err(AppError::bad_request(
                "invalid_op_id",
                "op_id must be a UUID string",
            ));
        }
        None => return Err(AppError::bad_request("invalid_op_id", "op_id is missing")),
    };
    let command = obj
        .remove("command")
        .ok_or_else(|| AppError::bad_request("invalid_command", "command is missing"))?;
    let command = parse_command(command)?;
    let actor = match obj.remove("actor") {
        None | Some(Value::Null) => "api".to_owned(),
        Some(Value::String(s))
            if !s.trim().is_empty() && s.chars().count() <= 100 && !s.contains('\0') =>
        {
            s
        }
        Some(_) => {
            return Err(AppError::bad_request(
                "invalid_request",
                "actor must be a non-empty string of at most 100 characters",
            ));
        }
    };
    let facilitator_key = match obj.remove("facilitator_key") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            return Err(AppError::bad_request(
                "invalid_request",
                "facilitator_key must be a string",
            ));
        }
    };
    let participant_secret = match obj.remove("participant_secret") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            return Err(AppError::bad_request(
                "invalid_request",
                "participant_secret must be a string",
            ));
        }
    };
    Ok(CommandBody {
        op_id,
        command,
        actor,
        facilitator_key,
        participant_secret,
    })
}

/// Parses a command, telling an unknown command type from a malformed known one.
pub fn parse_command(value: Value) -> Result<Command, AppError> {
    const KNOWN: [&str; 25] = [
        "set_phase",
        "start_timer",
        "pause_timer",
        "resume_timer",
        "add_time",
        "reset_timer",
        "open_vote",
        "close_vote",
        "place_dot",
        "remove_dot",
        "rename_board",
        "add_note",
        "move_notes",
        "resize_note",
        "edit_text",
        "change_kind",
        "set_details",
        "delete_note",
        "restore_note",
        "add_connector",
        "change_connector",
        "remove_connector",
        "add_frame",
        "change_frame",
        "remove_frame",
    ];
    let kind = value.get("type").and_then(Value::as_str);
    match kind {
        None => Err(AppError::bad_request(
            "invalid_command",
            "a command is an object with a string \"type\"",
        )),
        Some(k) if !KNOWN.contains(&k) => Err(AppError::bad_request(
            "unknown_command",
            format!("unknown command type {k:?}"),
        )),
        Some(_) => serde_json::from_value(value)
            .map_err(|e| AppError::bad_request("invalid_command", e.to_string())),
    }
}

/// `GET /api/boards/{id}/events?after=N&limit=M`.
pub async fn get_events(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<impl IntoResponse, AppError> {
    let after = number_param(&query, "after", 0)?;
    let limit = number_param(&query, "limit", 100)?.clamp(1, MAX_EVENTS_PAGE as u64) as u32;
    let resolved = state.hub.resolve(&id).await?;
    let records = state
        .hub
        .store()
        .read(&resolved.board, after, limit)
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "reading events failed");
            AppError::Hub(HubError::Unavailable)
        })?;
    if after == 0 && records.is_empty() {
        // Every board has its `board_created` event: this one was purged meanwhile.
        return Err(AppError::BoardNotFound);
    }
    let open = state.hub.open_vote(&resolved.board).await?;
    let events = records
        .into_iter()
        .map(|rec| {
            let event = decode_stored(&rec)?;
            Ok(ballot::event_json(&rec, &event, open, None))
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Json(json!({ "events": events })))
}

/// A stored event's domain event; one that does not decode is logged and answered as
/// `unavailable` (the log is damaged, not the request).
pub fn decode_stored(rec: &RecordedEvent) -> Result<Event, AppError> {
    Event::decode(rec.schema_version, &rec.payload).map_err(|e| {
        tracing::error!(seq = rec.seq, error = %e, "stored event does not decode");
        AppError::Hub(HubError::Unavailable)
    })
}

fn number_param(
    query: &HashMap<String, String>,
    name: &str,
    default: u64,
) -> Result<u64, AppError> {
    match query.get(name) {
        None => Ok(default),
        Some(v) => v.parse::<u64>().map_err(|_| {
            AppError::bad_request(
                "invalid_query",
                format!("{name} must be a non-negative whole number"),
            )
        }),
    }
}
