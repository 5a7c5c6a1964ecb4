//! The picture of a small board: a committed golden SVG and PNG (regenerate after an intended change
//! with `UPDATE_GOLDEN=1 cargo test -p eventstorm-picture --test picture` and review the diff),
//! determinism, cropping to a frame or a selection, escaping, and the PNG's size.

use std::path::Path;

use eventstorm_board::{
    Board, Command, ElementId, FrameKind, Limits, NoteDetails, NoteKind, PayloadField, decide,
    evolve,
};
use eventstorm_picture::{MAX_PNG_PIXELS, Options, PictureError, Region, render_png, render_svg};
use uuid::Uuid;

struct Built {
    board: Board,
    next: u128,
}

impl Built {
    fn new(title: &str) -> Self {
        let mut b = Built {
            board: Board::default(),
            next: 0,
        };
        b.run(Command::CreateBoard {
            title: title.to_owned(),
        });
        b
    }

    fn id(&mut self) -> ElementId {
        self.next += 1;
        ElementId(Uuid::from_u128(
            0xabc0_0000_0000_0000_0000_0000_0000_0000 | self.next,
        ))
    }

    fn run(&mut self, command: Command) {
        for e in decide(&self.board, &command, &Limits::default()).expect("accepted") {
            evolve(&mut self.board, &e);
        }
    }

    fn frame(&mut self, kind: FrameKind, name: &str, x: f64, y: f64, w: f64, h: f64) -> ElementId {
        let id = self.id();
        self.run(Command::AddFrame {
            id,
            kind,
            name: name.to_owned(),
            x,
            y,
            w,
            h,
        });
        id
    }

    fn note(&mut self, kind: NoteKind, text: &str, x: f64, y: f64) -> ElementId {
        let id = self.id();
        self.run(Command::AddNote {
            id,
            kind,
            text: text.to_owned(),
            x,
            y,
            w: None,
            h: None,
            // The pivotal event carries two payload fields.
            details: (kind == NoteKind::Event && text.contains("Placed")).then(|| NoteDetails {
                pivotal: true,
                fields: ["order_id", "total"]
                    .map(|name| PayloadField {
                        name: name.to_owned(),
                        field_type: "string".to_owned(),
                        required: true,
                        description: String::new(),
                    })
                    .to_vec(),
                ..NoteDetails::default()
            }),
            owner: None,
        });
        id
    }

    fn connect(&mut self, from: ElementId, to: ElementId, label: Option<&str>) -> ElementId {
        let id = self.id();
        self.run(Command::AddConnector {
            id,
            from,
            to,
            label: label.map(str::to_owned),
        });
        id
    }
}

struct Small {
    board: Board,
    ordering: ElementId,
    lane: ElementId,
    place: ElementId,
    placed: ElementId,
    arrow: ElementId,
    hotspot: ElementId,
}

fn small() -> Small {
    let mut b = Built::new("Orders <&> \"shop\"");
    let ordering = b.frame(
        FrameKind::BoundedContext,
        "Ordering",
        0.0,
        0.0,
        600.0,
        300.0,
    );
    let lane = b.frame(
        FrameKind::Swimlane,
        "Customer lane",
        0.0,
        400.0,
        900.0,
        200.0,
    );
    let actor = b.note(NoteKind::Actor, "Customer", 20.0, 40.0);
    let place = b.note(NoteKind::Command, "Place Order", 200.0, 40.0);
    let placed = b.note(NoteKind::Event, "Order Placed", 400.0, 40.0);
    b.note(
        NoteKind::ReadModel,
        "Basket with the lines, the prices and the delivery options the customer picked",
        200.0,
        180.0,
    );
    b.note(
        NoteKind::Policy,
        "Whenever an order is placed, reserve stock",
        20.0,
        450.0,
    );
    let hotspot = b.note(
        NoteKind::Hotspot,
        "What if <stock> & \"price\" change?",
        700.0,
        450.0,
    );
    b.connect(actor, place, None);
    let arrow = b.connect(place, placed, Some("produces <order>"));
    Small {
        board: b.board,
        ordering,
        lane,
        place,
        placed,
        arrow,
        hotspot,
    }
}

fn whole() -> Options {
    Options::default()
}

fn view_box(svg: &str) -> Vec<f64> {
    let start = svg.find("viewBox=\"").expect("a viewBox") + 9;
    let end = start + svg[start..].find('"').unwrap();
    svg[start..end]
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect()
}

/// Compares a picture with its golden file, byte for byte (`UPDATE_GOLDEN=1` writes it anew).
fn matches_golden(bytes: &[u8], name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, bytes).unwrap();
    }
    let golden = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes == golden,
        "the picture drifted from {}",
        path.display()
    );
}

#[test]
fn the_small_board_matches_the_golden_svg() {
    let svg = render_svg(&small().board, &whole()).unwrap();
    matches_golden(svg.as_bytes(), "small.svg");
}

#[test]
fn a_frame_of_the_small_board_matches_the_golden_png() {
    let s = small();
    let options = Options {
        region: Region::Frame(s.ordering),
        margin: 10.0,
    };
    let png = render_png(&s.board, &options, 1.0).unwrap();
    matches_golden(&png, "small-ordering.png");
}

#[test]
fn the_same_board_gives_the_same_bytes() {
    let (a, b) = (small(), small());
    assert_eq!(
        render_svg(&a.board, &whole()).unwrap(),
        render_svg(&b.board, &whole()).unwrap()
    );
    let png_a = render_png(&a.board, &whole(), 1.0).unwrap();
    let png_b = render_png(&b.board, &whole(), 1.0).unwrap();
    assert_eq!(png_a, png_b);
}

#[test]
fn every_sticky_text_and_frame_name_is_drawn() {
    let svg = render_svg(&small().board, &whole()).unwrap();
    for text in [
        "Customer",
        "Place Order",
        "Order Placed",
        "Ordering",
        "Customer lane",
        "reserve stock",
    ] {
        assert!(svg.contains(text), "{text} missing");
    }
    assert!(svg.contains("marker-end=\"url(#arrow)\""));
}

#[test]
fn payload_fields_show_as_their_count_under_the_name_and_hotspots_hang_tilted() {
    let svg = render_svg(&small().board, &whole()).unwrap();
    let placed = svg
        .split("<g class=\"note")
        .find(|g| g.contains("Order Placed"))
        .expect("the event is drawn");
    assert!(placed.contains(">2 fields</text>"), "{placed}");
    let hotspot = svg
        .split("<g class=\"note")
        .find(|g| g.starts_with(" k-hotspot"))
        .expect("the hotspot is drawn");
    assert!(hotspot.contains("transform=\"rotate(-4 "), "{hotspot}");
    assert!(!placed.contains("rotate"), "only hotspots are tilted");
}

#[test]
fn texts_are_escaped() {
    let svg = render_svg(&small().board, &whole()).unwrap();
    assert!(svg.contains("<title>Orders &lt;&amp;&gt; &quot;shop&quot;</title>"));
    assert!(svg.contains("produces &lt;order&gt;"));
    assert!(svg.contains("&lt;stock&gt;"));
    assert!(svg.contains("&amp;"));
    assert!(!svg.contains("<stock>") && !svg.contains("<order>"));
}

#[test]
fn a_frame_picture_shows_the_frame_and_its_title() {
    let s = small();
    let options = Options {
        region: Region::Frame(s.ordering),
        margin: 10.0,
    };
    let svg = render_svg(&s.board, &options).unwrap();
    // The frame (0,0 600x300) with its title 28 above it, and the margin.
    assert_eq!(view_box(&svg), vec![-10.0, -38.0, 620.0, 348.0]);
    assert!(svg.contains("Place Order"));
    assert!(
        !svg.contains("reserve stock"),
        "the swimlane's sticky lies outside"
    );

    let lane = Options {
        region: Region::Frame(s.lane),
        margin: 0.0,
    };
    assert_eq!(
        view_box(&render_svg(&s.board, &lane).unwrap()),
        vec![0.0, 400.0, 900.0, 200.0]
    );
}

#[test]
fn a_selection_picture_is_cropped_to_the_selected_elements() {
    let s = small();
    let place = s.board.note(&s.place).unwrap().clone();
    let placed = s.board.note(&s.placed).unwrap().clone();
    let options = Options {
        region: Region::Elements(vec![s.arrow]),
        margin: 0.0,
    };
    let svg = render_svg(&s.board, &options).unwrap();
    assert_eq!(
        view_box(&svg),
        vec![place.x, place.y, placed.x + placed.w - place.x, placed.h]
    );
    assert!(svg.contains("Place Order") && svg.contains("Order Placed"));
    assert!(!svg.contains("Customer"));

    let hotspot_only = Options {
        region: Region::Elements(vec![s.hotspot]),
        margin: 5.0,
    };
    let svg = render_svg(&s.board, &hotspot_only).unwrap();
    assert!(svg.contains("class=\"note k-hotspot\""));
    assert_eq!(svg.matches("class=\"note ").count(), 1);
}

#[test]
fn unknown_ids_are_refused() {
    let s = small();
    let nobody = ElementId(Uuid::from_u128(7));
    let frame = Options {
        region: Region::Frame(nobody),
        margin: 0.0,
    };
    assert_eq!(
        render_svg(&s.board, &frame),
        Err(PictureError::UnknownFrame(nobody))
    );
    // A sticky is not a frame.
    let sticky_as_frame = Options {
        region: Region::Frame(s.place),
        margin: 0.0,
    };
    assert_eq!(
        render_svg(&s.board, &sticky_as_frame),
        Err(PictureError::UnknownFrame(s.place))
    );
    let ids = Options {
        region: Region::Elements(vec![s.place, nobody]),
        margin: 0.0,
    };
    assert_eq!(
        render_svg(&s.board, &ids),
        Err(PictureError::UnknownElement(nobody))
    );
}

#[test]
fn the_png_decodes_at_the_scaled_size() {
    let s = small();
    let options = Options {
        region: Region::Frame(s.ordering),
        margin: 10.0,
    };
    for (scale, width, height) in [(1.0, 620, 348), (2.0, 1240, 696), (0.5, 310, 174)] {
        let bytes = render_png(&s.board, &options, scale).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().expect("a PNG");
        let info = reader.info();
        assert_eq!((info.width, info.height), (width, height), "scale {scale}");
    }
}

#[test]
fn the_png_draws_the_stickies_in_their_colours() {
    let s = small();
    let placed = s.board.note(&s.placed).unwrap().clone();
    let options = Options {
        region: Region::Elements(vec![s.placed]),
        margin: 0.0,
    };
    let bytes = render_png(&s.board, &options, 1.0).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    // A pixel near the right edge, halfway down (no text there): the event's orange #ff9f43.
    let (x, y) = ((placed.w - 4.0) as usize, (placed.h - 4.0) as usize);
    let at = (y * info.width as usize + x) * 4;
    assert_eq!(&buf[at..at + 3], &[0xff, 0x9f, 0x43]);
}

#[test]
fn too_large_pictures_and_bad_scales_are_refused() {
    let mut b = Built::new("huge");
    b.note(NoteKind::Event, "Far West", -20_000.0, 0.0);
    b.note(NoteKind::Event, "Far East", 20_000.0, 20_000.0);
    match render_png(&b.board, &whole(), 1.0) {
        Err(PictureError::TooLarge { max, .. }) => assert_eq!(max, MAX_PNG_PIXELS),
        other => panic!("expected too large, got {:?}", other.map(|b| b.len())),
    }
    assert!(render_png(&b.board, &whole(), 0.1).is_ok());
    assert!(matches!(
        render_png(&small().board, &whole(), 9.0),
        Err(PictureError::InvalidScale { .. })
    ));
}

#[test]
fn an_empty_board_is_a_blank_picture_of_the_margin() {
    let board = Built::new("Empty").board;
    let svg = render_svg(&board, &whole()).unwrap();
    assert_eq!(view_box(&svg), vec![-40.0, -40.0, 80.0, 80.0]);
    assert!(!svg.contains("class=\"note"));
    let png = render_png(&board, &whole(), 1.0).unwrap();
    let reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap();
    assert_eq!((reader.info().width, reader.info().height), (80, 80));
}
