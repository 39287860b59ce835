//! IR types → ActiveRecord column types and their options, in one table.
//!
//! | IR | Rails | PostgreSQL / MySQL / SQLite (what ActiveRecord creates) |
//! |---|---|---|
//! | `Boolean` | `:boolean` | `boolean` / `tinyint(1)` / `boolean` |
//! | `Integer{16,32,64}` | `:integer, limit: 2`, `:integer`, `:bigint` | `smallint`, `integer`, `bigint` |
//! | `Integer{8,24}`, unsigned | `:integer, limit: 1 / 3`, `unsigned: true` | MySQL `tinyint`, `mediumint`, `… unsigned` |
//! | `Decimal{p,s}` | `:decimal, precision: p, scale: s` | `numeric(p,s)` / `decimal(p,s)` |
//! | `Float{32}`, `Float{64}` | `:float, limit: 24`, `:float, limit: 53` (PostgreSQL: `:float`) | `real` / `float`, `double precision` / `double` |
//! | `Varchar{n}` | `:string, limit: n` (MySQL unbounded: `:text`) | `character varying(n)` / `varchar(n)` |
//! | `Text` | `:text` | `text` |
//! | `Binary` | `:binary` (`limit:` on MySQL) | `bytea` / `blob`, `varbinary(n)` |
//! | `Date`, `Time{p}` | `:date`, `:time, precision: p` | |
//! | `Timestamp{tz: false, p}` | `:datetime, precision: p` (always written: the default changed in 7.0) | `timestamp(p)` / `datetime(p)` |
//! | `Timestamp{tz: true, p}` | PostgreSQL `"timestamptz(p)"`; MySQL `:timestamp, precision: p` | `timestamptz` / `timestamp` |
//! | `Uuid` | `:uuid` (MySQL `"char(36)"`) | |
//! | `Json{binary}` | `:jsonb` (PostgreSQL) / `:json` | |
//! | `Enum{name}` | PostgreSQL: `:enum, enum_type: :name` (7.0+) or `"name"`; MySQL: `"enum('a','b')"` | |
//! | `Array{of}` | the element's type with `array: true` (PostgreSQL) | |
//! | `Char{n}`, `Interval`, `Native{sql}` | the SQL type as a string: `t.column :c, "char(2)"` | |
//!
//! A type ActiveRecord has no symbol for is passed as a string, which ActiveRecord writes into
//! the DDL verbatim. Types that differ per database need `--dialect`; without one the PostgreSQL
//! spelling is written and a warning says so.

use super::Ctx;
use super::rb::string;
use crate::ir::{DataType, SqlDialect};

/// A column type as a Rails migration writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RailsType {
    /// The shorthand method of `create_table` blocks (`string` for `t.string`), when there is one.
    pub shorthand: Option<String>,
    /// The type argument of `add_column` / `t.column`: `:string` or `"char(2)"`.
    pub arg: String,
    /// Options that belong to the type: `limit: 100`, `precision: 6`, `array: true`.
    pub options: Vec<(String, String)>,
}

impl RailsType {
    fn sym(name: &str) -> Self {
        RailsType { shorthand: Some(name.into()), arg: format!(":{name}"), options: Vec::new() }
    }

    fn sql(sql: &str) -> Self {
        RailsType { shorthand: None, arg: string(sql), options: Vec::new() }
    }

    fn opt(mut self, key: &str, value: impl ToString) -> Self {
        self.options.push((key.into(), value.to_string()));
        self
    }

    fn opt_some(self, key: &str, value: Option<u32>) -> Self {
        match value {
            Some(v) => self.opt(key, v),
            None => self,
        }
    }
}

/// The Rails spelling of `t` for the export's database.
pub fn rails_type(ctx: &mut Ctx, t: &DataType) -> RailsType {
    let d = ctx.dialect;
    let my = d == Some(SqlDialect::Mysql);
    let pg = d.is_none_or(|d| d == SqlDialect::Postgres);
    let lite = d == Some(SqlDialect::Sqlite);
    use DataType as T;
    match t {
        T::Boolean => RailsType::sym("boolean"),
        T::Integer { bits, unsigned } => {
            let base = match bits {
                64 => RailsType::sym("bigint"),
                32 => RailsType::sym("integer"),
                b => RailsType::sym("integer").opt("limit", (u32::from(*b) / 8).max(1)),
            };
            if *unsigned && my { base.opt("unsigned", "true") } else { base }
        }
        T::Decimal { precision, scale } => {
            RailsType::sym("decimal").opt_some("precision", *precision).opt_some("scale", *scale)
        }
        T::Float { bits } if *bits <= 32 => {
            if my {
                RailsType::sym("float")
            } else {
                RailsType::sym("float").opt("limit", 24)
            }
        }
        T::Float { .. } => {
            if d.is_some() && !my {
                RailsType::sym("float")
            } else {
                RailsType::sym("float").opt("limit", 53)
            }
        }
        T::Varchar { length: None } if my => RailsType::sym("text"),
        T::Varchar { length } => RailsType::sym("string").opt_some("limit", *length),
        T::Text => RailsType::sym("text"),
        T::Binary { length: Some(n), fixed: true } if my => RailsType::sql(&format!("binary({n})")),
        T::Binary { length, .. } => {
            if my {
                RailsType::sym("binary").opt_some("limit", *length)
            } else {
                RailsType::sym("binary")
            }
        }
        T::Date => RailsType::sym("date"),
        T::Time { tz: true, precision } if pg => {
            RailsType::sql(&precision.map_or("timetz".to_string(), |p| format!("timetz({p})")))
        }
        T::Time { precision, .. } => RailsType::sym("time").opt("precision", opt_num(*precision)),
        T::Timestamp { tz: false, precision } => RailsType::sym("datetime").opt("precision", opt_num(*precision)),
        T::Timestamp { tz: true, precision } => {
            if pg || lite {
                ctx.needs_dialect("timestamp with time zone");
                RailsType::sql(&precision.map_or("timestamptz".to_string(), |p| format!("timestamptz({p})")))
            } else {
                RailsType::sym("timestamp").opt("precision", opt_num(*precision))
            }
        }
        T::Uuid if my => RailsType::sql("char(36)"),
        T::Uuid => RailsType::sym("uuid"),
        T::Json { binary: true } if pg => {
            ctx.needs_dialect("jsonb");
            RailsType::sym("jsonb")
        }
        T::Json { .. } => RailsType::sym("json"),
        T::Array { of } if pg => {
            ctx.needs_dialect("arrays");
            let mut inner = rails_type(ctx, of);
            inner.options.push(("array".into(), "true".into()));
            inner
        }
        T::Enum { name: Some(n), .. } if pg && n.schema.is_none() => {
            ctx.needs_dialect("enum types");
            if ctx.version >= (7, 0) {
                RailsType::sym("enum").opt("enum_type", super::rb::name(&n.name))
            } else {
                RailsType::sql(&n.name)
            }
        }
        _ => RailsType::sql(&sql_type(ctx, t)),
    }
}

fn opt_num(v: Option<u32>) -> String {
    v.map_or("nil".into(), |p| p.to_string())
}

/// A type ActiveRecord has no symbol for, as SQL passed verbatim (`"char(2)"`, `"interval"`,
/// MySQL `"enum('a', 'b')"`); spelled as polymig's SQL exporter spells it.
fn sql_type(ctx: &mut Ctx, t: &DataType) -> String {
    use DataType as T;
    let my = ctx.dialect == Some(SqlDialect::Mysql);
    match t {
        T::Char { length } => length.map_or("char".to_string(), |n| format!("char({n})")),
        T::Native { sql, .. } => sql.clone(),
        T::Interval if my => {
            ctx.warn("rails-export-lossy", "MySQL has no interval type: written as time(6)");
            "time(6)".into()
        }
        T::Interval => "interval".into(),
        T::Enum { name, values } => {
            let known = if values.is_empty() {
                name.as_ref().and_then(|n| ctx.state.enums.get(&n.key())).map(|e| e.values.clone()).unwrap_or_default()
            } else {
                values.clone()
            };
            if my && !known.is_empty() {
                let list: Vec<String> = known.iter().map(|v| format!("'{}'", v.replace('\'', "''"))).collect();
                format!("enum({})", list.join(", "))
            } else if let (Some(n), false) = (name, my) {
                n.to_string()
            } else {
                ctx.warn("rails-export-lossy", "an enum whose values are unknown is written as text");
                "text".into()
            }
        }
        other => {
            ctx.warn("rails-export-lossy", format!("{other:?} has no spelling on this database: written as text"));
            "text".into()
        }
    }
}
