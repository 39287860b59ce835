//! `polymig apply`: run pending migrations against a database.

use super::args::{ApplyArgs, OutputFormat};
use super::db::{block_on, db_options, fail, open, print_event, warn};
use super::progress::Progress;
use super::{EXIT_INPUT, EXIT_OK};
use crate::apply::{self, ApplyOptions, EventResult, build_units};

/// Apply (or print with `--dry-run`); exit 1 when anything fails.
pub fn run(a: &ApplyArgs) -> i32 {
    let (url, migrations) = match open(&a.db, &a.source) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let units = build_units(&migrations, url.dialect, false);
    let opts = ApplyOptions {
        db: db_options(&a.db),
        to: a.to.clone(),
        dry_run: a.dry_run,
        allow_changed: a.allow_changed,
        backup: a.backup.clone(),
    };
    let progress = Progress::new(&units, a.to.as_deref(), a.format, a.dry_run);
    let result = block_on(apply::apply(&url, &units, &opts, &mut |e| {
        progress.clear();
        print_event(e, a.format);
        progress.advance(&e.version, &e.name);
    }));
    progress.clear();
    let report = match result {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return fail(&e),
        Err(code) => return code,
    };
    warn(&report.warnings);
    if let Some(script) = &report.script {
        print!("{script}");
        return EXIT_OK;
    }
    if let Some(path) = &report.backup {
        eprintln!("backup written to {}", path.display());
    }
    if a.format == OutputFormat::Text {
        let applied = report.events.iter().filter(|e| e.result == EventResult::Applied).count();
        let recorded = report.events.iter().filter(|e| e.result == EventResult::Recorded).count();
        if recorded > 0 {
            println!(
                "recorded {recorded} migration{} as applied: the migrations {} replace{} ran",
                if recorded == 1 { "" } else { "s" },
                if recorded == 1 { "it" } else { "they" },
                if recorded == 1 { "s" } else { "" }
            );
        }
        match applied {
            0 => println!("nothing to apply: {url} is up to date"),
            n => println!("applied {n} migration{} to {url}", if n == 1 { "" } else { "s" }),
        }
    }
    if report.events.iter().any(|e| e.result == EventResult::Failed) { EXIT_INPUT } else { EXIT_OK }
}
