//! DOCX writer.
//!
//! The document body, the section (page size, margins, footer) and the named styles
//! are built with `docx-rs`; the few things it cannot write are patched into the
//! built XML parts (`w:lang`, `w:firstLineChars`, the default paragraph style, core
//! properties), and the parts are zipped again, compressed and with fixed
//! timestamps, so the same document always gives the same bytes.
//!
//! Internal steps, called in order by [`write_docx`]:
//! 1. `Metrics::new` checks the options (sizes in twips and half-points),
//!    `styles::checked_fonts` the font names;
//! 2. `Body` turns each block into paragraphs; lists get real numbering
//!    (`numbering::Lists`: one `w:num` per list, so each restarts);
//! 3. `styles::add_styles` adds the named styles and the document defaults;
//! 4. `section` sets the page size, margins and a footer with a PAGE field;
//! 5. `package::finish` patches the built parts and zips them.
//!
//! Style ids: `Heading1`…`Heading6` (names `heading 1`…, with outline levels),
//! `BodyText`, `Byline`, `ListParagraph`, `Footer`, and an unused `Title`.
//! Warnings: W301 control characters removed, W302 unusable page setup,
//! W303 bad timestamp, W304 unusable font name, W305 body size out of range.

mod numbering;
mod package;
mod reference;

pub use reference::Reference;
mod styles;
#[cfg(test)]
mod tests;

use docx_rs::{
    AlignmentType, BreakType, BuildXML, Docx, FieldCharType, Footer, IndentLevel, InstrText,
    NumberingId, PageMargin, PageNum, Paragraph, Run,
};

use super::{PageSetup, Rendered};
use crate::doc::{Block, Document, Lang, List};
use crate::error::Result;
use crate::report::Warning;

/// Options for [`write_docx`].
#[derive(Debug, Clone)]
pub struct DocxOptions {
    /// Page size and margins (the same as the PDF's).
    pub page: PageSetup,
    /// Font names written into the styles and document defaults.
    pub fonts: DocxFonts,
    /// Body text size in points (12 = 小四); headings are scaled from it.
    pub body_size_pt: f32,
    /// Put a centred page number (a `PAGE` field) in the footer.
    pub page_numbers: bool,
    /// Insert a table of contents (a `TOC` field over Heading 1–3) after the title.
    pub toc: bool,
    /// A reference document whose styles, theme and font table replace ours
    /// (`--reference-doc`); its page setup is the caller's to apply to `page`.
    pub reference: Option<std::sync::Arc<Reference>>,
    /// The `dcterms:created` / `dcterms:modified` timestamp (W3CDTF, like
    /// `2024-05-01T08:00:00Z`). `None` writes the fixed `2000-01-01T00:00:00Z`,
    /// so the same input always gives the same bytes.
    pub timestamp: Option<String>,
}

impl Default for DocxOptions {
    fn default() -> Self {
        DocxOptions {
            page: PageSetup::default(),
            fonts: DocxFonts::default(),
            body_size_pt: 12.0,
            page_numbers: true,
            toc: false,
            reference: None,
            timestamp: None,
        }
    }
}

/// Font names for the styles. Fonts are named, never embedded: Word and LibreOffice
/// substitute a similar font when one is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxFonts {
    /// Latin font of body text (`w:ascii`, `w:hAnsi`, `w:cs`).
    pub body_latin: String,
    /// East Asian font of body text (`w:eastAsia`): 宋体.
    pub body_east_asian: String,
    /// Latin font of headings.
    pub heading_latin: String,
    /// East Asian font of headings: 黑体.
    pub heading_east_asian: String,
    /// East Asian font of bylines in Chinese documents: 楷体 by convention
    /// (English bylines are set in italics instead).
    pub byline_east_asian: String,
    /// Latin font of preformatted text (code): Courier New, which LibreOffice
    /// replaces by Liberation Mono.
    pub mono: String,
}

impl Default for DocxFonts {
    fn default() -> Self {
        DocxFonts {
            body_latin: "Times New Roman".into(),
            body_east_asian: "SimSun".into(),
            heading_latin: "Arial".into(),
            heading_east_asian: "SimHei".into(),
            byline_east_asian: "KaiTi".into(),
            mono: "Courier New".into(),
        }
    }
}

// Warning codes of this writer (listed in the module documentation).
const W_CONTROL_CHARS: &str = "W301";
const W_PAGE_SETUP: &str = "W302";
const W_TIMESTAMP: &str = "W303";
const W_FONT_NAME: &str = "W304";
const W_BODY_SIZE: &str = "W305";

/// Text bytes of paragraphs collected before they are turned into XML, in parallel,
/// and written to the package.
const CHUNK_BYTES: usize = 256 * 1024;

/// Render `doc` as a DOCX file.
///
/// The body is made a chunk of paragraphs at a time: docx-rs builds each chunk's
/// paragraphs, they are serialised in parallel (rayon) and deflated into the package
/// at once. The rest of the document (styles, numbering, section) is built by
/// docx-rs around a placeholder paragraph that marks where the body goes.
pub fn write_docx(doc: &Document, opts: &DocxOptions) -> Result<Rendered> {
    let mut warnings = Vec::new();
    let metrics = Metrics::new(opts, &mut warnings);
    let fonts = styles::checked_fonts(&opts.fonts, &mut warnings);
    let lang = doc.meta.language;
    let timestamp = package::checked_timestamp(opts.timestamp.as_deref(), &mut warnings);
    let subject = doc.subject();
    let info = package::PackageInfo {
        meta: &doc.meta,
        subject: subject.as_deref(),
        lang,
        fonts: &fonts,
        timestamp: &timestamp,
        reference: opts.reference.as_deref(),
    };
    // Everything but the body and the lists' numbering; the footer's paragraph id
    // here is a stand-in (only the parts before the body are taken from this build).
    let placeholder = || Paragraph::new().id("7FFFFFFF");
    let placeholder_xml = placeholder().build();
    // docx-rs relates numbering.xml to the document when a numbered paragraph is
    // added; ours never are, so say it here (before the body, as the package starts).
    let numbered = doc
        .flat_blocks()
        .any(|b| matches!(b, Block::List(l) if !l.items.is_empty()));
    let skeleton = |lists: Option<numbering::Lists<'_>>, ids: &mut ParaIds| {
        let mut docx = styles::add_styles(Docx::new(), &fonts, lang, &metrics);
        docx = docx.add_paragraph(placeholder());
        docx.document_rels.has_numberings = numbered;
        if let Some(lists) = lists {
            docx = lists.install(docx);
        }
        section(docx, opts, &metrics, ids).build()
    };
    let mut package = package::Streaming::start(
        &skeleton(None, &mut ParaIds::default()),
        placeholder_xml,
        &info,
    )?;

    let mut body = Body::new(&metrics);
    // The table of contents goes after the document's title (a first level-1
    // heading), else at the top.
    let title_first = matches!(
        doc.flat_blocks().next(),
        Some(Block::Heading { level: 1, .. })
    );
    let mut toc_pending = opts.toc;
    for (k, block) in doc.flat_blocks().enumerate() {
        if toc_pending && (k > 0 || !title_first) {
            body.toc(&doc.headings(), lang);
            toc_pending = false;
        }
        body.block(block);
        if body.pending_bytes >= CHUNK_BYTES {
            body.flush(&mut package)?;
        }
    }
    if toc_pending {
        body.toc(&doc.headings(), lang);
    }
    body.flush(&mut package)?;
    let Body {
        mut ids,
        lists,
        removed_chars,
        ..
    } = body;
    let built = skeleton(Some(lists), &mut ids);

    if removed_chars > 0 {
        warnings.push(Warning::new(
            W_CONTROL_CHARS,
            format!("DOCX: removed {removed_chars} control character(s) that XML cannot hold"),
        ));
    }
    let bytes = package.finish(built, &info)?;
    Ok(Rendered { bytes, warnings })
}

/// Sizes derived from the options, checked.
#[derive(Debug, Clone, Copy)]
struct Metrics {
    /// Body font size in half-points (`w:sz`).
    body_half_points: usize,
    /// Page width and height in twips.
    page_w: u32,
    page_h: u32,
    /// Margins in twips: top, right, bottom, left.
    margin: [i32; 4],
}

impl Metrics {
    fn new(opts: &DocxOptions, warnings: &mut Vec<Warning>) -> Metrics {
        let size = opts.body_size_pt;
        let body_half_points = if size.is_finite() && (4.0..=200.0).contains(&size) {
            (size * 2.0).round() as usize
        } else {
            warnings.push(Warning::new(
                W_BODY_SIZE,
                format!("DOCX: body size {size} pt is out of range (4–200), using 12 pt"),
            ));
            24
        };
        let (page_w, page_h, margin) = page_twips(&opts.page).unwrap_or_else(|| {
            warnings.push(Warning::new(
                W_PAGE_SETUP,
                format!("DOCX: page setup {:?} is not usable, using A4", opts.page),
            ));
            // The default setup is always valid; the literal is a last resort.
            page_twips(&PageSetup::default()).unwrap_or((11906, 16838, [1417, 1247, 1417, 1247]))
        });
        Metrics {
            body_half_points,
            page_w,
            page_h,
            margin,
        }
    }

    /// The width of `n` body characters (full-width), in twips.
    fn chars(&self, n: usize) -> i32 {
        // A full-width character is as wide as the font size: half-points × 10 twips.
        i32::try_from(self.body_half_points * 10 * n).unwrap_or(i32::MAX)
    }
}

/// Millimetres to twips (1/1440 inch).
fn mm_to_twips(mm: f32) -> f64 {
    f64::from(mm) * 1440.0 / 25.4
}

/// Page size and margins in twips, or `None` when the setup is unusable
/// (not finite, negative, larger than Word's 22 inches, or margins leaving no room).
fn page_twips(page: &PageSetup) -> Option<(u32, u32, [i32; 4])> {
    const MAX: f64 = 31680.0; // 22 inches, Word's largest page
    let w = mm_to_twips(page.width_mm);
    let h = mm_to_twips(page.height_mm);
    let m = [
        mm_to_twips(page.margin_top_mm),
        mm_to_twips(page.margin_right_mm),
        mm_to_twips(page.margin_bottom_mm),
        mm_to_twips(page.margin_left_mm),
    ];
    let ok = |v: f64, max: f64| v.is_finite() && (0.0..=max).contains(&v);
    if !ok(w, MAX) || !ok(h, MAX) || w < 1440.0 || h < 1440.0 {
        return None;
    }
    if !m.iter().all(|&v| ok(v, MAX)) || m[1] + m[3] > w - 720.0 || m[0] + m[2] > h - 720.0 {
        return None;
    }
    let margin = m.map(|v| v.round() as i32);
    Some((w.round() as u32, h.round() as u32, margin))
}

/// Deterministic paragraph ids (`w14:paraId`). docx-rs numbers paragraphs with a
/// thread-local counter, so its own ids depend on what the thread wrote before.
#[derive(Debug, Default)]
struct ParaIds(u32);

impl ParaIds {
    fn paragraph(&mut self) -> Paragraph {
        Paragraph::new().id(format!("{:08X}", self.next()))
    }

    fn next(&mut self) -> u32 {
        // paraId must stay below 0x80000000; wrapping at 2^31 paragraphs is harmless.
        self.0 = (self.0 % 0x7FFF_FFFE) + 1;
        self.0
    }
}

/// A paragraph of the body: built by docx-rs, or, for the commonest kind (a named
/// style and one run of plain text), written directly as the XML docx-rs would build
/// for it, in schema order (a test checks the two agree): building and re-ordering
/// each paragraph cost more than deflating it.
enum Para {
    Built(Box<Paragraph>),
    Xml(String),
}

/// The XML of a paragraph with style `style` and one run of `text` (no tab or line
/// break in it), with paragraph id `id`: exactly what docx-rs builds, put in schema
/// order.
fn plain_paragraph_xml(id: u32, style: &str, text: &str) -> String {
    use std::fmt::Write;
    let mut xml = String::with_capacity(text.len() + 160);
    // (Writing to a String cannot fail.)
    let _ = write!(
        xml,
        "<w:p w14:paraId=\"{id:08X}\"><w:pPr><w:pStyle w:val=\"{style}\" /><w:rPr /></w:pPr><w:r><w:rPr /><w:t xml:space=\"preserve\">"
    );
    let mut rest = text;
    while let Some(k) = rest.find(['&', '<', '>', '"', '\'', '\r']) {
        xml.push_str(&rest[..k]);
        xml.push_str(match rest.as_bytes()[k] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            _ => "",
        });
        rest = &rest[k + 1..];
    }
    xml.push_str(rest);
    xml.push_str("</w:t></w:r></w:p>");
    xml
}

/// The body under construction.
struct Body<'a> {
    /// Paragraphs made, not yet written.
    paragraphs: Vec<Para>,
    /// Their text's length in bytes.
    pending_bytes: usize,
    ids: ParaIds,
    lists: numbering::Lists<'a>,
    removed_chars: usize,
}

impl<'a> Body<'a> {
    fn new(metrics: &'a Metrics) -> Self {
        Body {
            paragraphs: Vec::new(),
            pending_bytes: 0,
            ids: ParaIds::default(),
            lists: numbering::Lists::new(metrics),
            removed_chars: 0,
        }
    }

    /// Serialise the paragraphs made so far (in parallel), put their properties in
    /// schema order and write them to the package.
    fn flush(&mut self, package: &mut package::Streaming) -> Result<()> {
        use rayon::prelude::*;
        let paragraphs = std::mem::take(&mut self.paragraphs);
        self.pending_bytes = 0;
        let xml: Vec<Vec<u8>> = paragraphs
            .par_chunks(64)
            .map(|chunk| {
                let mut xml = Vec::new();
                let mut built = Vec::new();
                for p in chunk {
                    match p {
                        Para::Built(p) => built.extend_from_slice(&p.build()),
                        Para::Xml(x) => {
                            if !built.is_empty() {
                                let b = std::mem::take(&mut built);
                                xml.extend(package::schema_order(b, "document.xml")?);
                            }
                            xml.extend_from_slice(x.as_bytes());
                        }
                    }
                }
                if !built.is_empty() {
                    xml.extend(package::schema_order(built, "document.xml")?);
                }
                Ok(xml)
            })
            .collect::<Result<_>>()?;
        drop(paragraphs);
        for part in xml {
            package.body(&part)?;
        }
        Ok(())
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, text } => {
                let style = styles::heading_style_id(*level);
                self.push(style, text);
            }
            Block::Paragraph { text } => self.push(styles::BODY_TEXT, text),
            Block::Byline { text, .. } => self.push(styles::BYLINE, text),
            // Line breaks inside become `w:br`.
            Block::Quote { text } => self.push(styles::QUOTE, text),
            Block::Preformatted { text } => self.push(styles::PREFORMATTED, text),
            Block::List(list) => self.list(list, 0),
            // `flat_blocks` opens articles up.
            Block::Article(_) => {}
        }
    }

    /// A table of contents: a `TOC` field over headings of levels 1–3, marked dirty so
    /// Word fills in page numbers when it opens the file, and holding the headings as
    /// its current result for readers that do not update fields.
    fn toc(&mut self, headings: &[(u8, &str)], lang: Lang) {
        let caption = if lang.is_cjk() { "目录" } else { "Contents" };
        let p = self.ids.paragraph().style(styles::TOC_HEADING);
        let p = self.with_text(p, caption);
        self.paragraphs.push(Para::Built(Box::new(p)));
        let entries: Vec<(u8, &str)> = headings
            .iter()
            .filter(|(l, t)| (1..=3).contains(l) && !t.trim().is_empty())
            .copied()
            .collect();
        let begin = Run::new()
            .add_field_char(FieldCharType::Begin, true)
            .add_instr_text(InstrText::Unsupported(r#"TOC \o "1-3" \h \z \u"#.into()))
            .add_field_char(FieldCharType::Separate, false);
        let end = Run::new().add_field_char(FieldCharType::End, false);
        let n = entries.len().max(1);
        for i in 0..n {
            let (level, text) = entries.get(i).copied().unwrap_or((1, ""));
            let mut p = self.ids.paragraph().style(styles::toc_style_id(level));
            if i == 0 {
                p = p.add_run(begin.clone());
            }
            p = self.with_text(p, text.trim());
            if i + 1 == n {
                p = p.add_run(end.clone());
            }
            self.paragraphs.push(Para::Built(Box::new(p)));
        }
    }

    /// A list's items, each followed by the lists nested in it.
    fn list(&mut self, list: &List, depth: usize) {
        let Some(num_id) = self.lists.add(list, depth) else {
            return;
        };
        for item in &list.items {
            let p = self
                .ids
                .paragraph()
                .style(if list.kind.is_ordered() {
                    styles::LIST_NUMBER
                } else {
                    styles::LIST_BULLET
                })
                .numbering(
                    NumberingId::new(num_id),
                    IndentLevel::new(depth.min(numbering::MAX_DEPTH)),
                );
            let p = self.with_text(p, item.text.trim_start());
            self.paragraphs.push(Para::Built(Box::new(p)));
            for child in &item.children {
                self.list(child, depth + 1);
            }
        }
    }

    fn push(&mut self, style: &str, text: &str) {
        if !text.is_empty() && !text.contains(['\t', '\n', '\r']) {
            let (clean, removed) = clean_text(text);
            if !clean.is_empty() {
                self.removed_chars += removed;
                self.pending_bytes += clean.len() + 64;
                let id = self.ids.next();
                self.paragraphs
                    .push(Para::Xml(plain_paragraph_xml(id, style, &clean)));
                return;
            }
        }
        let p = self.ids.paragraph().style(style);
        let p = self.with_text(p, text);
        self.paragraphs.push(Para::Built(Box::new(p)));
    }

    /// One run holding the text; tabs become `w:tab`, line breaks `w:br`.
    fn with_text(&mut self, p: Paragraph, text: &str) -> Paragraph {
        let (clean, removed) = clean_text(text);
        self.removed_chars += removed;
        self.pending_bytes += clean.len() + 64;
        if clean.is_empty() {
            return p;
        }
        let mut run = Run::new();
        let mut piece = String::new();
        for c in clean.chars() {
            match c {
                '\t' | '\n' => {
                    if !piece.is_empty() {
                        run = run.add_text(std::mem::take(&mut piece));
                    }
                    run = if c == '\t' {
                        run.add_tab()
                    } else {
                        run.add_break(BreakType::TextWrapping)
                    };
                }
                _ => piece.push(c),
            }
        }
        if !piece.is_empty() {
            run = run.add_text(piece);
        }
        p.add_run(run)
    }
}

/// Text XML can hold: line ends normalised to `\n`, characters XML 1.0 forbids
/// (C0 controls but tab and newline, U+FFFE, U+FFFF) and C1 controls removed.
/// Returns the text and how many characters were removed.
fn clean_text(text: &str) -> (String, usize) {
    // Most text has nothing to clean: found from the bytes (controls but tab and line
    // feed, C1 controls `C2 80`–`C2 9F`, and U+FFFE/U+FFFF `EF BF BE`/`EF BF BF`).
    let b = text.as_bytes();
    let dirty = b.iter().enumerate().any(|(i, &x)| match x {
        b'\t' | b'\n' => false,
        0..=0x1F | 0x7F => true,
        0xC2 => b.get(i + 1).is_some_and(|y| (0x80..=0x9F).contains(y)),
        0xEF => b.get(i + 1) == Some(&0xBF) && b.get(i + 2).is_some_and(|&y| y >= 0xBE),
        _ => false,
    });
    if !dirty {
        return (text.to_string(), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut removed = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' | '\n' => out.push(c),
            c if c < ' ' || ('\u{7F}'..='\u{9F}').contains(&c) => removed += 1,
            '\u{FFFE}' | '\u{FFFF}' => removed += 1,
            c => out.push(c),
        }
    }
    (out, removed)
}

/// Page size, margins and the footer with the page number.
fn section(docx: Docx, opts: &DocxOptions, m: &Metrics, ids: &mut ParaIds) -> Docx {
    let [top, right, bottom, left] = m.margin;
    let margin = PageMargin::new()
        .top(top)
        .right(right)
        .bottom(bottom)
        .left(left)
        .header(top / 2)
        .footer(bottom / 2)
        .gutter(0);
    let mut docx = docx.page_size(m.page_w, m.page_h).page_margin(margin);
    if opts.page.columns > 1 {
        let section = &mut docx.document.section_property;
        section.columns = usize::from(opts.page.columns);
        section.space = mm_to_twips(opts.page.column_gap_mm).round() as usize;
    }
    if !opts.page_numbers {
        return docx;
    }
    let footer = Footer::new().add_paragraph(
        ids.paragraph()
            .style(styles::FOOTER)
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new()),
    );
    docx.footer(footer)
}
