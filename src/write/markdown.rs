//! Markdown writer (stub).
use super::Rendered;
use crate::doc::Document;
use crate::error::Result;

/// Options for [`write_markdown`].
#[derive(Debug, Clone, Default)]
pub struct MarkdownOptions {}

/// Render `doc` as CommonMark with YAML front matter.
pub fn write_markdown(_doc: &Document, _opts: &MarkdownOptions) -> Result<Rendered> {
    Ok(Rendered::default())
}
