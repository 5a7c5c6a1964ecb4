//! docs/protocol.md's "Error codes" tables list exactly the codes of `ErrorCode`: a code added
//! to the enum (or to the board's rejections) fails here until it is documented, and a row for
//! a code that no longer exists fails too.

use std::collections::BTreeSet;

use eventstorm_protocol::ErrorCode;

/// The codes in the first column of the tables under "## Error codes".
fn documented() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/protocol.md"
    ))
    .expect("docs/protocol.md");
    let section = doc
        .split("\n## ")
        .find(|s| s.starts_with("Error codes"))
        .expect("an \"Error codes\" section");
    section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(code, _)| code.to_owned())
        .collect()
}

#[test]
fn the_error_table_lists_every_code_and_nothing_else() {
    let documented = documented();
    let codes: BTreeSet<String> = ErrorCode::all()
        .into_iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    let undocumented: Vec<_> = codes.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&codes).collect();
    assert!(
        undocumented.is_empty(),
        "codes missing from docs/protocol.md: {undocumented:?}"
    );
    assert!(
        unknown.is_empty(),
        "docs/protocol.md lists codes ErrorCode does not have: {unknown:?}"
    );
}
