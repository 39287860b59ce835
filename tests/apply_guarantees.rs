//! Runner guarantees on real databases: locking, non-transactional statements, timeouts,
//! backups and bad connection input (SQLite always; servers when reachable, required in CI).

mod apply_support;

use std::time::{Duration, Instant};

use apply_support::{TestDb, unit};
use polymig::apply::{self, ApplyOptions, DbOptions, DbUrl, Timeouts};
use polymig::ir::SqlDialect;
use sqlx::{AssertSqlSafe, Connection};

fn run<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

fn opts(wait_ms: u64) -> ApplyOptions {
    ApplyOptions {
        db: DbOptions { wait: Duration::from_millis(wait_ms), ..DbOptions::default() },
        ..Default::default()
    }
}

#[test]
fn postgres_concurrent_index_runs_outside_a_transaction() {
    let Some(db) = TestDb::postgres() else { return };
    let mut units = vec![
        unit("1", &["CREATE TABLE t (id int PRIMARY KEY, v int)"], None),
        unit("2", &["CREATE INDEX CONCURRENTLY t_v_idx ON t (v)"], Some(&["DROP INDEX CONCURRENTLY t_v_idx"])),
    ];
    units[1].up[0].transactional = false;
    units[1].down.as_mut().unwrap()[0].transactional = false;
    units[1].transactional = false;
    let url = DbUrl::parse(&db.url).unwrap();
    run(apply::apply(&url, &units, &opts(5000), &mut |_| {})).unwrap();
    assert_eq!(db.int("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 't_v_idx'"), 1);
    assert_eq!(db.int("SELECT COUNT(*) FROM polymig_migrations WHERE success"), 2);
    let r = polymig::apply::RollbackOptions { db: opts(5000).db, ..Default::default() };
    run(apply::rollback(&url, &units, &r, &mut |_| {})).unwrap();
    assert_eq!(db.int("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 't_v_idx'"), 0);
    assert_eq!(db.history_count(), 1);
}

#[test]
fn postgres_lock_timeout_applies_per_migration() {
    let Some(db) = TestDb::postgres() else { return };
    db.exec("CREATE TABLE busy (id int)");
    let units = vec![unit("1", &["ALTER TABLE busy ADD COLUMN v int"], None)];
    let url = DbUrl::parse(&db.url).unwrap();
    let mut o = opts(5000);
    o.db.timeouts = Timeouts { lock: Duration::from_millis(200), statement: Duration::ZERO };
    let err = run(async {
        let mut other = sqlx::PgConnection::connect(&db.url).await.unwrap();
        sqlx::raw_sql(AssertSqlSafe("BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE"))
            .execute(&mut other)
            .await
            .unwrap();
        let started = Instant::now();
        let r = apply::apply(&url, &units, &o, &mut |_| {}).await;
        assert!(started.elapsed() < Duration::from_secs(3), "lock_timeout must cut the wait short");
        r
    })
    .unwrap_err();
    assert_eq!(err.0[0].code, "migration-failed");
    assert!(err.0[0].message.contains("lock timeout"), "{}", err.0[0].message);
    assert_eq!(db.history_count(), 0);
}

#[test]
fn a_held_runner_lock_makes_others_wait_then_give_up() {
    for db in TestDb::all().into_iter().filter(|d| d.dialect != SqlDialect::Sqlite) {
        let units = vec![unit("1", &["CREATE TABLE t (id int)"], None)];
        let url = DbUrl::parse(&db.url).unwrap();
        let err = run(async {
            let hold: Box<dyn std::any::Any> = match db.dialect {
                SqlDialect::Postgres => {
                    let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
                    let key = polymig::apply::backend::postgres::advisory_key("polymig_migrations");
                    sqlx::query(AssertSqlSafe("SELECT pg_advisory_lock($1)")).bind(key).execute(&mut c).await.unwrap();
                    Box::new(c)
                }
                _ => {
                    let mut c = sqlx::MySqlConnection::connect(&db.url).await.unwrap();
                    let name = format!("polymig:{}.polymig_migrations", db.name);
                    sqlx::query(AssertSqlSafe("SELECT GET_LOCK(?, 1)")).bind(name).execute(&mut c).await.unwrap();
                    Box::new(c)
                }
            };
            let r = apply::apply(&url, &units, &opts(1000), &mut |_| {}).await;
            drop(hold);
            r
        })
        .unwrap_err();
        assert_eq!(err.0[0].code, "lock-timeout", "{}", db.dialect);
        assert!(!db.table_exists("t"));
    }
}

#[test]
fn sqlite_backup_is_a_readable_copy_taken_before_applying() {
    let db = TestDb::sqlite();
    let url = DbUrl::parse(&db.url).unwrap();
    let units = vec![unit("1", &["CREATE TABLE a (id int)"], None), unit("2", &["CREATE TABLE b (id int)"], None)];
    run(apply::apply(&url, &units[..1], &opts(5000), &mut |_| {})).unwrap();
    let dir = db.dir.path().join("backups");
    let o = ApplyOptions { backup: Some(dir.clone()), ..opts(5000) };
    let report = run(apply::apply(&url, &units, &o, &mut |_| {})).unwrap();
    let path = report.backup.expect("backup path");
    assert!(path.starts_with(&dir) && path.extension().is_some_and(|e| e == "sqlite"), "{}", path.display());
    let copy = TestDb::sqlite();
    std::fs::copy(&path, &copy.name).unwrap();
    assert!(copy.table_exists("a") && !copy.table_exists("b"), "the backup holds the state before applying");
    assert_eq!(copy.history_count(), 1);
}

#[test]
fn server_backup_uses_the_dump_tool_or_says_it_is_missing() {
    for db in TestDb::all().into_iter().filter(|d| d.dialect != SqlDialect::Sqlite) {
        let url = DbUrl::parse(&db.url).unwrap();
        let units = vec![unit("1", &["CREATE TABLE a (id int)"], None)];
        let o = ApplyOptions { backup: Some(db.dir.path().join("b")), ..opts(5000) };
        let tool = if db.dialect == SqlDialect::Postgres { vec!["pg_dump"] } else { vec!["mariadb-dump", "mysqldump"] };
        let present = std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| tool.iter().any(|t| d.join(t).is_file())));
        match run(apply::apply(&url, &units, &o, &mut |_| {})) {
            Ok(report) => {
                assert!(present);
                let text = std::fs::read_to_string(report.backup.unwrap()).unwrap();
                assert!(text.contains("polymig_migrations"), "{}: dump should include the history table", db.dialect);
            }
            Err(e) => {
                assert!(!present, "{}: {e}", db.dialect);
                assert_eq!(e.0[0].code, "backup-tool-missing");
                assert!(!db.table_exists("a"), "nothing may run when the backup fails");
            }
        }
    }
}

fn connect_error(url: &str) -> String {
    let parsed = match DbUrl::parse(url) {
        Ok(u) => u,
        Err(d) => return d.to_string(),
    };
    let units = vec![unit("1", &["CREATE TABLE a (id int)"], None)];
    let mut o = opts(1000);
    o.db.connect_timeout = Duration::from_secs(3);
    let err = run(apply::apply(&parsed, &units, &o, &mut |_| {})).unwrap_err();
    assert_eq!(err.0.len(), 1);
    err.to_string()
}

#[test]
fn bad_connection_input_is_one_redacted_line() {
    let e = connect_error("oracle://scott:tiger123@db/x");
    assert!(e.contains("unsupported database URL") && !e.contains("tiger123"), "{e}");
    let e = connect_error("postgres://bob:hunter2secret@127.0.0.1:1/app");
    assert!(e.starts_with("error[db-connect]: cannot connect to postgres://bob:***@127.0.0.1:1/app"), "{e}");
    assert!(!e.contains("hunter2secret") && !e.contains('\n'), "{e}");
    let dir = tempfile::tempdir().unwrap();
    let e = connect_error(&format!("sqlite://{}/sub/none.db", dir.path().display()));
    assert!(e.contains("cannot connect") || e.contains("unable to open"), "{e}");
    if let Some(pg) = TestDb::postgres() {
        let missing = pg.url.replace(&pg.name, "polymig_no_such_db");
        let e = connect_error(&missing);
        assert!(e.contains("does not exist") && !e.contains('\n'), "{e}");
        let wrong = pg.url.replacen("postgres@", "nosuchrole:pw-s3cr3t@", 1);
        let e = connect_error(&wrong);
        assert!(e.contains("nosuchrole") && !e.contains("pw-s3cr3t"), "{e}");
    }
    if let Some(my) = TestDb::mysql() {
        let wrong = my.url.replacen("root@", "root:wr0ngpass@", 1);
        let e = connect_error(&wrong);
        assert!(e.contains("Access denied") && !e.contains("wr0ngpass"), "{e}");
        let missing = my.url.replace(&my.name, "polymig_no_such_db");
        let e = connect_error(&missing);
        assert!(e.contains("Unknown database"), "{e}");
    }
}
