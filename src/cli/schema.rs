//! `polymig schema`: the replayed final state of the project as one document.

use super::args::SchemaArgs;
use super::history::load;
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use crate::diagnostics::Diagnostic;
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

/// Print the schema as SQL for `--dialect` (default sqlite), as the JSON state, as a Prisma
/// schema (`--to prisma`, provider from `--dialect`, default postgresql) or as Rails'
/// `db/schema.rb` (`--to rails-schema`).
pub fn run(a: &SchemaArgs) -> i32 {
    let (entries, state, dialect) = match load(&a.project, (a.to == "sql").then_some(SqlDialect::Sqlite)) {
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
        "prisma" => {
            let (text, notes) = crate::export::prisma::render_schema(&state, dialect.unwrap_or(SqlDialect::Postgres));
            let notes: Vec<Diagnostic> =
                notes.into_iter().map(|n| Diagnostic::warning("prisma-not-expressible", n)).collect();
            super::report::print_diagnostics(&notes, false);
            print!("{text}");
        }
        "rails-schema" => {
            let opts = crate::export::rails::RailsExportOptions { dialect, ..Default::default() };
            let version = super::squash::baseline_version(entries.last());
            let (text, diags) = crate::export::rails::render_schema_rb(&state, &version, &opts);
            if super::report::print_diagnostics(&diags, false) {
                return EXIT_INPUT;
            }
            print!("{text}");
        }
        other => {
            eprintln!("error[usage]: --to {other} is not a schema output (use sql, json, prisma or rails-schema)");
            return EXIT_USAGE;
        }
    }
    EXIT_OK
}
