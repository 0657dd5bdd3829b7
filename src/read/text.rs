//! The plain-text reader: decoded text → pages (form feeds) ▸ lines, with spans.

use crate::classify::{detect_lang, display_width};
use crate::report::Span;
use crate::source::{Line, Page, Source};

/// Split decoded text into pages and lines. CRLF and CR line ends are accepted; a form
/// feed starts a new page. Leading indentation is measured and kept apart from the text.
pub fn read_text(text: &str) -> Source {
    let mut pages = vec![Page::default()];
    let mut line_no = 1;
    let bytes = text.as_bytes();
    // One page without form feeds (most dumps): its lines sized once, not regrown.
    if memchr::memchr(0x0C, bytes).is_none() {
        pages[0]
            .lines
            .reserve(memchr::memchr_iter(b'\n', bytes).count() + 1);
    }
    let mut start = 0;
    let mut i = 0;
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
    let lang = detect_lang(text);
    Source { pages, lang }
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
