//! `reading-order`: put orphan page fragments back. Magazine dumps often emit an
//! article's first page after its other pages, so the body *starts* with the tail of a
//! sentence whose head is the article's last block. The evidence is a body that starts
//! mid-sentence (a lower-case letter, a comma) or ends mid-sentence, where the two ends
//! fit together (the word or the character n-grams across the join occur elsewhere in
//! the document). The true start is the block after a finished sentence that opens the
//! article best: at a page break first, then a run of headings, or an introduction
//! followed by a heading.

use super::fit::{starts_mid, Fit, Grams};
use super::join::{glue, Context, Join};
use super::{Stage, StageCx};
use crate::classify::{
    byline_name, ends_open, ends_sentence, heading_like, list_marker, str_width, title_like,
};
use crate::error::Result;
use crate::report::Span;
use crate::source::{Line, Source};

/// The `reading-order` stage.
pub struct ReadingOrder;

impl Stage for ReadingOrder {
    fn id(&self) -> &'static str {
        "reading-order"
    }

    fn run(&self, src: Source, cx: &mut StageCx) -> Result<Source> {
        let mut blocks: Vec<Line> = src
            .pages
            .into_iter()
            .flat_map(|p| p.lines)
            .filter(|l| !l.is_blank())
            .collect();
        // Where page numbers and headers were removed (start and end of each), by
        // start: every body looks up its own in this one list.
        let mut breaks: Vec<(usize, usize)> = cx
            .changes
            .iter()
            .filter(|c| c.rule.starts_with('P'))
            .map(|c| (c.span.start, c.span.end))
            .collect();
        breaks.sort_unstable();
        // A repair can make a new article start (a moved block becomes the item a
        // later start follows): repeat until nothing moves, so that mending the mended
        // text moves nothing either (a few rounds at most).
        for _ in 0..MAX_ROUNDS {
            let bodies = article_bodies(&blocks);
            if bodies.is_empty() {
                break;
            }
            // The join context's words and Han n-grams, collected once a round.
            let ctx = Context::collect(&blocks, Vec::new());
            let before = cx.changes.len();
            // From the last article back, so a repair never shifts a body still to come.
            for (start, end) in bodies.into_iter().rev() {
                repair_body(&mut blocks, start, end, &ctx, &breaks, cx);
            }
            if cx.changes.len() == before {
                break;
            }
        }
        // (The statistics are gathered only where some block may be an orphan tail.)
        if (1..blocks.len()).any(|j| orphan_tail(&blocks, j)) {
            let ctx = Context::collect(&blocks, Vec::new());
            rejoin_orphans(&mut blocks, &ctx, cx);
        }
        Ok(Source::from_blocks(blocks, src.lang))
    }
}

/// The most rounds of repairs (see [`ReadingOrder`]'s `run`).
const MAX_ROUNDS: usize = 4;

/// How far (in blocks) an orphan tail looks for its head, either way.
const ORPHAN_WINDOW: usize = 60;
/// The least fit of a head and an orphan tail ([`Fit::score`]): a lower-case word
/// going on from letters or a comma, and more.
const ORPHAN_FIT: f32 = 2.0;

/// More blocks than this opening in lower case after a finished one make a habit
/// (a glossary), not orphans.
const LOWER_HABIT: usize = 3;
/// The least fit of a head and a tail where that is a habit: a word cut in two.
const HABIT_FIT: f32 = 3.0;

/// Does a block open in mid-sentence: lower case (a plain word, not a name like
/// `iPhone` or `someCl3v3rN4me`, nor a list item `a.`), or punctuation no paragraph
/// opens with?
fn orphan_start(text: &str) -> bool {
    // (Asked of every block: the first character refuses nearly all.)
    starts_mid(text)
        && text
            .chars()
            .take_while(|c| !c.is_whitespace())
            .all(|c| !c.is_ascii_uppercase() && !c.is_ascii_digit())
        && !is_item(text)
        && crate::stages::bullet_runs::lone_number(text).is_none()
}

/// Does the head stop inside a word: its last letters are no word (not an English word,
/// not seen twice in the document), and with the tail's first letters they make one
/// the document or English knows (`for sh` + `owing`)? Or do its Han characters and
/// the tail's make one of the document's n-grams?
fn cut_inside_word(head: &str, tail: &str, ctx: &Context, side_by_side: bool) -> bool {
    if ctx.grams.fit(head, tail) >= 2 {
        return true;
    }
    let x: String = {
        let rev: String = head
            .trim_end()
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        rev.chars().rev().collect()
    };
    let y: String = tail
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    if x.is_empty() || y.is_empty() || !y.starts_with(|c: char| c.is_ascii_lowercase()) {
        return false;
    }
    // (Side by side, two letters the document does not use twice are no word of it,
    // whatever the dictionary says: `for sh` + `owing`. Apart, they may be: a head
    // `kept the logs in` takes no tail `to be safe` from elsewhere.)
    let known = |w: &str| {
        ctx.attested(w, 2) || (w.len() >= 3 || !side_by_side) && crate::lexicon::english_word(w)
    };
    let joined = format!("{x}{y}");
    !known(&x) && (known(&joined) || ctx.attested(&joined, 1))
}

/// May block `j` be an orphan tail: it opens in mid-sentence after a block that
/// closed, or after an open one it may go on (a hyphen at a line's end is the join
/// stage's to weigh)?
fn orphan_tail(blocks: &[Line], j: usize) -> bool {
    let (before, tail) = (&blocks[j - 1].text, &blocks[j].text);
    orphan_start(tail) && (closes(before) || open_head(before) && !before.ends_with('-'))
}

/// Does a block close what came before it: a sentence ended (a colon or semicolon
/// may introduce what follows, so they do not count), or a heading?
fn closes(text: &str) -> bool {
    crate::classify::ends_full_stop(text) || heading_like(text)
}

/// Is a block the head of a sentence cut off: text that stops on a comma, or on
/// letters where it is too long or too full of clauses for a heading (which stops so
/// anyway)?
fn open_head(text: &str) -> bool {
    !ends_sentence(text)
        && (ends_open(text) && !text.ends_with(['（', '(', '“', '‘', '《', '「', '『'])
            || (!heading_like(text) || str_width(text) > 40)
                && text.trim_end().ends_with(|c: char| c.is_alphabetic()))
}

/// Orphan tails anywhere (O302): a block that opens in mid-sentence after one that
/// closed is the tail of a sentence whose head stands elsewhere (`pdftotext` prints a
/// column's last paragraph after the other column, a magazine its first page after the
/// rest). The open head that fits it best (the document's words and Han n-grams across
/// the join; the nearest of equals, within [`ORPHAN_WINDOW`] blocks) moves to the tail,
/// which stands where the text goes on, and the two join.
fn rejoin_orphans(blocks: &mut Vec<Line>, ctx: &Context, cx: &mut StageCx) {
    // A document whose blocks often open in lower case after a finished one (a
    // glossary's terms) shows little by it: there only a word across the join counts.
    let habit = (1..blocks.len())
        .filter(|&j| orphan_start(&blocks[j].text) && closes(&blocks[j - 1].text))
        .count()
        > LOWER_HABIT;
    let least = if habit { HABIT_FIT } else { ORPHAN_FIT };
    let mut fit: Option<Fit> = None;
    let mut j_next = 1;
    while j_next < blocks.len() {
        let j = j_next;
        j_next += 1;
        let tail = &blocks[j];
        if tail.verbatim.is_some() || !orphan_tail(blocks, j) {
            continue;
        }
        let fit = fit.get_or_insert_with(|| Fit::collect(blocks.iter()));
        // Its head right before it, cut inside a word (brought there by an earlier
        // repair): join them.
        let before = &blocks[j - 1];
        if before.verbatim.is_none()
            && open_head(&before.text)
            && cut_inside_word(&before.text, &tail.text, ctx, true)
        {
            let tail = blocks.remove(j);
            cx.change(
                "O302",
                tail.span,
                preview(&tail.text),
                format!("joined to {}", preview(&blocks[j - 1].text)),
            );
            glue(&mut blocks[j - 1], &tail, Join::Blank, ctx, cx);
            j_next = j;
            continue;
        }
        if !closes(&before.text) {
            continue;
        }
        let (lo, hi) = (
            j.saturating_sub(ORPHAN_WINDOW),
            (j + ORPHAN_WINDOW).min(blocks.len()),
        );
        let mut best: Option<(f32, usize, usize)> = None;
        for i in lo..hi {
            let head = &blocks[i];
            if i == j || i + 1 == j || head.verbatim.is_some() || !open_head(&head.text) {
                continue;
            }
            // A head already followed by a tail of its own is no orphan's.
            if blocks.get(i + 1).is_some_and(|n| starts_mid(&n.text)) {
                continue;
            }
            // The head stops on a comma (a clause left open), or inside a word: a
            // head that stops on a whole word may be a sentence that lost its stop.
            // (Where lower-case starts are a habit, only a word cut in two counts: a
            // comma before a glossary's term is no evidence.)
            let comma = ends_open(&head.text) && !habit;
            if !comma && !cut_inside_word(&head.text, &tail.text, ctx, false) {
                continue;
            }
            let s = fit.score(&head.text, &tail.text);
            let d = i.abs_diff(j);
            if s >= least && best.is_none_or(|(bs, bd, _)| s > bs || s == bs && d < bd) {
                best = Some((s, d, i));
            }
        }
        let Some((_, _, i)) = best else {
            continue;
        };
        // The tail stands where the text goes on (after its heading, or the sentence
        // before it); the head, printed elsewhere, moves to it.
        let mut head = blocks.remove(i);
        let j = if i < j { j - 1 } else { j };
        cx.change(
            "O302",
            head.span,
            preview(&head.text),
            format!("moved before {}", preview(&blocks[j].text)),
        );
        glue(&mut head, &blocks[j], Join::Blank, ctx, cx);
        blocks[j] = head;
        // Go on after the joined block.
        j_next = j + 1;
    }
}

/// The bodies of articles: from after each byline to the next article's title.
/// An article is a title line directly followed by a byline.
fn article_bodies(blocks: &[Line]) -> Vec<(usize, usize)> {
    // A title with a byline; or a heading whose text goes straight into the tail of a
    // cut sentence (the body's first page was displaced).
    let starts: Vec<(usize, usize)> = (0..blocks.len().saturating_sub(1))
        .filter_map(|i| {
            let (t, next) = (&blocks[i].text, &blocks[i + 1].text);
            if title_like(t) && byline_name(next).is_some() {
                Some((i, i + 2))
            } else if heading_like(t)
                && title_case(t)
                && !is_item(t)
                && starts_mid(next)
                && byline_name(t).is_none()
            {
                Some((i, i + 1))
            } else {
                None
            }
        })
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &(_, body))| (body, starts.get(n + 1).map_or(blocks.len(), |&(t, _)| t)))
        .filter(|(s, e)| s < e)
        .collect()
}

/// Can this block not end an article? An unfinished sentence, a long line without end
/// punctuation, or a short piece that fits the body's first block (`典` + `型意义`).
fn dangling(last: &str, first: &str, grams: &Grams) -> bool {
    if ends_open(last) {
        return true;
    }
    if ends_sentence(last) {
        return false;
    }
    !heading_like(last) || str_width(last) > 40 || grams.fit(last, first) >= 2
}

fn repair_body(
    blocks: &mut Vec<Line>,
    start: usize,
    end: usize,
    ctx: &Context,
    breaks: &[(usize, usize)],
    cx: &mut StageCx,
) {
    let body = &blocks[start..end];
    let n = body.len();
    // Code and verse are never the halves of a cut sentence.
    if n < 2 || body[0].verbatim.is_some() || body[n - 1].verbatim.is_some() {
        return;
    }
    let (first, last) = (&body[0].text, &body[n - 1].text);
    // The first block is a sentence's tail: it opens in mid-sentence, or is no heading,
    // or goes on from the last block (`典` + `型意义`). A heading there (`郑某与某儿童食品
    // 公司网络购物合同纠纷案`) starts the body as it should, whatever the last block is
    // (the first line of the next article's title, wrapped).
    let tail =
        starts_mid(first) || !heading_like(first) || cut_inside_word(last, first, ctx, false);
    let orphan =
        dangling(last, first, &ctx.grams) && tail || starts_mid(first) && !ends_sentence(last);
    if !orphan {
        return;
    }
    // Known page starts inside the body: its first block (an orphan starts a page) and
    // the text after every page number or header removed within it.
    let (lo, hi) = (body[0].span.start, body[n - 1].span.end);
    // (A page break inside a joined block starts the page at the break.)
    let from = breaks.partition_point(|b| b.0 <= lo);
    let to = breaks.partition_point(|b| b.0 < hi);
    let mut page_starts: Vec<usize> = std::iter::once(lo)
        .chain(
            breaks[from..to.max(from)]
                .iter()
                .filter(|b| b.1 < hi)
                .map(|b| b.1),
        )
        .collect();
    page_starts.sort_unstable();
    // A page number and a header a few lines apart are one page break.
    page_starts.dedup_by(|later, earlier| *later - *earlier < 100);
    let Some(k) = best_start(body, &page_starts) else {
        return;
    };
    let mut moved: Vec<Line> = body[k..].to_vec();
    let rest: Vec<Line> = body[1..k].to_vec();
    let mut tail = moved.pop().expect("k < n, so moved is not empty");
    let head = &body[0];
    cx.change(
        "O301",
        Span {
            start: body[k].span.start,
            end: body[n - 1].span.end,
            line: body[k].span.line,
            column: 0,
        },
        preview(&body[k].text),
        format!("moved before {}", preview(&head.text)),
    );
    glue(&mut tail, head, Join::Blank, ctx, cx);
    moved.push(tail);
    moved.extend(rest);
    blocks.splice(start..end, moved);
}

/// The block the article really starts with: it follows a finished sentence, does not
/// start in mid-sentence, is not a list item in mid-list, and opens the article best:
/// right after a page break, or where one falls by the length of the article's other
/// pages, then at a run of headings. Ties go to the later block (a shorter displaced
/// first page).
fn best_start(body: &[Line], page_starts: &[usize]) -> Option<usize> {
    let n = body.len();
    // Pages of one article are about as long as each other: with two known page
    // starts, the true start is about a page length after the last of them.
    let page = page_starts
        .windows(2)
        .map(|w| w[1] - w[0])
        .min()
        .unwrap_or(0);
    let tolerance = 0.12 * page as f64;
    // How far a block starts from where a page would break, if it is near one.
    let off_grid = |x: usize| -> Option<f64> {
        if page == 0
            || page_starts
                .iter()
                .any(|&s| (x.abs_diff(s) as f64) < tolerance)
        {
            // No grid, or a known break nearby: that is the break itself.
            return None;
        }
        page_starts
            .iter()
            .filter(|&&s| x > s)
            .map(|&s| {
                let m = ((x - s) as f64 / page as f64).round().max(1.0);
                (x as f64 - s as f64 - m * page as f64).abs()
            })
            .filter(|&d| d < tolerance)
            .min_by(f64::total_cmp)
    };
    // The block before the true start ends the article: a finished sentence, or a list
    // item (items often stop without punctuation); the start itself starts something.
    let eligible = |k: usize| {
        let (before, here) = (&body[k - 1], &body[k]);
        (ends_sentence(&before.text) || is_item(&before.text))
            && !starts_mid(&here.text)
            && !is_item(&here.text)
    };
    // Only the block nearest a predicted break gets the credit.
    let nearest = (1..n)
        .filter(|&k| eligible(k))
        .filter_map(|k| off_grid(body[k].span.start).map(|d| (d, k)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k);
    let mut best: Option<(i32, usize)> = None;
    for k in 1..n {
        let here = &body[k];
        if !eligible(k) {
            continue;
        }
        // The dangling last block is a piece of a sentence, whatever its form.
        let is_head = heading_like(&here.text) && !is_item(&here.text) && k + 1 < n;
        let next = k + 2 < n && heading_like(&body[k + 1].text) && !is_item(&body[k + 1].text);
        let mut score: i32 = match (is_head, next) {
            (true, true) => 3,
            (false, true) => 2,
            (true, false) => 1,
            (false, false) => 0,
        };
        if here.seam {
            score += 4;
        } else if nearest == Some(k) {
            score += 3;
        }
        if best.is_none_or(|(s, _)| score >= s) {
            best = Some((score, k));
        }
    }
    best.map(|(_, k)| k)
}

/// Is a Latin-script line a title in title case (`What One Tree Is Worth`, not a
/// one-word term)? Text without Latin letters passes.
pub(crate) fn title_case(text: &str) -> bool {
    let long: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 4)
        .collect();
    let caps = long
        .iter()
        .filter(|w| {
            // (Past an opening quote or bracket: `“Nightly`.)
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .starts_with(|c: char| c.is_ascii_uppercase())
        })
        .count();
    let latin = text.chars().any(|c| c.is_ascii_alphabetic());
    !latin || text.split_whitespace().count() >= 2 && caps * 10 >= long.len() * 6
}

/// A list item (an article's body does not open with one).
fn is_item(text: &str) -> bool {
    list_marker(text).is_some()
}

fn preview(text: &str) -> String {
    let p: String = text.chars().take(16).collect();
    if p.len() < text.len() {
        format!("{p}…")
    } else {
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::run_on;

    fn order(s: &str) -> Vec<String> {
        run_on(&[&ReadingOrder], s).0
    }

    #[test]
    fn title_case_reads_words_past_opening_quotes() {
        assert!(title_case("and “Nightly Rust”"));
        assert!(title_case("What One Tree Is Worth"));
        // Near miss: a sentence with a quoted word is no title.
        assert!(!title_case(
            "the compiler reads “nightly” builds every evening"
        ));
    }

    #[test]
    fn displaced_first_page_moved_back() {
        let text = "标题一\n\n某某区宣传部部长 张三丰\n\n学、专家学者辅助学。\n\n宣传方面\n\n宣传工作做得很好。\n\n4月14日，考察学习，有如下打算：\n\n理论中心组建设方面\n\n以“大学习”、“大讨论”、“大调研”为抓手，不断增强贯彻落实政治自觉，采取领导班子带头";
        assert_eq!(
            order(text),
            [
                "标题一",
                "某某区宣传部部长 张三丰",
                "4月14日，考察学习，有如下打算：",
                "理论中心组建设方面",
                "以“大学习”、“大讨论”、“大调研”为抓手，不断增强贯彻落实政治自觉，采取领导班子带头学、专家学者辅助学。",
                "宣传方面",
                "宣传工作做得很好。"
            ]
        );
    }

    #[test]
    fn finished_article_left_alone() {
        let text = "标题一\n\n某某区宣传部部长 张三丰\n\n第一段。\n\n小标题\n\n第二段。";
        assert_eq!(order(text).len(), 5);
        assert_eq!(order(text)[2], "第一段。");
    }

    #[test]
    fn a_body_that_opens_with_a_heading_is_left_alone() {
        // The last block is no head cut off: it is the first line of the next
        // article's title, wrapped. The body opens with a heading, not a tail.
        let text = "标题一\n\n某某区宣传部部长 张三丰\n\n郑某与某儿童食品公司网络购物合同纠纷案\n\n法院认为，消费者的合法权益受法律保护。\n\n-1-\n\n第十条食品不符合食品安全标准，人民法院不予支持。\n\n网络消费格式条款中与消费者有重大利害关系内容存在例外情形，应以\n\n显著方式进行提示\n\n云溪区市场监督管理局消费者权益保护科科长 孟凡超\n\n邬某诉某旅游App经营公司网络服务合同纠纷案";
        let got = order(text);
        let at = |t: &str| got.iter().position(|b| b.starts_with(t)).expect(t);
        assert!(
            at("郑某与") < at("法院认为") && at("法院认为") < at("第十条"),
            "{got:#?}"
        );
        assert_eq!(got[2], "郑某与某儿童食品公司网络购物合同纠纷案");
    }

    fn mend(s: &str) -> Vec<String> {
        let stages: [&dyn Stage; 3] = [
            &super::super::PageArtifacts,
            &super::super::JoinBrokenLines,
            &ReadingOrder,
        ];
        run_on(&stages, s).0
    }

    #[test]
    fn english_tail_goes_after_its_head_and_the_body_starts_at_the_page_break() {
        let text = "The Report\n\nBy Jane Doe\n\nect output to a file.\n\nMore of the second page.\n\nPage 7\n\nThe article starts here.\n\nIt goes on and the user can redir";
        assert_eq!(
            mend(text),
            [
                "The Report",
                "By Jane Doe",
                "The article starts here.",
                "It goes on and the user can redirect output to a file.",
                "More of the second page."
            ]
        );
    }

    #[test]
    fn article_without_byline_found_by_its_orphan_tail() {
        let text = "First Article Title\n\nBy Jane Doe\n\nBody one.\n\nWhat One Tree Is Worth\n\ne rest of the sentence.\n\nA start here.\n\nA Section\n\nAnd at the end comes Th";
        let out = mend(text);
        assert_eq!(out[3], "What One Tree Is Worth");
        assert_eq!(out[4], "A start here.");
        assert_eq!(out[6], "And at the end comes The rest of the sentence.");
    }

    #[test]
    fn an_orphan_tail_takes_its_head_from_elsewhere() {
        // A column's last paragraph printed after the other column: its tail stands
        // under the heading, its head further on. The head moves to the tail.
        let text = "Do the hard work to make it simple\n\nsimple sentences with words people use every day.\n\nRefer to labels as they appear in the app.\n\nIntroduction\n\nInclude a short summary about the document.\n\nHelp the reader follow along. Use short,\n\nCode\n\nUse backticks to style code.";
        assert_eq!(
            order(text),
            [
                "Do the hard work to make it simple",
                "Help the reader follow along. Use short, simple sentences with words people use every day.",
                "Refer to labels as they appear in the app.",
                "Introduction",
                "Include a short summary about the document.",
                "Code",
                "Use backticks to style code."
            ]
        );
        // Head and tail already side by side, cut inside a word: joined.
        let text = "A Title\n\nThe test shows the presence of bugs, but is hopelessly inadequate for sh\n\nowing their absence. So test anyway.";
        assert_eq!(
            order(text)[1],
            "The test shows the presence of bugs, but is hopelessly inadequate for showing their absence. So test anyway."
        );
        // Near misses: a name in lower case opens a paragraph of its own; so do
        // what a colon introduces and a list item; and no open head fits.
        for text in [
            "Some text here, and then,\n\nMore text.\n\na. the first item in the list.",
            "Some text here, and then,\n\nMore text.\n\niPhone sales rose this year.",
            "Some text here, and then,\n\nUse this network name:\n\nsomething is the name of our network.",
            "Some text here. It ends.\n\nMore text.\n\nsimple sentences with words.",
        ] {
            let lines = order(text);
            assert_eq!(lines.len(), 3, "{lines:?}");
        }
        // A glossary's terms open in lower case, one after another: a comma before
        // one is no evidence there.
        let text = "Words we use, for example,\n\nThe list.\n\nemail, not e-mail.\n\nfront end, front-end developer.\n\ngovernment, lower case.\n\nhomepage, one word.\n\nlogin, a noun.";
        assert_eq!(order(text).len(), 7, "{:?}", order(text));
    }

    #[test]
    fn heading_cut_at_the_article_seam_rejoined_by_ngrams() {
        // `典` ends the article, `型意义` starts it: `典型意义` stands elsewhere.
        let text = "标题一\n\n某某区宣传部部长 张三丰\n\n型意义\n\n本案很有意义。\n\n基本案情\n\n某日发生纠纷。\n\n典\n\n标题二\n\n某某区宣传部部长 李四光\n\n典型意义\n\n正文。";
        let out = mend(text);
        assert_eq!(
            out[2..6],
            ["基本案情", "某日发生纠纷。", "典型意义", "本案很有意义。"]
        );
    }

    #[test]
    fn start_found_where_a_page_break_falls_by_the_other_pages_length() {
        // Pages of about 320 bytes; the body starts a page, `Page 8` marks the next one;
        // the displaced first page starts one page length later, at `Real start.`, not
        // at the later `Decoy start.` (which would win a tie).
        let para = |w: &str| format!("{w} {}.", "x".repeat(300));
        let text = format!(
            "A Title Here\n\nBy Jane Doe\n\ntence is done.\n\n{}\n\nPage 8\n\nand {}\n\nReal start.\n\n{}\n\nDecoy start.\n\nAnd the head of the sen",
            para("One"),
            para("two and then some"),
            para(&format!("Three{}", " and more".repeat(16)))
        );
        let out = mend(&text);
        assert_eq!(out[2], "Real start.", "{out:?}");
        assert!(out.contains(&"And the head of the sentence is done.".to_string()));
    }
}
