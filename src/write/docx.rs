//! DOCX writer (stub: being written).
use super::{PageSetup, Rendered};
use crate::doc::Document;
use crate::error::Result;

/// Options for [`write_docx`].
#[derive(Debug, Clone, Default)]
pub struct DocxOptions {
    /// Page size and margins (the same as the PDF's).
    pub page: PageSetup,
}

/// Render `doc` as a DOCX file.
pub fn write_docx(_doc: &Document, _opts: &DocxOptions) -> Result<Rendered> {
    Ok(Rendered::default())
}
