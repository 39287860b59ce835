//! `polymig lint --db URL` against live PostgreSQL and MariaDB (and SQLite): the engine and
//! version come from the server, and only the migrations still pending there are reported,
//! while the applied ones still build the state the rules look at.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use polymig::ir::SqlDialect;
use support::TestDb;

fn polymig(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_polymig"))
        .args(args)
        .current_dir(cwd)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run polymig")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn pending_only_on(dialect: SqlDialect, engine: &str) {
    let Some(db) = TestDb::for_dialect(dialect) else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("db")).unwrap();
    let setup = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/lint/setup/0001_setup.sql");
    std::fs::copy(setup, d.join("db/0001_setup.sql")).unwrap();
    std::fs::write(d.join("db/0002_rename_name.sql"), "ALTER TABLE users RENAME COLUMN name TO full_name;\n").unwrap();
    std::fs::write(d.join("db/0003_rename_status.sql"), "ALTER TABLE users RENAME COLUMN status TO state;\n").unwrap();
    let o = polymig(&["apply", "--db", &db.url, "--to", "0002", "db"], d);
    assert_eq!(o.status.code(), Some(0), "{engine}: {}", text(&o));

    // Without --db, both renames are findings.
    let o = polymig(&["lint", "--format", "json", "db"], d);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("lint JSON");
    let all: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["migration"].as_str().unwrap()).collect();
    assert!(all.contains(&"0002") && all.contains(&"0003"), "{engine}: {v}");

    let o = polymig(&["lint", "--db", &db.url, "--format", "json", "db"], d);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
    let findings = v["findings"].as_array().unwrap();
    assert!(!findings.is_empty(), "{engine}: {v}");
    assert!(findings.iter().all(|f| f["migration"] == "0003"), "{engine}: only the pending migration: {v}");
    assert!(findings.iter().any(|f| f["rule"] == "rename-column"), "{engine}: {v}");
    let target = v["target"].to_string().to_ascii_lowercase();
    assert!(target.contains(engine), "{engine}: the server's engine: {target}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 migration(s) pending"), "{}", text(&o));
    assert!(!text(&o).contains("password"), "{}", text(&o));
}

#[test]
fn lint_db_reports_only_what_is_pending_on_postgres() {
    pending_only_on(SqlDialect::Postgres, "postgres");
}

#[test]
fn lint_db_reports_only_what_is_pending_on_mariadb() {
    pending_only_on(SqlDialect::Mysql, "mariadb");
}

#[test]
fn lint_db_reports_only_what_is_pending_on_sqlite() {
    pending_only_on(SqlDialect::Sqlite, "sqlite");
}

#[test]
fn lint_db_on_an_unreachable_server_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let o = polymig(&["lint", "--db", "postgres://u:secret@127.0.0.1:1/x", "."], dir.path());
    assert_ne!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!text(&o).contains("secret"), "the password is never printed: {}", text(&o));
}
