//! Tokens with byte ranges: sqlparser's tokenizer plus the offsets it does not give.
//!
//! sqlparser reports `Location { line, column }` (lines split at `\n`, columns in characters); the
//! importer slices the original text, so every token also gets its byte range here. MySQL's
//! executable comments (`/*!40101 SET NAMES utf8 */`) are lexed as code with exact offsets by
//! blanking their delimiters first ([`mask_hints`]).

use std::borrow::Cow;
use std::ops::Range;

use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer, Whitespace};

use super::dialect::Flavor;

/// The tokens of a text (whitespace and comments included) and their byte ranges.
#[derive(Debug, Default)]
pub(crate) struct Lexed {
    /// Tokens in order.
    pub tokens: Vec<TokenWithSpan>,
    /// Byte range of each token in the lexed text.
    pub ranges: Vec<Range<usize>>,
    /// Why lexing stopped early; `tokens` then holds everything before the bad token.
    pub error: Option<LexError>,
}

/// A token the tokenizer could not finish: `'abc` with no closing quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError {
    /// Byte offset where the bad token starts.
    pub offset: usize,
    /// sqlparser's message: `Unterminated string literal`.
    pub message: String,
}

impl LexError {
    /// Diagnostic code: `unterminated-comment`, `unterminated-string` (also quoted identifiers
    /// and dollar quotes) or `sql-lex-failed`.
    pub(crate) fn code(&self) -> &'static str {
        let m = self.message.to_ascii_lowercase();
        if m.contains("comment") {
            "unterminated-comment"
        } else if m.contains("unterminated") || m.contains("before eof") || m.contains("expected $") {
            "unterminated-string"
        } else {
            "sql-lex-failed"
        }
    }

    /// What was left open, for the diagnostic message.
    pub(crate) fn what(&self) -> &'static str {
        match self.code() {
            "unterminated-comment" => "block comment is never closed",
            "unterminated-string" => "string, quoted identifier or dollar quote is never closed",
            _ => "text could not be split into tokens",
        }
    }
}

/// True for whitespace and comment tokens (MySQL `/*! … */` hints are lexed as code, see
/// [`mask_hints`]).
pub(crate) fn is_trivia(token: &Token) -> bool {
    matches!(token, Token::Whitespace(_))
}

/// Tokenize `text` (unescaping string literals) and compute every token's byte range.
pub(crate) fn lex(text: &str, flavor: Flavor) -> Lexed {
    lex_with(text, flavor.parser_dialect())
}

fn lex_with(text: &str, dialect: &dyn sqlparser::dialect::Dialect) -> Lexed {
    let mut tokens = Vec::new();
    let result = Tokenizer::new(dialect, text).with_unescape(true).tokenize_with_location_into_buf(&mut tokens);
    let mut locator = Locator::new(text);
    let ranges: Vec<Range<usize>> =
        tokens.iter().map(|t| locator.offset(t.span.start)..locator.offset(t.span.end)).collect();
    let error = result.err().map(|e| LexError { offset: ranges.last().map_or(0, |r| r.end), message: e.message });
    Lexed { tokens, ranges, error }
}

/// For MySQL, a copy of `text` in which every `/*!NNNNN` and its closing `*/` are replaced by
/// spaces, so the hint's content lexes as code at its true offsets. Other dialects: unchanged.
pub(crate) fn mask_hints(text: &str, flavor: Flavor) -> Cow<'_, str> {
    let Some(locator) = flavor.hint_locator() else {
        return Cow::Borrowed(text);
    };
    if !text.contains("/*!") {
        return Cow::Borrowed(text);
    }
    let lexed = lex_with(text, locator);
    let mut bytes = text.as_bytes().to_vec();
    for (token, range) in lexed.tokens.iter().zip(&lexed.ranges) {
        let Token::Whitespace(Whitespace::MultiLineComment(body)) = &token.token else { continue };
        if !body.starts_with('!') {
            continue;
        }
        let digits = body[1..].bytes().take_while(u8::is_ascii_digit).count();
        let open = range.start..range.start + 3 + digits;
        let close = range.end.saturating_sub(2)..range.end;
        for i in open.chain(close) {
            bytes[i] = b' ';
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces, so the text is still UTF-8.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
}

/// Converts sqlparser locations to byte offsets, fast for locations in increasing order.
struct Locator<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
    /// Last answer: (line, column, byte offset).
    last: (u64, u64, usize),
}

impl<'t> Locator<'t> {
    fn new(text: &'t str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        Locator { text, line_starts, last: (1, 1, 0) }
    }

    fn offset(&mut self, loc: Location) -> usize {
        if loc.line == 0 {
            return self.text.len();
        }
        let (line, column, byte) = self.last;
        let (mut col, mut at) = if loc.line == line && loc.column >= column {
            (column, byte)
        } else {
            let start = self.line_starts.get(loc.line as usize - 1).copied().unwrap_or(self.text.len());
            (1, start)
        };
        let mut chars = self.text[at..].chars();
        while col < loc.column {
            match chars.next() {
                Some(c) => {
                    at += c.len_utf8();
                    col += 1;
                }
                None => break,
            }
        }
        self.last = (loc.line, col, at);
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::SqlDialect;
    use pretty_assertions::assert_eq;

    fn words(text: &str, flavor: Flavor) -> Vec<String> {
        let lexed = lex(text, flavor);
        lexed
            .tokens
            .iter()
            .zip(&lexed.ranges)
            .filter(|(t, _)| !is_trivia(&t.token))
            .map(|(_, r)| text[r.clone()].to_string())
            .collect()
    }

    #[test]
    fn byte_ranges_cover_multibyte_text_and_crlf() {
        let pg = Flavor::of(SqlDialect::Postgres);
        let text = "SELECT 'é'\r\n, \"ü\" FROM t";
        assert_eq!(words(text, pg), ["SELECT", "'é'", ",", "\"ü\"", "FROM", "t"]);
    }

    #[test]
    fn ranges_are_contiguous() {
        let text = "CREATE TABLE t (\n  a int -- c\n);";
        let lexed = lex(text, Flavor::of(SqlDialect::Postgres));
        let mut at = 0;
        for r in &lexed.ranges {
            assert_eq!(r.start, at);
            at = r.end;
        }
        assert_eq!(at, text.len());
    }

    #[test]
    fn unterminated_string_reports_where_it_starts() {
        let text = "SELECT 1;\nSELECT 'abc\n;";
        let lexed = lex(text, Flavor::of(SqlDialect::Postgres));
        let err = lexed.error.unwrap();
        assert_eq!(err.offset, 17);
        assert_eq!(err.code(), "unterminated-string");
    }

    #[test]
    fn unterminated_comment_and_dollar_quote() {
        let pg = Flavor::of(SqlDialect::Postgres);
        let err = lex("SELECT 1; /* open", pg).error.unwrap();
        assert_eq!((err.offset, err.code()), (10, "unterminated-comment"));
        let err = lex("SELECT $a$ body", pg).error.unwrap();
        assert_eq!((err.offset, err.code()), (7, "unterminated-string"));
        let err = lex("SELECT \"abc", pg).error.unwrap();
        assert_eq!((err.offset, err.code()), (7, "unterminated-string"));
    }

    #[test]
    fn mysql_hints_lex_as_code_at_true_offsets() {
        let my = Flavor::of(SqlDialect::Mysql);
        let text = "/*!40101 SET NAMES utf8 */;";
        let masked = mask_hints(text, my);
        assert_eq!(masked, "         SET NAMES utf8   ;");
        assert_eq!(words(&masked, my), ["SET", "NAMES", "utf8", ";"]);
        // A hint inside a string is not a hint.
        assert_eq!(mask_hints("SELECT '/*!1 x */'", my), "SELECT '/*!1 x */'");
        assert_eq!(mask_hints("/*!1 x */", Flavor::of(SqlDialect::Postgres)), "/*!1 x */");
    }

    #[test]
    fn mysql_backslash_escapes_and_hash_comments() {
        let my = Flavor::of(SqlDialect::Mysql);
        assert_eq!(words("SELECT 'a\\'b' # c\n, `x`", my), ["SELECT", "'a\\'b'", ",", "`x`"]);
    }
}
