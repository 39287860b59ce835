//! IR types → SQLAlchemy type expressions, in one table.
//!
//! | IR | SQLAlchemy |
//! |---|---|
//! | `Boolean` | `sa.Boolean()` |
//! | `Integer{16,32,64}` | `sa.SmallInteger()`, `sa.Integer()`, `sa.BigInteger()` |
//! | `Integer{8,24}` / unsigned | `mysql.TINYINT()`, `mysql.MEDIUMINT()`, `mysql.INTEGER(unsigned=True)` |
//! | `Decimal{p,s}` | `sa.Numeric(p, s)` |
//! | `Float{32,64}` | `sa.REAL()`, `sa.Double()` |
//! | `Char{n}`, `Varchar{n}`, `Text` | `sa.CHAR(n)`, `sa.String(n)`, `sa.Text()` |
//! | `Binary` | `sa.LargeBinary()`, `sa.VARBINARY(n)`, `sa.BINARY(n)` |
//! | `Date`, `Time`, `Timestamp` | `sa.Date()`, `sa.Time()`/`sa.TIME(…)`, `sa.DateTime()`/`sa.TIMESTAMP(…)` |
//! | `Interval`, `Uuid` | `sa.Interval()`, `postgresql.UUID()` |
//! | `Json{binary}` | `sa.JSON()`, `postgresql.JSONB()` |
//! | `Enum{name: Some}` | `postgresql.ENUM(values…, name=…, create_type=False)` (values from the history) |
//! | `Enum{name: None}` | `sa.Enum(values…)` |
//! | `Array{of}` | `postgresql.ARRAY(of)` |
//! | `Native{sql}` | the dialect module's class of that name: `postgresql.TSVECTOR()`, `mysql.MEDIUMTEXT()` |

use super::Ctx;
use super::py::{Call, string};
use crate::ir::{DataType, SqlDialect};

/// The SQLAlchemy expression for `t`.
pub fn sa_type(ctx: &mut Ctx, t: &DataType) -> String {
    use DataType as T;
    match t {
        T::Boolean => "sa.Boolean()".into(),
        T::Integer { bits, unsigned: false } if matches!(bits, 16 | 32 | 64) => {
            let class = match bits {
                16 => "SmallInteger",
                32 => "Integer",
                _ => "BigInteger",
            };
            format!("sa.{class}()")
        }
        T::Integer { bits, unsigned } => {
            ctx.mysql = true;
            let class = match bits {
                8 => "TINYINT",
                16 => "SMALLINT",
                24 => "MEDIUMINT",
                64 => "BIGINT",
                _ => "INTEGER",
            };
            Call::new(format!("mysql.{class}")).flag("unsigned", *unsigned).inline()
        }
        T::Decimal { precision, scale } => {
            let mut c = Call::new("sa.Numeric");
            if let Some(p) = precision {
                c = c.arg(p.to_string());
                if let Some(s) = scale {
                    c = c.arg(s.to_string());
                }
            }
            c.inline()
        }
        T::Float { bits: 32 } => "sa.REAL()".into(),
        T::Float { .. } => "sa.Double()".into(),
        T::Char { length } => Call::new("sa.CHAR").arg(length.unwrap_or(1).to_string()).inline(),
        T::Varchar { length } => Call::new("sa.String").kw_opt("length", length.map(|n| n.to_string())).inline(),
        T::Text => "sa.Text()".into(),
        T::Binary { length: None, fixed: false } => "sa.LargeBinary()".into(),
        T::Binary { length, fixed } => {
            let class = if *fixed { "sa.BINARY" } else { "sa.VARBINARY" };
            Call::new(class).kw_opt("length", length.map(|n| n.to_string())).inline()
        }
        T::Date => "sa.Date()".into(),
        T::Time { tz, precision: None } => Call::new("sa.Time").flag("timezone", *tz).inline(),
        T::Time { tz, precision: Some(p) } => {
            Call::new("sa.TIME").flag("timezone", *tz).kw("precision", p.to_string()).inline()
        }
        T::Timestamp { tz, precision: None } => Call::new("sa.DateTime").flag("timezone", *tz).inline(),
        T::Timestamp { tz, precision: Some(p) } => {
            Call::new("sa.TIMESTAMP").flag("timezone", *tz).kw("precision", p.to_string()).inline()
        }
        T::Interval => "sa.Interval()".into(),
        T::Uuid => {
            ctx.postgresql = true;
            "postgresql.UUID()".into()
        }
        T::Json { binary: true } => {
            ctx.postgresql = true;
            "postgresql.JSONB()".into()
        }
        T::Json { binary: false } => "sa.JSON()".into(),
        T::Enum { name: None, values } => values.iter().fold(Call::new("sa.Enum"), |c, v| c.str(v)).inline(),
        T::Enum { name: Some(name), values } => {
            ctx.postgresql = true;
            let known = if values.is_empty() { ctx.enums.get(&name.name).cloned() } else { Some(values.clone()) };
            let values = known.unwrap_or_else(|| {
                ctx.warn(
                    "alembic-export-enum-values",
                    format!("the values of enum type `{}` are not known from this history", name.name),
                );
                Vec::new()
            });
            values
                .iter()
                .fold(Call::new("postgresql.ENUM"), |c, v| c.str(v))
                .kw("name", string(&name.name))
                .kw_str("schema", name.schema.as_deref())
                .kw("create_type", "False")
                .inline()
        }
        T::Array { of } => {
            ctx.postgresql = true;
            let inner = sa_type(ctx, of);
            format!("postgresql.ARRAY({inner})")
        }
        T::Native { sql, dialect } => native(ctx, sql, *dialect),
    }
}

/// `tsvector` → `postgresql.TSVECTOR()`, `mediumtext` → `mysql.MEDIUMTEXT()`; anything that is not a
/// plain name gets `sa.Text()` with a warning.
fn native(ctx: &mut Ctx, sql: &str, dialect: Option<SqlDialect>) -> String {
    let name = sql.trim().to_ascii_uppercase();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        ctx.warn("alembic-export-type", format!("native type `{sql}` has no SQLAlchemy class; written as sa.Text()"));
        return "sa.Text()".into();
    }
    if dialect == Some(SqlDialect::Mysql) {
        ctx.mysql = true;
        format!("mysql.{name}()")
    } else {
        ctx.postgresql = true;
        format!("postgresql.{name}()")
    }
}
