//! Replay of indexes, constraint drops, enums, views, extensions and comments.

use super::replay::{err, table_mut, unknown_constraint};
use super::{EnumType, Schema, View, naming};
use crate::diagnostics::Diagnostic;
use crate::ir::*;

/// Whether index `name` is taken for an index on `table`: index names are unique in the whole
/// schema on PostgreSQL and SQLite, per table on MySQL.
fn index_taken(s: &Schema, table: Option<&QName>, name: &str, d: Option<SqlDialect>) -> bool {
    match (d, table) {
        (Some(SqlDialect::Mysql), Some(table)) => s.table(table).is_some_and(|t| t.index(name).is_some()),
        _ => s.table_of_index(name).is_some(),
    }
}

pub(super) fn create_index(s: &mut Schema, x: &CreateIndex, d: Option<SqlDialect>) -> Result<(), Diagnostic> {
    let mut index = x.index.clone();
    let name = index.name.clone().unwrap_or_else(|| naming::index_name(&index.table, &index));
    if index_taken(s, Some(&index.table), &name, d) {
        if x.if_not_exists {
            return Ok(());
        }
        return Err(err("duplicate-index", format!("index `{name}` already exists")));
    }
    let t = table_mut(s, &index.table)?;
    for col in index.column_names() {
        if t.column(col).is_none() {
            return Err(err("unknown-column", format!("column `{col}` of table `{}` does not exist", t.name)));
        }
    }
    index.table = t.name.clone();
    index.name = Some(name);
    t.indexes.push(index);
    Ok(())
}

/// The key of the table holding index `name` (the op's table when given, else a search).
fn index_owner(s: &Schema, name: &str, table: Option<&QName>) -> Option<String> {
    match table {
        Some(t) => s.table_key(t).filter(|k| s.tables[k].index(name).is_some()),
        None => s.tables.iter().find(|(_, t)| t.index(name).is_some()).map(|(k, _)| k.clone()),
    }
}

pub(super) fn drop_index(s: &mut Schema, x: &DropIndex) -> Result<(), Diagnostic> {
    let Some(key) = index_owner(s, &x.name.name, x.table.as_ref()) else {
        // MySQL `DROP INDEX u ON t` also drops unique constraints, which are indexes there.
        if let Some(t) = x.table.as_ref().and_then(|t| s.table_mut(t))
            && let Some(i) = t.constraints.iter().position(|c| c.name.as_deref() == Some(x.name.name.as_str()))
        {
            t.constraints.remove(i);
            return Ok(());
        }
        if x.if_exists {
            return Ok(());
        }
        return Err(err("unknown-index", format!("index `{}` does not exist", x.name)));
    };
    if let Some(t) = s.tables.get_mut(&key) {
        t.indexes.retain(|i| !i.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&x.name.name)));
    }
    Ok(())
}

pub(super) fn rename_index(s: &mut Schema, x: &RenameIndex, d: Option<SqlDialect>) -> Result<(), Diagnostic> {
    if index_taken(s, x.table.as_ref(), &x.to, d) {
        return Err(err("duplicate-index", format!("index `{}` already exists", x.to)));
    }
    if let Some(key) = index_owner(s, &x.from, x.table.as_ref()) {
        if let Some(ix) =
            s.tables.get_mut(&key).and_then(|t| t.indexes.iter_mut().find(|i| i.name.as_deref() == Some(&x.from)))
        {
            ix.name = Some(x.to.clone());
        }
        return Ok(());
    }
    // PostgreSQL `ALTER INDEX` also renames the index behind a unique/primary constraint.
    for t in s.tables.values_mut() {
        if let Some(c) = t.constraints.iter_mut().find(|c| c.name.as_deref() == Some(&x.from)) {
            c.name = Some(x.to.clone());
            return Ok(());
        }
    }
    Err(err("unknown-index", format!("index `{}` does not exist", x.from)))
}

pub(super) fn drop_constraint(s: &mut Schema, x: &DropConstraint) -> Result<(), Diagnostic> {
    let t = table_mut(s, &x.table)?;
    let found = if x.name.eq_ignore_ascii_case("PRIMARY") && t.constraint(&x.name).is_none() {
        t.constraints.iter().position(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }))
    } else {
        t.constraints.iter().position(|c| c.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&x.name)))
    };
    match found {
        Some(i) => {
            t.constraints.remove(i);
            Ok(())
        }
        None if x.if_exists => Ok(()),
        None => Err(unknown_constraint(&x.name, &x.table)),
    }
}

pub(super) fn enums(s: &mut Schema, op: &Operation) -> Result<(), Diagnostic> {
    match op {
        Operation::CreateEnum(x) => {
            if s.enums.contains_key(&x.name.key()) {
                return Err(err("duplicate-type", format!("type `{}` already exists", x.name)));
            }
            s.enums.insert(x.name.key(), EnumType { name: x.name.clone(), values: x.values.clone() });
        }
        Operation::AlterEnum(AlterEnum { name, change: EnumChange::Rename { to } }) => rename_enum(s, name, to)?,
        Operation::AlterEnum(x) => {
            let e = s
                .enums
                .get_mut(&x.name.key())
                .ok_or_else(|| err("unknown-type", format!("type `{}` does not exist", x.name)))?;
            match &x.change {
                EnumChange::AddValue { value, before, after, if_not_exists } => {
                    if e.values.contains(value) {
                        if *if_not_exists {
                            return Ok(());
                        }
                        return Err(err(
                            "duplicate-enum-value",
                            format!("enum `{}` already has value `{value}`", x.name),
                        ));
                    }
                    let anchor = |v: &String| {
                        e.values.iter().position(|x| x == v).ok_or_else(|| {
                            err("unknown-enum-value", format!("`{v}` is not a value of enum `{}`", x.name))
                        })
                    };
                    let at = match (before, after) {
                        (Some(b), _) => anchor(b)?,
                        (None, Some(a)) => anchor(a)? + 1,
                        (None, None) => e.values.len(),
                    };
                    e.values.insert(at, value.clone());
                }
                EnumChange::RenameValue { from, to } => {
                    let v = e.values.iter_mut().find(|v| *v == from).ok_or_else(|| {
                        err("unknown-enum-value", format!("`{from}` is not a value of enum `{}`", x.name))
                    })?;
                    *v = to.clone();
                    rename_enum_defaults(s, &x.name, from, to);
                }
                EnumChange::Rename { .. } => {} // replayed by `rename_enum`, above
            }
        }
        Operation::DropEnum(x) => {
            let missing = s.enums.remove(&x.name.key()).is_none();
            if missing && !x.if_exists {
                return Err(err("unknown-type", format!("type `{}` does not exist", x.name)));
            }
        }
        _ => {}
    }
    Ok(())
}

/// `ALTER TYPE a RENAME TO b`: the type moves to its new name; columns of it follow (PostgreSQL
/// refers to the type, not its name).
fn rename_enum(s: &mut Schema, name: &QName, to: &str) -> Result<(), Diagnostic> {
    let new = QName { schema: name.schema.clone(), name: to.to_string() };
    if s.enums.contains_key(&new.key()) {
        return Err(err("duplicate-type", format!("type `{new}` already exists")));
    }
    let mut e =
        s.enums.remove(&name.key()).ok_or_else(|| err("unknown-type", format!("type `{name}` does not exist")))?;
    e.name = new.clone();
    s.enums.insert(new.key(), e);
    for t in s.tables.values_mut() {
        for c in &mut t.columns {
            if let DataType::Enum { name: Some(n), .. } = &mut c.data_type
                && super::replay::same_table(n, name)
            {
                *n = new.clone();
            }
        }
    }
    Ok(())
}

/// PostgreSQL stores a default of an enum column as a reference to the label, so renaming the
/// label renames the default too.
fn rename_enum_defaults(s: &mut Schema, name: &QName, from: &str, to: &str) {
    for t in s.tables.values_mut() {
        for c in &mut t.columns {
            let of_enum =
                matches!(&c.data_type, DataType::Enum { name: Some(n), .. } if super::replay::same_table(n, name));
            if of_enum && c.default.as_ref() == Some(&DefaultExpr::String(from.to_string())) {
                c.default = Some(DefaultExpr::String(to.to_string()));
            }
        }
    }
}

pub(super) fn views(s: &mut Schema, op: &Operation) -> Result<(), Diagnostic> {
    match op {
        Operation::CreateView(x) => {
            let key = x.name.key();
            if (s.views.contains_key(&key) && !x.or_replace) || s.table(&x.name).is_some() {
                return Err(err("duplicate-view", format!("relation `{}` already exists", x.name)));
            }
            let view = View {
                name: x.name.clone(),
                columns: x.columns.clone(),
                query: x.query.clone(),
                materialized: x.materialized,
            };
            s.views.insert(key, view);
        }
        Operation::DropView(x) => {
            let missing = s.views.remove(&x.name.key()).is_none();
            if missing && !x.if_exists {
                return Err(err("unknown-view", format!("view `{}` does not exist", x.name)));
            }
        }
        _ => {}
    }
    Ok(())
}

pub(super) fn extensions(s: &mut Schema, op: &Operation) -> Result<(), Diagnostic> {
    match op {
        Operation::CreateExtension(x) => {
            let missing = !s.extensions.insert(x.name.clone());
            if missing && !x.if_not_exists {
                return Err(err("duplicate-extension", format!("extension `{}` already exists", x.name)));
            }
        }
        Operation::DropExtension(x) => {
            let missing = !s.extensions.remove(&x.name);
            if missing && !x.if_exists {
                return Err(err("unknown-extension", format!("extension `{}` does not exist", x.name)));
            }
        }
        _ => {}
    }
    Ok(())
}

/// `COMMENT ON … IS ''` removes the comment (PostgreSQL; MySQL's `COMMENT ''` is no comment either).
pub(super) fn comment(s: &mut Schema, x: &Comment) -> Result<(), Diagnostic> {
    let text = x.text.clone().filter(|t| !t.is_empty());
    match &x.target {
        CommentTarget::Table { table: name } => table_mut(s, name)?.comment = text,
        CommentTarget::Column { table: name, column } => {
            let t = table_mut(s, name)?;
            let tn = t.name.clone();
            let col = t
                .column_mut(column)
                .ok_or_else(|| err("unknown-column", format!("column `{column}` of table `{tn}` does not exist")))?;
            col.comment = text;
        }
    }
    Ok(())
}
