//! `addColumn(s)`, `dropColumn(s)` and `renameColumn` as each driver's query runner writes them,
//! against the table as it stands (the replayed state, [`super::tcolumn::loaded_table`]):
//! adding or dropping a primary key column rebuilds the key on the other key columns
//! (PostgreSQL `PK_<hash>` unless the key has its own name), a unique column gets `UQ_<hash>`
//! (MySQL: a unique index `IDX_<hash>`), dropping a PostgreSQL enum column drops its type, and
//! `renameColumn` is `changeColumn` with only the name changed, as in TypeORM.

use super::api::name_of;
use super::change;
use super::columns::{self, column_def, quote, quote_path};
use super::naming;
use super::tcolumn::{self, Col};
use crate::host::{CallValue, Value};
use crate::ir::SqlDialect;
use crate::schema::Schema;

fn column_arg(v: &Value, table: Option<&Value>, what: &str) -> Result<Col, String> {
    match v {
        Value::Str(name) => tcolumn::find_column(table, name)
            .ok_or_else(|| format!("the {what} `{name}` is not in the replayed schema (TypeORM would throw)")),
        v => Col::of(v).ok_or_else(|| match v.unknown_reason() {
            Some(r) => format!("the {what} is known only at run time ({r})"),
            None => format!("the {what} is not a column object"),
        }),
    }
}

/// `ALTER TABLE … DROP CONSTRAINT "<pk>"` and the `ADD` of the key on `cols` (PostgreSQL).
fn pg_primary_key(table: &str, name: Option<String>, cols: &[String]) -> String {
    let d = SqlDialect::Postgres;
    let name = name.unwrap_or_else(|| naming::primary_key(table, cols));
    let list: Vec<String> = cols.iter().map(|c| quote(d, c)).collect();
    format!("ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY ({})", quote_path(d, table), quote(d, &name), list.join(", "))
}

/// The constraint name of the current primary key (`primaryKeyConstraintName ?? PK_<hash>`).
fn pk_name(table: &str, primary: &[Col]) -> String {
    primary
        .first()
        .and_then(|c| c.text("primaryKeyConstraintName"))
        .unwrap_or_else(|| naming::primary_key(table, &tcolumn::names(primary)))
}

/// The statements of one `addColumn(table, column)`.
pub fn add_column(d: SqlDialect, table: &str, col: &Col, loaded: Option<&Value>) -> Result<Vec<String>, String> {
    let t = quote_path(d, table);
    let c = col.obj();
    let name = col.name()?;
    let mut out = Vec::new();
    if d == SqlDialect::Postgres
        && let Some(e) = columns::create_enum_sql(table, &c)?
    {
        out.push(e);
    }
    let primary = tcolumn::primary_columns(loaded);
    let mut def = column_def(d, table, &c, 0)?;
    if col.is("isPrimary") && primary.is_empty() && d == SqlDialect::Mysql {
        def.push_str(" PRIMARY KEY");
    }
    out.push(format!("ALTER TABLE {t} ADD {def}"));
    if col.is("isPrimary") {
        let mut key = tcolumn::names(&primary);
        key.push(name.clone());
        match d {
            SqlDialect::Postgres => {
                if !primary.is_empty() {
                    out.push(format!("ALTER TABLE {t} DROP CONSTRAINT {}", quote(d, &pk_name(table, &primary))));
                }
                let named = primary.first().and_then(|p| p.text("primaryKeyConstraintName"));
                out.push(pg_primary_key(table, named.or_else(|| col.text("primaryKeyConstraintName")), &key));
            }
            SqlDialect::Mysql if !primary.is_empty() => {
                if tcolumn::list(loaded, "columns").iter().filter_map(Col::of).any(|x| x.is("isGenerated")) {
                    return Err("addColumn of a key column next to an AUTO_INCREMENT column is not read yet".into());
                }
                let list: Vec<String> = key.iter().map(|k| quote(d, k)).collect();
                out.push(format!("ALTER TABLE {t} DROP PRIMARY KEY"));
                out.push(format!("ALTER TABLE {t} ADD PRIMARY KEY ({})", list.join(", ")));
            }
            SqlDialect::Mysql => {}
            SqlDialect::Sqlite => return Err("addColumn with isPrimary rebuilds the SQLite table's key".into()),
        }
    }
    if col.is("isUnique") {
        let cols = std::slice::from_ref(&name);
        out.push(match d {
            SqlDialect::Mysql => {
                let idx = naming::index(table, cols, None);
                format!("ALTER TABLE {t} ADD UNIQUE INDEX {} ({})", quote(d, &idx), quote(d, &name))
            }
            _ => {
                let uq = naming::unique(table, cols);
                format!("ALTER TABLE {t} ADD CONSTRAINT {} UNIQUE ({})", quote(d, &uq), quote(d, &name))
            }
        });
    }
    out.extend(columns::comment_sql(d, table, &c));
    Ok(out)
}

/// The statements of one `dropColumn(table, column)`.
pub fn drop_column(d: SqlDialect, table: &str, col: &Col, loaded: Option<&Value>) -> Result<Vec<String>, String> {
    let t = quote_path(d, table);
    let name = col.name()?;
    let mut out = Vec::new();
    let primary = tcolumn::primary_columns(loaded);
    if d == SqlDialect::Postgres && col.is("isPrimary") && !primary.is_empty() {
        let pk = col.text("primaryKeyConstraintName").unwrap_or_else(|| pk_name(table, &primary));
        out.push(format!("ALTER TABLE {t} DROP CONSTRAINT {}", quote(d, &pk)));
        let rest: Vec<Col> = primary.into_iter().filter(|p| p.name().is_ok_and(|n| n != name)).collect();
        if !rest.is_empty() {
            let named = rest.first().and_then(|p| p.text("primaryKeyConstraintName"));
            out.push(pg_primary_key(table, named, &tcolumn::names(&rest)));
        }
    }
    out.push(format!("ALTER TABLE {t} DROP COLUMN {}", quote(d, &name)));
    if d == SqlDialect::Postgres && col.is_enum() && tcolumn::find_column(loaded, &name).is_some() {
        let enum_name = col.text("enumName").unwrap_or_else(|| columns::enum_type_name(table, &col.obj()));
        out.push(format!("DROP TYPE {}", quote(d, &enum_name)));
    }
    Ok(out)
}

fn listed<'a>(call: &'a CallValue, plural: &str) -> Result<Vec<&'a Value>, String> {
    match (call.method() == plural, call.args.get(1)) {
        (true, Some(Value::List(items))) => Ok(items.iter().collect()),
        (false, Some(v)) => Ok(vec![v]),
        _ => Err("the columns are not a literal list".into()),
    }
}

/// `addColumn(table, column)` / `addColumns(table, [columns])`.
pub fn add_columns(d: SqlDialect, call: &CallValue, state: &Schema) -> Result<Vec<String>, String> {
    let table = name_of(call.args.first(), "table")?;
    let mut out = Vec::new();
    let mut state = state.clone();
    for v in listed(call, "addColumns")? {
        let loaded = tcolumn::loaded_table(&state, &table, d);
        let col = Col::of(v).ok_or("the column is not a column object")?;
        let sql = add_column(d, &table, &col, loaded.as_ref())?;
        advance(&mut state, &sql, d);
        out.extend(sql);
    }
    Ok(out)
}

/// `dropColumn(table, column)` / `dropColumns(table, [columns])`.
pub fn drop_columns(d: SqlDialect, call: &CallValue, state: &Schema) -> Result<Vec<String>, String> {
    let table = name_of(call.args.first(), "table")?;
    let mut out = Vec::new();
    let mut state = state.clone();
    for v in listed(call, "dropColumns")? {
        let loaded = tcolumn::loaded_table(&state, &table, d);
        let col = match (v, &loaded) {
            // Without the table in the state, a name is all TypeORM's DROP COLUMN needs.
            (Value::Str(n), None) => Col(vec![(Value::Str("name".into()), Value::Str(n.clone()))]),
            _ => column_arg(v, loaded.as_ref(), "column")?,
        };
        let sql = drop_column(d, &table, &col, loaded.as_ref())?;
        advance(&mut state, &sql, d);
        out.extend(sql);
    }
    Ok(out)
}

/// `renameColumn(table, oldColumnOrName, newColumnOrName)`: TypeORM clones the old column, gives
/// it the new name and calls `changeColumn`.
pub fn rename_column(d: SqlDialect, call: &CallValue, state: &Schema) -> Result<Vec<String>, String> {
    let table = name_of(call.args.first(), "table")?;
    let from = name_of(call.args.get(1), "old column")?;
    let to = name_of(call.args.get(2), "new column")?;
    let loaded = tcolumn::loaded_table(state, &table, d);
    let Some(old) = tcolumn::find_column(loaded.as_ref(), &from) else {
        // Not in the state: the plain rename is all that is known.
        return Ok(vec![format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {}",
            quote_path(d, &table),
            quote(d, &from),
            quote(d, &to)
        )]);
    };
    let mut new = match call.args.get(2) {
        Some(v @ (Value::Map(_) | Value::Call(_))) => Col::of(v).ok_or("the new column is not a column object")?,
        _ => old.clone(),
    };
    new.set("name", Value::Str(to));
    change::change(d, &table, &old, &new, loaded.as_ref(), state)
}

/// Replay SQL the driver would send, so the next column of a plural call sees its effect.
pub fn advance(state: &mut Schema, sql: &[String], d: SqlDialect) {
    for s in sql {
        let (ops, _) = crate::import::sql::parse_script(s, "<typeorm>", d);
        for op in &ops {
            let _ = crate::schema::replay(state, op, Some(d));
        }
    }
}
