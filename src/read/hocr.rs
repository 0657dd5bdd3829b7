//! hOCR (tesseract, OCRopus, Kraken …): `ocr_page` ▸ `ocr_carea` ▸ `ocr_par` ▸
//! `ocr_line` ▸ `ocrx_word`, each with a `bbox` in its `title`; a word's `x_wconf` is
//! its confidence. Paragraphs are the blocks; a line's words are joined by spaces.

use super::ocr::{current_line, last_page, BBox, OcrBlock, OcrLine, OcrPage, LOW_CONFIDENCE};
use super::xml::{attr, Item, Walker, XmlError};

/// The `title` properties of an hOCR element: its box and word confidence.
fn title_props(title: &str) -> (Option<BBox>, Option<f32>) {
    let mut bbox = None;
    let mut conf = None;
    for prop in title.split(';') {
        let mut parts = prop.split_whitespace();
        match parts.next() {
            Some("bbox") => {
                let v: Vec<f32> = parts.filter_map(|p| p.parse().ok()).collect();
                bbox = BBox::from_slice(&v);
            }
            Some("x_wconf") => conf = parts.next().and_then(|p| p.parse().ok()),
            _ => {}
        }
    }
    (bbox, conf)
}

/// What an element with an hOCR class opens.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Page,
    Block,
    Line,
    Word,
    Other,
}

fn kind(class: &str) -> Kind {
    let has = |c: &str| class.split_whitespace().any(|x| x == c);
    if has("ocr_page") {
        Kind::Page
    } else if has("ocr_par") {
        Kind::Block
    } else if has("ocr_line")
        || has("ocr_header")
        || has("ocr_caption")
        || has("ocr_textfloat")
        || has("ocr_footer")
    {
        Kind::Line
    } else if has("ocrx_word") {
        Kind::Word
    } else {
        Kind::Other
    }
}

/// Read hOCR into OCR pages. Word confidences below 0 are kept as they are: the text
/// is what the engine read, and nothing is dropped.
pub(crate) fn read_hocr(xml: &str) -> Result<Vec<OcrPage>, XmlError> {
    let mut w = Walker::new(xml);
    let mut pages: Vec<OcrPage> = Vec::new();
    // The element stack: the kind each open element started.
    let mut stack: Vec<Kind> = Vec::new();
    let mut in_word = false;
    // The box of the word being read, and whether its first text is still to come.
    let mut word_box: Option<BBox> = None;
    let mut word_start = false;
    // Where the line's last word ended.
    let mut last_x1: Option<f32> = None;
    // The word's confidence (`x_wconf`) and text, for the report of doubtful words.
    let mut word_conf: Option<f32> = None;
    let mut word_text = String::new();
    while let Some(item) = w.next()? {
        match item {
            Item::Open {
                attrs, pos, empty, ..
            } => {
                let k = attr(&attrs, "class").map_or(Kind::Other, kind);
                let (bbox, conf) = attr(&attrs, "title").map_or((None, None), title_props);
                match k {
                    Kind::Page => pages.push(OcrPage {
                        size: bbox.map(|b| (b.width(), b.height())),
                        ..OcrPage::default()
                    }),
                    Kind::Block => {
                        let page = last_page(&mut pages);
                        page.blocks.push(OcrBlock {
                            bbox: bbox.unwrap_or_default(),
                            ..OcrBlock::default()
                        });
                    }
                    Kind::Line => {
                        let page = last_page(&mut pages);
                        if !stack.contains(&Kind::Block) || page.blocks.is_empty() {
                            // A line outside any paragraph is a block of its own.
                            page.blocks.push(OcrBlock::default());
                        }
                        if let Some(block) = page.blocks.last_mut() {
                            block.lines.push(OcrLine {
                                bbox: bbox.unwrap_or_default(),
                                pos,
                                ..OcrLine::default()
                            });
                        }
                        last_x1 = None;
                    }
                    Kind::Word => {
                        word_box = bbox;
                        word_start = true;
                        in_word = true;
                        word_conf = conf;
                        word_text.clear();
                    }
                    Kind::Other => {}
                }
                if !empty {
                    stack.push(k);
                } else if k == Kind::Word {
                    in_word = false;
                }
            }
            Item::Close { .. } => {
                if stack.pop() == Some(Kind::Word) {
                    in_word = false;
                    if let Some(c) = word_conf.take().filter(|&c| c < LOW_CONFIDENCE) {
                        let word = std::mem::take(&mut word_text);
                        if !word.trim().is_empty() {
                            last_page(&mut pages)
                                .doubtful
                                .push((word.trim().to_string(), c));
                        }
                    }
                }
            }
            Item::Text { text, .. } => {
                // Text inside a line (words, and anything between them) belongs to it.
                if stack.contains(&Kind::Line) {
                    if let Some(line) = current_line(&mut pages) {
                        if in_word {
                            word_text.push_str(&text);
                            if word_start && !text.trim().is_empty() {
                                if needs_space(line, &text, last_x1, word_box) {
                                    line.text.push(' ');
                                }
                                word_start = false;
                                last_x1 = word_box.map(|b| b.x1);
                            }
                            line.text.push_str(&text);
                        } else if !text.trim().is_empty() {
                            if !line.text.is_empty() {
                                line.text.push(' ');
                            }
                            line.text
                                .push_str(&text.split_whitespace().collect::<Vec<_>>().join(" "));
                        }
                    }
                }
            }
        }
    }
    Ok(pages)
}

/// Does a word need a space before it? Between Latin words always; where Chinese
/// text meets the word (Han or full-width punctuation on either side), only where
/// the gap between the boxes is wide — OCR engines split Chinese into "words"
/// anywhere.
fn needs_space(line: &OcrLine, word: &str, last_x1: Option<f32>, word_box: Option<BBox>) -> bool {
    let Some(prev) = line.text.chars().last() else {
        return false;
    };
    if prev == ' ' {
        return false;
    }
    let next = word.trim_start().chars().next().unwrap_or(' ');
    // Han characters and full-width punctuation: OCR "words" split them anywhere.
    let wide = |c: char| {
        crate::classify::is_han(c)
            || ('\u{3000}'..='\u{303F}').contains(&c)
            || ('\u{FF00}'..='\u{FFEF}').contains(&c)
    };
    // Never inside brackets or before closing punctuation.
    if "([{“‘《〈「『".contains(prev) || ",.;:!?)]}”’》〉」』".contains(next) {
        return false;
    }
    match (wide(prev), wide(next)) {
        (false, false) => true,
        (true, true) => false,
        // Chinese meeting a Latin word or a number: a space only where the gap is as
        // wide as a character (typesetters leave a narrower one there anyway).
        _ => match (last_x1, word_box) {
            (Some(x1), Some(b)) => {
                let h = line.bbox.height().max(b.height()).max(1.0);
                b.x0 - x1 > 0.8 * h
            }
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_paragraphs_lines_and_words() {
        let hocr = r#"<html><body>
<div class='ocr_page' title='image "p.png"; bbox 0 0 1000 1400'>
 <div class='ocr_carea' title="bbox 100 100 900 200">
  <p class='ocr_par' title="bbox 100 100 900 200">
   <span class='ocr_line' title="bbox 100 100 900 130; baseline 0 -5">
    <span class='ocrx_word' title='bbox 100 100 200 130; x_wconf 96'>R&amp;D</span>
    <span class='ocrx_word' title='bbox 210 100 300 130; x_wconf 91'>infor-</span>
   </span>
   <span class='ocr_line' title="bbox 100 140 500 170">
    <span class='ocrx_word' title='bbox 100 140 200 170; x_wconf 31'>mation&#x2014;done</span>
   </span>
  </p>
 </div>
</div></body></html>"#;
        let pages = read_hocr(hocr).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].size, Some((1000.0, 1400.0)));
        let b = &pages[0].blocks[0];
        assert_eq!(b.lines.len(), 2);
        assert_eq!(b.lines[0].text, "R&D infor-");
        assert_eq!(b.lines[1].text, "mation—done");
        assert_eq!(b.lines[1].bbox.x1, 500.0);
        // Confidence is kept: a doubtful word is reported.
        assert_eq!(pages[0].doubtful, [("mation—done".to_string(), 31.0)]);
    }
}
