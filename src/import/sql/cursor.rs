//! A cursor over one statement: sqlparser's `Parser` for the grammar, plus the byte range of
//! every token so any clause can be read back verbatim from the original text.
//!
//! Lowering code walks a statement with keyword helpers (`eat("ADD")`) and hands well-defined
//! pieces to sqlparser (`sub(|p| p.parse_data_type())`), getting back the token range each piece
//! consumed.

use std::ops::Range;

use sqlparser::ast::{Ident, ObjectName};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan, Whitespace};

use super::dialect::Flavor;
use super::lex::{is_trivia, lex};
use super::splitter::is_word;
use super::toks::Tok;
use crate::diagnostics::Severity;
use crate::ir::QName;

/// Why a statement was not lowered to IR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LowerError {
    /// The statement does not follow the grammar (sqlparser's message).
    Parse(String),
    /// Valid SQL that the IR does not model; kept verbatim with a diagnostic of this severity.
    Verbatim {
        /// What is not modelled: `ALTER TABLE … OWNER TO`.
        reason: String,
        /// How much it matters.
        severity: Severity,
    },
}

impl From<ParserError> for LowerError {
    fn from(e: ParserError) -> Self {
        LowerError::Parse(parser_message(&e))
    }
}

/// sqlparser's message without its `sql parser error: ` prefix.
pub(crate) fn parser_message(e: &ParserError) -> String {
    match e {
        ParserError::ParserError(m) | ParserError::TokenizerError(m) => m.clone(),
        ParserError::RecursionLimitExceeded => "recursion limit exceeded".into(),
    }
}

/// Result of lowering code.
pub(crate) type LResult<T> = Result<T, LowerError>;

/// A remark made while lowering (a clause the IR drops), reported at the statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Note {
    /// Severity.
    pub severity: Severity,
    /// Diagnostic code.
    pub code: &'static str,
    /// Message.
    pub message: String,
}

/// Walks one statement.
pub(crate) struct Cursor<'a> {
    p: Parser<'static>,
    ranges: Vec<Range<usize>>,
    text: &'a str,
    /// The statement's dialect rules.
    pub flavor: Flavor,
    notes: Vec<Note>,
}

impl<'a> Cursor<'a> {
    /// A cursor over `text`; `lexable` is the same text prepared for lexing (MySQL hints blanked).
    pub(crate) fn new(text: &'a str, lexable: &str, flavor: Flavor) -> LResult<Self> {
        let lexed = lex(lexable, flavor);
        if let Some(e) = lexed.error {
            return Err(LowerError::Parse(e.message));
        }
        // A leading dummy token makes `pos()` exact before the first token is read.
        let mut tokens = vec![TokenWithSpan::wrap(Token::Whitespace(Whitespace::Space))];
        let mut ranges = Vec::with_capacity(lexed.ranges.len() + 1);
        ranges.push(0..0);
        tokens.extend(lexed.tokens);
        ranges.extend(lexed.ranges);
        // A statement may end with `;` when it came from a `DELIMITER` block.
        while let Some(last) = tokens.last() {
            if is_trivia(&last.token) || last.token == Token::SemiColon {
                tokens.pop();
                ranges.pop();
            } else {
                break;
            }
        }
        let p = Parser::new(flavor.parser_dialect()).with_tokens_with_locations(tokens);
        Ok(Cursor { p, ranges, text, flavor, notes: Vec::new() })
    }

    /// Index of the next token to read (possibly whitespace).
    pub(crate) fn pos(&self) -> usize {
        self.p.get_current_index() + 1
    }

    /// The next significant token.
    pub(crate) fn peek(&self) -> &Token {
        &self.p.peek_token_ref().token
    }

    /// The `n`-th significant token ahead (0 = next).
    pub(crate) fn peek_at(&self, n: usize) -> &Token {
        &self.p.peek_nth_token_ref(n).token
    }

    /// True when the next token is the unquoted word `word`.
    pub(crate) fn is(&self, word: &str) -> bool {
        is_word(self.peek(), word)
    }

    /// True when the next tokens are the words `words`.
    pub(crate) fn is_seq(&self, words: &[&str]) -> bool {
        words.iter().enumerate().all(|(i, w)| is_word(self.peek_at(i), w))
    }

    /// Consume the word `word` if it is next.
    pub(crate) fn eat(&mut self, word: &str) -> bool {
        let found = self.is(word);
        if found {
            self.p.advance_token();
        }
        found
    }

    /// Consume the words `words` if they are all next.
    pub(crate) fn eat_seq(&mut self, words: &[&str]) -> bool {
        let found = self.is_seq(words);
        if found {
            for _ in words {
                self.p.advance_token();
            }
        }
        found
    }

    /// Consume the word `word` or fail.
    pub(crate) fn expect(&mut self, word: &str) -> LResult<()> {
        if self.eat(word) { Ok(()) } else { self.expected(word) }
    }

    /// Consume `token` if it is next.
    pub(crate) fn eat_tok(&mut self, token: &Token) -> bool {
        self.p.consume_token(token)
    }

    /// Consume `token` or fail.
    pub(crate) fn expect_tok(&mut self, token: &Token) -> LResult<()> {
        self.p.expect_token(token)?;
        Ok(())
    }

    /// Consume the next significant token.
    pub(crate) fn advance(&mut self) {
        self.p.advance_token();
    }

    /// True at the end of the statement.
    pub(crate) fn at_end(&self) -> bool {
        *self.peek() == Token::EOF
    }

    /// Fail unless at the end of the statement.
    pub(crate) fn expect_end(&self) -> LResult<()> {
        if self.at_end() { Ok(()) } else { self.expected("end of statement") }
    }

    /// A parse error: `Expected: what, found: …`.
    pub(crate) fn expected<T>(&self, what: &str) -> LResult<T> {
        match self.p.expected::<()>(what, self.p.peek_token()) {
            Err(e) => Err(e.into()),
            Ok(()) => Err(LowerError::Parse(format!("Expected: {what}"))),
        }
    }

    /// One identifier, folded by the dialect's rules.
    pub(crate) fn ident(&mut self) -> LResult<String> {
        let id = self.p.parse_identifier()?;
        Ok(self.fold(&id))
    }

    /// A possibly qualified object name: `users`, `audit.events`.
    pub(crate) fn qname(&mut self) -> LResult<QName> {
        let name = self.p.parse_object_name(false)?;
        self.qname_of(&name)
    }

    /// The names of a `DROP`: `[IF EXISTS] a [, b…]`, each read by `name`; also whether `IF EXISTS`
    /// was written.
    pub(crate) fn drop_names<T>(&mut self, name: fn(&mut Self) -> LResult<T>) -> LResult<(Vec<T>, bool)> {
        let if_exists = self.eat_seq(&["IF", "EXISTS"]);
        let mut names = vec![name(self)?];
        while self.eat_tok(&Token::Comma) {
            names.push(name(self)?);
        }
        Ok((names, if_exists))
    }

    /// The end of a `DROP`: `[CASCADE | RESTRICT]` and nothing after; true for `CASCADE`.
    pub(crate) fn drop_end(&mut self) -> LResult<bool> {
        let cascade = self.eat("CASCADE");
        self.eat("RESTRICT");
        self.expect_end()?;
        Ok(cascade)
    }

    /// Fold an identifier parsed by sqlparser.
    pub(crate) fn fold(&self, id: &Ident) -> String {
        self.flavor.fold(&id.value, id.quote_style.is_some())
    }

    /// Convert a sqlparser object name (the last two parts are schema and name).
    pub(crate) fn qname_of(&self, name: &ObjectName) -> LResult<QName> {
        let parts: Vec<String> = name.0.iter().filter_map(|p| p.as_ident()).map(|id| self.fold(id)).collect();
        match parts.as_slice() {
            [name] => Ok(QName::new(name.clone())),
            [.., schema, name] => Ok(QName::qualified(schema.clone(), name.clone())),
            [] => Err(LowerError::Parse(format!("expected a name, found `{name}`"))),
        }
    }

    /// Run a sqlparser sub-parser and return what it parsed and the token range it consumed.
    pub(crate) fn sub<T>(
        &mut self,
        f: impl FnOnce(&mut Parser<'static>) -> Result<T, ParserError>,
    ) -> LResult<(T, Range<usize>)> {
        let start = self.pos();
        let value = f(&mut self.p)?;
        Ok((value, start..self.pos()))
    }

    /// Consume a parenthesised group and return the token range inside the parentheses.
    pub(crate) fn group(&mut self) -> LResult<Range<usize>> {
        self.expect_tok(&Token::LParen)?;
        let start = self.pos();
        let mut depth = 1usize;
        loop {
            match self.p.next_token().token {
                Token::LParen => depth += 1,
                Token::RParen => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(start..self.p.get_current_index());
                    }
                }
                Token::EOF => return self.expected(")"),
                _ => {}
            }
        }
    }

    /// Consume tokens up to (not including) a top-level `,` or the end; returns their range.
    pub(crate) fn skip_item(&mut self) -> Range<usize> {
        let start = self.pos();
        let mut depth = 0usize;
        loop {
            match self.peek() {
                Token::EOF => break,
                Token::Comma if depth == 0 => break,
                Token::LParen | Token::LBracket => depth += 1,
                Token::RParen | Token::RBracket => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.p.advance_token();
        }
        start..self.pos()
    }

    /// Consume everything up to the end of the statement; returns the range.
    pub(crate) fn rest(&mut self) -> Range<usize> {
        let start = self.pos();
        while !self.at_end() {
            self.p.advance_token();
        }
        start..self.pos()
    }

    /// Significant tokens in the token index range `range`.
    pub(crate) fn toks(&self, range: Range<usize>) -> Vec<Tok<'_>> {
        range
            .filter_map(|i| {
                let t = self.p.token_at(i);
                (!is_trivia(&t.token) && t.token != Token::EOF)
                    .then(|| Tok { token: &t.token, range: self.ranges[i].clone() })
            })
            .collect()
    }

    /// The statement's original text.
    pub(crate) fn source(&self) -> &'a str {
        self.text
    }

    /// Original text of the tokens in `range`.
    pub(crate) fn text(&self, range: Range<usize>) -> &'a str {
        super::toks::text(self.text, &self.toks(range))
    }

    /// The expression in `range` as the IR keeps it: original text in the canonical spelling.
    pub(crate) fn expr(&self, range: Range<usize>) -> String {
        super::toks::expr_text(self.text, &self.toks(range), self.flavor.dialect)
    }

    /// Record a remark about a clause the IR drops.
    pub(crate) fn note(&mut self, severity: Severity, code: &'static str, message: impl Into<String>) {
        self.notes.push(Note { severity, code, message: message.into() });
    }

    /// Record that `clause` was ignored (informational).
    pub(crate) fn ignored(&mut self, clause: impl std::fmt::Display) {
        self.note(Severity::Info, "sql-clause-ignored", format!("{clause} is not represented in the IR; ignored"));
    }

    /// The remarks made so far.
    pub(crate) fn take_notes(&mut self) -> Vec<Note> {
        std::mem::take(&mut self.notes)
    }

    /// Give up on lowering: the statement is kept verbatim with a warning.
    pub(crate) fn verbatim<T>(&self, reason: impl Into<String>) -> LResult<T> {
        Err(LowerError::Verbatim { reason: reason.into(), severity: Severity::Warning })
    }

    /// Give up on lowering a statement the IR does not model at all (informational).
    pub(crate) fn not_modelled<T>(&self, reason: impl Into<String>) -> LResult<T> {
        Err(LowerError::Verbatim { reason: reason.into(), severity: Severity::Info })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::SqlDialect;
    use pretty_assertions::assert_eq;

    fn cursor(text: &str) -> Cursor<'_> {
        Cursor::new(text, text, Flavor::of(SqlDialect::Postgres)).unwrap()
    }

    #[test]
    fn sub_parsers_report_the_range_they_consumed() {
        let mut c = cursor("ALTER COLUMN x TYPE character varying(20)  USING x::text");
        assert!(c.eat_seq(&["ALTER", "COLUMN"]));
        assert_eq!(c.ident().unwrap(), "x");
        c.expect("TYPE").unwrap();
        let (_, range) = c.sub(|p| p.parse_data_type()).unwrap();
        assert_eq!(c.text(range), "character varying(20)");
        c.expect("USING").unwrap();
        let (_, range) = c.sub(|p| p.parse_expr()).unwrap();
        assert_eq!(c.text(range), "x::text");
        assert!(c.at_end());
    }

    #[test]
    fn first_token_position_is_exact() {
        let mut c = cursor("now() + 1, x");
        let (_, range) = c.sub(|p| p.parse_expr()).unwrap();
        assert_eq!(c.text(range), "now() + 1");
    }

    #[test]
    fn groups_and_items() {
        let mut c = cursor("(a, (b, c)) d e, f");
        let inner = c.group().unwrap();
        assert_eq!(c.text(inner), "a, (b, c)");
        let item = c.skip_item();
        assert_eq!(c.text(item), "d e");
        assert!(c.eat_tok(&Token::Comma));
        assert!(c.is("F"));
    }

    #[test]
    fn names_fold_per_dialect() {
        let mut c = cursor("Public.\"Users\" Email");
        assert_eq!(c.qname().unwrap(), QName::qualified("public", "Users"));
        assert_eq!(c.ident().unwrap(), "email");
        let mut c = Cursor::new("`Users`", "`Users`", Flavor::of(SqlDialect::Mysql)).unwrap();
        assert_eq!(c.qname().unwrap(), QName::new("Users"));
    }

    #[test]
    fn trailing_semicolons_are_dropped_and_errors_are_parse_errors() {
        let mut c = cursor("DROP TABLE t;");
        assert!(c.eat_seq(&["DROP", "TABLE"]));
        c.qname().unwrap();
        assert!(c.at_end());
        match c.expect("CASCADE") {
            Err(LowerError::Parse(m)) => assert!(m.starts_with("Expected: CASCADE, found: EOF"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
