//! Django field class → column type per backend, as `connection.data_types` of each backend
//! spells it (`django/db/backends/{postgresql,mysql,sqlite3}/base.py`), plus the CHECK Django
//! adds for positive integers (and JSON on SQLite).
//!
//! | field | PostgreSQL | MySQL/MariaDB | SQLite |
//! |---|---|---|---|
//! | `AutoField` | `integer` identity | `integer AUTO_INCREMENT` | `integer AUTOINCREMENT` |
//! | `DateTimeField` | `timestamp with time zone` | `datetime(6)` | `datetime` |
//! | `TextField` | `text` | `longtext` | `text` |
//! | `UUIDField` | `uuid` | `uuid` (MariaDB ≥ 10.7) | `char(32)` |
//! | `PositiveIntegerField` | `integer` + CHECK | `integer UNSIGNED` + CHECK | `integer unsigned` + CHECK |

use super::state::Field;
use crate::ir::{DataType, SqlDialect};

/// The column type of a (non-relation) field on `d` (`None`: PostgreSQL's portable meaning),
/// or why there is none.
pub fn column_type(f: &Field, d: Option<SqlDialect>) -> Result<DataType, String> {
    use DataType as T;
    let d = d.unwrap_or(SqlDialect::Postgres);
    let (pg, my, lite) = (d == SqlDialect::Postgres, d == SqlDialect::Mysql, d == SqlDialect::Sqlite);
    let native = |s: &str| T::native(s, Some(d));
    let varchar = |default: Option<u32>| T::varchar(f.max_length.or(default));
    Ok(match f.class.as_str() {
        "AutoField" | "IntegerField" => T::int(32),
        "BigAutoField" if lite => T::int(32),
        "BigAutoField" | "BigIntegerField" => T::int(64),
        "SmallAutoField" if lite => T::int(32),
        "SmallAutoField" | "SmallIntegerField" => T::int(16),
        "PositiveIntegerField" if pg => T::int(32),
        "PositiveBigIntegerField" if pg => T::int(64),
        "PositiveSmallIntegerField" if pg => T::int(16),
        "PositiveIntegerField" if my => T::Integer { bits: 32, unsigned: true },
        "PositiveBigIntegerField" if my => T::Integer { bits: 64, unsigned: true },
        "PositiveSmallIntegerField" if my => T::Integer { bits: 16, unsigned: true },
        "PositiveIntegerField" => native("integer unsigned"),
        "PositiveBigIntegerField" => native("bigint unsigned"),
        "PositiveSmallIntegerField" => native("smallint unsigned"),
        "BinaryField" if my => native("longblob"),
        "BinaryField" => T::Binary { length: None, fixed: false },
        "BooleanField" if lite => native("bool"),
        "BooleanField" => T::Boolean,
        "CharField" => varchar(None),
        "EmailField" => varchar(Some(254)),
        "URLField" => varchar(Some(200)),
        "SlugField" => varchar(Some(50)),
        "FileField" | "ImageField" | "FilePathField" => varchar(Some(100)),
        "DateField" => T::Date,
        "DateTimeField" if pg => T::Timestamp { tz: true, precision: None },
        "DateTimeField" if my => T::Timestamp { tz: false, precision: Some(6) },
        "DateTimeField" => native("datetime"),
        "TimeField" if my => T::Time { tz: false, precision: Some(6) },
        "TimeField" => T::Time { tz: false, precision: None },
        "DecimalField" if lite => native("decimal"),
        "DecimalField" => T::Decimal { precision: f.max_digits, scale: f.decimal_places },
        "DurationField" if pg => T::Interval,
        "DurationField" => T::int(64),
        "FloatField" if lite => T::Float { bits: 32 },
        "FloatField" => T::Float { bits: 64 },
        "IPAddressField" if pg => native("inet"),
        "GenericIPAddressField" if pg => native("inet"),
        "IPAddressField" => T::Char { length: Some(15) },
        "GenericIPAddressField" => T::Char { length: Some(39) },
        "JSONField" if pg => T::Json { binary: true },
        "JSONField" if my => T::Json { binary: false },
        "JSONField" => T::Text,
        "TextField" if my => native("longtext"),
        "TextField" => T::Text,
        "UUIDField" if pg => T::Uuid,
        "UUIDField" if my => native("uuid"),
        "UUIDField" => T::Char { length: Some(32) },
        // django.contrib.postgres
        "ArrayField" if pg => {
            let base = f.base_field.as_deref().ok_or("ArrayField without base_field")?;
            T::Array { of: Box::new(column_type(base, Some(d))?) }
        }
        "HStoreField" if pg => native("hstore"),
        "CICharField" | "CIEmailField" | "CITextField" if pg => native("citext"),
        "IntegerRangeField" if pg => native("int4range"),
        "BigIntegerRangeField" if pg => native("int8range"),
        "DecimalRangeField" if pg => native("numrange"),
        "DateTimeRangeField" if pg => native("tstzrange"),
        "DateRangeField" if pg => native("daterange"),
        "SearchVectorField" if pg => native("tsvector"),
        other => return Err(format!("{other} has no column type on {d}")),
    })
}

/// The column type of a foreign key pointing at `target` (Django's `rel_db_type`): auto
/// fields become plain integers; MySQL keeps a positive integer's `UNSIGNED`.
pub fn rel_type(target: &Field, d: Option<SqlDialect>) -> Result<DataType, String> {
    let mut plain = target.clone();
    plain.class = match target.class.as_str() {
        "AutoField" => "IntegerField".into(),
        "BigAutoField" => "BigIntegerField".into(),
        "SmallAutoField" => "SmallIntegerField".into(),
        "PositiveIntegerField" if d != Some(SqlDialect::Mysql) => "IntegerField".into(),
        "PositiveBigIntegerField" if d != Some(SqlDialect::Mysql) => "BigIntegerField".into(),
        "PositiveSmallIntegerField" if d != Some(SqlDialect::Mysql) => "SmallIntegerField".into(),
        other => other.into(),
    };
    column_type(&plain, d)
}

/// The CHECK Django adds to the column (`"n" >= 0`), with the column name quoted per backend.
pub fn column_check(f: &Field, column: &str, d: Option<SqlDialect>) -> Option<String> {
    let d = d.unwrap_or(SqlDialect::Postgres);
    let q = if d == SqlDialect::Mysql { format!("`{column}`") } else { format!("\"{column}\"") };
    match f.class.as_str() {
        "PositiveIntegerField" | "PositiveBigIntegerField" | "PositiveSmallIntegerField" => Some(format!("{q} >= 0")),
        "JSONField" if d == SqlDialect::Sqlite => Some(format!("(JSON_VALID({q}) OR {q} IS NULL)")),
        _ => None,
    }
}

/// Whether PostgreSQL gets the extra `_like` index (`varchar_pattern_ops` / `text_pattern_ops`).
pub fn like_opclass(ty: &DataType) -> Option<&'static str> {
    match ty {
        DataType::Varchar { .. } => Some("varchar_pattern_ops"),
        DataType::Text => Some("text_pattern_ops"),
        DataType::Native { sql, .. } if sql == "citext" => None,
        _ => None,
    }
}
