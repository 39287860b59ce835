//! SARIF 2.1.0 rendering of a [`LintReport`], for code-scanning integrations.
//!
//! One run, tool `polymig` with every rule in `tool.driver.rules` (id, catalogue row, default level),
//! one result per finding with its physical location (`artifactLocation.uri` is the path as given,
//! with `/` separators; `region` the 1-based line/column span).

use serde_json::{Value, json};

use super::LintReport;
use super::rules::RULES;
use crate::diagnostics::Severity;

/// The schema URI written as `$schema`.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Render the report as a SARIF log.
pub fn sarif(report: &LintReport) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|(r, _)| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.summary },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "catalogueRow": r.row },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut region = json!({ "startLine": f.span.line.max(1), "startColumn": f.span.column.max(1) });
            if let (Some(l), Some(c)) = (f.span.end_line, f.span.end_column) {
                region["endLine"] = json!(l);
                region["endColumn"] = json!(c + 1);
            }
            json!({
                "ruleId": f.rule,
                "ruleIndex": RULES.iter().position(|(r, _)| r.id == f.rule).unwrap_or(0),
                "level": level(f.severity),
                "message": { "text": format!("{} Safe alternative: {}", f.message, f.help) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": f.span.file.replace('\\', "/") },
                        "region": region,
                    }
                }],
                "properties": { "migration": f.migration },
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "polymig",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }]
    })
}
