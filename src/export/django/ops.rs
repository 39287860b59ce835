//! IR operations → Django migration operations. Each operation is written natively when
//! Django's schema editor would produce exactly polymig's schema on the target database, else
//! as raw SQL (`runsql.rs`) next to the state operations Django needs to keep its models right.
//!
//! | IR | Django |
//! |---|---|
//! | `CreateTable` | `CreateModel` (+ `RunSQL` for foreign keys Django would name or defer differently) |
//! | `DropTable` / `RenameTable` | `DeleteModel` / `AlterModelTable` |
//! | `AddColumn` / `DropColumn` / `RenameColumn` / `AlterColumn` | `AddField` / `RemoveField` / `RenameField` / `AlterField` |
//! | `CreateIndex` / `DropIndex` / `RenameIndex` | `AddIndex` / `RemoveIndex` / `RenameIndex` |
//! | `AddConstraint` / `DropConstraint` (unique, simple check) | `AddConstraint` / `RemoveConstraint` |
//! | `Sql` | `RunSQL(sql, reverse_sql)` verbatim |
//! | `Opaque` | `RunPython` of a function that raises with the reason |
//! | `ByDialect` | the target dialect's branch |
//! | anything else (enums, views, extensions, comments, …) | `RunSQL` rendered by polymig |

use super::Ctx;
use super::py::{self, Call};
use super::runsql::{self, fallback};
use super::{ops_column, ops_index, ops_table};
use crate::diagnostics::Diagnostic;
use crate::ir::{Op, Operation, RawSql};
use crate::schema::{replay, select_branch};

/// Indentation of an operation inside `operations = [...]`.
pub const INDENT: usize = 8;

/// The Django operations for `op` (rendered at [`INDENT`]); advances `ctx.state` past it.
pub fn operation(ctx: &mut Ctx, op: &Op) -> Vec<String> {
    ctx.span = op.span.clone();
    let out = match &op.kind {
        Operation::ByDialect(b) => {
            let ops = select_branch(b, Some(ctx.dialect)).to_vec();
            return ops.iter().flat_map(|o| operation(ctx, o)).collect();
        }
        Operation::CreateTable(ct) => ops_table::create_table(ctx, op, ct),
        Operation::DropTable(dt) => ops_table::drop_table(ctx, op, dt),
        Operation::RenameTable(rt) => ops_table::rename_table(ctx, op, rt),
        Operation::CreateIndex(ci)
            if ci.index.name.as_ref().is_some_and(|n| ctx.created_fks.remove(&(ci.index.table.key(), n.clone()))) =>
        {
            Vec::new() // the `_like` index Django creates for a varchar/text primary key on PostgreSQL
        }
        Operation::CreateIndex(ci) => ops_index::create_index(ctx, op, ci),
        Operation::DropIndex(di) => ops_index::drop_index(ctx, op, di),
        Operation::RenameIndex(ri) => ops_index::rename_index(ctx, op, ri),
        Operation::AddConstraint(ac)
            if ac.constraint.name.as_ref().is_some_and(|n| ctx.created_fks.remove(&(ac.table.key(), n.clone()))) =>
        {
            Vec::new() // created by the model's ForeignKey field (Django defers it to the end of the migration)
        }
        Operation::AddConstraint(ac) => ops_index::add_constraint(ctx, op, ac),
        Operation::Comment(c) => ops_table::comment(ctx, op, c),
        Operation::DropConstraint(dc) => ops_index::drop_constraint(ctx, op, dc),
        Operation::AddColumn(ac) => ops_column::add_column(ctx, op, ac),
        Operation::DropColumn(dc) => ops_column::drop_column(ctx, op, dc),
        Operation::RenameColumn(rc) => ops_column::rename_column(ctx, op, rc),
        Operation::AlterColumn(ac) => ops_column::alter_column(ctx, op, ac),
        Operation::Sql(raw) => vec![raw_sql(ctx, raw)],
        Operation::Opaque(o) => vec![opaque(ctx, op, &o.reason, &o.source)],
        other => {
            let why =
                format!("Django has no operation for {}; polymig's SQL for {}", other.name(), ctx.dialect.as_str());
            vec![fallback(ctx, op, vec![], &why, INDENT)]
        }
    };
    if let Err(d) = replay(&mut ctx.state, op, Some(ctx.dialect)) {
        ctx.diags.push(d);
    }
    out
}

/// `RunSQL` of raw SQL, verbatim, with its reverse when the source gave one.
fn raw_sql(ctx: &mut Ctx, raw: &RawSql) -> String {
    if raw.dialect.is_some_and(|d| d != ctx.dialect) {
        ctx.diags.push(
            Diagnostic::warning(
                "foreign-dialect-sql",
                format!(
                    "raw SQL written for {} is exported for {}",
                    raw.dialect.map_or("", |d| d.as_str()),
                    ctx.dialect.as_str()
                ),
            )
            .at(ctx.span.clone()),
        );
    }
    if raw.no_transaction {
        ctx.non_atomic = true;
    }
    // Every table may have changed: Django must not rebuild any from its state on SQLite.
    ctx.models.all_inexact();
    let up = vec![raw.sql.clone()];
    let down = raw.down.as_ref().map(|d| vec![d.clone()]);
    runsql::run_sql(&up, down.as_deref(), INDENT)
}

/// `RunPython` of a module-level function that raises: polymig could not translate the code.
fn opaque(ctx: &mut Ctx, op: &Op, reason: &str, source: &str) -> String {
    let name = format!("untranslated_{}", ctx.functions.len() + 1);
    let at = format!("{}:{}:{}", op.span.file, op.span.line, op.span.column);
    let msg = format!("polymig could not translate the code at {at}: {reason}");
    let quoted: String = source.lines().map(|l| format!("    # {l}\n")).collect();
    ctx.functions.push(format!(
        "def {name}(apps, schema_editor):\n    # Untranslated source:\n{quoted}    raise NotImplementedError({})\n",
        py::string(&msg)
    ));
    ctx.diags.push(Diagnostic::warning("opaque-operation", msg).at(op.span.clone()));
    ctx.models.all_inexact();
    Call::new("migrations.RunPython").arg(name).render(INDENT)
}
