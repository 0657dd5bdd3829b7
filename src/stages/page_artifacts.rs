//! `page-artifacts`: page numbers and running headers and footers out.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use crate::hash::Mix;

/// Lines to remove, keyed by (page, line), with the rule that removes them. (Looked up
/// for every line: hashed with [`Mix`], not SipHash; never iterated where order shows.)
type Places = HashMap<(usize, usize), &'static str, BuildHasherDefault<Mix>>;

use super::{Stage, StageCx};
use crate::classify::{ends_sentence, str_width, title_like};
use crate::error::Result;
use crate::source::{Line, Source};

/// The `page-artifacts` stage.
pub struct PageArtifacts;

impl Stage for PageArtifacts {
    fn id(&self) -> &'static str {
        "page-artifacts"
    }

    fn run(&self, mut src: Source, cx: &mut StageCx) -> Result<Source> {
        let (remove, glued) = decide(&src);
        for ((p, l), cut) in glued {
            let line = &mut src.pages[p].lines[l];
            let tail = line.text[cut..].to_string();
            let end = line.span.end;
            let span = crate::report::Span {
                start: end.saturating_sub(tail.len()).max(line.span.start),
                end,
                line: line.span.line,
                column: line.span.column + line.text[..cut].chars().count(),
            };
            cx.change("P103", span, tail, "");
            line.text.truncate(line.text[..cut].trim_end().len());
            // The space before the number was layout, not a word boundary: the page
            // may have ended mid-word (`the av -1-` … `erage`).
            line.trail = false;
        }
        for (p, page) in src.pages.iter_mut().enumerate() {
            let lines = std::mem::take(&mut page.lines);
            // A removed page number or header marks a page break: the next text line
            // starts a page (the seam reading order prefers to cut at).
            let mut seam = false;
            for (l, mut line) in lines.into_iter().enumerate() {
                match remove.get(&(p, l)) {
                    Some(rule) => {
                        cx.change(rule, line.span, line.text, "");
                        seam = true;
                    }
                    None => {
                        if seam && !line.is_blank() {
                            line.seam = true;
                            seam = false;
                        }
                        page.lines.push(line);
                    }
                }
            }
        }
        Ok(src)
    }
}

/// Page numbers printed at the end of a page's last line (`… the av -1-`), where
/// the extractor put a footer beside the text: a decorated number (not a bare one)
/// on a page with no page-number line of its own, whose value fits the numbers
/// removed on other pages (the page `k` pages on is numbered `k` more). Returns the
/// line and the byte offset where the number starts.
fn glued_numbers(src: &Source, remove: &Places) -> Vec<((usize, usize), usize)> {
    if src.pages.len() < 2 {
        return Vec::new();
    }
    // The pages with a page-number line, the offsets between page and number, and
    // the numbers' shapes (digits folded: `-#-`, `Page#`): a glued number must match
    // all three.
    let mut pages = HashSet::new();
    let mut offsets = HashSet::new();
    let mut shapes = HashSet::new();
    for (&(p, l), rule) in remove {
        let text = &src.pages[p].lines[l].text;
        if *rule != "P101" {
            continue;
        }
        if let Some(v) = page_number_value(text) {
            pages.insert(p);
            offsets.insert(v - p as i64);
            shapes.insert(header_key(text));
        }
    }
    if pages.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (p, page) in src.pages.iter().enumerate() {
        if pages.contains(&p) {
            continue;
        }
        let Some(l) = nonblank(&page.lines).next_back() else {
            continue;
        };
        if remove.contains_key(&(p, l)) {
            continue;
        }
        let text = &page.lines[l].text;
        // The number's start: one of the last three spaces (`- 1 -`, `Page 3`).
        let starts = text
            .char_indices()
            .filter(|&(_, c)| c == ' ')
            .map(|(i, _)| i + 1)
            .collect::<Vec<_>>();
        for &cut in starts.iter().rev().take(3) {
            let tail = &text[cut..];
            if tail.starts_with(' ') || !is_page_number(tail) || is_lone_number(tail.trim()) {
                continue;
            }
            let Some(v) = page_number_value(tail) else {
                continue;
            };
            // Printed like the other pages' numbers (not a citation `[3]` or an
            // equation's `(3)`), and numbered in step with them.
            let fits = offsets.contains(&(v - p as i64)) && shapes.contains(&header_key(tail));
            if fits && !text[..cut].trim().is_empty() {
                out.push(((p, l), cut));
                break;
            }
        }
    }
    out
}

/// The number a page-number line gives: its first run of digits.
fn page_number_value(t: &str) -> Option<i64> {
    let start = t.find(|c: char| c.is_ascii_digit())?;
    let digits: String = t[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Which lines to remove, keyed by (page, line), with the rule that removes them; and
/// the page numbers glued to a page's last line (see [`glued_numbers`]).
#[allow(clippy::type_complexity)]
fn decide(src: &Source) -> (Places, Vec<((usize, usize), usize)>) {
    let mut remove = Places::default();
    let paged = src.pages.len() > 1;
    // Page numbers: unambiguous forms anywhere; lone numbers at page edges.
    for (p, page) in src.pages.iter().enumerate() {
        let edges = edge_lines(&page.lines, 2);
        for (l, line) in page.lines.iter().enumerate() {
            let t = crate::classify::trim(&line.text);
            if is_page_number(t) || (paged && edges.contains(&l) && is_lone_number(t)) {
                remove.insert((p, l), "P101");
            }
        }
    }
    // Lone numbers without form feeds: an increasing run of bare-number lines standing
    // alone between blank lines.
    // (A reader may give no page at all: an OCR file without pages.)
    if let (false, Some(first)) = (paged, src.pages.first()) {
        let lines = &first.lines;
        let lone: Vec<(usize, u32)> = lines
            .iter()
            .enumerate()
            .filter(|(l, line)| {
                let alone = (*l == 0 || lines[l - 1].is_blank())
                    && lines.get(l + 1).is_none_or(Line::is_blank);
                alone
                    && line.text.len() <= 4
                    && line.text.bytes().all(|b| b.is_ascii_digit())
                    && !line.text.is_empty()
            })
            .filter_map(|(l, line)| Some((l, line.text.parse().ok()?)))
            .collect();
        if lone.len() >= 3 && lone.windows(2).all(|w| w[0].1 < w[1].1) {
            for (l, _) in lone {
                remove.insert((0, l), "P101");
            }
        }
    }
    // Running headers and footers: the same line (digits ignored) at the edges of
    // several pages.
    let mut seen: HashMap<String, Vec<(usize, usize)>, BuildHasherDefault<Mix>> =
        HashMap::default();
    for (p, page) in src.pages.iter().enumerate() {
        let candidates: Vec<usize> = if paged {
            edge_lines(&page.lines, 2)
        } else {
            // No form feeds: lines next to a page number are at a page edge.
            near_removed(&page.lines, &remove, p)
        };
        for l in candidates {
            let line = &page.lines[l];
            if remove.contains_key(&(p, l)) || line.is_blank() || str_width(&line.text) > 80 {
                continue;
            }
            seen.entry(header_key(&line.text)).or_default().push((p, l));
        }
    }
    let pages = src
        .pages
        .iter()
        .filter(|p| p.lines.iter().any(|l| !l.is_blank()))
        .count();
    let mut headers: Vec<String> = Vec::new();
    let mut single: Vec<(String, (usize, usize))> = Vec::new();
    for (key, places) in seen {
        if places.len() == 1 {
            single.push((key.clone(), places[0]));
        }
        let distinct_pages = {
            let mut ps: Vec<usize> = places.iter().map(|(p, _)| *p).collect();
            ps.dedup();
            ps.len()
        };
        // Odd/even headers appear on every other page: half the pages is enough.
        let enough = if paged {
            distinct_pages >= 3 || (distinct_pages >= 2 && distinct_pages * 2 + 1 >= pages)
        } else {
            places.len() >= 3
        };
        if enough {
            headers.push(key);
            for (i, &place) in places.iter().enumerate() {
                // The header twice on one page: the second is the real heading (a
                // document's title right under a running header with the same text).
                if paged && i > 0 && places[i - 1].0 == place.0 && place.1 <= places[i - 1].1 + 3 {
                    continue;
                }
                if i == 0 && opens_document(src, place, &places[1..], distinct_pages < pages) {
                    continue;
                }
                remove.insert(place, "P102");
            }
        }
    }
    // A variant of an established header with a number in it, at a page edge
    // (`数字时代` and, once, `数字时代 2025年第5期`).
    for (key, place) in single {
        let variant = headers.iter().any(|h| {
            key.strip_prefix(h.as_str())
                .is_some_and(|rest| rest.contains('#') && str_width(rest) <= 24)
        });
        if variant {
            remove.insert(place, "P102");
        }
    }
    let glued = glued_numbers(src, &remove);
    if paged {
        lone_top_headers(src, &mut remove, &glued);
    }
    (remove, glued)
}

/// A header printed once (the even pages' header of a three-page document): where a
/// running header stands at the top of another page, a page's first line that sits
/// inside a sentence running across the page break (the page before ends open on a
/// word or comma, the text after it goes on in lower case) is a header too, if it
/// looks like one: a capital first, no end punctuation, well short of the page's
/// lines. A real heading never stands in mid-sentence. (Latin script only: Chinese
/// has no case to tell that the text after it goes on.)
fn lone_top_headers(src: &Source, remove: &mut Places, glued: &[((usize, usize), usize)]) {
    let top = |p: usize, remove: &Places| {
        nonblank(&src.pages[p].lines)
            .take(2)
            .any(|l| remove.get(&(p, l)) == Some(&"P102"))
    };
    if !(0..src.pages.len()).any(|p| top(p, remove)) {
        return;
    }
    let glued: HashMap<(usize, usize), usize> = glued.iter().copied().collect();
    let mut found = Vec::new();
    for p in 1..src.pages.len() {
        if nonblank(&src.pages[p].lines)
            .take(2)
            .any(|l| remove.contains_key(&(p, l)))
        {
            continue;
        }
        let kept = |q: usize| {
            nonblank(&src.pages[q].lines)
                .filter(|&l| !remove.contains_key(&(q, l)))
                .collect::<Vec<_>>()
        };
        let (here, before) = (kept(p), kept(p - 1));
        let (Some(&h), Some(&b), Some(&a)) = (here.first(), here.get(1), before.last()) else {
            continue;
        };
        let head = &src.pages[p].lines[h].text;
        let mut prev = src.pages[p - 1].lines[a].text.as_str();
        if let Some(&cut) = glued.get(&(p - 1, a)) {
            prev = prev[..cut].trim_end();
        }
        let next = &src.pages[p].lines[b].text;
        // The page's text width: its wider lines.
        let mut widths: Vec<usize> = here
            .iter()
            .map(|&l| str_width(&src.pages[p].lines[l].text))
            .collect();
        widths.sort_unstable();
        let page_w = widths[widths.len() * 4 / 5];
        let looks_like_header = head.starts_with(|c: char| c.is_ascii_uppercase())
            && title_like(head)
            && !ends_sentence(head)
            && str_width(head) * 10 < page_w * 6;
        let runs_on = prev.ends_with(|c: char| c.is_ascii_alphabetic() || c == ',')
            && next.starts_with(|c: char| c.is_ascii_lowercase());
        if looks_like_header && runs_on {
            found.push((p, h));
        }
    }
    for place in found {
        remove.insert(place, "P102");
    }
}

/// Is this occurrence of a running header the document's own title? A chapter's first
/// page carries its title, not the running header: the document's first line, followed
/// by body text rather than by another title where the header is not on every page, or
/// set apart from the header's other occurrences by its indentation (a centred title,
/// a right-aligned header).
fn opens_document(
    src: &Source,
    place: (usize, usize),
    others: &[(usize, usize)],
    not_every_page: bool,
) -> bool {
    let mut nonblank = src
        .pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| {
            page.lines
                .iter()
                .enumerate()
                .map(move |(l, line)| ((p, l), line))
        })
        .filter(|(_, line)| !line.is_blank());
    let Some((first, line)) = nonblank.next() else {
        return false;
    };
    if first != place || others.is_empty() {
        return false;
    }
    let next_is_body = nonblank
        .next()
        .is_some_and(|(_, next)| !title_like(&next.text) || str_width(&next.text) > 60);
    let indent_apart = others
        .iter()
        .all(|&(p, l)| src.pages[p].lines[l].indent.abs_diff(line.indent) > 4);
    // A header printed on every page, the first included, is a header there too.
    next_is_body && not_every_page || indent_apart
}

/// Indices of a page's non-blank lines.
/// (An iterator from either end: most callers want a page's first or last few.)
fn nonblank(lines: &[Line]) -> impl DoubleEndedIterator<Item = usize> + '_ {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_blank())
        .map(|(i, _)| i)
}

/// Indices of the first and last `n` non-blank lines of a page.
fn edge_lines(lines: &[Line], n: usize) -> Vec<usize> {
    let mut out: Vec<usize> = nonblank(lines).take(n).collect();
    out.extend(nonblank(lines).rev().take(n));
    out.sort_unstable();
    out.dedup();
    out
}

/// The lines within two non-blank lines of a removed page number, in order.
fn near_removed(lines: &[Line], remove: &Places, p: usize) -> Vec<usize> {
    let nonblank: Vec<usize> = nonblank(lines).collect();
    let mut out = Vec::new();
    for (pos, &l) in nonblank.iter().enumerate() {
        let lo = pos.saturating_sub(2);
        let hi = (pos + 2).min(nonblank.len().saturating_sub(1));
        if (lo..=hi).any(|k| k != pos && remove.get(&(p, nonblank[k])) == Some(&"P101")) {
            out.push(l);
        }
    }
    out
}

/// Header identity: digits folded, so `Report 2024 · 3` and `Report 2024 · 4` match;
/// and only letters count where there are any, so OCR's readings of one header's
/// punctuation (`坟 · 春末闲谈`, `坟' 春末闲谈`, `坟 春末闲谈`) match too. A line of
/// symbols alone (`* * *`, a bullet) keeps them.
fn header_key(text: &str) -> String {
    let key = |letters_only: bool| {
        let mut key = String::new();
        for c in text.trim().chars() {
            if c.is_ascii_digit() {
                if !key.ends_with('#') {
                    key.push('#');
                }
            } else if !c.is_whitespace() && (!letters_only || c.is_alphanumeric()) {
                key.push(c);
            }
        }
        key
    };
    let letters = key(true);
    if letters.chars().any(|c| c != '#') {
        letters
    } else {
        key(false)
    }
}

fn is_lone_number(t: &str) -> bool {
    (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
        || (!t.is_empty()
            && t.len() <= 6
            && (t.bytes().all(|b| b"ivxlcdm".contains(&b))
                || t.bytes().all(|b| b"IVXLCDM".contains(&b))))
}

/// `- 12 -`, `— 12 —`, `· 12 ·`, `第 12 页`, `第12页 共30页`, `Page 12`, `Page 12 of 30`, `12/30`.
pub fn is_page_number(t: &str) -> bool {
    let t = crate::classify::trim(t);
    // The longest form, `第 12345 页 / 共 12345 页`, is 37 bytes: longer is text.
    if t.len() > 48 || t.is_empty() {
        return false;
    }
    // Every form holds a number in ASCII digits.
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = |s: &str| !s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit());
    // Decorated numbers.
    for (open, close) in [
        ('-', '-'),
        ('—', '—'),
        ('–', '–'),
        // OCR reads `— 1 —` as the Han numeral one.
        ('一', '一'),
        ('_', '_'),
        ('·', '·'),
        ('•', '•'),
        ('~', '~'),
        ('[', ']'),
        ('(', ')'),
        ('【', '】'),
    ] {
        if let Some(inner) = compact
            .strip_prefix(open)
            .and_then(|s| s.strip_suffix(close))
        {
            let inner = inner.trim_matches(|c| c == open || c == close);
            if digits(inner) {
                return true;
            }
        }
    }
    // 第 12 页, 第12页 共30页, 第12页/共30页
    if let Some(rest) = compact.strip_prefix('第') {
        if let Some((n, tail)) = rest.split_once('页') {
            if digits(n) {
                let tail = tail.trim_start_matches([',', '，', '/', '、']);
                if tail.is_empty() {
                    return true;
                }
                if let Some(m) = tail.strip_prefix('共').and_then(|s| s.strip_suffix('页')) {
                    return digits(m);
                }
            }
        }
    }
    // 共30页 第12页
    if let Some(rest) = compact.strip_prefix('共') {
        if let Some((n, tail)) = rest.split_once('页') {
            return digits(n)
                && tail
                    .strip_prefix('第')
                    .and_then(|s| s.strip_suffix('页'))
                    .is_some_and(digits);
        }
    }
    // Page 12, Page 12 of 30, p. 12
    let lower = t.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    match words.as_slice() {
        ["page" | "p." | "pg.", n] => return digits(n),
        ["page", n, "of" | "/", m] => return digits(n) && digits(m),
        _ => {}
    }
    // 12/30, 12 / 30
    if let Some((a, b)) = compact.split_once('/') {
        return digits(a) && digits(b);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read_text;

    fn run(s: &str) -> (Vec<String>, Vec<&'static str>) {
        let mut cx = StageCx::default();
        let src = PageArtifacts.run(read_text(s), &mut cx).unwrap();
        (
            src.lines().map(|l| l.text.clone()).collect(),
            cx.changes.iter().map(|c| c.rule).collect(),
        )
    }

    #[test]
    fn page_number_forms() {
        for yes in [
            "- 12 -",
            "— 12 —",
            "· 12 ·",
            "第 12 页",
            "第12页 共30页",
            "Page 12",
            "Page 12 of 30",
            "12/30",
            "PAGE 3",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in [
            "12",
            "第十二章",
            "Page layout",
            "1/2 cup of sugar",
            "- item -",
            "4月14日-15日",
        ] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn headers_and_numbers_on_form_feed_pages() {
        let mut s = String::new();
        for p in 1..=4 {
            s.push_str(&format!(
                "Annual Report {}\nBody text of the {} page goes on.\n",
                2024,
                ["first", "second", "third", "fourth"][p - 1]
            ));
            for k in 0..6 {
                s.push_str(
                    &format!(
                        "Line {} of the running text on this page.\n",
                        ["one", "two", "three", "four", "five", "six"][k]
                    )
                    .repeat(1)
                    .replace(
                        "this page",
                        ["the first page", "page two", "page three", "the last page"][p - 1],
                    ),
                );
            }
            s.push_str(&format!("{p}\n\u{c}"));
        }
        let (lines, rules) = run(&s);
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with("Annual") && l.parse::<u32>().is_err()),
            "{lines:?}"
        );
        assert_eq!(rules.iter().filter(|r| **r == "P102").count(), 4);
        assert_eq!(rules.iter().filter(|r| **r == "P101").count(), 4);
        assert!(lines.contains(&"Body text of the third page goes on.".to_string()));
    }

    #[test]
    fn a_header_read_with_different_punctuation_on_each_page_removed() {
        // OCR reads `坟 · 春末闲谈` three ways; the text is the same.
        let mut s = String::new();
        for (p, head) in ["坟' 春末闲谈", "坟 春末闲谈", "坟 · 春末闲谈"]
            .iter()
            .enumerate()
        {
            s.push_str(&format!("{head}\n\n"));
            for k in 0..5 {
                let (a, b) = (["春", "夏", "秋"][p], ["甲", "乙", "丙", "丁", "戊"][k]);
                s.push_str(&format!("{a}天的{b}段正文，接着往下写。\n"));
            }
            s.push('\u{c}');
        }
        let (lines, rules) = run(&s);
        assert_eq!(
            rules.iter().filter(|r| **r == "P102").count(),
            3,
            "{lines:?}"
        );
        assert!(!lines.iter().any(|l| l.contains("春末闲谈")), "{lines:?}");
        // Near miss: lines of symbols alone keep their symbols, so a section break
        // (`* * *`) and a lone bullet at page edges are not one header.
        assert_ne!(header_key("* * *"), header_key("•"));
        assert_eq!(header_key("Report 2024 · 3"), header_key("Report 2025 - 4"));
    }

    #[test]
    fn decorated_page_number_removed_without_pages() {
        let (lines, rules) = run("一段文字\n\n- 12 -\n\n继续");
        assert_eq!(lines, ["一段文字", "", "", "继续"]);
        assert_eq!(rules, ["P101"]);
    }

    #[test]
    fn ocr_page_numbers_and_roman_numerals_at_edges() {
        assert!(is_page_number("一1一"));
        assert!(is_page_number("_ 7 _"));
        assert!(!is_page_number("一二一"));
        let (lines, rules) = run("正文第一页。\nxii\n\u{c}正文第二页。\nxiii\n");
        assert_eq!(rules, ["P101", "P101"]);
        assert!(!lines.iter().any(|l| l.starts_with('x')));
    }

    #[test]
    fn header_variant_with_a_number_removed() {
        let mut s = String::new();
        for p in 1..=4 {
            let header = if p == 4 {
                "数字时代 2025年第5期"
            } else {
                "数字时代"
            };
            let body = ["春天来了", "夏天很热。", "秋天凉爽。", "冬天下雪。"][p - 1];
            s.push_str(&format!("{header}\n{body}\n{body}{body}\n\n- {p} -\n\u{c}"));
        }
        let (lines, rules) = run(&s);
        assert_eq!(
            rules.iter().filter(|r| **r == "P102").count(),
            4,
            "{lines:?}"
        );
        assert!(!lines.iter().any(|l| l.starts_with("数字时代")));
    }

    #[test]
    fn title_under_a_header_with_the_same_text_kept() {
        let mut s = String::from("反浪费法\n\n反浪费法\n第一条 正文。\n- 1 -\n\u{c}");
        for p in 2..=4 {
            s.push_str(&format!("反浪费法\n第{p}页正文。\n- {p} -\n\u{c}"));
        }
        let (lines, _) = run(&s);
        assert_eq!(
            lines.iter().filter(|l| *l == "反浪费法").count(),
            1,
            "{lines:?}"
        );
    }

    #[test]
    fn page_number_glued_to_a_page_s_last_line_removed() {
        let s = "Body text that fills page one.\nthe end of page one breaks the av -1-\n\u{c}Body text of page two.\n- 2 -\n\u{c}The third page.\nends with -3- in text\n-3-\n";
        let (lines, rules) = run(s);
        assert!(
            lines.contains(&"the end of page one breaks the av".to_string()),
            "{lines:?}"
        );
        assert_eq!(rules, ["P103", "P101", "P101"]);
        // Near misses: a number that does not fit the page sequence, a bare number,
        // and a citation printed unlike the page numbers.
        for last in [
            "the last words -7-",
            "the last words 1",
            "an earlier survey [1]",
        ] {
            let s = format!("Page one.\n{last}\n\u{c}Page two.\n- 2 -\n\u{c}Page three.\n- 3 -\n");
            let (lines, rules) = run(&s);
            assert!(lines.contains(&last.to_string()), "{lines:?}");
            assert_eq!(rules, ["P101", "P101"]);
        }
    }

    #[test]
    fn header_printed_once_inside_a_sentence_removed() {
        // Three pages with odd headers; page 2's first line is `top`, page 1 ends on
        // `end`.
        let three_pages = |top: &str, end: &str| {
            // (Each page's body in words of its own: lines repeated at page edges
            // would be running headers themselves.)
            let page = |n: &str, header: &str, first: &str, last: &str| {
                let w = ["alpha", "beta", "gamma"][n.parse::<usize>().unwrap_or(1) - 1];
                format!("{header}\n{first} {w} begins here.\nA full line about {w} {last}\n- {n} -\n\u{c}")
            };
            let s = [
                page("1", "Odd Header", "The text", end),
                page("2", top, "rest", "ends."),
                page("3", "Odd Header", "The text", "ends."),
            ]
            .concat();
            run(&s).0
        };
        let open = "runs into the next page and the";
        let lines = three_pages("Even Header", open);
        // (The odd header opening the document is its title, and stays.)
        assert!(!lines.iter().any(|l| l == "Even Header"), "{lines:?}");
        assert_eq!(lines.iter().filter(|l| *l == "Odd Header").count(), 1);
        // Near miss: a heading at the top of a page after a finished sentence stays.
        let lines = three_pages("Real Heading", "ends.");
        assert!(lines.contains(&"Real Heading".to_string()), "{lines:?}");
        // Near miss: a page's first line of prose inside a sentence running across
        // the break is text, not a header.
        let lines = three_pages(
            "growth rings of every oak in the plots, counted twice",
            open,
        );
        assert!(
            lines.iter().any(|l| l.starts_with("growth rings")),
            "{lines:?}"
        );
    }

    #[test]
    fn removed_page_number_marks_a_seam() {
        let mut cx = StageCx::default();
        let src = PageArtifacts
            .run(
                read_text("one page ends\n\nPage 7\n\nthe next begins"),
                &mut cx,
            )
            .unwrap();
        let next = src.lines().find(|l| l.text == "the next begins").unwrap();
        assert!(next.seam);
    }

    #[test]
    fn chapter_title_on_the_first_page_kept_where_it_repeats_the_odd_header() {
        let body =
            "A paragraph of body text that runs well past sixty cells of width, as body text does.";
        let s = format!(
            "Object Features\n{body}\n- 1 -\n\x0cThe Book\n{body} Two.\n- 2 -\n\x0cObject Features\n{body} Three.\n- 3 -\n"
        );
        let (lines, _) = run(&s);
        let kept: Vec<&String> = lines
            .iter()
            .filter(|l| l.as_str() == "Object Features")
            .collect();
        assert_eq!(kept.len(), 1, "{lines:?}");
        assert_eq!(lines[0], "Object Features");
    }
}
