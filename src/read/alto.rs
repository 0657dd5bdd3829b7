//! ALTO (v2–v4, Library of Congress; ABBYY and many digitisation projects):
//! `Page` ▸ `TextBlock` ▸ `TextLine` ▸ `String@CONTENT`, `SP` (space) and `HYP` (a
//! line-end hyphen). A word hyphenated across lines carries `SUBS_TYPE`
//! `HypPart1`/`HypPart2` and the whole word in `SUBS_CONTENT`: the whole word is put
//! at the end of the first line and its second part left out, so the break needs no
//! guessing. Positions are `HPOS`, `VPOS`, `WIDTH`, `HEIGHT`.

use super::ocr::{current_line, last_page, BBox, OcrBlock, OcrLine, OcrPage};
use super::xml::{attr, Item, Walker, XmlError};

fn bbox(attrs: &[(String, String)]) -> Option<BBox> {
    let num = |k: &str| attr(attrs, k).and_then(|v| v.trim().parse::<f32>().ok());
    let (x, y, w, h) = (num("HPOS")?, num("VPOS")?, num("WIDTH")?, num("HEIGHT")?);
    Some(BBox {
        x0: x,
        y0: y,
        x1: x + w,
        y1: y + h,
    })
}

/// Read ALTO into OCR pages.
pub(crate) fn read_alto(xml: &str) -> Result<Vec<OcrPage>, XmlError> {
    let mut w = Walker::new(xml);
    let mut pages: Vec<OcrPage> = Vec::new();
    // The second part of a hyphenated word whose whole form was already written.
    let mut skip_part2 = false;
    // The line's hyphen was written with the whole word.
    let mut skip_hyp = false;
    while let Some(item) = w.next()? {
        let Item::Open {
            name, attrs, pos, ..
        } = item
        else {
            continue;
        };
        match name.as_str() {
            "Page" => {
                let num = |k: &str| attr(&attrs, k).and_then(|v| v.trim().parse::<f32>().ok());
                pages.push(OcrPage {
                    size: num("WIDTH").zip(num("HEIGHT")),
                    ..OcrPage::default()
                });
            }
            "TextBlock" => last_page(&mut pages).blocks.push(OcrBlock {
                bbox: bbox(&attrs).unwrap_or_default(),
                id: attr(&attrs, "ID").unwrap_or("").to_string(),
                ..OcrBlock::default()
            }),
            "TextLine" => {
                let p = last_page(&mut pages);
                if p.blocks.is_empty() {
                    p.blocks.push(OcrBlock::default());
                }
                if let Some(b) = p.blocks.last_mut() {
                    b.lines.push(OcrLine {
                        bbox: bbox(&attrs).unwrap_or_default(),
                        pos,
                        ..OcrLine::default()
                    });
                }
                skip_hyp = false;
            }
            "String" => {
                let Some(line) = current_line(&mut pages) else {
                    continue;
                };
                let content = attr(&attrs, "CONTENT").unwrap_or("");
                let subs = attr(&attrs, "SUBS_CONTENT").filter(|s| !s.is_empty());
                let word = match attr(&attrs, "SUBS_TYPE") {
                    Some("HypPart1") if subs.is_some() => {
                        skip_part2 = true;
                        skip_hyp = true;
                        subs.unwrap_or(content)
                    }
                    Some("HypPart2") if skip_part2 => {
                        skip_part2 = false;
                        continue;
                    }
                    _ => content,
                };
                if !line.text.is_empty() && !line.text.ends_with(' ') {
                    line.text.push(' ');
                }
                line.text.push_str(word);
            }
            "SP" => {
                if let Some(line) = current_line(&mut pages) {
                    if !line.text.is_empty() && !line.text.ends_with(' ') {
                        line.text.push(' ');
                    }
                }
            }
            "HYP" => {
                if skip_hyp {
                    continue;
                }
                if let Some(line) = current_line(&mut pages) {
                    line.text.push_str(attr(&attrs, "CONTENT").unwrap_or("-"));
                }
            }
            _ => {}
        }
    }
    for p in &mut pages {
        for b in &mut p.blocks {
            for l in &mut b.lines {
                l.text = l.text.trim().to_string();
            }
        }
    }
    Ok(pages)
}
