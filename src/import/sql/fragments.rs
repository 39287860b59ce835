//! Pieces of SQL read on their own, outside a statement: a type name, a default, an expression.
//!
//! Database catalogs print exactly these (`character varying(255)`, `'draft'::text`,
//! `(price > 0)`), so introspection reads them here, with the importer's own lexer, type table
//! and default rules: a live database and a migration history are read the same way.

use super::dialect::Flavor;
use super::lex::lex;
use super::toks::{expr_text, significant, strip_parens};
use super::types::{KnownEnums, map_type};
use crate::ir::{DataType, DefaultExpr, SqlDialect};

/// Read a type name written for `dialect` (`int(10) unsigned`, `timestamp(3) with time zone`,
/// `text[]`, `enum('a','b')`) with the importer's type table; what the table does not know is
/// `Native`. User type names (PostgreSQL enums) are `Native` too: the catalog says which are enums.
///
/// ```
/// use polymig::import::sql::map_type_text;
/// use polymig::ir::{DataType, SqlDialect};
/// assert_eq!(map_type_text("character varying(20)", SqlDialect::Postgres), DataType::varchar(Some(20)));
/// assert_eq!(map_type_text("binary(16)", SqlDialect::Mysql), DataType::Binary { length: Some(16), fixed: true });
/// ```
pub fn map_type_text(text: &str, dialect: SqlDialect) -> DataType {
    let text = text.trim();
    let lexed = lex(text, Flavor::of(dialect));
    if lexed.error.is_some() {
        return DataType::native(text, Some(dialect));
    }
    map_type(&significant(&lexed), text, dialect, &KnownEnums::default()).data_type
}

/// Read a default expression written for `dialect` as the importer reads `DEFAULT …`: literals
/// (PostgreSQL casts stripped) become typed values, read in the light of the column's type when
/// known (`'0'` on an integer column is `Number`), the current-time functions their variants, and
/// anything else `Sql` in the canonical spelling.
///
/// ```
/// use polymig::import::sql::default_from_text;
/// use polymig::ir::{DefaultExpr, SqlDialect};
/// assert_eq!(default_from_text("'x'::character varying", SqlDialect::Postgres, None), DefaultExpr::String("x".into()));
/// assert_eq!(default_from_text("current_timestamp()", SqlDialect::Mysql, None), DefaultExpr::CurrentTimestamp);
/// ```
pub fn default_from_text(text: &str, dialect: SqlDialect, column: Option<&DataType>) -> DefaultExpr {
    let text = text.trim();
    let lexed = lex(text, Flavor::of(dialect));
    if lexed.error.is_some() {
        return DefaultExpr::Sql(text.to_string());
    }
    super::defaults::lower_default(&significant(&lexed), text, dialect, column)
}

/// An expression written for `dialect` as the IR keeps it: without parentheses around all of it
/// and in the canonical spelling (`` (`age` > 0) `` → `"age" > 0`).
///
/// ```
/// use polymig::import::sql::expression_text;
/// use polymig::ir::SqlDialect;
/// assert_eq!(expression_text("((`age` > 0))", SqlDialect::Mysql), "\"age\" > 0");
/// ```
pub fn expression_text(text: &str, dialect: SqlDialect) -> String {
    let text = text.trim();
    let lexed = lex(text, Flavor::of(dialect));
    if lexed.error.is_some() {
        return text.to_string();
    }
    expr_text(text, strip_parens(&significant(&lexed)), dialect)
}

#[cfg(test)]
mod tests {
    use super::*;
    use SqlDialect::{Mysql, Postgres, Sqlite};
    use pretty_assertions::assert_eq;

    fn t(text: &str, d: SqlDialect) -> DataType {
        map_type_text(text, d)
    }

    #[test]
    fn postgres_catalog_spellings() {
        assert_eq!(t("integer", Postgres), DataType::int(32));
        assert_eq!(t("smallint", Postgres), DataType::int(16));
        assert_eq!(t("bigint", Postgres), DataType::int(64));
        assert_eq!(t("character varying(255)", Postgres), DataType::varchar(Some(255)));
        assert_eq!(t("character varying", Postgres), DataType::varchar(None));
        assert_eq!(t("character(2)", Postgres), DataType::Char { length: Some(2) });
        assert_eq!(t("numeric(10,2)", Postgres), DataType::Decimal { precision: Some(10), scale: Some(2) });
        assert_eq!(t("double precision", Postgres), DataType::Float { bits: 64 });
        assert_eq!(t("real", Postgres), DataType::Float { bits: 32 });
        assert_eq!(t("timestamp without time zone", Postgres), DataType::Timestamp { tz: false, precision: None });
        assert_eq!(t("timestamp(3) with time zone", Postgres), DataType::Timestamp { tz: true, precision: Some(3) });
        assert_eq!(t("time with time zone", Postgres), DataType::Time { tz: true, precision: None });
        assert_eq!(t("jsonb", Postgres), DataType::Json { binary: true });
        assert_eq!(t("bytea", Postgres), DataType::Binary { length: None, fixed: false });
        assert_eq!(
            t("character varying(20)[]", Postgres),
            DataType::Array { of: Box::new(DataType::varchar(Some(20))) }
        );
        assert_eq!(t("tsvector", Postgres), DataType::native("tsvector", Some(Postgres)));
        assert_eq!(t("\"char\"", Postgres), DataType::native("\"char\"", Some(Postgres)));
        assert_eq!(t("interval day to second", Postgres), DataType::native("interval day to second", Some(Postgres)));
        assert_eq!(t("datetime", Postgres), DataType::native("datetime", Some(Postgres)));
        assert_eq!(t("int ARRAY", Postgres), DataType::Array { of: Box::new(DataType::int(32)) });
        assert_eq!(
            t("text[3][]", Postgres),
            DataType::Array { of: Box::new(DataType::Array { of: Box::new(DataType::Text) }) }
        );
        assert_eq!(t("geometry(Point, 4326)", Postgres), DataType::native("geometry(Point, 4326)", Some(Postgres)));
        assert_eq!(t("float", Postgres), DataType::Float { bits: 64 });
        assert_eq!(t("float(10)", Postgres), DataType::Float { bits: 32 });
        assert_eq!(t("status", Postgres), DataType::native("status", Some(Postgres)));
    }

    #[test]
    fn mysql_column_types() {
        assert_eq!(t("int(11)", Mysql), DataType::int(32));
        assert_eq!(t("int(10) unsigned", Mysql), DataType::Integer { bits: 32, unsigned: true });
        assert_eq!(t("tinyint(1)", Mysql), DataType::Boolean);
        assert_eq!(t("tinyint(4)", Mysql), DataType::int(8));
        assert_eq!(t("mediumint(9)", Mysql), DataType::int(24));
        assert_eq!(t("float", Mysql), DataType::Float { bits: 32 });
        assert_eq!(t("double", Mysql), DataType::Float { bits: 64 });
        assert_eq!(t("datetime(6)", Mysql), DataType::Timestamp { tz: false, precision: Some(6) });
        assert_eq!(t("timestamp", Mysql), DataType::Timestamp { tz: true, precision: None });
        assert_eq!(t("varbinary(16)", Mysql), DataType::Binary { length: Some(16), fixed: false });
        assert_eq!(t("mediumtext", Mysql), DataType::native("mediumtext", Some(Mysql)));
        assert_eq!(
            t("enum('a','it''s')", Mysql),
            DataType::Enum { name: None, values: vec!["a".into(), "it's".into()] }
        );
        assert_eq!(t("set('a')", Mysql), DataType::native("set('a')", Some(Mysql)));
        assert_eq!(t("real", Mysql), DataType::Float { bits: 64 });
        assert_eq!(t("float(53)", Mysql), DataType::Float { bits: 64 });
        assert_eq!(t("binary(16)", Mysql), DataType::Binary { length: Some(16), fixed: true });
        assert_eq!(t("longblob", Mysql), DataType::native("longblob", Some(Mysql)));
        assert_eq!(t("bigint(20) unsigned zerofill", Mysql), DataType::Integer { bits: 64, unsigned: true });
    }

    #[test]
    fn sqlite_free_form() {
        assert_eq!(t("INTEGER", Sqlite), DataType::int(32));
        assert_eq!(t("VARCHAR(40)", Sqlite), DataType::varchar(Some(40)));
        assert_eq!(t("boolean", Sqlite), DataType::Boolean);
        assert_eq!(t("datetime", Sqlite), DataType::Timestamp { tz: false, precision: None });
        assert_eq!(t("timestamp", Sqlite), DataType::Timestamp { tz: false, precision: None });
        assert_eq!(t("", Sqlite), DataType::native("", Some(Sqlite)));
        assert_eq!(t("unsigned big int", Sqlite), DataType::Integer { bits: 64, unsigned: true });
        assert_eq!(t("CLOB", Sqlite), DataType::Text);
        assert_eq!(t("REAL", Sqlite), DataType::Float { bits: 64 });
        assert_eq!(t("STRING", Sqlite), DataType::native("STRING", Some(Sqlite)));
    }

    fn d(text: &str, dialect: SqlDialect) -> DefaultExpr {
        default_from_text(text, dialect, None)
    }

    #[test]
    fn postgres_catalog_defaults() {
        assert_eq!(d("'draft'::character varying", Postgres), DefaultExpr::String("draft".into()));
        assert_eq!(d("'{}'::jsonb", Postgres), DefaultExpr::String("{}".into()));
        assert_eq!(d("'-1'::integer", Postgres), DefaultExpr::Number("-1".into()));
        assert_eq!(d("0", Postgres), DefaultExpr::Number("0".into()));
        assert_eq!(d("1.50", Postgres), DefaultExpr::Number("1.50".into()));
        assert_eq!(d("NULL::character varying", Postgres), DefaultExpr::Null);
        assert_eq!(d("true", Postgres), DefaultExpr::Bool(true));
        assert_eq!(d("now()", Postgres), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("CURRENT_TIMESTAMP", Postgres), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("CURRENT_DATE", Postgres), DefaultExpr::CurrentDate);
        assert_eq!(d("'it''s'::text", Postgres), DefaultExpr::String("it's".into()));
        assert_eq!(d("gen_random_uuid()", Postgres), DefaultExpr::Sql("gen_random_uuid()".into()));
        assert_eq!(d("(now() + '1 day'::interval)", Postgres), DefaultExpr::Sql("(now() + '1 day'::interval)".into()));
        assert_eq!(
            d("'2020-01-01 00:00:00'::timestamp without time zone", Postgres),
            DefaultExpr::String("2020-01-01 00:00:00".into())
        );
    }

    #[test]
    fn mariadb_and_sqlite_defaults() {
        assert_eq!(d("'a\\'b'", Mysql), DefaultExpr::String("a'b".into()));
        assert_eq!(d("current_timestamp()", Mysql), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("NULL", Mysql), DefaultExpr::Null);
        assert_eq!(d("-5", Mysql), DefaultExpr::Number("-5".into()));
        assert_eq!(d("current_timestamp(6)", Mysql), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("current_timestamp(x)", Mysql), DefaultExpr::Sql("current_timestamp(x)".into()));
        assert_eq!(d("CURRENT_TIMESTAMP", Sqlite), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("(datetime('now'))", Sqlite), DefaultExpr::Sql("(datetime('now'))".into()));
        assert_eq!(d("(0)", Sqlite), DefaultExpr::Number("0".into()));
        assert_eq!(d("TRUE", Sqlite), DefaultExpr::Bool(true));
        assert_eq!(d("uuid()", Mysql), DefaultExpr::Sql("uuid()".into()));
        assert_eq!(d("`a` + 1", Mysql), DefaultExpr::Sql("\"a\" + 1".into()));
    }

    #[test]
    fn expressions_lose_wrapping_parens_and_take_the_canonical_spelling() {
        assert_eq!(expression_text("((a > 0))", Postgres), "a > 0");
        assert_eq!(expression_text("(a) + (b)", Postgres), "(a) + (b)");
        assert_eq!(expression_text("(`a` <> \"x\")", Mysql), "\"a\" <> 'x'");
        assert_eq!(expression_text("[a] > 0", Sqlite), "\"a\" > 0");
        assert_eq!(expression_text("'open", Postgres), "'open");
    }
}
