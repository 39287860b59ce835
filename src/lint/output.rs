//! Human text and JSON renderings of a [`LintReport`] (SARIF is in `sarif.rs`).
//!
//! Text, one block per finding, with the source line shown:
//! ```text
//! db/002_idx.sql:3:1: error[index-not-concurrent]: CREATE INDEX on existing table `users` takes a SHARE lock …
//!     3 | CREATE INDEX users_email_idx ON users (email);
//!   = help: CREATE INDEX CONCURRENTLY …
//! ```

use std::fmt::Write;

use serde_json::json;

use super::{LintReport, Target};
use crate::diagnostics::Severity;

/// The source line a finding points at, when the file can be read.
pub fn source_line(file: &str, line: u32) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    text.lines().nth(line.checked_sub(1)? as usize).map(|l| l.trim_end().to_string())
}

/// Render findings as text, ending with a summary line.
pub fn text(report: &LintReport, target: &Target) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let _ = writeln!(out, "{}: {}[{}]: {}", f.span, f.severity, f.rule, f.message);
        if let Some(src) = source_line(&f.span.file, f.span.line) {
            let _ = writeln!(out, "{:>5} | {}", f.span.line, src);
        }
        let _ = writeln!(out, "  = help: {}\n", f.help);
    }
    let _ = writeln!(
        out,
        "{} errors, {} warnings, {} notes ({} suppressed) for {}",
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
        report.suppressed,
        target.describe()
    );
    out
}

/// Render as JSON: `{"target": {...}, "findings": [...], "summary": {...}}`.
pub fn json(report: &LintReport, target: &Target) -> serde_json::Value {
    json!({
        "target": target,
        "findings": report.findings,
        "summary": {
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "notes": report.count(Severity::Info),
            "suppressed": report.suppressed,
        },
    })
}
