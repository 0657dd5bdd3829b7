//! The repair engine over every fixture dump: conservation, idempotence, the
//! two-column layout read in order, and how much of each case's ground truth comes
//! back whole (a regression guard on the numbers `make eval` reports).

use docmend::doc::{Block, Document};
use docmend::pipeline::{mend_str, MendOptions};
use docmend::read::markdown::read_markdown;

use crate::common::*;

#[test]
fn conservation_on_every_dump() {
    let dumps = all_dumps();
    assert!(dumps.len() >= 10, "{dumps:?}");
    for rel in dumps {
        let input = read_fixture(&rel);
        let m = mend_str(&input, &MendOptions::default()).unwrap();
        assert_conserved(&input, &m);
    }
}

#[test]
fn mending_mended_text_changes_nothing() {
    for rel in all_dumps() {
        let once = mend_fixture(&rel);
        let text = once.doc.plain_text();
        let twice = mend_str(&text, &MendOptions::default())
            .unwrap()
            .doc
            .plain_text();
        if twice != text {
            let (a, b): (Vec<&str>, Vec<&str>) =
                (text.split("\n\n").collect(), twice.split("\n\n").collect());
            let k = a
                .iter()
                .zip(&b)
                .position(|(x, y)| x != y)
                .unwrap_or(a.len().min(b.len()));
            panic!(
                "{rel}: a second run changed block {k}:\n  once:  {:?}\n  twice: {:?}",
                a.get(k),
                b.get(k)
            );
        }
    }
}

#[test]
fn layout_columns_read_left_then_right() {
    let m = mend_fixture("columns/raw.txt");
    assert_eq!(
        squash(&m.doc.plain_text()),
        squash(&read_fixture("columns/source.txt"))
    );
    assert!(m.changes.iter().any(|c| c.rule == "C501"));
    assert!(m.changes.iter().any(|c| c.rule == "P101"));
}

fn blocks_text(doc: &Document) -> Vec<String> {
    doc.flat_blocks()
        .map(|b| match b {
            Block::List(l) => l.items.iter().map(|i| i.text.clone()).collect(),
            b => b.plain_text(),
        })
        .map(|t| squash(&t))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The share of the truth's blocks found whole, in order, in the output, and the
/// share of the output's paragraph boundaries that are truth boundaries.
fn recovered(case: &str) -> (f64, f64) {
    recovered_from(case, "raw.txt")
}

/// [`recovered`] from another input of the case (`raw.hocr`).
fn recovered_from(case: &str, input: &str) -> (f64, f64) {
    let m = mend_fixture(&format!("cases/{case}/{input}"));
    let truth = read_markdown(&read_fixture(&format!("cases/{case}/truth.md")));
    let want = blocks_text(&truth);
    let got = blocks_text(&m.doc);
    let stream: String = got.concat();
    let mut at = 0;
    let mut found = 0;
    for w in &want {
        if let Some(i) = stream[at..].find(w.as_str()) {
            found += 1;
            at += i + w.len();
        }
    }
    let truth_set: std::collections::HashSet<&String> = want.iter().collect();
    let exact = got.iter().filter(|g| truth_set.contains(g)).count();
    (
        found as f64 / want.len() as f64,
        exact as f64 / got.len() as f64,
    )
}

#[test]
fn cases_recover_their_truth() {
    // Measured when the engine was written; a drop is a regression.
    for (case, in_order, exact) in [
        ("dev-zh-g3-01", 0.97, 0.88),
        ("dev-zh-g3-02", 0.94, 0.91),
        ("dev-en-g3-01", 0.93, 0.90),
        ("dev-en-g3-03", 0.97, 0.97),
        ("dev-en-g1-03", 0.97, 0.97),
        ("dev-zh-g1-01", 0.90, 0.90),
        ("dev-zh-g2-01", 0.55, 0.62),
        ("dev-en-g2-01", 0.85, 0.82),
        ("dev-zh-g1-02", 0.80, 0.68),
    ] {
        let (o, e) = recovered(case);
        eprintln!(
            "{case}: {o:.3} of truth blocks whole and in order, {e:.3} of output blocks exact"
        );
        assert!(
            o >= in_order,
            "{case}: only {o:.3} of the truth blocks found in order"
        );
        assert!(
            e >= exact,
            "{case}: only {e:.3} of the output blocks are truth blocks"
        );
    }
}

/// Reading the hOCR that tesseract wrote for a case recovers at least as much as
/// reading its text output.
#[test]
fn hocr_cases_recover_at_least_what_their_text_does() {
    for case in ["dev-en-g2-01", "dev-zh-g2-01"] {
        let text = recovered(case);
        let hocr = recovered_from(case, "raw.hocr");
        eprintln!("{case}: text {text:?}, hOCR {hocr:?}");
        assert!(
            hocr.0 >= text.0 && hocr.1 >= text.1,
            "{case}: hOCR {hocr:?} < text {text:?}"
        );
    }
}

#[test]
fn alto_and_page_samples_read_in_order_with_hyphens_and_entities() {
    let m = mend_fixture("ocr/two-columns.alto.xml");
    let texts: Vec<String> = m.doc.flat_blocks().map(|b| b.plain_text()).collect();
    assert_eq!(
        texts,
        [
            "Planting & Care",
            "Water the young tree for the information it gives about the soil — daily at first.",
            "The right column comes second and ends here.",
            "Prune in winter."
        ],
        "{:?}",
        m.changes
    );
    // The running header and the page number were removed, and said so.
    assert!(
        m.changes.iter().any(|c| c.rule.starts_with('P')),
        "{:?}",
        m.changes
    );
    let m = mend_fixture("ocr/reading-order.page.xml");
    let texts: Vec<String> = m.doc.flat_blocks().map(|b| b.plain_text()).collect();
    assert_eq!(
        texts,
        [
            "植树与养护",
            "左栏先读：树苗种下以后要浇透水，土壤&根系才能长好。",
            "右栏的文字排在后面，直到这里结束。"
        ]
    );
}

#[test]
fn malformed_xml_names_line_and_column() {
    use docmend::pipeline::mend;
    let bad = "<alto>\n<Layout>\n<Page WIDTH=\"10\"></Layout>";
    let err = mend(
        bad.as_bytes(),
        std::path::Path::new("bad.xml"),
        &MendOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("bad.xml: line 3, column"), "{err}");
    let bomb = "<?xml version=\"1.0\"?><!DOCTYPE alto [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><alto>&b;</alto>";
    let err = mend(
        bomb.as_bytes(),
        std::path::Path::new("bomb.alto"),
        &MendOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("entity declarations are refused"), "{err}");
}
