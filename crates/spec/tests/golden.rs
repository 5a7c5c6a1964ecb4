//! Golden files: the exports of the example boards are committed under `tests/golden/<board>/`
//! and must not drift. After an intended change, regenerate them with
//! `UPDATE_GOLDEN=1 cargo test -p eventstorm-spec --test golden` and review the diff.

mod common;

use std::path::{Path, PathBuf};

use common::{Builder, boards, fold, rebuild_in_another_order};
use eventstorm_spec::{ExportOptions, Format, Spec, export, export_document};

/// A golden board: its directory name and how to build it.
type Example = (&'static str, fn() -> Builder);

const BOARDS: [Example; 4] = [
    ("order-flow", boards::order_flow),
    ("messy-workshop", boards::messy_workshop),
    ("empty", boards::empty),
    ("city-library", boards::city_library),
];

const FILES: [(&str, Format); 5] = [
    ("spec.json", Format::Json),
    ("asyncapi.yaml", Format::AsyncApiYaml),
    ("asyncapi.json", Format::AsyncApiJson),
    ("spec.md", Format::Markdown),
    ("context-map.cml", Format::Cml),
];

/// The whole-board files, then one AsyncAPI document per bounded context.
fn golden_files(board: &eventstorm_board::Board) -> Vec<(String, Format, Option<String>)> {
    let mut files: Vec<(String, Format, Option<String>)> = FILES
        .iter()
        .map(|(file, format)| ((*file).to_owned(), *format, None))
        .collect();
    let spec = Spec::new(board, &Default::default());
    for c in &spec.model.bounded_contexts {
        let stem = format!("asyncapi.{}", c.code_name.to_ascii_lowercase());
        files.push((
            format!("{stem}.yaml"),
            Format::AsyncApiYaml,
            Some(c.name.clone()),
        ));
    }
    files
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn exports_match_the_committed_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut drifted = Vec::new();
    for (name, build) in BOARDS {
        let built = build();
        let board = built.board;
        let dir = golden_dir().join(name);
        for (file, format, context) in golden_files(&board) {
            let path = dir.join(file);
            let options = ExportOptions {
                seq: Some(built.events.len() as u64),
                context,
                ..ExportOptions::default()
            };
            let actual = export_document(&board, format, &options).unwrap();
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_default();
            if expected != actual {
                drifted.push(path.display().to_string());
            }
        }
    }
    assert!(
        drifted.is_empty(),
        "exports differ from the golden files (run with UPDATE_GOLDEN=1 to accept the change, \
         then review the diff):\n{}",
        drifted.join("\n")
    );
}

#[test]
fn exporting_the_same_board_twice_is_byte_identical() {
    for (_, build) in BOARDS {
        let board = build().board;
        for format in Format::ALL {
            assert_eq!(export(&board, format), export(&board, format));
        }
    }
}

#[test]
fn folding_the_same_events_again_gives_the_same_exports() {
    for (name, build) in BOARDS {
        let built = build();
        let (once, twice) = (fold(&built.events), fold(&built.events));
        assert_eq!(once, built.board, "{name}: folding reproduces the board");
        for format in Format::ALL {
            assert_eq!(
                export(&once, format),
                export(&twice, format),
                "{name} {format:?}"
            );
            assert_eq!(
                export(&once, format),
                export(&built.board, format),
                "{name} {format:?}"
            );
        }
    }
}

#[test]
fn the_same_final_state_reached_in_another_order_gives_the_same_exports() {
    for (name, build) in BOARDS {
        let built = build();
        let reordered = rebuild_in_another_order(&built.commands);
        if name != "empty" {
            // The boards really differ: stickies are stacked in another order.
            assert_ne!(reordered, built.board, "{name}");
        }
        for format in Format::ALL {
            assert_eq!(
                export(&reordered, format),
                export(&built.board, format),
                "{name} {format:?}"
            );
        }
    }
}

#[test]
fn markdown_shows_markup_written_on_stickies_as_text() {
    let md = export(&boards::messy_workshop().board, Format::Markdown);
    // The renderer writes no HTML of its own, so any '<' would be a participant's.
    assert!(!md.contains('<'), "raw HTML in the Markdown export");
    assert!(md.contains("&lt;img src=x onerror=alert(1)&gt; \\| \\*bold\\* \\`code\\`"));
}
