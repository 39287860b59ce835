//! `migrations.RunSQL` for what Django cannot say: the operation rendered by polymig's SQL
//! exporter for the target dialect (`export::sql`), with `reverse_sql=` from the inverted
//! operation, or no reverse when polymig cannot derive one (Django then refuses to unapply it).
//! `SeparateDatabaseAndState` pairs it with the Django operations that keep the state right; a
//! reversible `RunSQL` is written inside one even when the state needs nothing, which tells
//! polymig's Django importer that the SQL is polymig's own rendering of schema operations (it
//! reads it back as those operations, see `import::django::ops::typed_sql`), not a user's raw SQL.

use super::Ctx;
use super::py::{self, Call};
use crate::export::sql::{ExportOptions, render_migration};
use crate::ir::{Migration, Op};

/// A `RunSQL` for `op` (plus, when `state` is non-empty, the state operations Django should
/// believe instead), preceded by `# why` comment lines. Rendered at column `indent`. A
/// reversible one that runs something goes into `SeparateDatabaseAndState(database_operations=[…])`.
pub fn fallback(ctx: &mut Ctx, op: &Op, state: Vec<String>, why: &str, indent: usize) -> String {
    let mut m = Migration::new("op", "op");
    m.up = vec![op.clone()];
    let opts = ExportOptions { dialect: ctx.dialect, with_down: true, allow_lossy: true };
    let rendered = render_migration(&m, &mut ctx.state.clone(), &opts);
    for d in rendered.diagnostics {
        if d.code != "irreversible-migration" {
            ctx.diags.push(d);
        }
    }
    if rendered.up.iter().any(|s| !s.transactional && !is_pragma(&s.sql)) {
        ctx.non_atomic = true;
    }
    let up = statements(rendered.up.iter().map(|s| s.sql.as_str()));
    let down = rendered.down.map(|d| statements(d.iter().map(|s| s.sql.as_str())));
    let separate = !state.is_empty() || (down.is_some() && !up.is_empty());
    let run = run_sql(&up, down.as_deref(), if separate { 0 } else { indent });
    let comment = format!("# {}: {why}", op.kind.name());
    if !separate {
        return format!("{comment}\n{}{run}", " ".repeat(indent));
    }
    let mut call = Call::new("migrations.SeparateDatabaseAndState").kw("database_operations", py::list(&[run], 0));
    if !state.is_empty() {
        call = call.kw("state_operations", py::list(&state, 0));
    }
    format!("{comment}\n{}{}", " ".repeat(indent), call.render(indent))
}

/// `migrations.RunSQL(sql=[…], reverse_sql=[…])`; `migrations.RunSQL.noop` for nothing to run.
pub fn run_sql(up: &[String], down: Option<&[String]>, indent: usize) -> String {
    let list = |ss: &[String]| {
        if ss.is_empty() {
            "migrations.RunSQL.noop".to_string()
        } else {
            py::list(&ss.iter().map(|s| py::text(s)).collect::<Vec<_>>(), 0)
        }
    };
    let mut call = Call::new("migrations.RunSQL").kw("sql", list(up));
    if let Some(down) = down {
        call = call.kw("reverse_sql", list(down));
    }
    call.render(indent)
}

/// Statements without their `-- comment` lines and trailing `;`; comment-only ones dropped
/// (MySQL refuses an empty query). SQLite's `PRAGMA foreign_keys` toggles are dropped too:
/// Django's SQLite schema editor already turns foreign keys off around a migration, and the
/// pragma is a no-op inside its transaction.
pub fn statements<'a>(sqls: impl Iterator<Item = &'a str>) -> Vec<String> {
    sqls.filter(|s| !is_pragma(s))
        .filter_map(|s| {
            let body: Vec<&str> = s.lines().filter(|l| !l.trim_start().starts_with("--")).collect();
            let text = body.join("\n");
            let text = text.trim().trim_end_matches(';').trim_end();
            (!text.is_empty()).then(|| text.to_string())
        })
        .collect()
}

fn is_pragma(sql: &str) -> bool {
    sql.lines().filter(|l| !l.trim_start().starts_with("--")).any(|l| {
        let l = l.trim().to_ascii_uppercase();
        l.starts_with("PRAGMA FOREIGN_KEYS")
    })
}
