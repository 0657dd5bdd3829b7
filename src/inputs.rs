//! Which files a run reads: paths, directories walked recursively, globs, a list file,
//! and a deterministic shard of them all. Each input keeps its path relative to the
//! directory it was found under, so an output tree can mirror the input tree.

use std::path::{Path, PathBuf};

use crate::cli::InputArgs;
use crate::config::Input;
use crate::error::{Error, Result};

/// The files a directory input expands to: text dumps, OCR layouts and Markdown.
pub const INPUT_EXTENSIONS: [&str; 5] = ["txt", "hocr", "xml", "md", "markdown"];

/// The inputs of a run and the problems met finding them (missing files, empty
/// directories): reported, not fatal.
pub fn collect(args: &InputArgs, exclude: Option<&Path>) -> Result<(Vec<Input>, Vec<String>)> {
    let mut paths = args.inputs.clone();
    if let Some(list) = &args.files_from {
        let text = if list.as_os_str() == "-" {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map_err(|source| {
                Error::Io {
                    path: "<stdin>".into(),
                    source,
                }
            })?;
            s
        } else {
            std::fs::read_to_string(list).map_err(|source| Error::Io {
                path: list.clone(),
                source,
            })?
        };
        paths.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(PathBuf::from),
        );
    }
    if paths.is_empty() {
        return Err(Error::Usage(
            "no input: give files, directories, globs, `-` or --files-from LIST".into(),
        ));
    }
    let exclude = exclude.and_then(|e| e.canonicalize().ok());
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in &paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if p.is_dir() {
            let mut files = Vec::new();
            walk(p, exclude.as_deref(), &mut files, &mut errors);
            files.sort();
            if files.is_empty() {
                errors.push(format!(
                    "{}: directory has no input files ({}); give files by name to convert others",
                    p.display(),
                    INPUT_EXTENSIONS.map(|x| format!(".{x}")).join(", ")
                ));
            }
            for f in files {
                let rel = f
                    .parent()
                    .and_then(|d| d.strip_prefix(p).ok())
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                inputs.push(Input::Path(f, rel));
            }
        } else if !p.exists() && is_glob(&p.to_string_lossy()) {
            let pattern = p.to_string_lossy();
            let matches: Vec<PathBuf> = match glob::glob(&pattern) {
                Ok(paths) => paths.flatten().filter(|m| m.is_file()).collect(),
                Err(e) => {
                    errors.push(format!("{pattern}: not a valid glob: {e}"));
                    continue;
                }
            };
            if matches.is_empty() {
                errors.push(format!("{pattern}: no file matches (check the pattern)"));
            }
            let base = glob_base(&pattern);
            for m in matches {
                let rel = m
                    .parent()
                    .and_then(|d| d.strip_prefix(&base).ok())
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                inputs.push(Input::Path(m, rel));
            }
        } else if !p.exists() {
            errors.push(format!(
                "{}: no such file (check the path; quote a glob to let docmend expand it)",
                p.display()
            ));
        } else {
            inputs.push(Input::Path(p.clone(), PathBuf::new()));
        }
    }
    if let Some(shard) = &args.shard {
        let (k, n) = parse_shard(shard)?;
        inputs.retain(|i| shard_of(i, n) == k - 1);
    }
    Ok((inputs, errors))
}

/// `K/N` with 1 ≤ K ≤ N.
pub fn parse_shard(s: &str) -> Result<(u64, u64)> {
    let bad = || Error::Usage(format!("--shard {s}: give K/N with 1 ≤ K ≤ N, like 3/8"));
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (u64, u64) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// The share (0-based) an input falls in: a hash of its path, so shares stay the
/// same when files are added and every process agrees without talking.
fn shard_of(input: &Input, n: u64) -> u64 {
    let name = match input {
        Input::Path(p, _) => p.to_string_lossy().into_owned(),
        Input::Stdin => "-".into(),
    };
    // Stable across runs and platforms.
    crate::hash::fnv1a(0, name.bytes()) % n
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// The directory part of a glob before its first wildcard (`scans/2024` in
/// `scans/2024/**/*.txt`).
fn glob_base(pattern: &str) -> PathBuf {
    let mut base = PathBuf::new();
    for part in Path::new(pattern).components() {
        if is_glob(&part.as_os_str().to_string_lossy()) {
            break;
        }
        base.push(part);
    }
    base
}

/// Every input file under `dir`, recursively; hidden entries and the output
/// directory are skipped.
fn walk(dir: &Path, exclude: Option<&Path>, out: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    if exclude.is_some_and(|e| dir.canonicalize().is_ok_and(|d| d == e)) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(format!("{}: cannot list directory: {e}", dir.display()));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, exclude, out, errors);
        } else if path
            .extension()
            .is_some_and(|e| INPUT_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
        {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_the_inputs_once_and_stably() {
        let inputs: Vec<Input> = (0..100)
            .map(|i| Input::Path(PathBuf::from(format!("dir/f{i}.txt")), PathBuf::new()))
            .collect();
        let mut seen = 0;
        for k in 0..4 {
            seen += inputs.iter().filter(|i| shard_of(i, 4) == k).count();
        }
        assert_eq!(seen, 100);
        assert!((0..4).all(|k| inputs.iter().any(|i| shard_of(i, 4) == k)));
        assert_eq!(parse_shard("3/8").unwrap(), (3, 8));
        for bad in ["0/3", "4/3", "x", "1/0"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
        assert_eq!(
            glob_base("scans/2024/**/*.txt"),
            PathBuf::from("scans/2024")
        );
    }
}
