//! Canonical expression text, so that what a database prints can be compared with what a
//! migration wrote: `(price >= (0)::numeric)` and `price>=0` both become `price >= 0`.
//!
//! Expressions arrive in the IR's canonical spelling (see [`crate::sql_expr`]). They are parsed
//! by sqlparser and rewritten on the syntax tree, so the rules are exact rather than textual:
//!
//! - parentheses are dropped and put back around every operand that is itself an operation,
//!   so `a > 0 AND b > 0` and `((a > 0) AND (b > 0))` read the same;
//! - casts are dropped (`'a'::text`, `CAST(x AS int)`, typed literals `DATE '…'`, a PostgreSQL
//!   `interval '1 day'` without fields); a numeric cast of a numeric string is that number;
//! - `x BETWEEN a AND b` is `x >= a AND x <= b` (`NOT BETWEEN`: `x < a OR x > b`), as PostgreSQL
//!   stores it; `x = ANY (ARRAY[…])` is `x IN (…)` and `x <> ALL (ARRAY[…])` is `x NOT IN (…)`;
//! - `now()` is `CURRENT_TIMESTAMP`; `-` applied to a number is a negative number;
//! - identifiers made of letters, digits and `_` are unquoted and lower-cased (comparison is case
//!   insensitive), other identifiers are double-quoted; function names likewise.
//!
//! Text sqlparser cannot read is compared on its tokens instead: comments and layout dropped,
//! words lower-cased, `::type` casts removed.

use sqlparser::ast::{
    BinaryOperator, DataType, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, InTarget,
    ObjectNamePart, UnaryOperator, Value,
};
use sqlparser::dialect::{Dialect, GenericDialect, PostgreSqlDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};

/// The canonical spelling of `text` (an expression in the IR's spelling) for comparison.
pub(crate) fn canonical_expr(text: &str) -> String {
    match parse(text) {
        Some(expr) => canon(expr).to_string(),
        None => token_form(text),
    }
}

/// The column an index expression names when it is nothing but a column (`("Email")` → `email`).
pub(crate) fn bare_column(canonical: &str) -> Option<String> {
    match parse(canonical)? {
        Expr::Identifier(id) => Some(id.value),
        _ => None,
    }
}

fn parse(text: &str) -> Option<Expr> {
    let dialects: [&dyn Dialect; 2] = [&PostgreSqlDialect {}, &GenericDialect {}];
    dialects.into_iter().find_map(|d| {
        let mut p = Parser::new(d).try_with_sql(text).ok()?;
        let e = p.parse_expr().ok()?;
        (p.peek_token_ref().token == Token::EOF).then_some(e)
    })
}

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

/// `e` with its parts canonical and wrapped in parentheses where they are operations.
fn operand(e: Expr) -> Box<Expr> {
    let e = canon(e);
    let atomic = matches!(
        e,
        Expr::Identifier(_)
            | Expr::CompoundIdentifier(_)
            | Expr::Value(_)
            | Expr::Function(_)
            | Expr::Nested(_)
            | Expr::Array(_)
            | Expr::Tuple(_)
            | Expr::Case { .. }
            | Expr::Interval(_)
    );
    boxed(if atomic { e } else { Expr::Nested(boxed(e)) })
}

fn ident(mut id: Ident) -> Ident {
    let plain = id.value.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && id.value.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        id.value = id.value.to_lowercase();
        id.quote_style = None;
    } else {
        id.quote_style = Some('"');
    }
    id
}

fn numeric_type(t: &DataType) -> bool {
    let name = t.to_string().to_ascii_lowercase();
    ["int", "numeric", "decimal", "real", "double", "float", "serial"].iter().any(|n| name.contains(n))
}

fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.parse::<f64>().is_ok() && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// `x op y` with canonical operands.
fn binary(left: Expr, op: BinaryOperator, right: Expr) -> Expr {
    Expr::BinaryOp { left: operand(left), op, right: operand(right) }
}

/// The elements of `ARRAY[a, b]` (possibly parenthesised or cast).
fn array_elements(e: &Expr) -> Option<Vec<Expr>> {
    match e {
        Expr::Array(a) => Some(a.elem.clone()),
        Expr::Nested(inner) | Expr::Cast { expr: inner, .. } => array_elements(inner),
        _ => None,
    }
}

fn canon(e: Expr) -> Expr {
    match e {
        Expr::Nested(inner) => canon(*inner),
        Expr::Identifier(id) => Expr::Identifier(ident(id)),
        Expr::CompoundIdentifier(ids) => Expr::CompoundIdentifier(ids.into_iter().map(ident).collect()),
        Expr::Cast { expr, data_type, .. } => match canon(*expr) {
            Expr::Value(v) if numeric_type(&data_type) => match &v.value {
                Value::SingleQuotedString(s) if is_number(s) => Expr::value(Value::Number(s.clone(), false)),
                _ => Expr::Value(v),
            },
            other => other,
        },
        Expr::TypedString(t) => Expr::Value(t.value),
        Expr::Interval(i)
            if i.leading_field.is_none() && i.last_field.is_none() && i.fractional_seconds_precision.is_none() =>
        {
            canon(*i.value)
        }
        Expr::Interval(mut i) => {
            i.value = boxed(canon(*i.value));
            Expr::Interval(i)
        }
        Expr::UnaryOp { op: UnaryOperator::Minus, expr } => match canon(*expr) {
            Expr::Value(v) if matches!(&v.value, Value::Number(n, _) if !n.starts_with('-')) => {
                let Value::Number(n, long) = v.value else { unreachable!("matched above") };
                Expr::value(Value::Number(format!("-{n}"), long))
            }
            other => Expr::UnaryOp { op: UnaryOperator::Minus, expr: operand(other) },
        },
        Expr::UnaryOp { op, expr } => Expr::UnaryOp { op, expr: operand(*expr) },
        Expr::BinaryOp { left, op, right } => binary(*left, op, *right),
        Expr::Between { expr, negated: false, low, high } => Expr::BinaryOp {
            left: operand(binary((*expr).clone(), BinaryOperator::GtEq, *low)),
            op: BinaryOperator::And,
            right: operand(binary(*expr, BinaryOperator::LtEq, *high)),
        },
        Expr::Between { expr, negated: true, low, high } => Expr::BinaryOp {
            left: operand(binary((*expr).clone(), BinaryOperator::Lt, *low)),
            op: BinaryOperator::Or,
            right: operand(binary(*expr, BinaryOperator::Gt, *high)),
        },
        Expr::AnyOp { left, compare_op: BinaryOperator::Eq, right, .. } if array_elements(&right).is_some() => {
            in_list(*left, array_elements(&right).unwrap_or_default(), false)
        }
        Expr::AllOp { left, compare_op: BinaryOperator::NotEq, right } if array_elements(&right).is_some() => {
            in_list(*left, array_elements(&right).unwrap_or_default(), true)
        }
        Expr::AnyOp { left, compare_op, right, is_some } => {
            Expr::AnyOp { left: operand(*left), compare_op, right: operand(*right), is_some }
        }
        Expr::AllOp { left, compare_op, right } => {
            Expr::AllOp { left: operand(*left), compare_op, right: operand(*right) }
        }
        Expr::In { expr, target: InTarget::List(list), negated, global } => {
            let mut e = in_list(*expr, list, negated);
            if let Expr::In { global: g, .. } = &mut e {
                *g = global;
            }
            e
        }
        Expr::In { expr, target, negated, global } => Expr::In { expr: operand(*expr), target, negated, global },
        Expr::IsNull(x) => Expr::IsNull(operand(*x)),
        Expr::IsNotNull(x) => Expr::IsNotNull(operand(*x)),
        Expr::IsTrue(x) => Expr::IsTrue(operand(*x)),
        Expr::IsNotTrue(x) => Expr::IsNotTrue(operand(*x)),
        Expr::IsFalse(x) => Expr::IsFalse(operand(*x)),
        Expr::IsNotFalse(x) => Expr::IsNotFalse(operand(*x)),
        Expr::IsDistinctFrom(a, b) => Expr::IsDistinctFrom(operand(*a), operand(*b)),
        Expr::IsNotDistinctFrom(a, b) => Expr::IsNotDistinctFrom(operand(*a), operand(*b)),
        Expr::Like { negated, any, expr, pattern, escape_char } => {
            Expr::Like { negated, any, expr: operand(*expr), pattern: operand(*pattern), escape_char }
        }
        Expr::ILike { negated, any, expr, pattern, escape_char } => {
            Expr::ILike { negated, any, expr: operand(*expr), pattern: operand(*pattern), escape_char }
        }
        Expr::Case { case_token, end_token, operand: subject, conditions, else_result } => Expr::Case {
            case_token,
            end_token,
            operand: subject.map(|o| operand(*o)),
            conditions: conditions
                .into_iter()
                .map(|mut w| {
                    w.condition = canon(w.condition);
                    w.result = canon(w.result);
                    w
                })
                .collect(),
            else_result: else_result.map(|e| operand(*e)),
        },
        Expr::Function(f) => function(f),
        Expr::Array(mut a) => {
            a.elem = a.elem.into_iter().map(canon).collect();
            Expr::Array(a)
        }
        Expr::Tuple(items) => Expr::Tuple(items.into_iter().map(canon).collect()),
        Expr::Collate { expr, collation } => Expr::Collate { expr: operand(*expr), collation },
        other => other,
    }
}

fn in_list(expr: Expr, list: Vec<Expr>, negated: bool) -> Expr {
    Expr::In {
        expr: operand(expr),
        target: InTarget::List(list.into_iter().map(canon).collect()),
        negated,
        global: false,
    }
}

/// Function names canonical, arguments canonical; `now()` is `CURRENT_TIMESTAMP`.
fn function(mut f: Function) -> Expr {
    for part in &mut f.name.0 {
        if let ObjectNamePart::Identifier(id) = part {
            *id = ident(id.clone());
        }
    }
    let name = f.name.to_string();
    if name == "now" || name == "current_timestamp" {
        f.name = vec![Ident::new("CURRENT_TIMESTAMP")].into();
        if matches!(&f.args, FunctionArguments::List(l) if l.args.is_empty()) {
            f.args = FunctionArguments::None;
        }
    }
    if let FunctionArguments::List(list) = &mut f.args {
        for arg in &mut list.args {
            let (FunctionArg::Unnamed(FunctionArgExpr::Expr(e))
            | FunctionArg::Named { arg: FunctionArgExpr::Expr(e), .. }
            | FunctionArg::ExprNamed { arg: FunctionArgExpr::Expr(e), .. }) = arg
            else {
                continue;
            };
            *e = canon(std::mem::replace(e, Expr::value(Value::Null)));
        }
    }
    Expr::Function(f)
}

/// The token-level form for text sqlparser cannot read as an expression.
fn token_form(text: &str) -> String {
    let Ok(tokens) = Tokenizer::new(&PostgreSqlDialect {}, text).tokenize() else {
        return text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    };
    let tokens: Vec<Token> = tokens.into_iter().filter(|t| !matches!(t, Token::Whitespace(_))).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i] == Token::DoubleColon {
            // `::type`, `::type(n)`, `::type[]`, `::character varying`, `::timestamp with time zone`
            const MORE: [&str; 5] = ["varying", "precision", "with", "time", "zone"];
            i += 2;
            while matches!(tokens.get(i), Some(Token::Word(w)) if MORE.iter().any(|m| w.value.eq_ignore_ascii_case(m)))
            {
                i += 1;
            }
            if tokens.get(i) == Some(&Token::LParen) {
                i += tokens[i..].iter().position(|t| *t == Token::RParen).map_or(tokens.len(), |p| p + 1);
            }
            while tokens.get(i) == Some(&Token::LBracket) && tokens.get(i + 1) == Some(&Token::RBracket) {
                i += 2;
            }
            continue;
        }
        out.push(match &tokens[i] {
            Token::Word(w) if w.quote_style.is_none() => w.value.to_lowercase(),
            Token::Word(w) => ident(Ident::with_quote('"', w.value.clone())).to_string(),
            other => other.to_string(),
        });
        i += 1;
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn c(text: &str) -> String {
        canonical_expr(text)
    }

    #[test]
    fn canonical_expressions() {
        assert_eq!(c("(price >= (0)::numeric)"), "price >= 0");
        assert_eq!(c("price>=0"), "price >= 0");
        assert_eq!(c("lower((email)::text)"), "lower(email)");
        assert_eq!(c("\"Age\" > 0"), "age > 0");
        assert_eq!(c("(status)::text = ANY (ARRAY['a'::character varying, 'b'::text])"), c("status IN ('a','b')"),);
        assert_eq!(c("status IN ('a','b')"), "status IN ('a', 'b')");
        assert_eq!(c("a != b AND \"Odd Name\" IS NULL"), "(a <> b) AND (\"Odd Name\" IS NULL)");
        assert_eq!(c("(a > 0) AND (b > 0)"), c("a > 0 AND b > 0"));
        assert_ne!(c("(a OR b) AND c"), c("a OR (b AND c)"));
    }

    #[test]
    fn between_reads_as_postgresql_stores_it() {
        assert_eq!(c("jersey BETWEEN 0 AND 99"), c("((jersey >= 0) AND (jersey <= 99))"));
        assert_eq!(c("x NOT BETWEEN 1 AND 2"), c("x < 1 OR x > 2"));
    }

    #[test]
    fn casts_intervals_and_clock_functions() {
        assert_eq!(c("now() + interval '1 day'"), c("(now() + '1 day'::interval)"));
        assert_eq!(c("now() + interval '1 day'"), "CURRENT_TIMESTAMP + '1 day'");
        assert_eq!(c("current_timestamp() + interval 1 day"), c("now() + INTERVAL 1 DAY"));
        assert_eq!(c("x > '-1'::integer"), c("x > -1"));
        assert_eq!(c("d > DATE '2020-01-01'"), c("d > '2020-01-01'::date"));
        assert_eq!(c("x = 'a'::text"), "x = 'a'");
    }

    #[test]
    fn unreadable_text_is_compared_on_tokens() {
        assert_eq!(c("SELECT  a::text FROM \"T\" JOIN \"a b\""), "select a from t join \"a b\"");
        assert_eq!(c("SELECT 'x'::character varying(3)[] AS y"), "select 'x' as y");
        assert_eq!(bare_column(&c("(\"Email\")")), Some("email".into()));
        assert_eq!(bare_column(&c("lower(email)")), None);
    }
}
