//! OCR layouts (what the hOCR, ALTO and PAGE readers produce) → the source model.
//!
//! The geometry is used here, before any stage runs:
//! - **reading order**: an explicit one (PAGE `ReadingOrder`) wins; otherwise a page
//!   is cut into bands at blocks that span most of its width, each band into columns
//!   where no block bridges the gap between them, and blocks are read column by
//!   column, top to bottom;
//! - **page edges**: blocks in the top or bottom 8 % of the page move to the page's
//!   start or end, where the page-artifacts stage looks for running headers and page
//!   numbers (confirmed by repetition, as for text);
//! - **paragraph ends**: a line that stops short of its block's right edge ends a
//!   paragraph, one that runs to it goes on ([`Line::full`]); a first line set in
//!   from the block's left edge is indented ([`Line::indent`]);
//! - blocks are separated by blank lines; spaces OCR puts between Han characters are
//!   removed later by the normalize stage, as for text.

use crate::classify::{detect_lang, str_width};
use crate::report::Span;
use crate::source::{Line, Page, Source};

/// A box: left, top, right, bottom, in the page's units (y grows downwards).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct BBox {
    pub(crate) x0: f32,
    pub(crate) y0: f32,
    pub(crate) x1: f32,
    pub(crate) y1: f32,
}

impl BBox {
    pub(crate) fn width(&self) -> f32 {
        (self.x1 - self.x0).max(0.0)
    }

    pub(crate) fn height(&self) -> f32 {
        (self.y1 - self.y0).max(0.0)
    }

    /// The smallest box holding both (an empty box is ignored).
    pub(crate) fn union(self, o: BBox) -> BBox {
        if self.width() == 0.0 && self.height() == 0.0 {
            return o;
        }
        if o.width() == 0.0 && o.height() == 0.0 {
            return self;
        }
        BBox {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }

    /// `x0 y0 x1 y1` from four numbers.
    pub(crate) fn from_slice(v: &[f32]) -> Option<BBox> {
        match v {
            [x0, y0, x1, y1] => Some(BBox {
                x0: *x0,
                y0: *y0,
                x1: *x1,
                y1: *y1,
            }),
            _ => None,
        }
    }

    /// The box around PAGE XML `Coords@points` (`x,y x,y …`).
    pub(crate) fn from_points(points: &str) -> Option<BBox> {
        let mut b: Option<BBox> = None;
        for p in points.split_whitespace() {
            let (x, y) = p.split_once(',')?;
            let (x, y) = (x.trim().parse::<f32>().ok()?, y.trim().parse::<f32>().ok()?);
            let pt = BBox {
                x0: x,
                y0: y,
                x1: x,
                y1: y,
            };
            b = Some(match b {
                Some(b) => BBox {
                    x0: b.x0.min(x),
                    y0: b.y0.min(y),
                    x1: b.x1.max(x),
                    y1: b.y1.max(y),
                },
                None => pt,
            });
        }
        b
    }
}

/// One OCR line: its text (words joined by spaces) and box.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct OcrLine {
    pub(crate) text: String,
    pub(crate) bbox: BBox,
    /// Byte offset of the line's element in the input.
    pub(crate) pos: usize,
}

/// One block (hOCR paragraph, ALTO `TextBlock`, PAGE `TextRegion`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct OcrBlock {
    pub(crate) lines: Vec<OcrLine>,
    pub(crate) bbox: BBox,
    /// Its place in an explicit reading order, when the file gives one.
    pub(crate) order: Option<usize>,
    /// An identifier the reading order refers to.
    pub(crate) id: String,
}

impl OcrBlock {
    /// The block's box: the one the file gives, else the union of its lines'.
    pub(crate) fn bounds(&self) -> BBox {
        if self.bbox.width() > 0.0 {
            return self.bbox;
        }
        self.lines
            .iter()
            .fold(BBox::default(), |b, l| b.union(l.bbox))
    }
}

/// One page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct OcrPage {
    pub(crate) blocks: Vec<OcrBlock>,
    /// The page's size, when the file gives it.
    pub(crate) size: Option<(f32, f32)>,
    /// Words the engine read with low confidence (hOCR `x_wconf` below
    /// [`LOW_CONFIDENCE`]): the word and its confidence in percent.
    pub(crate) doubtful: Vec<(String, f32)>,
}

/// Word confidence (percent) below which a word is reported as doubtful.
pub(crate) const LOW_CONFIDENCE: f32 = 50.0;

/// The page being read (a first one is opened if the file had no page element yet).
pub(crate) fn last_page(pages: &mut Vec<OcrPage>) -> &mut OcrPage {
    if pages.is_empty() {
        pages.push(OcrPage::default());
    }
    let n = pages.len();
    &mut pages[n - 1]
}

/// The line being read: the last line of the last block of the last page.
pub(crate) fn current_line(pages: &mut [OcrPage]) -> Option<&mut OcrLine> {
    pages.last_mut()?.blocks.last_mut()?.lines.last_mut()
}

/// Share of the page height at the top and the bottom where running headers, footers
/// and page numbers stand.
const EDGE: f32 = 0.08;
/// A block wider than this share of the text width spans the columns (a title, a
/// full-width paragraph): it cuts the page into bands.
const SPAN: f32 = 0.6;

/// Turn OCR pages into the source model.
pub(crate) fn to_source(pages: Vec<OcrPage>) -> Source {
    let mut out = Vec::with_capacity(pages.len());
    let mut all_text = String::new();
    for page in pages {
        let blocks = reading_order(page);
        let bounds: Vec<BBox> = blocks.iter().map(OcrBlock::bounds).collect();
        let mut lines = Vec::new();
        for (k, block) in blocks.iter().enumerate() {
            // The right edge of the block's column: the farthest any block reaches
            // that shares most of its width.
            let b = bounds[k];
            let column_right = bounds
                .iter()
                .enumerate()
                .filter(|&(j, o)| {
                    let overlap = o.x1.min(b.x1) - o.x0.max(b.x0);
                    j != k && overlap > 0.5 * o.width().min(b.width())
                })
                .map(|(_, o)| o.x1)
                .reduce(f32::max);
            if k > 0 {
                let pos = block.lines.first().map_or(0, |l| l.pos);
                lines.push(Line {
                    span: Span {
                        start: pos,
                        end: pos,
                        ..Span::default()
                    },
                    ..Line::default()
                });
            }
            lines.extend(block_lines(block, column_right));
        }
        for l in &lines {
            all_text.push_str(&l.text);
            all_text.push('\n');
        }
        out.push(Page { lines });
    }
    // Like text, a document always has a page, even an OCR file without any.
    if out.is_empty() {
        out.push(Page::default());
    }
    Source {
        pages: out,
        lang: detect_lang(&all_text),
    }
}

/// A block's lines, with indentation and whether each runs to the right edge: its
/// own for lines inside it; for its last line, the farther of its own and its
/// column's (other blocks sharing its width). A one-line block alone in its column
/// tells nothing.
fn block_lines(block: &OcrBlock, column_right: Option<f32>) -> Vec<Line> {
    let lines: Vec<&OcrLine> = block
        .lines
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .collect();
    // The body's left edge: where most lines start (a hanging first line, a bullet,
    // stands left of it; an indented first line right of it).
    let mut starts: Vec<f32> = lines.iter().map(|l| l.bbox.x0).collect();
    starts.sort_by(f32::total_cmp);
    let left = starts.get(starts.len() / 2).copied().unwrap_or(0.0);
    let right = lines
        .iter()
        .map(|l| l.bbox.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    // The width of one display cell: the median over the block's lines.
    let mut cells: Vec<f32> = lines
        .iter()
        .filter(|l| l.bbox.width() > 0.0)
        .map(|l| l.bbox.width() / str_width(l.text.trim()).max(1) as f32)
        .collect();
    cells.sort_by(f32::total_cmp);
    let cell = cells.get(cells.len() / 2).copied().unwrap_or(0.0);
    let geometry = cell > 0.0 && right > left && !lines.is_empty();
    let n = lines.len();
    // Short of the right edge by more than two cells and 4 % of the width.
    let slack = (2.0 * cell).max((right - left) * 0.04);
    let full_at = |k: usize| {
        let edge = match (k + 1 < n, column_right) {
            (true, _) => Some(right),
            (false, Some(c)) => Some(c.max(right)),
            (false, None) if n > 1 => Some(right),
            (false, None) => None,
        };
        edge.filter(|_| geometry)
            .map(|edge| lines[k].bbox.x1 >= edge - slack)
    };
    lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let text = l.text.trim().to_string();
            // Set in after a line that ran to the edge is a hanging indent (a list
            // item's second line), not a new paragraph.
            let after_full = k > 0 && full_at(k - 1) == Some(true);
            let indent = if geometry && !after_full {
                ((l.bbox.x0 - left) / cell).round().max(0.0) as usize
            } else {
                0
            };
            let full = full_at(k);
            Line {
                span: Span {
                    start: l.pos,
                    end: l.pos + text.len(),
                    ..Span::default()
                },
                text,
                indent: if indent >= 2 { indent } else { 0 },
                full,
                ..Line::default()
            }
        })
        .collect()
}

/// The page's blocks in reading order, page-edge blocks first and last.
fn reading_order(page: OcrPage) -> Vec<OcrBlock> {
    let mut blocks: Vec<OcrBlock> = page
        .blocks
        .into_iter()
        .filter(|b| b.lines.iter().any(|l| !l.text.trim().is_empty()))
        .collect();
    // An explicit reading order first; blocks it leaves out follow, by geometry.
    let mut ordered: Vec<OcrBlock> = Vec::new();
    if blocks.iter().any(|b| b.order.is_some()) {
        let (o, rest): (Vec<OcrBlock>, Vec<OcrBlock>) =
            blocks.into_iter().partition(|b| b.order.is_some());
        ordered = o;
        ordered.sort_by_key(|b| b.order);
        blocks = rest;
        if blocks.is_empty() {
            return ordered;
        }
    }
    let area = blocks
        .iter()
        .fold(BBox::default(), |a, b| a.union(b.bounds()));
    let (page_top, page_h) = match page.size {
        Some((_, h)) if h > 0.0 => (0.0, h),
        _ => (area.y0, area.height()),
    };
    if page_h <= 0.0 {
        ordered.extend(blocks);
        return ordered;
    }
    let small = |b: &OcrBlock| b.lines.len() <= 2;
    let at_top = |b: &OcrBlock| b.bounds().y1 <= page_top + page_h * EDGE && small(b);
    let at_foot = |b: &OcrBlock| b.bounds().y0 >= page_top + page_h * (1.0 - EDGE) && small(b);
    let (mut top, rest): (Vec<OcrBlock>, Vec<OcrBlock>) = blocks.into_iter().partition(at_top);
    let (mut foot, body): (Vec<OcrBlock>, Vec<OcrBlock>) = rest.into_iter().partition(at_foot);
    top.sort_by(|a, b| a.bounds().y0.total_cmp(&b.bounds().y0));
    foot.sort_by(|a, b| a.bounds().y0.total_cmp(&b.bounds().y0));
    let mut out = top;
    out.extend(ordered);
    out.extend(columns(body, area));
    out.extend(foot);
    out
}

/// Blocks read band by band (bands cut at blocks spanning the columns), each band
/// column by column, top to bottom.
fn columns(mut blocks: Vec<OcrBlock>, area: BBox) -> Vec<OcrBlock> {
    blocks.sort_by(|a, b| a.bounds().y0.total_cmp(&b.bounds().y0));
    let width = area.width().max(1.0);
    let mut out = Vec::with_capacity(blocks.len());
    let mut band: Vec<OcrBlock> = Vec::new();
    for b in blocks {
        if b.bounds().width() >= width * SPAN {
            out.extend(order_band(std::mem::take(&mut band)));
            out.push(b);
        } else {
            band.push(b);
        }
    }
    out.extend(order_band(band));
    out
}

/// One band: columns are the runs of x that blocks cover without a gap; read left to
/// right, each top to bottom.
fn order_band(mut band: Vec<OcrBlock>) -> Vec<OcrBlock> {
    if band.len() < 2 {
        return band;
    }
    let mut spans: Vec<(f32, f32)> = band
        .iter()
        .map(|b| (b.bounds().x0, b.bounds().x1))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cols: Vec<(f32, f32)> = Vec::new();
    for (x0, x1) in spans {
        match cols.last_mut() {
            Some(c) if x0 <= c.1 => c.1 = c.1.max(x1),
            _ => cols.push((x0, x1)),
        }
    }
    let col_of = |b: &OcrBlock| {
        let x = b.bounds().x0;
        cols.iter().position(|c| x >= c.0 && x <= c.1).unwrap_or(0)
    };
    band.sort_by(|a, b| {
        col_of(a)
            .cmp(&col_of(b))
            .then(a.bounds().y0.total_cmp(&b.bounds().y0))
    });
    band
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f32, y0: f32, x1: f32) -> OcrLine {
        OcrLine {
            text: text.into(),
            bbox: BBox {
                x0,
                y0,
                x1,
                y1: y0 + 20.0,
            },
            pos: 0,
        }
    }

    fn block(lines: Vec<OcrLine>) -> OcrBlock {
        OcrBlock {
            lines,
            ..OcrBlock::default()
        }
    }

    #[test]
    fn two_columns_read_left_then_right_with_header_and_footer_at_the_edges() {
        let page = OcrPage {
            doubtful: vec![],
            size: Some((1000.0, 1000.0)),
            blocks: vec![
                block(vec![line("Right column starts here", 520.0, 200.0, 900.0)]),
                block(vec![line("Left column first", 100.0, 200.0, 480.0)]),
                block(vec![line("Page 3", 450.0, 960.0, 550.0)]),
                block(vec![line("Left column second", 100.0, 400.0, 480.0)]),
                block(vec![line("A Title Across The Page", 100.0, 100.0, 900.0)]),
                block(vec![line("Running Header", 400.0, 20.0, 600.0)]),
            ],
        };
        let src = to_source(vec![page]);
        let texts: Vec<&str> = src
            .lines()
            .filter(|l| !l.is_blank())
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(
            texts,
            [
                "Running Header",
                "A Title Across The Page",
                "Left column first",
                "Left column second",
                "Right column starts here",
                "Page 3"
            ]
        );
    }

    #[test]
    fn a_line_short_of_the_edge_ends_a_paragraph_and_indents_are_measured() {
        let b = block(vec![
            line(
                "    The first line runs to the edge of",
                100.0,
                100.0,
                900.0,
            ),
            line("the column and this one stops short.", 60.0, 130.0, 600.0),
            line("A new paragraph runs to the edge again", 60.0, 160.0, 900.0),
            line("and ends.", 60.0, 190.0, 200.0),
        ]);
        let lines = block_lines(&b, Some(900.0));
        assert_eq!(lines[0].full, Some(true));
        assert_eq!(lines[1].full, Some(false));
        assert_eq!(lines[2].full, Some(true));
        assert_eq!(
            lines[3].full,
            Some(false),
            "the block's last line, short of the column"
        );
        assert!(lines[0].indent >= 2, "{}", lines[0].indent);
        assert_eq!(lines[1].indent, 0);
    }

    #[test]
    fn an_explicit_reading_order_wins() {
        let mut a = block(vec![line("second", 100.0, 100.0, 400.0)]);
        a.order = Some(1);
        let mut b = block(vec![line("first", 100.0, 500.0, 400.0)]);
        b.order = Some(0);
        let src = to_source(vec![OcrPage {
            blocks: vec![a, b],
            ..OcrPage::default()
        }]);
        let texts: Vec<&str> = src
            .lines()
            .filter(|l| !l.is_blank())
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(texts, ["first", "second"]);
    }
}
