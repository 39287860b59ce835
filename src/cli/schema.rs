//! `polymig schema`: the replayed final state of the project as one document.

use super::args::SchemaArgs;
use super::history::load;
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use crate::export::sql::{ExportOptions, render_history, to_script};
use crate::ir::{Migration, SqlDialect};
use crate::schema::{DiffOptions, Schema, diff};

/// `CREATE …` for every object, ordered so it applies: the diff from the empty schema.
pub(super) fn baseline(
    state: &Schema,
    dialect: SqlDialect,
    id: &str,
) -> (Migration, Vec<crate::diagnostics::Diagnostic>) {
    let d = diff(&Schema::default(), state, &DiffOptions::for_dialect(dialect));
    let mut m = Migration::new(id, "baseline");
    m.up = d.operations;
    (m, d.diagnostics)
}

/// Print the schema as SQL for `--dialect` (default sqlite) or as the JSON state.
pub fn run(a: &SchemaArgs) -> i32 {
    let (_, state, dialect) = match load(&a.project, (a.to == "sql").then_some(SqlDialect::Sqlite)) {
        Ok(x) => x,
        Err(code) => return code,
    };
    match a.to.as_str() {
        "json" => println!("{}", serde_json::to_string_pretty(&state).unwrap_or_default()),
        "sql" => {
            let dialect = dialect.unwrap_or(SqlDialect::Sqlite);
            let (m, diags) = baseline(&state, dialect, "schema");
            let rendered = render_history(&[m], &ExportOptions { dialect, with_down: false, allow_lossy: false });
            let errors = super::report::print_diagnostics(
                diags.iter().chain(rendered.iter().flat_map(|r| &r.diagnostics)),
                false,
            );
            print!("{}", to_script(&rendered));
            if errors {
                return EXIT_INPUT;
            }
        }
        other => {
            eprintln!(
                "error: --to {other} is not supported yet (supported: sql, json; prisma and rails-schema come later)"
            );
            return EXIT_USAGE;
        }
    }
    EXIT_OK
}
