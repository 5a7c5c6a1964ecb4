//! The wall's look (static/app.css), so the picture reads like the wall: each kind's fill, ink
//! and border, the frames' colours.

use eventstorm_board::{FrameKind, NoteKind};

pub(crate) const WALL: &str = "#fbfbfa";
pub(crate) const LINE: &str = "#495057";

pub(crate) struct NoteStyle {
    pub fill: &'static str,
    pub ink: &'static str,
    pub stroke: &'static str,
    pub stroke_width: f64,
    pub dashed: bool,
    pub radius: f64,
    /// A band of another colour along the top (read models) or left edge (pivotal events).
    pub band: Option<&'static str>,
}

pub(crate) fn note(kind: NoteKind) -> NoteStyle {
    let plain = |fill| NoteStyle {
        fill,
        ink: "#1b1b1b",
        stroke: "#000000",
        stroke_width: 1.0,
        dashed: false,
        radius: 0.0,
        band: None,
    };
    match kind {
        NoteKind::Event => plain("#ff9f43"),
        NoteKind::Command => NoteStyle {
            radius: 2.0,
            band: Some("#1864ab"),
            ..plain("#74c0fc")
        },
        NoteKind::Actor => NoteStyle {
            radius: 8.0,
            ..plain("#ffe066")
        },
        NoteKind::Aggregate => NoteStyle {
            stroke: "#7f6a00",
            stroke_width: 3.0,
            radius: 4.0,
            ..plain("#fff3bf")
        },
        NoteKind::Policy => NoteStyle {
            radius: 8.0,
            ..plain("#c8b6ff")
        },
        NoteKind::ReadModel => NoteStyle {
            band: Some("#2b8a3e"),
            ..plain("#69db7c")
        },
        NoteKind::ExternalSystem => NoteStyle {
            stroke: "#862e9c",
            stroke_width: 2.0,
            dashed: true,
            ..plain("#ffa8d8")
        },
        NoteKind::Hotspot => NoteStyle {
            ink: "#ffffff",
            stroke: "#7a0f33",
            stroke_width: 2.0,
            ..plain("#c2255c")
        },
        NoteKind::Opportunity => NoteStyle {
            stroke: "#2b8a3e",
            stroke_width: 2.0,
            radius: 14.0,
            ..plain("#b2f2bb")
        },
        NoteKind::Ui => NoteStyle {
            stroke: "#495057",
            stroke_width: 2.0,
            ..plain("#ffffff")
        },
        NoteKind::Note => plain("#dee2e6"),
    }
}

/// The label the wall shows above a sticky's text ("READ MODEL").
pub(crate) fn kind_label(kind: NoteKind) -> String {
    kind.as_str().replace('_', " ").to_uppercase()
}

pub(crate) struct FrameStyle {
    pub fill: &'static str,
    pub fill_opacity: &'static str,
    pub header: &'static str,
}

pub(crate) fn frame(kind: FrameKind) -> FrameStyle {
    match kind {
        FrameKind::BoundedContext => FrameStyle {
            fill: "#e9ecef",
            fill_opacity: "0.35",
            header: "#495057",
        },
        FrameKind::Swimlane => FrameStyle {
            fill: "#e7f5ff",
            fill_opacity: "0.55",
            header: "#1864ab",
        },
    }
}
