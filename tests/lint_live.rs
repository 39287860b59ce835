//! `polymig lint --db URL` against live PostgreSQL and MariaDB (and SQLite): the engine and
//! version come from the server, and only the migrations still pending there are reported,
//! while the applied ones still build the state the rules look at.

mod support;

use std::path::Path;
use std::process::Output;

use polymig::ir::SqlDialect;
use support::TestDb;

fn polymig(args: &[&str], cwd: &Path) -> Output {
    support::polymig_in(cwd, args)
}

fn text(o: &Output) -> String {
    support::output_text(o)
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

/// The findings of `lint --db` over `db/` in `d`, as `(rule, migration, file, line)`.
fn live_findings(d: &Path, url: &str) -> Vec<(String, String, String, u64)> {
    let o = polymig(&["lint", "--db", url, "--format", "json", "db"], d);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
    let s = |x: &serde_json::Value| x.as_str().unwrap().to_string();
    let findings = v["findings"].as_array().unwrap().iter();
    findings
        .map(|f| (s(&f["rule"]), s(&f["migration"]), s(&f["span"]["file"]), f["span"]["line"].as_u64().unwrap()))
        .collect()
}

/// J1 `non-linear-history`: 0001 and 0003 are applied, then a branch brings 0002. `lint --db`
/// reports 0002 at line 1 of its file, naming 0003; `apply` then runs it out of order, as the
/// message says. A linear history (0001 applied, 0002 and 0003 pending) gets no such finding.
fn non_linear_on(dialect: SqlDialect, engine: &str) {
    let Some(db) = TestDb::for_dialect(dialect) else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("db")).unwrap();
    let setup = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/lint/setup/0001_setup.sql");
    std::fs::copy(setup, d.join("db/0001_setup.sql")).unwrap();
    std::fs::write(d.join("db/0003_rename_status.sql"), "ALTER TABLE users RENAME COLUMN status TO state;\n").unwrap();
    let o = polymig(&["apply", "--db", &db.url, "db"], d);
    assert_eq!(o.status.code(), Some(0), "{engine}: {}", text(&o));
    std::fs::write(
        d.join("db/0002_tags_note.sql"),
        "-- from a branch merged late\nALTER TABLE tags ADD COLUMN note text;\n",
    )
    .unwrap();

    let j1: Vec<_> = live_findings(d, &db.url).into_iter().filter(|f| f.0 == "non-linear-history").collect();
    assert_eq!(j1.len(), 1, "{engine}: {j1:?}");
    let (_, migration, file, line) = &j1[0];
    assert_eq!((migration.as_str(), line), ("0002", &1), "{engine}");
    assert!(file.ends_with("db/0002_tags_note.sql"), "{engine}: {file}");
    let o = polymig(&["lint", "--db", &db.url, "db"], d);
    let out = text(&o);
    assert!(out.contains("sorts before 0003 (rename_status)") && out.contains("out of order"), "{engine}: {out}");
    assert_eq!(o.status.code(), Some(0), "{engine}: a warning: {out}");

    // What the message says: apply runs the older migration now, after 0003.
    let o = polymig(&["apply", "--db", &db.url, "--format", "json", "db"], d);
    assert_eq!(o.status.code(), Some(0), "{engine}: {}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("\"0002\""), "{engine}: {}", text(&o));
    assert!(live_findings(d, &db.url).is_empty(), "{engine}: nothing pending, nothing to report");

    let Some(db) = TestDb::for_dialect(dialect) else { return };
    std::fs::remove_file(d.join("db/0002_tags_note.sql")).unwrap();
    std::fs::remove_file(d.join("db/0003_rename_status.sql")).unwrap();
    let o = polymig(&["apply", "--db", &db.url, "db"], d);
    assert_eq!(o.status.code(), Some(0), "{engine}: {}", text(&o));
    std::fs::write(d.join("db/0002_tags_note.sql"), "ALTER TABLE tags ADD COLUMN note text;\n").unwrap();
    std::fs::write(d.join("db/0003_rename_status.sql"), "ALTER TABLE users RENAME COLUMN status TO state;\n").unwrap();
    let linear = live_findings(d, &db.url);
    assert!(linear.iter().all(|f| f.0 != "non-linear-history"), "{engine}: {linear:?}");
    assert!(
        linear.iter().any(|f| f.1 == "0003" && f.0 == "rename-column"),
        "{engine}: pending ones are linted: {linear:?}"
    );
}

#[test]
fn non_linear_history_on_sqlite() {
    non_linear_on(SqlDialect::Sqlite, "sqlite");
}

#[test]
fn non_linear_history_on_postgres() {
    non_linear_on(SqlDialect::Postgres, "postgres");
}

#[test]
fn non_linear_history_on_mariadb() {
    non_linear_on(SqlDialect::Mysql, "mariadb");
}

#[test]
fn lint_db_on_an_unreachable_server_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let o = polymig(&["lint", "--db", "postgres://u:secret@127.0.0.1:1/x", "."], dir.path());
    assert_ne!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!text(&o).contains("secret"), "the password is never printed: {}", text(&o));
}
