//! `polymig status`: the files' migrations against the history table.
//!
//! JSON shape: `{"database": "<redacted url>", "migrations": [{"version","name","state","in_files",
//! "applied_at"?,"execution_time_ms"?,"checksum"?,"recorded_checksum"?,"source"?}],
//! "summary": {"applied","pending","checksum-mismatch","missing","dirty","failed"}}`.
//! Exit 1 when anything needs attention (changed, missing, dirty or failed); pending is fine.

use std::collections::BTreeMap;

use serde_json::json;

use super::args::{OutputFormat, StatusArgs};
use super::db::{block_on, db_options, fail, open};
use super::{EXIT_INPUT, EXIT_OK};
use crate::apply::{self, Entry, State};

/// Print the status table or JSON.
pub fn run(a: &StatusArgs) -> i32 {
    let (url, migrations) = match open(&a.db, &a.source) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let files: Vec<Entry> = migrations.iter().map(Entry::of).collect();
    let entries = match block_on(apply::status(&url, &files, &db_options(&a.db))) {
        Ok(Ok(e)) => e,
        Ok(Err(e)) => return fail(&e),
        Err(code) => return code,
    };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let all =
        [State::Applied, State::Pending, State::Covered, State::Replaced, State::ChecksumMismatch, State::Missing];
    for s in all.into_iter().chain([State::Dirty, State::Failed]) {
        counts.insert(s.as_str(), entries.iter().filter(|e| e.state == s).count());
    }
    match a.format {
        OutputFormat::Json => {
            let doc = json!({ "database": url.redacted(), "migrations": entries, "summary": counts });
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        OutputFormat::Text => {
            println!("database: {url}");
            let width = entries.iter().map(|e| e.version.len()).max().unwrap_or(7).max(7);
            for e in &entries {
                let when = e.applied_at.as_deref().map(|t| format!("  {t}")).unwrap_or_default();
                println!("{:<17} {:<width$}  {}{when}", e.state.as_str(), e.version, e.name);
            }
            let summary: Vec<String> =
                counts.iter().filter(|(_, n)| **n > 0).map(|(k, n)| format!("{n} {k}")).collect();
            println!("{}", if summary.is_empty() { "no migrations".to_string() } else { summary.join(", ") });
        }
    }
    let attention = entries.iter().any(|e| e.state.blocks() || e.state == State::Missing);
    if attention { EXIT_INPUT } else { EXIT_OK }
}
