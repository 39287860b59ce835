//! The SQLite table rebuild, for changes `ALTER TABLE` cannot make (type,
//! nullability or default changes, constraints, some column adds and drops):
//!
//! ```sql
//! PRAGMA foreign_keys = OFF;                  -- only when a foreign key points at the table
//! CREATE TABLE "_polymig_new_t" (…);          -- the definition after the operation
//! INSERT INTO "_polymig_new_t" (a, b) SELECT a, b FROM "t";   -- the columns both share
//! DROP TABLE "t";
//! PRAGMA legacy_alter_table = ON;             -- views and triggers naming "t" do not block the rename
//! ALTER TABLE "_polymig_new_t" RENAME TO "t";
//! PRAGMA legacy_alter_table = OFF;
//! CREATE INDEX …;                             -- the table's indexes, from the replayed state
//! PRAGMA foreign_keys = ON;
//! ```
//!
//! With foreign keys enforced, `DROP TABLE "t"` deletes every row first, which fires
//! `ON DELETE` actions in the tables that reference it (and in the new copy, whose
//! foreign keys name "t" already). So when any foreign key references the table,
//! enforcement is switched off around the rebuild. `PRAGMA foreign_keys` is a no-op
//! inside a transaction, so those two statements are marked non-transactional and
//! the migration is run outside one; the pragma is switched back ON afterwards
//! (polymig's runner always runs SQLite with foreign keys on). Triggers on the table
//! are dropped with it and not recreated: polymig does not track them.

use super::ddl;
use super::ddl_index;
use super::render::{Renderer, Res, Unsupported};
use crate::ir::{Constraint, ConstraintKind, QName, SqlDialect};
use crate::schema::{Table, naming};

/// Prefix of the temporary copy: `_polymig_new_<table>`.
pub(crate) const NEW_PREFIX: &str = "_polymig_new_";

/// Rebuild `table` into its definition after the operation (nothing but a comment when SQLite
/// would store the same definition). Rows are copied column by column, as they are.
pub(crate) fn rebuild(r: &mut Renderer<'_>, table: &QName) -> Res {
    let new = r.table_after(table, "the SQLite table rebuild")?;
    let old = r.table_before(table).ok_or_else(|| {
        Unsupported::missing(format!(
            "the SQLite table rebuild needs the columns of {table}, unknown in the replayed schema"
        ))
    })?;
    let name = &new.name.name;
    let note = |what: &str| format!("rebuild {name}: {what}");
    let tmp = QName { schema: new.name.schema.clone(), name: format!("{NEW_PREFIX}{name}") };
    let referenced = r.before().tables.values().any(|t| {
        t.constraints.iter().any(|c| match &c.kind {
            ConstraintKind::ForeignKey(fk) => fk.ref_table.name.eq_ignore_ascii_case(&old.name.name),
            _ => false,
        })
    });
    let constraints = source_names(r, &new);
    let create = ddl::create_table_sql(r, &tmp, &new.columns, &constraints, false, None)?;
    if unchanged(r, old, &tmp, &create, &new) {
        r.emit_comment(&format!("the definition of {name} does not change in SQLite: no rebuild needed"));
        return Ok(());
    }
    if referenced {
        r.emit_noted("PRAGMA foreign_keys = OFF", note("foreign keys off"), false);
    }
    r.emit_noted(create, note("new definition"), true);
    let mut targets = Vec::new();
    let mut sources = Vec::new();
    for col in new.columns.iter().filter(|c| c.generated.is_none()) {
        let Some(old_col) = old.column(&col.name) else { continue };
        targets.push(r.q(&col.name));
        sources.push(r.q(&old_col.name));
    }
    if !targets.is_empty() {
        let sql = format!(
            "INSERT INTO {} ({}) SELECT {} FROM {}",
            r.qn(&tmp),
            targets.join(", "),
            sources.join(", "),
            r.qn(&old.name)
        );
        r.emit_noted(sql, note("copy the rows"), true);
    }
    r.emit_noted(format!("DROP TABLE {}", r.qn(&old.name)), note("drop the old table"), true);
    r.emit_noted("PRAGMA legacy_alter_table = ON", note("views and triggers do not block the rename"), true);
    r.emit_noted(format!("ALTER TABLE {} RENAME TO {}", r.qn(&tmp), r.q(name)), note("rename the new table"), true);
    r.emit_noted("PRAGMA legacy_alter_table = OFF", note("rename done"), true);
    for idx in &new.indexes {
        let idx = crate::ir::Index { table: new.name.clone(), ..idx.clone() };
        let sql = ddl_index::create_index_sql(r, &idx, false, false)?;
        r.emit_noted(sql, note(&format!("recreate index {}", ddl_index::index_name(&idx))), true);
    }
    if referenced {
        r.emit_noted("PRAGMA foreign_keys = ON", note("foreign keys back on"), false);
    }
    Ok(())
}

/// The table's constraints with the names replay invented (`users_pkey`) removed again: SQLite
/// keeps unnamed constraints unnamed, so the rebuilt table reads like the original. A name the
/// history wrote (`CONSTRAINT users_pkey …`) stays, even when it equals the default.
fn source_names(r: &Renderer<'_>, table: &Table) -> Vec<Constraint> {
    table
        .constraints
        .iter()
        .map(|c| {
            let mut others = table.clone();
            others.constraints.retain(|o| o != c);
            let unnamed = Constraint { name: None, ..c.clone() };
            let default = naming::constraint_name(Some(SqlDialect::Sqlite), &others, &unnamed);
            let invented = c.name.as_deref().is_some_and(|n| n == default && !r.written(n));
            if invented { unnamed } else { c.clone() }
        })
        .collect()
}

/// True when the old table renders exactly as the new one (`int` → `bigint` is `INTEGER` either way).
fn unchanged(r: &mut Renderer<'_>, old: &Table, tmp: &QName, create: &str, new: &Table) -> bool {
    let warnings = r.diags.len();
    let constraints = source_names(r, old);
    let before = r.with_types_before(|r| ddl::create_table_sql(r, tmp, &old.columns, &constraints, false, None));
    r.diags.truncate(warnings);
    before.is_ok_and(|b| b == create) && old.indexes == new.indexes
}
