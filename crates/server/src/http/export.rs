//! Exports (specs), backups, imports and forks: everything that reads a board's whole history
//! or writes a new board from one.

use axum::Json;
use axum::body::Body;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use eventstorm_protocol::ErrorCode;
use eventstorm_spec::{Archive, ExportError, ExportOptions, Format};
use serde::Deserialize;

use super::board_read::BoardRead;
use super::body::{from_value, read_json_value};
use super::created::{CreationAllowed, created_response};
use super::error::AppError;
use super::query;
use crate::backup::import::{ReadError, read_backup};
use crate::backup::{ImportedEvent, into_ops};
use crate::boards::reads;
use crate::state::AppState;

/// Largest backup an import accepts.
pub const IMPORT_BODY_LIMIT: usize = 64 * 1024 * 1024;
/// Most events one import may hold.
const IMPORT_MAX_EVENTS: usize = 1_000_000;

/// `GET /api/boards/{id}/export?format=json|asyncapi|asyncapi-json|markdown|cml[&at=SEQ]`, for
/// AsyncAPI `&context=NAME` for one bounded context's document, and the zip archives
/// `format=asyncapi-zip` (one AsyncAPI document per context), `format=eventcatalog` and
/// `format=gherkin`; `format=svg|png` draw a picture (see `picture.rs`).
pub async fn export(request: BoardRead) -> Result<Response, AppError> {
    let (state, client, id, query) = request.into_parts();
    if let Some(picture) = query
        .get("format")
        .and_then(|f| eventstorm_picture::PictureFormat::from_query(f))
    {
        return super::picture::export(state, client, id, query, picture).await;
    }
    let archive = query.get("format").and_then(|f| Archive::from_query(f));
    let format = match query.get("format") {
        None => Format::Json,
        Some(_) if archive.is_some() => Format::Json,
        Some(f) => Format::from_query(f).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidQuery,
                format!("{e}, asyncapi-zip, eventcatalog, gherkin, markdown-zip, svg, png"),
            )
        })?,
    };
    let at = query::number(&query, "at")?;
    let resolved = state.hub.resolve(&id).await?;
    let _slot = state.log_limits.read(client)?;
    let (board, seq) = reads::board_at(&state.hub, &resolved.board, at).await?;
    let context = query.get("context").cloned();
    if let Some(archive) = archive {
        if context.is_some() {
            return Err(AppError::new(
                ErrorCode::InvalidQuery,
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
            ExportError::UnknownContext(_) => ErrorCode::UnknownContext,
            ExportError::ContextNotSupported(_) => ErrorCode::InvalidQuery,
        };
        AppError::new(code, e.to_string())
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
pub async fn backup(request: BoardRead) -> Result<Response, AppError> {
    let (state, client, id, _) = request.into_parts();
    let resolved = state.hub.resolve(&id).await?;
    state.log_limits.budget(client)?;
    let document = reads::backup(&state.hub, &resolved.board).await?;
    let filename = format!("{}.backup.json", file_stem(&document.title));
    Ok(download(
        Body::from_stream(document.chunks),
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
    _: CreationAllowed,
    body: Body,
) -> Result<impl IntoResponse, AppError> {
    let _slot = state.log_limits.slot()?;
    let bytes = axum::body::to_bytes(body, IMPORT_BODY_LIMIT)
        .await
        .map_err(|_| AppError::too_large(IMPORT_BODY_LIMIT))?;
    let limits = state.settings.limits.clone();
    // Checking every event runs the domain: seconds for a big backup, off the async threads.
    let read = tokio::task::spawn_blocking(move || read_backup(&bytes, &limits, IMPORT_MAX_EVENTS))
        .await
        .map_err(|_| AppError::unavailable())?;
    let (events, board) = read.map_err(|e| match e {
        ReadError::NotJson(m) => AppError::new(
            ErrorCode::Malformed,
            format!("the body is not valid JSON: {m}"),
        ),
        ReadError::Malformed(m) => AppError::new(
            ErrorCode::InvalidRequest,
            format!("the body is not a backup: {m}"),
        ),
        ReadError::Invalid(e) => AppError::new(ErrorCode::InvalidBackup, e.0),
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
    _: CreationAllowed,
    Path(id): Path<String>,
    body: Body,
) -> Result<impl IntoResponse, AppError> {
    let req: ForkRequest = from_value(read_json_value(body, 4 * 1024).await?)?;
    let resolved = state.hub.resolve(&id).await?;
    let _slot = state.log_limits.slot()?;
    // The title at `at` (from the nearest snapshot), then the events copied a page at a time.
    let (board, at) = reads::board_to_copy(&state.hub, &resolved.board, req.at).await?;
    let title = board.title.clone();
    drop(board);
    let created = state.hub.fork_board(&resolved.board, at, &title).await?;
    Ok(created_response(&created))
}

async fn created(
    state: &AppState,
    title: &str,
    events: Vec<ImportedEvent>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let created = state.hub.create_board_from(title, into_ops(events)).await?;
    Ok(created_response(&created))
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

pub fn download(body: impl Into<Body>, content_type: &'static str, filename: &str) -> Response {
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
        for (title, stem) in [
            ("Checkout flow", "checkout-flow"),
            ("../../etc/passwd", "etc-passwd"),
            ("a\"; filename=evil.exe", "a-filename-evil-exe"),
            ("<script>", "script"),
            ("Ünïcödé!!", "n-c-d"),
            ("   ", "board"),
        ] {
            assert_eq!(file_stem(title), stem, "{title:?}");
        }
        assert!(file_stem(&"x".repeat(500)).len() <= 60);
    }
}
