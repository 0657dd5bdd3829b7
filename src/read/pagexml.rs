//! PAGE XML (PRImA; Transkribus, OCR-D, eScriptorium): `Page` ▸ `TextRegion` ▸
//! `TextLine`, each with `Coords@points` and its text in `TextEquiv/Unicode` (the
//! first `TextEquiv` of a line; words and glyphs below it are not read again). A
//! region without lines gives its own text, a line per text line. `ReadingOrder`'s
//! region references, where present, set the order of the regions.

use std::collections::HashMap;

use super::ocr::{last_page, BBox, OcrBlock, OcrLine, OcrPage};
use super::xml::{attr, Item, Walker, XmlError};

/// Read PAGE XML into OCR pages.
pub(crate) fn read_page(xml: &str) -> Result<Vec<OcrPage>, XmlError> {
    let mut w = Walker::new(xml);
    let mut pages: Vec<OcrPage> = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    // Region id → place in the reading order, per page.
    let mut order: HashMap<String, usize> = HashMap::new();
    // Does the current line (region) have its text already?
    let mut line_done = false;
    let mut region_text: Option<String> = None;
    let mut region_lines = 0usize;
    while let Some(item) = w.next()? {
        match item {
            Item::Open {
                name,
                attrs,
                pos,
                empty,
            } => {
                match name.as_str() {
                    "Page" => {
                        finish_page(&mut pages, &mut order);
                        let num =
                            |k: &str| attr(&attrs, k).and_then(|v| v.trim().parse::<f32>().ok());
                        pages.push(OcrPage {
                            size: num("imageWidth").zip(num("imageHeight")),
                            ..OcrPage::default()
                        });
                    }
                    "RegionRefIndexed" | "RegionRef" => {
                        if let Some(r) = attr(&attrs, "regionRef") {
                            let n = order.len();
                            order.entry(r.to_string()).or_insert(n);
                        }
                    }
                    "TextRegion" => {
                        last_page(&mut pages).blocks.push(OcrBlock {
                            id: attr(&attrs, "id").unwrap_or("").to_string(),
                            ..OcrBlock::default()
                        });
                        region_text = None;
                        region_lines = 0;
                    }
                    "TextLine" => {
                        if let Some(b) = last_page(&mut pages).blocks.last_mut() {
                            b.lines.push(OcrLine {
                                pos,
                                ..OcrLine::default()
                            });
                        }
                        region_lines += 1;
                        line_done = false;
                    }
                    "Coords" => {
                        let b = attr(&attrs, "points").and_then(BBox::from_points);
                        let parent = stack.last().map(String::as_str);
                        if let (Some(b), Some(block)) = (b, last_page(&mut pages).blocks.last_mut())
                        {
                            match parent {
                                Some("TextRegion") => block.bbox = b,
                                Some("TextLine") => {
                                    if let Some(l) = block.lines.last_mut() {
                                        l.bbox = b;
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
                if !empty {
                    stack.push(name);
                }
            }
            Item::Close { name } => {
                stack.pop();
                match name.as_str() {
                    "TextEquiv" if stack.last().map(String::as_str) == Some("TextLine") => {
                        line_done = true;
                    }
                    "TextRegion" => {
                        // A region with text but no lines: its text, line by line.
                        if let (Some(text), 0) = (region_text.take(), region_lines) {
                            if let Some(b) = last_page(&mut pages).blocks.last_mut() {
                                b.lines.extend(text.lines().map(|t| OcrLine {
                                    text: t.trim().to_string(),
                                    ..OcrLine::default()
                                }));
                            }
                        }
                    }
                    _ => {}
                }
            }
            Item::Text { text, .. } => {
                let path: Vec<&str> = stack.iter().rev().take(3).map(String::as_str).collect();
                match path.as_slice() {
                    ["Unicode", "TextEquiv", "TextLine"] if !line_done => {
                        if let Some(l) = last_page(&mut pages)
                            .blocks
                            .last_mut()
                            .and_then(|b| b.lines.last_mut())
                        {
                            l.text.push_str(&text);
                        }
                    }
                    ["Unicode", "TextEquiv", "TextRegion"] if region_lines == 0 => {
                        region_text.get_or_insert_with(String::new).push_str(&text);
                    }
                    _ => {}
                }
            }
        }
    }
    finish_page(&mut pages, &mut order);
    Ok(pages)
}

/// Give the page's regions their reading-order places.
fn finish_page(pages: &mut [OcrPage], order: &mut HashMap<String, usize>) {
    if let Some(p) = pages.last_mut() {
        for b in &mut p.blocks {
            b.order = order.get(&b.id).copied();
            for l in &mut b.lines {
                l.text = l.text.trim().to_string();
            }
        }
    }
    order.clear();
}
