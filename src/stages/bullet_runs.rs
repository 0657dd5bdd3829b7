//! Bullets printed before their items. `pdftotext` reads a column of hanging bullets
//! apart from the text beside them, so a list comes out as a run of lone bullets and
//! then the items' lines:
//!
//! ```text
//! •
//! •
//! Usability Testing, 18F Method Cards
//! Testing Web Content for Accessibility,
//! WebAim
//! ```
//!
//! With `k` bullets and `n ≥ k` lines, the `n − k` line breaks most likely to fall
//! inside an item are joined, and each bullet goes to one item, in order (J205). A
//! break falls inside an item when the next line goes on in lower case, the line ends
//! on a comma, an open bracket or a word a sentence cannot end on (`the`, `of`, `and`),
//! or without end punctuation; ties go to lines as wide as the run's wrapped lines, and
//! a line that stops well short of them (under 70 %) ends its item. Lower case counts
//! for less where many lines start in it (a glossary's terms). A line far wider than
//! the run's wrapped lines is several printed lines that `pdftotext` ran together at a
//! hyphen: only its last part is measured. Where the items so found are nearly in
//! alphabetical order (a glossary, an index, a reading list; eight items or more), they
//! are found again in full alphabetical order, so that no line out of that order
//! starts an item (`For example, …` after `government`). The items may end before
//! the run's last line, where the break after them is clearly no break inside an item
//! and ending there costs less than the breaks the items would otherwise need: the
//! paragraph after a list often follows with no blank line.
//!
//! Numbers printed apart from their items (`1.` and `2.` on lines of their own, then
//! the items) are dealt the same way, where they count on one by one in one style
//! (`1.` `2.` `3.`, `（一）` `（二）`).

use super::join::{glue, Context, Join};
use super::StageCx;
use crate::classify::{
    ends_on_function_word, ends_open, ends_sentence, list_marker, str_width, Marker,
};
use crate::doc::ListKind;
use crate::source::Line;
use crate::stages::fit::lone_bullet;

/// Fewest bullets in a run worth dealing (one lone bullet is joined to its next line
/// by the ordinary rule).
const MIN_BULLETS: usize = 2;
/// Most lines per item on average: more text than that is not all items.
const MAX_LINES_PER_ITEM: usize = 4;

/// A numbering marker alone on its line (`1.`, `2)`, `（三）`, `一、`, `②`, `b.`):
/// the marker `list_marker` would read were an item's text to follow it.
pub(crate) fn lone_number(text: &str) -> Option<Marker> {
    let t = crate::classify::trim(text);
    // No marker is longer than five characters (`（二十一）`, 15 bytes); this is
    // asked of every line.
    if t.is_empty() || t.len() > 15 || t.contains(' ') {
        return None;
    }
    let m = list_marker(&format!("{t} x"))?;
    (m.kind != ListKind::Bullet && m.len == t.len() + 1).then_some(m)
}

/// The marker lines of a run starting at `i`, blank lines allowed between them:
/// lone bullets, or lone numbers of one style counting on by one. Returns them and
/// the index after the run.
fn marker_run(lines: &[Line], i: usize) -> (Vec<usize>, usize) {
    let mut markers = Vec::new();
    let mut j = i;
    if lone_bullet(&lines[i].text) {
        while j < lines.len() && (lone_bullet(&lines[j].text) || lines[j].is_blank()) {
            if !lines[j].is_blank() {
                markers.push(j);
            }
            j += 1;
        }
        return (markers, j);
    }
    let Some(first) = lone_number(&lines[i].text) else {
        return (markers, i + 1);
    };
    let mut expect = first.number;
    while j < lines.len() {
        if lines[j].is_blank() {
            j += 1;
            continue;
        }
        match lone_number(&lines[j].text) {
            Some(m) if m.family == first.family && m.number == expect => {
                markers.push(j);
                expect += 1;
                j += 1;
            }
            _ => break,
        }
    }
    (markers, j)
}

/// Deal every run of lone bullets to the lines after it. The number of lines stays the
/// same (positions matter to the per-line wrap widths): each item is written where its
/// first line stood, and the bullets and joined lines become blank lines. Did it deal
/// any?
pub(crate) fn deal_bullet_runs(lines: &mut [Line], ctx: &Context, cx: &mut StageCx) -> bool {
    let mut dealt = false;
    let mut i = 0;
    while i < lines.len() {
        let (bullets, mut j) = marker_run(lines, i);
        if bullets.is_empty() {
            i += 1;
            continue;
        }
        // The text lines after them, up to a blank line, a page break or a marker.
        let mut texts = Vec::new();
        while j < lines.len()
            && !lines[j].is_blank()
            && !lone_bullet(&lines[j].text)
            && lone_number(&lines[j].text).is_none()
            && list_marker(&lines[j].text).is_none()
            && (texts.is_empty() || !lines[j].seam)
        {
            texts.push(j);
            j += 1;
        }
        let (k, n) = (bullets.len(), texts.len());
        if k >= MIN_BULLETS && n >= k && n <= k * MAX_LINES_PER_ITEM {
            deal(lines, &bullets, &texts, ctx, cx);
            dealt = true;
        }
        i = j.max(i + 1);
    }
    dealt
}

/// How likely the break after `a` falls inside an item, `b` going on.
/// `lower` is the weight of a next line going on in lower case: less where many of
/// the run's lines start so (a glossary's terms).
fn inside_item(a: &str, b: &str, wrapped: usize, lower: f32) -> f32 {
    let mut score = 0.0;
    if b.starts_with(|c: char| c.is_lowercase()) {
        score += lower;
    }
    if a.ends_with([',', '，', '、', '-']) || ends_open(a) {
        score += 3.0;
    }
    if ends_on_function_word(a) || a.ends_with("’s") || a.ends_with("'s") {
        score += 2.0;
    }
    if !ends_sentence(a) {
        score += 2.0;
    }
    // As wide as the run's wrapped lines: a line that was wrapped. One that stops
    // well short of them ended its item, whatever the case of the next line (a
    // glossary's terms all start in lower case).
    let wrapped = wrapped.max(1) as f32;
    let (w, printed) = last_printed_width(str_width(a) as f32, wrapped);
    if w < wrapped * 0.7 {
        score -= 4.0;
    }
    // The last printed line of several is measured less surely: its start is guessed.
    let sure = if printed > 1.0 { 0.5 } else { 1.0 };
    score + sure * (1.0 - (w - wrapped).abs() / wrapped).max(0.0)
}

/// Fewest lines in a run for their median width to be a printed line's: with fewer,
/// it may be an item's short last line.
const MEDIAN_LINES: usize = 6;

/// Lines of proportional type reach this far past the typical wrapped line (×100).
const PRINTED_LINE_PERCENT: f32 = 125.0;

/// The width of the last line an over-long line was printed on, and how many lines it
/// was printed on. `pdftotext` joins a word hyphenated at a line end back together,
/// and the two lines with it: a line wider than the column's lines is two or more of
/// them, and only its last says whether the item went on.
fn last_printed_width(w: f32, wrapped: f32) -> (f32, f32) {
    let printed = (w * 100.0 / (wrapped * PRINTED_LINE_PERCENT))
        .ceil()
        .max(1.0);
    (w - wrapped * (printed - 1.0), printed)
}

/// The keys a line would be sorted by as an item, word by word and letter by letter:
/// its first letters and digits in lower case, with and without a space between words
/// (`Congress refers` → `congress refers` before `congressional`; `U.S. Web` →
/// `usweb` after `user-centered`: indexes sort either way). None for a line that does
/// not start with a Latin letter or digit (no alphabetical order is read into other
/// scripts).
fn sort_key(text: &str) -> Option<SortKey> {
    let t = crate::classify::trim(text);
    if !t.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut words = String::new();
    for c in t.chars().flat_map(char::to_lowercase) {
        if words.len() >= SORT_KEY_CHARS {
            break;
        }
        if c.is_alphanumeric() {
            words.push(c);
        } else if c == ' ' && !words.ends_with(' ') {
            words.push(' ');
        }
    }
    let letters = words.chars().filter(|&c| c != ' ').collect();
    Some(SortKey { words, letters })
}

/// An item's place in alphabetical order, read two ways.
#[derive(Debug, PartialEq, Eq)]
struct SortKey {
    words: String,
    letters: String,
}

impl SortKey {
    /// May `self` come before `next` in a sorted list?
    fn before(&self, next: &SortKey) -> bool {
        self.words <= next.words || self.letters <= next.letters
    }
}

/// How many bytes of an item's key decide its place in alphabetical order.
const SORT_KEY_CHARS: usize = 16;
/// Fewest items for their order to be told from chance (four pairs in order happen
/// one time in 120 among five items in any order).
const MIN_SORTED_ITEMS: usize = 8;
/// The share of neighbouring items in order that marks a sorted list.
const SORTED_SHARE: f32 = 0.85;
/// The most `items × lines²` the search for sorted starts may cost.
const SORTED_SEARCH_LIMIT: usize = 1 << 21;

/// Where the items found (`starts`, line indices) are nearly in alphabetical order and
/// every one starts with a Latin letter or digit, the starts in full alphabetical
/// order whose breaks are least likely inside an item (`gaps[g]`: how likely the
/// break after line `g` falls inside one). `None` where the list is not sorted, or
/// already is, or no such starts exist.
fn alphabetical_starts(
    starts: &[usize],
    gaps: &[(f32, usize)],
    keys: &[Option<SortKey>],
) -> Option<Vec<usize>> {
    let k = starts.len();
    let n = keys.len();
    if k < MIN_SORTED_ITEMS || k * n * n > SORTED_SEARCH_LIMIT {
        return None;
    }
    let item_keys: Vec<&SortKey> = starts
        .iter()
        .map(|&s| keys[s].as_ref())
        .collect::<Option<_>>()?;
    let in_order = item_keys.windows(2).filter(|w| w[0].before(w[1])).count();
    if in_order == k - 1 || (in_order as f32) < (k - 1) as f32 * SORTED_SHARE {
        return None;
    }
    // best[c][t]: the least cost of c + 1 items in order, the last starting at line t
    // (the cost of a break is how likely it falls inside an item).
    let mut best = vec![vec![f32::INFINITY; n]; k];
    let mut from = vec![vec![usize::MAX; n]; k];
    if keys[0].is_some() {
        best[0][0] = 0.0;
    }
    for c in 1..k {
        for t in c..n {
            let Some(key) = &keys[t] else { continue };
            for u in c - 1..t {
                let prev = best[c - 1][u];
                if prev.is_finite() && keys[u].as_ref().is_some_and(|p| p.before(key)) {
                    let cost = prev + gaps[t - 1].0;
                    if cost < best[c][t] {
                        best[c][t] = cost;
                        from[c][t] = u;
                    }
                }
            }
        }
    }
    // The last item is the one the run's last line belongs to: any start will do.
    let (mut t, _) = best[k - 1]
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_finite())
        .min_by(|a, b| a.1.total_cmp(b.1))?;
    let mut out = vec![0; k];
    for c in (0..k).rev() {
        out[c] = t;
        t = from[c][t];
    }
    Some(out)
}

/// What ending the list before the run's last line costs: the text after a list often
/// goes on with no blank line between.
const EARLY_END: f32 = 1.0;

/// How many of the run's lines the `k` items take: all of them, or fewer where the
/// break after the items is clearly no break inside an item and ending there costs
/// less than the breaks the items would otherwise need. `gaps[g]` is how likely the
/// break after line `g` falls inside an item.
fn list_end(gaps: &[(f32, usize)], k: usize) -> usize {
    let n = gaps.len() + 1;
    // The cost of the items' k - 1 breaks among the first m - 1 gaps: the least
    // likely to be inside an item are the breaks.
    let breaks = |m: usize| -> f32 {
        let mut s: Vec<f32> = gaps[..m - 1].iter().map(|g| g.0).collect();
        s.sort_by(f32::total_cmp);
        s.iter().take(k - 1).sum()
    };
    let mut best = (breaks(n), n);
    for m in k..n {
        let cost = breaks(m) + gaps[m - 1].0 + EARLY_END;
        if cost < best.0 {
            best = (cost, m);
        }
    }
    best.1
}

fn deal(lines: &mut [Line], bullets: &[usize], texts: &[usize], ctx: &Context, cx: &mut StageCx) {
    let (k, n) = (bullets.len(), texts.len());
    let mut widths: Vec<usize> = texts.iter().map(|&t| str_width(&lines[t].text)).collect();
    widths.sort_unstable();
    // The wrapped lines' width, from the lines one printed line long: lines that
    // `pdftotext` ran together at a hyphen are far wider than the median (where
    // there are lines enough for a median to be a printed line's width).
    let median = widths[n / 2];
    let printed = if n >= MEDIAN_LINES {
        widths.partition_point(|&w| w * 10 <= median * 13)
    } else {
        n
    };
    let wrapped = widths[(printed * 3 / 4).min(printed - 1)];
    let lower_lines = texts
        .iter()
        .filter(|&&t| lines[t].text.starts_with(|c: char| c.is_lowercase()))
        .count();
    // Where more lines start in lower case than there are lines going on, some item
    // starts so (a glossary's terms): lower case says little about which lines go on.
    let lower = if lower_lines > n - k { 1.0 } else { 3.0 };
    let gaps: Vec<(f32, usize)> = (0..n - 1)
        .map(|g| {
            let (a, b) = (&lines[texts[g]].text, &lines[texts[g + 1]].text);
            (inside_item(a, b, wrapped, lower), g)
        })
        .collect();
    let m = list_end(&gaps, k);
    let mut inside: Vec<(f32, usize)> = gaps[..m - 1].to_vec();
    inside.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    let mut joined = vec![false; m.saturating_sub(1)];
    for &(_, g) in inside.iter().take(m - k) {
        joined[g] = true;
    }
    // Items: runs of text lines, the break before each item's first line not joined.
    let mut starts = vec![0];
    starts.extend((1..m).filter(|&t| !joined[t - 1]));
    // A glossary, an index or a reading list is in alphabetical order: where the items
    // so found nearly are, no item starts out of it.
    let keys: Vec<Option<SortKey>> = texts[..m]
        .iter()
        .map(|&t| sort_key(&lines[t].text))
        .collect();
    if let Some(sorted) = alphabetical_starts(&starts, &gaps[..m - 1], &keys) {
        starts = sorted;
    }
    let blank = |l: &Line| Line {
        text: String::new(),
        span: crate::report::Span {
            end: l.span.start,
            ..l.span
        },
        ..Line::default()
    };
    for (item, &start) in starts.iter().enumerate() {
        let end = starts.get(item + 1).copied().unwrap_or(m);
        let mut line = lines[bullets[item]].clone();
        glue(&mut line, &lines[texts[start]], Join::Bullet, ctx, cx);
        for t in start + 1..end {
            let next = lines[texts[t]].clone();
            glue(&mut line, &next, Join::Wrap, ctx, cx);
            lines[texts[t]] = blank(&next);
        }
        line.seam = lines[texts[start]].seam;
        lines[texts[start]] = line;
    }
    for &b in bullets {
        lines[b] = blank(&lines[b]);
    }
}

#[cfg(test)]
mod tests {
    use crate::stages::{run_on, JoinBrokenLines};

    #[test]
    fn bullets_printed_before_their_items_are_dealt_to_them() {
        let text = "Additional resources:\n•\n•\n•\n\n•\n\nUsability Testing, 18F Method Cards\nWhat Does This Mean? Tips for Testing\nYour Words, GDS Blog\nTesting Web Content for Accessibility,\nWebAim\nCloze Test for Reading Comprehension,\nNielsen Norman Group\n\nAs part of ongoing maintenance, audit your content.";
        let (lines, rules) = run_on(&[&JoinBrokenLines], text);
        assert_eq!(
            lines,
            [
                "Additional resources:",
                "• Usability Testing, 18F Method Cards",
                "• What Does This Mean? Tips for Testing Your Words, GDS Blog",
                "• Testing Web Content for Accessibility, WebAim",
                "• Cloze Test for Reading Comprehension, Nielsen Norman Group",
                "As part of ongoing maintenance, audit your content."
            ]
        );
        assert_eq!(rules.iter().filter(|r| **r == "J205").count(), 4);
    }

    #[test]
    fn a_line_well_short_of_the_wrapped_ones_ends_its_item() {
        // A glossary: every term starts in lower case, and the short lines are whole
        // items; the wrapped ones go on.
        let text = "•\n•\n•\n\ndigital coalition\ndrop-down when used as an adjective, as in\nDrop-down Menu, and never dropdown.\nemail, not e-mail";
        let (lines, _) = run_on(&[&JoinBrokenLines], text);
        assert_eq!(
            lines,
            [
                "• digital coalition",
                "• drop-down when used as an adjective, as in Drop-down Menu, and never dropdown.",
                "• email, not e-mail"
            ]
        );
    }

    #[test]
    fn in_a_glossary_lower_case_says_little() {
        // Most lines start in lower case: a capitalised line can still go on its item
        // (`Congressional` / `Record`), and a lower-case one can start the next.
        let text = "•\n•\n•\n\ncongressional is lowercase unless part of a\nproper name. For example, Congressional\nRecord\ndrop-down when used as an adjective. Never dropdown.\nemail, not e-mail";
        let (lines, _) = run_on(&[&JoinBrokenLines], text);
        assert_eq!(
            lines,
            [
                "• congressional is lowercase unless part of a proper name. For example, Congressional Record",
                "• drop-down when used as an adjective. Never dropdown.",
                "• email, not e-mail"
            ]
        );
    }

    #[test]
    fn in_a_sorted_glossary_no_item_starts_out_of_order() {
        // Twelve bullets, thirteen lines: one line goes on its item. The items are in
        // alphabetical order, so `For example, …` (F after g) cannot start one, though
        // it is capitalised after a finished sentence.
        let text = "•\n•\n•\n•\n•\n•\n\n•\n•\n•\n•\n•\n•\n\na.m.\nback end, back-end development\nDC, not D.C.\nDevOps\ndigital coalition\nemail, not e-mail\nexecutive branch\nfront end, front-end developer\nGitHub\ngovernment, unless part of a proper noun.\nFor example, Government Printing Office\nhomepage\ninternet";
        let (lines, _) = run_on(&[&JoinBrokenLines], text);
        assert_eq!(lines.len(), 12, "{lines:#?}");
        assert_eq!(
            lines[9],
            "• government, unless part of a proper noun. For example, Government Printing Office"
        );
        assert_eq!(lines[10], "• homepage");
    }

    #[test]
    fn a_line_run_together_at_a_hyphen_ends_its_item_where_its_last_part_is_short() {
        // `federal government, …` is two printed lines (`Gov-` / `ernment`), the
        // second well short: that item ends there, though the next goes on in lower
        // case after no end punctuation.
        let text = "•\n•\n•\n•\n•\n\ncongressional is lowercase unless part of a\nproper name. For example, Congressional\nRecord\nfederal government, not Federal Government or Federal government\nfiscal year is lowercase. It’s okay to abbreviate as FY on the second reference.\nfront end, front-end developer\nGitHub";
        let (lines, _) = run_on(&[&JoinBrokenLines], text);
        assert_eq!(
            lines,
            [
                "• congressional is lowercase unless part of a proper name. For example, Congressional Record",
                "• federal government, not Federal Government or Federal government",
                "• fiscal year is lowercase. It’s okay to abbreviate as FY on the second reference.",
                "• front end, front-end developer",
                "• GitHub"
            ]
        );
    }

    #[test]
    fn an_unsorted_list_is_left_to_the_scores() {
        // Items in no alphabetical order: nothing is read into their order.
        let keys: Vec<_> = [
            "zeta", "alpha", "mu", "beta", "kappa", "gamma", "delta", "omega",
        ]
        .iter()
        .map(|t| super::sort_key(t))
        .collect();
        let starts: Vec<usize> = (0..8).collect();
        let gaps: Vec<(f32, usize)> = (0..7).map(|g| (0.0, g)).collect();
        assert_eq!(super::alphabetical_starts(&starts, &gaps, &keys), None);
    }

    #[test]
    fn sort_keys_read_words_and_letters() {
        let key = |t: &str| super::sort_key(t).expect("key");
        // Word by word: `Congress refers` before `congressional`.
        assert!(key("Congress refers to the U.S. Senate").before(&key("congressional is")));
        // Letter by letter: `U.S. Web` after `user-centered`.
        assert!(key("user-centered design").before(&key("U.S. Web Design System")));
        assert!(!key("government, unless").before(&key("For example, Government")));
        // No order is read into other scripts or into lines that open with a mark.
        assert_eq!(super::sort_key("政务服务"), None);
        assert_eq!(super::sort_key("(a) first"), None);
    }

    #[test]
    fn a_line_run_together_at_a_hyphen_is_measured_by_its_last_printed_line() {
        // Column lines of about 40 cells; `pdftotext` ran two together (65 cells): its
        // last printed line is 25 cells, short, so its item ends there.
        let (w, printed) = super::last_printed_width(65.0, 40.0);
        assert_eq!((w, printed), (25.0, 2.0));
        // A line a little past the typical one was printed on one line.
        assert_eq!(super::last_printed_width(44.0, 40.0), (44.0, 1.0));
    }

    #[test]
    fn in_an_ordinary_list_lower_case_goes_on() {
        // Items start with capitals and their wrapped lines go on in lower case: as
        // many lower-case lines as there are lines going on say nothing of a glossary.
        let text = "•\n•\n•\n\nPack the gear for the trip: rope, tents, lamps, etc.\nand enough food for three days on the trail.\nCheck the weather the night before you leave.\nTell someone where you are going and when\nyou expect to be back from the mountains.";
        let (lines, _) = run_on(&[&JoinBrokenLines], text);
        assert_eq!(
            lines,
            [
                "• Pack the gear for the trip: rope, tents, lamps, etc. and enough food for three days on the trail.",
                "• Check the weather the night before you leave.",
                "• Tell someone where you are going and when you expect to be back from the mountains."
            ]
        );
    }

    #[test]
    fn the_text_after_the_items_is_not_dealt_to_them() {
        // Two bullets, and a paragraph right after the items with no blank line.
        let text = "such as:\n•\n•\n\nNouns: Policies, Teams, Offices\nVerbs: Create an account, File a report,\nDownload our data\nUse sentence case for headings. (If you’re writing\narticles for the Handbook or its Pages, the\ntable of contents will follow your headings.)";
        let (lines, _) = run_on(&[&JoinBrokenLines], text);
        assert_eq!(
            lines,
            [
                "such as:",
                "• Nouns: Policies, Teams, Offices",
                "• Verbs: Create an account, File a report, Download our data",
                "Use sentence case for headings. (If you’re writing articles for the Handbook or its Pages, the table of contents will follow your headings.)"
            ]
        );
    }

    #[test]
    fn too_few_lines_or_a_single_bullet_are_left_to_the_ordinary_rules() {
        // Two bullets, one line: nothing to deal.
        let (lines, _) = run_on(&[&JoinBrokenLines], "•\n•\nOnly one line here.");
        assert_eq!(lines, ["•", "• Only one line here."]);
    }

    #[test]
    fn numbers_printed_before_their_items_are_dealt_to_them() {
        let text = "label like so:\n1.\n2.\n\nIn the File menu, choose Save.\nSelect I agree.\n\nBelow are the rules.";
        let (lines, rules) = run_on(&[&JoinBrokenLines], text);
        assert_eq!(
            lines,
            [
                "label like so:",
                "1. In the File menu, choose Save.",
                "2. Select I agree.",
                "Below are the rules."
            ]
        );
        assert!(rules.contains(&"J205"), "{rules:?}");
        // Chinese counting numbers in brackets, an item wrapped over two lines.
        let text = "（一）\n（二）\n\n提升工作站位，集中突破\n重点项目。\n优化营商环境。";
        let (lines, _) = run_on(&[&JoinBrokenLines], text);
        assert_eq!(
            lines,
            [
                "（一） 提升工作站位，集中突破重点项目。",
                "（二） 优化营商环境。"
            ]
        );
    }

    #[test]
    fn numbers_that_do_not_count_on_are_not_dealt() {
        for text in [
            // A gap in the numbering, two styles, and a lone year.
            "1.\n3.\n\nIn the File menu, choose Save.\nSelect I agree.",
            "1.\nb.\n\nIn the File menu, choose Save.\nSelect I agree.",
            "2023.\n2024.\n\nIn the File menu, choose Save.\nSelect I agree.",
        ] {
            let (lines, _) = run_on(&[&JoinBrokenLines], text);
            assert!(
                lines.iter().any(|l| l.starts_with("In the File menu")),
                "{text:?} became {lines:?}"
            );
        }
    }
}
