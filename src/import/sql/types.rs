//! Column types as written → portable [`DataType`]s: the importer's one type table.
//!
//! A type is first read into a [`Spelling`] (base words, arguments, array dimensions, `UNSIGNED`,
//! `WITH TIME ZONE`), then looked up in [`TABLE`] by base name and dialect. Anything not in the
//! table is kept as `Native { sql: <as written>, dialect }`; a PostgreSQL type created earlier by
//! `CREATE TYPE … AS ENUM` becomes `Enum { name }`.

use std::collections::BTreeSet;

use sqlparser::tokenizer::Token;

use super::toks::{Tok, split_top, text};
use crate::ir::{AutoIncrement, DataType, QName, SqlDialect};

use SqlDialect::{Mysql as MY, Postgres as PG, Sqlite as LITE};

/// What a column type implies besides its [`DataType`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypeInfo {
    /// The portable type.
    pub data_type: DataType,
    /// `serial` types: `Serial`; MySQL `SERIAL`: `AutoIncrement`.
    pub auto_increment: Option<AutoIncrement>,
    /// The type makes the column `NOT NULL` (serial types).
    pub not_null: bool,
    /// The type makes the column unique (MySQL `SERIAL`).
    pub unique: bool,
}

/// The enum types created so far in the history, by [`QName::key`].
#[derive(Debug, Clone, Default)]
pub(crate) struct KnownEnums(BTreeSet<String>);

impl KnownEnums {
    /// Remember `CREATE TYPE name AS ENUM`.
    pub(crate) fn insert(&mut self, name: &QName) {
        self.0.insert(name.key());
    }

    /// Forget `DROP TYPE name`.
    pub(crate) fn remove(&mut self, name: &QName) {
        self.0.retain(|k| !matches_key(k, name));
    }

    /// Whether `name` is a known enum (an unqualified name matches any schema).
    pub(crate) fn contains(&self, name: &QName) -> bool {
        self.0.iter().any(|k| matches_key(k, name))
    }
}

fn matches_key(key: &str, name: &QName) -> bool {
    let unqualified = key.rsplit('.').next().unwrap_or(key);
    key == name.key() || (name.schema.is_none() || !key.contains('.')) && unqualified == name.name
}

/// How a base type name maps to the IR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    /// `tinyint`: `tinyint(1)` is MySQL's boolean.
    TinyInt,
    Int(u8),
    UnsignedInt(u8),
    /// PostgreSQL `serial` family.
    Serial(u8),
    /// MySQL `SERIAL` = `BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE`.
    MySqlSerial,
    Decimal,
    Float(u8),
    /// `float(p)`: 32 bits up to p = 24, else 64; the number is the width without `p`.
    FloatP(u8),
    Char,
    Varchar,
    Text,
    Binary,
    /// `binary(n)`: fixed length, padded.
    FixedBinary,
    Date,
    Time,
    TimeTz,
    Timestamp,
    TimestampTz,
    Interval,
    Uuid,
    Json,
    Jsonb,
    /// MySQL inline `enum('a', 'b')`.
    InlineEnum,
}

const ALL: &[SqlDialect] = &[PG, MY, LITE];

/// The type table: base names (lower case, words joined by one space), the dialects where they
/// mean this, and the IR kind. The first matching row wins.
const TABLE: &[(&[&str], &[SqlDialect], Kind)] = &[
    (&["boolean", "bool"], ALL, Kind::Bool),
    (&["tinyint", "int1"], ALL, Kind::TinyInt),
    (&["smallint", "int2"], ALL, Kind::Int(16)),
    (&["mediumint", "int3", "middleint"], ALL, Kind::Int(24)),
    (&["integer", "int", "int4"], ALL, Kind::Int(32)),
    (&["bigint", "int8"], ALL, Kind::Int(64)),
    (&["unsigned big int"], &[LITE], Kind::UnsignedInt(64)),
    (&["smallserial", "serial2"], &[PG], Kind::Serial(16)),
    (&["serial", "serial4"], &[PG], Kind::Serial(32)),
    (&["bigserial", "serial8"], &[PG], Kind::Serial(64)),
    (&["serial"], &[MY], Kind::MySqlSerial),
    (&["numeric", "decimal", "dec", "fixed"], ALL, Kind::Decimal),
    // PostgreSQL `real` is 4 bytes; MySQL `REAL` is a synonym of DOUBLE; every SQLite REAL is
    // an 8-byte double.
    (&["real", "float", "float4"], &[LITE], Kind::Float(64)),
    (&["real"], &[MY], Kind::Float(64)),
    (&["real", "float4"], &[PG, MY], Kind::Float(32)),
    (&["float"], &[PG], Kind::FloatP(64)),
    (&["float"], &[MY], Kind::FloatP(32)),
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
    (&["blob", "varbinary", "binary varying"], ALL, Kind::Binary),
    (&["binary"], ALL, Kind::FixedBinary),
    (&["date"], ALL, Kind::Date),
    (&["time"], ALL, Kind::Time),
    (&["timetz"], &[PG], Kind::TimeTz),
    // MySQL TIMESTAMP is stored in UTC and shown in the session zone; DATETIME is a wall clock.
    (&["timestamp"], &[PG, LITE], Kind::Timestamp),
    (&["timestamp"], &[MY], Kind::TimestampTz),
    // polymig's SQLite export spells a zoned timestamp `timestamptz`: read it back as one.
    (&["timestamptz"], &[PG, LITE], Kind::TimestampTz),
    (&["datetime"], &[MY, LITE], Kind::Timestamp),
    (&["interval"], &[PG], Kind::Interval),
    (&["uuid"], ALL, Kind::Uuid),
    (&["json"], ALL, Kind::Json),
    (&["jsonb"], &[PG], Kind::Jsonb),
    (&["enum"], &[MY], Kind::InlineEnum),
];

fn lookup(base: &str, dialect: SqlDialect) -> Option<Kind> {
    TABLE.iter().find(|(names, dialects, _)| names.contains(&base) && dialects.contains(&dialect)).map(|r| r.2)
}

/// A type as written, taken apart: `timestamp(3) with time zone[]`.
#[derive(Debug, Default)]
struct Spelling {
    /// Base name words, unquoted ones in lower case: `["character", "varying"]`.
    words: Vec<String>,
    /// True when the name was quoted or schema-qualified (so it names a user type).
    user_name: bool,
    /// Arguments inside the first parentheses.
    args: Vec<Arg>,
    array_dims: usize,
    unsigned: bool,
    /// `WITH TIME ZONE` (Some(true)) / `WITHOUT TIME ZONE` (Some(false)).
    tz: Option<bool>,
    /// A part the spelling does not understand (kept `Native`).
    unknown: bool,
}

#[derive(Debug)]
enum Arg {
    Num(u32),
    Str(String),
    Other,
}

const MODIFIERS: &[&str] = &["unsigned", "signed", "zerofill", "with", "without", "array"];

fn spell(toks: &[Tok]) -> Spelling {
    let mut s = Spelling::default();
    let mut i = 0;
    while let Some(t) = toks.get(i) {
        match t.token {
            Token::Word(w) if w.quote_style.is_some() => {
                s.words.push(w.value.clone());
                s.user_name = true;
            }
            Token::Word(w) if s.words.is_empty() || !MODIFIERS.iter().any(|m| t.is_word(m)) => {
                s.words.push(w.value.to_ascii_lowercase());
            }
            Token::Period => s.user_name = true,
            _ => break,
        }
        i += 1;
    }
    if toks.get(i).is_some_and(|t| t.is(&Token::LParen)) {
        let close = super::toks::group_end(toks, i).unwrap_or(toks.len() - 1);
        s.args = split_top(&toks[i + 1..close], &Token::Comma).into_iter().map(arg).collect();
        i = close + 1;
    }
    while let Some(t) = toks.get(i) {
        if t.is_word("unsigned") {
            s.unsigned = true;
        } else if t.is_word("signed") || t.is_word("zerofill") {
        } else if t.is_word("array") {
            s.array_dims += 1;
            if toks.get(i + 1).is_some_and(|n| n.is(&Token::LBracket)) {
                i = super::toks::group_end(toks, i + 1).unwrap_or(toks.len());
            }
        } else if t.is(&Token::LBracket) {
            s.array_dims += 1;
            i = super::toks::group_end(toks, i).unwrap_or(toks.len());
        } else if (t.is_word("with") || t.is_word("without"))
            && toks.get(i + 1).is_some_and(|n| n.is_word("time"))
            && toks.get(i + 2).is_some_and(|n| n.is_word("zone"))
        {
            s.tz = Some(t.is_word("with"));
            i += 2;
        } else {
            s.unknown = true;
        }
        i += 1;
    }
    s
}

fn arg(toks: &[Tok]) -> Arg {
    match toks {
        [t] => match t.token {
            Token::Number(n, _) => n.parse().map_or(Arg::Other, Arg::Num),
            _ => t.string_value().map_or(Arg::Other, |v| Arg::Str(v.to_string())),
        },
        _ => Arg::Other,
    }
}

/// Map the type written as `toks` (in `src`) for `dialect`.
pub(crate) fn map_type(toks: &[Tok], src: &str, dialect: SqlDialect, enums: &KnownEnums) -> TypeInfo {
    let s = spell(toks);
    let native = || DataType::native(text(src, toks), Some(dialect));
    let mut info = TypeInfo { data_type: native(), auto_increment: None, not_null: false, unique: false };
    if s.words.is_empty() || s.unknown {
        return info;
    }
    let base = s.words.join(" ");
    let kind = if s.user_name { None } else { lookup(&base, dialect) };
    let element = match kind {
        Some(kind) => match lower_kind(kind, &s, &mut info) {
            Some(t) => t,
            None => return info,
        },
        None if dialect == PG && s.tz.is_none() => {
            let name = match s.words.as_slice() {
                [schema, name] => QName::qualified(schema.clone(), name.clone()),
                _ => QName::new(base),
            };
            if !enums.contains(&name) {
                return info;
            }
            DataType::Enum { name: Some(name), values: Vec::new() }
        }
        None => return info,
    };
    info.data_type = (0..s.array_dims).fold(element, |of, _| DataType::Array { of: Box::new(of) });
    info
}

fn lower_kind(kind: Kind, s: &Spelling, info: &mut TypeInfo) -> Option<DataType> {
    let num = |i: usize| match s.args.get(i) {
        Some(Arg::Num(n)) => Some(*n),
        _ => None,
    };
    let tz = s.tz.unwrap_or(false);
    Some(match kind {
        Kind::Bool => DataType::Boolean,
        Kind::TinyInt if num(0) == Some(1) => DataType::Boolean,
        Kind::TinyInt => DataType::Integer { bits: 8, unsigned: s.unsigned },
        Kind::Int(bits) => DataType::Integer { bits, unsigned: s.unsigned },
        Kind::UnsignedInt(bits) => DataType::Integer { bits, unsigned: true },
        Kind::Serial(bits) => {
            info.auto_increment = Some(AutoIncrement::Serial);
            info.not_null = true;
            DataType::int(bits)
        }
        Kind::MySqlSerial => {
            info.auto_increment = Some(AutoIncrement::AutoIncrement);
            info.not_null = true;
            info.unique = true;
            DataType::Integer { bits: 64, unsigned: true }
        }
        Kind::Decimal => DataType::Decimal { precision: num(0), scale: num(1) },
        Kind::Float(bits) => DataType::Float { bits },
        Kind::FloatP(default) => match (num(0), s.args.len()) {
            (Some(p), 1) => DataType::Float { bits: if p <= 24 { 32 } else { 64 } },
            _ => DataType::Float { bits: default },
        },
        Kind::Char => DataType::Char { length: num(0) },
        Kind::Varchar => DataType::Varchar { length: num(0) },
        Kind::Text => DataType::Text,
        Kind::Binary => DataType::Binary { length: num(0), fixed: false },
        Kind::FixedBinary => DataType::Binary { length: num(0), fixed: true },
        Kind::Date => DataType::Date,
        Kind::Time => DataType::Time { tz, precision: num(0) },
        Kind::TimeTz => DataType::Time { tz: true, precision: num(0) },
        Kind::Timestamp => DataType::Timestamp { tz, precision: num(0) },
        Kind::TimestampTz => DataType::Timestamp { tz: true, precision: num(0) },
        Kind::Interval => DataType::Interval,
        Kind::Uuid => DataType::Uuid,
        Kind::Json => DataType::Json { binary: false },
        Kind::Jsonb => DataType::Json { binary: true },
        Kind::InlineEnum => {
            let values: Option<Vec<String>> =
                s.args.iter().map(|a| if let Arg::Str(v) = a { Some(v.clone()) } else { None }).collect();
            DataType::Enum { name: None, values: values? }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::dialect::Flavor;
    use crate::import::sql::lex::lex;
    use crate::import::sql::toks::significant;
    use pretty_assertions::assert_eq;

    fn info(sql: &str, dialect: SqlDialect) -> TypeInfo {
        let lexed = lex(sql, Flavor::of(dialect));
        let toks = significant(&lexed);
        let mut enums = KnownEnums::default();
        enums.insert(&QName::new("mood"));
        enums.insert(&QName::qualified("audit", "Level"));
        map_type(&toks, sql, dialect, &enums)
    }

    fn ty(sql: &str, dialect: SqlDialect) -> DataType {
        info(sql, dialect).data_type
    }

    fn native(sql: &str, dialect: SqlDialect) -> DataType {
        DataType::native(sql, Some(dialect))
    }

    #[test]
    fn integers() {
        for (sql, bits) in [("int", 32), ("integer", 32), ("int4", 32), ("smallint", 16), ("int2", 16)] {
            assert_eq!(ty(sql, PG), DataType::int(bits), "{sql}");
        }
        assert_eq!(ty("bigint", PG), DataType::int(64));
        assert_eq!(ty("INT8", LITE), DataType::int(64));
        assert_eq!(ty("tinyint", MY), DataType::int(8));
        assert_eq!(ty("mediumint", MY), DataType::int(24));
        assert_eq!(ty("int(11) unsigned zerofill", MY), DataType::Integer { bits: 32, unsigned: true });
        assert_eq!(ty("bigint unsigned", MY), DataType::Integer { bits: 64, unsigned: true });
        assert_eq!(ty("UNSIGNED BIG INT", LITE), DataType::Integer { bits: 64, unsigned: true });
    }

    #[test]
    fn mysql_tinyint_1_is_boolean() {
        assert_eq!(ty("tinyint(1)", MY), DataType::Boolean);
        assert_eq!(ty("tinyint(4)", MY), DataType::int(8));
        assert_eq!(ty("boolean", PG), DataType::Boolean);
        assert_eq!(ty("BOOL", MY), DataType::Boolean);
    }

    #[test]
    fn serial_family() {
        let i = info("bigserial", PG);
        assert_eq!((i.data_type, i.auto_increment, i.not_null), (DataType::int(64), Some(AutoIncrement::Serial), true));
        assert_eq!(info("serial", PG).data_type, DataType::int(32));
        assert_eq!(info("smallserial", PG).data_type, DataType::int(16));
        let i = info("SERIAL", MY);
        assert_eq!(i.data_type, DataType::Integer { bits: 64, unsigned: true });
        assert_eq!((i.auto_increment, i.not_null, i.unique), (Some(AutoIncrement::AutoIncrement), true, true));
    }

    #[test]
    fn decimals_and_floats() {
        assert_eq!(ty("numeric(10, 2)", PG), DataType::Decimal { precision: Some(10), scale: Some(2) });
        assert_eq!(ty("decimal", MY), DataType::Decimal { precision: None, scale: None });
        assert_eq!(ty("real", PG), DataType::Float { bits: 32 });
        assert_eq!(ty("float4", PG), DataType::Float { bits: 32 });
        assert_eq!(ty("double precision", PG), DataType::Float { bits: 64 });
        assert_eq!(ty("float8", PG), DataType::Float { bits: 64 });
        assert_eq!(ty("float", PG), DataType::Float { bits: 64 });
        assert_eq!(ty("float(10)", PG), DataType::Float { bits: 32 });
        assert_eq!(ty("float", MY), DataType::Float { bits: 32 });
        assert_eq!(ty("float(53)", MY), DataType::Float { bits: 64 });
        assert_eq!(ty("double", MY), DataType::Float { bits: 64 });
        assert_eq!(ty("double(10,2)", MY), DataType::Float { bits: 64 });
        assert_eq!(ty("real", MY), DataType::Float { bits: 64 });
        assert_eq!(ty("REAL", LITE), DataType::Float { bits: 64 });
        assert_eq!(ty("FLOAT4", LITE), DataType::Float { bits: 64 });
        assert_eq!(ty("float4", MY), DataType::Float { bits: 32 });
    }

    #[test]
    fn strings_and_binaries() {
        assert_eq!(ty("char(2)", PG), DataType::Char { length: Some(2) });
        assert_eq!(ty("character(36)", PG), DataType::Char { length: Some(36) });
        assert_eq!(ty("varchar(255)", MY), DataType::varchar(Some(255)));
        assert_eq!(ty("character varying", PG), DataType::varchar(None));
        assert_eq!(ty("character varying(20)", PG), DataType::varchar(Some(20)));
        assert_eq!(ty("VARYING CHARACTER(255)", LITE), DataType::varchar(Some(255)));
        assert_eq!(ty("NVARCHAR(100)", LITE), DataType::varchar(Some(100)));
        assert_eq!(ty("text", PG), DataType::Text);
        assert_eq!(ty("CLOB", LITE), DataType::Text);
        assert_eq!(ty("bytea", PG), DataType::Binary { length: None, fixed: false });
        assert_eq!(ty("blob", MY), DataType::Binary { length: None, fixed: false });
        assert_eq!(ty("varbinary(16)", MY), DataType::Binary { length: Some(16), fixed: false });
        assert_eq!(ty("binary(16)", MY), DataType::Binary { length: Some(16), fixed: true });
        assert_eq!(ty("BINARY", MY), DataType::Binary { length: None, fixed: true });
        assert_eq!(ty("mediumtext", MY), native("mediumtext", MY));
        assert_eq!(ty("longblob", MY), native("longblob", MY));
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(ty("date", PG), DataType::Date);
        assert_eq!(ty("time", PG), DataType::Time { tz: false, precision: None });
        assert_eq!(ty("time(6) with time zone", PG), DataType::Time { tz: true, precision: Some(6) });
        assert_eq!(ty("timetz", PG), DataType::Time { tz: true, precision: None });
        assert_eq!(ty("timestamp", PG), DataType::Timestamp { tz: false, precision: None });
        assert_eq!(ty("timestamp(3) without time zone", PG), DataType::Timestamp { tz: false, precision: Some(3) });
        assert_eq!(ty("timestamp with time zone", PG), DataType::Timestamp { tz: true, precision: None });
        assert_eq!(ty("timestamptz(3)", PG), DataType::Timestamp { tz: true, precision: Some(3) });
        assert_eq!(ty("datetime(3)", MY), DataType::Timestamp { tz: false, precision: Some(3) });
        assert_eq!(ty("timestamp", MY), DataType::Timestamp { tz: true, precision: None });
        assert_eq!(ty("DATETIME", LITE), DataType::Timestamp { tz: false, precision: None });
        // polymig's own SQLite spelling of a zoned timestamp reads back as one.
        assert_eq!(ty("timestamptz", LITE), DataType::Timestamp { tz: true, precision: None });
        assert_eq!(ty("interval", PG), DataType::Interval);
        assert_eq!(ty("interval day to second", PG), native("interval day to second", PG));
        assert_eq!(ty("datetime", PG), native("datetime", PG));
    }

    #[test]
    fn uuid_json_and_natives() {
        assert_eq!(ty("uuid", PG), DataType::Uuid);
        assert_eq!(ty("json", MY), DataType::Json { binary: false });
        assert_eq!(ty("jsonb", PG), DataType::Json { binary: true });
        assert_eq!(ty("tsvector", PG), native("tsvector", PG));
        assert_eq!(ty("geometry(Point, 4326)", PG), native("geometry(Point, 4326)", PG));
        assert_eq!(ty("STRING", LITE), native("STRING", LITE));
        assert_eq!(ty("bit varying(5)", PG), native("bit varying(5)", PG));
        assert_eq!(ty("set('a','b')", MY), native("set('a','b')", MY));
    }

    #[test]
    fn arrays() {
        let arr = |of| DataType::Array { of: Box::new(of) };
        assert_eq!(ty("integer[]", PG), arr(DataType::int(32)));
        assert_eq!(ty("int ARRAY", PG), arr(DataType::int(32)));
        assert_eq!(ty("text[3][]", PG), arr(arr(DataType::Text)));
        assert_eq!(ty("character varying(255)[]", PG), arr(DataType::varchar(Some(255))));
    }

    #[test]
    fn enums() {
        let named = |n: QName| DataType::Enum { name: Some(n), values: vec![] };
        assert_eq!(ty("mood", PG), named(QName::new("mood")));
        assert_eq!(ty("public.mood", PG), named(QName::qualified("public", "mood")));
        assert_eq!(ty("audit.\"Level\"", PG), named(QName::qualified("audit", "Level")));
        assert_eq!(ty("\"Mood\"", PG), native("\"Mood\"", PG));
        assert_eq!(ty("mood[]", PG), DataType::Array { of: Box::new(named(QName::new("mood"))) });
        assert_eq!(ty("enum('a','b''c')", MY), DataType::Enum { name: None, values: vec!["a".into(), "b'c".into()] });
    }

    #[test]
    fn known_enums_match_across_qualification() {
        let mut e = KnownEnums::default();
        e.insert(&QName::qualified("public", "mood"));
        assert!(e.contains(&QName::new("mood")));
        assert!(e.contains(&QName::qualified("public", "mood")));
        assert!(!e.contains(&QName::qualified("other", "mood")));
        e.remove(&QName::new("mood"));
        assert!(!e.contains(&QName::new("mood")));
    }
}
