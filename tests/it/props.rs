//! Property tests (proptest): random broken text never makes the mending fail,
//! loses no character and mends to a fixed point; the Markdown writer round-trips any
//! tree; the PDF gives back the tree's text (where pdftotext is installed).

use proptest::prelude::*;

use docmend::doc::{Block, Document, Lang, List, ListItem, ListKind, Meta};
use docmend::pipeline::{mend_str, MendOptions};
use docmend::read::markdown::read_markdown;
use docmend::write::markdown::{write_markdown, MarkdownOptions};

use crate::common::*;

/// `cases` cases from a fixed seed, so `make test` is the same every run;
/// `PROPTEST_CASES=5000` (and another seed via `PROPTEST_RNG_SEED`) explores further.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261126);
    ProptestConfig {
        cases,
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Pieces broken text is made of: words, Han runs, punctuation, and the breaks and
/// artifacts extractors leave.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z]{1,9}".prop_map(|w| format!("{w} ")),
        2 => "[A-Z][a-z]{1,8}".prop_map(|w| format!("{w} ")),
        6 => "[\u{4e00}-\u{4e80}]{1,6}",
        2 => prop::sample::select(vec!["，", "。", "、", "；", "“", "”", "（", "）", ". ", ", ", "? ", "! ", "(", ")"]).prop_map(String::from),
        3 => Just("\n".to_string()),
        2 => Just("\n\n".to_string()),
        1 => Just("-\n".to_string()),
        1 => "[0-9]{1,3}".prop_map(|n| format!("\n- {n} -\n")),
        1 => "[0-9]{1,2}".prop_map(|n| format!("\n第 {n} 页\n")),
        1 => "[0-9]{1,2}".prop_map(|n| format!("\nPage {n} of 9\n")),
        1 => Just("\u{c}".to_string()),
        1 => Just("\n• ".to_string()),
        1 => "[1-9]".prop_map(|n| format!("\n{n}、")),
        1 => Just(" 中 文 ".to_string()),
        1 => prop::sample::select(vec!["\u{0}", "\u{7}", "\u{ad}", "\u{200b}", "😀", "\u{5d0}\u{5d1}", "\t", "\r\n", "\u{feff}"]).prop_map(String::from),
    ]
}

fn broken_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(96))]

    /// Never an error, never a panic; every character accounted for; a second run
    /// changes nothing.
    #[test]
    fn mending_random_text_is_safe_conserving_and_idempotent(text in broken_text()) {
        let m = match mend_str(&text, &MendOptions::default()) {
            Ok(m) => m,
            // NUL and control bytes read as binary: refused with a clear message.
            Err(docmend::error::Error::Decode { reason, .. }) => {
                prop_assert!(reason.contains("binary"), "{}", reason);
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("mending failed: {e}"))),
        };
        assert_conserved(&text, &m);
        let once = m.doc.plain_text();
        let twice = mend_str(&once, &MendOptions::default()).unwrap().doc.plain_text();
        prop_assert_eq!(squash(&twice), squash(&once));
    }
}

/// Text of a tree: one line, no surrounding space, Markdown's special characters in.
fn inline_text() -> impl Strategy<Value = String> {
    // Han from GB2312, which the shipped fonts cover (others draw as `.notdef`).
    "[a-zA-Z0-9中文汉字高新区发展报告测试*_#>`\\[\\]()!<&\\\\.,:;+-]{1,12}( [a-zA-Z0-9中文汉字高新区*_#`.]{1,8}){0,4}"
}

fn block() -> impl Strategy<Value = Block> {
    let item = inline_text().prop_map(|t| ListItem {
        marker: "-".into(),
        text: t,
        ..ListItem::default()
    });
    prop_oneof![
        1 => (1u8..=6, inline_text()).prop_map(|(level, text)| Block::Heading { level, text }),
        3 => inline_text().prop_map(|text| Block::Paragraph { text }),
        1 => prop::collection::vec(item, 1..4).prop_map(|items| Block::List(List {
            kind: ListKind::Bullet,
            start: 1,
            items,
        })),
        1 => prop::collection::vec(inline_text(), 1..4)
            .prop_map(|lines| Block::Quote { text: lines.join("\n") }),
        1 => prop::collection::vec("[ -~]{1,20}", 1..4)
            .prop_map(|lines| Block::Preformatted { text: lines.iter().map(|l| l.trim_end().to_string()).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n") })
            .prop_filter("code has text", |b| matches!(b, Block::Preformatted { text } if !text.is_empty())),
    ]
}

fn tree() -> impl Strategy<Value = Document> {
    (
        prop::collection::vec(block(), 0..8),
        proptest::option::of(inline_text()),
    )
        .prop_map(|(blocks, title)| {
            // Lists side by side would merge into one in Markdown: keep a paragraph between.
            let mut out: Vec<Block> = Vec::new();
            for b in blocks {
                if matches!((out.last(), &b), (Some(Block::List(_)), Block::List(_))) {
                    out.push(Block::Paragraph {
                        text: "between".into(),
                    });
                }
                out.push(b);
            }
            Document {
                meta: Meta {
                    title,
                    authors: vec![],
                    language: Lang::En,
                },
                blocks: out,
            }
        })
}

proptest! {
    #![proptest_config(config(128))]

    /// Markdown written from any tree reads back as the same tree.
    #[test]
    fn markdown_round_trips_any_tree(doc in tree()) {
        let md = String::from_utf8(write_markdown(&doc, &MarkdownOptions::default()).unwrap().bytes).unwrap();
        let back = read_markdown(&md);
        prop_assert_eq!(back, doc, "{}", md);
    }
}

proptest! {
    #![proptest_config(config(12))]

    /// The PDF's extracted text is the tree's text, whitespace aside.
    #[test]
    fn pdf_text_is_the_tree_text(doc in tree()) {
        use docmend::write::pdf::{write_pdf, PdfOptions};
        if std::process::Command::new("pdftotext").arg("-v").output().is_err() {
            return Ok(());
        }
        let out = write_pdf(&doc, &PdfOptions::default()).unwrap();
        let tmp = tempfile::NamedTempFile::with_suffix(".pdf").unwrap();
        std::fs::write(tmp.path(), &out.bytes).unwrap();
        let res = std::process::Command::new("pdftotext")
            .args(["-x", "0", "-y", "72", "-W", "595", "-H", "698"])
            .arg(tmp.path())
            .arg("-")
            .output()
            .unwrap();
        let got = squash(&String::from_utf8_lossy(&res.stdout)).replace('-', "");
        let want: String = doc
            .flat_blocks()
            .map(|b| match b {
                Block::List(l) => l.items.iter().map(|i| format!("{}{}", i.marker, i.text)).collect::<String>(),
                other => other.plain_text(),
            })
            .collect();
        prop_assert_eq!(got, squash(&want).replace('-', ""));
    }
}

/// Inputs random text once found where a reading-order repair made a new article start
/// that only a second run repaired: now the stage repeats until nothing moves.
#[test]
fn reading_order_repairs_reach_a_fixed_point() {
    for text in [
        "a b \nn \n一\n- 0 -\na \n• Aaaaa \nAa \n• aaaaa \n- 0 -\nAa ",
        " 中 文 \n- 0 -\nb  中 文 b \n- 0 -\nb \nAa \n• a \na \n• ",
    ] {
        let once = mend_str(text, &MendOptions::default())
            .unwrap()
            .doc
            .plain_text();
        let twice = mend_str(&once, &MendOptions::default())
            .unwrap()
            .doc
            .plain_text();
        assert_eq!(squash(&twice), squash(&once), "{text:?}");
    }
}
