//! Character and line cues shared by the stages and the structure pass: what is Han,
//! what ends a sentence, what a list marker, a byline or a heading-like line looks like.
//! Pure functions, no state.

use unicode_width::UnicodeWidthChar;

use crate::doc::{Lang, ListKind};

/// A Han (CJK ideograph) character.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF | 0x30000..=0x3134F)
}

/// CJK punctuation and full-width forms (`，。、「」（）` …).
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Can a character that starts with this UTF-8 byte be white space? ASCII's white
/// space, and the lead bytes of U+0085 and U+00A0 (C2), U+1680 (E1), U+2000 to U+205F
/// (E2) and U+3000 (E3).
#[inline]
pub fn may_lead_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1..=0xE3)
}

/// `str::trim`, answering the usual case (nothing to trim) from the first byte and the
/// last character: asked of every line by several stages.
#[inline]
pub fn trim(s: &str) -> &str {
    let Some(&first) = s.as_bytes().first() else {
        return s;
    };
    let may_open = may_lead_space(first);
    let may_close = s.chars().next_back().is_some_and(char::is_whitespace);
    if may_open || may_close {
        s.trim()
    } else {
        s
    }
}

/// Han, kana, hangul, CJK punctuation or full-width: text joined without spaces.
#[inline]
pub fn is_cjk(c: char) -> bool {
    !c.is_ascii() && is_cjk_wide(c)
}

/// [`is_cjk`] past ASCII.
fn is_cjk_wide(c: char) -> bool {
    is_han(c)
        || is_cjk_punct(c)
        || matches!(c as u32, 0x3040..=0x30FF | 0xAC00..=0xD7AF | 0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A)
}

/// Width of a character in terminal cells: 2 for wide (Han, full-width), else 1.
pub fn display_width(c: char) -> usize {
    match c {
        // The common cases without the table: printable ASCII and CJK ideographs.
        ' '..='~' => 1,
        '\u{4E00}'..='\u{9FFF}' => 2,
        // CJK punctuation (`，。、《》`) and full-width forms (`，：（）`).
        '\u{3000}'..='\u{3029}' | '\u{FF01}'..='\u{FF60}' => 2,
        _ => c.width().unwrap_or(0),
    }
}

/// `char::is_alphabetic`, with the common cases answered without Unicode's table
/// (asked of every character of many lines): ASCII, the CJK Unified Ideographs and
/// Chinese punctuation.
#[inline]
pub fn alphabetic(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\x7f' => false,
        '\u{4E00}'..='\u{9FFF}' => true,
        '，' | '。' | '、' | '“' | '”' | '‘' | '’' | '：' | '；' | '？' | '！' | '（' | '）'
        | '《' | '》' | '—' | '…' | '「' | '」' | '『' | '』' => false,
        _ => c.is_alphabetic(),
    }
}

/// Width of a string in cells.
pub fn str_width(s: &str) -> usize {
    // Printable ASCII (most English lines): one cell a byte. (Asked in one pass the
    // compiler vectorises, without stopping early: so only of a line that starts with
    // ASCII.)
    if s.as_bytes().first().is_none_or(u8::is_ascii)
        && s.bytes()
            .fold(true, |all, b| all & (b' '..=b'~').contains(&b))
    {
        return s.len();
    }
    // By bytes: printable ASCII is one cell, and the lead bytes E5 to E9 (U+5000 to
    // U+9FFF), or E4 before B8 to BF (U+4E00 to U+4FFF), start an ideograph of two;
    // anything else is decoded and looked up.
    let b = s.as_bytes();
    let (mut w, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b' '..=b'~' => {
                w += 1;
                i += 1;
            }
            0xE5..=0xE9 => {
                w += 2;
                i += 3;
            }
            0xE4 if b.get(i + 1).is_some_and(|&x| x >= 0xB8) => {
                w += 2;
                i += 3;
            }
            _ => {
                let c = s[i..].chars().next().unwrap_or(' ');
                w += display_width(c);
                i += c.len_utf8();
            }
        }
    }
    w
}

/// Is the string at most `max` cells wide? Stops counting past `max`, so asking it of
/// a long paragraph costs no more than of a short line.
pub fn width_at_most(s: &str, max: usize) -> bool {
    // No character is wider than its UTF-8 bytes (an ASCII one is one cell at most, a
    // wide one three or four bytes).
    if s.len() <= max {
        return true;
    }
    // Printable ASCII: one cell a byte.
    if s.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return false;
    }
    let mut w = 0;
    for c in s.chars() {
        w += display_width(c);
        if w > max {
            return false;
        }
    }
    true
}

/// Guess the main language: Chinese when Han characters are a real share of the letters.
pub fn detect_lang(text: &str) -> Lang {
    let (mut han, mut latin) = (0usize, 0usize);
    for c in text.chars().take(200_000) {
        if is_han(c) {
            han += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    // A Han character carries about as much as a short Latin word.
    if han > 0 && han * 4 >= latin {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// Closing quotes and brackets that may follow sentence-final punctuation.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | '）' | ')' | '」' | '』' | '》' | '】' | ']'
    )
}

/// The last character that is not a closing quote or bracket.
fn last_significant(text: &str) -> Option<char> {
    // Asked of nearly every line, several times: its last character usually answers.
    match text.chars().next_back() {
        None => None,
        Some(c) if !c.is_whitespace() && !is_closer(c) => Some(c),
        Some(_) => text.trim_end().chars().rev().find(|&c| !is_closer(c)),
    }
}

/// Does the text end a sentence with a full stop, a question or exclamation mark or an
/// ellipsis (`。！？!?.…`), possibly followed by closing quotes or brackets? Not a colon
/// or semicolon, which [`ends_sentence`] also counts.
pub fn ends_full_stop(text: &str) -> bool {
    matches!(
        last_significant(text),
        Some('。' | '！' | '？' | '!' | '?' | '.' | '…' | '．')
    )
}

/// Does the text end where a paragraph can end: sentence-final punctuation
/// (`。！？!?.…；;：:`), possibly followed by closing quotes or brackets?
pub fn ends_sentence(text: &str) -> bool {
    match last_significant(text) {
        Some(c) => matches!(
            c,
            '。' | '！' | '？' | '!' | '?' | '.' | '…' | '；' | ';' | '：' | ':' | '．'
        ),
        None => false,
    }
}

/// Does the text end with a clause separator that can never end a paragraph (`，、,`)
/// or an opening bracket or quote?
pub fn ends_open(text: &str) -> bool {
    matches!(
        text.trim_end().chars().last(),
        Some('，' | '、' | ',' | '（' | '(' | '“' | '‘' | '《' | '「' | '『' | '—' | '-')
    )
}

/// Sentence punctuation anywhere inside the text (not at its very end).
pub fn has_inner_sentence_punct(text: &str) -> bool {
    let mut chars = text.trim_end().chars();
    chars.next_back();
    chars.as_str().contains(['。', '！', '？', '；'])
}

/// A list marker at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The marker as printed, with its punctuation (`1、`, `（一）`, `•`).
    pub text: String,
    /// The counting family.
    pub kind: ListKind,
    /// The item number (1 for bullets).
    pub number: u32,
    /// Byte length of the marker plus the spaces after it.
    pub len: usize,
    /// A coarse family used to nest and split lists: the delimiter style.
    pub family: &'static str,
}

fn chinese_numeral(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => digit(*a).filter(|&d| d > 0),
        ['十', b] => digit(*b).map(|d| 10 + d),
        [a, '十'] => digit(*a).map(|d| d * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

fn roman_value(s: &str) -> Option<u32> {
    const R: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    R.iter().position(|r| *r == s).map(|p| p as u32 + 1)
}

/// A Chinese numeral digit, `零` to `十` (as a match, not a search of a string: asked
/// of nearly every line).
#[inline]
fn chinese_digit(c: char) -> bool {
    matches!(
        c,
        '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Parse a list marker at the start of `text` (which has no leading spaces).
pub fn list_marker(text: &str) -> Option<Marker> {
    let mut chars = text.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    // Asked of every line several times: a first character no marker starts with
    // refuses at once (the branches below, in order).
    let may_open = bullet_glyph(first)
        || matches!(first, '-' | '*' | '–' | '+' | '.' | '(' | '（')
        || ('\u{2460}'..='\u{2473}').contains(&first)
        || chinese_digit(first)
        || first.is_ascii_digit()
        || first.is_ascii_lowercase();
    if !may_open {
        return None;
    }
    let rest_after = |end: usize| -> (usize, &str) {
        let rest = &text[end..];
        let trimmed = rest.trim_start_matches([' ', '\u{3000}', '\t']);
        (text.len() - trimmed.len(), trimmed)
    };
    // Bullets.
    if bullet_glyph(first) || matches!(first, '-' | '*' | '–' | '+') {
        let end = first.len_utf8();
        let (len, rest) = rest_after(end);
        let needs_space = matches!(first, '-' | '*' | '–' | '+' | '·');
        if rest.is_empty() || (needs_space && len == end) {
            return None;
        }
        if first == '-' && rest.starts_with('-') {
            return None;
        }
        return Some(Marker {
            text: first.to_string(),
            kind: ListKind::Bullet,
            number: 1,
            len,
            family: "bullet",
        });
    }
    // OCR reads a bullet as a full stop: `. If the work is…` (a sentence never opens
    // with a full stop and a space).
    if first == '.' {
        let (len, rest) = rest_after(1);
        if len > 1 && rest.starts_with(|c: char| c.is_alphabetic()) {
            return Some(Marker {
                text: ".".to_string(),
                kind: ListKind::Bullet,
                number: 1,
                len,
                family: "bullet",
            });
        }
        return None;
    }
    // Circled numbers ①–⑳.
    if ('\u{2460}'..='\u{2473}').contains(&first) {
        let end = first.len_utf8();
        let (len, rest) = rest_after(end);
        if rest.is_empty() {
            return None;
        }
        return Some(Marker {
            text: first.to_string(),
            kind: ListKind::CircledDecimal,
            number: first as u32 - 0x2460 + 1,
            len,
            family: "circled",
        });
    }
    // Parenthesised: (1) （1） (一) （一）.
    if matches!(first, '(' | '（') {
        let close = text.find([')', '）'])?;
        let inner = &text[first.len_utf8()..close];
        let close_len = text[close..].chars().next()?.len_utf8();
        let (len, rest) = rest_after(close + close_len);
        if rest.is_empty() || inner.is_empty() || inner.chars().count() > 3 {
            return None;
        }
        let (kind, number, family) = if let Ok(n) = inner.parse::<u32>() {
            (ListKind::Decimal, n, "paren-decimal")
        } else if let Some(n) = chinese_numeral(inner) {
            (ListKind::ChineseCounting, n, "paren-chinese")
        } else {
            return None;
        };
        return Some(Marker {
            text: text[..close + close_len].to_string(),
            kind,
            number,
            len,
            family,
        });
    }
    // Chinese numerals: 一、 十二、
    let han_end = text
        .char_indices()
        .find(|&(_, c)| !chinese_digit(c))
        .map(|(i, _)| i)?;
    if han_end > 0 {
        let n = chinese_numeral(&text[..han_end])?;
        let delim = text[han_end..].chars().next()?;
        if delim != '、' {
            return None;
        }
        let end = han_end + delim.len_utf8();
        let (len, rest) = rest_after(end);
        if rest.is_empty() {
            return None;
        }
        return Some(Marker {
            text: text[..end].to_string(),
            kind: ListKind::ChineseCounting,
            number: n,
            len,
            family: "chinese",
        });
    }
    // Arabic numbers: 1、 1. 1) 1．
    let digit_end = text
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    if digit_end > 0 && digit_end <= 3 {
        let n: u32 = text[..digit_end].parse().ok()?;
        let delim = text[digit_end..].chars().next()?;
        let end = digit_end + delim.len_utf8();
        let (len, rest) = rest_after(end);
        let family = match delim {
            '、' => "decimal-comma",
            '.' | '．' => "decimal-period",
            ')' | '）' => "decimal-paren",
            _ => return None,
        };
        // `1.5`, `3.` at the end, `2. ` followed by nothing are not markers.
        let next = rest.chars().next()?;
        if next.is_ascii_digit() || (matches!(delim, '.' | ')') && len == end && !is_cjk(next)) {
            return None;
        }
        return Some(Marker {
            text: text[..end].to_string(),
            kind: ListKind::Decimal,
            number: n,
            len,
            family,
        });
    }
    // Latin letters and roman numerals: a. b) i. ii)
    let word_end = text
        .char_indices()
        .find(|(_, c)| !c.is_ascii_lowercase())
        .map(|(i, _)| i)?;
    if word_end > 0 && word_end <= 4 {
        let delim = text[word_end..].chars().next()?;
        if !matches!(delim, '.' | ')') {
            return None;
        }
        let end = word_end + 1;
        let (len, rest) = rest_after(end);
        if len == end || rest.is_empty() {
            return None;
        }
        let w = &text[..word_end];
        if let Some(n) = roman_value(w).filter(|_| w != "v" && w != "x" || word_end > 1) {
            if w.len() > 1 || w == "i" {
                return Some(Marker {
                    text: text[..end].to_string(),
                    kind: ListKind::LowerRoman,
                    number: n,
                    len,
                    family: "roman",
                });
            }
        }
        if word_end == 1 {
            let n = w.as_bytes()[0] as u32 - b'a' as u32 + 1;
            return Some(Marker {
                text: text[..end].to_string(),
                kind: ListKind::LowerAlpha,
                number: n,
                len,
                family: "alpha",
            });
        }
    }
    None
}

/// What opens a Chinese byline before the name (`文/张三`, `记者 李四`).
const CHINESE_PREFIXES: [&str; 11] = [
    "文/",
    "文／",
    "文：",
    "作者：",
    "作者:",
    "撰文：",
    "撰文/",
    "记者 ",
    "记者：",
    "通讯员 ",
    "作者 ",
];

/// Does the text hold a Chinese comma `，` (EF BC 8C) or full stop `。` (E3 80 82)?
/// Found by their lead bytes, which Han text rarely holds (searching for either
/// character's last byte stops at every ideograph ending in it).
fn has_comma_or_full_stop(t: &str) -> bool {
    let b = t.as_bytes();
    let mut from = 0;
    while let Some(k) = memchr::memchr2(0xEF, 0xE3, &b[from..]) {
        let at = from + k;
        match b.get(at..at + 3) {
            Some([0xEF, 0xBC, 0x8C] | [0xE3, 0x80, 0x82]) => return true,
            _ => from = at + 1,
        }
    }
    false
}

/// A byline: `济宁高新区党工委宣传部部长 李越峰`, `文/张三`, `记者 李四`, `作者：王五`,
/// `By Jane Doe`, `Jane Doe, Staff Writer`. Returns the personal name(s).
pub fn byline_name(text: &str) -> Option<String> {
    // Cheap refusals first: callers ask this of whole paragraphs.
    if text.len() > 400 {
        return None;
    }
    let t = trim(text);
    if t.is_empty() || ends_sentence(t) && !t.ends_with('.') {
        return None;
    }
    // A line opening with Han can only be a Chinese form, which holds no comma or full
    // stop (in the name, or in the organisation before it): most lines of prose refuse
    // here.
    if t.starts_with(is_han) {
        if has_comma_or_full_stop(t) {
            return None;
        }
        // Nor can it be Chinese without a prefix (`文/`, `记者 `) or a space before
        // the name.
        if !t.contains(' ')
            && !t.contains('\u{3000}')
            && !CHINESE_PREFIXES.iter().any(|p| t.starts_with(p))
        {
            return None;
        }
    }
    // Every English form but `by …` starts with two capitalised words (`Jane Doe, …`,
    // `Harbor Labs …`); prose mostly does not.
    if t.starts_with(|c: char| c.is_ascii_alphabetic())
        && !["By ", "BY ", "by "].iter().any(|p| t.starts_with(p))
    {
        let mut words = t.split_ascii_whitespace();
        // (Only lower-case Latin refuses: `IBM中国研究院研究员 王五` is a byline.)
        let capital = |w: &str| !w.starts_with(|c: char| c.is_ascii_lowercase());
        let first_ok = words.next().is_some_and(capital);
        let second_ok = words
            .next()
            .is_none_or(|w| capital(w) || matches!(w, "of" | "and" | "for" | "&"));
        if !(first_ok && second_ok) {
            return None;
        }
    }
    // (Measured last of the refusals: it counts up to 90 cells.)
    if !width_at_most(t, 90) {
        return None;
    }
    // Chinese prefixed forms.
    for prefix in CHINESE_PREFIXES {
        if let Some(rest) = t.strip_prefix(prefix) {
            let name = rest.trim();
            if !name.is_empty() && name.chars().count() <= 20 && !name.contains(['，', '。']) {
                return Some(name.to_string());
            }
        }
    }
    // English: "By Jane Doe", "by J. R. Smith and Ann Lee".
    if let Some(rest) = t
        .strip_prefix("By ")
        .or_else(|| t.strip_prefix("BY "))
        .or_else(|| t.strip_prefix("by "))
    {
        let name = rest.trim().trim_end_matches('.');
        let words: Vec<&str> = name.split_whitespace().collect();
        if (1..=8).contains(&words.len())
            && words.iter().all(|w| {
                w.chars().next().is_some_and(|c| c.is_uppercase())
                    || matches!(*w, "and" | "&" | "de" | "van" | "von")
            })
        {
            return Some(name.to_string());
        }
    }
    // English: "Jane Doe, Staff Writer".
    if let Some((name, role)) = t.split_once(", ") {
        let role_words = [
            "writer",
            "reporter",
            "correspondent",
            "editor",
            "columnist",
            "contributor",
        ];
        // Two to five capitalised words (counted no further than six, and no further
        // than the first word in lower case).
        let mut capitalised = 0;
        for w in name.split_whitespace() {
            if !w.chars().next().is_some_and(|c| c.is_uppercase()) {
                capitalised = 0;
                break;
            }
            capitalised += 1;
            if capitalised > 5 {
                break;
            }
        }
        let mut rw = role.split_whitespace();
        if (2..=5).contains(&capitalised)
            && rw.clone().count() <= 8
            && rw.any(|w| {
                let w = w.to_lowercase();
                role_words.contains(&w.as_str()) || POSTS.contains(&w.as_str())
            })
        {
            return Some(name.to_string());
        }
    }
    // English: "<Organisation> <Post> <First Last>", every word capitalised, a post
    // word right before a two- or three-word name.
    if let Some(name) = english_org_post_name(t) {
        return Some(name);
    }
    // Chinese: "<organisation and post> <name>": a run of Han characters, one space,
    // a two- to four-character name.
    let (org, name) = t.rsplit_once([' ', '\u{3000}'])?;
    // The name is Han (refused at its first letter in Latin text).
    if !name.chars().all(|c| is_han(c) || c == '·') {
        return None;
    }
    let org = org.trim();
    let name_len = name.chars().count();
    // A post title at the end of the organisation part, or a long organisation name;
    // a short `四字 四字` pair is a kicker or title, not a byline.
    let posts = [
        "长", "主任", "书记", "记者", "编辑", "教授", "经理", "主席", "委员", "干部", "员", "师",
        "官", "作家",
    ];
    let post_end = posts.iter().any(|p| org.ends_with(p));
    // Two or three characters; four with a compound surname (`欧阳修文`) or after a
    // post (`日本作家 村上春树`): a four-character phrase after a title (`民法典典型案例
    // 以案说法`) is a subtitle, not a name.
    let name_ok = (2..=3).contains(&name_len)
        || name_len == 4 && (post_end || COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s)))
        || name.contains('·') && name_len <= 12;
    let name_ok = name_ok && name.chars().all(|c| is_han(c) || c == '·');
    let org_len = org.chars().filter(|&c| is_han(c)).count();
    let org_ok = (org_len >= 6 || (org_len >= 3 && post_end))
        && org.chars().all(|c| {
            is_han(c) || c.is_ascii_alphanumeric() || matches!(c, '、' | '·' | ' ' | '（' | '）')
        })
        && !org.contains(' ');
    (name_ok && org_ok).then(|| name.to_string())
}

/// A magazine's issue or date line under its title (`Issue 11`, `Number 8 · Autumn
/// 2025`, `Vol. 3, No. 2`, `2025年第5期`): short, with a number, and an issue word, a
/// `期`, or a year.
pub fn issue_line(text: &str) -> bool {
    let t = text.trim();
    if !width_at_most(t, 40) || !t.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    // `第5期`, `2025年第5期`, `总第123期`: a number right before `期` (not `学期`).
    let chars: Vec<char> = t.chars().collect();
    if chars
        .windows(2)
        .any(|w| w[1] == '期' && w[0].is_ascii_digit())
    {
        return true;
    }
    let words: Vec<String> = t
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '·' | '|' | '/'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let issue_word = words.iter().any(|w| {
        matches!(
            w.trim_end_matches('.'),
            "issue" | "number" | "no" | "vol" | "volume" | "edition" | "nr"
        )
    });
    let year = words
        .iter()
        .any(|w| w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1800..=2099).contains(&y)));
    // A year beside a season or month (`Autumn 2025`, `March 2024`), not a title's
    // year (`Annual Report 2024`).
    const WHEN: &[&str] = &[
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let when = words.iter().any(|w| WHEN.contains(&w.as_str()));
    issue_word || year && when && words.len() <= 6
}

/// A figure's or table's caption (`图 14-1：…`, `表3 …`, `Figure 2. …`, `Table 4: …`,
/// `Listing 18-1 …`): the word, then its number.
pub fn caption(text: &str) -> bool {
    let t = text.trim_start();
    ["图", "表", "Figure", "Fig.", "Table", "Listing", "Chart"]
        .iter()
        .any(|w| {
            t.strip_prefix(w)
                .is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        })
}

/// Common Chinese compound surnames: a four-character name starts with one.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "端木", "西门", "南宫", "独孤", "轩辕", "万俟", "闻人", "申屠", "澹台", "公冶",
    "太史", "钟离", "仲孙", "呼延", "百里", "东郭",
];

/// Post words of English bylines (`Senior Editor`, `Staff Writer`).
const POSTS: &[&str] = &[
    "adviser",
    "advisor",
    "analyst",
    "assistant",
    "associate",
    "chair",
    "columnist",
    "consultant",
    "founder",
    "intern",
    "member",
    "partner",
    "student",
    "volunteer",
    "contributor",
    "coordinator",
    "correspondent",
    "designer",
    "developer",
    "director",
    "editor",
    "engineer",
    "fellow",
    "head",
    "lead",
    "lecturer",
    "librarian",
    "manager",
    "officer",
    "president",
    "producer",
    "professor",
    "reporter",
    "researcher",
    "scientist",
    "secretary",
    "specialist",
    "strategist",
    "teacher",
    "writer",
];

/// `Harbor Labs Senior Engineer Nina Alvarez` → `Nina Alvarez`.
fn english_org_post_name(t: &str) -> Option<String> {
    if !t.is_ascii() {
        return None;
    }
    let capital = |w: &str| {
        w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && w.chars()
                .all(|c| c.is_ascii_alphabetic() || matches!(c, '.' | '-' | '\''))
    };
    // (Every word checked before any is collected: prose refuses at its first
    // lower-case word.)
    if !t
        .split_whitespace()
        .all(|w| capital(w) || matches!(w, "of" | "and" | "for" | "&"))
    {
        return None;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if !(3..=10).contains(&words.len()) {
        return None;
    }
    // The name is the two or three words after the last post word.
    let post = words
        .iter()
        .rposition(|w| POSTS.contains(&w.to_ascii_lowercase().as_str()))?;
    let name = &words[post + 1..];
    ((2..=3).contains(&name.len()) && name.iter().all(|w| capital(w))).then(|| name.join(" "))
}

/// Does the text leave a bracket or Chinese quote open at its end (`相较于《婚姻法解释`)?
pub fn leaves_open(t: &str) -> bool {
    bracket_depths(t).is_some_and(|d| d.iter().any(|&x| x > 0))
}

/// Do the brackets and Chinese quotes of the text pair up?
fn balanced(t: &str) -> bool {
    bracket_depths(t).is_some_and(|d| d.iter().all(|&x| x == 0))
}

/// The depth of `()`, `（）`, `《》` and `“”` at the end of the text; `None` where one
/// closes before it opens.
fn bracket_depths(t: &str) -> Option<[i32; 4]> {
    // Read character by character from the UTF-8 lead bytes (asked of nearly every
    // line): `(` `)` are ASCII, and the others are three bytes (`（` EF BC 88, `《`
    // E3 80 8A, `“` E2 80 9C …).
    let mut depth = [0i32; 4];
    let b = t.as_bytes();
    // No bracket's byte at all (most lines of English): every depth is 0. (One
    // vectorised pass; Chinese, where the lead bytes are common, reads on.)
    if b.first().is_some_and(u8::is_ascii)
        && !b.iter().fold(false, |any, &x| {
            any | matches!(x, b'(' | b')' | 0xE2 | 0xE3 | 0xEF)
        })
    {
        return Some(depth);
    }
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let (step, kd) = match x {
            b'(' => (1, Some((0, 1))),
            b')' => (1, Some((0, -1))),
            0..=0x7F => (1, None),
            0xE2 | 0xE3 | 0xEF => {
                let kd = match (x, b.get(i + 1), b.get(i + 2)) {
                    (0xEF, Some(0xBC), Some(0x88)) => Some((1, 1)),
                    (0xEF, Some(0xBC), Some(0x89)) => Some((1, -1)),
                    (0xE3, Some(0x80), Some(0x8A)) => Some((2, 1)),
                    (0xE3, Some(0x80), Some(0x8B)) => Some((2, -1)),
                    (0xE2, Some(0x80), Some(0x9C)) => Some((3, 1)),
                    (0xE2, Some(0x80), Some(0x9D)) => Some((3, -1)),
                    _ => None,
                };
                (3, kd)
            }
            0xC0..=0xDF => (2, None),
            0xE0..=0xEF => (3, None),
            _ => (4, None),
        };
        i += step;
        if let Some((k, d)) = kd {
            depth[k] += d;
            if depth[k] < 0 {
                return None;
            }
        }
    }
    Some(depth)
}

/// A bullet glyph (`•`, `▪`, `·` …), as extractors print list bullets.
pub fn bullet_glyph(c: char) -> bool {
    matches!(
        c,
        '•' | '●' | '▪' | '■' | '◆' | '○' | '◦' | '‣' | '·' | '▶' | '►' | '∙' | '\u{f0b7}'
    )
}

/// Does the line open with a Chinese division marker: `第十二条`, `第三章`, `第一节`?
/// Such a line starts a new article or section of a law or a report. (Not `第二款`: a
/// law's clauses are paragraphs without numbers, so `第二款` at a line's start goes on
/// a citation, `…食品安全法第一百四十八条` / `第二款规定…`.)
pub fn division_marker(text: &str) -> bool {
    let Some(rest) = text.trim_start().strip_prefix('第') else {
        return false;
    };
    let rest = rest.trim_start();
    let num: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十百千两".contains(*c))
        .collect();
    !num.is_empty()
        && rest[num.len()..]
            .trim_start()
            .starts_with(['条', '章', '节', '编', '篇', '部', '卷', '回'])
}

/// Does a Chinese line end on a colon whose clause announces something set off below it
/// (`如下所示：`, `如示例 14-5 所示：`, `看到如下内容：`, `看起来像这样：`, `下列职责：`)?
/// Such a clause stands before a list, a figure, a table or a block of code, so its
/// paragraph ends at the colon even where the display itself is gone from the dump. (A
/// colon after any other clause, `有两个模块：`, may go on in the same paragraph.)
pub fn announces_display(text: &str) -> bool {
    let Some(head) = text
        .trim_end()
        .strip_suffix('：')
        .or_else(|| text.trim_end().strip_suffix(':'))
    else {
        return false;
    };
    if !head.ends_with(|c: char| is_han(c) || c.is_ascii_alphanumeric()) {
        return false;
    }
    // The last clause: after the last comma or sentence end.
    let clause = head
        .rfind(['，', '。', '；', '！', '？', ',', ';'])
        .map_or(head, |i| &head[i..]);
    clause.chars().any(is_han)
        && ["如下", "以下", "所示", "下列", "这样", "如图"]
            .iter()
            .any(|w| clause.contains(w))
}

/// The most bytes a line can have and still be [`heading_like`].
pub const HEADING_MAX_BYTES: usize = 400;

/// A line that can be a heading by its form: short, without sentence-final punctuation
/// at its end, not a clause cut at a comma, not a byline, no sentences inside.
pub fn heading_like(text: &str) -> bool {
    if text.len() > HEADING_MAX_BYTES {
        return false;
    }
    let t = text.trim();
    // The cheap tests on the last character first: asked of every line.
    if t.is_empty()
        || ends_sentence(t)
        || ends_open(t)
        || !width_at_most(t, 80)
        || has_inner_sentence_punct(t)
    {
        return false;
    }
    // An unbalanced bracket or quote: a piece of a longer sentence.
    if !balanced(t) {
        return false;
    }
    // Several clauses make a sentence, not a heading.
    if !width_at_most(t, 40) && t.chars().filter(|c| matches!(c, '，' | ',')).count() >= 2 {
        return false;
    }
    // English headings do not end on an article, preposition or conjunction.
    if ends_on_function_word(t) {
        return false;
    }
    // Mostly letters: a line of digits and symbols is no heading.
    let letters = t.chars().filter(|&c| alphabetic(c)).count();
    letters * 2 >= t.chars().filter(|c| !c.is_whitespace()).count() && letters > 0
}

/// Does the text end on an article, preposition, conjunction, auxiliary or determiner
/// (`the`, `of`, `and`, `can`, `your` …): words after which a sentence cannot stop?
pub fn ends_on_function_word(text: &str) -> bool {
    let t = text.trim_end();
    if let Some(last) = t.chars().next_back().filter(|&c| is_han(c)) {
        // (The last character first: this is asked of every heading-like line.)
        if !HAN_FUNCTION.contains(&last) {
            return false;
        }
        let mut tail: Vec<char> = t.chars().rev().take(3).collect();
        tail.reverse();
        return !in_han_word(&tail, true);
    }
    let word = t.rsplit(' ').next().unwrap_or("");
    matches!(
        word,
        "the"
            | "a"
            | "an"
            | "of"
            | "to"
            | "and"
            | "or"
            | "in"
            | "on"
            | "at"
            | "for"
            | "with"
            | "by"
            | "from"
            | "that"
            | "is"
            | "are"
            | "was"
            | "be"
            | "as"
            | "but"
            | "has"
            | "have"
            | "had"
            | "were"
            | "will"
            | "would"
            | "can"
            | "could"
            | "should"
            | "may"
            | "must"
            | "your"
            | "our"
            | "their"
            | "its"
            | "this"
            | "these"
            | "those"
            | "which"
            | "than"
            | "into"
            | "if"
            | "when"
            | "like"
            | "such"
            | "about"
            | "between"
            | "through"
            | "over"
            | "under"
            | "without"
            | "within"
    )
}

/// Chinese conjunctions and particles no title or sentence stops on, and no title
/// starts with (`和`, `与`, `及`, `或`, `的`, `之`), unless they end or start a word
/// (`参与`, `目的`, `和平`, `之后`).
const HAN_FUNCTION: [char; 6] = ['和', '与', '及', '或', '的', '之'];

/// Do the last (`at_end`) or first characters of `chars`, two of them or more, make a
/// Han word of the table (`参与`, `和平`)?
fn in_han_word(chars: &[char], at_end: bool) -> bool {
    (2..=chars.len()).any(|n| {
        let word = if at_end {
            &chars[chars.len() - n..]
        } else {
            &chars[..n]
        };
        word.iter().all(|&c| is_han(c)) && crate::lexicon::han_word(word)
    })
}

/// Does the text open on a word that only the middle of a title or a sentence opens
/// on: a lower-case English article, conjunction or short preposition (`and as Code
/// Sharing`: title case writes them small inside a heading, never at its start), or a
/// Chinese conjunction or particle that starts no word (`与实体判断相结合`)?
pub fn starts_on_function_word(text: &str) -> bool {
    let t = text.trim_start();
    if t.starts_with(is_han) {
        let head: Vec<char> = t.chars().take(3).collect();
        return head.len() >= 2 && HAN_FUNCTION.contains(&head[0]) && !in_han_word(&head, false);
    }
    let word = t.split_whitespace().next().unwrap_or("");
    matches!(
        word,
        "a" | "an"
            | "and"
            | "as"
            | "at"
            | "but"
            | "by"
            | "for"
            | "from"
            | "in"
            | "into"
            | "nor"
            | "of"
            | "on"
            | "or"
            | "the"
            | "to"
            | "vs"
            | "vs."
            | "with"
    ) && t.split_whitespace().count() >= 2
}

/// Can this line be an article title (the line right before a byline)? Titles may be
/// longer than section headings and hold a comma, but they are not sentences.
pub fn title_like(text: &str) -> bool {
    if text.len() > 600 {
        return false;
    }
    let t = text.trim();
    // The cheap tests on the last character first: asked of every line.
    !t.is_empty()
        && !ends_sentence(t)
        && !ends_open(t)
        && width_at_most(t, 120)
        && !has_inner_sentence_punct(t)
        && t.chars().any(alphabetic)
        && list_marker(t).is_none_or(|m| m.kind.is_ordered())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_function_words_at_a_line_s_ends() {
        // No title or sentence stops on `和`, `与`, `的` …, unless they end a word.
        for t in [
            "进一步认识 Cargo 和",
            "作出人格权保护禁令应将程序审查与",
            "我们的",
        ] {
            assert!(ends_on_function_word(t), "{t}");
        }
        for t in [
            "立法目的",
            "公众参与",
            "健康普及",
            "程序审查",
            "the end of the",
        ] {
            assert_eq!(ends_on_function_word(t), t.ends_with("the"), "{t}");
        }
        // Nor starts on them, unless they start a word.
        for t in ["与实体判断相结合", "和我们一起", "and as Code Sharing"] {
            assert!(starts_on_function_word(t), "{t}");
        }
        for t in [
            "和平发展的道路",
            "之后的工作",
            "与其说是",
            "And as Code Sharing",
            "and",
        ] {
            assert!(!starts_on_function_word(t), "{t}");
        }
    }

    #[test]
    fn a_colon_announcing_a_display() {
        for t in [
            "如示例 14-5 所示：",
            "会在测试结果中看到如下内容：",
            "文件可能看起来像这样：",
            "红十字会履行下列职责:",
            "结构如图所示：",
        ] {
            assert!(announces_display(t), "{t}");
        }
        // Near misses: another clause before the colon, the word in an earlier clause,
        // no colon, an English colon.
        for t in [
            "在这个库里，有两个模块：",
            "如下所示，我们有两个模块：",
            "如示例 14-5 所示。",
            "as shown below:",
        ] {
            assert!(!announces_display(t), "{t}");
        }
    }

    #[test]
    fn str_width_by_bytes_agrees_with_characters() {
        let mut all = String::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let t = format!("a{c}中");
            assert_eq!(
                str_width(&t),
                t.chars().map(display_width).sum::<usize>(),
                "{c:?}"
            );
            all.push(c);
        }
        assert_eq!(
            str_width(&all),
            all.chars().map(display_width).sum::<usize>()
        );
    }

    #[test]
    fn trim_agrees_with_std() {
        // Every white-space character leads with a byte `may_lead_space` admits.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if c.is_whitespace() {
                let mut buf = [0u8; 4];
                assert!(
                    may_lead_space(c.encode_utf8(&mut buf).as_bytes()[0]),
                    "{c:?}"
                );
            }
        }
        for s in [
            "",
            " ",
            "\u{3000}",
            "a",
            "中文",
            " 中文\u{3000}",
            "\u{a0}x",
            "x\u{2003}",
            "\u{85}",
            "。",
            "— 12 —",
            "\t1.\r",
            "\u{e1}",
            "\u{2028}a\u{2029}",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn comma_and_full_stop_found_by_their_lead_bytes() {
        for (t, has) in [
            ("济宁高新区党工委宣传部部长 李越峰", false),
            ("这是一句话，还没完", true),
            ("结束了。", true),
            ("全角：（括号）与「引号」", false),
            ("，", true),
            ("。", true),
            ("\u{FF0C}\u{3002}", true),
            ("半个\u{FF0D}\u{3001}", false),
            ("", false),
        ] {
            assert_eq!(has_comma_or_full_stop(t), t.contains(['，', '。']), "{t:?}");
            assert_eq!(has_comma_or_full_stop(t), has, "{t:?}");
        }
    }

    #[test]
    fn a_latin_byline_with_chinese_punctuation_after_it_is_still_a_byline() {
        assert_eq!(
            byline_name("Ólafur Arnalds, Staff Writer (巴黎，法国)").as_deref(),
            Some("Ólafur Arnalds")
        );
        assert_eq!(byline_name("济宁高新区党工委宣传部部长，李越峰"), None);
    }

    #[test]
    fn bracket_depths_read_from_bytes_agree_with_characters() {
        let reference = |t: &str| -> Option<[i32; 4]> {
            let mut depth = [0i32; 4];
            for c in t.chars() {
                let k = match c {
                    '(' | ')' => 0,
                    '（' | '）' => 1,
                    '《' | '》' => 2,
                    '“' | '”' => 3,
                    _ => continue,
                };
                depth[k] += if matches!(c, '(' | '（' | '《' | '“') {
                    1
                } else {
                    -1
                };
                if depth[k] < 0 {
                    return None;
                }
            }
            Some(depth)
        };
        for t in [
            "相较于《婚姻法解释",
            "（一）“引号”(a) é ü 😀 《书》",
            "closes) before (it opens",
            "”先关后开“",
            "≈ ‘’ — … ，。、＂＇〈〉",
            "",
            "plain words, no brackets at all",
            "a “quote” left “open",
            "an (aside) and a （全角） one",
        ] {
            assert_eq!(bracket_depths(t), reference(t), "{t}");
        }
    }

    #[test]
    fn fast_alphabetic_agrees_with_the_table() {
        for c in ('\0'..='\u{FFFF}').chain('\u{20000}'..='\u{2A6DF}') {
            assert_eq!(alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn fast_widths_agree_with_the_table() {
        for c in (' '..='~')
            .chain('\u{4E00}'..='\u{9FFF}')
            .chain('\u{3000}'..='\u{3029}')
            .chain('\u{FF01}'..='\u{FF60}')
        {
            assert_eq!(display_width(c), c.width().unwrap_or(0), "{c:?}");
        }
        // Every character is at most as wide as its UTF-8 length, which lets
        // `width_at_most` answer short strings at once.
        for c in ('\0'..='\u{3FFFF}').step_by(7) {
            assert!(display_width(c) <= c.len_utf8(), "{c:?}");
        }
        for s in ["", "abc", "a\tb", "中文 text", "ｆｕｌｌ", "é"] {
            let slow: usize = s.chars().map(|c| c.width().unwrap_or(0)).sum();
            assert_eq!(str_width(s), slow, "{s:?}");
            for max in 0..12 {
                assert_eq!(width_at_most(s, max), slow <= max, "{s:?} {max}");
            }
        }
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("有如下打算："));
        assert!(ends_sentence("他说：“好。”"));
        assert!(ends_sentence("The end."));
        assert!(!ends_sentence("采取领导班子带头"));
        assert!(!ends_sentence("做到央媒有大稿、"));
        assert!(ends_open("做到央媒有大稿、"));
    }

    #[test]
    fn markers() {
        let m = list_marker("1、在体制机制").unwrap();
        assert_eq!(
            (m.text.as_str(), m.kind, m.number, m.family),
            ("1、", ListKind::Decimal, 1, "decimal-comma")
        );
        let m = list_marker("三、提升运筹水平").unwrap();
        assert_eq!((m.kind, m.number), (ListKind::ChineseCounting, 3));
        assert_eq!(list_marker("（十二）总则").unwrap().number, 12);
        assert_eq!(list_marker("(2) second").unwrap().family, "paren-decimal");
        assert_eq!(list_marker("② 项").unwrap().kind, ListKind::CircledDecimal);
        assert_eq!(list_marker("• point").unwrap().kind, ListKind::Bullet);
        assert_eq!(list_marker("- point").unwrap().kind, ListKind::Bullet);
        assert_eq!(
            list_marker("ii. second").unwrap().kind,
            ListKind::LowerRoman
        );
        assert_eq!(list_marker("b) beta").unwrap().kind, ListKind::LowerAlpha);
        assert_eq!(list_marker("2. Second").unwrap().number, 2);
        for no in [
            "4月14日",
            "1.5 times",
            "2015年",
            "-12-",
            "The",
            "一是删除",
            "--flag",
            "3.",
            "Mr. Smith",
            "2023. The year began",
            "2023年，我们",
            "...and so on",
            ".5 of them",
        ] {
            assert_eq!(list_marker(no), None, "{no}");
        }
        // OCR reads a bullet as a full stop.
        assert_eq!(
            list_marker(". If the work is").unwrap().kind,
            ListKind::Bullet
        );
    }

    #[test]
    fn bylines() {
        assert_eq!(
            byline_name("济宁高新区党工委宣传部部长 李越峰").as_deref(),
            Some("李越峰")
        );
        assert_eq!(
            byline_name("北湖区消费者协会投诉部主任 邵琳").as_deref(),
            Some("邵琳")
        );
        assert_eq!(byline_name("文/张三").as_deref(), Some("张三"));
        // A four-character name needs a compound surname; a four-character phrase
        // after a title is its subtitle.
        assert_eq!(
            byline_name("东岭市司法局科长 欧阳修文").as_deref(),
            Some("欧阳修文")
        );
        assert_eq!(byline_name("民法典典型案例 以案说法"), None);
        assert_eq!(
            byline_name("日本作家 村上春树").as_deref(),
            Some("村上春树")
        );
        for yes in [
            "图 14-1：add_one 函数的文档注释",
            "表3 各区产值",
            "Figure 2. Trees",
            "Table 4: Sums",
        ] {
            assert!(caption(yes), "{yes}");
        }
        for no in ["图书馆的建设", "Tables and figures", "表达方式"] {
            assert!(!caption(no), "{no}");
        }
        for yes in [
            "Issue 11",
            "Number 8 · Autumn 2025",
            "Vol. 3, No. 2",
            "2025年第5期",
            "总第123期",
            "Spring 2026",
        ] {
            assert!(issue_line(yes), "{yes}");
        }
        for no in [
            "Readings for Arbor Day",
            "Chapter 11",
            "网络消费篇",
            "Part 2 of the Guide",
            "2024—2025学年第一学期工作总结",
            "Annual Report 2024",
        ] {
            assert!(!issue_line(no), "{no}");
        }
        assert_eq!(
            byline_name("IBM中国研究院研究员 王五").as_deref(),
            Some("王五")
        );
        assert_eq!(byline_name("Jane said, Staff Writer"), None);
        assert_eq!(byline_name("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(
            byline_name("Harbor Labs Senior Engineer Nina Alvarez").as_deref(),
            Some("Nina Alvarez")
        );
        assert_eq!(
            byline_name("Compiler Team Contributor Victor Huang").as_deref(),
            Some("Victor Huang")
        );
        assert_eq!(
            byline_name("Office of General Counsel Communications Adviser Sofia Ramirez")
                .as_deref(),
            Some("Sofia Ramirez")
        );
        assert_eq!(
            byline_name("Hon. Adolph Lené, Secretary of Ohio State Forestry Bureau").as_deref(),
            Some("Hon. Adolph Lené")
        );
        assert_eq!(
            byline_name("Jane Doe, Staff Writer").as_deref(),
            Some("Jane Doe")
        );
        for no in [
            "近赶潍坊 远学长沙",
            "守正创新，激情奋进",
            "宣传方面",
            "By the way, it rained.",
            "网购有保障 维权有依据",
            "Notes for the Editor",
            "The Writer Who Came In From The Cold Today",
        ] {
            assert_eq!(byline_name(no), None, "{no}");
        }
    }

    #[test]
    fn division_markers() {
        assert!(division_marker("第十二条 本法自公布之日起施行。"));
        assert!(division_marker("第三章 法律责任"));
        assert!(division_marker("第 2 节"));
        assert!(!division_marker("第一次会议"));
        assert!(!division_marker("第二十八次会议通过"));
        assert!(!division_marker("次第花开"));
        // A clause is cited, not opened, by its number.
        assert!(!division_marker("第二款规定承担惩罚性赔偿责任"));
    }

    #[test]
    fn headings_by_form() {
        assert!(heading_like("宣传方面"));
        assert!(heading_like("Chapter 3 Results"));
        assert!(!heading_like("业由国有创投公司直接给与投资。"));
        assert!(!heading_like("- 12 -"));
        assert!(!heading_like("做到央媒有大稿、"));
        assert!(!heading_like("abstractions）之一"));
        assert!(!heading_like("零成本抽象（zero-cost"));
        assert!(heading_like("使用发布配置（release profiles）"));
        assert!(leaves_open("相较于《婚姻法解释"));
        assert!(!leaves_open("《民法典》规定"));
    }

    #[test]
    fn language() {
        assert_eq!(detect_lang("济宁高新区 test"), Lang::Zh);
        assert_eq!(detect_lang("An English text with 一 char"), Lang::En);
    }
}
