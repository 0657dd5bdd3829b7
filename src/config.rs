//! Flags → a validated [`Config`]: inputs expanded and sorted, formats decided, output
//! targets known before any work starts.

use std::path::{Path, PathBuf};

use crate::cli::ConvertArgs;
use crate::error::{Error, Result};
use crate::settings::Settings;
use crate::stages::STAGES;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// CommonMark with YAML front matter.
    Md,
    /// Word document.
    Docx,
    /// PDF.
    Pdf,
    /// The mended plain text.
    Txt,
    /// The document tree as JSON.
    Json,
}

impl Format {
    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Txt => "txt",
            Format::Json => "json",
        }
    }

    /// Parse a format name or extension.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Md),
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            "txt" | "text" => Some(Format::Txt),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Where outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// One file (one input, one format).
    File(PathBuf),
    /// Standard output (one input, one format).
    Stdout,
    /// `DIR/<stem>.<ext>` for every input and format.
    Dir(PathBuf),
}

/// One input: a path, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file on disk, and its directory relative to the directory (or glob base) it
    /// was found under (empty for a file given by name): outputs mirror it.
    Path(PathBuf, PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Input {
    /// How the input is named in messages.
    pub fn display(&self) -> String {
        match self {
            Input::Path(p, _) => p.display().to_string(),
            Input::Stdin => "<stdin>".into(),
        }
    }

    /// The output file stem.
    pub fn stem(&self) -> String {
        match self {
            Input::Path(p, _) => p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "out".into()),
            Input::Stdin => "stdin".into(),
        }
    }
}

/// A validated `convert` run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Inputs in order (directories expanded, sorted).
    pub inputs: Vec<Input>,
    /// Problems found while expanding inputs (missing files): reported, not fatal.
    pub input_errors: Vec<String>,
    /// Formats to write, in a fixed order.
    pub formats: Vec<Format>,
    /// Where they go.
    pub target: Target,
    /// Stage ids to skip.
    pub skip: Vec<String>,
    /// Write `<stem>.report.json` too.
    pub report: bool,
    /// Quiet.
    pub quiet: bool,
    /// Name each file as it is done.
    pub verbose: bool,
    /// Worker threads (`None`: one per core).
    pub jobs: Option<usize>,
    /// The language from docmend.toml, forced on every input.
    pub language: Option<crate::doc::Lang>,
    /// Paper and margins for PDF and DOCX.
    pub page: crate::write::PageSetup,
    /// `--date`: the creation date written into DOCX and PDF metadata.
    pub date: Option<String>,
    /// `--toc`: a table of contents in the DOCX.
    pub toc: bool,
    /// `--force`: replace outputs that are symbolic links.
    pub force: bool,
    /// `--from`: the input format, when not detected.
    pub from: Option<crate::read::InputFormat>,
    /// `--reference-doc`: the DOCX's styles, theme and font table.
    pub reference: Option<std::sync::Arc<crate::write::docx::Reference>>,
    /// Fonts the user chose, for the PDF (files) and the DOCX (family names).
    pub fonts: Fonts,
}

/// The fonts of a run: `--font-serif`, `--font-sans`, `--font-mono`, `--font-size`.
#[derive(Debug, Clone, Default)]
pub struct Fonts {
    /// Body text size in points; `None` keeps each writer's default.
    pub size: Option<f32>,
    /// The files the PDF embeds.
    pub pdf: crate::write::pdf::PdfFonts,
    /// The family names the DOCX styles name.
    pub docx: crate::write::docx::DocxFonts,
}

impl Fonts {
    /// Resolve the font flags; an unknown file or family is a usage error naming it.
    pub fn from_args(args: &ConvertArgs) -> Result<Fonts> {
        use crate::write::pdf::{family_of, has_han, resolve_font};
        let mut fonts = Fonts::default();
        if let Some(size) = args.font_size {
            if !(4.0..=72.0).contains(&size) {
                return Err(Error::Usage(format!(
                    "--font-size {size}: give a size between 4 and 72 points"
                )));
            }
            fonts.size = Some(size);
        }
        let resolve = |flag: &str, spec: &Option<String>, bold: bool| -> Result<_> {
            spec.as_deref()
                .map(|s| {
                    let f =
                        resolve_font(s, bold).map_err(|e| Error::Usage(format!("{flag} {e}")))?;
                    let family = family_of(&f);
                    let han = has_han(&f);
                    Ok((f, family, han))
                })
                .transpose()
        };
        // A font without Han characters names only the DOCX's Latin font.
        if let Some((f, family, han)) = resolve("--font-serif", &args.font_serif, false)? {
            if let Some(name) = family {
                if han {
                    fonts.docx.body_east_asian = name.clone();
                }
                fonts.docx.body_latin = name;
            }
            fonts.pdf.serif = Some(f);
        }
        if let Some((f, family, han)) = resolve("--font-sans", &args.font_sans, true)? {
            if let Some(name) = family {
                if han {
                    fonts.docx.heading_east_asian = name.clone();
                }
                fonts.docx.heading_latin = name;
            }
            fonts.pdf.sans = Some(f);
        }
        if let Some((f, family, _)) = resolve("--font-mono", &args.font_mono, false)? {
            if let Some(name) = family {
                fonts.docx.mono = name;
            }
            fonts.pdf.mono = Some(f);
        }
        Ok(fonts)
    }
}

/// The stages to skip (docmend.toml's, then `--skip`'s), each checked to exist.
pub fn checked_skip(settings: &Settings, flags: &[String]) -> Result<Vec<String>> {
    let skip = settings.skip_with(flags);
    for s in &skip {
        if !STAGES.iter().any(|st| st.id() == s) {
            let ids: Vec<&str> = STAGES.iter().map(|s| s.id()).collect();
            return Err(Error::Usage(format!(
                "--skip {s}: no such stage (stages: {})",
                ids.join(", ")
            )));
        }
    }
    Ok(skip)
}

/// `--from`: the input format named, or `None` to detect it.
pub fn parse_from(from: Option<&str>) -> Result<Option<crate::read::InputFormat>> {
    from.map(|f| {
        crate::read::InputFormat::parse(f).ok_or_else(|| {
            Error::Usage(format!(
                "--from {f}: unknown input format (use text, md, hocr, alto, page)"
            ))
        })
    })
    .transpose()
}

impl Config {
    /// Validate `convert` flags.
    pub fn from_args(args: &ConvertArgs) -> Result<Config> {
        let settings = Settings::discover()?;
        let skip = checked_skip(&settings, &args.input.skip)?;
        let mut formats = Vec::new();
        for f in &args.to {
            let fmt = Format::parse(f).ok_or_else(|| {
                Error::Usage(format!(
                    "--to {f}: unknown format (use md, docx, pdf, txt, json)"
                ))
            })?;
            if !formats.contains(&fmt) {
                formats.push(fmt);
            }
        }
        let given = &args.input.inputs;
        let single = given.len() == 1
            && args.input.files_from.is_none()
            && !given[0].is_dir()
            && (given[0].exists() || !given[0].to_string_lossy().contains(['*', '?', '[']));
        let target = match &args.output {
            Some(o) if o.as_os_str() == "-" => Target::Stdout,
            Some(o) => {
                let ext_fmt = o
                    .extension()
                    .and_then(|e| Format::parse(&e.to_string_lossy()));
                let looks_dir = o.is_dir() || o.to_string_lossy().ends_with(['/', '\\']);
                match ext_fmt {
                    Some(f) if single && !looks_dir => {
                        if formats.is_empty() {
                            formats.push(f);
                        }
                        if formats.len() > 1 {
                            return Err(Error::Usage(format!("-o {}: one output file takes one format; give a directory for several", o.display())));
                        }
                        Target::File(o.clone())
                    }
                    _ => Target::Dir(o.clone()),
                }
            }
            None if formats.len() == 1 && single => Target::Stdout,
            None => Target::Dir(PathBuf::from(".")),
        };
        if formats.is_empty() {
            formats = vec![Format::Md, Format::Docx, Format::Pdf];
        }
        let exclude = match &target {
            Target::Dir(d) => Some(d.as_path()),
            _ => None,
        };
        let (inputs, input_errors) = crate::inputs::collect(&args.input, exclude)?;
        if target == Target::Stdout
            && (formats.len() != 1 || inputs.len() + input_errors.len() != 1)
        {
            return Err(Error::Usage(
                "-o -: standard output takes one input and one --to format".into(),
            ));
        }
        let reference = match &args.reference_doc {
            Some(path) => Some(std::sync::Arc::new(
                crate::write::docx::Reference::load(path)
                    .map_err(|e| Error::Usage(format!("--reference-doc {e}")))?,
            )),
            None => None,
        };
        // The page: --paper and --margin, else the reference document's, else A4.
        let page = match (
            &args.paper,
            &args.margin,
            reference.as_ref().and_then(|r| r.page),
        ) {
            (None, None, Some(page)) => page,
            (paper, margin, _) => crate::write::PageSetup::from_flags(
                paper.as_deref().unwrap_or("a4"),
                margin.as_deref(),
            )
            .map_err(Error::Usage)?,
        };
        let page = match args.columns {
            Some(n) => page.with_columns(n).map_err(Error::Usage)?,
            None => page,
        };
        Ok(Config {
            inputs,
            input_errors,
            formats,
            target,
            skip,
            report: args.report,
            quiet: args.input.quiet,
            verbose: args.input.verbose,
            jobs: args.input.jobs,
            language: settings.language,
            page,
            reference,
            fonts: Fonts::from_args(args)?,
            date: match &args.date {
                Some(d) if crate::write::pdf::pdf_date(d).is_none() => {
                    return Err(Error::Usage(format!(
                        "--date {d}: not a W3CDTF date (like 2024-05-01 or 2024-05-01T08:00:00Z)"
                    )))
                }
                d => d.clone(),
            },
            toc: args.toc,
            force: args.force,
            from: parse_from(args.input.from.as_deref())?,
        })
    }

    /// The output path for `input` in `format` (None for standard output).
    pub fn output_path(&self, input: &Input, format: Format) -> Option<PathBuf> {
        match &self.target {
            Target::File(p) => Some(p.clone()),
            Target::Stdout => None,
            Target::Dir(d) => {
                let rel = match input {
                    Input::Path(_, rel) => rel.as_path(),
                    Input::Stdin => Path::new(""),
                };
                Some(
                    d.join(rel)
                        .join(format!("{}.{}", input.stem(), format.ext())),
                )
            }
        }
    }
}

/// Is `out` the same file as `input`? (Never overwrite an input.)
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
