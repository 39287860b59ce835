//! `polymig lint`: run the safety rules over migrations of any source format.
//!
//! With `--db URL` the findings are those of the migrations pending there, plus
//! `non-linear-history` for a pending migration that sorts before an applied one.
//!
//! Exit codes: 0 when no error-level finding remains, 1 otherwise (or when the input has errors),
//! 2 for a bad `--db-version` or `polymig.toml`.

use std::path::PathBuf;

use super::args::{LintArgs, LintFormat};
use super::db::{block_on, fail};
use super::report::{all_diagnostics, load, print_diagnostics};
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use crate::apply::{DbOptions, DbUrl, Entry, State};
use crate::diagnostics::Severity;
use crate::lint::{LintConfig, LintOptions, Target, against_database, lint_history, output, sarif};

/// With `--db`: the server's target, its URL and the options to read its history with.
fn live_target(url: &str, table: &str) -> Result<(Target, DbUrl, DbOptions), i32> {
    let url = DbUrl::parse(url).map_err(|d| {
        eprintln!("{d}");
        EXIT_USAGE
    })?;
    let opts = DbOptions { table: table.to_string(), ..DbOptions::default() };
    let reported = match block_on(crate::apply::server_version(&url, &opts)) {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return Err(fail(&e)),
        Err(code) => return Err(code),
    };
    Ok((Target::from_server(url.dialect, &reported), url, opts))
}

/// Run the command.
pub fn run(a: &LintArgs) -> i32 {
    let version = match a.db_version.as_deref().map(str::parse).transpose() {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: --db-version: {e}");
            return EXIT_USAGE;
        }
    };
    let config_path = a.config.clone().unwrap_or_else(|| PathBuf::from("polymig.toml"));
    let config = match LintConfig::load(&config_path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let live = match &a.db {
        Some(url) => match live_target(url, &a.table) {
            Ok(x) => Some(x),
            Err(code) => return code,
        },
        None => None,
    };
    let target = live.as_ref().map_or_else(|| Target::new(a.dialect.engine(), version), |l| l.0);
    let (migrations, diags) = load(&a.source, Some(target.engine.dialect()));
    let input_errors = print_diagnostics(
        all_diagnostics(&diags, &migrations).into_iter().filter(|d| d.severity == Severity::Error),
        a.source.strict,
    );
    let lint_options = LintOptions { target, config };
    let mut report = lint_history(&migrations, &lint_options);
    if let Some((_, url, opts)) = &live {
        let files: Vec<Entry> = migrations.iter().map(Entry::of).collect();
        let statuses = match block_on(crate::apply::status(url, &files, opts)) {
            Ok(Ok(s)) => s,
            Ok(Err(e)) => return fail(&e),
            Err(code) => return code,
        };
        let pending: Vec<&str> =
            statuses.iter().filter(|s| s.state == State::Pending).map(|s| s.version.as_str()).collect();
        // Recorded as run (or running): what a pending migration must not sort before.
        let applied: Vec<&str> = statuses
            .iter()
            .filter(|s| matches!(s.state, State::Applied | State::ChecksumMismatch | State::Covered | State::Dirty))
            .map(|s| s.version.as_str())
            .collect();
        report = against_database(report, &migrations, &pending, &applied, &lint_options);
        eprintln!("linting the {} migration(s) pending on {url} ({})", pending.len(), target.describe());
    }
    match a.format {
        LintFormat::Text => print!("{}", output::text(&report, &target)),
        LintFormat::Json => {
            println!("{}", serde_json::to_string_pretty(&output::json(&report, &target)).unwrap_or_default())
        }
        LintFormat::Sarif => println!("{}", serde_json::to_string_pretty(&sarif::sarif(&report)).unwrap_or_default()),
    }
    if input_errors || report.count(Severity::Error) > 0 { EXIT_INPUT } else { EXIT_OK }
}
