//! Evaluated Alembic code ([`Effect`]s) → IR operations: the `op.*` directives,
//! `batch_alter_table` blocks, `op.get_bind().execute(…)`, `sa.Enum(…).create(bind)`.
//! Whatever is not a known directive becomes Opaque with the reason.

use std::collections::BTreeSet;

use super::{branches, sqltext, table_ops};
use crate::diagnostics::{Diagnostic, Severity};
use crate::host::{CallEffect, CallValue, Effect, Language, Value, opaque_op};
use crate::ir::{ByDialect, DialectBranch, Op, Operation, Span, SqlDialect};

/// State of one revision file's import.
pub struct Ctx<'a> {
    /// The dialect the IR is imported for (`None`: portable).
    pub target: Option<SqlDialect>,
    /// The revision file (for spans of embedded SQL).
    pub file: &'a str,
    /// Diagnostics so far.
    pub diags: Vec<Diagnostic>,
    /// Span of the directive being imported.
    pub span: Span,
    /// False once an `autocommit_block()` is seen.
    pub transactional: bool,
    /// The naming convention in force (SQLAlchemy's default unless the file declares one).
    pub convention: super::naming::Convention,
    /// Names written as final (`op.f("x")`): no convention applies to them.
    pub final_names: BTreeSet<String>,
    /// Project column types → SQLAlchemy spellings.
    pub type_map: super::types::TypeMap,
}

impl<'a> Ctx<'a> {
    /// A context for `file`.
    pub fn new(target: Option<SqlDialect>, file: &'a str) -> Self {
        Ctx {
            target,
            file,
            diags: Vec::new(),
            span: Span::file(file),
            transactional: true,
            convention: super::naming::Convention::sqlalchemy_default(),
            final_names: BTreeSet::new(),
            type_map: super::types::TypeMap::new(),
        }
    }

    /// Record an informational note at the current directive.
    pub fn info(&mut self, code: &str, message: impl Into<String>) {
        self.diags.push(Diagnostic::new(Severity::Info, code, message).at(self.span.clone()));
    }

    /// Record a warning at the current directive.
    pub fn warn(&mut self, code: &str, message: impl Into<String>) {
        self.diags.push(Diagnostic::warning(code, message).at(self.span.clone()));
    }

    /// Resolve a column type with the project's type map.
    pub fn resolve_type(&self, v: &Value) -> Result<super::types::TypeSpec, String> {
        super::types::resolve_in(v, self.target, &self.type_map)
    }

    /// An op at the current directive's span.
    pub fn op(&self, kind: impl Into<Operation>) -> Op {
        Op::new(kind, self.span.clone())
    }
}

/// A string argument: a literal, or `op.f("x")`, `conv("x")`, `sa.text("x")`, `quoted_name("x")`.
pub fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) | Value::Symbol(s) => Some(s.clone()),
        Value::Call(c) if matches!(c.method(), "f" | "conv" | "quoted_name" | "text" | "literal_column") => {
            c.args.first().and_then(text_of)
        }
        _ => None,
    }
}

/// Arguments bound to a directive's parameter names, plus the extra positionals.
#[derive(Debug, Clone, Default)]
pub struct Args {
    named: Vec<(String, Value)>,
    /// Positional arguments past the named parameters (`*columns`, `*elements`).
    pub rest: Vec<Value>,
}

impl Args {
    /// Bind `call`'s arguments to `params` in order; keywords override.
    pub fn bind(call: &CallValue, params: &[&str]) -> Args {
        let mut args = Args::default();
        for (i, v) in call.args.iter().enumerate() {
            match params.get(i) {
                Some(p) => args.named.push((p.to_string(), v.clone())),
                None => args.rest.push(v.clone()),
            }
        }
        args.named.extend(call.kwargs.iter().cloned());
        args
    }

    /// The argument named `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.named.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// A string argument, or why it is missing.
    pub fn text(&self, name: &str) -> Result<String, String> {
        let v = self.get(name);
        v.and_then(text_of).ok_or_else(|| match v.and_then(Value::path) {
            Some(p) => format!("argument `{name}` is `{p}`, a value defined outside this file"),
            None => format!("argument `{name}` is not a known string"),
        })
    }

    /// An optional string argument (`None` also for an explicit `None`).
    pub fn opt_text(&self, name: &str) -> Option<String> {
        self.get(name).and_then(text_of)
    }

    /// A boolean flag (absent or `None` is false).
    pub fn flag(&self, name: &str) -> bool {
        self.get(name).and_then(Value::as_bool).unwrap_or(false)
    }

    /// Keyword arguments (for dialect options such as `postgresql_where`).
    pub fn kwargs(&self) -> &[(String, Value)] {
        &self.named
    }

    fn set(&mut self, name: &str, v: Value) {
        self.named.insert(0, (name.to_string(), v));
    }
}

/// Parameter names of each directive: `(name, op.<name> params, batch_op.<name> params, table param)`.
const SIGNATURES: &[(&str, &[&str], &[&str], &str)] = &[
    ("create_table", &["table_name"], &[], ""),
    ("drop_table", &["table_name"], &[], ""),
    ("rename_table", &["old_table_name", "new_table_name"], &[], ""),
    ("add_column", &["table_name", "column"], &["column"], "table_name"),
    ("drop_column", &["table_name", "column_name"], &["column_name"], "table_name"),
    ("alter_column", &["table_name", "column_name"], &["column_name"], "table_name"),
    ("create_index", &["index_name", "table_name", "columns"], &["index_name", "columns"], "table_name"),
    ("drop_index", &["index_name", "table_name"], &["index_name"], "table_name"),
    (
        "create_foreign_key",
        &["constraint_name", "source_table", "referent_table", "local_cols", "remote_cols"],
        &["constraint_name", "referent_table", "local_cols", "remote_cols"],
        "source_table",
    ),
    (
        "create_primary_key",
        &["constraint_name", "table_name", "columns"],
        &["constraint_name", "columns"],
        "table_name",
    ),
    (
        "create_unique_constraint",
        &["constraint_name", "table_name", "columns"],
        &["constraint_name", "columns"],
        "table_name",
    ),
    (
        "create_check_constraint",
        &["constraint_name", "table_name", "condition"],
        &["constraint_name", "condition"],
        "table_name",
    ),
    ("create_exclude_constraint", &["constraint_name", "table_name"], &["constraint_name"], "table_name"),
    ("drop_constraint", &["constraint_name", "table_name", "type_"], &["constraint_name", "type_"], "table_name"),
    ("create_table_comment", &["table_name", "comment"], &["comment"], "table_name"),
    ("drop_table_comment", &["table_name"], &[], "table_name"),
    ("execute", &["sqltext"], &["sqltext"], ""),
    ("bulk_insert", &["table", "rows", "multiinsert"], &[], ""),
];

/// `op.*` calls that only read state or build names: no DDL.
const NO_DDL: &[&str] =
    &["get_bind", "get_context", "f", "inline_literal", "implementation_for", "register_operation", "invoke"];

/// True for calls whose result is used but which still change the database
/// (`t = op.create_table(…)`, `conn.execute(…)`): the evaluator's `effect_in_expression`.
pub fn effect_in_expression(c: &CallValue) -> bool {
    let method = c.method();
    if is_op(c.receiver()) {
        return !NO_DDL.contains(&method) && method != "batch_alter_table";
    }
    matches!(method, "execute" | "exec_driver_sql")
}

fn is_op(recv: Option<&Value>) -> bool {
    matches!(recv, Some(Value::Path(p)) if p == "op" || p == "alembic.op")
}

/// Import a list of effects.
pub fn lower(ctx: &mut Ctx, effects: &[Effect]) -> Vec<Op> {
    let mut out = Vec::new();
    for e in effects {
        match e {
            Effect::Opaque { source, reason, span } => {
                let (op, diag) = opaque_op(Language::Python, source, reason, span.clone());
                ctx.diags.push(diag);
                out.push(op);
            }
            Effect::ByDialect { branches, otherwise, span } => {
                let branches = branches
                    .iter()
                    .map(|(dialects, fx)| DialectBranch { dialects: dialects.clone(), ops: lower(ctx, fx) })
                    .collect();
                let otherwise = lower(ctx, otherwise);
                out.extend(branches::by_dialect(branches, otherwise, span.clone()));
            }
            Effect::Call(c) => {
                ctx.span = c.span().clone();
                match directive(ctx, c) {
                    Ok(ops) => out.extend(ops),
                    Err(reason) => {
                        let (op, diag) = opaque_op(Language::Python, c.source(), &reason, c.span().clone());
                        ctx.diags.push(diag);
                        out.push(op);
                    }
                }
            }
        }
    }
    out
}

/// One call effect.
fn directive(ctx: &mut Ctx, c: &CallEffect) -> Result<Vec<Op>, String> {
    let call = &c.call;
    let method = call.method();
    if let Some(reason) = call.unknown_reason_in_args() {
        return Err(format!("an argument is known only when the migration runs ({reason})"));
    }
    match call.receiver() {
        Some(Value::Call(batch)) if batch.method() == "batch_alter_table" => {
            let table = Args::bind(batch, &["table_name", "schema"]);
            return op_directive(ctx, method, call, Some(&table), c);
        }
        Some(Value::Call(r)) if method == "autocommit_block" && r.method() == "get_context" => {
            ctx.transactional = false;
            ctx.info("alembic-autocommit-block", "autocommit_block(): the migration is imported as non-transactional");
            return Ok(c.block.as_ref().map(|b| lower(ctx, &b.effects)).unwrap_or_default());
        }
        recv if is_op(recv) => return op_directive(ctx, method, call, None, c),
        Some(Value::Call(r)) if matches!(method, "create" | "drop") && matches!(r.method(), "Enum" | "ENUM") => {
            return table_ops::enum_create_drop(ctx, r, method == "create", call);
        }
        _ => {}
    }
    let path = call.path();
    if matches!(method, "execute" | "exec_driver_sql") && (path.contains("get_bind()") || path.contains("connection")) {
        return sqltext::execute(ctx, &Args::bind(call, &["sqltext"]));
    }
    if path == "print" || ["logger.", "log.", "logging.", "warnings.", "LOG."].iter().any(|p| path.starts_with(p)) {
        return Ok(Vec::new());
    }
    if path.starts_with("alembic.context.") || path.starts_with("context.") {
        return match method {
            "execute" => sqltext::execute(ctx, &Args::bind(call, &["sqltext"])),
            _ => Ok(Vec::new()),
        };
    }
    Err(format!("`{path}` is not an Alembic operation polymig understands"))
}

/// An `op.<method>(…)` or `batch_op.<method>(…)` call.
fn op_directive(
    ctx: &mut Ctx,
    method: &str,
    call: &CallValue,
    batch: Option<&Args>,
    effect: &CallEffect,
) -> Result<Vec<Op>, String> {
    if NO_DDL.contains(&method) {
        return Ok(Vec::new());
    }
    if method == "batch_alter_table" {
        let args = Args::bind(call, &["table_name", "schema"]);
        if args.get("recreate").and_then(text_of).is_some_and(|r| r != "auto") || args.get("copy_from").is_some() {
            ctx.info(
                "alembic-batch-recreate",
                "batch_alter_table(recreate=…/copy_from=…): polymig applies the operations to the table; \
                 the SQL exporter rebuilds SQLite tables where it must",
            );
        }
        return Ok(effect.block.as_ref().map(|b| lower(ctx, &b.effects)).unwrap_or_default());
    }
    let Some((_, params, batch_params, table_param)) = SIGNATURES.iter().find(|(m, ..)| *m == method) else {
        return Err(format!("op.{method} is not supported"));
    };
    let args = match batch {
        None => Args::bind(call, params),
        Some(b) => {
            let mut a = Args::bind(call, batch_params);
            if !table_param.is_empty() {
                a.set(table_param, b.get("table_name").cloned().ok_or("batch_alter_table without a table")?);
            }
            if let Some(schema) = b.get("schema") {
                a.set("schema", schema.clone());
            }
            a
        }
    };
    match method {
        "execute" => sqltext::execute(ctx, &args),
        "bulk_insert" => sqltext::bulk_insert(ctx, &args),
        "create_exclude_constraint" => sqltext::exclude(ctx, &args),
        _ => table_ops::directive(ctx, method, &args),
    }
}

/// Run `f` for each dialect when no target is set; equal results give one list,
/// different ones a [`ByDialect`] (dialect options such as `postgresql_where` differ).
pub fn per_dialect(
    ctx: &mut Ctx,
    f: impl Fn(&mut Ctx, Option<SqlDialect>) -> Result<Vec<Op>, String>,
) -> Result<Vec<Op>, String> {
    if ctx.target.is_some() {
        let t = ctx.target;
        return f(ctx, t);
    }
    let mut variants: Vec<(SqlDialect, Vec<Op>)> = Vec::new();
    for d in SqlDialect::ALL {
        variants.push((d, f(ctx, Some(d))?));
    }
    let portable = f(ctx, None)?;
    if variants.iter().all(|(_, ops)| *ops == portable) {
        return Ok(portable);
    }
    let mut branches: Vec<DialectBranch> = Vec::new();
    let mut seen = BTreeSet::new();
    for (d, ops) in &variants {
        if !seen.insert(*d) {
            continue;
        }
        match branches.iter_mut().find(|b| b.ops == *ops) {
            Some(b) => b.dialects.push(*d),
            None => branches.push(DialectBranch { dialects: vec![*d], ops: ops.clone() }),
        }
    }
    Ok(vec![ctx.op(ByDialect { branches, otherwise: portable })])
}
