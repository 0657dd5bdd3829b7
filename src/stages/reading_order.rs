//! `reading-order`: put orphan page fragments back. Magazine dumps often emit an
//! article's first page after its other pages, so the body *starts* with the tail of a
//! sentence whose head is the article's last block. The evidence is the dangling end of
//! that last block; the true start is the block after a finished sentence that opens
//! the article best (a run of headings, or an introduction followed by a heading).

use super::{Stage, StageCx};
use crate::classify::{
    byline_name, ends_open, ends_sentence, heading_like, is_cjk, list_marker, str_width,
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
        // From the last article back, so a repair never shifts a body still to come.
        for (start, end) in article_bodies(&blocks).into_iter().rev() {
            repair_body(&mut blocks, start, end, cx);
        }
        Ok(Source::from_blocks(blocks, src.lang))
    }
}

/// The bodies of articles: from after each byline to the next article's title.
/// An article is a heading-like title line directly followed by a byline.
fn article_bodies(blocks: &[Line]) -> Vec<(usize, usize)> {
    let starts: Vec<usize> = (0..blocks.len().saturating_sub(1))
        .filter(|&i| heading_like(&blocks[i].text) && byline_name(&blocks[i + 1].text).is_some())
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &t)| (t + 2, starts.get(n + 1).copied().unwrap_or(blocks.len())))
        .filter(|(s, e)| s < e)
        .collect()
}

/// Can this block end an article? A finished sentence, or a short heading-like line
/// (a last heading with nothing after is rare, but it is not a dangling sentence).
fn dangling(text: &str) -> bool {
    ends_open(text) || (!ends_sentence(text) && (!heading_like(text) || str_width(text) > 40))
}

fn repair_body(blocks: &mut Vec<Line>, start: usize, end: usize, cx: &mut StageCx) {
    let body = &blocks[start..end];
    let n = body.len();
    if n < 3 || !dangling(&body[n - 1].text) {
        return;
    }
    let Some(k) = best_start(body) else { return };
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
        },
        preview(&body[k].text),
        format!("moved before {}", preview(&head.text)),
    );
    let sep = if tail.text.chars().last().is_some_and(is_cjk)
        || head.text.chars().next().is_some_and(is_cjk)
    {
        ""
    } else {
        " "
    };
    cx.change(
        "J202",
        Span {
            start: tail.span.end,
            end: head.span.start,
            line: tail.span.line,
        },
        "\n\n",
        sep,
    );
    tail.text.push_str(sep);
    tail.text.push_str(&head.text);
    tail.span.end = tail.span.end.max(head.span.end);
    moved.push(tail);
    moved.extend(rest);
    blocks.splice(start..end, moved);
}

/// The block the article really starts with: it follows a finished sentence, is not a
/// list item in mid-list, and opens the article best. Ties go to the later block (a
/// shorter displaced first page).
fn best_start(body: &[Line]) -> Option<usize> {
    let n = body.len();
    let mut best: Option<(u32, usize)> = None;
    for k in 1..n {
        if !ends_sentence(&body[k - 1].text) || list_marker(&body[k].text).is_some() {
            continue;
        }
        let here = heading_like(&body[k].text);
        let next = body.get(k + 1).is_some_and(|b| heading_like(&b.text));
        let score = match (here, next) {
            (true, true) => 3,
            (false, true) => 2,
            (true, false) => 1,
            (false, false) => 0,
        };
        if best.is_none_or(|(s, _)| score >= s) {
            best = Some((score, k));
        }
    }
    best.map(|(_, k)| k)
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
    use crate::read::read_text;

    fn order(s: &str) -> Vec<String> {
        let mut cx = StageCx::default();
        let src = ReadingOrder.run(read_text(s), &mut cx).unwrap();
        src.lines()
            .filter(|l| !l.is_blank())
            .map(|l| l.text.clone())
            .collect()
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
}
