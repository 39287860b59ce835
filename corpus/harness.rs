//! The corpus case model shared by `tests/corpus.rs`, `tests/corpus_live.rs` and `tests/roundtrip_live.rs`.
//!
//! A case is a folder `corpus/sql/<case>/` holding `case.json` ([`CaseSpec`]), the input (`input.sql` or an
//! `input/` folder in a migration runner's layout) and the expected outputs as insta snapshots. Every path in
//! here is relative to the crate root (cargo runs tests there), so spans and snapshots are machine-independent.
#![allow(dead_code)] // each test crate uses a different part of the harness

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use polymig::diagnostics::Diagnostic;
use polymig::export::sql::{ExportOptions, RenderedMigration, down_script, render_history, to_script};
use polymig::import::sql::{SqlImportOptions, import_paths};
use polymig::ir::{Migration, SqlDialect};
use serde::Deserialize;

/// Folder of the valid SQL cases, relative to the crate root: importing each reports no error.
pub const SQL_CORPUS: &str = "corpus/sql";
/// Folder of the invalid inputs: importing each must report at least one error.
pub const SQL_INVALID_CORPUS: &str = "corpus/sql-invalid";

/// `case.json`: what a case reads, what it exports and what it expects.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSpec {
    /// One sentence saying what the case covers.
    pub description: String,
    /// Dialect the input is written in (also the dialect the round trip uses).
    pub source: SqlDialect,
    /// Import without telling the importer the dialect (it must detect `source` itself).
    #[serde(default)]
    pub detect_source: bool,
    /// Targets to export to (default: all three).
    #[serde(default = "all_dialects")]
    pub targets: Vec<SqlDialect>,
    /// Render (and run, in the live tests) the down scripts too.
    #[serde(default)]
    pub with_down: bool,
    /// Targets that cannot express the case, with the reason: exporting must fail with an error.
    #[serde(default)]
    pub expect_unsupported: BTreeMap<SqlDialect, String>,
    /// Targets that can only approximate the case, with the reason: exporting must warn (`lossy-export`)
    /// and still produce a script that runs.
    #[serde(default)]
    pub expect_lossy: BTreeMap<SqlDialect, String>,
    /// Targets whose script is not run by `corpus_live`, with the reason.
    #[serde(default)]
    pub skip_live: BTreeMap<SqlDialect, String>,
    /// Why the case cannot round-trip (`roundtrip_live` skips it, saying so).
    #[serde(default)]
    pub no_roundtrip: Option<String>,
    /// Why the replayed schema cannot match the database (raw SQL that changes the schema): `roundtrip_live`
    /// still compares the two databases but not the replayed schema.
    #[serde(default)]
    pub no_replay_compare: Option<String>,
    /// For layout cases: the original up files, in order, that `roundtrip_live` applies.
    #[serde(default)]
    pub roundtrip_files: Vec<String>,
}

fn all_dialects() -> Vec<SqlDialect> {
    SqlDialect::ALL.to_vec()
}

/// One loaded case.
#[derive(Debug, Clone)]
pub struct Case {
    /// Folder name.
    pub name: String,
    /// `corpus/sql/<name>` or `corpus/sql-invalid/<name>`, relative to the crate root.
    pub dir: PathBuf,
    /// True under `corpus/sql-invalid`: importing must report an error.
    pub invalid: bool,
    /// Its `case.json`.
    pub spec: CaseSpec,
}

/// The names of the case folders under `root`, sorted.
pub fn case_names_in(root: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root)
        .unwrap_or_else(|e| panic!("cannot read {root}: {e}"))
        .map(|e| e.expect("readable corpus entry"))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The names of every case folder, valid and invalid, sorted.
pub fn case_names() -> Vec<String> {
    let mut names = case_names_in(SQL_CORPUS);
    names.extend(case_names_in(SQL_INVALID_CORPUS));
    names.sort();
    names
}

/// Every case, sorted by name.
pub fn all_cases() -> Vec<Case> {
    case_names().iter().map(|n| Case::load(n)).collect()
}

/// Result of importing a case.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The history.
    pub migrations: Vec<Migration>,
    /// Diagnostics not tied to a migration.
    pub diagnostics: Vec<Diagnostic>,
}

impl Imported {
    /// Every import diagnostic: the global ones, then each migration's.
    pub fn all_diagnostics(&self) -> Vec<&Diagnostic> {
        self.diagnostics.iter().chain(self.migrations.iter().flat_map(|m| m.diagnostics.iter())).collect()
    }
}

impl Case {
    /// Read `corpus/sql/<name>/case.json` (or the one under `corpus/sql-invalid`).
    pub fn load(name: &str) -> Case {
        let invalid = Path::new(SQL_INVALID_CORPUS).join(name).is_dir();
        let dir = Path::new(if invalid { SQL_INVALID_CORPUS } else { SQL_CORPUS }).join(name);
        let spec_path = dir.join("case.json");
        let text = fs::read_to_string(&spec_path).unwrap_or_else(|e| panic!("{}: {e}", spec_path.display()));
        let spec: CaseSpec = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", spec_path.display()));
        Case { name: name.to_string(), dir, invalid, spec }
    }

    /// `input.sql` when present, else the `input/` folder.
    pub fn input_path(&self) -> PathBuf {
        let file = self.dir.join("input.sql");
        if file.exists() { file } else { self.dir.join("input") }
    }

    /// True for a directory-layout case.
    pub fn is_layout(&self) -> bool {
        !self.dir.join("input.sql").exists()
    }

    /// Import the input the way `polymig` does (spans name `corpus/sql/<case>/…`).
    pub fn import(&self) -> Imported {
        let opts = SqlImportOptions { dialect: (!self.spec.detect_source).then_some(self.spec.source) };
        let (migrations, diagnostics) = import_paths(&[self.input_path()], &opts);
        Imported { migrations, diagnostics }
    }

    /// True when `target` is expected to fail.
    pub fn unsupported(&self, target: SqlDialect) -> bool {
        self.spec.expect_unsupported.contains_key(&target)
    }

    /// Targets that export cleanly (listed and not expected to fail).
    pub fn supported_targets(&self) -> Vec<SqlDialect> {
        self.spec.targets.iter().copied().filter(|t| !self.unsupported(*t)).collect()
    }

    /// Render the history for `target` (down scripts too when the case asks).
    pub fn render(&self, migrations: &[Migration], target: SqlDialect, allow_lossy: bool) -> Vec<RenderedMigration> {
        let opts = ExportOptions { dialect: target, with_down: self.spec.with_down, allow_lossy };
        render_history(migrations, &opts)
    }
}

/// Export diagnostics of a rendered history.
pub fn export_diagnostics(rendered: &[RenderedMigration]) -> Vec<&Diagnostic> {
    rendered.iter().flat_map(|r| r.diagnostics.iter()).collect()
}

/// The text of a target snapshot: the up script, then (when asked) each migration's down script, last
/// migration first (`-- <id> <name> (down)` headers; a migration without one says so).
pub fn script_text(rendered: &[RenderedMigration], with_down: bool) -> String {
    let mut out = to_script(rendered);
    if with_down {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str("\n-- ==================== down, last migration first ====================\n\n");
        let downs: Vec<String> = rendered
            .iter()
            .rev()
            .map(|m| down_script(m).unwrap_or_else(|| format!("-- {} {} (down): not rendered\n", m.id, m.name)))
            .collect();
        out.push_str(&downs.join("\n"));
    }
    out
}
