//! TypeORM schema objects (`new Table({…})`, `new TableColumn({…})`, `TableIndex`,
//! `TableForeignKey`, `TableUnique`, `TableCheck`, plain object literals) read as
//! option maps, and a `TableColumn` rendered as the column definition each driver
//! writes (`PostgresQueryRunner`/`MysqlQueryRunner`/`AbstractSqliteQueryRunner`
//! `buildCreateColumnSql` + `createFullType`): the one place where TypeORM's
//! per-driver type spelling lives.

use crate::host::Value;
use crate::ir::SqlDialect;

/// The options of a TypeORM schema object: `{ name: "id", type: "int", … }`.
#[derive(Debug, Clone, Copy)]
pub struct Obj<'a>(pub &'a [(Value, Value)]);

impl<'a> Obj<'a> {
    /// `new TableColumn({…})` / `new Table({…})` / `{…}` → its options.
    pub fn of(v: &'a Value) -> Option<Obj<'a>> {
        match v {
            Value::Map(pairs) => Some(Obj(pairs)),
            Value::Call(c) => match c.args.first() {
                Some(Value::Map(pairs)) => Some(Obj(pairs)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The option `key` (absent, `undefined` and `null` are `None`).
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.0.iter().rev().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v).filter(|v| !v.is_nil())
    }

    /// A string or number option as text.
    pub fn text(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::Str(s) | Value::Number(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A required string option, or why it is missing.
    pub fn need(&self, key: &str) -> Result<String, String> {
        self.text(key).ok_or_else(|| match self.get(key).and_then(Value::unknown_reason) {
            Some(r) => format!("`{key}` is known only at run time ({r})"),
            None => format!("`{key}` is missing or not a literal"),
        })
    }

    /// A boolean option (absent is false).
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some(Value::Bool(true)))
    }

    /// A list of strings (`columnNames: ["a", "b"]`).
    pub fn strings(&self, key: &str) -> Result<Vec<String>, String> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::List(items)) => items
                .iter()
                .map(|i| i.display().ok_or_else(|| format!("an item of `{key}` is not a literal")))
                .collect(),
            Some(_) => Err(format!("`{key}` is not a literal list")),
        }
    }

    /// A list of objects (`columns: [{…}, new TableColumn({…})]`).
    pub fn objects(&self, key: &str) -> Result<Vec<Obj<'a>>, String> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::List(items)) => {
                items.iter().map(|i| Obj::of(i).ok_or_else(|| format!("an item of `{key}` is not an object"))).collect()
            }
            Some(_) => Err(format!("`{key}` is not a literal list")),
        }
    }
}

/// Identifier quoting per driver: `"x"` (PostgreSQL, SQLite), `` `x` `` (MySQL).
pub fn quote(d: SqlDialect, name: &str) -> String {
    match d {
        SqlDialect::Mysql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// A dotted table path quoted per segment: `public.users` → `"public"."users"`.
pub fn quote_path(d: SqlDialect, path: &str) -> String {
    path.split('.').map(|p| quote(d, p)).collect::<Vec<_>>().join(".")
}

/// A string literal: `'it''s'` (MySQL also doubles backslashes).
pub fn literal(d: SqlDialect, s: &str) -> String {
    let mut body = s.replace('\'', "''");
    if d == SqlDialect::Mysql {
        body = body.replace('\\', "\\\\");
    }
    format!("'{body}'")
}

/// A TypeORM `default` option as SQL: strings are raw SQL (`"'draft'"`, `"now()"`), numbers and
/// booleans as written.
pub fn default_sql(v: &Value) -> Result<String, String> {
    match v {
        Value::Str(s) | Value::Number(s) => Ok(s.clone()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Function(..) => Err("a `default` given as a function is evaluated by TypeORM at run time".into()),
        other => Err(format!("a `default` that is not a literal ({})", other.unknown_reason().unwrap_or("expression"))),
    }
}

/// The name PostgreSQL enum types get: `enumName`, or `<table>_<column in lower case>_enum`.
pub fn enum_type_name(table: &str, col: &Obj) -> String {
    col.text("enumName").unwrap_or_else(|| {
        let t = table.rsplit('.').next().unwrap_or(table);
        format!("{t}_{}_enum", col.text("name").unwrap_or_default().to_lowercase())
    })
}

/// True when the column is an `enum`/`simple-enum`.
pub fn is_enum(col: &Obj) -> bool {
    matches!(col.text("type").as_deref(), Some("enum" | "simple-enum"))
}

/// `createFullType`: the type with its length or precision/scale, as the driver writes it.
pub fn full_type(d: SqlDialect, col: &Obj) -> Result<String, String> {
    let ty = col.need("type")?.to_ascii_lowercase();
    let length = col.text("length").filter(|l| !l.is_empty());
    let (precision, scale) = (col.text("precision"), col.text("scale"));
    // TypeORM's per-driver defaults and aliases.
    let (ty, length) = match (d, ty.as_str()) {
        (_, "simple-json" | "simple-array") => ("text".to_string(), None),
        (SqlDialect::Mysql, "varchar" | "nvarchar" | "character varying") => {
            (ty.clone(), Some(length.unwrap_or_else(|| "255".into())))
        }
        (SqlDialect::Mysql, "uuid") => ("varchar".into(), Some("36".into())),
        (SqlDialect::Sqlite, "uuid") => ("varchar".into(), None),
        (SqlDialect::Postgres, "int" | "int4") => ("integer".into(), length),
        (SqlDialect::Postgres, "varchar") => ("character varying".into(), length),
        _ => (ty.clone(), length),
    };
    let mut out = match (&length, &precision, &scale) {
        (Some(l), ..) => format!("{ty}({l})"),
        (None, Some(p), Some(s)) => format!("{ty}({p},{s})"),
        (None, Some(p), None) => format!("{ty}({p})"),
        _ => ty.clone(),
    };
    // `timestamp with time zone(3)` is spelled `TIMESTAMP(3) WITH TIME ZONE`.
    if let Some((head, tail)) = ty.split_once(" with") {
        out = match &precision {
            Some(p) => format!("{head}({p}) with{tail}"),
            None => ty.clone(),
        };
    }
    if d == SqlDialect::Mysql && col.flag("unsigned") {
        out.push_str(" UNSIGNED");
    }
    if d == SqlDialect::Mysql && col.flag("zerofill") {
        out.push_str(" ZEROFILL");
    }
    Ok(out)
}

/// How the column's value is generated.
fn strategy(col: &Obj) -> Option<String> {
    col.flag("isGenerated").then(|| col.text("generationStrategy").unwrap_or_else(|| "increment".into()))
}

/// True when SQLite writes the key inline: `"id" integer PRIMARY KEY AUTOINCREMENT`.
pub fn sqlite_inline_pk(d: SqlDialect, col: &Obj, primary_count: usize) -> bool {
    d == SqlDialect::Sqlite
        && col.flag("isPrimary")
        && primary_count == 1
        && strategy(col).as_deref() == Some("increment")
}

/// One column definition as the driver writes it in `CREATE TABLE`/`ADD COLUMN`.
pub fn column_def(d: SqlDialect, table: &str, col: &Obj, primary_count: usize) -> Result<String, String> {
    let name = col.need("name")?;
    let mut sql = quote(d, &name);
    let strategy = strategy(col);
    let ty = col.need("type")?.to_ascii_lowercase();
    let values = col.strings("enum")?;
    let serial = |t: &str| match t {
        "int" | "int4" | "integer" => Some("SERIAL"),
        "smallint" | "int2" => Some("SMALLSERIAL"),
        "bigint" | "int8" => Some("BIGSERIAL"),
        _ => None,
    };
    match d {
        SqlDialect::Postgres if strategy.as_deref() == Some("increment") && serial(&ty).is_some() => {
            sql.push(' ');
            sql.push_str(serial(&ty).unwrap_or("SERIAL"));
        }
        SqlDialect::Postgres if is_enum(col) => {
            sql.push(' ');
            sql.push_str(&quote(d, &enum_type_name(table, col)));
            if col.flag("isArray") {
                sql.push_str(" array");
            }
        }
        SqlDialect::Mysql if is_enum(col) => {
            let vals: Vec<String> = values.iter().map(|v| literal(d, v)).collect();
            sql.push_str(&format!(" enum ({})", vals.join(", ")));
        }
        SqlDialect::Sqlite if is_enum(col) => {
            let vals: Vec<String> = values.iter().map(|v| literal(d, v)).collect();
            sql.push_str(&format!(" varchar CHECK( {} IN ({}) )", quote(d, &name), vals.join(",")));
        }
        _ => {
            sql.push(' ');
            sql.push_str(&full_type(d, col)?);
            if d == SqlDialect::Postgres && col.flag("isArray") {
                sql.push_str(" array");
            }
        }
    }
    if let Some(c) = col.text("charset").filter(|_| d == SqlDialect::Mysql) {
        sql.push_str(&format!(" CHARACTER SET \"{c}\""));
    }
    if let Some(c) = col.text("collation") {
        sql.push_str(&match d {
            SqlDialect::Mysql => format!(" COLLATE \"{c}\""),
            _ => format!(" COLLATE \"{c}\""),
        });
    }
    if let Some(expr) = col.text("asExpression") {
        let kind = col.text("generatedType").unwrap_or_else(|| "VIRTUAL".into());
        sql.push_str(&format!(" GENERATED ALWAYS AS ({expr}) {kind}"));
    }
    if sqlite_inline_pk(d, col, primary_count) {
        sql.push_str(" PRIMARY KEY AUTOINCREMENT");
    }
    if !col.flag("isNullable") {
        sql.push_str(" NOT NULL");
    } else if d == SqlDialect::Mysql {
        sql.push_str(" NULL");
    }
    if let Some(v) = col.get("default") {
        sql.push_str(" DEFAULT ");
        sql.push_str(&default_sql(v)?);
    } else if strategy.as_deref() == Some("uuid") && d == SqlDialect::Postgres {
        sql.push_str(" DEFAULT uuid_generate_v4()");
    }
    match (d, strategy.as_deref()) {
        (SqlDialect::Postgres, Some("identity")) => {
            let kind = col.text("generatedIdentity").unwrap_or_else(|| "BY DEFAULT".into());
            sql.push_str(&format!(" GENERATED {} AS IDENTITY", kind.to_ascii_uppercase()));
        }
        (SqlDialect::Mysql, Some("increment")) => sql.push_str(" AUTO_INCREMENT"),
        _ => {}
    }
    if let (SqlDialect::Mysql, Some(u)) = (d, col.text("onUpdate")) {
        sql.push_str(&format!(" ON UPDATE {u}"));
    }
    if let (SqlDialect::Mysql, Some(c)) = (d, col.text("comment")) {
        sql.push_str(&format!(" COMMENT {}", literal(d, &c)));
    }
    Ok(sql)
}

/// `CREATE TYPE "<t>_<c>_enum" AS ENUM(…)` for a PostgreSQL enum column.
pub fn create_enum_sql(table: &str, col: &Obj) -> Result<Option<String>, String> {
    if !is_enum(col) {
        return Ok(None);
    }
    let vals: Vec<String> = col.strings("enum")?.iter().map(|v| literal(SqlDialect::Postgres, v)).collect();
    Ok(Some(format!(
        "CREATE TYPE {} AS ENUM({})",
        quote(SqlDialect::Postgres, &enum_type_name(table, col)),
        vals.join(", ")
    )))
}

/// `COMMENT ON COLUMN` for PostgreSQL (other drivers write the comment inline).
pub fn comment_sql(d: SqlDialect, table: &str, col: &Obj) -> Option<String> {
    let c = col.text("comment").filter(|_| d == SqlDialect::Postgres)?;
    Some(format!(
        "COMMENT ON COLUMN {}.{} IS {}",
        quote_path(d, table),
        quote(d, &col.text("name").unwrap_or_default()),
        literal(d, &c)
    ))
}
