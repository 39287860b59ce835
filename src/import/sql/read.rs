//! Bytes of a file → text, with diagnostics for what cannot be SQL.
//!
//! A UTF-8 byte-order mark is dropped, line endings are kept (spans handle `\r\n`), a file with
//! NUL bytes is `binary-file`, and invalid UTF-8 is `invalid-utf8` at the line and column of the
//! first bad byte.

use crate::diagnostics::Diagnostic;
use crate::ir::{LineIndex, Span};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decode the contents of `file` as SQL text.
pub(crate) fn decode(bytes: &[u8], file: &str) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = position_of(bytes, nul);
        return Err(Diagnostic::error("binary-file", "file contains NUL bytes; it is not a SQL script")
            .at(Span::at(file, line, column))
            .help("remove the file from the migrations folder or pass only the .sql files"));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let (line, column) = position_of(bytes, e.valid_up_to());
            Err(Diagnostic::error("invalid-utf8", "file is not valid UTF-8")
                .at(Span::at(file, line, column))
                .help("convert the file to UTF-8 (for example with `iconv -f latin1 -t utf-8`)"))
        }
    }
}

/// 1-based line and column (in characters) of byte `offset`, counting only the valid UTF-8
/// before it.
fn position_of(bytes: &[u8], offset: usize) -> (u32, u32) {
    let valid = match std::str::from_utf8(&bytes[..offset]) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
    };
    LineIndex::new(valid).position(valid, valid.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn strips_bom_and_keeps_line_endings() {
        assert_eq!(decode(b"\xEF\xBB\xBFSELECT 1;\r\n", "a.sql").unwrap(), "SELECT 1;\r\n");
    }

    #[test]
    fn invalid_utf8_points_at_the_first_bad_byte() {
        let err = decode(b"SELECT 1;\r\nSELECT '\xE9t\xE9';", "a.sql").unwrap_err();
        assert_eq!(err.code, "invalid-utf8");
        assert!(err.is_error());
        assert_eq!(err.span, Some(Span::at("a.sql", 2, 9)));
    }

    #[test]
    fn columns_count_characters_before_the_bad_byte() {
        let err = decode("é = '".bytes().chain([0xFF]).collect::<Vec<u8>>().as_slice(), "b.sql").unwrap_err();
        assert_eq!(err.span, Some(Span::at("b.sql", 1, 6)));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = decode(b"SQLite format 3\0\0", "db.sql").unwrap_err();
        assert_eq!(err.code, "binary-file");
        assert_eq!(err.span, Some(Span::at("db.sql", 1, 16)));
    }

    #[test]
    fn empty_file_is_empty_text() {
        assert_eq!(decode(b"", "e.sql").unwrap(), "");
    }
}
