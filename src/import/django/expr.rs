//! The expressions of `models.Index(*expressions)` and `models.UniqueConstraint(*expressions)`
//! → index key parts, as Django's `IndexExpression` writes them: a column reference (`F("x")`,
//! or a plain string) is the bare column, any other expression is wrapped in parentheses, and
//! an `OrderBy` (`.desc()`, `models.OrderBy(…, descending=True)`) puts `DESC` after it:
//! `Index(Lower("name"), F("code").desc())` → `((LOWER("name")), "code" DESC)`.
//!
//! Functions: `Lower`, `Upper`, `Coalesce`, `Length` (MySQL's `CHAR_LENGTH`), `Abs`, `Trim`,
//! `Value` literals; anything else is refused with its name (the operation becomes Opaque).

use super::state::Model;
use crate::host::{CallValue, Value};
use crate::ir::{IndexKey, IndexPart, SqlDialect};

/// The key parts of `expressions` over `model`'s columns.
pub fn index_parts(d: Option<SqlDialect>, model: &Model, expressions: &[Value]) -> Result<Vec<IndexPart>, String> {
    expressions.iter().map(|e| part(d.unwrap_or(SqlDialect::Postgres), model, e)).collect()
}

fn part(d: SqlDialect, model: &Model, v: &Value) -> Result<IndexPart, String> {
    if let Some(call) = v.as_call() {
        let ordered = match call.method() {
            // `expr.desc()` / `expr.asc()`
            m @ ("desc" | "asc") if call.receiver().is_some() => Some((call.receiver(), m == "desc")),
            // `models.OrderBy(expr, descending=True)`
            "OrderBy" => {
                Some((call.arg(0, "expression"), call.kw("descending").and_then(Value::as_bool) == Some(true)))
            }
            _ => None,
        };
        if let Some((inner, desc)) = ordered {
            if ["nulls_first", "nulls_last"].iter().any(|k| call.kw(k).is_some_and(|v| v.as_bool() == Some(true))) {
                return Err("NULLS FIRST/LAST in an index expression is not translated".into());
            }
            let inner = inner.ok_or("an ordering without its expression")?;
            if inner.as_call().is_some_and(|c| matches!(c.method(), "desc" | "asc" | "OrderBy")) {
                return Err("an ordering inside an ordering in an index expression".into());
            }
            let mut p = part(d, model, inner)?;
            p.desc = desc;
            return Ok(p);
        }
        if call.method() == "F" {
            return Ok(IndexPart::column(column(model, call)?));
        }
    }
    if let Value::Str(name) = v {
        return Ok(IndexPart::column(field_column(model, name)?));
    }
    let mut p = IndexPart::column("");
    p.key = IndexKey::Expression(sql(d, model, v)?);
    Ok(p)
}

/// The SQL of an expression (without the parentheses `IndexExpression` adds).
fn sql(d: SqlDialect, model: &Model, v: &Value) -> Result<String, String> {
    let call = match v {
        Value::Str(name) => return Ok(quote(&field_column(model, name)?)),
        Value::Call(c) => c,
        _ => return Err("an index expression is not a literal expression".into()),
    };
    let args = || -> Result<Vec<String>, String> { call.args.iter().map(|a| sql(d, model, a)).collect() };
    let one = |f: &str| -> Result<String, String> {
        match args()?.as_slice() {
            [a] => Ok(format!("{f}({a})")),
            _ => Err(format!("`{}` takes one expression", call.method())),
        }
    };
    match call.method() {
        "F" => Ok(quote(&column(model, call)?)),
        "Lower" => one("LOWER"),
        "Upper" => one("UPPER"),
        "Abs" => one("ABS"),
        "Trim" => one("TRIM"),
        "Length" => one(if d == SqlDialect::Mysql { "CHAR_LENGTH" } else { "LENGTH" }),
        "Coalesce" => {
            let a = args()?;
            if a.len() < 2 {
                return Err("Coalesce needs at least two expressions".into());
            }
            Ok(format!("COALESCE({})", a.join(", ")))
        }
        "Value" => match call.args.first() {
            Some(Value::Str(s)) => Ok(format!("'{}'", s.replace('\'', "''"))),
            Some(Value::Number(n)) => Ok(n.clone()),
            _ => Err("a Value() that is not a string or number literal".into()),
        },
        other => Err(format!("`{other}(...)` in an index expression is not translated")),
    }
}

fn column(model: &Model, f: &CallValue) -> Result<String, String> {
    let name = f.args.first().and_then(Value::as_str).ok_or("F() without a literal field name")?;
    field_column(model, name)
}

fn field_column(model: &Model, name: &str) -> Result<String, String> {
    if name.contains("__") {
        return Err(format!("`{name}` spans a relation or a transform: not translated"));
    }
    model
        .field(name)
        .filter(|f| f.has_column())
        .map(|f| f.column())
        .ok_or_else(|| format!("{} has no field `{name}`", model.name))
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}
