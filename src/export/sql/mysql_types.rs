//! The MySQL column: the TYPE TABLE, defaults and `ON UPDATE`, the full column definition, and
//! the bounded type a `text` or `blob` column takes when it is part of a key.

use std::borrow::Cow;

use super::ddl::{self, ColumnCtx};
use super::render::Renderer;
use super::text::{is_number, is_parenthesized, is_string_literal, parenthesize};
use crate::ir::{Column, DataType, DefaultExpr, SqlDialect};

/// TYPE TABLE for types written for another dialect: `Native` spelling → MySQL spelling.
pub(crate) const FOREIGN_NATIVE: &[(&str, &str)] = &[
    ("bytea", "longblob"),
    ("citext", "text"),
    ("inet", "varchar(45)"),
    ("cidr", "varchar(49)"),
    ("macaddr", "varchar(17)"),
    ("money", "decimal(19, 2)"),
    ("xml", "longtext"),
    ("tsvector", "longtext"),
];

/// Length of the `varchar` / `varbinary` a keyed `text` / `blob` column becomes.
pub(crate) const KEY_LENGTH: u32 = 255;

/// True for types MySQL 8 only accepts an expression default on (`DEFAULT ('x')`).
fn blob_like(t: &DataType) -> bool {
    match t {
        DataType::Text | DataType::Binary { length: None, .. } | DataType::Json { .. } | DataType::Array { .. } => true,
        DataType::Varchar { length: None } => true,
        DataType::Native { sql, .. } => {
            let s = sql.to_ascii_lowercase();
            s.trim().is_empty()
                || ["text", "blob", "json", "geometry", "point", "polygon", "linestring"].iter().any(|k| s.contains(k))
        }
        _ => false,
    }
}

/// `CURRENT_TIMESTAMP[(p)]`, `NOW()` and their synonyms: what `ON UPDATE` accepts.
fn time_function(e: &str) -> bool {
    let u = e.trim().to_ascii_uppercase();
    let (head, args) = match u.split_once('(') {
        Some((h, rest)) => (h.trim_end(), rest.strip_suffix(')')),
        None => (u.as_str(), Some("")),
    };
    ["CURRENT_TIMESTAMP", "NOW", "LOCALTIME", "LOCALTIMESTAMP"].contains(&head)
        && args.is_some_and(|a| a.trim().bytes().all(|b| b.is_ascii_digit()))
}

/// A default MySQL accepts without parentheses: a literal or a time function.
fn bare_default(e: &str) -> bool {
    let u = e.trim().to_ascii_uppercase();
    time_function(e) || ["NULL", "TRUE", "FALSE"].contains(&u.as_str()) || is_number(&u) || is_string_literal(&u)
}

/// `<charset>_<rules>` names of MySQL's character sets (or `binary`).
pub(crate) fn is_mysql_collation(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let charsets =
        ["utf8mb4", "utf8mb3", "utf8", "latin1", "ascii", "binary", "ucs2", "utf16", "utf32", "cp1250", "gbk", "big5"];
    n == "binary" || charsets.iter().any(|c| n.strip_prefix(c).is_some_and(|rest| rest.starts_with('_')))
}

/// The type a column of type `t` takes in a key, when MySQL cannot key `t` itself: `text` (and an
/// untyped column) → `varchar(255)`, `blob` → `varbinary(255)` — MySQL rejects TEXT/BLOB columns in
/// keys without a prefix length, and a prefix would weaken a unique key.
pub(crate) fn key_type(t: &DataType) -> Option<DataType> {
    let text = Some(DataType::varchar(Some(KEY_LENGTH)));
    let blob = Some(DataType::Binary { length: Some(KEY_LENGTH), fixed: false });
    match t {
        DataType::Text | DataType::Varchar { length: None } => text,
        DataType::Binary { length: None, .. } => blob,
        DataType::Native { sql, dialect } => {
            let lower = sql.trim().to_ascii_lowercase();
            let name = match dialect {
                Some(d) if *d != SqlDialect::Mysql => {
                    FOREIGN_NATIVE.iter().find(|(k, _)| *k == lower).map_or(lower.as_str(), |(_, v)| *v)
                }
                _ => lower.as_str(),
            };
            match name {
                "" | "text" | "tinytext" | "mediumtext" | "longtext" => text,
                "blob" | "tinyblob" | "mediumblob" | "longblob" => blob,
                _ => None,
            }
        }
        _ => None,
    }
}

/// | IR | MySQL |
/// |---|---|
/// | Boolean | `tinyint(1)` |
/// | Integer 8/16/24/32/64 | `tinyint`/`smallint`/`mediumint`/`int`/`bigint` [`unsigned`] |
/// | Decimal | `decimal(p, s)`; unbounded → `decimal(65, 30)` (lossy) |
/// | Float 32/64 | `float` / `double` |
/// | Char, Varchar(n), Text | `char(n)`, `varchar(n)`, `text`; unbounded varchar → `text` (lossy) |
/// | Binary | `blob` / `varbinary(n)` / fixed `binary(n)` |
/// | Date, Time, Timestamp | `date`, `time(p)` (time zone lost), `datetime(p)` / tz → `timestamp(p)` |
/// | Interval | `time(6)` (lossy: at most ±838 hours) |
/// | Uuid, Json | `char(36)`, `json` (jsonb too) |
/// | Enum | `enum('a', 'b')` with values from the type or the replayed state |
/// | Array | `json` (lossy) |
/// | in a key: Text, unbounded Varchar / Binary | `varchar(255)` / `varbinary(255)` (lossy, see [`key_type`]) |
pub(crate) fn type_name(r: &mut Renderer<'_>, t: &DataType) -> String {
    let p = |name: &str, precision: &Option<u32>| match precision {
        Some(p) => format!("{name}({p})"),
        None => name.to_string(),
    };
    match t {
        DataType::Boolean => "tinyint(1)".into(),
        DataType::Integer { bits, unsigned } => {
            let base = match bits {
                0..=8 => "tinyint",
                9..=16 => "smallint",
                17..=24 => "mediumint",
                25..=32 => "int",
                _ => "bigint",
            };
            if *unsigned { format!("{base} unsigned") } else { base.into() }
        }
        DataType::Decimal { precision: Some(pr), scale: Some(s) } => format!("decimal({pr}, {s})"),
        DataType::Decimal { precision: Some(pr), scale: None } => format!("decimal({pr})"),
        DataType::Decimal { .. } => {
            r.lossy("MySQL has no unbounded decimal: rendered as decimal(65, 30)");
            "decimal(65, 30)".into()
        }
        DataType::Float { bits } if *bits <= 32 => "float".into(),
        DataType::Float { .. } => "double".into(),
        DataType::Char { length } => p("char", length),
        DataType::Varchar { length: Some(n) } => format!("varchar({n})"),
        DataType::Varchar { length: None } => {
            r.lossy("MySQL varchar needs a length: an unbounded varchar is rendered as text (64 KiB)");
            "text".into()
        }
        DataType::Text => "text".into(),
        DataType::Binary { length: Some(n), fixed: true } => format!("binary({n})"),
        DataType::Binary { length: Some(n), fixed: false } => format!("varbinary({n})"),
        DataType::Binary { length: None, .. } => "blob".into(),
        DataType::Date => "date".into(),
        DataType::Time { tz, precision } => {
            if *tz {
                r.lossy("MySQL time has no time zone: rendered as time");
            }
            p("time", precision)
        }
        DataType::Timestamp { tz, precision } => p(if *tz { "timestamp" } else { "datetime" }, precision),
        DataType::Interval => {
            r.lossy("MySQL has no interval type: rendered as time(6), which holds at most ±838 hours");
            "time(6)".into()
        }
        DataType::Uuid => "char(36)".into(),
        DataType::Json { .. } => "json".into(),
        DataType::Enum { name, .. } => match ddl::enum_literals(r, t) {
            Some(list) => format!("enum({list})"),
            None => {
                let n = name.as_ref().map(ToString::to_string).unwrap_or_default();
                r.lossy(format!("values of enum {n} are unknown in the replayed schema: rendered as text"));
                "text".into()
            }
        },
        DataType::Array { .. } => {
            r.lossy("MySQL has no arrays: rendered as json");
            "json".into()
        }
        DataType::Native { sql, dialect } => ddl::native(r, sql, *dialect, SqlDialect::Mysql, FOREIGN_NATIVE),
    }
}

/// `` `n` type [COLLATE c] [GENERATED …] [NOT NULL] [DEFAULT d] [ON UPDATE f] [AUTO_INCREMENT] [COMMENT '…'] ``.
pub(crate) fn column_def(r: &mut Renderer<'_>, col: &Column, ctx: ColumnCtx<'_>) -> String {
    let col = match key_type(&col.data_type).filter(|_| ctx.keyed) {
        Some(t) => {
            let ty = type_name(r, &t);
            r.lossy(format!(
                "column {}: MySQL cannot key a text or blob column: rendered as {ty}, longer values are rejected",
                col.name
            ));
            Cow::Owned(Column { data_type: t, ..col.clone() })
        }
        None => Cow::Borrowed(col),
    };
    let ty = type_name(r, &col.data_type);
    let mut s = format!("{} {ty}", r.q(&col.name));
    s.push_str(&ddl::collate(r, col.collation.as_deref()));
    if let Some(g) = &col.generated {
        let kind = if g.stored { "STORED" } else { "VIRTUAL" };
        s.push_str(&format!(" GENERATED ALWAYS AS {} {kind}", parenthesize(&r.expr(&g.expr))));
    }
    if !col.nullable {
        s.push_str(" NOT NULL");
    } else if matches!(col.data_type, DataType::Timestamp { tz: true, .. }) {
        // Without explicit_defaults_for_timestamp, a bare `timestamp` would be NOT NULL.
        s.push_str(" NULL");
    }
    if let Some(d) = ddl::explicit_default(&col) {
        if col.generated.is_some() {
            r.lossy(format!("column {}: a generated column cannot have a default; dropped", col.name));
        } else {
            s.push_str(&format!(" DEFAULT {}", default_value(r, d, &col)));
        }
    }
    if let Some(u) = &col.on_update
        && let Some(value) = on_update(r, u, &col)
    {
        s.push_str(&format!(" ON UPDATE {value}"));
    }
    if col.auto_increment.is_some() {
        s.push_str(" AUTO_INCREMENT");
    }
    if let Some(c) = &col.comment {
        s.push_str(&format!(" COMMENT {}", r.lit(c)));
    }
    s
}

/// `CURRENT_TIMESTAMP(p)` on `datetime(p)` / `timestamp(p)` (MySQL wants the column's precision).
fn current_timestamp(col: &Column) -> String {
    match &col.data_type {
        DataType::Timestamp { precision: Some(p), .. } => format!("CURRENT_TIMESTAMP({p})"),
        _ => "CURRENT_TIMESTAMP".into(),
    }
}

/// Literals on text/blob/json columns and expressions in parentheses; `CURRENT_TIMESTAMP(p)` on `datetime(p)`.
pub(crate) fn default_value(r: &mut Renderer<'_>, d: &DefaultExpr, col: &Column) -> String {
    match d {
        DefaultExpr::CurrentTimestamp if matches!(col.data_type, DataType::Timestamp { .. }) => current_timestamp(col),
        DefaultExpr::CurrentTimestamp => "(CURRENT_TIMESTAMP)".into(),
        DefaultExpr::CurrentDate => "(CURRENT_DATE)".into(),
        DefaultExpr::CurrentTime => "(CURRENT_TIME)".into(),
        DefaultExpr::Sql(e) => {
            let e = r.expr(e);
            if is_parenthesized(&e) || (bare_default(&e) && !blob_like(&col.data_type)) { e } else { format!("({e})") }
        }
        DefaultExpr::Null => "NULL".into(),
        _ if blob_like(&col.data_type) => format!("({})", super::dialect::standard_default(r, d)),
        _ => super::dialect::standard_default(r, d),
    }
}

/// The value of `ON UPDATE`: a time function (anything else is dropped with a warning).
fn on_update(r: &mut Renderer<'_>, u: &DefaultExpr, col: &Column) -> Option<String> {
    match u {
        DefaultExpr::CurrentTimestamp => Some(current_timestamp(col)),
        DefaultExpr::Sql(e) if time_function(e) => Some(r.expr(e)),
        _ => {
            r.lossy(format!("column {}: MySQL ON UPDATE takes only CURRENT_TIMESTAMP; dropped", col.name));
            None
        }
    }
}

#[cfg(test)]
#[path = "mysql_types_tests.rs"]
mod tests;
