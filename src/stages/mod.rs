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
use crate::source::Source;

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
    ("V601", "code kept as a preformatted block: three or more lines with tokens prose does not have (`{`, `}`, `=`, `->`, `::`, `//`, a `;` after a call), line breaks and indentation as printed"),
    ("V602", "indented verse kept as a block quote with its line breaks: three or more short lines at one left edge, deeper than the body and its paragraph indents"),
    ("J201", "line break inside a paragraph joined (no space between Chinese characters, one between words)"),
    ("J202", "blank line inside a sentence or word joined: the text before it cannot end a paragraph"),
    ("J203", "end-of-line hyphen removed: the joined word occurs elsewhere in the document, or the break is plainly mid-word (a half that is no word, a bound prefix or suffix); kept for compounds such as `message-passing`"),
    ("J204", "title broken over two lines joined into one line"),
    ("J205", "bullet standing alone on its line joined to its item's text; a run of bullets printed before their items (`pdftotext` reads the bullet column apart) is dealt to the items in order"),
    ("J206", "heading cut in two by a blank line or page break joined: the whole heading stands elsewhere in the document"),
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
        src = stage.run(src, &mut cx)?;
    }
    Ok((src, cx.changes))
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
