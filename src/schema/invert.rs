//! Derive down operations from an operation and the state before it.
//!
//! The state supplies what the operation itself does not say: `DropColumn`'s
//! down restores the full column with its constraints and indexes, `AlterColumn`'s
//! down restores the previous type/nullability/default/comment. Steps that
//! cannot be undone (raw SQL without a down, Opaque code, `ALTER TYPE … ADD VALUE`)
//! are reported as [`Irreversible`], never guessed.

use super::replay::{check_mentions, replay, same_table, select_branch};
use super::{Schema, naming};
use crate::ir::*;

/// Why a step cannot be undone, and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Irreversible {
    /// The reason, in one sentence.
    pub reason: String,
    /// The operation's span.
    pub span: Span,
}

/// The operations that undo `op`, given the schema before it ran (in execution order).
pub fn invert(op: &Op, before: &Schema, dialect: Option<SqlDialect>) -> Result<Vec<Op>, Irreversible> {
    let span = &op.span;
    let no = |reason: String| Irreversible { reason, span: span.clone() };
    let one = |k: Operation| Ok(vec![Op::new(k, span.clone())]);
    let many = |ks: Vec<Operation>| Ok(ks.into_iter().map(|k| Op::new(k, span.clone())).collect());
    match &op.kind {
        Operation::CreateTable(x) => {
            if x.if_not_exists && before.table(&x.table).is_some() {
                return Ok(vec![]);
            }
            one(DropTable { table: x.table.clone(), if_exists: false, cascade: false }.into())
        }
        Operation::DropTable(x) => match before.table(&x.table) {
            None if x.if_exists => Ok(vec![]),
            None => Err(no(format!("table `{}` is not in the replayed state, so its definition is unknown", x.table))),
            Some(t) => {
                let mut ks: Vec<Operation> = vec![
                    CreateTable {
                        table: t.name.clone(),
                        columns: t.columns.clone(),
                        constraints: t.constraints.clone(),
                        if_not_exists: false,
                        comment: t.comment.clone(),
                    }
                    .into(),
                ];
                ks.extend(t.indexes.iter().map(recreate_index));
                many(ks)
            }
        },
        Operation::RenameTable(x) => {
            let from = QName { schema: x.to.schema.clone().or(x.from.schema.clone()), name: x.to.name.clone() };
            one(RenameTable { from, to: QName { schema: None, name: x.from.name.clone() } }.into())
        }
        Operation::AddColumn(x) => {
            if x.if_not_exists && before.table(&x.table).is_some_and(|t| t.column(&x.column.name).is_some()) {
                return Ok(vec![]);
            }
            one(DropColumn { table: x.table.clone(), column: x.column.name.clone(), if_exists: false, cascade: false }
                .into())
        }
        Operation::DropColumn(x) => {
            let t = before
                .table(&x.table)
                .ok_or_else(|| no(format!("table `{}` is not in the replayed state", x.table)))?;
            let Some(col) = t.column(&x.column) else {
                return if x.if_exists {
                    Ok(vec![])
                } else {
                    Err(no(format!("column `{}` is not in the replayed state", x.column)))
                };
            };
            let uses = |cols: &[String]| cols.iter().any(|c| c.eq_ignore_ascii_case(&col.name));
            let mut ks: Vec<Operation> = vec![
                AddColumn { table: t.name.clone(), column: col.clone(), constraints: vec![], if_not_exists: false }
                    .into(),
            ];
            for c in t.constraints.iter().filter(|c| uses(c.columns()) || check_mentions(c, &col.name)) {
                ks.push(AddConstraint { table: t.name.clone(), constraint: c.clone(), not_valid: false }.into());
            }
            for i in t.indexes.iter().filter(|i| i.column_names().iter().any(|c| c.eq_ignore_ascii_case(&col.name))) {
                ks.push(recreate_index(i));
            }
            for other in before.tables.values() {
                for c in &other.constraints {
                    if let ConstraintKind::ForeignKey(fk) = &c.kind
                        && same_table(&fk.ref_table, &t.name)
                        && uses(&fk.ref_columns)
                    {
                        let restore =
                            AddConstraint { table: other.name.clone(), constraint: c.clone(), not_valid: false };
                        ks.push(restore.into());
                    }
                }
            }
            many(ks)
        }
        Operation::RenameColumn(x) => {
            one(RenameColumn { table: x.table.clone(), from: x.to.clone(), to: x.from.clone() }.into())
        }
        Operation::AlterColumn(x) => {
            let col = before.table(&x.table).and_then(|t| t.column(&x.column)).ok_or_else(|| {
                no(format!(
                    "column `{}.{}` is not in the replayed state, so its previous definition is unknown",
                    x.table, x.column
                ))
            })?;
            let restore = |v: &Option<String>| match v {
                Some(s) => Change::Set(s.clone()),
                None => Change::Drop,
            };
            one(AlterColumn {
                table: x.table.clone(),
                column: x.column.clone(),
                data_type: x.data_type.as_ref().map(|_| col.data_type.clone()),
                using: None,
                nullable: x.nullable.map(|_| col.nullable),
                default: x.default.as_ref().map(|_| col.default.clone().map_or(Change::Drop, Change::Set)),
                comment: x.comment.as_ref().map(|_| restore(&col.comment)),
            }
            .into())
        }
        Operation::CreateIndex(x) => {
            let name = x.index.name.clone().unwrap_or_else(|| naming::index_name(&x.index.table, &x.index));
            if x.if_not_exists && before.table_of_index(&name).is_some() {
                return Ok(vec![]);
            }
            one(DropIndex {
                name: QName { schema: x.index.table.schema.clone(), name },
                table: Some(x.index.table.clone()),
                if_exists: false,
                concurrently: x.concurrently,
            }
            .into())
        }
        Operation::DropIndex(x) => {
            let table = match &x.table {
                Some(t) => before.table(t),
                None => before.table_of_index(&x.name.name),
            };
            match table.and_then(|t| t.index(&x.name.name)) {
                Some(i) => {
                    one(CreateIndex { index: i.clone(), concurrently: x.concurrently, if_not_exists: false }.into())
                }
                None => match table.and_then(|t| t.constraint(&x.name.name).map(|c| (t, c))) {
                    Some((t, c)) => {
                        one(AddConstraint { table: t.name.clone(), constraint: c.clone(), not_valid: false }.into())
                    }
                    None if x.if_exists => Ok(vec![]),
                    None => Err(no(format!(
                        "index `{}` is not in the replayed state, so its definition is unknown",
                        x.name
                    ))),
                },
            }
        }
        Operation::RenameIndex(x) => {
            one(RenameIndex { table: x.table.clone(), from: x.to.clone(), to: x.from.clone() }.into())
        }
        Operation::AddConstraint(x) => {
            let t = before
                .table(&x.table)
                .ok_or_else(|| no(format!("table `{}` is not in the replayed state", x.table)))?;
            let name = x.constraint.name.clone().unwrap_or_else(|| naming::constraint_name(dialect, t, &x.constraint));
            one(DropConstraint { table: x.table.clone(), name, if_exists: false, cascade: false }.into())
        }
        Operation::DropConstraint(x) => {
            let t = before
                .table(&x.table)
                .ok_or_else(|| no(format!("table `{}` is not in the replayed state", x.table)))?;
            let c = if x.name.eq_ignore_ascii_case("PRIMARY") && t.constraint(&x.name).is_none() {
                t.primary_key()
            } else {
                t.constraint(&x.name)
            };
            match c {
                Some(c) => one(AddConstraint { table: t.name.clone(), constraint: c.clone(), not_valid: false }.into()),
                None if x.if_exists => Ok(vec![]),
                None => Err(no(format!(
                    "constraint `{}` is not in the replayed state, so its definition is unknown",
                    x.name
                ))),
            }
        }
        Operation::ValidateConstraint(_) => Ok(vec![]),
        Operation::CreateEnum(x) => one(DropEnum { name: x.name.clone(), if_exists: false, cascade: false }.into()),
        Operation::AlterEnum(x) => match &x.change {
            EnumChange::RenameValue { from, to } => one(AlterEnum {
                name: x.name.clone(),
                change: EnumChange::RenameValue { from: to.clone(), to: from.clone() },
            }
            .into()),
            EnumChange::Rename { to } => one(AlterEnum {
                name: QName { schema: x.name.schema.clone(), name: to.clone() },
                change: EnumChange::Rename { to: x.name.name.clone() },
            }
            .into()),
            EnumChange::AddValue { value, if_not_exists, .. } => {
                if *if_not_exists && before.enums.get(&x.name.key()).is_some_and(|e| e.values.contains(value)) {
                    return Ok(vec![]);
                }
                Err(no(format!("PostgreSQL cannot remove value `{value}` from enum `{}` once added", x.name)))
            }
        },
        Operation::DropEnum(x) => match before.enums.get(&x.name.key()) {
            Some(e) => one(CreateEnum { name: e.name.clone(), values: e.values.clone() }.into()),
            None if x.if_exists => Ok(vec![]),
            None => Err(no(format!("enum `{}` is not in the replayed state, so its values are unknown", x.name))),
        },
        Operation::CreateView(x) => match before.views.get(&x.name.key()) {
            Some(v) if x.or_replace => one(view_of(v, true)),
            _ => one(DropView { name: x.name.clone(), materialized: x.materialized, if_exists: false, cascade: false }
                .into()),
        },
        Operation::DropView(x) => match before.views.get(&x.name.key()) {
            Some(v) => one(view_of(v, false)),
            None if x.if_exists => Ok(vec![]),
            None => Err(no(format!("view `{}` is not in the replayed state, so its query is unknown", x.name))),
        },
        Operation::CreateExtension(x) => {
            if before.extensions.contains(&x.name) {
                return Ok(vec![]);
            }
            one(DropExtension { name: x.name.clone(), if_exists: false, cascade: false }.into())
        }
        Operation::DropExtension(x) => {
            if !before.extensions.contains(&x.name) {
                return if x.if_exists {
                    Ok(vec![])
                } else {
                    Err(no(format!("extension `{}` is not in the replayed state", x.name)))
                };
            }
            one(CreateExtension { name: x.name.clone(), if_not_exists: false, schema: None, version: None }.into())
        }
        Operation::Comment(x) => {
            let previous = match &x.target {
                CommentTarget::Table { table } => before.table(table).map(|t| t.comment.clone()),
                CommentTarget::Column { table, column } => {
                    before.table(table).and_then(|t| t.column(column)).map(|c| c.comment.clone())
                }
            };
            let previous = previous.ok_or_else(|| no("the commented object is not in the replayed state".into()))?;
            one(Comment { target: x.target.clone(), text: previous }.into())
        }
        Operation::Sql(x) => match &x.down {
            Some(down) => one(RawSql {
                sql: down.clone(),
                down: Some(x.sql.clone()),
                dialect: x.dialect,
                no_transaction: x.no_transaction,
            }
            .into()),
            None => Err(no("raw SQL has no down script; polymig does not guess the reverse of arbitrary SQL".into())),
        },
        // A data change leaves the schema as it was: undoing the schema around it is enough.
        Operation::Backfill(_) => Ok(vec![]),
        Operation::Opaque(x) => Err(no(format!("untranslated {} code cannot be reversed: {}", x.language, x.reason))),
        Operation::ByDialect(by) => {
            let ops = select_branch(by, dialect).to_vec();
            invert_ops(&ops, before, dialect)
        }
    }
}

fn recreate_index(i: &Index) -> Operation {
    CreateIndex { index: i.clone(), concurrently: false, if_not_exists: false }.into()
}

fn view_of(v: &super::View, or_replace: bool) -> Operation {
    CreateView {
        name: v.name.clone(),
        columns: v.columns.clone(),
        query: v.query.clone(),
        materialized: v.materialized,
        or_replace,
    }
    .into()
}

/// Invert a sequence of operations run from `before`: each inverse, in reverse order.
pub fn invert_ops(ops: &[Op], before: &Schema, dialect: Option<SqlDialect>) -> Result<Vec<Op>, Irreversible> {
    let mut state = before.clone();
    let mut undo: Vec<Vec<Op>> = Vec::with_capacity(ops.len());
    for op in ops {
        undo.push(invert(op, &state, dialect)?);
        // A step that fails to replay leaves the state as it was; the caller reports replay errors.
        let _ = replay(&mut state, op, dialect);
    }
    Ok(prune_before_drop(undo.into_iter().rev().flatten().collect()))
}

/// Remove `DropIndex` / `DropConstraint` steps on a table that a later step of the same
/// down drops as a whole: the table takes them with it, and MariaDB refuses to drop an
/// index a foreign key of the table still needs.
fn prune_before_drop(ops: Vec<Op>) -> Vec<Op> {
    let dropped_later = |i: usize, table: &QName| {
        ops[i + 1..].iter().any(|o| matches!(&o.kind, Operation::DropTable(d) if same_table(&d.table, table)))
            && !ops[i + 1..].iter().any(|o| match &o.kind {
                Operation::RenameTable(r) => same_table(&r.from, table) || same_table(&r.to, table),
                Operation::CreateTable(c) => same_table(&c.table, table),
                _ => false,
            })
    };
    let keep: Vec<bool> = ops
        .iter()
        .enumerate()
        .map(|(i, o)| match &o.kind {
            Operation::DropIndex(DropIndex { table: Some(t), .. }) => !dropped_later(i, t),
            Operation::DropConstraint(d) => !dropped_later(i, &d.table),
            _ => true,
        })
        .collect();
    ops.into_iter().zip(keep).filter_map(|(o, k)| k.then_some(o)).collect()
}

/// The down operations of a migration: its explicit `down`, or the inverse of `up` in reverse order.
pub fn invert_migration(m: &Migration, before: &Schema, dialect: Option<SqlDialect>) -> Result<Vec<Op>, Irreversible> {
    match &m.down {
        Some(down) => Ok(down.clone()),
        None => invert_ops(&m.up, before, dialect),
    }
}
