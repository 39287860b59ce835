//! The object-level steps of [`super::diff`] that depend on order: tables by their foreign
//! keys, views by the relations their queries name, enums and extensions around them.

use std::collections::BTreeSet;

use super::Builder;
use crate::ir::*;
use crate::schema::{Schema, Table, View};

/// `keys` ordered so each comes after the keys `deps` names (among `keys`); a cycle is broken
/// by taking the first remaining key in input order.
fn topo(keys: &[String], deps: impl Fn(&str) -> Vec<String>) -> Vec<String> {
    let mut left: Vec<String> = keys.to_vec();
    let mut out = Vec::new();
    while !left.is_empty() {
        let ready = left.iter().position(|k| {
            deps(k).iter().all(|d| d.eq_ignore_ascii_case(k) || !left.iter().any(|l| l.eq_ignore_ascii_case(d)))
        });
        out.push(left.remove(ready.unwrap_or(0)));
    }
    out
}

/// Keys of the tables `t`'s foreign keys reference.
fn referenced(t: &Table) -> Vec<String> {
    t.constraints
        .iter()
        .filter_map(|c| match &c.kind {
            ConstraintKind::ForeignKey(fk) => Some(fk.ref_table.key()),
            _ => None,
        })
        .collect()
}

/// The identifier-like words of a query, lower-cased.
fn words(query: &str) -> BTreeSet<String> {
    query
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Does `v`'s query name the relation `name`?
fn mentions(v: &View, name: &QName) -> bool {
    words(&v.query).contains(&name.name.to_ascii_lowercase())
}

/// View keys of `s` in creation order (a view after the views it reads).
fn view_order(s: &Schema, keys: &[String]) -> Vec<String> {
    topo(keys, |k| {
        let v = &s.views[k];
        s.views.iter().filter(|(o, w)| o.as_str() != k && mentions(v, &w.name)).map(|(o, _)| o.clone()).collect()
    })
}

/// Drop the views `to` lacks or defines differently, and those reading a table or view that
/// changes (PostgreSQL refuses to alter what a view depends on); dependents first.
pub(super) fn drop_views(b: &mut Builder) {
    let changed_table = |name: &QName| b.cur.table(name) != b.to.table(name);
    let mut touched: BTreeSet<String> = b
        .cur
        .views
        .iter()
        .filter(|(k, v)| {
            b.to.views
                .get(*k)
                .is_none_or(|t| t.query != v.query || t.columns != v.columns || t.materialized != v.materialized)
                || b.cur.tables.values().any(|t| mentions(v, &t.name) && changed_table(&t.name))
        })
        .map(|(k, _)| k.clone())
        .collect();
    loop {
        let more: Vec<String> = b
            .cur
            .views
            .iter()
            .filter(|(k, v)| !touched.contains(*k) && touched.iter().any(|t| mentions(v, &b.cur.views[t].name)))
            .map(|(k, _)| k.clone())
            .collect();
        if more.is_empty() {
            break;
        }
        touched.extend(more);
    }
    let keys: Vec<String> = touched.into_iter().collect();
    for key in view_order(&b.cur, &keys).into_iter().rev() {
        let v = b.cur.views[&key].clone();
        b.push(DropView { name: v.name, materialized: v.materialized, if_exists: false, cascade: false });
    }
}

/// Drop the tables `to` lacks, referencing tables first; foreign keys in a cycle are dropped
/// before the table they point at.
pub(super) fn drop_tables(b: &mut Builder) {
    let keys: Vec<String> =
        b.cur.tables.iter().filter(|(_, t)| b.to.table(&t.name).is_none()).map(|(k, _)| k.clone()).collect();
    let order = topo(&keys, |k| referenced(&b.cur.tables[k]));
    for key in order.into_iter().rev() {
        let Some(t) = b.cur.tables.get(&key).cloned() else { continue };
        let blockers: Vec<(QName, String)> = b
            .cur
            .tables
            .values()
            .filter(|o| o.name != t.name && keys.contains(&o.name.key()))
            .flat_map(|o| {
                o.constraints.iter().filter_map(|c| match &c.kind {
                    ConstraintKind::ForeignKey(fk) if fk.ref_table.key().eq_ignore_ascii_case(&key) => {
                        Some((o.name.clone(), c.name.clone().unwrap_or_default()))
                    }
                    _ => None,
                })
            })
            .collect();
        for (table, name) in blockers {
            b.push(DropConstraint { table, name, if_exists: false, cascade: false });
        }
        b.push(DropTable { table: t.name, if_exists: false, cascade: false });
    }
}

/// Can `from` become `to` by adding values only (every old value kept, in the same order)?
fn values_only_added(from: &[String], to: &[String]) -> bool {
    let mut it = to.iter();
    from.iter().all(|v| it.any(|t| t == v))
}

/// Drop the enums `to` lacks or changes in a way `ADD VALUE` cannot, then removed extensions.
pub(super) fn drop_enums_and_extensions(b: &mut Builder) {
    let enums: Vec<(QName, bool)> = b
        .cur
        .enums
        .iter()
        .filter_map(|(k, e)| match b.to.enums.get(k) {
            None => Some((e.name.clone(), false)),
            Some(t) if !values_only_added(&e.values, &t.values) => Some((e.name.clone(), true)),
            Some(_) => None,
        })
        .collect();
    for (name, recreated) in enums {
        if recreated {
            b.warn(
                "enum-recreated",
                format!("enum `{name}` loses or reorders values, which ALTER TYPE cannot do: it is dropped and created again"),
                Some("columns of this type must be converted by hand first (raw SQL)".into()),
            );
        }
        b.push(DropEnum { name, if_exists: false, cascade: false });
    }
    let extensions: Vec<String> = b.cur.extensions.difference(&b.to.extensions).cloned().collect();
    for name in extensions {
        b.push(DropExtension { name, if_exists: false, cascade: false });
    }
}

/// The schemas (namespaces) other than `public` that `s` names objects in.
fn namespaces(s: &Schema) -> BTreeSet<String> {
    let tables = s.tables.values().map(|t| &t.name);
    let names = tables.chain(s.enums.values().map(|e| &e.name)).chain(s.views.values().map(|v| &v.name));
    names.filter_map(|n| n.schema.clone()).filter(|n| n != "public").collect()
}

/// On PostgreSQL, `CREATE SCHEMA IF NOT EXISTS` for each namespace `to` uses and `from` does not
/// (the IR has no schema operation: this is raw SQL, which replay leaves alone).
fn create_namespaces(b: &mut Builder) {
    if b.opts.dialect != Some(SqlDialect::Postgres) {
        return;
    }
    for name in namespaces(b.to).difference(&namespaces(&b.cur)) {
        let sql = format!("CREATE SCHEMA IF NOT EXISTS \"{}\"", name.replace('"', "\"\""));
        b.push(RawSql { sql, down: None, dialect: Some(SqlDialect::Postgres), no_transaction: false });
    }
}

/// Create the namespaces, extensions and enums `to` adds, and add the new values of kept enums.
pub(super) fn create_extensions_and_enums(b: &mut Builder) {
    create_namespaces(b);
    let extensions: Vec<String> = b.to.extensions.difference(&b.cur.extensions).cloned().collect();
    for name in extensions {
        b.push(CreateExtension { name, if_not_exists: false, schema: None, version: None });
    }
    let target = b.to;
    for (key, e) in &target.enums {
        let Some(cur) = b.cur.enums.get(key).cloned() else {
            b.push(CreateEnum { name: e.name.clone(), values: e.values.clone() });
            continue;
        };
        for (i, value) in e.values.iter().enumerate() {
            if cur.values.contains(value) {
                continue;
            }
            // Values before `i` exist by now (old ones, or added in this loop).
            let (before, after) = match i {
                0 => (e.values.get(1).cloned(), None),
                _ => (None, Some(e.values[i - 1].clone())),
            };
            let change = EnumChange::AddValue { value: value.clone(), before, after, if_not_exists: false };
            b.push(AlterEnum { name: e.name.clone(), change });
        }
    }
}

/// Create the tables `to` adds, referenced tables first; foreign keys inside `CreateTable`
/// only when inlining them (SQLite), else they come later as `AddConstraint`.
pub(super) fn create_tables(b: &mut Builder) {
    let target = b.to;
    let keys: Vec<String> =
        target.tables.iter().filter(|(_, t)| b.cur.table(&t.name).is_none()).map(|(k, _)| k.clone()).collect();
    let inline = b.opts.inline_fks();
    for key in topo(&keys, |k| referenced(&target.tables[k])) {
        let t = &target.tables[&key];
        let constraints = t
            .constraints
            .iter()
            .filter(|c| inline || !matches!(c.kind, ConstraintKind::ForeignKey(_)))
            .cloned()
            .collect();
        b.push(CreateTable {
            table: t.name.clone(),
            columns: t.columns.clone(),
            constraints,
            if_not_exists: false,
            comment: t.comment.clone(),
        });
    }
}

/// Create the views `to` has and the current state lacks, each after the views it reads.
pub(super) fn create_views(b: &mut Builder) {
    let target = b.to;
    let keys: Vec<String> = target.views.keys().filter(|k| !b.cur.views.contains_key(*k)).cloned().collect();
    for key in view_order(target, &keys) {
        let v = &target.views[&key];
        b.push(CreateView {
            name: v.name.clone(),
            columns: v.columns.clone(),
            query: v.query.clone(),
            materialized: v.materialized,
            or_replace: false,
        });
    }
}
