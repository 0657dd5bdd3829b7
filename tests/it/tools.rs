//! Real outputs read by real tools, where they are installed: pdftotext and pdffonts
//! read our PDF, pandoc reads our DOCX.

use std::process::Command;

use docmend::doc::Block;

use crate::common::*;

fn convert_sample(ext: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    convert_fixture("seed/raw.txt", ext)
}

fn convert_fixture(rel: &str, ext: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join(format!("sample.{ext}"));
    let run = docmend(
        &[
            "convert",
            fixture(rel).to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        &root(),
    );
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (tmp, out)
}

#[test]
fn pdftotext_returns_every_paragraph_in_order() {
    if !have_tool("pdftotext", "pdftotext_returns_every_paragraph_in_order") {
        return;
    }
    let (_tmp, pdf) = convert_sample("pdf");
    let out = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = squash(&String::from_utf8_lossy(&out.stdout));
    let m = mend_fixture("seed/raw.txt");
    let mut pos = 0;
    for b in m.doc.flat_blocks() {
        let want = squash(&b.plain_text());
        let want = match b {
            Block::List(_) => squash(&b.plain_text()),
            _ => want,
        };
        match text[pos..].find(&want) {
            Some(i) => pos += i + want.len(),
            None => panic!("not found in order in the PDF text: {want}"),
        }
    }
}

#[test]
fn pdffonts_lists_only_embedded_subsets() {
    if !have_tool("pdffonts", "pdffonts_lists_only_embedded_subsets") {
        return;
    }
    let (_tmp, pdf) = convert_sample("pdf");
    let out = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{listing}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type [encoding…] emb sub uni object ID
        let n = cols.len();
        assert!(
            n >= 7 && cols[n - 5] == "yes" && cols[n - 4] == "yes",
            "not an embedded subset: {row}"
        );
    }
}

#[test]
fn pandoc_reads_docx_with_the_same_headings() {
    if !have_tool("pandoc", "pandoc_reads_docx_with_the_same_headings") {
        return;
    }
    let (_tmp, docx) = convert_sample("docx");
    let out = Command::new("pandoc")
        .args([
            "-f",
            "docx",
            "-t",
            "markdown",
            "--wrap=none",
            docx.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8_lossy(&out.stdout);
    let theirs: Vec<(usize, String)> = md
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| {
            let level = l.chars().take_while(|&c| c == '#').count();
            (level, squash(l[level..].split(" {").next().unwrap_or("")))
        })
        .collect();
    let m = mend_fixture("seed/raw.txt");
    let ours: Vec<(usize, String)> = m
        .doc
        .headings()
        .into_iter()
        .map(|(l, t)| (l as usize, squash(t)))
        .collect();
    assert_eq!(theirs, ours);
}

#[test]
fn code_and_verse_keep_their_lines_in_docx_and_pdf() {
    // pandoc indents code by four spaces; the source's own indentation follows.
    let code = "        trees\n            .iter()";
    if have_tool("pandoc", "code_and_verse_keep_their_lines_in_docx_and_pdf") {
        let (_tmp, docx) = convert_fixture("verbatim/raw.txt", "docx");
        let out = Command::new("pandoc")
            .args(["-f", "docx", "-t", "markdown", "--wrap=none"])
            .arg(&docx)
            .output()
            .unwrap();
        let md = String::from_utf8_lossy(&out.stdout);
        // pandoc reads the Source Code style as code (spaces kept), Quote as a quote.
        assert!(md.contains(code), "{md}");
        assert!(
            md.lines()
                .any(|l| l.starts_with("> ") && l.contains("Plant thou a tree")),
            "{md}"
        );
        assert!(md.contains("When thou art gone"), "{md}");
    }
    if have_tool(
        "pdftotext",
        "code_and_verse_keep_their_lines_in_docx_and_pdf",
    ) {
        let (_tmp, pdf) = convert_fixture("verbatim/raw.txt", "pdf");
        let out = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for want in [
            "fn due(trees: &[Tree], month: u32) -> Vec<&Tree> {",
            ".filter(|t| t.next_check == month)",
            "Plant thou a tree, and it will grow",
            "That set it in the waiting land.",
        ] {
            assert!(lines.contains(&want), "{want:?} not a line of:\n{text}");
        }
    }
}

#[test]
fn a_chosen_font_is_embedded_and_falls_back_for_han() {
    let serif = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";
    if !std::path::Path::new(serif).is_file()
        || !have_tool(
            "pdffonts",
            "a_chosen_font_is_embedded_and_falls_back_for_han",
        )
    {
        println!("skipped: DejaVu Serif or pdffonts missing");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("sample.pdf");
    let run = docmend(
        &[
            "convert",
            fixture("seed/raw.txt").to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
            "--font-serif",
            serif,
        ],
        &root(),
    );
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    // DejaVu sets the Latin text; it has no Han, which the shipped Noto face sets.
    assert!(listing.contains("+DejaVuSerif "), "{listing}");
    assert!(listing.contains("+NotoSerifCJKsc-Regular"), "{listing}");
    if have_tool(
        "pdftotext",
        "a_chosen_font_is_embedded_and_falls_back_for_han",
    ) {
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = squash(&String::from_utf8_lossy(&text.stdout));
        assert!(text.contains("济宁高新区党工委宣传部部长李越峰"), "{text}");
    }
}

/// The outline's titles in document order (depth first), with their depth.
fn outline_titles(pdf: &lopdf::Document) -> Vec<(usize, String)> {
    fn walk(
        pdf: &lopdf::Document,
        first: Option<lopdf::ObjectId>,
        depth: usize,
        out: &mut Vec<(usize, String)>,
    ) {
        let mut next = first;
        while let Some(id) = next {
            let d = pdf.get_dictionary(id).unwrap();
            let b = d.get(b"Title").unwrap().as_str().unwrap();
            let units: Vec<u16> = b[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            out.push((depth, String::from_utf16(&units).unwrap()));
            walk(
                pdf,
                d.get(b"First").ok().and_then(|o| o.as_reference().ok()),
                depth + 1,
                out,
            );
            next = d.get(b"Next").ok().and_then(|o| o.as_reference().ok());
        }
    }
    let mut out = Vec::new();
    let catalog = pdf.catalog().unwrap();
    if let Ok(root) = catalog.get(b"Outlines").and_then(|o| o.as_reference()) {
        let root = pdf.get_dictionary(root).unwrap();
        walk(
            pdf,
            root.get(b"First").ok().and_then(|o| o.as_reference().ok()),
            0,
            &mut out,
        );
    }
    out
}

/// Every fixture's PDF: `qpdf --check` passes, the outline lists the headings in
/// order, and `pdftotext` gives back the document's text (running headers and page
/// numbers aside), whitespace ignored.
#[test]
fn every_fixture_pdf_checks_extracts_and_outlines() {
    use docmend::write::pdf::{write_pdf, PdfOptions};
    let qpdf = have_tool("qpdf", "every_fixture_pdf_checks_extracts_and_outlines");
    let pdftotext = have_tool(
        "pdftotext",
        "every_fixture_pdf_checks_extracts_and_outlines",
    );
    for rel in all_dumps() {
        let m = mend_fixture(&rel);
        let out = write_pdf(&m.doc, &PdfOptions::default()).unwrap();
        let pdf = lopdf::Document::load_mem(&out.bytes).unwrap();
        let ours: Vec<String> = outline_titles(&pdf).into_iter().map(|(_, t)| t).collect();
        let heads: Vec<String> = m
            .doc
            .headings()
            .into_iter()
            .map(|(_, t)| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(ours, heads, "{rel}: outline");
        let tmp = tempfile::NamedTempFile::with_suffix(".pdf").unwrap();
        std::fs::write(tmp.path(), &out.bytes).unwrap();
        if qpdf {
            let check = Command::new("qpdf")
                .arg("--check")
                .arg(tmp.path())
                .output()
                .unwrap();
            assert!(
                check.status.success(),
                "{rel}: qpdf --check: {}",
                String::from_utf8_lossy(&check.stdout)
            );
        }
        if pdftotext {
            // Only the text area of an A4 page (25 mm margins top and bottom): no
            // running header, no page number.
            let res = Command::new("pdftotext")
                .args(["-x", "0", "-y", "72", "-W", "595", "-H", "698"])
                .arg(tmp.path())
                .arg("-")
                .output()
                .unwrap();
            let body = String::from_utf8_lossy(&res.stdout);
            // pdftotext drops a hyphen that ends a line (`state-of-the-` / `art`), so
            // hyphens are left out of the comparison too.
            let want = squash(&m.doc.plain_text()).replace('-', "");
            let got = squash(&body).replace('-', "");
            if got != want {
                let k = got
                    .chars()
                    .zip(want.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                let at = |s: &str| {
                    s.chars()
                        .skip(k.saturating_sub(30))
                        .take(80)
                        .collect::<String>()
                };
                panic!(
                    "{rel}: pdftotext differs at char {k}:\n  pdf:  {}\n  text: {}",
                    at(&got),
                    at(&want)
                );
            }
        }
    }
}
