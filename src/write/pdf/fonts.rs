//! The fonts shipped inside the binary, parsed once per process and shared by every
//! thread.
//!
//! Both faces are subsets of Noto CJK SC (SIL OFL 1.1, see `assets/fonts/`) cut by
//! `tools/make-fonts.py` to GB2312 plus the Latin, Greek, punctuation and symbol blocks
//! Chinese and English documents use. The outlines are CFF; `ttf-parser`/`rustybuzz`
//! read them and `subsetter` cuts the per-document subset that is embedded.

use std::sync::OnceLock;

use crate::error::{Error, Result};

/// Which shipped face. The discriminant is the index into [`faces`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FaceId {
    /// Noto Serif CJK SC Regular: body text, bylines, lists, page numbers.
    Serif = 0,
    /// Noto Sans CJK SC Bold: headings.
    SansBold = 1,
}

impl FaceId {
    /// Every shipped face, in [`faces`] order.
    #[cfg(test)]
    pub(crate) const ALL: [FaceId; 2] = [FaceId::Serif, FaceId::SansBold];

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// One parsed face.
pub(crate) struct Face {
    /// The PostScript name (`NotoSerifCJKsc-Regular`), used for the PDF `/BaseFont`.
    pub(crate) ps_name: &'static str,
    /// The whole font file (what `subsetter` cuts from).
    pub(crate) data: &'static [u8],
    /// Shaping and metrics.
    pub(crate) hb: rustybuzz::Face<'static>,
    /// Units per em, as `f32`.
    pub(crate) upem: f32,
}

impl Face {
    /// Does the face have a glyph for `c`?
    pub(crate) fn has_glyph(&self, c: char) -> bool {
        self.hb.glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// The advance of glyph `gid` in thousandths of an em, rounded the way PDF `/W`
    /// arrays (and printpdf) store it: truncated to an integer.
    pub(crate) fn pdf_advance(&self, gid: u16) -> f32 {
        let adv = self
            .hb
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0);
        (f32::from(adv) * 1000.0 / self.upem).trunc()
    }
}

const SERIF: &[u8] = include_bytes!("../../../assets/fonts/NotoSerifCJKsc-Regular-subset.otf");
const SANS_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSansCJKsc-Bold-subset.otf");

fn parse(ps_name: &'static str, data: &'static [u8]) -> std::result::Result<Face, String> {
    let hb = rustybuzz::Face::from_slice(data, 0)
        .ok_or_else(|| format!("cannot parse the built-in font {ps_name}"))?;
    let upem = f32::from(hb.units_per_em().clamp(1, i32::from(u16::MAX)) as u16);
    Ok(Face {
        ps_name,
        data,
        hb,
        upem,
    })
}

/// The shipped faces, indexed by [`FaceId`]. Parsed on first use, once per process.
pub(crate) fn faces() -> Result<&'static [Face]> {
    static FACES: OnceLock<std::result::Result<Vec<Face>, String>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Ok(vec![
                parse("NotoSerifCJKsc-Regular", SERIF)?,
                parse("NotoSansCJKsc-Bold", SANS_BOLD)?,
            ])
        })
        .as_deref()
        .map_err(|e| Error::Font(e.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_faces_parse_and_cover_gb2312_samples() {
        let faces = faces().unwrap();
        assert_eq!(faces.len(), FaceId::ALL.len());
        for id in FaceId::ALL {
            let f = &faces[id.index()];
            for c in "言语，。“”①一A é—…•■".chars().filter(|c| *c != ' ') {
                assert!(f.has_glyph(c), "{} lacks {c:?}", f.ps_name);
            }
            // Kangxi radical ⾔ is not in the subset: 言 must never be confused with it.
            assert!(!f.has_glyph('\u{2F94}'));
        }
    }

    #[test]
    fn faces_are_shared_across_threads() {
        let a = faces().unwrap().as_ptr() as usize;
        let b = std::thread::spawn(|| faces().unwrap().as_ptr() as usize)
            .join()
            .unwrap();
        assert_eq!(a, b);
    }
}
