//! Markdown reader (pulldown-cmark): CommonMark with YAML front matter straight to the
//! document tree. It reads what the Markdown writer writes, so tests can round-trip.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::classify::{detect_lang, list_marker};
use crate::doc::{group_articles, Block, Document, Lang, List, ListItem, ListKind, Meta};

/// Parse Markdown into a document.
pub fn read_markdown(md: &str) -> Document {
    let (meta, body) = split_front_matter(md);
    let mut doc = Document {
        meta,
        blocks: Vec::new(),
    };
    if doc.meta.language == Lang::En && detect_lang(body) == Lang::Zh && !md.starts_with("---") {
        doc.meta.language = Lang::Zh;
    }
    let mut text = String::new();
    let mut emphasis_only = true;
    // Open lists, outermost first: each with its start and its items so far.
    let mut lists: Vec<(Option<u64>, Vec<Draft>)> = Vec::new();
    // The paragraphs of an open block quote.
    let mut quote: Option<Vec<String>> = None;
    for ev in Parser::new_ext(body, Options::empty()) {
        match ev {
            Event::Start(Tag::BlockQuote(_)) => quote = Some(Vec::new()),
            Event::End(TagEnd::BlockQuote(_)) => {
                if let Some(paras) = quote.take() {
                    doc.blocks.push(Block::Quote {
                        text: paras.join("\n\n"),
                    });
                }
            }
            Event::Start(Tag::CodeBlock(_)) => text.clear(),
            Event::End(TagEnd::CodeBlock) => doc.blocks.push(Block::Preformatted {
                text: std::mem::take(&mut text).trim_end_matches('\n').to_string(),
            }),
            Event::HardBreak if quote.is_some() => text.push('\n'),
            Event::Start(Tag::Paragraph | Tag::Heading { .. }) => {
                text.clear();
                emphasis_only = true;
            }
            Event::Start(Tag::Item) => {
                text.clear();
                if let Some((_, items)) = lists.last_mut() {
                    items.push(Draft::default());
                }
            }
            Event::Start(Tag::List(start)) => {
                flush_item(&mut lists, &mut text);
                lists.push((start, Vec::new()));
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => {}
            Event::End(TagEnd::Heading(l)) => doc.blocks.push(Block::Heading {
                level: heading_level(l),
                text: std::mem::take(&mut text),
            }),
            Event::End(TagEnd::Paragraph) => {
                if let Some(paras) = quote.as_mut() {
                    paras.push(std::mem::take(&mut text));
                } else if !lists.is_empty() {
                    flush_item(&mut lists, &mut text);
                } else if emphasis_only && is_emphasis_paragraph(body, &text) {
                    doc.blocks.push(Block::Byline {
                        name: crate::classify::byline_name(&text),
                        text: std::mem::take(&mut text),
                    });
                } else {
                    doc.blocks.push(Block::Paragraph {
                        text: std::mem::take(&mut text),
                    });
                }
            }
            Event::End(TagEnd::Item) => flush_item(&mut lists, &mut text),
            Event::End(TagEnd::List(_)) => {
                if let Some((start, items)) = lists.pop() {
                    let list = make_list(start, items);
                    match lists.last_mut().and_then(|(_, items)| items.last_mut()) {
                        Some(parent) => parent.children.push(list),
                        None => doc.blocks.push(Block::List(list)),
                    }
                }
            }
            _ => emphasis_only = false,
        }
    }
    doc.blocks = group_articles(doc.blocks);
    doc
}

/// A list item being read: its text and the lists nested in it.
#[derive(Default)]
struct Draft {
    text: String,
    children: Vec<List>,
}

/// Move the text read so far into the innermost open list's last item.
fn flush_item(lists: &mut [(Option<u64>, Vec<Draft>)], text: &mut String) {
    if text.is_empty() {
        return;
    }
    if let Some(item) = lists.last_mut().and_then(|(_, items)| items.last_mut()) {
        if !item.text.is_empty() {
            item.text.push(' ');
        }
        item.text.push_str(text);
        text.clear();
    }
}

/// A paragraph that is a single emphasised span: a byline.
fn is_emphasis_paragraph(body: &str, text: &str) -> bool {
    body.contains(&format!("*{text}*")) || body.contains(&format!("_{text}_")) || {
        // Escaped characters make the source differ from the text; fall back to a line check.
        body.lines().any(|l| {
            let l = l.trim();
            (l.starts_with('*') && l.ends_with('*') || l.starts_with('_') && l.ends_with('_'))
                && l.len() > 2
                && {
                    let inner = &l[1..l.len() - 1];
                    inner.replace('\\', "") == text
                }
        })
    }
}

fn make_list(start: Option<u64>, drafts: Vec<Draft>) -> List {
    let mut children: Vec<Vec<List>> = Vec::new();
    let items: Vec<String> = drafts
        .into_iter()
        .map(|d| {
            children.push(d.children);
            d.text
        })
        .collect();
    let mut list = make_flat_list(start, items);
    for (item, c) in list.items.iter_mut().zip(children) {
        item.children = c;
    }
    list
}

fn make_flat_list(start: Option<u64>, items: Vec<String>) -> List {
    match start {
        Some(s) => {
            let s = s as u32;
            List {
                kind: ListKind::Decimal,
                start: s,
                items: items
                    .into_iter()
                    .enumerate()
                    .map(|(i, text)| ListItem {
                        marker: format!("{}.", s + i as u32),
                        text,
                        ..ListItem::default()
                    })
                    .collect(),
            }
        }
        None => {
            // Bullet items that carry their own marker (`1、`, `一、`) are that kind of list.
            // Not `1.`: the writer makes those a real ordered list, so a bullet item
            // starting `0. ` is just text.
            let markers: Vec<_> = items
                .iter()
                .map(|t| {
                    list_marker(t).filter(|m| m.kind.is_ordered() && m.family != "decimal-period")
                })
                .collect();
            if !items.is_empty() && markers.iter().all(Option::is_some) {
                let first = markers[0]
                    .as_ref()
                    .map(|m| (m.kind, m.number))
                    .unwrap_or((ListKind::Decimal, 1));
                List {
                    kind: first.0,
                    start: first.1,
                    items: items
                        .iter()
                        .zip(markers)
                        .filter_map(|(t, m)| {
                            m.map(|m| ListItem {
                                marker: m.text.clone(),
                                text: t[m.len..].to_string(),
                                ..ListItem::default()
                            })
                        })
                        .collect(),
                }
            } else {
                List {
                    kind: ListKind::Bullet,
                    start: 1,
                    items: items
                        .into_iter()
                        .map(|text| ListItem {
                            marker: "-".into(),
                            text,
                            ..ListItem::default()
                        })
                        .collect(),
                }
            }
        }
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Split `---` YAML front matter (the simple subset the writer emits) from the body.
fn split_front_matter(md: &str) -> (Meta, &str) {
    let mut meta = Meta::default();
    let Some(rest) = md.strip_prefix("---\n") else {
        return (meta, md);
    };
    let Some(end) = rest.find("\n---\n") else {
        return (meta, md);
    };
    let yaml = &rest[..end];
    let body = &rest[end + 5..];
    let unq = |s: &str| -> String {
        let s = s.trim();
        if s.starts_with('"') {
            serde_json::from_str::<String>(s).unwrap_or_else(|_| s.trim_matches('"').to_string())
        } else {
            s.to_string()
        }
    };
    let mut in_authors = false;
    for line in yaml.lines() {
        if let Some(v) = line.strip_prefix("title:") {
            meta.title = Some(unq(v));
            in_authors = false;
        } else if let Some(v) = line.strip_prefix("author:") {
            in_authors = v.trim().is_empty();
            if !in_authors {
                meta.authors.push(unq(v));
            }
        } else if let Some(v) = line.strip_prefix("lang:") {
            meta.language = if v.trim().starts_with("zh") {
                Lang::Zh
            } else {
                Lang::En
            };
            in_authors = false;
        } else if let (true, Some(v)) = (in_authors, line.trim_start().strip_prefix("- ")) {
            meta.authors.push(unq(v));
        }
    }
    (meta, body)
}
