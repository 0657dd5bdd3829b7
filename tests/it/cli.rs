//! The command line: formats, targets, standard streams, errors and exit codes.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::*;

#[test]
fn directory_in_directory_out_three_formats() {
    let tmp = tempfile::tempdir().unwrap();
    let inp = tmp.path().join("in");
    std::fs::create_dir(&inp).unwrap();
    std::fs::copy(fixture("seed/raw.txt"), inp.join("sample.txt")).unwrap();
    std::fs::copy(fixture("en/raw.txt"), inp.join("english.txt")).unwrap();
    std::fs::write(inp.join("ignored.dat"), "not a .txt").unwrap();
    let out = docmend(&["convert", "in", "-o", "out"], tmp.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for stem in ["sample", "english"] {
        for ext in ["md", "docx", "pdf"] {
            let p = tmp.path().join("out").join(format!("{stem}.{ext}"));
            assert!(
                std::fs::metadata(&p)
                    .map(|m| m.len() > 100)
                    .unwrap_or(false),
                "{} missing",
                p.display()
            );
        }
    }
    assert!(!tmp.path().join("out/ignored.md").exists());
    // No temporary files left behind.
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path().join("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".docmend-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn format_from_output_extension() {
    let tmp = tempfile::tempdir().unwrap();
    let out = docmend(
        &[
            "convert",
            fixture("seed/raw.txt").to_str().unwrap(),
            "-o",
            "x.docx",
        ],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(tmp.path().join("x.docx")).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    assert!(!tmp.path().join("x.md").exists() && !tmp.path().join("x.pdf").exists());
}

#[test]
fn stdin_to_stdout() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_docmend"))
        .args(["convert", "-", "--to", "md", "-o", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("深化“一次办好”改革，节约办事时间，实现“互联网+政\n\n务服务”。\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("实现“互联网+政务服务”。"), "{md}");
}

#[test]
fn bad_inputs_are_named_and_the_rest_still_converted() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("good.txt"), "A short paragraph.\n").unwrap();
    std::fs::write(
        tmp.path().join("binary.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .unwrap();
    let out = docmend(
        &[
            "convert",
            "missing.txt",
            "binary.txt",
            "good.txt",
            "-o",
            "out",
            "--to",
            "md",
        ],
        tmp.path(),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.lines()
            .any(|l| l.contains("missing.txt") && l.contains("no such file")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("binary.txt") && l.contains("binary")),
        "{err}"
    );
    assert!(tmp.path().join("out/good.md").exists());
    assert!(!err.contains("panicked"));
}

#[test]
fn unwritable_output_is_an_error_naming_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("good.txt"), "Text.\n").unwrap();
    std::fs::write(tmp.path().join("afile"), "x").unwrap();
    let out = docmend(
        &["convert", "good.txt", "-o", "afile/sub/out.md"],
        tmp.path(),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("afile/sub"), "{err}");
}

#[test]
fn input_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.txt"), "Keep me.\n").unwrap();
    let out = docmend(
        &["convert", "a.txt", "--to", "txt", "-o", "a.txt"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("a.txt")).unwrap(),
        "Keep me.\n"
    );
}

#[test]
fn encodings_and_line_ends() {
    let tmp = tempfile::tempdir().unwrap();
    let text =
        "济宁高新区将以发展融媒体中心为抓手，\r\n在已建成全市首家县级融媒体中心的基础上。\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(tmp.path().join("gbk.txt"), &gbk).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    std::fs::write(tmp.path().join("utf16.txt"), &utf16).unwrap();
    for name in ["gbk.txt", "utf16.txt"] {
        let out = docmend(&["convert", name, "--to", "md", "-o", "-"], tmp.path());
        assert_eq!(out.status.code(), Some(0));
        let md = String::from_utf8(out.stdout).unwrap();
        assert!(md.contains("抓手，在已建成"), "{name}: {md}");
    }
}

#[test]
fn json_tree_is_versioned() {
    let out = docmend(
        &[
            "convert",
            fixture("seed/raw.txt").to_str().unwrap(),
            "--to",
            "json",
            "-o",
            "-",
        ],
        &root(),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["docmend_json_version"], 2);
    assert_eq!(v["meta"]["language"], "zh");
    // The sample's three reports are articles: title, byline and body together.
    let blocks = v["blocks"].as_array().unwrap();
    let articles: Vec<&serde_json::Value> =
        blocks.iter().filter(|b| b["type"] == "article").collect();
    assert_eq!(articles.len(), 3, "{blocks:?}");
    for a in articles {
        let inner = a["blocks"].as_array().unwrap();
        assert_eq!(inner[0]["type"], "heading");
        assert_eq!(inner[1]["type"], "byline");
        assert_eq!(a["authors"][0], inner[1]["name"]);
        assert!(inner.len() > 5);
    }
}

#[test]
fn help_version_explain() {
    let help = docmend(&["convert", "--help"], &root());
    assert!(String::from_utf8_lossy(&help.stdout).contains("Examples:"));
    let v = docmend(&["--version"], &root());
    assert!(String::from_utf8_lossy(&v.stdout).starts_with("docmend "));
    let e = docmend(&["explain", "j202"], &root());
    assert!(String::from_utf8_lossy(&e.stdout).starts_with("J202: blank line"));
    let bad = docmend(&["convert", "x.txt", "--to", "odt"], &root());
    assert_eq!(bad.status.code(), Some(2));
}

/// The `word/document.xml` of a DOCX file.
fn document_xml(docx: &std::path::Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    xml
}

#[test]
fn paper_and_margins_reach_docx_and_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture("en/raw.txt");
    let docx = tmp.path().join("letter.docx");
    let run = docmend(
        &[
            "convert",
            input.to_str().unwrap(),
            "-o",
            docx.to_str().unwrap(),
            "--paper",
            "letter",
            "--margin",
            "1in",
        ],
        &root(),
    );
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let xml = document_xml(&docx);
    // Letter is 8.5 × 11 in = 12240 × 15840 twips; 1 in = 1440 twips.
    assert!(
        xml.contains(r#"<w:pgSz w:w="12240" w:h="15840" />"#),
        "{xml}"
    );
    assert!(xml.contains(r#"w:left="1440""#), "{xml}");
    if have_tool("pdfinfo", "paper_and_margins_reach_docx_and_pdf") {
        let pdf = tmp.path().join("a5.pdf");
        let run = docmend(
            &[
                "convert",
                input.to_str().unwrap(),
                "-o",
                pdf.to_str().unwrap(),
                "--paper",
                "a5",
            ],
            &root(),
        );
        assert_eq!(run.status.code(), Some(0));
        let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(info.contains("419.528 x 595.276 pts"), "{info}");
    }
    // A bad paper or margin is a usage error naming the flag.
    let bad = docmend(
        &[
            "convert",
            input.to_str().unwrap(),
            "-o",
            "-",
            "--to",
            "md",
            "--margin",
            "3 furlongs",
        ],
        &root(),
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--margin 3 furlongs"));
}

#[test]
fn columns_reach_docx_and_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture("en/raw.txt");
    let run = docmend(
        &[
            "convert",
            input.to_str().unwrap(),
            "-o",
            tmp.path().to_str().unwrap(),
            "--to",
            "docx,pdf",
            "--columns",
            "2",
        ],
        &root(),
    );
    assert_success(&run);
    let docx = tmp.path().join("raw.docx");
    let xml = document_xml(&docx);
    // Two columns 6 mm (340 twips) apart.
    assert!(
        xml.contains(r#"<w:cols w:space="340" w:num="2" />"#),
        "{xml}"
    );
    if have_tool("pdftotext", "columns_reach_docx_and_pdf") {
        // `-layout` shows the right column beside the left: many lines hold text past
        // a gutter of spaces, after the left column's text or on their own.
        let out = Command::new("pdftotext")
            .args(["-layout", tmp.path().join("raw.pdf").to_str().unwrap(), "-"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let right = text
            .lines()
            .filter(|l| {
                let t = l.trim_end();
                let indent = t.len() - t.trim_start().len();
                indent >= 30 || t.trim_start().contains("     ")
            })
            .count();
        assert!(right >= 10, "{text}");
    }
    // Too many columns, or columns too narrow for the page, are usage errors.
    for (n, paper) in [("5", "a4"), ("4", "a5")] {
        let bad = docmend(
            &[
                "convert",
                input.to_str().unwrap(),
                "-o",
                "-",
                "--to",
                "pdf",
                "--columns",
                n,
                "--paper",
                paper,
            ],
            &root(),
        );
        assert_eq!(bad.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&bad.stderr).contains(&format!("--columns {n}")));
    }
}

#[test]
fn bad_date_or_reference_doc_is_a_usage_error_naming_it() {
    let input = fixture("en/raw.txt");
    let input = input.to_str().unwrap();
    let readme = root().join("README.md");
    for (args, want) in [
        (vec!["--date", "yesterday"], "--date yesterday"),
        (
            vec!["--reference-doc", readme.to_str().unwrap()],
            "not a DOCX",
        ),
        (vec!["--font-size", "500"], "--font-size 500"),
    ] {
        let mut all = vec!["convert", input, "--to", "docx", "-o", "-"];
        all.extend(args);
        let out = docmend(&all, &root());
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{err}");
    }
    // A good date reaches the DOCX.
    let out = docmend(
        &[
            "convert",
            input,
            "--to",
            "docx",
            "-o",
            "-",
            "--date",
            "2024-05-01",
            "--toc",
        ],
        &root(),
    );
    assert_eq!(out.status.code(), Some(0));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(out.stdout)).unwrap();
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core)
        .unwrap();
    assert!(core.contains(">2024-05-01</dcterms:created>"), "{core}");
}

#[test]
fn markdown_and_ocr_inputs_by_extension_content_or_from() {
    let tmp = tempfile::tempdir().unwrap();
    // Markdown goes straight to the tree: the golden Markdown comes back as it is.
    let md = fixture("en/expected.md");
    let out = docmend(
        &["convert", md.to_str().unwrap(), "--to", "md", "-o", "-"],
        &root(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        read_fixture("en/expected.md")
    );
    // hOCR is found by its content on standard input, or named by --from.
    let hocr = read_fixture("cases/dev-en-g2-01/raw.hocr");
    for args in [
        vec!["convert", "-", "--to", "txt", "-o", "-"],
        vec!["convert", "-", "--from", "hocr", "--to", "txt", "-o", "-"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_docmend"))
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(hocr.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.starts_with("Putting It All Together: Futures, Tasks, and Threads"),
            "{text}"
        );
        assert!(!text.contains("ocrx_word"));
    }
    // A directory takes its OCR files too.
    std::fs::copy(
        fixture("ocr/two-columns.alto.xml"),
        tmp.path().join("a.xml"),
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let out = docmend(
        &[
            "convert",
            tmp.path().to_str().unwrap(),
            "--to",
            "md",
            "-o",
            out_dir.to_str().unwrap(),
        ],
        &root(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read_to_string(out_dir.join("a.md"))
        .unwrap()
        .contains("the information it gives"));
    // An unknown --from is a usage error.
    let out = docmend(
        &[
            "convert",
            md.to_str().unwrap(),
            "--from",
            "rtf",
            "-o",
            "-",
            "--to",
            "md",
        ],
        &root(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from rtf"));
}
