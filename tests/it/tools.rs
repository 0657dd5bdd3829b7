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
