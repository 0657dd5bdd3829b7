//! `columns`: `pdftotext -layout` keeps two columns side by side on each line, with a
//! gutter of spaces between them. Where a page has such a gutter, split every line at
//! it and read the left column, then the right. Lines that cross the gutter (a title
//! spanning both columns) stay whole where they stand.

use super::{Stage, StageCx};
use crate::classify::display_width;
use crate::error::Result;
use crate::report::Span;
use crate::source::{Line, Page, Source};

/// The `columns` stage.
pub struct Columns;

impl Stage for Columns {
    fn id(&self) -> &'static str {
        "columns"
    }

    fn run(&self, mut src: Source, cx: &mut StageCx) -> Result<Source> {
        let gutters: Vec<Option<usize>> = src.pages.iter().map(|p| gutter(&p.lines)).collect();
        // The document's gutter, where two or more pages agree on it: a page whose
        // right column ends early (an article's last page) shows it on a few rows only.
        let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
        for &col in gutters.iter().flatten() {
            *counts.entry(col).or_default() += 1;
        }
        let usual = counts
            .iter()
            .max_by_key(|&(&col, &n)| (n, std::cmp::Reverse(col)))
            .filter(|&(_, &n)| n >= 2)
            .map(|(&col, _)| col);
        for (page, col) in src.pages.iter_mut().zip(gutters) {
            let col = col.or_else(|| usual.filter(|&c| short_columns(&page.lines, c)));
            if let Some(col) = col {
                split_page(page, col, cx);
            }
        }
        Ok(src)
    }
}

/// The fewest spaces that make a gutter (a wider run than any gap between words).
const MIN_GUTTER: usize = 3;
/// Does the text hold a run of [`MIN_GUTTER`] spaces? (Found from its spaces alone,
/// with memchr: most lines have few, and a substring searcher cost more to set up than
/// the search.)
fn has_gutter_run(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b' ', b).any(|i| {
        b.get(i..i + MIN_GUTTER)
            .is_some_and(|w| w.iter().all(|&x| x == b' '))
    })
}

/// Where the right column starts on a line: the cell after a run of at least
/// [`MIN_GUTTER`] spaces that follows text, with `(cell, byte)` positions.
fn right_starts(line: &Line) -> Vec<(usize, usize)> {
    // No run of MIN_GUTTER spaces: no column.
    if !has_gutter_run(&line.text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut cell = line.indent;
    let mut spaces = 0;
    let mut seen_text = false;
    for (i, c) in line.text.char_indices() {
        if c == ' ' {
            spaces += 1;
        } else {
            if seen_text && spaces >= MIN_GUTTER {
                out.push((cell, i));
            }
            seen_text = true;
            spaces = 0;
        }
        cell += display_width(c).max(1);
    }
    out
}

/// Does text cover the cells just left of `col` and `col` itself (no gap at the gutter)?
fn crosses(line: &Line, col: usize) -> bool {
    let mut cell = line.indent;
    let mut before = false;
    for c in line.text.chars() {
        let w = display_width(c).max(1);
        if cell + w > col.saturating_sub(2) && cell < col && c != ' ' {
            before = true;
        }
        if cell >= col && cell < col + 1 && c != ' ' && before {
            return true;
        }
        cell += w;
    }
    false
}

/// The page's gutter column: the most common right-column start, shared by a good
/// share of the page's lines, with few lines running across it.
fn gutter(lines: &[Line]) -> Option<usize> {
    let text: Vec<&Line> = lines.iter().filter(|l| !l.is_blank()).collect();
    if text.len() < 6 {
        return None;
    }
    let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for l in &text {
        for (cell, _) in right_starts(l) {
            *counts.entry(cell).or_default() += 1;
        }
    }
    // Neighbouring cells count together: right columns may start a cell apart.
    let (&col, _) = counts.iter().max_by_key(|(&c, &n)| {
        (
            n + counts.get(&(c + 1)).copied().unwrap_or(0)
                + c.checked_sub(1)
                    .and_then(|d| counts.get(&d))
                    .copied()
                    .unwrap_or(0),
            std::cmp::Reverse(c),
        )
    })?;
    let (split, crossing) = split_and_crossing(&text, col);
    (split * 10 >= text.len() * 4 && split >= 4 && crossing * 10 <= text.len() && col >= 20)
        .then_some(col)
}

/// How many of `text`'s lines a gutter at `col` splits (their right column starts
/// within a cell of it), and how many run across it.
fn split_and_crossing(text: &[&Line], col: usize) -> (usize, usize) {
    let split = text.iter().filter(|l| split_at(l, col)).count();
    let crossing = text.iter().filter(|l| crosses(l, col)).count();
    (split, crossing)
}

/// Does a gutter at `col` split the line (its right column starts within a cell)?
fn split_at(line: &Line, col: usize) -> bool {
    right_starts(line)
        .iter()
        .any(|&(c, _)| c + 1 >= col && c <= col + 1)
}

/// Does a page keep the document's gutter at `col` on a few rows (three or more split
/// there, one of its first three among them; few running across it), where its right
/// column ends early?
fn short_columns(lines: &[Line], col: usize) -> bool {
    let text: Vec<&Line> = lines.iter().filter(|l| !l.is_blank()).collect();
    let (split, crossing) = split_and_crossing(&text, col);
    // One of the page's first rows is split there (both columns start at the top): a
    // column that ends early, not a table lower down.
    let top = text.iter().take(3).any(|l| split_at(l, col));
    split >= 3 && top && crossing * 10 <= text.len()
}

/// Split every line of the page at the gutter: left parts in order, then right parts.
fn split_page(page: &mut Page, col: usize, cx: &mut StageCx) {
    let lines = std::mem::take(&mut page.lines);
    let first = lines.first().map(|l| l.span).unwrap_or_default();
    let last = lines.last().map(|l| l.span).unwrap_or_default();
    let mut left: Vec<Line> = Vec::new();
    let mut right: Vec<Line> = Vec::new();
    for line in lines {
        let cut = right_starts(&line)
            .into_iter()
            .find(|&(c, _)| c + 1 >= col && c <= col + 1);
        match cut {
            Some((cell, byte)) => {
                let l_text = line.text[..byte].trim_end().to_string();
                let r_text = line.text[byte..].to_string();
                let r = Line {
                    indent: cell.saturating_sub(col),
                    span: Span {
                        start: line.span.start + byte,
                        ..line.span
                    },
                    text: r_text,
                    ..line.clone()
                };
                let l = Line {
                    span: Span {
                        end: line.span.start + l_text.len(),
                        ..line.span
                    },
                    text: l_text,
                    trail: false,
                    ..line
                };
                left.push(l);
                right.push(r);
            }
            None if line.indent >= col => {
                // Text only in the right column.
                let mut r = line;
                r.indent -= col;
                right.push(r);
                left.push(Line {
                    text: String::new(),
                    ..Line::default()
                });
            }
            None => {
                // Text only in the left column (or none): the right column's row is
                // empty there.
                right.push(Line {
                    text: String::new(),
                    span: Span {
                        start: line.span.end,
                        ..line.span
                    },
                    ..Line::default()
                });
                left.push(line);
            }
        }
    }
    cx.change(
        "C501",
        Span {
            start: first.start,
            end: last.end,
            ..first
        },
        format!("two columns side by side (gutter at cell {col})"),
        "left column, then right column",
    );
    left.push(Line::default());
    left.extend(right);
    page.lines = left;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::run_on;

    #[test]
    fn gutter_runs_found_as_a_search_finds_them() {
        for t in [
            "",
            "  ",
            "   ",
            "a   b",
            "a  b  c",
            "中文 中文",
            "x　　　y",
            "ab   ",
            "   ab",
            "a \u{3000}  b",
        ] {
            assert_eq!(has_gutter_run(t), t.contains("   "), "{t:?}");
        }
    }

    fn run(s: &str) -> (Vec<String>, usize) {
        let (lines, rules) = run_on(&[&Columns], s);
        (lines, rules.len())
    }

    /// A page of two columns side by side.
    const PAGE: &str = "\
The left column starts here      And the right column starts
and goes on for a while with     here, going on in parallel
some more words in it.           until it ends as well.

A second left paragraph          A second right paragraph
runs on down the page            runs on down the page too
to its end.                      to its own end.
";

    #[test]
    fn a_page_whose_right_column_ends_early_keeps_the_document_s_gutter() {
        // The last page: three rows of the right column, then the left alone.
        let last = "\
The last left paragraph          The right column's last
goes on down the page            words stand here, on three
for many more lines than         rows only.
the right column has, and
it runs on further still
until it ends at the foot
of the page, on its own.
";
        let (lines, changes) = run(&format!("{PAGE}\u{c}{PAGE}\u{c}{last}"));
        assert_eq!(changes, 3);
        let at = lines
            .iter()
            .position(|l| l == "The last left paragraph")
            .unwrap();
        assert_eq!(lines[at + 6], "of the page, on its own.");
        assert_eq!(lines[at + 7], "The right column's last");
        // Near misses: alone, that page is not enough to show a gutter; and a table
        // lower down a one-column page is no column that ends early.
        let (_, changes) = run(last);
        assert_eq!(changes, 0);
        let table = "\
A page of one column, with text that runs
on for some lines, and then a small table
of prices set out in rows with wide gaps:

Apples                           2 dollars
Pears                            3 dollars
Plums                            4 dollars
";
        let (_, changes) = run(&format!("{PAGE}\u{c}{PAGE}\u{c}{table}"));
        assert_eq!(changes, 2);
    }

    #[test]
    fn two_columns_read_left_then_right() {
        let (lines, changes) = run(PAGE);
        assert_eq!(changes, 1);
        assert_eq!(lines[0], "The left column starts here");
        assert_eq!(lines[5], "to its end.");
        assert_eq!(lines[6], "And the right column starts");
        assert_eq!(lines[11], "to its own end.");
    }

    #[test]
    fn chinese_columns_split_by_cells() {
        let text = "\
左栏第一行文字内容很多很多      右栏第一行文字内容
左栏第二行文字内容很多很多      右栏第二行文字内容
左栏第三行文字内容很多很多      右栏第三行文字内容
左栏第四行文字内容很多很多      右栏第四行文字内容
左栏第五行文字内容很多很多      右栏第五行文字内容
左栏第六行文字内容很多很多      右栏第六行文字内容
";
        let (lines, _) = run(text);
        assert_eq!(lines[5], "左栏第六行文字内容很多很多");
        assert_eq!(lines[6], "右栏第一行文字内容");
    }

    #[test]
    fn single_column_with_wide_spaces_left_alone() {
        // Indented code and a table row or two do not make a gutter.
        let text = "\
A single column of prose that runs across the page.
It has ordinary spaces between its words only.
    let x = 1;     // a comment
Another line of prose follows the code here.
And one more line of prose to end the page.
Name    Value
The end of the page comes after this line.
";
        let (lines, changes) = run(text);
        assert_eq!(changes, 0);
        assert_eq!(lines.len(), 7);
    }
}
