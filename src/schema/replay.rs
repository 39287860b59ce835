//! Apply an operation to a [`Schema`]: tables and columns here, the other
//! object kinds in `replay_objects.rs`.
//!
//! Replay mirrors what the database does: `DROP COLUMN` also drops the indexes
//! and constraints that use the column (PostgreSQL's behaviour), `RENAME`
//! updates every reference, unnamed constraints get the dialect's default name
//! (see [`super::naming`]). An impossible step (dropping a missing column) is
//! an error diagnostic at the operation's span; the schema is left unchanged.

use super::replay_objects as objects;
use super::{Schema, Table, naming};
use crate::diagnostics::Diagnostic;
use crate::ir::*;

/// Apply one operation. Fails with a diagnostic (at the op's span) when the step is impossible.
pub fn replay(schema: &mut Schema, op: &Op, dialect: Option<SqlDialect>) -> Result<(), Diagnostic> {
    replay_kind(schema, &op.kind, dialect).map_err(|msg| msg.at(op.span.clone()))
}

/// Apply a migration's `up` operations; returns the diagnostics of the steps that failed.
pub fn replay_migration(schema: &mut Schema, m: &Migration, dialect: Option<SqlDialect>) -> Vec<Diagnostic> {
    m.up.iter().filter_map(|op| replay(schema, op, dialect).err()).collect()
}

/// The branch of a [`ByDialect`] that applies to `dialect` (the `otherwise` branch when none
/// matches; with no dialect, `otherwise` if present, else the first branch).
pub fn select_branch(by: &ByDialect, dialect: Option<SqlDialect>) -> &[Op] {
    if let Some(d) = dialect {
        if let Some(b) = by.branches.iter().find(|b| b.dialects.contains(&d)) {
            return &b.ops;
        }
        return &by.otherwise;
    }
    if by.otherwise.is_empty() { by.branches.first().map_or(&[], |b| &b.ops) } else { &by.otherwise }
}

pub(super) fn err(code: &str, msg: String) -> Diagnostic {
    Diagnostic::error(code, msg)
}

fn replay_kind(s: &mut Schema, op: &Operation, d: Option<SqlDialect>) -> Result<(), Diagnostic> {
    match op {
        Operation::CreateTable(x) => create_table(s, x, d),
        Operation::DropTable(x) => drop_table(s, x),
        Operation::RenameTable(x) => rename_table(s, x),
        Operation::AddColumn(x) => add_column(s, x, d),
        Operation::DropColumn(x) => drop_column(s, x),
        Operation::RenameColumn(x) => rename_column(s, x),
        Operation::AlterColumn(x) => alter_column(s, x),
        Operation::CreateIndex(x) => objects::create_index(s, x, d),
        Operation::DropIndex(x) => objects::drop_index(s, x),
        Operation::RenameIndex(x) => objects::rename_index(s, x, d),
        Operation::AddConstraint(x) => {
            let t = table_mut(s, &x.table)?;
            add_constraint(t, x.constraint.clone(), d)
        }
        Operation::DropConstraint(x) => objects::drop_constraint(s, x),
        Operation::ValidateConstraint(x) => {
            let t = table(s, &x.table)?;
            t.constraint(&x.name).map(|_| ()).ok_or_else(|| unknown_constraint(&x.name, &x.table))
        }
        Operation::CreateEnum(_) | Operation::AlterEnum(_) | Operation::DropEnum(_) => objects::enums(s, op),
        Operation::CreateView(_) | Operation::DropView(_) => objects::views(s, op),
        Operation::CreateExtension(_) | Operation::DropExtension(_) => objects::extensions(s, op),
        Operation::Comment(x) => objects::comment(s, x),
        // Raw SQL and untranslated code change the database in ways the state cannot follow.
        Operation::Sql(_) | Operation::Opaque(_) => Ok(()),
        Operation::Backfill(b) => check_backfill(s, b).map(|_| ()),
        Operation::ByDialect(by) => {
            for op in select_branch(by, d) {
                replay(s, op, d)?;
            }
            Ok(())
        }
    }
}

/// A backfill changes no schema, but its table and columns must exist, and it needs a key to
/// page by: the one it names, else the table's primary key. Returns that key.
pub fn check_backfill(s: &Schema, b: &Backfill) -> Result<Vec<String>, Diagnostic> {
    let t = table(s, &b.table)?;
    for c in b.set.iter().map(|a| &a.column).chain(&b.key) {
        if t.column(c).is_none() {
            return Err(err("unknown-column", format!("backfill of `{}`: no column `{c}`", b.table)));
        }
    }
    if !b.key.is_empty() {
        return Ok(b.key.clone());
    }
    match t.primary_key() {
        Some(pk) => Ok(pk.columns().to_vec()),
        None => Err(err(
            "backfill-without-key",
            format!("backfill of `{}`: the table has no primary key to page by; name one with key=…", b.table),
        )),
    }
}

pub(super) fn table<'a>(s: &'a Schema, name: &QName) -> Result<&'a Table, Diagnostic> {
    s.table(name).ok_or_else(|| err("unknown-table", format!("table `{name}` does not exist")))
}

pub(super) fn table_mut<'a>(s: &'a mut Schema, name: &QName) -> Result<&'a mut Table, Diagnostic> {
    s.table_mut(name).ok_or_else(|| err("unknown-table", format!("table `{name}` does not exist")))
}

pub(super) fn unknown_constraint(name: &str, table: &QName) -> Diagnostic {
    err("unknown-constraint", format!("constraint `{name}` does not exist on table `{table}`"))
}

fn create_table(s: &mut Schema, x: &CreateTable, d: Option<SqlDialect>) -> Result<(), Diagnostic> {
    if s.table(&x.table).is_some() || s.views.contains_key(&x.table.key()) {
        if x.if_not_exists {
            return Ok(());
        }
        return Err(err("duplicate-table", format!("table `{}` already exists", x.table)));
    }
    let mut t = Table::new(x.table.clone());
    for c in &x.columns {
        if t.column(&c.name).is_some() {
            return Err(err("duplicate-column", format!("column `{}` specified more than once", c.name)));
        }
        t.columns.push(c.clone());
    }
    t.comment = x.comment.clone();
    for c in &x.constraints {
        add_constraint(&mut t, c.clone(), d)?;
    }
    s.tables.insert(x.table.key(), t);
    Ok(())
}

fn drop_table(s: &mut Schema, x: &DropTable) -> Result<(), Diagnostic> {
    let Some(key) = s.table_key(&x.table) else {
        if x.if_exists {
            return Ok(());
        }
        return Err(err("unknown-table", format!("table `{}` does not exist", x.table)));
    };
    let dropped = s.tables.remove(&key).map(|t| t.name);
    if let Some(name) = dropped {
        // CASCADE (and MySQL/SQLite, which do not check) leave no dangling foreign keys in the state.
        for t in s.tables.values_mut() {
            t.constraints
                .retain(|c| !matches!(&c.kind, ConstraintKind::ForeignKey(fk) if same_table(&fk.ref_table, &name)));
        }
    }
    Ok(())
}

pub(super) fn same_table(a: &QName, b: &QName) -> bool {
    a.name.eq_ignore_ascii_case(&b.name) && (a.schema.is_none() || b.schema.is_none() || a.schema == b.schema)
}

fn rename_table(s: &mut Schema, x: &RenameTable) -> Result<(), Diagnostic> {
    let key = s.table_key(&x.from).ok_or_else(|| err("unknown-table", format!("table `{}` does not exist", x.from)))?;
    if s.table(&x.to).is_some() {
        return Err(err("duplicate-table", format!("table `{}` already exists", x.to)));
    }
    let Some(mut t) = s.tables.remove(&key) else { return Ok(()) };
    let old = t.name.clone();
    // `ALTER TABLE a RENAME TO b` keeps the schema of `a` when `b` is unqualified.
    let new = QName { schema: x.to.schema.clone().or(old.schema.clone()), name: x.to.name.clone() };
    t.name = new.clone();
    for i in &mut t.indexes {
        i.table = new.clone();
    }
    s.tables.insert(new.key(), t);
    for t in s.tables.values_mut() {
        for c in &mut t.constraints {
            if let ConstraintKind::ForeignKey(fk) = &mut c.kind
                && same_table(&fk.ref_table, &old)
            {
                fk.ref_table = new.clone();
            }
        }
    }
    Ok(())
}

fn add_column(s: &mut Schema, x: &AddColumn, d: Option<SqlDialect>) -> Result<(), Diagnostic> {
    let t = table_mut(s, &x.table)?;
    if t.column(&x.column.name).is_some() {
        if x.if_not_exists {
            return Ok(());
        }
        return Err(err(
            "duplicate-column",
            format!("column `{}` of table `{}` already exists", x.column.name, x.table),
        ));
    }
    t.columns.push(x.column.clone());
    for c in &x.constraints {
        add_constraint(t, c.clone(), d)?;
    }
    Ok(())
}

fn drop_column(s: &mut Schema, x: &DropColumn) -> Result<(), Diagnostic> {
    let t = table_mut(s, &x.table)?;
    let Some(i) = t.column_index(&x.column) else {
        if x.if_exists {
            return Ok(());
        }
        return Err(err("unknown-column", format!("column `{}` of table `{}` does not exist", x.column, x.table)));
    };
    let name = t.columns.remove(i).name;
    let uses = |cols: &[String]| cols.iter().any(|c| c.eq_ignore_ascii_case(&name));
    t.constraints.retain(|c| !uses(c.columns()) && !check_mentions(c, &name));
    t.indexes.retain(|ix| !ix.column_names().iter().any(|c| c.eq_ignore_ascii_case(&name)));
    let tname = t.name.clone();
    for other in s.tables.values_mut() {
        other.constraints.retain(
            |c| !matches!(&c.kind, ConstraintKind::ForeignKey(fk) if same_table(&fk.ref_table, &tname) && uses(&fk.ref_columns)),
        );
    }
    Ok(())
}

pub(super) fn check_mentions(c: &Constraint, column: &str) -> bool {
    match &c.kind {
        ConstraintKind::Check { expr } => {
            expr.split(|ch: char| !(ch.is_alphanumeric() || ch == '_')).any(|w| w.eq_ignore_ascii_case(column))
        }
        _ => false,
    }
}

fn rename_column(s: &mut Schema, x: &RenameColumn) -> Result<(), Diagnostic> {
    let t = table_mut(s, &x.table)?;
    if t.column(&x.to).is_some() && !x.to.eq_ignore_ascii_case(&x.from) {
        return Err(err("duplicate-column", format!("column `{}` of table `{}` already exists", x.to, x.table)));
    }
    let col = t
        .column_mut(&x.from)
        .ok_or_else(|| err("unknown-column", format!("column `{}` of table `{}` does not exist", x.from, x.table)))?;
    let old = std::mem::replace(&mut col.name, x.to.clone());
    let rename = |cols: &mut Vec<String>| {
        for c in cols.iter_mut() {
            if c.eq_ignore_ascii_case(&old) {
                *c = x.to.clone();
            }
        }
    };
    for c in &mut t.constraints {
        match &mut c.kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => rename(columns),
            ConstraintKind::ForeignKey(fk) => rename(&mut fk.columns),
            ConstraintKind::Check { .. } => {}
        }
    }
    for ix in &mut t.indexes {
        for p in &mut ix.parts {
            if let IndexKey::Column(c) = &mut p.key
                && c.eq_ignore_ascii_case(&old)
            {
                *c = x.to.clone();
            }
        }
        rename(&mut ix.include);
    }
    let tname = t.name.clone();
    for other in s.tables.values_mut() {
        for c in &mut other.constraints {
            if let ConstraintKind::ForeignKey(fk) = &mut c.kind
                && same_table(&fk.ref_table, &tname)
            {
                rename(&mut fk.ref_columns);
            }
        }
    }
    Ok(())
}

fn alter_column(s: &mut Schema, x: &AlterColumn) -> Result<(), Diagnostic> {
    let t = table_mut(s, &x.table)?;
    let col = t
        .column_mut(&x.column)
        .ok_or_else(|| err("unknown-column", format!("column `{}` of table `{}` does not exist", x.column, x.table)))?;
    if let Some(ty) = &x.data_type {
        col.data_type = ty.clone();
    }
    if let Some(n) = x.nullable {
        col.nullable = n;
    }
    match &x.default {
        Some(Change::Set(v)) => col.default = Some(v.clone()),
        Some(Change::Drop) => col.default = None,
        None => {}
    }
    match &x.comment {
        Some(Change::Set(v)) => col.comment = Some(v.clone()),
        Some(Change::Drop) => col.comment = None,
        None => {}
    }
    Ok(())
}

/// Add a constraint to a table state, naming it when unnamed.
pub(super) fn add_constraint(t: &mut Table, mut c: Constraint, d: Option<SqlDialect>) -> Result<(), Diagnostic> {
    for col in c.columns() {
        if t.column(col).is_none() {
            return Err(err("unknown-column", format!("column `{col}` of table `{}` does not exist", t.name)));
        }
    }
    let name = match c.name.clone() {
        Some(n) => n,
        None => naming::constraint_name(d, t, &c),
    };
    if t.constraint(&name).is_some() {
        return Err(err("duplicate-constraint", format!("constraint `{name}` already exists on table `{}`", t.name)));
    }
    if let ConstraintKind::PrimaryKey { columns } = &c.kind {
        if t.primary_key().is_some() {
            return Err(err("duplicate-primary-key", format!("table `{}` already has a primary key", t.name)));
        }
        if d != Some(SqlDialect::Sqlite) {
            for col in columns {
                if let Some(column) = t.column_mut(col) {
                    column.nullable = false;
                }
            }
        }
    }
    c.name = Some(name);
    t.constraints.push(c);
    Ok(())
}
