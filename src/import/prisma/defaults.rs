//! `@default(…)`: which defaults reach the database and how.
//!
//! | Prisma | database |
//! |---|---|
//! | `autoincrement()` | `SERIAL` / `AUTO_INCREMENT` / `AUTOINCREMENT` (an identity, no default) |
//! | `now()` | `DEFAULT CURRENT_TIMESTAMP` (MySQL: `CURRENT_TIMESTAMP(3)`, the column's precision) |
//! | `"text"`, `42`, `true`, enum value | the literal |
//! | `dbgenerated("expr")` | `DEFAULT expr` verbatim (`dbgenerated()` alone: none) |
//! | `[]`, `["a"]` (PostgreSQL lists) | `DEFAULT ARRAY[…]` |
//! | `uuid()`, `uuid(7)`, `cuid()`, `cuid(2)`, `nanoid()`, `ulid()` | none: Prisma Client fills it in |
//! | `sequence()` | CockroachDB only: an error |

use super::ast::{CallArg, Value};
use crate::ir::{AutoIncrement, DataType, DefaultExpr, SqlDialect};

/// What a `@default` does to the column.
#[derive(Debug, Clone, PartialEq)]
pub enum Default {
    /// A database default.
    Db(DefaultExpr),
    /// An auto-increment key.
    Auto(AutoIncrement),
    /// Filled in by Prisma Client; nothing in the database.
    Client,
}

/// The default of `@default(value)` on a column of `data_type`; enum values are mapped by `enum_value`.
pub fn lower(
    value: &Value,
    data_type: &DataType,
    dialect: SqlDialect,
    enum_value: &dyn Fn(&str) -> Option<String>,
) -> Result<Default, String> {
    Ok(match value {
        Value::String(s) => Default::Db(DefaultExpr::String(match (dialect, data_type) {
            (SqlDialect::Sqlite, DataType::Native { sql, .. }) if sql == "DATETIME" => sqlite_datetime(s),
            _ => s.clone(),
        })),
        Value::Number(n) => Default::Db(DefaultExpr::Number(n.clone())),
        Value::Ident(b) if b == "true" || b == "false" => Default::Db(DefaultExpr::Bool(b == "true")),
        Value::Ident(v) => match enum_value(v) {
            Some(db) => Default::Db(DefaultExpr::String(db)),
            None => return Err(format!("`{v}` is not a value of the field's enum")),
        },
        Value::Array(items) => Default::Db(DefaultExpr::Sql(array(items, data_type, enum_value)?)),
        Value::Call(f, args) => call(f, args, data_type, dialect)?,
    })
}

fn call(f: &str, args: &[CallArg], data_type: &DataType, dialect: SqlDialect) -> Result<Default, String> {
    Ok(match f {
        "autoincrement" => Default::Auto(match dialect {
            SqlDialect::Postgres => AutoIncrement::Serial,
            _ => AutoIncrement::AutoIncrement,
        }),
        "now" => match (dialect, data_type) {
            (SqlDialect::Mysql, DataType::Timestamp { precision: Some(p), .. }) if *p > 0 => {
                Default::Db(DefaultExpr::Sql(format!("CURRENT_TIMESTAMP({p})")))
            }
            _ => Default::Db(DefaultExpr::CurrentTimestamp),
        },
        "dbgenerated" => match args.first().map(|a| &a.value) {
            Some(Value::String(expr)) => Default::Db(DefaultExpr::Sql(expr.clone())),
            None => Default::Client,
            Some(_) => return Err("dbgenerated() takes one string: the SQL expression".into()),
        },
        "uuid" | "cuid" | "nanoid" | "ulid" => Default::Client,
        "sequence" => return Err("sequence() is CockroachDB only".into()),
        other => return Err(format!("`{other}()` is not a Prisma default function")),
    })
}

/// `ARRAY['a', 'b']` for a PostgreSQL list default (the empty list is cast to the column type).
fn array(items: &[Value], data_type: &DataType, enum_value: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut parts = Vec::new();
    for item in items {
        parts.push(match item {
            Value::String(s) => format!("'{}'", s.replace('\'', "''")),
            Value::Number(n) => n.clone(),
            Value::Ident(b) if b == "true" || b == "false" => b.clone(),
            Value::Ident(v) => format!("'{}'", enum_value(v).ok_or_else(|| format!("`{v}` is not an enum value"))?),
            _ => return Err("a list default holds literals only".into()),
        });
    }
    if parts.is_empty() {
        let elem = match data_type {
            DataType::Array { of } => pg_element(of),
            _ => "text",
        };
        return Ok(format!("ARRAY[]::{elem}[]"));
    }
    Ok(format!("ARRAY[{}]", parts.join(", ")))
}

/// The PostgreSQL spelling of a list element type, for the cast of an empty list.
fn pg_element(t: &DataType) -> &'static str {
    match t {
        DataType::Boolean => "boolean",
        DataType::Integer { bits: 16, .. } => "smallint",
        DataType::Integer { bits: 64, .. } => "bigint",
        DataType::Integer { .. } => "integer",
        DataType::Float { bits: 32 } => "real",
        DataType::Float { .. } => "double precision",
        DataType::Decimal { .. } => "decimal",
        DataType::Timestamp { .. } => "timestamp(3)",
        DataType::Json { .. } => "jsonb",
        _ => "text",
    }
}

/// Prisma writes a `DateTime` literal default on SQLite as `2024-01-01 00:00:00 +00:00`
/// (RFC 3339 `2024-01-01T00:00:00Z` read and printed with the offset); other text is kept.
fn sqlite_datetime(s: &str) -> String {
    let Some((date, time)) = s.split_once('T') else { return s.to_string() };
    let (clock, offset) = if let Some(c) = time.strip_suffix('Z') {
        (c, "+00:00".to_string())
    } else if let Some(i) = time.rfind(['+', '-']) {
        (&time[..i], time[i..].to_string())
    } else {
        return s.to_string();
    };
    format!("{date} {clock} {offset}")
}
