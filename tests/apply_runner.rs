//! The runner library on real databases (SQLite always; PostgreSQL and MariaDB when reachable,
//! required in CI), with hand-written SQL units so it does not depend on the importer.

mod apply_support;

use std::time::Duration;

use apply_support::{TestDb, unit};
use polymig::apply::{self, ApplyOptions, DbOptions, DbUrl, Event, EventResult, RollbackOptions, State, Unit};
use polymig::ir::SqlDialect;

fn run<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

fn db_opts() -> DbOptions {
    DbOptions { wait: Duration::from_secs(5), ..DbOptions::default() }
}

fn apply(db: &TestDb, units: &[Unit], opts: ApplyOptions) -> Result<Vec<Event>, apply::Error> {
    let url = DbUrl::parse(&db.url).expect("url");
    let mut events = Vec::new();
    let opts = ApplyOptions { db: db_opts(), ..opts };
    run(apply::apply(&url, units, &opts, &mut |e| events.push(e.clone())))?;
    Ok(events)
}

fn rollback(db: &TestDb, units: &[Unit], opts: RollbackOptions) -> Result<Vec<Event>, apply::Error> {
    let url = DbUrl::parse(&db.url).expect("url");
    let mut events = Vec::new();
    let opts = RollbackOptions { db: db_opts(), ..opts };
    run(apply::rollback(&url, units, &opts, &mut |e| events.push(e.clone())))?;
    Ok(events)
}

fn states(db: &TestDb, units: &[Unit]) -> Vec<(String, State)> {
    let url = DbUrl::parse(&db.url).expect("url");
    let entries: Vec<_> = units.iter().map(Unit::entry).collect();
    run(apply::status(&url, &entries, &db_opts())).expect("status").into_iter().map(|s| (s.version, s.state)).collect()
}

fn history() -> Vec<Unit> {
    vec![
        unit("0001", &["CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100))"], Some(&["DROP TABLE users"])),
        unit(
            "0002",
            &["CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(50))", "INSERT INTO posts VALUES (1, 'x')"],
            Some(&["DROP TABLE posts"]),
        ),
        unit(
            "0003",
            &["CREATE INDEX users_email_idx ON users (email)"],
            Some(&["DROP INDEX users_email_idx ON users"]),
        ),
    ]
}

/// `DROP INDEX … ON t` is MySQL's spelling; the others take the bare name.
fn fix_dialect(mut units: Vec<Unit>, d: SqlDialect) -> Vec<Unit> {
    if d != SqlDialect::Mysql {
        for u in &mut units {
            for s in u.down.iter_mut().flatten() {
                s.sql = s.sql.replace(" ON users", "");
            }
        }
    }
    units
}

fn results(events: &[Event]) -> Vec<(&str, EventResult)> {
    events.iter().map(|e| (e.version.as_str(), e.result)).collect()
}

#[test]
fn apply_is_idempotent_and_recorded() {
    for db in TestDb::all() {
        let units = fix_dialect(history(), db.dialect);
        let events = apply(&db, &units, ApplyOptions::default()).unwrap();
        assert_eq!(
            results(&events),
            [("0001", EventResult::Applied), ("0002", EventResult::Applied), ("0003", EventResult::Applied)],
            "{}",
            db.dialect
        );
        assert_eq!(db.history_count(), 3);
        assert_eq!(db.int("SELECT COUNT(*) FROM posts"), 1);
        let again = apply(&db, &units, ApplyOptions::default()).unwrap();
        assert!(again.is_empty(), "{}: second apply ran {again:?}", db.dialect);
        assert_eq!(db.int("SELECT COUNT(*) FROM posts"), 1);
        assert_eq!(db.int("SELECT COUNT(*) FROM polymig_migrations WHERE success = TRUE AND applied_by <> ''"), 3);
        assert_eq!(db.int("SELECT COUNT(*) FROM polymig_schema_version WHERE table_name = 'polymig_migrations'"), 1);
    }
}

#[test]
fn apply_to_version_then_the_rest() {
    for db in TestDb::all() {
        let units = fix_dialect(history(), db.dialect);
        let events = apply(&db, &units, ApplyOptions { to: Some("0002".into()), ..Default::default() }).unwrap();
        assert_eq!(events.len(), 2);
        let s = states(&db, &units);
        assert_eq!(s[2], ("0003".into(), State::Pending));
        let err = apply(&db, &units, ApplyOptions { to: Some("9999".into()), ..Default::default() }).unwrap_err();
        assert_eq!(err.0[0].code, "unknown-version");
        assert_eq!(apply(&db, &units, ApplyOptions::default()).unwrap().len(), 1);
    }
}

#[test]
fn status_reports_every_category() {
    for db in TestDb::all() {
        let units = fix_dialect(history(), db.dialect);
        apply(&db, &units[..2], ApplyOptions::default()).unwrap();
        let mut changed = units.clone();
        changed[0].checksum = "v1:changed".into();
        let files = vec![changed[0].clone(), changed[2].clone()];
        db.exec(
            "INSERT INTO polymig_migrations (version, name, source, checksum, execution_time_ms, success, applied_by, polymig_version) \
             VALUES ('0009', 'half', 'sql:x', 'v1:x', 0, NULL, 'me', '0')",
        );
        assert_eq!(
            states(&db, &files),
            [
                ("0001".into(), State::ChecksumMismatch),
                ("0003".into(), State::Pending),
                ("0002".into(), State::Missing),
                ("0009".into(), State::Dirty),
            ],
            "{}",
            db.dialect
        );
    }
}

#[test]
fn changed_checksum_blocks_unless_allowed() {
    for db in TestDb::all() {
        let mut units = fix_dialect(history(), db.dialect);
        apply(&db, &units[..1], ApplyOptions::default()).unwrap();
        units[0].checksum = "v1:other".into();
        let err = apply(&db, &units, ApplyOptions::default()).unwrap_err();
        assert_eq!(err.0[0].code, "checksum-mismatch", "{}", db.dialect);
        assert!(!db.table_exists("posts"), "nothing may run after a checksum mismatch");
        let events = apply(&db, &units, ApplyOptions { allow_changed: true, ..Default::default() }).unwrap();
        assert_eq!(events.len(), 2);
    }
}

#[test]
fn failing_transactional_migration_changes_nothing() {
    for db in TestDb::all().into_iter().filter(|d| d.dialect != SqlDialect::Mysql) {
        let mut units = fix_dialect(history(), db.dialect);
        units[1] =
            unit("0002", &["CREATE TABLE posts (id INTEGER PRIMARY KEY)", "INSERT INTO nowhere VALUES (1)"], None);
        let err = apply(&db, &units, ApplyOptions::default()).unwrap_err();
        let d = &err.0[0];
        assert_eq!(d.code, "migration-failed", "{}", db.dialect);
        assert!(d.message.contains("0002") && d.message.contains("statement 2"), "{}", d.message);
        assert_eq!(d.span.as_ref().map(|s| s.line), Some(2));
        assert!(d.help.as_deref().unwrap_or("").contains("nothing was changed"));
        assert!(
            !db.table_exists("posts"),
            "{}: the failed migration's first statement must be rolled back",
            db.dialect
        );
        assert_eq!(db.history_count(), 1);
        assert_eq!(states(&db, &units)[1].1, State::Pending);
    }
}

#[test]
fn failure_outside_a_transaction_leaves_a_dirty_record_until_repair() {
    for db in TestDb::all() {
        let mut units = fix_dialect(history(), db.dialect);
        let mut bad =
            unit("0002", &["CREATE TABLE posts (id INTEGER PRIMARY KEY)", "INSERT INTO nowhere VALUES (1)"], None);
        bad.transactional = false;
        units[1] = bad;
        let err = apply(&db, &units, ApplyOptions::default()).unwrap_err();
        assert_eq!(err.0[0].code, "migration-failed", "{}", db.dialect);
        assert!(err.0[0].help.as_deref().unwrap_or("").contains("repair"));
        assert!(db.table_exists("posts"), "{}: outside a transaction the first statement stays", db.dialect);
        assert_eq!(states(&db, &units)[1].1, State::Failed);
        // Fixed file, but the dirty record blocks until repair.
        units[1] = unit("0002", &["CREATE TABLE IF NOT EXISTS posts (id INTEGER PRIMARY KEY)"], None);
        let err = apply(&db, &units, ApplyOptions::default()).unwrap_err();
        assert_eq!(err.0[0].code, "history-dirty", "{}", db.dialect);
        let url = DbUrl::parse(&db.url).unwrap();
        let report = run(apply::repair(&url, None, &db_opts())).unwrap();
        assert_eq!(report.cleared.len(), 1);
        assert_eq!(report.cleared[0].version, "0002");
        assert_eq!(apply(&db, &units, ApplyOptions::default()).unwrap().len(), 2);
        assert_eq!(db.history_count(), 3);
    }
}

#[test]
fn rollback_steps_and_to() {
    for db in TestDb::all() {
        let units = fix_dialect(history(), db.dialect);
        apply(&db, &units, ApplyOptions::default()).unwrap();
        let events = rollback(&db, &units, RollbackOptions::default()).unwrap();
        assert_eq!(results(&events), [("0003", EventResult::RolledBack)], "{}", db.dialect);
        assert_eq!(db.history_count(), 2);
        let events = rollback(&db, &units, RollbackOptions { to: Some("0001".into()), ..Default::default() }).unwrap();
        assert_eq!(results(&events), [("0002", EventResult::RolledBack)]);
        assert!(!db.table_exists("posts") && db.table_exists("users"));
        let events = rollback(&db, &units, RollbackOptions { steps: Some(5), ..Default::default() }).unwrap();
        assert_eq!(events.len(), 1);
        assert!(!db.table_exists("users"));
        assert_eq!(db.history_count(), 0);
        assert_eq!(apply(&db, &units, ApplyOptions::default()).unwrap().len(), 3, "up again after down");
    }
}

#[test]
fn rollback_refuses_an_irreversible_migration_and_changes_nothing() {
    for db in TestDb::all() {
        let mut units = fix_dialect(history(), db.dialect);
        apply(&db, &units, ApplyOptions::default()).unwrap();
        units[1].down = None;
        units[1].down_problems = vec![
            polymig::diagnostics::Diagnostic::error("irreversible-migration", "raw SQL without a down script")
                .at(polymig::ir::Span::at("db/0002_posts.sql", 2, 1)),
        ];
        let err = rollback(&db, &units, RollbackOptions { steps: Some(2), ..Default::default() }).unwrap_err();
        let d = &err.0[0];
        assert_eq!(d.code, "irreversible-migration");
        assert!(d.message.contains("0002") && d.message.contains("raw SQL without a down script"), "{}", d.message);
        assert_eq!(d.span.as_ref().map(|s| (s.file.as_str(), s.line)), Some(("db/0002_posts.sql", 2)));
        assert_eq!(db.history_count(), 3, "{}: nothing may be rolled back", db.dialect);
        assert!(db.int("SELECT COUNT(*) FROM users WHERE 1 = 0") == 0 && db.table_exists("posts"));
    }
}

#[test]
fn dry_run_prints_the_sql_and_changes_nothing() {
    for db in TestDb::all() {
        let units = fix_dialect(history(), db.dialect);
        let url = DbUrl::parse(&db.url).unwrap();
        let opts = ApplyOptions { dry_run: true, db: db_opts(), ..Default::default() };
        let report = run(apply::apply(&url, &units, &opts, &mut |_| {})).unwrap();
        let script = report.script.unwrap();
        assert!(script.contains("CREATE TABLE IF NOT EXISTS"), "{script}");
        let first = script.find("CREATE TABLE users").unwrap();
        let insert = script.find("INSERT INTO").unwrap();
        assert!(first < script.find("CREATE TABLE posts").unwrap() && script.contains("'0003'"), "{script}");
        assert!(insert > 0);
        match db.dialect {
            SqlDialect::Mysql => assert!(script.contains("NULL, ") && !script.contains("BEGIN;"), "{script}"),
            SqlDialect::Postgres => {
                assert!(script.contains("BEGIN;\n") && script.contains("SET LOCAL lock_timeout = 5000;"))
            }
            SqlDialect::Sqlite => assert!(script.contains("BEGIN IMMEDIATE;\n") && script.contains("COMMIT;")),
        }
        if db.dialect != SqlDialect::Sqlite {
            assert!(!db.table_exists("users") && !db.table_exists("polymig_migrations"));
        } else {
            assert!(!std::path::Path::new(&db.name).exists(), "dry run must not create the SQLite file");
        }
    }
}
