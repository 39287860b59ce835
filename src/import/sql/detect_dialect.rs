//! Guessing the dialect of a script from its content (used when no `--dialect` is given).

use sqlparser::dialect::GenericDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::splitter::is_word;
use crate::ir::SqlDialect;

/// The dialect a SQL script is written in, judged from markers outside strings and comments:
///
/// 1. SQLite when it uses `AUTOINCREMENT`, `PRAGMA` or `WITHOUT ROWID` (checked first: SQLite
///    also accepts backticks);
/// 2. MySQL when it uses backtick-quoted identifiers, `ENGINE =` or `AUTO_INCREMENT`;
/// 3. PostgreSQL otherwise.
///
/// ```
/// use polymig::import::sql::detect_dialect;
/// use polymig::ir::SqlDialect;
/// assert_eq!(detect_dialect("CREATE TABLE `t` (id int AUTO_INCREMENT)"), SqlDialect::Mysql);
/// assert_eq!(detect_dialect("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)"), SqlDialect::Sqlite);
/// assert_eq!(detect_dialect("CREATE TABLE t (id serial)"), SqlDialect::Postgres);
/// ```
pub fn detect_dialect(text: &str) -> SqlDialect {
    let dialect = GenericDialect {};
    let mut tokens = Vec::new();
    // On a lexing error the tokens before it are still a fair sample.
    let _ = Tokenizer::new(&dialect, text).tokenize_with_location_into_buf(&mut tokens);
    let words: Vec<&Token> = tokens.iter().map(|t| &t.token).filter(|t| !matches!(t, Token::Whitespace(_))).collect();
    let mut mysql = false;
    for (i, token) in words.iter().enumerate() {
        let next = words.get(i + 1).copied();
        if is_word(token, "AUTOINCREMENT")
            || is_word(token, "PRAGMA")
            || is_word(token, "WITHOUT") && next.is_some_and(|n| is_word(n, "ROWID"))
        {
            return SqlDialect::Sqlite;
        }
        mysql |= matches!(token, Token::Word(w) if w.quote_style == Some('`'))
            || is_word(token, "AUTO_INCREMENT")
            || is_word(token, "ENGINE") && next == Some(&Token::Eq);
    }
    if mysql { SqlDialect::Mysql } else { SqlDialect::Postgres }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn mysql_markers() {
        assert_eq!(detect_dialect("CREATE TABLE `users` (id int)"), SqlDialect::Mysql);
        assert_eq!(detect_dialect("CREATE TABLE t (id int) ENGINE=InnoDB"), SqlDialect::Mysql);
        assert_eq!(detect_dialect("CREATE TABLE t (id int NOT NULL AUTO_INCREMENT)"), SqlDialect::Mysql);
    }

    #[test]
    fn sqlite_markers_win_over_backticks() {
        assert_eq!(detect_dialect("CREATE TABLE `t` (id INTEGER PRIMARY KEY AUTOINCREMENT)"), SqlDialect::Sqlite);
        assert_eq!(detect_dialect("PRAGMA foreign_keys = ON;"), SqlDialect::Sqlite);
        assert_eq!(detect_dialect("CREATE TABLE t (k text PRIMARY KEY) WITHOUT ROWID;"), SqlDialect::Sqlite);
    }

    #[test]
    fn markers_in_strings_and_comments_do_not_count() {
        assert_eq!(detect_dialect("-- uses `backticks` and AUTO_INCREMENT\nSELECT 'PRAGMA';"), SqlDialect::Postgres);
    }

    #[test]
    fn postgres_is_the_default() {
        assert_eq!(detect_dialect("CREATE TABLE t (id serial PRIMARY KEY);"), SqlDialect::Postgres);
        assert_eq!(detect_dialect(""), SqlDialect::Postgres);
        assert_eq!(detect_dialect("SELECT 'unterminated"), SqlDialect::Postgres);
    }
}
