//! Column operations: `AddField`, `RemoveField`, `RenameField`, `AlterField`.

use super::Ctx;
use super::meta;
use super::model::field_of;
use super::ops::INDENT;
use super::ops_table::after;
use super::py::{self, Call};
use super::runsql::fallback;
use crate::ir::{AddColumn, AddConstraint, AlterColumn, ConstraintKind, DropColumn, Op, RenameColumn, SqlDialect};

fn model_op(kind: &str, model: &str) -> Call {
    Call::new(format!("migrations.{kind}")).kw("model_name", py::string(&model.to_ascii_lowercase()))
}

/// `AddField(model_name, name, field)`, then its unique/check constraints as `AddConstraint`
/// and a foreign key Django would create differently as `RunSQL`.
pub fn add_column(ctx: &mut Ctx, op: &Op, ac: &AddColumn) -> Vec<String> {
    let after = after(ctx, op);
    let (Some(mut model), Some(table)) = (ctx.models.get(&ac.table).cloned(), after.table(&ac.table).cloned()) else {
        return vec![fallback(ctx, op, vec![], "Django has no model for this table", INDENT)];
    };
    let Some(col) = table.column(&ac.column.name).cloned() else {
        return vec![fallback(ctx, op, vec![], "the column is not in the replayed state", INDENT)];
    };
    let (fname, f, rel) = field_of(ctx, &table, &col, &mut model);
    let mut why = f.inexact.clone();
    if ac.if_not_exists {
        why = why.or(Some("Django has no ADD COLUMN IF NOT EXISTS".into()));
    }
    let add = model_op("AddField", &model.name).kw("name", py::string(&fname)).kw("field", f.call.render(0));
    let mut state = vec![add.render(0)];
    let mut native_after = Vec::new();
    let mut sql_fks = Vec::new();
    for c in &ac.constraints {
        // The replayed table names the constraint the way the database does.
        let named = table.constraints.iter().rev().find(|t| t.kind == c.kind).cloned().unwrap_or_else(|| c.clone());
        let name = named.name.clone().unwrap_or_default();
        if super::model::positive_check(ctx, &table, &col.name).as_deref() == Some(name.as_str()) {
            continue; // the Positive*Field creates it
        }
        let built = match &c.kind {
            ConstraintKind::Unique { columns, nulls_not_distinct, deferrable } => {
                meta::unique(&model, columns, &name, *nulls_not_distinct, *deferrable, ctx.dialect).map(Some)
            }
            ConstraintKind::Check { expr } => meta::check(ctx, &model, &table, expr, &name).map(Some),
            ConstraintKind::ForeignKey(_) if rel.as_ref().is_some_and(|r| r.db_constraint) => Ok(None),
            ConstraintKind::ForeignKey(_) => {
                sql_fks.push(c.clone());
                Ok(None)
            }
            ConstraintKind::PrimaryKey { .. } => Err("Django cannot add a primary key field to a model".to_string()),
        };
        match built {
            Ok(Some(call)) => {
                model.known.insert(name.clone(), vec![col.name.clone()]);
                let op = model_op("AddConstraint", &model.name).kw("constraint", call.render(0));
                state.push(op.render(0));
                native_after.push(op.render(INDENT));
            }
            Ok(None) => {}
            Err(w) => why = why.or(Some(w)),
        }
    }
    if ctx.dialect == SqlDialect::Sqlite && why.is_none() {
        if !model.state_exact {
            why = Some("Django would rebuild this SQLite table from a state that does not describe it".into());
        } else if !ac.constraints.is_empty() {
            why = Some("on SQLite, polymig rebuilds the table for the column's constraints".into());
        }
    }
    let out = match why {
        Some(w) => {
            model.state_exact = false;
            vec![fallback(ctx, op, state, &format!("{w}; polymig's SQL for {}", ctx.dialect.as_str()), INDENT)]
        }
        None => {
            let mut out = vec![add.render(INDENT)];
            out.extend(native_after);
            let mut bare = ac.clone();
            bare.constraints.retain(|c| !matches!(c.kind, ConstraintKind::ForeignKey(_)));
            let mut scratch = ctx.state.clone();
            let _ = crate::schema::replay(&mut scratch, &Op::new(bare, op.span.clone()), Some(ctx.dialect));
            for fk in sql_fks {
                let add = Op::new(
                    AddConstraint { table: ac.table.clone(), constraint: fk, not_valid: false },
                    op.span.clone(),
                );
                let saved = std::mem::replace(&mut ctx.state, scratch.clone());
                out.push(fallback(
                    ctx,
                    &add,
                    vec![],
                    "Django names foreign keys with a hash; this keeps polymig's",
                    INDENT,
                ));
                ctx.state = saved;
                let _ = crate::schema::replay(&mut scratch, &add, Some(ctx.dialect));
            }
            out
        }
    };
    ctx.models.insert(&ac.table, model);
    out
}

/// `RemoveField(model_name, name)`; indexes and constraints Django knows on the column are removed first.
pub fn drop_column(ctx: &mut Ctx, op: &Op, dc: &DropColumn) -> Vec<String> {
    let Some(mut model) = ctx.models.get(&dc.table).cloned() else {
        return vec![fallback(ctx, op, vec![], "Django has no model for this table", INDENT)];
    };
    let Some(fname) = model.field(&dc.column).map(str::to_string) else {
        return vec![fallback(ctx, op, vec![], "Django has no field for this column", INDENT)];
    };
    let table = ctx.state.table(&dc.table).cloned();
    let uses = |cols: &[String]| cols.iter().any(|c| c == &dc.column);
    let known: Vec<String> = model.known.iter().filter(|(_, cols)| uses(cols)).map(|(n, _)| n.clone()).collect();
    let in_fk = table.as_ref().is_some_and(|t| {
        t.constraints.iter().any(|c| matches!(&c.kind, ConstraintKind::ForeignKey(fk) if uses(&fk.columns)))
    });
    let in_anything = table.as_ref().is_some_and(|t| {
        t.constraints.iter().any(|c| {
            uses(c.columns()) || matches!(&c.kind, ConstraintKind::Check { expr } if expr.contains(&dc.column))
        }) || t.indexes.iter().any(|i| i.column_names().contains(&dc.column.as_str()))
    });
    let mut state = Vec::new();
    for n in &known {
        let is_index = table.as_ref().is_some_and(|t| t.index(n).is_some());
        let kind = if is_index { "RemoveIndex" } else { "RemoveConstraint" };
        state.push(model_op(kind, &model.name).kw("name", py::string(n)).render(0));
        model.known.remove(n);
    }
    let remove = model_op("RemoveField", &model.name).kw("name", py::string(&fname));
    state.push(remove.render(0));
    let why = if dc.if_exists || dc.cascade {
        Some("IF EXISTS / CASCADE")
    } else if !known.is_empty() {
        Some("the column is part of indexes or constraints polymig drops with it")
    } else if ctx.dialect == SqlDialect::Mysql && in_fk {
        Some("MySQL needs the foreign key dropped first, which Django does not know")
    } else if ctx.dialect == SqlDialect::Sqlite && (in_anything || !model.state_exact) {
        Some("SQLite cannot drop a column used by a key, index or check: polymig rebuilds the table")
    } else {
        None
    };
    model.fields.remove(&dc.column);
    let out = match why {
        Some(w) => {
            model.state_exact = false;
            fallback(ctx, op, state, w, INDENT)
        }
        None => remove.render(INDENT),
    };
    ctx.models.insert(&dc.table, model);
    vec![out]
}

/// `RenameField(model_name, old_name, new_name)` when the columns follow the field names, else
/// the rename in SQL with `RenameField` + `AlterField(db_column=…)` for the state.
pub fn rename_column(ctx: &mut Ctx, op: &Op, rc: &RenameColumn) -> Vec<String> {
    let after = after(ctx, op);
    let (Some(mut model), Some(table)) = (ctx.models.get(&rc.table).cloned(), after.table(&rc.table).cloned()) else {
        return vec![fallback(ctx, op, vec![], "Django has no model for this table", INDENT)];
    };
    let (Some(old), Some(col)) = (model.fields.remove(&rc.from), table.column(&rc.to).cloned()) else {
        return vec![fallback(ctx, op, vec![], "Django has no field for this column", INDENT)];
    };
    let (new, f, rel) = field_of(ctx, &table, &col, &mut model);
    let default_col = |field: &str| if rel.is_some() { format!("{field}_id") } else { field.to_string() };
    let rename = model_op("RenameField", &model.name).kw("old_name", py::string(&old)).kw("new_name", py::string(&new));
    // Django's RenameField does not update Meta indexes and constraints naming the field:
    // they are removed before and declared again after, in the state.
    let affected: Vec<String> =
        model.known.iter().filter(|(_, cols)| cols.contains(&rc.from)).map(|(n, _)| n.clone()).collect();
    let mut before_ops = Vec::new();
    let mut after_ops = Vec::new();
    for cols in model.known.values_mut() {
        for c in cols.iter_mut().filter(|c| **c == rc.from) {
            c.clone_from(&rc.to);
        }
    }
    for n in &affected {
        if let Some(idx) = table.index(n) {
            before_ops.push(model_op("RemoveIndex", &model.name).kw("name", py::string(n)).render(0));
            if let Ok(c) = meta::index(ctx, &model, &table, idx, n) {
                after_ops.push(model_op("AddIndex", &model.name).kw("index", c.render(0)).render(0));
            }
        } else if let Some(con) = table.constraint(n) {
            before_ops.push(model_op("RemoveConstraint", &model.name).kw("name", py::string(n)).render(0));
            let built = match &con.kind {
                ConstraintKind::Unique { columns, nulls_not_distinct, deferrable } => {
                    meta::unique(&model, columns, n, *nulls_not_distinct, *deferrable, ctx.dialect)
                }
                ConstraintKind::Check { expr } => meta::check(ctx, &model, &table, expr, n),
                _ => Err(String::new()),
            };
            if let Ok(c) = built {
                after_ops.push(model_op("AddConstraint", &model.name).kw("constraint", c.render(0)).render(0));
            }
        }
    }
    let plain = rc.from == default_col(&old)
        && rc.to == default_col(&new)
        && !(ctx.dialect == SqlDialect::Sqlite && rel.as_ref().is_some_and(|r| r.db_constraint) && !model.state_exact);
    let out = if plain && affected.is_empty() {
        rename.render(INDENT)
    } else {
        let mut state = before_ops;
        state.push(rename.render(0));
        if !plain {
            let alter = model_op("AlterField", &model.name).kw("name", py::string(&new)).kw("field", f.call.render(0));
            state.push(alter.render(0));
            model.state_exact = false;
        }
        state.extend(after_ops);
        let why = if plain {
            "Django's RenameField leaves Meta indexes and constraints naming the old field"
        } else {
            "the column does not follow the field name"
        };
        fallback(ctx, op, state, why, INDENT)
    };
    ctx.models.insert(&rc.table, model);
    vec![out]
}

/// `AlterField(model_name, name, field)` with the whole new field, on PostgreSQL and MySQL;
/// SQLite gets polymig's rebuild (Django's rebuild moves the altered column last).
pub fn alter_column(ctx: &mut Ctx, op: &Op, ac: &AlterColumn) -> Vec<String> {
    let after = after(ctx, op);
    let (Some(mut model), Some(table)) = (ctx.models.get(&ac.table).cloned(), after.table(&ac.table).cloned()) else {
        return vec![fallback(ctx, op, vec![], "Django has no model for this table", INDENT)];
    };
    let Some(col) = table.column(&ac.column).cloned() else {
        return vec![fallback(ctx, op, vec![], "the column is not in the replayed state", INDENT)];
    };
    let old_exact = ctx
        .state
        .table(&ac.table)
        .and_then(|t| t.column(&ac.column).map(|c| (t.clone(), c.clone())))
        .map(|(t, c)| field_of(ctx, &t, &c, &mut model.clone()).1.inexact.is_none())
        .unwrap_or(false);
    let (fname, f, _) = field_of(ctx, &table, &col, &mut model);
    let call = model_op("AlterField", &model.name).kw("name", py::string(&fname)).kw("field", f.call.render(0));
    let why = if ctx.dialect == SqlDialect::Sqlite {
        Some("Django's SQLite rebuild moves the altered column last".to_string())
    } else if ac.using.is_some() {
        Some("Django writes its own USING".to_string())
    } else if !old_exact {
        Some("Django's state does not describe the old column exactly".to_string())
    } else {
        f.inexact.clone()
    };
    let out = match why {
        Some(w) => {
            model.state_exact = false;
            fallback(ctx, op, vec![call.render(0)], &format!("{w}; polymig's SQL for {}", ctx.dialect.as_str()), INDENT)
        }
        None => call.render(INDENT),
    };
    ctx.models.insert(&ac.table, model);
    vec![out]
}
