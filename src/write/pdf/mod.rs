//! PDF writer (stub: being written).
use super::{PageSetup, Rendered};
use crate::doc::Document;
use crate::error::Result;

/// Options for [`write_pdf`].
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// Page size and margins.
    pub page: PageSetup,
}

/// Render `doc` as a PDF file.
pub fn write_pdf(_doc: &Document, _opts: &PdfOptions) -> Result<Rendered> {
    Ok(Rendered::default())
}
