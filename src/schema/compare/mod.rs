//! Compare two [`Schema`]s as one database would see them: [`normalize`] each for the target
//! dialect, then list the [`differences`].
//!
//! ```
//! # use polymig::schema::{Schema, compare::{normalize, differences}};
//! # use polymig::ir::SqlDialect;
//! let (replayed, live) = (Schema::default(), Schema::default());
//! let d = SqlDialect::Mysql;
//! assert!(differences(&normalize(&replayed, d), &normalize(&live, d)).is_empty());
//! ```
//!
//! [`normalize`] maps forms the database cannot tell apart onto one canonical form:
//!
//! - **Every dialect.** `DEFAULT NULL` is no default; numbers are spelled minimally (`1.50` →
//!   `1.5`); a string default on a numeric column that reads as a number is that number; SQL
//!   defaults, CHECK expressions, index expressions and predicates and generated-column
//!   expressions take their canonical form (see `canon`: parsed by sqlparser, casts dropped,
//!   parentheses normalised, `BETWEEN` spelled as `>= AND <=`, `= ANY (ARRAY[…])` as `IN (…)`,
//!   `now()` as `CURRENT_TIMESTAMP`); an SQL default that is just the clock is
//!   `CurrentTimestamp`; an index expression that is a bare column is that column; `NO ACTION`
//!   is no action; a foreign key without referenced columns gets the referenced table's primary
//!   key; `btree` is no method; `NULLS FIRST/LAST` equal to the default is dropped; collations are
//!   lower-cased; a `Native` type is re-read through the importer's type table (and a few spellings
//!   a server prints differently, like MariaDB's `year(4)`, are mapped back); a named enum column
//!   carries no values (they live in `Schema.enums`); `ON UPDATE` exists only on MySQL;
//!   constraints are sorted (primary key, unique, foreign key, check; then by name and content)
//!   and indexes by name.
//! - **Views** are compared by name, materialized flag and output column list only (see `views`):
//!   PostgreSQL and MariaDB print a view's query back from its parse tree, which no robust rule
//!   maps onto the text a migration wrote, so their queries are **not compared**. A view whose
//!   column list is neither written nor derivable from its query (an unaliased expression) is
//!   compared by name and flag alone. SQLite keeps the text, so there the canonical query is
//!   compared as well.
//! - **PostgreSQL.** The `public` schema is the default one (`public.users` is `users`);
//!   8/24-bit integers are 16/32-bit and never unsigned; `char` is `char(1)`; `numeric(p)` is
//!   `numeric(p,0)`; binary types are `bytea` (no length); arrays have one dimension (PostgreSQL
//!   keeps none); time precision 6 is the default; primary-key columns are NOT NULL.
//! - **MySQL/MariaDB.** `Boolean` is `Integer{8}` (`tinyint(1)`); `Uuid` is `char(36)`; `jsonb` is
//!   `json`; `char` is `char(1)`; `binary` is `binary(1)`; `decimal` is `decimal(10,0)` and
//!   `decimal(p)` is `decimal(p,0)`; time precision 0 is the default; boolean defaults are
//!   `1`/`0`; every auto-increment style is `AUTO_INCREMENT`; primary-key columns are NOT NULL;
//!   the primary key is unnamed (always `PRIMARY`); CHECK names the server invents
//!   (`CONSTRAINT_<n>`, `<table>_chk_<n>`, a column's name for an inline check on MariaDB) are
//!   dropped; `RESTRICT` is `NO ACTION`; DEFERRABLE, `NULLS NOT DISTINCT` and NULLS FIRST/LAST do
//!   not exist; `hash` is `btree` (InnoDB); a unique index on plain columns is a UNIQUE constraint
//!   of that name; empty comments are none; enums, extensions and the materialized flag are
//!   dropped.
//! - **SQLite.** Column types collapse onto five storage families, written as
//!   `Native{sql, Some(Sqlite)}`: `integer` (every `Integer`, `Boolean`), `real` (`Float`),
//!   `numeric` (`Decimal`), `blob` (`Binary`) and `text` (`Char`, `Varchar`, `Text`, `Uuid`,
//!   `Json`, `Enum`, `Date`, `Time`, `Timestamp`, `Interval`: SQLite stores these as text);
//!   `Native` and `Array` types go by SQLite's affinity rules on their name (`INT` → integer,
//!   `CHAR`/`CLOB`/`TEXT` → text, `BLOB` or no type → blob, `REAL`/`FLOA`/`DOUB` → real, else
//!   numeric). An `INTEGER PRIMARY KEY` column (the rowid) is NOT NULL. Constraint names are
//!   dropped (SQLite can never refer to a constraint by name); every auto-increment style is
//!   `AUTOINCREMENT`; boolean defaults are `1`/`0`; comments, index methods, operator classes,
//!   INCLUDE, NULLS NOT DISTINCT, enums, extensions and the materialized flag are dropped.

use std::collections::BTreeMap;

use super::{Schema, Table};
use crate::import::sql::map_type_text;
use crate::ir::{
    AutoIncrement, Column, Constraint, ConstraintKind, DataType, DefaultExpr, FkAction, Index, IndexKey, QName,
    SqlDialect,
};

mod canon;
mod render;
mod views;

use canon::bare_column;
pub(crate) use canon::canonical_expr;

pub use render::{describe_constraint, describe_default, describe_index, describe_type};

/// `schema` with the forms `dialect` cannot tell apart mapped onto one canonical form (see the
/// module documentation for the exact rules).
pub fn normalize(schema: &Schema, dialect: SqlDialect) -> Schema {
    let mut out = schema.clone();
    if dialect == SqlDialect::Postgres {
        unqualify_public(&mut out);
    }
    let pks: BTreeMap<String, Vec<String>> = out
        .tables
        .iter()
        .filter_map(|(k, t)| Some((k.to_ascii_lowercase(), t.primary_key()?.columns().to_vec())))
        .collect();
    for table in out.tables.values_mut() {
        normalize_table(table, dialect, &pks);
    }
    views::normalize_views(&mut out, dialect);
    if dialect != SqlDialect::Postgres {
        out.enums.clear();
        out.extensions.clear();
    }
    out
}

/// PostgreSQL's `public` schema is the default one: `public.users` is `users`.
fn unqualify_public(schema: &mut Schema) {
    fn unqualify(name: &mut QName) {
        if name.schema.as_deref() == Some("public") {
            name.schema = None;
        }
    }
    fn unqualify_type(ty: &mut DataType) {
        match ty {
            DataType::Enum { name: Some(name), .. } => unqualify(name),
            DataType::Array { of } => unqualify_type(of),
            _ => {}
        }
    }
    let rekey = |name: &QName| name.key();
    let tables = std::mem::take(&mut schema.tables);
    for (_, mut t) in tables {
        unqualify(&mut t.name);
        for c in &mut t.columns {
            unqualify_type(&mut c.data_type);
        }
        for c in &mut t.constraints {
            if let ConstraintKind::ForeignKey(fk) = &mut c.kind {
                unqualify(&mut fk.ref_table);
            }
        }
        for i in &mut t.indexes {
            unqualify(&mut i.table);
        }
        schema.tables.insert(rekey(&t.name), t);
    }
    let enums = std::mem::take(&mut schema.enums);
    for (_, mut e) in enums {
        unqualify(&mut e.name);
        schema.enums.insert(rekey(&e.name), e);
    }
    let views = std::mem::take(&mut schema.views);
    for (_, mut v) in views {
        unqualify(&mut v.name);
        schema.views.insert(rekey(&v.name), v);
    }
}

fn normalize_table(table: &mut Table, d: SqlDialect, pks: &BTreeMap<String, Vec<String>>) {
    let pk: Vec<String> = table.primary_key().map(|c| c.columns().to_vec()).unwrap_or_default();
    let column_names: Vec<String> = table.columns.iter().map(|c| c.name.to_ascii_lowercase()).collect();
    for col in &mut table.columns {
        let in_pk = pk.iter().any(|p| p.eq_ignore_ascii_case(&col.name));
        let rowid_alias = in_pk && pk.len() == 1 && matches!(col.data_type, DataType::Integer { .. });
        normalize_column(col, d, in_pk, rowid_alias);
    }
    if d == SqlDialect::Sqlite {
        table.comment = None;
    }
    if d == SqlDialect::Mysql {
        table.comment = table.comment.take().filter(|c| !c.is_empty());
        // A unique index on plain columns is a UNIQUE constraint on MySQL.
        let (as_constraints, rest): (Vec<Index>, Vec<Index>) =
            std::mem::take(&mut table.indexes).into_iter().partition(|i| i.unique && plain_index(i));
        table.indexes = rest;
        for index in as_constraints {
            let columns = index.column_names().into_iter().map(str::to_string).collect();
            table.constraints.push(Constraint {
                name: index.name,
                kind: ConstraintKind::Unique { columns, nulls_not_distinct: false, deferrable: None },
            });
        }
    }
    let table_name = table.name.name.to_ascii_lowercase();
    for c in &mut table.constraints {
        normalize_constraint(c, d, &table_name, &column_names, pks);
    }
    table.constraints.sort_by_cached_key(|c| (kind_rank(&c.kind), c.name.clone(), describe_constraint(c)));
    for index in &mut table.indexes {
        normalize_index(index, d);
    }
    table.indexes.sort_by_cached_key(|i| (i.name.is_none(), i.name.clone(), describe_index(i)));
}

fn normalize_column(col: &mut Column, d: SqlDialect, in_pk: bool, rowid_alias: bool) {
    col.data_type = normalize_type(&col.data_type, d);
    if in_pk && d != SqlDialect::Sqlite {
        col.nullable = false;
    }
    if d == SqlDialect::Sqlite && rowid_alias {
        col.nullable = false; // `INTEGER PRIMARY KEY` is the rowid: never NULL
    }
    col.default = col.default.take().and_then(|v| normalize_default(v, &col.data_type, d));
    // Only MySQL has `ON UPDATE`; the others cannot hold it.
    col.on_update =
        col.on_update.take().filter(|_| d == SqlDialect::Mysql).and_then(|v| normalize_default(v, &col.data_type, d));
    if let Some(ai) = &mut col.auto_increment
        && d != SqlDialect::Postgres
    {
        *ai = AutoIncrement::AutoIncrement;
    }
    if let Some(g) = &mut col.generated {
        g.expr = canonical_expr(&g.expr);
    }
    col.collation = col.collation.take().map(|c| c.to_ascii_lowercase());
    col.comment = match d {
        SqlDialect::Sqlite => None,
        SqlDialect::Mysql => col.comment.take().filter(|c| !c.is_empty()),
        SqlDialect::Postgres => col.comment.take(),
    };
}

/// The canonical type for `d` (see the module documentation).
pub fn normalize_type(ty: &DataType, d: SqlDialect) -> DataType {
    let ty = match ty {
        DataType::Native { sql, .. } => match map_type_text(sql, d) {
            DataType::Native { sql, .. } => {
                let sql = sql.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
                let alias = NATIVE_ALIASES.iter().find(|(dialect, alias, _)| *dialect == d && *alias == sql);
                DataType::Native { sql: alias.map_or(sql, |(_, _, canonical)| canonical.to_string()), dialect: None }
            }
            known => known,
        },
        // PostgreSQL does not keep array dimensions: `integer[][]` is `integer[]`.
        DataType::Array { of } => match (d, normalize_type(of, d)) {
            (SqlDialect::Postgres, DataType::Array { of }) => DataType::Array { of },
            (_, of) => DataType::Array { of: Box::new(of) },
        },
        DataType::Enum { name: Some(name), .. } => DataType::Enum { name: Some(name.clone()), values: Vec::new() },
        other => other.clone(),
    };
    match d {
        SqlDialect::Postgres => match ty {
            DataType::Integer { bits, .. } => {
                DataType::Integer { bits: bits.max(16).next_power_of_two(), unsigned: false }
            }
            DataType::Char { length: None } => DataType::Char { length: Some(1) },
            DataType::Decimal { precision: Some(p), scale: None } => {
                DataType::Decimal { precision: Some(p), scale: Some(0) }
            }
            DataType::Binary { .. } => DataType::Binary { length: None, fixed: false },
            DataType::Time { tz, precision: Some(6) } => DataType::Time { tz, precision: None },
            DataType::Timestamp { tz, precision: Some(6) } => DataType::Timestamp { tz, precision: None },
            other => other,
        },
        SqlDialect::Mysql => match ty {
            DataType::Boolean => DataType::int(8),
            DataType::Uuid => DataType::Char { length: Some(36) },
            DataType::Json { .. } => DataType::Json { binary: false },
            DataType::Char { length: None } => DataType::Char { length: Some(1) },
            DataType::Binary { length: None, fixed: true } => DataType::Binary { length: Some(1), fixed: true },
            DataType::Decimal { precision, scale } => {
                DataType::Decimal { precision: Some(precision.unwrap_or(10)), scale: Some(scale.unwrap_or(0)) }
            }
            DataType::Time { tz, precision: Some(0) } => DataType::Time { tz, precision: None },
            DataType::Timestamp { tz, precision: Some(0) } => DataType::Timestamp { tz, precision: None },
            other => other,
        },
        SqlDialect::Sqlite => DataType::Native { sql: sqlite_family(&ty).into(), dialect: Some(SqlDialect::Sqlite) },
    }
}

/// Native type names a database prints differently from how they are written: (dialect, as
/// printed, canonical).
const NATIVE_ALIASES: &[(SqlDialect, &str, &str)] = &[(SqlDialect::Mysql, "year(4)", "year")];

/// SQLite's storage family for an IR type.
fn sqlite_family(ty: &DataType) -> &'static str {
    match ty {
        DataType::Boolean | DataType::Integer { .. } => "integer",
        DataType::Float { .. } => "real",
        DataType::Decimal { .. } => "numeric",
        DataType::Binary { .. } => "blob",
        DataType::Native { sql, .. } => {
            let s = sql.to_ascii_uppercase();
            if s.contains("INT") {
                "integer"
            } else if s.contains("CHAR") || s.contains("CLOB") || s.contains("TEXT") {
                "text"
            } else if s.contains("BLOB") || s.trim().is_empty() {
                "blob"
            } else if s.contains("REAL") || s.contains("FLOA") || s.contains("DOUB") {
                "real"
            } else {
                "numeric"
            }
        }
        DataType::Array { .. } => "numeric",
        _ => "text",
    }
}

fn normalize_default(v: DefaultExpr, ty: &DataType, d: SqlDialect) -> Option<DefaultExpr> {
    let numeric_col = matches!(ty, DataType::Integer { .. } | DataType::Decimal { .. } | DataType::Float { .. })
        || (d == SqlDialect::Sqlite && matches!(ty, DataType::Native { sql, .. } if sql != "text" && sql != "blob"));
    Some(match v {
        DefaultExpr::Null => return None,
        DefaultExpr::Bool(b) if d != SqlDialect::Postgres => DefaultExpr::Number(if b { "1" } else { "0" }.into()),
        DefaultExpr::Number(n) => DefaultExpr::Number(canonical_number(&n)),
        DefaultExpr::String(s) if numeric_col && s.trim().parse::<f64>().is_ok() => {
            DefaultExpr::Number(canonical_number(s.trim()))
        }
        DefaultExpr::Sql(s) => match canonical_expr(&s).as_str() {
            // `now()`, `current_timestamp()`, `(CURRENT_TIMESTAMP)` are the clock default.
            "CURRENT_TIMESTAMP" => DefaultExpr::CurrentTimestamp,
            canon => DefaultExpr::Sql(canon.to_string()),
        },
        other => other,
    })
}

/// `+1.50` → `1.5`, `007` → `7`, `-0.0` → `0`; other spellings are kept.
fn canonical_number(n: &str) -> String {
    let n = n.trim();
    let (neg, digits) = match n.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, n.strip_prefix('+').unwrap_or(n)),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') || digits.matches('.').count() > 1 {
        return n.to_string();
    }
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let body = match (int.is_empty(), frac.is_empty()) {
        (true, true) => return "0".into(),
        (_, true) => int.to_string(),
        (true, false) => format!("0.{frac}"),
        (false, false) => format!("{int}.{frac}"),
    };
    if neg { format!("-{body}") } else { body }
}

fn normalize_constraint(
    c: &mut Constraint,
    d: SqlDialect,
    table: &str,
    columns: &[String],
    pks: &BTreeMap<String, Vec<String>>,
) {
    match &mut c.kind {
        ConstraintKind::PrimaryKey { .. } if d == SqlDialect::Mysql => c.name = None,
        ConstraintKind::Unique { nulls_not_distinct, .. } if d != SqlDialect::Postgres => *nulls_not_distinct = false,
        ConstraintKind::Check { expr } => {
            *expr = canonical_expr(expr);
            if d == SqlDialect::Mysql && c.name.as_deref().is_some_and(|n| invented_check_name(n, table, columns)) {
                c.name = None;
            }
        }
        ConstraintKind::ForeignKey(fk) => {
            if fk.ref_columns.is_empty()
                && let Some(pk) = pks.get(&fk.ref_table.key().to_ascii_lowercase())
            {
                fk.ref_columns = pk.clone();
            }
            for action in [&mut fk.on_delete, &mut fk.on_update] {
                let default = *action == Some(FkAction::NoAction)
                    || (d == SqlDialect::Mysql && *action == Some(FkAction::Restrict));
                if default {
                    *action = None;
                }
            }
            if d == SqlDialect::Mysql {
                fk.deferrable = None;
            }
        }
        _ => {}
    }
    if d == SqlDialect::Sqlite {
        c.name = None;
    }
}

/// `CONSTRAINT_3`, `<table>_chk_2`, or a column's name (MariaDB's inline checks).
fn invented_check_name(name: &str, table: &str, columns: &[String]) -> bool {
    let lower = name.to_ascii_lowercase();
    let numbered = |prefix: &str| {
        lower.strip_prefix(prefix).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    numbered("constraint_") || numbered(&format!("{table}_chk_")) || columns.contains(&lower)
}

fn plain_index(i: &Index) -> bool {
    i.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case("btree"))
        && i.predicate.is_none()
        && i.parts.iter().all(|p| matches!(p.key, IndexKey::Column(_)) && !p.desc && p.length.is_none())
}

fn normalize_index(i: &mut Index, d: SqlDialect) {
    i.method = i
        .method
        .take()
        .map(|m| m.to_ascii_lowercase())
        .filter(|m| m != "btree" && !(d == SqlDialect::Mysql && m == "hash") && d != SqlDialect::Sqlite);
    i.predicate = i.predicate.take().map(|p| canonical_expr(&p));
    for part in &mut i.parts {
        if let IndexKey::Expression(e) = &part.key {
            let canon = canonical_expr(e);
            part.key = match bare_column(&canon) {
                Some(column) => IndexKey::Column(column),
                None => IndexKey::Expression(canon),
            };
        }
        if part.nulls_first == Some(part.desc) || d != SqlDialect::Postgres {
            part.nulls_first = None;
        }
        part.collation = part.collation.take().map(|c| c.to_ascii_lowercase());
        if d != SqlDialect::Postgres {
            part.opclass = None;
        }
    }
    if d != SqlDialect::Postgres {
        i.include.clear();
        i.nulls_not_distinct = false;
    }
}

fn kind_rank(k: &ConstraintKind) -> u8 {
    match k {
        ConstraintKind::PrimaryKey { .. } => 0,
        ConstraintKind::Unique { .. } => 1,
        ConstraintKind::ForeignKey(_) => 2,
        _ => 3,
    }
}

/// Human-readable differences between `a` (first) and `b` (second), one per line, in a fixed
/// order: tables by name (columns, constraints, indexes, comment), then enums, views, extensions.
/// Compare normalized schemas (see [`normalize`]).
pub fn differences(a: &Schema, b: &Schema) -> Vec<String> {
    render::differences(a, b)
}

#[cfg(test)]
mod tests;
