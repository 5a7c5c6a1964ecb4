//! Exports (specs), backups, imports and forks: everything that reads a board's whole history
//! or writes a new board from one.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use eventstorm_board::{Board, Event};
use eventstorm_spec::{Archive, ExportError, ExportOptions, Format};
use eventstorm_store::{BoardId, EventStore, RecordedEvent};
use serde::Deserialize;

use super::body::{from_value, read_json_value};
use super::error::AppError;
use crate::backup::stream::backup_document;
use crate::backup::{Backup, ImportedEvent, into_ops, validate};
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
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let resolved = state.hub.resolve(&id).await?;
    let store = state.hub.store();
    let (board, seq) = board_at(store, &resolved.board, None).await?;
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
pub async fn import(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    body: Body,
) -> Result<impl IntoResponse, AppError> {
    if !state.create_limit.allow(addr.ip()) {
        return Err(AppError::RateLimited);
    }
    let backup: Backup = from_value(read_json_value(body, IMPORT_BODY_LIMIT).await?)?;
    let (events, board) = validate(&backup, &state.settings.limits, IMPORT_MAX_EVENTS)
        .map_err(|e| AppError::bad_request("invalid_backup", e.0))?;
    created(&state, &board.title, events).await
}

#[derive(Deserialize)]
struct ForkRequest {
    at: Option<u64>,
}

/// `POST /api/boards/{id}/fork {"at": SEQ}`: a new board equal to this one at SEQ (default: now).
pub async fn fork(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    body: Body,
) -> Result<impl IntoResponse, AppError> {
    if !state.create_limit.allow(addr.ip()) {
        return Err(AppError::RateLimited);
    }
    let req: ForkRequest = from_value(read_json_value(body, 4 * 1024).await?)?;
    let resolved = state.hub.resolve(&id).await?;
    let records = read_all(
        state.hub.store(),
        &resolved.board,
        req.at.unwrap_or(u64::MAX),
    )
    .await?;
    if let Some(at) = req.at
        && records.len() as u64 != at
    {
        return Err(AppError::bad_request(
            "invalid_seq",
            format!("the board has no seq {at}"),
        ));
    }
    let (board, _) = fold(&records)?;
    let events = records
        .iter()
        .map(|r| {
            let event =
                Event::decode(r.schema_version, &r.payload).map_err(|e| corrupt(e.to_string()))?;
            Ok(ImportedEvent {
                op_id: r.op_id,
                actor: r.actor.clone(),
                recorded_at_ms: r.recorded_at_ms,
                event,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    created(&state, &board.title, events).await
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
    if loaded.head == 0 {
        return Err(AppError::NotFound);
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

pub async fn read_all(
    store: &Arc<dyn EventStore>,
    id: &BoardId,
    up_to: u64,
) -> Result<Vec<RecordedEvent>, AppError> {
    let mut out: Vec<RecordedEvent> = Vec::new();
    loop {
        let after = out.last().map_or(0, |r| r.seq);
        let page = store.read(id, after, 1_000).await.map_err(|e| {
            tracing::warn!(board = %id.log_tag(), error = %e, "reading events failed");
            AppError::Hub(HubError::Unavailable)
        })?;
        let done = page.len() < 1_000;
        out.extend(page.into_iter().filter(|r| r.seq <= up_to));
        if done || out.last().is_some_and(|r| r.seq >= up_to) {
            return Ok(out);
        }
    }
}

fn fold(records: &[RecordedEvent]) -> Result<(Board, u64), AppError> {
    let mut board = Board::default();
    for r in records {
        let event =
            Event::decode(r.schema_version, &r.payload).map_err(|e| corrupt(e.to_string()))?;
        eventstorm_board::evolve(&mut board, &event);
    }
    Ok((board, records.last().map_or(0, |r| r.seq)))
}

fn corrupt(message: String) -> AppError {
    tracing::error!(error = %message, "stored event does not decode");
    AppError::Hub(HubError::Unavailable)
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
