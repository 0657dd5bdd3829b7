//! Command-line flags (clap derive). Raw flags only: [`crate::config`] validates them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  docmend convert input/ -o output/            every .txt in input/ → output/<name>.{md,docx,pdf}
  docmend convert scan.txt -o scan.docx        one file, format from the extension
  docmend convert a.txt b.txt --to md,pdf -o out/
  docmend convert report.txt -o report.pdf --paper letter --margin 1in
  cat dump.txt | docmend convert - --to md -o -   standard input to standard output
  docmend convert scans/ -o out/ --jobs 2      a folder, recursively; out/ mirrors it
  docmend check notes/ --format github         lint OCR text in CI (exit 1 if it needs repairs)
  docmend fix notes/*.txt                      mend text files in place
  docmend explain J202                         what a rule code in a report means

Exit status: 0 all done; 1 `check` found repairs to make; 2 some input failed (the
others are still done) or the flags were wrong.

A docmend.toml in the working directory or a parent sets defaults: select, ignore
(rule codes for `check`), skip (stages), language (zh or en).";

/// Mend raw extracted text (PDF/OCR dumps, Chinese and English) and write DOCX, PDF
/// and Markdown.
#[derive(Debug, Parser)]
#[command(name = "docmend", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Mend text dumps and write Markdown, DOCX and PDF.
    #[command(after_help = EXAMPLES)]
    Convert(Box<ConvertArgs>),
    /// Report the repairs a text needs, one line each (`path:line:col: CODE message`);
    /// exit 1 if there are any: for CI.
    Check(Box<CheckArgs>),
    /// Rewrite text files in place with their mended text (what `convert --to txt`
    /// writes), atomically.
    Fix(Box<FixArgs>),
    /// Explain a rule code from a repair report (e.g. J202).
    Explain {
        /// The rule code.
        code: String,
    },
    /// Print a shell completion script: `docmend completions bash > /etc/bash_completion.d/docmend`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `docmend man > docmend.1`.
    Man,
}

/// Which inputs, read how: shared by `convert`, `check` and `fix`.
#[derive(Debug, Args, Clone, Default)]
pub struct InputArgs {
    /// Input files (text dumps, hOCR, ALTO, PAGE XML, Markdown), directories (walked
    /// recursively for .txt, .hocr, .xml, .md files), globs (`'scans/**/*.txt'`) or `-`
    /// for standard input.
    #[arg(value_name = "IN")]
    pub inputs: Vec<PathBuf>,
    /// Also read input paths from LIST, one per line (`-`: standard input; blank lines
    /// and lines starting with # are skipped).
    #[arg(long, value_name = "LIST")]
    pub files_from: Option<PathBuf>,
    /// Take only the K-th of N deterministic shares of the inputs (1-based, `3/8`): run
    /// N processes, on one machine or many, to split a batch.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Input format: text, md, hocr, alto or page [default: from the file's extension
    /// (.txt, .md, .hocr, .alto), else from its content].
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<String>,
    /// Skip a mending stage by id (columns, normalize, page-artifacts, interleaved-columns,
    /// verbatim, join-broken-lines, reading-order).
    #[arg(long, value_name = "STAGE")]
    pub skip: Vec<String>,
    /// Worker threads [default: one per core].
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Print nothing but errors.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also name each file as it is done.
    #[arg(short, long)]
    pub verbose: bool,
}

/// `docmend convert` flags.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Inputs and how to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output file (format from its extension), directory, or `-` for standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Output formats, comma-separated: md, docx, pdf, txt, json [default: md,docx,pdf].
    #[arg(short, long, value_delimiter = ',', value_name = "FORMATS")]
    pub to: Vec<String>,
    /// Replace outputs that are symbolic links (refused otherwise; the file a link
    /// points at is never written).
    #[arg(long)]
    pub force: bool,
    /// Also write <name>.report.json with every repair made (directory output only).
    #[arg(long)]
    pub report: bool,
    /// Paper for PDF and DOCX: a4, letter, a5 or b5 [default: a4, or the page of
    /// --reference-doc].
    #[arg(long, value_name = "SIZE")]
    pub paper: Option<String>,
    /// Page margins for PDF and DOCX: one length, two (top/bottom, left/right) or four
    /// (top, right, bottom, left), like 20mm, 2cm, 0.8in, 72pt [default: 25mm,22mm].
    #[arg(long, value_name = "LENGTHS")]
    pub margin: Option<String>,
    /// Set the text of PDF and DOCX pages in N columns (1 to 4), 6 mm apart
    /// [default: 1].
    #[arg(long, value_name = "N")]
    pub columns: Option<u8>,
    /// Creation date for DOCX and PDF metadata, W3CDTF (2024-05-01 or
    /// 2024-05-01T08:00:00Z); without it the files carry a fixed date (DOCX) or none
    /// (PDF), so the same input always gives the same bytes.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Take the DOCX's styles, fonts and page setup from this .docx (as pandoc's
    /// option of the same name does); its page also sets the PDF's.
    #[arg(long, value_name = "FILE.docx")]
    pub reference_doc: Option<PathBuf>,
    /// Insert a table of contents (headings 1–3) after the title of the DOCX; Word
    /// fills in page numbers when it opens the file.
    #[arg(long)]
    pub toc: bool,
    /// Body text size in points for PDF and DOCX (headings scale from it)
    /// [default: 10.5 for PDF (五号), 12 for DOCX (小四)].
    #[arg(long, value_name = "PT")]
    pub font_size: Option<f32>,
    /// Body font: a font file (.ttf, .otf, .ttc with #index) or an installed family.
    /// The PDF embeds it (the shipped Noto Serif CJK SC covers what it lacks); the DOCX
    /// names its family.
    #[arg(long, value_name = "FONT")]
    pub font_serif: Option<String>,
    /// Heading font (bold preferred), a file or an installed family.
    #[arg(long, value_name = "FONT")]
    pub font_sans: Option<String>,
    /// Font of preformatted text (code), a file or an installed family.
    #[arg(long, value_name = "FONT")]
    pub font_mono: Option<String>,
}

/// `docmend check` flags.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Inputs and how to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output: text (`path:line:col: CODE message`), json, or github (workflow
    /// annotations).
    #[arg(long, default_value = "text", value_name = "FORMAT")]
    pub format: String,
    /// Report only these rule codes or prefixes (`J2`, `P101`), comma-separated
    /// [default: docmend.toml's `select`, else all].
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,
    /// Never report these rule codes or prefixes [default: docmend.toml's `ignore`].
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
}

/// `docmend fix` flags.
#[derive(Debug, Args)]
pub struct FixArgs {
    /// Inputs and how to read them (text files only: they are rewritten).
    #[command(flatten)]
    pub input: InputArgs,
}
