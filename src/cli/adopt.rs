//! `polymig adopt`: record what another migration tool already applied.

use super::EXIT_OK;
use super::args::AdoptArgs;
use super::db::{block_on, db_options, fail, open};
use super::report::print_diagnostics;
use crate::apply::adopt::{AdoptOptions, adopt};
use crate::apply::build_units;
use crate::diagnostics::Diagnostic;

/// Adopt and list what was recorded.
pub fn run(a: &AdoptArgs) -> i32 {
    let (url, migrations) = match open(&a.db, &a.source) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let units = build_units(&migrations, url.dialect, false);
    let opts = AdoptOptions { db: db_options(&a.db), from_table: a.from_table.clone(), force: a.force };
    let report = match block_on(adopt(&url, &migrations, &units, &opts)) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return fail(&e),
        Err(code) => return code,
    };
    for v in &report.adopted {
        println!("adopted {v} (recorded as applied, not run)");
    }
    let mut warnings: Vec<Diagnostic> = report
        .differences
        .iter()
        .map(|d| Diagnostic::warning("adopt-schema-mismatch", format!("recorded anyway (--force): {d}")))
        .collect();
    let unknown = report.unknown.iter().map(|v| {
        Diagnostic::warning(
            "adopt-unknown-version",
            format!("{} records {v} as applied, but no migration file has this version", report.from_table),
        )
    });
    warnings.extend(unknown);
    print_diagnostics(&warnings, false);
    println!("adopted {} migrations from {} into {url}", report.adopted.len(), report.from_table);
    EXIT_OK
}
