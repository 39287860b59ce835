//! `polymig verify`: up, down, up on a scratch database, compared with the replayed history
//! (SQLite always; PostgreSQL and MariaDB when reachable, required in CI).

mod apply_support;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use apply_support::{TestDb, show};
use polymig::ir::SqlDialect;

/// Run `polymig verify [--db URL] migrations` and return its output and process id.
fn verify(cwd: &Path, db: Option<&str>, json: bool) -> (Output, u32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_polymig"));
    cmd.arg("verify").current_dir(cwd).env_remove("DATABASE_URL");
    if let Some(url) = db {
        cmd.args(["--db", url]);
    }
    if json {
        cmd.args(["--format", "json"]);
    }
    let child = cmd.arg("migrations").stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let pid = child.id();
    (child.wait_with_output().unwrap(), pid)
}

fn write(dir: &Path, files: &[(&str, &str)]) {
    let m = dir.join("migrations");
    std::fs::create_dir_all(&m).unwrap();
    for (name, sql) in files {
        std::fs::write(m.join(name), sql).unwrap();
    }
}

const HISTORY: [(&str, &str); 4] = [
    ("0001_users.sql", "CREATE TABLE users (id integer PRIMARY KEY, email varchar(100) NOT NULL);\n"),
    (
        "0002_posts.sql",
        "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer, title varchar(50) DEFAULT 'x');\n\
         CREATE INDEX posts_title_idx ON posts (title);\n",
    ),
    ("0003_seed.sql", "INSERT INTO users (id, email) VALUES (1, 'a@example.com');\n"),
    (
        "0004_name.sql",
        "ALTER TABLE users ADD COLUMN name varchar(50);\nCREATE UNIQUE INDEX users_email_key ON users (email);\n",
    ),
];

#[test]
fn a_sound_history_verifies_on_every_database() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &HISTORY);
    let (o, _) = verify(dir.path(), None, false);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("0001 users: up, down, up again") && stdout.contains("verified 4 migrations"), "{stdout}");
    assert!(
        stdout.contains("0003 seed: up (down not checked"),
        "irreversible migrations are checked up only: {stdout}"
    );
    for db in [TestDb::postgres(), TestDb::mysql()].into_iter().flatten() {
        let (o, pid) = verify(dir.path(), Some(&db.url), true);
        assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(report["divergence"].is_null(), "{report}");
        assert_eq!(report["checked"].as_array().unwrap().len(), 4);
        let scratch = format!("polymig_verify_{pid}_%");
        let left = match db.dialect {
            SqlDialect::Postgres => db.int(&format!("SELECT COUNT(*) FROM pg_database WHERE datname LIKE '{scratch}'")),
            _ => {
                db.int(&format!("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name LIKE '{scratch}'"))
            }
        };
        assert_eq!(left, 0, "{}: the scratch database must be dropped", db.dialect);
        assert!(!db.table_exists("users"), "verify never touches the database named in --db");
    }
}

#[test]
fn the_first_divergence_names_the_migration_and_operation() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = HISTORY.to_vec();
    // Kept as raw SQL: the replayed history does not know about t2, the database does.
    files.push(("0005_ctas.sql", "CREATE TABLE t2 AS SELECT 1 AS a;\n"));
    files.push(("0006_more.sql", "CREATE TABLE t3 (id integer);\n"));
    write(dir.path(), &files);
    let (o, _) = verify(dir.path(), None, false);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("DIVERGED  0005 ctas after up:") && stdout.contains("table t2: only in second"),
        "{stdout}"
    );
    assert!(!stdout.contains("0006"), "verification stops at the first divergence: {stdout}");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("migrations/0005_ctas.sql:1:1: error[verify-divergence]: operation 1 (Sql)"), "{stderr}");
}

#[test]
fn a_failing_down_script_is_a_divergence() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("0001_a.sql", "-- migrate:up\nCREATE TABLE a (id integer);\n-- migrate:down\nDROP TABLE nope;\n"),
            ("0002_b.sql", "CREATE TABLE b (id integer);\n"),
        ],
    );
    let (o, _) = verify(dir.path(), None, true);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["divergence"]["version"], "0001");
    assert_eq!(report["divergence"]["step"], "down");
    assert!(report["divergence"]["error"].as_str().unwrap().contains("nope"), "{report}");
    assert_eq!(report["checked"][0]["steps"], serde_json::json!(["up"]), "up is checked before the broken down");
}
