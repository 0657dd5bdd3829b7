//! Readers: bytes in, [`Source`](crate::source::Source) out.

pub(crate) mod alto;
pub mod decode;
pub(crate) mod hocr;
pub mod markdown;
pub(crate) mod ocr;
pub(crate) mod pagexml;
pub mod text;
pub(crate) mod xml;

pub use decode::{decode, decode_owned, Decoded};
pub use text::read_text;

/// What kind of input a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// A plain-text dump (the default): mended by every stage.
    Text,
    /// Markdown: straight to the document tree, no mending.
    Markdown,
    /// hOCR (HTML with `ocr_page` … `ocrx_word`).
    Hocr,
    /// ALTO XML (v2–v4).
    Alto,
    /// PAGE XML (PcGts).
    Page,
}

impl InputFormat {
    /// `--from` names: `text`, `md`/`markdown`, `hocr`, `alto`, `page`.
    pub fn parse(s: &str) -> Option<InputFormat> {
        match s.to_ascii_lowercase().as_str() {
            "text" | "txt" => Some(InputFormat::Text),
            "md" | "markdown" => Some(InputFormat::Markdown),
            "hocr" => Some(InputFormat::Hocr),
            "alto" => Some(InputFormat::Alto),
            "page" | "pagexml" => Some(InputFormat::Page),
            _ => None,
        }
    }

    /// Is this an OCR layout format (with geometry)?
    pub fn is_ocr(self) -> bool {
        matches!(
            self,
            InputFormat::Hocr | InputFormat::Alto | InputFormat::Page
        )
    }

    /// The format of a file: from its extension, and failing that (or for `.xml` and
    /// `.html`) from its content.
    pub fn detect(path: &std::path::Path, text: &str) -> InputFormat {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "md" | "markdown" => return InputFormat::Markdown,
            "hocr" => return InputFormat::Hocr,
            "alto" => return InputFormat::Alto,
            "txt" | "text" => return InputFormat::Text,
            _ => {}
        }
        let head: String = text.chars().take(4096).collect();
        if head.contains("ocr_page") || head.contains("ocr-system") {
            InputFormat::Hocr
        } else if head.contains("<alto") || head.contains(":alto") {
            InputFormat::Alto
        } else if head.contains("<PcGts") || head.contains(":PcGts") {
            InputFormat::Page
        } else {
            InputFormat::Text
        }
    }
}
