//! One column → `t.string :email, limit: 255, null: false` (inside `create_table`) or
//! `add_column :users, :email, :string, limit: 255, null: false`, and defaults → `default:`.

use super::Ctx;
use super::rb::{Call, string};
use super::types::rails_type;
use crate::ir::{Column, DataType, DefaultExpr, SqlDialect};
use crate::sql_expr::from_canonical;

/// `t.<type> :name, options…` for a column of a `create_table` block.
pub fn table_column(ctx: &mut Ctx, c: &Column) -> Call {
    if let Some(g) = &c.generated {
        return virtual_column(ctx, c, &g.expr, g.stored, Call::new("t.virtual").name(&c.name));
    }
    let ty = rails_type(ctx, &c.data_type);
    let call = match &ty.shorthand {
        Some(short) => Call::new(format!("t.{short}")).name(&c.name),
        None => Call::new("t.column").name(&c.name).arg(ty.arg.clone()),
    };
    options(ctx, call, c, &ty.options)
}

/// `add_column :table, :name, :type, options…`.
pub fn add_column(ctx: &mut Ctx, table: &str, c: &Column) -> Call {
    let call = Call::new("add_column").name(table).name(&c.name);
    if let Some(g) = &c.generated {
        return virtual_column(ctx, c, &g.expr, g.stored, call.arg(":virtual"));
    }
    let ty = rails_type(ctx, &c.data_type);
    options(ctx, call.arg(ty.arg.clone()), c, &ty.options)
}

/// The type and options of `c` as arguments of `remove_column` / `change_column` (so they revert).
pub fn type_and_options(ctx: &mut Ctx, call: Call, c: &Column) -> Call {
    if let Some(g) = &c.generated {
        return virtual_column(ctx, c, &g.expr, g.stored, call.arg(":virtual"));
    }
    let ty = rails_type(ctx, &c.data_type);
    options(ctx, call.arg(ty.arg.clone()), c, &ty.options)
}

/// `t.virtual :full_name, type: :string, as: "…", stored: true` (MySQL; PostgreSQL from 7.0).
fn virtual_column(ctx: &mut Ctx, c: &Column, expr: &str, stored: bool, call: Call) -> Call {
    if ctx.dialect.is_none_or(|d| d == SqlDialect::Postgres) && ctx.version < (7, 0) {
        ctx.warn("rails-export-version", "generated columns on PostgreSQL need Rails 7.0 (`-o rails_version=7.0`)");
    }
    if ctx.dialect == Some(SqlDialect::Sqlite) {
        ctx.warn("rails-export-lossy", "ActiveRecord cannot create generated columns on SQLite");
    }
    let ty = rails_type(ctx, &c.data_type);
    let mut call = call.kw("type", ty.arg.clone());
    for (k, v) in &ty.options {
        call = call.kw(k, v.clone());
    }
    let call = call.kw("as", string(&expression(ctx, expr))).flag("stored", stored);
    if !c.nullable { call.kw("null", "false") } else { call }.kw_str("comment", c.comment.as_deref())
}

fn options(ctx: &mut Ctx, mut call: Call, c: &Column, type_options: &[(String, String)]) -> Call {
    for (k, v) in type_options {
        call = call.kw(k, v.clone());
    }
    if !c.nullable {
        call = call.kw("null", "false");
    }
    if let Some(d) = &c.default {
        call = call.kw_opt("default", default(ctx, d, &c.data_type));
    }
    if c.auto_increment.is_some() {
        if ctx.dialect == Some(SqlDialect::Mysql) {
            call = call.kw("auto_increment", "true");
        } else {
            ctx.warn("rails-export-lossy", format!("auto-increment of `{}` (not the primary key) is dropped", c.name));
        }
    }
    if c.on_update.is_some() {
        ctx.warn("rails-export-lossy", format!("ON UPDATE of `{}` has no Rails option; dropped", c.name));
    }
    call.kw_str("comment", c.comment.as_deref()).kw_str("collation", c.collation.as_deref())
}

/// `default:` for a column default: a literal, or a lambda for SQL (`-> { "CURRENT_TIMESTAMP" }`);
/// `None` for `DEFAULT NULL`.
pub fn default(ctx: &mut Ctx, d: &DefaultExpr, ty: &DataType) -> Option<String> {
    let lambda = |sql: &str| format!("-> {{ {} }}", string(sql));
    Some(match d {
        DefaultExpr::Null => return None,
        DefaultExpr::Bool(b) => b.to_string(),
        DefaultExpr::Number(n) if is_ruby_number(n) => n.trim_start_matches('+').to_string(),
        DefaultExpr::Number(n) => string(n),
        DefaultExpr::String(s) if matches!(ty, DataType::Json { .. }) => json_default(s),
        DefaultExpr::String(s) => string(s),
        DefaultExpr::CurrentTimestamp => match (ctx.dialect, ty) {
            (Some(SqlDialect::Mysql), DataType::Timestamp { precision: Some(p), .. }) => {
                lambda(&format!("CURRENT_TIMESTAMP({p})"))
            }
            _ => lambda("CURRENT_TIMESTAMP"),
        },
        DefaultExpr::CurrentDate => lambda("CURRENT_DATE"),
        DefaultExpr::CurrentTime => lambda("CURRENT_TIME"),
        DefaultExpr::Sql(s) => lambda(&expression(ctx, s)),
    })
}

/// A JSON column's default: ActiveRecord JSON-encodes the Ruby value, so a Ruby string would
/// become a JSON string (`'"{}"'`). An empty object or array is written as that Ruby value
/// (`default: {}`); any other document as its SQL literal (`default: -> { "'{\"a\": 1}'" }`).
fn json_default(text: &str) -> String {
    match text.trim() {
        "{}" => "{}".into(),
        "[]" => "[]".into(),
        other => format!("-> {{ {} }}", string(&format!("'{}'", other.replace('\'', "''")))),
    }
}

fn is_ruby_number(n: &str) -> bool {
    let n = n.strip_prefix(['-', '+']).unwrap_or(n);
    let (mantissa, exp) = match n.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (n, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => digits(a) && digits(b),
        None => digits(mantissa) && (mantissa == "0" || !mantissa.starts_with('0')),
    };
    mantissa_ok && exp.is_none_or(digits)
}

/// A canonical SQL expression spelled for the export's database (PostgreSQL's when none).
pub fn expression(ctx: &mut Ctx, expr: &str) -> String {
    let (text, notes) = from_canonical(expr, ctx.dialect.unwrap_or(SqlDialect::Postgres));
    for n in notes {
        ctx.warn("rails-export-lossy", n);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::is_ruby_number;

    #[test]
    fn ruby_numbers() {
        for ok in ["0", "-1.5", "10", "1e5", "2.5E-3"] {
            assert!(is_ruby_number(ok), "{ok}");
        }
        for bad in [".5", "1.", "007", "0x10", "NaN", ""] {
            assert!(!is_ruby_number(bad), "{bad}");
        }
    }
}
