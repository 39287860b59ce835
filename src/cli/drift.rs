//! `polymig drift`: the live schema against the replay of the applied migrations.

use super::args::{DriftArgs, OutputFormat};
use super::db::{block_on, db_options, fail, open};
use super::{EXIT_INPUT, EXIT_OK};
use crate::apply::drift::drift;

/// Print the differences; exit 1 when the database drifted.
pub fn run(a: &DriftArgs) -> i32 {
    let (url, migrations) = match open(&a.db, &a.source) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let report = match block_on(drift(&url, &migrations, &db_options(&a.db))) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return fail(&e),
        Err(code) => return code,
    };
    match a.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default()),
        OutputFormat::Text if report.differences.is_empty() => {
            println!("no drift: {} matches its {} applied migrations", report.database, report.applied);
        }
        OutputFormat::Text => {
            println!("{} drifted from its {} applied migrations:", report.database, report.applied);
            for d in &report.differences {
                println!("  {d}");
            }
            println!("  (first = replayed history, second = database)");
            println!("\nto bring the database back in line with the migrations (IR operations):");
            for op in &report.operations {
                println!("  {}", serde_json::to_string(&op.kind).unwrap_or_default());
            }
            println!("\nas SQL for {}:", report.dialect.map_or_else(|| "the database".to_string(), |d| d.to_string()));
            for s in &report.sql {
                println!("{s}");
            }
            for d in &report.diagnostics {
                eprintln!("{d}");
            }
        }
    }
    if report.differences.is_empty() { EXIT_OK } else { EXIT_INPUT }
}
