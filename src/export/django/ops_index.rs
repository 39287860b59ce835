//! Indexes and constraints: `AddIndex`, `RemoveIndex`, `RenameIndex`, `AddConstraint`,
//! `RemoveConstraint` — with the names polymig's SQL gives, or raw SQL where Django differs.

use super::Ctx;
use super::meta;
use super::ops::INDENT;
use super::ops_table::{after, mentioned, model_op};
use super::py;
use super::runsql::fallback;
use crate::ir::{
    AddConstraint, ConstraintKind, CreateIndex, DropConstraint, DropIndex, Op, QName, RenameIndex, SqlDialect,
};
use crate::schema::naming;

/// True when one of `cols` is a text or blob column, which MySQL keys only with a prefix
/// (indexes) or as `varchar(255)` (keys): polymig's SQL does that, Django does not.
fn mysql_text_key(ctx: &Ctx, table: &QName, cols: &[String]) -> bool {
    use crate::ir::DataType as T;
    ctx.state.table(table).is_some_and(|t| {
        cols.iter().any(|c| {
            t.column(c).is_some_and(|c| {
                matches!(c.data_type, T::Text | T::Binary { length: None, .. } | T::Varchar { length: None } | T::Json { .. })
                    || matches!(&c.data_type, T::Native { sql, .. } if sql.to_ascii_lowercase().contains("text") || sql.to_ascii_lowercase().contains("blob"))
            })
        })
    })
}

fn table_of_index(ctx: &Ctx, name: &str, table: Option<&QName>) -> Option<QName> {
    match table {
        Some(t) => Some(t.clone()),
        None => ctx.state.table_of_index(name).map(|t| t.name.clone()),
    }
}

/// `AddIndex(model_name, index=models.Index(fields, name))`; a unique index is a `UniqueConstraint`
/// on MySQL (the same object there) and SQL elsewhere.
pub fn create_index(ctx: &mut Ctx, op: &Op, ci: &CreateIndex) -> Vec<String> {
    let idx = &ci.index;
    let name = idx.name.clone().unwrap_or_else(|| naming::index_name(&idx.table, idx));
    let Some(model) = ctx.models.get(&idx.table).cloned() else {
        return vec![fallback(ctx, op, vec![], "Django has no model for this table", INDENT)];
    };
    let cols: Vec<String> = idx.column_names().iter().map(|s| s.to_string()).collect();
    let text_key = ctx.dialect == SqlDialect::Mysql && mysql_text_key(ctx, &idx.table, &cols);
    let plain_unique = idx.unique
        && cols.len() == idx.parts.len()
        && idx.predicate.is_none()
        && idx.include.is_empty()
        && idx.parts.iter().all(|p| !p.desc && p.opclass.is_none() && p.length.is_none() && p.collation.is_none());
    let flags = ci.concurrently || ci.if_not_exists || text_key;
    let mut known = true;
    // the table the index is on (the state before the operation has it)
    let table = ctx.state.table(&idx.table).cloned();
    let out = if idx.unique && !plain_unique {
        let built = match &table {
            Some(t) => meta::unique_index(ctx, &model, t, idx, &name),
            None => Err("the table is not in the replayed state".into()),
        };
        match built {
            Ok(c) if !flags => model_op("AddConstraint", &model.name).kw("constraint", c.render(0)).render(INDENT),
            Ok(c) => {
                let state = model_op("AddConstraint", &model.name).kw("constraint", c.render(0)).render(0);
                fallback(ctx, op, vec![state], "CONCURRENTLY / IF NOT EXISTS", INDENT)
            }
            Err(w) => {
                known = false;
                fallback(ctx, op, vec![], &w, INDENT)
            }
        }
    } else if idx.unique {
        match meta::unique(&model, &cols, &name, idx.nulls_not_distinct, None, ctx.dialect) {
            Ok(c) if plain_unique && !flags && ctx.dialect == SqlDialect::Mysql => {
                model_op("AddConstraint", &model.name).kw("constraint", c.render(0)).render(INDENT)
            }
            Ok(c) if plain_unique => {
                let state = model_op("AddConstraint", &model.name).kw("constraint", c.render(0)).render(0);
                fallback(ctx, op, vec![state], "Django writes a unique constraint, not a unique index", INDENT)
            }
            _ => {
                known = false;
                fallback(ctx, op, vec![], "Django cannot declare this unique index", INDENT)
            }
        }
    } else {
        let built = match &table {
            Some(t) => meta::index(ctx, &model, t, idx, &name),
            None => Err("the table is not in the replayed state".into()),
        };
        match built {
            Ok(c) if !flags => model_op("AddIndex", &model.name).kw("index", c.render(0)).render(INDENT),
            Ok(c) => {
                let state = model_op("AddIndex", &model.name).kw("index", c.render(0)).render(0);
                let why =
                    if text_key { "MySQL needs a prefix length on a text key" } else { "CONCURRENTLY / IF NOT EXISTS" };
                fallback(ctx, op, vec![state], why, INDENT)
            }
            Err(w) => {
                known = false;
                fallback(ctx, op, vec![], &w, INDENT)
            }
        }
    };
    if let Some(m) = ctx.models.get_mut(&idx.table) {
        if known {
            m.known.insert(name, cols);
        }
        m.state_exact &= out.starts_with("migrations.");
    }
    vec![out]
}

/// `RemoveIndex(model_name, name)` / `RemoveConstraint` for an index Django knows.
pub fn drop_index(ctx: &mut Ctx, op: &Op, di: &DropIndex) -> Vec<String> {
    let Some(table) = table_of_index(ctx, &di.name.name, di.table.as_ref()) else {
        return vec![fallback(ctx, op, vec![], "the index is not in the replayed state", INDENT)];
    };
    let name = di.name.name.clone();
    let Some(model) = ctx.models.get(&table).cloned() else {
        return vec![fallback(ctx, op, vec![], "Django has no model for this table", INDENT)];
    };
    let index = ctx.state.table(&table).and_then(|t| t.index(&name)).cloned();
    let is_index = index.as_ref().is_some_and(|i| !i.unique);
    // a UniqueConstraint Django creates as an index (expressions, condition, include) is dropped as one
    let unique_index = index.as_ref().is_some_and(|i| {
        i.unique
            && (i.predicate.is_some()
                || !i.include.is_empty()
                || i.parts.iter().any(|p| matches!(p.key, crate::ir::IndexKey::Expression(_))))
    });
    let out = if !model.known.contains_key(&name) {
        fallback(ctx, op, vec![], "Django does not know this index", INDENT)
    } else if (is_index || unique_index) && !di.concurrently {
        let kind = if is_index { "RemoveIndex" } else { "RemoveConstraint" };
        model_op(kind, &model.name).kw("name", py::string(&name)).render(INDENT)
    } else {
        let kind = if is_index { "RemoveIndex" } else { "RemoveConstraint" };
        let state = model_op(kind, &model.name).kw("name", py::string(&name)).render(0);
        fallback(ctx, op, vec![state], "Django drops a unique constraint, not a unique index", INDENT)
    };
    if let Some(m) = ctx.models.get_mut(&table) {
        m.known.remove(&name);
        m.state_exact &= out.starts_with("migrations.");
    }
    vec![out]
}

/// `RenameIndex(model_name, new_name, old_name)`.
pub fn rename_index(ctx: &mut Ctx, op: &Op, ri: &RenameIndex) -> Vec<String> {
    let table = table_of_index(ctx, &ri.from, ri.table.as_ref());
    let model = table.as_ref().and_then(|t| ctx.models.get(t)).cloned();
    match (table, model) {
        (Some(table), Some(model)) if model.known.contains_key(&ri.from) => {
            if let Some(m) = ctx.models.get_mut(&table)
                && let Some(cols) = m.known.remove(&ri.from)
            {
                m.known.insert(ri.to.clone(), cols);
            }
            vec![
                model_op("RenameIndex", &model.name)
                    .kw("new_name", py::string(&ri.to))
                    .kw("old_name", py::string(&ri.from))
                    .render(INDENT),
            ]
        }
        _ => vec![fallback(ctx, op, vec![], "Django does not know this index", INDENT)],
    }
}

/// `AddConstraint(model_name, constraint=UniqueConstraint|CheckConstraint)`; foreign and primary keys are SQL.
pub fn add_constraint(ctx: &mut Ctx, op: &Op, ac: &AddConstraint) -> Vec<String> {
    let Some(model) = ctx.models.get(&ac.table).cloned() else {
        return vec![fallback(ctx, op, vec![], "Django has no model for this table", INDENT)];
    };
    let after = after(ctx, op);
    let name = ac.constraint.name.clone().or_else(|| {
        after.table(&ac.table).and_then(|t| {
            t.constraints.iter().rev().find(|c| c.kind == ac.constraint.kind).and_then(|c| c.name.clone())
        })
    });
    let name = name.unwrap_or_default();
    let built = match &ac.constraint.kind {
        ConstraintKind::Unique { columns, nulls_not_distinct, deferrable } => {
            meta::unique(&model, columns, &name, *nulls_not_distinct, *deferrable, ctx.dialect)
                .map(|c| (c, columns.clone()))
        }
        ConstraintKind::Check { expr } => match after.table(&ac.table) {
            Some(t) => meta::check(ctx, &model, t, expr, &name).map(|c| (c, mentioned(t, expr))),
            None => Err("the table is not in the replayed state".into()),
        },
        ConstraintKind::ForeignKey(_) => Err("Django holds foreign keys in fields; polymig's constraint in SQL".into()),
        ConstraintKind::PrimaryKey { .. } => Err("Django cannot add a primary key to a model".into()),
    };
    let built = match built {
        Ok((_, cols)) if ctx.dialect == SqlDialect::Mysql && mysql_text_key(ctx, &ac.table, &cols) => {
            Err("MySQL keys a text column only as varchar(255), which polymig's SQL writes".into())
        }
        other => other,
    };
    let out = match built {
        Ok((c, cols)) => {
            let call = model_op("AddConstraint", &model.name).kw("constraint", c.render(0));
            if let Some(m) = ctx.models.get_mut(&ac.table) {
                m.known.insert(name.clone(), cols);
            }
            if ac.not_valid || ctx.dialect == SqlDialect::Sqlite {
                let why = if ac.not_valid { "NOT VALID" } else { "on SQLite, polymig rebuilds the table itself" };
                fallback(ctx, op, vec![call.render(0)], why, INDENT)
            } else {
                call.render(INDENT)
            }
        }
        Err(w) => fallback(ctx, op, vec![], &w, INDENT),
    };
    if let Some(m) = ctx.models.get_mut(&ac.table) {
        m.state_exact &= out.starts_with("migrations.");
    }
    vec![out]
}

/// `RemoveConstraint(model_name, name)` for a constraint Django knows.
pub fn drop_constraint(ctx: &mut Ctx, op: &Op, dc: &DropConstraint) -> Vec<String> {
    let Some(model) = ctx.models.get(&dc.table).cloned() else {
        return vec![fallback(ctx, op, vec![], "Django has no model for this table", INDENT)];
    };
    let out = if model.known.contains_key(&dc.name) {
        let call = model_op("RemoveConstraint", &model.name).kw("name", py::string(&dc.name));
        if ctx.dialect == SqlDialect::Sqlite || dc.if_exists || dc.cascade {
            fallback(ctx, op, vec![call.render(0)], "on SQLite, polymig rebuilds the table itself", INDENT)
        } else {
            call.render(INDENT)
        }
    } else {
        fallback(ctx, op, vec![], "Django does not know this constraint", INDENT)
    };
    if let Some(m) = ctx.models.get_mut(&dc.table) {
        m.known.remove(&dc.name);
        m.state_exact &= out.starts_with("migrations.");
    }
    vec![out]
}
