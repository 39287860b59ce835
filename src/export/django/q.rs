//! Conditions and index expressions as Django writes them in `Meta`: a canonical SQL condition
//! → `models.Q(…)`, an index expression (`LOWER("name")`) →
//! `django.db.models.functions.Lower("name")`. Each is accepted only when the Django importer,
//! reading the Python back with Django's own rules (`import::django::reading`), gives the same
//! SQL on the target database — so the real Django builds what polymig's SQL builds.
//!
//! `("a" >= 0 AND NOT ("b" = 'x'))` → `models.Q(("a__gte", 0), models.Q(("b", "x"), _negated=True))`.
//! Under a negation Django adds `col IS NOT NULL` after a lookup on a nullable column; those
//! are left out of the Q object, Django puts them back.

use sqlparser::ast::{
    BinaryOperator, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, InTarget, UnaryOperator, Value,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use super::Ctx;
use super::py;
use super::registry::Model;
use crate::import::django::reading;
use crate::import::django::state::{Field, Model as StateModel};
use crate::ir::{IndexKey, IndexPart};
use crate::schema::Table;
use crate::schema::compare::canonical_expr;

/// `models.Q(…)` for the condition `expr` on `table`, when Django writes exactly that condition.
pub fn condition(ctx: &Ctx, model: &Model, table: &Table, expr: &str) -> Result<String, String> {
    let why = || format!("CHECK ({expr}) has no Q object Django writes the same way");
    let parsed = parse(expr).ok_or_else(why)?;
    let nullable = |c: &str| table.column(c).is_some_and(|c| c.nullable);
    let q = node(&parsed, false, &|c| model.field(c).map(str::to_string), &nullable).ok_or_else(why)?;
    let back = reading::condition_sql(ctx.dialect, &state_model(ctx, model, table), &q).map_err(|_| why())?;
    if canonical_expr(&back) == canonical_expr(expr) { Ok(q) } else { Err(why()) }
}

/// The Python expressions of an index on expressions (`Lower("name")`, `"code"`, `F("x").desc()`),
/// when Django writes exactly these key parts.
pub fn expressions(ctx: &Ctx, model: &Model, table: &Table, parts: &[IndexPart]) -> Result<Vec<String>, String> {
    let why = || "the index expressions have no Django spelling that writes the same".to_string();
    let field = |c: &str| model.field(c).map(str::to_string);
    let mut out = Vec::new();
    for p in parts {
        if p.opclass.is_some() || p.length.is_some() || p.collation.is_some() || p.nulls_first.is_some() {
            return Err(
                "operator classes, prefixes, collations and NULLS order on index expressions are written in SQL".into(),
            );
        }
        let e = match &p.key {
            IndexKey::Column(c) => format!("models.F({})", py::string(&field(c).ok_or_else(why)?)),
            IndexKey::Expression(text) => function(&parse(text).ok_or_else(why)?, &field).ok_or_else(why)?,
        };
        out.push(if p.desc { format!("{e}.desc()") } else { e });
    }
    let back = reading::index_parts(ctx.dialect, &state_model(ctx, model, table), &out).map_err(|_| why())?;
    let same = |a: &IndexPart, b: &IndexPart| {
        a.desc == b.desc
            && match (&a.key, &b.key) {
                (IndexKey::Column(x), IndexKey::Column(y)) => x == y,
                (IndexKey::Expression(x), IndexKey::Expression(y)) => canonical_expr(x) == canonical_expr(y),
                _ => false,
            }
    };
    if back.len() == parts.len() && back.iter().zip(parts).all(|(a, b)| same(a, b)) { Ok(out) } else { Err(why()) }
}

/// Django's model state for `table` as the importer sees it: each column's field, its class
/// as the exporter declares it, and its nullability.
fn state_model(ctx: &Ctx, model: &Model, table: &Table) -> StateModel {
    let mut scratch = model.clone();
    let fields = table
        .columns
        .iter()
        .map(|c| {
            let (name, f, rel) = super::model::field_of(ctx, table, c, &mut scratch);
            let class = if rel.is_some() { "ForeignKey" } else { f.call.callee().rsplit('.').next().unwrap_or("") };
            let mut field = Field::new(&name, class);
            field.db_column = Some(c.name.clone());
            field.null = c.nullable;
            field
        })
        .collect();
    StateModel::on_table(model.name.clone(), table.name.name.clone(), fields)
}

fn parse(text: &str) -> Option<Expr> {
    Parser::new(&PostgreSqlDialect {}).try_with_sql(text).ok()?.parse_expr().ok()
}

fn strip(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(inner) => strip(inner),
        other => other,
    }
}

/// A `models.Q(…)` for `e`; `negated`: under an odd number of `NOT`s.
fn node(
    e: &Expr,
    negated: bool,
    field: &dyn Fn(&str) -> Option<String>,
    nullable: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let e = strip(e);
    if let Expr::UnaryOp { op: UnaryOperator::Not, expr } = e {
        let inner = strip(expr);
        if let Some(col) = column(inner) {
            // `NOT "flag"` is Django's `flag=False`
            return Some(format!("models.Q({})", lookup_of(&field(&col)?, "exact", "False")));
        }
        let body = node(inner, !negated, field, nullable)?;
        return Some(format!("{}, _negated=True)", body.strip_suffix(')')?));
    }
    let (items, or) = match e {
        Expr::BinaryOp { op: op @ (BinaryOperator::And | BinaryOperator::Or), .. } => {
            let mut parts = Vec::new();
            flatten(e, op, &mut parts);
            (parts, *op == BinaryOperator::Or)
        }
        _ => (vec![e], false),
    };
    let mut children = Vec::new();
    let mut looked_up: Vec<String> = Vec::new();
    for item in items {
        let item = strip(item);
        // the `IS NOT NULL` Django adds after a negated lookup on a nullable column
        if negated
            && !or
            && let Expr::IsNotNull(inner) = item
            && let Some(col) = column(inner)
            && nullable(&col)
            && looked_up.contains(&col)
        {
            looked_up.retain(|c| *c != col);
            continue;
        }
        match leaf(item, field) {
            Some((lookup, cols)) => {
                children.push(lookup);
                looked_up = cols;
            }
            None => {
                let compound = matches!(
                    item,
                    Expr::UnaryOp { op: UnaryOperator::Not, .. }
                        | Expr::BinaryOp { op: BinaryOperator::And | BinaryOperator::Or, .. }
                );
                if !compound {
                    return None;
                }
                children.push(node(item, negated, field, nullable)?);
                looked_up.clear();
            }
        }
    }
    let connector = if or { ", _connector=\"OR\"" } else { "" };
    Some(format!("models.Q({}{connector})", children.join(", ")))
}

fn flatten<'e>(e: &'e Expr, op: &BinaryOperator, out: &mut Vec<&'e Expr>) {
    match strip(e) {
        Expr::BinaryOp { left, op: o, right } if o == op => {
            flatten(left, op, out);
            flatten(right, op, out);
        }
        other => out.push(other),
    }
}

/// A lookup tuple for a comparison, with the columns it reads (for the `IS NOT NULL` rule).
fn leaf(e: &Expr, field: &dyn Fn(&str) -> Option<String>) -> Option<(String, Vec<String>)> {
    match e {
        Expr::Identifier(_) => {
            let col = column(e)?;
            Some((lookup_of(&field(&col)?, "exact", "True"), vec![col]))
        }
        // `UPPER("c"::text) = UPPER('b')`: `iexact` on PostgreSQL
        Expr::BinaryOp { left, op: BinaryOperator::Eq, right }
            if text_operand(strip(left)).is_some_and(|(_, upper)| upper) =>
        {
            let (col, _) = text_operand(strip(left))?;
            let s = pattern_text(strip(right), true)?;
            Some((lookup_of(&field(&col)?, "iexact", &py::string(&s)), vec![col]))
        }
        Expr::BinaryOp { left, op, right } => {
            let name = match op {
                BinaryOperator::Eq => "exact",
                BinaryOperator::Gt => "gt",
                BinaryOperator::GtEq => "gte",
                BinaryOperator::Lt => "lt",
                BinaryOperator::LtEq => "lte",
                _ => return None,
            };
            let col = column(strip(left))?;
            let f = field(&col)?;
            match column(strip(right)) {
                Some(other) => {
                    let value = format!("models.F({})", py::string(&field(&other)?));
                    Some((lookup_of(&f, name, &value), vec![col, other]))
                }
                None => Some((lookup_of(&f, name, &literal(strip(right))?), vec![col])),
            }
        }
        Expr::IsNull(inner) | Expr::IsNotNull(inner) => {
            let col = column(strip(inner))?;
            let flag = if matches!(e, Expr::IsNull(_)) { "True" } else { "False" };
            Some((lookup_of(&field(&col)?, "isnull", flag), vec![col]))
        }
        Expr::In { expr, target: InTarget::List(list), negated: false, .. } => {
            let col = column(strip(expr))?;
            let items: Option<Vec<String>> = list.iter().map(|i| literal(strip(i))).collect();
            Some((lookup_of(&field(&col)?, "in", &format!("[{}]", items?.join(", "))), vec![col]))
        }
        Expr::Like { negated: false, any: false, expr, pattern, .. } => {
            // `"c"::text LIKE 'a%'` (PostgreSQL), `"c" LIKE 'a%' ESCAPE '\'` (SQLite),
            // `UPPER("c"::text) LIKE UPPER('%a%')` (case-insensitive, PostgreSQL)
            let (col, upper) = text_operand(strip(expr))?;
            let s = pattern_text(strip(pattern), upper)?;
            let (lead, trail) = (s.starts_with('%'), s.ends_with('%') && s.len() > 1);
            let bare = s.trim_start_matches('%').trim_end_matches('%');
            let name = match (lead, trail) {
                (true, true) => "contains",
                (false, true) => "startswith",
                (true, false) => "endswith",
                (false, false) => "iexact",
            };
            let name = if upper && name != "iexact" { format!("i{name}") } else { name.to_string() };
            Some((lookup_of(&field(&col)?, &name, &py::string(bare)), vec![col]))
        }
        Expr::Between { expr, negated: false, low, high } => {
            let col = column(strip(expr))?;
            let range = format!("({}, {})", literal(strip(low))?, literal(strip(high))?);
            Some((lookup_of(&field(&col)?, "range", &range), vec![col]))
        }
        _ => None,
    }
}

/// The column of `"c"`, `"c"::text` or `UPPER("c"::text)` (then `true`).
fn text_operand(e: &Expr) -> Option<(String, bool)> {
    match e {
        Expr::Cast { expr, .. } => column(strip(expr)).map(|c| (c, false)),
        Expr::Function(f) if f.name.to_string().eq_ignore_ascii_case("upper") => {
            text_operand(strip(single_arg(f)?)).filter(|(_, u)| !u).map(|(c, _)| (c, true))
        }
        other => column(other).map(|c| (c, false)),
    }
}

/// The string of `'x'`, or of `UPPER('x')` when `upper`.
fn pattern_text(e: &Expr, upper: bool) -> Option<String> {
    let lit = match (upper, e) {
        (true, Expr::Function(f)) if f.name.to_string().eq_ignore_ascii_case("upper") => strip(single_arg(f)?),
        (false, other) => other,
        _ => return None,
    };
    match lit {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn single_arg(f: &sqlparser::ast::Function) -> Option<&Expr> {
    let FunctionArguments::List(list) = &f.args else { return None };
    match list.args.as_slice() {
        [FunctionArg::Unnamed(FunctionArgExpr::Expr(x))] => Some(x),
        _ => None,
    }
}

/// `("field__lookup", value)` (`("field", value)` for `exact`).
fn lookup_of(field: &str, lookup: &str, value: &str) -> String {
    let key = if lookup == "exact" { field.to_string() } else { format!("{field}__{lookup}") };
    format!("({}, {value})", py::string(&key))
}

fn column(e: &Expr) -> Option<String> {
    match e {
        Expr::Identifier(i) => Some(i.value.clone()),
        _ => None,
    }
}

/// A SQL literal as Python: `5`, `'x'` → `"x"`, `true` → `True`.
fn literal(e: &Expr) -> Option<String> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => Some(n.clone()),
            Value::SingleQuotedString(s) => Some(py::string(s)),
            Value::Boolean(b) => Some(py::boolean(*b).to_string()),
            _ => None,
        },
        Expr::UnaryOp { op: UnaryOperator::Minus, expr } => literal(expr).map(|n| format!("-{n}")),
        _ => None,
    }
}

/// An index expression as a Django function call: `LOWER("name")` → `…functions.Lower("name")`.
fn function(e: &Expr, field: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    match strip(e) {
        Expr::Identifier(_) => Some(format!("models.F({})", py::string(&field(&column(strip(e))?)?))),
        Expr::Value(_) => literal(strip(e)).map(|lit| format!("models.Value({lit})")),
        Expr::Function(f) => {
            let class = match f.name.to_string().to_ascii_uppercase().as_str() {
                "LOWER" => "Lower",
                "UPPER" => "Upper",
                "COALESCE" => "Coalesce",
                "LENGTH" | "CHAR_LENGTH" => "Length",
                "ABS" => "Abs",
                "TRIM" => "Trim",
                _ => return None,
            };
            let FunctionArguments::List(list) = &f.args else { return None };
            let args: Option<Vec<String>> = list
                .args
                .iter()
                .map(|a| match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => function(x, field),
                    _ => None,
                })
                .collect();
            Some(format!("django.db.models.functions.{class}({})", args?.join(", ")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::ir::{Column, DataType, QName, Span, SqlDialect};
    use crate::schema::Schema;

    fn setup(d: SqlDialect) -> (Ctx, Model, Table) {
        let mut table = Table::new(QName::new("shop_customer"));
        for (name, ty, null) in [
            ("score", DataType::Integer { bits: 32, unsigned: false }, true),
            ("start", DataType::Integer { bits: 32, unsigned: false }, false),
            ("code", DataType::Varchar { length: Some(20) }, false),
            ("active", DataType::Boolean, false),
        ] {
            let mut c = Column::new(name, ty);
            c.nullable = null;
            table.columns.push(c);
        }
        let fields = table.columns.iter().map(|c| (c.name.clone(), c.name.clone())).collect();
        let model = Model { name: "Customer".into(), fields, known: BTreeMap::new(), state_exact: true };
        let ctx = Ctx {
            app: "shop".into(),
            dialect: d,
            state: Schema::default(),
            models: Default::default(),
            diags: Vec::new(),
            non_atomic: false,
            functions: Vec::new(),
            span: Span::file(""),
            upcoming: Vec::new(),
            created_fks: BTreeSet::new(),
        };
        (ctx, model, table)
    }

    fn q(d: SqlDialect, expr: &str) -> Result<String, String> {
        let (ctx, model, table) = setup(d);
        condition(&ctx, &model, &table, expr)
    }

    #[test]
    fn conditions_django_writes_the_same_become_q_objects() {
        let pg = SqlDialect::Postgres;
        assert_eq!(
            q(pg, r#"("score" >= 0 AND "score" <= 100)"#).unwrap(),
            r#"models.Q(("score__gte", 0), ("score__lte", 100))"#
        );
        // SQL written by hand reads the same once Django's parentheses are allowed for
        assert_eq!(q(pg, "score >= 0 AND start < 5").unwrap(), r#"models.Q(("score__gte", 0), ("start__lt", 5))"#);
        // the IS NOT NULL Django adds under a negation is left to Django
        assert_eq!(
            q(pg, r#"NOT ("score" = 5 AND "score" IS NOT NULL)"#).unwrap(),
            r#"models.Q(("score", 5), _negated=True)"#
        );
        assert_eq!(
            q(pg, r#"("active" OR "start" IN (1, 2) OR "code"::text LIKE 'a%')"#).unwrap(),
            r#"models.Q(("active", True), ("start__in", [1, 2]), ("code__startswith", "a"), _connector="OR")"#
        );
        assert_eq!(
            q(SqlDialect::Mysql, r#"NOT ("start" BETWEEN 0 AND 9 AND "active" = 0)"#).unwrap(),
            r#"models.Q(("start__range", (0, 9)), ("active", 0), _negated=True)"#
        );
    }

    #[test]
    fn conditions_django_writes_otherwise_are_refused() {
        let pg = SqlDialect::Postgres;
        // Django would write NOT ("score" = 5 AND "score" IS NOT NULL)
        assert!(q(pg, r#"NOT ("score" = 5)"#).is_err());
        assert!(q(pg, "length(code) > 1").is_err());
        assert!(q(pg, r#""score" <> 5"#).is_err());
        // PostgreSQL booleans are bare columns in Django's SQL
        assert!(q(pg, r#""active" = true"#).is_err());
    }
}
