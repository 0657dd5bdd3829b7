//! Hostile and broken input: each converts or fails with a clear message naming the
//! file, never a panic; work grows linearly with the input; and outputs stay safe.

use std::path::Path;

use docmend::pipeline::{mend, MendOptions};

use crate::common::*;

fn convert(dir: &Path, name: &str, bytes: &[u8]) -> std::process::Output {
    std::fs::write(dir.join(name), bytes).unwrap();
    docmend(&["convert", name, "-o", "out", "--to", "md,docx,pdf"], dir)
}

#[test]
fn hostile_files_convert_or_fail_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // Empty: converts to an empty document.
    let out = convert(d, "empty.txt", b"");
    assert_success(&out);
    // Binary and NUL bytes: refused, naming the file and what to give instead.
    for (name, bytes) in [
        ("png.txt", &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..]),
        ("nul.txt", &b"text\0with nul\0"[..]),
    ] {
        let out = convert(d, name, bytes);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(name) && err.contains("give a text dump"),
            "{err}"
        );
    }
    // Invalid UTF-8: decoded with U+FFFD and a warning counting the replacements.
    let out = convert(
        d,
        "bad.txt",
        "Good text, then bad bytes: 中文文本里有几个坏字节"
            .as_bytes()
            .iter()
            .copied()
            .chain([0xff, 0xfe, b'x', 0xc3])
            .collect::<Vec<_>>()
            .as_slice(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("replaced by U+FFFD"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // UTF-16 with an unpaired surrogate.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Hello "
        .encode_utf16()
        .chain([0xD800])
        .chain(" world.".encode_utf16())
    {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let out = convert(d, "utf16.txt", &utf16);
    assert_success(&out);
    // Control characters, right-to-left text, emoji and other astral characters.
    let out = convert(d, "mixed.txt", "Control\u{7}\u{1b}[0m chars, \u{5e9}\u{5dc}\u{5d5}\u{5dd} right to left, 😀 \u{1D400} \u{20000}.\n".as_bytes());
    assert_success(&out);
    let md = std::fs::read_to_string(d.join("out/mixed.md")).unwrap();
    assert!(
        md.contains("\u{5e9}\u{5dc}\u{5d5}\u{5dd}")
            && md.contains('😀')
            && md.contains('\u{20000}'),
        "{md}"
    );
    // Deeply nested and huge XML, and an entity bomb.
    let deep = format!(
        "<alto>{}{}</alto>",
        "<a>".repeat(100_000),
        "</a>".repeat(100_000)
    );
    let out = convert(d, "deep.alto", deep.as_bytes());
    assert!(out.status.code().is_some(), "no crash");
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE alto [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><alto>&b;</alto>"#;
    let out = convert(d, "bomb.alto", bomb.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bomb.alto: line 1"));
}

#[test]
fn long_lines_and_many_blank_lines() {
    // A 20 MB line with no break, and a million blank lines.
    let line = "word ".repeat(4_000_000);
    let m = mend(
        line.as_bytes(),
        Path::new("long.txt"),
        &MendOptions::default(),
    )
    .unwrap();
    assert_eq!(squash(&m.doc.plain_text()), squash(&line));
    let blanks = format!("Start.{}End.", "\n".repeat(1_000_000));
    let m = mend(
        blanks.as_bytes(),
        Path::new("blank.txt"),
        &MendOptions::default(),
    )
    .unwrap();
    assert_eq!(squash(&m.doc.plain_text()), "Start.End.");
}

/// The stages' work grows linearly: a text twice as long takes at most a little more
/// than twice the work. Work is counted, not timed: the number of changes and blocks
/// the stages produce, and the bytes of text they handle, for inputs of growing size.
#[test]
fn work_grows_linearly() {
    let unit = docmend::gen::broken_dump(true, 50_000);
    let mut last: Option<(usize, usize)> = None;
    for k in [1usize, 2, 4] {
        let text = unit.repeat(k);
        let m = mend(
            text.as_bytes(),
            Path::new("scale.txt"),
            &MendOptions::default(),
        )
        .unwrap();
        let work = (m.changes.len(), m.doc.blocks.len());
        if let Some((c, b)) = last {
            // Twice the text: twice the work, give or take the seams between copies.
            let twice = |x: usize| x * 2 + x / 20 + 16;
            assert!(
                work.0 <= twice(c) && work.1 <= twice(b),
                "{k}: {work:?} after {last:?}"
            );
        }
        last = Some(work);
    }
}

/// Everything in fixtures/fuzz-regressions converts or fails clearly.
#[test]
fn fuzz_regressions_replay() {
    let dir = root().join("fixtures/fuzz-regressions");
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == "README.md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        if let Ok(m) = mend(&bytes, &path, &MendOptions::default()) {
            docmend::write::markdown::write_markdown(&m.doc, &Default::default()).unwrap();
            docmend::write::docx::write_docx(&m.doc, &Default::default()).unwrap();
            docmend::write::pdf::write_pdf(&m.doc, &Default::default()).unwrap();
        }
    }
}

#[cfg(unix)]
#[test]
fn symlinked_outputs_are_refused_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("a.txt"), "A paragraph.\n").unwrap();
    std::fs::write(d.join("precious"), "keep me").unwrap();
    std::fs::create_dir(d.join("out")).unwrap();
    std::os::unix::fs::symlink(d.join("precious"), d.join("out/a.md")).unwrap();
    let out = docmend(&["convert", "a.txt", "-o", "out", "--to", "md"], d);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(
        std::fs::read_to_string(d.join("precious")).unwrap(),
        "keep me"
    );
    let out = docmend(
        &["convert", "a.txt", "-o", "out", "--to", "md", "--force"],
        d,
    );
    assert_success(&out);
    // --force replaces the link with a file; the file it pointed at is untouched.
    assert!(!d.join("out/a.md").is_symlink());
    assert_eq!(
        std::fs::read_to_string(d.join("precious")).unwrap(),
        "keep me"
    );
    // Input and output folder the same: the input is never overwritten.
    std::fs::write(d.join("b.md"), "# B\n").unwrap();
    let out = docmend(&["convert", "b.md", "-o", ".", "--to", "md"], d);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(d.join("b.md")).unwrap(), "# B\n");
}

/// Files that vanish or change while a batch reads them: each is converted or named in
/// a clear error, the others go on, nothing panics and no temporary file is left.
/// (The batch's list is fixed first, with `--files-from`, so a deleted file is still
/// asked for.)
#[test]
fn files_that_vanish_or_change_during_a_batch() {
    use std::process::{Command, Stdio};
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("in")).unwrap();
    let text = "第一段文字在这里，还没有说完\n的话在下一行。\n\n".repeat(300);
    let n = 90;
    let names: Vec<String> = (0..n).map(|i| format!("in/f{i:03}.txt")).collect();
    for name in &names {
        std::fs::write(d.join(name), &text).unwrap();
    }
    std::fs::write(d.join("list.txt"), names.join("\n")).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_docmend"))
        .args([
            "convert",
            "--files-from",
            "list.txt",
            "-o",
            "out",
            "--to",
            "md,docx",
            "--jobs",
            "2",
        ])
        .current_dir(d)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Meanwhile every third file is deleted and every third rewritten.
    for (i, name) in names.iter().enumerate() {
        match i % 3 {
            0 => drop(std::fs::remove_file(d.join(name))),
            1 => drop(std::fs::write(d.join(name), "changed\n")),
            _ => {}
        }
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 2)), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{err}"
    );
    for (i, name) in names.iter().enumerate() {
        let stem = &name[3..7];
        let md = d.join("out").join(format!("{stem}.md"));
        match i % 3 {
            0 if !md.exists() => assert!(err.contains(name.as_str()), "{name}: {err}"),
            2 => assert!(md.exists(), "{name} was not converted: {err}"),
            _ => {}
        }
    }
    for entry in std::fs::read_dir(d.join("out")).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            file.ends_with(".md") || file.ends_with(".docx"),
            "{file} left behind"
        );
    }
}

/// A named pipe (process substitution, `<(pdftotext x.pdf -)`) is read like a file.
#[cfg(unix)]
#[test]
fn named_pipes_are_read_like_files() {
    use std::process::Command;
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let fifo = d.join("dump.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        println!("skipped: mkfifo not available");
        return;
    }
    let writer = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::write(fifo, "第一行\n第二行在这里。\n")
    });
    let out = docmend(&["convert", "dump.txt", "-o", "out", "--to", "md"], d);
    writer.join().unwrap().unwrap();
    assert_success(&out);
    let md = std::fs::read_to_string(d.join("out/dump.md")).unwrap();
    assert!(md.contains("第二行在这里。"), "{md}");
}

/// A document of several megabytes is mended in segments side by side: nothing is
/// lost, and it is mended (unit tests check that segments start where paragraphs do).
#[test]
fn large_documents_are_mended_in_segments() {
    let text = docmend::gen::broken_dump(false, 2 * docmend::stages::SEGMENT_BYTES + 300_000);
    let m = mend(
        text.as_bytes(),
        Path::new("large.txt"),
        &MendOptions::default(),
    )
    .unwrap();
    assert_conserved(&text, &m);
    assert!(m.changes.iter().any(|c| c.rule == "J201"));
    assert!(m.source.lines().count() > 1000);
}
