//! Default expression text → [`DefaultExpr`], for the text the catalogs print:
//! PostgreSQL `'x'::character varying`, `'-1'::integer`, `now()`; MariaDB `'x'`, `current_timestamp()`;
//! SQLite `'x'`, `CURRENT_TIMESTAMP`, `(datetime('now'))`.

use super::lex::{Kind, Token, strip_outer_parens, tokenize};
use crate::ir::{DefaultExpr, SqlDialect};

/// Read a default as a catalog prints it. Literals (after PostgreSQL casts are stripped) become
/// `Null`/`Bool`/`Number`/`String`, the current-time functions their own variants, anything else
/// `Sql` with the text as given.
pub fn parse_default(text: &str, dialect: SqlDialect) -> DefaultExpr {
    let text = text.trim();
    let inner = strip_outer_parens(text, dialect);
    let (body, cast) = strip_casts(&inner, dialect);
    let tokens = tokenize(&body, dialect);
    literal(&tokens, cast.as_deref()).unwrap_or_else(|| DefaultExpr::Sql(text.to_string()))
}

/// `expr::type[::type…]` → (`expr`, last cast type). Only a cast at the top level whose target
/// is a plain type name is stripped (`'x'::character varying`, `'{}'::jsonb`, `NULL::text`).
fn strip_casts(text: &str, dialect: SqlDialect) -> (String, Option<String>) {
    let mut body = text.to_string();
    let mut cast = None;
    loop {
        let tokens = tokenize(&body, dialect);
        let mut depth = 0i32;
        let mut first_cast = None;
        for (i, t) in tokens.iter().enumerate() {
            if t.is("(") {
                depth += 1;
            } else if t.is(")") {
                depth -= 1;
            } else if t.is("::") && depth == 0 {
                first_cast = Some(i);
                break;
            }
        }
        let Some(at) = first_cast else { return (body, cast) };
        let rest = &tokens[at + 1..];
        let type_like = !rest.is_empty()
            && rest.iter().all(|t| {
                matches!(t.kind, Kind::Word | Kind::Quoted | Kind::Num)
                    || ["(", ")", ",", "[", "]", ".", "::"].iter().any(|p| t.is(p))
            });
        if !type_like || at == 0 {
            return (body, cast);
        }
        let next_cast = rest.iter().position(|t| t.is("::")).map_or(rest.len(), |p| p);
        cast = Some(body[rest[0].start..rest[next_cast - 1].end].to_ascii_lowercase());
        body = format!("{}{}", body[..tokens[at].start].trim_end(), &body[rest[next_cast - 1].end..]);
    }
}

fn literal(tokens: &[Token], cast: Option<&str>) -> Option<DefaultExpr> {
    let numeric_cast = cast.is_some_and(|c| {
        let base = c.split('(').next().unwrap_or(c).trim();
        ["integer", "bigint", "smallint", "numeric", "real", "double precision", "int", "decimal"].contains(&base)
    });
    let words: Vec<String> = tokens.iter().map(|t| t.value.to_ascii_lowercase()).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    Some(match (tokens, words.as_slice()) {
        ([t], _) if t.kind == Kind::Str && numeric_cast && is_number(&t.value) => DefaultExpr::Number(t.value.clone()),
        ([t], _) if t.kind == Kind::Str => DefaultExpr::String(t.value.clone()),
        ([t], _) if t.kind == Kind::Num => DefaultExpr::Number(t.value.clone()),
        ([s, t], _) if (s.is("-") || s.is("+")) && t.kind == Kind::Num => {
            DefaultExpr::Number(if s.is("-") { format!("-{}", t.value) } else { t.value.clone() })
        }
        ([t], ["null"]) if t.kind == Kind::Word => DefaultExpr::Null,
        ([t], ["true"]) if t.kind == Kind::Word => DefaultExpr::Bool(true),
        ([t], ["false"]) if t.kind == Kind::Word => DefaultExpr::Bool(false),
        // `CURRENT_TIMESTAMP(6)`: the precision follows the column's (MySQL requires them equal).
        (_, ["current_timestamp"] | ["current_timestamp" | "now", "(", ")"]) => DefaultExpr::CurrentTimestamp,
        (_, ["current_timestamp" | "now", "(", n, ")"]) if n.bytes().all(|b| b.is_ascii_digit()) => {
            DefaultExpr::CurrentTimestamp
        }
        (_, ["current_date"] | ["current_date" | "curdate", "(", ")"]) => DefaultExpr::CurrentDate,
        (_, ["current_time"] | ["current_time" | "curtime", "(", ")"]) => DefaultExpr::CurrentTime,
        _ => return None,
    })
}

fn is_number(s: &str) -> bool {
    let s = s.strip_prefix('-').or_else(|| s.strip_prefix('+')).unwrap_or(s);
    !s.is_empty()
        && s.parse::<f64>().is_ok()
        && s.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use SqlDialect::{Mysql, Postgres, Sqlite};

    fn d(text: &str, dialect: SqlDialect) -> DefaultExpr {
        parse_default(text, dialect)
    }

    #[test]
    fn postgres_catalog_forms() {
        assert_eq!(d("'draft'::character varying", Postgres), DefaultExpr::String("draft".into()));
        assert_eq!(d("'{}'::jsonb", Postgres), DefaultExpr::String("{}".into()));
        assert_eq!(d("'-1'::integer", Postgres), DefaultExpr::Number("-1".into()));
        assert_eq!(d("0", Postgres), DefaultExpr::Number("0".into()));
        assert_eq!(d("1.50", Postgres), DefaultExpr::Number("1.50".into()));
        assert_eq!(d("NULL::character varying", Postgres), DefaultExpr::Null);
        assert_eq!(d("true", Postgres), DefaultExpr::Bool(true));
        assert_eq!(d("now()", Postgres), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("CURRENT_TIMESTAMP", Postgres), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("CURRENT_DATE", Postgres), DefaultExpr::CurrentDate);
        assert_eq!(d("'it''s'::text", Postgres), DefaultExpr::String("it's".into()));
        assert_eq!(d("gen_random_uuid()", Postgres), DefaultExpr::Sql("gen_random_uuid()".into()));
        assert_eq!(d("(now() + '1 day'::interval)", Postgres), DefaultExpr::Sql("(now() + '1 day'::interval)".into()));
        assert_eq!(
            d("'2020-01-01 00:00:00'::timestamp without time zone", Postgres),
            DefaultExpr::String("2020-01-01 00:00:00".into())
        );
    }

    #[test]
    fn mariadb_and_sqlite_forms() {
        assert_eq!(d("'a\\'b'", Mysql), DefaultExpr::String("a'b".into()));
        assert_eq!(d("current_timestamp()", Mysql), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("NULL", Mysql), DefaultExpr::Null);
        assert_eq!(d("-5", Mysql), DefaultExpr::Number("-5".into()));
        assert_eq!(d("current_timestamp(6)", Mysql), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("current_timestamp(x)", Mysql), DefaultExpr::Sql("current_timestamp(x)".into()));
        assert_eq!(d("CURRENT_TIMESTAMP", Sqlite), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("(datetime('now'))", Sqlite), DefaultExpr::Sql("(datetime('now'))".into()));
        assert_eq!(d("(0)", Sqlite), DefaultExpr::Number("0".into()));
        assert_eq!(d("TRUE", Sqlite), DefaultExpr::Bool(true));
    }
}
