//! The fonts the picture is drawn with, shipped in the crate (DejaVu Sans and its bold, see
//! assets/fonts/LICENSE-DejaVu.txt) so the PNG is the same on every machine and the text is
//! measured with the advances resvg will draw it with.

use std::sync::OnceLock;

#[cfg_attr(not(feature = "png"), allow(dead_code))]
pub(crate) const FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
/// Frame titles and kind labels are bold, as on the wall.
#[cfg_attr(not(feature = "png"), allow(dead_code))]
pub(crate) const FONT_BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");
/// The family the SVG names; viewers without it fall back to their sans-serif.
pub(crate) const FAMILY: &str = "DejaVu Sans";

struct Metrics {
    units_per_em: f64,
    /// Advances of the first 0x250 code points (Latin), in font units; 0 for a missing glyph.
    latin: Vec<u16>,
    fallback: u16,
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let face = ttf_parser::Face::parse(FONT, 0).expect("the shipped font parses");
        let advance = |c: char| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .unwrap_or(0)
        };
        let fallback = advance('M');
        let latin = (0u32..0x250)
            .map(|u| char::from_u32(u).map(advance).unwrap_or(0))
            .collect();
        Metrics {
            units_per_em: f64::from(face.units_per_em()),
            latin,
            fallback,
        }
    })
}

/// The width of `text` at `size`, bold text counted about 10 % wider. Characters outside
/// Latin count as an `M`, so wrapping errs on the narrow side.
pub(crate) fn width(text: &str, size: f64, bold: bool) -> f64 {
    let m = metrics();
    let units: u64 = text
        .chars()
        .map(|c| {
            let advance = m.latin.get(c as usize).copied().unwrap_or(0);
            u64::from(if advance == 0 { m.fallback } else { advance })
        })
        .sum();
    let factor = if bold { 1.1 } else { 1.0 };
    units as f64 / m.units_per_em * size * factor
}
