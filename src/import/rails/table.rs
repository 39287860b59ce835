//! Table blocks: `create_table :users, id: :uuid do |t| … end` (columns, the
//! version's primary key, `t.references`, `t.timestamps`, `t.index`,
//! `t.check_constraint`, `t.foreign_key`), `create_join_table :a, :b` and
//! `change_table :users do |t| … end` (each `t.<method>` is the matching
//! schema statement on that table).

use std::rc::Rc;

use super::column::{ColumnSpec, Kw, column, flag, index_on, kw, name_of, primary_key, table_name};
use super::ops::Ctx;
use super::refs::{foreign_key, reference, timestamps};
use crate::host::{CallEffect, CallValue, Effect, Value};
use crate::ir::{
    AutoIncrement, Column, Constraint, ConstraintKind, CreateIndex, CreateTable, DefaultExpr, DropTable, Op, QName,
    SqlDialect,
};

/// The column-type shorthands of a table block: `t.string`, `t.integer`, …
pub const SHORTHANDS: &[&str] = &[
    "string",
    "text",
    "integer",
    "bigint",
    "float",
    "decimal",
    "numeric",
    "datetime",
    "timestamp",
    "timestamptz",
    "time",
    "date",
    "binary",
    "blob",
    "boolean",
    "json",
    "jsonb",
    "uuid",
    "interval",
    "citext",
    "hstore",
    "inet",
    "cidr",
    "macaddr",
    "ltree",
    "tsvector",
    "xml",
    "money",
    "point",
    "bit",
    "bit_varying",
    "int4range",
    "int8range",
    "numrange",
    "tsrange",
    "tstzrange",
    "daterange",
    "virtual",
    "enum",
    "oid",
    "line",
    "lseg",
    "box",
    "path",
    "polygon",
    "circle",
];

/// `create_table`, `create_join_table`, `change_table`.
pub fn table_call(ctx: &mut Ctx, method: &str, c: &CallEffect) -> Result<Vec<Op>, String> {
    match method {
        "create_table" => create_table(ctx, c),
        "create_join_table" => create_join_table(ctx, c),
        _ => change_table(ctx, c),
    }
}

/// A table being defined.
struct Def {
    table: QName,
    columns: Vec<Column>,
    constraints: Vec<Constraint>,
    indexes: Vec<crate::ir::Index>,
}

impl Def {
    fn add(&mut self, spec: ColumnSpec) {
        if spec.primary_key {
            self.constraints.push(primary_key(vec![spec.column.name.clone()]));
        }
        if let Some(i) = spec.index {
            self.indexes.push(i);
        }
        self.columns.retain(|c| c.name != spec.column.name);
        self.columns.push(spec.column);
    }
}

fn names(v: &[Value]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for a in v {
        match a {
            Value::List(items) => out.extend(names(items)?),
            other => out.push(name_of(other).ok_or("a column name known only at run time")?),
        }
    }
    Ok(out)
}

/// The primary-key column `create_table` adds for `id:` (absent, `:uuid`, `:bigint`, …) and `primary_key:`.
fn id_column(ctx: &Ctx, kw_: &Kw) -> Result<Option<Column>, String> {
    let id = kw(kw_, "id");
    if matches!(id, Some(Value::Bool(false))) {
        return Ok(None);
    }
    if let Some(Value::List(_)) = kw(kw_, "primary_key") {
        return Ok(None);
    }
    let name = kw(kw_, "primary_key").and_then(name_of).unwrap_or_else(|| "id".into());
    let v = ctx.version;
    let explicit = id.and_then(name_of);
    let ty = explicit.clone().unwrap_or_else(|| if v.bigint_keys() { "bigint".into() } else { "integer".into() });
    let d = ctx.adapter();
    let has_default = kw(kw_, "default").is_some();
    let mut col = match ty.as_str() {
        "integer" | "bigint" | "primary_key" => {
            let bits = if ty == "bigint" { 64 } else { 32 };
            let mut col = Column::new(&name, crate::ir::DataType::int(bits));
            let plain = explicit.is_some()
                && v.explicit_integer_id_is_plain()
                && !(d == SqlDialect::Mysql && ty == "bigint")
                && !has_default;
            if !plain && !has_default {
                col.auto_increment = Some(match d {
                    SqlDialect::Postgres => AutoIncrement::Serial,
                    _ => AutoIncrement::AutoIncrement,
                });
            }
            col
        }
        "uuid" => {
            let mut col = column(ctx, &QName::new(""), &name, "uuid", &[])?.column;
            if d == SqlDialect::Postgres && !has_default {
                let f = if v.bigint_keys() { "gen_random_uuid()" } else { "uuid_generate_v4()" };
                col.default = Some(DefaultExpr::Sql(f.into()));
            }
            col
        }
        other => column(ctx, &QName::new(""), &name, other, &[])?.column,
    };
    if let Some(dv) = kw(kw_, "default") {
        col.default = super::column::default_of(dv, &col.data_type, ctx)?;
    }
    col.nullable = false;
    Ok(Some(col))
}

fn create_table(ctx: &mut Ctx, c: &CallEffect) -> Result<Vec<Op>, String> {
    let call = &c.call;
    let table = table_name(call.args.first().ok_or("create_table without a table name")?)?;
    let kw_ = &call.kwargs;
    if flag(kw_, "temporary") == Some(true) {
        return Err("`create_table temporary: true` makes a session-local table (no schema change)".into());
    }
    if kw(kw_, "as").is_some() {
        return Err("`create_table as:` (a table from a query) is not supported".into());
    }
    let mut def = Def { table: table.clone(), columns: Vec::new(), constraints: Vec::new(), indexes: Vec::new() };
    if let Some(col) = id_column(ctx, kw_)? {
        def.constraints.push(primary_key(vec![col.name.clone()]));
        def.columns.push(col);
    }
    let mut extra = Vec::new();
    let param = c.block.as_ref().and_then(|b| b.params.first()).cloned().unwrap_or_default();
    for e in c.block.as_ref().map(|b| b.effects.as_slice()).unwrap_or(&[]) {
        match e {
            Effect::Call(inner) if is_on(&inner.call, &param) => {
                ctx.span = inner.span().clone();
                define(ctx, &mut def, &inner.call)?;
            }
            other => extra.push(other.clone()),
        }
    }
    if let Some(Value::List(cols)) = kw(kw_, "primary_key") {
        def.constraints.insert(0, primary_key(cols.iter().filter_map(name_of).collect()));
    }
    ctx.span = call.span.clone();
    let mut ops = Vec::new();
    if kw(kw_, "force").is_some_and(|f| !matches!(f, Value::Bool(false) | Value::Nil)) {
        let cascade = kw(kw_, "force").and_then(name_of).as_deref() == Some("cascade");
        ops.push(ctx.op(DropTable { table: table.clone(), if_exists: true, cascade }));
    }
    if kw(kw_, "options").is_some() {
        ctx.note(
            crate::diagnostics::Severity::Info,
            "rails-table-options",
            "create_table options: (storage engine, charset) are not part of the IR; dropped",
        );
    }
    ops.push(ctx.op(CreateTable {
        table: table.clone(),
        columns: def.columns,
        constraints: def.constraints,
        if_not_exists: flag(kw_, "if_not_exists") == Some(true),
        comment: kw(kw_, "comment").and_then(name_of),
    }));
    for index in def.indexes {
        ops.push(ctx.op(CreateIndex { index, concurrently: false, if_not_exists: false }));
    }
    if !extra.is_empty() {
        // Code in the block that is not `t.<method>` runs after the table exists; the
        // caller replays every returned op, so the state is restored afterwards.
        let saved = ctx.state.clone();
        ctx.replay(&ops);
        let more = super::ops::up_ops(&super::ops::lower(ctx, &extra));
        ctx.state = saved;
        ops.extend(more);
    }
    Ok(ops)
}

fn is_on(call: &CallValue, param: &str) -> bool {
    matches!(call.receiver(), Some(Value::Path(p)) if p == param)
}

/// One `t.<method>` inside `create_table`.
fn define(ctx: &mut Ctx, def: &mut Def, call: &CallValue) -> Result<(), String> {
    let m = call.method();
    let table = def.table.clone();
    match m {
        "column" => {
            let name = call.args.first().and_then(name_of).ok_or("t.column without a name")?;
            let ty = call.args.get(1).and_then(name_of).ok_or("t.column without a type")?;
            let spec = column(ctx, &table, &name, &ty, &call.kwargs)?;
            def.add(spec);
        }
        "primary_key" => {
            let name = call.args.first().and_then(name_of).ok_or("t.primary_key without a name")?;
            let ty = call.args.get(1).and_then(name_of).unwrap_or_else(|| "primary_key".into());
            let mut kw_ = call.kwargs.clone();
            kw_.push(("id".into(), Value::Symbol(if ty == "primary_key" { "bigint".into() } else { ty })));
            kw_.push(("primary_key".into(), Value::Str(name)));
            if let Some(col) = id_column(ctx, &kw_)? {
                def.constraints.retain(|c| !matches!(c.kind, ConstraintKind::PrimaryKey { .. }));
                def.constraints.insert(0, primary_key(vec![col.name.clone()]));
                def.columns.insert(0, col);
            }
        }
        "timestamps" => {
            for spec in timestamps(ctx, &table, &call.kwargs)? {
                def.add(spec);
            }
        }
        "references" | "belongs_to" => {
            for name in names(&call.args)? {
                let r = reference(ctx, &table, &name, &call.kwargs, false)?;
                for spec in r.columns {
                    def.add(spec);
                }
                def.indexes.extend(r.index);
                def.constraints.extend(r.foreign_key);
            }
        }
        "index" => {
            let cols = names(call.args.first().map(std::slice::from_ref).unwrap_or(&[]))?;
            def.indexes.push(index_on(ctx, &table, &cols, call.kwargs.clone())?);
        }
        "check_constraint" => {
            let expr = call.args.first().and_then(name_of).ok_or("t.check_constraint without an expression")?;
            def.constraints.push(check(&table, &expr, &call.kwargs));
        }
        "foreign_key" => {
            let to = table_name(call.args.first().ok_or("t.foreign_key without a table")?)?;
            def.constraints.push(foreign_key(ctx, &table, &to, &call.kwargs)?.0);
        }
        ty if SHORTHANDS.contains(&ty) => {
            for name in names(&call.args)? {
                let spec = column(ctx, &table, &name, ty, &call.kwargs)?;
                def.add(spec);
            }
        }
        other => return Err(format!("`t.{other}` is not a table-definition method polymig understands")),
    }
    Ok(())
}

/// `t.check_constraint "price > 0", name: "price_check"` (named `chk_rails_<hash>` by default).
pub fn check(table: &QName, expr: &str, kw_: &Kw) -> Constraint {
    let name = kw(kw_, "name").and_then(name_of).unwrap_or_else(|| super::naming::check_name(&table.name, expr));
    Constraint { name: Some(name), kind: ConstraintKind::Check { expr: expr.to_string() } }
}

fn create_join_table(ctx: &mut Ctx, c: &CallEffect) -> Result<Vec<Op>, String> {
    let call = &c.call;
    let a = call.args.first().and_then(name_of).ok_or("create_join_table without tables")?;
    let b = call.args.get(1).and_then(name_of).ok_or("create_join_table without a second table")?;
    let name =
        kw(&call.kwargs, "table_name").and_then(name_of).unwrap_or_else(|| super::naming::join_table_name(&a, &b));
    let mut col_opts = kw(&call.kwargs, "column_options").map(super::column::options_of).unwrap_or_default();
    if kw(&col_opts, "null").is_none() {
        col_opts.push(("null".into(), Value::Bool(false)));
    }
    if kw(&col_opts, "index").is_none() {
        col_opts.push(("index".into(), Value::Bool(false)));
    }
    if kw(&col_opts, "type").is_none() && !ctx.version.bigint_keys() {
        col_opts.push(("type".into(), Value::Symbol("integer".into())));
    }
    let mut kwargs: Vec<(String, Value)> =
        call.kwargs.iter().filter(|(k, _)| k != "table_name" && k != "column_options").cloned().collect();
    kwargs.push(("id".into(), Value::Bool(false)));
    let param = c.block.as_ref().and_then(|b| b.params.first()).cloned().unwrap_or_else(|| "t".into());
    let mut effects = Vec::new();
    for t in [&a, &b] {
        let r = Rc::new(CallValue {
            callee: Value::Attr(Box::new(Value::Path(param.clone())), "references".into()),
            args: vec![Value::Str(super::inflect::singularize(t))],
            kwargs: col_opts.clone(),
            bare: false,
            new: false,
            span: call.span.clone(),
            source: call.source.clone(),
        });
        effects.push(Effect::Call(CallEffect { call: r, block: None, result_used: false }));
    }
    effects.extend(c.block.as_ref().map(|b| b.effects.clone()).unwrap_or_default());
    let ct = Rc::new(CallValue {
        callee: Value::Path("create_table".into()),
        args: vec![Value::Str(name)],
        kwargs,
        bare: false,
        new: false,
        span: call.span.clone(),
        source: call.source.clone(),
    });
    let block = crate::host::EffectBlock { params: vec![param], effects };
    create_table(ctx, &CallEffect { call: ct, block: Some(block), result_used: false })
}

/// `change_table :t do |t| t.remove :x; t.rename :a, :b; … end`: each `t.<m>(…)` is the
/// schema statement `<m>(:t, …)`.
fn change_table(ctx: &mut Ctx, c: &CallEffect) -> Result<Vec<Op>, String> {
    let call = &c.call;
    let table = call.args.first().cloned().ok_or("change_table without a table name")?;
    let param = c.block.as_ref().and_then(|b| b.params.first()).cloned().unwrap_or_default();
    let mut out: Vec<Effect> = Vec::new();
    for e in c.block.as_ref().map(|b| b.effects.as_slice()).unwrap_or(&[]) {
        let Effect::Call(inner) = e else {
            out.push(e.clone());
            continue;
        };
        if !is_on(&inner.call, &param) {
            out.push(e.clone());
            continue;
        }
        let m = inner.call.method();
        let (method, args): (String, Vec<Value>) = match m {
            "column" => ("add_column".into(), inner.call.args.clone()),
            "remove" => ("remove_columns".into(), inner.call.args.clone()),
            "rename" => ("rename_column".into(), inner.call.args.clone()),
            "change" => ("change_column".into(), inner.call.args.clone()),
            "change_default" => ("change_column_default".into(), inner.call.args.clone()),
            "change_null" => ("change_column_null".into(), inner.call.args.clone()),
            "references" | "belongs_to" => ("add_references".into(), inner.call.args.clone()),
            "remove_references" | "remove_belongs_to" => ("remove_references".into(), inner.call.args.clone()),
            "timestamps" => ("add_timestamps".into(), inner.call.args.clone()),
            "index" => ("add_index".into(), inner.call.args.clone()),
            "remove_index"
            | "rename_index"
            | "remove_timestamps"
            | "check_constraint"
            | "remove_check_constraint"
            | "foreign_key"
            | "remove_foreign_key" => {
                let mapped = match m {
                    "check_constraint" => "add_check_constraint",
                    "foreign_key" => "add_foreign_key",
                    other => other,
                };
                (mapped.into(), inner.call.args.clone())
            }
            ty if SHORTHANDS.contains(&ty) => {
                // `t.string :a, :b` → add_column per name
                for n in &inner.call.args {
                    let r = Rc::new(CallValue {
                        callee: Value::Path("add_column".into()),
                        args: vec![table.clone(), n.clone(), Value::Symbol(ty.into())],
                        kwargs: inner.call.kwargs.clone(),
                        bare: false,
                        new: false,
                        span: inner.call.span.clone(),
                        source: inner.call.source.clone(),
                    });
                    out.push(Effect::Call(CallEffect { call: r, block: None, result_used: false }));
                }
                continue;
            }
            other => (other.into(), inner.call.args.clone()),
        };
        let mut full = vec![table.clone()];
        full.extend(args);
        let r = Rc::new(CallValue {
            callee: Value::Path(method),
            args: full,
            kwargs: inner.call.kwargs.clone(),
            bare: false,
            new: false,
            span: inner.call.span.clone(),
            source: inner.call.source.clone(),
        });
        out.push(Effect::Call(CallEffect { call: r, block: inner.block.clone(), result_used: false }));
    }
    let _ = table_name(&table)?;
    let saved = ctx.state.clone();
    let ops = super::ops::up_ops(&super::ops::lower(ctx, &out));
    ctx.state = saved;
    Ok(ops)
}
