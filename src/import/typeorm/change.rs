//! `queryRunner.changeColumn(table, oldColumnOrName, newColumn)` / `changeColumns(table, [{
//! oldColumn, newColumn }])` as TypeORM 1.x's query runners carry it out. The old column is the
//! one given, or the replayed state's (as `getTable` loads it, [`super::loaded`]); the two are
//! compared field by field with JavaScript's `!==`:
//!
//! - PostgreSQL: a different `type`, `length` or `isArray` (or a new stored generated column)
//!   drops the column and adds the new one; otherwise only what differs is altered — rename (and
//!   the default-named `PK_`/`UQ_`/`IDX_`/`FK_` names and the serial sequence with it),
//!   precision/scale, nullability, comment, primary key, `UQ_` unique, uuid generation,
//!   default, collation ([`pg`]).
//! - MySQL: a different `type`, `length` or auto-increment drops and re-adds; otherwise a rename,
//!   one `CHANGE` with the new definition when anything else differs, the primary key and the
//!   unique index ([`mysql`]).
//! - SQLite rebuilds the table with the new column in place of the old one ([`sqlite`]); the
//!   importer writes the result as the alterations the rebuild amounts to (type, nullability,
//!   default, key, a new `UQ_` unique).
//!
//! Branches TypeORM takes that polymig does not model (enum type changes, identity and sequence
//! changes, generated-column conversions) are refused with the reason, so the call stays Opaque.

use super::api::name_of;
use super::column_ops::{add_column, drop_column};
use super::columns::{column_def, default_sql, full_type, quote, quote_path};
use super::naming;
use super::renames::renamed_names;
use super::tcolumn::{self, Col, same_items};
use crate::host::{CallValue, Value};
use crate::ir::SqlDialect;
use crate::schema::Schema;

/// The statements of one change of `old` into `new` on `table` (`loaded`: the table as it stands
/// in `state`).
pub fn change(
    d: SqlDialect,
    table: &str,
    old: &Col,
    new: &Col,
    loaded: Option<&Value>,
    state: &Schema,
) -> Result<Vec<String>, String> {
    match d {
        SqlDialect::Postgres => pg(table, old, new, loaded),
        SqlDialect::Mysql => mysql(table, old, new, loaded),
        SqlDialect::Sqlite => {
            let pk = state.table(&tcolumn::qname(table)).and_then(|t| t.primary_key()?.name.clone());
            sqlite(table, old, new, loaded, pk)
        }
    }
}

/// Why TypeORM drops `old` and adds `new` instead of altering it ("to avoid data conversion"), if
/// it does: PostgreSQL on another `type`, `length` or `isArray` (or a new stored generated
/// column), MySQL on another `type`, `length`, auto-increment or generated kind. SQLite rebuilds
/// the table either way and keeps the data.
pub fn recreates(d: SqlDialect, old: &Col, new: &Col) -> Option<String> {
    // As JavaScript would print them: `"255"` (a string) is not `255` (a number).
    let shown = |c: &Col, k: &str| match c.get(k) {
        Value::Str(x) => format!("\"{x}\""),
        Value::Number(x) => x.clone(),
        Value::Bool(x) => x.to_string(),
        Value::Nil => "undefined".into(),
        _ => "an object".into(),
    };
    let differs = |k: &str| old.differs(new, k).then(|| format!("`{k}` {} is not {}", shown(old, k), shown(new, k)));
    let generated = |c: &Col| c.text("generatedType");
    match d {
        SqlDialect::Postgres => {
            let stored = generated(new).as_deref() == Some("STORED");
            differs("type").or_else(|| differs("length")).or_else(|| differs("isArray")).or_else(|| {
                (stored && (generated(old).is_none() || old.differs(new, "asExpression")))
                    .then(|| "the new column is a stored generated column".to_string())
            })
        }
        SqlDialect::Mysql => {
            let auto = new.differs(old, "isGenerated") && new.text("generationStrategy").as_deref() != Some("uuid");
            let kind = matches!((generated(old), generated(new)), (Some(a), Some(b)) if a != b)
                || (generated(old).is_none() && generated(new).as_deref() == Some("VIRTUAL"))
                || (generated(old).as_deref() == Some("VIRTUAL") && generated(new).is_none());
            differs("type")
                .or_else(|| differs("length"))
                .or_else(|| auto.then(|| "auto-increment changes".to_string()))
                .or_else(|| kind.then(|| "the generated kind changes".to_string()))
        }
        SqlDialect::Sqlite => None,
    }
}

/// Drop `old` and add `new`, TypeORM's way of changing a type "to avoid data conversion".
fn recreate(d: SqlDialect, table: &str, old: &Col, new: &Col, loaded: Option<&Value>) -> Result<Vec<String>, String> {
    let mut out = drop_column(d, table, old, loaded)?;
    // The table without the dropped column, for the primary key of the added one.
    let after = loaded.map(|_| {
        let mut cols: Vec<Value> = tcolumn::list(loaded, "columns").to_vec();
        cols.retain(|c| Col::of(c).is_none_or(|c| c.differs(old, "name")));
        Value::Map(vec![(Value::Str("columns".into()), Value::List(cols))])
    });
    out.extend(add_column(d, table, new, after.as_ref())?);
    Ok(out)
}

fn unsupported(what: &str) -> Result<Vec<String>, String> {
    Err(format!("changeColumn {what} is not read yet"))
}

/// `PostgresQueryRunner.changeColumn`.
fn pg(table: &str, old: &Col, new: &Col, loaded: Option<&Value>) -> Result<Vec<String>, String> {
    let d = SqlDialect::Postgres;
    if recreates(d, old, new).is_some() {
        return recreate(d, table, old, new, loaded);
    }
    let t = quote_path(d, table);
    let (from, to) = (old.name()?, new.name()?);
    let c = quote(d, &to);
    let mut out = Vec::new();
    if from != to {
        out.push(format!("ALTER TABLE {t} RENAME COLUMN {} TO {c}", quote(d, &from)));
        if old.is_enum() {
            return unsupported("renaming an enum column (its type is renamed too)");
        }
        if old.is("isGenerated") && new.text("generationStrategy").as_deref() == Some("increment") {
            let base = table.rsplit('.').next().unwrap_or(table);
            out.push(format!("ALTER SEQUENCE \"{base}_{from}_seq\" RENAME TO \"{base}_{to}_seq\""));
        }
        out.extend(renamed_names(d, table, &from, &to, loaded));
    }
    if new.differs(old, "precision") || new.differs(old, "scale") {
        out.push(format!("ALTER TABLE {t} ALTER COLUMN {c} TYPE {}", full_type(d, &new.obj())?));
    }
    if (new.is_enum() && old.is_enum())
        && (!same_items(new.get("enum"), old.get("enum")) || new.differs(old, "enumName"))
    {
        return unsupported("changing enum values");
    }
    if old.differs(new, "isNullable") {
        let verb = if new.is("isNullable") { "DROP NOT NULL" } else { "SET NOT NULL" };
        out.push(format!("ALTER TABLE {t} ALTER COLUMN {c} {verb}"));
    }
    if old.differs(new, "comment") {
        let text = new.text("comment").map_or_else(|| "NULL".to_string(), |x| super::columns::literal(d, &x));
        out.push(format!("COMMENT ON COLUMN {t}.{c} IS {text}"));
    }
    if new.differs(old, "isPrimary") {
        out.extend(pg_primary(table, &from, &to, new, loaded));
    }
    if new.differs(old, "isUnique") {
        if new.is("isUnique") {
            let uq = naming::unique(table, std::slice::from_ref(&to));
            out.push(format!("ALTER TABLE {t} ADD CONSTRAINT {} UNIQUE ({c})", quote(d, &uq)));
        } else {
            let found = tcolumn::list(loaded, "uniques").iter().find(|u| {
                let cols = tcolumn::strings(u, "columnNames");
                cols.len() == 1 && (cols[0] == to || cols[0] == from)
            });
            let name = found
                .and_then(|u| tcolumn::text(u, "name"))
                .ok_or("the unique constraint to drop is not in the replayed schema")?;
            out.push(format!("ALTER TABLE {t} DROP CONSTRAINT {}", quote(d, &name)));
        }
    }
    if old.differs(new, "isGenerated") {
        let strategy = |col: &Col| col.text("generationStrategy").unwrap_or_default();
        if old.is("isGenerated") {
            match strategy(old).as_str() {
                "uuid" => out.push(format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT")),
                "increment" => return unsupported("removing a serial column's sequence"),
                _ => {}
            }
        }
        match (strategy(new).as_str(), new.is("isGenerated")) {
            ("uuid", true) => out.push(format!("ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT uuid_generate_v4()")),
            ("uuid", false) => out.push(format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT")),
            ("increment", _) => return unsupported("adding or removing a sequence"),
            _ => {}
        }
    }
    if new.differs(old, "default") {
        match new.get("default") {
            Value::Nil if old.get("default").is_nil() => {}
            Value::Nil => out.push(format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT")),
            v => out.push(format!("ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {}", default_sql(v)?)),
        }
    }
    if new.differs(old, "spatialFeatureType") || new.differs(old, "srid") {
        return unsupported("changing a spatial type");
    }
    if new.differs(old, "collation") {
        let ty = new.text("type").unwrap_or_default();
        let collation = new.text("collation").unwrap_or_default();
        out.push(format!("ALTER TABLE {t} ALTER COLUMN {c} TYPE {ty} COLLATE \"{collation}\""));
    }
    if new.differs(old, "generatedType") {
        return unsupported("turning a generated column into a plain one");
    }
    Ok(out)
}

/// The primary key rebuilt after `isPrimary` changed on PostgreSQL.
fn pg_primary(table: &str, from: &str, to: &str, new: &Col, loaded: Option<&Value>) -> Vec<String> {
    let d = SqlDialect::Postgres;
    let t = quote_path(d, table);
    let mut primary = tcolumn::primary_columns(loaded);
    for p in &mut primary {
        if p.name().is_ok_and(|n| n == from) {
            p.set("name", Value::Str(to.to_string()));
        }
    }
    let pk = |cols: &[Col]| {
        cols.first()
            .and_then(|c| c.text("primaryKeyConstraintName"))
            .unwrap_or_else(|| naming::primary_key(table, &tcolumn::names(cols)))
    };
    let mut out = Vec::new();
    if !primary.is_empty() {
        out.push(format!("ALTER TABLE {t} DROP CONSTRAINT {}", quote(d, &pk(&primary))));
    }
    if new.is("isPrimary") {
        primary.push(new.clone());
    } else {
        primary.retain(|p| p.name().is_ok_and(|n| n != to));
    }
    if !primary.is_empty() {
        let cols: Vec<String> = tcolumn::names(&primary).iter().map(|c| quote(d, c)).collect();
        out.push(format!(
            "ALTER TABLE {t} ADD CONSTRAINT {} PRIMARY KEY ({})",
            quote(d, &pk(&primary)),
            cols.join(", ")
        ));
    }
    out
}

/// `MysqlQueryRunner.changeColumn`.
fn mysql(table: &str, old: &Col, new: &Col, loaded: Option<&Value>) -> Result<Vec<String>, String> {
    let d = SqlDialect::Mysql;
    if recreates(d, old, new).is_some() {
        return recreate(d, table, old, new, loaded);
    }
    let t = quote_path(d, table);
    let (from, to) = (old.name()?, new.name()?);
    let mut out = Vec::new();
    if from != to {
        // TypeORM writes `CHANGE old new <old definition>`: a rename.
        out.push(format!("ALTER TABLE {t} RENAME COLUMN {} TO {}", quote(d, &from), quote(d, &to)));
        out.extend(renamed_names(d, table, &from, &to, loaded));
    }
    let changed = [
        "charset",
        "collation",
        "precision",
        "scale",
        "unsigned",
        "asExpression",
        "default",
        "onUpdate",
        "isNullable",
        "comment",
    ]
    .iter()
    .any(|k| old.differs(new, k))
        || !same_items(old.get("enum"), new.get("enum"));
    if changed {
        out.push(format!("ALTER TABLE {t} MODIFY COLUMN {}", column_def(d, table, &new.obj(), 0)?));
    }
    if new.differs(old, "isPrimary") {
        let others = tcolumn::list(loaded, "columns").iter().filter_map(Col::of);
        if others.filter(|c| c.is("isGenerated")).count() > 0 {
            return unsupported("of a key column next to an AUTO_INCREMENT column");
        }
        let mut primary = tcolumn::names(&tcolumn::primary_columns(loaded));
        if !primary.is_empty() {
            out.push(format!("ALTER TABLE {t} DROP PRIMARY KEY"));
        }
        for p in &mut primary {
            if *p == from {
                p.clone_from(&to);
            }
        }
        if new.is("isPrimary") {
            primary.push(to.clone());
        } else {
            primary.retain(|p| *p != to);
        }
        if !primary.is_empty() {
            let cols: Vec<String> = primary.iter().map(|c| quote(d, c)).collect();
            out.push(format!("ALTER TABLE {t} ADD PRIMARY KEY ({})", cols.join(", ")));
        }
    }
    if new.differs(old, "isUnique") {
        if new.is("isUnique") {
            let idx = naming::index(table, std::slice::from_ref(&to), None);
            out.push(format!("ALTER TABLE {t} ADD UNIQUE INDEX {} ({})", quote(d, &idx), quote(d, &to)));
        } else {
            let found = tcolumn::list(loaded, "indices").iter().find(|i| {
                let cols = tcolumn::strings(i, "columnNames");
                cols.len() == 1 && (cols[0] == to || cols[0] == from) && loaded_flag(i, "isUnique")
            });
            let name = found
                .and_then(|i| tcolumn::text(i, "name"))
                .ok_or("the unique index to drop is not in the replayed schema")?;
            out.push(format!("ALTER TABLE {t} DROP INDEX {}", quote(d, &name)));
        }
    }
    Ok(out)
}

/// A boolean field of a loaded object (`isUnique`).
pub(super) fn loaded_flag(v: &Value, key: &str) -> bool {
    matches!(super::loaded::field(v, key), Some(Value::Bool(true)))
}

/// `AbstractSqliteQueryRunner.changeColumns`: the table is rebuilt with `new` in place of `old`,
/// so the column takes the new definition whole (type, nullability, default), default-named
/// uniques, foreign keys and indexes follow a rename, and a new unique column gets a `UQ_` name
/// computed on the temporary table's name (`temporary_<table>`), as TypeORM does.
fn sqlite(
    table: &str,
    old: &Col,
    new: &Col,
    loaded: Option<&Value>,
    pk: Option<String>,
) -> Result<Vec<String>, String> {
    let d = SqlDialect::Sqlite;
    if new.differs(old, "isGenerated") {
        return unsupported("of a generated column on SQLite (AUTOINCREMENT)");
    }
    let t = quote_path(d, table);
    let (from, to) = (old.name()?, new.name()?);
    let c = quote(d, &to);
    let mut out = Vec::new();
    if from != to {
        out.push(format!("ALTER TABLE {t} RENAME COLUMN {} TO {c}", quote(d, &from)));
        out.extend(renamed_names(d, table, &from, &to, loaded));
    }
    if new.differs(old, "isPrimary") {
        out.extend(sqlite_primary(table, (&from, &to), new, loaded, pk)?);
    }
    // The rebuilt column is the new definition; what did not change needs no statement.
    let type_keys = ["type", "length", "precision", "scale", "isArray", "unsigned", "collation"];
    if type_keys.iter().any(|k| new.differs(old, k)) || !same_items(new.get("enum"), old.get("enum")) {
        out.push(format!("ALTER TABLE {t} ALTER COLUMN {c} TYPE {}", full_type(d, &new.obj())?));
    }
    if new.differs(old, "isNullable") {
        let null = if new.is("isNullable") { "DROP NOT NULL" } else { "SET NOT NULL" };
        out.push(format!("ALTER TABLE {t} ALTER COLUMN {c} {null}"));
    }
    if new.differs(old, "default") {
        out.push(match new.get("default") {
            Value::Nil => format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT"),
            v => format!("ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {}", default_sql(v)?),
        });
    }
    // The rebuild keeps the table's uniques (renamed along with the column).
    let has_unique = tcolumn::list(loaded, "uniques").iter().any(|u| {
        let cols = tcolumn::strings(u, "columnNames");
        cols == [to.clone()] || cols == [from.clone()]
    });
    if new.is("isUnique") && !has_unique {
        let base = table.rsplit('.').next().unwrap_or(table);
        let uq = naming::unique(&format!("temporary_{base}"), std::slice::from_ref(&to));
        out.push(format!("ALTER TABLE {t} ADD CONSTRAINT {} UNIQUE ({c})", quote(d, &uq)));
    }
    Ok(out)
}

/// The key of SQLite's rebuilt table: the columns marked primary once `new` replaces the old one
/// (the old key, `pk` in the state, is dropped).
fn sqlite_primary(
    table: &str,
    (from, to): (&str, &str),
    new: &Col,
    loaded: Option<&Value>,
    pk: Option<String>,
) -> Result<Vec<String>, String> {
    let d = SqlDialect::Sqlite;
    let t = quote_path(d, table);
    let primary = tcolumn::primary_columns(loaded);
    if primary.iter().any(|c| c.is("isGenerated")) {
        return unsupported("of the key of a table with an AUTOINCREMENT key on SQLite");
    }
    let mut names: Vec<String> =
        tcolumn::names(&primary).into_iter().map(|n| if n == from { to.to_string() } else { n }).collect();
    let mut out = Vec::new();
    if let Some(pk) = pk.filter(|_| !names.is_empty()) {
        out.push(format!("ALTER TABLE {t} DROP CONSTRAINT {}", quote(d, &pk)));
    }
    if new.is("isPrimary") {
        names.push(to.to_string());
    } else {
        names.retain(|n| n != to);
    }
    if !names.is_empty() {
        let cols: Vec<String> = names.iter().map(|c| quote(d, c)).collect();
        let pk = naming::primary_key(table, &names);
        out.push(format!("ALTER TABLE {t} ADD CONSTRAINT {} PRIMARY KEY ({})", quote(d, &pk), cols.join(", ")));
    }
    Ok(out)
}

/// The old column: a column object, or a name looked up in the table as it stands.
fn old_column(v: &Value, loaded: Option<&Value>, table: &str) -> Result<Col, String> {
    match v {
        Value::Str(name) => tcolumn::find_column(loaded, name).ok_or_else(|| match loaded {
            Some(_) => format!("column `{name}` is not in `{table}` in the replayed schema (TypeORM would throw)"),
            None => format!("table `{table}` is not in the replayed schema, so the old column `{name}` is unknown"),
        }),
        v => Col::of(v).ok_or_else(|| "the old column is not a column object".to_string()),
    }
}

/// `changeColumn` / `changeColumns`.
///
/// Also returns a note per column TypeORM drops and adds again (its data is lost).
pub fn change_columns(d: SqlDialect, call: &CallValue, state: &Schema) -> Result<(Vec<String>, Vec<String>), String> {
    let table = name_of(call.args.first(), "table")?;
    let pairs: Vec<(&Value, &Value)> = if call.method() == "changeColumns" {
        let Some(Value::List(items)) = call.args.get(1) else {
            return Err("the changes are not a literal list".into());
        };
        items
            .iter()
            .map(|item| {
                let o = super::columns::Obj::of(item).ok_or("a change that is not `{ oldColumn, newColumn }`")?;
                Ok((o.get("oldColumn").ok_or("oldColumn missing")?, o.get("newColumn").ok_or("newColumn missing")?))
            })
            .collect::<Result<_, String>>()?
    } else {
        match (call.args.get(1), call.args.get(2)) {
            (Some(old), Some(new)) => vec![(old, new)],
            _ => return Err("changeColumn needs the old and the new column".into()),
        }
    };
    let mut state = state.clone();
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for (old, new) in pairs {
        let loaded = tcolumn::loaded_table(&state, &table, d);
        let old = old_column(old, loaded.as_ref(), &table)?;
        let new = Col::of(new).ok_or("the new column is not a column object")?;
        if let Some(why) = recreates(d, &old, &new) {
            notes.push(format!(
                "TypeORM drops column `{}` of `{table}` and adds it again on {d} ({why}); the data in it is lost",
                old.name()?
            ));
        }
        let sql = change(d, &table, &old, &new, loaded.as_ref(), &state)?;
        super::column_ops::advance(&mut state, &sql, d);
        out.extend(sql);
    }
    Ok((out, notes))
}
