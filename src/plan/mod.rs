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
//! | change column type | shadow column + trigger + backfill + swap | same, MySQL triggers | table rebuild (the plain migration's SQL) |
//! | add NOT NULL | CHECK NOT VALID → VALIDATE → SET NOT NULL | — | NULL count → `SET NOT NULL` (3.53+) or rebuild |
//! | add foreign key | index CONCURRENTLY, NOT VALID, VALIDATE | index INPLACE, `foreign_key_checks=0` | orphan count → rebuild → `foreign_key_check` |
//! | add unique | unique index CONCURRENTLY → USING INDEX | `ADD UNIQUE …, ALGORITHM=INPLACE, LOCK=NONE` | unique index (not a table-level UNIQUE) |
//! | add check | NOT VALID → VALIDATE | MariaDB: `check_constraint_checks=0` | violator count → `ADD CHECK` (3.53+) or rebuild |
//! | create index | CONCURRENTLY, then checked valid; DROP INDEX CONCURRENTLY | `ALGORITHM=INPLACE LOCK=NONE` | — |
//! | drop column | stop using it, then drop | same | same |
//! | merge columns | new column + BEFORE trigger computing it, backfill, then drop the old ones | same, MySQL triggers | AFTER triggers updating the row |
//! | split table | new table + two-way sync triggers + backfill, then drop the moved columns behind a view with the old shape, then the view | same, MySQL triggers, no view | same, SQLite triggers, no view |

mod add_check;
mod add_foreign_key;
mod add_primary_key;
mod add_unique;
mod change_type;
mod create_index;
mod cx;
mod drop_column;
pub mod layout;
mod merge_columns;
pub mod migrations;
mod rename_column;
mod rename_table;
mod set_not_null;
mod split_table;
mod split_view;

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
    /// The operator must wait (for a deploy, for old code to stop) between the previous phase
    /// file of the same kind and this one: `polymig apply --phase` stops before it, and runs it
    /// on the next call (`-- polymig:wait`).
    pub wait: bool,
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
            wait: false,
        }
    }

    /// The same phase, run only by a later `apply --phase` call than the file before it.
    pub(crate) fn waiting(mut self) -> Self {
        self.wait = true;
        self
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
        Operation::CreateIndex(x) => create_index::plan(x, cx),
        Operation::DropIndex(x) => create_index::plan_drop(x, cx),
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
/// migrations before it). Operations without a recipe are left out: [`not_planned`] names them.
pub fn zero_downtime(history: &[Migration], last: &Migration, target: &Target) -> Vec<Plan> {
    planned(history, last, target).0
}

/// The operations of `last` no recipe replaces (indexes into `last.up`): they are not in the plan
/// directory, and the operator runs them as written, where they belong between the phases.
pub fn not_planned(history: &[Migration], last: &Migration, target: &Target) -> Vec<usize> {
    planned(history, last, target).1
}

/// The plans, and the indexes of the operations none of them replaces.
fn planned(history: &[Migration], last: &Migration, target: &Target) -> (Vec<Plan>, Vec<usize>) {
    let dialect = Some(target.engine.dialect());
    let mut schema = Schema::default();
    for m in history {
        for op in &m.up {
            let _ = replay(&mut schema, op, dialect);
        }
    }
    let history_schema = schema.clone();
    let mut plans = Vec::new();
    // Operations a recipe spanning several operations (a table split) already replaced.
    let mut replaced = std::collections::BTreeSet::new();
    for (i, op) in last.up.iter().enumerate() {
        if !replaced.contains(&i) {
            let cx = Cx::new(*target, &schema);
            let spanning = split_table::plan(&last.up[i..], &cx).or_else(|| merge_columns::plan(&last.up[i..], &cx));
            if let Some((plan, used)) = spanning {
                replaced.extend(used.into_iter().map(|j| i + j));
                plans.push(not_atomic(plan, target));
            } else if let Some(plan) = recipe(op, &cx).filter(|_| !on_new_table(op, &history_schema)) {
                replaced.insert(i);
                plans.push(not_atomic(plan, target));
            }
        }
        let _ = replay(&mut schema, op, dialect);
    }
    let rest = (0..last.up.len()).filter(|i| !replaced.contains(i)).collect();
    (plans, rest)
}

/// An index operation on a table the migration itself created: nothing uses the table yet, so
/// it runs as written.
fn on_new_table(op: &Op, history: &Schema) -> bool {
    match &op.kind {
        Operation::CreateIndex(x) => history.table(&x.index.table).is_none(),
        _ => false,
    }
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

/// A README for the plans: phases in order, what to deploy between them, the checks, and the
/// operations (`not_planned`, as `kind at file:line`) the phases do not contain.
pub fn readme(plans: &[Plan], not_planned: &[String]) -> String {
    let mut out = String::from("# Zero-downtime plan\n\n");
    if !not_planned.is_empty() {
        out.push_str("Not in these phases (no recipe; run them as written, where they belong between the phases):\n\n");
        for op in not_planned {
            out.push_str(&format!("- {op}\n"));
        }
        out.push('\n');
    }
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

    /// `change` after `setup` as the SQL exporter renders it: the plain migration's statements.
    pub fn plain(setup: &str, change: &str, target: &str) -> Vec<String> {
        let target: Target = target.parse().unwrap();
        let mut schema = Schema::default();
        for op in &migration("1", setup, &target).up {
            let _ = replay(&mut schema, op, Some(target.engine.dialect()));
        }
        let ops = migration("2", change, &target).up.into_iter().map(|o| o.kind).collect();
        Cx::new(target, &schema).render(ops).unwrap()
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

    /// SQLite before 3.53: every rebuild, one of a table other tables reference (its
    /// `PRAGMA foreign_keys` toggles) and one of a table with foreign keys.
    #[test]
    fn every_sqlite_phase_file_is_lint_clean() {
        assert_phase_files_lint_clean(
            "sqlite",
            SQLITE_SETUP,
            "ALTER TABLE users RENAME COLUMN name TO full_name; ALTER TABLE users ALTER COLUMN email SET NOT NULL; \
             ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id); \
             ALTER TABLE users ADD CONSTRAINT users_qty_check CHECK (qty >= 0); \
             ALTER TABLE users ADD CONSTRAINT users_code_key UNIQUE (code); \
             ALTER TABLE users ALTER COLUMN score TYPE text; ALTER TABLE users DROP COLUMN legacy; \
             ALTER TABLE posts RENAME TO articles; ALTER TABLE notes ALTER COLUMN body SET NOT NULL;",
            &[
                "rename-column",
                "set-not-null",
                "add-foreign-key",
                "add-check",
                "add-unique",
                "change-type",
                "drop-column",
                "rename-table",
                "set-not-null",
            ],
        );
    }

    /// SQLite 3.53+: `SET NOT NULL` and `ADD CHECK` without a rebuild.
    #[test]
    fn sqlite_3_53_phase_files_are_lint_clean() {
        assert_phase_files_lint_clean(
            "sqlite3.53",
            SQLITE_SETUP,
            "ALTER TABLE users ALTER COLUMN email SET NOT NULL; \
             ALTER TABLE users ADD CONSTRAINT users_qty_check CHECK (qty >= 0); \
             ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id);",
            &["set-not-null", "add-check", "add-foreign-key"],
        );
    }

    const SQLITE_SETUP: &str = "CREATE TABLE users (id integer PRIMARY KEY, name text, email text, legacy text, \
         qty integer, score integer, code varchar(20)); CREATE TABLE posts (id integer PRIMARY KEY, user_id integer); \
         CREATE TABLE notes (id integer PRIMARY KEY, user_id integer REFERENCES users (id) ON DELETE CASCADE, body text);";

    #[test]
    fn split_table_phase_files_are_lint_clean() {
        for target in ["pg16", "mariadb11.4", "sqlite"] {
            assert_phase_files_lint_clean(
                target,
                "CREATE TABLE users (id bigint PRIMARY KEY, name text, street text, city text);",
                "CREATE TABLE addresses (user_id bigint PRIMARY KEY REFERENCES users (id), street text, city text); \
                 ALTER TABLE users DROP COLUMN street; ALTER TABLE users DROP COLUMN city;",
                &["split-table"],
            );
        }
    }

    #[test]
    fn create_index_phase_files_are_lint_clean() {
        for target in ["pg16", "mariadb11.4"] {
            assert_phase_files_lint_clean(
                target,
                "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), bio text); \
                 CREATE INDEX users_bio ON users (bio(20));",
                "CREATE UNIQUE INDEX users_email ON users (email); DROP INDEX users_bio ON users;",
                if target == "pg16" { &["create-index", "drop-index"] } else { &["create-index"] },
            );
        }
    }

    #[test]
    fn change_type_of_a_not_null_column_is_lint_clean() {
        for target in ["pg16", "mariadb11.4"] {
            assert_phase_files_lint_clean(
                target,
                "CREATE TABLE users (id bigint PRIMARY KEY, score integer NOT NULL DEFAULT 0);",
                if target == "pg16" {
                    "ALTER TABLE users ALTER COLUMN score TYPE bigint;"
                } else {
                    "ALTER TABLE users MODIFY score bigint NOT NULL DEFAULT 0;"
                },
                &["change-type"],
            );
        }
    }

    #[test]
    fn merge_columns_phase_files_are_lint_clean() {
        for target in ["pg16", "mariadb11.4", "sqlite"] {
            assert_phase_files_lint_clean(
                target,
                "CREATE TABLE users (id bigint PRIMARY KEY, first_name text, last_name text);",
                "ALTER TABLE users ADD COLUMN full_name text; \
                 UPDATE users SET full_name = concat_ws(' ', first_name, last_name); \
                 ALTER TABLE users DROP COLUMN first_name; ALTER TABLE users DROP COLUMN last_name;",
                &["merge-columns"],
            );
        }
        assert_phase_files_lint_clean(
            "pg16",
            "CREATE TABLE users (id bigint PRIMARY KEY, first_name text NOT NULL, last_name text);",
            "ALTER TABLE users ADD COLUMN full_name text NOT NULL DEFAULT ''; \
             UPDATE users SET full_name = concat_ws(' ', first_name, last_name); \
             ALTER TABLE users DROP COLUMN first_name; ALTER TABLE users DROP COLUMN last_name;",
            &["merge-columns"],
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
    fn operations_without_a_recipe_are_named_not_dropped() {
        let setup = m("1", "CREATE TABLE t (id bigint PRIMARY KEY, c text);");
        let change = m(
            "2",
            "UPDATE t SET c = 'x' WHERE c IS NULL; ALTER TABLE t ALTER COLUMN c SET NOT NULL; CREATE TABLE u (id int);",
        );
        let target = "pg16".parse().unwrap();
        assert_eq!(not_planned(std::slice::from_ref(&setup), &change, &target), [0, 2]);
        let plans = zero_downtime(&[setup], &change, &target);
        let text = readme(&plans, &["Sql at 2.sql:1:1".into()]);
        assert!(text.contains("Not in these phases") && text.contains("- Sql at 2.sql:1:1"), "{text}");
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
