//! How well one piece of text goes on from another: the evidence the reading-order and
//! interleaved-columns stages weigh. Punctuation and case say whether a sentence is
//! open and whether the next piece continues one; the document's own statistics (its
//! words, its Han character n-grams) say whether the two ends fit together.

use crate::classify::{bullet_glyph, ends_open, ends_sentence, is_cjk_punct, is_han, list_marker};
use crate::source::Line;

/// Character bigrams and trigrams of the document's Han text: the document's own
/// statistics, to tell whether two pieces of Chinese fit together. An n-gram is packed
/// into one `u64` (21 bits a character), so collecting allocates nothing but the set;
/// only whether an n-gram occurs matters.
pub(crate) struct Grams(KeySet);

/// Pack two or three characters into a key (the third slot 0 for a bigram; no
/// character is 0 in an n-gram of Han).
fn key(cs: &[char]) -> u64 {
    cs.iter().fold(0u64, |k, &c| (k << 21) | u64::from(c)) | ((cs.len() as u64) << 63)
}

/// A map from non-zero `u64` keys (packed n-grams, word hashes): open addressing,
/// linear probing, kept at most three quarters full. Half the instructions of a
/// general hash map for the two things the statistics need (count, and ask).
#[derive(Default)]
struct KeyMap<V> {
    keys: Vec<u64>,
    vals: Vec<V>,
    len: usize,
}

/// The n-grams' set.
type KeySet = KeyMap<()>;

impl<V: Copy + Default> KeyMap<V> {
    fn with_capacity(n: usize) -> KeyMap<V> {
        let slots = (n * 4 / 3 + 1).next_power_of_two().max(16);
        KeyMap {
            keys: vec![0; slots],
            vals: vec![V::default(); slots],
            len: 0,
        }
    }

    /// The slot that holds `k`, or the empty one where it would go.
    #[inline]
    fn find(&self, k: u64) -> usize {
        let mask = self.keys.len() - 1;
        // Fibonacci hashing: the top bits of the product.
        let bits = self.keys.len().trailing_zeros();
        let mut i = (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize;
        loop {
            match self.keys[i] {
                0 => return i,
                s if s == k => return i,
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// The value of `k`, inserted as the default where it is new.
    #[inline]
    fn entry(&mut self, k: u64) -> &mut V {
        debug_assert!(k != 0);
        if self.keys.is_empty() {
            *self = KeyMap::with_capacity(16);
        }
        let mut i = self.find(k);
        if self.keys[i] == 0 {
            if (self.len + 1) * 4 > self.keys.len() * 3 {
                self.grow();
                i = self.find(k);
            }
            self.keys[i] = k;
            self.len += 1;
        }
        &mut self.vals[i]
    }

    fn insert(&mut self, k: u64) {
        self.entry(k);
    }

    fn grow(&mut self) {
        let mut bigger = KeyMap::with_capacity(self.keys.len());
        for (&k, &v) in self.keys.iter().zip(&self.vals) {
            if k != 0 {
                *bigger.entry(k) = v;
            }
        }
        *self = bigger;
    }

    fn get(&self, k: u64) -> Option<V> {
        if self.keys.is_empty() {
            return None;
        }
        let i = self.find(k);
        (self.keys[i] != 0).then(|| self.vals[i])
    }

    fn contains(&self, k: u64) -> bool {
        self.get(k).is_some()
    }
}

/// The Han character at the start of `b` (a character boundary of valid UTF-8) and its
/// length in bytes; `None` for anything else. (The n-grams' scan goes by bytes: most
/// of a Chinese line is three-byte Han, U+5000 to U+9FFF, told by the lead byte.)
#[inline]
fn han_at(b: &[u8]) -> Option<(char, usize)> {
    match *b {
        [b0 @ 0xE4..=0xE9, b1, b2, ..] => {
            let c =
                (u32::from(b0 & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            // (Of U+4000 to U+9FFF only the Yijing hexagrams, U+4DC0 to U+4DFF, are
            // not Han.)
            if b0 == 0xE4 && (0x4DC0..0x4E00).contains(&c) {
                return None;
            }
            char::from_u32(c).map(|c| (c, 3))
        }
        [b0 @ (0xE3 | 0xEF | 0xF0..=0xF4), ..] => {
            let n = if b0 >= 0xF0 { 4 } else { 3 };
            let c = std::str::from_utf8(b.get(..n)?).ok()?.chars().next()?;
            is_han(c).then_some((c, n))
        }
        _ => None,
    }
}

impl Grams {
    pub(crate) fn collect<'a>(blocks: impl IntoIterator<Item = &'a Line> + Clone) -> Grams {
        // Sized once, for as many n-grams as there can be Han characters (a third of
        // the bytes of the lines with Han, told by a lead byte of U+4000 to U+9FFF):
        // regrowing the table cost as much as filling it, and a table sized for text
        // without Han (English with curly quotes) cost its zeroing.
        let han: usize = blocks
            .clone()
            .into_iter()
            .filter(|b| !b.text.is_ascii() && b.text.bytes().any(|b| (0xE4..=0xE9).contains(&b)))
            .map(|b| b.text.len() / 3)
            .sum();
        // (Sized for three quarters of that: n-grams repeat, and a table twice the size
        // it needs costs its pages; one that fills up grows.)
        let mut set = KeySet::with_capacity(han * 3 / 4);
        for b in blocks {
            let text = b.text.as_bytes();
            if text.is_ascii() {
                continue;
            }
            // The one or two Han characters just before, in order.
            let (mut p2, mut p1): (Option<char>, Option<char>) = (None, None);
            let mut i = 0;
            while i < text.len() {
                let Some((c, n)) = han_at(&text[i..]) else {
                    (p2, p1) = (None, None);
                    // On to the next character's first byte.
                    i += 1;
                    while i < text.len() && text[i] & 0xC0 == 0x80 {
                        i += 1;
                    }
                    continue;
                };
                i += n;
                if let Some(b1) = p1 {
                    set.insert(key(&[b1, c]));
                    if let Some(b2) = p2 {
                        set.insert(key(&[b2, b1, c]));
                    }
                }
                (p2, p1) = (p1, Some(c));
            }
        }
        Grams(set)
    }

    /// How many of the n-grams spanning a join of `a` and `b` occur in the document
    /// (0 to 3: the bigram across the join and the two trigrams).
    pub(crate) fn fit(&self, a: &str, b: &str) -> usize {
        let mut tail = a.chars().rev();
        let (x, w) = (tail.next(), tail.next());
        let mut head = b.chars();
        let (y, z) = (head.next(), head.next());
        let (Some(x), Some(y)) = (x, y) else {
            return 0;
        };
        let mut found = 0;
        let mut seen = |cs: &[char]| {
            if cs.iter().all(|&c| is_han(c)) && self.0.contains(key(cs)) {
                found += 1;
            }
        };
        seen(&[x, y]);
        if let Some(w) = w {
            seen(&[w, x, y]);
        }
        if let Some(z) = z {
            seen(&[x, y, z]);
        }
        found
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
    // Asked of every line: the first character after the indentation nearly always
    // refuses.
    let mut chars = crate::classify::trim(text).chars();
    match chars.next() {
        Some(c) if bullet_glyph(c) => chars.as_str().trim_end().is_empty(),
        _ => false,
    }
}

/// How often each ASCII word occurs, case aside. Words are kept as 64-bit hashes of
/// their lower-case letters: counting allocates nothing per word.
#[derive(Default)]
pub(crate) struct Words(KeyMap<usize>);

/// The hash of an ASCII word's lower-cased bytes (never 0: the map's empty slot).
fn word_key(word: &str) -> u64 {
    crate::hash::fnv1a(0, word.bytes().map(|b| b.to_ascii_lowercase())).max(1)
}

impl Words {
    /// Count an ASCII word (others are not counted).
    pub(crate) fn add(&mut self, word: &str) {
        if word.is_ascii() {
            *self.0.entry(word_key(word)) += 1;
        }
    }

    /// How often `word` occurs, in any case.
    pub(crate) fn count(&self, word: &str) -> usize {
        if word.is_ascii() {
            return self.0.get(word_key(word)).unwrap_or(0);
        }
        // Lower-casing can make a word ASCII (the Kelvin sign is `k`).
        let lower = word.to_lowercase();
        if lower.is_ascii() {
            self.0.get(word_key(&lower)).unwrap_or(0)
        } else {
            0
        }
    }
}

/// The document's words and Han n-grams, for [`Fit::score`].
pub(crate) struct Fit {
    grams: Grams,
    words: Words,
}

impl Fit {
    pub(crate) fn collect<'a, I>(lines: I) -> Fit
    where
        I: IntoIterator<Item = &'a Line> + Clone + Send,
    {
        let more = lines.clone();
        let (grams, words) = rayon::join(
            || Grams::collect(lines),
            || {
                let mut words = Words::default();
                for l in more {
                    for w in l.text.split(|c: char| !c.is_ascii_alphabetic()) {
                        if !w.is_empty() {
                            words.add(w);
                        }
                    }
                }
                words
            },
        );
        Fit { grams, words }
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
                if self.words.count(&format!("{x}{y}")) > 0 {
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
    fn han_at_reads_what_chars_and_is_han_read() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            let want = is_han(c).then_some((c, b.len()));
            assert_eq!(han_at(b), want, "{c:?}");
        }
    }

    #[test]
    fn key_set_is_a_set() {
        // Far more keys than its first size: it grows, and keeps every key.
        let mut set = KeySet::with_capacity(10);
        let mut std = std::collections::HashSet::new();
        let mut k = 1u64;
        for _ in 0..5000 {
            k = k
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let key = (k % 3000).max(1) << 7;
            set.insert(key);
            std.insert(key);
        }
        assert_eq!(set.len, std.len());
        for key in 1..3200u64 {
            assert_eq!(set.contains(key << 7), std.contains(&(key << 7)), "{key}");
        }
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
