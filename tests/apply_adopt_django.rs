//! `polymig adopt` on databases migrated by Django: `django_migrations(app, name)` lists the
//! applied migrations, matched with the importer's ids `<app>.<name>`; the rest then runs.
//!
//! The databases are built by polymig's own SQL for part of `corpus/django/alter_ops` (SQLite
//! always, PostgreSQL and MariaDB when reachable, required in CI), then made to look like
//! Django's work: polymig's history dropped, `django_migrations` filled.

mod apply_support;

use std::path::{Path, PathBuf};
use std::process::Output;

use apply_support::{TestDb, polymig, show};

/// catalog 0001_initial ← 0002_changes ← 0003_more.
fn app() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/django/alter_ops/catalog")
}

/// `<dir>/<name>/catalog/migrations` holding some of the corpus's migration files.
fn subset(dir: &Path, name: &str, files: &[&str]) -> PathBuf {
    let root = dir.join(name);
    let migrations = root.join("catalog").join("migrations");
    std::fs::create_dir_all(&migrations).unwrap();
    for f in files {
        std::fs::copy(app().join("migrations").join(f), migrations.join(f)).unwrap();
    }
    root
}

/// Build the schema of `files` with polymig, then record `applied` the way Django does.
fn built_by_polymig(db: &TestDb, files: &[&str], applied: &[&str]) {
    let part = subset(db.dir.path(), "part", files);
    let o = polymig(db.dir.path(), &["apply", "--db", &db.url, "--from", "django", part.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
    db.exec("DROP TABLE polymig_migrations");
    db.exec("DROP TABLE polymig_schema_version");
    db.exec(
        "CREATE TABLE django_migrations (id integer NOT NULL PRIMARY KEY, app varchar(255) NOT NULL, \
         name varchar(255) NOT NULL, applied timestamp NOT NULL)",
    );
    for (i, name) in applied.iter().enumerate() {
        db.exec(&format!(
            "INSERT INTO django_migrations (id, app, name, applied) VALUES ({}, 'catalog', '{name}', CURRENT_TIMESTAMP)",
            i + 1
        ));
    }
}

fn adopt(db: &TestDb) -> Output {
    let root = app();
    polymig(db.dir.path(), &["adopt", "--db", &db.url, "--from", "django", root.to_str().unwrap()])
}

#[test]
fn adopt_django_migrations_then_apply_the_rest() {
    for db in TestDb::all() {
        built_by_polymig(&db, &["0001_initial.py", "0002_changes.py"], &["0001_initial", "0002_changes"]);
        let o = adopt(&db);
        assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        for v in ["catalog.0001_initial", "catalog.0002_changes"] {
            assert!(out.contains(&format!("adopted {v} ")), "{}: {out}", db.dialect);
        }
        assert!(!out.contains("adopted catalog.0003_more"), "{out}");
        assert_eq!(db.history_count(), 2);
        let root = app();
        let args = ["apply", "--db", &db.url, "--from", "django", "--format", "json", root.to_str().unwrap()];
        let o = polymig(db.dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.lines().count() == 1 && out.contains("catalog.0003_more"), "only 0003 runs: {out}");
    }
}
