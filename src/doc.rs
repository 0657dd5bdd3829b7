//! The document tree: what the structure pass builds and every writer renders.
//!
//! Small and owned on purpose: writers take `&Document`, so the three writers can run
//! on one document at the same time (rayon) without copying it.

use serde::{Deserialize, Serialize};

/// A whole mended document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Title, authors and language.
    pub meta: Meta,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
}

/// Document metadata, filled by the structure pass (and by writers' info dictionaries).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The document title, when the text has one.
    pub title: Option<String>,
    /// Authors named by the bylines (personal names only).
    pub authors: Vec<String>,
    /// The main language of the text.
    pub language: Lang,
}

/// The main language of a document. Decides joins (no space for Chinese), fonts,
/// first-line indents and the language tags written into DOCX and PDF.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese (simplified), `zh-CN`.
    Zh,
    /// English, `en`.
    #[default]
    En,
}

impl Lang {
    /// The BCP 47 tag (`zh-CN`, `en`).
    pub fn bcp47(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Is this a CJK language (no spaces between words, full-width punctuation)?
    pub fn is_cjk(self) -> bool {
        matches!(self, Lang::Zh)
    }
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A heading. `level` is 1 (document title) to 6.
    Heading { level: u8, text: String },
    /// A paragraph of running text, one logical paragraph (no hard line breaks).
    Paragraph { text: String },
    /// An author line: `济宁高新区党工委宣传部部长 李越峰`, `By Jane Doe`.
    /// `text` is the whole line as printed; `name` the personal name(s) in it.
    Byline { text: String, name: Option<String> },
    /// An ordered or bullet list.
    List(List),
    /// A block quote: indented verse. Lines are separated by `\n`, stanzas by a blank
    /// line.
    Quote { text: String },
    /// Preformatted text (code): lines separated by `\n`, spaces as printed.
    Preformatted { text: String },
    /// An article: its title heading, its byline(s) and its body, kept together. A dump
    /// that holds several reports (the sample holds three) has one per report.
    Article(Article),
}

/// One article of a collection: the blocks from its title to the next article's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The personal names of its bylines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Its title (a heading), byline(s) and body, in order. Never holds an article.
    pub blocks: Vec<Block>,
}

impl Block {
    /// The block's own text (for lists, the items' texts joined by newlines).
    pub fn plain_text(&self) -> String {
        match self {
            Block::Heading { text, .. }
            | Block::Paragraph { text }
            | Block::Byline { text, .. } => text.clone(),
            // Indented by four spaces, as Markdown and the verbatim stage read them.
            Block::Quote { text } | Block::Preformatted { text } => text
                .lines()
                .map(|l| {
                    if l.is_empty() {
                        String::new()
                    } else {
                        format!("    {l}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Block::List(list) => list.plain_text(),
            Block::Article(a) => a
                .blocks
                .iter()
                .map(Block::plain_text)
                .collect::<Vec<_>>()
                .join("\n\n"),
        }
    }
}

/// Group the blocks into articles: an article starts at a heading directly followed by
/// a byline and runs to the next such heading. Blocks before the first article (the
/// title block) stay outside; without bylines nothing changes. Articles already
/// grouped are taken apart first, so grouping twice gives the same tree.
pub fn group_articles(blocks: Vec<Block>) -> Vec<Block> {
    let flat: Vec<Block> = blocks
        .into_iter()
        .flat_map(|b| match b {
            Block::Article(a) => a.blocks,
            other => vec![other],
        })
        .collect();
    let starts_article = |i: usize| {
        matches!(flat[i], Block::Heading { .. })
            && matches!(flat.get(i + 1), Some(Block::Byline { .. }))
    };
    let starts: Vec<usize> = (0..flat.len()).filter(|&i| starts_article(i)).collect();
    if starts.is_empty() {
        return flat;
    }
    let mut out = Vec::new();
    let mut article: Option<Article> = None;
    for (i, block) in flat.into_iter().enumerate() {
        if starts.contains(&i) {
            out.extend(article.take().map(Block::Article));
            article = Some(Article::default());
        }
        match article.as_mut() {
            Some(a) => {
                if let Block::Byline { name: Some(n), .. } = &block {
                    if !a.authors.contains(n) {
                        a.authors.push(n.clone());
                    }
                }
                a.blocks.push(block);
            }
            None => out.push(block),
        }
    }
    out.extend(article.map(Block::Article));
    out
}

/// A list: its kind, and its items in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct List {
    /// Bullet or ordered, and the number style.
    pub kind: ListKind,
    /// The number of the first item (ordered lists; 1 for bullets).
    pub start: u32,
    /// The items.
    pub items: Vec<ListItem>,
}

/// What kind of list, and how an ordered list counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// `•`, `·`, `-`, `*`, `▪` …
    Bullet,
    /// `1.` `1、` `1)` `(1)` `（1）`.
    Decimal,
    /// `一、` `（一）`: Chinese counting numerals.
    ChineseCounting,
    /// `①` `②`: enclosed digits.
    CircledDecimal,
    /// `a.` `b)`.
    LowerAlpha,
    /// `i.` `ii.`.
    LowerRoman,
}

impl ListKind {
    /// Is this a numbered list?
    pub fn is_ordered(self) -> bool {
        !matches!(self, ListKind::Bullet)
    }
}

impl List {
    /// The items as lines (marker and text), nested lists indented by two spaces a level.
    pub fn plain_text(&self) -> String {
        let mut out = Vec::new();
        self.push_lines(0, &mut out);
        out.join("\n")
    }

    fn push_lines(&self, depth: usize, out: &mut Vec<String>) {
        for item in &self.items {
            out.push(format!("{}{}", "  ".repeat(depth), item.line()));
            for child in &item.children {
                child.push_lines(depth + 1, out);
            }
        }
    }
}

/// One list item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListItem {
    /// The marker exactly as the source printed it, with its punctuation
    /// (`1、`, `（一）`, `•`); writers may render it or replace it by real numbering.
    pub marker: String,
    /// The item's text, without the marker.
    pub text: String,
    /// Lists nested in this item: a `（一）` list under an `一、` item, `a.` under `1.`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<List>,
}

impl ListItem {
    /// The item as one line of text: its marker, a space after a Latin marker (`•`,
    /// `1.`) and none after a Chinese one (`1、`, `（一）`), then its text.
    pub fn line(&self) -> String {
        let cjk = self
            .marker
            .chars()
            .last()
            .is_some_and(crate::classify::is_cjk);
        let sep = if cjk || self.marker.is_empty() || self.text.is_empty() {
            ""
        } else {
            " "
        };
        format!("{}{sep}{}", self.marker, self.text)
    }
}

impl Document {
    /// The blocks in reading order with articles opened up: what writers render, one
    /// after the other (an article is its title, byline and body).
    pub fn flat_blocks(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().flat_map(|b| match b {
            Block::Article(a) => a.blocks.iter().collect::<Vec<_>>(),
            other => vec![other],
        })
    }

    /// All text of the document in reading order, blocks separated by blank lines.
    /// List items keep their markers. Used by tests and the `txt` output.
    pub fn plain_text(&self) -> String {
        self.flat_blocks()
            .map(Block::plain_text)
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// What the document holds, for metadata subjects: its articles' titles, joined by
    /// `; `, when it is a collection of articles.
    pub fn subject(&self) -> Option<String> {
        let titles: Vec<&str> = self
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Article(a) => a.blocks.iter().find_map(|b| match b {
                    Block::Heading { text, .. } => Some(text.trim()),
                    _ => None,
                }),
                _ => None,
            })
            .filter(|t| !t.is_empty())
            .collect();
        (!titles.is_empty()).then(|| titles.join("; "))
    }

    /// The headings, as `(level, text)` pairs, in order.
    pub fn headings(&self) -> Vec<(u8, &str)> {
        self.flat_blocks()
            .filter_map(|b| match b {
                Block::Heading { level, text } => Some((*level, text.as_str())),
                _ => None,
            })
            .collect()
    }
}
