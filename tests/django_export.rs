//! polymig's Django exporter (`polymig::export::django`):
//!
//! * golden files: the exported `migrations/` package of a few IR histories (SQL and Alembic
//!   corpus cases) per target database, reviewed line by line (`tests/snapshots/`);
//! * the real Django: for every case and database (SQLite, PostgreSQL, MariaDB), the exported
//!   files run through Django 5.2's `migrate` on a fresh database (one Python process per
//!   database for all cases, through `tests/django_support`), and the introspected schema
//!   equals the one polymig's own SQL for the same history builds on another fresh database —
//!   names included (`django_migrations`, Django's bookkeeping table, left out). A history
//!   with Opaque operations must stop at the exported `RunPython` that raises, loudly.
//!
//! Needs `$POLYMIG_PYTHON` with Django 5, psycopg and PyMySQL; fails in CI when they or a
//! database server are missing, skips elsewhere.

mod django_support;
mod support;

use std::path::{Path, PathBuf};

use django_support::{App, Job};
use polymig::export::django::{DjangoExportOptions, render_history};
use polymig::export::sql::{ExportOptions, render_history as render_sql, to_script};
use polymig::import::{Format, ImportOptions, load};
use polymig::ir::{Migration, Op, Operation, SqlDialect};
use polymig::schema::Schema;
use polymig::schema::compare::{differences, normalize};
use support::TestDb;

/// The cases: (label, format, source dialect of SQL files, path).
const CASES: &[(&str, Format, Option<SqlDialect>, &str)] = &[
    ("app_blog", Format::Sql, Some(SqlDialect::Postgres), "corpus/sql/app_blog/input.sql"),
    ("pg_create_table_basic", Format::Sql, Some(SqlDialect::Postgres), "corpus/sql/pg_create_table_basic/input.sql"),
    ("pg_add_drop_column", Format::Sql, Some(SqlDialect::Postgres), "corpus/sql/pg_add_drop_column/input.sql"),
    ("pg_renames", Format::Sql, Some(SqlDialect::Postgres), "corpus/sql/pg_renames/input.sql"),
    ("pg_constraints_named", Format::Sql, Some(SqlDialect::Postgres), "corpus/sql/pg_constraints_named/input.sql"),
    ("indexes_portable", Format::Sql, Some(SqlDialect::Postgres), "corpus/sql/indexes_portable/input.sql"),
    ("lite_create_table", Format::Sql, Some(SqlDialect::Sqlite), "corpus/sql/lite_create_table/input.sql"),
    ("my_create_table", Format::Sql, Some(SqlDialect::Mysql), "corpus/sql/my_create_table/input.sql"),
    ("create_tables", Format::Alembic, None, "corpus/alembic/create_tables/versions"),
    ("alter_ops", Format::Alembic, None, "corpus/alembic/alter_ops/versions"),
    ("naming_convention", Format::Alembic, None, "corpus/alembic/naming_convention/versions"),
    ("enums", Format::Alembic, None, "corpus/alembic/enums/versions"),
    ("dj_create_models", Format::Django, None, "corpus/django/create_models/shop/migrations"),
    ("dj_alter_ops", Format::Django, None, "corpus/django/alter_ops/catalog/migrations"),
    ("dj_models_kinds", Format::Django, None, "corpus/django/models_kinds/zoo/migrations"),
    ("dj_squashed", Format::Django, None, "corpus/django/squashed/inventory/migrations"),
    ("dj_expressions", Format::Django, None, "corpus/django/expressions/shop/migrations"),
    ("dj_rename_m2m", Format::Django, None, "corpus/django/rename_m2m/library/migrations"),
];

/// Cases in the golden snapshots.
const GOLDEN: &[&str] = &["app_blog", "create_tables", "alter_ops"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn import(format: Format, source: Option<SqlDialect>, path: &str, target: SqlDialect) -> Vec<Migration> {
    let opts =
        ImportOptions { format: Some(format), source_dialect: source, target: Some(target), ..Default::default() };
    load(&[root().join(path)], &opts).0
}

fn export(ms: &[Migration], label: &str, dialect: SqlDialect, dir: &Path) {
    let opts = DjangoExportOptions { app_label: label.to_string(), dialect };
    let (files, _) = render_history(ms, &opts);
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("__init__.py"), "").unwrap();
    for f in files {
        std::fs::write(dir.join(f.file_name), f.text).unwrap();
    }
}

#[test]
fn golden_exports() {
    for (label, format, source, path) in CASES.iter().filter(|c| GOLDEN.contains(&c.0)) {
        for dialect in SqlDialect::ALL {
            let ms = import(*format, *source, path, dialect);
            let opts = DjangoExportOptions { app_label: "app".into(), dialect };
            let (files, diags) = render_history(&ms, &opts);
            let mut text = String::new();
            for f in &files {
                text.push_str(&format!("=== {}\n{}", f.file_name, f.text));
            }
            // Paths relative to the crate, so the snapshot does not depend on the checkout's place.
            let root = concat!(env!("CARGO_MANIFEST_DIR"), "/");
            for d in &diags {
                text.push_str(&format!("=== diagnostic: {}\n", d.to_string().replace(root, "")));
            }
            insta::assert_snapshot!(format!("{label}__{}", dialect.as_str()), text);
        }
    }
}

#[test]
fn unknown_options_are_errors() {
    let mut opts = polymig::export::FormatExportOptions::default();
    opts.options.insert("style".into(), "x".into());
    opts.options.insert("app_label".into(), "not a label".into());
    let dir = tempfile::tempdir().unwrap();
    let diags = polymig::export::django::write_dir(dir.path(), &[], &opts).unwrap();
    let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(diags.len(), 2, "{text:?}");
    assert!(diags.iter().all(|d| d.is_error()), "{text:?}");
    assert!(text.iter().any(|t| t.contains("no option `style`")), "{text:?}");
}

#[test]
fn convert_writes_a_migrations_package() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("blog").join("migrations");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_polymig"))
        .args(["convert", "--to", "django", "--dialect", "sqlite", "-o", "app_label=blog", "--out"])
        .arg(&dir)
        .arg(root().join("corpus/sql/app_blog/input.sql"))
        .output()
        .expect("run polymig");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("__init__.py")).unwrap(), "");
    let text = std::fs::read_to_string(dir.join("0001_input.py")).unwrap();
    assert!(text.contains("class Migration(migrations.Migration):"), "{text}");
    assert!(text.contains("to=\"blog.users\""), "{text}");
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_polymig"))
        .args(["convert", "--to", "django", "-o", "colour=red", "--out"])
        .arg(out.path().join("x"))
        .arg(root().join("corpus/sql/app_blog/input.sql"))
        .output()
        .expect("run polymig");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("error[unknown-option]"));
}

fn has_opaque(ops: &[Op]) -> bool {
    ops.iter().any(|op| match &op.kind {
        Operation::Opaque(_) => true,
        Operation::ByDialect(b) => b.branches.iter().any(|br| has_opaque(&br.ops)) || has_opaque(&b.otherwise),
        _ => false,
    })
}

/// The schema of `db` without Django's bookkeeping table, normalized for its dialect.
fn schema_of(db: &TestDb) -> Schema {
    let mut schema = db.introspect_blocking();
    schema.tables.retain(|_, t| t.name.name != "django_migrations");
    normalize(&schema, db.dialect)
}

fn run_dialect(python: &str, dialect: SqlDialect) -> Vec<String> {
    let mut failures = Vec::new();
    let tmp = tempfile::tempdir().unwrap();
    let mut prepared = Vec::new();
    for (label, format, source, path) in CASES {
        let ms = import(*format, *source, path, dialect);
        let dir = tmp.path().join(label).join("migrations");
        export(&ms, label, dialect, &dir);
        let Some(db) = TestDb::for_dialect(dialect) else { return failures };
        prepared.push((label, ms, dir, db));
    }
    let jobs: Vec<Job> = prepared
        .iter()
        .map(|(label, _, dir, db)| Job { database: db.name.clone(), apps: vec![App::local(label, dir)] })
        .collect();
    let results = django_support::migrate(python, dialect, &jobs);
    let mut equal = 0;
    for ((label, ms, dir, db), result) in prepared.iter().zip(results) {
        let files = || {
            let mut names: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
            names.sort();
            names.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect::<Vec<_>>().join("\n")
        };
        let opaque = ms.iter().any(|m| has_opaque(&m.up));
        match (result, opaque) {
            (Err(e), true) if e.contains("NotImplementedError: polymig could not translate") => {
                eprintln!("{label} on {}: stops at the untranslated code, as it should", dialect.as_str());
                equal += 1;
                continue;
            }
            (Ok(()), true) => {
                failures.push(format!(
                    "{label} on {}: has Opaque operations, but migrate ran to the end",
                    dialect.as_str()
                ));
                continue;
            }
            (Err(e), _) => {
                failures.push(format!("{label} on {}: Django's migrate failed:\n{e}\n{}", dialect.as_str(), files()));
                continue;
            }
            (Ok(()), false) => {}
        }
        let rendered = render_sql(ms, &ExportOptions { dialect, with_down: false, allow_lossy: true });
        let script = to_script(&rendered);
        let Some(reference) = TestDb::for_dialect(dialect) else { return failures };
        if let Err(e) = reference.exec_blocking(&script) {
            eprintln!("{label} on {}: polymig's own SQL fails ({e}); not compared", dialect.as_str());
            continue;
        }
        let diff = differences(&schema_of(&reference), &schema_of(db));
        if diff.is_empty() {
            equal += 1;
        } else {
            failures.push(format!(
                "{label} on {}: schemas differ (polymig SQL → Django):\n  {}\n{}",
                dialect.as_str(),
                diff.join("\n  "),
                files()
            ));
        }
    }
    eprintln!("{}: {equal} of {} cases equal (or stopping at untranslated code)", dialect.as_str(), CASES.len());
    failures
}

#[test]
fn exported_migrations_run_in_real_django() {
    let Some(python) = django_support::python() else { return };
    // One thread (and one Django process) per database: they wait on different servers.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = [SqlDialect::Sqlite, SqlDialect::Postgres, SqlDialect::Mysql]
            .into_iter()
            .map(|d| {
                let python = &python;
                scope.spawn(move || run_dialect(python, d))
            })
            .collect();
        runs.into_iter().flat_map(|r| r.join().expect("dialect thread")).collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
