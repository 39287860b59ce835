//! Shared DDL fragments every dialect builds from: table bodies, constraint
//! clauses, index statements. Dialect differences come from the capability
//! methods of [`super::dialect::Dialect`].

use super::render::{Renderer, Unsupported};
use crate::ir::{
    Column, Constraint, ConstraintKind, DataType, Deferrable, ForeignKey, Index, IndexKey, QName, SqlDialect,
};

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

/// Where a column definition is rendered: its table and the keys around it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ColumnCtx<'a> {
    /// The table of the column (the temporary copy during a SQLite rebuild).
    pub table: &'a QName,
    /// The single-column primary key rendered inline on the column (SQLite `AUTOINCREMENT`).
    pub inline_pk: Option<&'a Constraint>,
    /// The column is part of a primary key, unique key, foreign key or unique index.
    pub keyed: bool,
}

impl<'a> ColumnCtx<'a> {
    /// A column of `table`, keyed when `constraints` or `indexes` use it.
    pub fn new(table: &'a QName, column: &str, constraints: &[Constraint], indexes: &[Index]) -> Self {
        ColumnCtx { table, inline_pk: None, keyed: is_keyed(column, constraints, indexes) }
    }
}

/// True when `column` is part of a primary key, unique key, foreign key or unique index
/// (a unique index on a prefix of the column does not count).
pub(crate) fn is_keyed(column: &str, constraints: &[Constraint], indexes: &[Index]) -> bool {
    let is = |c: &str| c.eq_ignore_ascii_case(column);
    constraints.iter().any(|c| c.columns().iter().any(|c| is(c)))
        || indexes.iter().any(|i| {
            i.unique && i.parts.iter().any(|p| p.length.is_none() && matches!(&p.key, IndexKey::Column(c) if is(c)))
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
        let ctx = ColumnCtx { inline_pk, ..ColumnCtx::new(name, &col.name, constraints, &[]) };
        lines.push(d.column_def(r, col, ctx));
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
        ConstraintKind::Unique { columns, nulls_not_distinct, deferrable } => {
            let nnd = nulls_not_distinct_clause(r, *nulls_not_distinct);
            let def = deferrable_unique_clause(r, *deferrable);
            format!("UNIQUE{nnd} ({}){def}", r.q_list(columns))
        }
        ConstraintKind::ForeignKey(fk) => {
            format!("FOREIGN KEY ({}) {}", r.q_list(&fk.columns), references(r, fk, table)?)
        }
        ConstraintKind::Check { expr } => format!("CHECK ({})", r.expr(expr)),
    };
    let pk = matches!(c.kind, ConstraintKind::PrimaryKey { .. });
    Ok(match &c.name {
        Some(n) if !pk || r.d.names_primary_keys() => format!("CONSTRAINT {} {body}", r.q(n)),
        _ => body,
    })
}

/// ` DEFERRABLE INITIALLY …` of a unique constraint where supported (else a lossy warning and nothing).
fn deferrable_unique_clause(r: &mut Renderer<'_>, deferrable: Option<Deferrable>) -> &'static str {
    match deferrable {
        None => "",
        Some(_) if !r.d.supports_deferrable_unique() => {
            r.lossy(format!(
                "{} has no deferrable unique constraints: uniqueness is checked at once",
                r.d.display_name()
            ));
            ""
        }
        Some(Deferrable::Immediate) => " DEFERRABLE INITIALLY IMMEDIATE",
        Some(Deferrable::Deferred) => " DEFERRABLE INITIALLY DEFERRED",
    }
}

/// ` NULLS NOT DISTINCT` where supported (else a lossy warning and nothing).
pub(crate) fn nulls_not_distinct_clause(r: &mut Renderer<'_>, on: bool) -> &'static str {
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

/// ` [CONSTRAINT name] CHECK ("col" IN ('a', 'b'))` for an enum column rendered as text.
pub(crate) fn enum_check(r: &mut Renderer<'_>, col: &Column, name: Option<&str>) -> String {
    if !r.d.enum_as_check(&col.data_type) {
        return String::new();
    }
    match r.enum_values(&col.data_type) {
        Some(values) => {
            let list = values.iter().map(|v| r.lit(v)).collect::<Vec<_>>().join(", ");
            let name = name.map(|n| format!(" CONSTRAINT {}", r.q(n))).unwrap_or_default();
            format!("{name} CHECK ({} IN ({list}))", r.q(&col.name))
        }
        None => {
            r.lossy(format!("values of enum column {} are unknown: rendered as text without a CHECK", col.name));
            String::new()
        }
    }
}

/// A `lossy-export` warning for `ON UPDATE` on a column, where only a trigger could express it.
pub(crate) fn on_update_lost(r: &mut Renderer<'_>, col: &Column) {
    if col.on_update.is_some() {
        r.lossy(format!(
            "column {}: {} has no ON UPDATE for columns (it takes a trigger); the column is not updated automatically",
            col.name,
            r.d.display_name()
        ));
    }
}

/// Values of an enum type as a literal list: `'a', 'b'` (None when unknown).
pub(crate) fn enum_literals(r: &Renderer<'_>, t: &DataType) -> Option<String> {
    let values = r.enum_values(t)?;
    Some(values.iter().map(|v| r.lit(v)).collect::<Vec<_>>().join(", "))
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
    if sql.trim().is_empty() && to != SqlDialect::Sqlite {
        r.lossy(format!("a column without a type (SQLite: any value) is rendered as text in {to}"));
        return "text".into();
    }
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
