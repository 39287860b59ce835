//! `rename_table` / `rename_column`, and the index renames ActiveRecord makes with them: skipped
//! when the history writes them too, undone when it keeps the old names.

use super::Ctx;
use super::names;
use super::ops::{fallback, push};
use super::rb::{Call, string};
use crate::ir::*;

/// Something ActiveRecord renames by itself along with a table or column.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Implicit {
    /// An index it generated (`index_a_on_x` → `index_b_on_x`), or PostgreSQL's `a_pkey`.
    Index(String, String),
    /// PostgreSQL's serial sequence of the primary key (`a_id_seq` → `b_id_seq`).
    Sequence(String, String),
}

impl Implicit {
    /// True when `op` is the history writing this same rename.
    fn written_as(&self, op: &Op) -> bool {
        match (self, &op.kind) {
            (Implicit::Index(f, t), Operation::RenameIndex(r)) => *f == r.from && *t == r.to,
            (Implicit::Sequence(f, t), Operation::Sql(raw)) => {
                let norm = |s: &str| s.replace('"', "").split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
                norm(&raw.sql) == norm(&format!("ALTER SEQUENCE {f} RENAME TO {t}"))
            }
            _ => false,
        }
    }
}

/// The renames ActiveRecord makes by itself after renaming a table or column: those the history
/// also writes right after (as `RenameIndex`, or the sequence's `ALTER SEQUENCE`) are taken as
/// done and skipped (how many operations that is, is returned); the others are undone, since
/// the history keeps those names.
pub(super) fn implicit_renames(
    out: &mut Vec<String>,
    indent: usize,
    table: &str,
    implicit: &[Implicit],
    next: &[Op],
) -> usize {
    let mut absorbed: Vec<&Implicit> = Vec::new();
    for op in next {
        match implicit.iter().find(|i| !absorbed.contains(i) && i.written_as(op)) {
            Some(i) => absorbed.push(i),
            None => break,
        }
    }
    let ident = super::table::pg_ident;
    for undo in implicit.iter().filter(|i| !absorbed.contains(i)) {
        let sql = match undo {
            Implicit::Index(from, to) if !from.ends_with("_pkey") => {
                push(out, indent, Call::new("rename_index").name(table).str(to).str(from).line());
                continue;
            }
            Implicit::Index(from, to) => ("INDEX", from, to),
            Implicit::Sequence(from, to) => ("SEQUENCE", from, to),
        };
        let (kind, from, to) = sql;
        let up = format!("ALTER {kind} {} RENAME TO {}", ident(to), ident(from));
        let down = format!("ALTER {kind} {} RENAME TO {}", ident(from), ident(to));
        push(out, indent, "reversible do |dir|".into());
        push(out, indent + 2, format!("dir.up {{ execute {} }}", string(&up)));
        push(out, indent + 2, format!("dir.down {{ execute {} }}", string(&down)));
        push(out, indent, "end".into());
    }
    absorbed.len()
}

/// `rename_table :a, :b`, plus the steps that keep the names the history has: ActiveRecord also
/// renames the `index_a_on_…` indexes, and on PostgreSQL `a_pkey` and the key's `a_id_seq`.
pub(super) fn rename_table(
    ctx: &mut Ctx,
    op: &Op,
    r: &RenameTable,
    next: &[Op],
    indent: usize,
    out: &mut Vec<String>,
) -> (usize, bool) {
    let Some(t) = ctx.state.table(&r.from).cloned() else { return (1, fallback(ctx, op, indent, out)) };
    let (old, new) = (r.from.name.as_str(), r.to.name.as_str());
    let pg = ctx.dialect.is_none_or(|d| d == SqlDialect::Postgres);
    let pk_name = t.primary_key().and_then(|c| c.name.clone());
    let custom_pk = pk_name.as_deref().is_some_and(|n| n != format!("{old}_pkey"));
    if r.from.schema.is_some() || r.to.schema.is_some() || pg && custom_pk {
        // ActiveRecord would look for `<old>_pkey` on PostgreSQL and fail.
        return (1, fallback(ctx, op, indent, out));
    }
    push(out, indent, Call::new("rename_table").name(old).name(new).line());
    let mut implicit = Vec::new();
    if pk_name.is_some() {
        implicit.push(Implicit::Index(format!("{old}_pkey"), format!("{new}_pkey")));
    }
    for ix in &t.indexes {
        let cols: Vec<&str> = ix.column_names();
        if let Some(kept) = &ix.name
            && cols.len() == ix.parts.len()
            && *kept == names::index(old, &cols)
        {
            implicit.push(Implicit::Index(kept.clone(), names::index(new, &cols)));
        }
    }
    if let Some(pk) = t.primary_key()
        && let [col] = pk.columns()
        && t.column(col).is_some_and(|c| c.auto_increment.is_some())
    {
        implicit.push(Implicit::Sequence(format!("{old}_{col}_seq"), format!("{new}_{col}_seq")));
    }
    if ctx.dialect != Some(SqlDialect::Postgres) {
        // Only PostgreSQL has a `<table>_pkey` index and a sequence to rename (and without
        // `--dialect` the history's own rename, if any, says whether it does).
        implicit.retain(|i| match i {
            Implicit::Index(f, _) if !f.ends_with("_pkey") => true,
            _ => next.iter().any(|o| i.written_as(o)),
        });
    }
    let absorbed = implicit_renames(out, indent, new, &implicit, next);
    (1 + absorbed, true)
}

/// `rename_column :t, :a, :b`, plus `rename_index` back for the indexes ActiveRecord renames with it.
pub(super) fn rename_column(
    ctx: &mut Ctx,
    op: &Op,
    r: &RenameColumn,
    next: &[Op],
    indent: usize,
    out: &mut Vec<String>,
) -> (usize, bool) {
    let t = r.table.name.as_str();
    let table = ctx.state.table(&r.table).cloned();
    let sql_default = |c: &Column| {
        matches!(
            c.default,
            Some(
                DefaultExpr::Sql(_)
                    | DefaultExpr::CurrentTimestamp
                    | DefaultExpr::CurrentDate
                    | DefaultExpr::CurrentTime
            )
        )
    };
    if ctx.dialect == Some(SqlDialect::Sqlite) && table.as_ref().is_some_and(|t| t.columns.iter().any(sql_default)) {
        // ActiveRecord 6.1 copies the table to rename a column on SQLite and loses SQL defaults.
        return (1, fallback(ctx, op, indent, out));
    }
    push(out, indent, Call::new("rename_column").name(t).name(&r.from).name(&r.to).line());
    let implicit: Vec<Implicit> = table
        .iter()
        .flat_map(|tb| tb.indexes.iter())
        .filter_map(|ix| {
            let cols: Vec<&str> = ix.column_names();
            let kept = ix.name.clone()?;
            if cols.len() != ix.parts.len() || kept != names::index(t, &cols) || !cols.contains(&r.from.as_str()) {
                return None;
            }
            let new_cols: Vec<&str> = cols.iter().map(|c| if *c == r.from { r.to.as_str() } else { c }).collect();
            Some(Implicit::Index(kept, names::index(t, &new_cols)))
        })
        .collect();
    let absorbed = implicit_renames(out, indent, t, &implicit, next);
    (1 + absorbed, true)
}
