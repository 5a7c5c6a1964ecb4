//! A picture of the wall: a board, one of its frames or a selection drawn as SVG from the
//! domain model, and rasterised to PNG with resvg. The same board gives the same bytes: the
//! elements are drawn in a fixed order, numbers are written with a fixed precision, and the PNG
//! is drawn with the font shipped in this crate, never a system font.

mod error;
mod font;
mod number;
mod png;
mod region;
mod style;
mod svg;
mod wrap;
mod xml;

pub use error::PictureError;
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
