//! References and foreign keys: `t.references :author, polymorphic: true,
//! foreign_key: { to_table: :users, on_delete: :cascade }`, `add_reference`,
//! `t.timestamps`/`add_timestamps`, and `add_foreign_key` options — with each
//! version's defaults (see [`super::version`]).

use super::column::{ColumnSpec, Kw, column, flag, index_on, kw, name_of, options_of, table_name};
use super::inflect::pluralize;
use super::naming::foreign_key_name;
use super::ops::Ctx;
use crate::host::Value;
use crate::ir::{Constraint, ConstraintKind, Deferrable, FkAction, ForeignKey, Index, QName, SqlDialect};

/// What a reference adds to a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// `<name>_type` (polymorphic) and `<name>_id`.
    pub columns: Vec<ColumnSpec>,
    /// The index on them (unless `index: false`).
    pub index: Option<Index>,
    /// The foreign key (`foreign_key: true`).
    pub foreign_key: Option<Constraint>,
}

/// `t.references name, **options` on `table`; `add` is true for `add_reference`.
pub fn reference(ctx: &Ctx, table: &QName, name: &str, kw_: &Kw, add: bool) -> Result<Reference, String> {
    let v = ctx.version;
    let polymorphic = kw(kw_, "polymorphic").filter(|p| !matches!(p, Value::Bool(false) | Value::Nil));
    let default_type = if add && ctx.adapter() == SqlDialect::Sqlite && v.sqlite_add_reference_integer() {
        "integer"
    } else if v.bigint_keys() {
        "bigint"
    } else {
        "integer"
    };
    let ty = kw(kw_, "type").and_then(name_of).unwrap_or_else(|| default_type.to_string());
    let pass: Vec<(String, Value)> = kw_
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "polymorphic" | "index" | "foreign_key" | "type" | "to_table"))
        .cloned()
        .collect();
    let mut columns = Vec::new();
    if let Some(p) = polymorphic {
        let mut opts = options_of(p);
        opts.extend(pass.iter().filter(|(k, _)| matches!(k.as_str(), "null" | "first" | "after")).cloned());
        columns.push(column(ctx, table, &format!("{name}_type"), "string", &opts)?);
    }
    let id_col = format!("{name}_id");
    columns.push(column(ctx, table, &id_col, &ty, &pass)?);
    let names: Vec<String> = columns.iter().map(|c| c.column.name.clone()).collect();
    let index = match kw(kw_, "index") {
        Some(Value::Bool(false) | Value::Nil) => None,
        None if !v.references_indexed() => None,
        None | Some(Value::Bool(true)) | Some(Value::Map(_)) => {
            let mut opts = kw(kw_, "index").map(options_of).unwrap_or_default();
            if polymorphic.is_some() && v.short_polymorphic_index_name() && kw(&opts, "name").is_none() {
                opts.push(("name".into(), Value::Str(format!("index_{}_on_{name}", table.name))));
            }
            Some(index_on(ctx, table, &names, opts)?)
        }
        Some(other) => return Err(format!("`index:` is {}, not true/false/a hash", other.path().unwrap_or_default())),
    };
    let foreign_key = match kw(kw_, "foreign_key") {
        None | Some(Value::Bool(false) | Value::Nil) => None,
        Some(_) if polymorphic.is_some() => return Err("Cannot add a foreign key to a polymorphic relation".into()),
        Some(fk) => {
            let mut opts = options_of(fk);
            opts.retain(|(k, _)| k != "column");
            let to = match kw(&opts, "to_table") {
                Some(t) => table_name(t)?,
                None => QName::new(pluralize(name)),
            };
            opts.push(("column".into(), Value::Str(id_col.clone())));
            Some(foreign_key(ctx, table, &to, &opts)?.0)
        }
    };
    Ok(Reference { columns, index, foreign_key })
}

fn action(v: Option<&Value>) -> Result<Option<FkAction>, String> {
    Ok(match v.and_then(name_of).as_deref() {
        None => None,
        Some("cascade") => Some(FkAction::Cascade),
        Some("nullify") => Some(FkAction::SetNull),
        Some("restrict") => Some(FkAction::Restrict),
        Some("no_action") => Some(FkAction::NoAction),
        Some(other) => return Err(format!("unknown foreign key action `:{other}` (cascade, nullify, restrict)")),
    })
}

/// `add_foreign_key from, to, column:, primary_key:, name:, on_delete:, on_update:, deferrable:,
/// validate:` → the constraint and whether it is `NOT VALID` (`validate: false`, PostgreSQL).
pub fn foreign_key(ctx: &Ctx, from: &QName, to: &QName, kw_: &Kw) -> Result<(Constraint, bool), String> {
    let column = match kw(kw_, "column") {
        Some(Value::List(cols)) => cols.iter().filter_map(name_of).collect::<Vec<_>>(),
        Some(c) => vec![name_of(c).ok_or("a foreign key column known only at run time")?],
        None => vec![format!("{}_id", super::inflect::singularize(&to.name))],
    };
    let name = match kw(kw_, "name").and_then(name_of) {
        Some(n) => n,
        None => foreign_key_name(&from.name, &column.join("_")),
    };
    let ref_columns = match kw(kw_, "primary_key") {
        Some(Value::List(cols)) => cols.iter().filter_map(name_of).collect(),
        Some(c) => vec![name_of(c).ok_or("a primary key known only at run time")?],
        None => vec!["id".to_string()],
    };
    let deferrable = match (ctx.adapter(), kw(kw_, "deferrable").and_then(name_of).as_deref()) {
        (SqlDialect::Postgres, Some("deferred")) => Some(Deferrable::Deferred),
        (SqlDialect::Postgres, Some("immediate")) => Some(Deferrable::Immediate),
        _ => match (ctx.adapter(), kw(kw_, "deferrable")) {
            (SqlDialect::Postgres, Some(Value::Bool(true))) => Some(Deferrable::Immediate),
            _ => None,
        },
    };
    let fk = ForeignKey {
        columns: column,
        ref_table: to.clone(),
        ref_columns,
        on_delete: action(kw(kw_, "on_delete"))?,
        on_update: action(kw(kw_, "on_update"))?,
        deferrable,
    };
    let not_valid = ctx.adapter() == SqlDialect::Postgres && flag(kw_, "validate") == Some(false);
    Ok((Constraint { name: Some(name), kind: ConstraintKind::ForeignKey(fk) }, not_valid))
}

/// `t.timestamps` / `add_timestamps`: `created_at` and `updated_at`, NOT NULL (5.0+) with
/// precision 6 (6.0+) unless the options say otherwise.
pub fn timestamps(ctx: &Ctx, table: &QName, kw_: &Kw) -> Result<Vec<ColumnSpec>, String> {
    let mut opts: Vec<(String, Value)> = kw_.to_vec();
    if kw(kw_, "null").is_none_or(Value::is_nil) {
        opts.push(("null".into(), Value::Bool(!ctx.version.timestamps_not_null())));
    }
    if kw(kw_, "precision").is_none() {
        let p = ctx.version.timestamps_precision();
        opts.push(("precision".into(), p.map_or(Value::Nil, |p| Value::Number(p.to_string()))));
    }
    let ty = kw(kw_, "type").and_then(name_of).unwrap_or_else(|| "datetime".into());
    opts.retain(|(k, _)| k != "type");
    Ok(vec![column(ctx, table, "created_at", &ty, &opts)?, column(ctx, table, "updated_at", &ty, &opts)?])
}
