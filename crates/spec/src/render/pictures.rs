//! The Markdown archive: the design document as `README.md` with a picture of each bounded
//! context beside it. Files beside the document, not inline `<svg>` or data URIs: GitHub (and
//! most Markdown viewers) strip inline SVG and do not load `data:` images, but show a relative
//! `.svg` image committed next to the document.

use std::collections::BTreeMap;

use eventstorm_board::{Board, ElementId};
use eventstorm_picture::{Options, Region, render_svg};

use crate::names::kebab_case;
use crate::render::markdown::render_with_pictures;
use crate::spec::Spec;

pub fn markdown_files(board: &Board, spec: &Spec) -> Vec<(String, String)> {
    let mut pictures = BTreeMap::new();
    let mut files = Vec::new();
    for context in &spec.model.bounded_contexts {
        let Ok(frame) = context.id.parse::<ElementId>() else {
            continue;
        };
        let options = Options {
            region: Region::Frame(frame),
            ..Options::default()
        };
        let Ok(svg) = render_svg(board, &options) else {
            continue;
        };
        // Named like the AsyncAPI archive's files: a context's code name is unique on a board.
        let path = format!("pictures/{}.svg", kebab_case(&context.code_name));
        pictures.insert(context.id.clone(), path.clone());
        files.push((path, svg));
    }
    files.push(("README.md".to_owned(), render_with_pictures(spec, pictures)));
    files.sort();
    files
}
