//! `polymig verify`: up, down, up on a scratch database, comparing the live schema each time.

use super::args::{OutputFormat, VerifyArgs};
use super::db::{block_on, fail, load_history};
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use crate::apply::DbUrl;
use crate::apply::verify::verify;
use crate::ir::SqlDialect;

/// Verify; exit 1 at the first divergence.
pub fn run(a: &VerifyArgs) -> i32 {
    let server = match a.db.as_deref().map(DbUrl::parse).transpose() {
        Ok(u) => u,
        Err(d) => {
            eprintln!("{d}");
            return EXIT_USAGE;
        }
    };
    let dialect = server.as_ref().map_or(SqlDialect::Sqlite, |u| u.dialect);
    let migrations = match load_history(&a.source, dialect) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let report = match block_on(verify(&migrations, server.as_ref())) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return fail(&e),
        Err(code) => return code,
    };
    match a.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default()),
        OutputFormat::Text => {
            println!("scratch database: {} (dropped afterwards)", report.database);
            for c in &report.checked {
                if report.divergence.as_ref().is_some_and(|d| d.version == c.version) {
                    continue;
                }
                let note = c.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
                println!("ok        {} {}: {}{note}", c.version, c.name, c.steps.join(", "));
            }
            match &report.divergence {
                None => println!("verified {} migrations", report.checked.len()),
                Some(d) => {
                    println!("DIVERGED  {} {} after {}:", d.version, d.name, d.step);
                    for line in &d.differences {
                        println!("  {line}");
                    }
                    if !d.differences.is_empty() {
                        println!("  (first = replayed history, second = database)");
                    }
                    if let Some(e) = &d.error {
                        eprintln!("{e}");
                    }
                    if let Some(op) = &d.operation {
                        eprintln!("{op}");
                    }
                }
            }
        }
    }
    if report.divergence.is_some() { EXIT_INPUT } else { EXIT_OK }
}
