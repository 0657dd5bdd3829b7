//! `columns`: `pdftotext -layout` keeps two columns side by side on each line, with a
//! gutter of spaces between them. Where a page has such a gutter, split every line at
//! it and read the left column, then the right. Lines that cross the gutter (a title
//! spanning both columns) stay whole where they stand.

use super::{Stage, StageCx};
use crate::classify::{display_width, ends_on_function_word, ends_open, ends_sentence, str_width};
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
        let gutters: Vec<Option<Gutter>> = src.pages.iter().map(|p| gutter(&p.lines)).collect();
        // The document's gutter, where two or more pages agree on it: a page whose
        // right column ends early (an article's last page) shows it on a few rows only.
        let mut counts: std::collections::BTreeMap<Gutter, usize> = Default::default();
        for &g in gutters.iter().flatten() {
            *counts.entry(g).or_default() += 1;
        }
        // (Or where it is one page of two: a short article.)
        let pages = src
            .pages
            .iter()
            .filter(|p| p.lines.iter().any(|l| !l.is_blank()))
            .count();
        let usual = counts
            .iter()
            .max_by_key(|&(&g, &n)| (n, std::cmp::Reverse(g)))
            .filter(|&(_, &n)| n >= 2 || n * 2 >= pages)
            .map(|(&g, _)| g);
        for (page, col) in src.pages.iter_mut().zip(gutters) {
            // (A page set on its own grid, `pdftotext -layout` measuring its
            // characters anew, has its own gutter there.)
            let col = col.or_else(|| {
                let usual = usual?;
                let text: Vec<&Line> = page.lines.iter().filter(|l| !l.is_blank()).collect();
                [Some(usual), candidate(&text, usual.chars).map(|(g, _)| g)]
                    .into_iter()
                    .flatten()
                    .find(|&g| g.col >= MIN_COLUMN && short_columns(&page.lines, g))
            });
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

/// A gutter: the position where the right column starts, counted in display cells (a
/// Han character two, as a monospaced editor shows it) or in characters (one each, as
/// `pdftotext -layout` lays out its grid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Gutter {
    col: usize,
    chars: bool,
}

/// The width of `c` where positions are counted in characters or in cells.
fn advance(c: char, chars: bool) -> usize {
    if chars {
        1
    } else {
        display_width(c).max(1)
    }
}

/// The width of `text` where positions are counted in characters or in cells.
fn width(text: &str, chars: bool) -> usize {
    if chars {
        text.chars().count()
    } else {
        str_width(text)
    }
}

/// Where the right column starts on a line: the position after a run of at least
/// [`MIN_GUTTER`] spaces that follows text, with `(position, byte)`.
fn right_starts(line: &Line, chars: bool) -> Vec<(usize, usize)> {
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
        cell += advance(c, chars);
    }
    out
}

/// Does text cover the positions just left of the gutter and the gutter itself?
fn crosses(line: &Line, g: Gutter) -> bool {
    let col = g.col;
    let mut cell = line.indent;
    let mut before = false;
    for c in line.text.chars() {
        let w = advance(c, g.chars);
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

/// The page's gutter: the most common right-column start, shared by a good share of
/// the page's lines, with few lines running across it; counted in cells or in
/// characters, whichever splits more lines (the same for Latin text).
fn gutter(lines: &[Line]) -> Option<Gutter> {
    let text: Vec<&Line> = lines.iter().filter(|l| !l.is_blank()).collect();
    if text.len() < 6 {
        return None;
    }
    // Few lines that could hold a right column at all: no columns (most pages; one
    // pass, before either count).
    let possible = text
        .iter()
        .filter(|l| l.indent >= MIN_COLUMN || has_gutter_run(&l.text))
        .count();
    if possible * 10 < text.len() * 4 || possible < 4 {
        return None;
    }
    let cells = gutter_in(&text, false);
    // (Only text beyond ASCII can count differently; std's ASCII test reads a word at a
    // time.)
    let wide = text.iter().any(|l| !l.text.is_ascii());
    let chars = if wide { gutter_in(&text, true) } else { None };
    match (cells, chars) {
        (Some(a), Some(b)) => Some(if b.1 > a.1 { b.0 } else { a.0 }),
        (a, b) => a.or(b).map(|(g, _)| g),
    }
}

/// [`gutter`] with positions counted one way, and how many lines it splits.
fn gutter_in(text: &[&Line], chars: bool) -> Option<(Gutter, usize)> {
    let (g, support) = candidate(text, chars)?;
    // (Counted first from the starts alone: most pages have no column, and telling
    // which lines cross a gutter reads every character.)
    if support * 10 < text.len() * 4 || support < 4 {
        return None;
    }
    let (split, crossing) = split_and_crossing(text, g);
    (split * 10 >= text.len() * 4
        && split >= 4
        && crossing * 10 <= text.len()
        && g.col >= MIN_COLUMN)
        .then_some((g, split))
}

/// The most common start of a right column on the page's lines, counted one way, and
/// how many lines start a right column at it or up to a paragraph indent past it (as
/// many as it can split).
fn candidate(text: &[&Line], chars: bool) -> Option<(Gutter, usize)> {
    let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for l in text {
        let starts = right_starts(l, chars);
        for &(cell, _) in &starts {
            *counts.entry(cell).or_default() += 1;
        }
        // A row of the right column alone: the columns' baselines need not line up
        // (a heading's space in one column shifts its rows), and such a row stands
        // on a line of its own, indented to the gutter.
        if starts.is_empty() && l.indent >= MIN_COLUMN {
            *counts.entry(l.indent).or_default() += 1;
        }
    }
    // Neighbouring positions count together: right columns may start one apart.
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
    let support = (col.saturating_sub(1)..=col + INDENT)
        .filter_map(|c| counts.get(&c))
        .sum();
    Some((Gutter { col, chars }, support))
}

/// The fewest positions a left column has.
const MIN_COLUMN: usize = 20;

/// How many of `text`'s lines a gutter splits (their right column starts within a
/// position of it, or they hold a row of the right column alone), and how many run
/// across it.
fn split_and_crossing(text: &[&Line], g: Gutter) -> (usize, usize) {
    let split = text
        .iter()
        .filter(|l| split_at(l, g) || right_alone(l, g))
        .count();
    let crossing = text.iter().filter(|l| crosses(l, g)).count();
    (split, crossing)
}

/// Where the gutter splits the line: its right column's start within a position of
/// the gutter, or up to a paragraph's first-line indent past it, as `(position,
/// byte)`.
fn cut_at(line: &Line, g: Gutter) -> Option<(usize, usize)> {
    right_starts(line, g.chars)
        .into_iter()
        .find(|&(c, _)| c + 1 >= g.col && c <= g.col + INDENT)
}

/// The widest first-line indent of a paragraph, in positions.
const INDENT: usize = 4;

/// Does the gutter split the line?
fn split_at(line: &Line, g: Gutter) -> bool {
    cut_at(line, g).is_some()
}

/// Is the line a row of the right column alone: indented to the gutter, or up to a
/// paragraph's first-line indent past it?
fn right_alone(line: &Line, g: Gutter) -> bool {
    line.indent + 1 >= g.col
        && line.indent <= g.col + INDENT
        && right_starts(line, g.chars).is_empty()
}

/// Does a page keep the document's gutter on a few rows (three or more split there,
/// one of its first three among them; few running across it), where its right column
/// ends early?
fn short_columns(lines: &[Line], g: Gutter) -> bool {
    let text: Vec<&Line> = lines.iter().filter(|l| !l.is_blank()).collect();
    let (split, crossing) = split_and_crossing(&text, g);
    // One of the page's first rows is split there (both columns start at the top): a
    // column that ends early, not a table lower down.
    let top = text.iter().take(3).any(|l| split_at(l, g));
    split >= 3 && top && crossing * 10 <= text.len()
}

/// Split every line of the page at the gutter: left parts in order, then right parts.
fn split_page(page: &mut Page, g: Gutter, cx: &mut StageCx) {
    let col = g.col;
    let lines = std::mem::take(&mut page.lines);
    let first = lines.first().map(|l| l.span).unwrap_or_default();
    let last = lines.last().map(|l| l.span).unwrap_or_default();
    // Where the gutter cuts each line (worked out once: the rows and the split ask it).
    let cuts: Vec<Option<(usize, usize)>> = lines.iter().map(|l| cut_at(l, g)).collect();
    // Each row: text on the left only, on the right only, or on both (or blank).
    #[derive(Clone, Copy, PartialEq)]
    enum Row {
        Left,
        Right,
        Other,
    }
    let rows: Vec<Row> = lines
        .iter()
        .zip(&cuts)
        .map(|(l, cut)| {
            if l.is_blank() || cut.is_some() {
                Row::Other
            } else if l.indent >= col {
                Row::Right
            } else if l.indent + width(&l.text, g.chars) > col {
                // A row whose text runs past the gutter (a title wider than its
                // column) leaves no gap in the right column.
                Row::Other
            } else {
                Row::Left
            }
        })
        .collect();
    // Where the two columns' baselines do not line up, a row of one column stands on a
    // line of its own between two of the other (a heading in larger type shifts the
    // rows after it; whole pages may alternate, left, right, left …). There it says
    // nothing of a gap in the other column: where that column's line before it leaves
    // a sentence open, no empty row stands in for the gap. (On a page whose rows line
    // up, a left row next to a right one is the two columns' paragraph gaps side by
    // side, after finished sentences.)
    let alternate =
        |a: Row, b: Row| matches!((a, b), (Row::Left, Row::Right) | (Row::Right, Row::Left));
    let next_to_other = |i: usize| {
        rows.get(i + 1).is_some_and(|&r| alternate(rows[i], r))
            || i.checked_sub(1)
                .is_some_and(|j| alternate(rows[j], rows[i]))
    };
    // The page's foot: its last rows, where they stand between the left column's
    // middle and the gutter and are short (a centred page number), go after the
    // right column.
    let at_foot =
        |l: &Line| l.indent * 2 > col && l.indent + 1 < col && width(&l.text, g.chars) <= col / 2;
    let foot_from = lines
        .iter()
        .rposition(|l| !l.is_blank() && !at_foot(l))
        .map_or(0, |k| k + 1);
    let mut left: Vec<Line> = Vec::new();
    let mut right: Vec<Line> = Vec::new();
    let mut foot: Vec<Line> = Vec::new();
    for (i, line) in lines.into_iter().enumerate() {
        if i >= foot_from {
            foot.push(line);
            continue;
        }
        // An empty row for the other column, unless that column's sentence goes on.
        // (A line that stops on a comma or on a word no sentence ends on, `Enduring
        // Character of the`, goes on whatever stands beside it.)
        let goes_on = |column: &[Line]| {
            column.last().is_some_and(|l| {
                !l.is_blank()
                    && (next_to_other(i) && !ends_sentence(&l.text)
                        || ends_open(&l.text)
                        || ends_on_function_word(&l.text))
            })
        };
        match cuts[i] {
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
                if !goes_on(&left) {
                    left.push(Line::default());
                }
            }
            None => {
                // Text only in the left column (or none): the right column's row is
                // empty there.
                if line.is_blank() || rows[i] == Row::Left && !goes_on(&right) {
                    right.push(Line {
                        text: String::new(),
                        span: Span {
                            start: line.span.end,
                            ..line.span
                        },
                        ..Line::default()
                    });
                }
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
    left.extend(foot);
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
        // A short article: one page of two columns, then its last page, where the
        // right column ends early and stands further right (`pdftotext -layout`
        // measures each page's characters anew).
        let shifted = last
            .replace("  The right", "         The right")
            .replace("  words stand", "         words stand");
        let shifted = shifted.replace("  rows only.", "         rows only.");
        let (lines, changes) = run(&format!("{PAGE}\u{c}{shifted}"));
        assert_eq!(changes, 2);
        let at = lines
            .iter()
            .position(|l| l == "of the page, on its own.")
            .unwrap();
        assert_eq!(lines[at + 1], "The right column's last");
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
    fn staggered_rows_counted_in_characters_read_left_then_right() {
        // `pdftotext -layout` of two Chinese columns whose baselines do not line up:
        // each row stands on a line of its own, the right column's indented to the
        // gutter, and positions count characters (a Han character one, not two
        // cells). Where rows do share a line, the right one starts at the same
        // position, or a paragraph's indent past it; the centred page number at the
        // foot stays at the foot.
        let text = "\
左栏第一行文字内容很多很多           右栏第一行文字内容很多
左栏第二行文字内容很多很多
                        右栏第二行文字内容很多
左栏第三行文字内容很多很多
                          右栏第三段文字内容很多
左栏第四行文字内容很多很多
                        右栏第四行文字内容很多
  左栏第五行文字内容很多很多
                        右栏第五行文字内容很多
左栏第六行文字内容很多很多             右栏第六段文字内容很多
                    3
";
        let (lines, changes) = run(text);
        assert_eq!(changes, 1);
        let texts: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
        assert_eq!(
            texts,
            [
                "左栏第一行文字内容很多很多",
                "左栏第二行文字内容很多很多",
                "左栏第三行文字内容很多很多",
                "左栏第四行文字内容很多很多",
                "左栏第五行文字内容很多很多",
                "左栏第六行文字内容很多很多",
                "右栏第一行文字内容很多",
                "右栏第二行文字内容很多",
                "右栏第三段文字内容很多",
                "右栏第四行文字内容很多",
                "右栏第五行文字内容很多",
                "右栏第六段文字内容很多",
                "3",
            ]
        );
        // The rows of one column follow one another with no empty row between them
        // (an empty row would be read as a paragraph break); only the column break
        // and the foot stand apart.
        let mut cx = StageCx::default();
        let src = Columns.run(crate::read::read_text(text), &mut cx).unwrap();
        let blanks = src.pages[0].lines.iter().filter(|l| l.is_blank()).count();
        assert_eq!(blanks, 1);
        // Near miss: where the left column's line before a right row ends a sentence,
        // the right row may stand beside a paragraph gap: an empty row stays.
        let ended = text.replacen(
            "左栏第三行文字内容很多很多",
            "左栏第三行文字内容很多很。",
            1,
        );
        let src = Columns
            .run(crate::read::read_text(&ended), &mut cx)
            .unwrap();
        let blanks = src.pages[0].lines.iter().filter(|l| l.is_blank()).count();
        assert_eq!(blanks, 2);
        // Near miss: counted in cells, the same rows are no columns.
        let page = &crate::read::read_text(text).pages[0];
        let rows: Vec<&Line> = page.lines.iter().filter(|l| !l.is_blank()).collect();
        assert!(gutter_in(&rows, false).is_none());
        assert!(gutter_in(&rows, true).is_some());
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
