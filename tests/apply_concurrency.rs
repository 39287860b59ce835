//! Several deployers at once, and a deployer killed mid-run (SQLite always; PostgreSQL and
//! MariaDB when reachable, required in CI).

mod apply_support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use apply_support::{TestDb, show};
use polymig::ir::SqlDialect;

fn polymig(cwd: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_polymig"));
    cmd.args(args).current_dir(cwd).env_remove("DATABASE_URL");
    cmd
}

#[test]
fn eight_processes_apply_each_migration_exactly_once() {
    for db in TestDb::all() {
        let m = db.dir.path().join("migrations");
        std::fs::create_dir_all(&m).unwrap();
        for i in 1..=6 {
            std::fs::write(
                m.join(format!("{i:04}_t{i}.sql")),
                format!("CREATE TABLE t{i} (id integer);\nINSERT INTO t{i} (id) VALUES ({i});\n"),
            )
            .unwrap();
        }
        let children: Vec<_> = (0..8)
            .map(|_| {
                polymig(db.dir.path(), &["apply", "--db", &db.url, "--format", "json", "migrations"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn polymig")
            })
            .collect();
        let outputs: Vec<Output> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
        let mut applied = Vec::new();
        for o in &outputs {
            assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(o));
            for line in String::from_utf8_lossy(&o.stdout).lines() {
                let e: serde_json::Value = serde_json::from_str(line).unwrap();
                if e["result"] == "applied" {
                    applied.push(e["version"].as_str().unwrap().to_string());
                }
            }
        }
        applied.sort();
        let expected: Vec<String> = (1..=6).map(|i| format!("{i:04}")).collect();
        assert_eq!(applied, expected, "{}: each migration applied by exactly one process", db.dialect);
        assert_eq!(db.history_count(), 6);
        for i in 1..=6 {
            assert_eq!(db.int(&format!("SELECT COUNT(*) FROM t{i}")), 1, "{}: t{i} filled once", db.dialect);
        }
    }
}

/// A statement that keeps the database busy for about a second.
fn slow_sql(d: SqlDialect) -> &'static str {
    match d {
        SqlDialect::Postgres => "SELECT pg_sleep(1);",
        SqlDialect::Mysql => "SELECT SLEEP(1);",
        SqlDialect::Sqlite => {
            "INSERT INTO b (id) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1500000) \
             SELECT x FROM c;"
        }
    }
}

#[test]
fn killed_mid_apply_leaves_a_consistent_history() {
    for db in TestDb::all() {
        let m = db.dir.path().join("migrations");
        std::fs::create_dir_all(&m).unwrap();
        std::fs::write(m.join("0001_a.sql"), "CREATE TABLE a (id integer);\n").unwrap();
        std::fs::write(m.join("0002_b.sql"), format!("CREATE TABLE b (id integer);\n{}\n", slow_sql(db.dialect)))
            .unwrap();
        std::fs::write(m.join("0003_c.sql"), "CREATE TABLE c (id integer);\n").unwrap();
        let mut child = polymig(db.dir.path(), &["apply", "--db", &db.url, "--format", "json", "migrations"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(first.contains("\"0001\""), "{}: {first}", db.dialect);
        std::thread::sleep(Duration::from_millis(300));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        assert!(db.table_exists("a") && !db.table_exists("c"), "{}: killed inside 0002", db.dialect);
        let again = polymig(db.dir.path(), &["apply", "--db", &db.url, "migrations"]).output().unwrap();
        if db.dialect == SqlDialect::Mysql {
            // DDL is not transactional: 0002 is visibly dirty and blocks until repaired.
            assert_eq!(again.status.code(), Some(1), "{}", show(&again));
            assert!(String::from_utf8_lossy(&again.stderr).contains("history-dirty"), "{}", show(&again));
            assert_eq!(db.int("SELECT COUNT(*) FROM polymig_migrations WHERE success IS NULL AND version = '0002'"), 1);
            db.exec("DROP TABLE b");
            let repair = polymig(db.dir.path(), &["repair", "--db", &db.url, "--yes"]).output().unwrap();
            assert_eq!(repair.status.code(), Some(0), "{}", show(&repair));
            let last = polymig(db.dir.path(), &["apply", "--db", &db.url, "migrations"]).output().unwrap();
            assert_eq!(last.status.code(), Some(0), "{}", show(&last));
        } else {
            // The migration's transaction died with the process: nothing of 0002 is left.
            assert_eq!(again.status.code(), Some(0), "{}: {}", db.dialect, show(&again));
        }
        assert_eq!(db.history_count(), 3, "{}", db.dialect);
        assert_eq!(db.int("SELECT COUNT(*) FROM polymig_migrations WHERE success = TRUE"), 3);
        assert!(db.table_exists("b") && db.table_exists("c"));
    }
}
