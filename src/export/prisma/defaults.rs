//! Column defaults as Prisma writes them: `@default(0)`, `@default("x")`, `@default(now())`,
//! an enum value, or `dbgenerated("…")` for SQL Prisma has no function for (and for every default
//! of an `Unsupported` field, and of a Json field on SQLite, where Prisma writes the value
//! unquoted). On SQLite an expression goes in parentheses, as SQLite requires.

use std::collections::BTreeMap;

use super::enum_ident;
use crate::export::prisma::names::string;
use crate::ir::{DataType, DefaultExpr, SqlDialect};

/// The argument of `@default(…)` for `def` on a field of Prisma type `ty`, if Prisma has one.
pub(super) fn default(
    def: &DefaultExpr,
    ty: &str,
    dt: &DataType,
    enums: &BTreeMap<String, String>,
    d: SqlDialect,
) -> Option<String> {
    // Prisma writes a Json default unquoted on SQLite (`DEFAULT {}`): give it the SQL literal.
    if ty.starts_with("Unsupported(") || (ty == "Json" && d == SqlDialect::Sqlite) {
        // Prisma takes only `dbgenerated("…")` on an Unsupported field: the default as SQL.
        let sql = match def {
            DefaultExpr::Null => return None,
            DefaultExpr::Bool(b) => b.to_string(),
            DefaultExpr::Number(n) => n.clone(),
            DefaultExpr::String(s) => format!("'{}'", s.replace('\'', "''")),
            DefaultExpr::CurrentTimestamp => "CURRENT_TIMESTAMP".into(),
            DefaultExpr::CurrentDate => "CURRENT_DATE".into(),
            DefaultExpr::CurrentTime => "CURRENT_TIME".into(),
            DefaultExpr::Sql(s) => sqlite_parens(s, d),
        };
        return Some(format!("dbgenerated({})", string(&sql)));
    }
    let is_enum =
        matches!(dt, DataType::Enum { .. }) && (enums.values().any(|e| e == ty) || ty.starts_with("__enum__"));
    Some(match def {
        DefaultExpr::Null => return None,
        DefaultExpr::Bool(b) => b.to_string(),
        DefaultExpr::Number(n) if ty == "Boolean" => (n != "0").to_string(),
        DefaultExpr::Number(n) => n.clone(),
        DefaultExpr::String(s) if ty == "Boolean" && matches!(s.as_str(), "true" | "false" | "1" | "0") => {
            (s == "true" || s == "1").to_string()
        }
        DefaultExpr::String(s) if matches!(ty, "Int" | "BigInt" | "Float" | "Decimal") && s.parse::<f64>().is_ok() => {
            s.clone()
        }
        DefaultExpr::String(s) if is_enum => enum_ident(s),
        DefaultExpr::String(s) => string(s),
        DefaultExpr::CurrentTimestamp if ty == "DateTime" => "now()".into(),
        DefaultExpr::CurrentTimestamp => "dbgenerated(\"CURRENT_TIMESTAMP\")".into(),
        DefaultExpr::CurrentDate => "dbgenerated(\"CURRENT_DATE\")".into(),
        DefaultExpr::CurrentTime => "dbgenerated(\"CURRENT_TIME\")".into(),
        DefaultExpr::Sql(s) => format!("dbgenerated({})", string(&sqlite_parens(s, d))),
    })
}

/// SQLite takes an expression default only in parentheses (`DEFAULT (lower('X'))`), and Prisma
/// writes `dbgenerated`'s text as it is.
fn sqlite_parens(sql: &str, d: SqlDialect) -> String {
    let t = sql.trim();
    if d != SqlDialect::Sqlite || (t.starts_with('(') && t.ends_with(')')) { t.to_string() } else { format!("({t})") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_defaults_are_dbgenerated_and_parenthesized_on_sqlite() {
        let none = BTreeMap::new();
        let lower = DefaultExpr::Sql("lower('X')".into());
        let text = DataType::Text;
        assert_eq!(
            default(&lower, "String", &text, &none, SqlDialect::Sqlite).unwrap(),
            "dbgenerated(\"(lower('X'))\")"
        );
        assert_eq!(
            default(&lower, "String", &text, &none, SqlDialect::Postgres).unwrap(),
            "dbgenerated(\"lower('X')\")"
        );
        let empty = DefaultExpr::String("{}".into());
        let arr = DataType::Array { of: Box::new(DataType::Text) };
        assert_eq!(
            default(&empty, "Unsupported(\"text[]\")", &arr, &none, SqlDialect::Postgres).unwrap(),
            "dbgenerated(\"'{}'\")"
        );
        assert_eq!(
            default(&empty, "Json", &DataType::Json { binary: true }, &none, SqlDialect::Sqlite).unwrap(),
            "dbgenerated(\"'{}'\")"
        );
        assert_eq!(
            default(&empty, "Json", &DataType::Json { binary: true }, &none, SqlDialect::Postgres).unwrap(),
            "\"{}\""
        );
    }
}
