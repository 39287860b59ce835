//! Evaluated migration methods ([`Effect`]s) → IR operations: `queryRunner.query(sql, params)`
//! through the SQL importer, the QueryRunner schema API through [`super::api`] and its siblings,
//! entity-manager and other run-time code as Opaque with the reason. Each operation is replayed
//! on [`Ctx::state`] as it is produced, so calls that depend on the table as it stands
//! (`changeColumn`, `dropPrimaryKey`, `addColumn` of a key column) read it.

use super::{api, column_ops, keys};
use crate::diagnostics::Diagnostic;
use crate::host::{CallEffect, CallValue, Effect, Language, Value, opaque_op};
use crate::ir::{ByDialect, DialectBranch, Op, Operation, RawSql, Span, SqlDialect};
use crate::schema::{Schema, replay};

/// State of one migration file's import.
pub struct Ctx<'a> {
    /// The dialect the IR is imported for (`None`: portable, branches kept).
    pub target: Option<SqlDialect>,
    /// The dialect the file's SQL is written in (given, guessed from the SQL, or the target).
    pub sql_dialect: SqlDialect,
    /// The migration file.
    pub file: &'a str,
    /// The QueryRunner parameter names (`queryRunner`, or what the method calls it).
    pub runners: Vec<String>,
    /// Diagnostics so far.
    pub diags: Vec<Diagnostic>,
    /// The schema as the earlier migrations and the operations lowered so far left it (replayed
    /// for [`Ctx::api_dialect`]); `getTable`, `changeColumn` and `dropPrimaryKey` read it.
    pub state: Schema,
}

impl Ctx<'_> {
    /// The driver the QueryRunner API is rendered for.
    pub fn api_dialect(&self, branch: Option<SqlDialect>) -> SqlDialect {
        branch.or(self.target).unwrap_or(self.sql_dialect)
    }
}

/// QueryRunner methods that change the database.
const CHANGES: &[&str] = &[
    "query",
    "createTable",
    "dropTable",
    "renameTable",
    "addColumn",
    "addColumns",
    "dropColumn",
    "dropColumns",
    "renameColumn",
    "changeColumn",
    "changeColumns",
    "createIndex",
    "createIndices",
    "dropIndex",
    "dropIndices",
    "createForeignKey",
    "createForeignKeys",
    "dropForeignKey",
    "dropForeignKeys",
    "createPrimaryKey",
    "dropPrimaryKey",
    "createUniqueConstraint",
    "createUniqueConstraints",
    "dropUniqueConstraint",
    "dropUniqueConstraints",
    "createCheckConstraint",
    "createCheckConstraints",
    "dropCheckConstraint",
    "dropCheckConstraints",
    "createExclusionConstraint",
    "createExclusionConstraints",
    "dropExclusionConstraint",
    "dropExclusionConstraints",
    "createView",
    "dropView",
];

/// The evaluator's `effect_in_expression`: a QueryRunner call whose result is used
/// (`const r = await queryRunner.query("ALTER …")`) still runs, so it is read as a step too;
/// a read (`SELECT`, `SHOW`, `WITH …`) whose rows feed run-time code changes nothing.
pub fn effect_in_expression(c: &CallValue) -> bool {
    let reads = matches!(c.args.first(), Some(Value::Str(sql)) if {
        let head = sql.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        matches!(head.as_str(), "SELECT" | "SHOW" | "WITH" | "PRAGMA" | "EXPLAIN")
    });
    c.receiver().is_some() && CHANGES.contains(&c.method()) && !(c.method() == "query" && reads)
}

/// Lower a method's effects.
pub fn lower(ctx: &mut Ctx, effects: &[Effect]) -> Vec<Op> {
    lower_in(ctx, effects, None)
}

fn lower_in(ctx: &mut Ctx, effects: &[Effect], branch: Option<SqlDialect>) -> Vec<Op> {
    let mut out = Vec::new();
    for e in effects {
        let ops = match e {
            Effect::Call(c) => call(ctx, c, branch),
            Effect::Opaque { source, reason, span } => vec![opaque(ctx, source, reason, span.clone())],
            Effect::ByDialect { branches, otherwise, span } => {
                // Each alternative sees the state before the branch; the state then follows the
                // alternative the replay dialect takes.
                let before = ctx.state.clone();
                let alternative = |ctx: &mut Ctx, fx: &[Effect], d: Option<SqlDialect>| {
                    ctx.state = before.clone();
                    lower_in(ctx, fx, d)
                };
                let branches = branches
                    .iter()
                    .map(|(ds, fx)| DialectBranch {
                        dialects: ds.clone(),
                        ops: alternative(ctx, fx, ds.first().copied()),
                    })
                    .collect();
                let otherwise = alternative(ctx, otherwise, branch);
                ctx.state = before;
                let by = Op::new(ByDialect { branches, otherwise }, span.clone());
                let d = ctx.api_dialect(branch);
                let _ = replay(&mut ctx.state, &by, Some(d));
                out.push(by);
                continue;
            }
        };
        let d = ctx.api_dialect(branch);
        for op in &ops {
            let _ = replay(&mut ctx.state, op, Some(d));
        }
        out.extend(ops);
    }
    out
}

fn opaque(ctx: &mut Ctx, source: &str, reason: &str, span: Span) -> Op {
    let (op, d) = opaque_op(Language::TypeScript, source, reason, span);
    ctx.diags.push(d);
    op
}

/// True when `v` is the QueryRunner (or an attribute path below it).
fn on_runner(ctx: &Ctx, c: &CallValue) -> Option<String> {
    let path = c.path();
    let (head, rest) = path.split_once('.')?;
    let head = head.trim_start_matches("this.");
    ctx.runners.iter().any(|r| r == head).then(|| rest.to_string())
}

fn call(ctx: &mut Ctx, c: &CallEffect, branch: Option<SqlDialect>) -> Vec<Op> {
    let cv = &c.call;
    let span = cv.span.clone();
    let Some(method) = on_runner(ctx, cv) else {
        let reason = format!("`{}` is not a QueryRunner call (run-time code)", cv.path());
        return vec![opaque(ctx, &cv.source, &reason, span)];
    };
    if let Some(r) = cv.unknown_reason_in_args() {
        let reason = format!("an argument of `{method}` is known only at run time ({r})");
        return vec![opaque(ctx, &cv.source, &reason, span)];
    }
    let d = ctx.api_dialect(branch);
    let generated = match method.as_str() {
        "query" | "manager.query" | "connection.query" => return query(ctx, cv, branch),
        "createTable" => return create_table(ctx, cv, d),
        "dropTable" => api::drop_table(d, cv),
        "renameTable" => api::rename_table(d, cv),
        "addColumn" | "addColumns" => column_ops::add_columns(d, cv, &ctx.state),
        "dropColumn" | "dropColumns" => column_ops::drop_columns(d, cv, &ctx.state),
        "renameColumn" => column_ops::rename_column(d, cv, &ctx.state),
        "changeColumn" | "changeColumns" => match super::change::change_columns(d, cv, &ctx.state) {
            Ok((sql, notes)) => {
                for note in notes {
                    ctx.diags.push(Diagnostic::warning("typeorm-column-recreated", note).at(span.clone()));
                }
                Ok(sql)
            }
            Err(e) => Err(e),
        },
        "dropPrimaryKey" => keys::drop_pk(d, cv, &ctx.state),
        "createExclusionConstraint" | "createExclusionConstraints" => {
            return raw(ctx, cv, keys::create_exclusions(d, cv));
        }
        "dropExclusionConstraint" | "dropExclusionConstraints" => return raw(ctx, cv, keys::drop_exclusions(d, cv)),
        "createIndex" | "createIndices" => api::create_indices(d, cv),
        "dropIndex" | "dropIndices" => api::drop_indices(d, cv),
        "createForeignKey" | "createForeignKeys" => api::create_fks(d, cv),
        "dropForeignKey" | "dropForeignKeys" => api::drop_fks(d, cv),
        "createPrimaryKey" => api::create_pk(d, cv),
        "createUniqueConstraint" | "createUniqueConstraints" => api::create_uniques(d, cv),
        "createCheckConstraint" | "createCheckConstraints" => api::create_checks(d, cv),
        "dropUniqueConstraint" | "dropUniqueConstraints" | "dropCheckConstraint" | "dropCheckConstraints" => {
            api::drop_named_constraints(d, cv)
        }
        "createView" => api::create_view(d, cv),
        "dropView" => api::drop_view(d, cv),
        "release" | "connect" => return Vec::new(),
        m if m.starts_with("manager.") => Err(format!("entity-manager data code (`{m}`)")),
        m if m.contains("Transaction") => Err(format!("`{m}` manages the transaction by hand")),
        m if m.starts_with("connection.") || m.starts_with("get") || m.starts_with("has") => {
            Err(format!("`{m}` reads the live database"))
        }
        m => Err(format!("QueryRunner method `{m}` is not read yet")),
    };
    match generated {
        Ok(statements) => statements.iter().flat_map(|sql| sql_ops(ctx, sql, d, &span)).collect(),
        Err(reason) => vec![opaque(ctx, &cv.source, &reason, span)],
    }
}

/// `createTable(new Table({…}))`: the driver's statements, then the exclusion constraints.
fn create_table(ctx: &mut Ctx, cv: &CallValue, d: SqlDialect) -> Vec<Op> {
    let span = cv.span.clone();
    let Some(table) = cv.args.first().and_then(super::columns::Obj::of) else {
        return vec![opaque(ctx, &cv.source, "the table is not an object literal", span)];
    };
    let (statements, exclusions) = match (api::create_table(d, cv), keys::table_exclusions(d, &table)) {
        (Ok(s), Ok(x)) => (s, x),
        (Err(reason), _) | (_, Err(reason)) => return vec![opaque(ctx, &cv.source, &reason, span)],
    };
    let mut out: Vec<Op> = statements.iter().flat_map(|sql| sql_ops(ctx, sql, d, &span)).collect();
    let (raws, note) = exclusions;
    out.extend(raws.into_iter().map(|r| Op::new(r, span.clone())));
    if let Some(note) = note {
        ctx.diags.push(Diagnostic::warning("typeorm-exclusion-ignored", note).at(span));
    }
    out
}

/// Raw SQL a call stands for, or the call kept Opaque with the reason.
fn raw(ctx: &mut Ctx, cv: &CallValue, sql: Result<Vec<RawSql>, String>) -> Vec<Op> {
    match sql {
        Ok(raws) => raws.into_iter().map(|r| Op::new(r, cv.span.clone())).collect(),
        Err(reason) => vec![opaque(ctx, &cv.source, &reason, cv.span.clone())],
    }
}

/// `queryRunner.query(sql, [params])`: literal parameters are inlined as SQL literals.
fn query(ctx: &mut Ctx, cv: &CallValue, branch: Option<SqlDialect>) -> Vec<Op> {
    let span = cv.span.clone();
    let Some(Value::Str(sql)) = cv.args.first() else {
        return vec![opaque(ctx, &cv.source, "the SQL of `query` is known only at run time", span)];
    };
    let d = branch.unwrap_or(ctx.sql_dialect);
    let sql = match cv.args.get(1) {
        None | Some(Value::Nil) => sql.clone(),
        Some(Value::List(params)) if params.is_empty() => sql.clone(),
        Some(Value::List(params)) => match bind_params(sql, params, d) {
            Some(s) => s,
            None => {
                let reason = "a query whose parameters are not literals is only complete at run time";
                return vec![opaque(ctx, &cv.source, reason, span)];
            }
        },
        Some(_) => return vec![opaque(ctx, &cv.source, "query parameters known only at run time", span)],
    };
    sql_ops(ctx, &sql, d, &span)
}

/// Replace `$1`… (PostgreSQL) or `?` (MySQL, SQLite) outside quotes by the parameters as literals.
fn bind_params(sql: &str, params: &[Value], d: SqlDialect) -> Option<String> {
    let lit = |v: &Value| -> Option<String> {
        Some(match v {
            Value::Str(s) => super::columns::literal(d, s),
            Value::Number(n) => n.clone(),
            Value::Bool(b) => {
                if d == SqlDialect::Postgres {
                    b.to_string()
                } else {
                    u8::from(*b).to_string()
                }
            }
            Value::Nil => "NULL".into(),
            _ => return None,
        })
    };
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut next = 0;
    let mut chars = sql.chars().peekable();
    while let Some(ch) = chars.next() {
        match (quote, ch) {
            (Some(q), c) if c == q => {
                quote = None;
                out.push(c);
            }
            (Some(_), c) => out.push(c),
            (None, c @ ('\'' | '"' | '`')) => {
                quote = Some(c);
                out.push(c);
            }
            (None, '$') if chars.peek().is_some_and(char::is_ascii_digit) => {
                let mut n = String::new();
                while let Some(dg) = chars.peek().copied().filter(char::is_ascii_digit) {
                    n.push(dg);
                    chars.next();
                }
                let i: usize = n.parse().ok()?;
                out.push_str(&lit(params.get(i.checked_sub(1)?)?)?);
            }
            (None, '?') => {
                out.push_str(&lit(params.get(next)?)?);
                next += 1;
            }
            (None, c) => out.push(c),
        }
    }
    Some(out)
}

/// SQL text → operations through the SQL importer (kept as one [`RawSql`] when it reads none).
pub fn sql_ops(ctx: &mut Ctx, sql: &str, d: SqlDialect, span: &Span) -> Vec<Op> {
    let trimmed = sql.trim();
    if trimmed.is_empty() {
        return Vec::new();
    }
    let (ops, diags) = crate::import::sql::parse_script(trimmed, ctx.file, d);
    if ops.is_empty() && diags.is_empty() {
        let upper = trimmed.to_ascii_uppercase();
        let no_transaction = upper.contains("CONCURRENTLY") || upper.starts_with("VACUUM");
        let raw = RawSql { sql: trimmed.to_string(), down: None, dialect: Some(d), no_transaction };
        return vec![Op::new(raw, span.clone())];
    }
    for mut diag in diags {
        diag.span = Some(span.clone());
        ctx.diags.push(diag);
    }
    ops.into_iter()
        .map(|mut op| {
            if let Operation::Sql(raw) = &mut op.kind
                && raw.dialect.is_none()
            {
                raw.dialect = Some(d);
            }
            Op { span: span.clone(), ..op }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_become_literals_outside_quotes() {
        let p = [Value::Str("it's".into()), Value::Number("3".into())];
        assert_eq!(
            bind_params("INSERT INTO \"t\" VALUES ($1, $2, '$1')", &p, SqlDialect::Postgres).unwrap(),
            "INSERT INTO \"t\" VALUES ('it''s', 3, '$1')"
        );
        assert_eq!(
            bind_params("UPDATE t SET a = ? WHERE b = '?'", &p[..1], SqlDialect::Mysql).unwrap(),
            "UPDATE t SET a = 'it''s' WHERE b = '?'"
        );
        assert!(bind_params("SELECT $3", &p, SqlDialect::Postgres).is_none());
    }
}
