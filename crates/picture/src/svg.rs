//! The board drawn as SVG text. Elements go in a fixed order (frames largest first, stickies in
//! their stacking order, connectors by id, frame titles on top, as the wall draws them) so the
//! same board always gives the same bytes.

use std::collections::HashMap;
use std::fmt::Write;

use eventstorm_board::{Board, Connector, ElementId, Frame, FrameKind, Note};

use crate::font::{FAMILY, width};
use crate::number::num;
use crate::region::{HEADER_ABOVE, HEADER_HEIGHT, Rect, note_rect, select};
use crate::route::route;
use crate::style::{self, LINE, WALL};
use crate::wrap::{LINE_HEIGHT, fit};
use crate::xml::escape;
use crate::{Options, PictureError};

const PAD_X: f64 = 7.0;
const PAD_Y: f64 = 5.0;
const LABEL_SIZE: f64 = 10.0;
const TITLE_SIZE: f64 = 14.0;
const CONNECTOR_LABEL_SIZE: f64 = 13.0;

/// The picture as SVG text, with the region's bounding box (plus the margin) as its viewBox.
pub fn render_svg(board: &Board, options: &Options) -> Result<String, PictureError> {
    let selection = select(board, &options.region, options.margin)?;
    let area = selection.area;
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"{x} {y} {w} {h}\" font-family=\"{FAMILY}, sans-serif\">",
        x = num(area.x),
        y = num(area.y),
        w = num(area.w),
        h = num(area.h),
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&board.title));
    let _ = writeln!(
        out,
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"{LINE}\"/></marker></defs>"
    );
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{WALL}\"/>",
        num(area.x),
        num(area.y),
        num(area.w),
        num(area.h)
    );

    let mut frames: Vec<&Frame> = selection
        .frames
        .iter()
        .filter_map(|id| board.frame(id))
        .collect();
    // Larger frames first, so a nested frame is drawn over the one around it.
    frames.sort_by(|a, b| (b.w * b.h).total_cmp(&(a.w * a.h)).then(a.id.cmp(&b.id)));
    for frame in &frames {
        frame_body(&mut out, frame);
    }
    for note in board.notes() {
        if selection.notes.contains(&note.id) {
            sticky(&mut out, note);
        }
    }
    let stickies = Stickies::of(board);
    for id in &selection.connectors {
        if let Some(connector) = board.connector(id) {
            arrow(&mut out, &stickies, connector);
        }
    }
    for frame in &frames {
        frame_title(&mut out, frame);
    }
    out.push_str("</svg>\n");
    Ok(out)
}

fn frame_body(out: &mut String, frame: &Frame) {
    let look = style::frame(frame.kind);
    let (x, y, w, h) = (num(frame.x), num(frame.y), num(frame.w), num(frame.h));
    match frame.kind {
        FrameKind::BoundedContext => {
            let _ = writeln!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"6\" fill=\"{}\" fill-opacity=\"{}\" stroke=\"{LINE}\" stroke-width=\"2\" stroke-dasharray=\"8 5\"/>",
                look.fill, look.fill_opacity
            );
        }
        FrameKind::Swimlane => {
            let bottom = num(frame.y + frame.h);
            let right = num(frame.x + frame.w);
            let _ = writeln!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{}\" fill-opacity=\"{}\"/><path d=\"M{x} {y}H{right}M{x} {bottom}H{right}\" stroke=\"#74c0fc\" stroke-width=\"2\"/>",
                look.fill, look.fill_opacity
            );
        }
    }
}

fn frame_title(out: &mut String, frame: &Frame) {
    let name = frame.name.trim();
    if name.is_empty() {
        return;
    }
    let look = style::frame(frame.kind);
    let (left, top) = match frame.kind {
        FrameKind::BoundedContext => (frame.x, frame.y - HEADER_ABOVE),
        FrameKind::Swimlane => (frame.x + 5.0, frame.y + 5.0),
    };
    let room = (frame.w - 2.0 * (left - frame.x) - 18.0).max(TITLE_SIZE);
    let text = shorten(name, room, TITLE_SIZE, true);
    let box_w = (width(&text, TITLE_SIZE, true) + 18.0).min(frame.w);
    let _ = writeln!(
        out,
        "<g><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\" fill=\"#ffffff\">{}</text></g>",
        num(left),
        num(top),
        num(box_w),
        num(HEADER_HEIGHT),
        look.header,
        num(left + 9.0),
        num(top + 17.0),
        num(TITLE_SIZE),
        escape(&text)
    );
}

/// One line, cut with an ellipsis when wider than `room`.
fn shorten(text: &str, room: f64, size: f64, bold: bool) -> String {
    if width(text, size, bold) <= room {
        return text.to_owned();
    }
    let mut kept: String = text.to_owned();
    while !kept.is_empty() {
        kept.pop();
        let candidate = format!("{}…", kept.trim_end());
        if width(&candidate, size, bold) <= room {
            return candidate;
        }
    }
    "…".to_owned()
}

fn sticky(out: &mut String, note: &Note) {
    let look = style::note(note.kind);
    let (x, y, w, h) = (num(note.x), num(note.y), num(note.w), num(note.h));
    let _ = write!(
        out,
        "<g class=\"note k-{}\"{}><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-opacity=\"{}\" stroke-width=\"{}\"{}/>",
        note.kind.as_str(),
        tilt(note),
        num(look.radius),
        look.fill,
        look.stroke,
        if look.stroke == "#000000" { "0.3" } else { "1" },
        num(look.stroke_width),
        if look.dashed {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        },
    );
    let mut inner = note_rect(note);
    match (note.kind, look.band) {
        (eventstorm_board::NoteKind::ReadModel, Some(band)) => {
            let _ = write!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"8\" fill=\"{band}\"/>"
            );
            inner.y += 8.0;
            inner.h -= 8.0;
        }
        (_, Some(band)) => {
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{y}\" width=\"5\" height=\"{h}\" fill=\"{band}\"/>",
                num(note.x + note.w - 5.0)
            );
            inner.w -= 5.0;
        }
        _ => {}
    }
    if note.details.pivotal {
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"6\" height=\"{h}\" fill=\"#7c2d00\"/>"
        );
        inner.x += 6.0;
        inner.w -= 6.0;
    }
    sticky_text(out, note, inner, look.ink);
    out.push_str("</g>\n");
}

/// Hotspots hang a little crooked on the wall (4 degrees), and so in the picture.
fn tilt(note: &Note) -> String {
    if note.kind != eventstorm_board::NoteKind::Hotspot {
        return String::new();
    }
    format!(
        " transform=\"rotate(-4 {} {})\"",
        num(note.x + note.w / 2.0),
        num(note.y + note.h / 2.0)
    )
}

fn sticky_text(out: &mut String, note: &Note, inner: Rect, ink: &str) {
    let left = inner.x + PAD_X;
    let room_w = (inner.w - 2.0 * PAD_X).max(1.0);
    let mut label = style::kind_label(note.kind);
    if note.details.pivotal {
        label.push_str(" · PIVOTAL");
    }
    let label_base = inner.y + PAD_Y + LABEL_SIZE;
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\" fill=\"{ink}\" fill-opacity=\"0.85\">{}</text>",
        num(left),
        num(label_base),
        num(LABEL_SIZE),
        escape(&shorten(&label, room_w, LABEL_SIZE, true))
    );
    let top = label_base + 3.0;
    // Payload fields as their count on the bottom line, as the wall shows them when space is
    // short: the name keeps the rest.
    let fields = note.details.fields.len();
    let fields_h = if fields > 0 { LABEL_SIZE + 4.0 } else { 0.0 };
    if fields > 0 {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{ink}\" fill-opacity=\"0.75\">{}</text>",
            num(left),
            num(inner.y + inner.h - PAD_Y),
            num(LABEL_SIZE),
            if fields == 1 {
                "1 field".to_owned()
            } else {
                format!("{fields} fields")
            }
        );
    }
    let room_h = (inner.y + inner.h - PAD_Y - top - fields_h).max(1.0);
    let fitted = fit(&note.text, room_w, room_h);
    if fitted.lines.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<text font-size=\"{}\" fill=\"{ink}\">",
        num(fitted.size)
    );
    for (i, line) in fitted.lines.iter().enumerate() {
        // The first baseline sits one font size below the top of the text area.
        let baseline = top + fitted.size + i as f64 * fitted.size * LINE_HEIGHT;
        let _ = write!(
            out,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            num(left),
            num(baseline),
            escape(line)
        );
    }
    out.push_str("</text>");
}

/// A connector along the route the wall draws it (orthogonal elbows around the stickies in its
/// way), its label on the longest run: above it when the run is horizontal, beside it when
/// vertical.
fn arrow(out: &mut String, stickies: &Stickies, connector: &Connector) {
    let (Some(&a), Some(&b)) = (
        stickies.index.get(&connector.from),
        stickies.index.get(&connector.to),
    ) else {
        return;
    };
    let route = route(
        stickies.rects[a],
        stickies.rects[b],
        &stickies.rects,
        (a, b),
    );
    let mut d = String::new();
    for (i, p) in route.points.iter().enumerate() {
        let _ = write!(
            d,
            "{}{} {}",
            if i == 0 { "M" } else { " L" },
            num(p.x),
            num(p.y)
        );
    }
    let _ = write!(
        out,
        "<g class=\"connector\"><path d=\"{d}\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"2\" marker-end=\"url(#arrow)\"/>"
    );
    if let Some(label) = connector
        .label
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let vertical = route.points.windows(2).any(|w| {
            w[0].x == w[1].x
                && (w[0].x + w[1].x) / 2.0 == route.label.x
                && (w[0].y + w[1].y) / 2.0 == route.label.y
        });
        let (dx, dy, anchor) = if vertical {
            (6.0, 4.0, "start")
        } else {
            (0.0, -6.0, "middle")
        };
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\" fill=\"#1b1b1b\" stroke=\"{WALL}\" stroke-width=\"4\" paint-order=\"stroke\">{}</text>",
            num(route.label.x + dx),
            num(route.label.y + dy),
            num(CONNECTOR_LABEL_SIZE),
            escape(label)
        );
    }
    out.push_str("</g>\n");
}

/// Every sticky's rectangle in stacking order (what routes go around), and where each is.
struct Stickies {
    rects: Vec<Rect>,
    index: HashMap<ElementId, usize>,
}

impl Stickies {
    fn of(board: &Board) -> Self {
        let notes = board.notes();
        Stickies {
            rects: notes.iter().map(|n| note_rect(n)).collect(),
            index: notes.iter().enumerate().map(|(i, n)| (n.id, i)).collect(),
        }
    }
}
