//! Writers: one function per output format, each taking `&Document` and an options
//! struct, returning the bytes. They never touch the file system.

pub mod docx;
pub mod markdown;
pub mod pdf;

use crate::report::Warning;

/// What a writer produced: the file's bytes and any warnings.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The complete output file.
    pub bytes: Vec<u8>,
    /// Non-fatal problems (missing glyphs, …).
    pub warnings: Vec<Warning>,
}

/// Page size and margins shared by the PDF and DOCX writers, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    /// Page width (A4: 210).
    pub width_mm: f32,
    /// Page height (A4: 297).
    pub height_mm: f32,
    /// Top margin.
    pub margin_top_mm: f32,
    /// Bottom margin (the footer with the page number sits inside it).
    pub margin_bottom_mm: f32,
    /// Left margin.
    pub margin_left_mm: f32,
    /// Right margin.
    pub margin_right_mm: f32,
}

impl Default for PageSetup {
    /// A4 portrait with 25 mm top and bottom and 22 mm side margins.
    fn default() -> Self {
        PageSetup {
            width_mm: 210.0,
            height_mm: 297.0,
            margin_top_mm: 25.0,
            margin_bottom_mm: 25.0,
            margin_left_mm: 22.0,
            margin_right_mm: 22.0,
        }
    }
}
