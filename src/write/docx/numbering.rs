//! Real list numbering (`word/numbering.xml`): one `w:abstractNum` per kind of
//! list and label, one `w:num` per list with a start override, so every list
//! restarts at its own first number.

use docx_rs::{
    AbstractNumbering, Docx, Level, LevelJc, LevelOverride, LevelSuffixType, LevelText,
    NumberFormat, Numbering, SpecialIndentType, Start,
};

use super::Metrics;
use crate::doc::{List, ListKind};

/// docx-rs always writes abstractNum 1 and num 1 itself: ours start at 2.
const FIRST_ID: usize = 2;
/// Word's largest start value.
const MAX_START: u32 = 32767;
/// Word's deepest list level (`w:ilvl` 0–8).
pub(super) const MAX_DEPTH: usize = 8;

/// The lists of one document, in order.
pub(super) struct Lists<'a> {
    metrics: &'a Metrics,
    /// `(kind, level text, nesting depth)`; the abstractNum id is `FIRST_ID + index`.
    abstracts: Vec<(ListKind, String, usize)>,
    /// `(abstract index, start, depth)`; the num id is `FIRST_ID + index`.
    nums: Vec<(usize, u32, usize)>,
}

impl<'a> Lists<'a> {
    pub(super) fn new(metrics: &'a Metrics) -> Self {
        Lists {
            metrics,
            abstracts: Vec::new(),
            nums: Vec::new(),
        }
    }

    /// Registers a list nested `depth` lists deep (0: top level); returns its
    /// `w:numId`, or `None` for a list without items. A nested list is numbered at
    /// `w:ilvl` = depth, so Word indents it and readers (pandoc) see the nesting.
    pub(super) fn add(&mut self, list: &List, depth: usize) -> Option<usize> {
        let first = list.items.first()?;
        let depth = depth.min(MAX_DEPTH);
        let key = (list.kind, level_text(list.kind, &first.marker), depth);
        let abs = match self.abstracts.iter().position(|a| *a == key) {
            Some(i) => i,
            None => {
                self.abstracts.push(key);
                self.abstracts.len() - 1
            }
        };
        self.nums.push((abs, list.start.min(MAX_START), depth));
        Some(FIRST_ID + self.nums.len() - 1)
    }

    /// Adds the numbering definitions to the document.
    pub(super) fn install(self, mut docx: Docx) -> Docx {
        for (i, (kind, text, depth)) in self.abstracts.iter().enumerate() {
            let level = level(*kind, text, *depth, self.metrics);
            docx =
                docx.add_abstract_numbering(AbstractNumbering::new(FIRST_ID + i).add_level(level));
        }
        for (i, &(abs, start, depth)) in self.nums.iter().enumerate() {
            let num = Numbering::new(FIRST_ID + i, FIRST_ID + abs)
                .add_override(LevelOverride::new(depth).start(start as usize));
            docx = docx.add_numbering(num);
        }
        docx
    }
}

/// The `w:numFmt` of a list kind.
fn number_format(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Bullet => "bullet",
        ListKind::Decimal => "decimal",
        ListKind::ChineseCounting => "chineseCounting",
        ListKind::CircledDecimal => "decimalEnclosedCircle",
        ListKind::LowerAlpha => "lowerLetter",
        ListKind::LowerRoman => "lowerRoman",
    }
}

/// The level `depth` of an abstractNum. Labels ending in Chinese punctuation (`一、`,
/// `（1）`) sit inline like the source's, after a two-character first-line
/// indent; other labels hang in front of the text. Each level of nesting indents
/// two more characters.
fn level(kind: ListKind, text: &str, depth: usize, m: &Metrics) -> Level {
    let nest = m.chars(2).saturating_mul(depth as i32);
    let level = Level::new(
        depth,
        Start::new(1),
        NumberFormat::new(number_format(kind)),
        LevelText::new(text),
        LevelJc::new("left"),
    );
    if is_inline_label(text) {
        level
            .indent(
                Some(nest),
                Some(SpecialIndentType::FirstLine(m.chars(2))),
                None,
                None,
            )
            .suffix(LevelSuffixType::Nothing)
    } else {
        let hang = m.chars(if label_units(text) <= 3 { 2 } else { 3 });
        level.indent(
            Some(nest.saturating_add(hang)),
            Some(SpecialIndentType::Hanging(hang)),
            None,
            None,
        )
    }
}

/// Does the label end in full-width (CJK) punctuation?
fn is_inline_label(text: &str) -> bool {
    text.chars().last().is_some_and(is_wide)
}

fn is_wide(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF60}' | '\u{FE30}'..='\u{FE4F}')
}

/// The label's width in half-width units, counting `%1` as two digits.
fn label_units(text: &str) -> usize {
    text.replace("%1", "99")
        .chars()
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum()
}

/// The `w:lvlText` for a list, keeping the source's punctuation around the
/// number: `1、` → `%1、`, `(1)` → `(%1)`, `（一）` → `（%1）`; bullets keep their
/// symbol. The result never holds markup characters (docx-rs writes it unescaped)
/// nor a `%` other than the `%1` placeholder.
pub(super) fn level_text(kind: ListKind, marker: &str) -> String {
    let marker = marker.trim();
    if kind == ListKind::Bullet {
        return bullet_text(marker);
    }
    let default = match kind {
        ListKind::ChineseCounting => "%1、",
        ListKind::CircledDecimal => "%1",
        _ => "%1.",
    };
    let Some(start) = marker.find(|c| is_counter(kind, c)) else {
        return default.to_owned();
    };
    let rest = &marker[start..];
    let end = rest
        .find(|c| !is_counter(kind, c))
        .map_or(marker.len(), |e| start + e);
    format!(
        "{}%1{}",
        punctuation(&marker[..start]),
        punctuation(&marker[end..])
    )
}

/// The bullet symbol: the source's when it is one non-ASCII symbol (`▪`, `●`),
/// else `•` (also for the ASCII `-`, `*`, `+` of plain-text lists).
fn bullet_text(marker: &str) -> String {
    let mut chars = marker.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_ascii() && is_mark(c) => c.to_string(),
        _ => "•".to_owned(),
    }
}

/// Could `c` be part of the number in a marker of this kind?
fn is_counter(kind: ListKind, c: char) -> bool {
    match kind {
        ListKind::Bullet => false,
        ListKind::Decimal => c.is_ascii_digit() || ('０'..='９').contains(&c),
        ListKind::ChineseCounting => {
            "〇零一二三四五六七八九十百千两壹贰叁肆伍陆柒捌玖拾".contains(c)
        }
        ListKind::CircledDecimal => matches!(c,
            '\u{2460}'..='\u{2473}' | '\u{24EA}' | '\u{24F5}'..='\u{24FE}'
            | '\u{2776}'..='\u{2793}' | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}'),
        ListKind::LowerAlpha => c.is_ascii_alphabetic() || ('ａ'..='ｚ').contains(&c),
        ListKind::LowerRoman => "ivxlcdmIVXLCDM".contains(c),
    }
}

/// The punctuation around a number, at most three marks (see `is_mark`):
/// letters, digits, spaces, controls, `%` and XML markup characters are dropped.
fn punctuation(s: &str) -> String {
    s.chars().filter(|&c| is_mark(c)).take(3).collect()
}

/// A visible punctuation mark or symbol that XML can hold unescaped and that
/// Word does not read as a level placeholder (`%`).
fn is_mark(c: char) -> bool {
    !c.is_alphanumeric()
        && !c.is_whitespace()
        && !c.is_control()
        && !matches!(c,
            '%' | '<' | '>' | '&' | '"' | '\''
            // Invisible format characters and noncharacters.
            | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}' | '\u{FFF0}'..='\u{FFFF}')
}
