//! Lint policy: the `[lint]` table of `polymig.toml`.
//!
//! ```toml
//! [lint]
//! disable = ["prefer-bigint-keys"]            # rules off
//! safety_assured = ["safety_assured"]         # block helpers whose body is trusted (Rails strong_migrations)
//! hot_tables = ["users", "events"]            # tables hot-table-policy protects
//! online_schema_change = "pt-osc"             # MySQL ALTERs run through pt-osc | gh-ost | lhm
//!
//! [lint.severity]
//! rename-column = "warning"                   # error | warning | info | off
//! ```
//!
//! Only the `[lint]` table is read; the rest of the file belongs to other commands.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Severity;

/// A severity override in `[lint.severity]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Report as an error (exit 1).
    Error,
    /// Report as a warning.
    Warning,
    /// Report as a note.
    Info,
    /// Do not run the rule.
    Off,
}

/// The online schema change tool a team runs its MySQL/MariaDB ALTERs through (the Rails
/// `departure` gem runs every migration's ALTER through pt-online-schema-change). Each copies the
/// table; rule `copy-tool-unique-dedup` reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CopyTool {
    /// Percona's `pt-online-schema-change` (and MariaDB's fork `mariadb-schema-change`).
    #[serde(rename = "pt-osc", alias = "pt-online-schema-change", alias = "mariadb-schema-change")]
    PtOsc,
    /// GitHub's `gh-ost`.
    #[serde(rename = "gh-ost")]
    GhOst,
    /// Shopify / SoundCloud `lhm` (Large Hadron Migrator, Ruby).
    #[serde(rename = "lhm")]
    Lhm,
}

impl CopyTool {
    /// The tool's command or library name: `pt-online-schema-change`, `gh-ost`, `LHM`.
    pub fn label(self) -> &'static str {
        match self {
            CopyTool::PtOsc => "pt-online-schema-change",
            CopyTool::GhOst => "gh-ost",
            CopyTool::Lhm => "LHM",
        }
    }
}

/// The `[lint]` table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LintConfig {
    /// Rules turned off.
    pub disable: Vec<String>,
    /// Severity per rule id.
    pub severity: BTreeMap<String, Level>,
    /// Names of block helpers that mark their body as reviewed (`safety_assured { … }`,
    /// `with safety_assured():`).
    pub safety_assured: Vec<String>,
    /// Tables treated as hot, wide or large (rule `hot-table-policy`).
    pub hot_tables: Vec<String>,
    /// The copy tool MySQL/MariaDB ALTERs run through, if any (rule `copy-tool-unique-dedup`).
    pub online_schema_change: Option<CopyTool>,
}

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig {
            disable: Vec::new(),
            severity: BTreeMap::new(),
            safety_assured: vec!["safety_assured".into()],
            hot_tables: Vec::new(),
            online_schema_change: None,
        }
    }
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    lint: Option<LintConfig>,
}

impl LintConfig {
    /// Parse the `[lint]` table of a `polymig.toml` text (defaults when absent).
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let cfg = file.lint.unwrap_or_default();
        for id in cfg.disable.iter().chain(cfg.severity.keys()) {
            if !super::rules::RULES.iter().any(|(r, _)| r.id == id) {
                return Err(format!("[lint]: unknown rule `{id}`"));
            }
        }
        Ok(cfg)
    }

    /// Read `path`; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Self, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_toml(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// The rule runs.
    pub fn enabled(&self, id: &str) -> bool {
        !self.disable.iter().any(|d| d == id) && self.severity.get(id) != Some(&Level::Off)
    }

    /// The severity a finding of `id` gets.
    pub fn severity(&self, id: &str, default: Severity) -> Severity {
        match self.severity.get(id) {
            Some(Level::Error) => Severity::Error,
            Some(Level::Warning) => Severity::Warning,
            Some(Level::Info) => Severity::Info,
            Some(Level::Off) | None => default,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_the_lint_table() {
        let cfg = LintConfig::from_toml(
            "[database]\nurl = \"x\"\n[lint]\ndisable = [\"rename-table\"]\nsafety_assured = [\"trust_me\"]\n\
             [lint.severity]\nrename-column = \"warning\"\ndrop-column-in-use = \"off\"\n",
        )
        .unwrap();
        assert!(!cfg.enabled("rename-table") && !cfg.enabled("drop-column-in-use") && cfg.enabled("rename-column"));
        assert_eq!(cfg.severity("rename-column", Severity::Error), Severity::Warning);
        assert_eq!(cfg.safety_assured, ["trust_me"]);
        assert_eq!(cfg.online_schema_change, None);
    }

    #[test]
    fn online_schema_change_names_a_copy_tool() {
        for (text, tool) in [("pt-osc", CopyTool::PtOsc), ("gh-ost", CopyTool::GhOst), ("lhm", CopyTool::Lhm)] {
            let cfg = LintConfig::from_toml(&format!("[lint]\nonline_schema_change = \"{text}\"")).unwrap();
            assert_eq!(cfg.online_schema_change, Some(tool));
        }
        assert!(LintConfig::from_toml("[lint]\nonline_schema_change = \"osc\"").is_err());
    }

    #[test]
    fn unknown_rules_and_keys_are_errors() {
        assert!(LintConfig::from_toml("[lint]\ndisable = [\"no-such-rule\"]").unwrap_err().contains("no-such-rule"));
        assert!(LintConfig::from_toml("[lint]\nbogus = 1").is_err());
        assert_eq!(LintConfig::from_toml("").unwrap(), LintConfig::default());
    }
}
