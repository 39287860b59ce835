//! The source dialect's rules for reading SQL, in one place: which sqlparser dialect lexes and
//! parses it, how unquoted identifiers fold, and the few semantic differences lowering needs.

use std::fmt;

use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};

use crate::ir::SqlDialect;

static POSTGRES: PostgreSqlDialect = PostgreSqlDialect {};
static MYSQL: MySqlDialect = MySqlDialect {};
static SQLITE: SQLiteDialect = SQLiteDialect {};
static MYSQL_HINTS_AS_COMMENTS: MySqlHintsAsComments = MySqlHintsAsComments;

/// How SQL written for one database is read (`Flavor::of(SqlDialect::Mysql)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Flavor {
    /// The source dialect.
    pub dialect: SqlDialect,
}

impl Flavor {
    /// The rules for `dialect`.
    pub(crate) fn of(dialect: SqlDialect) -> Self {
        Flavor { dialect }
    }

    /// The sqlparser dialect that lexes and parses this SQL.
    pub(crate) fn parser_dialect(self) -> &'static dyn Dialect {
        match self.dialect {
            SqlDialect::Postgres => &POSTGRES,
            SqlDialect::Mysql => &MYSQL,
            SqlDialect::Sqlite => &SQLITE,
        }
    }

    /// A lexer dialect that keeps MySQL's executable comments (`/*!40101 … */`) as comments, so
    /// their exact place in the text can be found (MySQL only).
    pub(crate) fn hint_locator(self) -> Option<&'static dyn Dialect> {
        match self.dialect {
            SqlDialect::Mysql => Some(&MYSQL_HINTS_AS_COMMENTS),
            _ => None,
        }
    }

    /// Name of an identifier as the database stores it: PostgreSQL folds unquoted names to
    /// lower case (`Users` → `users`); MySQL and SQLite keep them as written.
    pub(crate) fn fold(self, value: &str, quoted: bool) -> String {
        match self.dialect {
            SqlDialect::Postgres if !quoted => value.to_ascii_lowercase(),
            _ => value.to_string(),
        }
    }

    /// Whether the columns of a primary key are implicitly `NOT NULL` (false for SQLite, which
    /// allows NULL in non-INTEGER primary keys).
    pub(crate) fn primary_key_implies_not_null(self) -> bool {
        !matches!(self.dialect, SqlDialect::Sqlite)
    }

    /// Whether the mysql client's `DELIMITER` directive is understood.
    pub(crate) fn has_delimiter_directive(self) -> bool {
        matches!(self.dialect, SqlDialect::Mysql)
    }

    /// Whether a `name(10)` key part is a prefix length (MySQL) rather than a function call.
    pub(crate) fn has_prefix_lengths(self) -> bool {
        matches!(self.dialect, SqlDialect::Mysql)
    }

    /// Whether an index written without a name gets the database's default name at import
    /// (MySQL names it after its first column; PostgreSQL's scheme is replay's default).
    pub(crate) fn names_indexes_at_import(self) -> bool {
        matches!(self.dialect, SqlDialect::Mysql)
    }

    /// Whether column types are free-form words (`UNSIGNED BIG INT`, SQLite) rather than a grammar.
    pub(crate) fn free_form_types(self) -> bool {
        matches!(self.dialect, SqlDialect::Sqlite)
    }
}

impl fmt::Display for Flavor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.dialect.fmt(f)
    }
}

/// MySQL's lexical rules with `/*! … */` kept as an ordinary comment (used only to locate them).
#[derive(Debug)]
struct MySqlHintsAsComments;

impl Dialect for MySqlHintsAsComments {
    fn is_identifier_start(&self, ch: char) -> bool {
        MYSQL.is_identifier_start(ch)
    }

    fn is_identifier_part(&self, ch: char) -> bool {
        MYSQL.is_identifier_part(ch)
    }

    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        MYSQL.is_delimited_identifier_start(ch)
    }

    fn supports_string_literal_backslash_escape(&self) -> bool {
        MYSQL.supports_string_literal_backslash_escape()
    }

    fn supports_numeric_prefix(&self) -> bool {
        MYSQL.supports_numeric_prefix()
    }

    fn supports_literal_prefix_in_qualified_name(&self) -> bool {
        MYSQL.supports_literal_prefix_in_qualified_name()
    }

    fn requires_single_line_comment_whitespace(&self) -> bool {
        MYSQL.requires_single_line_comment_whitespace()
    }

    fn supports_hash_comment(&self) -> bool {
        MYSQL.supports_hash_comment()
    }

    fn supports_multiline_comment_hints(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn postgres_folds_unquoted_identifiers_only() {
        let pg = Flavor::of(SqlDialect::Postgres);
        assert_eq!(pg.fold("Users", false), "users");
        assert_eq!(pg.fold("Users", true), "Users");
        assert_eq!(Flavor::of(SqlDialect::Mysql).fold("Users", false), "Users");
        assert_eq!(Flavor::of(SqlDialect::Sqlite).fold("Users", false), "Users");
    }

    #[test]
    fn rules_differ_per_dialect() {
        assert!(Flavor::of(SqlDialect::Postgres).primary_key_implies_not_null());
        assert!(!Flavor::of(SqlDialect::Sqlite).primary_key_implies_not_null());
        assert!(Flavor::of(SqlDialect::Mysql).has_delimiter_directive());
        assert!(Flavor::of(SqlDialect::Mysql).hint_locator().is_some());
        assert!(Flavor::of(SqlDialect::Postgres).hint_locator().is_none());
        assert!(Flavor::of(SqlDialect::Sqlite).free_form_types());
    }
}
