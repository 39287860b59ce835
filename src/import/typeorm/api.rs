//! The QueryRunner schema API (`createTable`, `addColumn`, `createIndex`,
//! `createForeignKey`, …) → the SQL statements TypeORM's driver would send, as
//! text for the target driver; [`super::ops`] reads that text back with polymig's
//! SQL importer, so one type and constraint table serves both the generated-SQL
//! and the API style. Unnamed constraints and indexes get TypeORM's
//! `DefaultNamingStrategy` names ([`super::naming`]).

use super::columns::{self, Obj, column_def, quote, quote_path};
use super::naming;
use crate::host::{CallValue, Value};
use crate::ir::SqlDialect;

/// The text of a table or column argument: a name, or a `Table`/`TableColumn` object's `name`.
pub fn name_of(v: Option<&Value>, what: &str) -> Result<String, String> {
    match v {
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(Value::Nil) => Err(undefined(what)),
        Some(v) => match Obj::of(v) {
            Some(o) => o.need("name"),
            None => Err(format!(
                "the {what} is {}",
                v.unknown_reason().map_or("not a literal".to_string(), |r| format!("known only at run time ({r})"))
            )),
        },
        None => Err(format!("the {what} is missing")),
    }
}

/// Why an argument that is `undefined` cannot be used: a lookup found nothing.
fn undefined(what: &str) -> String {
    format!(
        "the {what} is undefined: the lookup that gave it found nothing in the replayed schema (TypeORM would throw)"
    )
}

fn obj<'a>(v: Option<&'a Value>, what: &str) -> Result<Obj<'a>, String> {
    let v = v.ok_or_else(|| format!("the {what} is missing"))?;
    if v.is_nil() {
        return Err(undefined(what));
    }
    Obj::of(v).ok_or_else(|| match v.unknown_reason() {
        Some(r) => format!("the {what} is known only at run time ({r})"),
        None => format!("the {what} is not an object literal"),
    })
}

fn cols(d: SqlDialect, names: &[String]) -> String {
    names.iter().map(|c| quote(d, c)).collect::<Vec<_>>().join(", ")
}

/// `FOREIGN KEY (…) REFERENCES t (…) ON DELETE … ON UPDATE … [DEFERRABLE …]` of a `TableForeignKey`.
fn fk_body(d: SqlDialect, fk: &Obj) -> Result<String, String> {
    let columns = fk.strings("columnNames")?;
    let ref_cols = fk.strings("referencedColumnNames")?;
    let ref_table = fk.need("referencedTableName")?;
    let mut sql =
        format!("FOREIGN KEY ({}) REFERENCES {}({})", cols(d, &columns), quote_path(d, &ref_table), cols(d, &ref_cols));
    if let Some(a) = fk.text("onDelete") {
        sql.push_str(&format!(" ON DELETE {a}"));
    }
    if let Some(a) = fk.text("onUpdate") {
        sql.push_str(&format!(" ON UPDATE {a}"));
    }
    if let Some(a) = fk.text("deferrable").filter(|_| d != SqlDialect::Mysql) {
        sql.push_str(&format!(" DEFERRABLE {a}"));
    }
    Ok(sql)
}

fn fk_name(table: &str, fk: &Obj) -> Result<String, String> {
    Ok(fk.text("name").unwrap_or_else(|| naming::foreign_key(table, &fk.strings("columnNames").unwrap_or_default())))
}

/// `CREATE [UNIQUE] INDEX` for a `TableIndex`.
fn index_sql(d: SqlDialect, table: &str, idx: &Obj) -> Result<String, String> {
    let columns = idx.strings("columnNames")?;
    let predicate = idx.text("where");
    let name = idx.text("name").unwrap_or_else(|| naming::index(table, &columns, predicate.as_deref()));
    let kind = match (idx.flag("isUnique"), idx.flag("isSpatial"), idx.flag("isFulltext")) {
        (true, ..) => "UNIQUE ",
        (_, true, _) if d == SqlDialect::Mysql => "SPATIAL ",
        (_, _, true) if d == SqlDialect::Mysql => "FULLTEXT ",
        _ => "",
    };
    let concurrently = if idx.flag("isConcurrent") && d == SqlDialect::Postgres { "CONCURRENTLY " } else { "" };
    let using = if idx.flag("isSpatial") && d == SqlDialect::Postgres { " USING GiST" } else { "" };
    let mut sql = format!(
        "CREATE {kind}INDEX {concurrently}{} ON {}{using} ({})",
        quote(d, &name),
        quote_path(d, table),
        cols(d, &columns)
    );
    if let Some(w) = predicate.filter(|_| d != SqlDialect::Mysql) {
        sql.push_str(&format!(" WHERE {w}"));
    }
    Ok(sql)
}

/// `queryRunner.createTable(new Table({...}), ifNotExist, createForeignKeys, createIndices)`.
pub fn create_table(d: SqlDialect, call: &CallValue) -> Result<Vec<String>, String> {
    let t = obj(call.args.first(), "table")?;
    let table = t.need("name")?;
    let if_not_exists = matches!(call.args.get(1), Some(Value::Bool(true)));
    let with_fks = !matches!(call.args.get(2), Some(Value::Bool(false)));
    let with_indices = !matches!(call.args.get(3), Some(Value::Bool(false)));
    let columns = t.objects("columns")?;
    let primary: Vec<String> = columns.iter().filter(|c| c.flag("isPrimary")).filter_map(|c| c.text("name")).collect();
    let mut out = Vec::new();
    let mut defs = Vec::new();
    for c in &columns {
        if d == SqlDialect::Postgres
            && let Some(e) = columns::create_enum_sql(&table, c)?
        {
            out.push(e);
        }
        defs.push(column_def(d, &table, c, primary.len())?);
    }
    let mut uniques: Vec<(String, Vec<String>)> = Vec::new();
    for u in t.objects("uniques")? {
        let cs = u.strings("columnNames")?;
        // MySQL makes an unnamed unique an index, named as one (`IDX_<hash>`).
        let default = || match d {
            SqlDialect::Mysql => naming::index(&table, &cs, None),
            _ => naming::unique(&table, &cs),
        };
        uniques.push((u.text("name").unwrap_or_else(default), cs.clone()));
    }
    for c in columns.iter().filter(|c| c.flag("isUnique")) {
        let cs = vec![c.need("name")?];
        if !uniques.iter().any(|(_, u)| *u == cs) {
            uniques.push((naming::unique(&table, &cs), cs));
        }
    }
    for (name, cs) in &uniques {
        defs.push(match d {
            SqlDialect::Mysql => format!("UNIQUE INDEX {} ({})", quote(d, name), cols(d, cs)),
            _ => format!("CONSTRAINT {} UNIQUE ({})", quote(d, name), cols(d, cs)),
        });
    }
    // TypeORM's MySQL driver leaves `checks` out of CREATE TABLE.
    for ch in t.objects("checks")?.iter().filter(|_| d != SqlDialect::Mysql) {
        let expr = ch.need("expression")?;
        let name = ch.text("name").unwrap_or_else(|| naming::check(&table, &expr));
        defs.push(format!("CONSTRAINT {} CHECK ({expr})", quote(d, &name)));
    }
    if with_fks {
        for fk in t.objects("foreignKeys")? {
            defs.push(format!("CONSTRAINT {} {}", quote(d, &fk_name(&table, &fk)?), fk_body(d, &fk)?));
        }
    }
    let inline_pk = columns.iter().any(|c| columns::sqlite_inline_pk(d, c, primary.len()));
    if !primary.is_empty() && !inline_pk {
        defs.push(match d {
            SqlDialect::Mysql => format!("PRIMARY KEY ({})", cols(d, &primary)),
            _ => {
                let name = columns
                    .iter()
                    .find_map(|c| c.text("primaryKeyConstraintName"))
                    .unwrap_or_else(|| naming::primary_key(&table, &primary));
                format!("CONSTRAINT {} PRIMARY KEY ({})", quote(d, &name), cols(d, &primary))
            }
        });
    }
    let ine = if if_not_exists { "IF NOT EXISTS " } else { "" };
    out.push(format!("CREATE TABLE {ine}{} ({})", quote_path(d, &table), defs.join(", ")));
    if with_indices {
        for idx in t.objects("indices")? {
            out.push(index_sql(d, &table, &idx)?);
        }
    }
    for c in &columns {
        out.extend(columns::comment_sql(d, &table, c));
    }
    Ok(out)
}

/// `dropTable(name, ifExist)`.
pub fn drop_table(d: SqlDialect, call: &CallValue) -> Result<Vec<String>, String> {
    let table = name_of(call.args.first(), "table")?;
    let ie = if matches!(call.args.get(1), Some(Value::Bool(true))) { "IF EXISTS " } else { "" };
    Ok(vec![format!("DROP TABLE {ie}{}", quote_path(d, &table))])
}

/// `renameTable(old, new)`.
pub fn rename_table(d: SqlDialect, call: &CallValue) -> Result<Vec<String>, String> {
    let from = name_of(call.args.first(), "table")?;
    let to = name_of(call.args.get(1), "new table name")?;
    let to = to.rsplit('.').next().unwrap_or(&to).to_string();
    Ok(vec![match d {
        SqlDialect::Mysql => format!("RENAME TABLE {} TO {}", quote_path(d, &from), quote(d, &to)),
        _ => format!("ALTER TABLE {} RENAME TO {}", quote_path(d, &from), quote(d, &to)),
    }])
}

/// `createIndex(table, index)` / `createIndices(table, [indices])`.
pub fn create_indices(d: SqlDialect, call: &CallValue) -> Result<Vec<String>, String> {
    let table = name_of(call.args.first(), "table")?;
    each(call, "createIndices", |v| index_sql(d, &table, &obj(Some(v), "index")?))
}

/// `dropIndex(table, indexOrName)` / `dropIndices`.
pub fn drop_indices(d: SqlDialect, call: &CallValue) -> Result<Vec<String>, String> {
    let table = name_of(call.args.first(), "table")?;
    each(call, "dropIndices", |v| {
        let name = match v {
            Value::Str(s) => s.clone(),
            _ => {
                let i = obj(Some(v), "index")?;
                let columns = i.strings("columnNames")?;
                i.text("name").unwrap_or_else(|| naming::index(&table, &columns, i.text("where").as_deref()))
            }
        };
        Ok(match d {
            SqlDialect::Mysql => format!("DROP INDEX {} ON {}", quote(d, &name), quote_path(d, &table)),
            _ => format!("DROP INDEX {}", quote(d, &name)),
        })
    })
}

/// `createForeignKey(table, fk)` / `createForeignKeys(table, [fks])`.
pub fn create_fks(d: SqlDialect, call: &CallValue) -> Result<Vec<String>, String> {
    let table = name_of(call.args.first(), "table")?;
    each(call, "createForeignKeys", |v| {
        let fk = obj(Some(v), "foreign key")?;
        Ok(format!(
            "ALTER TABLE {} ADD CONSTRAINT {} {}",
            quote_path(d, &table),
            quote(d, &fk_name(&table, &fk)?),
            fk_body(d, &fk)?
        ))
    })
}

/// `dropForeignKey(table, fkOrName)` / `dropForeignKeys`.
pub fn drop_fks(d: SqlDialect, call: &CallValue) -> Result<Vec<String>, String> {
    let table = name_of(call.args.first(), "table")?;
    each(call, "dropForeignKeys", |v| {
        let name = match v {
            Value::Str(s) => s.clone(),
            _ => fk_name(&table, &obj(Some(v), "foreign key")?)?,
        };
        Ok(match d {
            SqlDialect::Mysql => format!("ALTER TABLE {} DROP FOREIGN KEY {}", quote_path(d, &table), quote(d, &name)),
            _ => format!("ALTER TABLE {} DROP CONSTRAINT {}", quote_path(d, &table), quote(d, &name)),
        })
    })
}

/// `createPrimaryKey(table, columnNames, constraintName?)`.
pub fn create_pk(d: SqlDialect, call: &CallValue) -> Result<Vec<String>, String> {
    let table = name_of(call.args.first(), "table")?;
    let columns: Vec<String> = match call.args.get(1) {
        Some(Value::List(items)) => items.iter().filter_map(Value::display).collect(),
        _ => return Err("the primary key columns are not a literal list".into()),
    };
    let name = call.args.get(2).and_then(Value::display).unwrap_or_else(|| naming::primary_key(&table, &columns));
    Ok(vec![match d {
        SqlDialect::Mysql => format!("ALTER TABLE {} ADD PRIMARY KEY ({})", quote_path(d, &table), cols(d, &columns)),
        _ => format!(
            "ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY ({})",
            quote_path(d, &table),
            quote(d, &name),
            cols(d, &columns)
        ),
    }])
}

/// `createUniqueConstraint(table, unique)` / `createUniqueConstraints`.
pub fn create_uniques(d: SqlDialect, call: &CallValue) -> Result<Vec<String>, String> {
    if d == SqlDialect::Mysql {
        return Err(
            "TypeORM refuses this on MySQL (\"MySql does not support unique constraints. Use unique index instead.\")"
                .into(),
        );
    }
    let table = name_of(call.args.first(), "table")?;
    each(call, "createUniqueConstraints", |v| {
        let u = obj(Some(v), "unique constraint")?;
        let cs = u.strings("columnNames")?;
        let name = u.text("name").unwrap_or_else(|| naming::unique(&table, &cs));
        Ok(format!(
            "ALTER TABLE {} ADD CONSTRAINT {} UNIQUE ({})",
            quote_path(d, &table),
            quote(d, &name),
            cols(d, &cs)
        ))
    })
}

/// `createCheckConstraint(table, check)` / `createCheckConstraints`.
pub fn create_checks(d: SqlDialect, call: &CallValue) -> Result<Vec<String>, String> {
    if d == SqlDialect::Mysql {
        return Err("TypeORM refuses this on MySQL (\"MySql does not support check constraints.\")".into());
    }
    let table = name_of(call.args.first(), "table")?;
    each(call, "createCheckConstraints", |v| {
        let c = obj(Some(v), "check constraint")?;
        let expr = c.need("expression")?;
        let name = c.text("name").unwrap_or_else(|| naming::check(&table, &expr));
        Ok(format!("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({expr})", quote_path(d, &table), quote(d, &name)))
    })
}

/// `dropUniqueConstraint` / `dropCheckConstraint` (and the plural forms).
pub fn drop_named_constraints(d: SqlDialect, call: &CallValue) -> Result<Vec<String>, String> {
    let table = name_of(call.args.first(), "table")?;
    let plural = call.method().ends_with('s');
    let unique = call.method().contains("Unique");
    let f = |v: &Value| -> Result<String, String> {
        let name = match v {
            Value::Str(s) => s.clone(),
            _ => {
                let o = obj(Some(v), "constraint")?;
                match o.text("name") {
                    Some(n) => n,
                    None if unique => naming::unique(&table, &o.strings("columnNames")?),
                    None => naming::check(&table, &o.need("expression")?),
                }
            }
        };
        Ok(match (d, unique) {
            (SqlDialect::Mysql, true) => format!("DROP INDEX {} ON {}", quote(d, &name), quote_path(d, &table)),
            (SqlDialect::Mysql, false) => {
                format!("ALTER TABLE {} DROP CHECK {}", quote_path(d, &table), quote(d, &name))
            }
            _ => format!("ALTER TABLE {} DROP CONSTRAINT {}", quote_path(d, &table), quote(d, &name)),
        })
    };
    match (plural, call.args.get(1)) {
        (true, Some(Value::List(items))) => items.iter().map(f).collect(),
        (false, Some(v)) => Ok(vec![f(v)?]),
        _ => Err("the constraints are not literal".into()),
    }
}

/// `createView(new View({ name, expression }))`.
pub fn create_view(d: SqlDialect, call: &CallValue) -> Result<Vec<String>, String> {
    let v = obj(call.args.first(), "view")?;
    let name = v.need("name")?;
    let expr = match v.get("expression") {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Function(..)) => return Err("a view defined by a query-builder function".into()),
        _ => return Err("the view expression is not a literal".into()),
    };
    let mat = if v.flag("materialized") && d == SqlDialect::Postgres { "MATERIALIZED " } else { "" };
    Ok(vec![format!("CREATE {mat}VIEW {} AS {expr}", quote_path(d, &name))])
}

/// `dropView(viewOrName)`.
pub fn drop_view(d: SqlDialect, call: &CallValue) -> Result<Vec<String>, String> {
    let name = name_of(call.args.first(), "view")?;
    Ok(vec![format!("DROP VIEW {}", quote_path(d, &name))])
}

/// Apply `f` to the second argument, or to each item of it for the plural method `plural`.
fn each(call: &CallValue, plural: &str, f: impl Fn(&Value) -> Result<String, String>) -> Result<Vec<String>, String> {
    match (call.method() == plural, call.args.get(1)) {
        (true, Some(Value::List(items))) => items.iter().map(f).collect(),
        (false, Some(v)) => Ok(vec![f(v)?]),
        (_, Some(v)) => Err(format!(
            "the argument is {}",
            v.unknown_reason().map_or("not a literal list".into(), |r| format!("known only at run time ({r})"))
        )),
        (_, None) => Err("an argument is missing".into()),
    }
}
