//! One document through the pipeline: decode → read → stages → structure.

use std::path::Path;

use crate::doc::Document;
use crate::error::{Error, Result};
use crate::read::markdown::read_markdown;
use crate::read::{
    alto, decode, decode_owned, hocr, ocr, pagexml, read_text, Decoded, InputFormat,
};
use crate::report::{Change, Locator, Warning};
use crate::source::Source;
use crate::stages::run_stages_segmented;
use crate::structure::build;

/// Options for [`mend`].
#[derive(Debug, Clone, Default)]
pub struct MendOptions {
    /// Stage ids to skip (`--skip join-broken-lines`).
    pub skip: Vec<String>,
    /// The input format; `None` detects it from the file name and content.
    pub from: Option<InputFormat>,
    /// The document language; `None` detects it.
    pub lang: Option<crate::doc::Lang>,
}

/// A mended document and how it got that way.
#[derive(Debug, Clone)]
pub struct Mended {
    /// The document tree the writers render.
    pub doc: Document,
    /// The mended source (one block per non-blank line).
    pub source: Source,
    /// Every change the stages made, in order.
    pub changes: Vec<Change>,
    /// Decoding guesses and other non-fatal problems.
    pub warnings: Vec<Warning>,
    /// The encoding the input was read in.
    pub encoding: &'static str,
}

/// Mend an input given as bytes; `path` names it in errors (`-` for standard input)
/// and, with its content, tells its format (unless `opts.from` does).
pub fn mend(bytes: &[u8], path: &Path, opts: &MendOptions) -> Result<Mended> {
    mend_decoded(decode(bytes, path)?, path, opts)
}

/// [`mend`], taking the bytes: UTF-8 input becomes the text without a copy.
pub fn mend_owned(bytes: Vec<u8>, path: &Path, opts: &MendOptions) -> Result<Mended> {
    mend_decoded(decode_owned(bytes, path)?, path, opts)
}

fn mend_decoded(decoded: Decoded, path: &Path, opts: &MendOptions) -> Result<Mended> {
    let format = opts
        .from
        .unwrap_or_else(|| InputFormat::detect(path, &decoded.text));
    if format == InputFormat::Markdown {
        // Markdown is already structured: straight to the tree, like pandoc.
        return Ok(Mended {
            doc: read_markdown(&decoded.text),
            source: Source::default(),
            changes: Vec::new(),
            warnings: decoded.warnings,
            encoding: decoded.encoding,
        });
    }
    let mut skip = opts.skip.clone();
    let mut warnings = decoded.warnings;
    let src = if format.is_ocr() {
        let pages = match format {
            InputFormat::Hocr => hocr::read_hocr(&decoded.text),
            InputFormat::Alto => alto::read_alto(&decoded.text),
            _ => pagexml::read_page(&decoded.text),
        }
        .map_err(|e| {
            let mut span = crate::report::Span {
                start: e.pos,
                end: e.pos,
                ..Default::default()
            };
            Locator::new(&decoded.text).locate(&mut span);
            Error::Xml {
                path: path.to_path_buf(),
                line: span.line,
                column: span.column,
                message: format!(
                    "{} (fix the XML, or give --from text to read it as plain text)",
                    e.message
                ),
            }
        })?;
        // The geometry has put columns in order already.
        skip.extend(["columns", "interleaved-columns"].map(String::from));
        let doubtful: Vec<String> = pages
            .iter()
            .flat_map(|p| p.doubtful.iter())
            .map(|(w, c)| format!("{w} ({c:.0}%)"))
            .collect();
        if !doubtful.is_empty() {
            let shown: Vec<&str> = doubtful.iter().take(10).map(String::as_str).collect();
            warnings.push(Warning::new(
                "W003",
                format!(
                    "{} word(s) read with confidence below {:.0}%: {}{}",
                    doubtful.len(),
                    ocr::LOW_CONFIDENCE,
                    shown.join(", "),
                    if doubtful.len() > shown.len() {
                        ", …"
                    } else {
                        ""
                    }
                ),
            ));
        }
        ocr::to_source(pages)
    } else {
        timed("read", || read_text(&decoded.text))
    };
    let mut src = src;
    if let Some(lang) = opts.lang {
        src.lang = lang;
    }
    let (source, mut changes) = timed("stages", || run_stages_segmented(src, &skip))?;
    // The changes' lines and columns, beside the structure (neither needs the other).
    let ((), doc) = rayon::join(
        || {
            timed("locate", || {
                let locator = Locator::new(&decoded.text);
                for c in &mut changes {
                    locator.locate(&mut c.span);
                }
            })
        },
        || timed("structure", || build(&source)),
    );
    drop(decoded.text);
    Ok(Mended {
        doc,
        source,
        changes,
        warnings,
        encoding: decoded.encoding,
    })
}

/// Run `f`; with `DOCMEND_TIMING` set, print how long it took, under `label`, to
/// standard error.
pub(crate) fn timed<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let t = std::time::Instant::now();
    let out = f();
    if std::env::var_os("DOCMEND_TIMING").is_some() {
        eprintln!("{label:24} {:8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    }
    out
}

/// Mend a string (already decoded).
pub fn mend_str(text: &str, opts: &MendOptions) -> Result<Mended> {
    mend(text.as_bytes(), Path::new("-"), opts)
}
