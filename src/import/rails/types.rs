//! The one table from ActiveRecord column types (`t.string`, `add_column :t, :c,
//! :integer, limit: 8`) to IR types, per adapter, as ActiveRecord 6.1–8.0's
//! `NATIVE_DATABASE_TYPES` and `type_to_sql` spell them.
//!
//! | Rails | PostgreSQL | MySQL | SQLite |
//! |---|---|---|---|
//! | `string` | `character varying` | `varchar(255)` | `varchar` |
//! | `integer` `limit:` 1,2 / 3,4 / 5..8 | smallint / integer / bigint | tinyint, smallint / mediumint, int / bigint | integer |
//! | `float` | `float` (double) | `float` | `float` |
//! | `datetime` | `timestamp` | `datetime` | `datetime` |
//! | `timestamp` | `timestamp` | `timestamp` | `datetime` |
//! | `boolean` | `boolean` | `tinyint(1)` | `boolean` |
//! | `text` `limit:` | `text` | tinytext/text/mediumtext/longtext | `text` |
//! | `binary` `limit:` | `bytea` | tinyblob/blob/mediumblob/longblob | `blob` |

use crate::host::Value;
use crate::ir::{DataType, SqlDialect};

/// The type options of a column call.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypeOpts {
    /// `limit:`.
    pub limit: Option<i64>,
    /// `precision:`.
    pub precision: Option<u32>,
    /// `scale:`.
    pub scale: Option<u32>,
    /// `array: true` (PostgreSQL).
    pub array: bool,
    /// `unsigned: true` (MySQL).
    pub unsigned: bool,
    /// `size: :tiny|:medium|:long` (MySQL text/blob).
    pub size: Option<String>,
    /// `enum_type:` (7.0 `t.enum`).
    pub enum_type: Option<String>,
}

impl TypeOpts {
    /// Read the type options from a call's keyword arguments.
    pub fn from_kwargs(kw: &[(String, Value)]) -> TypeOpts {
        let get = |k: &str| kw.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v);
        let num = |k: &str| get(k).and_then(Value::as_i64);
        TypeOpts {
            limit: num("limit"),
            precision: num("precision").and_then(|n| u32::try_from(n).ok()),
            scale: num("scale").and_then(|n| u32::try_from(n).ok()),
            array: get("array").and_then(Value::as_bool).unwrap_or(false),
            unsigned: get("unsigned").and_then(Value::as_bool).unwrap_or(false),
            size: get("size").and_then(Value::as_str).map(str::to_string),
            enum_type: get("enum_type").and_then(Value::as_str).map(str::to_string),
        }
    }
}

fn int_by_limit(limit: Option<i64>, d: SqlDialect, unsigned: bool) -> Result<DataType, String> {
    let bits = match (d, limit) {
        (SqlDialect::Mysql, Some(1)) => 8,
        (SqlDialect::Mysql, Some(3)) => 24,
        (_, Some(1 | 2)) => 16,
        (_, None | Some(3 | 4)) => 32,
        (_, Some(5..=8)) => 64,
        (_, Some(n)) => return Err(format!("no integer type with byte size {n} (ActiveRecord accepts limit 1..8)")),
    };
    Ok(DataType::Integer { bits, unsigned: unsigned && d == SqlDialect::Mysql })
}

fn mysql_sized(base: &str, limit: Option<i64>, size: Option<&str>) -> DataType {
    let prefix = match (size, limit) {
        (Some("tiny"), _) => "tiny",
        (Some("medium"), _) => "medium",
        (Some("long"), _) => "long",
        (_, Some(n)) if n <= 0xff => "tiny",
        (_, Some(n)) if n <= 0xffff => "",
        (_, Some(n)) if n <= 0xff_ffff => "medium",
        (_, Some(_)) => "long",
        _ => "",
    };
    match (base, prefix) {
        ("text", "") => DataType::Text,
        ("blob", "") => DataType::Binary { length: None, fixed: false },
        _ => DataType::native(format!("{prefix}{base}"), Some(SqlDialect::Mysql)),
    }
}

/// The IR type of Rails type `ty` (`"string"`, `"integer"`, or a raw SQL type string) on `dialect`.
pub fn column_type(ty: &str, o: &TypeOpts, dialect: SqlDialect) -> Result<DataType, String> {
    use SqlDialect::*;
    let d = dialect;
    let base = match ty {
        "string" => match d {
            Mysql => DataType::varchar(Some(o.limit.map_or(255, |n| n as u32))),
            _ => DataType::varchar(o.limit.map(|n| n as u32)),
        },
        "text" => match d {
            Mysql => mysql_sized("text", o.limit, o.size.as_deref()),
            _ => DataType::Text,
        },
        "integer" => int_by_limit(o.limit, d, o.unsigned)?,
        "bigint" => DataType::Integer { bits: 64, unsigned: o.unsigned && d == Mysql },
        "float" => match (d, o.limit) {
            (Mysql, Some(25..=53)) => DataType::Float { bits: 64 },
            (Mysql, _) => DataType::Float { bits: 32 },
            _ => DataType::Float { bits: 64 },
        },
        "decimal" | "numeric" => DataType::Decimal { precision: o.precision, scale: o.scale },
        "datetime" => DataType::Timestamp { tz: false, precision: o.precision },
        "timestamp" => DataType::Timestamp { tz: d == Mysql, precision: o.precision },
        "timestamptz" => DataType::Timestamp { tz: true, precision: o.precision },
        "time" => DataType::Time { tz: false, precision: o.precision },
        "date" => DataType::Date,
        "binary" | "blob" => match d {
            Mysql => mysql_sized("blob", o.limit, o.size.as_deref()),
            _ => DataType::Binary { length: None, fixed: false },
        },
        "boolean" => DataType::Boolean,
        "json" => DataType::Json { binary: false },
        "jsonb" if d == Postgres => DataType::Json { binary: true },
        "uuid" if d == Postgres => DataType::Uuid,
        "interval" if d == Postgres => DataType::Interval,
        "enum" => match (&o.enum_type, d) {
            (Some(name), Postgres) => DataType::Enum { name: Some(name.as_str().into()), values: Vec::new() },
            _ => return Err("`t.enum` needs `enum_type:` and PostgreSQL".into()),
        },
        "bit" if d == Postgres => DataType::native(format!("bit({})", o.limit.unwrap_or(1)), Some(Postgres)),
        "char" => DataType::Char { length: o.limit.map(|n| n as u32) },
        "primary_key" => return Err("`primary_key` is not a column type here".into()),
        "references" | "belongs_to" => return Err("a reference is not a column type".into()),
        other if KNOWN_PG.contains(&other) && d == Postgres => DataType::native(other, Some(Postgres)),
        other if other.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !other.is_empty() => {
            // ActiveRecord passes unknown symbols through as the SQL type name (`t.column :c, :citext`).
            crate::import::sql::map_type_text(other, d)
        }
        raw => crate::import::sql::map_type_text(raw, d),
    };
    Ok(if o.array && d == Postgres { DataType::Array { of: Box::new(base) } } else { base })
}

/// PostgreSQL types ActiveRecord knows by symbol and polymig keeps by name.
const KNOWN_PG: &[&str] = &[
    "citext",
    "hstore",
    "inet",
    "cidr",
    "macaddr",
    "ltree",
    "tsvector",
    "xml",
    "money",
    "point",
    "line",
    "lseg",
    "box",
    "path",
    "polygon",
    "circle",
    "bit_varying",
    "oid",
    "int4range",
    "int8range",
    "numrange",
    "tsrange",
    "tstzrange",
    "daterange",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn t(ty: &str, limit: Option<i64>, d: SqlDialect) -> DataType {
        column_type(ty, &TypeOpts { limit, ..Default::default() }, d).unwrap()
    }

    #[test]
    fn types_per_adapter() {
        assert_eq!(t("string", None, SqlDialect::Postgres), DataType::varchar(None));
        assert_eq!(t("string", None, SqlDialect::Mysql), DataType::varchar(Some(255)));
        assert_eq!(t("integer", Some(2), SqlDialect::Postgres), DataType::int(16));
        assert_eq!(t("integer", Some(8), SqlDialect::Sqlite), DataType::int(64));
        assert_eq!(t("integer", Some(1), SqlDialect::Mysql), DataType::int(8));
        assert_eq!(t("text", Some(70000), SqlDialect::Mysql), DataType::native("mediumtext", Some(SqlDialect::Mysql)));
        assert_eq!(t("float", None, SqlDialect::Mysql), DataType::Float { bits: 32 });
        assert_eq!(t("timestamp", None, SqlDialect::Mysql), DataType::Timestamp { tz: true, precision: None });
        assert!(
            column_type("integer", &TypeOpts { limit: Some(9), ..Default::default() }, SqlDialect::Postgres).is_err()
        );
        let arr = column_type("string", &TypeOpts { array: true, ..Default::default() }, SqlDialect::Postgres);
        assert_eq!(arr.unwrap(), DataType::Array { of: Box::new(DataType::varchar(None)) });
    }
}
