//! The plain-text reader: decoded text → pages (form feeds) ▸ lines, with spans.

use crate::classify::{detect_lang, display_width};
use crate::report::Span;
use crate::source::{Line, Page, Source};

/// Split decoded text into pages and lines. CRLF and CR line ends are accepted; a form
/// feed starts a new page. Leading indentation is measured and kept apart from the text.
pub fn read_text(text: &str) -> Source {
    let bytes = text.as_bytes();
    // A large text is read in pieces of about a megabyte, side by side (rayon): each
    // ends just after a line feed, so no line (nor a `\r\n`) is cut; the pieces' pages
    // are stitched back and their line numbers moved on by the lines before them.
    let mut cuts = vec![0];
    while let Some(&last) = cuts.last() {
        let from = last + READ_PIECE;
        match bytes
            .get(from..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
        {
            Some(k) if from + k + 1 < bytes.len() => cuts.push(from + k + 1),
            _ => break,
        }
    }
    cuts.push(bytes.len());
    let pages = if cuts.len() <= 2 {
        read_range(text, 0, bytes.len()).0
    } else {
        use rayon::prelude::*;
        let pieces: Vec<(Vec<Page>, usize)> = cuts
            .par_windows(2)
            .map(|w| read_range(text, w[0], w[1]))
            .collect();
        let mut pages: Vec<Page> = Vec::new();
        let mut lines_before = 0;
        for (piece, breaks) in pieces {
            for (k, mut page) in piece.into_iter().enumerate() {
                for l in &mut page.lines {
                    l.span.line += lines_before;
                }
                match (k, pages.last_mut()) {
                    // The piece's first page goes on with the page before it.
                    (0, Some(last)) => last.lines.append(&mut page.lines),
                    _ => pages.push(page),
                }
            }
            lines_before += breaks;
        }
        pages
    };
    let lang = detect_lang(text);
    Source { pages, lang }
}

/// Bytes a piece of a large text is read in (see [`read_text`]).
const READ_PIECE: usize = 1 << 20;

/// The pages of `text[from..to]` (line numbers counted from 1 there), and how many
/// line breaks it holds.
fn read_range(text: &str, from: usize, to: usize) -> (Vec<Page>, usize) {
    let mut pages = vec![Page::default()];
    let mut line_no = 1;
    let bytes = &text.as_bytes()[..to];
    // One page without form feeds (most dumps): its lines sized once, not regrown.
    if memchr::memchr(0x0C, &bytes[from..]).is_none() {
        pages[0]
            .lines
            .reserve(memchr::memchr_iter(b'\n', &bytes[from..]).count() + 1);
    }
    let mut start = from;
    let mut i = from;
    let push = |pages: &mut Vec<Page>, s: usize, e: usize, line_no: usize| {
        if let Some(page) = pages.last_mut() {
            page.lines.push(make_line(&text[s..e], s, line_no));
        }
    };
    while let Some(k) = memchr::memchr3(b'\n', b'\r', 0x0C, &bytes[i..]) {
        i += k;
        match bytes[i] {
            b'\n' | b'\r' => {
                push(&mut pages, start, i, line_no);
                if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                line_no += 1;
                start = i + 1;
            }
            0x0C => {
                // A form feed ends the page; text after it starts the next page's first line.
                if start < i {
                    push(&mut pages, start, i, line_no);
                }
                pages.push(Page::default());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        push(&mut pages, start, bytes.len(), line_no);
    }
    (pages, line_no - 1)
}

fn make_line(raw: &str, offset: usize, line_no: usize) -> Line {
    let trimmed_start = raw.trim_start();
    let lead = &raw[..raw.len() - trimmed_start.len()];
    let indent = lead
        .chars()
        .map(|c| if c == '\t' { 4 } else { display_width(c) })
        .sum();
    let text = trimmed_start.trim_end();
    let s = offset + lead.len();
    Line {
        text: text.to_string(),
        indent,
        span: Span {
            start: s,
            end: s + text.len(),
            line: line_no,
            column: 1,
        },
        trail: !text.is_empty() && trimmed_start.len() > text.len(),
        ..Line::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_text_read_in_pieces_reads_as_one() {
        // Line ends of every kind, form feeds and blank lines, around the pieces' cuts.
        let unit = "第一行\r\n second line \n\n\u{c}第三页\rfour\n\u{c}\n";
        let text = unit.repeat(3 * READ_PIECE / unit.len() + 7);
        let whole = read_range(&text, 0, text.len()).0;
        let src = read_text(&text);
        assert_eq!(src.pages.len(), whole.len());
        for (a, b) in src.pages.iter().zip(&whole) {
            assert_eq!(a.lines.len(), b.lines.len());
            for (x, y) in a.lines.iter().zip(&b.lines) {
                assert_eq!(
                    (&x.text, x.indent, x.span, x.trail),
                    (&y.text, y.indent, y.span, y.trail)
                );
            }
        }
    }

    #[test]
    fn line_ends_and_form_feeds() {
        let src = read_text("a\r\nb\rc\n\u{c}d\n  e  \n");
        assert_eq!(src.pages.len(), 2);
        let p0: Vec<_> = src.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(p0, ["a", "b", "c"]);
        let p1: Vec<_> = src.pages[1]
            .lines
            .iter()
            .map(|l| (l.text.as_str(), l.indent))
            .collect();
        assert_eq!(p1, [("d", 0), ("e", 2)]);
        assert_eq!(src.pages[1].lines[1].span.line, 5);
    }

    #[test]
    fn full_width_indent_counts_two_cells() {
        let src = read_text("\u{3000}\u{3000}正文");
        assert_eq!(src.pages[0].lines[0].indent, 4);
        assert_eq!(src.pages[0].lines[0].text, "正文");
    }
}
