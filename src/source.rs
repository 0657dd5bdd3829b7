//! The source model the readers produce and the stages mend: pages ▸ lines, each line
//! with the span of input it came from.

use crate::doc::Lang;
use crate::report::Span;

/// A decoded, not yet structured, text dump.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// Pages in input order (form feeds split pages; text without form feeds is one page).
    pub pages: Vec<Page>,
    /// The detected main language.
    pub lang: Lang,
}

/// One page of lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Lines in input order. A blank line is a line with empty `text`.
    pub lines: Vec<Line>,
}

/// One line (after joining: one logical block of text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    /// The text, without the line end and without leading indentation.
    pub text: String,
    /// The leading indentation in display cells (a full-width space `　` counts 2).
    pub indent: usize,
    /// Where in the decoded input this line comes from (a joined line spans all its parts).
    pub span: Span,
    /// Did the line end with spaces (a word boundary where a cut meets the next line)?
    pub trail: bool,
    /// Does this line (block) start right after a page break: a form feed, or a removed
    /// page number or running header? Reading order prefers to cut there.
    pub seam: bool,
    /// Is the blank line before this line a cut inside a column (pieces of interleaved
    /// columns), not a paragraph break?
    pub cut: bool,
    /// Does the line run to its column's right edge? Known from OCR geometry (hOCR,
    /// ALTO, PAGE): `Some(false)` — it stops short, ending a paragraph; `None` for text
    /// input, where the join stage judges by width.
    pub full: Option<bool>,
    /// Lines that keep their breaks (code, verse), found by the `verbatim` stage: the
    /// text holds them separated by `\n`, and no later stage joins or splits it.
    pub verbatim: Option<Verbatim>,
}

/// What kind of block keeps its line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbatim {
    /// Source code or other preformatted text: indentation kept too.
    Code,
    /// Indented verse: a block quote with its line breaks.
    Verse,
}

impl Line {
    /// Is this a blank line (a paragraph-break signal)?
    #[inline]
    pub fn is_blank(&self) -> bool {
        // Asked of every line again and again: the first character nearly always says.
        match self.text.as_bytes().first() {
            None => true,
            Some(&b) if !crate::classify::may_lead_space(b) => false,
            Some(_) => self.text.trim().is_empty(),
        }
    }
}

/// Add a block to lines in the shape [`Source::from_blocks`] makes: a blank line
/// before it, unless it is the first.
pub fn push_block(lines: &mut Vec<Line>, b: Line) {
    if !lines.is_empty() {
        let at = Span {
            start: b.span.start,
            end: b.span.start,
            line: b.span.line,
            column: 0,
        };
        lines.push(Line {
            text: String::new(),
            span: at,
            ..Line::default()
        });
    }
    lines.push(b);
}

impl Source {
    /// All lines of all pages, in order.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.pages.iter().flat_map(|p| p.lines.iter())
    }

    /// One page of blocks separated by single blank lines: the shape the joining and
    /// reordering stages hand on.
    pub fn from_blocks(blocks: Vec<Line>, lang: Lang) -> Source {
        let mut lines = Vec::with_capacity(blocks.len() * 2);
        for b in blocks {
            push_block(&mut lines, b);
        }
        Source {
            pages: vec![Page { lines }],
            lang,
        }
    }

    /// The text as it stands: lines joined by newlines, pages by form feeds.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (i, page) in self.pages.iter().enumerate() {
            if i > 0 {
                out.push('\u{c}');
            }
            for (j, line) in page.lines.iter().enumerate() {
                if j > 0 {
                    out.push('\n');
                }
                if line.verbatim.is_some() {
                    // Code and verse keep their indentation, so they read back the same.
                    let pad = " ".repeat(line.indent);
                    let lines: Vec<String> = line
                        .text
                        .split('\n')
                        .map(|l| {
                            if l.is_empty() {
                                String::new()
                            } else {
                                format!("{pad}{l}")
                            }
                        })
                        .collect();
                    out.push_str(&lines.join("\n"));
                } else {
                    out.push_str(&line.text);
                }
            }
        }
        out
    }
}
