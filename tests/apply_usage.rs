//! `polymig apply --phase contract` and its usage check (`polymig::apply::usage`): a plan that
//! drops `users.legacy` refuses its contract phase until the count of statements using the
//! column has stopped growing for `--usage-window`, and only warns where the server keeps no
//! statement statistics.
//!
//! On the default servers each test follows what the server has: with `pg_stat_statements`
//! preloaded (PostgreSQL) or `performance_schema` on (MariaDB/MySQL) the refusals are checked,
//! otherwise the warning. `POLYMIG_TEST_PGSS_URL` / `POLYMIG_TEST_MYSQL_PS_URL` name further admin
//! URLs of servers that have them, for the refusals when the default servers do not (these two
//! tests skip without them, CI included: `.ci/run` starts no such server).

mod support;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use polymig::ir::{QName, SqlDialect};
use support::TestDb;

fn polymig(args: &[&str], cwd: &Path) -> Output {
    support::polymig_in(cwd, args)
}

fn text(o: &Output) -> String {
    support::output_text(o)
}

/// A history creating `users (id, name, legacy)`, applied, and the plan dropping `legacy`.
fn project(db: &TestDb) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("db")).unwrap();
    std::fs::write(
        d.join("db/0001_setup.sql"),
        "CREATE TABLE users (id bigint PRIMARY KEY, name text, legacy text);\n",
    )
    .unwrap();
    std::fs::write(d.join("0002_drop_legacy.sql"), "ALTER TABLE users DROP COLUMN legacy;\n").unwrap();
    let dialect = match db.dialect {
        SqlDialect::Postgres => "postgres",
        SqlDialect::Mysql => "mysql",
        SqlDialect::Sqlite => "sqlite",
    };
    let o =
        polymig(&["plan", "--zero-downtime", "--dialect", dialect, "--out", "plan", "db", "0002_drop_legacy.sql"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = polymig(&["apply", "--db", &db.url, "db"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    dir
}

fn contract(d: &Path, db: &TestDb, extra: &[&str]) -> Output {
    let mut args = vec!["apply", "--db", &db.url, "--phase", "contract", "--usage-window", "2s"];
    args.extend_from_slice(extra);
    args.extend(["db", "plan"]);
    polymig(&args, d)
}

fn has_legacy(db: &TestDb) -> bool {
    let schema = db.introspect_blocking();
    schema.table(&QName::new("users")).expect("users").column("legacy").is_some()
}

/// Old code at work: reads and a write naming the column.
fn old_code(db: &TestDb) {
    for sql in ["SELECT legacy FROM users WHERE id = 1", "UPDATE users SET legacy = 'x' WHERE id = 2"] {
        db.exec_blocking(sql).unwrap();
    }
}

/// Where the server keeps no statistics: the contract runs, with a warning saying why.
fn warns_and_applies(db: &TestDb, why: &str) {
    let dir = project(db);
    old_code(db);
    let o = contract(dir.path(), db, &[]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("warning[usage-unchecked]") && out.contains(why), "{out}");
    assert!(!has_legacy(db), "the contract ran");
}

/// Where the server keeps statistics: refused on the first reading (a dry run records nothing),
/// while old code runs, and until the window passed without a new use; then it runs.
fn refuses_until_quiet(db: &TestDb) {
    let dir = project(db);
    let d = dir.path();
    old_code(db);
    let o = contract(d, db, &["--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("apply would refuse"), "{}", text(&o));
    let o = contract(d, db, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("first reading of its usage check"), "{}", text(&o));
    old_code(db);
    let o = contract(d, db, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("2 execution(s) of statements using what this phase removes"), "{}", text(&o));
    let o = contract(d, db, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("no new use since"), "{}", text(&o));
    assert!(has_legacy(db), "nothing ran yet");
    std::thread::sleep(Duration::from_millis(2500));
    let o = contract(d, db, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("usage check passed"), "{}", text(&o));
    assert!(!has_legacy(db));
}

/// The phase's own verification query names the column: after it ran (and refused the phase),
/// a retry is not refused for that read, which is polymig's, not old code's.
fn own_verification_is_not_old_code(db: &TestDb) {
    let dir = project(db);
    let d = dir.path();
    let file = d.join("plan/000201_contract_drop_column.sql");
    let verify = "-- polymig:verify SELECT count(*) FROM users WHERE legacy = 'stale'\n-- polymig:usage";
    let sql = std::fs::read_to_string(&file).unwrap().replacen("-- polymig:usage", verify, 1);
    std::fs::write(&file, sql).unwrap();
    db.exec_blocking("INSERT INTO users (id, name, legacy) VALUES (7, 'x', 'stale')").unwrap();
    assert_eq!(contract(d, db, &[]).status.code(), Some(1), "first reading");
    std::thread::sleep(Duration::from_millis(2500));
    let o = contract(d, db, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("usage check passed") && text(&o).contains("verification-failed"), "{}", text(&o));
    db.exec_blocking("DELETE FROM users WHERE id = 7").unwrap();
    let o = contract(d, db, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!has_legacy(db));
}

#[test]
fn usage_check_on_postgres() {
    let Some(db) = TestDb::postgres() else { return };
    let preload = db.text_blocking("SELECT current_setting('shared_preload_libraries')").unwrap().unwrap_or_default();
    if preload.contains("pg_stat_statements") {
        db.exec_blocking("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").unwrap();
        return refuses_until_quiet(&db);
    }
    warns_and_applies(&db, "the pg_stat_statements extension is not installed");
    let Some(db) = TestDb::postgres() else { return };
    // Installable (contrib) but not preloaded: the extension exists, its statistics do not.
    if db.exec_blocking("CREATE EXTENSION pg_stat_statements").is_ok() {
        warns_and_applies(&db, "pg_stat_statements is not loaded (it must be in shared_preload_libraries");
    }
}

#[test]
fn usage_check_on_mariadb() {
    let Some(db) = TestDb::mysql() else { return };
    match db.text_blocking("SELECT CAST(@@performance_schema AS CHAR)").unwrap().as_deref() {
        Some("1" | "ON") => refuses_until_quiet(&db),
        _ => warns_and_applies(&db, "performance_schema is off"),
    }
}

#[test]
fn usage_check_on_sqlite_warns_and_skip_flag_is_quiet() {
    let db = TestDb::sqlite();
    assert!(
        std::fs::read_to_string(project(&db).path().join("plan/000201_contract_drop_column.sql"))
            .unwrap()
            .contains("-- polymig:usage unavailable: SQLite keeps no statement statistics")
    );
    warns_and_applies(&db, "SQLite keeps no statement statistics");
    let db = TestDb::sqlite();
    let dir = project(&db);
    let o = contract(dir.path(), &db, &["--skip-usage-check"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("--skip-usage-check: not checking") && !text(&o).contains("warning"), "{}", text(&o));
    assert!(!has_legacy(&db));
}

#[test]
fn usage_check_refuses_on_a_pg_stat_statements_server() {
    let Ok(admin) = std::env::var("POLYMIG_TEST_PGSS_URL") else {
        println!("skipping: POLYMIG_TEST_PGSS_URL (a PostgreSQL with pg_stat_statements preloaded) is not set");
        return;
    };
    for check in [refuses_until_quiet, own_verification_is_not_old_code] {
        let Some(db) = TestDb::on_server(SqlDialect::Postgres, admin.clone()) else { return };
        db.exec_blocking("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").unwrap();
        check(&db);
    }
}

#[test]
fn usage_check_refuses_on_a_performance_schema_server() {
    let Ok(admin) = std::env::var("POLYMIG_TEST_MYSQL_PS_URL") else {
        println!("skipping: POLYMIG_TEST_MYSQL_PS_URL (MariaDB/MySQL with performance_schema on) is not set");
        return;
    };
    for check in [refuses_until_quiet, own_verification_is_not_old_code] {
        let Some(db) = TestDb::on_server(SqlDialect::Mysql, admin.clone()) else { return };
        check(&db);
    }
}
