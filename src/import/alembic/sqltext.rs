//! Directives that carry SQL: `op.execute` (strings, `sa.text`, folded
//! f-strings), `op.bulk_insert` (rendered as INSERT statements) and
//! `op.create_exclude_constraint` (PostgreSQL only).

use super::ops::{Args, Ctx, text_of};
use crate::host::{CallValue, Value};
use crate::ir::{Op, QName, RawSql, SqlDialect};

/// `op.execute(sqltext)` / `conn.execute(sa.text(…))`.
pub fn execute(ctx: &mut Ctx, args: &Args) -> Result<Vec<Op>, String> {
    let sql = match args.get("sqltext") {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Call(c)) if matches!(c.method(), "text" | "DDL" | "literal_column") => {
            c.args.first().and_then(Value::as_str).ok_or("SQL text known only at run time")?.to_string()
        }
        Some(Value::Call(c)) if c.method() == "bindparams" => {
            return Err("SQL with bound parameters (`.bindparams`) is only complete at run time".into());
        }
        Some(Value::Call(c)) => {
            return Err(format!("op.execute of a SQLAlchemy expression (`{}`) is data code", short(c)));
        }
        _ => return Err("op.execute of a value known only at run time".into()),
    };
    Ok(sql_ops(ctx, &sql))
}

fn short(c: &CallValue) -> String {
    let s: String = c.source.chars().take(60).collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// SQL text → operations: through the SQL importer, or kept as one [`RawSql`].
pub fn sql_ops(ctx: &mut Ctx, sql: &str) -> Vec<Op> {
    let trimmed = sql.trim();
    if trimmed.is_empty() {
        return Vec::new();
    }
    let dialect = ctx.target.unwrap_or(SqlDialect::Postgres);
    let (ops, diags) = crate::import::sql::parse_script(trimmed, ctx.file, dialect);
    if ops.is_empty() && diags.is_empty() {
        let upper = trimmed.to_ascii_uppercase();
        let no_transaction = upper.contains("CONCURRENTLY") || upper.starts_with("VACUUM");
        return vec![ctx.op(RawSql { sql: trimmed.to_string(), down: None, dialect: None, no_transaction })];
    }
    for mut d in diags {
        d.span = Some(ctx.span.clone());
        ctx.diags.push(d);
    }
    let guessed = ctx.target.is_none();
    ops.into_iter()
        .map(|mut op| {
            // Without a target the SQL was only *read* as PostgreSQL; do not claim it was written for it.
            if guessed && let crate::ir::Operation::Sql(raw) = &mut op.kind {
                raw.dialect = None;
            }
            Op { span: ctx.span.clone(), ..op }
        })
        .collect()
}

/// Quote an identifier for the target (backticks on MySQL, double quotes elsewhere), as
/// SQLAlchemy does for reserved words and mixed case; quoting every name is equivalent.
fn ident(name: &str, target: Option<SqlDialect>) -> String {
    match target {
        Some(SqlDialect::Mysql) => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

fn qualified(t: &QName, target: Option<SqlDialect>) -> String {
    match &t.schema {
        Some(s) => format!("{}.{}", ident(s, target), ident(&t.name, target)),
        None => ident(&t.name, target),
    }
}

/// A literal as SQLAlchemy renders it with `literal_binds`.
fn literal(v: &Value, target: Option<SqlDialect>) -> Result<String, String> {
    Ok(match v {
        Value::Str(s) => {
            let mut body = s.replace('\'', "''");
            if target == Some(SqlDialect::Mysql) {
                body = body.replace('\\', "\\\\");
            }
            format!("'{body}'")
        }
        Value::Number(n) => n.clone(),
        Value::Bool(b) => match target {
            Some(SqlDialect::Mysql | SqlDialect::Sqlite) => if *b { "1" } else { "0" }.to_string(),
            _ => b.to_string(),
        },
        Value::Nil => "NULL".to_string(),
        _ => {
            return Err(
                "a bulk_insert value that is not a literal (dates and objects are only known at run time)".into()
            );
        }
    })
}

/// `op.bulk_insert(table, rows)` → one INSERT per row, columns in table order.
pub fn bulk_insert(ctx: &mut Ctx, args: &Args) -> Result<Vec<Op>, String> {
    let Some(Value::Call(t)) = args.get("table") else {
        return Err("bulk_insert into a table known only at run time".into());
    };
    let (name, schema, columns) = match t.method() {
        "table" | "Table" | "create_table" => {
            let name = t.args.first().and_then(text_of).ok_or("bulk_insert table without a name")?;
            let cols: Vec<String> = t
                .args
                .iter()
                .skip(1)
                .filter_map(|c| c.as_call().filter(|c| matches!(c.method(), "column" | "Column")))
                .filter_map(|c| c.args.first().and_then(text_of))
                .collect();
            (name, t.kw("schema").and_then(text_of), cols)
        }
        other => return Err(format!("bulk_insert into `{other}(…)`")),
    };
    let table = QName { schema, name };
    let Some(Value::List(rows)) = args.get("rows") else {
        return Err("bulk_insert rows known only at run time".into());
    };
    let mut statements = Vec::new();
    for row in rows {
        let Value::Map(pairs) = row else { return Err("a bulk_insert row that is not a dict".into()) };
        let mut ordered: Vec<(&str, &Value)> = Vec::new();
        for col in &columns {
            if let Some((_, v)) = pairs.iter().find(|(k, _)| k.as_str() == Some(col)) {
                ordered.push((col, v));
            }
        }
        for (k, v) in pairs {
            let k = k.as_str().ok_or("a bulk_insert key that is not a string")?;
            if !columns.iter().any(|c| c == k) {
                ordered.push((k, v));
            }
        }
        let names: Vec<String> = ordered.iter().map(|(k, _)| ident(k, ctx.target)).collect();
        let values: Result<Vec<String>, String> = ordered.iter().map(|(_, v)| literal(v, ctx.target)).collect();
        statements.push(format!(
            "INSERT INTO {} ({}) VALUES ({});",
            qualified(&table, ctx.target),
            names.join(", "),
            values?.join(", ")
        ));
    }
    if statements.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vec![ctx.op(RawSql { sql: statements.join("\n"), down: None, dialect: None, no_transaction: false })])
}

/// `op.create_exclude_constraint(name, table, (expr, operator), …, using=, where=)`.
pub fn exclude(ctx: &mut Ctx, args: &Args) -> Result<Vec<Op>, String> {
    if !matches!(ctx.target, None | Some(SqlDialect::Postgres)) {
        ctx.warn("alembic-postgres-only", "create_exclude_constraint exists only on PostgreSQL; skipped");
        return Ok(Vec::new());
    }
    let table = QName { schema: args.opt_text("schema"), name: args.text("table_name")? };
    let mut elements = Vec::new();
    for e in &args.rest {
        let parts = e.as_list().ok_or("an exclusion element that is not (expression, operator)")?;
        match parts {
            [expr, op] => {
                let expr = text_of(expr).ok_or("an exclusion expression that is not text")?;
                let op = text_of(op).ok_or("an exclusion operator that is not text")?;
                elements.push(format!("{expr} WITH {op}"));
            }
            _ => return Err("an exclusion element that is not (expression, operator)".into()),
        }
    }
    let using = args.opt_text("using").unwrap_or_else(|| "gist".into());
    let mut sql = format!("ALTER TABLE {} ADD", qualified(&table, Some(SqlDialect::Postgres)));
    if let Some(name) = args.opt_text("constraint_name") {
        sql.push_str(&format!(" CONSTRAINT {}", ident(&name, Some(SqlDialect::Postgres))));
    }
    sql.push_str(&format!(" EXCLUDE USING {using} ({})", elements.join(", ")));
    if let Some(w) = args.get("where").and_then(text_of) {
        sql.push_str(&format!(" WHERE ({w})"));
    }
    Ok(vec![ctx.op(RawSql { sql, down: None, dialect: Some(SqlDialect::Postgres), no_transaction: false })])
}
