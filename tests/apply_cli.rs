//! `polymig apply / status / rollback / repair` as a user runs them, on SQL migration folders,
//! against SQLite always and PostgreSQL / MariaDB when reachable (required in CI).

mod apply_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use apply_support::TestDb;
use polymig::ir::SqlDialect;

/// Run the binary in `cwd` with `DATABASE_URL` unset unless given.
fn polymig(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_polymig"));
    cmd.args(args).current_dir(cwd).env_remove("DATABASE_URL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run polymig")
}

fn out(o: &Output) -> String {
    format!("status {:?}\n--- stdout\n{}--- stderr\n{}", o.status.code(), text(&o.stdout), text(&o.stderr))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Write the standard four-migration history into `dir/migrations`.
fn write_history(dir: &Path) -> PathBuf {
    let m = dir.join("migrations");
    std::fs::create_dir_all(&m).unwrap();
    let files = [
        ("0001_create_users.sql", "CREATE TABLE users (\n  id integer PRIMARY KEY,\n  email varchar(100)\n);\n"),
        (
            "0002_posts.sql",
            "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer, title varchar(50));\n\
             CREATE INDEX posts_user_idx ON posts (user_id);\n",
        ),
        (
            "0003_seed.sql",
            "-- a data change: no down script\nINSERT INTO users (id, email) VALUES (1, 'a@example.com');\n",
        ),
        ("0004_add_name.sql", "ALTER TABLE users ADD COLUMN name varchar(50);\n"),
    ];
    for (name, sql) in files {
        std::fs::write(m.join(name), sql).unwrap();
    }
    m
}

fn apply_ok(db: &TestDb, args: &[&str]) -> String {
    let mut all = vec!["apply", "--db", &db.url];
    all.extend(args);
    all.push("migrations");
    let o = polymig(db.dir.path(), &all, &[]);
    assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, out(&o));
    text(&o.stdout)
}

fn status_json(db: &TestDb) -> (Option<i32>, serde_json::Value) {
    let o = polymig(db.dir.path(), &["status", "--db", &db.url, "--format", "json", "migrations"], &[]);
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", out(&o)));
    (o.status.code(), v)
}

fn states(v: &serde_json::Value) -> Vec<(String, String)> {
    v["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["version"].as_str().unwrap().to_string(), m["state"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn apply_twice_status_and_rollback() {
    for db in TestDb::all() {
        write_history(db.dir.path());
        let first = apply_ok(&db, &["--format", "json"]);
        let events: Vec<serde_json::Value> = first.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let versions: Vec<&str> = events.iter().map(|e| e["version"].as_str().unwrap()).collect();
        assert_eq!(versions, ["0001", "0002", "0003", "0004"], "{}: {first}", db.dialect);
        assert!(events.iter().all(|e| e["result"] == "applied" && e["ms"].is_i64() && e["name"].is_string()));
        assert_eq!(db.history_count(), 4);
        assert!(apply_ok(&db, &[]).contains("up to date"), "{}: second apply must do nothing", db.dialect);
        assert_eq!(db.int("SELECT COUNT(*) FROM users"), 1, "the seed ran once");

        let (code, v) = status_json(&db);
        assert_eq!(code, Some(0));
        assert!(states(&v).iter().all(|(_, s)| s == "applied"), "{v}");
        assert_eq!(v["summary"]["applied"], 4);

        // Roll back 0004 (inverted ADD COLUMN), then refuse 0003 (raw SQL without down).
        let o = polymig(db.dir.path(), &["rollback", "--db", &db.url, "migrations"], &[]);
        assert_eq!(o.status.code(), Some(0), "{}", out(&o));
        assert!(text(&o.stdout).contains("rolled back 0004"), "{}", out(&o));
        assert_eq!(db.history_count(), 3);
        let o = polymig(db.dir.path(), &["rollback", "--db", &db.url, "--steps", "2", "migrations"], &[]);
        assert_eq!(o.status.code(), Some(1), "{}", out(&o));
        let err = text(&o.stderr);
        assert!(err.contains("irreversible") && err.contains("0003"), "{}", out(&o));
        assert!(err.contains("0003_seed.sql:2"), "the refusal points at the source line: {err}");
        assert_eq!(db.history_count(), 3, "{}: a refused rollback changes nothing", db.dialect);
        assert!(db.table_exists("posts"));
        let (_, v) = status_json(&db);
        assert_eq!(states(&v)[3], ("0004".to_string(), "pending".to_string()));
    }
}

#[test]
fn reformatting_keeps_the_checksum_but_a_real_change_blocks() {
    for db in TestDb::all() {
        let m = write_history(db.dir.path());
        apply_ok(&db, &[]);
        std::fs::write(
            m.join("0001_create_users.sql"),
            "-- users\r\ncreate table users (id   integer primary key,\r\n\r\n    email varchar(100)) ;\r\n",
        )
        .unwrap();
        let (code, v) = status_json(&db);
        assert_eq!(code, Some(0), "{}: {v}", db.dialect);
        assert_eq!(states(&v)[0].1, "applied", "{}: reformatting must not change the checksum", db.dialect);

        std::fs::write(
            m.join("0001_create_users.sql"),
            "CREATE TABLE users (id integer PRIMARY KEY, email varchar(200));",
        )
        .unwrap();
        std::fs::write(m.join("0005_more.sql"), "CREATE TABLE more (id integer);").unwrap();
        let (code, v) = status_json(&db);
        assert_eq!(code, Some(1));
        assert_eq!(states(&v)[0].1, "checksum-mismatch", "{v}");
        let o = polymig(db.dir.path(), &["apply", "--db", &db.url, "migrations"], &[]);
        assert_eq!(o.status.code(), Some(1), "{}", out(&o));
        assert!(text(&o.stderr).contains("checksum-mismatch"), "{}", out(&o));
        assert!(!db.table_exists("more"));
        apply_ok(&db, &["--allow-changed"]);
        assert!(db.table_exists("more"));
        // repair with files records the new checksum.
        let o = polymig(db.dir.path(), &["repair", "--db", &db.url, "--yes", "migrations"], &[]);
        assert_eq!(o.status.code(), Some(0), "{}", out(&o));
        assert_eq!(status_json(&db).0, Some(0));
    }
}

#[test]
fn dry_run_prints_every_statement_and_changes_nothing() {
    for db in TestDb::all() {
        write_history(db.dir.path());
        apply_ok(&db, &["--to", "0002"]);
        let script = apply_ok(&db, &["--dry-run"]);
        let seed = script.find("INSERT INTO users").or_else(|| script.find("INSERT INTO `users`"));
        let add = script.find("ADD COLUMN");
        assert!(seed.is_some() && add.is_some() && seed < add, "{}: {script}", db.dialect);
        assert!(script.contains("VALUES ('0003'") && script.contains("VALUES ('0004'"), "{script}");
        assert!(!script.contains("VALUES ('0002'"), "0002 is applied already: {script}");
        assert!(!script.contains("CREATE TABLE IF NOT EXISTS"), "history table exists already: {script}");
        assert_eq!(db.history_count(), 2, "dry run must not apply anything");
    }
    // A fresh SQLite database: the file is not created, the history table creation is shown.
    let dir = tempfile::tempdir().unwrap();
    write_history(dir.path());
    let o = polymig(dir.path(), &["apply", "--dry-run", "migrations"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(text(&o.stdout).contains("CREATE TABLE IF NOT EXISTS \"polymig_migrations\""), "{}", out(&o));
    assert!(!dir.path().join("polymig.db").exists());
}

#[test]
fn database_url_and_the_default_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    write_history(dir.path());
    let o = polymig(dir.path(), &["apply", "--to", "0001", "migrations"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(dir.path().join("polymig.db").exists(), "default database is ./polymig.db");
    let env_db = dir.path().join("env.db");
    let url = format!("sqlite://{}", env_db.display());
    let o = polymig(dir.path(), &["apply", "migrations"], &[("DATABASE_URL", &url)]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(text(&o.stdout).contains("applied 4 migrations"), "{}", out(&o));
    let o = polymig(dir.path(), &["status", "migrations"], &[]);
    assert!(text(&o.stdout).contains("1 applied, 3 pending") || text(&o.stdout).contains("pending"), "{}", out(&o));
}

#[test]
fn failed_migration_outside_a_transaction_needs_repair() {
    for db in TestDb::all() {
        let m = write_history(db.dir.path());
        // MySQL runs every migration outside a transaction; elsewhere ask for it explicitly.
        let marker = if db.dialect == SqlDialect::Mysql { "" } else { "-- polymig:no-transaction\n" };
        std::fs::write(
            m.join("0003_seed.sql"),
            format!("{marker}CREATE TABLE half (id integer);\nINSERT INTO no_such_table VALUES (1);\n"),
        )
        .unwrap();
        let o = polymig(db.dir.path(), &["apply", "--db", &db.url, "migrations"], &[]);
        assert_eq!(o.status.code(), Some(1), "{}", out(&o));
        let err = text(&o.stderr);
        assert!(err.contains("migration-failed") && err.contains("0003_seed.sql"), "{}", out(&o));
        assert!(!err.contains('\u{1b}'));
        let (code, v) = status_json(&db);
        assert_eq!(code, Some(1));
        assert_eq!(states(&v)[2].1, "failed", "{}: {v}", db.dialect);
        std::fs::write(m.join("0003_seed.sql"), format!("{marker}CREATE TABLE IF NOT EXISTS half (id integer);\n"))
            .unwrap();
        let o = polymig(db.dir.path(), &["apply", "--db", &db.url, "migrations"], &[]);
        assert_eq!(o.status.code(), Some(1), "{}", out(&o));
        assert!(text(&o.stderr).contains("history-dirty") && text(&o.stderr).contains("repair"), "{}", out(&o));
        let o = polymig(db.dir.path(), &["repair", "--db", &db.url, "migrations"], &[]);
        assert_eq!(o.status.code(), Some(2), "repair needs --yes: {}", out(&o));
        let o = polymig(db.dir.path(), &["repair", "--db", &db.url, "--yes"], &[]);
        assert!(text(&o.stdout).contains("cleared failed record 0003"), "{}", out(&o));
        apply_ok(&db, &[]);
        assert_eq!(db.history_count(), 4);
    }
}

#[test]
fn secrets_never_appear_in_output() {
    let dir = tempfile::tempdir().unwrap();
    write_history(dir.path());
    let secret = "Pa55-w0rd-xyz";
    for url in [
        format!("postgres://someone:{secret}@127.0.0.1:1/app"),
        format!("mysql://someone:{secret}@127.0.0.1:1/app"),
        format!("redis://someone:{secret}@127.0.0.1/0"),
    ] {
        for args in [vec!["apply", "--db", &url, "migrations"], vec!["status", "--db", &url, "migrations"]] {
            let o = polymig(dir.path(), &args, &[]);
            assert_ne!(o.status.code(), Some(0), "{}", out(&o));
            let all = out(&o);
            assert!(!all.contains(secret), "{all}");
            assert_eq!(text(&o.stderr).lines().count(), 1, "one clear line: {all}");
        }
        let o = polymig(dir.path(), &["apply", "migrations"], &[("DATABASE_URL", &url)]);
        assert!(!out(&o).contains(secret) && out(&o).contains("***"), "{}", out(&o));
    }
    // A password the server ignores (trust authentication): the redacted URL is printed, never the password.
    if let Some(pg) = TestDb::postgres() {
        let url = pg.url.replacen("postgres@", &format!("postgres:{secret}@"), 1);
        for args in [vec!["apply", "--db", &url, "migrations"], vec!["status", "--db", &url, "migrations"]] {
            let o = polymig(dir.path(), &args, &[]);
            assert_eq!(o.status.code(), Some(0), "{}", out(&o));
            assert!(!out(&o).contains(secret) && out(&o).contains("postgres:***@"), "{}", out(&o));
        }
    }
}

#[test]
fn sqlite_table_rebuild_runs_in_one_transaction_with_foreign_keys_checked() {
    let db = TestDb::sqlite();
    let m = db.dir.path().join("migrations");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(
        m.join("0001_init.sql"),
        "CREATE TABLE parent (id integer PRIMARY KEY, name varchar(20));\n\
         CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent (id) ON DELETE CASCADE);\n\
         INSERT INTO parent VALUES (1, 'a');\nINSERT INTO child VALUES (10, 1);\n",
    )
    .unwrap();
    // The rebuild of `parent` switches foreign keys off; the second statement fails.
    let rebuild = "ALTER TABLE parent ALTER COLUMN name SET NOT NULL;\n";
    std::fs::write(m.join("0002_nn.sql"), format!("{rebuild}INSERT INTO nowhere VALUES (1);\n")).unwrap();
    let apply = |extra: &[&str]| {
        let mut args = vec!["apply", "--db", &db.url, "--source-dialect", "postgres"];
        args.extend(extra);
        args.push("migrations");
        polymig(db.dir.path(), &args, &[])
    };
    let o = apply(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(text(&o.stderr).contains("nothing was changed"), "the rebuild ran inside the transaction: {}", out(&o));
    let (_, v) = status_json(&db);
    assert_eq!(states(&v)[1].1, "pending", "no dirty record: {v}");
    assert_eq!(db.int("SELECT \"notnull\" FROM pragma_table_info('parent') WHERE name = 'name'"), 0);

    // A rebuild that would leave an orphan row fails the foreign key check and is rolled back.
    std::fs::write(m.join("0002_nn.sql"), format!("{rebuild}INSERT INTO child VALUES (11, 99);\n")).unwrap();
    let o = apply(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(text(&o.stderr).contains("foreign-key-violation") && text(&o.stderr).contains("child"), "{}", out(&o));
    assert_eq!(db.int("SELECT COUNT(*) FROM child"), 1);

    std::fs::write(m.join("0002_nn.sql"), rebuild).unwrap();
    let o = apply(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert_eq!(db.int("SELECT COUNT(*) FROM child"), 1, "ON DELETE CASCADE must not fire during the rebuild");
    assert_eq!(db.int("SELECT \"notnull\" FROM pragma_table_info('parent') WHERE name = 'name'"), 1);
}
