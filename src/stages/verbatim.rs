//! `verbatim`: runs of lines that must keep their line breaks, found before the join
//! stage would rebuild paragraphs from them: code (V601) and indented verse (V602).
//! Each run becomes one block whose lines are separated by `\n`; the join and reading
//! order stages leave such a block whole, and the structure pass makes it a
//! preformatted block or a block quote.
//!
//! Both rules are strict on purpose: prose must never be taken for either. Code is
//! three or more ASCII lines, starting with and at least half of them holding a token
//! prose does not have (`{`, `}`, `=`, `->`, `::`, `//`, a `;` after a call), the
//! others indented inside them. Verse is three or more lines set deeper than both the
//! body and its paragraph indents, starting at one left edge (centred lines do not),
//! and not a wrapped paragraph.

use super::{Stage, StageCx};
use crate::classify::{ends_sentence, list_marker, str_width};
use crate::error::Result;
use crate::report::Span;
use crate::source::{Line, Source, Verbatim};

/// The `verbatim` stage.
pub struct VerbatimBlocks;

/// Fewest lines in a code or verse run.
const MIN_RUN: usize = 3;

impl Stage for VerbatimBlocks {
    fn id(&self) -> &'static str {
        "verbatim"
    }

    fn run(&self, mut src: Source, cx: &mut StageCx) -> Result<Source> {
        let verse_indent = verse_indent(&src);
        for page in &mut src.pages {
            let lines = std::mem::take(&mut page.lines);
            page.lines = mark_runs(lines, verse_indent, cx);
        }
        Ok(src)
    }
}

/// The least indentation of a verse line: four cells deeper than the body, and
/// deeper than the first-line indent of paragraphs (Chinese `　　`, a book's em): a
/// line set in by up to eight cells and followed directly by a body line. The body's
/// indent is the one most text stands at, so a few short verse lines never outweigh it.
fn verse_indent(src: &Source) -> usize {
    let mut width_at: std::collections::BTreeMap<usize, usize> = Default::default();
    for l in src.lines().filter(|l| !l.is_blank()) {
        *width_at.entry(l.indent).or_default() += str_width(&l.text);
    }
    let body = width_at
        .iter()
        .max_by_key(|(&i, &w)| (w, std::cmp::Reverse(i)))
        .map_or(0, |(&i, _)| i);
    let mut first_lines: std::collections::BTreeMap<usize, usize> = Default::default();
    for page in &src.pages {
        for pair in page.lines.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let first_line = !a.is_blank() && !b.is_blank() && a.indent > body;
            if first_line && a.indent <= body + 8 && b.indent.abs_diff(body) <= 1 {
                *first_lines.entry(a.indent).or_default() += 1;
            }
        }
    }
    let para = first_lines
        .iter()
        .filter(|(_, &n)| n >= 2)
        .max_by_key(|(&i, &n)| (n, std::cmp::Reverse(i)))
        .map(|(&i, _)| i);
    match para {
        Some(p) => (body + 4).max(p + 2),
        None => body + 4,
    }
}

/// Does this line look like source code rather than prose?
pub(crate) fn code_like(text: &str) -> bool {
    let t = crate::classify::trim(text);
    if t.is_empty() {
        return false;
    }
    if matches!(t, "}" | "};" | "})" | "});" | "]" | "];" | ")" | ");" | "{") {
        return true;
    }
    // Every token below holds one of these bytes: most prose has none (this is asked
    // of every line, in one pass the compiler vectorises).
    if !t.bytes().fold(false, |a, b| {
        a | matches!(
            b,
            b'{' | b'}' | b'>' | b':' | b'=' | b'&' | b'|' | b';' | b'/' | b'<' | b'#'
        )
    }) {
        return false;
    }
    if !t.is_ascii() {
        // Characters counted from the bytes: ASCII ones, and the lead bytes of the
        // others (0xC0 and up; 0x80–0xBF continue a character).
        let (mut ascii, mut other) = (0usize, 0usize);
        for &x in t.as_bytes() {
            ascii += usize::from(x < 0x80);
            other += usize::from(x >= 0xC0);
        }
        if ascii * 10 < (ascii + other) * 9 {
            return false;
        }
    }
    // (A copy only where there is a URL to blank out.)
    let without_urls = if t.contains("://") {
        std::borrow::Cow::Owned(t.replace("://", " "))
    } else {
        std::borrow::Cow::Borrowed(t)
    };
    const TOKENS: [&str; 16] = [
        "{", "}", "->", "=>", "::", "==", "!=", "&&", "||", "();", "//", "/*", "*/", " = ", "+=",
        "</",
    ];
    TOKENS.iter().any(|tok| without_urls.contains(tok))
        || t.starts_with("#include")
        || t.starts_with("#!")
        || (t.ends_with(';') && (t.contains('(') || t.contains('=')))
}

/// A verse line: set at least `indent` deep, short of a wrapped line, no list item
/// and no code (`code`: is the line code-like).
fn verse_like(line: &Line, indent: usize, code: bool) -> bool {
    !line.is_blank() && line.indent >= indent && !code && list_marker(&line.text).is_none()
}

/// The non-blank lines of a run.
fn texts_of(run: &[Line]) -> Vec<&Line> {
    run.iter().filter(|l| !l.is_blank()).collect()
}

/// The run of lines starting at `start` that `fits`, allowing single blank lines
/// between fitting lines; returns the end (exclusive) and the number of text lines.
fn run_from(lines: &[Line], start: usize, fits: impl Fn(usize) -> bool) -> (usize, usize) {
    let (mut end, mut count) = (start, 0);
    let mut i = start;
    while i < lines.len() {
        if fits(i) {
            count += 1;
            i += 1;
            end = i;
        } else if lines[i].is_blank() && i + 1 < lines.len() && fits(i + 1) && count > 0 {
            i += 1;
        } else {
            break;
        }
    }
    (end, count)
}

/// Is a run of verse-like lines really a wrapped paragraph (an indented prose quote)?
/// Its lines but the last are all about as wide as the widest, most of them end
/// without punctuation (verse lines end in `，` `。` `,` or run on), and most of the
/// lines after the first go on in lower case (verse lines start with capitals).
fn wrapped_prose(run: &[&Line]) -> bool {
    let widths: Vec<usize> = run.iter().map(|l| str_width(&l.text)).collect();
    let max = widths.iter().copied().max().unwrap_or(0);
    let body = &run[..run.len() - 1];
    let even = widths[..body.len()].iter().all(|&w| w * 100 >= max * 85);
    let punctuated = body
        .iter()
        .filter(|l| ends_sentence(&l.text) || l.text.ends_with([',', '，', '、']))
        .count();
    let capitals = run[1..]
        .iter()
        .filter(|l| l.text.starts_with(|c: char| c.is_uppercase()))
        .count();
    even && punctuated * 2 < body.len() && capitals * 3 < (run.len() - 1) * 2
}

fn mark_runs(mut lines: Vec<Line>, verse_indent: usize, cx: &mut StageCx) -> Vec<Line> {
    // Each line is judged once; the runs below ask again and again.
    let code: Vec<bool> = lines.iter().map(|l| code_like(&l.text)).collect();
    let verse: Vec<bool> = lines
        .iter()
        .zip(&code)
        .map(|(l, &c)| verse_like(l, verse_indent, c))
        .collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.is_blank() {
            // Lines are only read from `i` on: what is behind can be moved out.
            out.push(std::mem::take(&mut lines[i]));
            i += 1;
            continue;
        }
        // Code: code-like lines, and the lines indented inside them.
        let base = line.indent;
        let (end, count) = run_from(&lines, i, |k| {
            let l = &lines[k];
            !l.is_blank() && (code[k] || l.indent > base && l.text.is_ascii())
        });
        let code_lines = code[i..end].iter().filter(|&&c| c).count();
        if code[i] && count >= MIN_RUN && code_lines >= 2 && code_lines * 2 >= count {
            out.push(block(&lines[i..end], Verbatim::Code, "V601", cx));
            i = end;
            continue;
        }
        // Verse: lines at one left edge, deeper than the body.
        let edge = line.indent;
        let (end, count) = run_from(&lines, i, |k| {
            verse[k] && lines[k].indent.abs_diff(edge) <= 2
        });
        // (Lines hanging under a list item's text are the item's, wrapped: `  - If
        // the work …` / `    bound), such as …`.)
        let hangs = || {
            out.last()
                .is_some_and(|prev: &Line| hangs_under(prev, line))
        };
        if verse[i] && count >= MIN_RUN && !hangs() && !wrapped_prose(&texts_of(&lines[i..end])) {
            out.push(block(&lines[i..end], Verbatim::Verse, "V602", cx));
            i = end;
            continue;
        }
        out.push(std::mem::take(&mut lines[i]));
        i += 1;
    }
    out
}

/// Does `line` hang under the text of `item`, a list item's line (indented to where
/// the item's text starts, as `pdftotext -layout` keeps a hanging indent)?
pub(crate) fn hangs_under(item: &Line, line: &Line) -> bool {
    list_marker(&item.text).is_some_and(|m| {
        let text_at = item.indent + str_width(&item.text[..m.len]);
        line.indent.abs_diff(text_at) <= 1
    })
}

/// One block of the run's lines, `\n` between them (an empty line for a blank one);
/// code keeps its indentation relative to the run's least indented line.
fn block(run: &[Line], kind: Verbatim, rule: &'static str, cx: &mut StageCx) -> Line {
    let min = run
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.indent)
        .min()
        .unwrap_or(0);
    let text = run
        .iter()
        .map(|l| match kind {
            Verbatim::Code if !l.is_blank() => {
                format!("{}{}", " ".repeat(l.indent - min), l.text)
            }
            _ => l.text.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (first, last) = (&run[0], &run[run.len() - 1]);
    let span = Span {
        end: last.span.end.max(first.span.start),
        ..first.span
    };
    let before = run
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    cx.change(rule, span, before, text.clone());
    Line {
        text,
        indent: min,
        span,
        trail: false,
        seam: first.seam,
        cut: first.cut,
        verbatim: Some(kind),
        full: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::run_on;

    #[test]
    fn code_keeps_its_lines_and_indentation() {
        let text = "The program reads:\n\nfn main() {\n    let x = 5;\n    println!(\"{x}\");\n}\n\nThat is all.";
        let (lines, rules) = run_on(&[&VerbatimBlocks], text);
        assert_eq!(rules, ["V601"]);
        assert!(
            lines.contains(&"fn main() {\n    let x = 5;\n    println!(\"{x}\");\n}".to_string())
        );
    }

    #[test]
    fn verse_keeps_its_line_breaks() {
        let text = "He wrote these lines on the tree he planted in the spring of that year:\n\n        Plant thou a tree,\n        And it will grow\n        When thou art gone.\n\nThe tree still stands by the road that runs down to the river and the mill.";
        let (lines, rules) = run_on(&[&VerbatimBlocks], text);
        assert_eq!(rules, ["V602"]);
        assert_eq!(
            lines[1],
            "Plant thou a tree,\nAnd it will grow\nWhen thou art gone."
        );
    }

    #[test]
    fn a_list_items_hanging_lines_are_no_verse() {
        // Short lines deep under the body, at one edge: but the edge is where the
        // item's text starts (`pdftotext -layout` keeps the hanging indent).
        let body = "The two kinds of work are best served by different tools, as the rules of thumb below say:\n\n";
        let item = "  - If the work is very parallelizable (that is, CPU-\n    bound), such as processing a bunch of data\n    where each part can be processed separately,\n    threads are a better choice.\n";
        let (_, rules) = run_on(&[&VerbatimBlocks], &format!("{body}{item}\n{body}"));
        assert!(rules.is_empty(), "{rules:?}");
        // The same lines after a plain line are verse.
        let verse = item.replacen("  - If", "    If", 1);
        let (_, rules) = run_on(&[&VerbatimBlocks], &format!("{body}{verse}\n{body}"));
        assert_eq!(rules, ["V602"]);
    }

    #[test]
    fn prose_centred_lines_and_paragraph_indents_are_left_alone() {
        // Chinese paragraphs indented by `　　`, short ones included.
        let zh = "　　第一段很短。\n　　第二段也短。\n　　第三段。\n　　第四段比较长，一直写到这一行的末尾为止，然后换行继续\n写下去。";
        assert!(run_on(&[&VerbatimBlocks], zh).1.is_empty());
        // Centred title lines start at different columns.
        let centred = "                 ANNUAL REPORT\n            of the Forestry Bureau\n                    2023\n\nThe year began well.";
        assert!(run_on(&[&VerbatimBlocks], centred).1.is_empty());
        // An indented prose quote wraps: it is a paragraph, joined later.
        let quote = "He said:\n\n        the forests of the state are its wealth and we must\n        keep them for those who come after us, as our fathers\n        kept them for us.\n\nEnd.";
        assert!(run_on(&[&VerbatimBlocks], quote).1.is_empty());
        // Prose with a URL, an equation and a list ending in semicolons.
        let prose = "See https://example.org/a for more.\nThe rule is simple: x = 5 here.\n- join broken lines;\n- drop page numbers;\n- keep the rest.";
        assert!(run_on(&[&VerbatimBlocks], prose).1.is_empty());
        assert!(!code_like("Tom & Jerry (the film); a classic"));
        assert!(code_like("let x = compute(y);"));
    }
}
