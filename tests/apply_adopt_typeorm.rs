//! `polymig adopt` on databases migrated by TypeORM: its `migrations(id, timestamp, name)` table
//! lists the applied migration classes; each is recorded as applied once the live schema matches
//! the replay, and `apply` then runs only the rest.
//!
//! The databases are built by polymig's own SQL for the first migration of
//! `corpus/typeorm/query_runner_api` (SQLite always, PostgreSQL and MariaDB when reachable,
//! required in CI), then given TypeORM's table in place of polymig's.

mod apply_support;

use std::path::{Path, PathBuf};

use apply_support::{TestDb, polymig, show};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/typeorm/query_runner_api/migrations")
}

const FIRST: &str = "1700000000001-Init.ts";

/// Build the first migration with polymig, then make it look like TypeORM's work.
fn built_by_polymig(db: &TestDb) {
    let part = db.dir.path().join("part");
    std::fs::create_dir_all(&part).unwrap();
    std::fs::copy(corpus().join(FIRST), part.join(FIRST)).unwrap();
    let args = ["apply", "--db", &db.url, "--from", "typeorm", part.to_str().unwrap()];
    let o = polymig(db.dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
    db.exec("DROP TABLE polymig_migrations");
    db.exec("DROP TABLE polymig_schema_version");
    db.exec("CREATE TABLE migrations (id integer NOT NULL PRIMARY KEY, timestamp bigint NOT NULL, name varchar(255) NOT NULL)");
    db.exec("INSERT INTO migrations (id, timestamp, name) VALUES (1, 1700000000001, 'Init1700000000001')");
}

#[test]
fn adopt_typeorm_migrations_table_then_apply_the_rest() {
    for db in TestDb::all() {
        built_by_polymig(&db);
        let dir = corpus();
        let o = polymig(db.dir.path(), &["adopt", "--db", &db.url, "--from", "typeorm", dir.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("adopted 1700000000001 "), "{}: {out}", db.dialect);
        assert!(!out.contains("adopted 1700000000002"), "{out}");
        assert_eq!(db.history_count(), 1);
        let args = ["apply", "--db", &db.url, "--from", "typeorm", "--format", "json", dir.to_str().unwrap()];
        let o = polymig(db.dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.lines().count() == 1 && out.contains("\"1700000000002\""), "only Tags runs: {out}");
        assert!(db.table_exists("tags"), "{}", db.dialect);
    }
}

#[test]
fn a_typeorm_row_without_a_migration_is_reported() {
    let db = TestDb::sqlite();
    built_by_polymig(&db);
    db.exec("INSERT INTO migrations (id, timestamp, name) VALUES (2, 1699999999999, 'Gone1699999999999')");
    let dir = corpus();
    let o = polymig(db.dir.path(), &["adopt", "--db", &db.url, "--from", "typeorm", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("1699999999999"), "{}", show(&o));
    assert_eq!(db.history_count(), 1);
}
