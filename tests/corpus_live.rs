//! Every script the corpus exports runs on a fresh database of its target.
//!
//! For each case and each target it exports to cleanly (not `expect_unsupported`, not `skip_live`), a fresh
//! database gets every migration's up statements one by one — inside a transaction when the migration says
//! it is transactional and the database has transactional DDL (PostgreSQL, SQLite). With `with_down`, the
//! down statements then run (last migration first) and must leave the database as it was when fresh, and
//! the up statements run once more and must rebuild the same schema.
//!
//! SQLite always runs; PostgreSQL and MariaDB run through `tests/support` (required when `CI` is set).
//! All failures of a target are collected and reported together, each naming the case, the migration,
//! the direction, the statement and the database's error.

#[path = "../corpus/harness.rs"]
mod harness;
#[path = "../corpus/live.rs"]
mod live;
mod support;

use harness::Case;
use live::{Direction, batches, run_batches};
use polymig::ir::SqlDialect;
use polymig::schema::Schema;
use support::{TestDb, block_on};

#[test]
fn sqlite_runs_every_exported_script() {
    run_target(SqlDialect::Sqlite);
}

#[test]
fn postgres_runs_every_exported_script() {
    run_target(SqlDialect::Postgres);
}

#[test]
fn mysql_runs_every_exported_script() {
    run_target(SqlDialect::Mysql);
}

/// Run every case that exports to `target`; panic with the list of failures.
fn run_target(target: SqlDialect) {
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in harness::all_cases() {
        if case.invalid || !case.supported_targets().contains(&target) {
            continue;
        }
        if let Some(reason) = case.spec.skip_live.get(&target) {
            eprintln!("not running case {} on {target}: {reason}", case.name);
            continue;
        }
        let Some(db) = TestDb::for_dialect(target) else { return };
        if let Err(e) = run_case(&case, &db) {
            failures.push(format!("case {} on {target}: {e}", case.name));
        }
        ran += 1;
    }
    assert!(ran > 0, "no corpus case exports to {target}");
    assert!(failures.is_empty(), "{} of {ran} cases failed on {target}:\n\n{}", failures.len(), failures.join("\n\n"));
}

/// Up (and down, up again) for one case on one fresh database.
fn run_case(case: &Case, db: &TestDb) -> Result<(), String> {
    let imported = case.import();
    let rendered = case.render(&imported.migrations, db.dialect, false);
    let run = |dir: Direction| {
        let (url, dialect, batches) = (db.url.clone(), db.dialect, batches(&rendered, dir));
        block_on(async move { run_batches(&url, dialect, &batches).await })
    };
    let fresh = db.introspect_blocking();
    run(Direction::Up)?;
    if !case.spec.with_down {
        return Ok(());
    }
    let after_up = db.introspect_blocking();
    if let Some(m) = rendered.iter().find(|m| m.down.is_none()) {
        return Err(format!("migration {} {} has no down script", m.id, m.name));
    }
    run(Direction::Down)?;
    let after_down = db.introspect_blocking();
    if after_down != fresh {
        return Err(format!(
            "the down scripts do not restore the fresh database; left over:\n{}",
            leftovers(&fresh, &after_down)
        ));
    }
    run(Direction::Up).map_err(|e| format!("up after down: {e}"))?;
    if db.introspect_blocking() != after_up {
        return Err("up, down, up gives a different schema than the first up".into());
    }
    Ok(())
}

/// What a schema has beyond the fresh one, as `kind name` lines.
fn leftovers(fresh: &Schema, now: &Schema) -> String {
    let mut out = Vec::new();
    for (k, t) in &now.tables {
        match fresh.tables.get(k) {
            None => out.push(format!("  table {k}")),
            Some(f) if f != t => out.push(format!("  table {k} differs")),
            Some(_) => {}
        }
    }
    out.extend(fresh.tables.keys().filter(|k| !now.tables.contains_key(*k)).map(|k| format!("  missing table {k}")));
    out.extend(now.enums.keys().filter(|k| !fresh.enums.contains_key(*k)).map(|k| format!("  enum {k}")));
    out.extend(now.views.keys().filter(|k| !fresh.views.contains_key(*k)).map(|k| format!("  view {k}")));
    out.extend(now.extensions.difference(&fresh.extensions).map(|e| format!("  extension {e}")));
    if out.is_empty() {
        out.push("  (differences outside tables, enums, views and extensions)".into());
    }
    out.join("\n")
}
