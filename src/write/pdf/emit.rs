//! Pages of placed glyphs → PDF bytes.
//!
//! printpdf (built without `text_layout`) embeds whatever font program it is given,
//! so the subsetting happens here: the glyphs the document uses are cut out of each
//! shipped face with `subsetter`, renumbered, and that small font is handed to
//! printpdf under a deterministic resource name (`F1`, `F2`) and a subset-tagged
//! PostScript name (`ABCDEF+NotoSerifCJKsc-Regular`). Text is drawn as
//! `TextItem::GlyphIds` carrying each cluster's source text, from which printpdf
//! writes the `/ToUnicode` CMap, so extraction returns the characters as written.
//!
//! The lopdf document is then finished by hand: info dictionary (UTF-16BE), `/Lang`,
//! a nested outline from the headings, and a content-derived document `/ID`.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Codepoint, FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt, TextItem, TextMatrix,
};

use super::fonts::{Face, FaceId};
use super::layout::{Page, Placed};
use crate::doc::Meta;
use crate::error::{Error, Result};
use crate::report::Warning;

/// Everything the emitter needs besides the pages.
pub(crate) struct Sheet {
    /// Page width and height in points.
    pub(crate) width: f32,
    pub(crate) height: f32,
    /// Top of the text area, points from the page's top edge.
    pub(crate) top: f32,
    /// Left edge of the text area (for outline destinations).
    pub(crate) left: f32,
    /// Write the heading outline.
    pub(crate) outline: bool,
    /// The info dictionary's `/Subject`: what the document holds.
    pub(crate) subject: Option<String>,
    /// `/CreationDate` and `/ModDate` (PDF date string), when asked for.
    pub(crate) date: Option<String>,
}

/// A W3CDTF date (`2024-05-01`, `2024-05-01T08:30:00Z`, `…+08:00`) as a PDF date
/// string (`D:20240501083000Z`, `D:20240501083000+08'00'`); `None` if it is not one.
pub fn pdf_date(w3c: &str) -> Option<String> {
    let t = w3c.trim();
    let (date, time) = t.split_once('T').unwrap_or((t, ""));
    let mut d = date.split('-');
    let year = d
        .next()
        .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))?;
    let two = |it: &mut std::str::Split<'_, char>, max: u32| -> Option<String> {
        match it.next() {
            None => Some(String::new()),
            Some(v) if v.len() == 2 && v.parse::<u32>().is_ok_and(|n| n <= max) => Some(v.into()),
            _ => None,
        }
    };
    let month = two(&mut d, 12)?;
    let day = two(&mut d, 31)?;
    if d.next().is_some() {
        return None;
    }
    let mut out = format!("D:{year}{month}{day}");
    if time.is_empty() {
        return Some(out);
    }
    let (clock, zone) = match time.find(['Z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => (time, ""),
    };
    let clock = clock.split('.').next().unwrap_or("");
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    out.push_str(&parts.concat());
    match zone {
        "" => {}
        "Z" => out.push('Z'),
        z if z.len() == 6 && &z[3..4] == ":" => out.push_str(&format!("{}'{}'", &z[..3], &z[4..])),
        _ => return None,
    }
    Some(out)
}

/// One subset font, ready for the page content.
struct Subset {
    id: FontId,
    remap: subsetter::GlyphRemapper,
}

/// 64-bit FNV-1a, for the document id and subset tags (stable across Rust versions,
/// unlike `DefaultHasher`).
pub(crate) fn fnv1a(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed ^ 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The `XXXXXX+` subset tag: six capital letters derived from the glyph set.
fn subset_tag(face: &Face, gids: &[u16]) -> String {
    let mut bytes = face.ps_name.as_bytes().to_vec();
    for g in gids {
        bytes.extend_from_slice(&g.to_be_bytes());
    }
    let mut h = fnv1a(0, &bytes);
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (h % 26) as u8);
            h /= 26;
            c
        })
        .collect()
}

/// Build the PDF.
pub(crate) fn emit(
    pages: &[Page],
    faces: &[&Face],
    meta: &Meta,
    sheet: &Sheet,
    content_hash: u64,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<u8>> {
    // Glyphs used per face, and the text each glyph stands for (the first cluster
    // that starts with it wins, so every use of a glyph maps to the same text).
    let mut used: BTreeMap<FaceId, BTreeSet<u16>> = BTreeMap::new();
    let mut texts: BTreeMap<(FaceId, u16), String> = BTreeMap::new();
    for g in pages
        .iter()
        .flat_map(|p| p.lines.iter().flat_map(|(_, gs)| gs))
    {
        used.entry(g.face).or_default().insert(g.gid);
        if let Some(t) = &g.text {
            texts
                .entry((g.face, g.gid))
                .or_insert_with(|| t.to_string());
        }
    }

    let mut pdf = PdfDocument::new(meta.title.as_deref().unwrap_or(""));
    let mut subsets: BTreeMap<FaceId, Subset> = BTreeMap::new();
    // BaseFont name → face, to find each font's ToUnicode map in the written file.
    let mut base_fonts: BTreeMap<String, FaceId> = BTreeMap::new();
    for (n, (face_id, gids)) in used.iter().enumerate() {
        let face = faces
            .get(face_id.index())
            .ok_or_else(|| Error::Font(format!("no face {face_id:?}")))?;
        let gids: Vec<u16> = gids.iter().copied().collect();
        let remap = subsetter::GlyphRemapper::new_from_glyphs_sorted(&gids);
        let bytes = subsetter::subset(face.data, face.index, &remap)
            .map_err(|e| Error::Font(format!("subsetting {}: {e}", face.ps_name)))?;
        let mut font_warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut font_warnings)
            .ok_or_else(|| Error::Font(format!("cannot read the subset of {}", face.ps_name)))?;
        let base = format!("{}+{}", subset_tag(face, &gids), face.ps_name);
        base_fonts.insert(base.clone(), *face_id);
        parsed.font_name = Some(base);
        let id = FontId(format!("F{}", n + 1));
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        subsets.insert(*face_id, Subset { id, remap });
    }

    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|p| {
            PdfPage::new(
                pt_to_mm(sheet.width),
                pt_to_mm(sheet.height),
                page_ops(p, faces, &subsets, sheet),
            )
        })
        .collect();
    pdf.with_pages(pdf_pages);

    let save = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut pdf_warnings = Vec::new();
    let mut doc = pdf.to_lopdf_document(&save, &mut pdf_warnings);
    for w in pdf_warnings {
        if w.severity == printpdf::PdfParseErrorSeverity::Error {
            warnings.push(Warning::new("W190", format!("PDF writer: {}", w.msg)));
        }
    }

    write_to_unicode(&mut doc, &base_fonts, &subsets, &texts);
    finish(&mut doc, pages, meta, sheet, content_hash)?;
    doc.prune_objects();
    doc.renumber_objects();
    compress_streams(&mut doc);
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| Error::Pdf(format!("saving: {e}")))?;
    Ok(out)
}

/// Replace each font's ToUnicode CMap by one built from the text every glyph was
/// first drawn for (`.notdef` maps to U+FFFD). The glyphs themselves carry no text
/// into printpdf: one string per glyph of a large document cost hundreds of MB.
fn write_to_unicode(
    doc: &mut lopdf::Document,
    base_fonts: &BTreeMap<String, FaceId>,
    subsets: &BTreeMap<FaceId, Subset>,
    texts: &BTreeMap<(FaceId, u16), String>,
) {
    let mut targets: Vec<(ObjectId, FaceId)> = Vec::new();
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if !dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Type0")
        {
            continue;
        }
        let base = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned());
        let face = base.ok().and_then(|b| base_fonts.get(&b).copied());
        let to_unicode = dict.get(b"ToUnicode").and_then(Object::as_reference);
        if let (Some(face), Ok(id)) = (face, to_unicode) {
            targets.push((id, face));
        }
    }
    for (id, face) in targets {
        let Some(sub) = subsets.get(&face) else {
            continue;
        };
        // `.notdef` (characters no font has) extracts as U+FFFD, never as another
        // character.
        let mut pairs: Vec<(u16, &str)> = vec![(0, "\u{FFFD}")];
        pairs.extend(
            texts
                .range((face, 1)..=(face, u16::MAX))
                .filter_map(|((_, gid), t)| sub.remap.get(*gid).map(|new| (new, t.as_str())))
                .filter(|(new, t)| *new != 0 && !t.is_empty()),
        );
        pairs.sort_unstable_by_key(|p| p.0);
        pairs.dedup_by_key(|p| p.0);
        let mut cmap = String::from(concat!(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n",
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n",
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        ));
        for chunk in pairs.chunks(100) {
            cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for (gid, text) in chunk {
                let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
                cmap.push_str(&format!("<{gid:04X}> <{hex}>\n"));
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        doc.objects.insert(
            id,
            Object::Stream(lopdf::Stream::new(Dictionary::new(), cmap.into_bytes())),
        );
    }
}

/// Deflate every stream that allows it, in parallel (rayon), at zlib level 6: lopdf's
/// own `compress` uses level 9, several times slower for files a few per cent smaller.
fn compress_streams(doc: &mut lopdf::Document) {
    use flate2::write::ZlibEncoder;
    use rayon::prelude::*;
    use std::io::Write;
    let streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    streams.into_par_iter().for_each(|s| {
        let mut enc = ZlibEncoder::new(
            Vec::with_capacity(s.content.len() / 2),
            flate2::Compression::new(6),
        );
        if enc.write_all(&s.content).is_ok() {
            if let Ok(packed) = enc.finish() {
                if packed.len() + 19 < s.content.len() {
                    s.dict.set("Filter", "FlateDecode");
                    s.set_content(packed);
                }
            }
        }
    });
}

fn pt_to_mm(pt: f32) -> printpdf::Mm {
    printpdf::Mm(pt * 25.4 / 72.0)
}

/// The content of one page: one text object, a `Tm` + `TJ` per run of glyphs that
/// share face and size.
fn page_ops(
    page: &Page,
    faces: &[&Face],
    subsets: &BTreeMap<FaceId, Subset>,
    sheet: &Sheet,
) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    let mut current: Option<(FaceId, f32)> = None;
    for (baseline, glyphs) in &page.lines {
        let y = sheet.height - sheet.top - baseline;
        let mut i = 0;
        while i < glyphs.len() {
            let (face, size) = (glyphs[i].face, glyphs[i].size);
            let mut j = i + 1;
            while j < glyphs.len() && glyphs[j].face == face && glyphs[j].size == size {
                j += 1;
            }
            let (Some(sub), Some(f)) = (subsets.get(&face), faces.get(face.index())) else {
                i = j;
                continue;
            };
            if current != Some((face, size)) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(sub.id.clone()),
                    size: Pt(size),
                });
                current = Some((face, size));
            }
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(glyphs[i].x), Pt(y)),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(run_codepoints(&glyphs[i..j], f, sub))],
            });
            i = j;
        }
    }
    ops.push(Op::EndTextSection);
    ops
}

/// Glyph ids of one run, renumbered for the subset, with the `TJ` adjustments that put
/// each glyph at its laid-out position (the viewer advances by the `/W` width).
fn run_codepoints(run: &[Placed], face: &Face, sub: &Subset) -> Vec<Codepoint> {
    run.iter()
        .enumerate()
        .map(|(k, g)| {
            let natural = face.pdf_advance(g.gid) * g.size / 1000.0;
            let offset = match run.get(k + 1) {
                Some(next) if g.size > 0.0 => {
                    let extra = next.x - g.x - natural;
                    let o = -extra * 1000.0 / g.size;
                    // Two decimals are plenty (1/100000 em).
                    let o = (o * 100.0).round() / 100.0;
                    if o.abs() < 0.01 {
                        0.0
                    } else {
                        o
                    }
                }
                _ => 0.0,
            };
            Codepoint {
                gid: sub.remap.get(g.gid).unwrap_or(0),
                offset,
                // The text goes into our own ToUnicode map (`write_to_unicode`).
                cid: None,
            }
        })
        .collect()
}

/// A PDF text string: UTF-16BE with a byte-order mark.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Info dictionary, catalog entries, outline and document id.
fn finish(
    doc: &mut lopdf::Document,
    pages: &[Page],
    meta: &Meta,
    sheet: &Sheet,
    hash: u64,
) -> Result<()> {
    doc.version = "1.7".to_string();

    let mut info = Dictionary::new();
    if let Some(title) = meta.title.as_deref().filter(|t| !t.trim().is_empty()) {
        info.set("Title", text_string(title));
    }
    if !meta.authors.is_empty() {
        info.set("Author", text_string(&meta.authors.join("; ")));
    }
    if let Some(subject) = sheet.subject.as_deref().filter(|t| !t.trim().is_empty()) {
        info.set("Subject", text_string(subject));
    }
    if let Some(date) = &sheet.date {
        info.set("CreationDate", Object::string_literal(date.as_str()));
        info.set("ModDate", Object::string_literal(date.as_str()));
    }
    info.set("Creator", text_string("docmend"));
    info.set("Producer", text_string("docmend"));
    // Replace printpdf's info dictionary (it carries 1970 dates and empty fields).
    if let Ok(old) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        doc.objects.remove(&old);
    }
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", info_id);

    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let outline = if sheet.outline {
        build_outline(doc, pages, &page_ids, sheet)
    } else {
        None
    };

    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| Error::Pdf(format!("no catalog: {e}")))?;
    let catalog = doc
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|e| Error::Pdf(format!("bad catalog: {e}")))?;
    catalog.set("Lang", Object::string_literal(meta.language.bcp47()));
    // Page labels 1, 2, 3 … as the footers number them.
    let mut decimal = Dictionary::new();
    decimal.set("S", Object::Name(b"D".to_vec()));
    let mut labels = Dictionary::new();
    labels.set(
        "Nums",
        vec![Object::Integer(0), Object::Dictionary(decimal)],
    );
    catalog.set("PageLabels", labels);
    if meta.title.as_deref().is_some_and(|t| !t.trim().is_empty()) {
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", true);
        catalog.set("ViewerPreferences", prefs);
    }
    if let Some(outline) = outline {
        catalog.set("Outlines", outline);
    }

    let mut id = Vec::with_capacity(16);
    id.extend_from_slice(&hash.to_be_bytes());
    id.extend_from_slice(&fnv1a(hash, b"docmend").to_be_bytes());
    doc.trailer.set(
        "ID",
        vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ],
    );
    Ok(())
}

/// A nested outline (bookmarks) from the headings; `None` when there are none.
fn build_outline(
    doc: &mut lopdf::Document,
    pages: &[Page],
    page_ids: &[ObjectId],
    sheet: &Sheet,
) -> Option<ObjectId> {
    // (level, title, page object, y in PDF space)
    let entries: Vec<(u8, &str, ObjectId, f32)> = pages
        .iter()
        .zip(page_ids)
        .flat_map(|(p, id)| {
            p.outline
                .iter()
                .map(move |(lvl, t, y)| (*lvl, t.as_str(), *id, sheet.height - sheet.top - y))
        })
        .collect();
    if entries.is_empty() {
        return None;
    }
    let root_id = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();

    // Parent of each entry: the nearest earlier entry with a lower level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&s| entries[s].0 >= e.0) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let mut kids_of: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    let mut top: Vec<usize> = Vec::new();
    for (i, p) in parent.iter().enumerate() {
        match p {
            Some(p) => kids_of[*p].push(i),
            None => top.push(i),
        }
    }

    let mut dicts: Vec<Dictionary> = Vec::with_capacity(entries.len());
    for (i, (_, title, page, y)) in entries.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text_string(title));
        d.set("Parent", parent[i].map_or(root_id, |p| ids[p]));
        d.set(
            "Dest",
            vec![
                Object::Reference(*page),
                "XYZ".into(),
                Object::Real(sheet.left - 10.0),
                Object::Real(*y + 6.0),
                Object::Null,
            ],
        );
        dicts.push(d);
    }
    let link = |kids: &[usize], dicts: &mut Vec<Dictionary>| {
        for (k, &c) in kids.iter().enumerate() {
            if k > 0 {
                dicts[c].set("Prev", ids[kids[k - 1]]);
            }
            if let Some(&n) = kids.get(k + 1) {
                dicts[c].set("Next", ids[n]);
            }
        }
    };
    for i in 0..entries.len() {
        let kids = &kids_of[i];
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            dicts[i].set("First", ids[first]);
            dicts[i].set("Last", ids[last]);
            // Negative: closed by default below level 1.
            let n = kids.len() as i64;
            dicts[i].set("Count", if entries[i].0 <= 1 { n } else { -n });
        }
        link(kids, &mut dicts);
    }
    link(&top, &mut dicts);
    let mut root = Dictionary::new();
    root.set("Type", "Outlines");
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        root.set("First", ids[first]);
        root.set("Last", ids[last]);
    }
    root.set("Count", top.len() as i64);
    doc.objects.insert(root_id, Object::Dictionary(root));
    for (id, d) in ids.into_iter().zip(dicts) {
        doc.objects.insert(id, Object::Dictionary(d));
    }
    Some(root_id)
}

#[cfg(test)]
mod date_tests {
    use super::pdf_date;

    #[test]
    fn w3cdtf_dates_become_pdf_dates() {
        assert_eq!(pdf_date("2024-05-01").as_deref(), Some("D:20240501"));
        assert_eq!(pdf_date("2024-05").as_deref(), Some("D:202405"));
        assert_eq!(
            pdf_date("2024-05-01T08:30:00Z").as_deref(),
            Some("D:20240501083000Z")
        );
        assert_eq!(
            pdf_date("2024-05-01T08:30+08:00").as_deref(),
            Some("D:202405010830+08'00'")
        );
        assert_eq!(pdf_date("May 1st"), None);
        assert_eq!(pdf_date("2024-13-01"), None);
        assert_eq!(pdf_date("2024-05-01T8:30"), None);
    }
}
