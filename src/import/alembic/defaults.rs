//! `server_default=` values → IR [`DefaultExpr`], as SQLAlchemy renders them:
//! a Python string is a quoted literal (`"0"` → `DEFAULT '0'`), `sa.text(…)` is
//! verbatim SQL, `sa.func.now()` is the current timestamp, `sa.false()` a boolean.

use crate::host::Value;
use crate::ir::{DefaultExpr, SqlDialect};

/// Map a `server_default` value for `target`; `Err` carries why it is not understood.
/// `sa.func.now()` is `now()` on PostgreSQL (as SQLAlchemy renders it, so catalogs match)
/// and the portable current timestamp elsewhere.
pub fn server_default(v: &Value, target: Option<SqlDialect>) -> Result<DefaultExpr, String> {
    match v {
        Value::Str(s) => Ok(DefaultExpr::String(s.clone())),
        Value::Number(n) => Ok(DefaultExpr::Number(n.clone())),
        Value::Bool(b) => Ok(DefaultExpr::Bool(*b)),
        Value::Nil => Ok(DefaultExpr::Null),
        Value::Call(c) => {
            let path = c.path();
            let method = c.method();
            let arg0 = c.args.first();
            match method {
                "text" | "literal_column" | "DDL" => {
                    let sql = arg0.and_then(Value::as_str).ok_or("a text() default that is not a string")?;
                    Ok(sql_default(sql))
                }
                "false" | "false_" => Ok(DefaultExpr::Bool(false)),
                "true" | "true_" => Ok(DefaultExpr::Bool(true)),
                "null" => Ok(DefaultExpr::Null),
                "literal" => match arg0 {
                    Some(Value::Str(s)) => Ok(DefaultExpr::String(s.clone())),
                    Some(Value::Number(n)) => Ok(DefaultExpr::Number(n.clone())),
                    Some(Value::Bool(b)) => Ok(DefaultExpr::Bool(*b)),
                    _ => Err("a literal() default of a run-time value".into()),
                },
                "now" if target == Some(SqlDialect::Postgres) => Ok(DefaultExpr::Sql("now()".into())),
                _ if path.contains(".func.") || path.starts_with("func.") => func_default(method, &c.args),
                _ => Err(format!("unsupported server_default `{}`", c.source)),
            }
        }
        _ => Err("a server_default known only at run time".into()),
    }
}

/// `sa.func.<name>(args)`.
fn func_default(name: &str, args: &[Value]) -> Result<DefaultExpr, String> {
    match name.to_ascii_lowercase().as_str() {
        "now" | "current_timestamp" | "localtimestamp" | "sysdate" => Ok(DefaultExpr::CurrentTimestamp),
        "current_date" => Ok(DefaultExpr::CurrentDate),
        "current_time" => Ok(DefaultExpr::CurrentTime),
        lower => {
            let mut rendered = Vec::new();
            for a in args {
                rendered.push(match a {
                    Value::Str(s) => format!("'{}'", s.replace('\'', "''")),
                    Value::Number(n) => n.clone(),
                    _ => return Err(format!("func.{lower}() with a non-literal argument")),
                });
            }
            Ok(DefaultExpr::Sql(format!("{name}({})", rendered.join(", "))))
        }
    }
}

/// Read SQL text written as a default: `now()`, `'x'`, `0`, `true`, or anything else verbatim.
pub fn sql_default(sql: &str) -> DefaultExpr {
    let t = sql.trim();
    let lower = t.to_ascii_lowercase();
    match lower.as_str() {
        "now()" | "current_timestamp" | "current_timestamp()" | "localtimestamp" => DefaultExpr::CurrentTimestamp,
        "current_date" => DefaultExpr::CurrentDate,
        "current_time" => DefaultExpr::CurrentTime,
        "true" => DefaultExpr::Bool(true),
        "false" => DefaultExpr::Bool(false),
        "null" => DefaultExpr::Null,
        _ if is_number(t) => DefaultExpr::Number(t.to_string()),
        _ if t.len() >= 2
            && t.starts_with('\'')
            && t.ends_with('\'')
            && !t[1..t.len() - 1].replace("''", "").contains('\'') =>
        {
            DefaultExpr::String(t[1..t.len() - 1].replace("''", "'"))
        }
        _ => DefaultExpr::Sql(t.to_string()),
    }
}

fn is_number(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    !body.is_empty() && body.parse::<f64>().is_ok() && body.chars().all(|c| c.is_ascii_digit() || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_text_defaults_are_classified() {
        assert_eq!(sql_default("now()"), DefaultExpr::CurrentTimestamp);
        assert_eq!(sql_default("CURRENT_TIMESTAMP"), DefaultExpr::CurrentTimestamp);
        assert_eq!(sql_default("0"), DefaultExpr::Number("0".into()));
        assert_eq!(sql_default("-1.5"), DefaultExpr::Number("-1.5".into()));
        assert_eq!(sql_default("'it''s'"), DefaultExpr::String("it's".into()));
        assert_eq!(sql_default("'a' || 'b'"), DefaultExpr::Sql("'a' || 'b'".into()));
        assert_eq!(sql_default("gen_random_uuid()"), DefaultExpr::Sql("gen_random_uuid()".into()));
        assert_eq!(sql_default("FALSE"), DefaultExpr::Bool(false));
        assert_eq!(sql_default("NaN"), DefaultExpr::Sql("NaN".into()));
    }

    #[test]
    fn python_strings_are_quoted_literals() {
        assert_eq!(server_default(&Value::Str("0".into()), None), Ok(DefaultExpr::String("0".into())));
        assert!(server_default(&Value::Unknown("x".into()), None).is_err());
    }
}
