//! `polymig adopt` on databases migrated by the real ORMs: Django 5.2 `migrate`
//! (`django_migrations`), ActiveRecord 6.1 (`schema_migrations`) and TypeORM 1.1
//! (`migrations`), each on a fresh PostgreSQL database and run on a corpus case. polymig must
//! recognise the ledger, find every migration applied, check that the live schema matches its
//! own replay, record them, and then have nothing pending. (Alembic's online adoption is in
//! `apply_adopt_alembic.rs`. Prisma's engine here is the wasm `diff` only: it never applies
//! migrations or writes `_prisma_migrations`, so that ledger is tested with rows written by hand
//! in `apply_adopt.rs`.)

mod django_support;
mod rails_support;
mod support;
mod typeorm_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use polymig::ir::SqlDialect;
use support::TestDb;

fn corpus(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(path)
}

fn polymig(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_polymig")).args(args).output().expect("run polymig")
}

fn show(o: &Output) -> String {
    format!("stdout:\n{}\nstderr:\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Adopt `source` (read as `format`) on `db`, then check `status` has everything applied.
fn adopt_and_check(db: &TestDb, format: &str, source: &Path, ledger: &str, expected: usize) {
    let src = source.to_str().unwrap();
    let o = polymig(&["adopt", "--db", &db.url, "--from", format, src]);
    assert_eq!(o.status.code(), Some(0), "{format}: {}", show(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains(ledger), "{format}: the ledger is named: {out}");
    let o = polymig(&["status", "--db", &db.url, "--from", format, "--format", "json", src]);
    assert_eq!(o.status.code(), Some(0), "{format}: {}", show(&o));
    let status: serde_json::Value = serde_json::from_slice(&o.stdout).expect("status JSON");
    let entries = status.as_array().or_else(|| status["migrations"].as_array()).expect("status entries");
    let applied = entries.iter().filter(|e| e["state"] == "applied").count();
    assert_eq!(applied, expected, "{format}: every migration recorded as applied: {status}");
    assert!(entries.iter().all(|e| e["state"] == "applied"), "{format}: nothing pending: {status}");
    let o = polymig(&["apply", "--db", &db.url, "--from", format, src]);
    assert_eq!(o.status.code(), Some(0), "{format}: {}", show(&o));
}

#[test]
fn adopts_a_database_migrated_by_real_django() {
    let Some(python) = django_support::python() else { return };
    let Some(db) = TestDb::postgres() else { return };
    let case = corpus("django/create_models");
    let jobs = [django_support::Job { database: db.name.clone(), apps: django_support::apps_in(&case) }];
    let result = django_support::migrate(&python, SqlDialect::Postgres, &jobs).remove(0);
    result.unwrap_or_else(|e| panic!("Django's migrate failed: {e}"));
    let files = std::fs::read_dir(case.join("shop/migrations")).unwrap().filter_map(Result::ok);
    let count = files.filter(|e| e.path().extension().is_some_and(|x| x == "py")).count();
    let count = count - usize::from(case.join("shop/migrations/__init__.py").exists());
    adopt_and_check(&db, "django", &case, "django_migrations", count);
}

#[test]
fn adopts_a_database_migrated_by_real_activerecord() {
    let Some(ar) = rails_support::active_record() else { return };
    let Some(db) = TestDb::postgres() else { return };
    let dir = corpus("rails/create_tables/db/migrate");
    let job = rails_support::Job { dialect: SqlDialect::Postgres, database: &db.name, dir: &dir, down: false };
    ar.migrate(&[job]).remove(0).unwrap_or_else(|e| panic!("ActiveRecord failed: {e}"));
    let count = std::fs::read_dir(&dir).unwrap().filter_map(Result::ok).count();
    adopt_and_check(&db, "rails", &dir, "schema_migrations", count);
}

#[test]
fn adopts_a_database_migrated_by_real_typeorm() {
    let Some(modules) = typeorm_support::typeorm_modules() else { return };
    let Some(db) = TestDb::postgres() else { return };
    let dir = corpus("typeorm/generated_postgres/migrations");
    let job = typeorm_support::Job { dir: dir.clone(), database: db.name.clone() };
    typeorm_support::run_typeorm(&modules, SqlDialect::Postgres, &[job])
        .remove(0)
        .unwrap_or_else(|e| panic!("TypeORM failed: {e}"));
    let count = std::fs::read_dir(&dir).unwrap().filter_map(Result::ok).count();
    adopt_and_check(&db, "typeorm", &dir, "migrations", count);
}
