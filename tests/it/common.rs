//! Helpers shared by the integration tests.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use docmend::pipeline::{mend_str, MendOptions, Mended};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file's path.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// Read a fixture as text.
pub fn read_fixture(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// Mend a fixture's text.
pub fn mend_fixture(rel: &str) -> Mended {
    mend_str(&read_fixture(rel), &MendOptions::default()).expect("mend")
}

/// Run the built `docmend` binary.
pub fn docmend(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docmend"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run docmend")
}

/// The run exited 0; otherwise fail with what it printed on standard error.
pub fn assert_success(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Is an external tool on PATH? Prints the skip message when it is not.
pub fn have_tool(name: &str, test: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(name).is_file()));
    if !found {
        eprintln!("skipped: {test}: {name} not installed");
    }
    found
}

/// Text with every whitespace character removed.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Compare `actual` with the golden file `rel`; `BLESS=1` rewrites it.
pub fn golden(rel: &str, actual: &str) {
    let path = fixture(rel);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, actual).expect("bless golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("golden {rel}: {e} (run `BLESS=1 make test` to create it)"));
    assert!(expected == actual, "{rel} differs from the output; if the change is intended, run `BLESS=1 make test`\n--- expected\n{expected}\n--- actual\n{actual}");
}

/// Conservation: every non-space character of the input is in the output text or was
/// removed by a recorded change.
pub fn assert_conserved(input: &str, m: &Mended) {
    let mut budget: HashMap<char, i64> = HashMap::new();
    // A leading byte-order mark is the encoding's signature, not text: the decoder
    // drops it.
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    for c in input.chars().filter(|c| !c.is_whitespace()) {
        *budget.entry(c).or_default() += 1;
    }
    // Moves (O3xx) and column reorders (C5xx) describe what they did; they remove
    // nothing.
    for ch in m
        .changes
        .iter()
        .filter(|c| !c.rule.starts_with('O') && !c.rule.starts_with('C'))
    {
        for c in ch.before.chars().filter(|c| !c.is_whitespace()) {
            *budget.entry(c).or_default() -= 1;
        }
        for c in ch.after.chars().filter(|c| !c.is_whitespace()) {
            *budget.entry(c).or_default() += 1;
        }
    }
    for c in m.doc.plain_text().chars().filter(|c| !c.is_whitespace()) {
        *budget.entry(c).or_default() -= 1;
    }
    let off: Vec<_> = budget.into_iter().filter(|(_, n)| *n != 0).collect();
    assert!(
        off.is_empty(),
        "characters not accounted for (char, input minus output minus removed): {off:?}"
    );
}

/// Every fixture dump: `fixtures/**/raw.txt`, as paths relative to `fixtures/`.
pub fn all_dumps() -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, base, out);
            } else if p.file_name().is_some_and(|n| n == "raw.txt") {
                out.push(p.strip_prefix(base).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    let base = root().join("fixtures");
    let mut out = Vec::new();
    walk(&base, &base, &mut out);
    out
}
