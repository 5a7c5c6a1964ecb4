//! Runs the official AsyncAPI parser (through `tools/asyncapi-validate`) over every golden
//! AsyncAPI export, which also checks each message example against its payload schema.
//!
//! Needs `npm ci` in `tools/asyncapi-validate`. Without it the test passes with a note, except
//! under `CI=true`, where nothing may be skipped.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::node_tool;

fn golden_asyncapi_files() -> Vec<PathBuf> {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files = Vec::new();
    for board in std::fs::read_dir(&golden).expect("golden directory exists") {
        // The whole board's document and one per bounded context.
        for file in std::fs::read_dir(board.unwrap().path()).expect("golden board directory") {
            let file = file.unwrap().path();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("asyncapi.") && (name.ends_with(".yaml") || name.ends_with(".json"))
            {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

#[test]
#[cfg_attr(
    no_node_tools,
    ignore = "needs npm ci in tools/asyncapi-validate and tools/eventcatalog-lint"
)]
fn the_official_parser_accepts_every_golden_asyncapi_export() {
    let Some(tool) = node_tool("asyncapi-validate") else {
        return;
    };
    let files = golden_asyncapi_files();
    assert!(
        files.len() >= 14,
        "expected the golden AsyncAPI files, found {files:?}"
    );
    let output = Command::new("node")
        .arg(tool.join("validate.mjs"))
        .args(&files)
        .output()
        .expect("node runs (install Node.js 18 or later)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the AsyncAPI parser rejected an export:\n{stdout}\n{stderr}"
    );
    // Every file must be reported valid; a diagnostic above info would show up here too.
    assert_eq!(stdout.matches(": valid").count(), files.len(), "{stdout}");
    assert!(!stdout.contains(": warning "), "parser warnings:\n{stdout}");
}
