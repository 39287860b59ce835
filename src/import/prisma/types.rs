//! The one table from Prisma scalar types and `@db.*` native types to IR column types, per
//! provider, as Prisma Migrate creates them (checked against `@prisma/schema-engine-wasm`).
//!
//! | Prisma | PostgreSQL | MySQL | SQLite |
//! |---|---|---|---|
//! | `String` | `TEXT` | `VARCHAR(191)` | `TEXT` |
//! | `Boolean` | `BOOLEAN` | `BOOLEAN` | `BOOLEAN` |
//! | `Int` / `BigInt` | `INTEGER` / `BIGINT` | `INT` / `BIGINT` | `INTEGER` / `BIGINT` |
//! | `Float` | `DOUBLE PRECISION` | `DOUBLE` | `REAL` |
//! | `Decimal` | `DECIMAL(65,30)` | `DECIMAL(65,30)` | `DECIMAL` |
//! | `DateTime` | `TIMESTAMP(3)` | `DATETIME(3)` | `DATETIME` |
//! | `Json` | `JSONB` | `JSON` | `JSONB` |
//! | `Bytes` | `BYTEA` | `LONGBLOB` | `BLOB` |
//! | enum `E` | `"E"` (type) | `ENUM(…)` | `TEXT` |

use crate::ir::{DataType, QName, SqlDialect};

/// The column type of a scalar field with no `@db.*` attribute; `None` for a name that is no scalar.
pub fn scalar(name: &str, dialect: SqlDialect) -> Option<DataType> {
    use SqlDialect::*;
    let native = |sql: &str| DataType::native(sql, Some(dialect));
    Some(match (name, dialect) {
        ("String", Mysql) => DataType::varchar(Some(191)),
        ("String", _) => DataType::Text,
        ("Boolean", _) => DataType::Boolean,
        ("Int", _) => DataType::int(32),
        ("BigInt", _) => DataType::int(64),
        ("Float", Sqlite) => DataType::Float { bits: 32 },
        ("Float", _) => DataType::Float { bits: 64 },
        ("Decimal", Sqlite) => DataType::Decimal { precision: None, scale: None },
        ("Decimal", _) => DataType::Decimal { precision: Some(65), scale: Some(30) },
        ("DateTime", Sqlite) => native("DATETIME"),
        ("DateTime", Postgres) => DataType::Timestamp { tz: false, precision: Some(3) },
        ("DateTime", Mysql) => DataType::Timestamp { tz: false, precision: Some(3) },
        ("Json", Postgres) => DataType::Json { binary: true },
        ("Json", Mysql) => DataType::Json { binary: false },
        ("Json", Sqlite) => native("JSONB"),
        ("Bytes", Mysql) => native("LONGBLOB"),
        ("Bytes", _) => DataType::Binary { length: None, fixed: false },
        _ => return None,
    })
}

/// The column type of an enum field: a named type on PostgreSQL, inline on MySQL, text on SQLite.
pub fn enum_type(db_name: &QName, values: &[String], dialect: SqlDialect) -> DataType {
    match dialect {
        SqlDialect::Postgres => DataType::Enum { name: Some(db_name.clone()), values: Vec::new() },
        SqlDialect::Mysql => DataType::Enum { name: None, values: values.to_vec() },
        SqlDialect::Sqlite => DataType::Text,
    }
}

/// Which scalar types a native type may annotate is checked by Prisma's validator; polymig
/// only maps the type. `args` are the numeric arguments of `@db.Name(args)`.
pub fn native(name: &str, args: &[u32], dialect: SqlDialect) -> Result<DataType, String> {
    let a0 = args.first().copied();
    let a1 = args.get(1).copied();
    let native = |sql: String| DataType::native(sql, Some(dialect));
    let with_args = |base: &str| match args {
        [] => base.to_string(),
        _ => format!("{base}({})", args.iter().map(u32::to_string).collect::<Vec<_>>().join(",")),
    };
    let t = match dialect {
        SqlDialect::Postgres => match name {
            "Text" => DataType::Text,
            "VarChar" => DataType::varchar(a0),
            "Char" => DataType::Char { length: a0.or(Some(1)) },
            "Uuid" => DataType::Uuid,
            "SmallInt" => DataType::int(16),
            "Integer" => DataType::int(32),
            "BigInt" => DataType::int(64),
            "Real" => DataType::Float { bits: 32 },
            "DoublePrecision" => DataType::Float { bits: 64 },
            "Decimal" => DataType::Decimal { precision: a0.or(Some(65)), scale: a1.or(a0.map(|_| 0)).or(Some(30)) },
            "Timestamp" => DataType::Timestamp { tz: false, precision: a0.or(Some(3)) },
            "Timestamptz" => DataType::Timestamp { tz: true, precision: a0.or(Some(3)) },
            "Date" => DataType::Date,
            "Time" => DataType::Time { tz: false, precision: a0.or(Some(3)) },
            "Timetz" => DataType::Time { tz: true, precision: a0.or(Some(3)) },
            "Json" => DataType::Json { binary: false },
            "JsonB" => DataType::Json { binary: true },
            "ByteA" => DataType::Binary { length: None, fixed: false },
            "Boolean" => DataType::Boolean,
            "Xml" | "Inet" | "Citext" | "Money" | "Oid" => native(name.to_ascii_uppercase()),
            "Bit" | "VarBit" => native(with_args(&name.to_ascii_uppercase())),
            _ => return Err(format!("`@db.{name}` is not a PostgreSQL native type Prisma knows")),
        },
        SqlDialect::Mysql => match name {
            "VarChar" => DataType::varchar(a0),
            "Char" => DataType::Char { length: a0.or(Some(1)) },
            "Text" => DataType::Text,
            "TinyText" | "MediumText" | "LongText" | "TinyBlob" | "Blob" | "MediumBlob" | "LongBlob" | "Year" => {
                native(name.to_ascii_uppercase())
            }
            "TinyInt" => DataType::int(8),
            "SmallInt" => DataType::int(16),
            "MediumInt" => DataType::int(24),
            "Int" => DataType::int(32),
            "BigInt" => DataType::int(64),
            "UnsignedTinyInt" => DataType::Integer { bits: 8, unsigned: true },
            "UnsignedSmallInt" => DataType::Integer { bits: 16, unsigned: true },
            "UnsignedMediumInt" => DataType::Integer { bits: 24, unsigned: true },
            "UnsignedInt" => DataType::Integer { bits: 32, unsigned: true },
            "UnsignedBigInt" => DataType::Integer { bits: 64, unsigned: true },
            "Float" => DataType::Float { bits: 32 },
            "Double" => DataType::Float { bits: 64 },
            "Decimal" => DataType::Decimal { precision: a0.or(Some(65)), scale: a1.or(a0.map(|_| 0)).or(Some(30)) },
            "DateTime" => DataType::Timestamp { tz: false, precision: a0.or(Some(3)) },
            "Timestamp" => DataType::Timestamp { tz: true, precision: a0.or(Some(3)) },
            "Date" => DataType::Date,
            "Time" => DataType::Time { tz: false, precision: a0.or(Some(3)) },
            "Json" => DataType::Json { binary: false },
            "Bit" => native(with_args("BIT")),
            "Binary" => DataType::Binary { length: a0.or(Some(1)), fixed: true },
            "VarBinary" => DataType::Binary { length: a0, fixed: false },
            _ => return Err(format!("`@db.{name}` is not a MySQL native type Prisma knows")),
        },
        SqlDialect::Sqlite => return Err(format!("`@db.{name}`: Prisma's SQLite connector has no native types")),
    };
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_is_varchar_191_only_on_mysql() {
        assert_eq!(scalar("String", SqlDialect::Mysql), Some(DataType::varchar(Some(191))));
        assert_eq!(scalar("String", SqlDialect::Postgres), Some(DataType::Text));
        assert_eq!(scalar("User", SqlDialect::Postgres), None);
    }

    #[test]
    fn native_types_per_provider() {
        assert_eq!(native("VarChar", &[200], SqlDialect::Postgres), Ok(DataType::varchar(Some(200))));
        assert_eq!(native("UnsignedInt", &[], SqlDialect::Mysql), Ok(DataType::Integer { bits: 32, unsigned: true }));
        assert!(native("VarChar", &[10], SqlDialect::Sqlite).is_err());
    }
}
