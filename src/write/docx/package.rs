//! The package: patch the parts docx-rs built, write the core properties, and
//! zip everything again, deflated and with fixed timestamps. (docx-rs stores
//! its parts uncompressed, which makes a small document 5–10 times larger.)

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::{clean_text, styles, DocxFonts, W_TIMESTAMP};
use crate::doc::{Lang, Meta};
use crate::error::{Error, Result};
use crate::report::Warning;

/// The timestamp written when none is asked for.
pub(super) const FIXED_TIMESTAMP: &str = "2000-01-01T00:00:00Z";

/// The timestamp to write: the asked one when it looks like W3CDTF
/// (`2024-05-01`, `2024-05-01T08:00:00Z`, `…+08:00`), else the fixed one.
pub(super) fn checked_timestamp(asked: Option<&str>, warnings: &mut Vec<Warning>) -> String {
    let Some(ts) = asked else {
        return FIXED_TIMESTAMP.to_owned();
    };
    let ts = ts.trim();
    let ok = (4..=35).contains(&ts.len())
        && ts.bytes().take(4).all(|b| b.is_ascii_digit())
        && ts
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b':' | b'T' | b'Z' | b'.' | b'+'));
    if ok {
        ts.to_owned()
    } else {
        warnings.push(Warning::new(
            W_TIMESTAMP,
            format!("DOCX: timestamp {ts:?} is not W3CDTF, using {FIXED_TIMESTAMP}"),
        ));
        FIXED_TIMESTAMP.to_owned()
    }
}

/// What the package needs besides the built parts.
pub(super) struct PackageInfo<'a> {
    pub(super) meta: &'a Meta,
    /// `dc:subject`: a collection's article titles.
    pub(super) subject: Option<&'a str>,
    pub(super) lang: Lang,
    pub(super) fonts: &'a DocxFonts,
    pub(super) timestamp: &'a str,
    /// `--reference-doc`: styles, theme and font table to use instead of ours.
    pub(super) reference: Option<&'a super::Reference>,
}

/// The parts written before `word/document.xml`, in zip order.
struct Front {
    parts: Vec<(&'static str, Vec<u8>)>,
    theme: Option<Vec<u8>>,
}

/// Patches the parts that do not depend on the body: content types and relationships
/// (with the reference document's theme), document properties.
fn front(xml: &XMLDocx, info: &PackageInfo) -> Result<Front> {
    let (mut content_types, mut document_rels) =
        (xml.content_type.clone(), xml.document_rels.clone());
    let mut theme = None;
    if let Some(t) = info.reference.and_then(|r| r.theme.as_ref()) {
        theme = Some(t.clone());
        content_types = insert_before(
            content_types,
            "</Types>",
            r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml" />"#,
        )?;
        document_rels = insert_before(
            document_rels,
            "</Relationships>",
            r#"<Relationship Id="rIdDocmendTheme" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml" />"#,
        )?;
    }
    let core = core_xml(info.meta, info.subject, info.lang, info.timestamp);
    Ok(Front {
        parts: vec![
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", xml.rels.clone()),
            ("docProps/app.xml", xml.doc_props.app.clone()),
            ("docProps/core.xml", core),
            ("docProps/custom.xml", xml.doc_props.custom.clone()),
            ("word/_rels/document.xml.rels", document_rels),
        ],
        theme,
    })
}

/// The package, written as the body is made: the parts before `word/document.xml`,
/// then the document's opening, then the body a chunk at a time, deflated as it
/// arrives, so the body's XML is never held whole.
pub(super) struct Streaming {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    /// The opening-parts as written, to check them against the final build.
    front: Vec<(&'static str, Vec<u8>)>,
    /// The placeholder paragraph's markup, where the body goes.
    placeholder: Vec<u8>,
}

fn zip_options() -> SimpleFileOptions {
    // Level 3, as for the PDF's streams: on a 10 MB Chinese dump, level 6 made the
    // DOCX 5 % smaller (4.30 against 4.54 MB) for a tenth more of the whole run's time;
    // level 9 took twice level 6's time for 1 % more.
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(3))
        .last_modified_time(DateTime::DEFAULT)
}

fn zip_err(e: zip::result::ZipError) -> Error {
    Error::Docx(format!("zip: {e}"))
}

fn io_err(e: std::io::Error) -> Error {
    Error::Docx(format!("zip: {e}"))
}

/// Where the placeholder paragraph stands in document.xml.
fn placeholder_at(document: &[u8], placeholder: &[u8]) -> Result<usize> {
    document
        .windows(placeholder.len().max(1))
        .position(|w| w == placeholder)
        .ok_or_else(|| Error::Docx("internal: the body placeholder is missing".into()))
}

impl Streaming {
    /// Start the package from `skeleton`, built with every part but the body: the
    /// placeholder paragraph (markup `placeholder`) stands where the body goes.
    pub(super) fn start(
        skeleton: &XMLDocx,
        placeholder: Vec<u8>,
        info: &PackageInfo,
    ) -> Result<Self> {
        let front = front(skeleton, info)?.parts;
        let placeholder = schema_order(placeholder, "document.xml")?;
        let document = schema_order(
            footer_reference_first(skeleton.document.clone())?,
            "document.xml",
        )?;
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in &front {
            zip.start_file(*name, zip_options()).map_err(zip_err)?;
            zip.write_all(bytes).map_err(io_err)?;
        }
        zip.start_file("word/document.xml", zip_options())
            .map_err(zip_err)?;
        let at = placeholder_at(&document, &placeholder)?;
        zip.write_all(&document[..at]).map_err(io_err)?;
        Ok(Streaming {
            zip,
            front,
            placeholder,
        })
    }

    /// Append body markup (paragraphs whose properties are already in schema order).
    pub(super) fn body(&mut self, xml: &[u8]) -> Result<()> {
        self.zip.write_all(xml).map_err(io_err)
    }

    /// Finish the document with `built`'s closing (the section) and write the other
    /// parts from `built`: the skeleton again, now with the lists' numbering.
    pub(super) fn finish(mut self, built: XMLDocx, info: &PackageInfo) -> Result<Vec<u8>> {
        // The skeleton is small: put it in order whole, then take what follows the
        // placeholder.
        let front_now = front(&built, info)?;
        let document = schema_order(footer_reference_first(built.document)?, "document.xml")?;
        let at = placeholder_at(&document, &self.placeholder)?;
        self.zip
            .write_all(&document[at + self.placeholder.len()..])
            .map_err(io_err)?;

        let Front { parts, theme } = front_now;
        if parts != self.front {
            return Err(Error::Docx(
                "internal: a package part changed while the body was written".into(),
            ));
        }
        let document_rels = String::from_utf8_lossy(&parts[5].1).into_owned();
        let mut styles = styles::patch_styles_xml(built.styles, info.lang)?;
        let mut font_table = styles::patch_font_table(built.font_table, info.fonts)?;
        if let Some(r) = info.reference {
            styles = r
                .merged_styles(&String::from_utf8_lossy(&styles))
                .into_bytes();
            if let Some(table) = &r.font_table {
                font_table = table.clone();
            }
        }
        let styles = schema_order(styles, "styles.xml")?;
        let numbering = schema_order(patch_numbering_xml(built.numberings)?, "numbering.xml")?;
        let mut rest: Vec<(String, Vec<u8>)> = vec![
            ("word/styles.xml".into(), styles),
            ("word/settings.xml".into(), built.settings),
            ("word/fontTable.xml".into(), font_table),
            ("word/comments.xml".into(), built.comments),
            ("word/numbering.xml".into(), numbering),
            ("word/commentsExtended.xml".into(), built.comments_extended),
        ];
        // docx-rs always writes footnotes.xml, but names it in no relationship.
        if document_rels.contains(r#"Target="footnotes.xml""#) {
            rest.push(("word/footnotes.xml".into(), built.footnotes));
        }
        if let Some(t) = theme {
            rest.push(("word/theme/theme1.xml".into(), t));
        }
        for (i, footer) in built.footers.into_iter().enumerate() {
            let footer = schema_order(footer, "footer.xml")?;
            rest.push((format!("word/footer{}.xml", i + 1), footer));
            if let Some(rels) = built.footer_rels.get(i) {
                rest.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels.clone()));
            }
        }
        for (name, bytes) in rest {
            self.zip
                .start_file(name.as_str(), zip_options())
                .map_err(zip_err)?;
            self.zip.write_all(&bytes).map_err(io_err)?;
        }
        Ok(self.zip.finish().map_err(zip_err)?.into_inner())
    }
}

/// Inserts `what` before the last `marker` of a part.
fn insert_before(xml: Vec<u8>, marker: &str, what: &str) -> Result<Vec<u8>> {
    let mut s = String::from_utf8(xml).map_err(|e| Error::Docx(format!("internal: {e}")))?;
    let at = s
        .rfind(marker)
        .ok_or_else(|| Error::Docx(format!("internal: no {marker}")))?;
    s.insert_str(at, what);
    Ok(s.into_bytes())
}

/// Moves the footer reference to the start of the section properties, where the
/// schema puts header and footer references (docx-rs writes it last).
fn footer_reference_first(xml: Vec<u8>) -> Result<Vec<u8>> {
    const SECT: &str = "<w:sectPr>";
    let mut s = String::from_utf8(xml)
        .map_err(|e| Error::Docx(format!("document.xml is not UTF-8: {e}")))?;
    // Text is escaped, so markup found here is docx-rs's own.
    let Some(sect) = s.rfind(SECT) else {
        return Ok(s.into_bytes());
    };
    let Some(start) = s[sect..].find("<w:footerReference ").map(|i| sect + i) else {
        return Ok(s.into_bytes());
    };
    let end = s[start..]
        .find("/>")
        .map(|i| start + i + 2)
        .ok_or_else(|| Error::Docx("internal: unterminated w:footerReference".into()))?;
    let reference = s[start..end].to_owned();
    s.replace_range(start..end, "");
    s.insert_str(sect + SECT.len(), &reference);
    Ok(s.into_bytes())
}

/// Adds `w:firstLineChars="200"` to the inline (Chinese) list levels, which
/// docx-rs writes with a first-line indent in twips only.
fn patch_numbering_xml(xml: Vec<u8>) -> Result<Vec<u8>> {
    let s = String::from_utf8(xml)
        .map_err(|e| Error::Docx(format!("numbering.xml is not UTF-8: {e}")))?;
    Ok(s.replace(
        r#"w:firstLine=""#,
        r#"w:firstLineChars="200" w:firstLine=""#,
    )
    .into_bytes())
}

/// `docProps/core.xml`: title, subject, authors, language, fixed dates.
fn core_xml(meta: &Meta, subject: Option<&str>, lang: Lang, timestamp: &str) -> Vec<u8> {
    let mut s = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<cp:coreProperties"#,
        r#" xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties""#,
        r#" xmlns:dc="http://purl.org/dc/elements/1.1/""#,
        r#" xmlns:dcterms="http://purl.org/dc/terms/""#,
        r#" xmlns:dcmitype="http://purl.org/dc/dcmitype/""#,
        r#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
    ));
    if let Some(title) = meta
        .title
        .as_deref()
        .map(one_line)
        .filter(|t| !t.is_empty())
    {
        s.push_str(&format!("<dc:title>{}</dc:title>", escape(&title)));
    }
    if let Some(subject) = subject.map(one_line).filter(|t| !t.is_empty()) {
        s.push_str(&format!("<dc:subject>{}</dc:subject>", escape(&subject)));
    }
    let authors: Vec<String> = meta
        .authors
        .iter()
        .map(|a| one_line(a))
        .filter(|a| !a.is_empty())
        .collect();
    if !authors.is_empty() {
        s.push_str(&format!(
            "<dc:creator>{}</dc:creator>",
            escape(&authors.join("; "))
        ));
    }
    s.push_str(&format!("<dc:language>{}</dc:language>", lang.bcp47()));
    s.push_str("<cp:revision>1</cp:revision>");
    for el in ["created", "modified"] {
        s.push_str(&format!(
            r#"<dcterms:{el} xsi:type="dcterms:W3CDTF">{timestamp}</dcterms:{el}>"#
        ));
    }
    s.push_str("</cp:coreProperties>");
    s.into_bytes()
}

/// Text for a metadata field: XML-safe, on one line, spaces collapsed.
fn one_line(text: &str) -> String {
    clean_text(text)
        .0
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes XML text content.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The child elements of `w:pPr`, `w:rPr` and `w:style` in the order ECMA-376 Part 1
/// (§17.3.1.26, §17.3.2.28, §17.7.4.17) requires. docx-rs writes some of them out of
/// order (`w:rPr` first in `w:pPr`, `w:keepNext` after `w:jc`), which strict readers
/// reject.
pub(super) const PPR_ORDER: &[&str] = &[
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
];
pub(super) const RPR_ORDER: &[&str] = &[
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
    "rPrChange",
];
pub(super) const STYLE_ORDER: &[&str] = &[
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
];

/// The schema order of a parent's children, for the parents that have one we check.
pub(super) fn child_order(parent: &str) -> Option<&'static [&'static str]> {
    match parent {
        "pPr" => Some(PPR_ORDER),
        "rPr" => Some(RPR_ORDER),
        "style" => Some(STYLE_ORDER),
        _ => None,
    }
}

/// One element of a reordered subtree: its raw markup, and its children.
struct Node<'a> {
    local: &'a str,
    open: &'a str,
    children: Vec<Node<'a>>,
    close: &'a str,
}

/// The local name of the element a tag opens (`pPr` in `<w:pPr>` or `<w:pPr/>`),
/// borrowed from the markup: asked of every start tag of the body.
fn local_name(markup: &str) -> &str {
    let name = markup
        .trim_start_matches('<')
        .split(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .next()
        .unwrap_or("");
    name.rsplit(':').next().unwrap_or("")
}

/// Put the children of every `w:pPr`, `w:rPr` and `w:style` in schema order; the rest
/// of the part is copied as it is.
pub(super) fn schema_order(xml: Vec<u8>, part: &str) -> Result<Vec<u8>> {
    use quick_xml::events::Event;
    let xml =
        String::from_utf8(xml).map_err(|e| Error::Docx(format!("{part} is not UTF-8: {e}")))?;
    let bad = |e: quick_xml::Error| Error::Docx(format!("internal: {part}: {e}"));
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = String::with_capacity(xml.len());
    let mut copied = 0usize;
    loop {
        let start = reader.buffer_position() as usize;
        match reader.read_event().map_err(bad)? {
            Event::Start(_) if child_order(local_name(&xml[start..])).is_some() => {
                let open_end = reader.buffer_position() as usize;
                let mut node = Node {
                    local: local_name(&xml[start..open_end]),
                    open: &xml[start..open_end],
                    children: Vec::new(),
                    close: "",
                };
                read_children(&mut reader, &xml, &mut node).map_err(bad)?;
                out.push_str(&xml[copied..start]);
                write_sorted(&mut node, &mut out);
                copied = reader.buffer_position() as usize;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out.push_str(&xml[copied..]);
    Ok(out.into_bytes())
}

fn read_children<'a>(
    reader: &mut quick_xml::Reader<&'a [u8]>,
    xml: &'a str,
    node: &mut Node<'a>,
) -> std::result::Result<(), quick_xml::Error> {
    use quick_xml::events::Event;
    loop {
        let start = reader.buffer_position() as usize;
        match reader.read_event()? {
            Event::Start(_) => {
                let open = &xml[start..reader.buffer_position() as usize];
                let mut child = Node {
                    local: local_name(open),
                    open,
                    children: Vec::new(),
                    close: "",
                };
                read_children(reader, xml, &mut child)?;
                node.children.push(child);
            }
            Event::Empty(_) => {
                let open = &xml[start..reader.buffer_position() as usize];
                node.children.push(Node {
                    local: local_name(open),
                    open,
                    children: Vec::new(),
                    close: "",
                })
            }
            Event::End(_) => {
                node.close = &xml[start..reader.buffer_position() as usize];
                return Ok(());
            }
            Event::Eof => return Ok(()),
            // Text inside property elements is whitespace at most; keep it in place.
            _ => node.children.push(Node {
                local: "",
                open: &xml[start..reader.buffer_position() as usize],
                children: Vec::new(),
                close: "",
            }),
        }
    }
}

fn write_sorted(node: &mut Node, out: &mut String) {
    if let Some(order) = child_order(node.local) {
        // Unknown children keep their place after the known ones, in their order.
        node.children.sort_by_key(|c| {
            order
                .iter()
                .position(|o| *o == c.local)
                .unwrap_or(order.len())
        });
    }
    out.push_str(node.open);
    for c in &mut node.children {
        write_sorted(c, out);
    }
    out.push_str(node.close);
}
