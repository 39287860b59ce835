//! Shared DDL fragments every dialect builds from: table bodies, constraint
//! clauses, index statements. Dialect differences come from the capability
//! methods of [`super::dialect::Dialect`].

use super::render::{Renderer, Unsupported};
use crate::ir::{
    Column, Constraint, ConstraintKind, DataType, Deferrable, ForeignKey, Index, IndexKey, QName, SqlDialect,
};
use crate::schema::naming;

/// The table a constraint belongs to, with its primary key columns (for MySQL's
/// `REFERENCES t` without columns, which must be spelled out).
#[derive(Debug, Clone, Copy)]
pub(crate) struct TableInfo<'a> {
    /// Table name.
    pub name: &'a QName,
    /// Primary key columns, when known.
    pub pk: Option<&'a [String]>,
}

/// The column's default, without the `nextval(…)` sequence default its auto-increment implies
/// (a PostgreSQL `serial` read back from a database).
pub(crate) fn explicit_default(col: &Column) -> Option<&crate::ir::DefaultExpr> {
    match &col.default {
        Some(crate::ir::DefaultExpr::Sql(e))
            if col.auto_increment.is_some() && e.to_ascii_lowercase().contains("nextval(") =>
        {
            None
        }
        d => d.as_ref(),
    }
}

/// ` COLLATE x` when the dialect has collation `name` (else a lossy warning and nothing).
pub(crate) fn collate(r: &mut Renderer<'_>, name: Option<&str>) -> String {
    let Some(name) = name else { return String::new() };
    match r.d.collation(name) {
        Some(c) => format!(" COLLATE {c}"),
        None => {
            r.lossy(format!("{} has no collation `{name}`; the default collation is used", r.d.display_name()));
            String::new()
        }
    }
}

/// Primary key columns among `constraints`.
pub(crate) fn pk_columns(constraints: &[Constraint]) -> Option<&[String]> {
    constraints.iter().find_map(|c| match &c.kind {
        ConstraintKind::PrimaryKey { columns } => Some(columns.as_slice()),
        _ => None,
    })
}

/// `CREATE TABLE [IF NOT EXISTS] name (\n  col,\n  constraint\n)[options]`.
pub(crate) fn create_table_sql(
    r: &mut Renderer<'_>,
    name: &QName,
    columns: &[Column],
    constraints: &[Constraint],
    if_not_exists: bool,
    comment: Option<&str>,
) -> Result<String, Unsupported> {
    let d = r.d;
    let inline = d.inline_primary_key(columns, constraints);
    let info = TableInfo { name, pk: pk_columns(constraints) };
    let mut lines = Vec::with_capacity(columns.len() + constraints.len());
    for col in columns {
        let inline_pk = inline
            .map(|i| &constraints[i])
            .filter(|c| c.columns().first().is_some_and(|n| n.eq_ignore_ascii_case(&col.name)));
        lines.push(d.column_def(r, col, inline_pk));
    }
    for (i, c) in constraints.iter().enumerate() {
        if Some(i) != inline {
            lines.push(constraint_def(r, c, info)?);
        }
    }
    let ine = if if_not_exists { "IF NOT EXISTS " } else { "" };
    let options = d.table_options(r, comment);
    Ok(format!("CREATE TABLE {ine}{} (\n  {}\n){options}", r.qn(name), lines.join(",\n  ")))
}

/// `[CONSTRAINT name] PRIMARY KEY (…) | UNIQUE (…) | FOREIGN KEY (…) REFERENCES … | CHECK (…)`.
pub(crate) fn constraint_def(
    r: &mut Renderer<'_>,
    c: &Constraint,
    table: TableInfo<'_>,
) -> Result<String, Unsupported> {
    let body = match &c.kind {
        ConstraintKind::PrimaryKey { columns } => format!("PRIMARY KEY ({})", r.q_list(columns)),
        ConstraintKind::Unique { columns, nulls_not_distinct } => {
            let nnd = nulls_not_distinct_clause(r, *nulls_not_distinct);
            format!("UNIQUE{nnd} ({})", r.q_list(columns))
        }
        ConstraintKind::ForeignKey(fk) => {
            format!("FOREIGN KEY ({}) {}", r.q_list(&fk.columns), references(r, fk, table)?)
        }
        ConstraintKind::Check { expr } => format!("CHECK ({})", expr.trim()),
    };
    Ok(match &c.name {
        Some(n) => format!("CONSTRAINT {} {body}", r.q(n)),
        None => body,
    })
}

/// ` NULLS NOT DISTINCT` where supported (else a lossy warning and nothing).
fn nulls_not_distinct_clause(r: &mut Renderer<'_>, on: bool) -> &'static str {
    if !on {
        ""
    } else if r.d.supports_nulls_not_distinct() {
        " NULLS NOT DISTINCT"
    } else {
        r.lossy(format!("{} has no NULLS NOT DISTINCT: the unique key accepts several NULLs", r.d.display_name()));
        ""
    }
}

/// `REFERENCES t [(cols)] [ON DELETE …] [ON UPDATE …] [DEFERRABLE INITIALLY …]`.
pub(crate) fn references(r: &mut Renderer<'_>, fk: &ForeignKey, table: TableInfo<'_>) -> Result<String, Unsupported> {
    let d = r.d;
    let target = if d.fk_ref_qualified() { r.qn(&fk.ref_table) } else { r.q(&fk.ref_table.name) };
    let mut s = format!("REFERENCES {target}");
    let mut ref_cols = fk.ref_columns.clone();
    if ref_cols.is_empty() && d.fk_requires_ref_columns() {
        ref_cols = referenced_pk(r, &fk.ref_table, table).ok_or_else(|| {
            Unsupported::missing(format!(
                "{} needs the referenced columns of a foreign key to {}, and its primary key is unknown",
                d.display_name(),
                fk.ref_table
            ))
        })?;
    }
    if !ref_cols.is_empty() {
        s.push_str(&format!(" ({})", r.q_list(&ref_cols)));
    }
    for (word, action) in [("DELETE", fk.on_delete), ("UPDATE", fk.on_update)] {
        let Some(action) = action else { continue };
        if action == crate::ir::FkAction::SetDefault && !d.supports_set_default_action() {
            r.lossy(format!("{} rejects ON {word} SET DEFAULT; the action is left out", d.display_name()));
            continue;
        }
        s.push_str(&format!(" ON {word} {}", action.sql()));
    }
    if let Some(def) = fk.deferrable {
        if d.supports_deferrable() {
            s.push_str(match def {
                Deferrable::Immediate => " DEFERRABLE INITIALLY IMMEDIATE",
                Deferrable::Deferred => " DEFERRABLE INITIALLY DEFERRED",
            });
        } else {
            r.lossy(format!(
                "{} has no deferrable constraints: the foreign key to {} is checked immediately",
                d.display_name(),
                fk.ref_table
            ));
        }
    }
    Ok(s)
}

/// Primary key of the referenced table: the table being defined, or one of the state.
fn referenced_pk(r: &Renderer<'_>, ref_table: &QName, table: TableInfo<'_>) -> Option<Vec<String>> {
    if ref_table.key().eq_ignore_ascii_case(&table.name.key())
        && let Some(pk) = table.pk
    {
        return Some(pk.to_vec());
    }
    let t = r.before().table(ref_table)?;
    t.primary_key().map(|c| c.columns().to_vec())
}

/// ` CHECK ("col" IN ('a', 'b'))` for an enum column rendered as text.
pub(crate) fn enum_check(r: &mut Renderer<'_>, col: &Column) -> String {
    if !r.d.enum_as_check(&col.data_type) {
        return String::new();
    }
    match r.enum_values(&col.data_type) {
        Some(values) => {
            let list = values.iter().map(|v| r.lit(v)).collect::<Vec<_>>().join(", ");
            format!(" CHECK ({} IN ({list}))", r.q(&col.name))
        }
        None => {
            r.lossy(format!("values of enum column {} are unknown: rendered as text without a CHECK", col.name));
            String::new()
        }
    }
}

/// Values of an enum type as a literal list: `'a', 'b'` (None when unknown).
pub(crate) fn enum_literals(r: &Renderer<'_>, t: &DataType) -> Option<String> {
    let values = r.enum_values(t)?;
    Some(values.iter().map(|v| r.lit(v)).collect::<Vec<_>>().join(", "))
}

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
    if if_not_exists {
        if d.supports_index_if_exists() {
            s.push_str("IF NOT EXISTS ");
        } else {
            r.lossy(format!("{dn} has no CREATE INDEX IF NOT EXISTS; rendered without it"));
        }
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
    let parts = index_parts(r, idx);
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
            s.push_str(&format!(" WHERE {}", p.trim()));
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
fn index_parts(r: &mut Renderer<'_>, idx: &Index) -> String {
    let d = r.d;
    let dn = d.display_name();
    let mut out = Vec::with_capacity(idx.parts.len());
    for p in &idx.parts {
        let mut s = match &p.key {
            IndexKey::Column(c) => r.q(c),
            IndexKey::Expression(e) => format!("({})", e.trim()),
        };
        if let Some(len) = p.length {
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

/// A `Native` type: verbatim when written for this dialect (or none), else translated
/// through `table`, else verbatim with a lossy warning.
pub(crate) fn native(
    r: &mut Renderer<'_>,
    sql: &str,
    from: Option<SqlDialect>,
    to: SqlDialect,
    table: &[(&str, &str)],
) -> String {
    match from {
        Some(src) if src != to => {
            let lower = sql.trim().to_ascii_lowercase();
            if let Some((_, mapped)) = table.iter().find(|(k, _)| *k == lower) {
                return (*mapped).to_string();
            }
            r.lossy(format!("type `{sql}` was written for {src} and is copied verbatim; {to} may reject it"));
            sql.trim().to_string()
        }
        _ => sql.trim().to_string(),
    }
}
