//! Evaluated migration code ([`Effect`]s) → IR operations. Transparent wrappers
//! (`say_with_time`, `safety_assured`, `transaction`), `reversible` blocks and
//! `execute` are handled here, `revert` in [`super::revert`]; the schema statements themselves are
//! in [`super::dsl`] and [`super::table`]. Whatever is not a schema statement
//! (model classes, `update_all`, `find_each`) becomes Opaque with the reason.

use super::version::ArVersion;
use crate::diagnostics::{Diagnostic, Severity};
use crate::host::{CallEffect, CallValue, Effect, Language, Value, opaque_op};
use crate::ir::{ByDialect, DialectBranch, Op, Operation, RawSql, Span, SqlDialect};
use crate::schema::Schema;

/// State of one migration file's import.
pub struct Ctx<'a> {
    /// The adapter the IR is imported for (`None`: portable, read as PostgreSQL).
    pub target: Option<SqlDialect>,
    /// The file's `Migration[x.y]`.
    pub version: ArVersion,
    /// The migration file (for spans of embedded SQL).
    pub file: &'a str,
    /// Diagnostics so far.
    pub diags: Vec<Diagnostic>,
    /// Span of the call being imported.
    pub span: Span,
    /// False after `disable_ddl_transaction!`.
    pub transactional: bool,
    /// The schema replayed up to the current operation (guards, `remove_foreign_key :a, :b`).
    pub state: Schema,
    /// The migrations read before this one (for `revert ClassName`).
    pub earlier: &'a super::revert::Earlier,
}

/// Operations of a body, with the parts whose down is given by the source
/// (`reversible { |dir| dir.down … }`, `revert { … }`).
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// An operation ActiveRecord inverts itself when rolling back a `change`.
    Op(Box<Op>),
    /// Operations with the source's own down.
    Pair {
        /// Run when migrating up.
        up: Vec<Op>,
        /// Run when migrating down.
        down: Vec<Op>,
    },
}

impl<'a> Ctx<'a> {
    /// A context for `file`.
    pub fn new(target: Option<SqlDialect>, version: ArVersion, file: &'a str, state: Schema) -> Self {
        Ctx {
            target,
            version,
            file,
            diags: Vec::new(),
            span: Span::file(file),
            transactional: true,
            state,
            earlier: super::revert::Earlier::none(),
        }
    }

    /// The adapter whose defaults apply (PostgreSQL when importing portably).
    pub fn adapter(&self) -> SqlDialect {
        self.target.unwrap_or(SqlDialect::Postgres)
    }

    /// Record a diagnostic of `severity` at the current call.
    pub fn note(&mut self, severity: Severity, code: &str, message: impl Into<String>) {
        self.diags.push(Diagnostic::new(severity, code, message).at(self.span.clone()));
    }

    /// An op at the current call's span.
    pub fn op(&self, kind: impl Into<Operation>) -> Op {
        Op::new(kind, self.span.clone())
    }

    /// Replay `ops` into the state (problems are reported by `polymig check`, not here).
    pub fn replay(&mut self, ops: &[Op]) {
        let dialect = self.adapter();
        for op in ops {
            let _ = crate::schema::replay(&mut self.state, op, Some(dialect));
        }
    }
}

/// All up operations of `pieces`, in order.
pub fn up_ops(pieces: &[Piece]) -> Vec<Op> {
    pieces
        .iter()
        .flat_map(|p| match p {
            Piece::Op(op) => std::slice::from_ref(&**op),
            Piece::Pair { up, .. } => up.as_slice(),
        })
        .cloned()
        .collect()
}

/// The down of a `change` body that has `reversible`/`revert` parts: each plain
/// operation inverted against the state before it, each pair's own down, in reverse order.
pub fn down_of(pieces: &[Piece], before: &Schema, dialect: SqlDialect) -> Result<Vec<Op>, String> {
    let mut state = before.clone();
    let mut parts: Vec<Vec<Op>> = Vec::new();
    for p in pieces {
        match p {
            Piece::Op(op) => {
                let inv = crate::schema::invert(op, &state, Some(dialect))
                    .map_err(|e| format!("line {}: {}", op.span.line, e.reason))?;
                parts.push(inv);
                let _ = crate::schema::replay(&mut state, op, Some(dialect));
            }
            Piece::Pair { up, down } => {
                parts.push(down.clone());
                for op in up {
                    let _ = crate::schema::replay(&mut state, op, Some(dialect));
                }
            }
        }
    }
    Ok(parts.into_iter().rev().flatten().collect())
}

/// Calls that wrap migration code without changing it: their block is imported in place.
const WRAPPERS: &[&str] =
    &["say_with_time", "safety_assured", "transaction", "suppress_messages", "with_lock_retries", "without_lock"];

/// Calls that print or configure and change no schema.
const SILENT: &[&str] = &["say", "puts", "print", "p", "pp", "reset_column_information", "disable_ddl_transaction!"];

/// Import a list of effects.
pub fn lower(ctx: &mut Ctx, effects: &[Effect]) -> Vec<Piece> {
    let mut out = Vec::new();
    for e in effects {
        match e {
            Effect::Opaque { source, reason, span } => {
                if (reason.contains("reads the live database schema") || reason.starts_with("branch on"))
                    && let Some(pieces) = super::guards::resolve(ctx, source, span)
                {
                    ctx.span = span.clone();
                    ctx.note(
                        Severity::Info,
                        "rails-guard-resolved",
                        "the schema guard was decided against the state the earlier migrations build",
                    );
                    out.extend(pieces);
                    continue;
                }
                let (op, diag) = opaque_op(Language::Ruby, source, reason, span.clone());
                ctx.diags.push(diag);
                out.push(Piece::Op(Box::new(op)));
            }
            Effect::ByDialect { branches, otherwise, span } => {
                let mut bs = Vec::new();
                for (dialects, fx) in branches {
                    let ops = up_ops(&lower_isolated(ctx, fx));
                    bs.push(DialectBranch { dialects: dialects.clone(), ops });
                }
                let otherwise = up_ops(&lower_isolated(ctx, otherwise));
                if bs.iter().all(|b| b.ops.is_empty()) && otherwise.is_empty() {
                    continue;
                }
                out.push(Piece::Op(Box::new(Op::new(ByDialect { branches: bs, otherwise }, span.clone()))));
            }
            Effect::Call(c) => {
                ctx.span = c.span().clone();
                match call(ctx, c) {
                    Ok(pieces) => {
                        for p in &pieces {
                            match p {
                                Piece::Op(op) => ctx.replay(std::slice::from_ref(&**op)),
                                Piece::Pair { .. } => {}
                            }
                        }
                        out.extend(pieces);
                    }
                    Err(reason) => {
                        let (op, diag) = opaque_op(Language::Ruby, c.source(), &reason, c.span().clone());
                        ctx.diags.push(diag);
                        out.push(Piece::Op(Box::new(op)));
                    }
                }
            }
        }
    }
    out
}

/// Lower effects without keeping their effect on the state (alternatives, downs).
pub(super) fn lower_isolated(ctx: &mut Ctx, effects: &[Effect]) -> Vec<Piece> {
    let saved = ctx.state.clone();
    let pieces = lower(ctx, effects);
    ctx.state = saved;
    pieces
}

/// The effects of the block attached to `c`, if any.
fn block(c: &CallEffect) -> &[Effect] {
    c.block.as_ref().map(|b| b.effects.as_slice()).unwrap_or(&[])
}

/// A receiver that is the migration itself (`self.`, `connection.`) or none.
fn on_migration(call: &CallValue) -> bool {
    match call.receiver() {
        None => true,
        Some(Value::Path(p)) => matches!(p.as_str(), "self" | "connection" | "ActiveRecord::Base.connection"),
        Some(Value::Call(r)) => r.method() == "connection" && r.args.is_empty(),
        Some(Value::Attr(obj, name)) => {
            name == "connection" && matches!(&**obj, Value::Path(p) if p == "ActiveRecord::Base" || p == "self")
        }
        _ => false,
    }
}

/// One call effect.
fn call(ctx: &mut Ctx, c: &CallEffect) -> Result<Vec<Piece>, String> {
    let call = &c.call;
    let method = call.method().to_string();
    if WRAPPERS.contains(&method.as_str()) && c.block.is_some() {
        return Ok(lower(ctx, block(c)));
    }
    if !on_migration(call) {
        let path = call.path();
        if matches!(method.as_str(), "execute" | "exec_query" | "update" | "insert" | "delete")
            && path.contains("connection")
        {
            return execute(ctx, call).map(pieces);
        }
        return Err(format!("`{path}` is Ruby data code (models and queries run only when the migration runs)"));
    }
    if let Some(reason) = call.unknown_reason_in_args() {
        return Err(format!("an argument is known only when the migration runs ({reason})"));
    }
    if SILENT.contains(&method.as_str()) {
        return Ok(Vec::new());
    }
    for (class, table) in call.args.iter().filter_map(super::column::model_table_name) {
        ctx.note(
            Severity::Info,
            "rails-model-table-name",
            format!(
                "`{class}.table_name` read as `{table}` by ActiveRecord's naming convention (a model that sets \
                 `self.table_name` names another table)"
            ),
        );
    }
    match method.as_str() {
        "raise" | "fail" => {
            let what = call.args.first().and_then(Value::path).unwrap_or_default();
            if what.contains("IrreversibleMigration") {
                Err("the migration declares this direction irreversible (`raise ActiveRecord::IrreversibleMigration`)"
                    .into())
            } else {
                Err(format!("the migration raises `{what}` here"))
            }
        }
        "reversible" => reversible(ctx, c),
        "revert" => super::revert::revert(ctx, c),
        "execute" | "update" | "insert" | "delete" => execute(ctx, call).map(pieces),
        "exec_query" | "select_all" | "select_value" | "select_values" | "select_rows" | "select_one" => {
            Err(format!("`{method}` reads data; its result is used by Ruby code only at run time"))
        }
        "create_table" | "create_join_table" | "change_table" => super::table::table_call(ctx, &method, c).map(pieces),
        _ => super::dsl::statement(ctx, &method, call).map(pieces),
    }
}

fn pieces(ops: Vec<Op>) -> Vec<Piece> {
    ops.into_iter().map(|op| Piece::Op(Box::new(op))).collect()
}

/// `reversible do |dir| dir.up { … }; dir.down { … } end`.
fn reversible(ctx: &mut Ctx, c: &CallEffect) -> Result<Vec<Piece>, String> {
    let dir = c.block.as_ref().and_then(|b| b.params.first()).cloned().unwrap_or_default();
    let mut up = Vec::new();
    let mut down_fx: Vec<Effect> = Vec::new();
    for e in block(c) {
        let Effect::Call(inner) = e else {
            up.extend(up_ops(&lower(ctx, std::slice::from_ref(e))));
            continue;
        };
        let is_dir = matches!(inner.call.receiver(), Some(Value::Path(p)) if *p == dir);
        match (is_dir, inner.call.method()) {
            (true, "up") => {
                let ops = up_ops(&lower(ctx, block(inner)));
                up.extend(ops);
            }
            (true, "down") => down_fx.extend(block(inner).iter().cloned()),
            _ => up.extend(up_ops(&lower(ctx, std::slice::from_ref(e)))),
        }
    }
    // The down runs on the state after the up part.
    let down = up_ops(&lower_isolated(ctx, &down_fx));
    // Up ops were replayed while lowering; the Pair itself must not replay them again.
    Ok(vec![Piece::Pair { up, down }])
}

/// `execute "…"` / `execute <<~SQL … SQL` (also `.squish`): through the SQL importer.
fn execute(ctx: &mut Ctx, call: &CallValue) -> Result<Vec<Op>, String> {
    let sql = match call.args.first() {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Unknown(r)) => return Err(format!("SQL text known only at run time ({r})")),
        _ => return Err("`execute` of a value known only at run time".into()),
    };
    Ok(sql_ops(ctx, &sql))
}

/// SQL text → operations: through the SQL importer, or kept as one [`RawSql`].
pub fn sql_ops(ctx: &mut Ctx, sql: &str) -> Vec<Op> {
    let trimmed = sql.trim();
    if trimmed.is_empty() {
        return Vec::new();
    }
    let (ops, diags) = crate::import::sql::parse_script(trimmed, ctx.file, ctx.adapter());
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
            if guessed && let Operation::Sql(raw) = &mut op.kind {
                raw.dialect = None;
            }
            Op { span: ctx.span.clone(), ..op }
        })
        .collect()
}
