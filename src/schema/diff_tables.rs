//! The table-level steps of [`super::diff`]: renames, columns, constraints and indexes of the
//! tables both states have.

use super::Builder;
use crate::ir::*;
use crate::schema::{Table, naming};

/// Apply the caller's rename hints: tables first, then columns (named by their new table).
pub(super) fn renames(b: &mut Builder) {
    let hints = b.opts.renames.clone();
    for hint in hints.iter().filter(|h| matches!(h, super::Rename::Table { .. })) {
        let super::Rename::Table { from, to } = hint else { continue };
        let usable = b.cur.table(from).is_some() && b.cur.table(to).is_none() && b.to.table(to).is_some();
        if usable {
            b.push(RenameTable { from: from.clone(), to: to.clone() });
        } else {
            unused_hint(b, &format!("table {from} -> {to}"));
        }
    }
    for hint in &hints {
        let super::Rename::Column { table, from, to } = hint else { continue };
        let has = |s: &crate::schema::Schema, c: &str| s.table(table).is_some_and(|t| t.column(c).is_some());
        let usable = has(&b.cur, from) && !has(&b.cur, to) && has(b.to, to);
        if usable {
            b.push(RenameColumn { table: table.clone(), from: from.clone(), to: to.clone() });
        } else {
            unused_hint(b, &format!("column {table}.{from} -> {to}"));
        }
    }
}

fn unused_hint(b: &mut Builder, what: &str) {
    b.warn(
        "rename-hint-unused",
        format!("rename hint {what} does not apply: the old name must exist only in the first schema and the new one only in the second"),
        None,
    );
}

/// Warn about every dropped table or column that has a created twin of the same shape.
pub(super) fn warn_probable_renames(b: &mut Builder) {
    let shape = |t: &Table| -> Vec<(String, DataType)> {
        t.columns.iter().map(|c| (c.name.to_ascii_lowercase(), c.data_type.clone())).collect()
    };
    let dropped: Vec<&Table> = b.cur.tables.values().filter(|t| b.to.table(&t.name).is_none()).collect();
    let mut created: Vec<&Table> = b.to.tables.values().filter(|t| b.cur.table(&t.name).is_none()).collect();
    let mut warnings = Vec::new();
    for d in dropped {
        if let Some(i) = created.iter().position(|c| shape(c) == shape(d)) {
            let c = created.remove(i);
            warnings.push((
                format!(
                    "table `{}` is dropped and table `{}` created with the same columns: probably a rename, and as written the data of `{}` is lost",
                    d.name, c.name, d.name
                ),
                format!("pass a table rename hint `{}` -> `{}` to rename it instead", d.name, c.name),
                (c.name.clone(), None),
            ));
        }
    }
    for key in b.kept_tables() {
        let (cur, to) = (&b.cur.tables[&key], b.to.table(&b.cur.tables[&key].name).expect("kept"));
        let same =
            |a: &Column, c: &Column| a.data_type == c.data_type && a.nullable == c.nullable && a.default == c.default;
        let mut added: Vec<&Column> = to.columns.iter().filter(|c| cur.column(&c.name).is_none()).collect();
        for d in cur.columns.iter().filter(|c| to.column(&c.name).is_none()) {
            if let Some(i) = added.iter().position(|c| same(d, c)) {
                let c = added.remove(i);
                warnings.push((
                    format!(
                        "column `{}.{}` is dropped and column `{}.{}` added with the same type: probably a rename, and as written its data is lost",
                        cur.name, d.name, to.name, c.name
                    ),
                    format!("pass a column rename hint `{}.{}` -> `{}` to rename it instead", to.name, d.name, c.name),
                    (to.name.clone(), Some(c.name.clone())),
                ));
            }
        }
    }
    for (msg, help, (table, column)) in warnings {
        b.warn_at("probable-rename", msg, Some(help), Some((&table, column.as_deref())));
    }
}

fn is_fk(c: &Constraint) -> bool {
    matches!(c.kind, ConstraintKind::ForeignKey(_))
}

/// Same constraint: same body, and the same name when both have one.
fn same_constraint(a: &Constraint, b: &Constraint) -> bool {
    let names = match (&a.name, &b.name) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => true,
    };
    names && a.kind == b.kind
}

/// Same index: same name and the same definition.
fn same_index(a: &Index, b: &Index) -> bool {
    let names = match (&a.name, &b.name) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => true,
    };
    let body = |i: &Index| Index { name: None, table: QName::default(), ..i.clone() };
    names && body(a) == body(b)
}

/// The name a constraint of `table` is dropped by (MySQL's primary key is `PRIMARY`).
fn constraint_name(b: &Builder, table: &Table, c: &Constraint) -> String {
    c.name.clone().unwrap_or_else(|| naming::constraint_name(b.opts.dialect, table, c))
}

/// Drop the constraints of kept tables that `to` lacks or defines differently: foreign keys
/// (`foreign_keys`) or the others.
pub(super) fn drop_constraints(b: &mut Builder, foreign_keys: bool) {
    for key in b.kept_tables() {
        let cur = b.cur.tables[&key].clone();
        let to = b.to.table(&cur.name).expect("kept").clone();
        for c in cur.constraints.iter().filter(|c| is_fk(c) == foreign_keys) {
            if !to.constraints.iter().any(|t| same_constraint(c, t)) {
                let name = constraint_name(b, &cur, c);
                b.push(DropConstraint { table: cur.name.clone(), name, if_exists: false, cascade: false });
            }
        }
    }
}

/// Drop the indexes of kept tables that `to` lacks or defines differently.
pub(super) fn drop_indexes(b: &mut Builder) {
    for key in b.kept_tables() {
        let cur = b.cur.tables[&key].clone();
        let to = b.to.table(&cur.name).expect("kept").clone();
        for i in &cur.indexes {
            if !to.indexes.iter().any(|t| same_index(i, t)) {
                let name = i.name.clone().unwrap_or_else(|| naming::index_name(&cur.name, i));
                let qname = QName { schema: cur.name.schema.clone(), name };
                b.push(DropIndex { name: qname, table: Some(cur.name.clone()), if_exists: false, concurrently: false });
            }
        }
    }
}

/// A column property `ALTER COLUMN` cannot change: the column is dropped and added again.
fn needs_recreate(a: &Column, b: &Column) -> bool {
    a.auto_increment != b.auto_increment
        || a.generated != b.generated
        || a.on_update != b.on_update
        || a.collation != b.collation
}

/// Drop the columns of kept tables that `to` lacks, and those that must be recreated.
pub(super) fn drop_columns(b: &mut Builder) {
    for key in b.kept_tables() {
        let cur = b.cur.tables[&key].clone();
        let to = b.to.table(&cur.name).expect("kept").clone();
        for c in &cur.columns {
            let recreate = match to.column(&c.name) {
                None => false,
                Some(t) if needs_recreate(c, t) => true,
                Some(_) => continue,
            };
            if recreate {
                b.warn(
                    "column-recreated",
                    format!(
                        "column `{}.{}` changes identity, generation, collation or ON UPDATE, which ALTER COLUMN cannot express: it is dropped and added again, and its data is lost",
                        cur.name, c.name
                    ),
                    Some("write the change by hand (raw SQL) to keep the data".into()),
                );
            }
            b.push(DropColumn { table: cur.name.clone(), column: c.name.clone(), if_exists: false, cascade: false });
        }
    }
}

/// Add missing columns and alter changed ones in the tables both states have; table comments.
pub(super) fn columns(b: &mut Builder) {
    for key in b.kept_tables() {
        let cur = b.cur.tables[&key].clone();
        let to = b.to.table(&cur.name).expect("kept").clone();
        for c in &to.columns {
            match cur.column(&c.name) {
                None => b.push(AddColumn {
                    table: cur.name.clone(),
                    column: c.clone(),
                    constraints: Vec::new(),
                    if_not_exists: false,
                }),
                Some(old) => {
                    if let Some(alter) = alter_column(&cur.name, old, c) {
                        b.push(alter);
                    }
                }
            }
        }
        if cur.comment != to.comment {
            b.push(Comment { target: CommentTarget::Table { table: cur.name.clone() }, text: to.comment.clone() });
        }
    }
}

/// `ALTER COLUMN` with each property that differs, or `None` when none does.
fn alter_column(table: &QName, old: &Column, new: &Column) -> Option<AlterColumn> {
    let change = |a: &Option<DefaultExpr>, b: &Option<DefaultExpr>| match (a, b) {
        (x, y) if x == y => None,
        (_, Some(v)) => Some(Change::Set(v.clone())),
        (_, None) => Some(Change::Drop),
    };
    let comment = match (&old.comment, &new.comment) {
        (x, y) if x == y => None,
        (_, Some(v)) => Some(Change::Set(v.clone())),
        (_, None) => Some(Change::Drop),
    };
    let alter = AlterColumn {
        table: table.clone(),
        column: old.name.clone(),
        data_type: (old.data_type != new.data_type).then(|| new.data_type.clone()),
        using: None,
        nullable: (old.nullable != new.nullable).then_some(new.nullable),
        default: change(&old.default, &new.default),
        comment,
    };
    let any =
        alter.data_type.is_some() || alter.nullable.is_some() || alter.default.is_some() || alter.comment.is_some();
    any.then_some(alter)
}

/// Add the constraints `to` has and the current state lacks: foreign keys (`foreign_keys`) or the others.
pub(super) fn add_constraints(b: &mut Builder, foreign_keys: bool) {
    let target = b.to;
    for to in target.tables.values() {
        let Some(cur) = b.cur.table(&to.name).cloned() else { continue };
        for c in to.constraints.iter().filter(|c| is_fk(c) == foreign_keys) {
            if !cur.constraints.iter().any(|x| same_constraint(x, c)) {
                b.push(AddConstraint { table: cur.name.clone(), constraint: c.clone(), not_valid: false });
            }
        }
    }
}

/// Create the indexes `to` has and the current state lacks.
pub(super) fn create_indexes(b: &mut Builder) {
    let target = b.to;
    for to in target.tables.values() {
        let Some(cur) = b.cur.table(&to.name).cloned() else { continue };
        for i in &to.indexes {
            if !cur.indexes.iter().any(|x| same_index(x, i)) {
                let index = Index { table: cur.name.clone(), ..i.clone() };
                b.push(CreateIndex { index, concurrently: false, if_not_exists: false });
            }
        }
    }
}
