//! `polymig repair --yes`: clear failed / interrupted history records.

use super::args::RepairArgs;
use super::db::{block_on, db_options, fail, resolve};
use super::report::{all_diagnostics, print_diagnostics};
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use crate::apply::{self, Entry};
use crate::import::{self, ImportOptions};

/// Delete dirty records (and realign checksums when PATHs are given).
pub fn run(a: &RepairArgs) -> i32 {
    if !a.yes {
        eprintln!(
            "error[usage]: repair deletes failed and interrupted records from the history table; \
             check the database first, then pass --yes"
        );
        return EXIT_USAGE;
    }
    let url = match resolve(&a.db) {
        Ok(u) => u,
        Err(code) => return code,
    };
    let files: Option<Vec<Entry>> = if a.paths.is_empty() {
        None
    } else {
        let (migrations, diags) =
            import::load(&a.paths, &ImportOptions { target: Some(url.dialect), ..Default::default() });
        if print_diagnostics(all_diagnostics(&diags, &migrations), false) {
            return EXIT_INPUT;
        }
        Some(migrations.iter().map(Entry::of).collect())
    };
    let report = match block_on(apply::repair(&url, files.as_deref(), &db_options(&a.db))) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return fail(&e),
        Err(code) => return code,
    };
    for r in &report.cleared {
        let state = if r.success == Some(false) { "failed" } else { "interrupted" };
        println!("cleared {state} record {} {} (it is pending again)", r.version, r.name);
    }
    for v in &report.realigned {
        println!("recorded the current checksum of {v}");
    }
    if report.cleared.is_empty() && report.realigned.is_empty() {
        println!("nothing to repair on {url}");
    }
    EXIT_OK
}
