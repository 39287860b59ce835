//! `polymig plan --zero-downtime`: rewrite risky operations into expand / migrate / contract phases.
//!
//! Each recipe (one file each) turns one operation into phases of SQL for one target, with the
//! verification query that must return 0 before a phase runs and what to deploy in between. Every
//! phase is meant to be lint-clean on its own (`polymig lint`). Dialect differences live in
//! [`cx`]: recipes quote, spell types and render IR operations through the SQL exporter's own
//! `Dialect` implementations, never by hand. `layout` writes the phases as a migration directory
//! that `polymig apply --phase` reads back.
//!
//! | recipe | PostgreSQL | MySQL / MariaDB | SQLite |
//! |---|---|---|---|
//! | rename column | view swap | shadow column + triggers | view + INSTEAD OF triggers |
//! | rename table | view under the old name | view under the new name, atomic `RENAME TABLE` swap | view + INSTEAD OF triggers |
//! | change column type | shadow column + trigger + backfill + swap | same, MySQL triggers | — |
//! | add NOT NULL | CHECK NOT VALID → VALIDATE → SET NOT NULL | — | — |
//! | add foreign key | index CONCURRENTLY, NOT VALID, VALIDATE | index INPLACE, `foreign_key_checks=0` | — |
//! | add unique | unique index CONCURRENTLY → USING INDEX | `ADD UNIQUE …, ALGORITHM=INPLACE, LOCK=NONE` | — |
//! | add check | NOT VALID → VALIDATE | MariaDB: `check_constraint_checks=0` | — |
//! | drop column | stop using it, then drop | same | same |

mod add_check;
mod add_foreign_key;
mod add_primary_key;
mod add_unique;
mod change_type;
mod cx;
mod drop_column;
pub mod layout;
mod rename_column;
mod rename_table;
mod set_not_null;

use serde::{Deserialize, Serialize};

use crate::ir::{Backfill, ConstraintKind, Migration, Op, Operation};
use crate::lint::Target;
use crate::schema::{Schema, replay};
use cx::Cx;

/// Which step of expand/contract a phase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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
    /// Every phase, in the order they run.
    pub const ALL: [PhaseKind; 3] = [PhaseKind::Expand, PhaseKind::Migrate, PhaseKind::Contract];

    /// `expand`, `migrate`, `contract`.
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseKind::Expand => "expand",
            PhaseKind::Migrate => "migrate",
            PhaseKind::Contract => "contract",
        }
    }
}

impl std::str::FromStr for PhaseKind {
    type Err = String;

    /// `expand`, `migrate` or `contract`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PhaseKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown phase `{s}` (expected expand, migrate or contract)"))
    }
}

/// One phase: statements run as one migration.
#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    /// Expand, migrate or contract.
    pub kind: PhaseKind,
    /// SQL statements, in order, without trailing `;`.
    pub statements: Vec<String>,
    /// A batched backfill run before the statements (`-- polymig:backfill` in the phase file).
    pub backfill: Option<Backfill>,
    /// Query that must return 0 before this phase runs (`None`: nothing to check);
    /// `polymig apply --phase` runs it and refuses the phase otherwise.
    pub verify_before: Option<String>,
    /// A query over the server's statement statistics summing the executions of the DML
    /// statements that use what this phase removes (`pg_stat_statements`, `performance_schema`
    /// digests); `polymig apply --phase` refuses the phase while that figure grows
    /// ([`crate::apply::usage`]). `None` where the database keeps no statistics (SQLite).
    pub usage_check: Option<String>,
    /// The phase waits for old code to stop using something (set by [`Phase::usage`] even where
    /// there is no query to check it with, so `apply` can say it could not check).
    pub usage_needed: bool,
    /// What to deploy or check before this phase, for the README.
    pub before: String,
    /// Lint rules this phase trips on purpose, each with the reason (`-- polymig:allow` lines).
    pub allow: Vec<(&'static str, &'static str)>,
}

impl Phase {
    /// A phase of `kind` running `statements`, with nothing to verify.
    pub(crate) fn new(kind: PhaseKind, statements: Vec<String>, before: impl Into<String>) -> Self {
        Phase {
            kind,
            statements,
            backfill: None,
            verify_before: None,
            usage_check: None,
            usage_needed: false,
            before: before.into(),
            allow: Vec::new(),
        }
    }

    /// The same phase, silencing lint `rule` for the stated reason.
    pub(crate) fn allowing(mut self, rule: &'static str, why: &'static str) -> Self {
        self.allow.push((rule, why));
        self
    }

    /// The same phase, checking `query` returns 0 first.
    pub(crate) fn verify(mut self, query: String) -> Self {
        self.verify_before = Some(query);
        self
    }

    /// The same phase, waiting for old code to stop using what it removes, checked with `query`
    /// where the database has one.
    pub(crate) fn usage(mut self, query: Option<String>) -> Self {
        self.usage_check = query;
        self.usage_needed = true;
        self
    }
}

/// The phases replacing one operation.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Recipe name: `rename-column`, `set-not-null`, `add-foreign-key`, ….
    pub recipe: &'static str,
    /// What the original operation was.
    pub operation: String,
    /// The phases in order.
    pub phases: Vec<Phase>,
}

/// The recipe for one operation, if polymig has one for the target.
fn recipe(op: &Op, cx: &Cx<'_>) -> Option<Plan> {
    match &op.kind {
        Operation::RenameColumn(x) => rename_column::plan(x, cx),
        Operation::RenameTable(x) => rename_table::plan(x, cx),
        Operation::DropColumn(x) => drop_column::plan(x, cx),
        Operation::AlterColumn(x) if x.data_type.is_some() => change_type::plan(x, cx),
        Operation::AlterColumn(x) if x.nullable == Some(false) && x.default.is_none() && x.comment.is_none() => {
            set_not_null::plan(x, cx)
        }
        Operation::AddConstraint(x) if !x.not_valid => match &x.constraint.kind {
            ConstraintKind::ForeignKey(_) => add_foreign_key::plan(x, cx),
            ConstraintKind::Check { .. } => add_check::plan(x, cx),
            ConstraintKind::Unique { .. } => add_unique::plan(x, cx),
            ConstraintKind::PrimaryKey { .. } => add_primary_key::plan(x, cx),
        },
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
        plans.extend(recipe(op, &Cx::new(*target, &schema)).map(|p| not_atomic(p, target)));
        let _ = replay(&mut schema, op, dialect);
    }
    plans
}

/// MySQL and MariaDB commit every DDL statement on its own, so a phase of several statements is
/// never atomic: say so where `non-idempotent-step` would flag it. A phase that fails midway is
/// recorded as failed by `polymig apply`, which then refuses to go on until the operator has
/// finished or undone it by hand and run `polymig repair`.
fn not_atomic(mut plan: Plan, target: &Target) -> Plan {
    if target.mysql_family() {
        for ph in plan.phases.iter_mut().filter(|ph| ph.statements.len() > 1) {
            ph.allow.push((
                "non-idempotent-step",
                "MySQL DDL is not transactional: a phase failing midway is recorded as failed and finished by hand, then `polymig repair`",
            ));
        }
    }
    plan
}

/// A README for the plans: phases in order, what to deploy between them, the checks.
pub fn readme(plans: &[Plan]) -> String {
    let mut out = String::from("# Zero-downtime plan\n\n");
    for (i, p) in plans.iter().enumerate() {
        out.push_str(&format!("## {}. {} — {}\n\n", i + 1, p.recipe, p.operation));
        for (n, ph) in p.phases.iter().enumerate() {
            out.push_str(&format!("{}. **{}**: {}\n", n + 1, ph.kind.as_str(), ph.before));
            if let Some(q) = &ph.verify_before {
                out.push_str(&format!("   - must return 0 first (`polymig apply --phase` checks it): `{q}`\n"));
            }
            if let Some(b) = &ph.backfill {
                out.push_str(&format!("   - backfills `{}` in batches of {} rows first\n", b.table, b.batch_size));
            }
            if let Some(q) = &ph.usage_check {
                out.push_str(&format!(
                    "   - `polymig apply --phase` refuses while statements using the old shape keep running \
                     (run it once after the deploy, again after `--usage-window`): `{q}`\n"
                ));
            }
        }
        out.push('\n');
    }
    out
}

/// Helpers for the recipes' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::import::sql::parse_script;

    /// A migration parsed from `sql` in `target`'s dialect.
    pub fn migration(id: &str, sql: &str, target: &Target) -> Migration {
        let mut m = Migration::new(id, "m");
        m.up = parse_script(sql, &format!("{id}.sql"), target.engine.dialect()).0;
        m
    }

    /// The plans for `change` after `setup`, on `target` (`pg16`, `mariadb11.4`, `sqlite`).
    pub fn plans(setup: &str, change: &str, target: &str) -> Vec<Plan> {
        let target: Target = target.parse().unwrap();
        zero_downtime(&[migration("1", setup, &target)], &migration("2", change, &target), &target)
    }

    /// The one plan for `change`, as `kind:statement` lines (plus `verify:`/`backfill:` lines).
    pub fn lines(setup: &str, change: &str, target: &str) -> Vec<String> {
        let mut plans = plans(setup, change, target);
        assert_eq!(plans.len(), 1, "{plans:#?}");
        let p = plans.remove(0);
        let mut out = Vec::new();
        for ph in &p.phases {
            let k = ph.kind.as_str();
            if let Some(q) = &ph.verify_before {
                out.push(format!("{k} verify: {q}"));
            }
            if let Some(b) = &ph.backfill {
                let set: Vec<String> = b.set.iter().map(|a| format!("{} = {}", a.column, a.value)).collect();
                out.push(format!(
                    "{k} backfill: {} SET {} WHERE {}",
                    b.table,
                    set.join(", "),
                    b.filter.as_deref().unwrap_or("")
                ));
            }
            out.extend(ph.statements.iter().map(|s| format!("{k}: {s}")));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{LintConfig, LintOptions, lint_history};

    fn m(id: &str, sql: &str) -> Migration {
        testing::migration(id, sql, &"pg16".parse().unwrap())
    }

    /// Every phase file of `change`'s plans, run as its own migration after `setup`, is lint-clean
    /// on `target`: the files as `layout` writes them, allow comments included.
    fn assert_phase_files_lint_clean(target: &str, setup: &str, change: &str, recipes: &[&str]) {
        let target: Target = target.parse().unwrap();
        let setup = testing::migration("1", setup, &target);
        let change = testing::migration("2", change, &target);
        let plans = zero_downtime(std::slice::from_ref(&setup), &change, &target);
        assert_eq!(plans.iter().map(|p| p.recipe).collect::<Vec<_>>(), recipes);
        for p in &plans {
            // Written to disk: suppression comments are read from the file a finding names.
            let dir = tempfile::tempdir().unwrap();
            let mut history = vec![setup.clone()];
            for f in layout::files("3", std::slice::from_ref(p), &target) {
                let path = dir.path().join(&f.name);
                std::fs::write(&path, &f.text).unwrap();
                let mut phase = Migration::new(f.name.clone(), "phase");
                let file = path.display().to_string();
                phase.up = crate::import::sql::parse_script(&f.text, &file, target.engine.dialect()).0;
                history.push(phase);
            }
            let report = lint_history(&history, &LintOptions { target, config: LintConfig::default() });
            let rules: Vec<&str> =
                report.findings.iter().filter(|f| f.migration.starts_with('3')).map(|f| f.rule).collect();
            assert!(rules.is_empty(), "{}: {:#?}", p.recipe, report.findings);
        }
    }

    #[test]
    fn every_postgres_phase_file_is_lint_clean() {
        assert_phase_files_lint_clean(
            "pg16",
            "CREATE TABLE users (id bigint PRIMARY KEY, name text, email text, legacy text, qty integer, score integer, \
             code varchar(20)); CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint); \
             CREATE TABLE events (id bigint, kind text);",
            "ALTER TABLE users RENAME COLUMN name TO full_name; ALTER TABLE users ALTER COLUMN email SET NOT NULL; \
             ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id); \
             ALTER TABLE users ADD CONSTRAINT users_qty_check CHECK (qty >= 0); \
             ALTER TABLE users ADD CONSTRAINT users_code_key UNIQUE (code); \
             ALTER TABLE users ALTER COLUMN score TYPE bigint; ALTER TABLE users DROP COLUMN legacy; \
             ALTER TABLE posts RENAME TO articles; ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (id);",
            &[
                "rename-column",
                "set-not-null",
                "add-foreign-key",
                "add-check",
                "add-unique",
                "change-type",
                "drop-column",
                "rename-table",
                "add-primary-key",
            ],
        );
    }

    #[test]
    fn every_mariadb_phase_file_is_lint_clean() {
        assert_phase_files_lint_clean(
            "mariadb11.4",
            "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50), legacy text, qty integer, score integer, \
             code varchar(20)); CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint); \
             CREATE TABLE events (id bigint NOT NULL, kind text);",
            "ALTER TABLE users RENAME COLUMN name TO full_name; \
             ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id); \
             ALTER TABLE users ADD CONSTRAINT users_qty_check CHECK (qty >= 0); \
             ALTER TABLE users ADD CONSTRAINT users_code_key UNIQUE (code); \
             ALTER TABLE users MODIFY score bigint; ALTER TABLE users DROP COLUMN legacy; \
             RENAME TABLE posts TO articles; ALTER TABLE events ADD PRIMARY KEY (id);",
            &[
                "rename-column",
                "add-foreign-key",
                "add-check",
                "add-unique",
                "change-type",
                "drop-column",
                "rename-table",
                "add-primary-key",
            ],
        );
    }

    #[test]
    fn postgres_18_not_null_phase_files_are_lint_clean() {
        assert_phase_files_lint_clean(
            "pg18",
            "CREATE TABLE users (id bigint PRIMARY KEY, email text);",
            "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
            &["set-not-null"],
        );
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
