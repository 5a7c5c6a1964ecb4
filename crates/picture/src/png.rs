//! The SVG rasterised with resvg, using only the fonts shipped in the crate.

use std::sync::{Arc, OnceLock};

use eventstorm_board::Board;
use resvg::{tiny_skia, usvg};

use crate::font::{FAMILY, FONT, FONT_BOLD};
use crate::{Options, PictureError, render_svg};

/// The largest PNG drawn, in pixels (width times height): 64 megapixels take 256 MB of memory
/// while drawn.
pub const MAX_PNG_PIXELS: u64 = 40_000_000;
pub const MIN_SCALE: f64 = 0.1;
pub const MAX_SCALE: f64 = 4.0;

fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(FONT.to_vec());
            db.load_font_data(FONT_BOLD.to_vec());
            db.set_sans_serif_family(FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// The picture as PNG bytes, `scale` pixels per board unit.
pub fn render_png(board: &Board, options: &Options, scale: f64) -> Result<Vec<u8>, PictureError> {
    if !(MIN_SCALE..=MAX_SCALE).contains(&scale) {
        return Err(PictureError::InvalidScale {
            min: MIN_SCALE,
            max: MAX_SCALE,
        });
    }
    let svg = render_svg(board, options)?;
    let usvg_options = usvg::Options {
        font_family: FAMILY.to_owned(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&svg, &usvg_options)
        .map_err(|e| PictureError::Raster(e.to_string()))?;
    let size = tree.size();
    let width = (f64::from(size.width()) * scale).ceil().max(1.0) as u64;
    let height = (f64::from(size.height()) * scale).ceil().max(1.0) as u64;
    if width.saturating_mul(height) > MAX_PNG_PIXELS || width > u64::from(u32::MAX) {
        return Err(PictureError::TooLarge {
            width,
            height,
            max: MAX_PNG_PIXELS,
        });
    }
    let mut pixmap = tiny_skia::Pixmap::new(width as u32, height as u32)
        .ok_or_else(|| PictureError::Raster("no room for the pixels".to_owned()))?;
    let transform = tiny_skia::Transform::from_scale(scale as f32, scale as f32);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| PictureError::Raster(e.to_string()))
}
