//! `interleaved-columns`: `pdftotext` in its default mode reads a two-column page row
//! by row, so pieces of the left and right columns alternate, each piece separated by
//! a blank line. A page is suspect when most of its pieces stop in mid-sentence. Its
//! pieces are then dealt into two columns, keeping their order within each, so that
//! every piece goes on from the one before it in its column as well as possible
//! (punctuation, case, the document's words and Han n-grams); the left column is read
//! first, then the right. The split is kept only where that fits the text clearly
//! better than the order as extracted.

use super::fit::{lone_bullet, Fit};
use super::{Stage, StageCx};
use crate::classify::{ends_sentence, heading_like, str_width};
use crate::error::Result;
use crate::report::Span;
use crate::source::{Line, Page, Source};

/// The `interleaved-columns` stage.
pub struct InterleavedColumns;

impl Stage for InterleavedColumns {
    fn id(&self) -> &'static str {
        "interleaved-columns"
    }

    fn run(&self, mut src: Source, cx: &mut StageCx) -> Result<Source> {
        let all: Vec<Line> = src.lines().cloned().collect();
        let fit = Fit::collect(&all);
        for page in &mut src.pages {
            deinterleave(page, &fit, cx);
        }
        Ok(src)
    }
}

/// A piece: a run of non-blank lines, as line indices `start..end` of its page.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
}

fn pieces(lines: &[Line]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, l) in lines.iter().enumerate() {
        match (l.is_blank(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push(Piece { start: s, end: i });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Piece {
            start: s,
            end: lines.len(),
        });
    }
    out
}

/// Does a piece stop in mid-sentence at the full width of its column (not at a
/// sentence end, not a short heading, not a bullet)?
fn stops_open(lines: &[Line], p: Piece, full: usize) -> bool {
    let last = &lines[p.end - 1].text;
    if lone_bullet(last) || str_width(last) < full {
        return false;
    }
    let short_heading = p.end - p.start == 1 && heading_like(last) && str_width(last) <= 30;
    !(ends_sentence(last) || short_heading)
}

/// The most pieces a page may have for the two-column search.
const MAX_PIECES: usize = 400;

/// A small reward for switching columns between consecutive pieces: the rows of two
/// columns alternate. It only breaks ties; the text's own evidence decides.
const SWITCH: f32 = 1.0;

fn deinterleave(page: &mut Page, fit: &Fit, cx: &mut StageCx) {
    let lines = &page.lines;
    let ps = pieces(lines);
    let n = ps.len();
    // The dynamic programme is quadratic in the pieces of a page: a "page" of thousands
    // of pieces (a long dump without form feeds) is not a two-column page anyway.
    if !(8..=MAX_PIECES).contains(&n) {
        return;
    }
    // A full line of the page: as wide as its longer lines.
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| str_width(&l.text))
        .collect();
    widths.sort_unstable();
    let full = widths[widths.len() * 3 / 4] * 4 / 5;
    let open = ps.iter().filter(|&&p| stops_open(lines, p, full)).count();
    if open * 10 < n * 4 {
        return;
    }
    let score = |a: usize, b: usize| -> f32 {
        fit.score(&lines[ps[a].end - 1].text, &lines[ps[b].start].text)
    };
    // best[i][j]: the best score with piece i placed last in its column and piece j
    // (j < i, or n for none) last in the other one; col[i][j]: piece i's column.
    const NONE_SCORE: f32 = f32::NEG_INFINITY;
    let mut best = vec![vec![NONE_SCORE; n + 1]; n];
    let mut col = vec![vec![0u8; n + 1]; n];
    let mut from = vec![vec![usize::MAX; n + 1]; n];
    best[0][n] = 0.0;
    for i in 0..n - 1 {
        for j in (0..i).chain(std::iter::once(n)) {
            let s = best[i][j];
            if s == NONE_SCORE {
                continue;
            }
            let c = col[i][j];
            // Same column as piece i.
            let same = s + score(i, i + 1);
            if same > best[i + 1][j] {
                best[i + 1][j] = same;
                col[i + 1][j] = c;
                from[i + 1][j] = j;
            }
            // The other column, after piece j there.
            let other = s + SWITCH + if j == n { 0.0 } else { score(j, i + 1) };
            if other > best[i + 1][i] {
                best[i + 1][i] = other;
                col[i + 1][i] = 1 - c;
                from[i + 1][i] = j;
            }
        }
    }
    // Trace the best assignment back.
    let (mut j, _) = (0..=n)
        .map(|j| (j, best[n - 1][j]))
        .fold((n, NONE_SCORE), |acc, x| if x.1 > acc.1 { x } else { acc });
    let mut assign = vec![0u8; n];
    let mut i = n - 1;
    loop {
        assign[i] = col[i][j];
        if i == 0 {
            break;
        }
        // The state before: piece i-1 last, with the other column's last it recorded.
        j = from[i][j];
        i -= 1;
    }
    // Evidence only: the fit of the split against the fit of the extracted order.
    let evidence =
        |order: &[usize]| -> f32 { order.windows(2).map(|w| score(w[0], w[1])).sum::<f32>() };
    let left: Vec<usize> = (0..n).filter(|&k| assign[k] == 0).collect();
    let right: Vec<usize> = (0..n).filter(|&k| assign[k] == 1).collect();
    if right.is_empty() || left.is_empty() {
        return;
    }
    let split = evidence(&left) + evidence(&right);
    if std::env::var_os("DOCMEND_DEBUG").is_some() {
        for k in 0..n {
            eprintln!(
                "{} {:?}",
                assign[k],
                &lines[ps[k].start].text.chars().take(30).collect::<String>()
            );
        }
        eprintln!(
            "split {split} plain {}",
            evidence(&(0..n).collect::<Vec<_>>())
        );
    }
    let plain = evidence(&(0..n).collect::<Vec<_>>());
    if split < plain + (n as f32 / 8.0).max(3.0) {
        return;
    }
    let first = lines[ps[0].start].span;
    let last = lines[ps[n - 1].end - 1].span;
    cx.change(
        "C502",
        Span {
            start: first.start,
            end: last.end,
            ..first
        },
        format!("{n} pieces of two columns interleaved"),
        format!(
            "left column ({} pieces), then right ({})",
            left.len(),
            right.len()
        ),
    );
    let old = std::mem::take(&mut page.lines);
    let mut out: Vec<Line> = Vec::with_capacity(old.len() + 2);
    // Blank lines before the first piece stay at the top.
    out.extend(old[..ps[0].start].iter().cloned());
    for (k, &p) in left.iter().chain(right.iter()).enumerate() {
        if k > 0 {
            out.push(Line {
                span: Span {
                    end: old[ps[p].start].span.start,
                    ..old[ps[p].start].span
                },
                ..Line::default()
            });
        }
        let mut piece = old[ps[p].start..ps[p].end].to_vec();
        // The blank line before a piece is a cut in the column, not a paragraph break.
        piece[0].cut = true;
        out.extend(piece);
    }
    page.lines = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::run_on;

    fn run(s: &str) -> (Vec<String>, usize) {
        let (lines, rules) = run_on(&[&InterleavedColumns], s);
        (lines, rules.len())
    }

    #[test]
    fn english_rows_of_two_columns_separated() {
        let text = "The left column begins with a sentence that\n\nOn the right a different story is told, and\n\nruns on for a while before it\n\nit keeps going in its own way until the\n\nreaches the end of the line and\n\nreader reaches the bottom of the column,\n\nfinally stops at the bottom.\n\nwhere it stops as well.\n\nA new paragraph starts on the left.\n\nAnd one on the right.";
        let (lines, changes) = run(text);
        assert_eq!(changes, 1);
        assert_eq!(
            lines[..4],
            [
                "The left column begins with a sentence that",
                "runs on for a while before it",
                "reaches the end of the line and",
                "finally stops at the bottom."
            ]
        );
        assert_eq!(lines[5], "On the right a different story is told, and");
    }

    #[test]
    fn ordinary_paragraphs_left_alone() {
        let text = "One paragraph ends here.\n\nAnother one, also complete.\n\nA heading\n\nText under it.\n\nMore text.\n\nYet more text.\n\nStill more.\n\nThe end.";
        let (lines, changes) = run(text);
        assert_eq!(changes, 0);
        assert_eq!(lines[0], "One paragraph ends here.");
    }
}
