//! `batch_alter_table` blocks for SQLite-capable output ([`super::AlembicExportOptions::sqlite_batch`]).
//!
//! Consecutive column and constraint changes on one table are written as
//!
//! ```text
//! with op.batch_alter_table("t", copy_from=sa.Table("t", sa.MetaData(), sa.Column(…), …)) as batch_op:
//!     batch_op.alter_column("a", nullable=False, existing_type=sa.String(length=10))
//!     batch_op.create_unique_constraint("uq_t_a", ["a"])
//! ```
//!
//! `copy_from` is the table as replayed before the block: with it Alembic rebuilds the table on
//! SQLite (`_alembic_tmp_t`) without reflecting it, so `alembic upgrade --sql` works offline too;
//! on PostgreSQL and MySQL the batch operations are plain `ALTER TABLE`s.

use super::Ctx;
use super::calls::{add_column_calls, add_constraint, alter_column, create_table, existing};
use super::ops::{push, schema_kw, table_args};
use super::py::{Call, string};
use crate::ir::{Constraint, CreateTable, Index, IndexKey, Op, Operation, QName};
use crate::schema::naming::{constraint_name, index_name};
use crate::schema::replay;

/// The table a batchable operation changes.
pub fn batch_table(op: &Op) -> Option<&QName> {
    match &op.kind {
        Operation::AlterColumn(a) => Some(&a.table),
        Operation::AddColumn(a) if !a.constraints.is_empty() => Some(&a.table),
        Operation::RenameColumn(r) => Some(&r.table),
        Operation::DropColumn(d) => Some(&d.table),
        Operation::AddConstraint(a) if !a.not_valid => Some(&a.table),
        Operation::DropConstraint(d) => Some(&d.table),
        _ => None,
    }
}

/// The `batch_op.*` calls of a batchable operation.
fn batch_calls(ctx: &mut Ctx, op: &Op) -> Vec<Call> {
    if let Operation::AddColumn(a) = &op.kind {
        let mut a = a.clone();
        for c in &mut a.constraints {
            named(ctx, &a.table, c);
        }
        let calls = add_column_calls(ctx, &a).into_iter().enumerate();
        return calls.map(|(i, c)| c.into_batch(if i == 0 { 0 } else { 1 })).collect();
    }
    batch_call(ctx, op).into_iter().collect()
}

/// The `batch_op.*` call of a batchable operation other than `AddColumn`.
fn batch_call(ctx: &mut Ctx, op: &Op) -> Option<Call> {
    Some(match &op.kind {
        Operation::AlterColumn(a) => alter_column(ctx, a).into_batch(0),
        Operation::RenameColumn(r) => {
            let c =
                table_args(Call::new("op.alter_column"), &r.table).str(&r.from).kw("new_column_name", string(&r.to));
            existing(ctx, schema_kw(c, &r.table), &r.table, &r.from).into_batch(0)
        }
        Operation::DropColumn(d) => {
            schema_kw(table_args(Call::new("op.drop_column"), &d.table).str(&d.column), &d.table).into_batch(0)
        }
        Operation::AddConstraint(a) => {
            let mut a = a.clone();
            named(ctx, &a.table, &mut a.constraint);
            add_constraint(ctx, &a).into_batch(1)
        }
        Operation::DropConstraint(d) => {
            let c = Call::new("op.drop_constraint").str(&d.name).str(&d.table.name);
            c.kw_opt("type_", ctx.constraint_type(&d.table, &d.name).map(string)).into_batch(1)
        }
        _ => return None,
    })
}

/// `sa.Index("ix_t_a", "a", sa.text("lower(b)"), unique=True, sqlite_where=sa.text("…"))`.
fn sa_index(index: &Index) -> Call {
    let name = index.name.clone().unwrap_or_else(|| index_name(&index.table, index));
    let mut c = Call::new("sa.Index").str(&name);
    for p in &index.parts {
        c = match (&p.key, p.desc) {
            (IndexKey::Column(col), false) => c.str(col),
            (IndexKey::Column(col), true) => c.arg(format!("sa.text({})", string(&format!("\"{col}\" DESC")))),
            (IndexKey::Expression(e), _) => c.arg(format!("sa.text({})", string(e))),
        };
    }
    let c = c.flag("unique", index.unique);
    c.kw_opt("sqlite_where", index.predicate.as_deref().map(|w| format!("sa.text({})", string(w))))
}

/// Batch mode needs every new constraint named: an unnamed one gets the name polymig's replay
/// gives it (PostgreSQL's scheme, `<table>_<column>_key`).
fn named(ctx: &Ctx, table: &QName, c: &mut Constraint) {
    if c.name.is_none()
        && let Some(t) = ctx.state.table(table)
    {
        c.name = Some(constraint_name(None, t, c));
    }
}

/// Write `ops` (all batchable, on `table`) as one block; replays them into `ctx.state`.
pub fn block(ctx: &mut Ctx, table: &QName, ops: &[Op], indent: usize, out: &mut Vec<String>) {
    let mut head = Call::new("op.batch_alter_table").str(&table.name).kw_str("schema", table.schema.as_deref());
    if let Some(t) = ctx.state.table(table).cloned() {
        let ct = CreateTable {
            table: t.name.clone(),
            columns: t.columns.clone(),
            constraints: t.constraints.clone(),
            if_not_exists: false,
            comment: None,
        };
        let mut copy = create_table(ctx, &ct).recalled("sa.Table", 1, "sa.MetaData()");
        // Alembic recreates the indexes of `copy_from` with the table; the others would be lost.
        for index in &t.indexes {
            copy = copy.arg(sa_index(index).inline());
        }
        head = head.kw("copy_from", copy.render(4));
    }
    push(out, indent, format!("with {} as batch_op:", head.render(0)));
    for op in ops {
        ctx.span = op.span.clone();
        for call in batch_calls(ctx, op) {
            push(out, indent + 4, call.render(0));
        }
        let _ = replay(&mut ctx.state, op, None);
    }
}
