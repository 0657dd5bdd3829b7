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
    /// 1-based column (in characters) of `start` within its line.
    pub column: usize,
}

impl Span {
    /// Fill in `line` and `column` from `start`, for spans into `text` (lines end at
    /// LF, CRLF or CR, as the reader counts them).
    pub fn locate(&mut self, text: &str) {
        let mut start = self.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let bytes = text.as_bytes();
        let (mut line, mut line_start) = (1, 0);
        for (i, &b) in bytes[..start].iter().enumerate() {
            let ends = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends {
                line += 1;
                line_start = i + 1;
            }
        }
        self.line = line;
        self.column = text[line_start..start].chars().count() + 1;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_line_and_column() {
        let text = "ab\r\ncd\ref\n第一行";
        let mut s = Span {
            start: text.find('f').unwrap(),
            ..Span::default()
        };
        s.locate(text);
        assert_eq!((s.line, s.column), (3, 2));
        let mut s = Span {
            start: text.find('一').unwrap(),
            ..Span::default()
        };
        s.locate(text);
        assert_eq!((s.line, s.column), (4, 2));
    }
}
