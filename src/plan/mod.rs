//! `polymig plan --zero-downtime`: rewrite risky operations into expand / migrate / contract phases.
//!
//! Each recipe (one file each) turns one operation into phases of SQL for one target, with the
//! verification query that must pass before the next phase and what to deploy in between. Every
//! phase is meant to be lint-clean on its own (`polymig lint`). Recipes so far, PostgreSQL only:
//! rename column (view swap) and add NOT NULL (CHECK … NOT VALID → VALIDATE → SET NOT NULL).

mod rename_column;
mod set_not_null;

use serde::Serialize;

use crate::ir::{Migration, Op, Operation, QName};
use crate::lint::Target;
use crate::schema::{Schema, replay};

/// Which step of expand/contract a phase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    /// Additive: old and new application code both work afterwards.
    Expand,
    /// Data work (backfill, validation) while both versions run.
    Migrate,
    /// Removes the old shape, once no old code runs.
    Contract,
}

impl PhaseKind {
    /// `expand`, `migrate`, `contract`.
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseKind::Expand => "expand",
            PhaseKind::Migrate => "migrate",
            PhaseKind::Contract => "contract",
        }
    }
}

/// One phase: statements run as one migration.
#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    /// Expand, migrate or contract.
    pub kind: PhaseKind,
    /// SQL statements, in order, without trailing `;`.
    pub statements: Vec<String>,
    /// Query that must return 0 before this phase runs (`None`: nothing to check).
    pub verify_before: Option<String>,
    /// What to deploy or check before this phase, for the README.
    pub before: String,
}

/// The phases replacing one operation.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Recipe name: `rename-column`, `set-not-null`.
    pub recipe: &'static str,
    /// What the original operation was.
    pub operation: String,
    /// The phases in order.
    pub phases: Vec<Phase>,
}

/// Quote a PostgreSQL identifier (`"name"`, doubled quotes inside).
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Quote a possibly schema-qualified table name.
pub fn table(name: &QName) -> String {
    match &name.schema {
        Some(s) => format!("{}.{}", ident(s), ident(&name.name)),
        None => ident(&name.name),
    }
}

/// The recipe for one operation, if polymig has one for the target.
fn recipe(op: &Op, before: &Schema, target: &Target) -> Option<Plan> {
    if !target.pg() {
        return None;
    }
    match &op.kind {
        Operation::RenameColumn(x) => Some(rename_column::plan(x, before)),
        Operation::AlterColumn(x) if x.nullable == Some(false) && x.data_type.is_none() && x.default.is_none() => {
            Some(set_not_null::plan(x, target))
        }
        _ => None,
    }
}

/// Plans for every operation of `last` that has a recipe, after replaying `history` (the
/// migrations before it). Operations without a recipe are left out (they run as written).
pub fn zero_downtime(history: &[Migration], last: &Migration, target: &Target) -> Vec<Plan> {
    let dialect = Some(target.engine.dialect());
    let mut schema = Schema::default();
    for m in history {
        for op in &m.up {
            let _ = replay(&mut schema, op, dialect);
        }
    }
    let mut plans = Vec::new();
    for op in &last.up {
        plans.extend(recipe(op, &schema, target));
        let _ = replay(&mut schema, op, dialect);
    }
    plans
}

/// A README for the plans: phases in order, what to deploy between them, the checks.
pub fn readme(plans: &[Plan]) -> String {
    let mut out = String::from("# Zero-downtime plan\n\n");
    for (i, p) in plans.iter().enumerate() {
        out.push_str(&format!("## {}. {} — {}\n\n", i + 1, p.recipe, p.operation));
        for (n, ph) in p.phases.iter().enumerate() {
            out.push_str(&format!("{}. **{}**: {}\n", n + 1, ph.kind.as_str(), ph.before));
            if let Some(q) = &ph.verify_before {
                out.push_str(&format!("   - must return 0 first: `{q}`\n"));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::parse_script;
    use crate::ir::SqlDialect;
    use crate::lint::{LintConfig, LintOptions, lint_history};

    fn m(id: &str, sql: &str) -> Migration {
        let mut m = Migration::new(id, "m");
        m.up = parse_script(sql, &format!("{id}.sql"), SqlDialect::Postgres).0;
        m
    }

    /// Every phase, run as its own migration after the setup, is lint-clean (the rename's
    /// contract renames the table back, which its file allows with a comment).
    #[test]
    fn every_phase_is_lint_clean() {
        let setup = m("1", "CREATE TABLE users (id bigint PRIMARY KEY, name text, email text);");
        let target: Target = "pg16".parse().unwrap();
        let change = m(
            "2",
            "ALTER TABLE users RENAME COLUMN name TO full_name; ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
        );
        let plans = zero_downtime(std::slice::from_ref(&setup), &change, &target);
        assert_eq!(plans.iter().map(|p| p.recipe).collect::<Vec<_>>(), ["rename-column", "set-not-null"]);
        for p in &plans {
            let mut history = vec![setup.clone()];
            for (i, ph) in p.phases.iter().enumerate() {
                history.push(m(&format!("3{i}"), &(ph.statements.join(";\n") + ";")));
            }
            let report = lint_history(&history, &LintOptions { target, config: LintConfig::default() });
            let rules: Vec<&str> =
                report.findings.iter().filter(|f| f.migration.starts_with('3')).map(|f| f.rule).collect();
            let allowed: &[&str] = if p.recipe == "rename-column" { &["rename-table"] } else { &[] };
            assert_eq!(rules, allowed, "{}: {:#?}", p.recipe, report.findings);
        }
    }

    #[test]
    fn set_not_null_before_pg12_keeps_the_check() {
        let setup = m("1", "CREATE TABLE t (id bigint PRIMARY KEY, c text);");
        let change = m("2", "ALTER TABLE t ALTER COLUMN c SET NOT NULL;");
        let plans = zero_downtime(std::slice::from_ref(&setup), &change, &"pg11".parse().unwrap());
        let kinds: Vec<PhaseKind> = plans[0].phases.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [PhaseKind::Expand, PhaseKind::Migrate]);
        assert!(zero_downtime(&[setup], &change, &"mysql8.0".parse().unwrap()).is_empty());
    }
}
