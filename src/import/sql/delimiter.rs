//! The mysql client's `DELIMITER` directive.
//!
//! ```sql
//! DELIMITER $$
//! CREATE PROCEDURE p() BEGIN SELECT 1; END$$
//! DELIMITER ;
//! ```
//!
//! While a delimiter other than `;` is active, the text is split at that delimiter by a small
//! scanner that knows MySQL's quotes (`'…'`, `"…"` with `\` escapes, `` `…` ``) and comments
//! (`-- `, `#`, `/* */`); `/*! … */` hints count as statement text.

use std::ops::Range;

use super::lex::LexError;
use super::splitter::Split;

/// A `DELIMITER x` line: where splitting resumes and the new delimiter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directive {
    /// Byte offset just after the directive's line.
    pub resume: usize,
    /// The new delimiter (`$$`, `//`, `;`).
    pub delimiter: String,
}

/// Read the directive whose `DELIMITER` word ends at `after_word`.
pub(crate) fn directive(text: &str, after_word: usize) -> Directive {
    let line_end = text[after_word..].find('\n').map_or(text.len(), |p| after_word + p + 1);
    let delimiter = text[after_word..line_end].split_whitespace().next().unwrap_or(";").to_string();
    Directive { resume: line_end, delimiter }
}

/// Split `text[from..]` at `delimiter` until the next directive (returned) or the end.
pub(crate) fn split_custom(text: &str, from: usize, delimiter: &str, out: &mut Split) -> Option<Directive> {
    let bytes = text.as_bytes();
    let mut i = from;
    loop {
        i = skip_trivia(text, i);
        if i >= text.len() {
            return None;
        }
        if starts_with_word(text, i, "DELIMITER") {
            return Some(directive(text, i + "DELIMITER".len()));
        }
        if text[i..].starts_with(delimiter) {
            i += delimiter.len();
            continue;
        }
        let start = i;
        loop {
            if i >= text.len() {
                push(out, text, start..i);
                return None;
            }
            if text[i..].starts_with(delimiter) {
                push(out, text, start..i);
                i += delimiter.len();
                break;
            }
            match bytes[i] {
                q @ (b'\'' | b'"' | b'`') => match close_quote(bytes, i, q) {
                    Some(end) => i = end,
                    None => {
                        out.error = Some(LexError { offset: i, message: "Unterminated string literal".into() });
                        return None;
                    }
                },
                _ if is_comment_start(text, i) => match comment_end(text, i) {
                    Some(end) => i = end,
                    None => {
                        out.error = Some(LexError {
                            offset: i,
                            message: "Unexpected EOF while in a multi-line comment".into(),
                        });
                        return None;
                    }
                },
                _ => i += text[i..].chars().next().map_or(1, char::len_utf8),
            }
        }
    }
}

fn push(out: &mut Split, text: &str, range: Range<usize>) {
    let trimmed = text[range.clone()].trim_end();
    if !trimmed.trim_start().is_empty() {
        out.statements.push(range.start..range.start + trimmed.len());
    }
}

/// Skip whitespace and comments (but not `/*!` hints, which are code).
fn skip_trivia(text: &str, mut i: usize) -> usize {
    loop {
        let rest = &text[i..];
        let trimmed = rest.trim_start();
        i += rest.len() - trimmed.len();
        if is_comment_start(text, i) && !text[i..].starts_with("/*!") {
            match comment_end(text, i) {
                Some(end) => i = end,
                None => return i,
            }
        } else {
            return i;
        }
    }
}

fn is_comment_start(text: &str, i: usize) -> bool {
    let rest = &text[i..];
    rest.starts_with('#')
        || rest.starts_with("/*")
        || rest.starts_with("--") && rest[2..].chars().next().is_none_or(char::is_whitespace)
}

/// End (exclusive) of the comment starting at `i`; `None` for an unclosed block comment.
fn comment_end(text: &str, i: usize) -> Option<usize> {
    if text[i..].starts_with("/*") {
        text[i + 2..].find("*/").map(|p| i + 2 + p + 2)
    } else {
        Some(text[i..].find('\n').map_or(text.len(), |p| i + p + 1))
    }
}

/// End (exclusive) of the quoted token starting at `i`; doubled quotes and `\` escapes stay inside.
fn close_quote(bytes: &[u8], i: usize, quote: u8) -> Option<usize> {
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' if quote != b'`' => j += 2,
            b if b == quote && bytes.get(j + 1) == Some(&quote) => j += 2,
            b if b == quote => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

fn starts_with_word(text: &str, i: usize, word: &str) -> bool {
    text.get(i..i + word.len()).is_some_and(|w| w.eq_ignore_ascii_case(word))
        && text[i + word.len()..].chars().next().is_none_or(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn run(text: &str, delimiter: &str) -> (Vec<String>, Option<Directive>, Option<usize>) {
        let mut out = Split::default();
        let d = split_custom(text, 0, delimiter, &mut out);
        let stmts = out.statements.into_iter().map(|r| text[r].to_string()).collect();
        (stmts, d, out.error.map(|e| e.offset))
    }

    #[test]
    fn reads_the_directive_line() {
        let text = "DELIMITER //  \nSELECT 1//";
        assert_eq!(directive(text, 9), Directive { resume: 15, delimiter: "//".into() });
    }

    #[test]
    fn splits_at_the_custom_delimiter_only() {
        let (stmts, d, err) = run("SELECT ';$$'; SELECT 2$$\n# c $$\nSELECT `a$$`$$\nDELIMITER ;\nrest", "$$");
        assert_eq!(stmts, ["SELECT ';$$'; SELECT 2", "SELECT `a$$`"]);
        assert_eq!(d.unwrap().delimiter, ";");
        assert_eq!(err, None);
    }

    #[test]
    fn comments_and_escapes_inside_statements() {
        let (stmts, _, _) = run("SELECT 'it\\'s // not' -- end //\n, 1 /* // */ //", "//");
        assert_eq!(stmts, ["SELECT 'it\\'s // not' -- end //\n, 1 /* // */"]);
    }

    #[test]
    fn hint_comments_are_statement_text() {
        let (stmts, _, _) =
            run("/*!50003 CREATE*/ /*!50003 TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1 */;;", ";;");
        assert_eq!(stmts, ["/*!50003 CREATE*/ /*!50003 TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1 */"]);
    }

    #[test]
    fn unterminated_quote_is_reported_where_it_starts() {
        let (stmts, _, err) = run("SELECT 1$$\nSELECT 'x$$", "$$");
        assert_eq!(stmts, ["SELECT 1"]);
        assert_eq!(err, Some(18));
    }
}
