//! Type text → [`DataType`]: the one table that reads a type name the way a database prints it
//! (`character varying(255)`, `int(11) unsigned`, `timestamp(3) with time zone`, `enum('a','b')`).
//!
//! | text | IR |
//! |---|---|
//! | `smallint` `int2` / `int` `integer` `int4` / `bigint` `int8` | `Integer{16 / 32 / 64}` |
//! | `tinyint` / `mediumint` (MySQL), `… unsigned` | `Integer{8 / 24}`, `unsigned: true` |
//! | `tinyint(1)`, `bool`, `boolean` | `Boolean` |
//! | `numeric(p,s)` `decimal(p,s)` | `Decimal` |
//! | `real` `float4` / `double [precision]` `float8` | `Float{32 / 64}`; MySQL `real` is 64; `float` is 64 on PostgreSQL and SQLite, 32 on MySQL; `float(p)` is 32 up to p = 24 |
//! | `char(n)` `character(n)` `bpchar` / `varchar(n)` `character varying(n)` / `text` | `Char` / `Varchar` / `Text` |
//! | `bytea` `blob` / `varbinary(n)` `binary(n)` | `Binary{None / n}` |
//! | `date`, `time[tz]`, `uuid`, `json`; PostgreSQL `interval`, `jsonb` | as named |
//! | `timestamp` | `Timestamp{tz:false}` (MySQL: `tz:true`); `timestamptz` / `… with time zone`: `tz:true`; MySQL/SQLite `datetime`: `tz:false` |
//! | MySQL `enum('a','b')` | `Enum{name: None, values}` |
//! | `T[]`, `T ARRAY` | `Array{of: T}` |
//! | anything else | `Native{sql, dialect}` |

use super::lex::{Kind as Tk, Token, tokenize};
use crate::ir::{DataType, SqlDialect};

/// Map a type as a database prints it (or a migration spells it) to the IR.
pub fn map_type(text: &str, dialect: SqlDialect) -> DataType {
    let text = text.trim();
    let tokens = tokenize(text, dialect);
    // Trailing `ARRAY`, or `[]` pairs (or `[n]`) make an array of what precedes them.
    let mut end = tokens.len();
    let mut dims = 0;
    while end >= 2 && tokens[end - 1].is("]") {
        let open = tokens[..end].iter().rposition(|t| t.is("["));
        match open {
            Some(o) => {
                end = o;
                dims += 1;
            }
            None => break,
        }
    }
    while end >= 2 && tokens[end - 1].is_kw("array") {
        end -= 1;
        dims += 1;
    }
    if dims > 0 {
        let inner = text[..tokens[end].start].trim();
        let mut ty = map_type(inner, dialect);
        for _ in 0..dims {
            ty = DataType::Array { of: Box::new(ty) };
        }
        return ty;
    }
    scalar(&tokens[..end], dialect).unwrap_or_else(|| DataType::native(text, Some(dialect)))
}

/// The words and parenthesised arguments of a type name.
struct Parts {
    words: Vec<String>,
    numbers: Vec<u32>,
    strings: Vec<String>,
    unsigned: bool,
    tz: Option<bool>,
    has_args: bool,
}

fn parts(tokens: &[Token]) -> Option<Parts> {
    let mut p = Parts { words: vec![], numbers: vec![], strings: vec![], unsigned: false, tz: None, has_args: false };
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let lower = t.value.to_ascii_lowercase();
        match t.kind {
            Tk::Word if lower == "unsigned" && !p.words.is_empty() => p.unsigned = true,
            Tk::Word if lower == "signed" || lower == "zerofill" => {}
            Tk::Word if lower == "with" || lower == "without" => {
                let zone = tokens.get(i + 1).is_some_and(|t| t.is_kw("time")) && tokens.get(i + 2)?.is_kw("zone");
                if !zone {
                    return None;
                }
                p.tz = Some(lower == "with");
                i += 2;
            }
            Tk::Word if lower == "character" && tokens.get(i + 1).is_some_and(|t| t.is_kw("set")) => {
                i += 2; // `character set utf8mb4`: the charset is not part of the IR type
            }
            Tk::Word if lower == "charset" || lower == "collate" => i += 1,
            Tk::Word => p.words.push(lower),
            Tk::Punct if t.is("(") => {
                p.has_args = true;
                i += 1;
                while i < tokens.len() && !tokens[i].is(")") {
                    match tokens[i].kind {
                        Tk::Num => p.numbers.push(tokens[i].value.parse().ok()?),
                        Tk::Str => p.strings.push(tokens[i].value.clone()),
                        Tk::Punct if tokens[i].is(",") => {}
                        _ => return None,
                    }
                    i += 1;
                }
            }
            _ => return None,
        }
        i += 1;
    }
    Some(p)
}

/// How a base type name maps to the IR (the same rows as the SQL importer's type table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    /// `tinyint`: `tinyint(1)` is MySQL's boolean.
    TinyInt,
    Int(u8),
    UnsignedInt(u8),
    Decimal,
    Float(u8),
    /// `float(p)`: 32 bits up to p = 24, else 64; the number is the width without `p`.
    FloatP(u8),
    Char,
    Varchar,
    Text,
    Binary,
    Date,
    Time,
    TimeTz,
    Timestamp,
    TimestampTz,
    Interval,
    Uuid,
    Json,
    Jsonb,
    InlineEnum,
}

use SqlDialect::{Mysql as MY, Postgres as PG, Sqlite as LITE};
const ALL: &[SqlDialect] = &[PG, MY, LITE];

/// Base names (lower case, words joined by one space), the dialects where they mean this, and
/// the IR kind. The first matching row wins. Catalogs never print the `serial` pseudo-types, but
/// migrations do: they read as their integer type here (the auto-increment is the caller's).
const TABLE: &[(&[&str], &[SqlDialect], Kind)] = &[
    (&["boolean", "bool"], ALL, Kind::Bool),
    (&["tinyint", "int1"], ALL, Kind::TinyInt),
    (&["smallint", "int2"], ALL, Kind::Int(16)),
    (&["mediumint", "int3", "middleint"], ALL, Kind::Int(24)),
    (&["integer", "int", "int4"], ALL, Kind::Int(32)),
    (&["bigint", "int8"], ALL, Kind::Int(64)),
    (&["unsigned big int"], &[LITE], Kind::UnsignedInt(64)),
    (&["smallserial", "serial2"], &[PG], Kind::Int(16)),
    (&["serial", "serial4"], &[PG], Kind::Int(32)),
    (&["bigserial", "serial8"], &[PG], Kind::Int(64)),
    (&["serial"], &[MY], Kind::UnsignedInt(64)),
    (&["numeric", "decimal", "dec", "fixed"], ALL, Kind::Decimal),
    // PostgreSQL `real` is 4 bytes; MySQL `REAL` is a synonym of DOUBLE.
    (&["real", "float4"], &[PG, LITE], Kind::Float(32)),
    (&["real"], &[MY], Kind::Float(64)),
    (&["float"], &[PG], Kind::FloatP(64)),
    (&["float"], &[MY], Kind::FloatP(32)),
    (&["float"], &[LITE], Kind::Float(64)),
    (&["double precision", "double", "float8"], ALL, Kind::Float(64)),
    (
        &["char", "character", "nchar", "national char", "national character", "native character", "bpchar"],
        ALL,
        Kind::Char,
    ),
    (
        &[
            "varchar",
            "character varying",
            "char varying",
            "nvarchar",
            "nchar varying",
            "national char varying",
            "national character varying",
            "varying character",
            "varchar2",
        ],
        ALL,
        Kind::Varchar,
    ),
    (&["text", "clob"], ALL, Kind::Text),
    (&["bytea"], &[PG], Kind::Binary),
    (&["blob", "varbinary", "binary", "binary varying"], ALL, Kind::Binary),
    (&["date"], ALL, Kind::Date),
    (&["time"], ALL, Kind::Time),
    (&["timetz"], &[PG], Kind::TimeTz),
    // MySQL TIMESTAMP is stored in UTC and shown in the session zone; DATETIME is a wall clock.
    (&["timestamp"], &[PG, LITE], Kind::Timestamp),
    (&["timestamp"], &[MY], Kind::TimestampTz),
    (&["timestamptz"], &[PG], Kind::TimestampTz),
    (&["datetime"], &[MY, LITE], Kind::Timestamp),
    (&["interval"], &[PG], Kind::Interval),
    (&["uuid"], ALL, Kind::Uuid),
    (&["json"], ALL, Kind::Json),
    (&["jsonb"], &[PG], Kind::Jsonb),
    (&["enum"], &[MY], Kind::InlineEnum),
];

fn scalar(tokens: &[Token], dialect: SqlDialect) -> Option<DataType> {
    let p = parts(tokens)?;
    let base = p.words.join(" ");
    let kind = TABLE.iter().find(|(names, ds, _)| names.contains(&base.as_str()) && ds.contains(&dialect))?.2;
    let num = |i: usize| p.numbers.get(i).copied();
    let tz = p.tz.unwrap_or(false);
    let time_like = matches!(kind, Kind::Time | Kind::Timestamp);
    if (p.tz.is_some() && !time_like) || (!p.strings.is_empty() && kind != Kind::InlineEnum) {
        return None;
    }
    Some(match kind {
        Kind::Bool => DataType::Boolean,
        Kind::TinyInt if num(0) == Some(1) => DataType::Boolean,
        Kind::TinyInt => DataType::Integer { bits: 8, unsigned: p.unsigned },
        Kind::Int(bits) => DataType::Integer { bits, unsigned: p.unsigned },
        Kind::UnsignedInt(bits) => DataType::Integer { bits, unsigned: true },
        Kind::Decimal => DataType::Decimal { precision: num(0), scale: num(1) },
        Kind::Float(bits) => DataType::Float { bits },
        Kind::FloatP(default) => match (num(0), p.numbers.len()) {
            (Some(n), 1) => DataType::Float { bits: if n <= 24 { 32 } else { 64 } },
            _ => DataType::Float { bits: default },
        },
        Kind::Char => DataType::Char { length: num(0) },
        Kind::Varchar => DataType::Varchar { length: num(0) },
        Kind::Text => DataType::Text,
        Kind::Binary => DataType::Binary { length: num(0), fixed: false },
        Kind::Date => DataType::Date,
        Kind::Time => DataType::Time { tz, precision: num(0) },
        Kind::TimeTz => DataType::Time { tz: true, precision: num(0) },
        Kind::Timestamp => DataType::Timestamp { tz, precision: num(0) },
        Kind::TimestampTz => DataType::Timestamp { tz: true, precision: num(0) },
        Kind::Interval => DataType::Interval,
        Kind::Uuid => DataType::Uuid,
        Kind::Json => DataType::Json { binary: false },
        Kind::Jsonb => DataType::Json { binary: true },
        Kind::InlineEnum if p.numbers.is_empty() => DataType::Enum { name: None, values: p.strings.clone() },
        Kind::InlineEnum => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use SqlDialect::{Mysql, Postgres, Sqlite};

    fn t(text: &str, d: SqlDialect) -> DataType {
        map_type(text, d)
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
        assert_eq!(t("binary(16)", Mysql), DataType::Binary { length: Some(16), fixed: false });
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
        assert_eq!(t("REAL", Sqlite), DataType::Float { bits: 32 });
        assert_eq!(t("STRING", Sqlite), DataType::native("STRING", Some(Sqlite)));
    }
}
