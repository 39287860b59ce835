//! SQL expression text between dialects.
//!
//! The IR keeps expressions (CHECK bodies, index expressions and predicates,
//! generated columns, raw defaults, `USING` clauses, view queries) as text in
//! one **canonical spelling**: the ANSI one, which PostgreSQL and SQLite also
//! read. Quoted identifiers are double-quoted (`"order"`, with `"` doubled
//! inside) and strings single-quoted (`'it''s'`). Importers convert the source
//! spelling to it with [`to_canonical`]; exporters convert it to the target's
//! with [`from_canonical`], which also reports constructs the target reads
//! differently (`||` is logical OR in MySQL; `::` casts exist only in PostgreSQL).
//!
//! The conversion works on sqlparser's tokens, so quotes inside strings and
//! comments are never touched. Text that does not tokenize is returned as is.

use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::ir::SqlDialect;

fn parser_dialect(d: SqlDialect) -> Box<dyn Dialect> {
    match d {
        SqlDialect::Postgres => Box::new(PostgreSqlDialect {}),
        SqlDialect::Mysql => Box::new(MySqlDialect {}),
        SqlDialect::Sqlite => Box::new(SQLiteDialect {}),
    }
}

fn tokens(text: &str, d: SqlDialect) -> Option<Vec<Token>> {
    let dialect = parser_dialect(d);
    Tokenizer::new(dialect.as_ref(), text).with_unescape(true).tokenize().ok()
}

fn double_quoted(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

fn single_quoted(s: &str, backslash_escapes: bool) -> String {
    let s = if backslash_escapes { s.replace('\\', "\\\\") } else { s.to_string() };
    format!("'{}'", s.replace('\'', "''"))
}

/// Rewrite an expression written in `source`'s spelling into the canonical one.
///
/// MySQL: `` `col` `` → `"col"`, `"text"` → `'text'`, backslash escapes resolved;
/// SQLite: `` `col` `` and `[col]` → `"col"`. PostgreSQL text is already canonical.
pub fn to_canonical(text: &str, source: SqlDialect) -> String {
    if source == SqlDialect::Postgres {
        return text.to_string();
    }
    let Some(toks) = tokens(text, source) else { return text.to_string() };
    let mut out = String::with_capacity(text.len() + 8);
    for t in &toks {
        match t {
            Token::Word(w) if w.quote_style.is_some() => out.push_str(&double_quoted(&w.value)),
            Token::DoubleQuotedString(s) | Token::SingleQuotedString(s) => out.push_str(&single_quoted(s, false)),
            other => out.push_str(&other.to_string()),
        }
    }
    out
}

/// Rewrite a canonical expression for `target`. Returns the text and the notes
/// on constructs the target would read differently or not at all (empty when the
/// conversion is exact).
pub fn from_canonical(text: &str, target: SqlDialect) -> (String, Vec<String>) {
    let mut notes = Vec::new();
    let Some(toks) = tokens(text, SqlDialect::Postgres) else { return (text.to_string(), notes) };
    if target != SqlDialect::Mysql {
        if target == SqlDialect::Sqlite && toks.iter().any(|t| matches!(t, Token::DoubleColon)) {
            notes.push("SQLite has no `::` casts".to_string());
        }
        return (text.to_string(), notes);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for t in &toks {
        match t {
            Token::Word(w) if w.quote_style.is_some() => out.push_str(&format!("`{}`", w.value.replace('`', "``"))),
            Token::SingleQuotedString(s) => out.push_str(&single_quoted(s, true)),
            Token::StringConcat => {
                notes.push("`||` is logical OR in MySQL, not string concatenation".to_string());
                out.push_str("||");
            }
            Token::DoubleColon => {
                notes.push("MySQL has no `::` casts".to_string());
                out.push_str("::");
            }
            other => out.push_str(&other.to_string()),
        }
    }
    notes.dedup();
    (out, notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn mysql_spelling_becomes_canonical() {
        assert_eq!(
            to_canonical("`order` > 0 AND name <> \"it's\"", SqlDialect::Mysql),
            "\"order\" > 0 AND name <> 'it''s'"
        );
        assert_eq!(to_canonical("`a\"b` = 'x\\'y'", SqlDialect::Mysql), "\"a\"\"b\" = 'x''y'");
    }

    #[test]
    fn sqlite_brackets_and_backticks_become_double_quotes() {
        assert_eq!(to_canonical("[select] + `from` + \"to\"", SqlDialect::Sqlite), "\"select\" + \"from\" + \"to\"");
    }

    #[test]
    fn postgres_is_canonical_already() {
        let e = "\"order\" > 0 AND note <> 'a\\b' -- `x`";
        assert_eq!(to_canonical(e, SqlDialect::Postgres), e);
    }

    #[test]
    fn canonical_to_mysql_requotes_and_escapes_backslashes() {
        let (s, notes) = from_canonical("\"order\" > 0 AND path <> 'C:\\tmp' AND \"a`b\" = 'it''s'", SqlDialect::Mysql);
        assert_eq!(s, "`order` > 0 AND path <> 'C:\\\\tmp' AND `a``b` = 'it''s'");
        assert!(notes.is_empty());
    }

    #[test]
    fn constructs_mysql_reads_differently_are_reported() {
        let (s, notes) = from_canonical("'rect ' || id", SqlDialect::Mysql);
        assert_eq!(s, "'rect ' || id");
        assert_eq!(notes, ["`||` is logical OR in MySQL, not string concatenation"]);
        let (_, notes) = from_canonical("created::date", SqlDialect::Sqlite);
        assert_eq!(notes, ["SQLite has no `::` casts"]);
    }

    #[test]
    fn comments_and_strings_keep_their_quotes() {
        let (s, _) = from_canonical("a = '\"x\"' /* \"y\" */", SqlDialect::Mysql);
        assert_eq!(s, "a = '\"x\"' /* \"y\" */");
        assert_eq!(from_canonical("lower(\"Email\")", SqlDialect::Sqlite).0, "lower(\"Email\")");
    }

    #[test]
    fn untokenizable_text_is_returned_unchanged() {
        assert_eq!(to_canonical("'unterminated", SqlDialect::Mysql), "'unterminated");
        assert_eq!(from_canonical("'unterminated", SqlDialect::Mysql).0, "'unterminated");
    }
}
