//! Source locations carried by every operation and diagnostic.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where an operation or diagnostic came from: `path/to/file.sql:12:5`.
///
/// Lines and columns are 1-based; columns count characters (not bytes).
/// `end_line`/`end_column` (inclusive end of the source construct) are
/// optional because not every front end can tell where a construct stops.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Span {
    /// Path of the source file as given on the command line (or `<memory>`).
    pub file: String,
    /// 1-based line of the first character.
    pub line: u32,
    /// 1-based column (in characters) of the first character.
    pub column: u32,
    /// 1-based line of the last character, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    /// 1-based column of the last character, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
}

impl Span {
    /// A span pointing at one position.
    pub fn at(file: impl Into<String>, line: u32, column: u32) -> Self {
        Span { file: file.into(), line, column, end_line: None, end_column: None }
    }

    /// The span of a whole file (line 1, column 1).
    pub fn file(file: impl Into<String>) -> Self {
        Span::at(file, 1, 1)
    }

    /// Same span with an inclusive end position.
    pub fn with_end(mut self, end_line: u32, end_column: u32) -> Self {
        self.end_line = Some(end_line);
        self.end_column = Some(end_column);
        self
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Maps byte offsets in a text to 1-based line/column positions.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`; columns count characters.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// 1-based (line, column) of byte `offset` in `text` (the text this index was built from).
    pub fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let column = text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        (line as u32 + 1, column as u32)
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.starts.get(line.checked_sub(1)? as usize).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_lf_crlf_and_cr() {
        let text = "ab\ncd\r\nef\rgh";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, 4), (2, 2));
        assert_eq!(idx.position(text, 7), (3, 1));
        assert_eq!(idx.position(text, 10), (4, 1));
    }

    #[test]
    fn columns_count_characters() {
        let text = "é = 1";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 3), (1, 3));
    }
}
