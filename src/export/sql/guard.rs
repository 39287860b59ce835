//! `IF [NOT] EXISTS` a dialect cannot spell, decided by the replayed state.
//!
//! MySQL has no `ADD COLUMN IF NOT EXISTS`, `DROP COLUMN IF EXISTS`, `CREATE INDEX IF NOT EXISTS`,
//! `DROP INDEX IF EXISTS` or `DROP CONSTRAINT IF EXISTS` (MariaDB has them); SQLite has no column
//! guards and drops constraints by rebuilding. When the state shows the guard would skip the
//! statement, a `--` comment stands in for it; otherwise the statement is rendered without the
//! clause (the state shows it applies). Where the dialect has the clause, it is kept as written.

use super::ddl_index;
use super::render::Renderer;
use crate::ir::{AddColumn, CreateIndex, DropColumn, DropConstraint, DropIndex, Operation, QName};
use crate::schema::{Schema, Table};

/// The comment to render instead of `op` when its guard settles it: `None` to render it.
pub(crate) fn nothing_to_do(r: &Renderer<'_>, op: &Operation) -> Option<String> {
    let d = r.d;
    let s = r.before();
    let skip = match op {
        Operation::AddColumn(AddColumn { table, column, if_not_exists: true, .. })
            if !d.supports_column_if_exists() =>
        {
            column_exists(s, table, &column.name).then(|| format!("column {table}.{} already exists", column.name))
        }
        Operation::DropColumn(DropColumn { table, column, if_exists: true, .. }) if !d.supports_column_if_exists() => {
            (!column_exists(s, table, column)).then(|| format!("column {table}.{column} does not exist"))
        }
        Operation::CreateIndex(CreateIndex { index, if_not_exists: true, .. }) if !d.supports_index_if_exists() => {
            let name = ddl_index::index_name(index);
            index_exists(s, &name, Some(&index.table)).then(|| format!("index {name} already exists"))
        }
        Operation::DropIndex(DropIndex { name, table, if_exists: true, .. }) if !d.supports_index_if_exists() => {
            (!index_exists(s, &name.name, table.as_ref())).then(|| format!("index {name} does not exist"))
        }
        Operation::DropConstraint(DropConstraint { table, name, if_exists: true, .. })
            if !d.supports_constraint_if_exists() =>
        {
            let found = s.table(table).and_then(|t| constraint_named(t, name));
            found.is_none().then(|| format!("constraint {table}.{name} does not exist"))
        }
        _ => None,
    }?;
    Some(format!("{skip} in the replayed schema: nothing to do"))
}

fn column_exists(s: &Schema, table: &QName, column: &str) -> bool {
    s.table(table).is_some_and(|t| t.column(column).is_some())
}

/// An index named `name` (on `table` when given), or a unique constraint of that name (MySQL
/// indexes them alike).
fn index_exists(s: &Schema, name: &str, table: Option<&QName>) -> bool {
    let has = |t: &Table| t.index(name).is_some() || t.constraint(name).is_some();
    match table {
        Some(t) => s.table(t).is_some_and(has),
        None => s.tables.values().any(has),
    }
}

/// The constraint `name` of `table`; MySQL's `PRIMARY` is the primary key whatever its name.
pub(crate) fn constraint_named<'a>(table: &'a Table, name: &str) -> Option<&'a crate::ir::Constraint> {
    table.constraint(name).or_else(|| if name.eq_ignore_ascii_case("PRIMARY") { table.primary_key() } else { None })
}
