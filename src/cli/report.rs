//! Loading sources and printing diagnostics, shared by the commands.

use std::io::Write;

use super::args::SourceArgs;
use crate::diagnostics::{Diagnostic, Severity};
use crate::import::{self, ImportOptions};
use crate::ir::{Migration, SqlDialect};

/// Import the sources named on the command line.
pub fn load(src: &SourceArgs, target: Option<SqlDialect>) -> (Vec<Migration>, Vec<Diagnostic>) {
    let opts = ImportOptions {
        format: src.from,
        source_dialect: src.source_dialect.dialect(),
        target,
        type_map: src.type_map.clone(),
    };
    if src.paths.is_empty() {
        return super::project::migrations(target);
    }
    import::load(&src.paths, &opts)
}

/// Every diagnostic of a history: the loader's and each migration's, in order.
pub fn all_diagnostics<'a>(loader: &'a [Diagnostic], migrations: &'a [Migration]) -> Vec<&'a Diagnostic> {
    loader.iter().chain(migrations.iter().flat_map(|m| m.diagnostics.iter())).collect()
}

/// Under `--strict`, warnings count as errors.
pub fn effective(d: &Diagnostic, strict: bool) -> Severity {
    if strict && d.severity == Severity::Warning { Severity::Error } else { d.severity }
}

/// Print diagnostics to stderr; returns true when any is an error (after `--strict`).
pub fn print_diagnostics<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>, strict: bool) -> bool {
    let mut stderr = std::io::stderr().lock();
    let mut failed = false;
    for d in diags {
        let sev = effective(d, strict);
        failed |= sev == Severity::Error;
        let shown = Diagnostic { severity: sev, ..d.clone() };
        let _ = writeln!(stderr, "{shown}");
    }
    failed
}
