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

mod alembic_support;
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

#[test]
fn alembic_baselines_build_the_replayed_state_on_every_database() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for dialect in SqlDialect::ALL {
        for dir in alembic_support::cases() {
            let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
            let opts = polymig::import::ImportOptions { target: Some(dialect), ..Default::default() };
            let (migrations, _) = polymig::import::alembic::import_paths(&[dir.join("versions")], &opts);
            let mut state = Schema::default();
            let mut raw = false;
            for m in &migrations {
                raw |= m
                    .up
                    .iter()
                    .any(|op| matches!(op.kind, polymig::ir::Operation::Sql(_) | polymig::ir::Operation::Opaque(_)));
                let _ = replay_migration(&mut state, m, Some(dialect));
            }
            if raw {
                eprintln!(
                    "alembic case {name} not checked: raw SQL or opaque code changes the schema outside the replay"
                );
                continue;
            }
            // The reference is the database the original history builds (the replayed state and
            // introspection disagree on a few spellings, which is not the diff's business).
            let export = ExportOptions { dialect, with_down: false, allow_lossy: false };
            let rendered = render_history(&migrations, &export);
            if let Some(e) = rendered.iter().flat_map(|r| r.diagnostics.iter()).find(|d| d.is_error()) {
                eprintln!("alembic case {name} not checked on {dialect}: the history does not export: {e}");
                continue;
            }
            let (Some(original), Some(db)) = (TestDb::for_dialect(dialect), TestDb::for_dialect(dialect)) else {
                continue;
            };
            let (url, b) = (original.url.clone(), batches(&rendered, Direction::Up));
            if let Err(e) = block_on(async move { run_batches(&url, dialect, &b).await }) {
                failures.push(format!("alembic case {name} on {dialect}: original history: {e}"));
                continue;
            }
            let reference = normalize(&original.introspect_blocking(), dialect);
            if let Err(e) = baseline(&state, &db, Some(reference)) {
                failures.push(format!("alembic case {name} on {dialect}: {e}"));
            }
            ran += 1;
        }
    }
    eprintln!("{ran} Alembic baselines");
    assert!(ran > 0);
    assert!(failures.is_empty(), "{} of {ran} failed:\n\n{}", failures.len(), failures.join("\n\n"));
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
        match baseline(&state, &db, None) {
            Ok(n) => ops += n,
            Err(e) => failures.push(format!("case {} on {dialect}: {e}", case.name)),
        }
        ran += 1;
    }
    eprintln!("{ran} baselines on {dialect}, {ops} operations");
    assert!(ran > 0, "no corpus case in {dialect}");
    assert!(failures.is_empty(), "{} of {ran} cases failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

/// Run the baseline of `state` on `db` and compare with `reference` (default: `state` normalised);
/// the number of operations, or the problem.
fn baseline(state: &Schema, db: &TestDb, reference: Option<Schema>) -> Result<usize, String> {
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
    let reference = reference.unwrap_or_else(|| normalize(state, db.dialect));
    let left = differences(&reference, &live);
    if left.is_empty() {
        Ok(d.operations.len())
    } else {
        Err(format!("reference vs baseline database:\n    {}", left.join("\n    ")))
    }
}
