//! The structure pass: mended [`Source`] → [`Document`]. Decides the title block,
//! articles (a title directly followed by a byline), section headings, bylines, lists
//! and paragraphs from each block's form and its neighbours.

use crate::classify::{
    byline_name, caption, heading_like, issue_line, list_marker, str_width, title_like, Marker,
};
use crate::doc::{group_articles, Block, Document, List, ListItem, Meta};
use crate::source::{Source, Verbatim};

/// Longest line (in display cells) taken as a heading by form alone.
const HEADING_MAX_WIDTH: usize = 50;

/// What a block is, before lists are grouped.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    Heading(u8),
    Verbatim(Verbatim),
    Byline(Option<String>),
    Item(Marker),
    Paragraph,
}

/// Build the document tree from a mended source.
pub fn build(src: &Source) -> Document {
    let lines: Vec<&crate::source::Line> = src.lines().filter(|l| !l.is_blank()).collect();
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let mut roles = assign_roles(&texts);
    for (role, line) in roles.iter_mut().zip(&lines) {
        if let Some(kind) = line.verbatim {
            *role = Role::Verbatim(kind);
        }
    }
    let mut meta = Meta {
        language: src.lang,
        ..Meta::default()
    };
    let mut blocks: Vec<Block> = Vec::new();
    let mut bylines = 0;
    let mut open = Vec::new();
    for ((text, role), line) in texts.iter().zip(roles).zip(&lines) {
        match role {
            Role::Heading(level) => {
                if level == 1 && meta.title.is_none() {
                    meta.title = Some(text.to_string());
                }
                blocks.push(Block::Heading {
                    level,
                    text: text.to_string(),
                });
            }
            Role::Byline(name) => {
                if let Some(n) = &name {
                    if !meta.authors.contains(n) {
                        meta.authors.push(n.clone());
                    }
                }
                bylines += 1;
                blocks.push(Block::Byline {
                    text: text.to_string(),
                    name,
                });
            }
            Role::Paragraph => blocks.push(Block::Paragraph {
                text: text.to_string(),
            }),
            Role::Verbatim(Verbatim::Code) => blocks.push(Block::Preformatted {
                text: text.to_string(),
            }),
            Role::Verbatim(Verbatim::Verse) => blocks.push(Block::Quote {
                text: text.to_string(),
            }),
            Role::Item(m) => push_item(&mut blocks, &mut open, m, text, line.indent),
        }
    }
    // The document's authors are those of a byline that covers it all: one author (or
    // one set of authors) for the whole document. Articles by different people keep
    // their authors in their own bylines.
    if meta.authors.len() > 1 && bylines > 1 {
        meta.authors.clear();
    }
    Document {
        meta,
        blocks: group_articles(blocks),
    }
}

/// One level of the open list chain: the last list block, the list nested in its
/// last item, and so on.
#[derive(Debug, Clone)]
struct Open {
    family: &'static str,
    rank: u8,
    /// The number the next item of this list would carry.
    next: u32,
    indent: usize,
}

/// How deep a marker family nests, outermost first: `一、` > `（一）` > `1.`/`1、`/`1)` >
/// `a.` > `i.` > `(1)`/`（1）` > `①` > `•` > `◦`/`–`/`-`.
fn family_rank(family: &str) -> u8 {
    match family {
        "chinese" => 1,
        "paren-chinese" => 2,
        "decimal-comma" | "decimal-period" | "decimal-paren" => 3,
        "alpha" => 4,
        "roman" => 5,
        "paren-decimal" => 6,
        "circled" => 7,
        "bullet" => 8,
        _ => 9,
    }
}

/// The marker's family for nesting: bullets split into primary glyphs (`•` `●` `▪`
/// `·` `*`, and OCR's `.`) and the secondary ones that mark sub-items (`◦` `○` `–` `-`).
fn nest_family(m: &Marker) -> &'static str {
    if m.family == "bullet" && matches!(m.text.as_str(), "◦" | "○" | "▫" | "–" | "-") {
        "sub-bullet"
    } else {
        m.family
    }
}

/// Add a list item. It continues the open list of its family whose numbering it goes
/// on; a first item (`1`, `a`, `一`, or any bullet) of a family that nests deeper than
/// an open list, or that is indented further, starts a list inside that list's last
/// item; anything else (a restart, another family) starts a new list.
fn push_item(blocks: &mut Vec<Block>, open: &mut Vec<Open>, m: Marker, text: &str, indent: usize) {
    let family = nest_family(&m);
    let rank = family_rank(family);
    let bullet = !m.kind.is_ordered();
    let item = ListItem {
        marker: m.text.clone(),
        text: text[m.len..].trim().to_string(),
        ..ListItem::default()
    };
    if !matches!(blocks.last(), Some(Block::List(_))) {
        open.clear();
    }
    let level = Open {
        family,
        rank,
        next: m.number + 1,
        indent,
    };
    let first = bullet || m.number == 1;
    let goes_on = |o: &Open| o.family == family && (bullet || o.next == m.number);
    let deeper = open.last().is_some_and(|o| indent >= o.indent + 2);
    // The list it goes on: one at its indentation first; where indentation wobbles,
    // any, unless the item is indented past them all and could start a list inside.
    let continues = open
        .iter()
        .rposition(|o| goes_on(o) && indent.abs_diff(o.indent) < 2)
        .or_else(|| {
            if deeper && first {
                None
            } else {
                open.iter().rposition(goes_on)
            }
        });
    let nests = || {
        open.iter()
            .rposition(|o| o.rank < rank || indent >= o.indent + 2)
            .filter(|_| first)
    };
    let (depth, new_list) = match (continues, nests()) {
        (Some(j), _) => (j, false),
        (None, Some(j)) => (j + 1, true),
        (None, None) => (0, true),
    };
    if new_list && depth == 0 {
        open.clear();
        open.push(level);
        blocks.push(Block::List(List {
            kind: m.kind,
            start: m.number,
            items: vec![item],
        }));
        return;
    }
    // Walk down to the list at `depth` (or to the item that gets a new child list).
    let Some(Block::List(list)) = blocks.last_mut() else {
        return;
    };
    let mut list: &mut List = list;
    for _ in 1..depth {
        let Some(child) = list.items.last_mut().and_then(|i| i.children.last_mut()) else {
            return;
        };
        list = child;
    }
    open.truncate(depth + usize::from(!new_list));
    if new_list {
        let Some(parent) = list.items.last_mut() else {
            return;
        };
        parent.children.push(List {
            kind: m.kind,
            start: m.number,
            items: vec![item],
        });
        open.push(level);
    } else {
        if depth > 0 {
            let Some(child) = list.items.last_mut().and_then(|i| i.children.last_mut()) else {
                return;
            };
            list = child;
        }
        list.items.push(item);
        if let Some(o) = open.last_mut() {
            o.next = level.next;
        }
    }
}

fn short_heading(text: &str) -> bool {
    heading_like(text) && str_width(text) <= HEADING_MAX_WIDTH
}

fn assign_roles(texts: &[&str]) -> Vec<Role> {
    let n = texts.len();
    let bylines: Vec<Option<String>> = texts.iter().map(|t| byline_name(t)).collect();
    // An article's title: the line before a byline (titles may be long and hold commas).
    let is_title = |i: usize| {
        (short_heading(texts[i]) || title_like(texts[i]))
            && bylines.get(i + 1).is_some_and(Option::is_some)
            && bylines[i].is_none()
    };
    let first_article = (0..n).find(|&i| is_title(i));
    let has_articles = first_article.is_some();
    // The title block: heading-like lines at the top, before the first article.
    let mut title_block = 0;
    while title_block < n
        && Some(title_block) != first_article
        && bylines[title_block].is_none()
        && (short_heading(texts[title_block])
            // The first line may be a long title, commas and all.
            || title_block == 0 && title_like(texts[0]) && str_width(texts[0]) <= 100 && n > 1)
        && list_marker(texts[title_block]).is_none()
    {
        title_block += 1;
    }
    // A lone first heading followed by body text is the title; a first line followed
    // by a byline is the only article's title, and the document's.
    // (A magazine's issue line under its title is no heading: it does not count.)
    let title_headings = (0..title_block)
        .filter(|&i| i == 0 || !issue_line(texts[i]))
        .count();
    let article_level: u8 = if title_headings > 1 { 3 } else { 2 };
    // One article that opens the document: its title is the document's, and its
    // sections sit right below it.
    let lone_article = first_article == Some(0) && (1..n).filter(|&i| is_title(i)).count() == 0;
    let section_level: u8 = if has_articles && !lone_article {
        article_level + 1
    } else {
        2
    };
    let mut roles = Vec::with_capacity(n);
    for i in 0..n {
        let text = texts[i];
        let next = texts.get(i + 1).copied();
        let role = if let Some(name) = &bylines[i] {
            Role::Byline(Some(name.clone()))
        } else if caption(text) {
            // A figure's or table's caption is no heading, however short.
            Role::Paragraph
        } else if i < title_block {
            // A magazine's issue or date line under its title is no heading.
            if i > 0 && issue_line(text) {
                Role::Paragraph
            } else {
                Role::Heading(if i == 0 { 1 } else { 2 })
            }
        } else if is_title(i) {
            Role::Heading(if i == 0 { 1 } else { article_level })
        } else if let Some(m) = list_marker(text) {
            if m.kind.is_ordered() && numbered_heading(texts, i) {
                Role::Heading(section_level)
            } else {
                Role::Item(m)
            }
        } else if short_heading(text) && next.is_some() {
            Role::Heading(section_level)
        } else {
            Role::Paragraph
        };
        roles.push(role);
    }
    rank_numbered_headings(texts, &mut roles, section_level);
    roles
}

/// Is the numbered line `i` a heading: a short title (no sentence) after its number,
/// followed by body text, directly or under headings numbered by ever deeper schemes
/// (`一、总体要求` / `（一）基本原则` / `1. 坚持人民至上` / body). Short numbered lines of
/// one scheme in a row are a list, and so is a run that never reaches body text.
fn numbered_heading(texts: &[&str], i: usize) -> bool {
    let short_numbered = |t: &str| {
        list_marker(t).is_some_and(|m| {
            m.kind.is_ordered() && short_heading(&t[m.len..]) && str_width(t) <= 40
        })
    };
    if !short_numbered(texts[i]) {
        return false;
    }
    // The next item of a list (`a.` `b.` then `c.`) is an item, whatever follows it.
    if let (Some(m), Some(prev)) = (list_marker(texts[i]), i.checked_sub(1).map(|p| texts[p])) {
        if list_marker(prev).is_some_and(|p| p.family == m.family && p.number + 1 == m.number) {
            return false;
        }
    }
    let mut rank = numbering_rank(texts[i]);
    for &t in &texts[i + 1..] {
        if !short_heading(t) && list_marker(t).is_none() {
            return true;
        }
        // A deeper scheme's heading may stand between this one and its body.
        let deeper =
            short_numbered(t) && matches!((rank, numbering_rank(t)), (Some(a), Some(b)) if b > a);
        if !deeper {
            return false;
        }
        rank = numbering_rank(t);
    }
    false
}

/// The rank of a heading's numbering scheme, outermost first: `第一编`/`Part` >
/// `第一章`/`Chapter` > `第一节`/`Section` > `一、`/`IV.` > `（一）` > `1.`/`1、`/`1` >
/// `1.1` > `1.1.1` > `（1）`. `None` for a heading without a number.
pub(crate) fn numbering_rank(text: &str) -> Option<u8> {
    let t = text.trim_start();
    if let Some(rest) = t.strip_prefix('第') {
        let rest = rest.trim_start();
        let num: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十百千两".contains(*c))
            .collect();
        if !num.is_empty() {
            match rest[num.len()..].trim_start().chars().next() {
                Some('编' | '篇' | '部' | '卷') => return Some(0),
                Some('章') => return Some(1),
                Some('节') => return Some(2),
                _ => {}
            }
        }
    }
    let mut words = t.split_whitespace();
    let first = words.next().unwrap_or("");
    let numbered_word = |w: Option<&str>| {
        w.is_some_and(|n| {
            let n = n.trim_end_matches(['.', ':']);
            !n.is_empty()
                && (n.bytes().all(|b| b.is_ascii_digit())
                    || n.bytes().all(|b| b"IVXLC".contains(&b)))
        })
    };
    match first {
        "Part" | "PART" | "Book" | "BOOK" if numbered_word(words.clone().next()) => return Some(0),
        "Chapter" | "CHAPTER" if numbered_word(words.clone().next()) => return Some(1),
        "Section" | "SECTION" if numbered_word(words.clone().next()) => return Some(2),
        _ => {}
    }
    // Roman numerals: `IV.` or `IV ` before a title.
    let roman = first.trim_end_matches('.');
    if !roman.is_empty()
        && roman.len() <= 5
        && roman.bytes().all(|b| b"IVXLC".contains(&b))
        && (first.ends_with('.') || words.clone().next().is_some())
    {
        return Some(3);
    }
    // Dotted decimals: `1`, `1.1`, `1.1.1` before a title.
    let dotted = first.trim_end_matches('.');
    if !dotted.is_empty()
        && dotted
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let depth = dotted.split('.').count() as u8;
        return Some(4 + depth);
    }
    let m = list_marker(t)?;
    Some(match m.family {
        "chinese" | "roman" => 3,
        "paren-chinese" => 4,
        "decimal-comma" | "decimal-period" | "decimal-paren" => 5,
        "paren-decimal" | "circled" => 9,
        _ => 10,
    })
}

/// Headings numbered by different schemes nest in the order of [`numbering_rank`]:
/// the outermost scheme in the document sits at the section level, each further one a
/// level below. Headings without a number stay at the section level.
fn rank_numbered_headings(texts: &[&str], roles: &mut [Role], section_level: u8) {
    let mut ranks: Vec<u8> = roles
        .iter()
        .zip(texts)
        .filter(|(r, _)| **r == Role::Heading(section_level))
        .filter_map(|(_, t)| numbering_rank(t))
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    for (role, text) in roles.iter_mut().zip(texts) {
        if *role != Role::Heading(section_level) {
            continue;
        }
        if let Some(pos) = numbering_rank(text).and_then(|r| ranks.iter().position(|&x| x == r)) {
            *role = Role::Heading((section_level + pos as u8).min(6));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Lang, ListKind};
    use crate::read::read_text;

    fn doc(s: &str) -> Document {
        build(&read_text(s))
    }

    #[test]
    fn title_block_articles_sections_lists() {
        let d = doc("大标题\n\n副标题\n\n文章一\n\n某某区宣传部部长 张三丰\n\n导语一段。\n\n小节标题\n\n1、第一项内容。\n\n2、第二项内容。\n\n结尾。");
        assert_eq!(
            d.headings(),
            [(1, "大标题"), (2, "副标题"), (3, "文章一"), (4, "小节标题")]
        );
        assert_eq!(d.meta.title.as_deref(), Some("大标题"));
        assert_eq!(d.meta.authors, ["张三丰"]);
        assert_eq!(d.meta.language, Lang::Zh);
        let lists: Vec<&List> = d
            .flat_blocks()
            .filter_map(|b| {
                if let Block::List(l) = b {
                    Some(l)
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(lists.len(), 1);
        assert_eq!(lists[0].kind, ListKind::Decimal);
        assert_eq!(lists[0].items[1].text, "第二项内容。");
        assert_eq!(lists[0].items[1].marker, "2、");
    }

    #[test]
    fn a_magazine_s_issue_line_is_no_heading() {
        for issue in ["Issue 11", "2025年第5期"] {
            let d = doc(&format!("RUST IN PRACTICE\n\n{issue}\n\nAn I/O Project\n\nHarbor Labs Senior Engineer Nina Alvarez\n\nThe body of the article starts here."));
            assert_eq!(
                d.headings(),
                [(1, "RUST IN PRACTICE"), (2, "An I/O Project")],
                "{issue}"
            );
        }
        // A figure's caption is a paragraph, however short.
        let d = doc("标题\n\n正文一段，如图 14-1 所示：\n\n图 14-1：函数的文档\n\n下一段正文。");
        assert_eq!(d.headings(), [(1, "标题")]);
        // A subtitle in the title block stays a heading.
        let d = doc("网购有保障 维权有依据\n\n消费纠纷典型案例 评析与提示\n\n文章一\n\n某某区宣传部部长 张三丰\n\n导语一段。");
        assert_eq!(d.headings()[1], (2, "消费纠纷典型案例 评析与提示"));
    }

    #[test]
    fn numbered_heading_versus_item_by_content() {
        let d = doc("一、总则\n\n这是正文。\n\n二、提升工作站位，集中突破重点项目。与长沙高新区类似，我区新材料产业同样抓大盯强。\n\n三、提升思想境界，做实做专产业园区。规划布局。");
        assert!(matches!(&d.blocks[0], Block::Heading { text, .. } if text == "一、总则"));
        assert!(matches!(&d.blocks[2], Block::List(l) if l.items.len() == 2 && l.start == 2));
    }

    #[test]
    fn numbered_headings_over_deeper_ones_before_their_body() {
        // Each scheme's heading stands right over the next deeper one's.
        let d = doc("第一章 总则\n\n一、总体要求\n\n（一）基本原则\n\n1. 坚持人民至上\n\n这是正文，说明本章的内容。");
        assert_eq!(
            d.headings(),
            [
                (1, "第一章 总则"),
                (2, "一、总体要求"),
                (3, "（一）基本原则"),
                (4, "1. 坚持人民至上")
            ]
        );
        // Near misses: short lines of one scheme in a row are a list, and an outline
        // that never reaches body text (a table of contents) stays a list.
        let d = doc("标题\n\n一、总体要求\n\n二、基本原则\n\n这是正文。");
        assert!(!d.headings().iter().any(|h| h.1 == "一、总体要求"));
        let d = doc("标题\n\n一、总体要求\n\n（一）基本原则\n\n（二）工作目标");
        assert_eq!(d.headings(), [(1, "标题")]);
        // A shallower scheme after a deeper one does not carry the deeper one's body.
        let d = doc("标题\n\n（一）基本原则\n\n一、总体要求\n\n这是正文。");
        assert_eq!(d.headings(), [(1, "标题"), (2, "一、总体要求")]);
        // The last item of a list with body after it is still an item.
        let d = doc("Title\n\nWe used three methods:\n\na. interviews with staff\nb. surveys of users\nc. analysis of logs\n\nThe findings were good.");
        assert_eq!(d.headings(), [(1, "Title")]);
        assert!(matches!(&d.blocks[2], Block::List(l) if l.items.len() == 3));
    }

    #[test]
    fn restarting_numbers_start_a_new_list() {
        let d = doc("1. one\n\n2. two\n\n1. again\n\n2. more");
        let n = d
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::List(_)))
            .count();
        assert_eq!(n, 2);
    }

    /// The lists of a document, top level only.
    fn lists(d: &Document) -> Vec<&List> {
        d.flat_blocks()
            .filter_map(|b| match b {
                Block::List(l) => Some(l),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn lists_nest_by_marker_family() {
        let d = doc("要点如下：\n\n一、提升工作站位，集中突破重点项目，抓好每一个环节。\n\n（一）坚持规划引领，统筹布局各类园区。\n\n（二）坚持项目为王，盯紧龙头企业。\n\n1、建立台账。\n\n2、挂图作战。\n\n二、提升思想境界，做实做专产业园区，优化营商环境。\n\n（一）强化服务意识，主动靠前服务。\n\n结尾一段。");
        let l = lists(&d);
        assert_eq!(l.len(), 1, "{:?}", d.blocks);
        let top = l[0];
        assert_eq!(top.items.len(), 2);
        assert_eq!(top.items[0].children.len(), 1);
        let sub = &top.items[0].children[0];
        assert_eq!(sub.items.len(), 2);
        assert_eq!(sub.items[1].children[0].items.len(), 2);
        assert_eq!(sub.items[1].children[0].items[1].marker, "2、");
        assert_eq!(
            top.items[1].children[0].items[0].text,
            "强化服务意识，主动靠前服务。"
        );

        let d = doc("Steps:\n\n1. Prepare the ground.\n\na. Dig the hole.\n\nb. Water it.\n\n2. Plant the tree.\n\n• Keep the roots moist.\n\n– Not too wet.\n\n• Stake it.\n\nDone.");
        let l = lists(&d);
        assert_eq!(l.len(), 1, "{:?}", d.blocks);
        assert_eq!(l[0].items.len(), 2);
        assert_eq!(l[0].items[0].children[0].items.len(), 2);
        assert_eq!(l[0].items[0].children[0].kind, ListKind::LowerAlpha);
        // Bullets after a numbered item are its sub-points; `–` under `•`.
        let bullets = &l[0].items[1].children[0];
        assert_eq!(bullets.items.len(), 2);
        assert_eq!(bullets.items[0].children[0].items[0].text, "Not too wet.");
    }

    #[test]
    fn deeper_indentation_nests_the_same_family() {
        let d = doc("Kit:\n\n- tent\n\n    - poles\n\n    - pegs\n\n- stove\n\nEnd.");
        let l = lists(&d);
        assert_eq!(l.len(), 1, "{:?}", d.blocks);
        assert_eq!(l[0].items.len(), 2);
        assert_eq!(l[0].items[0].children[0].items.len(), 2);
    }

    #[test]
    fn articles_keep_title_byline_and_body_together() {
        let d = doc("总标题\n\n文章一\n\n某某区宣传部部长 张三丰\n\n正文一。\n\n小节\n\n正文二。\n\n文章二\n\n某某区发改局局长 李四光\n\n正文三。");
        assert!(matches!(&d.blocks[0], Block::Heading { level: 1, .. }));
        let articles: Vec<&crate::doc::Article> = d
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Article(a) => Some(a),
                _ => None,
            })
            .collect();
        assert_eq!(articles.len(), 2);
        assert_eq!(articles[0].authors, ["张三丰"]);
        assert_eq!(articles[0].blocks.len(), 5);
        assert_eq!(articles[1].authors, ["李四光"]);
        assert!(matches!(&articles[1].blocks[0], Block::Heading { text, .. } if text == "文章二"));
        // Without bylines there are no articles.
        let d = doc("Title\n\nSection\n\nText.");
        assert!(!d.blocks.iter().any(|b| matches!(b, Block::Article(_))));
    }

    #[test]
    fn english_byline_and_paragraphs() {
        let d = doc("The Report\n\nBy Jane Doe\n\nFirst paragraph.\n\nSecond paragraph.");
        assert_eq!(d.headings(), [(1, "The Report")]);
        let blocks: Vec<&Block> = d.flat_blocks().collect();
        assert!(matches!(blocks[1], Block::Byline { name: Some(n), .. } if n == "Jane Doe"));
        assert_eq!(d.meta.language, Lang::En);
    }

    #[test]
    fn near_misses_stay_paragraphs() {
        // A short sentence is no heading; a year is no list marker; `1、` inside a
        // sentence is no list.
        let d = doc("标题\n\n这是一个短句。\n\n2023. The year began well for us all.\n\n我们分为1、2两组进行比较。\n\nIt works.\n\nThe end.");
        assert_eq!(d.headings(), [(1, "标题")]);
        assert!(
            d.blocks[1..]
                .iter()
                .all(|b| matches!(b, Block::Paragraph { .. })),
            "{:?}",
            d.blocks
        );
    }

    #[test]
    fn long_first_line_is_the_title() {
        let d = doc("Putting It All Together: Futures, Tasks, and Threads\n\nAs we saw in Chapter 16, threads provide one approach to concurrency, and async another.");
        assert_eq!(
            d.headings(),
            [(1, "Putting It All Together: Futures, Tasks, and Threads")]
        );
        assert_eq!(
            d.meta.title.as_deref(),
            Some("Putting It All Together: Futures, Tasks, and Threads")
        );
    }

    #[test]
    fn ocr_full_stop_bullets_make_a_list() {
        let d = doc("Rules of thumb:\n\n. If the work is parallel, use threads.\n\n. If the work is concurrent, use async.");
        assert!(
            matches!(&d.blocks[1], Block::List(l) if l.items.len() == 2 && l.kind == ListKind::Bullet)
        );
    }

    #[test]
    fn numbering_schemes_nest() {
        let d = doc("报告标题\n\n第一章 总则\n\n正文一。\n\n一、适用范围\n\n正文二。\n\n（一）基本要求\n\n正文三。\n\n二、其他规定\n\n正文四。\n\n第二章 附则\n\n正文五。");
        assert_eq!(
            d.headings(),
            [
                (1, "报告标题"),
                (2, "第一章 总则"),
                (3, "一、适用范围"),
                (4, "（一）基本要求"),
                (3, "二、其他规定"),
                (2, "第二章 附则")
            ]
        );
        let d = doc("Manual\n\n1 Introduction\n\nText here.\n\n1.1 Scope\n\nMore text.\n\n1.1.1 Limits\n\nYet more.\n\n2 Usage\n\nThe end.");
        assert_eq!(
            d.headings(),
            [
                (1, "Manual"),
                (2, "1 Introduction"),
                (3, "1.1 Scope"),
                (4, "1.1.1 Limits"),
                (2, "2 Usage")
            ]
        );
        assert_eq!(numbering_rank("Chapter 3 Results"), Some(1));
        assert_eq!(numbering_rank("Part II"), Some(0));
        assert_eq!(numbering_rank("IV. Findings"), Some(3));
        assert_eq!(numbering_rank("Findings"), None);
        // A year is no section number.
        assert_eq!(numbering_rank("2023 in review"), None);
    }

    #[test]
    fn authors_in_metadata_only_when_one_covers_the_document() {
        let two = doc("总标题\n\n文章一\n\n某某区宣传部部长 张三丰\n\n正文。\n\n文章二\n\n某某区宣传部部长 李四光\n\n正文。");
        assert!(two.meta.authors.is_empty());
        assert!(two
            .flat_blocks()
            .any(|b| matches!(b, Block::Byline { name: Some(n), .. } if n == "李四光")));
        let one = doc("The Report\n\nBy Jane Doe\n\nText.");
        assert_eq!(one.meta.authors, ["Jane Doe"]);
    }
}
