//! Markdown writer: CommonMark with YAML front matter (title, author, lang), produced
//! from pulldown-cmark events by `pulldown-cmark-to-cmark`, so every text is escaped and
//! the output parses back to the same tree ([`crate::read::markdown`]).
//!
//! Lists: items whose source marker is `1.` become a real ordered list; other markers
//! (`1、`, `一、`, `（1）`, `①`) are kept in the item text of a bullet list, so nothing
//! the source printed is lost. Bylines are emphasised paragraphs.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::Rendered;
use crate::doc::{Block, Document, List};
use crate::error::{Error, Result};

/// Options for [`write_markdown`].
#[derive(Debug, Clone)]
pub struct MarkdownOptions {
    /// Write the YAML front matter block (title, author, lang).
    pub front_matter: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions { front_matter: true }
    }
}

/// Render `doc` as CommonMark with YAML front matter.
pub fn write_markdown(doc: &Document, opts: &MarkdownOptions) -> Result<Rendered> {
    let mut out = String::new();
    if opts.front_matter {
        out.push_str(&front_matter(doc));
    }
    let events = events(doc);
    let mut body = String::new();
    let cm_opts = pulldown_cmark_to_cmark::Options {
        list_token: '-',
        // `1.` `2.` `3.`, as the source numbered them, not `1.` throughout.
        increment_ordered_list_bullets: true,
        // A code fence longer than any backtick run inside the code.
        code_block_token_count: pulldown_cmark_to_cmark::calculate_code_block_token_count(
            events.iter(),
        )
        .unwrap_or(3),
        ..Default::default()
    };
    pulldown_cmark_to_cmark::cmark_with_options(
        events.iter(),
        &mut body,
        pulldown_cmark::Options::empty(),
        cm_opts,
    )
    .map_err(|e| Error::Markdown(e.to_string()))?;
    out.push_str(body.trim_start_matches('\n'));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(Rendered {
        bytes: out.into_bytes(),
        warnings: Vec::new(),
    })
}

/// YAML front matter; strings are JSON-quoted, which YAML reads as double-quoted scalars.
fn front_matter(doc: &Document) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut fm = String::from("---\n");
    if let Some(t) = &doc.meta.title {
        fm.push_str(&format!("title: {}\n", q(t)));
    }
    match doc.meta.authors.as_slice() {
        [] => {}
        [one] => fm.push_str(&format!("author: {}\n", q(one))),
        many => {
            fm.push_str("author:\n");
            for a in many {
                fm.push_str(&format!("  - {}\n", q(a)));
            }
        }
    }
    fm.push_str(&format!("lang: {}\n---\n\n", doc.meta.language.bcp47()));
    fm
}

fn level(l: u8) -> HeadingLevel {
    match l {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Is this list written as a real CommonMark ordered list (`1.` markers)?
pub(crate) fn is_cmark_ordered(list: &List) -> bool {
    list.kind.is_ordered()
        && list.items.iter().all(|i| {
            i.marker.trim_end_matches('.').parse::<u32>().is_ok() && i.marker.ends_with('.')
        })
}

fn events(doc: &Document) -> Vec<Event<'_>> {
    let mut ev = Vec::new();
    for block in doc.flat_blocks() {
        match block {
            Block::Heading { level: l, text } => {
                let lv = level(*l);
                ev.push(Event::Start(Tag::Heading {
                    level: lv,
                    id: None,
                    classes: vec![],
                    attrs: vec![],
                }));
                ev.push(Event::Text(CowStr::from(text.as_str())));
                ev.push(Event::End(TagEnd::Heading(lv)));
            }
            Block::Paragraph { text } => {
                ev.push(Event::Start(Tag::Paragraph));
                ev.push(Event::Text(CowStr::from(text.as_str())));
                ev.push(Event::End(TagEnd::Paragraph));
            }
            Block::Byline { text, .. } => {
                ev.push(Event::Start(Tag::Paragraph));
                ev.push(Event::Start(Tag::Emphasis));
                ev.push(Event::Text(CowStr::from(text.as_str())));
                ev.push(Event::End(TagEnd::Emphasis));
                ev.push(Event::End(TagEnd::Paragraph));
            }
            Block::List(list) => list_events(list, &mut ev),
            Block::Quote { text } => {
                ev.push(Event::Start(Tag::BlockQuote(None)));
                for stanza in text.split("\n\n").filter(|s| !s.trim().is_empty()) {
                    ev.push(Event::Start(Tag::Paragraph));
                    for (k, line) in stanza.lines().enumerate() {
                        if k > 0 {
                            ev.push(Event::HardBreak);
                        }
                        ev.push(Event::Text(CowStr::from(line)));
                    }
                    ev.push(Event::End(TagEnd::Paragraph));
                }
                ev.push(Event::End(TagEnd::BlockQuote(None)));
            }
            Block::Preformatted { text } => {
                ev.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
                    CowStr::from(""),
                ))));
                ev.push(Event::Text(CowStr::from(format!("{text}\n"))));
                ev.push(Event::End(TagEnd::CodeBlock));
            }
            // `flat_blocks` opens articles up.
            Block::Article(_) => {}
        }
    }
    ev
}

/// A list and the lists nested in its items.
fn list_events<'a>(list: &'a List, ev: &mut Vec<Event<'a>>) {
    let ordered = is_cmark_ordered(list);
    ev.push(Event::Start(Tag::List(
        ordered.then_some(list.start as u64),
    )));
    for item in &list.items {
        ev.push(Event::Start(Tag::Item));
        let text = if ordered || !list.kind.is_ordered() {
            CowStr::from(item.text.as_str())
        } else {
            // A Latin marker (`a.`, `(1)`, `i)`) is set apart from its text by a space,
            // as in the source; a Chinese one (`1、`, `（一）`, `①`) is not.
            let sep = if item.marker.ends_with(|c: char| c.is_ascii_punctuation()) {
                " "
            } else {
                ""
            };
            CowStr::from(format!("{}{sep}{}", item.marker, item.text))
        };
        ev.push(Event::Text(text));
        for child in &item.children {
            list_events(child, ev);
        }
        ev.push(Event::End(TagEnd::Item));
    }
    ev.push(Event::End(TagEnd::List(ordered)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Lang, ListItem, ListKind, Meta};
    use crate::read::markdown::read_markdown;

    fn sample() -> Document {
        let tricky = [
            "1. not a list",
            "# not a heading",
            "> not a quote",
            "* not a bullet",
            "<div>html</div>",
            "---",
            "a_b*c*",
            "[link](x)",
            "`code`",
            "+ plus",
            "1) paren",
            "    indented",
            "&amp; entity",
            "\\ backslash",
        ];
        let mut blocks = vec![
            Block::Heading {
                level: 1,
                text: "近赶潍坊 远学长沙".into(),
            },
            Block::Byline {
                text: "济宁高新区党工委宣传部部长 李越峰".into(),
                name: Some("李越峰".into()),
            },
            Block::List(List {
                kind: ListKind::Decimal,
                start: 1,
                items: vec![
                    ListItem {
                        marker: "1、".into(),
                        text: "第一项。".into(),
                        ..ListItem::default()
                    },
                    ListItem {
                        marker: "2、".into(),
                        text: "第二项。".into(),
                        ..ListItem::default()
                    },
                ],
            }),
            Block::List(List {
                kind: ListKind::Decimal,
                start: 3,
                items: vec![ListItem {
                    marker: "3.".into(),
                    text: "three".into(),
                    ..ListItem::default()
                }],
            }),
            Block::List(List {
                kind: ListKind::ChineseCounting,
                start: 1,
                items: vec![ListItem {
                    marker: "一、".into(),
                    text: "提升。".into(),
                    // Nested lists: `（一）` items under `一、`, a `1.` list under `（二）`.
                    children: vec![List {
                        kind: ListKind::ChineseCounting,
                        start: 1,
                        items: vec![
                            ListItem {
                                marker: "（一）".into(),
                                text: "子项。".into(),
                                ..ListItem::default()
                            },
                            ListItem {
                                marker: "（二）".into(),
                                text: "另一项。".into(),
                                children: vec![List {
                                    kind: ListKind::Decimal,
                                    start: 1,
                                    items: vec![ListItem {
                                        marker: "1.".into(),
                                        text: "deep".into(),
                                        ..ListItem::default()
                                    }],
                                }],
                            },
                        ],
                    }],
                }],
            }),
            // Latin markers keep the space after them; Chinese ones take none.
            Block::List(List {
                kind: ListKind::LowerAlpha,
                start: 1,
                items: vec![
                    ListItem {
                        marker: "a.".into(),
                        text: "interviews with staff".into(),
                        ..ListItem::default()
                    },
                    ListItem {
                        marker: "b.".into(),
                        text: "surveys of users".into(),
                        ..ListItem::default()
                    },
                ],
            }),
            Block::Heading {
                level: 3,
                text: "Sub * heading #".into(),
            },
            Block::Quote {
                text: "Plant thou a *tree*,\nAnd it will grow\n\n> When thou art gone.".into(),
            },
            Block::Preformatted {
                text: "fn main() {\n    let fence = \"```\";\n\n    # not a heading\n}".into(),
            },
        ];
        blocks.extend(tricky.iter().map(|t| Block::Paragraph {
            text: t.to_string(),
        }));
        Document {
            meta: Meta {
                title: Some("T \"q\": x".into()),
                authors: vec!["李越峰".into(), "Jane".into()],
                language: Lang::Zh,
            },
            blocks: crate::doc::group_articles(blocks),
        }
    }

    #[test]
    fn round_trips_through_pulldown_cmark() {
        let doc = sample();
        let md = String::from_utf8(
            write_markdown(&doc, &MarkdownOptions::default())
                .unwrap()
                .bytes,
        )
        .unwrap();
        assert!(md.starts_with("---\ntitle: \"T \\\"q\\\": x\"\n"), "{md}");
        assert!(
            md.contains(" a. interviews with staff\n* b. surveys of users"),
            "{md}"
        );
        assert!(md.contains("1、第一项。"), "{md}");
        let back = read_markdown(&md);
        assert_eq!(back, doc, "{md}");
    }

    #[test]
    fn ordered_items_carry_their_own_numbers() {
        let item = |m: &str, t: &str| ListItem {
            marker: m.into(),
            text: t.into(),
            ..ListItem::default()
        };
        let doc = Document {
            meta: Meta::default(),
            blocks: vec![Block::List(List {
                kind: ListKind::Decimal,
                start: 1,
                items: vec![item("1.", "one"), item("2.", "two"), item("3.", "three")],
            })],
        };
        let md = String::from_utf8(
            write_markdown(&doc, &MarkdownOptions::default())
                .unwrap()
                .bytes,
        )
        .unwrap();
        assert!(md.contains("1. one\n2. two\n3. three"), "{md}");
    }
}
