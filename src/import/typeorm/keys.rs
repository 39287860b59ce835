//! `dropPrimaryKey` and exclusion constraints (`new Table({ exclusions })`,
//! `createExclusionConstraint(s)`, `dropExclusionConstraint(s)`).
//!
//! `dropPrimaryKey(table)` drops the key the replayed state knows, by its real name on
//! PostgreSQL (TypeORM: `primaryKeyConstraintName ?? PK_<hash>`, which is the catalog's name),
//! `DROP PRIMARY KEY` on MySQL, and on SQLite the rebuild without a key.
//!
//! Exclusion constraints are PostgreSQL only (TypeORM throws "… does not support exclusion
//! constraints." elsewhere, and leaves `exclusions` out of MySQL and SQLite tables). The IR has no
//! exclusion constraint (nor does the replayed state), so each is kept as raw PostgreSQL SQL that
//! names its table — `ALTER TABLE "t" ADD CONSTRAINT "XCL_<hash>" EXCLUDE …` after the
//! `CREATE TABLE` it belongs to, `ALTER TABLE "t" DROP CONSTRAINT "…"` — like `query()` SQL.

use super::api::name_of;
use super::columns::{Obj, quote, quote_path};
use super::naming;
use crate::host::{CallValue, Value};
use crate::ir::{RawSql, SqlDialect};
use crate::schema::Schema;

/// `dropPrimaryKey(table, constraintName?, ifExists?)`.
pub fn drop_pk(d: SqlDialect, call: &CallValue, state: &Schema) -> Result<Vec<String>, String> {
    let table = name_of(call.args.first(), "table")?;
    let if_exists = matches!(call.args.get(2), Some(Value::Bool(true)));
    let t = quote_path(d, &table);
    let found = super::tcolumn::loaded_table(state, &table, d)
        .ok_or_else(|| format!("table `{table}` is not in the replayed schema, so its primary key is unknown"))?;
    let primary = super::tcolumn::primary_columns(Some(&found));
    if primary.is_empty() {
        return match if_exists {
            true => Ok(Vec::new()),
            false => Err(format!("`{table}` has no primary key in the replayed schema (TypeORM throws)")),
        };
    }
    let actual = state.table(&super::tcolumn::qname(&table)).and_then(|x| x.primary_key()?.name.clone());
    let name = actual.unwrap_or_else(|| naming::primary_key(&table, &super::tcolumn::names(&primary)));
    Ok(vec![match d {
        SqlDialect::Mysql => format!("ALTER TABLE {t} DROP PRIMARY KEY"),
        _ => {
            let ie = if if_exists && d == SqlDialect::Postgres { "IF EXISTS " } else { "" };
            format!("ALTER TABLE {t} DROP CONSTRAINT {ie}{}", quote(d, &name))
        }
    }])
}

/// Why TypeORM refuses exclusion constraints on `d`, if it does.
fn refused(d: SqlDialect) -> Option<String> {
    let driver = match d {
        SqlDialect::Postgres => return None,
        SqlDialect::Mysql => "MySql",
        SqlDialect::Sqlite => "Sqlite",
    };
    Some(format!("TypeORM refuses this on {d} (\"{driver} does not support exclusion constraints.\")"))
}

/// One `TableExclusion` as raw PostgreSQL SQL (`ADD CONSTRAINT … EXCLUDE …`, down `DROP CONSTRAINT`).
fn exclusion(table: &str, x: &Obj) -> Result<RawSql, String> {
    let d = SqlDialect::Postgres;
    let expr = x.need("expression")?;
    let name = x.text("name").unwrap_or_else(|| naming::exclusion(table, &expr));
    let t = quote_path(d, table);
    let mut sql = format!("ALTER TABLE {t} ADD CONSTRAINT {} EXCLUDE {expr}", quote(d, &name));
    if let Some(def) = x.text("deferrable") {
        sql.push_str(&format!(" DEFERRABLE {def}"));
    }
    Ok(RawSql { sql, down: None, dialect: Some(d), no_transaction: false })
}

/// The `exclusions` of `new Table({…})`: raw SQL after the table on PostgreSQL; on the other
/// drivers TypeORM leaves them out, and so does the import (with the returned note).
pub fn table_exclusions(d: SqlDialect, table: &Obj) -> Result<(Vec<RawSql>, Option<String>), String> {
    let list = table.objects("exclusions")?;
    if list.is_empty() {
        return Ok((Vec::new(), None));
    }
    if d != SqlDialect::Postgres {
        let note = format!("TypeORM leaves the exclusion constraints of `new Table` out on {d}; so does polymig");
        return Ok((Vec::new(), Some(note)));
    }
    let name = table.need("name")?;
    Ok((list.iter().map(|x| exclusion(&name, x)).collect::<Result<_, _>>()?, None))
}

/// `createExclusionConstraint(table, exclusion)` / `createExclusionConstraints(table, [exclusions])`.
pub fn create_exclusions(d: SqlDialect, call: &CallValue) -> Result<Vec<RawSql>, String> {
    if let Some(reason) = refused(d) {
        return Err(reason);
    }
    let table = name_of(call.args.first(), "table")?;
    items(call, "createExclusionConstraints")?
        .into_iter()
        .map(|v| exclusion(&table, &Obj::of(v).ok_or("the exclusion constraint is not an object")?))
        .collect()
}

/// `dropExclusionConstraint(table, exclusionOrName, ifExists?)` / `dropExclusionConstraints`.
pub fn drop_exclusions(d: SqlDialect, call: &CallValue) -> Result<Vec<RawSql>, String> {
    if let Some(reason) = refused(d) {
        return Err(reason);
    }
    let table = name_of(call.args.first(), "table")?;
    let if_exists = if matches!(call.args.get(2), Some(Value::Bool(true))) { "IF EXISTS " } else { "" };
    items(call, "dropExclusionConstraints")?
        .into_iter()
        .map(|v| {
            let name = match v {
                Value::Str(n) => n.clone(),
                v => {
                    let o = Obj::of(v).ok_or("the exclusion constraint is not an object")?;
                    o.text("name")
                        .unwrap_or_else(|| naming::exclusion(&table, &o.need("expression").unwrap_or_default()))
                }
            };
            let sql = format!(
                "ALTER TABLE {} DROP CONSTRAINT {if_exists}{}",
                quote_path(SqlDialect::Postgres, &table),
                quote(SqlDialect::Postgres, &name)
            );
            Ok(RawSql { sql, down: None, dialect: Some(SqlDialect::Postgres), no_transaction: false })
        })
        .collect()
}

fn items<'a>(call: &'a CallValue, plural: &str) -> Result<Vec<&'a Value>, String> {
    match (call.method() == plural, call.args.get(1)) {
        (true, Some(Value::List(items))) => Ok(items.iter().collect()),
        (false, Some(v)) => Ok(vec![v]),
        _ => Err("the exclusion constraints are not literal".into()),
    }
}
