//! Batch, CI and command-line conventions: recursive folders mirrored, globs, list
//! files, shards, jobs, `check` and `fix`, docmend.toml, completions and the man page.

use std::path::Path;

use crate::common::*;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const BROKEN: &str = "Field Notes\n\nEvery survey team learns that the note-\nbook matters more than the instrument, and that a reading taken without\n\na note of the weather is a number without a story.\n";

fn tree(dir: &Path) {
    write(&dir.join("a/x.txt"), BROKEN);
    write(&dir.join("b/x.txt"), BROKEN);
    write(&dir.join("b/deep/y.txt"), BROKEN);
    write(&dir.join(".hidden/z.txt"), BROKEN);
    write(&dir.join("notes.rtf"), "not an input");
}

fn outputs(dir: &Path) -> Vec<String> {
    fn walk(d: &Path, base: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, base, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    let mut out = Vec::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

#[test]
fn folders_are_walked_recursively_and_mirrored() {
    let tmp = tempfile::tempdir().unwrap();
    tree(&tmp.path().join("in"));
    let out = docmend(
        &["convert", "in", "-o", "out", "--to", "md", "--jobs", "1"],
        tmp.path(),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(
        outputs(&tmp.path().join("out")),
        ["a/x.md", "b/deep/y.md", "b/x.md"]
    );
    // The summary: counts, repairs, time and throughput.
    assert!(
        err.contains("3 converted, 0 failed") && err.contains("files/s"),
        "{err}"
    );
    // -q: nothing but errors.
    let out = docmend(
        &["convert", "in", "-o", "out2", "--to", "md", "-q"],
        tmp.path(),
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Converting a folder into a folder inside it never reads the outputs back.
    let out = docmend(&["convert", "in", "-o", "in/out", "--to", "md"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    let again = docmend(&["convert", "in", "-o", "in/out", "--to", "md"], tmp.path());
    assert!(String::from_utf8_lossy(&again.stderr).contains("3 converted"));
}

#[test]
fn globs_lists_and_shards() {
    let tmp = tempfile::tempdir().unwrap();
    tree(&tmp.path().join("in"));
    // A glob the shell did not expand.
    let out = docmend(
        &["convert", "in/b/**/*.txt", "-o", "g", "--to", "md"],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(outputs(&tmp.path().join("g")), ["deep/y.md", "x.md"]);
    let out = docmend(
        &["convert", "in/*.nothing", "-o", "g2", "--to", "md"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("in/*.nothing: no file matches"));
    // A list of files, comments and blank lines skipped.
    write(
        &tmp.path().join("list.txt"),
        "# inputs\nin/a/x.txt\n\nin/b/deep/y.txt\n",
    );
    let out = docmend(
        &[
            "convert",
            "--files-from",
            "list.txt",
            "-o",
            "l",
            "--to",
            "md",
        ],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(outputs(&tmp.path().join("l")), ["x.md", "y.md"]);
    // Two shards split the inputs: together all, never one twice.
    let mut seen = Vec::new();
    for k in ["1/2", "2/2"] {
        let dir = format!("s{}", &k[..1]);
        let out = docmend(
            &["convert", "in", "-o", &dir, "--to", "md", "--shard", k],
            tmp.path(),
        );
        assert_eq!(out.status.code(), Some(0));
        seen.extend(outputs(&tmp.path().join(&dir)));
    }
    seen.sort();
    assert_eq!(seen, ["a/x.md", "b/deep/y.md", "b/x.md"]);
    let out = docmend(&["convert", "in", "-o", "s", "--shard", "3/2"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--shard 3/2"));
}

#[test]
fn check_reports_repairs_and_fix_makes_them() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("notes/a.txt"), BROKEN);
    write(
        &tmp.path().join("notes/clean.txt"),
        "Clean\n\nA sentence that needs nothing.\n",
    );
    // Text: one line per repair, exit 1.
    let out = docmend(&["check", "notes"], tmp.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let first = text.lines().next().unwrap();
    let parts: Vec<&str> = first.splitn(4, ':').collect();
    assert!(
        parts[0].ends_with("a.txt") && parts[1].parse::<usize>().is_ok(),
        "{first}"
    );
    assert!(parts[3].trim_start().starts_with('J'), "{first}");
    assert!(!text.contains("clean.txt"));
    // JSON.
    let out = docmend(&["check", "notes", "--format", "json"], tmp.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v
        .as_array()
        .is_some_and(|a| !a.is_empty() && a[0]["code"].is_string()));
    // GitHub annotations.
    let out = docmend(&["check", "notes", "--format", "github"], tmp.path());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("::warning file="));
    // --ignore, and docmend.toml, choose what is reported.
    let out = docmend(&["check", "notes", "--ignore", "J"], tmp.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    write(&tmp.path().join("docmend.toml"), "ignore = [\"J2\"]\n");
    let out = docmend(&["check", "notes"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    write(&tmp.path().join("docmend.toml"), "ignor = [\"J2\"]\n");
    let out = docmend(&["check", "notes"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("docmend.toml"));
    std::fs::remove_file(tmp.path().join("docmend.toml")).unwrap();
    // fix: the file becomes what `convert --to txt` writes; check is then clean.
    let want = docmend(
        &["convert", "notes/a.txt", "--to", "txt", "-o", "-"],
        tmp.path(),
    )
    .stdout;
    let out = docmend(&["fix", "notes"], tmp.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(tmp.path().join("notes/a.txt")).unwrap(), want);
    let out = docmend(&["check", "notes"], tmp.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // fix rewrites text dumps only.
    write(&tmp.path().join("doc.md"), "# Title\n");
    let out = docmend(&["fix", "doc.md"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("doc.md: fix rewrites text dumps only"));
}

#[test]
fn completions_and_man_page() {
    let out = docmend(&["completions", "bash"], &root());
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("_docmend"));
    let out = docmend(&["man"], &root());
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with(".ie")
            || String::from_utf8_lossy(&out.stdout).contains(".TH")
    );
}
