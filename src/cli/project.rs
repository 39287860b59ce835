//! The project file as the default of every command: with no migration paths on the command
//! line, the sources of the `polymig.toml` found in the current directory or its parents are
//! read, in their merged order; with no `--db` and no `DATABASE_URL`, its `database_url`; with
//! the default `--table`, its `history_table`. Paths and flags on the command line win.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::diagnostics::Diagnostic;
use crate::history::{self, config};
use crate::ir::{Migration, SqlDialect};

/// The project file of the current directory, read once (`None`: there is none).
fn current() -> Option<&'static Result<config::Project, Vec<Diagnostic>>> {
    static PROJECT: OnceLock<Option<Result<config::Project, Vec<Diagnostic>>>> = OnceLock::new();
    PROJECT.get_or_init(|| find().map(|f| config::load(&f))).as_ref()
}

fn find() -> Option<PathBuf> {
    config::find(&std::env::current_dir().ok()?)
}

/// The merged history of the project's sources, for commands given no paths.
pub fn migrations(target: Option<SqlDialect>) -> (Vec<Migration>, Vec<Diagnostic>) {
    let project = match current() {
        None => {
            let cwd = std::env::current_dir().unwrap_or_default();
            let d = Diagnostic::error(
                "no-sources",
                format!("no migration paths given, and no {} in {} or its parents", config::FILE_NAME, cwd.display()),
            )
            .help("pass the migration files or folders, or write a project file with `polymig init`");
            return (Vec::new(), vec![d]);
        }
        Some(Err(diags)) => return (Vec::new(), diags.clone()),
        Some(Ok(p)) => p,
    };
    let dialect = target.or_else(|| project.sources.iter().find_map(|s| s.dialect));
    let (entries, mut diags) = history::load_project(project, dialect);
    let (_, conflicts) = history::check(&entries, dialect);
    diags.extend(conflicts);
    (entries.into_iter().map(|e| e.migration).collect(), diags)
}

/// The project's database URL (`${VAR}` expanded), when there is a project file that names one.
pub fn database_url() -> Result<Option<String>, Diagnostic> {
    match current() {
        Some(Ok(p)) => p.database_url(),
        _ => Ok(None),
    }
}

/// The project's history table, when its file names one.
pub fn history_table() -> Option<String> {
    match current() {
        Some(Ok(p)) => p.history_table.clone(),
        _ => None,
    }
}
