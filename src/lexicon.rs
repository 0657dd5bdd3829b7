//! Common Chinese words (from jieba's dictionary, `assets/zh/`), to tell whether two
//! pieces of Chinese text fit together: a cut that falls inside a common word
//! (`自定` / `义构建`, `所需的部` / `分。`) is strong evidence that one piece goes on
//! from the other, which a document's own n-grams often cannot give.
//!
//! The measure is a segmentation gain: the best segmentation of the characters on both
//! sides of the cut, read as one string, against the two sides segmented apart, under a
//! unigram word model. It is 0 where no word spans the cut and grows with how common
//! the spanning word is.

use crate::classify::is_han;

/// The table: `b"DMW1"`, count, ln(total), sorted 64-bit word hashes, one cost each.
static TABLE: &[u8] = include_bytes!("../assets/zh/words.bin");

/// The longest word in the table, in characters.
const MAX_WORD: usize = 4;

/// How many Han characters on each side of a cut are looked at.
const WINDOW: usize = 4;

struct Table {
    keys: &'static [u8],
    costs: &'static [u8],
    /// The cost of a character the table does not know, in the table's units.
    unknown: u32,
}

fn table() -> Option<Table> {
    let head = TABLE.get(..12)?;
    if &head[..4] != b"DMW1" {
        return None;
    }
    let count = u32::from_le_bytes(head[4..8].try_into().ok()?) as usize;
    let ln_total = f32::from_le_bytes(head[8..12].try_into().ok()?);
    let keys = TABLE.get(12..12 + count * 8)?;
    let costs = TABLE.get(12 + count * 8..12 + count * 9)?;
    // An unknown character costs a little more than the rarest word (jieba's choice).
    let unknown = (4.0 * (ln_total + 2.0)).round() as u32;
    Some(Table {
        keys,
        costs,
        unknown,
    })
}

/// The `i`th little-endian 64-bit hash of `keys`.
fn key_at(keys: &[u8], i: usize) -> u64 {
    let b = &keys[i * 8..i * 8 + 8];
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// Where the sorted little-endian 64-bit hashes of `keys` hold `h` (both tables keep
/// their words so).
fn find(keys: &[u8], h: u64) -> Option<usize> {
    let key = |i: usize| key_at(keys, i);
    let n = keys.len() / 8;
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if key(mid) < h {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    (lo < n && key(lo) == h).then_some(lo)
}

impl Table {
    /// The cost of a word (quarter nats of -ln p), if the table has it.
    fn cost(&self, word: &[char]) -> Option<u32> {
        let mut buf = [0u8; 4 * MAX_WORD];
        let mut len = 0;
        for c in word {
            len += c.encode_utf8(&mut buf[len..]).len();
        }
        let h = crate::hash::fnv1a(0, buf[..len].iter().copied());
        find(self.keys, h).map(|i| u32::from(self.costs[i]))
    }

    /// The cost of the best segmentation of `s` into known words and single characters.
    fn segment(&self, s: &[char]) -> u32 {
        let mut best = [u32::MAX; 2 * WINDOW + 1];
        best[0] = 0;
        for i in 0..s.len() {
            if best[i] == u32::MAX {
                continue;
            }
            for j in i + 1..=(i + MAX_WORD).min(s.len()) {
                let c = match self.cost(&s[i..j]) {
                    Some(c) => c,
                    None if j == i + 1 => self.unknown,
                    None => continue,
                };
                best[j] = best[j].min(best[i] + c);
            }
        }
        best[s.len()]
    }
}

/// English words (SCOWL, as Debian's `wamerican` ships it; `assets/en/`): `b"DME1"`,
/// count, sorted 64-bit hashes of the lower-cased words.
static EN_TABLE: &[u8] = include_bytes!("../assets/en/words.bin");

/// Is `word` (ASCII letters, any case) an English word? Tells a word broken by an
/// end-of-line hyphen (`infor-mation`) from a compound (`object-oriented`) where the
/// document itself has no other use of either.
pub fn english_word(word: &str) -> bool {
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let Some(count) = EN_TABLE
        .get(..8)
        .filter(|h| &h[..4] == b"DME1")
        .and_then(|h| h[4..8].try_into().ok())
        .map(|n| u32::from_le_bytes(n) as usize)
    else {
        return false;
    };
    let Some(keys) = EN_TABLE.get(8..8 + count * 8) else {
        return false;
    };
    let h = crate::hash::fnv1a(0, word.bytes().map(|b| b.to_ascii_lowercase()));
    find(keys, h).is_some()
}

/// Is `word` (two to four Han characters) a common word of the table (`参与`, `目的`)?
pub fn han_word(word: &[char]) -> bool {
    (2..=MAX_WORD).contains(&word.len()) && table().is_some_and(|t| t.cost(word).is_some())
}

/// How much more likely the Han characters just before and just after a cut read as
/// one text than as two, in nats: 0 where no common word spans the cut (or either side
/// does not end, or start, with Han), up to about 15 for a very common word.
pub fn word_gain(before: &str, after: &str) -> f32 {
    let Some(t) = table() else {
        return 0.0;
    };
    let mut left = [' '; WINDOW];
    let mut nl = 0;
    for c in before.trim_end().chars().rev() {
        if !is_han(c) || nl == WINDOW {
            break;
        }
        left[WINDOW - 1 - nl] = c;
        nl += 1;
    }
    let mut both = [' '; 2 * WINDOW];
    both[..nl].copy_from_slice(&left[WINDOW - nl..]);
    let mut nr = 0;
    for c in after.trim_start().chars() {
        if !is_han(c) || nr == WINDOW {
            break;
        }
        both[nl + nr] = c;
        nr += 1;
    }
    if nl == 0 || nr == 0 {
        return 0.0;
    }
    let apart = t.segment(&both[..nl]) + t.segment(&both[nl..nl + nr]);
    let joined = t.segment(&both[..nl + nr]);
    apart.saturating_sub(joined) as f32 / 4.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads() {
        let t = table().expect("the shipped word table");
        assert!(t.costs.len() > 50_000);
        // Sorted, so lookups by bisection find every word.
        assert!((1..t.costs.len()).all(|i| key_at(t.keys, i - 1) < key_at(t.keys, i)));
        assert!(t.cost(&['中', '国']).is_some());
        assert!(t.cost(&['国', '中', '国', '中']).is_none());
    }

    #[test]
    fn a_cut_inside_a_word_fits() {
        assert!(word_gain("使用发布配置来自定", "义构建") > 4.0);
        assert!(word_gain("难以找到所需的部", "分。") > 4.0);
        assert!(word_gain("撤回版", "本") > 4.0);
    }

    #[test]
    fn a_cut_between_words_or_outside_han_tells_nothing() {
        assert_eq!(word_gain("请查看官方文档。", "采用发布配置"), 0.0);
        assert_eq!(word_gain("the end", "下一段"), 0.0);
        assert_eq!(word_gain("", "下一段"), 0.0);
        assert_eq!(word_gain("上一段", ""), 0.0);
        // Never negative: joining can only find more words.
        assert!(word_gain("工具，并", "注释包含项的结构") >= 0.0);
    }

    #[test]
    fn english_words_known_and_unknown() {
        for w in ["object", "Oriented", "information", "simply", "farmyards"] {
            assert!(english_word(w), "{w}");
        }
        for w in [
            "objectoriented",
            "infor",
            "comput",
            "messagepassing",
            "",
            "it's",
        ] {
            assert!(!english_word(w), "{w}");
        }
    }
}
