//! PostgreSQL: read `pg_catalog` (tables, columns, constraints, indexes, enums, views,
//! extensions) of every non-system schema. Objects in `public` get unqualified names; objects in
//! other schemas get `QName.schema`. Objects that belong to an extension are skipped, and so is
//! `plpgsql`. Exclusion constraints have no IR form and are not reported.

use std::collections::BTreeMap;

use sqlx::{PgConnection, Row};

use super::is_bookkeeping;
use crate::import::sql::{default_from_text, expression_text, map_type_text};
use crate::ir::{
    AutoIncrement, Column, Constraint, ConstraintKind, DataType, Deferrable, FkAction, ForeignKey, GeneratedColumn,
    Index, IndexKey, IndexPart, QName, SqlDialect,
};
use crate::schema::{EnumType, Schema, Table, View};

/// `WHERE` fragment selecting the relations (alias `c`, namespace `n`) polymig reads.
macro_rules! user_objects {
    () => {
        " n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = 'pg_class'::regclass
                          AND dep.objid = c.oid AND dep.deptype = 'e') "
    };
}

/// The oids of the tables read (an `IN (…)` subquery).
macro_rules! user_tables {
    () => {
        concat!(
            " (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ",
            user_objects!(),
            ") "
        )
    };
}

const D: SqlDialect = SqlDialect::Postgres;

fn qname(schema: String, name: String) -> QName {
    if schema == "public" { QName::new(name) } else { QName::qualified(schema, name) }
}

/// Read every user schema of the database `conn` is connected to.
pub async fn introspect_postgres(conn: &mut PgConnection) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    let rows = sqlx::query(concat!(
        "SELECT c.oid::int8 AS oid, n.nspname::text AS schema, c.relname::text AS name,
                obj_description(c.oid, 'pg_class') AS comment
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.oid IN ",
        user_tables!(),
        " ORDER BY n.nspname, c.relname"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let mut keys: BTreeMap<i64, String> = BTreeMap::new();
    for row in rows {
        let name = qname(row.try_get("schema")?, row.try_get("name")?);
        if is_bookkeeping(&name.name) {
            continue;
        }
        let mut table = Table::new(name.clone());
        table.comment = row.try_get("comment")?;
        keys.insert(row.try_get("oid")?, name.key());
        schema.tables.insert(name.key(), table);
    }
    columns(conn, &keys, &mut schema).await?;
    constraints(conn, &keys, &mut schema).await?;
    indexes(conn, &keys, &mut schema).await?;
    enums(conn, &mut schema).await?;
    views(conn, &mut schema).await?;
    let exts = sqlx::query("SELECT extname::text AS name FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1")
        .fetch_all(&mut *conn)
        .await?;
    for row in exts {
        schema.extensions.insert(row.try_get("name")?);
    }
    Ok(schema)
}

async fn columns(
    conn: &mut PgConnection,
    keys: &BTreeMap<i64, String>,
    schema: &mut Schema,
) -> Result<(), sqlx::Error> {
    let rows = sqlx::query(concat!(
        "SELECT a.attrelid::int8 AS rel, a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type,
                t.typtype::text AS typtype, tn.nspname::text AS typschema, t.typname::text AS typname,
                et.typtype::text AS elemtype, etn.nspname::text AS elemschema, et.typname::text AS elemname,
                a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS dflt,
                a.attidentity::text AS identity, (to_jsonb(a.*) ->> 'attgenerated') AS generated,
                col_description(a.attrelid, a.attnum) AS comment,
                CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname::text END AS collation,
                pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS serial_seq
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace
         LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
         LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         LEFT JOIN pg_collation co ON co.oid = a.attcollation
         WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid IN ",
        user_tables!(),
        " ORDER BY a.attrelid, a.attnum"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let Some(table) = keys.get(&row.try_get::<i64, _>("rel")?).and_then(|k| schema.tables.get_mut(k)) else {
            continue;
        };
        let typtype: String = row.try_get("typtype")?;
        let elemtype: Option<String> = row.try_get("elemtype")?;
        let data_type = if typtype == "e" {
            enum_type(row.try_get("typschema")?, row.try_get("typname")?)
        } else if elemtype.as_deref() == Some("e") {
            DataType::Array { of: Box::new(enum_type(row.try_get("elemschema")?, row.try_get("elemname")?)) }
        } else {
            map_type_text(&row.try_get::<String, _>("type")?, D)
        };
        let mut col = Column::new(row.try_get::<String, _>("name")?, data_type);
        col.nullable = !row.try_get::<bool, _>("notnull")?;
        col.comment = row.try_get("comment")?;
        col.collation = row.try_get("collation")?;
        let dflt: Option<String> = row.try_get("dflt")?;
        let identity: String = row.try_get("identity")?;
        let generated: Option<String> = row.try_get("generated")?;
        let serial_seq: Option<String> = row.try_get("serial_seq")?;
        col.auto_increment = match identity.as_str() {
            "a" => Some(AutoIncrement::IdentityAlways),
            "d" => Some(AutoIncrement::IdentityByDefault),
            _ => None,
        };
        match dflt {
            Some(expr) if generated.as_deref() == Some("s") => {
                col.generated = Some(GeneratedColumn { expr: expression_text(&expr, D), stored: true });
            }
            Some(expr) if serial_seq.is_some() && expr.starts_with("nextval(") && col.auto_increment.is_none() => {
                col.auto_increment = Some(AutoIncrement::Serial);
            }
            Some(expr) => col.default = Some(default_from_text(&expr, D, None)),
            None => {}
        }
        table.columns.push(col);
    }
    Ok(())
}

fn enum_type(schema: String, name: String) -> DataType {
    DataType::Enum { name: Some(qname(schema, name)), values: Vec::new() }
}

async fn constraints(
    conn: &mut PgConnection,
    keys: &BTreeMap<i64, String>,
    schema: &mut Schema,
) -> Result<(), sqlx::Error> {
    let rows = sqlx::query(concat!(
        "SELECT con.conrelid::int8 AS rel, con.conname::text AS name, con.contype::text AS kind,
                ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord) AS cols,
                fn.nspname::text AS ref_schema, fc.relname::text AS ref_table,
                ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord) AS ref_cols,
                con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete,
                con.condeferrable AS deferrable, con.condeferred AS deferred,
                pg_get_constraintdef(con.oid, true) AS def,
                COALESCE((to_jsonb(ix.*) ->> 'indnullsnotdistinct') = 'true', false) AS nnd
         FROM pg_constraint con
         LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
         LEFT JOIN pg_index ix ON ix.indexrelid = con.conindid AND con.contype IN ('p', 'u')
         WHERE con.contype IN ('p', 'u', 'f', 'c') AND con.conrelid IN ",
        user_tables!(),
        " ORDER BY con.conrelid, position(con.contype::text in 'pufc'), con.conname"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let Some(table) = keys.get(&row.try_get::<i64, _>("rel")?).and_then(|k| schema.tables.get_mut(k)) else {
            continue;
        };
        let columns: Vec<String> = row.try_get("cols")?;
        let deferrable = match (row.try_get("deferrable")?, row.try_get("deferred")?) {
            (true, true) => Some(Deferrable::Deferred),
            (true, false) => Some(Deferrable::Immediate),
            _ => None,
        };
        let kind = match row.try_get::<String, _>("kind")?.as_str() {
            "p" => ConstraintKind::PrimaryKey { columns },
            "u" => ConstraintKind::Unique { columns, nulls_not_distinct: row.try_get("nnd")?, deferrable },
            "f" => ConstraintKind::ForeignKey(ForeignKey {
                columns,
                ref_table: qname(row.try_get("ref_schema")?, row.try_get("ref_table")?),
                ref_columns: row.try_get("ref_cols")?,
                on_delete: action(&row.try_get::<String, _>("on_delete")?),
                on_update: action(&row.try_get::<String, _>("on_update")?),
                deferrable,
            }),
            _ => ConstraintKind::Check { expr: check_expr(&row.try_get::<String, _>("def")?) },
        };
        table.constraints.push(Constraint { name: Some(row.try_get("name")?), kind });
    }
    Ok(())
}

/// `pg_constraint.confdeltype` letters; `a` (NO ACTION, the default) → `None`.
fn action(code: &str) -> Option<FkAction> {
    match code {
        "r" => Some(FkAction::Restrict),
        "c" => Some(FkAction::Cascade),
        "n" => Some(FkAction::SetNull),
        "d" => Some(FkAction::SetDefault),
        _ => None,
    }
}

/// `CHECK ((price > 0)) NOT VALID` → `price > 0`.
fn check_expr(def: &str) -> String {
    let def = def.trim();
    let def = def.strip_suffix("NOT VALID").unwrap_or(def).trim();
    let def = def.strip_suffix("NO INHERIT").unwrap_or(def).trim();
    let body = def.strip_prefix("CHECK").unwrap_or(def);
    expression_text(body, D)
}

async fn indexes(
    conn: &mut PgConnection,
    keys: &BTreeMap<i64, String>,
    schema: &mut Schema,
) -> Result<(), sqlx::Error> {
    let rows = sqlx::query(concat!(
        "SELECT i.indrelid::int8 AS rel, ic.relname::text AS name, i.indisunique AS uniq, am.amname::text AS method,
                i.indnkeyatts::int4 AS nkey,
                pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
                COALESCE((to_jsonb(i.*) ->> 'indnullsnotdistinct') = 'true', false) AS nnd,
                ARRAY(SELECT pg_get_indexdef(i.indexrelid, k.n::int4, true)
                      FROM generate_series(1, i.indnatts) AS k(n) ORDER BY k.n) AS defs,
                ARRAY(SELECT COALESCE(a.attname::text, '') FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
                      LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num AND k.num > 0
                      ORDER BY k.ord) AS attnames,
                ARRAY(SELECT u.o FROM unnest(i.indoption::int2[]) WITH ORDINALITY u(o, ord) ORDER BY u.ord) AS options,
                ARRAY(SELECT CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname::text END
                      FROM unnest(i.indclass::oid[]) WITH ORDINALITY u(o, ord)
                      JOIN pg_opclass oc ON oc.oid = u.o ORDER BY u.ord) AS opclasses,
                ARRAY(SELECT CASE WHEN u.c IN (0, 100) OR u.c = a.attcollation THEN NULL ELSE co.collname::text END
                      FROM unnest(i.indcollation::oid[]) WITH ORDINALITY u(c, ord)
                      JOIN unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord) ON k.ord = u.ord
                      LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num
                      LEFT JOIN pg_collation co ON co.oid = u.c ORDER BY u.ord) AS collations
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
         WHERE NOT EXISTS (SELECT 1 FROM pg_constraint con
                           WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
           AND i.indrelid IN ",
        user_tables!(),
        " ORDER BY i.indrelid, ic.relname"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let Some(table) = keys.get(&row.try_get::<i64, _>("rel")?).and_then(|k| schema.tables.get_mut(k)) else {
            continue;
        };
        let nkey = usize::try_from(row.try_get::<i32, _>("nkey")?).unwrap_or(0);
        let defs: Vec<String> = row.try_get("defs")?;
        let attnames: Vec<String> = row.try_get("attnames")?;
        let options: Vec<i16> = row.try_get("options")?;
        let opclasses: Vec<Option<String>> = row.try_get("opclasses")?;
        let collations: Vec<Option<String>> = row.try_get("collations")?;
        let parts = (0..nkey.min(defs.len()))
            .map(|k| {
                let name = attnames.get(k).filter(|n| !n.is_empty());
                let option = options.get(k).copied().unwrap_or(0);
                let desc = option & 1 != 0;
                let nulls_first = option & 2 != 0;
                IndexPart {
                    key: match name {
                        Some(n) => IndexKey::Column(n.clone()),
                        None => IndexKey::Expression(expression_text(&defs[k], D)),
                    },
                    desc,
                    // NULLS FIRST is the default for DESC, NULLS LAST for ASC: report only the other.
                    nulls_first: (nulls_first != desc).then_some(nulls_first),
                    opclass: opclasses.get(k).cloned().flatten(),
                    length: None,
                    collation: collations.get(k).cloned().flatten(),
                }
            })
            .collect();
        let method: String = row.try_get("method")?;
        table.indexes.push(Index {
            name: Some(row.try_get("name")?),
            table: table.name.clone(),
            parts,
            unique: row.try_get("uniq")?,
            method: (method != "btree").then_some(method),
            predicate: row.try_get::<Option<String>, _>("predicate")?.map(|p| expression_text(&p, D)),
            include: attnames.iter().skip(nkey).cloned().collect(),
            nulls_not_distinct: row.try_get("nnd")?,
        });
    }
    Ok(())
}

async fn enums(conn: &mut PgConnection, schema: &mut Schema) -> Result<(), sqlx::Error> {
    let rows = sqlx::query(
        "SELECT n.nspname::text AS schema, t.typname::text AS name,
                ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE t.typtype = 'e' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
           AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = 'pg_type'::regclass
                           AND dep.objid = t.oid AND dep.deptype = 'e')
         ORDER BY 1, 2",
    )
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let name = qname(row.try_get("schema")?, row.try_get("name")?);
        schema.enums.insert(name.key(), EnumType { name, values: row.try_get("labels")? });
    }
    Ok(())
}

async fn views(conn: &mut PgConnection, schema: &mut Schema) -> Result<(), sqlx::Error> {
    let rows = sqlx::query(concat!(
        "SELECT n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS kind,
                pg_get_viewdef(c.oid, true) AS def,
                ARRAY(SELECT a.attname::text FROM pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS cols
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('v', 'm') AND ",
        user_objects!(),
        " ORDER BY 1, 2"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let name = qname(row.try_get("schema")?, row.try_get("name")?);
        let def: String = row.try_get("def")?;
        let query = def.trim().trim_end_matches(';').trim().to_string();
        let materialized = row.try_get::<String, _>("kind")? == "m";
        let columns = row.try_get("cols")?;
        schema.views.insert(name.key(), View { name, columns, query, materialized });
    }
    Ok(())
}
