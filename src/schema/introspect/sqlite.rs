//! SQLite: the pragmas (`table_xinfo`, `foreign_key_list`, `index_list`, `index_info`) give
//! columns, keys and indexes; the stored `CREATE` text (see `sqlite_ddl`) gives what they do not.
//!
//! SQLite cannot name constraints in its catalog, so a constraint is named only when its
//! `CREATE TABLE` text says `CONSTRAINT name`; otherwise `name: None`. `NO ACTION` (the default
//! referential action) is reported as `None`.

use sqlx::{Row, SqliteConnection};

use super::is_bookkeeping;
use super::sqlite_ddl::{parse_index, parse_table, parse_view};
use crate::import::sql::{default_from_text, map_type_text};
use crate::ir::{Column, Constraint, ConstraintKind, CreateTable, FkAction, ForeignKey, Index, QName, SqlDialect};
use crate::schema::{Schema, Table, View};

const D: SqlDialect = SqlDialect::Sqlite;

/// Read the tables, indexes and views of the main database of `conn`.
pub async fn introspect_sqlite(conn: &mut SqliteConnection) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    let rows = sqlx::query("SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        let kind: String = row.try_get("type")?;
        let name: String = row.try_get("name")?;
        let sql: Option<String> = row.try_get("sql")?;
        let sql = sql.unwrap_or_default();
        if is_bookkeeping(&name) || sql.trim_start().to_ascii_uppercase().starts_with("CREATE VIRTUAL") {
            continue;
        }
        if kind == "view" {
            let query = parse_view(&sql).map(|v| v.query).unwrap_or_default();
            let rows = sqlx::query("SELECT name FROM pragma_table_info(?) ORDER BY cid")
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
            let columns = rows.iter().map(|r| r.try_get("name")).collect::<Result<_, _>>()?;
            schema.views.insert(name.clone(), View { name: QName::new(name), columns, query, materialized: false });
        } else {
            let table = table(conn, &name, &sql).await?;
            schema.tables.insert(name, table);
        }
    }
    Ok(schema)
}

async fn table(conn: &mut SqliteConnection, name: &str, sql: &str) -> Result<Table, sqlx::Error> {
    let ddl = parse_table(sql);
    let mut table = Table::new(QName::new(name));
    let mut pk: Vec<(i64, String)> = Vec::new();
    let cols = sqlx::query(
        r#"SELECT name, type, "notnull" AS nn, dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid"#,
    )
    .bind(name)
    .fetch_all(&mut *conn)
    .await?;
    for row in cols {
        let hidden: i64 = row.try_get("hidden")?;
        if hidden == 1 {
            continue; // hidden column of a virtual table
        }
        let col_name: String = row.try_get("name")?;
        let declared: String = row.try_get("type")?;
        let declared = declared.trim().trim_end_matches("GENERATED ALWAYS").trim();
        let mut col = Column::new(col_name.clone(), map_type_text(declared, D));
        col.nullable = row.try_get::<i64, _>("nn")? == 0;
        let dflt: Option<String> = row.try_get("dflt_value")?;
        col.default = dflt.map(|d| default_from_text(&d, D, None));
        let key: i64 = row.try_get("pk")?;
        if key > 0 {
            pk.push((key, col_name.clone()));
        }
        if let Some(d) = ddl.iter().flat_map(|t| &t.columns).find(|c| c.name.eq_ignore_ascii_case(&col_name)) {
            col.collation = d.collation.clone().filter(|c| !c.eq_ignore_ascii_case("binary"));
            col.generated = d.generated.clone();
            col.auto_increment = d.auto_increment;
        }
        table.columns.push(col);
    }
    pk.sort();
    let pk: Vec<String> = pk.into_iter().map(|(_, c)| c).collect();
    let uniques = unique_constraints(conn, name).await?;
    let fks = foreign_keys(conn, name).await?;
    table.constraints = merge_constraints(ddl.as_ref(), pk, uniques, fks);
    table.indexes = indexes(conn, name).await?;
    Ok(table)
}

/// Columns of each index that backs a `UNIQUE` constraint (`origin = 'u'`).
async fn unique_constraints(conn: &mut SqliteConnection, table: &str) -> Result<Vec<Vec<String>>, sqlx::Error> {
    let list = sqlx::query(r#"SELECT name FROM pragma_index_list(?) WHERE origin = 'u' ORDER BY seq DESC"#)
        .bind(table)
        .fetch_all(&mut *conn)
        .await?;
    let mut out = Vec::new();
    for row in list {
        let index: String = row.try_get("name")?;
        out.push(index_columns(conn, &index).await?);
    }
    Ok(out)
}

async fn index_columns(conn: &mut SqliteConnection, index: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT name FROM pragma_index_info(?) ORDER BY seqno").bind(index).fetch_all(&mut *conn).await?;
    rows.iter().map(|r| r.try_get::<Option<String>, _>("name").map(Option::unwrap_or_default)).collect()
}

async fn foreign_keys(conn: &mut SqliteConnection, table: &str) -> Result<Vec<ForeignKey>, sqlx::Error> {
    let rows = sqlx::query(
        r#"SELECT id, "table" AS ref_table, "from" AS col, "to" AS ref_col, on_update, on_delete
           FROM pragma_foreign_key_list(?) ORDER BY id DESC, seq"#,
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<(i64, ForeignKey)> = Vec::new();
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let col: String = row.try_get("col")?;
        let ref_col: Option<String> = row.try_get("ref_col")?;
        if out.last().is_none_or(|(last, _)| *last != id) {
            let on_update: String = row.try_get("on_update")?;
            let on_delete: String = row.try_get("on_delete")?;
            out.push((
                id,
                ForeignKey {
                    columns: Vec::new(),
                    ref_table: QName::new(row.try_get::<String, _>("ref_table")?),
                    ref_columns: Vec::new(),
                    on_delete: action(&on_delete),
                    on_update: action(&on_update),
                    deferrable: None,
                },
            ));
        }
        let fk = &mut out.last_mut().expect("pushed above").1;
        fk.columns.push(col);
        fk.ref_columns.extend(ref_col);
    }
    Ok(out.into_iter().map(|(_, fk)| fk).collect())
}

/// `CASCADE` → `Cascade`, …; `NO ACTION` (the default) → `None`.
fn action(text: &str) -> Option<FkAction> {
    match text.to_ascii_uppercase().as_str() {
        "CASCADE" => Some(FkAction::Cascade),
        "SET NULL" => Some(FkAction::SetNull),
        "SET DEFAULT" => Some(FkAction::SetDefault),
        "RESTRICT" => Some(FkAction::Restrict),
        _ => None,
    }
}

fn same_columns(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y))
}

/// Constraints in the order the DDL wrote them, with the pragmas' facts; anything the pragmas
/// know but the DDL text did not show is appended.
fn merge_constraints(
    ddl: Option<&CreateTable>,
    pk: Vec<String>,
    mut uniques: Vec<Vec<String>>,
    mut fks: Vec<ForeignKey>,
) -> Vec<Constraint> {
    let mut out = Vec::new();
    let mut pk = Some(pk).filter(|p| !p.is_empty());
    for Constraint { name, kind } in ddl.iter().flat_map(|t| &t.constraints) {
        let kind = match kind {
            ConstraintKind::PrimaryKey { .. } => match pk.take() {
                Some(columns) => ConstraintKind::PrimaryKey { columns },
                None => continue,
            },
            ConstraintKind::Unique { columns: cols, .. } => match uniques.iter().position(|u| same_columns(u, cols)) {
                Some(i) => {
                    ConstraintKind::Unique { columns: uniques.remove(i), nulls_not_distinct: false, deferrable: None }
                }
                None => continue,
            },
            ConstraintKind::Check { expr } => ConstraintKind::Check { expr: expr.clone() },
            ConstraintKind::ForeignKey(written) => {
                let found = fks.iter().position(|fk| {
                    same_columns(&fk.columns, &written.columns)
                        && fk.ref_table.name.eq_ignore_ascii_case(&written.ref_table.name)
                });
                match found {
                    Some(i) => {
                        let mut fk = fks.remove(i);
                        fk.deferrable = written.deferrable;
                        ConstraintKind::ForeignKey(fk)
                    }
                    None => continue,
                }
            }
        };
        out.push(Constraint { name: name.clone(), kind });
    }
    let rest = pk.map(|columns| ConstraintKind::PrimaryKey { columns }).into_iter();
    let rest = rest.chain(uniques.into_iter().map(|columns| ConstraintKind::Unique {
        columns,
        nulls_not_distinct: false,
        deferrable: None,
    }));
    out.extend(rest.chain(fks.into_iter().map(ConstraintKind::ForeignKey)).map(|kind| Constraint { name: None, kind }));
    out
}

/// Indexes created by `CREATE INDEX` (`origin = 'c'`), by name.
async fn indexes(conn: &mut SqliteConnection, table: &str) -> Result<Vec<Index>, sqlx::Error> {
    let rows = sqlx::query(
        r#"SELECT il.name AS name, il."unique" AS uniq, m.sql AS sql
           FROM pragma_index_list(?) AS il JOIN sqlite_master AS m ON m.type = 'index' AND m.name = il.name
           WHERE il.origin = 'c' ORDER BY il.name"#,
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for row in rows {
        let name: String = row.try_get("name")?;
        let sql: Option<String> = row.try_get("sql")?;
        let Some(written) = sql.as_deref().and_then(parse_index) else { continue };
        out.push(Index {
            name: Some(name),
            table: QName::new(table),
            parts: written.parts,
            unique: row.try_get::<i64, _>("uniq")? != 0,
            method: None,
            predicate: written.predicate,
            include: Vec::new(),
            nulls_not_distinct: false,
        });
    }
    Ok(out)
}
