//! `models.Index(...)`, `models.UniqueConstraint(...)`, `models.CheckConstraint(...)` and the
//! `Q(...)` objects of their conditions → IR indexes, constraints and SQL expressions.
//!
//! `Q(("price__gte", 0))` / `Q(price__gte=0)` → `"price" >= 0`; `&`, `|`, `~` combine them.
//! Lookups: `exact`, `iexact` (no), `gt`, `gte`, `lt`, `lte`, `in`, `isnull`, `startswith` (no).

use super::editor::Editor;
use super::state::Model;
use crate::host::{CallValue, Value};
use crate::ir::{Constraint, ConstraintKind, Index, IndexPart, QName, SqlDialect};

/// An index or constraint from `Meta.indexes` / `Meta.constraints` / `AddIndex` / `AddConstraint`.
pub enum Item {
    /// Created with `CREATE INDEX` (plain or conditional/expression indexes).
    Index(Index),
    /// Written in `CREATE TABLE` / `ALTER TABLE ADD CONSTRAINT`.
    Constraint(Constraint),
}

/// `models.Index(fields=["-created", "name"], name="…", condition=Q(...), opclasses=[…], include=[…])`.
pub fn index(ed: &Editor, model: &Model, v: &Value) -> Result<Index, String> {
    let call = v.as_call().ok_or("the index is not a models.Index(...) call")?;
    if call.method() != "Index" && !call.method().ends_with("Index") {
        return Err(format!("unknown index class `{}`", call.path()));
    }
    let name = call.kw("name").and_then(Value::as_str).ok_or("the index has no literal `name`")?.to_string();
    let fields = strings(call.kw("fields"));
    if fields.is_empty() || !call.args.is_empty() {
        return Err("expression indexes are not translated".into());
    }
    let mut parts = Vec::new();
    let opclasses = strings(call.kw("opclasses"));
    for (i, f) in fields.iter().enumerate() {
        let (desc, fname) = match f.strip_prefix('-') {
            Some(n) => (true, n),
            None => (false, f.as_str()),
        };
        let col =
            model.field(fname).map(|f| f.column()).ok_or_else(|| format!("{} has no field `{fname}`", model.name))?;
        let mut part = IndexPart::column(col);
        part.desc = desc;
        part.opclass = opclasses.get(i).cloned();
        parts.push(part);
    }
    let method = match call.method() {
        "Index" => None,
        other => Some(other.trim_end_matches("Index").to_ascii_lowercase()),
    };
    let predicate = match call.kw("condition") {
        Some(q) if !q.is_nil() => Some(q_sql(ed, model, q)?),
        _ => None,
    };
    let include = strings(call.kw("include"))
        .iter()
        .map(|n| model.field(n).map(|f| f.column()).ok_or_else(|| format!("{} has no field `{n}`", model.name)))
        .collect::<Result<_, _>>()?;
    Ok(Index {
        name: Some(name),
        table: QName::new(&model.table),
        parts,
        unique: false,
        method,
        predicate,
        include,
        nulls_not_distinct: false,
    })
}

/// `UniqueConstraint(fields=[…], name=…, [condition=Q(...)])` or `CheckConstraint(check|condition=Q(...), name=…)`.
pub fn constraint(ed: &Editor, model: &Model, v: &Value) -> Result<Item, String> {
    let call = v.as_call().ok_or("the constraint is not a call")?;
    let name = call.kw("name").and_then(Value::as_str).ok_or("the constraint has no literal `name`")?.to_string();
    match call.method() {
        "UniqueConstraint" => unique(ed, model, call, name),
        "CheckConstraint" => {
            let q = call.kw("condition").or_else(|| call.kw("check")).ok_or("CheckConstraint without a condition")?;
            let expr = q_sql(ed, model, q)?;
            Ok(Item::Constraint(Constraint { name: Some(name), kind: ConstraintKind::Check { expr } }))
        }
        other => Err(format!("unknown constraint class `{other}`")),
    }
}

fn unique(ed: &Editor, model: &Model, call: &CallValue, name: String) -> Result<Item, String> {
    if !call.args.is_empty() {
        return Err("UniqueConstraint on expressions is not translated".into());
    }
    let cols = ed.columns(model, &strings(call.kw("fields")))?;
    let nnd = call.kw("nulls_distinct").and_then(Value::as_bool) == Some(false);
    let condition = call.kw("condition").filter(|q| !q.is_nil());
    let include = strings(call.kw("include"));
    let deferrable = call.kw("deferrable").filter(|v| !v.is_nil());
    if deferrable.is_some() {
        return Err("deferrable UniqueConstraint is not translated".into());
    }
    if condition.is_none() && include.is_empty() && call.kw("opclasses").is_none() {
        return Ok(Item::Constraint(Constraint {
            name: Some(name),
            kind: ConstraintKind::Unique { columns: cols, nulls_not_distinct: nnd },
        }));
    }
    if condition.is_some() && ed.d == Some(SqlDialect::Mysql) {
        return Err("MySQL has no partial unique indexes (Django skips this constraint there)".into());
    }
    let predicate = condition.map(|q| q_sql(ed, model, q)).transpose()?;
    let include = ed.columns(model, &include)?;
    Ok(Item::Index(Index {
        name: Some(name),
        table: QName::new(&model.table),
        parts: cols.into_iter().map(IndexPart::column).collect(),
        unique: true,
        method: None,
        predicate,
        include,
        nulls_not_distinct: nnd,
    }))
}

/// A list of strings (`fields=[…]`), empty when absent.
pub fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_list)
        .map(|l| l.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// `Q(...)` → SQL boolean expression over the model's columns.
pub fn q_sql(ed: &Editor, model: &Model, v: &Value) -> Result<String, String> {
    let call = v.as_call().ok_or("the condition is not a Q(...) object")?;
    match call.method() {
        "Q" => {
            let mut terms = Vec::new();
            for a in &call.args {
                terms.push(match a.as_list() {
                    Some([k, val]) => lookup(ed, model, k.as_str().ok_or("Q lookup key is not a string")?, val)?,
                    _ => q_sql(ed, model, a)?,
                });
            }
            for (k, val) in &call.kwargs {
                if k == "_connector" || k == "_negated" {
                    continue;
                }
                terms.push(lookup(ed, model, k, val)?);
            }
            let connector = match call.kw("_connector").and_then(Value::as_str) {
                Some("OR") => " OR ",
                _ => " AND ",
            };
            let body = if terms.len() == 1 {
                terms.remove(0)
            } else {
                terms.iter().map(|t| format!("({t})")).collect::<Vec<_>>().join(connector)
            };
            Ok(if call.kw("_negated").and_then(Value::as_bool) == Some(true) { format!("NOT ({body})") } else { body })
        }
        "__and__" | "__or__" => Err("combined Q objects are not translated".into()),
        other => Err(format!("`{other}(...)` in a condition is not translated")),
    }
}

fn lookup(ed: &Editor, model: &Model, key: &str, v: &Value) -> Result<String, String> {
    let (field, op) = match key.rsplit_once("__") {
        Some((f, op)) if model.field(f).is_some() => (f, op),
        _ => (key, "exact"),
    };
    let col = model.field(field).map(|f| f.column()).ok_or_else(|| format!("{} has no field `{field}`", model.name))?;
    let q = if ed.d == Some(SqlDialect::Mysql) { format!("`{col}`") } else { format!("\"{col}\"") };
    // SQLite gets decimals as quoted strings (Django adapts Decimal values to text there)
    let decimal_text =
        ed.d == Some(SqlDialect::Sqlite) && model.field(field).is_some_and(|f| f.class == "DecimalField");
    let lit = |v: &Value| -> Result<String, String> {
        match v {
            Value::Number(n) if decimal_text => Ok(format!("'{n}'")),
            Value::Number(n) => Ok(n.clone()),
            Value::Str(s) => Ok(format!("'{}'", s.replace('\'', "''"))),
            Value::Bool(b) => Ok(match ed.d {
                Some(SqlDialect::Postgres) | None => b.to_string(),
                _ => (*b as i32).to_string(),
            }),
            _ => Err("a condition value is not a literal".into()),
        }
    };
    Ok(match op {
        "exact" if v.is_nil() => format!("{q} IS NULL"),
        "exact" => format!("{q} = {}", lit(v)?),
        "gt" => format!("{q} > {}", lit(v)?),
        "gte" => format!("{q} >= {}", lit(v)?),
        "lt" => format!("{q} < {}", lit(v)?),
        "lte" => format!("{q} <= {}", lit(v)?),
        "isnull" if v.as_bool() == Some(true) => format!("{q} IS NULL"),
        "isnull" => format!("{q} IS NOT NULL"),
        "in" => {
            let items = v.as_list().ok_or("`__in` needs a literal list")?;
            format!("{q} IN ({})", items.iter().map(lit).collect::<Result<Vec<_>, _>>()?.join(", "))
        }
        other => return Err(format!("lookup `__{other}` is not translated")),
    })
}
