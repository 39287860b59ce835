//! One column call (`t.string :name, null: false, default: "x"`, `add_column
//! :users, :age, :integer, limit: 2`) → an IR [`Column`] with the options
//! ActiveRecord reads: `null`, `default` (literals and `-> { "now()" }`),
//! `limit`/`precision`/`scale`/`array` (through [`super::types`]), `comment`,
//! `collation`, `primary_key`, `auto_increment`, `as:`/`stored:` generated
//! columns, and `index:` (an index on the column).

use super::ops::Ctx;
use super::types::{TypeOpts, column_type};
use crate::host::Value;
use crate::host::tree::NodeKind;
use crate::ir::{
    AutoIncrement, Column, Constraint, ConstraintKind, DataType, DefaultExpr, GeneratedColumn, Index, IndexPart, QName,
};

/// Keyword arguments of a call, in source order.
pub type Kw = [(String, Value)];

/// The value of keyword `name`.
pub fn kw<'v>(kw: &'v Kw, name: &str) -> Option<&'v Value> {
    kw.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// A boolean keyword (absent → `None`; anything but `false`/`nil` is true, as in Ruby).
pub fn flag(kw_: &Kw, name: &str) -> Option<bool> {
    kw(kw_, name).map(|v| !matches!(v, Value::Bool(false) | Value::Nil))
}

/// A name argument: symbol or string.
pub fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) | Value::Symbol(s) => Some(s.clone()),
        _ => None,
    }
}

/// A table name (`"app.users"` is qualified; `Board.table_name` is ActiveRecord's convention,
/// see [`model_table_name`]).
pub fn table_name(v: &Value) -> Result<QName, String> {
    let n = name_of(v).or_else(|| model_table_name(v).map(|(_, t)| t)).ok_or("a table name known only at run time")?;
    Ok(match n.split_once('.') {
        Some((s, t)) => QName::qualified(s, t),
        None => QName::new(n),
    })
}

/// `Board.table_name` (a model class's table) → (`Board`, `boards`), by ActiveRecord's naming
/// convention; a model that sets `self.table_name` would differ, so callers say they assumed it.
pub fn model_table_name(v: &Value) -> Option<(String, String)> {
    let (receiver, method) = match v {
        Value::Attr(obj, name) => (&**obj, name.as_str()),
        Value::Call(c) if c.args.is_empty() && c.kwargs.is_empty() => (c.receiver()?, c.method()),
        _ => return None,
    };
    match receiver {
        Value::Path(class) if method == "table_name" && class.starts_with(|c: char| c.is_ascii_uppercase()) => {
            Some((class.clone(), super::inflect::model_table(class)))
        }
        _ => None,
    }
}

/// A column built from a call, with what it adds around it.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSpec {
    /// The column.
    pub column: Column,
    /// `primary_key: true`.
    pub primary_key: bool,
    /// `index: true` / `index: { unique: true }`.
    pub index: Option<Index>,
}

/// A default written in Ruby → IR default; `None` for `nil` (no default).
pub fn default_of(v: &Value, ty: &DataType, ctx: &Ctx) -> Result<Option<DefaultExpr>, String> {
    Ok(Some(match v {
        Value::Nil => return Ok(None),
        Value::Str(s) | Value::Symbol(s) => DefaultExpr::String(s.clone()),
        Value::Number(n) => DefaultExpr::Number(n.clone()),
        Value::Bool(b) => DefaultExpr::Bool(*b),
        Value::Function(f, _) => {
            let text = f.body.last().and_then(|n| match &n.kind {
                NodeKind::Str(s) => Some(s.clone()),
                _ => None,
            });
            let text = text.ok_or("a default lambda that is not a literal SQL string")?;
            crate::import::sql::default_from_text(&text, ctx.adapter(), Some(ty))
        }
        Value::Map(_) | Value::List(_) if matches!(ty, DataType::Json { .. }) => {
            DefaultExpr::String(json_text(v).ok_or("a JSON default with values known only at run time")?)
        }
        Value::List(items) if matches!(ty, DataType::Array { .. }) => {
            let parts: Option<Vec<String>> = items.iter().map(|i| i.display()).collect();
            let parts = parts.ok_or("an array default with values known only at run time")?;
            DefaultExpr::String(format!("{{{}}}", parts.join(",")))
        }
        Value::Map(_) => return Err("a default given as a hash (`from:`/`to:`) where a value is expected".into()),
        other => return Err(format!("a default known only at run time ({})", other.path().unwrap_or_default())),
    }))
}

/// A Ruby hash/array literal as the JSON text ActiveRecord stores (`{}` → `"{}"`).
fn json_text(v: &Value) -> Option<String> {
    Some(match v {
        Value::Map(pairs) => {
            let items: Option<Vec<String>> = pairs
                .iter()
                .map(|(k, v)| Some(format!("{}:{}", serde_json::to_string(&name_of(k)?).ok()?, json_text(v)?)))
                .collect();
            format!("{{{}}}", items?.join(","))
        }
        Value::List(items) => {
            let items: Option<Vec<String>> = items.iter().map(json_text).collect();
            format!("[{}]", items?.join(","))
        }
        Value::Str(s) | Value::Symbol(s) => serde_json::to_string(s).ok()?,
        Value::Number(n) => n.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Nil => "null".into(),
        _ => return None,
    })
}

/// Build the column `name` of Rails type `ty` on `table` from keyword options.
pub fn column(ctx: &Ctx, table: &QName, name: &str, ty: &str, kw_: &Kw) -> Result<ColumnSpec, String> {
    // `t.virtual :full, type: :string, as: "…", stored: true`
    let ty: String = if ty == "virtual" {
        kw(kw_, "type").and_then(name_of).ok_or("`t.virtual` without `type:`")?
    } else {
        ty.to_string()
    };
    let mut opts = TypeOpts::from_kwargs(kw_);
    if ty == "datetime" && kw(kw_, "precision").is_none() {
        opts.precision = ctx.version.datetime_precision();
    }
    let data_type = column_type(&ty, &opts, ctx.adapter())?;
    let mut col = Column::new(name, data_type);
    if let Some(n) = flag(kw_, "null") {
        col.nullable = n;
    }
    if let Some(d) = kw(kw_, "default") {
        col.default = default_of(d, &col.data_type, ctx)?;
    }
    col.comment = kw(kw_, "comment").and_then(name_of);
    col.collation = kw(kw_, "collation").and_then(name_of);
    if flag(kw_, "auto_increment") == Some(true) {
        col.auto_increment = Some(AutoIncrement::AutoIncrement);
    }
    if let Some(expr) = kw(kw_, "as") {
        let expr = name_of(expr).ok_or("a generated column expression known only at run time")?;
        col.generated = Some(GeneratedColumn { expr, stored: flag(kw_, "stored") == Some(true) });
    }
    let primary_key = flag(kw_, "primary_key") == Some(true);
    if primary_key {
        col.nullable = false;
    }
    let index = match kw(kw_, "index") {
        None | Some(Value::Bool(false) | Value::Nil) => None,
        Some(v) => Some(index_on(ctx, table, &[name.to_string()], options_of(v))?),
    };
    Ok(ColumnSpec { column: col, primary_key, index })
}

/// The pairs of a hash option (`index: { unique: true }`), empty for `true`.
pub fn options_of(v: &Value) -> Vec<(String, Value)> {
    match v {
        Value::Map(pairs) => pairs.iter().filter_map(|(k, v)| Some((name_of(k)?, v.clone()))).collect(),
        _ => Vec::new(),
    }
}

/// An index on `columns` of `table` with `add_index` options (`unique`, `name`, `where`, `using`,
/// `order`, `length`, `opclass`, `include`), per adapter.
pub fn index_on(ctx: &Ctx, table: &QName, columns: &[String], kw_: Vec<(String, Value)>) -> Result<Index, String> {
    use crate::ir::SqlDialect::*;
    let d = ctx.adapter();
    let name = match kw(&kw_, "name").and_then(name_of) {
        Some(n) => n,
        None => super::naming::index_name(&table.name, columns, ctx.version),
    };
    let expression = columns.len() == 1 && columns[0].chars().any(|c| !(c.is_alphanumeric() || c == '_'));
    let mut parts: Vec<IndexPart> = columns
        .iter()
        .map(|c| {
            if expression {
                IndexPart { key: crate::ir::IndexKey::Expression(c.clone()), ..IndexPart::column("") }
            } else {
                IndexPart::column(c.clone())
            }
        })
        .collect();
    let per_column = |v: Option<&Value>, col: &str| -> Option<Value> {
        match v? {
            Value::Map(pairs) => pairs.iter().find(|(k, _)| name_of(k).as_deref() == Some(col)).map(|(_, v)| v.clone()),
            other => Some(other.clone()),
        }
    };
    for p in &mut parts {
        let col = match &p.key {
            crate::ir::IndexKey::Column(c) => c.clone(),
            crate::ir::IndexKey::Expression(e) => e.clone(),
        };
        if let Some(order) = per_column(kw(&kw_, "order"), &col) {
            let text = name_of(&order).unwrap_or_default().to_ascii_lowercase();
            p.desc = text.contains("desc");
            if text.contains("nulls first") {
                p.nulls_first = Some(true);
            } else if text.contains("nulls last") {
                p.nulls_first = Some(false);
            }
        }
        if d == Mysql {
            p.length = per_column(kw(&kw_, "length"), &col).and_then(|v| v.as_i64()).map(|n| n as u32);
        }
        if d == Postgres {
            p.opclass = per_column(kw(&kw_, "opclass"), &col).and_then(|v| name_of(&v));
        }
    }
    let unique = flag(&kw_, "unique") == Some(true);
    let method = match (d, kw(&kw_, "using").and_then(name_of)) {
        (Sqlite, _) | (_, None) => None,
        (_, Some(m)) => Some(m.to_ascii_lowercase()),
    };
    let method = match kw(&kw_, "type").and_then(name_of) {
        Some(t) if d == Mysql => Some(t.to_ascii_lowercase()),
        _ => method,
    };
    let predicate = match d {
        Mysql => None,
        _ => kw(&kw_, "where").and_then(name_of),
    };
    let include = match (d, kw(&kw_, "include")) {
        (Postgres, Some(Value::List(items))) => items.iter().filter_map(name_of).collect(),
        (Postgres, Some(v)) => name_of(v).into_iter().collect(),
        _ => Vec::new(),
    };
    Ok(Index {
        name: Some(name),
        table: table.clone(),
        parts,
        unique,
        method,
        predicate,
        include,
        nulls_not_distinct: flag(&kw_, "nulls_not_distinct") == Some(true),
    })
}

/// A primary-key constraint on `columns` (named by the database).
pub fn primary_key(columns: Vec<String>) -> Constraint {
    Constraint { name: None, kind: ConstraintKind::PrimaryKey { columns } }
}
