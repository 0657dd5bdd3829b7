//! PDF writer: typesets the document tree onto A4 pages with the Noto CJK faces shipped
//! in the binary, and embeds only the glyphs it uses.
//!
//! Steps, each in its own file, called in order:
//! 1. `fonts`: the shipped faces, parsed once per process;
//! 2. `shape`: text → clusters (face fallback, rustybuzz shaping);
//! 3. `linebreak`: UAX #14 plus the Chinese line-start/line-end rules;
//! 4. `layout`: block styles, line setting, pagination;
//! 5. `emit`: per-document font subsets, printpdf pages, metadata, outline.

mod emit;
mod fonts;

pub use emit::pdf_date;
pub use fonts::{family_of, has_han, resolve_font, FontFile, PdfFonts};
mod layout;
mod linebreak;
mod shape;

use super::{PageSetup, Rendered};
use crate::doc::Document;
use crate::error::{Error, Result};
use crate::hash::fnv1a;
use crate::report::Warning;

/// Options for [`write_pdf`].
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Page size and margins.
    pub page: PageSetup,
    /// Body text size in points (default 10.5 pt, the Chinese 五号). Headings scale
    /// from it.
    pub body_size_pt: f32,
    /// Baseline-to-baseline distance of body text as a multiple of its size
    /// (default `None`: 1.6 for Chinese, 1.35 for English, as each is usually set).
    pub line_spacing: Option<f32>,
    /// Justify body text so both edges are straight (default `true`); otherwise ragged
    /// right.
    pub justify: bool,
    /// Print page numbers centred in the footer (default `true`).
    pub page_numbers: bool,
    /// Write a PDF outline (bookmarks) from the headings (default `true`).
    pub outline: bool,
    /// Fonts chosen instead of the shipped ones (default: none, the shipped Noto CJK).
    pub fonts: PdfFonts,
    /// Creation and modification date, W3CDTF (`2024-05-01`, `2024-05-01T08:00:00Z`).
    /// `None` (the default) writes none, so the same input gives the same bytes.
    pub date: Option<String>,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            page: PageSetup::default(),
            body_size_pt: 10.5,
            line_spacing: None,
            justify: true,
            page_numbers: true,
            outline: true,
            fonts: PdfFonts::default(),
            date: None,
        }
    }
}

const PT_PER_MM: f32 = 72.0 / 25.4;

/// Render `doc` as a PDF file.
///
/// Characters none of the shipped faces has are drawn as `.notdef` boxes and
/// reported in one `W101` warning.
pub fn write_pdf(doc: &Document, opts: &PdfOptions) -> Result<Rendered> {
    let p = &opts.page;
    let (width, height) = (p.width_mm * PT_PER_MM, p.height_mm * PT_PER_MM);
    let (top, bottom) = (p.margin_top_mm * PT_PER_MM, p.margin_bottom_mm * PT_PER_MM);
    let (left, right) = (p.margin_left_mm * PT_PER_MM, p.margin_right_mm * PT_PER_MM);
    let body = opts.body_size_pt;
    let spacing = opts.line_spacing.unwrap_or(if doc.meta.language.is_cjk() {
        1.6
    } else {
        1.35
    });
    let all = [
        width,
        height,
        top,
        bottom,
        left,
        right,
        body,
        spacing,
        p.column_gap_mm,
    ];
    if all.iter().any(|v| !v.is_finite() || *v < 0.0) {
        return Err(Error::Pdf(format!("invalid page setup or sizes: {opts:?}")));
    }
    if !(2.0..=200.0).contains(&body) || !(0.5..=5.0).contains(&spacing) {
        return Err(Error::Pdf(format!(
            "body size {body} pt or line spacing {spacing} out of range"
        )));
    }
    let columns = usize::from(p.columns.max(1));
    let gap = p.column_gap_mm * PT_PER_MM;
    let span = width - left - right;
    let frame = layout::Frame {
        left,
        width: (span - gap * (columns - 1) as f32) / columns as f32,
        span,
        columns,
        gap,
        height: height - top - bottom,
        body,
        spacing,
        justify: opts.justify,
    };
    // The text area must hold at least a few characters and a few lines.
    if frame.width < 4.0 * body || frame.height < 4.0 * body * spacing {
        return Err(Error::Pdf(format!(
            "the text area ({:.0} × {:.0} pt) is too small for {body} pt text",
            frame.width, frame.height
        )));
    }

    let fonts = fonts::FontSet::new(&opts.fonts)?;
    let mut setter = layout::Setter {
        fonts: &fonts,
        lang: doc.meta.language,
        frame,
        missing: Default::default(),
    };
    let sheet = emit::Sheet {
        width,
        height,
        top,
        left,
        outline: opts.outline,
        // A collection's subject lists its articles.
        subject: doc.subject(),
        date: opts.date.as_deref().and_then(emit::pdf_date),
    };

    // Pages are laid out, decorated and written one at a time.
    let mut flow = layout::Flow::new(doc, &frame);
    let mut sink = emit::Sink::new(&fonts.faces, &sheet);
    let head_size = (body * 0.8).max(1.0);
    let head_baseline = -(top * 0.45).max(head_size);
    let number_size = (body * 0.85).max(1.0);
    // Centred in the bottom margin, never below the page edge.
    let number_baseline = frame.height + (bottom / 2.0).max(number_size);
    let mut n = 0;
    while let Some(mut page) = flow.next_page(&mut setter) {
        n += 1;
        // The running header: the article on the page, else the document's title; not
        // on the first page, nor on a page that opens with that very heading.
        let title = page
            .article
            .and_then(|a| flow.articles.get(a))
            .map(String::as_str)
            .or(doc.meta.title.as_deref())
            .map(str::trim)
            .filter(|t| n > 1 && !t.is_empty());
        if let Some(title) = title {
            let opens_with_it = page.opens_with_heading
                && page
                    .outline
                    .first()
                    .is_some_and(|(_, t, _)| t.trim() == title);
            if !opens_with_it {
                let glyphs = setter.running_head(title, head_size);
                page.lines.insert(0, (head_baseline, glyphs));
            }
        }
        if opts.page_numbers {
            let glyphs = setter.page_number(n, number_size);
            page.lines.push((number_baseline, glyphs));
        }
        sink.push(page);
    }

    let mut warnings = Vec::new();
    if !setter.missing.is_empty() {
        let list: Vec<String> = setter
            .missing
            .iter()
            .map(|c| format!("{c} (U+{:04X})", *c as u32))
            .collect();
        warnings.push(Warning::new(
            "W101",
            format!(
                "PDF: no font has {} character(s), drawn as empty boxes: {}",
                list.len(),
                list.join(", ")
            ),
        ));
    }

    let hash = content_hash(doc, opts);
    let bytes = emit::emit(sink, &doc.meta, &sheet, hash, &mut warnings)?;
    Ok(Rendered { bytes, warnings })
}

/// A hash of everything the output depends on, for the document `/ID`.
fn content_hash(doc: &Document, opts: &PdfOptions) -> u64 {
    let meta = format!("{:?}{:?}", doc.meta, opts);
    let h = fnv1a(0, meta.bytes());
    fnv1a(h, doc.plain_text().bytes())
}

#[cfg(test)]
mod tests;
