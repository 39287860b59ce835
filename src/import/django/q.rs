//! `Q(...)` objects of `CheckConstraint(condition=…)`, `UniqueConstraint(condition=…)` and
//! `Index(condition=…)` → the SQL Django's query compiler writes for them on each backend.
//!
//! Two steps, as in Django:
//! 1. the `Q` tree as Python builds it: `Q(a=1, b=2)` (keyword lookups sorted by name),
//!    `Q(("a", 1), _connector="OR", _negated=True)`, `q1 & q2`, `q1 | q2`, `~q` — combining
//!    squashes a child with the same connector or a single child into its parent (`tree.Node.add`);
//! 2. the `WhereNode` tree `Query._add_q` builds from it (the same squashing), where a lookup
//!    under an odd number of negations on a nullable column also gets `col IS NOT NULL`, rendered
//!    by `WhereNode.as_sql`: children joined by ` AND ` / ` OR `, `NOT (…)` when negated, else
//!    parenthesised when there is more than one child.
//!
//! `Q(price__gte=0) & ~Q(code="x")` → `("price" >= 0 AND NOT ("code" = 'x'))`. Lookups: `exact`,
//! `iexact`, `gt`, `gte`, `lt`, `lte`, `in`, `range`, `isnull`, `contains`, `icontains`,
//! `startswith`, `istartswith`, `endswith`, `iendswith`; the right-hand side a literal or `F("col")`.
//! Identifiers are written in the IR's canonical spelling (`"col"`).

use super::state::{Field, Model};
use crate::host::{CallValue, Value};
use crate::ir::SqlDialect;

/// `Q(...)` (or a combination of them) → SQL boolean expression over `model`'s columns.
pub fn condition_sql(d: Option<SqlDialect>, model: &Model, v: &Value) -> Result<String, String> {
    let q = build(v)?;
    let where_ = add_q(&Backend(d.unwrap_or(SqlDialect::Postgres)), model, &q, false)?;
    let sql = render(&where_);
    if sql.is_empty() { Err("the condition is empty".into()) } else { Ok(sql) }
}

/// A `Q` node: connector, negation, children (lookups or nested nodes).
#[derive(Debug, Clone)]
struct QNode {
    or: bool,
    negated: bool,
    children: Vec<QChild>,
}

#[derive(Debug, Clone)]
enum QChild {
    Lookup(String, Value),
    Node(QNode),
}

fn build(v: &Value) -> Result<QNode, String> {
    let call = v.as_call().ok_or("the condition is not a Q(...) object")?;
    match call.method() {
        "Q" => q_call(call),
        "__and__" | "__or__" => {
            let left = build(call.receiver().ok_or("`&` without a left side")?)?;
            let right = build(call.args.first().ok_or("`&` without a right side")?)?;
            Ok(combine(left, right, call.method() == "__or__"))
        }
        "__invert__" => {
            let mut q = build(call.receiver().ok_or("`~` without an operand")?)?;
            q.negated = !q.negated;
            Ok(q)
        }
        other => Err(format!("`{other}(...)` in a condition is not translated (only Q objects are)")),
    }
}

/// `Q(*args, _connector=None, _negated=False, **kwargs)`: children are the positional
/// arguments, then the keyword lookups sorted by name.
fn q_call(call: &CallValue) -> Result<QNode, String> {
    let or = match call.kw("_connector").filter(|v| !v.is_nil()) {
        None => false,
        Some(v) => match v.as_str() {
            Some("AND") => false,
            Some("OR") => true,
            _ => return Err("a Q connector other than AND/OR is not translated".into()),
        },
    };
    let negated = call.kw("_negated").and_then(Value::as_bool).unwrap_or(false);
    let mut children = Vec::new();
    for a in &call.args {
        children.push(match a.as_list() {
            Some([k, val]) => {
                QChild::Lookup(k.as_str().ok_or("a Q lookup name is not a string")?.to_string(), val.clone())
            }
            _ => QChild::Node(build(a)?),
        });
    }
    let mut kwargs: Vec<&(String, Value)> =
        call.kwargs.iter().filter(|(k, _)| k != "_connector" && k != "_negated").collect();
    kwargs.sort_by(|a, b| a.0.cmp(&b.0));
    children.extend(kwargs.into_iter().map(|(k, v)| QChild::Lookup(k.clone(), v.clone())));
    Ok(QNode { or, negated, children })
}

/// `Q._combine`: an empty side gives the other; else a new node with both added.
fn combine(left: QNode, right: QNode, or: bool) -> QNode {
    if left.children.is_empty() {
        return right;
    }
    if right.children.is_empty() {
        return left;
    }
    let mut obj = QNode { or, negated: false, children: Vec::new() };
    for side in [left, right] {
        if !side.negated && (side.or == or || side.children.len() == 1) {
            obj.children.extend(side.children);
        } else {
            obj.children.push(QChild::Node(side));
        }
    }
    obj
}

/// A `WhereNode`: connector, negation, rendered lookups or nested nodes.
#[derive(Debug)]
struct WNode {
    or: bool,
    negated: bool,
    children: Vec<W>,
}

#[derive(Debug)]
enum W {
    Sql(String),
    Node(WNode),
}

/// `Query._add_q`.
fn add_q(b: &Backend, model: &Model, q: &QNode, negated: bool) -> Result<WNode, String> {
    let negated = negated ^ q.negated;
    let mut target = WNode { or: q.or, negated: q.negated, children: Vec::new() };
    for child in &q.children {
        let clause = match child {
            QChild::Node(n) => add_q(b, model, n, negated)?,
            QChild::Lookup(k, v) => lookup(b, model, k, v, negated)?,
        };
        if clause.children.is_empty() {
            continue;
        }
        if !clause.negated && (clause.or == target.or || clause.children.len() == 1) {
            target.children.extend(clause.children);
        } else {
            target.children.push(W::Node(clause));
        }
    }
    Ok(target)
}

/// `WhereNode.as_sql`.
fn render(w: &WNode) -> String {
    let parts: Vec<String> = w
        .children
        .iter()
        .map(|c| match c {
            W::Sql(s) => s.clone(),
            W::Node(n) => render(n),
        })
        .filter(|s| !s.is_empty())
        .collect();
    let joined = parts.join(if w.or { " OR " } else { " AND " });
    if joined.is_empty() {
        joined
    } else if w.negated {
        format!("NOT ({joined})")
    } else if parts.len() > 1 {
        format!("({joined})")
    } else {
        joined
    }
}

/// The right-hand side of a lookup.
enum Rhs<'m> {
    Lit(Value),
    Col(&'m Field),
}

/// `Query.build_filter` for one `field__lookup=value`.
fn lookup(b: &Backend, model: &Model, key: &str, v: &Value, negated: bool) -> Result<WNode, String> {
    let (name, op) = key.split_once("__").unwrap_or((key, "exact"));
    if op.contains("__") {
        return Err(format!("lookup `{key}` spans a relation or a transform: not translated"));
    }
    let field = field(model, name)?;
    let col = quote(&field.column());
    let rhs = match v.as_call() {
        Some(c) if c.method() == "F" => {
            let other = c.args.first().and_then(Value::as_str).ok_or("F() without a literal field name")?;
            Rhs::Col(self::field(model, other)?)
        }
        Some(c) => return Err(format!("`{}(...)` as a lookup value is not translated", c.method())),
        None => Rhs::Lit(v.clone()),
    };
    let (op, rhs) = match rhs {
        Rhs::Lit(Value::Nil) if op == "exact" => ("isnull", Rhs::Lit(Value::Bool(true))),
        Rhs::Lit(Value::Nil) => return Err(format!("`None` with lookup `__{op}`")),
        other => (op, other),
    };
    let value = |rhs: &Rhs| -> Result<String, String> {
        match rhs {
            Rhs::Lit(v) => b.literal(field, v),
            Rhs::Col(f) => Ok(format!("({})", quote(&f.column()))),
        }
    };
    let cond = match op {
        "exact" if field.class == "BooleanField" && matches!(rhs, Rhs::Lit(Value::Bool(_))) && b.bare_booleans() => {
            if matches!(rhs, Rhs::Lit(Value::Bool(true))) { col.clone() } else { format!("NOT {col}") }
        }
        "exact" => format!("{col} = {}", value(&rhs)?),
        "gt" => format!("{col} > {}", value(&rhs)?),
        "gte" => format!("{col} >= {}", value(&rhs)?),
        "lt" => format!("{col} < {}", value(&rhs)?),
        "lte" => format!("{col} <= {}", value(&rhs)?),
        "isnull" => match rhs {
            Rhs::Lit(Value::Bool(true)) => format!("{col} IS NULL"),
            Rhs::Lit(Value::Bool(false)) => format!("{col} IS NOT NULL"),
            _ => return Err("`__isnull` needs True or False".into()),
        },
        "in" | "range" => {
            let Rhs::Lit(Value::List(items)) = &rhs else { return Err(format!("`__{op}` needs a literal list")) };
            let mut seen: Vec<String> = Vec::new();
            for item in items.iter().filter(|i| !i.is_nil() || op == "range") {
                let lit = b.literal(field, item)?;
                if op == "range" || !seen.contains(&lit) {
                    seen.push(lit);
                }
            }
            match (op, seen.as_slice()) {
                ("in", []) => return Err("`__in` with no values matches nothing".into()),
                ("in", _) => format!("{col} IN ({})", seen.join(", ")),
                (_, [lo, hi]) => format!("{col} BETWEEN {lo} AND {hi}"),
                _ => return Err("`__range` needs two values".into()),
            }
        }
        "iexact" | "contains" | "icontains" | "startswith" | "istartswith" | "endswith" | "iendswith" => {
            let Rhs::Lit(Value::Str(s)) = &rhs else { return Err(format!("`__{op}` needs a literal string")) };
            if s.contains(['%', '_', '\\']) {
                return Err(format!("`__{op}` with `%`, `_` or `\\` in the value is not translated"));
            }
            b.pattern(op, &col, s)
        }
        other => return Err(format!("lookup `__{other}` is not translated")),
    };
    let mut children = vec![W::Sql(cond)];
    let rhs_known = !matches!(rhs, Rhs::Lit(Value::Nil));
    if negated && (op != "isnull" || matches!(rhs, Rhs::Lit(Value::Bool(false)))) && rhs_known {
        if op != "isnull" && field.null {
            children.push(W::Sql(format!("{col} IS NOT NULL")));
        }
        if let Rhs::Col(other) = rhs
            && other.null
        {
            children.push(W::Sql(format!("{} IS NOT NULL", quote(&other.column()))));
        }
    }
    Ok(WNode { or: false, negated: false, children })
}

/// A model field by name, or by its column (`author_id`).
fn field<'m>(model: &'m Model, name: &str) -> Result<&'m Field, String> {
    model
        .field(name)
        .or_else(|| model.fields.iter().find(|f| f.has_column() && f.column() == name))
        .filter(|f| f.has_column())
        .ok_or_else(|| format!("{} has no field `{name}`", model.name))
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// What differs between Django's backends in lookups.
struct Backend(SqlDialect);

impl Backend {
    /// `boolfield=True` renders as the bare column (`WHERE "active"`), except on MySQL
    /// (`conditional_expression_supported_in_where_clause`).
    fn bare_booleans(&self) -> bool {
        self.0 != SqlDialect::Mysql
    }

    /// A literal as `schema_editor.quote_value` writes it, after the field's `get_prep_value`
    /// (`TextField` turns `0` into `'0'`, `IntegerField` turns `"5"` into `5`).
    fn literal(&self, f: &Field, v: &Value) -> Result<String, String> {
        let text = |s: &str| format!("'{}'", s.replace('\'', "''"));
        let int = |s: &str| s.trim().parse::<i64>().ok().map(|n| n.to_string());
        let bool_lit = |b: bool| match self.0 {
            SqlDialect::Postgres => b.to_string(),
            _ => i32::from(b).to_string(),
        };
        let out = match (prep(f), v) {
            (Prep::Text, Value::Str(s) | Value::Number(s)) => Some(text(s)),
            (Prep::Text, Value::Bool(b)) => Some(text(if *b { "True" } else { "False" })),
            (Prep::Int, Value::Number(s) | Value::Str(s)) => int(s),
            (Prep::Int, Value::Bool(b)) => Some(i32::from(*b).to_string()),
            // SQLite gets decimals as quoted strings (Django adapts Decimal values to text there)
            (Prep::Decimal, Value::Number(s) | Value::Str(s)) if s.trim().parse::<f64>().is_ok() => {
                Some(if self.0 == SqlDialect::Sqlite { text(s.trim()) } else { s.trim().to_string() })
            }
            (Prep::Float, Value::Number(s) | Value::Str(s)) => s
                .trim()
                .parse::<f64>()
                .ok()
                .map(|x| if x.fract() == 0.0 && x.abs() < 1e15 { format!("{x:.1}") } else { x.to_string() }),
            (Prep::Bool, Value::Bool(b)) => Some(bool_lit(*b)),
            (Prep::Bool, Value::Number(s)) if s == "0" || s == "1" => Some(bool_lit(s == "1")),
            _ => None,
        };
        out.ok_or_else(|| format!("a value compared with `{}` ({}) is not translated", f.name, f.class))
    }

    /// `iexact`, `[i]contains`, `[i]startswith`, `[i]endswith` (`lookup_cast` and `operators`).
    fn pattern(&self, op: &str, col: &str, s: &str) -> String {
        let pat = match op.trim_start_matches('i') {
            "contains" => format!("%{s}%"),
            "startswith" => format!("{s}%"),
            "endswith" => format!("%{s}"),
            _ => s.to_string(),
        };
        let lit = format!("'{}'", pat.replace('\'', "''"));
        let insensitive = op.starts_with('i');
        match self.0 {
            SqlDialect::Postgres => match (op, insensitive) {
                ("iexact", _) => format!("UPPER({col}::text) = UPPER({lit})"),
                (_, true) => format!("UPPER({col}::text) LIKE UPPER({lit})"),
                (_, false) => format!("{col}::text LIKE {lit}"),
            },
            SqlDialect::Mysql if insensitive => format!("{col} LIKE {lit}"),
            SqlDialect::Mysql => format!("{col} LIKE BINARY {lit}"),
            SqlDialect::Sqlite => format!("{col} LIKE {lit} ESCAPE '\\'"),
        }
    }
}

/// How a field prepares a lookup value (`Field.get_prep_value`).
enum Prep {
    Text,
    Int,
    Float,
    Decimal,
    Bool,
    Other,
}

fn prep(f: &Field) -> Prep {
    match f.class.as_str() {
        "CharField" | "TextField" | "EmailField" | "SlugField" | "URLField" | "FilePathField" => Prep::Text,
        "IntegerField"
        | "BigIntegerField"
        | "SmallIntegerField"
        | "PositiveIntegerField"
        | "PositiveBigIntegerField"
        | "PositiveSmallIntegerField"
        | "AutoField"
        | "BigAutoField"
        | "SmallAutoField"
        | "ForeignKey"
        | "OneToOneField" => Prep::Int,
        "FloatField" => Prep::Float,
        "DecimalField" => Prep::Decimal,
        "BooleanField" => Prep::Bool,
        _ => Prep::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::{EvalConfig, Evaluator, Language, parse};

    fn model() -> Model {
        let mut fields = Vec::new();
        for (name, class, null) in
            [("score", "IntegerField", true), ("start", "IntegerField", false), ("end", "IntegerField", true)]
        {
            let mut f = Field::new(name, class);
            f.null = null;
            fields.push(f);
        }
        for (name, class) in [("code", "CharField"), ("active", "BooleanField")] {
            fields.push(Field::new(name, class));
        }
        Model {
            name: "Customer".into(),
            table: "shop_customer".into(),
            fields,
            unmanaged: false,
            unique_together: Vec::new(),
            index_together: Vec::new(),
            explicit_table: false,
            named: Vec::new(),
            index_table: None,
            stale_fields: Vec::new(),
        }
    }

    fn sql(d: SqlDialect, q: &str) -> Result<String, String> {
        let src = format!("def f():\n    check({q})\n");
        let m = parse(Language::Python, "m.py", &src);
        let mut ev = Evaluator::new(&m, EvalConfig::new(None));
        let effects = ev.run("f").expect("f()");
        let crate::host::Effect::Call(c) = &effects[0] else { panic!("no call") };
        condition_sql(Some(d), &model(), &c.call.args[0])
    }

    /// Every expected string is what Django 5.2 wrote for the same Q (sqlmigrate / migrate).
    #[test]
    fn q_objects_render_as_django_writes_them() {
        let pg = SqlDialect::Postgres;
        assert_eq!(
            sql(pg, r#"Q(("score__gte", 0), ("score__lte", 100))"#).unwrap(),
            r#"("score" >= 0 AND "score" <= 100)"#
        );
        assert_eq!(
            sql(pg, r#"Q(Q(("end__isnull", True)), ("end__gt", F("start")), _connector="OR")"#).unwrap(),
            r#"("end" IS NULL OR "end" > ("start"))"#
        );
        assert_eq!(
            sql(pg, r#"~Q(code="x") & (Q(score__in=[1, 2]) | Q(score__isnull=True))"#).unwrap(),
            r#"(NOT ("code" = 'x') AND ("score" IN (1, 2) OR "score" IS NULL))"#
        );
        assert_eq!(sql(pg, "~Q(score=5)").unwrap(), r#"NOT ("score" = 5 AND "score" IS NOT NULL)"#);
        assert_eq!(sql(pg, "~Q(start=5)").unwrap(), r#"NOT ("start" = 5)"#);
        assert_eq!(sql(pg, "Q(active=True)").unwrap(), r#""active""#);
        assert_eq!(
            sql(pg, r#"Q(code__startswith="a") | Q(code__iexact="B") | Q(code__contains="c")"#).unwrap(),
            r#"("code"::text LIKE 'a%' OR UPPER("code"::text) = UPPER('B') OR "code"::text LIKE '%c%')"#
        );
        assert_eq!(
            sql(SqlDialect::Mysql, r#"Q(code__startswith="a") | Q(code__iexact="B")"#).unwrap(),
            r#"("code" LIKE BINARY 'a%' OR "code" LIKE 'B')"#
        );
        assert_eq!(sql(SqlDialect::Sqlite, r#"Q(code__startswith="a")"#).unwrap(), r#""code" LIKE 'a%' ESCAPE '\'"#);
    }

    #[test]
    fn keyword_lookups_are_sorted_and_nested_nodes_squashed() {
        let pg = SqlDialect::Postgres;
        assert_eq!(sql(pg, "Q(start=1, end=2)").unwrap(), r#"("end" = 2 AND "start" = 1)"#);
        assert_eq!(
            sql(pg, "Q(start=1) & (Q(end=2) & Q(score=3))").unwrap(),
            r#"("start" = 1 AND "end" = 2 AND "score" = 3)"#
        );
        assert_eq!(
            sql(pg, "Q(start=1) | Q(end=2) & Q(score=3)").unwrap(),
            r#"("start" = 1 OR ("end" = 2 AND "score" = 3))"#
        );
        assert_eq!(sql(pg, "~~Q(score=1)").unwrap(), r#""score" = 1"#);
        assert_eq!(sql(pg, "~(~Q(score=1) | Q(start=2))").unwrap(), r#"NOT (NOT ("score" = 1) OR "start" = 2)"#);
        assert_eq!(sql(pg, "Q(score__range=(1, 5))").unwrap(), r#""score" BETWEEN 1 AND 5"#);
    }

    #[test]
    fn untranslatable_conditions_say_why() {
        let pg = SqlDialect::Postgres;
        assert!(sql(pg, "Q(author__name='x')").unwrap_err().contains("has no field `author`"));
        assert!(sql(pg, "Q(code__regex='^a')").unwrap_err().contains("`__regex`"));
        assert!(sql(pg, "Q(code__contains='5%')").unwrap_err().contains("`%`"));
        assert!(sql(pg, "Q(score='x')").unwrap_err().contains("a value compared with `score`"));
        assert_eq!(sql(pg, "Q(score='5', code=7)").unwrap(), r#"("code" = '7' AND "score" = 5)"#);
        assert!(sql(pg, "Q(a=1, _connector='XOR')").unwrap_err().contains("AND/OR"));
    }
}
