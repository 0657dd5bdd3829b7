//! Fonts: the faces shipped inside the binary, and the ones users choose with
//! `--font-serif`, `--font-sans` and `--font-mono` (a font file or an installed
//! family). Every face is parsed once per process and shared by every thread.
//!
//! The shipped faces are subsets of Noto CJK SC (SIL OFL 1.1, see `assets/fonts/`) cut
//! by `tools/make-fonts.py` to GB2312 plus the Latin, Greek, punctuation and symbol
//! blocks Chinese and English documents use. `ttf-parser`/`rustybuzz` read every face
//! and `subsetter` cuts the per-document subset that is embedded.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::error::{Error, Result};

/// A face of one document's font set: an index into [`FontSet::faces`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct FaceId(pub(crate) u8);

impl FaceId {
    /// Noto Serif CJK SC Regular: body text, bylines, lists, page numbers.
    pub(crate) const SERIF: FaceId = FaceId(0);
    /// Noto Sans CJK SC Bold: headings.
    pub(crate) const SANS_BOLD: FaceId = FaceId(1);

    pub(crate) fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// One parsed face.
pub(crate) struct Face {
    /// The PostScript name (`NotoSerifCJKsc-Regular`), used for the PDF `/BaseFont`.
    pub(crate) ps_name: &'static str,
    /// The whole font file (what `subsetter` cuts from).
    pub(crate) data: &'static [u8],
    /// The face's index in a collection (`.ttc`); 0 otherwise.
    pub(crate) index: u32,
    /// Shaping and metrics.
    pub(crate) hb: rustybuzz::Face<'static>,
    /// Units per em, as `f32`.
    pub(crate) upem: f32,
    /// The glyph of every character of the Basic Multilingual Plane (0 for none),
    /// read from the `cmap` on first use: shaping looks up every character, and the
    /// table's search is a tenth of a PDF's time.
    bmp: OnceLock<Box<[u16]>>,
    /// Every glyph's advance in font units, on first use.
    advances: OnceLock<Box<[u16]>>,
    /// Does shaping map Chinese text one to one onto nominal glyphs at nominal
    /// advances (no kerning or substitution of ideographs and CJK punctuation)? Known
    /// of the shipped faces (a test checks it); a user's font is always shaped.
    pub(crate) plain_cjk: bool,
    /// Has the face a glyph for every printable ASCII character? On first use.
    printable_ascii: OnceLock<bool>,
}

impl Face {
    /// Has the face a glyph for every printable ASCII character (`' '` to `'~'`)?
    pub(crate) fn has_printable_ascii(&self) -> bool {
        *self
            .printable_ascii
            .get_or_init(|| (0x20u8..0x7F).all(|b| self.has_glyph(char::from(b))))
    }

    fn bmp(&self) -> &[u16] {
        self.bmp.get_or_init(|| {
            let mut table = vec![0u16; 0x1_0000].into_boxed_slice();
            if let Some(cmap) = self.hb.tables().cmap {
                for sub in cmap.subtables {
                    if !sub.is_unicode() {
                        continue;
                    }
                    sub.codepoints(|cp| {
                        if let (Some(slot), Some(g)) =
                            (table.get_mut(cp as usize), sub.glyph_index(cp))
                        {
                            if *slot == 0 {
                                *slot = g.0;
                            }
                        }
                    });
                }
            }
            table
        })
    }

    /// The glyph for `c` (`None` where the face has none).
    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        let cp = c as usize;
        if cp < 0x1_0000 {
            let g = self.bmp()[cp];
            // A character the table does not map may still be mapped by a subtable
            // the walk did not cover: ask the face itself.
            if g != 0 {
                return Some(g);
            }
        }
        self.hb.glyph_index(c).map(|g| g.0).filter(|&g| g != 0)
    }

    /// The advance of glyph `gid` in font units (0 for a glyph the face lacks), from a
    /// table read on first use: the writer asks it of every glyph it places.
    fn units(&self, gid: u16) -> u16 {
        let table = self.advances.get_or_init(|| {
            (0..self.hb.number_of_glyphs())
                .map(|g| {
                    self.hb
                        .glyph_hor_advance(ttf_parser::GlyphId(g))
                        .unwrap_or(0)
                })
                .collect()
        });
        table.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// The advance of glyph `gid`, in ems.
    pub(crate) fn advance(&self, gid: u16) -> f32 {
        f32::from(self.units(gid)) / self.upem
    }

    /// Does the face have a glyph for `c`?
    pub(crate) fn has_glyph(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// The advance of glyph `gid` in thousandths of an em, rounded the way PDF `/W`
    /// arrays (and printpdf) store it: truncated to an integer.
    pub(crate) fn pdf_advance(&self, gid: u16) -> f32 {
        (f32::from(self.units(gid)) * 1000.0 / self.upem).trunc()
    }
}

const SERIF: &[u8] = include_bytes!("../../../assets/fonts/NotoSerifCJKsc-Regular-subset.otf");
const SANS_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSansCJKsc-Bold-subset.otf");

fn parse(data: &'static [u8], index: u32, what: &str) -> std::result::Result<Face, String> {
    let hb = rustybuzz::Face::from_slice(data, index)
        .ok_or_else(|| format!("{what}: not a font rustybuzz can read (face {index})"))?;
    let upem = f32::from(hb.units_per_em().clamp(1, i32::from(u16::MAX)) as u16);
    // The PostScript name, for `/BaseFont`: printable ASCII without PDF delimiters.
    let ps: String = hb
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .unwrap_or_else(|| "Font".to_string())
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .take(60)
        .collect();
    let ps_name: &'static str =
        Box::leak(if ps.is_empty() { "Font".into() } else { ps }.into_boxed_str());
    Ok(Face {
        ps_name,
        data,
        index,
        hb,
        upem,
        bmp: OnceLock::new(),
        advances: OnceLock::new(),
        plain_cjk: false,
        printable_ascii: OnceLock::new(),
    })
}

/// The shipped faces, indexed by [`FaceId::SERIF`] and [`FaceId::SANS_BOLD`]. Parsed
/// on first use, once per process.
pub(crate) fn shipped() -> Result<&'static [Face]> {
    static FACES: OnceLock<std::result::Result<Vec<Face>, String>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let mut faces = vec![
                parse(SERIF, 0, "the built-in serif font")?,
                parse(SANS_BOLD, 0, "the built-in sans font")?,
            ];
            for f in &mut faces {
                f.plain_cjk = true;
            }
            Ok(faces)
        })
        .as_deref()
        .map_err(|e| Error::Font(e.clone()))
}

/// A font chosen by the user: a file (and the face in it, for a `.ttc`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FontFile {
    /// The font file.
    pub path: PathBuf,
    /// The face in a collection; 0 for a single font.
    pub index: u32,
}

/// What a `--font-*` flag names: a font file (`NotoSerif.otf`, `simsun.ttc#1`) or the
/// family of an installed font (`Noto Serif CJK SC`), resolved to its file. `bold`
/// prefers a bold face of the family.
pub fn resolve_font(spec: &str, bold: bool) -> std::result::Result<FontFile, String> {
    let (file, index) = match spec.rsplit_once('#') {
        Some((f, i)) if !f.is_empty() && i.parse::<u32>().is_ok() => {
            (f, i.parse::<u32>().unwrap_or(0))
        }
        _ => (spec, 0),
    };
    let path = Path::new(file);
    let looks_like_file = path.is_file()
        || [".ttf", ".otf", ".ttc", ".otc"]
            .iter()
            .any(|ext| file.to_ascii_lowercase().ends_with(ext));
    if looks_like_file {
        if !path.is_file() {
            return Err(format!("{spec}: no such font file"));
        }
        let f = FontFile {
            path: path.to_path_buf(),
            index,
        };
        load(&f)?;
        return Ok(f);
    }
    let db = system_fonts();
    let want = spec.trim().to_lowercase();
    let target = if bold { 700 } else { 400 };
    db.faces()
        .filter(|f| {
            f.families
                .iter()
                .any(|(name, _)| name.to_lowercase() == want)
                || f.post_script_name.to_lowercase() == want
        })
        .filter_map(|f| match &f.source {
            fontdb::Source::File(p) => Some((f, p.clone())),
            _ => None,
        })
        .min_by_key(|(f, _)| {
            let italic = f.style != fontdb::Style::Normal;
            let narrow = f.stretch != fontdb::Stretch::Normal;
            (italic, narrow, (i32::from(f.weight.0) - target).abs())
        })
        .map(|(f, path)| FontFile {
            path,
            index: f.index,
        })
        .ok_or_else(|| format!("{spec}: no such font file or installed font family"))
}

/// The family name of a user's font (its typographic family, else its family), as
/// word processors know it.
pub fn family_of(f: &FontFile) -> Option<String> {
    let face = load(f).ok()?;
    let names = face.hb.names();
    let find = |id: u16| {
        let all: Vec<_> = names.into_iter().filter(|n| n.name_id == id).collect();
        all.iter()
            .filter(|n| n.language_id == 0x409)
            .chain(all.iter())
            .find_map(|n| n.to_string())
    };
    find(ttf_parser::name_id::TYPOGRAPHIC_FAMILY).or_else(|| find(ttf_parser::name_id::FAMILY))
}

/// Does a user's font have Han characters (so it can be a document's East Asian font)?
pub fn has_han(f: &FontFile) -> bool {
    load(f).is_ok_and(|face| "中文汉字".chars().all(|c| face.has_glyph(c)))
}

/// The installed fonts (fontconfig's directories), scanned once per process.
fn system_fonts() -> &'static fontdb::Database {
    static DB: OnceLock<fontdb::Database> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db
    })
}

/// A user's font, read and parsed once per process (the bytes live as long as it).
pub(crate) fn load(f: &FontFile) -> std::result::Result<&'static Face, String> {
    type Cache = Mutex<HashMap<FontFile, std::result::Result<&'static Face, String>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    map.entry(f.clone())
        .or_insert_with(|| {
            let what = f.path.display().to_string();
            let bytes = std::fs::read(&f.path).map_err(|e| format!("{what}: {e}"))?;
            let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            let face = parse(data, f.index, &what)?;
            Ok(&*Box::leak(Box::new(face)))
        })
        .clone()
}

/// The user's font choices for the PDF; `None` keeps the shipped face.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfFonts {
    /// Body text (a Song/serif face).
    pub serif: Option<FontFile>,
    /// Headings (a Hei/sans face, bold preferred).
    pub sans: Option<FontFile>,
    /// Preformatted text (code).
    pub mono: Option<FontFile>,
}

/// Which faces set which text, in order of preference: a character the first face
/// lacks falls back to the next face that has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Chain {
    Body,
    Heading,
    Mono,
}

/// One document's faces: the shipped ones first, then the user's, and the fallback
/// chains over them.
pub(crate) struct FontSet {
    pub(crate) faces: Vec<&'static Face>,
    body: Vec<FaceId>,
    heading: Vec<FaceId>,
    mono: Vec<FaceId>,
}

impl FontSet {
    /// The shipped faces, with the user's in front of them where chosen.
    pub(crate) fn new(choice: &PdfFonts) -> Result<FontSet> {
        let mut faces: Vec<&'static Face> = shipped()?.iter().collect();
        let mut user = |f: &Option<FontFile>| -> Result<Option<FaceId>> {
            let Some(f) = f else {
                return Ok(None);
            };
            let face = load(f).map_err(Error::Font)?;
            faces.push(face);
            Ok(Some(FaceId((faces.len() - 1) as u8)))
        };
        let (serif, sans, mono) = (
            user(&choice.serif)?,
            user(&choice.sans)?,
            user(&choice.mono)?,
        );
        let chain = |first: &[Option<FaceId>], rest: &[FaceId]| -> Vec<FaceId> {
            first
                .iter()
                .flatten()
                .copied()
                .chain(rest.iter().copied())
                .collect()
        };
        Ok(FontSet {
            body: chain(&[serif, sans], &[FaceId::SERIF, FaceId::SANS_BOLD]),
            heading: chain(&[sans, serif], &[FaceId::SANS_BOLD, FaceId::SERIF]),
            mono: chain(&[mono, serif], &[FaceId::SERIF, FaceId::SANS_BOLD]),
            faces,
        })
    }

    /// The faces of a chain, in order of preference.
    pub(crate) fn chain(&self, chain: Chain) -> &[FaceId] {
        match chain {
            Chain::Body => &self.body,
            Chain::Heading => &self.heading,
            Chain::Mono => &self.mono,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_faces_parse_and_cover_gb2312_samples() {
        let faces = shipped().unwrap();
        assert_eq!(faces.len(), 2);
        for f in faces {
            for c in "言语，。“”①一A é—…•■".chars().filter(|c| *c != ' ') {
                assert!(f.has_glyph(c), "{} lacks {c:?}", f.ps_name);
            }
            // Kangxi radical ⾔ is not in the subset: 言 must never be confused with it.
            assert!(!f.has_glyph('\u{2F94}'));
        }
        assert_eq!(faces[0].ps_name, "NotoSerifCJKsc-Regular");
    }

    #[test]
    fn faces_are_shared_across_threads() {
        let a = shipped().unwrap().as_ptr() as usize;
        let b = std::thread::spawn(|| shipped().unwrap().as_ptr() as usize)
            .join()
            .unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn user_fonts_go_first_and_fall_back_to_the_shipped_ones() {
        let set = FontSet::new(&PdfFonts::default()).unwrap();
        assert_eq!(set.chain(Chain::Body), [FaceId::SERIF, FaceId::SANS_BOLD]);
        assert_eq!(set.chain(Chain::Mono), [FaceId::SERIF, FaceId::SANS_BOLD]);
        // A missing file, and a family nobody has, are errors naming them.
        assert!(resolve_font("/nonexistent/x.ttf", false)
            .unwrap_err()
            .contains("no such font file"));
        assert!(resolve_font("No Such Family 123", false)
            .unwrap_err()
            .contains("No Such Family 123"));
        // A file that is no font.
        let tmp = tempfile::NamedTempFile::with_suffix(".ttf").unwrap();
        std::fs::write(tmp.path(), b"not a font").unwrap();
        assert!(resolve_font(tmp.path().to_str().unwrap(), false).is_err());
    }
}
