//! `GET /api/boards/{id}/export?format=svg|png[&frame=ID|&ids=A,B][&scale=S][&at=SEQ]`: a
//! picture of the wall, drawn from the board (at `at`) by `eventstorm-picture`.

use std::collections::HashMap;
use std::net::IpAddr;

use axum::response::Response;
use eventstorm_board::{Board, ElementId};
use eventstorm_picture::{Options, PictureError, PictureFormat, Region};
use eventstorm_protocol::ErrorCode;

use super::error::AppError;
use super::export::{download, file_stem};
use super::query;
use crate::boards::reads;
use crate::state::AppState;

pub async fn export(
    state: AppState,
    client: IpAddr,
    id: String,
    query: HashMap<String, String>,
    format: PictureFormat,
) -> Result<Response, AppError> {
    if query.contains_key("context") {
        return Err(AppError::new(
            ErrorCode::InvalidQuery,
            "context applies to AsyncAPI documents; a picture takes frame or ids",
        ));
    }
    let region = region(&query)?;
    let scale = scale(&query)?;
    let at = query::number(&query, "at")?;
    let resolved = state.hub.resolve(&id).await?;
    let _slot = state.log_limits.read(client)?;
    let (board, _) = reads::board_at(&state.hub, &resolved.board, at).await?;
    let filename = format!(
        "{}.{}",
        picture_stem(&board, &region),
        format.file_extension()
    );
    let options = Options {
        region,
        ..Options::default()
    };
    // Drawing a big board (and rasterising it) takes a while: off the async threads, still
    // inside the whole-log slot.
    let bytes = tokio::task::spawn_blocking(move || {
        eventstorm_picture::render(&board, format, &options, scale)
    })
    .await
    .map_err(|_| AppError::unavailable())?
    .map_err(picture_error)?;
    Ok(download(bytes, format.content_type(), &filename))
}

/// The region from `frame` or `ids` (not both); the whole board without either.
pub fn region(query: &HashMap<String, String>) -> Result<Region, AppError> {
    match (query.get("frame"), query.get("ids")) {
        (Some(_), Some(_)) => Err(AppError::new(
            ErrorCode::InvalidQuery,
            "give frame or ids, not both",
        )),
        (Some(frame), None) => Ok(Region::Frame(element_id(frame, "frame")?)),
        (None, Some(ids)) => {
            let ids = ids
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| element_id(s, "ids"))
                .collect::<Result<Vec<_>, _>>()?;
            if ids.is_empty() {
                return Err(AppError::new(
                    ErrorCode::InvalidQuery,
                    "ids must name at least one element",
                ));
            }
            Ok(Region::Elements(ids))
        }
        (None, None) => Ok(Region::Board),
    }
}

fn element_id(text: &str, name: &str) -> Result<ElementId, AppError> {
    text.trim().parse().map_err(|_| {
        AppError::new(
            ErrorCode::InvalidQuery,
            format!("{name} must hold element ids (UUIDs)"),
        )
    })
}

fn scale(query: &HashMap<String, String>) -> Result<f64, AppError> {
    let Some(text) = query.get("scale") else {
        return Ok(1.0);
    };
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| (eventstorm_picture::MIN_SCALE..=eventstorm_picture::MAX_SCALE).contains(s))
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidQuery,
                format!(
                    "scale must be a number from {} to {}",
                    eventstorm_picture::MIN_SCALE,
                    eventstorm_picture::MAX_SCALE
                ),
            )
        })
}

/// The download's name: the board's title, then the frame's name or `selection`.
fn picture_stem(board: &Board, region: &Region) -> String {
    let title = file_stem(&board.title);
    match region {
        Region::Board => title,
        Region::Frame(id) => match board.frame(id) {
            Some(frame) => format!("{title}-{}", file_stem(&frame.name)),
            None => title,
        },
        Region::Elements(_) => format!("{title}-selection"),
    }
}

pub fn picture_error(e: PictureError) -> AppError {
    AppError::new(picture_error_code(&e), e.to_string())
}

pub fn picture_error_code(e: &PictureError) -> ErrorCode {
    match e {
        PictureError::UnknownFrame(_) => ErrorCode::UnknownFrame,
        PictureError::UnknownElement(_) => ErrorCode::UnknownElement,
        PictureError::TooLarge { .. } => ErrorCode::PictureTooLarge,
        PictureError::InvalidScale { .. } => ErrorCode::InvalidQuery,
        PictureError::Raster(_) => ErrorCode::Unavailable,
    }
}
