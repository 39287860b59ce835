//! `polymig adopt`: taking over databases migrated by dbmate, golang-migrate and sqlx
//! (SQLite always; PostgreSQL and MariaDB when reachable, required in CI).

mod apply_support;

use apply_support::{TestDb, polymig, show};

/// Three migrations; the first two already ran by hand (as another tool would have run them).
fn setup(db: &TestDb) {
    let m = db.dir.path().join("migrations");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("0001_a.sql"), "CREATE TABLE a (id integer);\n").unwrap();
    std::fs::write(m.join("0002_b.sql"), "CREATE TABLE b (id integer);\n").unwrap();
    std::fs::write(m.join("0003_c.sql"), "CREATE TABLE c (id integer);\n").unwrap();
    db.exec("CREATE TABLE a (id integer)");
    db.exec("CREATE TABLE b (id integer)");
}

fn adopt_then_apply(db: &TestDb, extra: &[&str]) {
    let mut args = vec!["adopt", "--db", &db.url];
    args.extend(extra);
    args.push("migrations");
    let o = polymig(db.dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("adopted 0001") && out.contains("adopted 0002") && !out.contains("adopted 0003"), "{out}");
    assert_eq!(db.history_count(), 2);
    let o = polymig(db.dir.path(), &["apply", "--db", &db.url, "--format", "json", "migrations"]);
    assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out.lines().count(), 1, "only 0003 runs: {out}");
    assert!(out.contains("\"0003\"") && db.table_exists("c"));
    let o = polymig(db.dir.path(), &["adopt", "--db", &db.url, "migrations"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("adopted 0 migrations"),
        "adopting twice is harmless: {}",
        show(&o)
    );
}

#[test]
fn adopt_a_dbmate_database() {
    for db in TestDb::all() {
        setup(&db);
        db.exec("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)");
        db.exec("INSERT INTO schema_migrations (version) VALUES ('0001'), ('0002'), ('0099')");
        adopt_then_apply(&db, &[]);
        let o = polymig(db.dir.path(), &["adopt", "--db", &db.url, "migrations"]);
        assert!(String::from_utf8_lossy(&o.stderr).contains("0099"), "unknown versions are reported: {}", show(&o));
    }
}

#[test]
fn adopt_a_golang_migrate_database() {
    for db in TestDb::all() {
        setup(&db);
        db.exec("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)");
        db.exec("INSERT INTO schema_migrations (version, dirty) VALUES (2, TRUE)");
        let o = polymig(db.dir.path(), &["adopt", "--db", &db.url, "migrations"]);
        assert_eq!(o.status.code(), Some(1), "{}", show(&o));
        assert!(String::from_utf8_lossy(&o.stderr).contains("adopt-dirty"), "{}", show(&o));
        db.exec("UPDATE schema_migrations SET dirty = FALSE");
        adopt_then_apply(&db, &["--from-table", "schema_migrations"]);
    }
}

#[test]
fn adopt_an_sqlx_database() {
    for db in TestDb::all() {
        setup(&db);
        db.exec(
            "CREATE TABLE _sqlx_migrations (version bigint PRIMARY KEY, description text, success boolean NOT NULL)",
        );
        db.exec("INSERT INTO _sqlx_migrations VALUES (1, 'a', TRUE), (2, 'b', TRUE), (3, 'c', FALSE)");
        adopt_then_apply(&db, &[]);
    }
}
