//! Slices of significant tokens with byte ranges, and the few operations on them that recover
//! original text: the inside of a parenthesised group, comma-separated items, verbatim text.

use std::ops::Range;

use sqlparser::tokenizer::Token;

use super::lex::{Lexed, is_trivia};
use super::splitter::is_word;
use crate::ir::SqlDialect;

/// A significant (non-whitespace, non-comment) token and its byte range in the statement text.
#[derive(Debug, Clone)]
pub(crate) struct Tok<'t> {
    /// The token.
    pub token: &'t Token,
    /// Where it is.
    pub range: Range<usize>,
}

impl Tok<'_> {
    /// True for the unquoted word `word` (any case).
    pub(crate) fn is_word(&self, word: &str) -> bool {
        is_word(self.token, word)
    }

    /// True for exactly this token.
    pub(crate) fn is(&self, token: &Token) -> bool {
        self.token == token
    }

    /// The string value of a string literal token (`'a''b'` → `a'b`).
    pub(crate) fn string_value(&self) -> Option<&str> {
        match self.token {
            Token::SingleQuotedString(s)
            | Token::EscapedStringLiteral(s)
            | Token::NationalStringLiteral(s)
            | Token::UnicodeStringLiteral(s) => Some(s),
            Token::DollarQuotedString(d) => Some(&d.value),
            _ => None,
        }
    }
}

/// The significant tokens of a lexed text, with their byte ranges.
pub(crate) fn significant(lexed: &Lexed) -> Vec<Tok<'_>> {
    lexed
        .tokens
        .iter()
        .zip(&lexed.ranges)
        .filter(|(t, _)| !is_trivia(&t.token))
        .map(|(t, r)| Tok { token: &t.token, range: r.clone() })
        .collect()
}

/// The expression spanned by `toks` as the IR keeps it: the original text in the canonical
/// spelling ([`crate::sql_expr::to_canonical`]: double-quoted identifiers, single-quoted strings).
pub(crate) fn expr_text(src: &str, toks: &[Tok], dialect: SqlDialect) -> String {
    crate::sql_expr::to_canonical(text(src, toks), dialect)
}

/// The original text spanned by `toks` (empty for no tokens).
pub(crate) fn text<'a>(src: &'a str, toks: &[Tok]) -> &'a str {
    match (toks.first(), toks.last()) {
        (Some(first), Some(last)) => &src[first.range.start..last.range.end],
        _ => "",
    }
}

/// Index of the token closing the group opened at `open` (`(`…`)` or `[`…`]`, nesting both).
pub(crate) fn group_end(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t.token {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Indices of the tokens inside the first parenthesised group at the top level of `toks`.
pub(crate) fn first_group(toks: &[Tok]) -> Option<Range<usize>> {
    let open = toks.iter().position(|t| t.is(&Token::LParen))?;
    let close = group_end(toks, open)?;
    Some(open + 1..close)
}

/// `toks` split at top-level `sep` tokens (commas inside parentheses or brackets do not split).
pub(crate) fn split_top<'s, 't>(toks: &'s [Tok<'t>], sep: &Token) -> Vec<&'s [Tok<'t>]> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        match t.token {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => depth = depth.saturating_sub(1),
            tok if depth == 0 && tok == sep => {
                parts.push(&toks[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < toks.len() || !parts.is_empty() {
        parts.push(&toks[start..]);
    }
    parts
}

/// `toks` without parentheses that wrap all of it: `((a + b))` → `a + b`.
pub(crate) fn strip_parens<'s, 't>(mut toks: &'s [Tok<'t>]) -> &'s [Tok<'t>] {
    while toks.len() >= 2 && toks[0].is(&Token::LParen) && group_end(toks, 0) == Some(toks.len() - 1) {
        toks = &toks[1..toks.len() - 1];
    }
    toks
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::import::sql::dialect::Flavor;
    use crate::import::sql::lex::lex;
    use pretty_assertions::assert_eq;

    /// The significant tokens of `text` (PostgreSQL lexing), for tests.
    pub(crate) fn tokens_of(text: &str) -> Vec<(Token, Range<usize>)> {
        let lexed = lex(text, Flavor::of(SqlDialect::Postgres));
        lexed.tokens.into_iter().map(|t| t.token).zip(lexed.ranges).filter(|(t, _)| !is_trivia(t)).collect()
    }

    pub(crate) fn view(tokens: &[(Token, Range<usize>)]) -> Vec<Tok<'_>> {
        tokens.iter().map(|(token, range)| Tok { token, range: range.clone() }).collect()
    }

    #[test]
    fn groups_items_and_text() {
        let src = "(a, f(b, c), d[1, 2]) tail";
        let owned = tokens_of(src);
        let toks = view(&owned);
        let inner = first_group(&toks).unwrap();
        let items: Vec<&str> = split_top(&toks[inner], &Token::Comma).into_iter().map(|p| text(src, p)).collect();
        assert_eq!(items, ["a", "f(b, c)", "d[1, 2]"]);
        assert_eq!(text(src, &toks[toks.len() - 1..]), "tail");
    }

    #[test]
    fn strips_only_wrapping_parens() {
        let src = "((a + b))";
        let owned = tokens_of(src);
        assert_eq!(text(src, strip_parens(&view(&owned))), "a + b");
        let src = "(a) + (b)";
        let owned = tokens_of(src);
        assert_eq!(text(src, strip_parens(&view(&owned))), "(a) + (b)");
    }

    #[test]
    fn empty_input_has_no_items() {
        assert_eq!(split_top(&[], &Token::Comma).len(), 0);
    }
}
