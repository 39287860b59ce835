//! `polymig lint`: safety rules over the IR, so one rule serves every source format.
//!
//! Each migration of a history is checked against the schema replayed up to it, operation by
//! operation: a rule sees the state just before the operation, which tables the migration created
//! so far ("existing table" = not created earlier in the same migration), the whole migration and
//! the [`Target`] (engine and version). Findings point at the operation's source span (the SQL,
//! Python, Ruby or TypeScript line) and can be silenced in the source's own comment syntax
//! (`-- polymig:allow <rule>`, see [`suppress`]) or by policy in `polymig.toml`'s `[lint]` table
//! (see [`config`]). The rules are the E and W rows of the safety catalogue, one file each under
//! `rules/`.

pub mod config;
mod context;
pub mod hostcmd;
pub mod output;
pub mod rules;
pub mod sarif;
pub mod sqltext;
pub mod suppress;
pub mod target;

use serde::Serialize;

pub use config::{CopyTool, LintConfig};
pub use context::{Ctx, lint_history};
pub use target::{Engine, Target, Version};

use crate::diagnostics::Severity;
use crate::ir::{Migration, Span};

/// What a rule is: its id, catalogue row, default severity and one-line summary.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleInfo {
    /// Kebab-case id used in findings, suppressions and config: `index-not-concurrent`.
    pub id: &'static str,
    /// Row of the safety catalogue: `A1`.
    pub row: &'static str,
    /// Severity when the rule itself does not pick one per target.
    pub severity: Severity,
    /// One line for `--help`-like listings and SARIF rule descriptions.
    pub summary: &'static str,
}

/// One problem found by a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule id.
    pub rule: &'static str,
    /// Severity after configuration.
    pub severity: Severity,
    /// What happens in production: which lock, how long, what is blocked.
    pub message: String,
    /// The safe alternative.
    pub help: String,
    /// Source location of the operation.
    pub span: Span,
    /// Id of the migration.
    pub migration: String,
}

/// What a rule reports before configuration is applied.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Severity, when it depends on the target (else the rule's default).
    pub severity: Option<Severity>,
    /// Message.
    pub message: String,
    /// Safe alternative.
    pub help: String,
    /// Location, when not the current operation's.
    pub span: Option<Span>,
}

/// Everything `lint_history` needs besides the migrations.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// Engine and version.
    pub target: Target,
    /// Policy from `polymig.toml`.
    pub config: LintConfig,
}

/// The outcome of linting a history.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LintReport {
    /// Findings that remain, in history order.
    pub findings: Vec<Finding>,
    /// Findings silenced by comments or `safety_assured` helpers.
    pub suppressed: usize,
}

impl LintReport {
    /// Number of findings with this severity.
    pub fn count(&self, sev: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == sev).count()
    }
}

/// `polymig lint --db`: of `report` (the whole history's findings) keep those of the migrations
/// `pending` on the database, and add the rules about the history against what it `applied`
/// (`non-linear-history`), configured and suppressed like the others. Findings stay in history order.
pub fn against_database(
    mut report: LintReport,
    history: &[Migration],
    pending: &[&str],
    applied: &[&str],
    opts: &LintOptions,
) -> LintReport {
    use rules::non_linear_history as j1;
    report.findings.retain(|f| pending.contains(&f.migration.as_str()));
    if opts.config.enabled(j1::RULE.id) {
        let mut suppressor = suppress::Suppressor::new(&opts.config.safety_assured);
        for (m, hit) in j1::findings(history, &|id| pending.contains(&id), &|id| applied.contains(&id)) {
            let f = Finding {
                rule: j1::RULE.id,
                severity: opts.config.severity(j1::RULE.id, hit.severity.unwrap_or(j1::RULE.severity)),
                message: hit.message,
                help: hit.help,
                span: hit.span.unwrap_or_default(),
                migration: m.id.clone(),
            };
            if suppressor.allows(&f) {
                report.suppressed += 1;
            } else {
                report.findings.push(f);
            }
        }
        let position = |id: &str| history.iter().position(|m| m.id == id);
        report.findings.sort_by_key(|f| position(&f.migration));
    }
    report
}
