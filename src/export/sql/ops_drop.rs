//! The standard rendering of the drops: tables, columns, indexes, constraints, views. What a
//! drop takes along or refers to comes from the replayed state: the primary key MySQL calls
//! `PRIMARY`, the constraint a MySQL `DROP INDEX` removes, the foreign keys `CASCADE` removes.

use super::guard;
use super::ops::{column_if, index_qname};
use super::render::{Renderer, Res, Unsupported};
use crate::ir::{Constraint, ConstraintKind, DropColumn, DropConstraint, DropIndex, DropTable, DropView, QName};
use crate::schema::Schema;

/// ` CASCADE` where supported, else a lossy warning.
pub(crate) fn cascade(r: &mut Renderer<'_>, on: bool) -> &'static str {
    if !on {
        ""
    } else if r.d.supports_cascade() {
        " CASCADE"
    } else {
        r.lossy(format!("{} has no CASCADE here: dependent objects are not dropped", r.d.display_name()));
        ""
    }
}

/// `DROP TABLE [IF EXISTS] t [CASCADE]`. Dialects without `CASCADE` drop the foreign keys that
/// reference the table first (in their hooks); views using it are left (a lossy warning).
pub(crate) fn drop_table(r: &mut Renderer<'_>, op: &DropTable) -> Res {
    let ie = if op.if_exists { "IF EXISTS " } else { "" };
    let cascade = if op.cascade && !r.d.supports_cascade() {
        let views = views_using(r.before(), &op.table);
        if !views.is_empty() {
            let dn = r.d.display_name();
            r.lossy(format!("{dn} has no DROP TABLE … CASCADE: views using {} ({views}) are not dropped", op.table));
        }
        ""
    } else {
        cascade(r, op.cascade)
    };
    r.emit(format!("DROP TABLE {ie}{}{cascade}", r.qn(&op.table)));
    Ok(())
}

/// The foreign keys of other tables that reference `table`: what `DROP TABLE … CASCADE` removes.
pub(crate) fn referencing_fks(s: &Schema, table: &QName) -> Vec<(QName, Constraint)> {
    let same = |t: &QName| t.name.eq_ignore_ascii_case(&table.name) && (t.schema.is_none() || t.schema == table.schema);
    let mut out = Vec::new();
    for t in s.tables.values().filter(|t| !same(&t.name)) {
        for c in &t.constraints {
            if let ConstraintKind::ForeignKey(fk) = &c.kind
                && same(&fk.ref_table)
            {
                out.push((t.name.clone(), c.clone()));
            }
        }
    }
    out
}

/// Names of the views whose query names `table`, comma-separated.
fn views_using(s: &Schema, table: &QName) -> String {
    let names: Vec<String> =
        s.views.values().filter(|v| super::text::mentions(&v.query, &table.name)).map(|v| v.name.to_string()).collect();
    names.join(", ")
}

/// `ALTER TABLE t DROP COLUMN [IF EXISTS] c [CASCADE]`.
pub(crate) fn drop_column(r: &mut Renderer<'_>, op: &DropColumn) -> Res {
    let ie = column_if(r, op.if_exists, "IF EXISTS ");
    let cascade = cascade(r, op.cascade);
    r.emit(format!("ALTER TABLE {} DROP COLUMN {ie}{}{cascade}", r.qn(&op.table), r.q(&op.column)));
    Ok(())
}

/// `DROP INDEX [CONCURRENTLY] [IF EXISTS] name`. A `DROP INDEX` naming a unique or primary key
/// constraint (MySQL drops them as indexes) drops the constraint, through the dialect's hook.
pub(crate) fn drop_index(r: &mut Renderer<'_>, op: &DropIndex) -> Res {
    if let Some(drop) = index_as_constraint(r, op) {
        return r.d.drop_constraint(r, &drop);
    }
    let d = r.d;
    let mut sql = String::from("DROP INDEX ");
    let concurrent = op.concurrently && d.supports_concurrently();
    if concurrent {
        sql.push_str("CONCURRENTLY ");
    } else if op.concurrently {
        r.lossy(format!("{} has no DROP INDEX CONCURRENTLY; the index is dropped as usual", d.display_name()));
    }
    if op.if_exists {
        sql.push_str("IF EXISTS ");
    }
    sql.push_str(&r.qn(&index_qname(&op.name, op.table.as_ref())));
    if concurrent {
        r.emit_non_transactional(sql)
    } else {
        r.emit(sql)
    }
    Ok(())
}

/// The `DropConstraint` a `DropIndex` stands for, when the state has a constraint of that name and
/// no such index.
fn index_as_constraint(r: &Renderer<'_>, op: &DropIndex) -> Option<DropConstraint> {
    let s = r.before();
    let name = &op.name.name;
    let table = match &op.table {
        Some(t) => s.table(t)?,
        None => s.tables.values().find(|t| t.constraint(name).is_some())?,
    };
    if table.index(name).is_some() || table.constraint(name).is_none() {
        return None;
    }
    Some(DropConstraint { table: table.name.clone(), name: name.clone(), if_exists: op.if_exists, cascade: false })
}

/// `ALTER TABLE t DROP CONSTRAINT [IF EXISTS] n [CASCADE]`.
/// MySQL's `DROP PRIMARY KEY` (the name `PRIMARY`) drops the primary key by its name in the state.
pub(crate) fn drop_constraint(r: &mut Renderer<'_>, op: &DropConstraint) -> Res {
    let ie = if op.if_exists { "IF EXISTS " } else { "" };
    let cascade = cascade(r, op.cascade);
    let found = r.table_before(&op.table).and_then(|t| guard::constraint_named(t, &op.name));
    let name = found.and_then(|c| c.name.clone()).unwrap_or_else(|| op.name.clone());
    r.emit(format!("ALTER TABLE {} DROP CONSTRAINT {ie}{}{cascade}", r.qn(&op.table), r.q(&name)));
    Ok(())
}

/// `DROP [MATERIALIZED] VIEW [IF EXISTS] v [CASCADE]`.
pub(crate) fn drop_view(r: &mut Renderer<'_>, op: &DropView) -> Res {
    if op.materialized && !r.d.supports_materialized_view() {
        return Err(Unsupported::new(
            format!("{} has no materialized views: {} cannot be dropped", r.d.display_name(), op.name),
            "drop the object that replaced the materialized view",
        ));
    }
    let kind = if op.materialized { "MATERIALIZED VIEW" } else { "VIEW" };
    let ie = if op.if_exists { "IF EXISTS " } else { "" };
    let cascade = cascade(r, op.cascade);
    r.emit(format!("DROP {kind} {ie}{}{cascade}", r.qn(&op.name)));
    Ok(())
}
