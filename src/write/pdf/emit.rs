//! Pages of placed glyphs → PDF bytes.
//!
//! Each page is turned into its content stream the moment pagination finishes it,
//! and deflated (in parallel batches), so a large document never holds more than a
//! compressed copy of its pages. Glyph ids are renumbered for the subset as they are
//! first met (`subsetter::GlyphRemapper` hands out the next free id), which is what
//! lets a page be written before the rest of the document is laid out.
//!
//! printpdf (built without `text_layout`) builds the document skeleton and embeds the
//! font programs: the glyphs the document uses are cut out of each face with
//! `subsetter` and handed to printpdf under a deterministic resource name (`F1` for
//! the first face, `F2` …) and a subset-tagged PostScript name
//! (`ABCDEF+NotoSerifCJKsc-Regular`). printpdf writes a font only where a page uses
//! it, so its first page draws every used glyph once; that page's content, like every
//! other, is then replaced by ours on the lopdf document.
//!
//! The lopdf document is then finished by hand: our own `/ToUnicode` CMaps (the text
//! each glyph was first drawn for), info dictionary (UTF-16BE), `/Lang`, a nested
//! outline from the headings, and a content-derived document `/ID`.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Codepoint, FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt, TextItem,
};

use super::fonts::{Face, FaceId};
use super::layout::{Page, Placed};
use crate::doc::Meta;
use crate::error::{Error, Result};
use crate::hash::fnv1a;
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

/// The `XXXXXX+` subset tag: six capital letters derived from the glyph set.
fn subset_tag(face: &Face, gids: &[u16]) -> String {
    let mut bytes = face.ps_name.as_bytes().to_vec();
    for g in gids {
        bytes.extend_from_slice(&g.to_be_bytes());
    }
    let mut h = fnv1a(0, bytes);
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (h % 26) as u8);
            h /= 26;
            c
        })
        .collect()
}

/// Pages are written into content streams and deflated in parallel once this many
/// glyphs wait (about 16 MB of laid-out glyphs, 4 MB of content).
const BATCH_GLYPHS: usize = 500_000;

/// The glyphs of one face the document uses so far.
struct Used {
    /// Original glyph id → the subset's (in order of first use; `.notdef` stays 0).
    remap: subsetter::GlyphRemapper,
    /// Subset glyph id → the text it was first drawn for (its `/ToUnicode` entry).
    texts: BTreeMap<u16, String>,
    /// Original glyph id → subset glyph id + 1, and whether that glyph has its text
    /// yet: the two maps above, asked once per glyph id instead of once per glyph.
    seen: Vec<(u16, bool)>,
}

impl Used {
    fn new() -> Used {
        Used {
            remap: subsetter::GlyphRemapper::new(),
            texts: BTreeMap::new(),
            seen: Vec::new(),
        }
    }

    /// The subset glyph id for `g`, recording its text the first time it comes with one.
    fn code(&mut self, g: &Placed) -> u16 {
        let i = usize::from(g.gid);
        if i >= self.seen.len() {
            self.seen.resize(i + 1, (0, false));
        }
        let (mut code1, mut has_text) = self.seen[i];
        if code1 == 0 {
            code1 = self.remap.remap(g.gid).saturating_add(1);
        }
        let code = code1 - 1;
        if !has_text {
            if let Some(t) = &g.text {
                self.texts.entry(code).or_insert_with(|| t.to_string());
                has_text = true;
            }
        }
        self.seen[i] = (code1, has_text);
        code
    }
}

/// A page's content stream, deflated where that made it smaller.
struct Content {
    bytes: Vec<u8>,
    deflated: bool,
}

/// Finished pages, written into content streams as they arrive.
pub(crate) struct Sink<'f> {
    faces: &'f [&'f Face],
    /// Page height minus the top margin: turns baselines into PDF y.
    top_y: f32,
    used: BTreeMap<FaceId, Used>,
    contents: Vec<Content>,
    /// Pages waiting to be written, each with its glyphs' subset codes in order.
    pending: Vec<(Page, Vec<u16>)>,
    pending_glyphs: usize,
    /// Each page's headings: level, text, top (points from the top of the text area).
    outlines: Vec<Vec<(u8, String, f32)>>,
}

impl<'f> Sink<'f> {
    pub(crate) fn new(faces: &'f [&'f Face], sheet: &Sheet) -> Sink<'f> {
        Sink {
            faces,
            top_y: sheet.height - sheet.top,
            used: BTreeMap::new(),
            contents: Vec::new(),
            pending: Vec::new(),
            pending_glyphs: 0,
            outlines: Vec::new(),
        }
    }

    /// Take `page` (the next page of the document). Its glyphs get their subset codes
    /// now, in page order, which fixes the subsets; its content stream is written and
    /// deflated later, with a batch of others, in parallel.
    pub(crate) fn push(&mut self, mut page: Page) {
        let codes = self.codes(&page);
        self.outlines.push(std::mem::take(&mut page.outline));
        self.pending_glyphs += codes.len();
        self.pending.push((page, codes));
        if self.pending_glyphs >= BATCH_GLYPHS {
            self.flush();
        }
    }

    /// The subset codes of the glyphs `content` draws, in the order it draws them.
    fn codes(&mut self, page: &Page) -> Vec<u16> {
        let mut codes = Vec::with_capacity(page.lines.iter().map(|(_, g)| g.len()).sum());
        for (_, glyphs) in &page.lines {
            for run in runs(glyphs) {
                let face = run[0].face;
                if self.faces.get(face.index()).is_none() {
                    continue;
                }
                let used = self.used.entry(face).or_insert_with(Used::new);
                codes.extend(run.iter().map(|g| used.code(g)));
            }
        }
        codes
    }

    /// Write and deflate the waiting pages' content streams, in parallel.
    fn flush(&mut self) {
        use rayon::prelude::*;
        let pages = std::mem::take(&mut self.pending);
        self.pending_glyphs = 0;
        let (faces, top_y) = (self.faces, self.top_y);
        let done: Vec<Content> = pages
            .into_par_iter()
            .map(|(page, codes)| {
                let bytes = content(faces, top_y, &page, &codes);
                match deflate(&bytes) {
                    Some(packed) => Content {
                        bytes: packed,
                        deflated: true,
                    },
                    None => Content {
                        bytes,
                        deflated: false,
                    },
                }
            })
            .collect();
        self.contents.extend(done);
    }
}

/// A line's runs of glyphs that share face and size: one `TJ` each. [`Sink::codes`]
/// and [`content`] walk them alike, so the codes line up with the glyphs drawn.
fn runs(glyphs: &[Placed]) -> impl Iterator<Item = &[Placed]> {
    glyphs.chunk_by(|a, b| a.face == b.face && a.size == b.size)
}

/// One text object per page: a font switch where face or size change, then a `Tm` +
/// `TJ` per run of glyphs that share both. `codes` are the glyphs' subset codes, in
/// order, from [`Sink::codes`].
fn content(faces: &[&Face], top_y: f32, page: &Page, codes: &[u16]) -> Vec<u8> {
    let glyphs: usize = page.lines.iter().map(|(_, g)| g.len()).sum();
    let mut out = Vec::with_capacity(64 + glyphs * 6);
    out.extend_from_slice(b"BT\n");
    let mut current: Option<(FaceId, f32)> = None;
    // The character spacing in force (`Tc`), in points.
    let mut tc = 0.0f32;
    let mut next_code = 0;
    for (baseline, glyphs) in &page.lines {
        let y = top_y - baseline;
        for run in runs(glyphs) {
            let (face, size) = (run[0].face, run[0].size);
            let Some(f) = faces.get(face.index()) else {
                continue;
            };
            if current != Some((face, size)) {
                out.extend_from_slice(b"/F");
                put_digits(&mut out, face.index() as u64 + 1);
                out.push(b' ');
                put_num(&mut out, size);
                out.extend_from_slice(b" Tf\n");
                current = Some((face, size));
            }
            out.extend_from_slice(b"1 0 0 1 ");
            put_num(&mut out, run[0].x);
            out.push(b' ');
            put_num(&mut out, y);
            out.extend_from_slice(b" Tm\n");
            let end = (next_code + run.len()).min(codes.len());
            put_run(&mut out, run, &codes[next_code..end], f, &mut tc);
            next_code = end;
        }
    }
    out.extend_from_slice(b"ET\n");
    out
}

/// `[(codes) adjustment (codes) …] TJ` for one run: glyph ids renumbered for the
/// subset, with the adjustments that put each glyph at its laid-out position (the
/// viewer advances by the `/W` width). A run whose glyphs are all spaced alike (a
/// justified line of Chinese) sets the spacing once with `Tc` instead, which halves
/// its bytes; `tc` is the spacing in force.
fn put_run(out: &mut Vec<u8>, run: &[Placed], codes: &[u16], face: &Face, tc: &mut f32) {
    // Each gap's adjustment in thousandths of an em, to two decimals.
    let gaps: Vec<i64> = run
        .windows(2)
        .map(|w| {
            let (g, next) = (&w[0], &w[1]);
            if g.size > 0.0 {
                let natural = face.pdf_advance(g.gid) * g.size / 1000.0;
                let extra = next.x - g.x - natural;
                (f64::from(-extra * 1000.0 / g.size) * 100.0).round() as i64
            } else {
                0
            }
        })
        .collect();
    let uniform = gaps.len() >= 2 && gaps[0] != 0 && gaps.iter().all(|&o| o == gaps[0]);
    let spacing = if uniform {
        // Tc is in points (unscaled text space), TJ in thousandths of the font size.
        -(gaps[0] as f32) / 100.0 * run[0].size / 1000.0
    } else {
        0.0
    };
    if spacing != *tc {
        put_num4(out, spacing);
        out.extend_from_slice(b" Tc\n");
        *tc = spacing;
    }
    out.extend_from_slice(b"[(");
    for (k, &code) in codes.iter().enumerate() {
        for byte in code.to_be_bytes() {
            put_string_byte(out, byte);
        }
        let Some(&o) = gaps.get(k) else { break };
        if !uniform && o != 0 {
            out.extend_from_slice(b") ");
            put_num(out, o as f32 / 100.0);
            out.push(b'(');
        }
    }
    out.extend_from_slice(b")] TJ\n");
}

/// One byte of a literal string's codes: as it is, but for the delimiters and the
/// backslash, escaped, and a carriage return, which a reader would take for a line
/// end (`\r`; a line feed is escaped too, to keep the stream's lines clean). Glyph
/// codes written so take half the bytes of hexadecimal ones, and deflate in half
/// the time.
fn put_string_byte(out: &mut Vec<u8>, byte: u8) {
    match byte {
        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\n' => out.extend_from_slice(b"\\n"),
        _ => out.push(byte),
    }
}

/// `v` with at most four decimals, no trailing zeros (for `Tc`, in points).
fn put_num4(out: &mut Vec<u8>, v: f32) {
    put_decimal(out, v, 4);
}

/// `v` with at most two decimals, no trailing zeros (`12`, `-3.5`, `0.25`).
fn put_num(out: &mut Vec<u8>, v: f32) {
    put_decimal(out, v, 2);
}

/// `v` rounded to `places` decimals, written without trailing zeros. Digits go
/// straight into `out` (this runs for most glyphs of a justified page).
fn put_decimal(out: &mut Vec<u8>, v: f32, places: usize) {
    let scale = 10u64.pow(places as u32);
    let t = (f64::from(v) * scale as f64).round() as i64;
    if t < 0 {
        out.push(b'-');
    }
    let t = t.unsigned_abs();
    put_digits(out, t / scale);
    let mut frac = t % scale;
    if frac != 0 {
        out.push(b'.');
        let mut digits = places;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        // The fraction's digits, leading zeros kept (`0.05`).
        let mut buf = [b'0'; 20];
        for d in buf[..digits].iter_mut().rev() {
            *d = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        out.extend_from_slice(&buf[..digits]);
    }
}

/// `n` in decimal.
fn put_digits(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// zlib at level 3 (level 6 makes files 8 % smaller for 15 % more of the PDF time;
/// lopdf's own `compress` uses level 9, several times slower for
/// files a few per cent smaller); `None` when that saves nothing.
fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        /// One compressor a thread, reset for each stream: setting one up (its window
        /// and hash tables) cost a sixth of the deflating of a page's content.
        static ZLIB: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::new(3), true));
    }
    ZLIB.with(|z| {
        let mut z = z.borrow_mut();
        z.reset();
        let mut packed = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let read = usize::try_from(z.total_in()).ok()?;
            let status = z
                .compress_vec(bytes.get(read..)?, &mut packed, FlushCompress::Finish)
                .ok()?;
            if status == Status::StreamEnd {
                break;
            }
            // The output is full: give it room and go on.
            packed.reserve(packed.capacity().max(64));
        }
        (packed.len() + 19 < bytes.len()).then_some(packed)
    })
}

/// Build the PDF from the pages `sink` has written.
pub(crate) fn emit(
    mut sink: Sink<'_>,
    meta: &Meta,
    sheet: &Sheet,
    content_hash: u64,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<u8>> {
    sink.flush();
    let Sink {
        faces,
        used,
        mut contents,
        outlines,
        ..
    } = sink;
    if contents.is_empty() {
        contents.push(Content {
            bytes: b"BT\nET\n".to_vec(),
            deflated: false,
        });
    }

    let mut pdf = PdfDocument::new(meta.title.as_deref().unwrap_or(""));
    // BaseFont name → face, to find each font's ToUnicode map in the written file.
    let mut base_fonts: BTreeMap<String, FaceId> = BTreeMap::new();
    // The first page draws every used glyph once, so printpdf writes each font and
    // its widths; the page's content is replaced below.
    let mut first_ops = vec![Op::StartTextSection];
    for (face_id, u) in &used {
        let face = faces
            .get(face_id.index())
            .ok_or_else(|| Error::Font(format!("no face {face_id:?}")))?;
        let bytes = subsetter::subset(face.data, face.index, &u.remap)
            .map_err(|e| Error::Font(format!("subsetting {}: {e}", face.ps_name)))?;
        let mut font_warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut font_warnings)
            .ok_or_else(|| Error::Font(format!("cannot read the subset of {}", face.ps_name)))?;
        let mut gids: Vec<u16> = u.remap.remapped_gids().collect();
        gids.sort_unstable();
        let base = format!("{}+{}", subset_tag(face, &gids), face.ps_name);
        base_fonts.insert(base.clone(), *face_id);
        parsed.font_name = Some(base);
        let id = FontId(format!("F{}", face_id.index() + 1));
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        first_ops.push(Op::SetFont {
            font: PdfFontHandle::External(id),
            size: Pt(10.0),
        });
        first_ops.push(Op::ShowText {
            // From `.notdef` on: a face may draw nothing else.
            items: vec![TextItem::GlyphIds(
                (0..u.remap.num_gids())
                    .map(|gid| Codepoint {
                        gid,
                        offset: 0.0,
                        cid: None,
                    })
                    .collect(),
            )],
        });
    }
    first_ops.push(Op::EndTextSection);

    let (w, h) = (pt_to_mm(sheet.width), pt_to_mm(sheet.height));
    let mut first_ops = Some(first_ops);
    let pdf_pages: Vec<PdfPage> = contents
        .iter()
        .map(|_| PdfPage::new(w, h, first_ops.take().unwrap_or_default()))
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

    // Our content streams replace printpdf's (empty ones, and the first page's).
    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    if page_ids.len() != contents.len() {
        return Err(Error::Pdf(format!(
            "{} pages laid out, {} written",
            contents.len(),
            page_ids.len()
        )));
    }
    for (page, content) in page_ids.iter().zip(contents) {
        let stream_id = doc
            .get_dictionary(*page)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference)
            .map_err(|e| Error::Pdf(format!("page without contents: {e}")))?;
        let mut dict = Dictionary::new();
        if content.deflated {
            dict.set("Filter", "FlateDecode");
        }
        let mut stream = lopdf::Stream::new(dict, content.bytes);
        stream.allows_compression = false;
        doc.objects.insert(stream_id, Object::Stream(stream));
    }

    write_to_unicode(&mut doc, &base_fonts, &used);
    finish(&mut doc, &outlines, &page_ids, meta, sheet, content_hash)?;
    // No `prune_objects` or `renumber_objects`: every object replaced above kept its
    // id, and lopdf's two take time quadratic in the pages (27 s for 30,000 pages).
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
    used: &BTreeMap<FaceId, Used>,
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
        let Some(u) = used.get(&face) else {
            continue;
        };
        // `.notdef` (characters no font has) extracts as U+FFFD, never as another
        // character.
        let mut pairs: Vec<(u16, &str)> = vec![(0, "\u{FFFD}")];
        pairs.extend(
            u.texts
                .iter()
                .map(|(code, t)| (*code, t.as_str()))
                .filter(|(code, t)| *code != 0 && !t.is_empty()),
        );
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

/// Deflate every stream that allows it (fonts, CMaps), in parallel (rayon).
fn compress_streams(doc: &mut lopdf::Document) {
    use rayon::prelude::*;
    let streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    streams.into_par_iter().for_each(|s| {
        if let Some(packed) = deflate(&s.content) {
            s.dict.set("Filter", "FlateDecode");
            s.set_content(packed);
        }
    });
}

fn pt_to_mm(pt: f32) -> printpdf::Mm {
    printpdf::Mm(pt * 25.4 / 72.0)
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
    outlines: &[Vec<(u8, String, f32)>],
    page_ids: &[ObjectId],
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

    let outline = if sheet.outline {
        build_outline(doc, outlines, page_ids, sheet)
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
    id.extend_from_slice(&fnv1a(hash, *b"docmend").to_be_bytes());
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
    outlines: &[Vec<(u8, String, f32)>],
    page_ids: &[ObjectId],
    sheet: &Sheet,
) -> Option<ObjectId> {
    // (level, title, page object, y in PDF space)
    let entries: Vec<(u8, &str, ObjectId, f32)> = outlines
        .iter()
        .zip(page_ids)
        .flat_map(|(p, id)| {
            p.iter()
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

#[cfg(test)]
mod number_tests {
    use super::{put_num, put_num4};

    fn num(v: f32) -> String {
        let mut out = Vec::new();
        put_num(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_have_at_most_two_decimals_and_no_trailing_zeros() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(-3.5), "-3.5");
        assert_eq!(num(56.694), "56.69");
        assert_eq!(num(0.05), "0.05");
        assert_eq!(num(-357.8), "-357.8");
        assert_eq!(num(-0.004), "0");
        assert_eq!(num(1000.999), "1001");
    }

    #[test]
    fn character_spacing_has_four_decimals() {
        let num4 = |v: f32| {
            let mut out = Vec::new();
            put_num4(&mut out, v);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(num4(0.2085), "0.2085");
        assert_eq!(num4(-0.12), "-0.12");
        assert_eq!(num4(0.00004), "0");
        assert_eq!(num4(0.0001), "0.0001");
        assert_eq!(num4(2.0), "2");
    }

    /// The digit writer agrees with formatting the rounded value (what it replaced).
    #[test]
    fn decimals_match_formatted_rounding() {
        fn reference(v: f32, places: usize) -> String {
            let scale = 10i64.pow(places as u32);
            let t = (f64::from(v) * scale as f64).round() as i64;
            let sign = if t < 0 { "-" } else { "" };
            let t = t.unsigned_abs();
            let scale = scale.unsigned_abs();
            let mut frac = t % scale;
            if frac == 0 {
                return format!("{sign}{}", t / scale);
            }
            let mut digits = places;
            while frac.is_multiple_of(10) {
                frac /= 10;
                digits -= 1;
            }
            format!("{sign}{}.{frac:0digits$}", t / scale)
        }
        for places in [2usize, 4] {
            for k in -20_000i32..20_000 {
                let v = k as f32 * 0.0137;
                let mut out = Vec::new();
                super::put_decimal(&mut out, v, places);
                assert_eq!(String::from_utf8(out).unwrap(), reference(v, places), "{v}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_codes_read_back_from_literal_strings() {
        // Every byte value, the delimiters, backslash and line ends among them, in
        // high and low bytes.
        let codes: Vec<u16> = (0u16..=0xFF)
            .map(|b| (b << 8) | (0xFF - b))
            .chain([0x2829, 0x5C0D, 0x0A0D, 0x0D0A, 0x005C, 0x2800])
            .collect();
        let mut bytes = Vec::new();
        for &c in &codes {
            for b in c.to_be_bytes() {
                put_string_byte(&mut bytes, b);
            }
        }
        let stream = [
            b"BT [(".as_slice(),
            &bytes,
            b") -12.5 (",
            &bytes,
            b")] TJ ET",
        ]
        .concat();
        let content = lopdf::content::Content::decode(&stream).expect("the stream parses");
        let tj = content
            .operations
            .iter()
            .find(|op| op.operator == "TJ")
            .expect("a TJ");
        let parts = tj.operands[0].as_array().expect("an array");
        let expected: Vec<u8> = codes.iter().flat_map(|c| c.to_be_bytes()).collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].as_str().expect("a string"), expected.as_slice());
        assert_eq!(parts[2].as_str().expect("a string"), expected.as_slice());
        // No raw line end inside a string: a reader would take a carriage return for
        // a line feed.
        assert!(!bytes.contains(&b'\r') && !bytes.contains(&b'\n'));
    }
}
