//! Line breaking: UAX #14 break opportunities (`unicode-linebreak`) tightened by the
//! Chinese line-start and line-end rules (禁则), and a greedy breaker that never lets a
//! line run past its measure: a word too long for a line is broken between clusters.

use std::ops::Range;

use unicode_linebreak::{linebreaks, BreakOpportunity};

/// Characters that must not start a line (closing punctuation, pauses, ellipsis).
pub(crate) const NO_START: &str =
    "，。、；：！？）》」』”’…〉】〕〗〙〛］｝〟～·・ー々‥,.;:!?)]}%‰℃";

/// Characters that must not end a line (opening brackets and quotes).
pub(crate) const NO_END: &str = "（《「『“‘〈【〔〖〘〚［｛〝([{";

/// May a line break before this piece?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Brk {
    /// No: inside a word, before closing punctuation, after an opening bracket …
    No,
    /// Yes, if the line is full.
    Allowed,
    /// Yes, always: a hard line break precedes this piece.
    Mandatory,
}

/// One unbreakable piece of text (a shaped cluster) as the breaker sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Piece {
    /// Width in points.
    pub(crate) width: f32,
    /// White space (or another blank): does not count at the end of a line.
    pub(crate) blank: bool,
    /// The break opportunity before this piece.
    pub(crate) brk: Brk,
    /// An emergency break (a word too long for the line) may happen before this
    /// piece without breaking the line-start/line-end rules.
    pub(crate) emergency_ok: bool,
}

/// The ASCII characters of `set`, as a table (asked of every cluster: ASCII is
/// answered without searching the string).
const fn ascii_table(set: &str) -> [bool; 128] {
    let mut table = [false; 128];
    let b = set.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] < 128 {
            table[b[i] as usize] = true;
        }
        i += 1;
    }
    table
}

const NO_START_ASCII: [bool; 128] = ascii_table(NO_START);
const NO_END_ASCII: [bool; 128] = ascii_table(NO_END);

/// Han ideographs (CJK Extension A and the unified block), which neither set holds:
/// most clusters of Chinese text, answered without searching the sets.
fn ideograph(c: char) -> bool {
    ('\u{3400}'..='\u{9FFF}').contains(&c)
}

/// The Basic Multilingual Plane's characters of `set`, a bit each (8 KB): asked of
/// every cluster, the punctuation is answered without searching the string.
fn bmp_bits(set: &str) -> Box<[u64; 1024]> {
    let mut bits = Box::new([0u64; 1024]);
    for c in set.chars().filter(|&c| (c as u32) < 0x10000) {
        bits[c as usize / 64] |= 1 << (c as usize % 64);
    }
    bits
}

static NO_START_BMP: std::sync::LazyLock<Box<[u64; 1024]>> =
    std::sync::LazyLock::new(|| bmp_bits(NO_START));
static NO_END_BMP: std::sync::LazyLock<Box<[u64; 1024]>> =
    std::sync::LazyLock::new(|| bmp_bits(NO_END));

/// Is `c` in `set`, whose BMP characters are `bits`?
fn in_set(c: char, set: &str, bits: &[u64; 1024]) -> bool {
    match c as usize {
        k if k < 0x10000 => bits[k / 64] >> (k % 64) & 1 == 1,
        _ => set.contains(c),
    }
}

fn no_start(c: char) -> bool {
    match u8::try_from(c) {
        Ok(b) if b < 128 => NO_START_ASCII[usize::from(b)],
        _ => !ideograph(c) && in_set(c, NO_START, &NO_START_BMP),
    }
}

fn no_end(c: char) -> bool {
    match u8::try_from(c) {
        Ok(b) if b < 128 => NO_END_ASCII[usize::from(b)],
        _ => !ideograph(c) && in_set(c, NO_END, &NO_END_BMP),
    }
}

/// The break opportunity before each of `ranges` (consecutive byte ranges of `text`),
/// and whether an emergency break is acceptable there. Index 0 is always `No`.
pub(crate) fn opportunities(text: &str, ranges: &[Range<usize>]) -> Vec<(Brk, bool)> {
    let mut uax = vec![None; text.len() + 1];
    for (at, op) in linebreaks(text) {
        if let Some(slot) = uax.get_mut(at) {
            *slot = Some(op);
        }
    }
    let first = |r: &Range<usize>| text.get(r.clone()).and_then(|s| s.chars().next());
    let last = |r: &Range<usize>| text.get(r.clone()).and_then(|s| s.chars().next_back());

    ranges
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if i == 0 {
                return (Brk::No, false);
            }
            let prev = &ranges[i - 1];
            let here = first(r);
            let before = last(prev);
            let kinsoku_ok = !here.is_some_and(no_start) && !before.is_some_and(no_end);
            let blank_here = here.is_none_or(|c| c.is_whitespace());
            let brk = match uax.get(r.start).copied().flatten() {
                Some(BreakOpportunity::Mandatory) => Brk::Mandatory,
                Some(BreakOpportunity::Allowed) if kinsoku_ok => Brk::Allowed,
                _ => Brk::No,
            };
            (brk, kinsoku_ok && !blank_here)
        })
        .collect()
}

/// Break `pieces` into lines: the first line `first_measure` wide, the others
/// `measure`. Returns each line's range of pieces (trailing blanks included; callers
/// trim them). No line is wider than its measure (blanks at its end not counted)
/// unless it holds a single piece wider than the measure.
pub(crate) fn break_lines(pieces: &[Piece], first_measure: f32, measure: f32) -> Vec<Range<usize>> {
    const EPS: f32 = 1e-3;
    let n = pieces.len();
    let mut lines = Vec::new();
    let mut s = 0;
    while s < n {
        let m = if lines.is_empty() {
            first_measure
        } else {
            measure
        };
        let mut w = 0.0f32;
        let mut w_ink = 0.0f32;
        let mut last_ok: Option<usize> = None;
        let mut end = n;
        let mut i = s;
        while i < n {
            let p = pieces[i];
            if i > s {
                match p.brk {
                    Brk::Mandatory => {
                        end = i;
                        break;
                    }
                    Brk::Allowed => last_ok = Some(i),
                    Brk::No => {}
                }
            }
            w += p.width;
            if !p.blank {
                w_ink = w;
            }
            if i > s && w_ink > m + EPS {
                end = match last_ok {
                    Some(j) => j,
                    None => emergency(pieces, s, i),
                };
                break;
            }
            i += 1;
        }
        lines.push(s..end);
        s = end;
    }
    lines
}

/// No allowed break in `s..=i` and piece `i` overflows: break before `i`, or a little
/// earlier so that the line-start/line-end rules hold.
fn emergency(pieces: &[Piece], s: usize, i: usize) -> usize {
    let mut j = i;
    while j > s + 1 && !pieces[j].emergency_ok {
        j -= 1;
    }
    if pieces[j].emergency_ok {
        j
    } else {
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_paths_agree_with_the_sets() {
        // (And the ideographs' fast path: every character of the basic planes.)
        for c in '\0'..='\u{FFFF}' {
            assert_eq!(no_start(c), NO_START.contains(c), "{c:?}");
            assert_eq!(no_end(c), NO_END.contains(c), "{c:?}");
        }
    }

    /// One piece per character: CJK 1 em, others 0.5 em, at 10 pt.
    fn pieces_of(text: &str) -> (Vec<Range<usize>>, Vec<Piece>) {
        let ranges: Vec<Range<usize>> = text
            .char_indices()
            .map(|(i, c)| i..i + c.len_utf8())
            .collect();
        let ops = opportunities(text, &ranges);
        let pieces = ranges
            .iter()
            .zip(ops)
            .map(|(r, (brk, emergency_ok))| {
                let c = text[r.clone()].chars().next().unwrap();
                Piece {
                    width: if crate::write::pdf::shape::is_cjk(c) || "“”‘’…—".contains(c)
                    {
                        10.0
                    } else {
                        5.0
                    },
                    blank: c.is_whitespace(),
                    brk,
                    emergency_ok,
                }
            })
            .collect();
        (ranges, pieces)
    }

    fn lines_of(text: &str, first: f32, measure: f32) -> Vec<String> {
        let (ranges, pieces) = pieces_of(text);
        let lines = break_lines(&pieces, first, measure);
        // Widths never exceed the measure (trailing blanks not counted).
        for (k, l) in lines.iter().enumerate() {
            let m = if k == 0 { first } else { measure };
            let mut w = 0.0;
            let mut ink = 0.0;
            for p in &pieces[l.clone()] {
                w += p.width;
                if !p.blank {
                    ink = w;
                }
            }
            assert!(
                ink <= m + 1e-3 || l.len() == 1,
                "line {k} is {ink} wide, measure {m}"
            );
        }
        // Lines partition the text.
        let mut pos = 0;
        for l in &lines {
            assert_eq!(l.start, pos);
            pos = l.end;
        }
        assert_eq!(pos, pieces.len());
        lines
            .iter()
            .map(|l| {
                let a = ranges[l.start].start;
                let b = ranges[l.end - 1].end;
                text[a..b].to_string()
            })
            .collect()
    }

    fn check_kinsoku(lines: &[String]) {
        for (k, l) in lines.iter().enumerate() {
            let t = l.trim_end();
            if k > 0 {
                let c = t.chars().next().unwrap();
                assert!(
                    !NO_START.contains(c),
                    "line {k} starts with {c:?}: {lines:?}"
                );
            }
            if k + 1 < lines.len() {
                let c = t.chars().next_back().unwrap();
                assert!(!NO_END.contains(c), "line {k} ends with {c:?}: {lines:?}");
            }
        }
    }

    #[test]
    fn chinese_punctuation_rules_hold_at_every_measure() {
        let text = "他说：“今天，我们（在座的各位）要讨论《规则》与「标点」。”然后——停顿……\
                    大家都同意！真的吗？是的；好、很好。『引号』‘单引号’结束。";
        // Below 5 characters per line some sequences (「标点」。”) cannot be set without
        // breaking a rule; the breaker then keeps the measure.
        for m in 5..=40 {
            let measure = m as f32 * 10.0;
            let lines = lines_of(text, measure, measure);
            check_kinsoku(&lines);
            assert_eq!(lines.concat(), text);
        }
    }

    #[test]
    fn first_line_has_its_own_measure() {
        let text = "一二三四五六七八九十一二三四五六七八九十";
        let lines = lines_of(text, 80.0, 100.0);
        assert_eq!(lines[0].chars().count(), 8);
        assert_eq!(lines[1].chars().count(), 10);
    }

    #[test]
    fn long_latin_words_are_broken() {
        let text = "see https://example.com/a/very/long/path/that/does/not/fit/anywhere ok";
        let lines = lines_of(text, 60.0, 60.0);
        assert!(lines.len() > 5, "{lines:?}");
        assert_eq!(lines.concat(), text);
        let lines = lines_of("Pneumonoultramicroscopicsilicovolcanoconiosis", 50.0, 50.0);
        assert!(lines.iter().all(|l| l.chars().count() <= 10), "{lines:?}");
    }

    #[test]
    fn latin_breaks_at_spaces_and_keeps_them_at_line_end() {
        let lines = lines_of("the quick brown fox jumps over the lazy dog", 60.0, 60.0);
        for l in &lines {
            assert!(!l.starts_with(' '), "{lines:?}");
        }
        assert_eq!(lines[0], "the quick ");
    }

    #[test]
    fn hard_breaks_are_mandatory() {
        let lines = lines_of("第一行\n第二行", 1000.0, 1000.0);
        assert_eq!(lines, vec!["第一行\n", "第二行"]);
    }

    #[test]
    fn emergency_break_respects_kinsoku() {
        // No UAX #14 opportunity inside the word; the emergency break must not put the
        // closing bracket at a line start.
        let text = "abcdefghij）klm";
        let lines = lines_of(text, 50.0, 50.0);
        check_kinsoku(&lines);
    }

    #[test]
    fn empty_and_degenerate_inputs() {
        assert!(break_lines(&[], 10.0, 10.0).is_empty());
        let lines = lines_of("很", 0.0, 0.0);
        assert_eq!(lines, vec!["很"]);
        let lines = lines_of("很长", 1.0, 1.0);
        assert_eq!(lines, vec!["很", "长"]);
    }
}
