//! One document through the pipeline: decode → read → stages → structure.

use std::path::Path;

use crate::doc::Document;
use crate::error::Result;
use crate::read::{decode, read_text};
use crate::report::{Change, Locator, Warning};
use crate::source::Source;
use crate::stages::run_stages;
use crate::structure::build;

/// Options for [`mend`].
#[derive(Debug, Clone, Default)]
pub struct MendOptions {
    /// Stage ids to skip (`--skip join-broken-lines`).
    pub skip: Vec<String>,
}

/// A mended document and how it got that way.
#[derive(Debug, Clone)]
pub struct Mended {
    /// The document tree the writers render.
    pub doc: Document,
    /// The mended source (one block per non-blank line).
    pub source: Source,
    /// Every change the stages made, in order.
    pub changes: Vec<Change>,
    /// Decoding guesses and other non-fatal problems.
    pub warnings: Vec<Warning>,
    /// The encoding the input was read in.
    pub encoding: &'static str,
}

/// Mend a text dump given as bytes; `path` names it in errors (`-` for standard input).
pub fn mend(bytes: &[u8], path: &Path, opts: &MendOptions) -> Result<Mended> {
    let decoded = decode(bytes, path)?;
    let src = read_text(&decoded.text);
    let (source, mut changes) = run_stages(src, &opts.skip)?;
    let locator = Locator::new(&decoded.text);
    for c in &mut changes {
        locator.locate(&mut c.span);
    }
    let doc = build(&source);
    Ok(Mended {
        doc,
        source,
        changes,
        warnings: decoded.warnings,
        encoding: decoded.encoding,
    })
}

/// Mend a string (already decoded).
pub fn mend_str(text: &str, opts: &MendOptions) -> Result<Mended> {
    mend(text.as_bytes(), Path::new("-"), opts)
}
