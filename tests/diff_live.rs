//! The SQL of `diff(empty, state)` builds that state on live databases.
//!
//! For every valid corpus/sql case, in its source dialect: the replayed final state is diffed from
//! the empty schema, the operations are exported as one baseline migration for that dialect, run on
//! a fresh database, and the introspected result must equal the replayed state (`compare::normalize`
//! for that database, `differences` empty). Cases whose raw SQL changes the schema behind the
//! replay's back (`no_replay_compare`), that do not export to their source dialect or that do not
//! run live there are skipped with the reason printed.
//!
//! SQLite always runs; PostgreSQL and MariaDB through `tests/support` (required when `CI` is set).

#[path = "../corpus/harness.rs"]
mod harness;
#[path = "../corpus/live.rs"]
mod live;
mod support;

use live::{Direction, batches, run_batches};
use polymig::export::sql::{ExportOptions, render_history};
use polymig::ir::{Migration, SqlDialect};
use polymig::schema::compare::{differences, normalize};
use polymig::schema::{DiffOptions, Schema, diff, replay_migration};
use support::{TestDb, block_on};

#[test]
fn sqlite_baselines_build_the_replayed_state() {
    run_dialect(SqlDialect::Sqlite);
}

#[test]
fn postgres_baselines_build_the_replayed_state() {
    run_dialect(SqlDialect::Postgres);
}

#[test]
fn mysql_baselines_build_the_replayed_state() {
    run_dialect(SqlDialect::Mysql);
}

fn run_dialect(dialect: SqlDialect) {
    let (mut ran, mut ops, mut failures) = (0, 0, Vec::new());
    for case in harness::all_cases() {
        if case.invalid || case.spec.source != dialect {
            continue;
        }
        let skip = case
            .spec
            .no_replay_compare
            .clone()
            .or_else(|| case.spec.skip_live.get(&dialect).cloned())
            .or_else(|| case.unsupported(dialect).then(|| "does not export to its source dialect".into()));
        if let Some(reason) = skip {
            eprintln!("case {} not checked on {dialect}: {reason}", case.name);
            continue;
        }
        let Some(db) = TestDb::for_dialect(dialect) else { return };
        let mut state = Schema::default();
        for m in &case.import().migrations {
            let _ = replay_migration(&mut state, m, Some(dialect));
        }
        match baseline(&state, &db) {
            Ok(n) => ops += n,
            Err(e) => failures.push(format!("case {} on {dialect}: {e}", case.name)),
        }
        ran += 1;
    }
    eprintln!("{ran} baselines on {dialect}, {ops} operations");
    assert!(ran > 0, "no corpus case in {dialect}");
    assert!(failures.is_empty(), "{} of {ran} cases failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

/// Run the baseline of `state` on `db` and compare; the number of operations, or the problem.
fn baseline(state: &Schema, db: &TestDb) -> Result<usize, String> {
    let d = diff(&Schema::default(), state, &DiffOptions::for_dialect(db.dialect));
    if let Some(e) = d.diagnostics.iter().find(|d| d.is_error()) {
        return Err(format!("diff: {e}"));
    }
    let mut m = Migration::new("0001", "baseline");
    m.up = d.operations.clone();
    let rendered = render_history(&[m], &ExportOptions { dialect: db.dialect, with_down: false, allow_lossy: false });
    if let Some(e) = rendered.iter().flat_map(|r| r.diagnostics.iter()).find(|d| d.is_error()) {
        return Err(format!("export: {e}"));
    }
    let (url, dialect, batches) = (db.url.clone(), db.dialect, batches(&rendered, Direction::Up));
    block_on(async move { run_batches(&url, dialect, &batches).await })?;
    let live = normalize(&db.introspect_blocking(), db.dialect);
    let left = differences(&normalize(state, db.dialect), &live);
    if left.is_empty() {
        Ok(d.operations.len())
    } else {
        Err(format!("replayed vs baseline database:\n    {}", left.join("\n    ")))
    }
}
