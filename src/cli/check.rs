//! `polymig check`: how much of the input polymig understands, per file.
//!
//! JSON shape (stable; other tools rely on it):
//! `{"files":[{"path","format","migrations","operations","opaque","errors"}],
//!   "summary":{"files","migrations","operations","opaque","errors","fully_translated_files"}}`.
//! A fully translated file has no Opaque operation and no error.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::args::{CheckArgs, OutputFormat};
use super::report::{all_diagnostics, effective, load, print_diagnostics};
use super::{EXIT_INPUT, EXIT_OK};
use crate::diagnostics::{Diagnostic, Severity};
use crate::import::detect_format;
use crate::ir::{Migration, Op, Operation};

/// Counts for one source file.
#[derive(Debug, Default, Serialize)]
pub struct FileReport {
    /// Path as given or found.
    pub path: String,
    /// Format name.
    pub format: String,
    /// Migrations read from the file.
    pub migrations: usize,
    /// Operations (up and explicit down).
    pub operations: usize,
    /// Opaque operations among them.
    pub opaque: usize,
    /// Error diagnostics pointing at the file.
    pub errors: usize,
}

/// Totals.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Files seen.
    pub files: usize,
    /// Migrations.
    pub migrations: usize,
    /// Operations.
    pub operations: usize,
    /// Opaque operations.
    pub opaque: usize,
    /// Errors.
    pub errors: usize,
    /// Files with no Opaque operation and no error.
    pub fully_translated_files: usize,
}

/// The whole report.
#[derive(Debug, Default, Serialize)]
pub struct CheckReport {
    /// Per file, sorted by path.
    pub files: Vec<FileReport>,
    /// Totals.
    pub summary: Summary,
}

/// Count operations (recursing into dialect branches) and the Opaque ones.
fn count(ops: &[Op]) -> (usize, usize) {
    ops.iter().fold((0, 0), |(n, o), op| match &op.kind {
        Operation::ByDialect(by) => {
            let (bn, bo) = by
                .branches
                .iter()
                .map(|b| count(&b.ops))
                .chain([count(&by.otherwise)])
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            (n + bn, o + bo)
        }
        Operation::Opaque(_) => (n + 1, o + 1),
        _ => (n + 1, o),
    })
}

fn entry<'a>(files: &'a mut BTreeMap<String, FileReport>, path: &str) -> &'a mut FileReport {
    files.entry(path.to_string()).or_insert_with(|| FileReport {
        path: path.to_string(),
        format: detect_format(Path::new(path)).map_or("unknown".into(), |f| f.to_string()),
        ..FileReport::default()
    })
}

/// Build the report from a loaded history.
pub fn build(migrations: &[Migration], loader: &[Diagnostic], strict: bool) -> CheckReport {
    let mut files: BTreeMap<String, FileReport> = BTreeMap::new();
    for m in migrations {
        let path = m.source.clone().unwrap_or_else(|| m.id.clone());
        let f = entry(&mut files, &path);
        let (n, o) = count(&m.up);
        let (dn, d_o) = m.down.as_deref().map_or((0, 0), count);
        f.migrations += 1;
        f.operations += n + dn;
        f.opaque += o + d_o;
    }
    for d in all_diagnostics(loader, migrations) {
        if effective(d, strict) == Severity::Error {
            let path = d.span.as_ref().map_or("<input>".to_string(), |s| s.file.clone());
            entry(&mut files, &path).errors += 1;
        }
    }
    let files: Vec<FileReport> = files.into_values().collect();
    let summary = Summary {
        files: files.len(),
        migrations: files.iter().map(|f| f.migrations).sum(),
        operations: files.iter().map(|f| f.operations).sum(),
        opaque: files.iter().map(|f| f.opaque).sum(),
        errors: files.iter().map(|f| f.errors).sum(),
        fully_translated_files: files.iter().filter(|f| f.opaque == 0 && f.errors == 0).count(),
    };
    CheckReport { files, summary }
}

/// Print the report; exit 1 when errors remain.
pub fn run(a: &CheckArgs) -> i32 {
    let (migrations, diags) = load(&a.source, None);
    let report = build(&migrations, &diags, a.source.strict);
    match a.format {
        OutputFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("error[json]: {e}"),
        },
        OutputFormat::Text => {
            print_diagnostics(all_diagnostics(&diags, &migrations), a.source.strict);
            for f in &report.files {
                println!(
                    "{}: {} ({} migrations, {} operations, {} opaque, {} errors)",
                    f.path, f.format, f.migrations, f.operations, f.opaque, f.errors
                );
            }
            let s = &report.summary;
            println!(
                "{} files, {} migrations, {} operations, {} opaque, {} errors; {} of {} files fully translated",
                s.files, s.migrations, s.operations, s.opaque, s.errors, s.fully_translated_files, s.files
            );
        }
    }
    if report.summary.errors > 0 { EXIT_INPUT } else { EXIT_OK }
}
