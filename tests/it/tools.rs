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
            // Characters no shipped font has are drawn as `.notdef` (and named in the
            // W101 warning); they come back as U+FFFD.
            let missing: Vec<char> = out
                .warnings
                .iter()
                .filter(|w| w.code == "W101")
                .flat_map(|w| {
                    w.message
                        .split("U+")
                        .skip(1)
                        .filter_map(|h| {
                            u32::from_str_radix(&h[..h.find(')').unwrap_or(h.len())], 16).ok()
                        })
                        .filter_map(char::from_u32)
                        .collect::<Vec<_>>()
                })
                .collect();
            let want: String = m
                .doc
                .plain_text()
                .chars()
                .map(|c| if missing.contains(&c) { '\u{FFFD}' } else { c })
                .collect();
            let want = squash(&want).replace('-', "");
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

/// The structure pandoc sees in a document: headings (level, text), list items (all
/// depths) and paragraphs, from `pandoc -f FORMAT -t json`.
fn pandoc_outline(path: &std::path::Path, from: &str) -> (Vec<(u64, String)>, usize, usize) {
    let out = Command::new("pandoc")
        .args(["-f", from, "-t", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ast: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    fn text(inlines: &serde_json::Value) -> String {
        let mut s = String::new();
        for i in inlines.as_array().into_iter().flatten() {
            match i["t"].as_str() {
                Some("Str") => s.push_str(i["c"].as_str().unwrap_or("")),
                Some("Space" | "SoftBreak" | "LineBreak") => s.push(' '),
                Some(_) => s.push_str(&text(&i["c"])),
                None => s.push_str(&text(i)),
            }
        }
        s
    }
    fn walk(blocks: &serde_json::Value, acc: &mut (Vec<(u64, String)>, usize, usize)) {
        for b in blocks.as_array().into_iter().flatten() {
            match b["t"].as_str() {
                Some("Header") => acc
                    .0
                    .push((b["c"][0].as_u64().unwrap_or(0), squash(&text(&b["c"][2])))),
                Some("Para" | "Plain") => acc.2 += 1,
                // A list's items: each counts, and the lists nested in it are walked
                // (its own text, a Plain or Para, is the item's).
                Some(t @ ("BulletList" | "OrderedList")) => {
                    let items = if t == "BulletList" {
                        &b["c"]
                    } else {
                        &b["c"][1]
                    };
                    for item in items.as_array().into_iter().flatten() {
                        acc.1 += 1;
                        let nested: Vec<serde_json::Value> = item
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter(|x| x["t"] != "Plain" && x["t"] != "Para")
                            .cloned()
                            .collect();
                        walk(&serde_json::Value::Array(nested), acc);
                    }
                }
                Some("BlockQuote") | Some("Div") => walk(&b["c"], acc),
                Some("CodeBlock") => acc.2 += 1,
                _ => {}
            }
        }
    }
    let mut acc = (Vec::new(), 0, 0);
    walk(&ast["blocks"], &mut acc);
    acc
}

/// pandoc reads every fixture's DOCX with the headings, list items and paragraphs it
/// reads in our Markdown.
#[test]
fn pandoc_reads_every_fixture_docx_like_our_markdown() {
    use docmend::write::docx::{write_docx, DocxOptions};
    use docmend::write::markdown::{write_markdown, MarkdownOptions};
    if !have_tool(
        "pandoc",
        "pandoc_reads_every_fixture_docx_like_our_markdown",
    ) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for rel in all_dumps() {
        let m = mend_fixture(&rel);
        let docx = tmp.path().join("doc.docx");
        let md = tmp.path().join("doc.md");
        std::fs::write(
            &docx,
            write_docx(&m.doc, &DocxOptions::default()).unwrap().bytes,
        )
        .unwrap();
        std::fs::write(
            &md,
            write_markdown(&m.doc, &MarkdownOptions::default())
                .unwrap()
                .bytes,
        )
        .unwrap();
        let from_docx = pandoc_outline(&docx, "docx");
        let from_md = pandoc_outline(&md, "commonmark+yaml_metadata_block");
        assert_eq!(from_docx.0, from_md.0, "{rel}: headings");
        assert_eq!(from_docx.1, from_md.1, "{rel}: list items");
        assert_eq!(from_docx.2, from_md.2, "{rel}: paragraphs");
    }
}

/// LibreOffice opens every fixture's DOCX and prints it to PDF with all its text.
#[test]
fn libreoffice_opens_every_fixture_docx() {
    use docmend::write::docx::{write_docx, DocxOptions};
    if !have_tool("soffice", "libreoffice_opens_every_fixture_docx")
        || !have_tool("pdftotext", "libreoffice_opens_every_fixture_docx")
    {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut docs = Vec::new();
    for (i, rel) in all_dumps().iter().enumerate() {
        let m = mend_fixture(rel);
        let path = tmp.path().join(format!("d{i}.docx"));
        std::fs::write(
            &path,
            write_docx(&m.doc, &DocxOptions::default()).unwrap().bytes,
        )
        .unwrap();
        docs.push((rel.clone(), path, m));
    }
    let out = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(tmp.path())
        .args(docs.iter().map(|d| d.1.as_os_str()))
        // A profile of its own, so a running LibreOffice does not take the job.
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            tmp.path().display()
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (rel, path, m) in &docs {
        let pdf = path.with_extension("pdf");
        assert!(pdf.is_file(), "{rel}: LibreOffice made no PDF");
        // The text area of an A4 page with 25 mm margins: no footer page numbers.
        let text = Command::new("pdftotext")
            .args(["-x", "0", "-y", "72", "-W", "595", "-H", "698"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        // pdftotext drops a hyphen that ends a line: hyphens are left out on both sides.
        let text = squash(&String::from_utf8_lossy(&text.stdout)).replace('-', "");
        // Every block's text, in order (list markers are LibreOffice's own numbers).
        let mut pos = 0;
        for b in m.doc.flat_blocks() {
            let want = match b {
                Block::List(l) => l.items.iter().map(|i| squash(&i.text)).collect::<Vec<_>>(),
                Block::Quote { text } | Block::Preformatted { text } => {
                    text.lines().map(squash).collect()
                }
                other => vec![squash(&other.plain_text())],
            };
            for w in want
                .iter()
                .map(|w| w.replace('-', ""))
                .filter(|w| !w.is_empty())
            {
                match text[pos..].find(w.as_str()) {
                    Some(i) => pos += i + w.len(),
                    None => panic!("{rel}: not found in order in LibreOffice's PDF: {w}"),
                }
            }
        }
    }
}
