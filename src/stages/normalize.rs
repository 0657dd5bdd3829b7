//! `normalize`: per-line clean-up before anything else looks at the text: control
//! characters and soft hyphens out, and the spaces OCR engines put between Han characters.

use std::borrow::Cow;

use super::{Stage, StageCx};
use crate::classify::{is_cjk_punct, is_han};
use crate::error::Result;
use crate::report::Span;
use crate::source::Source;

/// The `normalize` stage.
pub struct Normalize;

impl Stage for Normalize {
    fn id(&self) -> &'static str {
        "normalize"
    }

    fn run(&self, mut src: Source, cx: &mut StageCx) -> Result<Source> {
        for line in src.pages.iter_mut().flat_map(|p| p.lines.iter_mut()) {
            let span = line.span;
            let mut text = remove_chars(&line.text, span, cx);
            if systematic_han_spacing(&text) {
                let joined = remove_han_spaces(&text);
                if joined != *text {
                    cx.change("U401", span, text.to_string(), joined.clone());
                    text = Cow::Owned(joined);
                }
            }
            // Most lines come through untouched: they keep their text.
            let trimmed = crate::classify::trim(&text);
            let new = (matches!(text, Cow::Owned(_)) || trimmed.len() != line.text.len())
                .then(|| trimmed.to_string());
            if let Some(new) = new {
                line.text = new;
            }
        }
        Ok(src)
    }
}

fn remove_chars<'a>(text: &'a str, span: Span, cx: &mut StageCx) -> Cow<'a, str> {
    if clean(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\u{AD}' {
            cx.change("U402", span, "\u{AD}", "");
        } else if c == '\u{FEFF}' {
            // A byte-order mark inside the text: the seam of two files joined.
            cx.change("U404", span, "\u{FEFF}", "");
        } else if c.is_control() && c != '\t' {
            cx.change("U403", span, c.to_string(), "");
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Does `remove_chars` remove this character: a control character but the tab, the
/// soft hyphen or U+FEFF?
fn removed(c: char) -> bool {
    c == '\u{AD}' || c == '\u{FEFF}' || (c.is_control() && c != '\t')
}

/// Is the text free of what `remove_chars` removes: control characters but the tab
/// (U+0000 to U+001F, U+007F to U+009F), the soft hyphen (U+00AD) and U+FEFF? Read by
/// bytes, in one pass the compiler vectorises: C2 leads U+0080 to U+00BF, and only
/// where one stands are the characters read; U+FEFF is EF BB BF.
fn clean(text: &str) -> bool {
    let b = text.as_bytes();
    let suspect = b.iter().fold(false, |a, &x| {
        a | (x < b' ' && x != b'\t') | (x == 0x7F) | (x == 0xC2)
    });
    if suspect {
        return !text.chars().any(removed);
    }
    !memchr::memchr_iter(0xEF, b).any(|i| b.get(i + 1..i + 3) == Some(&[0xBB, 0xBF]))
}

fn han_like(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Spaces between Han characters are OCR noise when they are systematic: several of
/// them, and at least one for every two unspaced Han pairs. A single space between
/// two phrases (`近赶潍坊 远学长沙`, a byline's name) is kept.
fn systematic_han_spacing(text: &str) -> bool {
    // No Han, or no space between anything: nothing to count.
    if text.is_ascii() || !text.contains(' ') {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut spaced, mut tight) = (0usize, 0usize);
    let mut i = 0;
    while i + 1 < chars.len() {
        if han_like(chars[i]) {
            if han_like(chars[i + 1]) {
                tight += 1;
            } else if chars[i + 1] == ' ' {
                let mut j = i + 1;
                while j < chars.len() && chars[j] == ' ' {
                    j += 1;
                }
                if j < chars.len() && han_like(chars[j]) {
                    spaced += 1;
                }
            }
        }
        i += 1;
    }
    spaced >= 2 && spaced * 2 >= tight
}

fn remove_han_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' {
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            if before.is_some_and(han_like) && after.is_some_and(han_like) {
                i = j;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read_text;
    use crate::stages::run_stages;

    #[test]
    fn clean_reads_bytes_as_the_characters_say() {
        let by_chars = |t: &str| !t.chars().any(removed);
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let t = format!("a{c}，中");
            assert_eq!(clean(&t), by_chars(&t), "{c:?}");
        }
    }

    fn norm(s: &str) -> (Vec<String>, StageCx) {
        let mut cx = StageCx::default();
        let src = Normalize.run(read_text(s), &mut cx).unwrap();
        (src.lines().map(|l| l.text.clone()).collect(), cx)
    }

    #[test]
    fn ocr_han_spaces_removed_deliberate_ones_kept() {
        let (lines, cx) = norm("济 宁 高 新 区 的 OCR 文 本\n近赶潍坊 远学长沙\n部长 李越峰");
        assert_eq!(
            lines,
            ["济宁高新区的 OCR 文本", "近赶潍坊 远学长沙", "部长 李越峰"]
        );
        assert_eq!(cx.changes.iter().filter(|c| c.rule == "U401").count(), 1);
    }

    #[test]
    fn soft_hyphens_and_controls_removed_and_reported() {
        let (lines, cx) = norm("infor\u{AD}mation\u{7}");
        assert_eq!(lines, ["information"]);
        let rules: Vec<_> = cx.changes.iter().map(|c| c.rule).collect();
        assert_eq!(rules, ["U402", "U403"]);
    }

    #[test]
    fn idempotent() {
        let (once, _) = norm("济 宁 高 新 区\n text ");
        let (twice, cx) = norm(&once.join("\n"));
        assert_eq!(once, twice);
        assert!(cx.changes.is_empty());
        let _ = run_stages(read_text(""), &[]).unwrap();
    }
}
