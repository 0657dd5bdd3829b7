//! `docmend check` and `docmend fix`: the CI side. `check` reports every repair the
//! mending would make, one line each, like a linter (`path:line:col: CODE message`), and
//! exits 1 when there is any; `fix` rewrites text files in place with their mended
//! text, atomically.

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::app::{progress, read_input, with_jobs, write_atomic};
use crate::cli::{CheckArgs, FixArgs, InputArgs};
use crate::config::Input;
use crate::config::{checked_skip, parse_from};
use crate::error::{Error, Result};
use crate::pipeline::{mend, MendOptions, Mended};
use crate::read::InputFormat;
use crate::settings::Settings;
use crate::stages::explain;

/// One repair `check` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The input file.
    pub path: String,
    /// 1-based line and column in the input.
    pub line: usize,
    pub column: usize,
    /// The rule code (`J202`).
    pub code: &'static str,
    /// What the rule does, in short.
    pub message: String,
    /// The text before and after the repair.
    pub before: String,
    pub after: String,
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// `path:line:col: CODE message`, one per line.
    Text,
    /// One JSON array of findings.
    Json,
    /// GitHub Actions workflow annotations (`::warning file=…::…`).
    Github,
}

impl OutputFormat {
    fn parse(s: &str) -> Result<OutputFormat> {
        match s {
            "text" => Ok(OutputFormat::Text),
            "json" => Ok(OutputFormat::Json),
            "github" => Ok(OutputFormat::Github),
            _ => Err(Error::Usage(format!(
                "--format {s}: unknown output format (use text, json, github)"
            ))),
        }
    }
}

/// A rule's explanation cut to its first clause: the message of a finding.
fn short(code: &str) -> String {
    let text = explain(code).unwrap_or("repair");
    let end = text.find([';', ':', '(']).unwrap_or(text.len());
    text[..end].trim().to_string()
}

/// What every command shares: settings, stages to skip, inputs, mend options.
struct Run {
    settings: Settings,
    inputs: Vec<Input>,
    errors: Vec<String>,
    opts: MendOptions,
}

fn prepare(args: &InputArgs) -> Result<Run> {
    let settings = Settings::discover()?;
    let skip = checked_skip(&settings, &args.skip)?;
    let from = parse_from(args.from.as_deref())?;
    let (inputs, errors) = crate::inputs::collect(args, None)?;
    let opts = MendOptions {
        skip,
        from,
        lang: settings.language,
    };
    Ok(Run {
        settings,
        inputs,
        errors,
        opts,
    })
}

fn mend_input(input: &Input, opts: &MendOptions) -> Result<(Vec<u8>, Mended)> {
    let bytes = read_input(input)?;
    let name = input.display();
    let m = mend(&bytes, Path::new(&name), opts)?;
    Ok((bytes, m))
}

/// `docmend check`: the exit status (0 clean, 1 repairs to make, 2 errors).
pub fn check(args: &CheckArgs) -> u8 {
    let format = match OutputFormat::parse(&args.format) {
        Ok(f) => f,
        Err(e) => return usage(e),
    };
    let run = match prepare(&args.input) {
        Ok(r) => r,
        Err(e) => return usage(e),
    };
    let bar = progress(
        run.inputs.len(),
        args.input.quiet || format != OutputFormat::Text,
    );
    let results: Vec<(String, Result<Vec<Finding>>)> = with_jobs(args.input.jobs, || {
        run.inputs
            .par_iter()
            .map(|input| {
                let name = input.display();
                let found = mend_input(input, &run.opts).map(|(_, m)| {
                    m.changes
                        .iter()
                        .filter(|c| run.settings.reports(c.rule, &args.select, &args.ignore))
                        .map(|c| Finding {
                            path: name.clone(),
                            line: c.span.line,
                            column: c.span.column,
                            code: c.rule,
                            message: short(c.rule),
                            before: c.before.to_string(),
                            after: c.after.to_string(),
                        })
                        .collect()
                });
                bar.inc(1);
                (name, found)
            })
            .collect()
    });
    bar.finish_and_clear();
    let mut failed = run.errors.len();
    for e in &run.errors {
        eprintln!("docmend: {e}");
    }
    let mut all = Vec::new();
    for (name, r) in results {
        match r {
            Ok(f) => all.extend(f),
            Err(e) => {
                failed += 1;
                eprintln!("docmend: {}", with_name(&name, &e));
            }
        }
    }
    let mut out = String::new();
    match format {
        OutputFormat::Text => {
            for f in &all {
                out.push_str(&format!(
                    "{}:{}:{}: {} {}\n",
                    f.path, f.line, f.column, f.code, f.message
                ));
            }
        }
        OutputFormat::Json => {
            out = serde_json::to_string_pretty(&all).unwrap_or_else(|_| "[]".into());
            out.push('\n');
        }
        OutputFormat::Github => {
            for f in &all {
                out.push_str(&format!(
                    "::warning file={},line={},col={},title=docmend {}::{}\n",
                    gh_escape(&f.path, true),
                    f.line,
                    f.column,
                    f.code,
                    gh_escape(&f.message, false)
                ));
            }
        }
    }
    print!("{out}");
    if !args.input.quiet {
        let files: std::collections::BTreeSet<&str> = all.iter().map(|f| f.path.as_str()).collect();
        eprintln!(
            "docmend: {} repair(s) to make in {} of {} file(s); `docmend fix` makes them",
            all.len(),
            files.len(),
            run.inputs.len()
        );
    }
    if failed > 0 {
        2
    } else if all.is_empty() {
        0
    } else {
        1
    }
}

/// GitHub's workflow-command escaping (`%`, line ends; and `,` `:` in properties).
fn gh_escape(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// `docmend fix`: rewrite each text input with its mended text. Exit status 0, or 2
/// when any file failed.
pub fn fix(args: &FixArgs) -> u8 {
    let run = match prepare(&args.input) {
        Ok(r) => r,
        Err(e) => return usage(e),
    };
    let bar = progress(run.inputs.len(), args.input.quiet);
    let results: Vec<(String, Result<usize>)> = with_jobs(args.input.jobs, || {
        run.inputs
            .par_iter()
            .map(|input| {
                let name = input.display();
                let r = fix_one(input, &run.opts);
                bar.inc(1);
                (name, r)
            })
            .collect()
    });
    bar.finish_and_clear();
    let mut failed = run.errors.len();
    for e in &run.errors {
        eprintln!("docmend: {e}");
    }
    let (mut files, mut repairs) = (0, 0);
    for (name, r) in results {
        match r {
            Ok(0) => {}
            Ok(n) => {
                files += 1;
                repairs += n;
                if args.input.verbose {
                    eprintln!("docmend: fixed {name} ({n} repairs)");
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("docmend: {}", with_name(&name, &e));
            }
        }
    }
    if !args.input.quiet {
        eprintln!("docmend: fixed {files} file(s), {repairs} repair(s)");
    }
    if failed > 0 {
        2
    } else {
        0
    }
}

/// Mend one text input and write it back (standard input goes to standard output).
/// Returns the number of repairs.
fn fix_one(input: &Input, opts: &MendOptions) -> Result<usize> {
    let name = input.display();
    let (bytes, m) = mend_input(input, opts)?;
    let format = opts
        .from
        .unwrap_or_else(|| InputFormat::detect(Path::new(&name), &String::from_utf8_lossy(&bytes)));
    if format != InputFormat::Text {
        return Err(Error::Usage(
            "fix rewrites text dumps only; convert other inputs with `docmend convert --to txt`"
                .into(),
        ));
    }
    let mut text = m.doc.plain_text();
    text.push('\n');
    match input {
        Input::Stdin => {
            use std::io::Write;
            std::io::stdout()
                .write_all(text.as_bytes())
                .map_err(|source| Error::Io {
                    path: "<stdout>".into(),
                    source,
                })?;
        }
        Input::Path(p, _) => {
            if text.as_bytes() != bytes.as_slice() {
                write_atomic(p, text.as_bytes())?;
            }
        }
    }
    Ok(m.changes.len())
}

fn with_name(name: &str, e: &Error) -> String {
    match e {
        Error::Io { .. } | Error::Decode { .. } | Error::Xml { .. } => e.to_string(),
        _ => format!("{name}: {e}"),
    }
}

fn usage(e: Error) -> u8 {
    eprintln!("docmend: {e}");
    2
}
