//! Operations Rails has no schema statement for, written as `execute` of the SQL polymig's own
//! exporter renders for them: for the export's database, or — without `--dialect` — under
//! `case connection.adapter_name` when the databases need different SQL.

use super::Ctx;
use super::ops::{execute as execute_sql, push};
use crate::export::sql::{ExportOptions, render_migration};
use crate::ir::{Migration, Op, SqlDialect};

/// The lines that `execute` `op`'s SQL at `indent`.
pub fn execute(ctx: &mut Ctx, op: &Op, indent: usize) -> Vec<String> {
    let dialects: Vec<SqlDialect> = match ctx.dialect {
        Some(d) => vec![d],
        None => SqlDialect::ALL.to_vec(),
    };
    let mut per_dialect: Vec<(SqlDialect, Vec<String>)> = Vec::new();
    for d in dialects {
        let mut m = Migration::new("x", "x");
        m.up = vec![op.clone()];
        let mut state = ctx.state.clone();
        let opts = ExportOptions { dialect: d, with_down: false, allow_lossy: true };
        let r = render_migration(&m, &mut state, &opts);
        let fixed = ctx.dialect.is_some();
        for diag in r.diagnostics.iter().filter(|x| fixed || x.is_error()) {
            ctx.warn("rails-export-lossy", format!("{d}: {}", diag.message));
        }
        let sql = r.up.iter().map(|s| s.sql.trim()).filter(|s| !s.starts_with("--")).map(String::from).collect();
        per_dialect.push((d, sql));
    }
    ctx.info("rails-export-sql", format!("{} has no Rails schema statement; written as execute", op.kind.name()));
    let mut out = Vec::new();
    let all_same = per_dialect.windows(2).all(|w| w[0].1 == w[1].1);
    if all_same {
        for s in &per_dialect[0].1 {
            execute_sql(&mut out, indent, s);
        }
        return out;
    }
    push(&mut out, indent, "case connection.adapter_name".into());
    for (d, sql) in &per_dialect {
        let names = match d {
            SqlDialect::Postgres => "\"PostgreSQL\"",
            SqlDialect::Mysql => "\"Mysql2\", \"Trilogy\"",
            SqlDialect::Sqlite => "\"SQLite\"",
        };
        push(&mut out, indent, format!("when {names}"));
        for s in sql {
            execute_sql(&mut out, indent + 2, s);
        }
    }
    push(&mut out, indent, "end".into());
    out
}
