//! The library's error type. Every variant names what failed; the batch driver adds
//! the input file's path when it reports an error.

use std::path::PathBuf;

/// Everything that can make one document fail. Non-fatal problems are
/// [`crate::report::Warning`]s instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The input is not text we can decode (binary data, unknown encoding).
    #[error("{}: {reason}", path.display())]
    Decode {
        /// The input file (`-` for standard input).
        path: PathBuf,
        /// Why it cannot be read as text.
        reason: String,
    },
    /// An XML input (hOCR, ALTO, PAGE) is malformed or refused.
    #[error("{}: line {line}, column {column}: {message}", path.display())]
    Xml {
        /// The input file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A font could not be loaded or used.
    #[error("font: {0}")]
    Font(String),
    /// The PDF writer failed.
    #[error("PDF writer: {0}")]
    Pdf(String),
    /// The DOCX writer failed.
    #[error("DOCX writer: {0}")]
    Docx(String),
    /// The Markdown writer failed.
    #[error("Markdown writer: {0}")]
    Markdown(String),
    /// Invalid options (a bad flag combination).
    #[error("{0}")]
    Usage(String),
}

/// Shorthand used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
