//! The batch driver: rayon over documents, the writers in parallel for each one,
//! per-document isolation (one bad file never stops the others), atomic writes.

use std::io::{Read, Write};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{same_file, Config, Format, Input};
use crate::doc::Document;
use crate::error::{Error, Result};
use crate::pipeline::{mend_owned, MendOptions, Mended};
use crate::report::{Change, Warning};
use crate::source::Source;
use crate::write::docx::{write_docx, DocxOptions};
use crate::write::markdown::{write_markdown, MarkdownOptions};
use crate::write::pdf::{write_pdf, PdfOptions};
use crate::write::Rendered;

/// The version of the `--to json` document format.
pub const JSON_VERSION: u32 = 2;

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Inputs converted.
    pub converted: usize,
    /// Inputs (or outputs) that failed.
    pub failed: usize,
    /// Repairs made, summed over inputs.
    pub changes: usize,
}

impl Summary {
    /// The process exit status: 0 when everything converted, 2 when anything failed.
    pub fn exit_code(&self) -> u8 {
        if self.failed > 0 {
            2
        } else {
            0
        }
    }
}

/// Outcome of one input: messages to print and counts.
struct Outcome {
    errors: Vec<String>,
    warnings: Vec<String>,
    changes: usize,
    stdout: Option<Vec<u8>>,
}

/// Convert every input of `cfg`, on `cfg.jobs` threads. Messages go to standard
/// error, in input order; a progress bar shows on a terminal for more than a few
/// files.
pub fn run(cfg: &Config) -> Summary {
    with_jobs(cfg.jobs, || run_in_pool(cfg))
}

/// Run `f` on a rayon pool of `jobs` threads (`None`: the global pool, one per core).
pub(crate) fn with_jobs<T: Send>(jobs: Option<usize>, f: impl FnOnce() -> T + Send) -> T {
    match jobs.map(|n| rayon::ThreadPoolBuilder::new().num_threads(n).build()) {
        Some(Ok(pool)) => pool.install(f),
        _ => f(),
    }
}

/// A progress bar on standard error when it is a terminal, the run is not quiet and
/// there are more than a few files.
pub(crate) fn progress(n: usize, quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || n <= 3 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} files  {per_sec}  ETA {eta}")
    {
        bar.set_style(style);
    }
    bar
}

fn run_in_pool(cfg: &Config) -> Summary {
    let started = std::time::Instant::now();
    let mut summary = Summary::default();
    for e in &cfg.input_errors {
        eprintln!("docmend: {e}");
        summary.failed += 1;
    }
    if let crate::config::Target::Dir(d) = &cfg.target {
        if let Err(e) = std::fs::create_dir_all(d) {
            eprintln!(
                "docmend: {}: cannot create output directory: {e} (choose another -o)",
                d.display()
            );
            summary.failed += cfg.inputs.len();
            return summary;
        }
    }
    let bar = progress(cfg.inputs.len(), cfg.quiet);
    let outcomes: Vec<Outcome> = cfg
        .inputs
        .par_iter()
        .map(|input| {
            // Last line of defence: a bug must cost one document, never the batch.
            let o =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| convert_one(cfg, input)))
                    .unwrap_or_else(|_| Outcome {
                        errors: vec![format!(
                            "{}: internal error while converting (please report it with this file)",
                            input.display()
                        )],
                        warnings: vec![],
                        changes: 0,
                        stdout: None,
                    });
            if cfg.verbose {
                bar.suspend(|| eprintln!("docmend: {}", input.display()));
            }
            bar.inc(1);
            o
        })
        .collect();
    bar.finish_and_clear();
    for o in outcomes {
        for w in &o.warnings {
            if !cfg.quiet {
                eprintln!("docmend: warning: {w}");
            }
        }
        for e in &o.errors {
            eprintln!("docmend: {e}");
        }
        if let Some(bytes) = o.stdout {
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(&bytes).and_then(|_| out.flush()) {
                eprintln!("docmend: <stdout>: {e}");
                summary.failed += 1;
                continue;
            }
        }
        if o.errors.is_empty() {
            summary.converted += 1;
        } else {
            summary.failed += 1;
        }
        summary.changes += o.changes;
    }
    if !cfg.quiet && cfg.inputs.len() + cfg.input_errors.len() > 1 {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "docmend: {} converted, {} failed, {} repairs in {secs:.1} s ({:.1} files/s)",
            summary.converted,
            summary.failed,
            summary.changes,
            summary.converted as f64 / secs.max(1e-3)
        );
    }
    summary
}

/// The bytes of an input (a file, or all of standard input).
pub(crate) fn read_input(input: &Input) -> Result<Vec<u8>> {
    match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|source| Error::Io {
                    path: "<stdin>".into(),
                    source,
                })?;
            Ok(buf)
        }
        Input::Path(p, _) => std::fs::read(p).map_err(|source| Error::Io {
            path: p.clone(),
            source,
        }),
    }
}

fn convert_one(cfg: &Config, input: &Input) -> Outcome {
    let name = input.display();
    let mut outcome = Outcome {
        errors: vec![],
        warnings: vec![],
        changes: 0,
        stdout: None,
    };
    let mut mended = match read_input(input).and_then(|bytes| {
        mend_owned(
            bytes,
            Path::new(&name),
            &MendOptions {
                skip: cfg.skip.clone(),
                from: cfg.from,
                lang: cfg.language,
            },
        )
    }) {
        Ok(m) => m,
        Err(e) => {
            outcome.errors.push(with_path(&name, &e));
            return outcome;
        }
    };
    // The writers need only the tree (and the report the changes).
    mended.source = Source::default();
    outcome.changes = mended.changes.len();
    if !cfg.report {
        mended.changes = Vec::new();
    }
    release_freed_memory();
    outcome.warnings.extend(
        mended
            .warnings
            .iter()
            .map(|w| format!("{name}: {}", w.message)),
    );
    // The writers run in parallel on the same tree; each output is written as soon
    // as it is rendered, so the three are not held at once.
    let done: Vec<Written> = cfg
        .formats
        .par_iter()
        .map(|&format| {
            let label = format!("write {}", format.ext());
            let r = match crate::pipeline::timed(&label, || render(&mended, format, cfg)) {
                Ok(r) => r,
                Err(e) => return Written::Failed(format!("{name}: {e}")),
            };
            let warnings = r
                .warnings
                .iter()
                .map(|w| format!("{name}: {}: {}", format.ext(), w.message))
                .collect();
            match cfg.output_path(input, format) {
                None => Written::Stdout(r.bytes, warnings),
                Some(path) => match write_output(input, &path, &r.bytes, cfg.force) {
                    Ok(()) => Written::File(warnings),
                    Err(e) => Written::Failed(advise_write(&e)),
                },
            }
        })
        .collect();
    for w in done {
        match w {
            Written::File(warnings) => outcome.warnings.extend(warnings),
            Written::Stdout(bytes, warnings) => {
                outcome.warnings.extend(warnings);
                outcome.stdout = Some(bytes);
            }
            Written::Failed(e) => outcome.errors.push(e),
        }
    }
    if cfg.report {
        if let Some(path) = cfg
            .output_path(input, Format::Json)
            .map(|p| p.with_extension("report.json"))
        {
            match report_json(&name, &mended) {
                Ok(bytes) => {
                    if let Err(e) = write_output(input, &path, &bytes, cfg.force) {
                        outcome.errors.push(advise_write(&e));
                    }
                }
                Err(e) => outcome.errors.push(format!("{name}: {e}")),
            }
        }
    }
    outcome
}

/// Give the memory the stages freed back to the system before the writers start:
/// glibc keeps freed small blocks in its heap, so the mending's peak would otherwise
/// stay resident under the writers'.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap memory to the system; it takes no
    // pointers and is safe to call at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// What became of one output.
enum Written {
    /// Written to its file, with the writer's warnings.
    File(Vec<String>),
    /// For standard output (written once the document is done).
    Stdout(Vec<u8>, Vec<String>),
    /// Rendering or writing failed.
    Failed(String),
}

fn with_path(name: &str, e: &Error) -> String {
    match e {
        Error::Io { .. } | Error::Decode { .. } => e.to_string(),
        _ => format!("{name}: {e}"),
    }
}

/// Render one format with the run's page, fonts, date and table-of-contents choices.
pub fn render(m: &Mended, format: Format, cfg: &Config) -> Result<Rendered> {
    let (page, fonts) = (&cfg.page, &cfg.fonts);
    match format {
        Format::Md => write_markdown(&m.doc, &MarkdownOptions::default()),
        Format::Docx => write_docx(
            &m.doc,
            &DocxOptions {
                page: *page,
                fonts: fonts.docx.clone(),
                body_size_pt: fonts.size.unwrap_or(DocxOptions::default().body_size_pt),
                timestamp: cfg.date.clone(),
                toc: cfg.toc,
                reference: cfg.reference.clone(),
                ..DocxOptions::default()
            },
        ),
        Format::Pdf => write_pdf(
            &m.doc,
            &PdfOptions {
                page: *page,
                fonts: fonts.pdf.clone(),
                body_size_pt: fonts.size.unwrap_or(PdfOptions::default().body_size_pt),
                date: cfg.date.clone(),
                ..PdfOptions::default()
            },
        ),
        Format::Txt => {
            let mut t = m.doc.plain_text();
            t.push('\n');
            Ok(Rendered {
                bytes: t.into_bytes(),
                warnings: vec![],
            })
        }
        Format::Json => document_json(&m.doc).map(|bytes| Rendered {
            bytes,
            warnings: vec![],
        }),
    }
}

/// The document tree as versioned JSON (`--to json`).
pub fn document_json(doc: &Document) -> Result<Vec<u8>> {
    #[derive(Serialize)]
    struct Versioned<'a> {
        docmend_json_version: u32,
        #[serde(flatten)]
        doc: &'a Document,
    }
    let mut v = serde_json::to_vec_pretty(&Versioned {
        docmend_json_version: JSON_VERSION,
        doc,
    })
    .map_err(|e| Error::Usage(e.to_string()))?;
    v.push(b'\n');
    Ok(v)
}

fn report_json(name: &str, m: &Mended) -> Result<Vec<u8>> {
    #[derive(Serialize)]
    struct Report<'a> {
        input: &'a str,
        encoding: &'a str,
        changes: &'a [Change],
        warnings: &'a [Warning],
    }
    let r = Report {
        input: name,
        encoding: m.encoding,
        changes: &m.changes,
        warnings: &m.warnings,
    };
    serde_json::to_vec_pretty(&r).map_err(|e| Error::Usage(e.to_string()))
}

/// A write error with what to do about it.
fn advise_write(e: &Error) -> String {
    match e {
        Error::Io { .. } => {
            format!("{e} (cannot write there: choose another -o or fix its permissions)")
        }
        _ => e.to_string(),
    }
}

/// Write `bytes` to `path` atomically: a temporary file in the same directory, then a
/// rename. Refuses to overwrite the input.
fn write_output(input: &Input, path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if let Input::Path(inp, _) = input {
        if same_file(inp, path) {
            return Err(Error::Usage(format!(
                "{}: refusing to overwrite the input; choose another -o",
                path.display()
            )));
        }
    }
    // Renaming over a symbolic link replaces the link, not its target; still, a link
    // where an output goes is more often a mistake than a wish.
    if !force && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Error::Usage(format!(
            "{}: is a symbolic link; refusing to replace it (remove it, or give --force)",
            path.display()
        )));
    }
    write_atomic(path, bytes)
}

/// Write `bytes` to `path` atomically: a temporary file in the same directory (created
/// if needed), synced, then renamed over the target.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".docmend-").suffix(".tmp");
    // Like any new file: 0666 less the user's umask (tempfile's default is 0600).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // An output tree mirroring the input tree may need its directories.
    std::fs::create_dir_all(&dir).map_err(io)?;
    let mut tmp = builder.tempfile_in(&dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
