//! Test helpers: lint a SQL migration against a small fixed schema.

use crate::import::sql::parse_script;
use crate::ir::Migration;
use crate::lint::{Finding, LintConfig, LintOptions, Target, lint_history};

/// Tables `orgs` and `users` (with an index on `org_id` and a CHECK on `age`), migration `0001`.
pub const SETUP: &str = "CREATE TABLE orgs (id bigint PRIMARY KEY, name text);
CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), name text, org_id bigint, age int,
  status varchar(20), CONSTRAINT users_age_check CHECK (age > 0));
CREATE INDEX users_org_id_idx ON users (org_id);";

/// Findings of `sql` (migration `0002`, after [`SETUP`]) for `target` (`pg16`, `mysql8.0`, …).
pub fn lint_tx(target: &str, sql: &str, transactional: bool) -> Vec<Finding> {
    let target: Target = target.parse().expect("target");
    let dialect = target.engine.dialect();
    let mut setup = Migration::new("0001", "setup");
    setup.up = parse_script(SETUP, "setup.sql", dialect).0;
    let mut m = Migration::new("0002", "change");
    let (ops, diags) = parse_script(sql, "change.sql", dialect);
    m.up = ops;
    m.diagnostics = diags;
    m.transactional = transactional;
    let opts = LintOptions { target, config: LintConfig::default() };
    lint_history(&[setup, m], &opts).findings.into_iter().filter(|f| f.migration == "0002").collect()
}

/// Findings of a transactional migration.
pub fn lint(target: &str, sql: &str) -> Vec<Finding> {
    lint_tx(target, sql, true)
}

/// Assert `rule` fires on `sql`.
#[track_caller]
pub fn fires(rule: &str, target: &str, sql: &str) {
    let f = lint(target, sql);
    assert!(f.iter().any(|f| f.rule == rule), "{rule} should fire on {target}: {sql}\nfindings: {f:#?}");
}

/// Assert `rule` stays quiet on `sql`.
#[track_caller]
pub fn quiet(rule: &str, target: &str, sql: &str) {
    let f = lint(target, sql);
    assert!(!f.iter().any(|f| f.rule == rule), "{rule} should not fire on {target}: {sql}\nfindings: {f:#?}");
}

/// Findings of the third migration `second`, after [`SETUP`] and `first` (PostgreSQL 16).
pub fn lint_two(first: &str, second: &str) -> Vec<Finding> {
    let target: Target = "pg16".parse().expect("target");
    let d = target.engine.dialect();
    let mk = |id: &str, sql: &str| {
        let mut m = Migration::new(id, "m");
        m.up = parse_script(sql, &format!("{id}.sql"), d).0;
        m
    };
    let h = [mk("0001", SETUP), mk("0002", first), mk("0003", second)];
    let opts = LintOptions { target, config: LintConfig::default() };
    lint_history(&h, &opts).findings.into_iter().filter(|f| f.migration == "0003").collect()
}

/// Findings of a migration made of these operations (spans at `ops.sql:1..`), PostgreSQL 16.
pub fn lint_ops_pg(ops: Vec<impl Into<crate::ir::Operation>>) -> Vec<Finding> {
    use crate::ir::{Op, Span};
    let target: Target = "pg16".parse().expect("target");
    let mut setup = Migration::new("0001", "setup");
    setup.up = parse_script(SETUP, "setup.sql", target.engine.dialect()).0;
    let mut m = Migration::new("0002", "change");
    m.up = ops.into_iter().enumerate().map(|(i, o)| Op::new(o, Span::at("ops.sql", i as u32 + 1, 1))).collect();
    let opts = LintOptions { target, config: LintConfig::default() };
    lint_history(&[setup, m], &opts).findings.into_iter().filter(|f| f.migration == "0002").collect()
}

/// Findings of migration `second` after migration `first` on MySQL 8.0 (no [`SETUP`]).
pub fn lint_mysql_two(first: &str, second: &str) -> Vec<Finding> {
    let target: Target = "mysql8.0".parse().expect("target");
    let d = target.engine.dialect();
    let mk = |id: &str, sql: &str| {
        let mut m = Migration::new(id, "m");
        m.up = parse_script(sql, &format!("{id}.sql"), d).0;
        m
    };
    let opts = LintOptions { target, config: LintConfig::default() };
    lint_history(&[mk("0001", first), mk("0002", second)], &opts)
        .findings
        .into_iter()
        .filter(|f| f.migration == "0002")
        .collect()
}
