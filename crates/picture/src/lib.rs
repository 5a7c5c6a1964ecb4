//! A picture of the wall: a board, one of its frames or a selection drawn as SVG from the
//! domain model, and rasterised to PNG with resvg. The same board gives the same bytes: the
//! elements are drawn in a fixed order, numbers are written with a fixed precision, and the PNG
//! is drawn with the font shipped in this crate, never a system font.

mod error;
mod font;
mod number;
#[cfg(feature = "png")]
mod png;
mod region;
mod route;
mod style;
mod svg;
mod wrap;
mod xml;

pub use error::PictureError;
#[cfg(feature = "png")]
pub use png::{MAX_PNG_PIXELS, MAX_SCALE, MIN_SCALE, render_png};
pub use region::{Rect, Region};
pub use svg::render_svg;

/// What to draw and with how much room around it.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub region: Region,
    /// Space around the drawn elements, in board units.
    pub margin: f64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            region: Region::Board,
            margin: 40.0,
        }
    }
}

/// The two picture formats, as the export route and the CLI name them.
#[cfg(feature = "png")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PictureFormat {
    Svg,
    Png,
}

#[cfg(feature = "png")]
impl PictureFormat {
    /// The `format` value (`svg`, `png`; case and spaces ignored), or `None` for another one.
    pub fn from_query(value: &str) -> Option<PictureFormat> {
        match value.trim().to_ascii_lowercase().as_str() {
            "svg" => Some(PictureFormat::Svg),
            "png" => Some(PictureFormat::Png),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            PictureFormat::Svg => "image/svg+xml",
            PictureFormat::Png => "image/png",
        }
    }

    pub fn file_extension(self) -> &'static str {
        match self {
            PictureFormat::Svg => "svg",
            PictureFormat::Png => "png",
        }
    }
}

/// The picture in either format; `scale` (pixels per board unit) applies to the PNG only.
#[cfg(feature = "png")]
pub fn render(
    board: &eventstorm_board::Board,
    format: PictureFormat,
    options: &Options,
    scale: f64,
) -> Result<Vec<u8>, PictureError> {
    match format {
        PictureFormat::Svg => render_svg(board, options).map(String::into_bytes),
        PictureFormat::Png => render_png(board, options, scale),
    }
}
