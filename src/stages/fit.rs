//! How well one piece of text goes on from another: the evidence the reading-order and
//! interleaved-columns stages weigh. Punctuation and case say whether a sentence is
//! open and whether the next piece continues one; the document's own statistics (its
//! words, its Han character n-grams) say whether the two ends fit together.

use std::collections::HashMap;

use crate::classify::{bullet_glyph, ends_open, ends_sentence, is_cjk_punct, is_han, list_marker};
use crate::source::Line;

/// Character bigrams and trigrams of the document's Han text: the document's own
/// statistics, to tell whether two pieces of Chinese fit together.
pub(crate) struct Grams(HashMap<String, u32>);

impl Grams {
    pub(crate) fn collect(blocks: &[Line]) -> Grams {
        let mut map: HashMap<String, u32> = HashMap::new();
        for b in blocks {
            let chars: Vec<char> = b.text.chars().collect();
            for n in 2..=3 {
                for w in chars.windows(n) {
                    if w.iter().all(|&c| is_han(c)) {
                        *map.entry(w.iter().collect()).or_default() += 1;
                    }
                }
            }
        }
        Grams(map)
    }

    /// How many of the n-grams spanning a join of `a` and `b` occur in the document
    /// (0 to 3: the bigram across the join and the two trigrams).
    pub(crate) fn fit(&self, a: &str, b: &str) -> usize {
        let tail: Vec<char> = a.chars().rev().take(2).collect();
        let head: Vec<char> = b.chars().take(2).collect();
        let mut spans: Vec<String> = Vec::new();
        if let (Some(&x), Some(&y)) = (tail.first(), head.first()) {
            spans.push([x, y].iter().collect());
            if let Some(&w) = tail.get(1) {
                spans.push([w, x, y].iter().collect());
            }
            if let Some(&z) = head.get(1) {
                spans.push([x, y, z].iter().collect());
            }
        }
        spans
            .iter()
            .filter(|s| s.chars().all(is_han) && self.0.get(s.as_str()).is_some_and(|&c| c > 0))
            .count()
    }
}

/// Does the text start in mid-sentence: a lower-case letter, or punctuation that never
/// opens a paragraph (`，。、）`)?
pub(crate) fn starts_mid(text: &str) -> bool {
    match text.chars().next() {
        Some(c) if c.is_ascii_lowercase() => true,
        Some(c) => {
            matches!(
                c,
                '，' | '。'
                    | '、'
                    | '；'
                    | '：'
                    | '！'
                    | '？'
                    | '）'
                    | '》'
                    | '」'
                    | '』'
                    | '”'
                    | '’'
                    | ','
                    | ';'
                    | ')'
            ) || is_cjk_punct(c) && matches!(c, '〉' | '】' | '〕')
        }
        None => false,
    }
}

/// Is this text only a bullet glyph (extractors put bullets on lines of their own)?
pub(crate) fn lone_bullet(text: &str) -> bool {
    let mut chars = text.trim().chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if bullet_glyph(c))
}

/// The document's words and Han n-grams, for [`Fit::score`].
pub(crate) struct Fit {
    grams: Grams,
    words: HashMap<String, usize>,
}

impl Fit {
    pub(crate) fn collect(lines: &[Line]) -> Fit {
        let mut words: HashMap<String, usize> = HashMap::new();
        for l in lines {
            for w in l.text.split(|c: char| !c.is_ascii_alphabetic()) {
                if !w.is_empty() {
                    *words.entry(w.to_ascii_lowercase()).or_default() += 1;
                }
            }
        }
        Fit {
            grams: Grams::collect(lines),
            words,
        }
    }

    /// How well `b` goes on from `a` (the last line of one piece, the first of the
    /// next): positive where the two ends fit, negative where they clash, 0 where
    /// nothing tells.
    pub(crate) fn score(&self, a: &str, b: &str) -> f32 {
        let (a, b) = (a.trim_end(), b.trim_start());
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        // A bullet on a line of its own goes on with its item's text.
        match (lone_bullet(a), lone_bullet(b)) {
            (true, false) => return 2.0,
            (true, true) => return -1.0,
            (false, true) => {
                return if ends_sentence(a) || !ends_open(a) {
                    0.0
                } else {
                    -1.0
                }
            }
            (false, false) => {}
        }
        if ends_sentence(a) {
            return if starts_mid(b) { -1.0 } else { 0.0 };
        }
        let mut s = 0.0;
        if ends_open(a) {
            s += 0.5;
        }
        if starts_mid(b) {
            s += 0.5;
        }
        let last = a.chars().last().unwrap_or(' ');
        let first = b.chars().next().unwrap_or(' ');
        if (last.is_ascii_alphabetic() || last == '-' || last == ',') && first.is_ascii_alphabetic()
        {
            if first.is_ascii_lowercase() {
                s += 1.0;
                let x: String = a
                    .chars()
                    .rev()
                    .take_while(char::is_ascii_alphabetic)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let y: String = b.chars().take_while(char::is_ascii_alphabetic).collect();
                if self
                    .words
                    .get(&format!("{x}{y}").to_ascii_lowercase())
                    .is_some_and(|&n| n > 0)
                {
                    s += 1.0;
                }
            } else {
                s -= 1.0;
            }
        }
        s += self.grams.fit(a, b) as f32;
        if list_marker(b).is_some() {
            s -= 1.0;
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read_text;

    fn fit(doc: &str) -> Fit {
        let src = read_text(doc);
        let lines: Vec<Line> = src.lines().cloned().collect();
        Fit::collect(&lines)
    }

    #[test]
    fn english_continuations() {
        let f = fit("the information age\nsome infor\nmation here");
        assert!(f.score("some infor", "mation here") > f.score("some infor", "The next"));
        assert!(f.score("ends here.", "lower case") < 0.0);
        assert_eq!(f.score("ends here.", "Upper case"), 0.0);
    }

    #[test]
    fn chinese_ngrams() {
        let f = fit("典型意义\n本案的典型意义在于");
        assert!(f.score("本案的典", "型意义") >= 2.0);
        assert_eq!(f.score("一段话", "完全无关"), 0.0);
        assert!(starts_mid("，接着说"));
        assert!(!starts_mid("新的一段"));
    }
}
