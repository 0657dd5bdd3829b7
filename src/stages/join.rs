//! `join-broken-lines`: rebuild paragraphs from lines. A line break, or a blank line,
//! is joined wherever the text before it cannot end a paragraph. After this stage every
//! non-blank line of the source is one block, and blocks are separated by one blank line.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use super::bullet_runs::deal_bullet_runs;
use super::fit::{lone_bullet, starts_mid, Grams, Words};
use super::reading_order::title_case;
use super::{Stage, StageCx};
use crate::classify::{
    alphabetic, announces_display, byline_name, division_marker, ends_full_stop,
    ends_on_function_word, ends_open, ends_sentence, has_inner_sentence_punct, heading_like,
    is_cjk, is_cjk_punct, is_han, leaves_open, list_marker, starts_on_function_word, str_width,
    title_like, width_at_most, HEADING_MAX_BYTES,
};
use crate::error::Result;
use crate::hash::Mix;
use crate::lexicon::english_word;
use crate::report::Span;
use crate::source::{Line, Source};

/// The `join-broken-lines` stage.
pub struct JoinBrokenLines;

impl Stage for JoinBrokenLines {
    fn id(&self) -> &'static str {
        "join-broken-lines"
    }

    fn run(&self, src: Source, cx: &mut StageCx) -> Result<Source> {
        // Pages are flattened; the first line of every page after the first is a seam.
        let total = src.pages.iter().map(|p| p.lines.len()).sum();
        let mut lines: Vec<Line> = Vec::with_capacity(total);
        let mut wraps: Vec<usize> = Vec::with_capacity(total);
        // Each line measured once: the page's widths give its wrap width, all of them
        // the document's.
        let mut widths: Vec<usize> = Vec::with_capacity(total);
        // Each line's own width (its text's, without the indent), kept for the joins.
        let mut line_widths: Vec<usize> = Vec::with_capacity(total);
        for (p, page) in src.pages.into_iter().enumerate() {
            let start = line_widths.len();
            line_widths.extend(page.lines.iter().map(|l| str_width(&l.text)));
            let mut page_widths: Vec<usize> = page
                .lines
                .iter()
                .zip(&line_widths[start..])
                .filter(|(l, _)| !l.is_blank())
                .map(|(l, w)| w + l.indent)
                .collect();
            page_widths.sort_unstable();
            let wrap = if page_widths.len() < 20 {
                0
            } else {
                wrap_of(&page_widths)
            };
            widths.extend(page_widths);
            let mut first = p > 0;
            for mut line in page.lines {
                if first && !line.is_blank() {
                    line.seam = true;
                    first = false;
                }
                lines.push(line);
                wraps.push(wrap);
            }
        }
        // About one change per line joined: grown by doubling, the vector was copied a
        // dozen times over.
        cx.changes.reserve(total);
        widths.sort_unstable();
        let ctx = Context::collect_measured(&lines, wraps, widths);
        restore_compound_hyphens(&mut lines, &mut line_widths, &ctx, cx);
        if deal_bullet_runs(&mut lines, &ctx, cx) {
            // (Items glued to their bullets: measured again.)
            line_widths = lines.iter().map(|l| str_width(&l.text)).collect();
        }
        let blocks = join_lines(lines, &line_widths, &ctx, cx);
        Ok(Source::from_blocks(blocks, src.lang))
    }
}

/// Hyphens `pdftotext` took out of compounds (J207). In its default mode it joins a
/// word hyphenated at a line's end to the next line, hyphen and all removed, so a
/// compound broken at its own hyphen comes out as one word (`real-` / `world` →
/// `realworld`) inside a line far wider than the wrap width. In such a line, a word of
/// lower-case letters around where the first printed line ended (half to six fifths
/// of the wrap width in) gets its hyphen back where [`compound_split`] finds it a
/// compound. `line_widths` grow by the hyphens put in.
fn restore_compound_hyphens(
    lines: &mut [Line],
    line_widths: &mut [usize],
    ctx: &Context,
    cx: &mut StageCx,
) {
    if !ctx.measured || ctx.unwrapped {
        return;
    }
    for (i, line) in lines.iter_mut().enumerate() {
        let wrap = ctx.wraps[i];
        // Two printed lines run together, three at most: a longer line is a paragraph
        // never wrapped (a magazine's text beside wrapped lines), not a join.
        let w = line_widths[i];
        if wrap < 30 || w * 100 <= wrap * OVERFULL_PERCENT || w * 100 > wrap * RUN_TOGETHER_PERCENT
        {
            continue;
        }
        // (Cells from the line's start; the wrap width counts the indent too.)
        let (lo, hi) = (
            (wrap / 2).saturating_sub(line.indent),
            (wrap * 6 / 5).saturating_sub(line.indent),
        );
        let found: Vec<(usize, usize, usize)> = lower_words(&line.text)
            .into_iter()
            .filter(|&(start, end)| {
                let cell = str_width(&line.text[..start]);
                end - start >= 5 && cell + end - start >= lo && cell <= hi
            })
            .filter_map(|(start, end)| {
                compound_split(&line.text[start..end], ctx).map(|k| (start, end, k))
            })
            .collect();
        for &(start, end, k) in found.iter().rev() {
            let word = line.text[start..end].to_string();
            // The line's text is its source bytes where their lengths agree.
            let offset = if line.text.len() == line.span.end - line.span.start {
                line.span.start + start + k
            } else {
                line.span.start
            };
            let span = Span {
                start: offset,
                end: offset,
                line: 0,
                column: 0,
            };
            line.text.insert(start + k, '-');
            line_widths[i] += 1;
            cx.change(
                "J207",
                span,
                word.clone(),
                format!("{}-{}", &word[..k], &word[k..]),
            );
        }
    }
}

/// The words of lower-case ASCII letters in `text`, as byte ranges: the parts between
/// hyphens of its ASCII words ([`for_each_ascii_word`]: no other letter beside them,
/// so `café` gives none and `code—whether` gives `whether`).
fn lower_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for_each_ascii_word(text, |word| {
        // (The word is a slice of `text`: its offset is where it starts.)
        let mut at = word.as_ptr() as usize - text.as_ptr() as usize;
        for part in word.split('-') {
            if !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase()) {
                out.push((at, at + part.len()));
            }
            at += part.len() + 1;
        }
    });
    out
}

/// The widest a line of printed lines run together at hyphens is, in percent of the
/// wrap width (three lines, with room for proportional type).
const RUN_TOGETHER_PERCENT: usize = 260;

/// Endings that make words of words, besides the [`SUFFIXES`] hyphenation splits off
/// (`rootlets`, `pastward`): a word that ends in one is a derived word the word list
/// may lack, not a compound.
const DERIVING: &[&str] = &[
    "age", "ages", "dom", "hood", "hoods", "ist", "ists", "let", "lets", "like", "ling", "lings",
    "ship", "ships", "some", "ward", "wards",
];

/// Fewest letters in each part of a compound told by the word list alone: shorter
/// words make rare ones by chance (`gem` + `mule`).
const COMPOUND_PART: usize = 4;

/// Where a run-together compound splits (`realworld` → 4), if it is one: not itself an
/// English word, and either a compound the document writes with its hyphen, or (where
/// the document does not use it twice) two English words of four letters or more one
/// way only, the second no word-forming ending.
fn compound_split(word: &str, ctx: &Context) -> Option<usize> {
    if crate::lexicon::english_word(word) {
        return None;
    }
    let splits = 1..word.len();
    if let Some(k) = splits.clone().find(|&k| {
        ctx.compounds
            .contains(&format!("{}-{}", &word[..k], &word[k..]))
    }) {
        return Some(k);
    }
    if ctx.attested(word, 2) {
        return None;
    }
    let word_at = |w: &str| crate::lexicon::english_word(w) || ctx.attested(w, 2);
    let mut two_words = splits.filter(|&k| {
        let (head, tail) = word.split_at(k);
        head.len() >= COMPOUND_PART
            && tail.len() >= COMPOUND_PART
            && word_at(head)
            && word_at(tail)
            && !SUFFIXES.contains(&tail)
            && !DERIVING.contains(&tail)
    });
    match (two_words.next(), two_words.next()) {
        (Some(k), None) => Some(k),
        _ => None,
    }
}

/// The widths of the non-blank lines in display cells (a Han character is two),
/// indentation included, in increasing order.
fn sorted_widths(lines: &[Line]) -> Vec<usize> {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| str_width(&l.text) + l.indent)
        .collect();
    widths.sort_unstable();
    widths
}

/// The wrap width: the width most full lines reach (the 80th percentile). Lines much
/// shorter than it end paragraphs.
fn wrap_of(widths: &[usize]) -> usize {
    widths
        .get((widths.len() * 4 / 5).min(widths.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0)
}

/// The column of a fixed-width wrap: almost no line is wider than it, and the 80th
/// percentile of widths is within a few cells of it. Proportional text extracted from
/// a PDF has no such column.
fn hard_wrap_column(widths: &[usize], wrap: usize) -> Option<usize> {
    if widths.len() < 20 || !(30..=UNWRAPPED).contains(&wrap) {
        return None;
    }
    let col = widths[widths.len() * 98 / 100];
    let at_col = widths.iter().filter(|&&w| w + 2 >= col && w <= col).count();
    (col <= wrap + 3 && at_col * 5 >= widths.len()).then_some(col)
}

/// The first word (up to a space) of a line: what a wrap would have moved up.
fn first_token(text: &str) -> &str {
    let first = text.chars().next();
    if first.is_some_and(is_cjk) {
        // Chinese wraps between any two characters.
        return first.map_or("", |c| &text[..c.len_utf8()]);
    }
    // A Latin word or number runs to a space, or to the Chinese it is set in (`2021年`:
    // the wrap may fall before `年`); punctuation does not end it (`We’ll`).
    let end = text
        .find(|c: char| c == ' ' || !c.is_ascii() && is_cjk(c) && !is_cjk_punct(c))
        .unwrap_or(text.len());
    &text[..end]
}

/// Lines wider than this were never wrapped by a page: each line is a paragraph.
const UNWRAPPED: usize = 150;

/// Document-wide facts the join decisions use.
pub(crate) struct Context {
    /// The document's wrap width in display cells.
    pub wrap: usize,
    /// The wrap width of each line's page (the document's where the page is too short
    /// to tell).
    wraps: Vec<usize>,
    /// Enough lines to trust the wrap width beyond the plain cues (20 or more).
    pub measured: bool,
    /// The column the text was hard-wrapped at, where it was (the widest lines all end
    /// within a few cells of one column, as a fixed-width wrap leaves them).
    pub column: Option<usize>,
    /// One line per paragraph: lines are far wider than any page, so a line break
    /// always ends a paragraph.
    pub unwrapped: bool,
    /// Blank lines are not how this document separates paragraphs (most of them cut a
    /// sentence), so a blank line is a cut: a page seam.
    pub blank_is_seam: bool,
    /// How often each lower-cased word occurs, to tell `infor-mation` from
    /// `message-passing` and `fi|rst` from `in|the`.
    pub words: Words,
    /// Hyphenated compounds written on one line (`message-passing`), and their outer
    /// parts of four letters or more (`message-`, `-passing`).
    pub compounds: HashSet<String>,
    /// The document's Han bigrams and trigrams.
    pub grams: Grams,
    /// Does the document set a space between Han and Latin letters or digits (`单词
    /// the`, `运行 cargo build`) more often than not? A line break joined there gets
    /// one too.
    pub han_latin_spaced: bool,
    /// The lines that two heading-like pieces could make (at most twice a heading's
    /// length), each as a hash of its text: to recognise a heading cut in two
    /// (`基本` + `案情`) by the same heading standing whole elsewhere.
    pub texts: HashSet<u64, BuildHasherDefault<Mix>>,
}

impl Context {
    pub(crate) fn collect(lines: &[Line], wraps: Vec<usize>) -> Context {
        Context::collect_measured(lines, wraps, sorted_widths(lines))
    }

    /// [`Context::collect`] with the lines' [`sorted_widths`] already measured.
    fn collect_measured(lines: &[Line], mut wraps: Vec<usize>, widths: Vec<usize>) -> Context {
        let wrap = wrap_of(&widths);
        for (w, line) in wraps.iter_mut().zip(lines) {
            // A page's own estimate needs enough lines to mean anything.
            if *w == 0 || *w * 100 < wrap * 60 {
                *w = wrap;
            }
            let _ = line;
        }
        wraps.resize(lines.len(), wrap);
        let unwrapped = wrap > UNWRAPPED;
        let column = hard_wrap_column(&widths, wrap);
        // Blank lines that mostly cut sentences are seams, not paragraph breaks.
        let (mut gaps, mut cuts) = (0usize, 0usize);
        let mut prev: Option<&Line> = None;
        let mut blank = false;
        for l in lines {
            if l.is_blank() {
                blank = true;
                continue;
            }
            if let (Some(p), true) = (prev, blank) {
                gaps += 1;
                if !ends_sentence(&p.text) && !heading_like(&p.text) {
                    cuts += 1;
                }
            }
            prev = Some(l);
            blank = false;
        }
        let blank_is_seam = gaps >= 3 && cuts * 2 >= gaps;

        // The Han n-grams on one thread, the words and line hashes on another.
        let (grams, (words, compounds, texts, han_latin_spaced)) = rayon::join(
            || Grams::collect(lines),
            || {
                let mut words = Words::default();
                let mut compounds = HashSet::new();
                for l in lines {
                    for_each_ascii_word(&l.text, |w| {
                        // (Byte by byte: the words are ASCII letters and hyphens.)
                        let b = w.as_bytes();
                        let Some(s) = b.iter().position(|&x| x != b'-') else {
                            return;
                        };
                        let e = b.iter().rposition(|&x| x != b'-').map_or(s, |e| e + 1);
                        let w = &w[s..e];
                        if w.bytes().any(|x| x == b'-') {
                            let lower = w.to_lowercase();
                            // The compound's outer parts, as `school-` and `-yards`.
                            if let Some((head, _)) = lower.split_once('-') {
                                if head.len() >= 4 {
                                    compounds.insert(format!("{head}-"));
                                }
                            }
                            if let Some((_, tail)) = lower.rsplit_once('-') {
                                if tail.len() >= 4 {
                                    compounds.insert(format!("-{tail}"));
                                }
                            }
                            compounds.insert(lower);
                            for part in w.split('-') {
                                words.add(part);
                            }
                        } else {
                            words.add(w);
                        }
                    });
                }
                let texts: HashSet<u64, BuildHasherDefault<Mix>> = lines
                    .iter()
                    .map(|l| l.text.trim())
                    .filter(|t| !t.is_empty() && t.len() <= 2 * HEADING_MAX_BYTES + 1)
                    .map(text_hash)
                    .collect();
                // (A habit: the first few thousand lines with Han tell it.)
                let (mut spaced, mut tight) = (0usize, 0usize);
                for l in lines
                    .iter()
                    .filter(|l| !l.text.is_ascii())
                    .take(HABIT_LINES)
                {
                    let (s, t) = han_latin_spacing(&l.text);
                    spaced += s;
                    tight += t;
                }
                (words, compounds, texts, spaced > tight)
            },
        );
        Context {
            grams,
            han_latin_spaced,
            texts,
            wrap,
            measured: widths.len() >= 20,
            wraps,
            column,
            unwrapped,
            blank_is_seam,
            words,
            compounds,
        }
    }

    /// A word seen at least `n` times.
    pub(crate) fn attested(&self, word: &str, n: usize) -> bool {
        self.words.count(word) >= n
    }
}

/// Each run of letters and hyphens in `text` that is all ASCII (Han and other
/// letters count as letters: `release配置` is one word, and not an ASCII one). Read
/// byte by byte: a line of Chinese is not split into its clauses only to drop them.
fn for_each_ascii_word(text: &str, mut f: impl FnMut(&str)) {
    if !text.is_ascii() {
        let b = text.as_bytes();
        let latin = |x: u8| x.is_ascii_alphabetic() || x == b'-';
        // A letter beyond ASCII next to a run makes it part of a longer word.
        // (Han is alphabetic, but ruled out first without the slow lookup.)
        let wide = |c: char| !c.is_ascii() && (is_han(c) || alphabetic(c));
        let mut i = 0;
        while i < b.len() {
            // Eight bytes beyond ASCII (most of a line of Chinese) hold no letter.
            if let Some(chunk) = b.get(i..i + 8) {
                let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
                if word & 0x8080_8080_8080_8080 == 0x8080_8080_8080_8080 {
                    i += 8;
                    continue;
                }
            }
            if !latin(b[i]) {
                i += 1;
                continue;
            }
            let s = i;
            while i < b.len() && latin(b[i]) {
                i += 1;
            }
            let joined_before =
                s > 0 && b[s - 1] >= 0x80 && text[..s].chars().next_back().is_some_and(wide);
            let joined_after =
                i < b.len() && b[i] >= 0x80 && text[i..].chars().next().is_some_and(wide);
            if !joined_before && !joined_after {
                f(&text[s..i]);
            }
        }
        return;
    }
    // ASCII: runs of letters and hyphens, in two tight loops.
    let b = text.as_bytes();
    static IN_WORD: [bool; 256] = {
        let mut t = [false; 256];
        let mut x = 0;
        while x < 256 {
            t[x] = (x as u8).is_ascii_alphabetic() || x as u8 == b'-';
            x += 1;
        }
        t
    };
    let in_word = |x: u8| IN_WORD[usize::from(x)];
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && !in_word(b[i]) {
            i += 1;
        }
        let s = i;
        while i < b.len() && in_word(b[i]) {
            i += 1;
        }
        if s < i {
            f(&text[s..i]);
        }
    }
}

/// A stable hash of a line's text, so runs are reproducible.
fn text_hash(text: &str) -> u64 {
    crate::hash::fnv1a(0, text.bytes())
}

/// How two pieces are glued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Join {
    /// A line break inside a paragraph (J201).
    Wrap,
    /// A blank line or page break cutting a sentence or word (J202).
    Blank,
    /// A blank line or page break after a full-width line: the line wrapped there, so
    /// at a space (J202).
    BlankWrapped,
    /// A title broken over two lines (J204): joined with a space.
    Title,
    /// A long title wrapped at the width of its column (J204): joined as a wrapped
    /// line is, with no space between Chinese characters.
    TitleWrapped,
    /// A bullet standing alone on its line, joined to its item's text (J205).
    Bullet,
    /// A heading cut in two by a blank line or page break, that stands whole elsewhere
    /// in the document (J206).
    Heading,
}

fn join_lines(
    mut lines: Vec<Line>,
    widths: &[usize],
    ctx: &Context,
    cx: &mut StageCx,
) -> Vec<Line> {
    let mut blocks: Vec<Line> = Vec::with_capacity(lines.len() / 3);
    // The last physical line of the current block (its width and indent decide
    // wraps) and the wrap width there. `None`: the block's first line, moved into the
    // block, which is that line itself until something is glued to it.
    let mut last: Option<(Option<usize>, usize)> = None;
    // The current block's first line.
    let mut first = 0usize;
    let mut block_lines = 0usize;
    let mut gap = 0usize;
    // Is the current block a byline: known while it is the one line it started as
    // (asked of that line as the next one already), `None` once something is glued.
    let mut block_byline: Option<bool> = None;
    let mut byline_memo: Option<(usize, bool)> = None;
    let counts_on = numbers_counting_on(&lines);
    let n = lines.len();
    for i in 0..n {
        let line = &lines[i];
        if line.is_blank() {
            gap += 1;
            continue;
        }
        // Each line is asked whether it is a byline once: as the line after next, and
        // then as the next one.
        let is_byline = |k: usize| byline_name(&lines[k].text).is_some();
        let next_byline = match byline_memo {
            Some((k, b)) if k == i => b,
            _ => is_byline(i),
        };
        let after_next_at = (i + 1..n).find(|&k| !lines[k].is_blank());
        let after_next = after_next_at.map(|k| &lines[k]);
        let after_next_byline = after_next_at.is_some_and(|k| {
            let b = is_byline(k);
            byline_memo = Some((k, b));
            b
        });
        // A blank line that is a layout cut (pieces of interleaved columns) separates
        // nothing.
        let next_followed_by_blank =
            lines.get(i + 1).is_none_or(Line::is_blank) && !after_next.is_some_and(|l| l.cut);
        let decision = match (blocks.last(), last) {
            (Some(block), Some((prev, wrap))) => decide(
                &Pair {
                    block,
                    prev: prev.map_or(block, |k| &lines[k]),
                    prev_w: widths[prev.unwrap_or(first)],
                    block_lines,
                    next: line,
                    next_w: widths[i],
                    after_next,
                    next_followed_by_blank,
                    gap,
                    wrap,
                    next_byline,
                    after_next_byline,
                    block_byline,
                    next_counts_on: counts_on.get(i).copied().unwrap_or(false),
                },
                ctx,
            ),
            _ => None,
        };
        let wrap = ctx.wraps.get(i).copied().unwrap_or(ctx.wrap);
        match (decision, blocks.last_mut()) {
            (Some(kind), Some(block)) => {
                glue(block, &lines[i], kind, ctx, cx);
                // A title joined from two lines is still one heading line.
                if !matches!(kind, Join::Title | Join::TitleWrapped | Join::Heading) {
                    block_lines += 1;
                }
                last = Some((Some(i), wrap));
                block_byline = None;
            }
            _ => {
                let mut b = std::mem::take(&mut lines[i]);
                b.seam = b.seam || (gap > 0 && ctx.blank_is_seam);
                blocks.push(b);
                block_lines = 1;
                first = i;
                last = Some((None, wrap));
                block_byline = Some(next_byline);
            }
        }
        gap = 0;
    }
    blocks
}

/// A candidate join: the block so far, its last physical line, and the next line.
struct Pair<'a> {
    block: &'a Line,
    prev: &'a Line,
    /// The width of `prev`'s text, in display cells (without its indent).
    prev_w: usize,
    block_lines: usize,
    next: &'a Line,
    /// The width of `next`'s text.
    next_w: usize,
    after_next: Option<&'a Line>,
    next_followed_by_blank: bool,
    /// Blank lines between `prev` and `next`.
    gap: usize,
    /// The wrap width where `prev` stands.
    wrap: usize,
    /// Is `next` a byline?
    next_byline: bool,
    /// Is `after_next` a byline?
    after_next_byline: bool,
    /// Is `block` a byline, where that is known already?
    block_byline: Option<bool>,
    /// Is `next` a list number alone on its line in a count with list markers near it
    /// (`3.` with `1.` and `2.`)?
    next_counts_on: bool,
}

impl Pair<'_> {
    /// Do `prev` and `next` stand centred on one axis, indented (a centred title's
    /// lines)? Widths in cells, or in characters: `pdftotext -layout` sets Chinese on a
    /// grid of one position a character.
    fn centred(&self) -> bool {
        let (prev, next) = (self.prev, self.next);
        prev.indent > 0
            && ((2 * prev.indent + self.prev_w).abs_diff(2 * next.indent + self.next_w)
                <= CENTRE_PLAY
                || (2 * prev.indent + prev.text.chars().count())
                    .abs_diff(2 * next.indent + next.text.chars().count())
                    <= CENTRE_PLAY)
    }

    /// Is the line after `next` indented as a paragraph's first line, deeper than
    /// `next` (so `next` stands alone above it)?
    fn indented_after(&self) -> bool {
        self.after_next
            .is_some_and(|l| l.indent >= 2 && l.indent > self.next.indent + 1)
    }
}

/// How far (in lines, either way) a list number alone on its line looks for its
/// neighbours in the count: two or three pages (an extractor that mixes two columns
/// may print a page's `3.` well before its `1.` and `2.`).
const COUNT_NEAR: usize = 150;

/// For each line: is it a list number alone on its line (`3.`) in a count with the
/// same style's number before or after it (`2.` or `4.`, alone or before an item)
/// within [`COUNT_NEAR`] lines? Such a number is a marker printed apart from its item.
fn numbers_counting_on(lines: &[Line]) -> Vec<bool> {
    use crate::stages::bullet_runs::lone_number;
    let marker = |l: &Line| lone_number(&l.text).or_else(|| list_marker(&l.text));
    let mut out = vec![false; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        let Some(m) = lone_number(&l.text) else {
            continue;
        };
        // (Either way: an extractor may print a column's numbers after the other's.)
        let near = &lines[i.saturating_sub(COUNT_NEAR)..(i + COUNT_NEAR).min(lines.len())];
        out[i] = near.iter().any(|p| {
            marker(p).is_some_and(|q| {
                q.family == m.family && (q.number + 1 == m.number || q.number == m.number + 1)
            })
        });
    }
    out
}

/// Are two title lines set in the same case (`ARBOR DAY LEAVES` and `Readings for
/// Arbor Day`, or `Keeping Content Clear` and `Keep refining`, are two headings, not
/// one title broken in two)?
fn same_case(a: &str, b: &str) -> bool {
    let caps = |t: &str| {
        let letters: Vec<char> = t.chars().filter(|c| c.is_ascii_alphabetic()).collect();
        letters.len() >= 2 && letters.iter().all(char::is_ascii_uppercase)
    };
    // (One capitalised word, a title's last, reads as title case: `Accessing from
    // Multiple` / `Threads`.)
    let title = |t: &str| {
        title_case(t) || !t.contains(' ') && t.starts_with(|c: char| c.is_ascii_uppercase())
    };
    caps(a) == caps(b) && title(a) == title(b)
}

/// Does the next piece go on with a sentence in Latin script (`lower-case`, a digit
/// after a comma)? Upper case after an unfinished line is a heading or an item.
fn latin_start(text: &str) -> Option<bool> {
    let c = text.chars().next()?;
    if c.is_ascii_alphabetic() {
        Some(c.is_ascii_lowercase())
    } else {
        None
    }
}

/// Should `next` continue `block` (whose last physical line is `prev`)?
fn decide(p: &Pair, ctx: &Context) -> Option<Join> {
    let (block, prev, next) = (p.block, p.prev, p.next);
    // Code and verse keep their lines: nothing joins into or onto them.
    if block.verbatim.is_some() || next.verbatim.is_some() {
        return None;
    }
    if lone_bullet(&block.text)
        && p.block_lines == 1
        && !lone_bullet(&next.text)
        && list_marker(&next.text).is_none()
    {
        return Some(Join::Bullet);
    }
    // A byline, or a list item, always starts a block; a byline always ends one.
    if p.next_byline
        || p.block_byline
            .unwrap_or_else(|| byline_name(&block.text).is_some())
    {
        return None;
    }
    // An open bracket or quote at the end goes on, even into what looks like a marker
    // (`《婚姻法解释` + `（三）》`).
    let open = ends_open(&prev.text) || leaves_open(&prev.text);
    if (list_marker(&next.text).is_some() || lone_bullet(&next.text)) && !open {
        return None;
    }
    let prev_w = p.prev_w + prev.indent;
    // A line as wide as the wrap width is a wrapped line, not a heading. Where lines
    // were wrapped at a fixed column, a line is full exactly when the next word would
    // not have fitted after it.
    let width_full = match ctx.column {
        Some(col) => {
            let word = first_token(&next.text);
            if word.chars().next().is_some_and(is_cjk) {
                // Chinese wraps anywhere, and narrow quotes and punctuation that may
                // not start a line leave full lines a few cells short.
                prev_w * 100 >= p.wrap * 85
            } else {
                prev_w + 1 + str_width(word) > col
            }
        }
        None => p.wrap >= 30 && prev_w * 100 >= p.wrap * 85,
    };
    // A finished sentence clearly short of the wrap width ends its paragraph; so does
    // one on a line far wider than the wrap width, before a capital: that line was
    // never wrapped at the column (a full-width span, lines run together by the
    // extractor), so its width cannot say it goes on.
    // (Not inside a span of such lines: a full-width abstract wrapped wider than the
    // columns under it goes on where its next line is as wide.)
    // (The next line measured only after the line before is found over-full, and no
    // further than the limit: this is asked of every line.)
    let limit = p.wrap * OVERFULL_PERCENT / 100;
    let next_overfull = || next.indent > limit || !width_at_most(&next.text, limit - next.indent);
    let overfull = ctx.measured
        && p.wrap >= 30
        && prev_w * 100 > p.wrap * OVERFULL_PERCENT
        && !next_overfull();
    let width_full = width_full
        && !((ends_full_stop(&prev.text) || dash_end(&prev.text, &next.text))
            && (short_of_wrap(&prev.text, prev_w, &next.text, p.wrap)
                || overfull && latin_start(&next.text) == Some(false)));
    // OCR geometry knows; text is judged by width.
    let full_line = prev.full.unwrap_or(width_full);
    // A line going on in lower case is a sentence, not a heading: a capitalised one
    // not in title case, or a long one (a glossary's short lower-case terms and
    // `What One Tree Is Worth` are headings).
    let lower = |t: &str| t.starts_with(|c: char| c.is_ascii_lowercase());
    let heading_line = p.block_lines == 1
        && !full_line
        && heading_like(&block.text)
        && str_width(&block.text) <= 50;
    let short_heading = heading_line
        && !(lower(&next.text)
            && (!lower(&block.text) && !title_case(&block.text) || prev_w * 2 >= p.wrap));
    // The next line is an article title: a title-like line right before a byline.
    // (The byline first: most lines of prose refuse it at once.)
    let next_is_title = p.after_next_byline && title_like(&next.text);
    let latin = latin_start(&next.text);
    let c = Cues {
        open,
        full_line,
        heading_line,
        short_heading,
        next_is_title,
        latin,
    };
    // A page break or a layout cut (a blank line between pieces of a column) is
    // decided like a line break: by width, punctuation and indentation.
    if p.gap == 0 && !next.seam || next.cut {
        // The lines of a centred title wrapped are one title line.
        match decide_line_break(p, &c, ctx) {
            Some(Join::Wrap)
                if next.indent > prev.indent + 1
                    && p.block_lines == 1
                    && p.centred()
                    && !ends_sentence(&block.text) =>
            {
                Some(Join::TitleWrapped)
            }
            d => d,
        }
    } else {
        decide_cut(p, &c, ctx)
    }
}

/// The most lines a title wrapped before its byline runs to.
const TITLE_LINES: usize = 3;

/// A line wider than this percentage of the wrap width was not wrapped at the column
/// (lines of proportional type reach a little past the 80th percentile, not a quarter).
const OVERFULL_PERCENT: usize = 125;

/// How many lines with Han [`han_latin_spacing`] reads to learn a document's habit.
const HABIT_LINES: usize = 4000;

/// Within a line, how often Han meets a Latin letter or digit across one space (`单词
/// the`), and how often directly (`单词the`).
fn han_latin_spacing(text: &str) -> (usize, usize) {
    // Read from the bytes: a Han character here is a three-byte one of U+4000–U+9FFF
    // (lead bytes E4–E9), enough to learn a document's habit.
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Han,
        Latin,
        Other,
    }
    let (mut spaced, mut tight) = (0, 0);
    let mut prev = Kind::Other;
    let mut space = false;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let (kind, step) = match x {
            b' ' => {
                space = true;
                i += 1;
                continue;
            }
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => (Kind::Latin, 1),
            0xE4..=0xE9 => (Kind::Han, 3),
            0..=0x7F => (Kind::Other, 1),
            0xC0..=0xDF => (Kind::Other, 2),
            0xE0..=0xEF => (Kind::Other, 3),
            _ => (Kind::Other, 4),
        };
        if matches!(
            (prev, kind),
            (Kind::Han, Kind::Latin) | (Kind::Latin, Kind::Han)
        ) {
            if space {
                spaced += 1;
            } else {
                tight += 1;
            }
        }
        prev = kind;
        space = false;
        i += step;
    }
    (spaced, tight)
}

/// Does the text open with a Chinese date, year and month at least (`2009年8月27日`,
/// OCR's `1993年10月 31 日`)?
fn opens_with_date(text: &str) -> bool {
    let head: Vec<char> = text.chars().filter(|c| *c != ' ').take(8).collect();
    // Four digits, `年`, one or two digits, `月`.
    let year = head.len() >= 7 && head[..4].iter().all(char::is_ascii_digit) && head[4] == '年';
    let month =
        |k: usize| head[5..k].iter().all(char::is_ascii_digit) && head.get(k) == Some(&'月');
    year && (month(6) || month(7))
}

/// Does the text end on a dash (`——`, `—`, `--`; not a hyphen)?
fn ends_dash(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with(['—', '―']) || t.ends_with("--")
}

/// A dash that may end a paragraph: the text after it does not go on in lower case
/// (`…as it always did—` / `in short, …` is one sentence).
fn dash_end(prev: &str, next: &str) -> bool {
    ends_dash(prev) && latin_start(next) != Some(true)
}

/// Does a line that ends a sentence stop clearly short of the wrap width, however close
/// to the 85 % that makes a line full? Justified Chinese fills a line to within a
/// character or two; English to within the next word (give or take the play of a
/// proportional font); a Latin word after Chinese text needs its own room and a space,
/// with no play: had they fitted, they would stand on the line.
fn short_of_wrap(prev: &str, prev_w: usize, next: &str, wrap: usize) -> bool {
    let first = first_token(next);
    let latin_next = first.starts_with(|c: char| c.is_ascii_alphanumeric());
    let cjk_before = prev.ends_with(is_cjk);
    if first.starts_with(is_cjk) || cjk_before && !latin_next {
        prev_w + 4 <= wrap
    } else if cjk_before {
        prev_w + 1 + str_width(first) <= wrap
    } else {
        prev_w + 1 + str_width(first) + 3 < wrap
    }
}

/// What [`decide`] has worked out about a pair, for the two kinds of break.
struct Cues {
    /// The text before ends open: a comma, an open bracket or quote.
    open: bool,
    /// The line before is as wide as the wrap width.
    full_line: bool,
    /// The block so far is one short heading-like line.
    heading_line: bool,
    /// ... and what follows does not go on with it in lower case.
    short_heading: bool,
    /// The next line is an article title (a title-like line before a byline).
    next_is_title: bool,
    /// The next line starts with a Latin letter: lower case (`Some(true)`) or not.
    latin: Option<bool>,
}

/// Two short heading-like lines in the same case, the second standing alone: one title
/// broken over two lines.
fn title_goes_on(p: &Pair, c: &Cues) -> bool {
    // A single Latin word (`Basics`) is a heading of its own: a title is broken over
    // two lines because it is long.
    let one_latin_word = p.prev.text.chars().any(|c| c.is_ascii_alphabetic())
        && p.prev.text.split_whitespace().count() == 1;
    !one_latin_word
        && p.prev_w <= 40
        && p.next_w <= 40
        && same_case(&p.prev.text, &p.next.text)
        && heading_like(&p.next.text)
        && p.next_followed_by_blank
        && !c.next_is_title
}

/// How far apart, in cells, the middles of two lines (doubled) may be and the lines
/// still be centred on one axis (an odd width centres half a cell off).
const CENTRE_PLAY: usize = 3;

/// A line break, a page break without a blank line, or a cut inside a column.
fn decide_line_break(p: &Pair, c: &Cues, ctx: &Context) -> Option<Join> {
    let (block, prev, next) = (p.block, p.prev, p.next);
    let seam_gap = next.cut;
    if ctx.unwrapped {
        // One line per paragraph: only a title broken over two lines is joined.
        return (c.short_heading && title_goes_on(p, c)).then_some(Join::Title);
    }
    // A list item's wrapped lines hang under its text (`  - If the work …` /
    // `    data where …`): indented to where the item's text starts, they go on.
    // (Not the lines of a centred title, `  Keeping Content Clear` / `    and
    // Current`: their middles line up.)
    if next.indent >= 2
        && next.indent > prev.indent + 1
        && !p.centred()
        && !super::verbatim::hangs_under(block, next)
    {
        return None;
    }
    // The words across the break fit together (`性格等产` + `生严重`, `for sh` +
    // `owing`): a sentence cut short, not a heading.
    // (Not before a title line and its byline: there the line may be the title's head,
    // which the title rule below decides.)
    if c.short_heading && !c.next_is_title && (seam_gap || !cut_words_fit(block, next, ctx)) {
        return title_goes_on(p, c).then_some(Join::Title);
    }
    if (ends_sentence(&prev.text) || dash_end(&prev.text, &next.text)) && !c.full_line {
        return None;
    }
    // A colon at the line end, then a capital: an example, a list or a quotation set
    // off in a block of its own, even after a full line (a sentence that goes on after
    // a colon goes on in lower case).
    if prev.text.ends_with(':') && c.latin == Some(false) {
        return None;
    }
    // A Chinese clause that announces a display (`如示例 14-5 所示：`): what it
    // announces stands apart, and so does the text after it.
    if prev.text.ends_with(['：', ':']) && announces_display(&prev.text) {
        return None;
    }
    // A list item whose sentence ends at the line end, followed by a capital: the
    // list is over (an item's wrapped lines go on mid-sentence).
    if ends_sentence(&prev.text) && list_marker(&block.text).is_some() && c.latin == Some(false) {
        return None;
    }
    // Items are often phrases without a full stop: an item's line that stops short,
    // neither mid-clause nor on a word no sentence ends on (`the`, `like`), followed by
    // a capital, ends the item.
    if list_marker(&block.text).is_some()
        && c.latin == Some(false)
        && !c.full_line
        && !c.open
        && !ends_on_function_word(&prev.text)
    {
        return None;
    }
    // `第十二条`, `第三章` open a new article or chapter.
    if division_marker(&next.text) && !ends_open(&prev.text) {
        return None;
    }
    // After a finished sentence, a short heading-like line that stands alone (a
    // list or a blank line follows, an indented paragraph starts after it, or it is
    // a row of interleaved columns, whose short lines end their paragraphs) is a
    // heading, whatever the width before it. Under half the wrap width; up to four
    // fifths in a row of columns, or in title case before an indented paragraph
    // (`Implementing Send and Sync Manually Is Unsafe`).
    // (A line closing a bracket, `See Smith and Jones (2019) [12]`, `详见附件一（略）`,
    // is more likely a paragraph's last words than a heading: the indentation, capital
    // and short-Chinese cues below pass it by.)
    let bracketed = next.text.trim_end().ends_with([')', '）', ']', '】']);
    let indented_after = !bracketed && p.indented_after();
    let next_w = p.next_w;
    // A title-case Latin heading short of a full line, then a capital: a line that
    // short ends no English paragraph without punctuation, so it stands alone.
    let capital_after = !bracketed
        && p.after_next
            .is_some_and(|l| latin_start(&l.text) == Some(false));
    // (Asked only after the capital is seen: the title-case test collects words.)
    let latin_title = || {
        next.text.starts_with(|c: char| c.is_ascii_uppercase())
            && next_w * 100 < p.wrap * 85
            && title_case(&next.text)
    };
    // Chinese: a line under half the wrap width inside a paragraph is impossible, so a
    // short unpunctuated one between a finished sentence and more Chinese text is a
    // heading (`裁判要旨`).
    let han_heading = !bracketed
        && next.text.starts_with(is_han)
        && next_w * 2 < p.wrap
        && p.after_next
            .is_some_and(|l| l.text.starts_with(is_han) && !starts_mid(&l.text));
    let next_alone = p.next_followed_by_blank
        || seam_gap
        || indented_after
        || capital_after && latin_title()
        || han_heading
        || p.after_next
            .is_some_and(|l| list_marker(&l.text).is_some() || lone_bullet(&l.text));
    let wide_ok = seam_gap || (indented_after || capital_after) && title_case(&next.text);
    if ends_sentence(&prev.text)
        && heading_like(&next.text)
        && (next_w * 2 < p.wrap || wide_ok && next_w * 5 < p.wrap * 4)
        && next_alone
    {
        return None;
    }
    if c.next_is_title {
        // A long title in a narrow column: a one-line block as wide as the column,
        // without end punctuation, goes on in the title-like line before the byline
        // (`《民法典》绿色原则对“大棚房”合同纠纷中隐` / `藏行为的适用`). A title set
        // in larger type than the text wraps at fewer characters: half the wrap width
        // will do (`韩某某诉…房屋征收办公室不履行预征` / `收行政协议案`), and its head
        // may be two lines already joined, with no sentence inside them.
        // A word must span the break (`隐` + `藏`, the document's own, or a common
        // one of the word table), or a quote or bracket be left open (`“Nightly` /
        // `Rust”`), or the line stop on a word no title ends on (`How Rust is Made
        // and` / `“Nightly Rust”`): a caption or note as wide as the column is no
        // title's head.
        let title_head = (p.block_lines == 1
            || p.block_lines <= TITLE_LINES && !has_inner_sentence_punct(&block.text))
            && (c.full_line || p.prev_w * 2 >= p.wrap)
            && !ends_sentence(&block.text)
            && !ends_open(&block.text)
            && (leaves_open(&block.text)
                || cut_words_fit(block, next, ctx)
                || crate::lexicon::word_gain(&block.text, &next.text) > 0.0
                || ends_on_function_word(&block.text)
                || starts_on_function_word(&next.text));
        return title_head.then_some(Join::TitleWrapped);
    }
    Some(if !seam_gap {
        Join::Wrap
    } else if c.full_line {
        Join::BlankWrapped
    } else {
        Join::Blank
    })
}

/// A blank line or a page break.
fn decide_cut(p: &Pair, c: &Cues, ctx: &Context) -> Option<Join> {
    let (block, prev, next) = (p.block, p.prev, p.next);
    if c.next_is_title {
        return None;
    }
    // Punctuation that never opens a paragraph (`、石某某`): the sentence goes on.
    if next.text.starts_with([
        '，', '。', '、', '；', '：', '）', '」', '』', '》', '！', '？',
    ]) {
        return Some(Join::Blank);
    }
    // `第十二条`, `第三章` open a new article or chapter.
    if division_marker(&next.text) && !ends_open(&prev.text) {
        return None;
    }
    // A list number alone on its line after a blank line or a page break, in a count
    // with list markers near it (`3.` with `1.` and `2.`), is a marker printed apart
    // from its item, not the last word of a sentence cut there: gluing it on would
    // close the sentence, which then finds its true tail no more. (A number that
    // counts on from nothing, `was` / `42.`, ends its sentence.)
    if p.next_counts_on {
        return None;
    }
    // Dated entries, one after another (a law's history: `1993年10月31日…通过`,
    // `2009年8月27日…修正`): a block that opens with a date, then a blank line and
    // another date, is two entries.
    if opens_with_date(&block.text) && opens_with_date(&next.text) && !ends_open(&prev.text) {
        return None;
    }
    // A heading cut in two, standing whole elsewhere in the document.
    if p.block_lines == 1 && heading_like(&block.text) && heading_like(&next.text) {
        let cjk = block.text.ends_with(is_cjk) || next.text.starts_with(is_cjk);
        let whole = if cjk {
            format!("{}{}", block.text, next.text)
        } else {
            format!("{} {}", block.text, next.text)
        };
        if ctx.texts.contains(&text_hash(&whole)) {
            return Some(Join::Heading);
        }
        // A title-case heading whose next part opens on a lower-case minor word
        // (`Inheritance as a Type System` / `and as Code Sharing`): title case writes
        // those words small inside a heading, never at its start.
        if title_case(&block.text)
            && title_case(&next.text)
            && starts_on_function_word(&next.text)
            && !ends_sentence(&block.text)
        {
            return Some(Join::Heading);
        }
    }
    // A heading-like line followed by another short one standing alone: two headings
    // (or glossary terms), not a cut sentence (which would go on with body text).
    let two_headings = p.block_lines == 1
        && heading_like(&block.text)
        && heading_like(&next.text)
        && p.next_w <= 40;
    if two_headings && p.next_followed_by_blank && !ends_open(&prev.text) {
        return None;
    }
    // A dash at the end of a line that stops short introduces what follows, as a
    // colon does (`有更其直捷了当的说法在这里——`): the paragraph ends.
    if dash_end(&prev.text, &next.text) && !c.full_line && !ctx.unwrapped {
        return None;
    }
    // A bracket left open, or the words across the cut fit together: the sentence
    // goes on.
    if c.open && !ends_sentence(&prev.text) || cut_words_fit(block, next, ctx) {
        return Some(Join::Blank);
    }
    // A short heading-like line followed by lower case is a heading before its text,
    // unless the two pieces make a word seen elsewhere (`Thanks to this proce` +
    // `ss, you can`).
    if c.heading_line && c.latin == Some(true) {
        let joined = format!("{}{}", last_word(&prev.text), first_word(&next.text));
        if !ctx.attested(&joined, 1) {
            return None;
        }
    }
    // Lower case after an unfinished line goes on with its sentence.
    let blank = if c.full_line && !ctx.unwrapped {
        Join::BlankWrapped
    } else {
        Join::Blank
    };
    if ends_open(&prev.text) || c.latin == Some(true) && !ends_sentence(&prev.text) {
        return Some(blank);
    }
    if c.short_heading {
        return None;
    }
    if two_headings {
        return None;
    }
    if ends_sentence(&prev.text) || c.latin == Some(false) {
        return None;
    }
    // OCR geometry says the line stops short of its column: the paragraph ends.
    if prev.full == Some(false) {
        return None;
    }
    // In wrapped text, a blank line after a line that stops short of the wrap width is
    // a paragraph end (in one-line-per-paragraph text width tells nothing, and a page
    // break may fall anywhere in a line), unless the Chinese on both sides fits together
    // (`这一` + `点了`: the document's own n-grams span the cut). A paragraph of several
    // lines does not end without punctuation: it goes on.
    let cut_fits = ctx.grams.fit(&block.text, &next.text) >= 2;
    if !c.full_line && !ctx.unwrapped && !next.seam && p.block_lines < 2 && !cut_fits {
        return None;
    }
    // A title wrapped over two or three lines, then a short heading standing alone (an
    // indented paragraph or a blank line after it): two headings, not a sentence cut
    // (`高某诉某农业有限公司农村土地承包合` / `同案` / `基本案情` / `  某公司将…`).
    if p.block_lines <= TITLE_LINES
        && !c.full_line
        && !cut_fits
        && heading_like(&block.text)
        && heading_like(&next.text)
        && p.next_w * 2 < p.wrap
        && (p.next_followed_by_blank || p.indented_after())
    {
        return None;
    }
    Some(blank)
}

/// Do the two sides of a break fit together as running text: the Han n-grams across
/// it occur elsewhere in the document, or the Latin letters on either side make a word
/// that does?
fn cut_words_fit(block: &Line, next: &Line, ctx: &Context) -> bool {
    if ctx.grams.fit(&block.text, &next.text) >= 2 {
        return true;
    }
    let (x, y) = (last_word(&block.text), first_word(&next.text));
    !x.is_empty()
        && !y.is_empty()
        && y.starts_with(|c: char| c.is_ascii_lowercase())
        && ctx.attested(&format!("{x}{y}"), 1)
        && !(ctx.attested(x, 2) && ctx.attested(y, 2))
}

/// The letters at the end of `text` (`infor` in `the infor`).
fn last_word(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .take_while(|&(_, c)| alphabetic(c))
        .last()
        .map_or(text.len(), |(i, _)| i);
    &text[start..]
}

/// The letters at the start of `text`.
fn first_word(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|&(_, c)| !alphabetic(c))
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// Bound prefixes that end-of-line hyphenation splits off (`dis-tinguish`).
const PREFIXES: &[&str] = &[
    "al", "any", "be", "com", "con", "de", "dis", "em", "en", "every", "ex", "il", "im", "in",
    "inter", "ir", "mis", "per", "pre", "pro", "re", "some", "sub", "them", "trans", "un", "under",
    "what", "when", "where", "with", "your",
];

/// Suffixes that end-of-line hyphenation splits off (`life-less`, `encourage-ment`).
const SUFFIXES: &[&str] = &[
    "ability", "able", "ably", "ance", "ed", "ence", "er", "ers", "est", "ful", "ible", "ing",
    "ings", "ion", "ions", "ism", "ity", "less", "ly", "ment", "ments", "ness", "ous", "tion",
    "tions", "where", "wise",
];

/// Is `stem-` + `tail` a word broken by hyphenation (so the hyphen goes), not a
/// compound (`message-passing`, where it stays)?
pub(crate) fn hyphen_is_soft(stem: &str, tail: &str, ctx: &Context) -> bool {
    let joined = format!("{stem}{tail}").to_lowercase();
    let compound = format!("{stem}-{tail}").to_lowercase();
    if ctx.compounds.contains(&compound) {
        return false;
    }
    if ctx.attested(&joined, 1) {
        return true;
    }
    // A half that other compounds of the document share (`farm-` + `yards` beside
    // `school-yards`): a compound — where both halves are words, or the two make none
    // (`real-time` says nothing of `real-` + `ity`).
    let (s, t) = (stem.to_lowercase(), tail.to_lowercase());
    let halves_words = english_word(&s) && english_word(&t);
    if (halves_words || !english_word(&joined))
        && (ctx.compounds.contains(&format!("-{t}")) || ctx.compounds.contains(&format!("{s}-")))
    {
        return false;
    }
    // Nothing in the document: English says. A word when joined (`infor-mation`); two
    // words that make none (`object-oriented`) are a compound.
    if english_word(&joined) {
        return true;
    }
    if s.len() >= 3 && halves_words && !PREFIXES.contains(&s.as_str()) {
        return false;
    }
    // A first half that is a word of its own (seen elsewhere, not a bound prefix) and
    // a second half long enough to be one (not a suffix): a compound
    // (`object-oriented`). Otherwise plainly mid-word (`comput-ers`, `sim-ply`).
    let head = s.len() >= 3 && ctx.attested(&s, 2) && !PREFIXES.contains(&s.as_str());
    let rest = t.len() >= 4 && !SUFFIXES.contains(&t.as_str());
    !(head && rest)
}

/// Does a cut between `a` and `b` fall inside a word (`fi|rst`, `redir|ect`), so the
/// pieces join with no space? Only for cuts (blank lines, page breaks) with no space on
/// either side; a wrapped line always broke at a space.
pub(crate) fn cut_mid_word(a: &Line, b: &Line, ctx: &Context) -> bool {
    if a.trail || b.indent > 0 {
        return false;
    }
    let (x, y) = (last_word(&a.text), first_word(&b.text));
    if x.is_empty() || y.is_empty() || !x.is_ascii() || !y.is_ascii() {
        return false;
    }
    if !y.starts_with(|c: char| c.is_ascii_lowercase()) {
        return false;
    }
    let joined = format!("{x}{y}");
    if ctx.attested(&joined, 1) {
        return true;
    }
    // Both halves words seen elsewhere: a cut between words. A piece seen nowhere else
    // is half a word.
    let word = |w: &str| ctx.attested(w, 2) || w.eq_ignore_ascii_case("a") || w == "I";
    !(word(x) && word(y))
}

/// Append `next` to `block`, with no space between Chinese text and one between words,
/// removing an end-of-line hyphen where the break is mid-word.
/// Han against a Latin letter or digit across a join (`a`, then `b`): spaced where the
/// line had a space at its end, or where the document spaces them.
fn han_latin_spaced(a: Option<char>, b: Option<char>, block: &Line, ctx: &Context) -> bool {
    matches!((a, b), (Some(a), Some(b))
        if is_han(a) && b.is_ascii_alphanumeric() || a.is_ascii_alphanumeric() && is_han(b))
        && (block.trail || ctx.han_latin_spaced)
}

/// Is a line wrapped at the hyphen of a compound whose second half is no lower-case
/// word end (`Characteristics of Object-` / `Oriented Languages`, `non-` /
/// `English`)? Its halves join with no space, the hyphen kept.
fn compound_wrapped(text: &str, next: &str) -> bool {
    text.strip_suffix('-')
        .is_some_and(|t| t.ends_with(|c: char| c.is_alphabetic()))
        && next.starts_with(|c: char| c.is_alphabetic())
}

pub(crate) fn glue(block: &mut Line, next: &Line, kind: Join, ctx: &Context, cx: &mut StageCx) {
    let gap_span = Span {
        start: block.span.end,
        end: next.span.start,
        line: block.span.line,
        column: 0,
    };
    let cut = matches!(kind, Join::Blank | Join::BlankWrapped | Join::Heading);
    let before = if cut { "\n\n" } else { "\n" };
    let rule = if cut { "J202" } else { "J201" };
    let last = block.text.chars().last();
    let first = next.text.chars().next();
    if matches!(kind, Join::Heading | Join::TitleWrapped) {
        // Told by the letters on either side, not the quotes (`and` + `“Nightly`).
        let last_letter = block.text.chars().rev().find(|c| c.is_alphanumeric());
        let first_letter = next.text.chars().find(|c| c.is_alphanumeric());
        let cjk = last_letter.is_some_and(is_cjk) || first_letter.is_some_and(is_cjk);
        let sep = if han_latin_spaced(last_letter, first_letter, block, ctx) {
            " "
        } else if cjk || compound_wrapped(&block.text, &next.text) {
            ""
        } else {
            " "
        };
        let rule = if kind == Join::Heading {
            "J206"
        } else {
            "J204"
        };
        cx.change(rule, gap_span, before, sep);
        block.text.push_str(sep);
    } else if kind == Join::Title || kind == Join::Bullet {
        let sep = if compound_wrapped(&block.text, &next.text) {
            ""
        } else {
            " "
        };
        cx.change(
            if kind == Join::Title { "J204" } else { "J205" },
            gap_span,
            before,
            sep,
        );
        block.text.push_str(sep);
    } else if let Some(stem) = hyphen_stem(&block.text, &next.text) {
        let tail = first_word(&next.text);
        // `hard-to-track-` + `down`: the hyphen continues a compound.
        let stem_at = block.text.trim_end_matches('-').trim_end_matches(' ').len() - stem.len();
        let chain = block.text[..stem_at].ends_with('-');
        // A spaced-off hyphen (`wil -`) is a dash unless the halves make no words.
        let spaced = block.text[..block.text.len() - 1].ends_with(' ');
        let soft = if spaced {
            let (s, t) = (stem.to_lowercase(), tail.to_lowercase());
            ctx.attested(&format!("{s}{t}"), 1) || !(ctx.attested(&s, 2) && ctx.attested(&t, 2))
        } else {
            hyphen_is_soft(stem, tail, ctx)
        };
        if !chain && soft {
            block.text.truncate(stem_at + stem.len());
            cx.change("J203", gap_span, format!("-{before}"), "");
        } else {
            cx.change(rule, gap_span, before, "");
        }
    } else {
        let cjk = last.is_some_and(is_cjk) || first.is_some_and(is_cjk);
        let dash =
            matches!(last, Some('—' | '–' | '/')) || compound_wrapped(&block.text, &next.text);
        let mid_word = kind == Join::Blank && cut_mid_word(block, next, ctx);
        let sep = if han_latin_spaced(last, first, block, ctx) && !mid_word {
            " "
        } else if cjk || dash || mid_word {
            ""
        } else {
            " "
        };
        cx.change(rule, gap_span, before, sep);
        block.text.push_str(sep);
    }
    block.text.push_str(&next.text);
    block.span.end = next.span.end;
    block.trail = next.trail;
}

/// `infor-` + `mation`: the letters before an end-of-line hyphen, when the next line
/// goes on with a lower-case letter.
fn hyphen_stem<'a>(text: &'a str, next: &str) -> Option<&'a str> {
    // Justified text laid out by `pdftotext -layout` may space the hyphen off: `wil -`.
    let body = text.strip_suffix('-')?.trim_end_matches(' ');
    let stem = last_word(body);
    let starts_lower = next.chars().next().is_some_and(|c| c.is_lowercase());
    (!stem.is_empty() && stem.is_ascii() && starts_lower).then_some(stem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read_text;
    use crate::stages::run_on;

    fn join(s: &str) -> (Vec<String>, Vec<&'static str>) {
        run_on(&[&JoinBrokenLines], s)
    }

    #[test]
    fn a_list_items_hanging_lines_go_on_with_it() {
        // `pdftotext -layout` keeps the hanging indent: the wrapped lines stand under
        // the item's text, deeper than its marker.
        let extra = "consider these rules of thumb:\n\n  - If the work is very parallelizable, such as processing a bunch of\n    data where each part is processed separately, threads are better.\n  1. If the work is very concurrent, such as handling messages from a\n     bunch of different sources, async is a better choice.\n";
        let (lines, _) = join(&wrapped_with(24, extra));
        let n = lines.len();
        assert_eq!(
            lines[n - 2..],
            [
                "- If the work is very parallelizable, such as processing a bunch of data where each part is processed separately, threads are better.",
                "1. If the work is very concurrent, such as handling messages from a bunch of different sources, async is a better choice."
            ],
            "{lines:?}"
        );
        // Near miss: a line indented deeper than the item's text starts a paragraph.
        let extra = "  - An item that stops here.\n        An indented paragraph after it.\n";
        let (lines, _) = join(&wrapped_with(24, extra));
        assert_eq!(
            lines.last().map(String::as_str),
            Some("An indented paragraph after it.")
        );
    }

    /// Wrapped English at about sixty columns, `n` lines, then `extra` lines.
    fn wrapped_with(n: usize, extra: &str) -> String {
        let line = "the river runs past the old mill and on into the green valley";
        let mut text = String::new();
        for _ in 0..n {
            text.push_str(line);
            text.push('\n');
        }
        text.push_str(extra);
        text
    }

    #[test]
    fn a_compound_run_together_at_a_line_end_gets_its_hyphen_back() {
        // `real-` / `world` run together by the extractor, hyphen and all: the line is
        // two printed lines, and `realworld` stands where the first one ended.
        let extra = "this chapter gives some background for understanding a realworld project of your own making.\n";
        let (lines, rules) = join(&wrapped_with(24, extra));
        assert!(lines[0].contains("a real-world project"), "{lines:?}");
        assert!(rules.contains(&"J207"));
        // A compound the document writes elsewhere, split where it does.
        let extra = "we want the language to be a rocksolid foundation you can build on, and the project too.\nthe tools are rock-solid.\n";
        let (lines, _) = join(&wrapped_with(24, extra));
        assert!(lines[0].contains("a rock-solid foundation"), "{lines:?}");
        // A line with more than ASCII in it is measured in cells all the same.
        let extra = "fast, concurrent code—whether for a highthroughput web server or an embedded operating system.\n";
        let (lines, _) = join(&wrapped_with(24, extra));
        assert!(
            lines[0].contains("a high-throughput web server"),
            "{lines:?}"
        );
    }

    #[test]
    fn words_the_list_lacks_are_not_taken_for_compounds() {
        // Derived and rare words (`rootlets`, `gemmule`), a word far from where a
        // printed line would end, and a line of ordinary width are all left alone.
        for extra in [
            "the seed sends out its many small rootlets and the gemmule and the first leaves.\n",
            "realworld is the word here, at the start of a line as wide as two printed lines.\n",
            "a realworld project\n",
        ] {
            let (_, rules) = join(&wrapped_with(24, extra));
            assert!(!rules.contains(&"J207"), "{extra}");
        }
    }

    #[test]
    fn ascii_words_are_those_of_splitting_at_non_letters() {
        // The reference: split at every character that is no letter or hyphen, keep
        // the words that are all ASCII.
        fn reference(text: &str) -> Vec<&str> {
            let in_word = |c: char| c.is_alphabetic() || c == '-';
            text.split(|c: char| !in_word(c))
                .filter(|w| !w.is_empty() && w.is_ascii())
                .collect()
        }
        let alphabet: Vec<char> = "ab-Z 中文，。é1ñ—release配置".chars().collect();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            let len = (seed >> 60) as usize + 1;
            let text: String = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            let mut got: Vec<String> = Vec::new();
            for_each_ascii_word(&text, |w| got.push(w.to_string()));
            assert_eq!(got, reference(&text), "{text:?}");
        }
    }

    #[test]
    fn a_long_title_wrapped_in_a_narrow_column_is_one_title() {
        // A column twenty characters wide: the title's first line fills it.
        let body = "这是一段正文，用来确定这一栏的宽度，它一直\n写到栏的边上才换行，然后接着写下去，直到这\n一段结束为止，一共写了好几行文字的内容。\n";
        let text = format!("{body}{body}\n《民法典》绿色原则对“大棚房”合同纠纷中隐\n藏行为的适用\n清源县农业农村局政策法规股股长 陆晓燕\n\n{body}");
        let (lines, rules) = join(&text);
        assert!(
            lines.contains(&"《民法典》绿色原则对“大棚房”合同纠纷中隐藏行为的适用".to_string()),
            "{lines:?}"
        );
        assert!(rules.contains(&"J204"));
        // Near misses: a full line that ends a sentence is no title's head, nor is a
        // caption as wide as the column, where no word spans the break.
        let text = format!("{body}{body}\n这一行写满了整整一栏的宽度而且以句号结束。\n新的标题\n清源县农业农村局政策法规股股长 陆晓燕\n\n{body}");
        let (lines, _) = join(&text);
        assert!(lines.contains(&"新的标题".to_string()), "{lines:?}");
        let text = format!("{body}{body}\n图为清源县农业农村局工作人员在大棚里查看蔬菜\n乡村振兴的新路子\n记者 陆晓燕\n\n{body}");
        let (lines, _) = join(&text);
        assert!(lines.contains(&"乡村振兴的新路子".to_string()), "{lines:?}");
    }

    #[test]
    fn a_title_in_larger_type_wrapped_short_of_the_text_is_one_title() {
        // A column twenty characters wide; the title's first line holds fourteen (its
        // type is larger), and `预征` + `收` spans the document's own n-grams.
        let body = "征收办与他订立了预征收协议，征收补偿方案一直\n写到栏的边上才换行，然后接着写下去，直到这\n一段结束为止，一共写了好几行文字的内容。\n";
        let text = format!("{body}{body}\n韩某某诉某区房屋征收办不履行预征\n收行政协议案\n锦华区人民法院行政审判庭庭长 潘建平\n\n{body}");
        let (lines, _) = join(&text);
        assert!(
            lines.contains(&"韩某某诉某区房屋征收办不履行预征收行政协议案".to_string()),
            "{lines:?}"
        );
        // Near miss: a line under half the column is no title's head.
        let text = format!(
            "{body}{body}\n房屋征收\n收行政协议案\n锦华区人民法院行政审判庭庭长 潘建平\n\n{body}"
        );
        let (lines, _) = join(&text);
        assert!(lines.contains(&"收行政协议案".to_string()), "{lines:?}");
    }

    #[test]
    fn a_title_wrapped_over_three_lines_before_its_byline_is_one_title() {
        // (`利` + `害` and `方` + `式` are the document's own n-grams.)
        let body = "条款与消费者有重大利害关系，应以显著方式提示\n写到栏的边上才换行，然后接着写下去，直到这\n一段结束为止，一共写了好几行文字的内容。\n";
        let text = format!("{body}{body}\n网络消费格式条款中与消费者有重大利\n害关系内容存在例外情形，应以显著方\n式进行提示\n云溪区市场监督管理局消费者权益保护科科长 孟凡超\n\n{body}");
        let (lines, _) = join(&text);
        assert!(
            lines.contains(
                &"网络消费格式条款中与消费者有重大利害关系内容存在例外情形，应以显著方式进行提示"
                    .to_string()
            ),
            "{lines:?}"
        );
        // Near miss: lines with a sentence ended inside them are a paragraph, not a
        // title's head.
        let text = format!("{body}{body}\n网络消费格式条款。中与消费者有重大利\n害关系内容存在例外情形，应以显著方\n式进行提示\n云溪区市场监督管理局消费者权益保护科科长 孟凡超\n\n{body}");
        let (lines, _) = join(&text);
        assert!(lines.contains(&"式进行提示".to_string()), "{lines:?}");
    }

    #[test]
    fn a_wrapped_title_and_a_short_heading_under_it_stay_apart() {
        // At a page's top, a title over two lines, a blank line, a short heading, then
        // an indented paragraph: two headings, though the title's block is two lines
        // without punctuation (which, in a paragraph, would go on).
        // (`包合` + `同` is the document's: the title's lines are one wrapped line.)
        let body = "  某公司将其承包的集体土地划分为若干种植单元，其对\n高某称，土地承包合同约定可将大棚进行装修改造，建设\n各式阳光房、木屋等房屋，公司提供有偿物业服务。\n";
        let page = body.repeat(8);
        let text =
            format!("{page}\u{c}高某诉某农业有限公司农村土地承包合\n同案\n\n基本案情\n{page}");
        let (lines, _) = join(&text);
        assert!(lines.contains(&"基本案情".to_string()), "{lines:?}");
        // Near miss: text, not a short heading, after the blank line goes on from the
        // two lines before it.
        let text = format!("{page}\u{c}高某诉某农业有限公司农村土地承包合\n同案\n\n的基本案情是这样的：某公司将其承包的集体土地划分为若干种植单元。\n{page}");
        let (lines, _) = join(&text);
        assert!(
            lines.iter().any(|l| l.contains("同案的基本案情")),
            "{lines:?}"
        );
    }

    #[test]
    fn an_english_title_wrapped_after_a_word_no_title_ends_on_is_one_title() {
        let extra = "\nAppendix G - How Rust is Made and\n“Nightly Rust”\nRelease Working Group Member Tomas Lindqvist\nThis appendix is about how Rust is made and how that affects you as a developer.\n";
        let (lines, _) = join(&wrapped_with(24, extra));
        assert!(
            lines.contains(&"Appendix G - How Rust is Made and “Nightly Rust”".to_string()),
            "{lines:?}"
        );
        // Near miss: a caption that stops on a whole word stays apart from the title.
        let extra = "\nThe old mill by the river in the green valley at dawn\n“Nightly Rust”\nRelease Working Group Member Tomas Lindqvist\nThis appendix is about how Rust is made and how that affects you as a developer.\n";
        let (lines, _) = join(&wrapped_with(24, extra));
        assert!(lines.contains(&"“Nightly Rust”".to_string()), "{lines:?}");
    }

    #[test]
    fn a_short_title_head_before_the_title_line_and_byline_is_the_titles() {
        // The head is short of the text's lines (larger type) and reads as a heading
        // by form, but `实` + `体` is a word of the word table.
        let body = "征收办与他订立了预征收协议，征收补偿方案一直\n写到栏的边上才换行，然后接着写下去，直到这\n一段结束为止，一共写了好几行文字的内容。\n";
        let text = format!("{body}{body}\n作出人格权保护禁令应将程序审查与实\n体判断相结合\n西江市互联网信息办公室网络执法处处长 杜明哲\n\n{body}");
        let (lines, _) = join(&text);
        assert!(
            lines.contains(&"作出人格权保护禁令应将程序审查与实体判断相结合".to_string()),
            "{lines:?}"
        );
        // Near miss: a short section heading before an article's title stays apart.
        let text = format!("{body}{body}\n网络消费篇\n惩罚性赔偿不以造成人身损害为前提\n临江市中级人民法院民二庭副庭长 宋雨桐\n\n{body}");
        let (lines, _) = join(&text);
        assert!(lines.contains(&"网络消费篇".to_string()), "{lines:?}");
    }

    #[test]
    fn a_lone_list_number_after_a_cut_stands_apart() {
        // `3.` after a blank line, counting on from `1.` and `2.`, is a marker printed
        // apart, not the end of the open sentence before it.
        let (lines, _) = join("1.\n2.\n\nIn the File menu, choose Save.\nSelect I agree.\n\nBreak it down into steps. Use short,\n\n3.\n\nCode");
        assert_eq!(
            &lines[lines.len() - 3..],
            ["Break it down into steps. Use short,", "3.", "Code"]
        );
        // Near misses: a sentence wrapped onto a last line that is a number goes on,
        // across a blank line too where the number counts on from nothing.
        let (lines, _) = join("The number of trees planted that year was\n42.\n\nCode");
        assert_eq!(
            lines,
            ["The number of trees planted that year was 42.", "Code"]
        );
        let (lines, _) = join("The number of trees planted that year was\n\n42.\n\nCode");
        assert_eq!(
            lines,
            ["The number of trees planted that year was 42.", "Code"]
        );
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
    fn a_full_line_ending_on_a_colon_before_a_capital_ends_its_paragraph() {
        let text = "Use backticks to style text and code snippets readers may copy. For example:\nUse the legend element to offer a label within each form element of the page.\nThe lines here are all wrapped at the same width, as a paragraph is, so this:\nthe colon line is full, and a sentence that goes on in lower case after it\nstays in its paragraph.";
        let (b, _) = join(text);
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(b[0].ends_with("For example:"), "{b:?}");
        assert!(b[1].contains("so this: the colon line"), "{b:?}");
    }

    #[test]
    fn a_title_wrapped_at_a_compound_s_hyphen_keeps_it() {
        let text = "  Characteristics of Object-\n      Oriented Languages\n\nThere is no consensus in the programming community about what features a language must have.";
        let (b, _) = join(text);
        assert_eq!(
            b[0], "Characteristics of Object-Oriented Languages",
            "{b:?}"
        );
        // Near miss: a dash set off by spaces is no compound's hyphen.
        assert!(!compound_wrapped("Rust -", "A Language"));
        assert!(compound_wrapped("Object-", "Oriented"));
    }

    #[test]
    fn a_heading_s_part_opening_on_a_minor_word_joins_it() {
        // A heading in large type wrapped in a column; the other column's row between
        // its lines left an empty row.
        let text = "The fields within the struct remain private here.\n\nInheritance as a Type System\n\nand as Code Sharing\nInheritance is a mechanism whereby an object can inherit elements from another object.";
        let (b, _) = join(text);
        assert_eq!(
            b[1], "Inheritance as a Type System and as Code Sharing",
            "{b:?}"
        );
        // Near misses: a capital opens the next heading; a minor word alone is no
        // part of a title; a sentence before it is no heading.
        for (first, second) in [
            ("Inheritance as a Type System", "And as Code Sharing"),
            ("Inheritance as a Type System", "and"),
            ("Inheritance is a type system.", "and as Code Sharing"),
        ] {
            let text = format!("The fields within the struct remain private here.\n\n{first}\n\n{second}\nInheritance is a mechanism whereby an object can inherit elements from another object.");
            let (b, _) = join(&text);
            assert_eq!(b[1], first, "{b:?}");
        }
    }

    #[test]
    fn a_title_s_last_word_alone_on_its_line_joins_it() {
        let text = "The smart pointer is not safe to share.\n\nRustup and the Role of Rust\nNightly\n\nRustup makes it easy to change between different release channels of Rust.";
        let (b, _) = join(text);
        assert_eq!(b[1], "Rustup and the Role of Rust Nightly", "{b:?}");
        // Near miss: after a heading in sentence case, a capitalised word alone is a
        // heading of its own.
        let text = "The smart pointer is not safe to share.\n\nTechnical and interface writing\nBasics\n\nRustup makes it easy to change between different release channels of Rust.";
        let (b, _) = join(text);
        assert_eq!(b[1], "Technical and interface writing", "{b:?}");
    }

    #[test]
    fn a_centred_title_s_lines_join() {
        // A title centred in a narrow column wraps with its second line indented
        // further: the middles of the two lines line up, so it is no hanging line.
        let text = "  Keeping Content Clear\n      and Current\n\nKeep refining\n\nContent design is an ongoing process, and even published content is not really done.";
        let (b, _) = join(text);
        assert_eq!(b[0], "Keeping Content Clear and Current", "{b:?}");
        // A Chinese title centred on `pdftotext -layout`'s grid of one position a
        // character stays one heading line: the paragraph after it stands apart.
        let text = "    进一步认识 Cargo 和\n      Crates.io\n\n   到目前为止，我们只用过最基础的功能来构建运行和测试代码，但它还能做得更多。";
        let (b, _) = join(text);
        assert_eq!(b[0], "进一步认识 Cargo 和 Crates.io", "{b:?}");
        assert_eq!(b.len(), 2, "{b:?}");
        // Near miss: a line indented past the middle of the one before goes apart.
        let text = "  Keeping Content Clear\n            and Current\n\nKeep refining\n\nContent design is an ongoing process, and even published content is not really done.";
        let (b, _) = join(text);
        assert_eq!(b[0], "Keeping Content Clear", "{b:?}");
    }

    #[test]
    fn a_full_chinese_line_announcing_a_display_ends_its_paragraph() {
        // Twenty characters a line. `如示例 14-5 所示：` fills its line and announces a
        // display the dump has lost: the text after it is a new paragraph, by a line
        // break or by a blank line in mid-column. After any other clause (`有两个模
        // 块：`) a full line goes on.
        for gap in ["\n", "\n\n"] {
            let text = format!(
                "我们可以修改这个库的代码，在顶层重导出这些\n项，加入新的语句，如示例十四之五所示：{gap}现在，生成的文档会在首页列出这些重导出项。"
            );
            let (b, _) = join(&text);
            assert_eq!(b.len(), 2, "{b:?}");
            assert!(b[0].ends_with("所示："), "{b:?}");
            let text = format!(
                "我们可以修改这个库的代码，在顶层重导出这些\n项，加入新的语句，在这个库里有两个模块：{gap}一个模块包含两个枚举，另一个包含函数。"
            );
            let (b, _) = join(&text);
            // (A blank line after a colon ends a paragraph anyway.)
            assert_eq!(b.len(), gap.len(), "{b:?}");
        }
    }

    #[test]
    fn a_finished_sentence_clearly_short_of_the_wrap_width_ends_its_paragraph() {
        // Chinese: twenty characters a line; a sentence ending three characters short
        // ends its paragraph, one ending a character short (kinsoku) does not.
        let text = "一二三四五六七八九十一二三四五六七八九十\n一二三四五六七八九十一二三四五六七八。\n一二三四五六七八九十一二三四五六七八九十\n一二三四五六七八九十一二三四五六。\n新段落一二三四五六七八九十一二三四五六\n完。";
        let (b, _) = join(text);
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(b[0].ends_with("五六。"), "{b:?}");
        // Near miss: a Latin word after the Chinese sentence would not have fitted.
        let text = "一二三四五六七八九十一二三四五六七八九十\n一二三四五六七八九十一二三四五六。\nKubernetes 集群一二三四五六七八九十一二\n完。";
        let (b, _) = join(text);
        assert_eq!(b.len(), 1, "{b:?}");
        // English: the next word would have fitted after the sentence, with room to
        // spare, so the line ended its paragraph; where it would not have, it wrapped.
        let text = "The lines of this paragraph are all wrapped at the same width of the\ncolumn, and this one ends a sentence well short of it.\nA paragraph starts here, as the next word would have fitted after the\nlast one. Another line runs to the full width of the column here, and\nit ends a sentence where the next word would not have fitted in there.\nNevertheless goes on.";
        let (b, _) = join(text);
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(b[0].ends_with("well short of it."), "{b:?}");
    }

    #[test]
    fn a_sentence_ending_on_a_line_far_wider_than_the_column_ends_its_paragraph() {
        let col = "The lines of this column are wrapped at one width, as columns are,\n";
        let wide = "This line runs on far past the column, as an extractor leaves a full-width span of the page.\nThe next paragraph starts here.";
        let text = format!("{}{wide}", col.repeat(24));
        let (b, _) = join(&text);
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(b[0].ends_with("span of the page."), "{b:?}");
        // Near misses: a wide line going on in lower case, or not ending a sentence.
        for wide in [
            "This line runs on far past the column, as an extractor leaves a full-width span of the page.\nand goes on.",
            "This line runs on far past the column, as an extractor leaves a full-width span of\nThe page.",
        ] {
            let (b, _) = join(&format!("{}{wide}", col.repeat(24)));
            assert_eq!(b.len(), 1, "{b:?}");
        }
    }

    #[test]
    fn a_short_title_before_a_line_opening_with_a_number_stays_a_title_in_hard_wrapped_chinese() {
        // Wrapped at a fixed column of thirty characters: the number's `word` ends where
        // the Chinese starts (`2021年`), so the title is no full line.
        let body = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十\n".repeat(24);
        let text = format!(
            "中华人民共和国反食品浪费法\n\n2021年4月29日第十三届全国人民代表大会常务委员会第二十\n八次会议通过\n\n第一条{body}完。"
        );
        let (b, _) = join(&text);
        assert_eq!(b[0], "中华人民共和国反食品浪费法", "{b:?}");
        assert!(
            b[1].starts_with("2021年") && b[1].ends_with("会议通过"),
            "{b:?}"
        );
        // Near miss: an English word keeps its apostrophe (`We’ll` is one word).
        assert_eq!(first_token("We’ll build"), "We’ll");
        assert_eq!(first_token("2021年4月"), "2021");
    }

    #[test]
    fn a_dash_ending_a_short_line_ends_its_paragraph_like_a_colon() {
        // Twenty characters a line; the dash line stops four short.
        let full = "一二三四五六七八九十一二三四五六七八九十";
        for gap in ["\n", "\n\n"] {
            let text = format!(
                "{full}\n{full}\n有更其直捷了当的说法在这里——{gap}想做奴隶而不得的时代，{full}\n完。"
            );
            let (b, _) = join(&text);
            assert_eq!(b.len(), 2, "{gap:?}: {b:?}");
            assert!(b[0].ends_with("说法在这里——"), "{b:?}");
        }
        // Near miss: a full line ending on a dash goes on (the dash fell at the wrap).
        let text = format!("{full}\n一二三四五六七八九十一二三四五六七八——\n接着说下去。");
        let (b, _) = join(&text);
        assert_eq!(b.len(), 1, "{b:?}");
    }

    #[test]
    fn a_title_case_line_before_an_indented_paragraph_is_a_heading() {
        let para = "    The paragraphs of this text start indented, and their lines are\nwrapped at one width, as a book sets them, until a sentence ends on\na full line of the column, which is where this one stops for good.\n";
        let text =
            format!("{para}Implementing Send and Sync Manually Is Unsafe\n{para}Summary\n{para}");
        let (b, _) = join(&text);
        assert!(
            b.contains(&"Implementing Send and Sync Manually Is Unsafe".to_string()),
            "{b:?}"
        );
        assert!(b.contains(&"Summary".to_string()), "{b:?}");
        assert_eq!(b.len(), 5, "{b:?}");
        // Near miss: without an indented paragraph after it, a line that wide is not
        // set apart by the indentation cue.
        let text =
            format!("{para}Implementing Send and Sync Manually Is Unsafe\nand so it goes on.\n");
        let (b, _) = join(&text);
        assert_eq!(b.len(), 1, "{b:?}");
    }

    #[test]
    fn dated_entries_apart_across_blank_lines() {
        let full = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";
        let text = format!(
            "{full}\n{full}\n{full}。\n\n1993年10月 31 日第八届全国人民代表大会常务委员会第四次会议通\n\n2009年8月27日第十一届全国人民代表大会常务委员会第十次会议《关于修\n改部分法律的决定》修正\n\n2017年2月24日第十二届全国人民代表大会常务委员会第二十六次会议修订\n"
        );
        let (b, _) = join(&text);
        assert_eq!(b.len(), 4, "{b:?}");
        assert!(
            b[2].starts_with("2009年") && b[2].ends_with("修正"),
            "{b:?}"
        );
        // Near miss: a sentence cut before a date, its block opening with no date,
        // goes on.
        let text =
            format!("{full}\n{full}\n本法由全国人民代表大会常务委员会于\n\n2021年4月29日通过。\n");
        let (b, _) = join(&text);
        assert_eq!(b.len(), 1, "{b:?}");
        assert!(opens_with_date("2009年8月27日"));
        assert!(opens_with_date("1993年10月 31 日"));
        assert!(!opens_with_date("2023年的报告"));
        assert!(!opens_with_date("123年5月"));
    }

    #[test]
    fn han_and_latin_joined_with_a_space_where_the_document_spaces_them() {
        let full = "一二三四五六七八九十一二三四五六七八九十";
        // This document writes `运行 cargo build 时`: a break between Han and Latin
        // gets the space back.
        let text =
            "运行 cargo build 时采用的 dev 配置和运行的\nrelease 配置，都在 Cargo.toml 里。\n";
        let (b, _) = join(text);
        assert_eq!(
            b,
            ["运行 cargo build 时采用的 dev 配置和运行的 release 配置，都在 Cargo.toml 里。"]
        );
        // Near miss: a document that sets them tight (`运行cargo时`) stays tight.
        let text =
            format!("{full}运行cargo时采用dev配置和运行的\nrelease配置，都在Cargo.toml里。\n");
        let (b, _) = join(&text);
        assert!(b[0].contains("运行的release配置"), "{b:?}");
    }

    #[test]
    fn a_short_title_case_line_between_a_finished_sentence_and_a_capital_is_a_heading() {
        let para = "The paragraphs of this text are neither indented nor set apart, and\ntheir lines are wrapped at one width until a sentence ends on a full\nline of the column, which is where this paragraph of the text stops.\n";
        let text = format!("{para}Implementing Send and Sync Manually Is Unsafe\n{para}");
        let (b, _) = join(&text);
        assert_eq!(b.len(), 3, "{b:?}");
        assert_eq!(b[1], "Implementing Send and Sync Manually Is Unsafe");
        // Near miss: a line in sentence case that short goes on with its paragraph.
        let text = format!("{para}Implementing send and sync by hand is unsafe\n{para}");
        let (b, _) = join(&text);
        assert!(
            !b.contains(&"Implementing send and sync by hand is unsafe".to_string()),
            "{b:?}"
        );
    }

    #[test]
    fn a_short_chinese_line_between_a_finished_sentence_and_more_text_is_a_heading() {
        let full = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";
        let text = format!("{full}\n{full}\n{full}\n{full}。\n裁判要旨\n{full}\n{full}。\n");
        let (b, _) = join(&text);
        assert_eq!(b.len(), 3, "{b:?}");
        assert_eq!(b[1], "裁判要旨");
        // Near miss: what follows goes on from it (`，`): a cut sentence, joined.
        let text = format!("{full}\n{full}。\n裁判要旨\n，{full}。\n");
        let (b, _) = join(&text);
        assert!(!b.contains(&"裁判要旨".to_string()), "{b:?}");
    }

    #[test]
    fn review_near_misses_stay_joined() {
        // A full-width abstract wrapped wider than the columns under it: its sentences
        // end on lines as wide as the next, so it stays one paragraph.
        let wide = "This abstract spans the whole page and is wrapped at the width of the page, not the column.";
        let narrow = "The columns under it are wrapped narrower, as\n".repeat(24);
        let text = format!("{wide}\n{wide}\n{wide}\n{wide}\n\n{narrow}");
        let (b, _) = join(&text);
        assert_eq!(b.len(), 2, "{b:?}");
        // A dash before lower case goes on.
        let line =
            "The line of a paragraph, wrapped at one width, runs on to here and\n".repeat(24);
        let text = format!("{line}kept its eyes on the dog, as it always did—\nin short, the matter was settled.\n");
        let (b, _) = join(&text);
        assert_eq!(b.len(), 1, "{b:?}");
        // A paragraph's last words closing a bracket are no heading, indented
        // paragraph after them or not.
        let para = "    The paragraphs of this text start indented, and their lines are\nwrapped at one width, as a book sets them, until a sentence ends on\na full line of the column, which is where this one stops for good.\n";
        let text = format!("{para}See Smith and Jones (2019) [12]\n{para}");
        let (b, _) = join(&text);
        assert_eq!(b.len(), 2, "{b:?}");
        let full = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";
        let text = format!("{full}\n{full}。\n详见附件一（略）\n{full}\n{full}。\n");
        let (b, _) = join(&text);
        assert!(!b.contains(&"详见附件一（略）".to_string()), "{b:?}");
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
    fn an_item_that_stops_short_ends_before_a_capital() {
        let (lines, _) = join("Set aside time regularly to make sure your content\nworks for users. If you’re not sure where to start,\ncheck your web analytics to identify:\n• Common user flows within your site\nYou can also review:\n• User feedback from surveys, call center\nlogs, and support emails\n• Recurring themes from channels like\nTwitter, Facebook, and tech blogs");
        assert_eq!(
            lines,
            [
                "Set aside time regularly to make sure your content works for users. If you’re not sure where to start, check your web analytics to identify:",
                "• Common user flows within your site",
                "You can also review:",
                "• User feedback from surveys, call center logs, and support emails",
                "• Recurring themes from channels like Twitter, Facebook, and tech blogs"
            ]
        );
    }

    #[test]
    fn a_single_latin_word_is_a_heading_not_half_a_title() {
        let (b, rules) = join("Basics\nDo the hard work to make it simple\n\nUse short sentences.");
        assert_eq!(
            b,
            [
                "Basics",
                "Do the hard work to make it simple",
                "Use short sentences."
            ]
        );
        assert!(!rules.contains(&"J204"));
        // Two short lines of a Chinese title still make one.
        let (b, _) = join("比学赶超\n再谱新篇\n\n正文开始。");
        assert_eq!(b[0], "比学赶超 再谱新篇");
    }

    #[test]
    fn rows_of_dealt_columns_keep_their_headings() {
        // After interleaved columns are dealt, the blank line before each row is a cut
        // (not a paragraph break): a short heading-like row after a finished sentence
        // is still a heading, and a full row is no title to join to it.
        let mut src = crate::read::read_text(
            "想全面了解它的所有功能，请查看官方文档。\n\n采用发布配置自定义构建\n\n在 Rust 中，发布配置是预定义且可定制的配\n\n置文件集。",
        );
        for l in src.pages[0].lines.iter_mut().skip(1) {
            l.cut = true;
        }
        let mut cx = StageCx::default();
        let out = JoinBrokenLines.run(src, &mut cx).unwrap();
        let b: Vec<&str> = out
            .lines()
            .filter(|l| !l.is_blank())
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(
            b,
            [
                "想全面了解它的所有功能，请查看官方文档。",
                "采用发布配置自定义构建",
                "在 Rust 中，发布配置是预定义且可定制的配置文件集。"
            ]
        );
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

    #[test]
    fn one_line_per_paragraph_kept_apart_and_cuts_joined_mid_word() {
        let long = "word ".repeat(40);
        let text = format!(
            "Title Line\n{long}first paragraph ends.\n{long}the second one is cut in the mid\n\ndle of a word and goes on.\n{long}third.\n{long}fourth, with the middle of it.\n{long}fifth.\n"
        );
        let (b, rules) = join(&text);
        assert_eq!(b.len(), 6, "{b:?}");
        assert!(b[2].contains("in the middle of a word"), "{}", b[2]);
        assert!(rules.contains(&"J202"));
    }

    #[test]
    fn cut_at_a_space_keeps_the_space() {
        let long = "word ".repeat(40);
        let text = format!("{long}ends here in the \n\nmiddle of it.\n{long}more middle here.\n");
        let (b, _) = join(&text);
        assert!(b[0].ends_with("in the middle of it."), "{}", b[0]);
    }

    #[test]
    fn hyphens_soft_in_words_kept_in_compounds() {
        let text = "Objects are everywhere in object code; an object is data.\nWe write object-\noriented code. Computers are comput-\ners. It is sim-\nply so. A hard-to-track-\ndown bug. Information and infor-\nmation.";
        let (b, _) = join(text);
        let t = &b[0];
        assert!(t.contains("object-oriented"), "{t}");
        assert!(t.contains("computers."), "{t}");
        assert!(t.contains("simply"), "{t}");
        assert!(t.contains("hard-to-track-down"), "{t}");
        assert!(t.contains("and information."), "{t}");
        // A half shared with another compound of the document: a compound too. Near
        // miss: a short part (`re-`) says nothing.
        let text = "Plant trees in the school-yards and the re-entry halls, and the barren farm-\nyards will profit. They re-\norganize.";
        let (b, _) = join(text);
        assert!(b[0].contains("barren farm-yards will"), "{}", b[0]);
        assert!(b[0].contains("They reorganize."), "{}", b[0]);
        // Neither half seen elsewhere: the English word list decides.
        let (b, _) = join("An object-\noriented design keeps infor-\nmation hidden.");
        assert_eq!(b[0], "An object-oriented design keeps information hidden.");
        // Near miss: `real-time` elsewhere says nothing of `real-` + `ity`.
        let (b, _) = join("Real-time systems meet their real-\nity of daily work.");
        assert_eq!(b[0], "Real-time systems meet their reality of daily work.");
    }

    #[test]
    fn lone_bullet_joined_to_its_item_but_not_to_another_bullet() {
        let (b, rules) = join("Some points:\n•\nfirst point\n•\n• second point");
        assert_eq!(b, ["Some points:", "• first point", "•", "• second point"]);
        assert_eq!(rules, ["J205"]);
    }

    #[test]
    fn heading_cut_in_two_joined_where_it_stands_whole_elsewhere() {
        let (b, rules) = join("基本案情\n\n正文一。\n\n基本\n\n案情\n\n正文二。");
        assert_eq!(b, ["基本案情", "正文一。", "基本案情", "正文二。"]);
        assert_eq!(rules, ["J206"]);
        // Not attested: two headings stay two.
        let (b, _) = join("正文一。\n\n裁判\n\n要旨\n\n正文二。");
        assert_eq!(b.len(), 4);
    }

    #[test]
    fn fixed_width_wrap_ends_paragraph_where_the_next_word_would_fit() {
        // Wrapped at 40 columns: a line that stops where the next word would still
        // have fitted ends its paragraph.
        let words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon";
        let mut text = String::new();
        for _ in 0..3 {
            let mut line = String::new();
            for w in words.split(' ') {
                if line.len() + 1 + w.len() > 40 {
                    text.push_str(&line);
                    text.push('\n');
                    line.clear();
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(w);
            }
            text.push_str(&line);
            text.push_str(" end.\nShort one.\n");
        }
        let (b, _) = join(&text);
        assert_eq!(b.len(), 6, "{b:?}");
        assert!(b[0].ends_with("upsilon end."));
        assert_eq!(b[1], "Short one.");
    }

    #[test]
    fn chinese_division_marker_starts_a_paragraph() {
        let full = "国家倡导文明、健康、节约资源、保护环境的消费方式。";
        let text = format!("{full}\n第四条各级人民政府应当加强领导，\n确保工作落实。");
        let (b, _) = join(&text);
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(b[1].starts_with("第四条"));
    }

    #[test]
    fn a_cited_clause_at_a_line_start_goes_on_its_sentence() {
        // A page break between `第一百四十八条` and `第二款`: a citation, wrapped.
        let text = "消费者主张生产者或者经营者依据食品安全法第一百四十八条\n\n第二款规定承担惩罚性赔偿责任的，人民法院不予支持。";
        let (b, _) = join(text);
        assert_eq!(b.len(), 1, "{b:?}");
    }

    #[test]
    fn title_and_subtitle_in_different_case_kept_apart() {
        let (b, _) = join("ARBOR DAY LEAVES\nReadings for Arbor Day\n\nText.");
        assert_eq!(b[0], "ARBOR DAY LEAVES");
        assert_eq!(b[1], "Readings for Arbor Day");
    }

    #[test]
    fn list_item_ends_where_a_capital_follows_a_finished_sentence() {
        let long = "word ".repeat(18);
        let text = format!("Rules of thumb:\n\n• If it is parallel, {long}threads are a\nbetter choice.\nAnd if you need both, {long}you can mix them.");
        let (b, _) = join(&text);
        assert_eq!(b.len(), 3, "{b:?}");
        assert!(b[1].ends_with("better choice."));
    }
}
