//! The Markdown archive (`format=markdown-zip`): the document with a picture of each bounded
//! context beside it, referenced under the context's heading.

mod common;

use common::boards;
use eventstorm_spec::{Archive, ExportOptions, Spec, archive_files, export_archive};

#[test]
fn each_bounded_context_has_its_picture_beside_the_document() {
    let board = boards::city_library().board;
    let files = archive_files(&board, Archive::Markdown, &ExportOptions::default());
    let readme = &files
        .iter()
        .find(|(path, _)| path == "README.md")
        .expect("README.md")
        .1;
    let spec = Spec::new(&board, &Default::default());
    assert!(spec.model.bounded_contexts.len() >= 2);
    for context in &spec.model.bounded_contexts {
        let heading = format!(
            "### {}\n\n![{} on the wall](pictures/",
            context.name, context.name
        );
        let at = readme.find(&heading).unwrap_or_else(|| panic!("{heading}")) + heading.len() - 9;
        let path = &readme[at..at + readme[at..].find(')').unwrap()];
        let (_, svg) = files
            .iter()
            .find(|(p, _)| p == path)
            .unwrap_or_else(|| panic!("{path} is not in the archive"));
        assert!(svg.starts_with("<?xml"), "{path}");
        assert!(
            svg.contains(&format!(">{}</text>", context.name)),
            "{path} shows its frame's title"
        );
    }
    assert_eq!(
        files
            .iter()
            .filter(|(p, _)| p.starts_with("pictures/"))
            .count(),
        spec.model.bounded_contexts.len()
    );
    // The same board, the same archive bytes.
    assert_eq!(
        export_archive(&board, Archive::Markdown, &ExportOptions::default()),
        export_archive(
            &boards::city_library().board,
            Archive::Markdown,
            &ExportOptions::default()
        )
    );
}

#[test]
fn the_plain_markdown_export_has_no_pictures() {
    let board = boards::city_library().board;
    let plain = eventstorm_spec::export(&board, eventstorm_spec::Format::Markdown);
    assert!(!plain.contains("pictures/"));
    assert_eq!(Archive::from_query("markdown-zip"), Some(Archive::Markdown));
    assert_eq!(Archive::Markdown.file_extension(), "md.zip");
}
