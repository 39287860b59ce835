//! `polymig history`: the merged history of the project's sources; also the project loading
//! shared by `schema` and `squash`.

use serde_json::json;

use super::args::{HistoryArgs, OutputFormat, ProjectArgs};
use super::report::print_diagnostics;
use super::{EXIT_INPUT, EXIT_OK};
use crate::diagnostics::Diagnostic;
use crate::history::{self, Entry, config};
use crate::ir::SqlDialect;
use crate::schema::Schema;

/// The project's merged history and replayed state; diagnostics printed; `Err(exit code)` on errors.
/// `default` is the dialect used when neither `--dialect` nor a source names one.
pub(super) fn load(
    a: &ProjectArgs,
    default: Option<SqlDialect>,
) -> Result<(Vec<Entry>, Schema, Option<SqlDialect>), i32> {
    let file = match &a.config {
        Some(f) => f.clone(),
        None => {
            let cwd = std::env::current_dir().unwrap_or_default();
            match config::find(&cwd) {
                Some(f) => f,
                None => {
                    let d = Diagnostic::error(
                        "no-project",
                        format!("no {} in {} or its parents", config::FILE_NAME, cwd.display()),
                    );
                    print_diagnostics([&d], false);
                    return Err(EXIT_INPUT);
                }
            }
        }
    };
    let project = config::load(&file).map_err(|d| {
        print_diagnostics(&d, false);
        EXIT_INPUT
    })?;
    let dialect =
        a.dialect.and_then(|d| d.dialect()).or_else(|| project.sources.iter().find_map(|s| s.dialect)).or(default);
    let (entries, mut diags) = history::load_project(&project, dialect);
    let (state, conflicts) = history::check(&entries, dialect);
    diags.extend(conflicts);
    let migration_diags = entries.iter().flat_map(|e| e.migration.diagnostics.iter());
    if print_diagnostics(diags.iter().chain(migration_diags), false) {
        return Err(EXIT_INPUT);
    }
    Ok((entries, state, dialect))
}

/// Print the merged history.
pub fn run(a: &HistoryArgs) -> i32 {
    let (entries, _, _) = match load(&a.project, None) {
        Ok(x) => x,
        Err(code) => return code,
    };
    match a.format {
        OutputFormat::Json => {
            let rows: Vec<_> = entries
                .iter()
                .map(|e| {
                    json!({
                        "version": e.migration.id,
                        "name": e.migration.name,
                        "source": e.source,
                        "format": e.format,
                        "file": e.migration.source,
                        "time": e.time,
                        "tables": history::tables_touched(&e.migration.up),
                        "reason": e.reason,
                    })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&json!({ "migrations": rows })).unwrap_or_default());
        }
        OutputFormat::Text => {
            for (i, e) in entries.iter().enumerate() {
                let tables = history::tables_touched(&e.migration.up).join(", ");
                println!(
                    "{:>3}. {} {} [{} {}] tables: {}",
                    i + 1,
                    e.migration.id,
                    e.migration.name,
                    e.source,
                    e.format,
                    tables
                );
                println!("     why: {}", e.reason);
            }
        }
    }
    EXIT_OK
}
