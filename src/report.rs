//! What the mending did: every change with its stage, rule code and position, plus
//! non-fatal warnings. Serialised as `report.json`.

use std::borrow::Cow;

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

/// Finds the line and column of byte offsets in one text (lines end at LF, CRLF or CR,
/// as the reader counts them).
pub struct Locator<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    /// Index the line starts of `text`.
    pub fn new(text: &'a str) -> Locator<'a> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        Locator { text, starts }
    }

    /// Fill in a span's `line` and `column` from its `start`.
    pub fn locate(&self, span: &mut Span) {
        let mut start = span.start.min(self.text.len());
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= start);
        let line_start = self.starts[line - 1];
        span.line = line;
        span.column = self.text[line_start..start].chars().count() + 1;
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
    pub before: Cow<'static, str>,
    /// The text after it (empty for a removal).
    pub after: Cow<'static, str>,
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
        let loc = Locator::new(text);
        let mut s = Span {
            start: text.find('f').unwrap(),
            ..Span::default()
        };
        loc.locate(&mut s);
        assert_eq!((s.line, s.column), (3, 2));
        let mut s = Span {
            start: text.find('一').unwrap(),
            ..Span::default()
        };
        loc.locate(&mut s);
        assert_eq!((s.line, s.column), (4, 2));
    }
}
