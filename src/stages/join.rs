//! `join-broken-lines`: rebuild paragraphs from lines. A line break, or a blank line,
//! is joined wherever the text before it cannot end a paragraph. After this stage every
//! non-blank line of the source is one block, and blocks are separated by one blank line.

use std::collections::HashSet;

use super::{Stage, StageCx};
use crate::classify::{
    byline_name, ends_open, ends_sentence, heading_like, is_cjk, list_marker, str_width,
};
use crate::error::Result;
use crate::report::Span;
use crate::source::{Line, Source};

/// The `join-broken-lines` stage.
pub struct JoinBrokenLines;

impl Stage for JoinBrokenLines {
    fn id(&self) -> &'static str {
        "join-broken-lines"
    }

    fn run(&self, src: Source, cx: &mut StageCx) -> Result<Source> {
        let lines: Vec<Line> = src.pages.into_iter().flat_map(|p| p.lines).collect();
        let ctx = Context::collect(&lines);
        let blocks = join_lines(lines, &ctx, cx);
        Ok(Source::from_blocks(blocks, src.lang))
    }
}

/// Document-wide facts the join decisions use.
pub(crate) struct Context {
    /// The wrap width in display cells: most full lines are about this wide.
    pub wrap: usize,
    /// Lower-cased words of the document, to tell `infor-mation` from `message-passing`.
    pub words: HashSet<String>,
    /// Hyphenated compounds written on one line (`message-passing`).
    pub compounds: HashSet<String>,
}

impl Context {
    pub(crate) fn collect(lines: &[Line]) -> Context {
        let mut widths: Vec<usize> = lines
            .iter()
            .filter(|l| !l.is_blank())
            .map(|l| str_width(&l.text) + l.indent)
            .collect();
        widths.sort_unstable();
        let wrap = if widths.is_empty() {
            0
        } else {
            widths[(widths.len() * 4 / 5).min(widths.len() - 1)]
        };
        let mut words = HashSet::new();
        let mut compounds = HashSet::new();
        for l in lines {
            for w in l.text.split(|c: char| !(c.is_alphabetic() || c == '-')) {
                let w = w.trim_matches('-');
                if w.is_empty() || !w.is_ascii() {
                    continue;
                }
                let lw = w.to_lowercase();
                if lw.contains('-') {
                    compounds.insert(lw.clone());
                    for part in lw.split('-') {
                        words.insert(part.to_string());
                    }
                } else {
                    words.insert(lw);
                }
            }
        }
        Context {
            wrap,
            words,
            compounds,
        }
    }
}

/// How two pieces are glued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// A line break inside a paragraph (J201).
    Wrap,
    /// A blank line cutting a sentence or word (J202).
    Blank,
    /// A title broken over two lines (J204): joined with a space.
    Title,
}

fn join_lines(lines: Vec<Line>, ctx: &Context, cx: &mut StageCx) -> Vec<Line> {
    let mut blocks: Vec<Line> = Vec::new();
    // The last physical line of the current block: its width and indent decide wraps.
    let mut last: Option<Line> = None;
    let mut block_lines = 0usize;
    let mut gap = 0usize;
    let n = lines.len();
    let lines: Vec<Line> = lines;
    for i in 0..n {
        let line = &lines[i];
        if line.is_blank() {
            gap += 1;
            continue;
        }
        let after_next = lines[i + 1..].iter().find(|l| !l.is_blank());
        let next_followed_by_blank = lines.get(i + 1).is_none_or(Line::is_blank);
        let decision = match (blocks.last(), &last) {
            (Some(block), Some(prev)) => decide(
                block,
                prev,
                block_lines,
                line,
                after_next,
                next_followed_by_blank,
                gap,
                ctx,
            ),
            _ => None,
        };
        match (decision, blocks.last_mut()) {
            (Some(kind), Some(block)) => {
                glue(block, line, kind, ctx, cx);
                // A title joined from two lines is still one heading line.
                if kind != Join::Title {
                    block_lines += 1;
                }
            }
            _ => {
                blocks.push(line.clone());
                block_lines = 1;
            }
        }
        last = Some(line.clone());
        gap = 0;
    }
    blocks
}

/// Should `next` continue `block` (whose last physical line is `prev`)?
#[allow(clippy::too_many_arguments)]
fn decide(
    block: &Line,
    prev: &Line,
    block_lines: usize,
    next: &Line,
    after_next: Option<&Line>,
    next_followed_by_blank: bool,
    gap: usize,
    ctx: &Context,
) -> Option<Join> {
    // A byline, or a list item, always starts a block; a byline always ends one.
    if byline_name(&next.text).is_some() || byline_name(&block.text).is_some() {
        return None;
    }
    if list_marker(&next.text).is_some() && !ends_open(&prev.text) {
        return None;
    }
    let prev_w = str_width(&prev.text) + prev.indent;
    // A line as wide as the wrap width is a wrapped line, not a heading.
    let full_line = ctx.wrap >= 30 && prev_w * 100 >= ctx.wrap * 85;
    let short_heading =
        block_lines == 1 && !full_line && heading_like(&block.text) && str_width(&block.text) <= 50;
    // The next line is an article title: a heading-like line right before a byline.
    let next_is_title =
        heading_like(&next.text) && after_next.is_some_and(|l| byline_name(&l.text).is_some());
    if gap == 0 {
        if next.indent >= 2 && next.indent > prev.indent + 1 {
            return None;
        }
        if short_heading {
            let both_short = str_width(&prev.text) <= 40 && str_width(&next.text) <= 40;
            return (both_short
                && heading_like(&next.text)
                && next_followed_by_blank
                && !next_is_title)
                .then_some(Join::Title);
        }
        if ends_sentence(&prev.text) && prev_w * 100 < ctx.wrap * 85 {
            return None;
        }
        if next_is_title {
            return None;
        }
        return Some(Join::Wrap);
    }
    if ends_open(&prev.text) {
        return Some(Join::Blank);
    }
    if ends_sentence(&prev.text) || short_heading || next_is_title {
        return None;
    }
    Some(Join::Blank)
}

/// Append `next` to `block`, with no space between Chinese text and one between words,
/// removing an end-of-line hyphen where the joined word is attested.
fn glue(block: &mut Line, next: &Line, kind: Join, ctx: &Context, cx: &mut StageCx) {
    let gap_span = Span {
        start: block.span.end,
        end: next.span.start,
        line: block.span.line,
    };
    let before = if kind == Join::Blank { "\n\n" } else { "\n" };
    let last = block.text.chars().last();
    let first = next.text.chars().next();
    if kind == Join::Title {
        cx.change("J204", gap_span, before, " ");
        block.text.push(' ');
    } else if let Some(stem) = hyphen_stem(&block.text, &next.text) {
        let tail: String = next
            .text
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let joined = format!("{stem}{tail}").to_lowercase();
        let compound = format!("{stem}-{tail}").to_lowercase();
        let attested = ctx.words.contains(&joined) && !ctx.compounds.contains(&compound);
        if attested {
            block.text.pop();
            cx.change("J203", gap_span, format!("-{before}"), "");
        } else {
            cx.change(
                if kind == Join::Blank { "J202" } else { "J201" },
                gap_span,
                before,
                "",
            );
        }
    } else {
        let cjk = last.is_some_and(is_cjk) || first.is_some_and(is_cjk);
        let dash = matches!(last, Some('—' | '–' | '/'));
        let sep = if cjk || dash { "" } else { " " };
        cx.change(
            if kind == Join::Blank { "J202" } else { "J201" },
            gap_span,
            before,
            sep,
        );
        block.text.push_str(sep);
    }
    block.text.push_str(&next.text);
    block.span.end = next.span.end;
}

/// `infor-` + `mation`: the letters before an end-of-line hyphen, when the next line
/// goes on with a lower-case letter.
fn hyphen_stem<'a>(text: &'a str, next: &str) -> Option<&'a str> {
    let body = text.strip_suffix('-')?;
    let stem_start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map(|(i, _)| i)?;
    let stem = &body[stem_start..];
    let starts_lower = next.chars().next().is_some_and(|c| c.is_lowercase());
    (stem.is_ascii() && starts_lower).then_some(stem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read_text;

    fn join(s: &str) -> (Vec<String>, Vec<&'static str>) {
        let mut cx = StageCx::default();
        let src = JoinBrokenLines.run(read_text(s), &mut cx).unwrap();
        (
            src.lines()
                .filter(|l| !l.is_blank())
                .map(|l| l.text.clone())
                .collect(),
            cx.changes.iter().map(|c| c.rule).collect(),
        )
    }

    #[test]
    fn chinese_cut_by_blank_line_joined_without_space() {
        let (b, rules) = join("以文体惠民活动为抓手，深化“一次办好”改革，节约办事时间，实现“互联网+政\n\n务服务”；发扬精神。\n\n宣传方面\n\n正文开始。");
        assert_eq!(b, ["以文体惠民活动为抓手，深化“一次办好”改革，节约办事时间，实现“互联网+政务服务”；发扬精神。", "宣传方面", "正文开始。"]);
        assert_eq!(rules, ["J202"]);
    }

    #[test]
    fn comma_and_enumeration_cuts_joined() {
        let (b, _) = join("做到央媒有大稿、\n\n省市媒体上重稿。");
        assert_eq!(b, ["做到央媒有大稿、省市媒体上重稿。"]);
    }

    #[test]
    fn english_wraps_and_hyphens() {
        let text = "The information is here and the\ninfor-\nmation flows. A message-passing\nsystem uses message-\npassing too. Short end.\n\nNext paragraph starts here.";
        let (b, rules) = join(text);
        assert_eq!(b[0], "The information is here and the information flows. A message-passing system uses message-passing too. Short end.");
        assert_eq!(b[1], "Next paragraph starts here.");
        assert!(rules.contains(&"J203"));
    }

    #[test]
    fn title_broken_over_two_lines() {
        let (b, rules) = join("近赶潍坊 远学长沙\n\n 比学赶超\n再谱新篇\n\n长沙篇\n\n守正创新");
        assert_eq!(
            b,
            [
                "近赶潍坊 远学长沙",
                "比学赶超 再谱新篇",
                "长沙篇",
                "守正创新"
            ]
        );
        assert_eq!(rules, ["J204"]);
    }

    #[test]
    fn paragraph_end_before_article_title_kept() {
        let (b, _) =
            join("采取领导班子带头\n\n对标麓谷，创新发展\n\n济宁高新区人力资源服务中心主任 罗会涛");
        assert_eq!(b.len(), 3);
    }

    #[test]
    fn indented_line_starts_paragraph() {
        let (b, _) = join("\u{3000}\u{3000}第一段的文字很长很长很长很长很长很长很长很长很长很长\n写完了\n\u{3000}\u{3000}第二段开始");
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn idempotent_on_own_output() {
        let text = "实现“互联网+政\n\n务服务”。\n\n宣传方面\n\n正文。";
        let mut cx = StageCx::default();
        let once = JoinBrokenLines.run(read_text(text), &mut cx).unwrap();
        let mut cx2 = StageCx::default();
        let twice = JoinBrokenLines
            .run(read_text(&once.to_text()), &mut cx2)
            .unwrap();
        assert_eq!(once.to_text(), twice.to_text());
        assert!(cx2.changes.is_empty());
    }
}
