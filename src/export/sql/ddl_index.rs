//! `CREATE INDEX` statements: the name, the method, the key parts (with the prefix lengths MySQL
//! needs on text columns) and the clauses a dialect may lack.

use super::ddl::{collate, nulls_not_distinct_clause};
use super::render::{Renderer, Unsupported};
use crate::ir::{Index, IndexKey};
use crate::schema::naming;

/// The index's name, or the deterministic default `<table>_<cols>_idx`.
pub(crate) fn index_name(idx: &Index) -> String {
    idx.name.clone().unwrap_or_else(|| naming::index_name(&idx.table, idx))
}

/// `CREATE [UNIQUE|FULLTEXT] INDEX [CONCURRENTLY] [IF NOT EXISTS] name ON t [USING m] (parts) … [WHERE …]`.
pub(crate) fn create_index_sql(
    r: &mut Renderer<'_>,
    idx: &Index,
    concurrently: bool,
    if_not_exists: bool,
) -> Result<String, Unsupported> {
    let d = r.d;
    let dn = d.display_name();
    let method = match idx.method.as_deref() {
        None => None,
        Some(m) => {
            let spelled = d.index_method(m);
            if spelled.is_none() {
                r.lossy(format!("{dn} has no `{m}` index method; the default is used"));
            }
            spelled
        }
    };
    let mut s = String::from("CREATE ");
    if idx.unique {
        s.push_str("UNIQUE ");
    }
    if let Some(k) = method.as_ref().and_then(|m| m.keyword) {
        s.push_str(k);
        s.push(' ');
    }
    s.push_str("INDEX ");
    if concurrently {
        if d.supports_concurrently() {
            s.push_str("CONCURRENTLY ");
        } else {
            r.lossy(format!("{dn} has no CONCURRENTLY: the index is built with the table locked as usual"));
        }
    }
    // Without the clause, the replayed state decided that the index is new (see `guard.rs`).
    if if_not_exists && d.supports_index_if_exists() {
        s.push_str("IF NOT EXISTS ");
    }
    let name = index_name(idx);
    let (name_sql, table_sql) = match &idx.table.schema {
        // SQLite qualifies the index, not the table: `CREATE INDEX "aux"."i" ON "t"`.
        Some(schema) if d.schema_on_index_name() => (format!("{}.{}", r.q(schema), r.q(&name)), r.q(&idx.table.name)),
        _ => (r.q(&name), r.qn(&idx.table)),
    };
    s.push_str(&format!("{name_sql} ON {table_sql}"));
    let using = method.as_ref().and_then(|m| m.using.clone());
    let after = method.as_ref().is_some_and(|m| m.using_after_parts);
    if let (Some(u), false) = (&using, after) {
        s.push_str(&format!(" USING {u}"));
    }
    let implicit_prefix = !idx.unique && method.as_ref().is_none_or(|m| m.keyword.is_none());
    let parts = index_parts(r, idx, implicit_prefix);
    s.push_str(&format!(" ({parts})"));
    if let (Some(u), true) = (&using, after) {
        s.push_str(&format!(" USING {u}"));
    }
    if !idx.include.is_empty() {
        if d.supports_include() {
            s.push_str(&format!(" INCLUDE ({})", r.q_list(&idx.include)));
        } else {
            r.lossy(format!("{dn} has no INCLUDE columns on indexes; they are left out of {name}"));
        }
    }
    s.push_str(nulls_not_distinct_clause(r, idx.nulls_not_distinct));
    if let Some(p) = &idx.predicate {
        if d.supports_partial_index() {
            let p = r.expr(p);
            s.push_str(&format!(" WHERE {p}"));
        } else if idx.unique {
            return Err(Unsupported::new(
                format!("{dn} has no partial indexes: unique index {name} WHERE {p} cannot be expressed"),
                "enforce the rule with a generated column and a unique index, or drop the WHERE clause",
            ));
        } else {
            r.lossy(format!("{dn} has no partial indexes: {name} covers every row (WHERE {p} dropped)"));
        }
    }
    Ok(s)
}

/// `"a" COLLATE x opclass DESC NULLS LAST, (expr)` with unsupported details dropped (and warned).
/// With `implicit_prefix`, columns the dialect indexes only by a prefix get one (MySQL `text`).
fn index_parts(r: &mut Renderer<'_>, idx: &Index, implicit_prefix: bool) -> String {
    let d = r.d;
    let dn = d.display_name();
    let prefix = if implicit_prefix { implicit_prefixes(r, idx) } else { vec![None; idx.parts.len()] };
    let mut out = Vec::with_capacity(idx.parts.len());
    for (p, implicit) in idx.parts.iter().zip(prefix) {
        let mut s = match &p.key {
            IndexKey::Column(c) => r.q(c),
            IndexKey::Expression(e) => format!("({})", r.expr(e)),
        };
        if let Some(len) = p.length.or(implicit) {
            if d.supports_prefix_length() {
                s.push_str(&format!("({len})"));
            } else {
                r.lossy(format!("{dn} has no index prefix lengths; the whole value is indexed"));
            }
        }
        s.push_str(&collate(r, p.collation.as_deref()));
        if let Some(op) = &p.opclass {
            if d.supports_opclass() {
                s.push_str(&format!(" {op}"));
            } else {
                r.lossy(format!("{dn} has no operator classes; `{op}` is left out"));
            }
        }
        if p.desc {
            s.push_str(" DESC");
        }
        if let Some(first) = p.nulls_first {
            if d.supports_nulls_order() {
                s.push_str(if first { " NULLS FIRST" } else { " NULLS LAST" });
            } else {
                r.lossy(format!("{dn} has no NULLS FIRST/LAST on index parts; the default order is used"));
            }
        }
        out.push(s);
    }
    out.join(", ")
}

/// Characters of a key a MySQL index may hold in all (3072 bytes of 4-byte `utf8mb4`).
const KEY_CHARS: u32 = 768;

/// The prefix length of each part: `Some` for a column without one whose type the dialect can
/// index only by a prefix (its type looked up in the state), sized so that all fit in one key.
fn implicit_prefixes(r: &Renderer<'_>, idx: &Index) -> Vec<Option<u32>> {
    // The table exists before CREATE INDEX; the state after is a full copy, so it is the last resort.
    let table = r.before().table(&idx.table).or_else(|| r.after().table(&idx.table));
    let needs: Vec<bool> = idx
        .parts
        .iter()
        .map(|p| match (&p.key, table) {
            (IndexKey::Column(c), Some(t)) if p.length.is_none() => {
                t.column(c).is_some_and(|col| r.d.needs_index_prefix(&col.data_type))
            }
            _ => false,
        })
        .collect();
    let n = needs.iter().filter(|n| **n).count() as u32;
    let len = KEY_CHARS.checked_div(n).unwrap_or(0).min(255);
    needs.into_iter().map(|n| n.then_some(len)).collect()
}
