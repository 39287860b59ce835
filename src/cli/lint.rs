//! `polymig lint`: run the safety rules over migrations of any source format.
//!
//! Exit codes: 0 when no error-level finding remains, 1 otherwise (or when the input has errors),
//! 2 for a bad `--db-version` or `polymig.toml`.

use std::path::PathBuf;

use super::args::{LintArgs, LintFormat};
use super::report::{all_diagnostics, load, print_diagnostics};
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use crate::diagnostics::Severity;
use crate::lint::{LintConfig, LintOptions, Target, lint_history, output, sarif};

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
    let target = Target::new(a.dialect.engine(), version);
    let (migrations, diags) = load(&a.source, Some(target.engine.dialect()));
    let input_errors = print_diagnostics(
        all_diagnostics(&diags, &migrations).into_iter().filter(|d| d.severity == Severity::Error),
        a.source.strict,
    );
    let report = lint_history(&migrations, &LintOptions { target, config });
    match a.format {
        LintFormat::Text => print!("{}", output::text(&report, &target)),
        LintFormat::Json => {
            println!("{}", serde_json::to_string_pretty(&output::json(&report, &target)).unwrap_or_default())
        }
        LintFormat::Sarif => println!("{}", serde_json::to_string_pretty(&sarif::sarif(&report)).unwrap_or_default()),
    }
    if input_errors || report.count(Severity::Error) > 0 { EXIT_INPUT } else { EXIT_OK }
}
