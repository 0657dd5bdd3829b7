//! docmend: mend raw extracted text (PDF extractor and OCR dumps, Chinese and English)
//! and write DOCX, PDF and Markdown.
//!
//! Pipeline: bytes → [`read`] (decode to a [`source::Source`]) → [`stages`] (mend,
//! recording a [`report::Change`] for each repair) → [`structure`] (build the
//! [`doc::Document`]) → [`write`] (one function per format).

pub mod app;
pub mod check;
pub mod classify;
pub mod cli;
pub mod config;
pub mod doc;
pub mod error;
#[doc(hidden)]
pub mod gen;
pub mod hash;
pub mod inputs;
pub mod lexicon;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod settings;
pub mod source;
pub mod stages;
pub mod structure;
pub mod write;

pub use error::{Error, Result};
