//! `interleaved-columns`: `pdftotext` in its default mode reads a two-column page row
//! by row, so pieces of the left and right columns alternate, each piece separated by
//! a blank line. A page is suspect when most of its pieces stop in mid-sentence. Its
//! pieces are then dealt into two columns, keeping their order within each, so that
//! every piece goes on from the one before it in its column as well as possible
//! (punctuation, case, the document's words and Han n-grams); the left column is read
//! first, then the right. The split is kept only where that fits the text clearly
//! better than the order as extracted.

use super::fit::{lone_bullet, starts_mid, Fit};
use super::{Stage, StageCx};
use crate::classify::{division_marker, ends_open, ends_sentence, heading_like, is_han, str_width};
use crate::error::Result;
use crate::lexicon::word_gain;
use crate::report::Span;
use crate::source::{Line, Page, Source};

/// The `interleaved-columns` stage.
pub struct InterleavedColumns;

impl Stage for InterleavedColumns {
    fn id(&self) -> &'static str {
        "interleaved-columns"
    }

    fn run(&self, mut src: Source, cx: &mut StageCx) -> Result<Source> {
        let suspects: Vec<Option<usize>> = src.pages.iter().map(|p| suspect(&p.lines)).collect();
        if suspects.iter().all(Option::is_none) {
            return Ok(src);
        }
        // The document's statistics, only where some page needs them.
        let fit = Fit::collect(src.pages.iter().flat_map(|p| p.lines.iter()));
        let mut prev: Option<String> = None;
        for (page, full) in src.pages.iter_mut().zip(suspects) {
            if let Some(full) = full {
                deinterleave(page, full, &fit, prev.as_deref(), cx);
            }
            if let Some(l) = page.lines.iter().rev().find(|l| !l.is_blank()) {
                prev = Some(l.text.clone());
            }
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

/// A piece whose line leaves a sentence open (`…理性、`) and whose next line opens a new
/// article (`第八条…`) holds rows of both columns printed together: no column goes on
/// so. It is cut there into two pieces.
fn split_mixed(lines: &[Line], ps: Vec<Piece>) -> Vec<Piece> {
    let mut out = Vec::with_capacity(ps.len());
    for p in ps {
        let mut start = p.start;
        for i in p.start + 1..p.end {
            if ends_open(&lines[i - 1].text) && division_marker(&lines[i].text) {
                out.push(Piece { start, end: i });
                start = i;
            }
        }
        out.push(Piece { start, end: p.end });
    }
    out
}

/// A bullet printed apart from its item is one row with it: a piece that ends on a
/// lone bullet takes the next piece along where that is one line short of a full
/// line, which no sentence of the other column stops on without ending.
fn bullets_with_items(lines: &[Line], ps: Vec<Piece>, full: usize) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(ps.len());
    // Does the last piece end on an item taken along?
    let mut item_last = false;
    for p in ps {
        if let Some(last) = out.last_mut() {
            let first = &lines[p.start].text;
            let one_line = p.end - p.start == 1;
            if lone_bullet(&lines[last.end - 1].text)
                && one_line
                && !lone_bullet(first)
                && str_width(first.trim()) < full
                && !ends_open(first)
            {
                last.end = p.end;
                item_last = true;
                continue;
            }
            // The next bullet after such an item: the list goes on down its column.
            if item_last && one_line && lone_bullet(first) {
                last.end = p.end;
                item_last = false;
                continue;
            }
        }
        item_last = false;
        out.push(p);
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

/// The weight of a common Chinese word across a cut ([`word_gain`], capped at 8 nats):
/// a word spanning the cut is near-certain evidence that the pieces belong together.
const WORD_WEIGHT: f32 = 1.0;

/// A short stand-alone line without end punctuation (a heading) does not go on from a
/// full line that stops in mid-sentence.
const HEADING_AFTER_OPEN: f32 = 4.0;

/// Rows of two columns alternate: a piece usually goes on from the piece two before
/// it. What going on from the piece right before costs (the other column skipped a
/// row), and from the piece three before.
const NEXT_PIECE: f32 = 3.0;
const THIRD_PIECE: f32 = 1.25;
/// A bullet printed apart is followed by its item more often than by a row of the other
/// column: skipping that row costs a little.
const BULLET_SKIP: f32 = 0.5;
/// Four or more pieces back, plus one for each piece further.
const FAR_PIECE: f32 = 4.0;
/// Each piece before the second column's first costs this: both columns start at the
/// top of the page.
const LATE_START: f32 = 2.0;

/// How well piece `b` goes on from piece `a` in one column: the fit of their ends
/// ([`Fit::score`]), a common Chinese word across the cut, and no stand-alone heading
/// right after a full line that stops in mid-sentence.
fn link_fit(fit: &Fit, lines: &[Line], a: &str, b: Piece, full: usize) -> f32 {
    let first = &lines[b.start].text;
    let mut s = fit.score(a, first);
    if lone_bullet(a) && lone_bullet(first) {
        // Two bullets in a row would make an empty item.
        return s - HEADING_AFTER_OPEN;
    }
    if ends_sentence(a) || lone_bullet(a) {
        return s;
    }
    if !lone_bullet(first) {
        s += WORD_WEIGHT * word_gain(a, first).min(8.0);
    }
    let t = first.trim();
    let heading = b.end - b.start == 1
        && str_width(t) * 5 < full * 3
        && !ends_sentence(t)
        && !ends_open(t)
        && !lone_bullet(t);
    // A bullet opens an item: it does not go on a sentence either.
    if str_width(a.trim()) >= full && (heading || lone_bullet(t)) {
        s -= HEADING_AFTER_OPEN;
    }
    s
}

/// What the layout says of piece `i` going on from piece `j` in the same column:
/// nothing for the alternating rows of two columns, a cost for anything else.
fn distance_cost(lines: &[Line], ps: &[Piece], j: usize, i: usize) -> f32 {
    // A bullet printed apart goes on with its item, the next piece or the one after.
    let bullet = lone_bullet(&lines[ps[j].end - 1].text);
    match i - j {
        1 if !bullet => NEXT_PIECE,
        1 => 0.0,
        2 if bullet => BULLET_SKIP,
        2 => 0.0,
        3 => THIRD_PIECE,
        d => FAR_PIECE + (d - 4) as f32,
    }
}

/// How many of a page's pieces that stop mid-sentence go on, by `fits`, in the next
/// piece, and how many in the piece after next.
fn continuations(
    lines: &[Line],
    ps: &[Piece],
    full: usize,
    fits: impl Fn(usize, usize) -> bool,
) -> (usize, usize) {
    let (mut next, mut after) = (0usize, 0usize);
    for i in (0..ps.len().saturating_sub(2)).filter(|&i| stops_open(lines, ps[i], full)) {
        next += usize::from(fits(i, i + 1));
        after += usize::from(fits(i, i + 2));
    }
    (next, after)
}

/// Is the page suspect: enough pieces (but not thousands: the search is quadratic in
/// the pieces of a page, and a long dump without form feeds is no two-column page),
/// and most of them stop in mid-sentence at full width? Gives the width of a full line.
fn suspect(lines: &[Line]) -> Option<usize> {
    let ps = pieces(lines);
    let n = ps.len();
    if !(8..=MAX_PIECES).contains(&n) {
        return None;
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
        return None;
    }
    // Before the document's statistics are gathered: do the open pieces go on in the
    // piece after next (a common word across the cut, a sentence going on in lower
    // case) more than in the next one?
    let (next, after) = continuations(lines, &ps, full, |a, b| {
        let (x, y) = (&lines[ps[a].end - 1].text, &lines[ps[b].start].text);
        word_gain(x, y) > 0.0
            || starts_mid(y)
            || x.ends_with(|c: char| c.is_ascii_alphabetic())
                && y.starts_with(|c: char| c.is_ascii_lowercase())
    });
    if std::env::var_os("DOCMEND_DEBUG").is_some() {
        eprintln!("quick fits: next {next} after next {after}");
    }
    // (Latin rows in mid-sentence all start in lower case, whichever column they are
    // in: there only the document's words tell, after this.)
    let (mut han, mut latin) = (0usize, 0usize);
    for c in lines.iter().flat_map(|l| l.text.chars()) {
        han += usize::from(is_han(c));
        latin += usize::from(c.is_ascii_alphabetic());
    }
    (han < latin || after * 2 >= next * 3 + 4).then_some(full)
}

/// A fit that clearly says one piece goes on from another.
const CLEAR_FIT: f32 = 2.0;

/// The furthest back, in pieces, a piece can go on from the one before it in its
/// column: further links cost more than any fit can give, and bounding them keeps the
/// search linear in the pieces.
const WINDOW: usize = 16;

/// Deal a suspect page's pieces into two columns and read them in order; `full` is the
/// width of a full line, `prev` the last line of the text before the page.
fn deinterleave(page: &mut Page, full: usize, fit: &Fit, prev: Option<&str>, cx: &mut StageCx) {
    let lines = &page.lines;
    let ps = bullets_with_items(lines, split_mixed(lines, pieces(lines)), full);
    let n = ps.len();
    let last = |k: usize| lines[ps[k].end - 1].text.as_str();
    let score = |a: usize, b: usize| -> f32 { link_fit(fit, lines, last(a), ps[b], full) };
    // Rows of two columns: a piece that stops mid-sentence is continued by the piece
    // after next, not by the next one. Count where the text says so, plainly: a page
    // of one column whose blank lines cut sentences says the opposite.
    let (next_fits, after_fits) = continuations(lines, &ps, full, |a, b| score(a, b) >= CLEAR_FIT);
    if std::env::var_os("DOCMEND_DEBUG").is_some() {
        eprintln!("fits: next {next_fits} after next {after_fits}");
    }
    if after_fits < 2 * next_fits + 3 {
        return;
    }
    // best[i][j]: the best score with piece i last in its column and piece j (j < i,
    // or n for none yet) last in the other one; the state before is (i-1, from[i][j]).
    const NONE_SCORE: f32 = f32::NEG_INFINITY;
    let mut best = vec![vec![NONE_SCORE; n + 1]; n];
    let mut from = vec![vec![usize::MAX; n + 1]; n];
    best[0][n] = 0.0;
    for i in 0..n - 1 {
        for j in (i.saturating_sub(WINDOW)..i).chain(std::iter::once(n)) {
            let s = best[i][j];
            if s == NONE_SCORE {
                continue;
            }
            // Same column as piece i.
            let same = s + score(i, i + 1) - distance_cost(lines, &ps, i, i + 1);
            if same > best[i + 1][j] {
                best[i + 1][j] = same;
                from[i + 1][j] = j;
            }
            // The other column, after piece j there (or starting it).
            let other = s + if j == n {
                -LATE_START * i as f32
            } else {
                score(j, i + 1) - distance_cost(lines, &ps, j, i + 1)
            };
            if other > best[i + 1][i] {
                best[i + 1][i] = other;
                from[i + 1][i] = j;
            }
        }
    }
    // Trace the best assignment back: column 0 is piece 0's.
    let mut j = (0..=n)
        .filter(|&j| best[n - 1][j] > NONE_SCORE)
        .fold(n, |b, j| {
            if b == n || best[n - 1][j] > best[n - 1][b] {
                j
            } else {
                b
            }
        });
    let mut switched = vec![false; n];
    for i in (1..n).rev() {
        // State (i, j): piece i switched columns exactly when j is the piece before.
        switched[i] = j == i - 1;
        j = from[i][j];
    }
    let mut assign = vec![0u8; n];
    for i in 1..n {
        assign[i] = assign[i - 1] ^ u8::from(switched[i]);
    }
    let mut first: Vec<usize> = (0..n).filter(|&k| assign[k] == 0).collect();
    let mut second: Vec<usize> = (0..n).filter(|&k| assign[k] == 1).collect();
    if first.is_empty() || second.is_empty() {
        return;
    }
    // Evidence only: the fit of the split against the fit of the extracted order.
    let evidence =
        |order: &[usize]| -> f32 { order.windows(2).map(|w| score(w[0], w[1])).sum::<f32>() };
    let split = evidence(&first) + evidence(&second);
    let plain = evidence(&(0..n).collect::<Vec<_>>());
    if std::env::var_os("DOCMEND_DEBUG").is_some() {
        for k in 0..n {
            eprintln!(
                "{} {:?}",
                assign[k],
                &lines[ps[k].start].text.chars().take(30).collect::<String>()
            );
        }
        eprintln!("split {split} plain {plain}");
    }
    // The split must fit clearly better than the extracted order, and fit well in
    // itself: most links of interleaved rows carry evidence (open lines going on,
    // words across cuts), where stray fits between unrelated pieces carry little.
    if split < plain + (n as f32 / 8.0).max(3.0) || split < n as f32 / 2.0 {
        return;
    }
    // Which column is read first: the one whose top goes on from the text before the
    // page and whose bottom runs into the other's top (the right column can start a
    // row higher than the left, so piece 0 need not be the left column's).
    let flow = |a: &[usize], b: &[usize]| -> f32 {
        prev.map_or(0.0, |p| link_fit(fit, lines, p, ps[a[0]], full)) + score(a[a.len() - 1], b[0])
    };
    if flow(&second, &first) > flow(&first, &second) {
        std::mem::swap(&mut first, &mut second);
    }
    let (left, right) = (first, second);
    let first_span = lines[ps[0].start].span;
    let last_span = lines[ps[n - 1].end - 1].span;
    cx.change(
        "C502",
        Span {
            start: first_span.start,
            end: last_span.end,
            ..first_span
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

    /// The rows of `left` and `right` interleaved, one piece each between blank lines,
    /// come out as the left column, then the right.
    fn assert_columns_dealt(left: &[&str], right: &[&str]) {
        let rows: Vec<&str> = left
            .iter()
            .zip(right.iter())
            .flat_map(|(l, r)| [*l, *r])
            .collect();
        let (lines, changes) = run(&rows.join("\n\n"));
        assert_eq!(changes, 1);
        let expected: Vec<&str> = left.iter().chain(right.iter()).copied().collect();
        assert_eq!(lines, expected);
    }

    #[test]
    fn english_rows_of_two_columns_separated() {
        // Rows of two columns, each cut inside a word the document uses elsewhere.
        let left = [
            "Every report should give the reader some infor",
            "mation about the place and about its prepa",
            "ration, which takes time. The information and",
            "the preparation matter most of all here.",
        ];
        let right = [
            "A second column tells how the documen",
            "tation is kept, and how the measuring instru",
            "ments are checked. The documentation and",
            "the instruments matter just as much there.",
        ];
        assert_columns_dealt(&left, &right);
    }

    #[test]
    fn one_column_cut_by_blank_lines_left_alone() {
        // A long dump of one column whose blank lines cut sentences: many pages look
        // like rows of two columns, and the document's dense n-grams fit anything to
        // anything; each piece still goes on in the next one, not the one after.
        use crate::stages::{Columns, Normalize, PageArtifacts};
        let text = crate::gen::broken_dump(true, 1_000_000);
        let (_, rules) = run_on(
            &[&Columns, &Normalize, &PageArtifacts, &InterleavedColumns],
            &text,
        );
        assert!(!rules.contains(&"C502"));
    }

    #[test]
    fn chinese_rows_of_two_columns_separated() {
        // Rows of a left and a right column alternate; several cuts fall inside common
        // words (构|建, 展|示, 进|行, 一|些), which the word table recognises.
        let left = [
            "到目前为止我们只用过最基础的功能来构",
            "建运行和测试代码，但它还能做得更多。",
            "本章会介绍其他一些更高级的功能，并展",
            "示如何使用发布配置来自定义构建过程。",
        ];
        let right = [
            "级别需要更多的时间编译，所以如果你在进",
            "行开发并经常编译，可能会希望在牺牲一",
            "些代码性能的情况下减少优化以便编译得",
            "快一些。因此默认的优化级别为零。",
        ];
        assert_columns_dealt(&left, &right);
    }

    #[test]
    fn a_heading_does_not_go_on_from_an_open_line() {
        let f = Fit::collect(&[]);
        let lines =
            crate::read::read_text("一个短标题\n\n接着上一行往下说的正文，一直说到这里才结束。")
                .pages[0]
                .lines
                .clone();
        let heading = Piece { start: 0, end: 1 };
        let body = Piece { start: 2, end: 3 };
        let open = "这是一整行没有结束标点的正文文字而且还在";
        assert!(link_fit(&f, &lines, open, heading, 30) < link_fit(&f, &lines, open, body, 30));
        // After a finished sentence a heading is as likely as anything.
        assert_eq!(link_fit(&f, &lines, "句子结束了。", heading, 30), 0.0);
    }

    #[test]
    fn a_bullet_printed_apart_keeps_its_short_item_and_the_next_bullet() {
        let text = "使用发布配置来自定\n\n模式编译一次，而编译出来的程序则会运行很\n\n义构建\n•\n\n将库发布到 crates.io\n\n•\n\n使用工作空间来组织更大的项目，一直写到这一行的末尾\n\n•\n\n只需要在发布模式，\n\n•\n\n句子结束了。";
        let lines = crate::read::read_text(text).pages[0].lines.clone();
        let ps = bullets_with_items(&lines, pieces(&lines), 30);
        let texts: Vec<Vec<&str>> = ps
            .iter()
            .map(|p| {
                lines[p.start..p.end]
                    .iter()
                    .map(|l| l.text.as_str())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .collect();
        assert_eq!(
            texts,
            [
                vec!["使用发布配置来自定"],
                vec!["模式编译一次，而编译出来的程序则会运行很"],
                // The bullet, its short item and the next bullet are one row.
                vec!["义构建", "•", "将库发布到 crates.io", "•"],
                // Near misses: a full line after a bullet may be the other column's,
                // and so may a line ending open (`，`).
                vec!["使用工作空间来组织更大的项目，一直写到这一行的末尾"],
                vec!["•"],
                vec!["只需要在发布模式，"],
                vec!["•", "句子结束了。"],
            ]
        );
        // A bullet's item is likelier right after it than a row further on.
        assert_eq!(distance_cost(&lines, &ps, 2, 3), 0.0);
        assert!(distance_cost(&lines, &ps, 4, 6) > distance_cost(&lines, &ps, 4, 5));
        assert_eq!(distance_cost(&lines, &ps, 3, 5), 0.0);
    }

    #[test]
    fn a_piece_holding_rows_of_both_columns_is_cut_where_an_article_opens() {
        let text = "餐，文明、健康用餐。\n\n第十四条个人应当树立文明、健康、理性、\n第八条设有食堂的单位应当建立健全食堂用\n\n绿色的消费理念，外出就餐时根据个人健康状";
        let lines = crate::read::read_text(text).pages[0].lines.clone();
        let ps = split_mixed(&lines, pieces(&lines));
        let firsts: Vec<&str> = ps.iter().map(|p| lines[p.start].text.as_str()).collect();
        assert_eq!(
            firsts,
            [
                "餐，文明、健康用餐。",
                "第十四条个人应当树立文明、健康、理性、",
                "第八条设有食堂的单位应当建立健全食堂用",
                "绿色的消费理念，外出就餐时根据个人健康状"
            ]
        );
        // Near miss: after a finished sentence an article opens in the same column.
        let text = "第七条餐饮服务经营者应当采取下列措施。\n第八条设有食堂的单位应当建立健全食堂用";
        let lines = crate::read::read_text(text).pages[0].lines.clone();
        assert_eq!(split_mixed(&lines, pieces(&lines)).len(), 1);
    }

    #[test]
    fn ordinary_paragraphs_left_alone() {
        let text = "One paragraph ends here.\n\nAnother one, also complete.\n\nA heading\n\nText under it.\n\nMore text.\n\nYet more text.\n\nStill more.\n\nThe end.";
        let (lines, changes) = run(text);
        assert_eq!(changes, 0);
        assert_eq!(lines[0], "One paragraph ends here.");
    }
}
