//! What the mending did: every change with its stage, rule code and position, plus
//! non-fatal warnings. Serialised as `report.json`.

use serde::Serialize;

/// A byte span in the decoded input text (`start..end`) and its 1-based line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Byte offset of the first byte, in the decoded input.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line number of `start` in the decoded input.
    pub line: usize,
}

/// One change a stage made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The stage id (`join-broken-lines`).
    pub stage: &'static str,
    /// The stable rule code (`J201`).
    pub rule: &'static str,
    /// Where in the input.
    pub span: Span,
    /// The text before the change.
    pub before: String,
    /// The text after it (empty for a removal).
    pub after: String,
}

/// A non-fatal problem worth telling the user about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// A stable code (`W001`).
    pub code: &'static str,
    /// What happened, in one line.
    pub message: String,
}

impl Warning {
    /// A warning with a code and a message.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Warning {
            code,
            message: message.into(),
        }
    }
}
