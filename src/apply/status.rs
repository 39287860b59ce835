//! Compare the migrations in the files with the history table: applied, pending,
//! changed since applied, applied but missing from the files, failed or interrupted.

use std::collections::HashMap;

use serde::Serialize;

use super::checksum::is_known_algorithm;
use super::history::{Entry, Record};

/// Where one migration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Applied, and the file still has the same checksum.
    Applied,
    /// In the files, not applied yet.
    Pending,
    /// Applied, but the file's canonical IR changed since.
    ChecksumMismatch,
    /// Applied (recorded in the history) but no longer in the files.
    Missing,
    /// Recorded in progress: it ran outside a transaction and did not finish.
    Dirty,
    /// Recorded as failed.
    Failed,
    /// Not recorded itself, but every version it replaces (a squash baseline, a consolidated
    /// migration) is applied: `apply` records it without running it.
    Covered,
    /// Applied, no longer in the files, and replaced there by a squash or consolidated migration.
    Replaced,
}

impl State {
    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Applied => "applied",
            State::Pending => "pending",
            State::ChecksumMismatch => "checksum-mismatch",
            State::Missing => "missing",
            State::Dirty => "dirty",
            State::Failed => "failed",
            State::Covered => "covered",
            State::Replaced => "replaced",
        }
    }

    /// True for states that stop `apply`: dirty, failed and (without `--allow-changed`) changed.
    pub fn blocks(self) -> bool {
        matches!(self, State::Dirty | State::Failed | State::ChecksumMismatch)
    }
}

/// One line of `polymig status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusEntry {
    /// Version.
    pub version: String,
    /// Name (from the files, else from the history).
    pub name: String,
    /// State.
    pub state: State,
    /// True when the migration is in the files.
    pub in_files: bool,
    /// When it was applied (history rows only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applied_at: Option<String>,
    /// How long it took (history rows only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execution_time_ms: Option<i64>,
    /// Checksum of the file's IR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
    /// Checksum recorded when it was applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_checksum: Option<String>,
    /// Where it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Classify: the files' migrations in history order, then history rows missing from the files (by version).
pub fn classify(files: &[Entry], records: &[Record]) -> Vec<StatusEntry> {
    let by_version: HashMap<&str, &Record> = records.iter().map(|r| (r.version.as_str(), r)).collect();
    let mut out: Vec<StatusEntry> = files
        .iter()
        .map(|f| {
            let r = by_version.get(f.version.as_str()).copied();
            let state = match r {
                None => State::Pending,
                Some(r) => record_state(r).unwrap_or(if same_checksum(&r.checksum, &f.checksum) {
                    State::Applied
                } else {
                    State::ChecksumMismatch
                }),
            };
            StatusEntry {
                version: f.version.clone(),
                name: f.name.clone(),
                state,
                in_files: true,
                applied_at: r.map(|r| r.applied_at.clone()),
                execution_time_ms: r.map(|r| r.execution_time_ms),
                checksum: Some(f.checksum.clone()),
                recorded_checksum: r.map(|r| r.checksum.clone()),
                source: Some(f.source.clone()),
            }
        })
        .collect();
    for (s, f) in out.iter_mut().zip(files) {
        if covered(f, s.state, &by_version) {
            s.state = State::Covered;
        }
    }
    let known: std::collections::HashSet<&str> = files.iter().map(|f| f.version.as_str()).collect();
    let replaced: std::collections::HashSet<&str> =
        files.iter().flat_map(|f| f.replaces.iter().map(String::as_str)).collect();
    let gone = |r: &Record| if replaced.contains(r.version.as_str()) { State::Replaced } else { State::Missing };
    out.extend(records.iter().filter(|r| !known.contains(r.version.as_str())).map(|r| StatusEntry {
        version: r.version.clone(),
        name: r.name.clone(),
        state: record_state(r).unwrap_or_else(|| gone(r)),
        in_files: false,
        applied_at: Some(r.applied_at.clone()),
        execution_time_ms: Some(r.execution_time_ms),
        checksum: None,
        recorded_checksum: Some(r.checksum.clone()),
        source: Some(r.source.clone()),
    }));
    out
}

/// A migration that replaces others stands as run when all of them are recorded as completed,
/// and it is not recorded itself: pending, or (a squash baseline keeps the last squashed
/// version) recorded under its own version with the old migration's checksum.
fn covered(f: &Entry, state: State, records: &HashMap<&str, &Record>) -> bool {
    let own_version_replaced = state == State::ChecksumMismatch && f.replaces.contains(&f.version);
    !f.replaces.is_empty()
        && (state == State::Pending || own_version_replaced)
        && f.replaces.iter().all(|v| records.get(v.as_str()).is_some_and(|r| r.success == Some(true)))
}

fn record_state(r: &Record) -> Option<State> {
    match r.success {
        Some(true) => None,
        Some(false) => Some(State::Failed),
        None => Some(State::Dirty),
    }
}

/// Checksums match when equal; one written by an unknown algorithm version never matches.
fn same_checksum(recorded: &str, current: &str) -> bool {
    is_known_algorithm(recorded) && recorded == current
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(v: &str, sum: &str) -> Entry {
        Entry {
            version: v.into(),
            name: format!("m{v}"),
            source: "sql:x".into(),
            checksum: sum.into(),
            replaces: vec![],
        }
    }

    fn record(v: &str, sum: &str, success: Option<bool>) -> Record {
        Record {
            version: v.into(),
            name: format!("m{v}"),
            source: "sql:x".into(),
            checksum: sum.into(),
            applied_at: "2024-01-01T00:00:00Z".into(),
            execution_time_ms: 3,
            success,
            applied_by: "me".into(),
            polymig_version: "0.1.0".into(),
        }
    }

    #[test]
    fn replacing_migrations_stand_as_run_when_what_they_replace_ran() {
        let mut baseline = entry("3", "v1:base");
        baseline.replaces = vec!["1".into(), "2".into(), "3".into()];
        let mut partial = entry("0002", "v1:new");
        partial.replaces = vec!["7".into()];
        let records =
            [record("1", "v1:a", Some(true)), record("2", "v1:b", Some(true)), record("3", "v1:c", Some(true))];
        let states: Vec<(String, State)> =
            classify(&[baseline, partial], &records).into_iter().map(|e| (e.version, e.state)).collect();
        assert_eq!(
            states,
            [
                ("3".into(), State::Covered),
                ("0002".into(), State::Pending),
                ("1".into(), State::Replaced),
                ("2".into(), State::Replaced),
            ]
        );
        let mut failed = entry("9", "v1:n");
        failed.replaces = vec!["1".into(), "4".into()];
        let records = [record("1", "v1:a", Some(true)), record("4", "v1:d", Some(false))];
        assert_eq!(classify(&[failed], &records)[0].state, State::Pending);
    }

    #[test]
    fn every_category() {
        let files =
            [entry("1", "v1:a"), entry("2", "v1:b"), entry("3", "v1:c"), entry("4", "v1:d"), entry("5", "v1:e")];
        let records = [
            record("1", "v1:a", Some(true)),
            record("2", "v1:old", Some(true)),
            record("3", "v1:c", None),
            record("4", "v1:d", Some(false)),
            record("9", "v1:z", Some(true)),
        ];
        let states: Vec<(String, State)> =
            classify(&files, &records).into_iter().map(|e| (e.version, e.state)).collect();
        assert_eq!(
            states,
            [
                ("1".into(), State::Applied),
                ("2".into(), State::ChecksumMismatch),
                ("3".into(), State::Dirty),
                ("4".into(), State::Failed),
                ("5".into(), State::Pending),
                ("9".into(), State::Missing),
            ]
        );
    }
}
