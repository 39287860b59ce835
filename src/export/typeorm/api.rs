//! `-o style=api` (default): each operation as QueryRunner API calls ([`super::api_ops`]);
//! an operation the API cannot spell portably is written as per-driver SQL:
//!
//! ```text
//! switch (queryRunner.connection.options.type) {
//!     case "postgres": await queryRunner.query(`…`); break;
//!     case "mysql": case "mariadb": await queryRunner.query(`…`); break;
//!     default: await queryRunner.query(`…`); // SQLite drivers
//! }
//! ```
//!
//! The schema is replayed for every dialect alongside, so the SQL of each branch is rendered
//! against the right state.

use std::collections::BTreeSet;

use super::{Bodies, api_ops, ts};
use crate::diagnostics::Diagnostic;
use crate::export::sql::{ExportOptions, render_migration};
use crate::ir::{Migration, Op, SqlDialect};
use crate::schema::{Schema, invert_migration};

/// The drivers' `case` labels per dialect, in the order they are written (SQLite last, as `default`).
const DRIVERS: [(SqlDialect, &str); 3] = [
    (SqlDialect::Postgres, "case \"postgres\":"),
    (SqlDialect::Mysql, "case \"mysql\":\ncase \"mariadb\":"),
    (SqlDialect::Sqlite, "default:"),
];

struct States {
    by_dialect: Vec<(SqlDialect, Schema)>,
    diags: Vec<Diagnostic>,
}

impl States {
    /// Render `op` for every dialect, advancing each state; the SQL per dialect.
    fn step(&mut self, op: &Op, m: &Migration) -> Vec<(SqlDialect, Vec<String>)> {
        let single = Migration { up: vec![op.clone()], down: None, diagnostics: Vec::new(), ..m.clone() };
        let mut out = Vec::new();
        for (d, state) in &mut self.by_dialect {
            let opts = ExportOptions { dialect: *d, with_down: false, allow_lossy: true };
            let r = render_migration(&single, state, &opts);
            self.diags.extend(r.diagnostics.into_iter().filter(Diagnostic::is_error));
            out.push((*d, r.up.into_iter().map(|s| s.sql).collect()));
        }
        out
    }

    fn portable(&self) -> &Schema {
        &self.by_dialect[0].1
    }
}

/// Per-driver SQL; with `api_default`, the non-MySQL drivers run those API calls instead.
fn switch(sql: &[(SqlDialect, Vec<String>)], api_default: Option<&[String]>) -> Vec<String> {
    let mut out = vec!["switch (queryRunner.connection.options.type) {".to_string()];
    for (d, label) in DRIVERS {
        if let (Some(api), SqlDialect::Sqlite) = (api_default, d) {
            out.push("    default:".into());
            out.extend(api.iter().map(|l| format!("        {l}")));
            out.push("        break;".into());
            break;
        }
        if api_default.is_some() && d == SqlDialect::Postgres {
            continue;
        }
        let stmts = sql.iter().find(|(x, _)| *x == d).map(|(_, s)| s.as_slice()).unwrap_or_default();
        out.extend(label.lines().map(|l| format!("    {l}")));
        for st in stmts {
            match ts::query_call(st) {
                Some(call) => out.push(format!("        {call}")),
                None => out.extend(ts::comment(st.trim()).into_iter().map(|l| format!("        {l}"))),
            }
        }
        out.push("        break;".into());
    }
    out.push("}".into());
    out
}

fn ops_body(ops: &[Op], m: &Migration, states: &mut States, imports: &mut BTreeSet<&'static str>) -> Vec<String> {
    let mut out = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let api = api_ops::render(&op.kind, states.portable());
        let not_mysql = api_ops::render_not_mysql(&op.kind, states.portable());
        let sql = states.step(op, m);
        match (api, not_mysql) {
            (Some((lines, used)), _) => {
                out.extend(lines);
                imports.extend(used);
                continue;
            }
            (None, Some((lines, used))) => {
                out.extend(switch(&sql, Some(&lines)));
                imports.extend(used);
            }
            (None, None) => out.extend(switch(&sql, None)),
        }
        out.extend(refresh(op, &ops[i + 1..], states.portable()));
    }
    out
}

/// After raw SQL that changes a table, `getTable` reloads TypeORM's cached copy of it when a later
/// API call of the same body works on that table (the query runner keeps the table as it loaded
/// it first, across migrations, and raw SQL does not update it).
fn refresh(op: &Op, later: &[Op], state: &Schema) -> Vec<String> {
    if matches!(op.kind, crate::ir::Operation::CreateTable(_)) {
        return Vec::new(); // a new table is loaded when first used
    }
    let touched = crate::history::tables_touched(std::slice::from_ref(op));
    let api_later = |t: &String| {
        later.iter().any(|o| {
            crate::history::tables_touched(std::slice::from_ref(o)).contains(t)
                && (api_ops::render(&o.kind, state).is_some() || api_ops::render_not_mysql(&o.kind, state).is_some())
        })
    };
    touched
        .iter()
        .filter(|t| {
            let q = match t.split_once('.') {
                Some((schema, name)) => crate::ir::QName::qualified(schema, name),
                None => crate::ir::QName::new(t.as_str()),
            };
            state.table(&q).is_some() && api_later(t)
        })
        .map(|t| {
            format!(
                "await queryRunner.getTable({}); // reload TypeORM's copy of the table after raw SQL",
                ts::string(t)
            )
        })
        .collect()
}

/// Up and down bodies for every migration.
pub(crate) fn bodies(migrations: &[Migration]) -> (Vec<Bodies>, Vec<Diagnostic>) {
    let mut states =
        States { by_dialect: SqlDialect::ALL.iter().map(|d| (*d, Schema::default())).collect(), diags: Vec::new() };
    let mut out = Vec::new();
    for m in migrations {
        let before = states.portable().clone();
        let mut imports = BTreeSet::new();
        let up = ops_body(&m.up, m, &mut states, &mut imports);
        let saved: Vec<(SqlDialect, Schema)> = states.by_dialect.clone();
        let down = match invert_migration(m, &before, None) {
            Ok(ops) => ops_body(&ops, m, &mut states, &mut imports),
            Err(irr) => vec![format!("throw new Error({});", ts::string(&format!("irreversible: {}", irr.reason)))],
        };
        states.by_dialect = saved;
        out.push(Bodies {
            up,
            down,
            imports: imports.into_iter().map(str::to_string).collect(),
            no_transaction: false,
        });
    }
    (out, states.diags)
}
