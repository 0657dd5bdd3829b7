//! The sample dump and the English dump: golden Markdown, structure against the truth,
//! conservation and idempotence.

use docmend::doc::{Block, Document};
use docmend::pipeline::{mend_str, MendOptions};
use docmend::read::markdown::read_markdown;
use docmend::write::markdown::{write_markdown, MarkdownOptions};

use crate::common::*;

const CASES: &[&str] = &["seed", "en", "verbatim"];

fn markdown(doc: &Document) -> String {
    String::from_utf8(
        write_markdown(doc, &MarkdownOptions::default())
            .expect("markdown")
            .bytes,
    )
    .expect("utf-8")
}

#[test]
fn golden_markdown() {
    for case in CASES {
        let m = mend_fixture(&format!("{case}/raw.txt"));
        golden(&format!("{case}/expected.md"), &markdown(&m.doc));
    }
}

#[test]
fn markdown_round_trips_through_pulldown_cmark() {
    for case in CASES {
        let m = mend_fixture(&format!("{case}/raw.txt"));
        let back = read_markdown(&markdown(&m.doc));
        assert_eq!(back, m.doc, "{case}");
    }
}

/// What a document's structure is, whitespace aside: headings with levels, bylines, list items.
fn outline(doc: &Document) -> (Vec<(u8, String)>, Vec<String>, Vec<String>) {
    let mut heads = vec![];
    let mut bylines = vec![];
    let mut items = vec![];
    for b in doc.flat_blocks() {
        match b {
            Block::Heading { level, text } => heads.push((*level, squash(text))),
            Block::Byline { text, .. } => bylines.push(squash(text)),
            Block::List(l) => items.extend(
                l.items
                    .iter()
                    .map(|i| squash(&format!("{}{}", i.marker, i.text))),
            ),
            _ => {}
        }
    }
    (heads, bylines, items)
}

#[test]
fn sample_structure_matches_truth() {
    let m = mend_fixture("seed/raw.txt");
    let truth = read_markdown(&read_fixture("seed/truth.md"));
    assert_eq!(outline(&m.doc), outline(&truth));
    // And the text, block by block, in the truth's order.
    let ours: Vec<String> = m
        .doc
        .blocks
        .iter()
        .map(|b| squash(&b.plain_text()))
        .collect();
    let want: Vec<String> = truth
        .blocks
        .iter()
        .map(|b| squash(&b.plain_text()))
        .collect();
    assert_eq!(ours, want);
    assert_eq!(m.doc.meta.title.as_deref(), Some("近赶潍坊 远学长沙"));
    // Three articles by three people: no one author covers the document, so each
    // author stays with their article's byline and the metadata names none.
    assert!(m.doc.meta.authors.is_empty(), "{:?}", m.doc.meta.authors);
}

#[test]
fn english_dump_is_mended() {
    let m = mend_fixture("en/raw.txt");
    let text = m.doc.plain_text();
    for artifact in [
        "Page 1 of 4",
        "FIELD METHODS HANDBOOK",
        "Chapter 2: Documentation",
        "approx-",
        "correc-",
    ] {
        assert!(!text.contains(artifact), "{artifact} left in:\n{text}");
    }
    assert!(text.contains("approximately right is the enemy"));
    assert!(text.contains("A well-known surveyor"));
    assert_eq!(m.doc.meta.authors, ["Margaret Ellison"]);
    let (heads, bylines, _) = outline(&m.doc);
    assert_eq!(
        heads,
        [
            (1, "KeepingFieldNotes".into()),
            (2, "Whattorecord".into()),
            (2, "Corrections".into())
        ]
    );
    assert_eq!(bylines, ["ByMargaretEllison"]);
}

#[test]
fn conservation_on_every_fixture() {
    for case in CASES {
        let input = read_fixture(&format!("{case}/raw.txt"));
        let m = mend_str(&input, &MendOptions::default()).unwrap();
        assert_conserved(&input, &m);
    }
}

#[test]
fn stages_are_idempotent() {
    for case in CASES {
        let once = mend_fixture(&format!("{case}/raw.txt"));
        let text = once.source.to_text();
        let twice = mend_str(&text, &MendOptions::default()).unwrap();
        assert_eq!(twice.source.to_text(), text, "{case}");
        assert_eq!(twice.doc, once.doc, "{case}");
        // V6xx record code and verse kept whole, which a second run finds again.
        let rules: Vec<_> = twice
            .changes
            .iter()
            .map(|c| c.rule)
            .filter(|r| !r.starts_with('V'))
            .collect();
        assert!(rules.is_empty(), "{case}: second run changed: {rules:?}");
    }
}

#[test]
fn code_and_verse_are_blocks_of_their_own() {
    let m = mend_fixture("verbatim/raw.txt");
    let kinds: Vec<&str> = m
        .doc
        .flat_blocks()
        .map(|b| match b {
            Block::Heading { .. } => "heading",
            Block::Paragraph { .. } => "paragraph",
            Block::Preformatted { .. } => "code",
            Block::Quote { .. } => "quote",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "heading",
            "paragraph",
            "code",
            "paragraph",
            "quote",
            "paragraph"
        ]
    );
    let code = m.doc.flat_blocks().find_map(|b| match b {
        Block::Preformatted { text } => Some(text.as_str()),
        _ => None,
    });
    assert_eq!(
        code,
        Some("fn due(trees: &[Tree], month: u32) -> Vec<&Tree> {\n    trees\n        .iter()\n        .filter(|t| t.next_check == month)\n        .collect()\n}")
    );
    let verse = m.doc.flat_blocks().find_map(|b| match b {
        Block::Quote { text } => Some(text.as_str()),
        _ => None,
    });
    assert_eq!(verse.map(|v| v.lines().count()), Some(4));
    assert!(m.changes.iter().any(|c| c.rule == "V601"));
    assert!(m.changes.iter().any(|c| c.rule == "V602"));
}
