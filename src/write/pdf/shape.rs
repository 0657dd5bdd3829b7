//! Text → clusters: choose a face for every character (with fallback through a chain
//! of shipped faces), shape each run with rustybuzz, and group the glyphs into
//! clusters, the smallest units the line breaker and the PDF writer handle. Each
//! cluster keeps the byte range of its source text, which becomes the glyph's
//! `/ToUnicode` entry so the PDF's text extracts exactly as written.

use std::collections::BTreeSet;
use std::ops::Range;

use super::fonts::{Face, FaceId};
use crate::doc::Lang;

/// What a cluster is, for line breaking and justification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// White space: trimmed at line ends, stretched when justifying.
    Space,
    /// A CJK character (ideograph, kana, CJK punctuation, full-width form).
    Cjk,
    /// Anything else that is drawn (Latin letters, digits, symbols).
    Other,
    /// A hard line break (`\n`, U+2028, …): not drawn.
    Break,
    /// A control character: not drawn, zero width.
    Invisible,
}

impl Kind {
    /// Trimmed from the end of a line and never drawn there.
    pub(crate) fn is_blank(self) -> bool {
        matches!(self, Kind::Space | Kind::Break | Kind::Invisible)
    }
}

/// One glyph of a cluster.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ShapedGlyph {
    /// Glyph id in the shipped (not yet per-document subset) face.
    pub(crate) gid: u16,
    /// The shaped advance (kerning included), in ems.
    pub(crate) advance: f32,
}

/// A cluster's glyphs: almost always one, kept inline (a document has millions of
/// clusters, and a heap allocation for each was a sixth of the PDF writer's time).
pub(crate) type Glyphs = smallvec::SmallVec<[ShapedGlyph; 2]>;

/// A cluster: one or more characters drawn by one or more glyphs of one face.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cluster {
    /// The characters, as a byte range of the shaped text.
    pub(crate) range: Range<usize>,
    /// The face that draws them.
    pub(crate) face: FaceId,
    /// The glyphs, in drawing order (empty for `Break` and `Invisible`).
    pub(crate) glyphs: Glyphs,
    /// The total advance, in ems.
    pub(crate) advance: f32,
    /// What kind of cluster.
    pub(crate) kind: Kind,
}

/// Is `c` a CJK character (for justification and the kind of a cluster)?
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF      // Hangul Jamo
        | 0x2E80..=0x2FDF    // CJK radicals, Kangxi radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // kana
        | 0x3100..=0x312F    // bopomofo
        | 0x3190..=0x31FF
        | 0x3200..=0x33FF    // enclosed CJK, compatibility
        | 0x3400..=0x4DBF    // ext. A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // CJK compatibility forms
        | 0xFF00..=0xFF60    // full-width forms
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFF) // ext. B and beyond
}

/// A hard line break character.
pub(crate) fn is_newline(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Control characters that are neither drawn nor shaped.
fn is_invisible(c: char) -> bool {
    c != '\t' && c.is_control() && !is_newline(c)
}

/// Characters that take the face of the character before them: combining marks,
/// joiners, variation selectors and other default-ignorable code points.
fn inherits_face(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
        | 0xFE20..=0xFE2F | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF
        | 0x00AD | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x206F | 0xFEFF)
}

/// Script class used to split runs: CJK and alphabetic text are shaped separately so
/// each gets its script's features (Latin kerning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Class {
    Cjk,
    Alpha,
}

fn class(c: char) -> Option<Class> {
    if is_cjk(c) {
        // CJK punctuation and symbols are "common" script: let them join any run.
        if matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFE30..=0xFE4F)
        {
            None
        } else {
            Some(Class::Cjk)
        }
    } else if c.is_alphabetic() {
        Some(Class::Alpha)
    } else {
        None
    }
}

/// Shape `text` with the faces of `chain`, in order of preference. Characters no face
/// of the chain has are drawn with the first face's `.notdef` box and added to
/// `missing`.
pub(crate) fn shape(
    text: &str,
    chain: &[FaceId],
    faces: &[&Face],
    lang: Lang,
    missing: &mut BTreeSet<char>,
) -> Vec<Cluster> {
    let Some(&primary) = chain.first() else {
        return Vec::new();
    };
    let face_of = |id: FaceId| faces.get(id.index()).copied();
    // About one cluster a character (a byte of ASCII, three of Chinese): sized once,
    // not regrown cluster by cluster.
    let mut out = Vec::with_capacity(if text.is_ascii() {
        text.len()
    } else {
        text.len() / 3 + 16
    });

    // Printable ASCII that the first face draws whole is one run of it, Latin where
    // it has a letter: what `shape_by_char` finds, without asking each character.
    if face_of(primary).is_some_and(Face::has_printable_ascii)
        && text.bytes().all(|b| (0x20..0x7F).contains(&b))
    {
        let cls = text
            .bytes()
            .any(|b| b.is_ascii_alphabetic())
            .then_some(Class::Alpha);
        shape_run(text, 0..text.len(), primary, cls, faces, lang, &mut out);
        return out;
    }
    // Chinese without anything else (most paragraphs of a Chinese document): each
    // character its nominal glyph, from the first face, as `shape_by_char` would find
    // (one run, one face, no space to split it, `shape_plain_cjk`), in one pass.
    if let Some(face) = face_of(primary).filter(|f| f.plain_cjk) {
        let start = out.len();
        if push_plain_cjk(text, primary, face, &mut out) {
            return out;
        }
        out.truncate(start);
    }
    shape_by_char(text, chain, faces, lang, missing, out)
}

/// Push a cluster for each character of `text` drawn by `face` as [`shape_plain_cjk`]
/// draws it; `false` (with some pushed) where a character is not plain CJK or the
/// face lacks it.
fn push_plain_cjk(text: &str, id: FaceId, face: &Face, out: &mut Vec<Cluster>) -> bool {
    for (i, c) in text.char_indices() {
        let Some((glyphs, advance, kind)) = plain_cjk_glyph(c, face) else {
            return false;
        };
        out.push(Cluster {
            range: i..i + c.len_utf8(),
            face: id,
            glyphs,
            advance,
            kind,
        });
    }
    true
}

/// A plain CJK character (see [`plain_cjk`]) as `face` draws it: its nominal glyph, its
/// advance, and its kind (what `kind_of` says of it: all are CJK, and the ideographic
/// space is the only white space among them). `None` for anything else, or where the
/// face lacks it.
fn plain_cjk_glyph(c: char, face: &Face) -> Option<(Glyphs, f32, Kind)> {
    if !plain_cjk(c) {
        return None;
    }
    let gid = face.glyph(c)?;
    let advance = face.advance(gid);
    let kind = if c == '\u{3000}' {
        Kind::Space
    } else {
        Kind::Cjk
    };
    let mut glyphs = Glyphs::new();
    glyphs.push(ShapedGlyph { gid, advance });
    Some((glyphs, advance, kind))
}

/// [`shape`], asking each character for its face and class.
fn shape_by_char(
    text: &str,
    chain: &[FaceId],
    faces: &[&Face],
    lang: Lang,
    missing: &mut BTreeSet<char>,
    mut out: Vec<Cluster>,
) -> Vec<Cluster> {
    let Some(&primary) = chain.first() else {
        return out;
    };
    let face_of = |id: FaceId| faces.get(id.index()).copied();

    // Current run: start byte, face, class.
    let mut run: Option<(usize, FaceId, Option<Class>)> = None;
    let mut prev_face = primary;

    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if is_newline(c) || is_invisible(c) {
            if let Some((start, face, cls)) = run.take() {
                shape_run(text, start..i, face, cls, faces, lang, &mut out);
            }
            out.push(Cluster {
                range: i..end,
                face: prev_face,
                glyphs: Glyphs::new(),
                advance: 0.0,
                kind: if is_newline(c) {
                    Kind::Break
                } else {
                    Kind::Invisible
                },
            });
            continue;
        }

        let face = if inherits_face(c) {
            prev_face
        } else {
            let found = chain
                .iter()
                .copied()
                .find(|&id| face_of(id).is_some_and(|f| f.has_glyph(c)));
            match found {
                Some(id) => id,
                None if c.is_whitespace() || c == '\t' => prev_face,
                None => {
                    missing.insert(c);
                    primary
                }
            }
        };
        let cls = class(c);

        match run {
            Some((start, rface, rcls)) => {
                let class_clash = matches!((rcls, cls), (Some(a), Some(b)) if a != b);
                if rface != face || class_clash {
                    shape_run(text, start..i, rface, rcls, faces, lang, &mut out);
                    run = Some((i, face, cls));
                } else if rcls.is_none() && cls.is_some() {
                    run = Some((start, rface, cls));
                }
            }
            None => run = Some((i, face, cls)),
        }
        prev_face = face;
    }
    if let Some((start, face, cls)) = run {
        shape_run(text, start..text.len(), face, cls, faces, lang, &mut out);
    }
    out
}

/// A shaped cluster of a segment: byte range in the segment, glyphs, advance, kind.
type Seg = (Range<usize>, Glyphs, f32, Kind);

/// Key of a shaped segment: the face (by address: faces live for the process), the
/// script class, the language and the text.
type SegKey = (usize, Option<Class>, Lang, Box<str>);

/// The shaped segments of a thread, by the hash of their key (looked up without
/// building the key), each with its key to tell a collision from a hit.
type SegCache = std::collections::HashMap<
    u64,
    (SegKey, std::rc::Rc<[Seg]>),
    std::hash::BuildHasherDefault<crate::hash::Mix>,
>;

thread_local! {
    /// Words shaped so far on this thread: documents repeat their words, and shaping
    /// is the costliest step of the PDF writer.
    static SHAPED: std::cell::RefCell<SegCache> = Default::default();
}

/// Most segments kept in a thread's cache before it starts afresh.
const CACHE_CAP: usize = 200_000;
/// Longest segment (bytes) worth caching.
const CACHE_LEN: usize = 48;

/// Shape one run (one face, one script class) and append its clusters. The run is
/// shaped word by word (spaces apart: no kerning crosses a space), each word once.
fn shape_run(
    text: &str,
    range: Range<usize>,
    face_id: FaceId,
    class: Option<Class>,
    faces: &[&Face],
    lang: Lang,
    out: &mut Vec<Cluster>,
) {
    let Some(src) = text.get(range.clone()) else {
        return;
    };
    if src.is_empty() {
        return;
    }
    let Some(&face) = faces.get(face_id.index()) else {
        return;
    };
    let mut start = 0;
    let mut space = None;
    let mut bounds = Vec::new();
    for (i, c) in src.char_indices() {
        let is_space = c == ' ' || c == '\t';
        if space.is_some_and(|s| s != is_space) {
            bounds.push(start..i);
            start = i;
        }
        space = Some(is_space);
    }
    bounds.push(start..src.len());
    for b in bounds {
        let seg = &src[b.clone()];
        let shaped: std::rc::Rc<[Seg]> = if seg.len() <= CACHE_LEN {
            use std::hash::{Hash, Hasher};
            let addr = face as *const Face as usize;
            let mut hasher = crate::hash::Mix::default();
            (addr, class, lang, seg).hash(&mut hasher);
            let h = hasher.finish();
            SHAPED.with(|cache| {
                let mut cache = cache.borrow_mut();
                if let Some(((a, c, l, t), hit)) = cache.get(&h) {
                    if (*a, *c, *l, &**t) == (addr, class, lang, seg) {
                        return hit.clone();
                    }
                }
                if cache.len() >= CACHE_CAP {
                    cache.clear();
                }
                let v: std::rc::Rc<[Seg]> = shape_segment(seg, face, class, lang).into();
                cache.insert(h, ((addr, class, lang, seg.into()), v.clone()));
                v
            })
        } else {
            shape_segment(seg, face, class, lang).into()
        };
        for (r, glyphs, advance, kind) in shaped.iter() {
            out.push(Cluster {
                range: range.start + b.start + r.start..range.start + b.start + r.end,
                face: face_id,
                glyphs: glyphs.clone(),
                advance: *advance,
                kind: *kind,
            });
        }
    }
}

/// Shape one segment of a run (a word, or the spaces between words) with one face:
/// its clusters, with byte ranges relative to the segment.
fn shape_segment(src: &str, face: &Face, class: Option<Class>, lang: Lang) -> Vec<Seg> {
    if let Some(fast) = shape_plain_cjk(src, face) {
        return fast;
    }
    let mut out = Vec::new();
    // Tabs become spaces (same byte length, so clusters keep their offsets).
    let run_text: String = src
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();

    let mut buf = rustybuzz::UnicodeBuffer::new();
    buf.push_str(&run_text);
    buf.set_direction(rustybuzz::Direction::LeftToRight);
    let tag = match lang {
        Lang::Zh => "zh-Hans",
        Lang::En => "en",
    };
    if let Ok(l) = tag.parse::<rustybuzz::Language>() {
        buf.set_language(l);
    }
    // CJK fonts draw quotes and apostrophes full-width. Use the proportional (Latin)
    // forms (`pwid`) for an apostrophe inside a word ("report’s") and, in English
    // documents, for every quote in alphabetic text.
    let pwid = rustybuzz::ttf_parser::Tag::from_bytes(b"pwid");
    let chars: Vec<(usize, char)> = run_text.char_indices().collect();
    let features: Vec<rustybuzz::Feature> = if class == Some(Class::Alpha) {
        chars
            .iter()
            .enumerate()
            .filter(|(k, (_, c))| {
                matches!(c, '‘' | '’' | '“' | '”')
                    && (lang == Lang::En
                        || (*k > 0
                            && chars[k - 1].1.is_alphabetic()
                            && chars.get(k + 1).is_some_and(|(_, n)| n.is_alphabetic())))
            })
            .map(|(_, (i, c))| {
                let (i, len) = (*i, c.len_utf8());
                rustybuzz::Feature::new(pwid, 1, i..i + len)
            })
            .collect()
    } else {
        Vec::new()
    };
    let shaped = rustybuzz::shape(&face.hb, &features, buf);
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();

    let mut k = 0;
    while k < infos.len() {
        let cl = infos[k].cluster as usize;
        let mut glyphs = Glyphs::new();
        let mut j = k;
        while j < infos.len() && infos[j].cluster as usize == cl {
            let gid = u16::try_from(infos[j].glyph_id).unwrap_or(0);
            let advance = positions.get(j).map_or(0, |p| p.x_advance) as f32 / face.upem;
            glyphs.push(ShapedGlyph { gid, advance });
            j += 1;
        }
        // The cluster's text runs to the next cluster's start (clusters ascend in
        // left-to-right text).
        let next = infos[j..]
            .iter()
            .map(|g| g.cluster as usize)
            .find(|&c| c > cl)
            .unwrap_or(src.len());
        let (lo, hi) = (
            cl.min(src.len()),
            next.min(src.len()).max(cl.min(src.len())),
        );
        let piece = src.get(lo..hi).unwrap_or("");
        let kind = kind_of(piece);
        let advance = glyphs.iter().map(|g| g.advance).sum();
        out.push((lo..hi, glyphs, advance, kind));
        k = j;
    }
    out
}

/// Characters that shaping maps one to one onto their nominal glyphs in the shipped
/// faces, at their nominal advance: ideographs, CJK punctuation and full-width forms
/// (a test checks this against rustybuzz for the shipped faces).
fn plain_cjk(c: char) -> bool {
    // (Not the ideographic tone marks U+302A–U+302F: they combine.)
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x3000..=0x3029 | 0x3030..=0x303F | 0xFF01..=0xFF60)
}

/// The kind of the cluster that draws `piece`.
fn kind_of(piece: &str) -> Kind {
    if !piece.is_empty() && piece.chars().all(|c| c.is_whitespace() || c == '\t') {
        Kind::Space
    } else if piece.chars().next().is_some_and(is_cjk) {
        Kind::Cjk
    } else {
        Kind::Other
    }
}

/// Chinese text without Latin letters, quotes or marks needs no shaping: every
/// character is its glyph, at its advance. Most of a Chinese document's text takes
/// this path, several times faster than the shaper; anything else returns `None`.
fn shape_plain_cjk(src: &str, face: &Face) -> Option<Vec<Seg>> {
    if !face.plain_cjk {
        return None;
    }
    let mut out = Vec::with_capacity(src.len() / 3);
    for (i, c) in src.char_indices() {
        let (glyphs, advance, kind) = plain_cjk_glyph(c, face)?;
        out.push((i..i + c.len_utf8(), glyphs, advance, kind));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::pdf::fonts::shipped;

    fn faces() -> Vec<&'static Face> {
        shipped().unwrap().iter().collect()
    }

    #[test]
    fn printable_ascii_is_shaped_as_by_each_character() {
        let faces = &faces();
        for text in [
            "",
            " ",
            "Plain words, and more: 12 (ok) [x] {y} ~ end.",
            "123 456",
            "   !!!",
            "a",
        ] {
            for chain in [&[FaceId::SERIF][..], &[FaceId::SANS_BOLD, FaceId::SERIF]] {
                let mut missing = BTreeSet::new();
                let fast = shape(text, chain, faces, Lang::En, &mut missing);
                let slow = shape_by_char(text, chain, faces, Lang::En, &mut missing, Vec::new());
                assert_eq!(fast, slow, "{text:?}");
                assert!(missing.is_empty());
            }
        }
    }

    #[test]
    fn plain_chinese_is_shaped_as_by_each_character() {
        let faces = &faces();
        let long: String = (0x4E00u32..0x4E00 + 300)
            .filter_map(char::from_u32)
            .chain("，。、　（）：".chars())
            .collect();
        for text in [
            "中文",
            "本案的典型意义。",
            "　　首行缩进，全角！",
            "龘",
            long.as_str(),
        ] {
            for chain in [&[FaceId::SERIF][..], &[FaceId::SANS_BOLD, FaceId::SERIF]] {
                for lang in [Lang::Zh, Lang::En] {
                    // (A character the first face lacks sends the text the long way.)
                    let (mut m1, mut m2) = (BTreeSet::new(), BTreeSet::new());
                    let fast = shape(text, chain, faces, lang, &mut m1);
                    let slow = shape_by_char(text, chain, faces, lang, &mut m2, Vec::new());
                    assert_eq!(fast, slow, "{text:?}");
                    assert_eq!(m1, m2);
                }
            }
        }
    }

    #[test]
    fn plain_cjk_kinds_are_what_kind_of_says() {
        for c in (0u32..0x11_0000)
            .filter_map(char::from_u32)
            .filter(|&c| plain_cjk(c))
        {
            let expected = if c == '\u{3000}' {
                Kind::Space
            } else {
                Kind::Cjk
            };
            assert_eq!(kind_of(c.encode_utf8(&mut [0; 4])), expected, "{c:?}");
        }
    }

    #[test]
    fn clusters_cover_the_text_in_order() {
        let faces = &faces();
        let text = "中文，English text\twith fi and 言。\nNext";
        let mut missing = BTreeSet::new();
        let cl = shape(text, &[FaceId::SERIF], faces, Lang::Zh, &mut missing);
        let mut pos = 0;
        for c in &cl {
            assert_eq!(c.range.start, pos, "{cl:?}");
            pos = c.range.end;
        }
        assert_eq!(pos, text.len());
        assert!(cl.iter().any(|c| c.kind == Kind::Break));
        assert!(missing.is_empty(), "{missing:?}");
        let han = cl.iter().find(|c| &text[c.range.clone()] == "言").unwrap();
        assert_eq!(han.kind, Kind::Cjk);
        assert!((han.advance - 1.0).abs() < 1e-3);
    }

    #[test]
    fn plain_chinese_is_drawn_as_the_shaper_would() {
        // Every GB2312 ideograph, CJK punctuation and full-width form, in runs with
        // their neighbours: the fast path gives rustybuzz's glyphs and advances.
        let mut text = String::new();
        let gb = (0x4E00u32..=0x9FA5).filter_map(char::from_u32);
        let punct = (0x3000u32..=0x303F)
            .chain(0xFF01..=0xFF60)
            .filter_map(char::from_u32)
            .filter(|&c| plain_cjk(c))
            .cycle();
        for (k, (c, p)) in gb.zip(punct).enumerate() {
            text.push(c);
            if k % 3 == 0 {
                text.push(p);
            }
        }
        for face in faces() {
            let chars: Vec<char> = text.chars().collect();
            for piece in chars.chunks(64) {
                let piece: String = piece.iter().filter(|&&c| face.has_glyph(c)).collect();
                let Some(fast) = shape_plain_cjk(&piece, face) else {
                    panic!("not plain: {piece}");
                };
                let mut buf = rustybuzz::UnicodeBuffer::new();
                buf.push_str(&piece);
                buf.set_direction(rustybuzz::Direction::LeftToRight);
                buf.set_language("zh-Hans".parse().unwrap());
                let shaped = rustybuzz::shape(&face.hb, &[], buf);
                let slow: Vec<(u16, f32)> = shaped
                    .glyph_infos()
                    .iter()
                    .zip(shaped.glyph_positions())
                    .map(|(i, p)| (i.glyph_id as u16, p.x_advance as f32 / face.upem))
                    .collect();
                let quick: Vec<(u16, f32)> = fast
                    .iter()
                    .flat_map(|(_, g, _, _)| g.iter().map(|g| (g.gid, g.advance)))
                    .collect();
                assert_eq!(quick, slow, "{piece}");
            }
        }
    }

    #[test]
    fn missing_characters_are_reported() {
        let faces = &faces();
        let mut missing = BTreeSet::new();
        // U+4DB6 (ext. A) and an emoji are not in the GB2312-based subsets.
        let cl = shape(
            "a\u{4DB6}b😀",
            &[FaceId::SERIF, FaceId::SANS_BOLD],
            faces,
            Lang::En,
            &mut missing,
        );
        assert_eq!(missing, BTreeSet::from(['\u{4DB6}', '😀']));
        // Still drawn (with .notdef), never an invisible gap.
        assert!(cl.iter().all(|c| !c.glyphs.is_empty()));
    }
}

#[cfg(test)]
mod palt_tests {
    use super::*;
    use crate::write::pdf::fonts::shipped;

    fn faces() -> Vec<&'static Face> {
        shipped().unwrap().iter().collect()
    }

    #[test]
    fn apostrophes_in_words_are_proportional() {
        let faces = &faces();
        let text = "报告report’s“引”";
        let cl = shape(
            text,
            &[FaceId::SERIF],
            faces,
            Lang::Zh,
            &mut BTreeSet::new(),
        );
        let adv = |s: &str| {
            cl.iter()
                .find(|c| &text[c.range.clone()] == s)
                .unwrap()
                .advance
        };
        assert!(adv("’") < 0.3, "{}", adv("’"));
        // Chinese quotes keep their full width.
        assert!(adv("“") > 0.9, "{}", adv("“"));
    }
}
