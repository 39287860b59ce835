//! `DEFAULT <expr>` → [`DefaultExpr`], from the expression's tokens.
//!
//! Literals become typed values (`'draft'::character varying` → `String("draft")`, `-1` →
//! `Number("-1")`), the current-time functions become their variants, and everything else is
//! kept verbatim as `Sql` exactly as written (parentheses included). A literal is read in the
//! light of the column's type: `'0'` on an integer column is `Number("0")`, `0` on a boolean
//! column (MySQL `tinyint(1)`) is `Bool(false)`.

use sqlparser::tokenizer::Token;

use super::toks::{Tok, expr_text, group_end, strip_parens, text};
use super::types::{KnownEnums, map_type};
use crate::ir::{DataType, DefaultExpr, SqlDialect};

/// Lower the default expression `toks` (without the `DEFAULT` keyword), written in `dialect`,
/// of a column of type `column` (when known; otherwise the type of a cast on the literal).
pub(crate) fn lower_default(toks: &[Tok], src: &str, dialect: SqlDialect, column: Option<&DataType>) -> DefaultExpr {
    let verbatim = || DefaultExpr::Sql(expr_text(src, toks, dialect));
    let inner = strip_parens(toks);
    let (core, cast) = strip_cast(inner);
    let Some(value) = literal(core, src).or_else(|| clock(core)) else {
        return verbatim();
    };
    let cast_type = cast.map(|t| map_type(t, src, dialect, &KnownEnums::default()).data_type);
    match (value, column.or(cast_type.as_ref())) {
        // `'now'::date` is evaluated when the row is written, like CURRENT_DATE.
        (DefaultExpr::String(s), Some(ty)) if cast.is_some() && s.eq_ignore_ascii_case("now") => match ty {
            DataType::Date => DefaultExpr::CurrentDate,
            DataType::Time { .. } => DefaultExpr::CurrentTime,
            DataType::Timestamp { .. } => DefaultExpr::CurrentTimestamp,
            _ => verbatim(),
        },
        (value, Some(ty)) => coerce(value, ty),
        (value, None) => value,
    }
}

/// Split off a trailing `::type` chain when what precedes it is a literal: `'a'::text::varchar`.
/// Returns the literal and the tokens of the last cast's type.
fn strip_cast<'s, 't>(toks: &'s [Tok<'t>]) -> (&'s [Tok<'t>], Option<&'s [Tok<'t>]>) {
    let toks = strip_parens(toks);
    let Some(at) = top_level_position(toks, &Token::DoubleColon) else {
        return (toks, None);
    };
    let (head, _) = strip_cast(&toks[..at]);
    let rest_is_type = toks[at..].iter().all(|t| {
        matches!(
            t.token,
            Token::DoubleColon
                | Token::Word(_)
                | Token::Number(..)
                | Token::LParen
                | Token::RParen
                | Token::LBracket
                | Token::RBracket
                | Token::Comma
                | Token::Period
        )
    });
    let last = toks.iter().rposition(|t| t.is(&Token::DoubleColon)).unwrap_or(at);
    if rest_is_type && is_literal(head) { (head, Some(&toks[last + 1..])) } else { (toks, None) }
}

fn top_level_position(toks: &[Tok], token: &Token) -> Option<usize> {
    let mut i = 0;
    while i < toks.len() {
        if toks[i].is(&Token::LParen) {
            i = group_end(toks, i)?;
        } else if toks[i].is(token) {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn is_literal(toks: &[Tok]) -> bool {
    matches!(
        toks,
        [t] if t.string_value().is_some()
            || matches!(t.token, Token::Number(..))
            || t.is_word("NULL")
            || t.is_word("TRUE")
            || t.is_word("FALSE")
    ) || matches!(toks, [sign, n] if matches!(sign.token, Token::Minus | Token::Plus) && matches!(n.token, Token::Number(..)))
}

/// `NULL`, booleans, numbers (signed) and strings.
fn literal(toks: &[Tok], src: &str) -> Option<DefaultExpr> {
    Some(match toks {
        [t] if t.is_word("NULL") => DefaultExpr::Null,
        [t] if t.is_word("TRUE") => DefaultExpr::Bool(true),
        [t] if t.is_word("FALSE") => DefaultExpr::Bool(false),
        [t] if matches!(t.token, Token::Number(..)) => DefaultExpr::Number(text(src, toks).to_string()),
        [Tok { token: Token::DoubleQuotedString(s), .. }] => DefaultExpr::String(s.clone()),
        [t] => DefaultExpr::String(t.string_value()?.to_string()),
        [sign, n] if matches!(n.token, Token::Number(..)) => match sign.token {
            Token::Minus => DefaultExpr::Number(format!("-{}", text(src, &toks[1..]))),
            Token::Plus => DefaultExpr::Number(text(src, &toks[1..]).to_string()),
            _ => return None,
        },
        _ => return None,
    })
}

/// `CURRENT_TIMESTAMP[(p)]`, `now([p])`, `CURRENT_DATE`, `curdate()`, `CURRENT_TIME[(p)]`, `curtime([p])`.
fn clock(toks: &[Tok]) -> Option<DefaultExpr> {
    let (name, args) = toks.split_first()?;
    let call_ok = match args {
        [] => !name.is_word("NOW"),
        [open, close] => open.is(&Token::LParen) && close.is(&Token::RParen),
        [open, n, close] => open.is(&Token::LParen) && matches!(n.token, Token::Number(..)) && close.is(&Token::RParen),
        _ => false,
    };
    if !call_ok {
        return None;
    }
    if name.is_word("CURRENT_TIMESTAMP") || name.is_word("NOW") && !args.is_empty() {
        Some(DefaultExpr::CurrentTimestamp)
    } else if name.is_word("CURRENT_DATE") && args.len() != 3 || name.is_word("CURDATE") && args.len() == 2 {
        Some(DefaultExpr::CurrentDate)
    } else if name.is_word("CURRENT_TIME") || name.is_word("CURTIME") && !args.is_empty() {
        Some(DefaultExpr::CurrentTime)
    } else {
        None
    }
}

/// Read a literal as the column's type: numbers in quotes on numeric columns, 0/1 on booleans.
fn coerce(value: DefaultExpr, ty: &DataType) -> DefaultExpr {
    let numeric = matches!(ty, DataType::Integer { .. } | DataType::Decimal { .. } | DataType::Float { .. });
    match (value, ty) {
        (DefaultExpr::String(s), _) if numeric && is_number(&s) => DefaultExpr::Number(s.trim().to_string()),
        (DefaultExpr::Number(n), DataType::Boolean) if n == "0" || n == "1" => DefaultExpr::Bool(n == "1"),
        (DefaultExpr::String(s), DataType::Boolean) => match s.to_ascii_lowercase().as_str() {
            "0" | "f" | "false" => DefaultExpr::Bool(false),
            "1" | "t" | "true" => DefaultExpr::Bool(true),
            _ => DefaultExpr::String(s),
        },
        (value, _) => value,
    }
}

fn is_number(s: &str) -> bool {
    let s = s.trim();
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits != "."
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::toks::tests::{tokens_of, view};
    use pretty_assertions::assert_eq;

    fn my(sql: &str) -> DefaultExpr {
        crate::import::sql::default_from_text(sql, SqlDialect::Mysql, None)
    }

    fn d(sql: &str, ty: Option<&DataType>) -> DefaultExpr {
        let owned = tokens_of(sql);
        lower_default(&view(&owned), sql, SqlDialect::Postgres, ty)
    }

    fn s(v: &str) -> DefaultExpr {
        DefaultExpr::String(v.into())
    }

    fn n(v: &str) -> DefaultExpr {
        DefaultExpr::Number(v.into())
    }

    fn sql(v: &str) -> DefaultExpr {
        DefaultExpr::Sql(v.into())
    }

    #[test]
    fn literals() {
        assert_eq!(d("NULL", None), DefaultExpr::Null);
        assert_eq!(d("true", None), DefaultExpr::Bool(true));
        assert_eq!(d("FALSE", None), DefaultExpr::Bool(false));
        assert_eq!(d("0", None), n("0"));
        assert_eq!(d("-1.5", None), n("-1.5"));
        assert_eq!(d("+2", None), n("2"));
        assert_eq!(d("(-1)", None), n("-1"));
        assert_eq!(d("'it''s'", None), s("it's"));
        assert_eq!(d("E'a\\nb'", None), s("a\nb"));
        assert_eq!(d("''", None), s(""));
    }

    #[test]
    fn postgres_casts_on_literals_are_stripped() {
        assert_eq!(d("'draft'::character varying", None), s("draft"));
        assert_eq!(d("'{}'::jsonb", None), s("{}"));
        assert_eq!(d("NULL::text", None), DefaultExpr::Null);
        assert_eq!(d("('x'::text)::character varying(10)", None), s("x"));
        assert_eq!(d("'-1'::integer", Some(&DataType::int(32))), n("-1"));
        assert_eq!(d("(now())::date", None), sql("(now())::date"));
        assert_eq!(d("'a'::text || 'b'", None), sql("'a'::text || 'b'"));
    }

    #[test]
    fn now_cast_to_a_time_type_is_the_current_time() {
        assert_eq!(d("('now'::text)::date", Some(&DataType::Date)), DefaultExpr::CurrentDate);
        let ts = DataType::Timestamp { tz: false, precision: None };
        assert_eq!(d("'now'::timestamp", Some(&ts)), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("'now'::text", Some(&DataType::Text)), sql("'now'::text"));
    }

    #[test]
    fn clock_functions() {
        assert_eq!(d("CURRENT_TIMESTAMP", None), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("current_timestamp()", None), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("CURRENT_TIMESTAMP(3)", None), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("now()", None), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("(NOW())", None), DefaultExpr::CurrentTimestamp);
        assert_eq!(d("CURRENT_DATE", None), DefaultExpr::CurrentDate);
        assert_eq!(d("CURRENT_TIME", None), DefaultExpr::CurrentTime);
        assert_eq!(d("now", None), sql("now"));
    }

    #[test]
    fn anything_else_is_verbatim() {
        assert_eq!(d("gen_random_uuid()", None), sql("gen_random_uuid()"));
        assert_eq!(d("nextval('users_id_seq'::regclass)", None), sql("nextval('users_id_seq'::regclass)"));
        assert_eq!(d("(datetime('now'))", None), sql("(datetime('now'))"));
        assert_eq!(d("(lower('X'))", None), sql("(lower('X'))"));
        assert_eq!(d("b'0'", None), sql("b'0'"));
        assert_eq!(d("ARRAY[]::text[]", None), sql("ARRAY[]::text[]"));
    }

    #[test]
    fn literals_follow_the_column_type() {
        assert_eq!(d("'0'", Some(&DataType::int(32))), n("0"));
        assert_eq!(d("'1.50'", Some(&DataType::Decimal { precision: None, scale: None })), n("1.50"));
        assert_eq!(d("'abc'", Some(&DataType::int(32))), s("abc"));
        assert_eq!(d("0", Some(&DataType::Boolean)), DefaultExpr::Bool(false));
        assert_eq!(d("'1'", Some(&DataType::Boolean)), DefaultExpr::Bool(true));
        assert_eq!(d("'0'", Some(&DataType::Text)), s("0"));
    }

    #[test]
    fn a_cast_types_the_literal() {
        assert_eq!(d("'-1'::integer", None), n("-1"));
        assert_eq!(d("'now'::date", None), DefaultExpr::CurrentDate);
        assert_eq!(d("'t'::boolean", None), DefaultExpr::Bool(true));
        assert_eq!(d("'2020-01-01 00:00:00'::timestamp without time zone", None), s("2020-01-01 00:00:00"));
    }

    #[test]
    fn mysql_spellings() {
        assert_eq!(my("'a\\'b'"), s("a'b"));
        assert_eq!(my("\"x\""), s("x"));
        assert_eq!(my("current_timestamp(6)"), DefaultExpr::CurrentTimestamp);
        assert_eq!(my("now(3)"), DefaultExpr::CurrentTimestamp);
        assert_eq!(my("curdate()"), DefaultExpr::CurrentDate);
        assert_eq!(my("current_timestamp(x)"), sql("current_timestamp(x)"));
        assert_eq!(my("concat(`a`, \"b\")"), sql("concat(\"a\", 'b')"));
    }
}
