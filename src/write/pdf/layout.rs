//! Blocks → positioned glyphs on pages: styles per block kind, line setting
//! (alignment, justification, first-line indent, hanging list markers) and
//! pagination (headings kept with what follows, no single first line at a page foot).

use std::collections::{BTreeSet, VecDeque};

use super::fonts::{Chain, FaceId, FontSet};
use super::linebreak::{break_lines, opportunities, Piece};
use super::shape::{shape, Cluster, Kind};
use crate::doc::{Block, Document, Lang, List};

/// One glyph placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    /// The face drawing it.
    pub(crate) face: FaceId,
    /// Font size in points.
    pub(crate) size: f32,
    /// Glyph id in the shipped face.
    pub(crate) gid: u16,
    /// Pen position, points from the page's left edge.
    pub(crate) x: f32,
    /// The text of the cluster this glyph starts (its `/ToUnicode` entry); `None` for
    /// the second and later glyphs of a cluster.
    pub(crate) text: Option<GlyphText>,
}

/// The text a glyph stands for, kept without an allocation for the usual single
/// character (a document has millions of glyphs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GlyphText {
    One(char),
    Many(Box<str>),
}

impl GlyphText {
    pub(crate) fn new(s: &str) -> GlyphText {
        let mut cs = s.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) => GlyphText::One(c),
            _ => GlyphText::Many(s.into()),
        }
    }
}

impl std::fmt::Display for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GlyphText::One(c) => write!(f, "{c}"),
            GlyphText::Many(s) => f.write_str(s),
        }
    }
}

/// One line of a block: its height (baseline to baseline) and glyphs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LineBox {
    /// The line's height in points (its leading).
    pub(crate) height: f32,
    /// Distance from the top of the line box down to the baseline.
    pub(crate) baseline: f32,
    /// The glyphs, left to right.
    pub(crate) glyphs: Vec<Placed>,
}

/// A laid-out block, before pagination.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BlockBox {
    pub(crate) lines: Vec<LineBox>,
    pub(crate) space_before: f32,
    pub(crate) space_after: f32,
    /// Keep on the same page as the first lines of the next block (headings).
    pub(crate) keep_with_next: bool,
    /// Outline entry: heading level and text.
    pub(crate) outline: Option<(u8, String)>,
}

/// A laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    /// Lines: baseline position (points from the top of the text area) and glyphs.
    pub(crate) lines: Vec<(f32, Vec<Placed>)>,
    /// Headings starting on this page: level, text, top of the heading (points from
    /// the top of the text area).
    pub(crate) outline: Vec<(u8, String, f32)>,
    /// The article in effect at the top of the page (an index into
    /// [`Laid::articles`]), for the running header.
    pub(crate) article: Option<usize>,
    /// Does the page open with a heading (a new chapter or article)?
    pub(crate) opens_with_heading: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    /// Both edges straight; the block's last line (and lines ending in a hard break)
    /// left-aligned.
    Justify,
}

/// How to set one block's text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub(crate) chain: Chain,
    pub(crate) size: f32,
    pub(crate) leading: f32,
    pub(crate) align: Align,
    pub(crate) first_indent: f32,
}

/// Text-area geometry and the document-wide typographic settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    /// Left edge of the text area, points from the page's left edge.
    pub(crate) left: f32,
    /// Width of a column: the measure blocks are set at (the text area's width when
    /// there is one column).
    pub(crate) width: f32,
    /// Width of the whole text area: running headers and page numbers are centred
    /// across it.
    pub(crate) span: f32,
    /// Columns on a page, and the gap between two columns.
    pub(crate) columns: usize,
    pub(crate) gap: f32,
    /// Height of the text area.
    pub(crate) height: f32,
    /// Body text size.
    pub(crate) body: f32,
    /// Body leading as a multiple of the size.
    pub(crate) spacing: f32,
    /// Justify body text.
    pub(crate) justify: bool,
}

/// Shapes and sets text; collects the characters no face has.
pub(crate) struct Setter<'a> {
    pub(crate) fonts: &'a FontSet,
    pub(crate) lang: Lang,
    pub(crate) frame: Frame,
    pub(crate) missing: BTreeSet<char>,
}

/// Where the baseline sits in a line box of `height` for text of `size`: the em box
/// (0.88 em above the baseline to 0.12 below in Noto CJK) is centred in the box.
fn baseline_in(height: f32, size: f32) -> f32 {
    (height - size) / 2.0 + 0.88 * size
}

impl Setter<'_> {
    fn shape(&mut self, text: &str, chain: Chain) -> Vec<Cluster> {
        shape(
            text,
            self.fonts.chain(chain),
            &self.fonts.faces,
            self.lang,
            &mut self.missing,
        )
    }

    /// Set `text` into lines between `left` and `left + measure`.
    pub(crate) fn set(
        &mut self,
        text: &str,
        style: &Style,
        left: f32,
        measure: f32,
    ) -> Vec<LineBox> {
        let clusters = self.shape(text, style.chain);
        if clusters.is_empty() {
            return Vec::new();
        }
        let ranges: Vec<_> = clusters.iter().map(|c| c.range.clone()).collect();
        let ops = opportunities(text, &ranges);
        let pieces: Vec<Piece> = clusters
            .iter()
            .zip(ops)
            .map(|(c, (brk, emergency_ok))| Piece {
                width: c.advance * style.size,
                blank: c.kind.is_blank(),
                brk,
                emergency_ok,
            })
            .collect();
        let indent = style.first_indent.clamp(0.0, measure / 2.0);
        let lines = break_lines(&pieces, measure - indent, measure);
        let count = lines.len();
        lines
            .into_iter()
            .enumerate()
            .map(|(k, range)| {
                let ends_hard = clusters[range.clone()]
                    .iter()
                    .any(|c| c.kind == Kind::Break);
                let last = k + 1 == count || ends_hard;
                let (x0, m) = if k == 0 {
                    (left + indent, measure - indent)
                } else {
                    (left, measure)
                };
                let align = match style.align {
                    Align::Justify if last => Align::Left,
                    a => a,
                };
                LineBox {
                    height: style.leading,
                    baseline: baseline_in(style.leading, style.size),
                    glyphs: place(text, &clusters[range], style.size, x0, m, align),
                }
            })
            .collect()
    }

    fn paragraph_style(&self) -> Style {
        let f = self.frame;
        Style {
            chain: Chain::Body,
            size: f.body,
            leading: f.body * f.spacing,
            align: if f.justify {
                Align::Justify
            } else {
                Align::Left
            },
            first_indent: if self.lang.is_cjk() {
                2.0 * f.body
            } else {
                0.0
            },
        }
    }

    fn heading_style(&self, level: u8) -> Style {
        let f = self.frame;
        let scale = match level {
            0 | 1 => 1.7,
            2 => 1.43,
            3 => 1.29,
            4 => 1.14,
            5 => 1.05,
            _ => 1.0,
        };
        let size = f.body * scale;
        Style {
            chain: Chain::Heading,
            size,
            leading: size * 1.45,
            align: if level <= 1 {
                Align::Center
            } else {
                Align::Left
            },
            first_indent: 0.0,
        }
    }

    fn byline_style(&self) -> Style {
        let size = self.frame.body * 0.9;
        Style {
            chain: Chain::Body,
            size,
            leading: size * 1.5,
            align: Align::Center,
            first_indent: 0.0,
        }
    }

    /// Lay out one block.
    pub(crate) fn block(&mut self, block: &Block) -> BlockBox {
        let f = self.frame;
        let para_gap = self.para_gap();
        match block {
            // A whole paragraph is its only piece.
            Block::Paragraph { text } => self.piece(text.trim(), true, true),
            Block::Heading { level, text } => {
                let style = self.heading_style(*level);
                let text = text.trim();
                BlockBox {
                    lines: self.set(text, &style, f.left, f.width),
                    space_before: if *level <= 1 { 0.0 } else { 1.0 * f.body },
                    space_after: if *level <= 1 { 1.0 } else { 0.5 } * f.body,
                    keep_with_next: true,
                    outline: (!text.is_empty()).then(|| (*level, text.to_string())),
                }
            }
            Block::Byline { text, .. } => {
                let style = self.byline_style();
                BlockBox {
                    lines: self.set(text.trim(), &style, f.left, f.width),
                    space_before: 0.2 * f.body,
                    space_after: 0.8 * f.body,
                    // An article's title, byline and first paragraph stay together.
                    keep_with_next: true,
                    outline: None,
                }
            }
            Block::Quote { text } => {
                // Indented on both sides by two characters; line breaks kept.
                let mut style = self.paragraph_style();
                style.first_indent = 0.0;
                style.align = Align::Left;
                let inset = (2.0 * f.body).min(f.width / 4.0);
                BlockBox {
                    lines: self.set(text.trim(), &style, f.left + inset, f.width - 2.0 * inset),
                    space_before: 0.3 * f.body,
                    space_after: para_gap + 0.3 * f.body,
                    keep_with_next: false,
                    outline: None,
                }
            }
            Block::Preformatted { text } => BlockBox {
                lines: self.preformatted(text),
                space_before: 0.3 * f.body,
                space_after: para_gap + 0.3 * f.body,
                keep_with_next: false,
                outline: None,
            },
            // The caller lays out `flat_blocks`, which opens articles up.
            Block::Article(_) => BlockBox {
                lines: Vec::new(),
                space_before: 0.0,
                space_after: 0.0,
                keep_with_next: false,
                outline: None,
            },
            Block::List(list) => BlockBox {
                lines: self.list(list, 0),
                space_before: 0.2 * f.body,
                space_after: para_gap + 0.2 * f.body,
                keep_with_next: false,
                outline: None,
            },
        }
    }

    /// The space after a paragraph: less in Chinese, whose paragraphs are indented.
    fn para_gap(&self) -> f32 {
        let share = if self.lang.is_cjk() { 0.3 } else { 0.6 };
        share * self.frame.body
    }

    /// Lay out a paragraph, or a piece of a long one: the first piece opens it
    /// (first-line indent), the last closes it (the space after).
    pub(crate) fn piece(&mut self, text: &str, first: bool, last: bool) -> BlockBox {
        let f = self.frame;
        let mut style = self.paragraph_style();
        if !first {
            style.first_indent = 0.0;
        }
        let para_gap = self.para_gap();
        BlockBox {
            lines: self.set(text, &style, f.left, f.width),
            space_before: 0.0,
            space_after: if last { para_gap } else { 0.0 },
            keep_with_next: false,
            outline: None,
        }
    }

    /// Preformatted text: one line per source line, left-aligned, a little smaller;
    /// leading spaces become an indent of half an em each. A line too long for the
    /// measure wraps.
    fn preformatted(&mut self, text: &str) -> Vec<LineBox> {
        let f = self.frame;
        let size = f.body * 0.9;
        let style = Style {
            chain: Chain::Mono,
            size,
            leading: size * 1.3,
            align: Align::Left,
            first_indent: 0.0,
        };
        let mut out = Vec::new();
        for line in text.lines() {
            let body = line.trim_start();
            if body.is_empty() {
                out.push(LineBox {
                    height: style.leading,
                    baseline: baseline_in(style.leading, style.size),
                    glyphs: Vec::new(),
                });
                continue;
            }
            let spaces = line.len() - body.len();
            let inset = (spaces as f32 * 0.5 * size).min(f.width / 2.0);
            out.extend(self.set(body.trim_end(), &style, f.left + inset, f.width - inset));
        }
        out
    }

    /// A list: markers hang in a column, item text is indented past it; each nested
    /// list one indent further in, after its item.
    fn list(&mut self, list: &List, depth: usize) -> Vec<LineBox> {
        let f = self.frame;
        let mut style = self.paragraph_style();
        style.first_indent = 0.0;
        let step = if self.lang.is_cjk() { 2.0 } else { 1.5 } * f.body;
        // Deep nesting stops indenting where a third of the measure is used up.
        let indent = (if self.lang.is_cjk() { 2.0 } else { 1.0 } * f.body + step * depth as f32)
            .min(f.width / 3.0);
        let gap = 0.4 * f.body;
        let markers: Vec<Vec<Cluster>> = list
            .items
            .iter()
            .map(|i| self.shape(i.marker.trim(), style.chain))
            .collect();
        let marker_w = markers
            .iter()
            .map(|m| m.iter().map(|c| c.advance).sum::<f32>() * style.size)
            .fold(0.0f32, f32::max);
        let hanging = marker_w + gap <= f.width / 3.0;
        let text_left = f.left + indent + marker_w + gap;

        let mut out = Vec::new();
        for (item, marker) in list.items.iter().zip(&markers) {
            let text = item.text.trim();
            if !hanging {
                // Markers too wide to hang: set marker and text as one paragraph.
                let joined = format!("{} {}", item.marker.trim(), text);
                out.extend(self.set(joined.trim(), &style, f.left + indent, f.width - indent));
                for child in &item.children {
                    out.extend(self.list(child, depth + 1));
                }
                continue;
            }
            let mut lines = self.set(text, &style, text_left, f.left + f.width - text_left);
            if lines.is_empty() {
                lines.push(LineBox {
                    height: style.leading,
                    baseline: baseline_in(style.leading, style.size),
                    glyphs: Vec::new(),
                });
            }
            let marker_text = item.marker.trim();
            let mut glyphs = place(
                marker_text,
                marker,
                style.size,
                f.left + indent,
                marker_w,
                Align::Left,
            );
            glyphs.append(&mut lines[0].glyphs);
            lines[0].glyphs = glyphs;
            out.extend(lines);
            for child in &item.children {
                out.extend(self.list(child, depth + 1));
            }
        }
        out
    }

    /// Lay out a running header: `text` centred, on one line (cut short with `…` when
    /// it is wider than the measure).
    pub(crate) fn running_head(&mut self, text: &str, size: f32) -> Vec<Placed> {
        let f = self.frame;
        let clusters = self.shape(text, Chain::Body);
        let width: f32 = clusters.iter().map(|c| c.advance * size).sum();
        if width <= f.span {
            return place(text, &clusters, size, f.left, f.span, Align::Center);
        }
        let room = f.span - 1.2 * size;
        let mut used = 0.0;
        let cut = clusters
            .iter()
            .find(|c| {
                used += c.advance * size;
                used > room
            })
            .map_or(text.len(), |c| c.range.start);
        let shown = format!("{}…", text[..cut].trim_end());
        let clusters = self.shape(&shown, Chain::Body);
        place(&shown, &clusters, size, f.left, f.span, Align::Center)
    }

    /// Lay out the page number `n`, centred at `baseline` (the caller positions it).
    pub(crate) fn page_number(&mut self, n: usize, size: f32) -> Vec<Placed> {
        let text = if self.lang.is_cjk() {
            format!("- {n} -")
        } else {
            n.to_string()
        };
        let clusters = self.shape(&text, Chain::Body);
        let f = self.frame;
        place(&text, &clusters, size, f.left, f.span, Align::Center)
    }
}

/// Share `slack` points between `spaces` inter-word gaps and `others` gaps next to
/// CJK characters. A word space takes twice the share of an inter-character gap,
/// which is capped at 0.15 em when there are word spaces to take the rest (text
/// extractors read wide gaps between Han characters as spaces). `None`: too loose,
/// leave the line ragged.
fn justify(slack: f32, spaces: usize, others: usize, size: f32) -> Option<(f32, f32)> {
    const CJK_MAX: f32 = 0.15;
    if slack <= 0.0 || spaces + others == 0 {
        return None;
    }
    let (s, o) = (spaces as f32, others as f32);
    let unit = slack / (2.0 * s + o);
    let (mut per_space, mut per_other) = (2.0 * unit, unit);
    if spaces > 0 && others > 0 && per_other > CJK_MAX * size {
        per_other = CJK_MAX * size;
        per_space = (slack - per_other * o) / s;
    }
    (per_space <= 0.8 * size && per_other <= 0.5 * size).then_some((per_space, per_other))
}

/// Place the clusters of one line between `x0` and `x0 + measure`.
fn place(
    text: &str,
    clusters: &[Cluster],
    size: f32,
    x0: f32,
    measure: f32,
    align: Align,
) -> Vec<Placed> {
    // Trailing blanks are neither drawn nor measured.
    let ink_end = clusters
        .iter()
        .rposition(|c| !c.kind.is_blank())
        .map_or(0, |p| p + 1);
    let clusters = &clusters[..ink_end];
    let natural: f32 = clusters.iter().map(|c| c.advance * size).sum();
    let slack = (measure - natural).max(0.0);

    let stretchable = |i: usize| -> bool {
        i > 0 && {
            let (a, b) = (clusters[i - 1].kind, clusters[i].kind);
            !b.is_blank()
                && a != Kind::Break
                && a != Kind::Invisible
                && (a == Kind::Space || a == Kind::Cjk || b == Kind::Cjk)
        }
    };
    let after_space = |i: usize| clusters[i - 1].kind == Kind::Space;
    let (start, per_space, per_other) = match align {
        Align::Left => (x0, 0.0, 0.0),
        Align::Center => (x0 + slack / 2.0, 0.0, 0.0),
        Align::Justify => {
            let gaps = (1..clusters.len()).filter(|&i| stretchable(i));
            let spaces = gaps.clone().filter(|&i| after_space(i)).count();
            let others = gaps.filter(|&i| !after_space(i)).count();
            match justify(slack, spaces, others, size) {
                Some((s, o)) => (x0, s, o),
                None => (x0, 0.0, 0.0),
            }
        }
    };

    let mut x = start;
    // About one glyph a cluster: sized once, not regrown glyph by glyph.
    let mut out = Vec::with_capacity(clusters.len());
    for (i, c) in clusters.iter().enumerate() {
        if stretchable(i) {
            x += if after_space(i) { per_space } else { per_other };
        }
        for (k, g) in c.glyphs.iter().enumerate() {
            out.push(Placed {
                face: c.face,
                size,
                gid: g.gid,
                x,
                text: (k == 0).then(|| GlyphText::new(text.get(c.range.clone()).unwrap_or(""))),
            });
            x += g.advance * size;
        }
    }
    out
}

/// Text bytes a chunk of blocks set in parallel holds at most (a block is never cut).
const CHUNK_BYTES: usize = 64 * 1024;

/// Longest paragraph set in one piece. A longer one (a dump with no line breaks) is set
/// in pieces of about this size, so its glyphs are never held all at once; each piece
/// ends on a line of its own.
const PIECE_BYTES: usize = 32 * 1024;

/// What the flow sets: a block, or a piece of a long paragraph.
#[derive(Clone, Copy)]
enum Item<'d> {
    Block(&'d Block),
    Piece {
        text: &'d str,
        first: bool,
        last: bool,
    },
}

/// Cut `text` into pieces of at most about `max` bytes, after a space or a CJK
/// punctuation mark where there is one in the last quarter, else at a character.
fn pieces(text: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > max {
        let mut end = max;
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let mut from = end - end / 4;
        while !rest.is_char_boundary(from) {
            from += 1;
        }
        let cut = rest[from..end]
            .char_indices()
            .rev()
            .find(|(_, c)| {
                c.is_whitespace() || matches!(c, '，' | '。' | '；' | '、' | '！' | '？')
            })
            .map_or(end, |(i, c)| from + i + c.len_utf8());
        // Never an empty piece (a `max` smaller than one character).
        let cut = if cut == 0 {
            rest.chars().next().map_or(rest.len(), char::len_utf8)
        } else {
            cut
        };
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest);
    }
    out
}

/// Push `b` (in `article`) as items: long paragraphs as pieces.
fn push_items<'d>(
    items: &mut Vec<(Item<'d>, Option<usize>)>,
    b: &'d Block,
    article: Option<usize>,
) {
    match b {
        Block::Paragraph { text } if text.trim().len() > PIECE_BYTES => {
            let parts = pieces(text.trim(), PIECE_BYTES);
            let n = parts.len();
            for (k, text) in parts.into_iter().enumerate() {
                items.push((
                    Item::Piece {
                        text,
                        first: k == 0,
                        last: k + 1 == n,
                    },
                    article,
                ));
            }
        }
        _ => items.push((Item::Block(b), article)),
    }
}

/// The document flowing onto pages a bounded run of blocks at a time: each chunk of
/// blocks is set in parallel (rayon), the boxes are paginated in order, and every
/// finished page is handed out at once, so a document's worth of glyphs is never held.
pub(crate) struct Flow<'d> {
    /// The blocks with articles opened up, each with its article (an index into
    /// `articles`).
    items: Vec<(Item<'d>, Option<usize>)>,
    /// The next item to set.
    next: usize,
    /// Set, not yet paginated.
    queue: VecDeque<(BlockBox, Option<usize>)>,
    pager: Pager,
    /// The articles' titles, for the running header.
    pub(crate) articles: Vec<String>,
    /// The last page has been handed out.
    done: bool,
}

impl<'d> Flow<'d> {
    pub(crate) fn new(doc: &'d Document, frame: &Frame) -> Flow<'d> {
        let mut items = Vec::new();
        let mut articles = Vec::new();
        for b in &doc.blocks {
            if let Block::Article(a) = b {
                let title = a.blocks.iter().find_map(|b| match b {
                    Block::Heading { text, .. } => Some(text.trim().to_string()),
                    _ => None,
                });
                let index = title.map(|t| {
                    articles.push(t);
                    articles.len() - 1
                });
                for inner in &a.blocks {
                    push_items(&mut items, inner, index);
                }
            } else {
                push_items(&mut items, b, None);
            }
        }
        Flow {
            items,
            next: 0,
            queue: VecDeque::new(),
            pager: Pager::with_columns(frame.height, frame.columns, frame.width + frame.gap),
            articles,
            done: false,
        }
    }

    /// The next finished page; `None` after the last. A document has at least one.
    pub(crate) fn next_page(&mut self, setter: &mut Setter<'_>) -> Option<Page> {
        loop {
            if let Some(page) = self.pager.finished.pop_front() {
                return Some(page);
            }
            if self.queue.is_empty() && self.next >= self.items.len() {
                if self.done {
                    return None;
                }
                self.done = true;
                return Some(std::mem::take(&mut self.pager.current));
            }
            // A heading keeps with the block after it: have that one set too.
            while self.next < self.items.len()
                && !self.queue.iter().skip(1).any(|(b, _)| !b.lines.is_empty())
            {
                self.set_chunk(setter);
            }
            let Some((block, article)) = self.queue.pop_front() else {
                continue;
            };
            let next = self
                .queue
                .iter()
                .map(|(b, _)| b)
                .find(|b| !b.lines.is_empty());
            self.pager.add(block, article, next);
        }
    }

    /// Set the next chunk of blocks, in parallel.
    fn set_chunk(&mut self, setter: &mut Setter<'_>) {
        use rayon::prelude::*;
        let mut end = self.next;
        let mut bytes = 0;
        while end < self.items.len() && (end == self.next || bytes < CHUNK_BYTES) {
            bytes += match self.items[end].0 {
                Item::Block(b) => weight(b),
                Item::Piece { text, .. } => text.len(),
            };
            end += 1;
        }
        let (fonts, lang, frame) = (setter.fonts, setter.lang, setter.frame);
        let set: Vec<(BlockBox, BTreeSet<char>)> = self.items[self.next..end]
            .par_iter()
            .map(|(item, _)| {
                let mut s = Setter {
                    fonts,
                    lang,
                    frame,
                    missing: BTreeSet::new(),
                };
                let laid = match *item {
                    Item::Block(b) => s.block(b),
                    Item::Piece { text, first, last } => s.piece(text, first, last),
                };
                (laid, s.missing)
            })
            .collect();
        for ((laid, missing), (_, article)) in set.into_iter().zip(&self.items[self.next..end]) {
            setter.missing.extend(missing);
            self.queue.push_back((laid, *article));
        }
        self.next = end;
    }
}

/// About how much text a block holds, in bytes.
fn weight(b: &Block) -> usize {
    fn list(l: &List) -> usize {
        l.items
            .iter()
            .map(|i| i.text.len() + i.children.iter().map(list).sum::<usize>())
            .sum()
    }
    match b {
        Block::Heading { text, .. }
        | Block::Paragraph { text }
        | Block::Byline { text, .. }
        | Block::Quote { text }
        | Block::Preformatted { text } => text.len(),
        Block::List(l) => list(l),
        Block::Article(a) => a.blocks.iter().map(weight).sum(),
    }
}

/// Pagination: laid-out blocks in, finished pages out. A heading keeps with the first
/// two lines after it; a paragraph leaves neither its first line alone at the foot of
/// a page (orphan) nor its last line alone at the top of the next (widow).
pub(crate) struct Pager {
    height: f32,
    /// Columns on a page, and the distance from one column's left edge to the next's.
    columns: usize,
    pitch: f32,
    /// The column being filled (0 the leftmost).
    column: usize,
    /// How far down the current column is filled.
    y: f32,
    /// The page being filled.
    current: Page,
    /// Pages filled, not yet handed out.
    finished: VecDeque<Page>,
}

impl Pager {
    #[cfg(test)]
    pub(crate) fn new(height: f32) -> Pager {
        Pager::with_columns(height, 1, 0.0)
    }

    /// A pager filling `columns` columns on each page, each `pitch` points right of
    /// the one before; blocks are set at the leftmost column's measure.
    pub(crate) fn with_columns(height: f32, columns: usize, pitch: f32) -> Pager {
        Pager {
            height,
            columns: columns.max(1),
            pitch,
            column: 0,
            y: 0.0,
            current: Page::default(),
            finished: VecDeque::new(),
        }
    }

    fn new_page(&mut self, article: Option<usize>) {
        // The next column of the page, while there is one.
        if self.column + 1 < self.columns {
            self.column += 1;
            self.y = 0.0;
            return;
        }
        self.column = 0;
        let full = std::mem::replace(
            &mut self.current,
            Page {
                article,
                ..Page::default()
            },
        );
        self.finished.push_back(full);
        self.y = 0.0;
    }

    /// Add block `b` of `article`; `next` is the next block with lines, if any.
    pub(crate) fn add(&mut self, b: BlockBox, article: Option<usize>, next: Option<&BlockBox>) {
        if b.lines.is_empty() {
            return;
        }
        let height = self.height;
        let mut before = if self.y > 0.0 { b.space_before } else { 0.0 };
        let lines_h =
            |bb: &BlockBox, n: usize| bb.lines.iter().take(n).map(|l| l.height).sum::<f32>();
        let need = if b.keep_with_next {
            before
                + lines_h(&b, b.lines.len())
                + next.map_or(0.0, |n| n.space_before + lines_h(n, 2))
        } else {
            // No lonely first line of a paragraph at the foot of a page: two lines
            // start it, and a block of three or fewer goes whole.
            let n = b.lines.len();
            before + lines_h(&b, if n <= 3 { n } else { 2 })
        };
        if self.y > 0.0 && self.y + need > height {
            self.new_page(article);
            before = 0.0;
        }
        if self.current.lines.is_empty() {
            self.current.article = article;
            self.current.opens_with_heading = b.outline.is_some();
        }
        self.y += before;
        if let Some((level, text)) = b.outline {
            self.current.outline.push((level, text, self.y));
        }
        let heights: Vec<f32> = b.lines.iter().map(|l| l.height).collect();
        let n = b.lines.len();
        for (i, line) in b.lines.into_iter().enumerate() {
            // Break before the last two lines rather than leave the last one alone
            // (when two or more stay behind).
            let y = self.y;
            let widow_break = i + 2 == n
                && i >= 2
                && y > 0.0
                && y + line.height <= height + 1e-3
                && y + line.height + heights[i + 1] > height + 1e-3;
            if y > 0.0 && (y + line.height > height + 1e-3 || widow_break) {
                self.new_page(article);
            }
            let mut glyphs = line.glyphs;
            if self.column > 0 {
                let dx = self.pitch * self.column as f32;
                for g in &mut glyphs {
                    g.x += dx;
                }
            }
            self.current.lines.push((self.y + line.baseline, glyphs));
            self.y += line.height;
        }
        self.y += b.space_after;
    }

    /// All pages: the finished ones and the last.
    #[cfg(test)]
    fn into_pages(mut self) -> Vec<Page> {
        self.finished.push_back(self.current);
        self.finished.into()
    }
}

/// Break laid-out blocks into pages of `height` points.
#[cfg(test)]
pub(crate) fn paginate(blocks: &[BlockBox], height: f32) -> Vec<Page> {
    let mut pager = Pager::new(height);
    for (k, b) in blocks.iter().enumerate() {
        let next = blocks[k + 1..].iter().find(|n| !n.lines.is_empty());
        pager.add(b.clone(), None, next);
    }
    pager.into_pages()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_paragraphs_are_cut_into_pieces_that_keep_every_character() {
        let en = "word ".repeat(30_000);
        let zh = "这是一段很长的文字，没有换行".repeat(5_000);
        let solid = "字".repeat(40_000);
        for text in [en.as_str(), zh.as_str(), solid.as_str(), "short", ""] {
            let parts = pieces(text, 1000);
            assert_eq!(parts.concat(), text);
            assert!(
                parts.iter().all(|p| p.len() <= 1000),
                "{:?}",
                parts.iter().map(|p| p.len()).max()
            );
            assert!(parts.iter().all(|p| !p.is_empty()) || text.is_empty());
        }
        // English pieces end after a space, Chinese after punctuation.
        assert!(pieces(&en, 1000)[0].ends_with(' '));
        assert!(pieces(&zh, 1000)[0].ends_with('，'));
        assert_eq!(pieces("字字", 2), ["字", "字"]);
        // A document that is one long paragraph flows as pieces, each set on its own.
        let doc = Document {
            blocks: vec![Block::Paragraph { text: zh.clone() }],
            ..Document::default()
        };
        let flow = Flow::new(&doc, &setter().frame);
        assert_eq!(flow.items.len(), pieces(&zh, PIECE_BYTES).len());
        assert!(flow.items.len() > 2);
    }
    use crate::write::pdf::fonts::PdfFonts;

    fn setter() -> Setter<'static> {
        let fonts: &'static FontSet =
            Box::leak(Box::new(FontSet::new(&PdfFonts::default()).unwrap()));
        Setter {
            fonts,
            lang: Lang::Zh,
            frame: Frame {
                left: 60.0,
                width: 200.0,
                span: 200.0,
                columns: 1,
                gap: 0.0,
                height: 300.0,
                body: 10.0,
                spacing: 1.5,
                justify: true,
            },
            missing: BTreeSet::new(),
        }
    }

    #[test]
    fn justified_lines_fill_the_measure_and_stay_inside() {
        let mut s = setter();
        let style = s.paragraph_style();
        let text = "中文排版需要两端对齐，English words mixed in 也要处理好。".repeat(4);
        let lines = s.set(&text, &style, 60.0, 200.0);
        assert!(lines.len() > 2);
        for (k, l) in lines.iter().enumerate() {
            let last = l.glyphs.last().unwrap();
            let right = last.x
                + s.fonts.faces[last.face.index()].pdf_advance(last.gid) * last.size / 1000.0;
            assert!(right <= 260.0 + 0.5, "line {k} runs to {right}");
            if k == 0 {
                assert!((l.glyphs[0].x - 80.0).abs() < 1e-3, "2-em indent");
            }
        }
    }

    #[test]
    fn nested_lists_indent_a_step_further() {
        let mut s = setter();
        let item = |m: &str, t: &str| crate::doc::ListItem {
            marker: m.into(),
            text: t.into(),
            ..Default::default()
        };
        let mut first = item("一、", "第一项。");
        first.children.push(List {
            kind: crate::doc::ListKind::ChineseCounting,
            start: 1,
            items: vec![item("（一）", "子项。")],
        });
        let list = List {
            kind: crate::doc::ListKind::ChineseCounting,
            start: 1,
            items: vec![first, item("二、", "第二项。")],
        };
        let lines = s.list(&list, 0);
        assert_eq!(lines.len(), 3);
        let x0 = |l: &LineBox| l.glyphs[0].x;
        assert!(x0(&lines[1]) > x0(&lines[0]) + 15.0, "child indented");
        assert!((x0(&lines[2]) - x0(&lines[0])).abs() < 1e-3, "back out");
        assert_eq!(
            lines[1].glyphs[0]
                .text
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("（")
        );
    }

    #[test]
    fn headings_move_to_the_next_page_with_their_text() {
        let line = |h: f32| LineBox {
            height: h,
            baseline: h * 0.8,
            glyphs: Vec::new(),
        };
        let block = |n: usize, keep: bool| BlockBox {
            lines: (0..n).map(|_| line(15.0)).collect(),
            space_before: 0.0,
            space_after: 0.0,
            keep_with_next: keep,
            outline: keep.then(|| (2, "h".to_string())),
        };
        // 19 lines fill 285 of 300 points; the heading would fit but not the two
        // lines after it.
        let blocks = vec![block(19, false), block(1, true), block(5, false)];
        let pages = paginate(&blocks, 300.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].lines.len(), 19);
        assert_eq!(pages[1].outline.len(), 1);
        assert_eq!(pages[1].lines.len(), 6);
    }

    #[test]
    fn no_widow_line_at_the_top_of_a_page() {
        let line = |h: f32| LineBox {
            height: h,
            baseline: h * 0.8,
            glyphs: Vec::new(),
        };
        let block = |n: usize| BlockBox {
            lines: (0..n).map(|_| line(15.0)).collect(),
            space_before: 0.0,
            space_after: 0.0,
            keep_with_next: false,
            outline: None,
        };
        // 20 lines fit a page: a 16-line block, then a 5-line one whose last line
        // would stand alone on page 2: two of its lines go over.
        let pages = paginate(&[block(16), block(5)], 300.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].lines.len(), 19);
        assert_eq!(pages[1].lines.len(), 2);
        // A 3-line block never splits 2 + 1 or 1 + 2.
        let pages = paginate(&[block(18), block(3)], 300.0);
        assert_eq!(pages[0].lines.len(), 18);
        assert_eq!(pages[1].lines.len(), 3);
    }

    #[test]
    fn columns_fill_left_then_right_then_the_next_page() {
        let glyph = Placed {
            face: FaceId(0),
            size: 10.0,
            gid: 1,
            x: 60.0,
            text: None,
        };
        let block = |n: usize| BlockBox {
            lines: (0..n)
                .map(|_| LineBox {
                    height: 15.0,
                    baseline: 12.0,
                    glyphs: vec![glyph.clone()],
                })
                .collect(),
            space_before: 0.0,
            space_after: 0.0,
            keep_with_next: false,
            outline: None,
        };
        // 20 lines a column, two columns 250 points apart: 50 lines fill the first
        // page's two columns and half the next page's left one.
        let mut pager = Pager::with_columns(300.0, 2, 250.0);
        pager.add(block(50), None, None);
        let pages = pager.into_pages();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].lines.len(), 40);
        let xs = |p: &Page| -> Vec<f32> { p.lines.iter().map(|(_, g)| g[0].x).collect() };
        assert!(xs(&pages[0])[..20].iter().all(|&x| x == 60.0));
        assert!(xs(&pages[0])[20..].iter().all(|&x| x == 310.0));
        // The right column starts at the top again.
        assert_eq!(pages[0].lines[20].0, pages[0].lines[0].0);
        assert_eq!(xs(&pages[1]), vec![60.0; 10]);
    }

    #[test]
    fn empty_document_has_one_page() {
        assert_eq!(paginate(&[], 100.0).len(), 1);
    }
}
