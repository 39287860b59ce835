//! MySQL 8 / MariaDB: read `information_schema` for the current database.
//!
//! What the server folds is reported in its folded form:
//! - every `UNIQUE` key made of plain columns is a `Unique` constraint (MySQL cannot tell
//!   `CREATE UNIQUE INDEX` from `ADD CONSTRAINT … UNIQUE`); unique keys with a prefix length,
//!   `DESC` or an expression are unique indexes;
//! - the index MySQL creates for a foreign key (named after the constraint or its first column,
//!   on exactly the key's columns) is not reported;
//! - `RESTRICT` and `NO ACTION` (the same on MySQL, and its default) are `None`;
//! - MariaDB's `json` (a `longtext` with a `json_valid(col)` check) is `Json` without that check;
//! - a column collation equal to the table's default is `None`.

use std::collections::BTreeMap;

use sqlx::mysql::MySqlRow;
use sqlx::{MySqlConnection, Row};

use super::is_bookkeeping;
use crate::import::sql::{default_from_text, expression_text, map_type_text};
use crate::ir::{
    AutoIncrement, Column, Constraint, ConstraintKind, DataType, DefaultExpr, FkAction, ForeignKey, GeneratedColumn,
    Index, IndexKey, IndexPart, QName, SqlDialect,
};
use crate::schema::{Schema, Table, View};

const D: SqlDialect = SqlDialect::Mysql;

/// A text column, whichever way the server types it (MySQL 8 returns some as binary strings).
fn text(row: &MySqlRow, col: &str) -> Result<Option<String>, sqlx::Error> {
    match row.try_get::<Option<String>, _>(col) {
        Ok(v) => Ok(v),
        Err(_) => Ok(row.try_get::<Option<Vec<u8>>, _>(col)?.map(|b| String::from_utf8_lossy(&b).into_owned())),
    }
}

fn text_or_empty(row: &MySqlRow, col: &str) -> Result<String, sqlx::Error> {
    Ok(text(row, col)?.unwrap_or_default())
}

/// Read the current database (`SELECT DATABASE()`) of `conn`.
pub async fn introspect_mysql(conn: &mut MySqlConnection) -> Result<Schema, sqlx::Error> {
    let head = sqlx::query("SELECT VERSION() AS version, DATABASE() AS db").fetch_one(&mut *conn).await?;
    let mariadb = text_or_empty(&head, "version")?.to_ascii_lowercase().contains("mariadb");
    let db = text_or_empty(&head, "db")?;
    let mut schema = Schema::default();
    let mut collations = BTreeMap::new();
    let rows = sqlx::query(
        "SELECT TABLE_NAME AS name, TABLE_COLLATION AS coll, TABLE_COMMENT AS comment FROM information_schema.TABLES
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    )
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let name = text_or_empty(&row, "name")?;
        if is_bookkeeping(&name) {
            continue;
        }
        let mut table = Table::new(QName::new(name.clone()));
        table.comment = text(&row, "comment")?.filter(|c| !c.is_empty());
        collations.insert(name.clone(), text(&row, "coll")?);
        schema.tables.insert(name, table);
    }
    views(conn, &db, &mut schema).await?;
    columns(conn, mariadb, &collations, &mut schema).await?;
    keys(conn, &db, &mut schema).await?;
    checks(conn, mariadb, &mut schema).await?;
    indexes(conn, mariadb, &mut schema).await?;
    Ok(schema)
}

async fn columns(
    conn: &mut MySqlConnection,
    mariadb: bool,
    collations: &BTreeMap<String, Option<String>>,
    schema: &mut Schema,
) -> Result<(), sqlx::Error> {
    let rows = sqlx::query(
        "SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_DEFAULT AS dflt, IS_NULLABLE AS nullable,
                DATA_TYPE AS data_type, COLUMN_TYPE AS type, COLLATION_NAME AS coll, EXTRA AS extra,
                COLUMN_COMMENT AS comment, GENERATION_EXPRESSION AS gen
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION",
    )
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let tbl = text_or_empty(&row, "tbl")?;
        let Some(table) = schema.tables.get_mut(&tbl) else {
            if let Some(view) = schema.views.get_mut(&tbl) {
                view.columns.push(text_or_empty(&row, "name")?);
            }
            continue;
        };
        let data_type = map_type_text(&text_or_empty(&row, "type")?, D);
        let extra = text_or_empty(&row, "extra")?.to_ascii_lowercase();
        let mut col = Column::new(text_or_empty(&row, "name")?, data_type);
        col.nullable = text_or_empty(&row, "nullable")? == "YES";
        col.comment = text(&row, "comment")?.filter(|c| !c.is_empty());
        let coll = text(&row, "coll")?;
        col.collation = coll.filter(|c| collations.get(&tbl).and_then(|t| t.as_ref()) != Some(c));
        if extra.contains("auto_increment") {
            col.auto_increment = Some(AutoIncrement::AutoIncrement);
        }
        if let Some((_, clause)) = extra.split_once("on update ") {
            col.on_update = Some(default_from_text(clause, D, None));
        }
        if extra.contains("generated") && !extra.contains("default_generated") {
            let expr = expression_text(&text_or_empty(&row, "gen")?, D);
            col.generated = Some(GeneratedColumn { expr, stored: extra.contains("stored") });
        } else if let Some(dflt) = text(&row, "dflt")? {
            col.default = default(&dflt, mariadb, &extra, &col.data_type);
        }
        table.columns.push(col);
    }
    Ok(())
}

/// MariaDB prints defaults as SQL (`'x'`, `NULL`, `current_timestamp()`); MySQL 8 prints the bare
/// value and marks expressions with `DEFAULT_GENERATED`.
fn default(text: &str, mariadb: bool, extra: &str, ty: &DataType) -> Option<DefaultExpr> {
    let parsed = if mariadb || extra.contains("default_generated") {
        default_from_text(text, D, None)
    } else if matches!(
        ty,
        DataType::Integer { .. } | DataType::Decimal { .. } | DataType::Float { .. } | DataType::Boolean
    ) {
        DefaultExpr::Number(text.to_string())
    } else {
        DefaultExpr::String(text.to_string())
    };
    (parsed != DefaultExpr::Null).then_some(parsed)
}

async fn keys(conn: &mut MySqlConnection, db: &str, schema: &mut Schema) -> Result<(), sqlx::Error> {
    let rows = sqlx::query(
        "SELECT tc.TABLE_NAME AS tbl, tc.CONSTRAINT_NAME AS name, tc.CONSTRAINT_TYPE AS kind, k.COLUMN_NAME AS col,
                k.REFERENCED_TABLE_SCHEMA AS ref_schema, k.REFERENCED_TABLE_NAME AS ref_table,
                k.REFERENCED_COLUMN_NAME AS ref_col, rc.UPDATE_RULE AS on_update, rc.DELETE_RULE AS on_delete
         FROM information_schema.TABLE_CONSTRAINTS tc
         JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
              AND k.TABLE_NAME = tc.TABLE_NAME AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
         LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS rc ON rc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
              AND rc.TABLE_NAME = tc.TABLE_NAME AND rc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
         WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
         ORDER BY tc.TABLE_NAME, FIELD(tc.CONSTRAINT_TYPE, 'PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY'),
                  tc.CONSTRAINT_NAME, k.ORDINAL_POSITION",
    )
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let Some(table) = schema.tables.get_mut(&text_or_empty(&row, "tbl")?) else { continue };
        let name = text_or_empty(&row, "name")?;
        let col = text_or_empty(&row, "col")?;
        let kind = text_or_empty(&row, "kind")?;
        if let Some(last) = table.constraints.last_mut().filter(|c| c.name.as_deref() == Some(name.as_str())) {
            match &mut last.kind {
                ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => columns.push(col),
                ConstraintKind::ForeignKey(fk) => {
                    fk.columns.push(col);
                    fk.ref_columns.extend(text(&row, "ref_col")?);
                }
                _ => {}
            }
            continue;
        }
        let kind = match kind.as_str() {
            "PRIMARY KEY" => ConstraintKind::PrimaryKey { columns: vec![col] },
            "UNIQUE" => ConstraintKind::Unique { columns: vec![col], nulls_not_distinct: false, deferrable: None },
            _ => {
                let ref_name = text_or_empty(&row, "ref_table")?;
                let ref_table = match text(&row, "ref_schema")? {
                    Some(s) if s != db => QName::qualified(s, ref_name),
                    _ => QName::new(ref_name),
                };
                ConstraintKind::ForeignKey(ForeignKey {
                    columns: vec![col],
                    ref_table,
                    ref_columns: text(&row, "ref_col")?.into_iter().collect(),
                    on_delete: action(&text_or_empty(&row, "on_delete")?),
                    on_update: action(&text_or_empty(&row, "on_update")?),
                    deferrable: None,
                })
            }
        };
        table.constraints.push(Constraint { name: Some(name), kind });
    }
    Ok(())
}

/// `CASCADE` → `Cascade`, …; `RESTRICT` and `NO ACTION` (MySQL's default, and equal there) → `None`.
fn action(rule: &str) -> Option<FkAction> {
    match rule {
        "CASCADE" => Some(FkAction::Cascade),
        "SET NULL" => Some(FkAction::SetNull),
        "SET DEFAULT" => Some(FkAction::SetDefault),
        _ => None,
    }
}

async fn checks(conn: &mut MySqlConnection, mariadb: bool, schema: &mut Schema) -> Result<(), sqlx::Error> {
    let query = if mariadb {
        "SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS
         WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME"
    } else {
        "SELECT tc.TABLE_NAME AS tbl, tc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause
         FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.CHECK_CONSTRAINTS cc
              ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
         WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME"
    };
    for row in sqlx::query(query).fetch_all(&mut *conn).await? {
        let Some(table) = schema.tables.get_mut(&text_or_empty(&row, "tbl")?) else { continue };
        let name = text_or_empty(&row, "name")?;
        let expr = expression_text(&text_or_empty(&row, "clause")?, D);
        // MariaDB's `json` is `longtext` + CHECK (json_valid(`col`)) named after the column.
        if let Some(col) = table.columns.iter_mut().find(|c| c.name == name)
            && expr == format!("json_valid(\"{}\")", name.replace('"', "\"\""))
            && col.data_type == DataType::native("longtext", Some(D))
        {
            col.data_type = DataType::Json { binary: false };
            col.collation = None;
            continue;
        }
        table.constraints.push(Constraint { name: Some(name), kind: ConstraintKind::Check { expr } });
    }
    Ok(())
}

async fn indexes(conn: &mut MySqlConnection, mariadb: bool, schema: &mut Schema) -> Result<(), sqlx::Error> {
    let query = if mariadb {
        "SELECT TABLE_NAME AS tbl, INDEX_NAME AS name, CAST(NON_UNIQUE AS SIGNED) AS non_unique, COLUMN_NAME AS col,
                CAST(SUB_PART AS SIGNED) AS sub_part, INDEX_TYPE AS method, COLLATION AS coll, NULL AS expr
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY'
         ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"
    } else {
        "SELECT TABLE_NAME AS tbl, INDEX_NAME AS name, CAST(NON_UNIQUE AS SIGNED) AS non_unique, COLUMN_NAME AS col,
                CAST(SUB_PART AS SIGNED) AS sub_part, INDEX_TYPE AS method, COLLATION AS coll, EXPRESSION AS expr
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY'
         ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"
    };
    let mut found: BTreeMap<(String, String), Index> = BTreeMap::new();
    for row in sqlx::query(query).fetch_all(&mut *conn).await? {
        let tbl = text_or_empty(&row, "tbl")?;
        let name = text_or_empty(&row, "name")?;
        let key = match text(&row, "col")? {
            Some(c) => IndexKey::Column(c),
            None => IndexKey::Expression(expression_text(&text_or_empty(&row, "expr")?, D)),
        };
        let length = row.try_get::<Option<i64>, _>("sub_part")?.and_then(|n| u32::try_from(n).ok());
        let part =
            IndexPart { key, desc: text(&row, "coll")?.as_deref() == Some("D"), length, ..IndexPart::column("") };
        let method = text_or_empty(&row, "method")?.to_ascii_lowercase();
        let index = found.entry((tbl.clone(), name.clone())).or_insert_with(|| Index {
            name: Some(name),
            table: QName::new(tbl),
            parts: Vec::new(),
            unique: row.try_get::<i64, _>("non_unique").is_ok_and(|n| n == 0),
            method: (method != "btree").then_some(method),
            predicate: None,
            include: Vec::new(),
            nulls_not_distinct: false,
        });
        index.parts.push(part);
    }
    for ((tbl, _), index) in found {
        let Some(table) = schema.tables.get_mut(&tbl) else { continue };
        let plain = index.method.is_none()
            && index.parts.iter().all(|p| matches!(p.key, IndexKey::Column(_)) && !p.desc && p.length.is_none());
        let cols: Vec<String> = index.column_names().into_iter().map(str::to_string).collect();
        let name = index.name.clone().unwrap_or_default();
        if index.unique {
            if plain {
                continue; // already read as a UNIQUE constraint
            }
            table.constraints.retain(|c| c.name.as_deref() != Some(name.as_str()));
        } else if plain && backs_foreign_key(table, &name, &cols) {
            continue;
        }
        table.indexes.push(index);
    }
    Ok(())
}

/// True for the index MySQL creates for a foreign key: on exactly its columns, named after the
/// constraint or its first column.
fn backs_foreign_key(table: &Table, index: &str, cols: &[String]) -> bool {
    table.constraints.iter().any(|c| match &c.kind {
        ConstraintKind::ForeignKey(fk) => {
            fk.columns == cols
                && (c.name.as_deref() == Some(index) || fk.columns.first().is_some_and(|f| numbered_after(index, f)))
        }
        _ => false,
    })
}

/// `name` is `base` or `base_<n>` (how MySQL de-duplicates generated index names).
fn numbered_after(name: &str, base: &str) -> bool {
    name == base
        || name
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('_'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

async fn views(conn: &mut MySqlConnection, db: &str, schema: &mut Schema) -> Result<(), sqlx::Error> {
    let rows = sqlx::query(
        "SELECT TABLE_NAME AS name, VIEW_DEFINITION AS def FROM information_schema.VIEWS
         WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
    )
    .fetch_all(&mut *conn)
    .await?;
    let qualifier = format!("`{}`.", db.replace('`', "``"));
    for row in rows {
        let name = text_or_empty(&row, "name")?;
        let query = expression_text(&text_or_empty(&row, "def")?.replace(&qualifier, ""), D);
        schema
            .views
            .insert(name.clone(), View { name: QName::new(name), columns: Vec::new(), query, materialized: false });
    }
    Ok(())
}
