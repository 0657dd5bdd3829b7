//! The mending stages: named, pure steps folded over the [`Source`], in a fixed order.
//! Each records what it changed in the [`StageCx`] with a stable rule code.

mod bullet_runs;
mod columns;
mod fit;
mod interleave;
mod join;
mod normalize;
mod page_artifacts;
mod reading_order;
mod verbatim;

pub use columns::Columns;
pub use interleave::InterleavedColumns;
pub use join::JoinBrokenLines;
pub use normalize::Normalize;
pub use page_artifacts::PageArtifacts;
pub use reading_order::ReadingOrder;
pub use verbatim::VerbatimBlocks;

use std::borrow::Cow;

use crate::error::Result;
use crate::report::{Change, Span};
use crate::source::{push_block, Line, Page, Source};

/// One mending step.
pub trait Stage: Sync {
    /// The stage's id, as used by reports and `--skip` (`join-broken-lines`).
    fn id(&self) -> &'static str;
    /// Run the stage on a source, recording changes in `cx`.
    fn run(&self, src: Source, cx: &mut StageCx) -> Result<Source>;
}

/// What a stage can record while it runs.
#[derive(Debug, Default)]
pub struct StageCx {
    stage: &'static str,
    /// All changes so far, in order.
    pub changes: Vec<Change>,
}

impl StageCx {
    /// Record a change made by the running stage under `rule`.
    pub fn change(
        &mut self,
        rule: &'static str,
        span: Span,
        before: impl Into<Cow<'static, str>>,
        after: impl Into<Cow<'static, str>>,
    ) {
        self.changes.push(Change {
            stage: self.stage,
            rule,
            span,
            before: before.into(),
            after: after.into(),
        });
    }
}

/// All stages, in the order they run.
pub static STAGES: &[&dyn Stage] = &[
    &Columns,
    &Normalize,
    &PageArtifacts,
    &InterleavedColumns,
    &VerbatimBlocks,
    &JoinBrokenLines,
    &ReadingOrder,
];

/// The rule codes and their one-line explanations (`docmend explain CODE`).
pub static RULES: &[(&str, &str)] = &[
    ("C501", "two columns side by side (`pdftotext -layout`) split at the gutter: the left column is read first, then the right"),
    ("C502", "pieces of two columns interleaved by the extractor (row by row) dealt back into the left column, then the right, by how well each piece continues the one before it"),
    ("U401", "spaces between Han characters removed (OCR and extractors put them there)"),
    ("U402", "soft hyphen (U+00AD) removed"),
    ("U403", "control character removed"),
    ("U404", "byte-order mark (U+FEFF) inside the text removed: it marks where two files were joined"),
    ("P101", "page-number line removed (`- 12 -`, `— 12 —`, `· 12 ·`, `第 3 页`, `第12页 共30页`, `Page 3 of 9`, `12/30`, a lone number or roman numeral at a page edge)"),
    ("P102", "running header or footer removed (a line repeated at page edges, odd/even alternation, or a variant of one with a number in it); a title under a header with the same text is kept"),
    ("P103", "page number removed from the end of a page's last line, where the extractor printed the footer beside the text (`… the av -1-`); only a decorated number that fits the page numbers removed on other pages"),
    ("V601", "code kept as a preformatted block: three or more lines with tokens prose does not have (`{`, `}`, `=`, `->`, `::`, `//`, a `;` after a call), line breaks and indentation as printed"),
    ("V602", "indented verse kept as a block quote with its line breaks: three or more short lines at one left edge, deeper than the body and its paragraph indents"),
    ("J201", "line break inside a paragraph joined (no space between Chinese characters, one between words)"),
    ("J202", "blank line inside a sentence or word joined: the text before it cannot end a paragraph"),
    ("J203", "end-of-line hyphen removed: the joined word occurs elsewhere in the document or is an English word (`infor-mation`), or the break is plainly mid-word (a half that is no word, a bound prefix or suffix); kept for compounds such as `message-passing`, `object-oriented` (two English words that make none) and `farm-yards` beside `school-yards`"),
    ("J204", "title broken over two lines joined into one line: two short title lines in one case style, with a space; or a long title wrapped in a narrow column (a line as wide as the column, then the title-like line before a byline), as a wrapped line is joined"),
    ("J205", "bullet standing alone on its line joined to its item's text; a run of bullets printed before their items (`pdftotext` reads the bullet column apart) is dealt to the items in order"),
    ("J207", "hyphen put back into a compound that `pdftotext` ran together where it broke a line at its hyphen (`realworld` → `real-world`): in a line two or three printed lines wide, near where the first printed line ended, a word that is no English word and splits into a compound the document writes elsewhere (`rocksolid` beside `rock-solid`), or, where the document does not use it twice, one way only into two words of four letters or more, the second no word-forming ending (`-lets`, `-ward`, `-able`)"),
    ("J206", "heading cut in two by a blank line or page break joined: the whole heading stands elsewhere in the document"),
    ("O302", "orphan tail joined: a block that opens in mid-sentence (lower case, or `，`) after one that closed is the tail of a sentence whose head stands elsewhere; the open head that fits it best (the document's words and Han n-grams across the join; the nearest of equals, within 60 blocks; a head that stops on a comma or inside a word) moves to the tail and the two join"),
    ("O301", "orphan fragment moved: an article's body started with the tail of a sentence whose head ended the article, so its first page moves back to the front (preferring a page break as the start) and the tail joins its head"),
];

/// Look up the explanation of a rule code.
pub fn explain(code: &str) -> Option<&'static str> {
    RULES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, e)| *e)
}

/// Run `stages` in order (skipping ids in `skip`), returning the mended source and
/// every change made.
pub fn run_stages(mut src: Source, skip: &[String]) -> Result<(Source, Vec<Change>)> {
    let mut cx = StageCx::default();
    for stage in STAGES {
        if skip.iter().any(|s| s == stage.id()) {
            continue;
        }
        cx.stage = stage.id();
        src = crate::pipeline::timed(stage.id(), || stage.run(src, &mut cx))?;
    }
    Ok((src, cx.changes))
}

/// Text per segment when a large document is mended in segments (see
/// [`run_stages_segmented`]).
pub const SEGMENT_BYTES: usize = 1 << 20;

/// Mend a large document in segments of about [`SEGMENT_BYTES`] of text, side by side on
/// all threads, and put the results back together. Mending one document is otherwise
/// sequential; a megabyte of text is plenty for every statistic the stages gather
/// (wrap widths, words, Han n-grams, running headers across hundreds of pages).
/// Segments end at a page break, or at a blank line after a finished sentence, so no
/// paragraph spans two of them. A document under two segments, or with a stage skipped
/// that leaves lines unjoined, is mended whole, as by [`run_stages`]. On one thread the
/// segments run one after another, and the result is the same.
pub fn run_stages_segmented(src: Source, skip: &[String]) -> Result<(Source, Vec<Change>)> {
    use rayon::prelude::*;
    let bytes: usize = src.lines().map(|l| l.text.len() + 1).sum();
    let joined = !skip.iter().any(|s| s == "join-broken-lines");
    // (However many threads there are: the output must not depend on them, and a
    // megabyte's statistics are the ones the rules are tuned on.)
    if !joined || bytes < 2 * SEGMENT_BYTES {
        return run_stages(src, skip);
    }
    let lang = src.lang;
    let segments = split_segments(src, SEGMENT_BYTES);
    let done: Vec<Result<(Source, Vec<Change>)>> = segments
        .into_par_iter()
        .map(|seg| run_stages(seg, skip))
        .collect();
    let done = done.into_iter().collect::<Result<Vec<_>>>()?;
    // Sized once: grown by doubling, these vectors of hundreds of megabytes were
    // copied into fresh pages again and again.
    let n: usize = done
        .iter()
        .flat_map(|(s, _)| &s.pages)
        .map(|p| p.lines.len())
        .sum();
    let mut lines = Vec::with_capacity(n + done.len());
    let mut changes = Vec::with_capacity(done.iter().map(|(_, c)| c.len()).sum());
    for (s, c) in done {
        for l in s.pages.into_iter().flat_map(|p| p.lines) {
            if !l.is_blank() {
                push_block(&mut lines, l);
            }
        }
        changes.extend(c);
    }
    Ok((
        Source {
            pages: vec![Page { lines }],
            lang,
        },
        changes,
    ))
}

/// Cut `src` into segments of at least `target` bytes of text: after a page once that
/// much has gathered, or inside a long page at a blank line that follows a finished
/// sentence (or, failing one within twice `target`, at any blank line).
fn split_segments(src: Source, target: usize) -> Vec<Source> {
    let lang = src.lang;
    let mut out: Vec<Source> = Vec::new();
    let mut cur: Vec<Page> = Vec::new();
    let mut size = 0usize;
    let flush = |cur: &mut Vec<Page>, size: &mut usize, out: &mut Vec<Source>| {
        if !cur.is_empty() {
            out.push(Source {
                pages: std::mem::take(cur),
                lang,
            });
        }
        *size = 0;
    };
    for page in src.pages {
        let mut lines: Vec<Line> = Vec::new();
        let mut prev_sentence_end = false;
        for line in page.lines {
            let blank = line.is_blank();
            let cut = blank
                && !lines.is_empty()
                && (size >= target && prev_sentence_end || size >= 2 * target);
            if cut {
                cur.push(Page {
                    lines: std::mem::take(&mut lines),
                });
                flush(&mut cur, &mut size, &mut out);
            }
            if !blank {
                size += line.text.len() + 1;
                prev_sentence_end = crate::classify::ends_sentence(&line.text);
            }
            lines.push(line);
        }
        cur.push(Page { lines });
        if size >= target {
            flush(&mut cur, &mut size, &mut out);
        }
    }
    flush(&mut cur, &mut size, &mut out);
    out
}

/// Run stages over a text, as the tests of each stage do: the non-blank lines after,
/// and the rule of every change made.
#[cfg(test)]
pub(crate) fn run_on(stages: &[&dyn Stage], text: &str) -> (Vec<String>, Vec<&'static str>) {
    let mut cx = StageCx::default();
    let mut src = crate::read::read_text(text);
    for stage in stages {
        cx.stage = stage.id();
        src = stage.run(src, &mut cx).expect("stage");
    }
    (
        src.lines()
            .filter(|l| !l.is_blank())
            .map(|l| l.text.clone())
            .collect(),
        cx.changes.iter().map(|c| c.rule).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &Source) -> Vec<String> {
        src.lines().map(|l| l.text.clone()).collect()
    }

    #[test]
    fn segments_keep_every_line_and_end_after_a_sentence() {
        // Paragraphs of three lines, the last ending a sentence, between blank lines;
        // some blank lines fall inside a sentence.
        let mut text = String::new();
        for k in 0..400 {
            text.push_str(&format!("Paragraph {k} starts here and runs on\n"));
            text.push_str("over a second line that goes on without\n");
            if k % 3 == 0 {
                text.push_str("\nend, cut by a blank line, before it ends.\n\n");
            } else {
                text.push_str("a full stop at the end of this line.\n\n");
            }
        }
        let src = crate::read::read_text(&text);
        let all = texts(&src);
        let segs = split_segments(src, 2_000);
        assert!(segs.len() > 5, "{}", segs.len());
        let joined: Vec<String> = segs.iter().flat_map(texts).collect();
        assert_eq!(joined, all);
        for s in &segs[..segs.len() - 1] {
            let last = s.lines().filter(|l| !l.is_blank()).last().unwrap();
            assert!(last.text.ends_with('.'), "{}", last.text);
        }
    }

    #[test]
    fn pages_stay_whole_in_segments() {
        let text = "A page of text that ends here.\n\u{c}".repeat(50);
        let src = crate::read::read_text(&text);
        let pages = src.pages.len();
        let segs = split_segments(src, 100);
        assert!(segs.len() > 1);
        assert_eq!(segs.iter().map(|s| s.pages.len()).sum::<usize>(), pages);
    }

    #[test]
    fn segments_start_where_paragraphs_start() {
        // Where a segment begins, the document mended whole begins a block too.
        for zh in [true, false] {
            let text = crate::gen::broken_dump(zh, 200_000);
            let (whole, _) = run_stages(crate::read::read_text(&text), &[]).unwrap();
            let segs = split_segments(crate::read::read_text(&text), 40_000);
            assert!(segs.len() >= 3);
            for seg in &segs[1..] {
                // (Its first words: a hyphen at its end may have gone.)
                let first: String = seg
                    .lines()
                    .find(|l| !l.is_blank())
                    .unwrap()
                    .text
                    .trim()
                    .chars()
                    .take(16)
                    .collect();
                assert!(whole.lines().any(|b| b.text.starts_with(&first)), "{first}");
            }
        }
    }

    #[test]
    fn threads_do_not_change_the_result() {
        let text = crate::gen::broken_dump(true, 3 * SEGMENT_BYTES);
        let on = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| run_stages_segmented(crate::read::read_text(&text), &[]).unwrap())
        };
        let (one, two) = (on(1), on(2));
        assert_eq!(texts(&one.0), texts(&two.0));
        assert_eq!(one.1, two.1);
    }

    #[test]
    fn small_documents_are_mended_whole() {
        let text = crate::gen::broken_dump(true, 20_000);
        let whole = run_stages(crate::read::read_text(&text), &[]).unwrap();
        let seg = run_stages_segmented(crate::read::read_text(&text), &[]).unwrap();
        assert_eq!(texts(&whole.0), texts(&seg.0));
        assert_eq!(whole.1.len(), seg.1.len());
    }
}
