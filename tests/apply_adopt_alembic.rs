//! `polymig adopt` on databases migrated by Alembic: `alembic_version` holds the heads, the
//! imported `versions/` give the revision graph, and every ancestor of a head is recorded as
//! applied once the live schema matches their replay.
//!
//! The databases are built by polymig's own SQL for part of the history (SQLite always,
//! PostgreSQL and MariaDB when reachable, required in CI) and, when `$POLYMIG_PYTHON` has Alembic
//! and psycopg, by the real Alembic online on PostgreSQL (see `alembic_support`).

mod alembic_support;
mod apply_support;

use std::path::{Path, PathBuf};
use std::process::Output;

use alembic_support::{alembic_upgrade, harness, python};
use apply_support::{TestDb, polymig, show};

/// base1 ← left2, base1 ← right3, merge4 ← (left2, right3).
fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/alembic/merge_branches/versions")
}

/// A copy of some revision files of the corpus in `<dir>/<name>/versions`.
fn subset(dir: &Path, name: &str, files: &[&str]) -> PathBuf {
    let versions = dir.join(name).join("versions");
    std::fs::create_dir_all(&versions).unwrap();
    for f in files {
        std::fs::copy(corpus().join(f), versions.join(f)).unwrap();
    }
    versions
}

/// Build the schema of `files` with polymig, then make it look like Alembic's work: polymig's
/// history dropped, `alembic_version` holding `heads`.
fn built_by_polymig(db: &TestDb, files: &[&str], heads: &[&str]) {
    let part = subset(db.dir.path(), "part", files);
    let o = polymig(db.dir.path(), &["apply", "--db", &db.url, "--from", "alembic", part.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
    db.exec("DROP TABLE polymig_migrations");
    db.exec("DROP TABLE polymig_schema_version");
    db.exec("CREATE TABLE alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY)");
    for h in heads {
        db.exec(&format!("INSERT INTO alembic_version (version_num) VALUES ('{h}')"));
    }
}

fn adopt(db: &TestDb, extra: &[&str]) -> Output {
    let mut args = vec!["adopt", "--db", &db.url, "--from", "alembic"];
    args.extend(extra);
    let versions = corpus();
    args.push(versions.to_str().unwrap());
    polymig(db.dir.path(), &args)
}

#[test]
fn adopt_two_alembic_heads_then_apply_the_merge() {
    for db in TestDb::all() {
        built_by_polymig(&db, &["1a_base.py", "2b_left.py", "0c_right.py"], &["left2", "right3"]);
        let o = adopt(&db, &[]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        for v in ["base1", "left2", "right3"] {
            assert!(out.contains(&format!("adopted {v} ")), "{}: {out}", db.dialect);
        }
        assert!(!out.contains("adopted merge4"), "{out}");
        assert_eq!(db.history_count(), 3);
        let versions = corpus();
        let args = ["apply", "--db", &db.url, "--from", "alembic", "--format", "json", versions.to_str().unwrap()];
        let o = polymig(db.dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.lines().count() == 1 && out.contains("\"merge4\""), "only the merge runs: {out}");
    }
}

#[test]
fn adopt_one_head_marks_only_its_ancestors() {
    for db in TestDb::all() {
        built_by_polymig(&db, &["1a_base.py", "2b_left.py"], &["left2"]);
        let o = adopt(&db, &[]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("adopted base1 ") && out.contains("adopted left2 "), "{out}");
        assert!(!out.contains("adopted right3") && !out.contains("adopted merge4"), "{out}");
        assert_eq!(db.history_count(), 2);
    }
}

#[test]
fn a_schema_that_does_not_match_the_heads_is_not_adopted_unless_forced() {
    for db in TestDb::all() {
        // The database has right3's column, but Alembic records only left2.
        built_by_polymig(&db, &["1a_base.py", "2b_left.py", "0c_right.py"], &["left2"]);
        let o = adopt(&db, &[]);
        assert_eq!(o.status.code(), Some(1), "{}: {}", db.dialect, show(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("adopt-schema-mismatch") && err.contains("nothing was recorded"), "{err}");
        assert!(err.contains("a.r") || err.contains(" r"), "the extra column is named: {err}");
        assert_eq!(db.history_count(), 0, "{}: nothing recorded", db.dialect);
        let o = adopt(&db, &["--force"]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
        assert!(String::from_utf8_lossy(&o.stderr).contains("recorded anyway"), "{}", show(&o));
        assert_eq!(db.history_count(), 2);
    }
}

#[test]
fn an_unknown_alembic_head_is_reported() {
    let db = TestDb::sqlite();
    built_by_polymig(&db, &["1a_base.py"], &["base1", "ffff9999"]);
    let o = adopt(&db, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ffff9999"), "{}", show(&o));
    assert_eq!(db.history_count(), 1);
}

/// `alembic upgrade heads` run by the real Alembic on PostgreSQL, then adopted.
#[test]
fn adopt_a_database_migrated_by_the_real_alembic() {
    let Some(python) = python(&["psycopg"]) else { return };
    let Some(db) = TestDb::postgres() else { return };
    let project = harness(&corpus());
    let url = format!("postgresql+psycopg://{}", db.url.split_once("://").map_or(&*db.url, |(_, r)| r));
    if let Err(e) = alembic_upgrade(&python, project.path(), &url, false) {
        panic!("alembic upgrade heads failed: {e}");
    }
    let o = adopt(&db, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("adopted 4 migrations from alembic_version"), "{out}");
    let versions = corpus();
    let o = polymig(db.dir.path(), &["status", "--db", &db.url, "--from", "alembic", versions.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("pending"), "{}", show(&o));
}
