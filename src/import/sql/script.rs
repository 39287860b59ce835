//! A script (or a section of one) → operations with spans and diagnostics.
//!
//! Positions are computed from byte offsets in the whole file with [`LineIndex`], so spans stay
//! right for CRLF files and for sections (`-- migrate:down`) that start mid-file.

use std::borrow::Cow;
use std::ops::Range;

use super::context::Context;
use super::dialect::Flavor;
use super::lex::{LexError, mask_hints};
use super::splitter::split;
use super::statement::lower_statement;
use crate::diagnostics::Diagnostic;
use crate::ir::{LineIndex, Op, Span};

/// One file's text, ready for reading in one dialect.
pub(crate) struct Source<'a> {
    file: &'a str,
    text: &'a str,
    lexable: Cow<'a, str>,
    index: LineIndex,
    flavor: Flavor,
}

/// The operations of a script region and what was noticed on the way.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// Operations in order.
    pub ops: Vec<Op>,
    /// Diagnostics, each with its statement's span.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Source<'a> {
    /// Prepare `text` (of `file`) for reading as `flavor`.
    pub(crate) fn new(file: &'a str, text: &'a str, flavor: Flavor) -> Self {
        Source { file, text, lexable: mask_hints(text, flavor), index: LineIndex::new(text), flavor }
    }

    /// The span of the characters in `range` (start and inclusive end).
    pub(crate) fn span(&self, range: Range<usize>) -> Span {
        let (line, column) = self.index.position(self.text, range.start);
        let span = Span::at(self.file, line, column);
        match self.text[range.clone()].chars().next_back() {
            Some(last) => {
                let (end_line, end_column) = self.index.position(self.text, range.end - last.len_utf8());
                span.with_end(end_line, end_column)
            }
            None => span,
        }
    }

    /// Read the statements in `range` of the file.
    pub(crate) fn parse(&self, range: Range<usize>, ctx: &mut Context) -> Parsed {
        let base = range.start;
        let found = split(&self.text[range.clone()], &self.lexable[range.clone()], self.flavor);
        let mut out = Parsed::default();
        let readable_end = found.error.as_ref().map_or(range.len(), |e| e.offset);
        let mut directives = super::directive::backfills(
            &self.text[range.start..range.start + readable_end],
            &found.statements,
            self.flavor.dialect,
        )
        .into_iter()
        .peekable();
        for stmt in found.statements {
            while let Some((at, d)) = directives.next_if(|(at, _)| *at < stmt.start) {
                self.directive(base, at, d, &mut out);
            }
            let abs = stmt.start + base..stmt.end + base;
            let (text, lexable) = (&self.text[abs.clone()], &self.lexable[abs.clone()]);
            let lowered = lower_statement(text, lexable, self.flavor, ctx);
            let span = self.span(abs.clone());
            for op in lowered.ops {
                out.ops.push(Op::new(op, span.clone()));
            }
            for note in lowered.notes {
                let message = self.relocate(&note.message, abs.start);
                let d = Diagnostic::new(note.severity, note.code, message).at(span.clone());
                out.diagnostics.push(d);
            }
            if lowered.transaction_control {
                let d = Diagnostic::new(
                    crate::diagnostics::Severity::Info,
                    "sql-transaction-control",
                    format!("`{text}` omitted: polymig runs each migration in its own transaction"),
                );
                out.diagnostics.push(d.at(span.clone()));
            }
            if let Some(message) = lowered.parse_error {
                let message = self.relocate(&message, abs.start);
                out.diagnostics.push(
                    Diagnostic::warning("sql-parse-failed", format!("could not parse statement: {message}"))
                        .at(span.clone())
                        .help("the statement is kept verbatim as raw SQL"),
                );
            }
        }
        for (at, d) in directives {
            self.directive(base, at, d, &mut out);
        }
        if let Some(e) = found.error {
            out.diagnostics.push(self.lex_error(&e, base));
        }
        out
    }

    /// A `-- polymig:backfill` line at byte `at`: its operation, or an error where it went wrong.
    fn directive(&self, base: usize, at: usize, d: Result<crate::ir::Backfill, (usize, String)>, out: &mut Parsed) {
        let at = base + at;
        let d = d.map_err(|(offset, message)| (base + offset, message));
        let line_end = self.text[at..].find('\n').map_or(self.text.len(), |e| at + e);
        let end = self.text[at..line_end].trim_end().len() + at;
        match d {
            Ok(b) => out.ops.push(Op::new(b, self.span(at..end))),
            Err((offset, message)) => out.diagnostics.push(
                Diagnostic::error("bad-directive", format!("polymig:backfill: {message}"))
                    .at(self.span(offset.min(end)..end))
                    .help("see `-- polymig:backfill` in README.md: table=… set=\"column = expression\" [where=…] [batch=N] [pause=20ms] [key=…]"),
            ),
        }
    }

    fn lex_error(&self, e: &LexError, base: usize) -> Diagnostic {
        let at = (e.offset + base).min(self.text.len());
        Diagnostic::error(e.code(), format!("{}: {}", e.what(), e.message))
            .at(self.span(at..at))
            .help("statements before this point were imported; the rest of the file was not")
    }

    /// Rewrite sqlparser's `at Line: L, Column: C` (relative to the statement at byte `start`)
    /// into the file's line and column.
    fn relocate(&self, message: &str, start: usize) -> String {
        let Some(at) = message.find(" at Line: ") else {
            return message.to_string();
        };
        let tail = &message[at + " at Line: ".len()..];
        let mut numbers = tail.split(", Column: ").map(|n| n.trim().parse::<usize>());
        let (Some(Ok(line)), Some(Ok(column))) = (numbers.next(), numbers.next()) else {
            return message.to_string();
        };
        let stmt = &self.lexable[start..];
        let line_start: usize =
            stmt.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>().min(stmt.len());
        let offset =
            line_start + stmt[line_start..].chars().take(column.saturating_sub(1)).map(char::len_utf8).sum::<usize>();
        let (l, c) = self.index.position(self.text, start + offset);
        format!("{} at {}:{l}:{c}", &message[..at], self.file)
    }
}

/// Parse a whole script with a fresh context (the public `parse_script`).
pub(crate) fn parse_text(text: &str, file: &str, flavor: Flavor) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = Source::new(file, text, flavor);
    source.parse(0..text.len(), &mut Context::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::ir::{Operation, SqlDialect};
    use pretty_assertions::assert_eq;

    fn parse(text: &str, dialect: SqlDialect) -> Parsed {
        parse_text(text, "m.sql", Flavor::of(dialect))
    }

    fn starts(p: &Parsed) -> Vec<(u32, u32)> {
        p.ops.iter().map(|o| (o.span.line, o.span.column)).collect()
    }

    #[test]
    fn spans_point_at_the_first_significant_character() {
        let text = "-- header\n\n  /* c */ CREATE TABLE a (x int);\r\n\tDROP TABLE a;";
        let p = parse(text, SqlDialect::Postgres);
        assert_eq!(starts(&p), [(3, 11), (4, 2)]);
        assert_eq!((p.ops[0].span.end_line, p.ops[0].span.end_column), (Some(3), Some(32)));
    }

    #[test]
    fn one_alter_with_several_actions_shares_the_span() {
        let p = parse("SELECT 1;\nALTER TABLE t ADD a int, DROP b;", SqlDialect::Postgres);
        assert_eq!(starts(&p), [(1, 1), (2, 1), (2, 1)]);
    }

    #[test]
    fn parse_failures_are_warnings_with_file_positions() {
        let p = parse("SELECT 1;\n  SELEC oops;", SqlDialect::Postgres);
        assert_eq!(p.ops.len(), 2);
        let d = &p.diagnostics[0];
        assert_eq!((d.code.as_str(), d.severity), ("sql-parse-failed", Severity::Warning));
        assert_eq!(d.span, Some(Span::at("m.sql", 2, 3).with_end(2, 12)));
        assert!(d.message.contains("at m.sql:2:3"), "{}", d.message);
    }

    #[test]
    fn transaction_control_is_noted_not_emitted() {
        let p = parse("BEGIN;\nCREATE TABLE a (x int);\nCOMMIT;", SqlDialect::Postgres);
        assert_eq!(p.ops.len(), 1);
        assert_eq!(p.diagnostics.iter().filter(|d| d.code == "sql-transaction-control").count(), 2);
    }

    #[test]
    fn unterminated_string_is_an_error_where_it_starts() {
        let p = parse("CREATE TABLE a (x int);\nINSERT INTO a VALUES ('oops);\n", SqlDialect::Postgres);
        assert_eq!(p.ops.len(), 1);
        let d = &p.diagnostics[0];
        assert_eq!((d.code.as_str(), d.is_error()), ("unterminated-string", true));
        assert_eq!(d.span.as_ref().map(|s| (s.line, s.column)), Some((2, 23)));
        let p = parse("SELECT 1; /* never closed", SqlDialect::Postgres);
        assert_eq!(p.diagnostics[0].code, "unterminated-comment");
    }

    #[test]
    fn bom_is_ignored() {
        let p = parse("\u{feff}DROP TABLE a;", SqlDialect::Sqlite);
        assert_eq!(starts(&p), [(1, 1)]);
        assert!(matches!(p.ops[0].kind, Operation::DropTable(_)));
    }

    #[test]
    fn mysql_hint_statements_are_raw_and_verbatim() {
        let p = parse("/*!40101 SET NAMES utf8 */;", SqlDialect::Mysql);
        match &p.ops[0].kind {
            Operation::Sql(r) => assert_eq!(r.sql, "/*!40101 SET NAMES utf8 */"),
            other => panic!("{other:?}"),
        }
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }
}
