//! The EventCatalog export: written out as a catalog project and checked by the official
//! `@eventcatalog/linter` (through `tools/eventcatalog-lint`) with zero errors, and compared with what EventCatalog's AsyncAPI generator reads from our
//! per-context AsyncAPI documents (see `tools/eventcatalog-lint/compare.mjs`).
//!
//! Needs `npm ci` in `tools/eventcatalog-lint`. Without it the test passes with a note, except
//! under `CI=true`, where nothing may be skipped.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{boards, node_tool};
use eventstorm_spec::{Archive, ExportOptions, archive_files, export_archive};

/// Writes a board's catalog into a fresh directory under the target dir.
fn write_catalog(name: &str, board: &eventstorm_board::Board, seq: u64) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("eventcatalog-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    let options = ExportOptions {
        seq: Some(seq),
        ..ExportOptions::default()
    };
    for (path, content) in archive_files(board, Archive::EventCatalog, &options) {
        let file = dir.join(&path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, content).unwrap();
    }
    dir
}

fn examples() -> Vec<(&'static str, common::Builder)> {
    vec![
        ("order-flow", boards::order_flow()),
        ("messy-workshop", boards::messy_workshop()),
        ("city-library", boards::city_library()),
        ("empty", boards::empty()),
    ]
}

#[test]
#[cfg_attr(
    no_node_tools,
    ignore = "needs npm ci in tools/asyncapi-validate and tools/eventcatalog-lint"
)]
fn the_official_linter_finds_no_error_in_the_catalog() {
    let Some(tool) = node_tool("eventcatalog-lint") else {
        return;
    };
    for (name, b) in examples() {
        let dir = write_catalog(name, &b.board, b.events.len() as u64);
        let output = Command::new("node")
            .arg(tool.join("node_modules/@eventcatalog/linter/dist/cli/index.js"))
            .arg(&dir)
            .output()
            .expect("node runs (install Node.js 18 or later)");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{name}: the EventCatalog linter rejected the export:\n{stdout}\n{stderr}"
        );
        // Warnings are about the model (an event nobody handles is an orphan), not the export:
        // they are allowed, errors are not.
        assert!(
            stdout.contains("(0 errors") || !stdout.contains("error"),
            "{name}: {stdout}"
        );
    }
}

#[test]
#[cfg_attr(
    no_node_tools,
    ignore = "needs npm ci in tools/asyncapi-validate and tools/eventcatalog-lint"
)]
fn the_catalog_matches_what_the_asyncapi_generator_reads_from_our_documents() {
    let Some(tool) = node_tool("eventcatalog-lint") else {
        return;
    };
    for (name, b) in examples() {
        let dir = write_catalog(name, &b.board, b.events.len() as u64);
        let output = Command::new("node")
            .arg(tool.join("compare.mjs"))
            .arg(&dir)
            .output()
            .expect("node runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{name}: the catalog differs from the AsyncAPI documents:\n{stdout}\n{stderr}"
        );
    }
}

#[test]
fn the_archive_is_a_zip_of_the_same_files() {
    let b = boards::city_library();
    let options = ExportOptions::default();
    let files = archive_files(&b.board, Archive::EventCatalog, &options);
    let zip = export_archive(&b.board, Archive::EventCatalog, &options);
    assert_eq!(&zip[..4], b"PK\x03\x04");
    // Every file is stored whole, so each content appears in the archive as written.
    for (path, content) in &files {
        let at = zip
            .windows(path.len())
            .position(|w| w == path.as_bytes())
            .unwrap_or_else(|| panic!("{path} is in the archive"));
        assert!(
            zip[at..]
                .windows(content.len())
                .any(|w| w == content.as_bytes()),
            "{path}"
        );
    }
    assert_eq!(
        zip,
        export_archive(&b.board, Archive::EventCatalog, &options)
    );
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    for expected in [
        "domains/Lending/index.mdx",
        "domains/Lending/services/LendingService/index.mdx",
        "domains/Lending/services/LendingService/asyncapi.yaml",
        "teams/lending-team.mdx",
        "events/lending.BookReturned/index.mdx",
        "events/lending.BookReturned/schema.json",
        "commands/RenewLoan/index.mdx",
    ] {
        assert!(paths.contains(&expected), "{expected} in {paths:?}");
    }
}
