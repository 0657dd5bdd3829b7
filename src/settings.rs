//! `docmend.toml`: project defaults, found in the working directory or the nearest
//! parent that has one (as ruff finds `ruff.toml`).
//!
//! ```toml
//! select = ["J2", "P101"]   # rule codes or prefixes `check` reports (default: all)
//! ignore = ["O301"]         # … and never reports
//! skip = ["reading-order"]  # stages to skip, for every command
//! language = "zh"           # force the language (zh or en) instead of detecting it
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::doc::Lang;
use crate::error::{Error, Result};

/// The settings of a docmend.toml (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Rule codes or prefixes `check` reports.
    #[serde(default)]
    pub select: Vec<String>,
    /// Rule codes or prefixes `check` never reports.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Stage ids to skip.
    #[serde(default)]
    pub skip: Vec<String>,
    /// The document language, instead of detecting it.
    #[serde(default, deserialize_with = "language")]
    pub language: Option<Lang>,
    /// Where the settings came from.
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

fn language<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<Lang>, D::Error> {
    let s = String::deserialize(d)?;
    match s.to_ascii_lowercase().as_str() {
        "zh" | "zh-cn" | "chinese" => Ok(Some(Lang::Zh)),
        "en" | "english" => Ok(Some(Lang::En)),
        other => Err(serde::de::Error::custom(format!(
            "language {other:?}: use zh or en"
        ))),
    }
}

impl Settings {
    /// The docmend.toml of the working directory or its nearest parent; defaults when
    /// there is none. A file that cannot be read or parsed is an error naming it.
    pub fn discover() -> Result<Settings> {
        let start = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        for dir in start.ancestors() {
            let path = dir.join("docmend.toml");
            if path.is_file() {
                return Settings::load(&path);
            }
        }
        Ok(Settings::default())
    }

    /// Read one settings file.
    pub fn load(path: &Path) -> Result<Settings> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut s: Settings = toml::from_str(&text).map_err(|e| {
            Error::Usage(format!(
                "{}: {}; fix or remove the file",
                path.display(),
                e.message()
            ))
        })?;
        s.path = Some(path.to_path_buf());
        Ok(s)
    }

    /// The stages to skip: the file's, then the command line's.
    pub fn skip_with(&self, flags: &[String]) -> Vec<String> {
        let mut all = self.skip.clone();
        all.extend(flags.iter().cloned());
        all
    }

    /// Does `check` report rule `code`? The command line's `select`/`ignore` replace
    /// the file's; a code is reported when some selected prefix matches it (or none
    /// is selected) and no ignored prefix does.
    pub fn reports(&self, code: &str, select: &[String], ignore: &[String]) -> bool {
        let select = if select.is_empty() {
            &self.select
        } else {
            select
        };
        let ignore = if ignore.is_empty() {
            &self.ignore
        } else {
            ignore
        };
        let matches = |p: &String| {
            code.to_ascii_uppercase()
                .starts_with(&p.to_ascii_uppercase())
        };
        (select.is_empty() || select.iter().any(matches)) && !ignore.iter().any(matches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_filters_like_ruff() {
        let s: Settings = toml::from_str(
            "select = [\"J\", \"P101\"]\nignore = [\"J203\"]\nskip = [\"reading-order\"]\nlanguage = \"zh\"",
        )
        .unwrap();
        assert_eq!(s.language, Some(Lang::Zh));
        assert!(s.reports("J201", &[], &[]));
        assert!(!s.reports("J203", &[], &[]));
        assert!(!s.reports("O301", &[], &[]));
        assert!(s.reports("P101", &[], &[]));
        // The command line replaces the file's lists.
        assert!(s.reports("O301", &["O".into()], &[]));
        assert!(toml::from_str::<Settings>("selct = []").is_err());
        assert!(toml::from_str::<Settings>("language = \"fr\"").is_err());
    }
}
