//! Exports (specs), backups, imports and forks: everything that reads a board's whole history
//! or writes a new board from one.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Body;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use eventstorm_board::{Board, ElementId};
use eventstorm_spec::{Archive, ExportError, ExportOptions, Format};
use eventstorm_store::{BoardId, EventStore};
use serde::Deserialize;

use super::body::{from_value, read_json_value};
use super::error::AppError;
use crate::access::ClientAddr;
use crate::backup::import::{ReadError, read_backup};
use crate::backup::stream::backup_document;
use crate::backup::{ImportedEvent, into_ops};
use crate::hub::ballot::open_vote;
use crate::hub::{HubError, load_board};
use crate::state::AppState;
use futures_util::StreamExt;

/// Largest backup an import accepts.
pub const IMPORT_BODY_LIMIT: usize = 64 * 1024 * 1024;
/// Most events one import may hold.
const IMPORT_MAX_EVENTS: usize = 1_000_000;

/// `GET /api/boards/{id}/export?format=json|asyncapi|asyncapi-json|markdown|cml[&at=SEQ]`, for
/// AsyncAPI `&context=NAME` for one bounded context's document, and the zip archives
/// `format=asyncapi-zip` (one AsyncAPI document per context), `format=eventcatalog` and
/// `format=gherkin`.
pub async fn export(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let archive = query.get("format").and_then(|f| Archive::from_query(f));
    let format = match query.get("format") {
        None => Format::Json,
        Some(_) if archive.is_some() => Format::Json,
        Some(f) => Format::from_query(f).map_err(|e| {
            AppError::bad_request("invalid_query", format!("{e}, asyncapi-zip, eventcatalog"))
        })?,
    };
    let at = at_param(&query)?;
    let resolved = state.hub.resolve(&id).await?;
    let _slot = state.log_limits.read(client)?;
    let (board, seq) = board_at(state.hub.store(), &resolved.board, at).await?;
    let context = query.get("context").cloned();
    if let Some(archive) = archive {
        if context.is_some() {
            return Err(AppError::bad_request(
                "invalid_query",
                "context applies to AsyncAPI documents, not to archives",
            ));
        }
        let options = ExportOptions {
            seq: Some(seq),
            ..ExportOptions::default()
        };
        let bytes = eventstorm_spec::export_archive(&board, archive, &options);
        let filename = format!("{}.{}", file_stem(&board.title), archive.file_extension());
        return Ok(download(bytes, "application/zip", &filename));
    }
    let options = ExportOptions {
        seq: Some(seq),
        context: context.clone(),
        ..ExportOptions::default()
    };
    let document = eventstorm_spec::export_document(&board, format, &options).map_err(|e| {
        let code = match e {
            ExportError::UnknownContext(_) => "unknown_context",
            ExportError::ContextNotSupported(_) => "invalid_query",
        };
        AppError::bad_request(code, e.to_string())
    })?;
    let stem = match &context {
        Some(c) => format!("{}-{}", file_stem(&board.title), file_stem(c)),
        None => file_stem(&board.title),
    };
    let filename = format!("{stem}.{}", format.file_extension());
    Ok(download(document, format.content_type(), &filename))
}

/// `GET /api/boards/{id}/backup`: the whole event log, versioned, streamed from the store a
/// page at a time (see `backup::stream`).
pub async fn backup(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let resolved = state.hub.resolve(&id).await?;
    state.log_limits.budget(client)?;
    let store = state.hub.store();
    // The title and head from the live board: no copy of the board per backup.
    let (board, seq) = state.hub.board_now(&resolved.board).await?;
    refuse_secret_ballot(&board, open_vote(&board.facilitation))?;
    let title = board.title.clone();
    drop(board);
    let filename = format!("{}.backup.json", file_stem(&title));
    let board_tag = resolved.board.log_tag();
    let document =
        backup_document(store.clone(), resolved.board, title, seq).inspect(move |chunk| {
            if let Err(e) = chunk {
                tracing::warn!(board = %board_tag, error = %e, "a backup was cut short");
            }
        });
    Ok(download(
        Body::from_stream(document),
        "application/json",
        &filename,
    ))
}

/// `POST /api/boards/import` with a backup -> `201 {"id", "url", "view_id", "view_url", "title", "seq"}`.
/// The body is read whole (at most [`IMPORT_BODY_LIMIT`]) and its events parsed and checked
/// one at a time (`backup::import`), inside a whole-log slot: an import holds at most about
/// twice the body limit, and only a few run at once.
pub async fn import(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    body: Body,
) -> Result<impl IntoResponse, AppError> {
    if !state.create_limit.allow(client) {
        return Err(AppError::RateLimited);
    }
    let _slot = state.log_limits.slot()?;
    let bytes = axum::body::to_bytes(body, IMPORT_BODY_LIMIT)
        .await
        .map_err(|_| AppError::TooLarge(IMPORT_BODY_LIMIT))?;
    let limits = state.settings.limits.clone();
    // Checking every event runs the domain: seconds for a big backup, off the async threads.
    let read = tokio::task::spawn_blocking(move || read_backup(&bytes, &limits, IMPORT_MAX_EVENTS))
        .await
        .map_err(|_| AppError::Hub(HubError::Unavailable))?;
    let (events, board) = read.map_err(|e| match e {
        ReadError::NotJson(m) => {
            AppError::bad_request("malformed", format!("the body is not valid JSON: {m}"))
        }
        ReadError::Malformed(m) => {
            AppError::bad_request("invalid_request", format!("the body is not a backup: {m}"))
        }
        ReadError::Invalid(e) => AppError::bad_request("invalid_backup", e.0),
    })?;
    created(&state, &board.title, events).await
}

#[derive(Deserialize)]
struct ForkRequest {
    at: Option<u64>,
}

/// `POST /api/boards/{id}/fork {"at": SEQ}`: a new board equal to this one at SEQ (default: now).
pub async fn fork(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(id): Path<String>,
    body: Body,
) -> Result<impl IntoResponse, AppError> {
    if !state.create_limit.allow(client) {
        return Err(AppError::RateLimited);
    }
    let req: ForkRequest = from_value(read_json_value(body, 4 * 1024).await?)?;
    let resolved = state.hub.resolve(&id).await?;
    let _slot = state.log_limits.slot()?;
    // The title at `at` (from the nearest snapshot), then the events copied a page at a time.
    let (board, at) = board_at(state.hub.store(), &resolved.board, req.at).await?;
    // A fork's facilitator could close the copied vote and read everyone's dots.
    refuse_secret_ballot(&board, state.hub.open_vote(&resolved.board).await?)?;
    let title = board.title.clone();
    drop(board);
    let created = state.hub.fork_board(&resolved.board, at, &title).await?;
    Ok(super::boards::created_response(&created))
}

async fn created(
    state: &AppState,
    title: &str,
    events: Vec<ImportedEvent>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let created = state.hub.create_board_from(title, into_ops(events)).await?;
    Ok(super::boards::created_response(&created))
}

/// `at=SEQ` (absent: now).
pub fn at_param(query: &HashMap<String, String>) -> Result<Option<u64>, AppError> {
    query
        .get("at")
        .map(|v| {
            v.parse::<u64>().map_err(|_| {
                AppError::bad_request("invalid_query", "at must be a seq (a whole number)")
            })
        })
        .transpose()
}

/// The board as it was at `at` (now, when absent), from the store: the nearest snapshot plus
/// the events after it. A seq beyond the head is an error, not the current board. A board
/// without events is one purged since its link was resolved (every board has its
/// `board_created` event): `not_found`, never an empty board.
pub async fn board_at(
    store: &Arc<dyn EventStore>,
    id: &BoardId,
    at: Option<u64>,
) -> Result<(Board, u64), AppError> {
    let loaded = load_board(store, id, at.unwrap_or(u64::MAX))
        .await
        .map_err(|e| {
            tracing::warn!(board = %id.log_tag(), error = %e, "loading a board failed");
            AppError::Hub(HubError::Unavailable)
        })?;
    if at == Some(0) {
        return Err(AppError::bad_request(
            "invalid_seq",
            "seqs start at 1 (the board's creation)",
        ));
    }
    if loaded.head == 0 {
        return Err(AppError::BoardNotFound);
    }
    if let Some(at) = at
        && loaded.head != at
    {
        return Err(AppError::bad_request(
            "invalid_seq",
            format!("the board has no seq {at} (its head is {})", loaded.head),
        ));
    }
    Ok((loaded.board, loaded.head))
}

/// The event log leaves the server only once its ballots are no longer secret: refused while
/// `board` (the board copied) has the vote `live_open` (the board's open vote, if any) open.
fn refuse_secret_ballot(board: &Board, live_open: Option<ElementId>) -> Result<(), AppError> {
    if live_open.is_some() && open_vote(&board.facilitation) == live_open {
        return Err(AppError::Hub(HubError::Rejected {
            code: "vote_open",
            message: "a dot vote is open on this board: its dots stay secret until it closes"
                .into(),
        }));
    }
    Ok(())
}

/// A file name made of the title's letters and digits: no path, no quotes, no header tricks.
pub fn file_stem(title: &str) -> String {
    let mut stem = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c.to_ascii_lowercase());
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
        if stem.len() >= 60 {
            break;
        }
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "board".to_owned()
    } else {
        stem.to_owned()
    }
}

fn download(body: impl Into<Body>, content_type: &'static str, filename: &str) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .expect("the file name is ASCII letters, digits, - and .");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body.into(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn file_names_keep_only_letters_digits_and_dashes() {
        assert_eq!(file_stem("Checkout flow"), "checkout-flow");
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem("a\"; filename=evil.exe"), "a-filename-evil-exe");
        assert_eq!(file_stem("<script>"), "script");
        assert_eq!(file_stem("Ünïcödé!!"), "n-c-d");
        assert_eq!(file_stem("   "), "board");
        assert!(file_stem(&"x".repeat(500)).len() <= 60);
    }
}
