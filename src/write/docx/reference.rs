//! `--reference-doc`: styles, fonts and page setup from a user's DOCX, as pandoc's
//! option of the same name does. Its `styles.xml` replaces ours (the styles docmend
//! uses that it lacks are added from ours), its theme and font table come along (the
//! styles' theme fonts live there), and its last section's page size and margins set
//! the page. Everything else — the text, lists and their numbering, the footer — is
//! docmend's.

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::events::Event;

use crate::write::PageSetup;

/// What docmend takes from a reference document.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// `word/styles.xml`.
    pub styles: String,
    /// `word/theme/…xml`, when it has one.
    pub theme: Option<Vec<u8>>,
    /// `word/fontTable.xml`, when it has one.
    pub font_table: Option<Vec<u8>>,
    /// The page of its last section, when it sets one.
    pub page: Option<PageSetup>,
}

const TWIPS_PER_MM: f32 = 1440.0 / 25.4;

impl Reference {
    /// Read a reference document. Errors say what is wrong with the file.
    pub fn load(path: &Path) -> Result<Reference, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Reference::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Read a reference document from its bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Reference, String> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("not a DOCX (zip) file: {e}"))?;
        let mut read = |name: &str| -> Option<Vec<u8>> {
            let mut f = zip.by_name(name).ok()?;
            let mut v = Vec::new();
            f.read_to_end(&mut v).ok()?;
            Some(v)
        };
        let styles =
            read("word/styles.xml").ok_or("not a DOCX with styles (no word/styles.xml)")?;
        let styles =
            String::from_utf8(styles).map_err(|_| "word/styles.xml is not UTF-8".to_string())?;
        check_xml(&styles).map_err(|e| format!("word/styles.xml: {e}"))?;
        let rels = read("word/_rels/document.xml.rels")
            .map(|r| String::from_utf8_lossy(&r).into_owned())
            .unwrap_or_default();
        let theme = theme_target(&rels).and_then(|t| read(&format!("word/{t}")));
        let font_table = read("word/fontTable.xml");
        let page = read("word/document.xml").and_then(|d| page_setup(&String::from_utf8_lossy(&d)));
        Ok(Reference {
            styles,
            theme,
            font_table,
            page,
        })
    }

    /// Our styles merged into the reference's: theirs, plus each of ours whose id they
    /// lack, added at the end.
    pub(super) fn merged_styles(&self, ours: &str) -> String {
        let theirs = style_ids(&self.styles);
        let mut added = String::new();
        let mut rest = ours;
        while let Some(start) = rest.find("<w:style ") {
            let Some(len) = rest[start..].find("</w:style>") else {
                break;
            };
            let end = start + len + "</w:style>".len();
            let element = &rest[start..end];
            if let Some(id) = style_ids(element).into_iter().next() {
                if !theirs.contains(&id) {
                    added.push_str(element);
                }
            }
            rest = &rest[end..];
        }
        match self.styles.rfind("</w:styles>") {
            Some(at) => format!("{}{added}{}", &self.styles[..at], &self.styles[at..]),
            None => self.styles.clone(),
        }
    }
}

/// Is the text well-formed XML?
fn check_xml(xml: &str) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(format!("not well-formed XML: {e}")),
        }
    }
}

/// The `w:styleId` of every `w:style` element.
fn style_ids(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut ids = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "style" => {
                for a in e.attributes().flatten() {
                    if a.key.local_name().as_ref() == "styleId" {
                        ids.push(a.value.to_string());
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => return ids,
            Ok(_) => {}
        }
    }
}

/// The theme's target in `document.xml.rels` (`theme/theme1.xml`).
fn theme_target(rels: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let attr = |k: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == k)
                        .map(|a| a.value.to_string())
                };
                if attr("Type").is_some_and(|t| t.ends_with("/theme")) {
                    return attr("Target").filter(|t| !t.contains("..") && !t.starts_with('/'));
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// Page size and margins of the last `w:sectPr`, from twips to millimetres.
fn page_setup(document: &str) -> Option<PageSetup> {
    let sect = &document[document.rfind("<w:sectPr")?..];
    let mut reader = quick_xml::Reader::from_str(sect);
    let (mut size, mut margins) = (None, None);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let attr = |k: &str| -> Option<f32> {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == k)
                        .and_then(|a| a.value.parse::<f32>().ok())
                        .filter(|v| v.is_finite() && *v >= 0.0)
                        .map(|twips| twips / TWIPS_PER_MM)
                };
                match e.local_name().as_ref() {
                    "pgSz" => size = Some((attr("w")?, attr("h")?)),
                    "pgMar" => {
                        margins =
                            Some((attr("top")?, attr("right")?, attr("bottom")?, attr("left")?))
                    }
                    _ => {}
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "sectPr" => break,
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    let (width_mm, height_mm) = size?;
    let d = PageSetup::default();
    let (top, right, bottom, left) = margins.unwrap_or((
        d.margin_top_mm,
        d.margin_right_mm,
        d.margin_bottom_mm,
        d.margin_left_mm,
    ));
    Some(PageSetup {
        width_mm,
        height_mm,
        margin_top_mm: top,
        margin_right_mm: right,
        margin_bottom_mm: bottom,
        margin_left_mm: left,
        ..d
    })
}
