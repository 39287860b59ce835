//! The manifests `polymig squash` and `polymig consolidate` leave beside the migrations they
//! write, read back so the runner knows which earlier versions each new migration stands for:
//!
//! * `squashed.json` — `{"baseline": "0042", "squashed": [{"version": "0001", …}, …]}`: the
//!   baseline migration replaces every squashed version;
//! * `polymig-adopt.json` — `{"migrations": [{"version": "0001", "original_version":
//!   "20240101120000", …}, …]}`: each consolidated migration replaces its original.
//!
//! Both land in [`Migration::replaces`]. A manifest naming a migration that is not in the
//! folder, or one that does not parse, is an error at its file, line and column.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::ir::{Migration, Span};

/// The name of the manifest `polymig squash` writes.
pub const SQUASHED: &str = "squashed.json";
/// The name of the manifest `polymig consolidate` writes.
pub const ADOPT: &str = "polymig-adopt.json";

#[derive(Deserialize)]
struct Squashed {
    baseline: String,
    squashed: Vec<Versioned>,
}

#[derive(Deserialize)]
struct Versioned {
    version: String,
}

#[derive(Deserialize)]
struct Adopt {
    migrations: Vec<Consolidated>,
}

#[derive(Deserialize)]
struct Consolidated {
    version: String,
    original_version: String,
}

/// Read the manifests in `dir` (if any) into the `replaces` of `migrations` read from it.
pub fn apply_manifests(dir: &Path, migrations: &mut [Migration], diags: &mut Vec<Diagnostic>) {
    if !dir.is_dir() {
        return;
    }
    let squashed = dir.join(SQUASHED);
    if let Some(m) = read::<Squashed>(&squashed, diags) {
        let replaces = m.squashed.into_iter().map(|v| v.version).collect();
        set(&squashed, migrations, &m.baseline, replaces, diags);
    }
    let adopt = dir.join(ADOPT);
    if let Some(m) = read::<Adopt>(&adopt, diags) {
        for c in m.migrations {
            set(&adopt, migrations, &c.version, vec![c.original_version], diags);
        }
    }
}

fn read<T: for<'de> Deserialize<'de>>(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<T> {
    let text = std::fs::read_to_string(path).ok()?;
    match serde_json::from_str(&text) {
        Ok(v) => Some(v),
        Err(e) => {
            let span = Span::at(path.display().to_string(), e.line() as u32, e.column() as u32);
            diags.push(Diagnostic::error("bad-manifest", format!("cannot read {}: {e}", path.display())).at(span));
            None
        }
    }
}

fn set(path: &Path, migrations: &mut [Migration], version: &str, replaces: Vec<String>, diags: &mut Vec<Diagnostic>) {
    match migrations.iter_mut().find(|m| m.id == version) {
        Some(m) => m.replaces = replaces,
        None => diags.push(
            Diagnostic::error(
                "bad-manifest",
                format!("{} names migration {version}, which is not in {}", path.display(), folder(path)),
            )
            .at(Span::file(path.display().to_string())),
        ),
    }
}

fn folder(path: &Path) -> String {
    path.parent().map_or_else(|| ".".into(), |p| p.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(d.path().join(name), text).unwrap();
        }
        d
    }

    #[test]
    fn squash_baseline_replaces_every_squashed_version() {
        let d = dir_with(&[(SQUASHED, r#"{"baseline": "3", "squashed": [{"version": "1"}, {"version": "3"}]}"#)]);
        let mut ms = vec![Migration::new("3", "baseline")];
        let mut diags = Vec::new();
        apply_manifests(d.path(), &mut ms, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(ms[0].replaces, ["1", "3"]);
    }

    #[test]
    fn consolidated_migrations_replace_their_originals() {
        let text = r#"{"migrations": [{"version": "0001", "original_version": "20240101"},
                                       {"version": "0002", "original_version": "ab12"}]}"#;
        let d = dir_with(&[(ADOPT, text)]);
        let mut ms = vec![Migration::new("0001", "a"), Migration::new("0002", "b")];
        let mut diags = Vec::new();
        apply_manifests(d.path(), &mut ms, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(ms[0].replaces, ["20240101"]);
        assert_eq!(ms[1].replaces, ["ab12"]);
    }

    #[test]
    fn broken_or_dangling_manifests_are_errors_with_a_location() {
        let d = dir_with(&[
            (SQUASHED, "{\n  \"baseline\": 3\n}"),
            (ADOPT, r#"{"migrations": [{"version": "9", "original_version": "1"}]}"#),
        ]);
        let mut ms = vec![Migration::new("1", "a")];
        let mut diags = Vec::new();
        apply_manifests(d.path(), &mut ms, &mut diags);
        assert_eq!(diags.len(), 2, "{diags:?}");
        let bad = diags[0].span.as_ref().expect("span");
        assert_eq!(bad.line, 2, "{diags:?}");
        assert!(diags[1].message.contains("names migration 9"), "{diags:?}");
        assert!(ms[0].replaces.is_empty());
    }
}
