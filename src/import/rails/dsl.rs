//! The schema statements of a migration body (`add_column`, `add_index`,
//! `add_foreign_key`, `rename_table`, `create_enum`, `enable_extension`, …)
//! → IR operations, with ActiveRecord's defaults and generated names.

use super::column::{Kw, column, flag, index_on, kw, name_of, table_name};
use super::ops::Ctx;
use super::refs::{foreign_key, reference, timestamps};
use crate::host::{CallValue, Value};
use crate::ir::{
    AddColumn, AddConstraint, AlterColumn, AlterEnum, Change, Comment, CommentTarget, ConstraintKind, CreateEnum,
    CreateExtension, CreateIndex, DropColumn, DropConstraint, DropEnum, DropExtension, DropIndex, DropTable,
    EnumChange, IndexKey, Op, QName, RawSql, RenameColumn, RenameIndex, RenameTable, SqlDialect, ValidateConstraint,
};

fn arg<'c>(call: &'c CallValue, i: usize, what: &str) -> Result<&'c Value, String> {
    call.args.get(i).ok_or_else(|| format!("`{}` without {what}", call.method()))
}

fn name_arg(call: &CallValue, i: usize, what: &str) -> Result<String, String> {
    name_of(arg(call, i, what)?).ok_or_else(|| format!("{what} known only at run time"))
}

fn columns_of(v: &Value) -> Vec<String> {
    match v {
        Value::List(items) => items.iter().filter_map(name_of).collect(),
        other => name_of(other).into_iter().collect(),
    }
}

/// One schema statement `method(args…)`.
pub fn statement(ctx: &mut Ctx, method: &str, call: &CallValue) -> Result<Vec<Op>, String> {
    let kw_ = &call.kwargs;
    let d = ctx.adapter();
    let ops = match method {
        "add_column" => {
            let table = table_name(arg(call, 0, "a table")?)?;
            let name = name_arg(call, 1, "a column name")?;
            let ty = name_arg(call, 2, "a type")?;
            let spec = column(ctx, &table, &name, &ty, kw_)?;
            let mut ops = vec![ctx.op(AddColumn {
                table: table.clone(),
                column: spec.column,
                constraints: if spec.primary_key { vec![super::column::primary_key(vec![name])] } else { Vec::new() },
                if_not_exists: flag(kw_, "if_not_exists") == Some(true),
            })];
            ops.extend(
                spec.index.map(|index| ctx.op(CreateIndex { index, concurrently: false, if_not_exists: false })),
            );
            ops
        }
        "remove_column" | "remove_columns" => {
            let table = table_name(arg(call, 0, "a table")?)?;
            let cols: Vec<String> = if method == "remove_column" {
                vec![name_arg(call, 1, "a column name")?]
            } else {
                call.args[1..].iter().flat_map(columns_of).collect()
            };
            let if_exists = flag(kw_, "if_exists") == Some(true);
            cols.into_iter()
                .map(|column| ctx.op(DropColumn { table: table.clone(), column, if_exists, cascade: false }))
                .collect()
        }
        "rename_column" => vec![ctx.op(RenameColumn {
            table: table_name(arg(call, 0, "a table")?)?,
            from: name_arg(call, 1, "a column name")?,
            to: name_arg(call, 2, "a new column name")?,
        })],
        "change_column" => {
            let table = table_name(arg(call, 0, "a table")?)?;
            let name = name_arg(call, 1, "a column name")?;
            let ty = name_arg(call, 2, "a type")?;
            let spec = column(ctx, &table, &name, &ty, kw_)?;
            let default = kw(kw_, "default").map(|_| match spec.column.default.clone() {
                Some(v) => Change::Set(v),
                None => Change::Drop,
            });
            let comment = kw(kw_, "comment").map(|_| match spec.column.comment.clone() {
                Some(v) => Change::Set(v),
                None => Change::Drop,
            });
            vec![ctx.op(AlterColumn {
                table,
                column: name,
                data_type: Some(spec.column.data_type),
                using: None,
                nullable: flag(kw_, "null"),
                default,
                comment,
            })]
        }
        "change_column_null" => {
            let table = table_name(arg(call, 0, "a table")?)?;
            let name = name_arg(call, 1, "a column name")?;
            let null = arg(call, 2, "null")?.as_bool().ok_or("`null` known only at run time")?;
            let mut ops = Vec::new();
            if let Some(v) = call.args.get(3).filter(|v| !v.is_nil()) {
                let lit = literal(v, d)?;
                let q = |s: &str| quote(s, d);
                ops.push(ctx.op(RawSql {
                    sql: format!("UPDATE {} SET {} = {lit} WHERE {} IS NULL", q(&table.name), q(&name), q(&name)),
                    down: None,
                    dialect: ctx.target,
                    no_transaction: false,
                }));
            }
            ops.push(ctx.op(alter(table, name, |a| a.nullable = Some(null))));
            ops
        }
        "change_column_default" => {
            let table = table_name(arg(call, 0, "a table")?)?;
            let name = name_arg(call, 1, "a column name")?;
            let mut v = call.args.get(2).cloned().unwrap_or(Value::Nil);
            if let Some(to) = kw(kw_, "to") {
                v = to.clone();
            } else if let Value::Map(pairs) = &v
                && let Some((_, to)) = pairs.iter().find(|(k, _)| name_of(k).as_deref() == Some("to"))
            {
                v = to.clone();
            }
            let ty = ctx.state.table(&table).and_then(|t| t.column(&name)).map(|c| c.data_type.clone());
            let ty = ty.unwrap_or(crate::ir::DataType::Text);
            let change = match super::column::default_of(&v, &ty, ctx)? {
                Some(dv) => Change::Set(dv),
                None => Change::Drop,
            };
            vec![ctx.op(alter(table, name, |a| a.default = Some(change)))]
        }
        "change_column_comment" | "change_table_comment" => {
            let table = table_name(arg(call, 0, "a table")?)?;
            let (target, i) = if method == "change_column_comment" {
                (CommentTarget::Column { table, column: name_arg(call, 1, "a column name")? }, 2)
            } else {
                (CommentTarget::Table { table }, 1)
            };
            let mut v = call.args.get(i).cloned().unwrap_or(Value::Nil);
            if let Some(to) = kw(kw_, "to") {
                v = to.clone();
            } else if let Value::Map(pairs) = &v
                && let Some((_, to)) = pairs.iter().find(|(k, _)| name_of(k).as_deref() == Some("to"))
            {
                v = to.clone();
            }
            vec![ctx.op(Comment { target, text: name_of(&v).filter(|s| !s.is_empty()) })]
        }
        "add_index" => {
            let table = table_name(arg(call, 0, "a table")?)?;
            let cols = columns_of(arg(call, 1, "columns")?);
            let concurrently =
                d == SqlDialect::Postgres && kw(kw_, "algorithm").and_then(name_of).as_deref() == Some("concurrently");
            let index = index_on(ctx, &table, &cols, kw_.to_vec())?;
            check_index_name(ctx, index.name.as_deref().unwrap_or(""))?;
            vec![ctx.op(CreateIndex { index, concurrently, if_not_exists: flag(kw_, "if_not_exists") == Some(true) })]
        }
        "remove_index" => {
            let table = table_name(arg(call, 0, "a table")?)?;
            let name = index_for_remove(ctx, &table, call)?;
            let concurrently =
                d == SqlDialect::Postgres && kw(kw_, "algorithm").and_then(name_of).as_deref() == Some("concurrently");
            vec![ctx.op(DropIndex {
                name: QName::new(name),
                table: Some(table),
                if_exists: flag(kw_, "if_exists") == Some(true),
                concurrently,
            })]
        }
        "rename_index" => vec![ctx.op(RenameIndex {
            table: Some(table_name(arg(call, 0, "a table")?)?),
            from: name_arg(call, 1, "an index name")?,
            to: name_arg(call, 2, "a new index name")?,
        })],
        "add_reference" | "add_belongs_to" | "add_references" => {
            let table = table_name(arg(call, 0, "a table")?)?;
            let mut ops = Vec::new();
            for name in call.args[1..].iter().flat_map(columns_of) {
                let r = reference(ctx, &table, &name, kw_, method != "add_references")?;
                for spec in r.columns {
                    ops.push(ctx.op(AddColumn {
                        table: table.clone(),
                        column: spec.column,
                        constraints: Vec::new(),
                        if_not_exists: false,
                    }));
                }
                ops.extend(
                    r.index.map(|index| ctx.op(CreateIndex { index, concurrently: false, if_not_exists: false })),
                );
                ops.extend(
                    r.foreign_key
                        .map(|constraint| ctx.op(AddConstraint { table: table.clone(), constraint, not_valid: false })),
                );
            }
            ops
        }
        "remove_reference" | "remove_belongs_to" | "remove_references" => {
            let table = table_name(arg(call, 0, "a table")?)?;
            let mut ops = Vec::new();
            for name in call.args[1..].iter().flat_map(columns_of) {
                let col = format!("{name}_id");
                if let Some(t) = ctx.state.table(&table) {
                    for c in &t.constraints {
                        if let ConstraintKind::ForeignKey(fk) = &c.kind
                            && fk.columns == [col.clone()]
                            && let Some(n) = &c.name
                        {
                            ops.push(ctx.op(DropConstraint {
                                table: table.clone(),
                                name: n.clone(),
                                if_exists: false,
                                cascade: false,
                            }));
                        }
                    }
                }
                ops.push(ctx.op(DropColumn { table: table.clone(), column: col, if_exists: false, cascade: false }));
                if kw(kw_, "polymorphic").is_some_and(|p| !matches!(p, Value::Bool(false) | Value::Nil)) {
                    ops.push(ctx.op(DropColumn {
                        table: table.clone(),
                        column: format!("{name}_type"),
                        if_exists: false,
                        cascade: false,
                    }));
                }
            }
            ops
        }
        "add_timestamps" => {
            let table = table_name(arg(call, 0, "a table")?)?;
            timestamps(ctx, &table, kw_)?
                .into_iter()
                .map(|s| {
                    ctx.op(AddColumn {
                        table: table.clone(),
                        column: s.column,
                        constraints: Vec::new(),
                        if_not_exists: false,
                    })
                })
                .collect()
        }
        "remove_timestamps" => {
            let table = table_name(arg(call, 0, "a table")?)?;
            ["updated_at", "created_at"]
                .iter()
                .map(|c| {
                    ctx.op(DropColumn { table: table.clone(), column: c.to_string(), if_exists: false, cascade: false })
                })
                .collect()
        }
        "add_foreign_key" => {
            let from = table_name(arg(call, 0, "a table")?)?;
            let to = table_name(arg(call, 1, "a referenced table")?)?;
            let (constraint, not_valid) = foreign_key(ctx, &from, &to, kw_)?;
            vec![ctx.op(AddConstraint { table: from, constraint, not_valid })]
        }
        "remove_foreign_key" | "validate_foreign_key" => {
            let from = table_name(arg(call, 0, "a table")?)?;
            let name = foreign_key_for_remove(ctx, &from, call)?;
            if method == "validate_foreign_key" {
                if d != SqlDialect::Postgres {
                    return Ok(Vec::new());
                }
                vec![ctx.op(ValidateConstraint { table: from, name })]
            } else {
                vec![ctx.op(DropConstraint {
                    table: from,
                    name,
                    if_exists: flag(kw_, "if_exists") == Some(true),
                    cascade: false,
                })]
            }
        }
        "add_check_constraint" => {
            let table = table_name(arg(call, 0, "a table")?)?;
            let expr = name_arg(call, 1, "an expression")?;
            let constraint = super::table::check(&table, &expr, kw_);
            let not_valid = d == SqlDialect::Postgres && flag(kw_, "validate") == Some(false);
            vec![ctx.op(AddConstraint { table, constraint, not_valid })]
        }
        "remove_check_constraint" | "validate_check_constraint" => {
            let table = table_name(arg(call, 0, "a table")?)?;
            let name = match (kw(kw_, "name").and_then(name_of), call.args.get(1).and_then(name_of)) {
                (Some(n), _) => n,
                (None, Some(expr)) => super::naming::check_name(&table.name, &expr),
                (None, None) => return Err(format!("`{method}` needs an expression or `name:`")),
            };
            if method == "validate_check_constraint" {
                if d != SqlDialect::Postgres {
                    return Ok(Vec::new());
                }
                vec![ctx.op(ValidateConstraint { table, name })]
            } else {
                vec![ctx.op(DropConstraint { table, name, if_exists: false, cascade: false })]
            }
        }
        "drop_table" | "drop_join_table" => {
            let table = if method == "drop_join_table" {
                match kw(kw_, "table_name").and_then(name_of) {
                    Some(n) => QName::new(n),
                    None => QName::new(super::naming::join_table_name(
                        &name_arg(call, 0, "a table")?,
                        &name_arg(call, 1, "a table")?,
                    )),
                }
            } else {
                table_name(arg(call, 0, "a table")?)?
            };
            let mut ops = Vec::new();
            let names: Vec<QName> = if method == "drop_table" {
                call.args.iter().map(table_name).collect::<Result<_, _>>()?
            } else {
                vec![table]
            };
            for table in names {
                ops.push(ctx.op(DropTable {
                    table,
                    if_exists: flag(kw_, "if_exists") == Some(true),
                    cascade: kw(kw_, "force").and_then(name_of).as_deref() == Some("cascade"),
                }));
            }
            ops
        }
        "rename_table" => {
            let from = table_name(arg(call, 0, "a table")?)?;
            let to = table_name(arg(call, 1, "a new table name")?)?;
            rename_table(ctx, from, to)
        }
        "create_enum" | "drop_enum" | "add_enum_value" | "rename_enum_value" => enum_statement(ctx, method, call)?,
        "enable_extension" | "disable_extension" => {
            if d != SqlDialect::Postgres {
                return Ok(Vec::new());
            }
            let name = name_arg(call, 0, "an extension")?;
            if method == "enable_extension" {
                vec![ctx.op(CreateExtension { name, if_not_exists: true, schema: None, version: None })]
            } else {
                vec![ctx.op(DropExtension { name, if_exists: true, cascade: flag(kw_, "force") == Some(true) })]
            }
        }
        "create_view" | "update_view" | "replace_view" | "drop_view" => super::views::statement(ctx, method, call)?,
        "add_primary_key" => return Err("`add_primary_key` is not an ActiveRecord method".into()),
        other => return Err(format!("`{other}` is not a schema statement polymig understands")),
    };
    Ok(ops)
}

fn alter(table: QName, column: String, f: impl FnOnce(&mut AlterColumn)) -> AlterColumn {
    let mut a =
        AlterColumn { table, column, data_type: None, using: None, nullable: None, default: None, comment: None };
    f(&mut a);
    a
}

fn quote(name: &str, d: SqlDialect) -> String {
    match d {
        SqlDialect::Mysql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// A Ruby literal as ActiveRecord quotes it in SQL.
fn literal(v: &Value, d: SqlDialect) -> Result<String, String> {
    Ok(match v {
        Value::Str(s) | Value::Symbol(s) => {
            let mut body = s.replace('\'', "''");
            if d == SqlDialect::Mysql {
                body = body.replace('\\', "\\\\");
            }
            format!("'{body}'")
        }
        Value::Number(n) => n.clone(),
        Value::Bool(b) => match d {
            SqlDialect::Postgres => b.to_string().to_uppercase(),
            _ => if *b { "1" } else { "0" }.to_string(),
        },
        Value::Nil => "NULL".into(),
        _ => return Err("a value known only at run time".into()),
    })
}

/// ActiveRecord 6.1 raises for a generated index name longer than the adapter allows.
fn check_index_name(ctx: &mut Ctx, name: &str) -> Result<(), String> {
    let limit = super::naming::index_name_limit(ctx.adapter());
    if name.len() > limit {
        return Err(format!("Index name '{name}' is too long; the limit is {limit} characters (ActiveRecord raises)"));
    }
    Ok(())
}

/// The index `remove_index :t, :col` / `column: […]` / `name: "…"` drops: by name, or the
/// index on those columns in the replayed state, or the generated name.
fn index_for_remove(ctx: &Ctx, table: &QName, call: &CallValue) -> Result<String, String> {
    if let Some(n) = kw(&call.kwargs, "name").and_then(name_of) {
        return Ok(n);
    }
    let cols = match (call.args.get(1), kw(&call.kwargs, "column")) {
        (Some(v), _) | (None, Some(v)) => columns_of(v),
        (None, None) => return Err("`remove_index` needs columns or `name:`".into()),
    };
    if let Some(t) = ctx.state.table(table)
        && let Some(i) = t.indexes.iter().find(|i| {
            let names: Vec<String> = i
                .parts
                .iter()
                .map(|p| match &p.key {
                    IndexKey::Column(c) | IndexKey::Expression(c) => c.clone(),
                })
                .collect();
            names == cols
        })
        && let Some(n) = &i.name
    {
        return Ok(n.clone());
    }
    Ok(super::naming::index_name(&table.name, &cols, ctx.version))
}

/// The foreign key `remove_foreign_key :from, :to` / `column:` / `name:` drops.
fn foreign_key_for_remove(ctx: &Ctx, from: &QName, call: &CallValue) -> Result<String, String> {
    let kw_: &Kw = &call.kwargs;
    if let Some(n) = kw(kw_, "name").and_then(name_of) {
        return Ok(n);
    }
    let to = match (call.args.get(1), kw(kw_, "to_table")) {
        (Some(v), _) | (None, Some(v)) => Some(table_name(v)?),
        _ => None,
    };
    let column = kw(kw_, "column").and_then(name_of);
    if let Some(t) = ctx.state.table(from) {
        for c in &t.constraints {
            if let ConstraintKind::ForeignKey(fk) = &c.kind {
                let to_ok = to.as_ref().is_none_or(|to| fk.ref_table.name == to.name);
                let col_ok = column.as_ref().is_none_or(|col| fk.columns == [col.clone()]);
                if to_ok
                    && col_ok
                    && (to.is_some() || column.is_some())
                    && let Some(n) = &c.name
                {
                    return Ok(n.clone());
                }
            }
        }
    }
    let column = match (column, to) {
        (Some(c), _) => c,
        (None, Some(to)) => format!("{}_id", super::inflect::singularize(&to.name)),
        (None, None) => return Err("`remove_foreign_key` needs a table, `column:` or `name:`".into()),
    };
    Ok(super::naming::foreign_key_name(&from.name, &column))
}

/// `rename_table :a, :b`, and ActiveRecord's renaming of the indexes it generated
/// (`index_a_on_x` → `index_b_on_x`).
fn rename_table(ctx: &Ctx, from: QName, to: QName) -> Vec<Op> {
    let mut ops = vec![ctx.op(RenameTable { from: from.clone(), to: to.clone() })];
    // PostgreSQL: ActiveRecord renames the primary key's index and its serial sequence too.
    if ctx.target == Some(SqlDialect::Postgres)
        && let Some(t) = ctx.state.table(&from)
        && let Some(pk) = t.primary_key()
    {
        let old = format!("{}_pkey", from.name);
        if pk.name.as_deref() == Some(old.as_str()) {
            ops.push(ctx.op(RenameIndex { table: Some(to.clone()), from: old, to: format!("{}_pkey", to.name) }));
        }
        if let [col] = pk.columns()
            && t.column(col).is_some_and(|c| c.auto_increment.is_some())
        {
            let q = |s: &str| quote(s, SqlDialect::Postgres);
            ops.push(ctx.op(RawSql {
                sql: format!(
                    "ALTER SEQUENCE {} RENAME TO {}",
                    q(&format!("{}_{col}_seq", from.name)),
                    q(&format!("{}_{col}_seq", to.name))
                ),
                down: Some(format!(
                    "ALTER SEQUENCE {} RENAME TO {}",
                    q(&format!("{}_{col}_seq", to.name)),
                    q(&format!("{}_{col}_seq", from.name))
                )),
                dialect: Some(SqlDialect::Postgres),
                no_transaction: false,
            }));
        }
    }
    if let Some(t) = ctx.state.table(&from) {
        for i in &t.indexes {
            let cols: Vec<String> = i.column_names().iter().map(|s| s.to_string()).collect();
            if cols.is_empty() {
                continue;
            }
            let old = super::naming::index_name(&from.name, &cols, ctx.version);
            if i.name.as_deref() == Some(old.as_str()) {
                let new = super::naming::index_name(&to.name, &cols, ctx.version);
                if new.len() <= super::naming::index_name_limit(ctx.adapter()) {
                    ops.push(ctx.op(RenameIndex { table: Some(to.clone()), from: old, to: new }));
                }
            }
        }
    }
    ops
}

/// `create_enum :mood, %w[happy sad]`, `drop_enum`, `add_enum_value :mood, "ok", after: "sad"`,
/// `rename_enum_value :mood, from: "ok", to: "fine"` (ActiveRecord 7.0+, PostgreSQL).
fn enum_statement(ctx: &mut Ctx, method: &str, call: &CallValue) -> Result<Vec<Op>, String> {
    if ctx.adapter() != SqlDialect::Postgres {
        return Err(format!("`{method}` exists only on PostgreSQL"));
    }
    let name = QName::new(name_arg(call, 0, "an enum name")?);
    let kw_ = &call.kwargs;
    Ok(vec![match method {
        "create_enum" => {
            let values = call.args.get(1).map(columns_of).unwrap_or_default();
            ctx.op(CreateEnum { name, values })
        }
        "drop_enum" => ctx.op(DropEnum { name, if_exists: flag(kw_, "if_exists") == Some(true), cascade: false }),
        "add_enum_value" => ctx.op(AlterEnum {
            name,
            change: EnumChange::AddValue {
                value: name_arg(call, 1, "a value")?,
                before: kw(kw_, "before").and_then(name_of),
                after: kw(kw_, "after").and_then(name_of),
                if_not_exists: flag(kw_, "if_not_exists") == Some(true),
            },
        }),
        _ => ctx.op(AlterEnum {
            name,
            change: EnumChange::RenameValue {
                from: kw(kw_, "from").and_then(name_of).ok_or("rename_enum_value without `from:`")?,
                to: kw(kw_, "to").and_then(name_of).ok_or("rename_enum_value without `to:`")?,
            },
        }),
    }])
}
