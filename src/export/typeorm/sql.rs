//! `-o style=sql`: each statement polymig renders for one dialect becomes
//! `await queryRunner.query(`…`);` — the style of `typeorm migration:generate`.

use super::{Bodies, ts};
use crate::diagnostics::Diagnostic;
use crate::export::sql::{ExportOptions, Statement, render_history};
use crate::ir::{Migration, SqlDialect};

fn lines(statements: &[Statement]) -> Vec<String> {
    let mut out = Vec::new();
    for s in statements {
        match ts::query_call(&s.sql) {
            Some(call) => out.push(call),
            None => {
                out.extend(ts::comment(s.sql.trim()));
                if s.comment.starts_with("Opaque") {
                    let why = format!("polymig could not translate this step ({})", s.comment);
                    out.push(format!("throw new Error({});", ts::string(&why)));
                }
            }
        }
    }
    out
}

/// Up and down bodies for every migration, with the SQL for `dialect`.
pub(crate) fn bodies(migrations: &[Migration], dialect: SqlDialect) -> (Vec<Bodies>, Vec<Diagnostic>) {
    let rendered = render_history(migrations, &ExportOptions { dialect, with_down: true, allow_lossy: true });
    let mut diags = Vec::new();
    let bodies = rendered
        .into_iter()
        .map(|r| {
            let down = match &r.down {
                Some(stmts) => lines(stmts),
                None => {
                    let why = r
                        .diagnostics
                        .iter()
                        .find(|d| d.code == "irreversible-migration")
                        .map_or_else(|| "it cannot be reverted".to_string(), |d| d.message.clone());
                    vec![format!("throw new Error({});", ts::string(&why))]
                }
            };
            let no_transaction = !r.transactional;
            let up = lines(&r.up);
            diags.extend(r.diagnostics);
            Bodies { up, down, imports: Vec::new(), no_transaction }
        })
        .collect();
    (bodies, diags)
}
