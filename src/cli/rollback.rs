//! `polymig rollback`: undo applied migrations, newest first.

use super::args::{OutputFormat, RollbackArgs};
use super::db::{block_on, db_options, fail, open, print_event, warn};
use super::{EXIT_OK, EXIT_USAGE};
use crate::apply::{self, EventResult, RollbackOptions, build_units};

/// Roll back `--steps N` (default 1) or down `--to VERSION`.
pub fn run(a: &RollbackArgs) -> i32 {
    if a.steps == Some(0) {
        eprintln!("error[usage]: --steps must be at least 1");
        return EXIT_USAGE;
    }
    let (url, migrations) = match open(&a.db, &a.source) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let units = build_units(&migrations, url.dialect, true);
    let opts = RollbackOptions {
        db: db_options(&a.db),
        steps: a.steps,
        to: a.to.clone(),
        dry_run: a.dry_run,
        allow_changed: a.allow_changed,
    };
    let report = match block_on(apply::rollback(&url, &units, &opts, &mut |e| print_event(e, a.format))) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return fail(&e),
        Err(code) => return code,
    };
    warn(&report.warnings);
    if let Some(script) = &report.script {
        print!("{script}");
        return EXIT_OK;
    }
    if a.format == OutputFormat::Text {
        let n = report.events.iter().filter(|e| e.result == EventResult::RolledBack).count();
        match n {
            0 => println!("nothing to roll back on {url}"),
            n => println!("rolled back {n} migration{} on {url}", if n == 1 { "" } else { "s" }),
        }
    }
    EXIT_OK
}
