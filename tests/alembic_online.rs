//! polymig's exported Alembic files, run by the real Alembic online: for every
//! `corpus/alembic/<case>/`, the case is imported, exported again as an Alembic versions directory
//! (`polymig::export::alembic`), and `alembic upgrade heads` runs it on a fresh PostgreSQL database
//! through `postgresql+psycopg`. Its introspected schema must equal the one that polymig's own
//! PostgreSQL SQL for the case (`polymig convert --dialect postgres`) gives on another fresh database
//! (`alembic_version`, Alembic's bookkeeping table, left out).
//!
//! Cases with Opaque operations export a `raise NotImplementedError(...)` where polymig could not
//! translate the code, so Alembic must stop there: the test asserts that it does, loudly.
//!
//! Needs `$POLYMIG_PYTHON` with `alembic`, `sqlalchemy` 2 and `psycopg` (see `alembic_support`);
//! fails in CI when they are missing, skips elsewhere.

mod alembic_support;
mod support;

use std::path::Path;

use alembic_support::{alembic_upgrade, cases, harness, polymig_sql, python};
use polymig::export::alembic::{render_history, write_dir};
use polymig::import::{Format, ImportOptions, load};
use polymig::ir::{Migration, Op, Operation, SqlDialect};
use polymig::schema::Schema;
use polymig::schema::compare::{differences, normalize};
use support::TestDb;

/// The case imported with no target (dialect branches kept) and written as Alembic files into `dir`.
fn export(case: &Path, dir: &Path) -> Vec<Migration> {
    let opts =
        ImportOptions { format: Some(Format::Alembic), source_dialect: None, target: None, ..Default::default() };
    let (ms, _) = load(&[case.join("versions")], &opts);
    write_dir(dir, &render_history(&ms)).expect("write revisions");
    ms
}

fn has_opaque(ops: &[Op]) -> bool {
    ops.iter().any(|op| match &op.kind {
        Operation::Opaque(_) => true,
        Operation::ByDialect(b) => b.branches.iter().any(|br| has_opaque(&br.ops)) || has_opaque(&b.otherwise),
        _ => false,
    })
}

/// The normalized schema of `db`, without `alembic_version`.
fn schema_of(db: &TestDb) -> Schema {
    let mut schema = db.introspect_blocking();
    schema.tables.retain(|_, t| t.name.name != "alembic_version");
    normalize(&schema, SqlDialect::Postgres)
}

/// `postgres://…` → `postgresql+psycopg://…` for SQLAlchemy.
fn sqlalchemy_url(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    format!("postgresql+psycopg://{rest}")
}

#[test]
fn exported_alembic_runs_online_like_polymig_sql() {
    let Some(python) = python(&["psycopg"]) else { return };
    let cases = cases();
    assert!(cases.len() >= 8, "the corpus went missing");
    let mut failures = Vec::new();
    let mut compared = 0;
    for case in &cases {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case").to_string();
        let exported = tempfile::tempdir().expect("temp dir");
        let ms = export(case, &exported.path().join("versions"));
        let opaque = ms.iter().any(|m| has_opaque(&m.up));
        let project = harness(&exported.path().join("versions"));
        let Some(alembic_db) = TestDb::postgres() else { return };
        let run = alembic_upgrade(&python, project.path(), &sqlalchemy_url(&alembic_db.url), false);
        match (run, opaque) {
            (Err(err), true) if err.contains("NotImplementedError: polymig could not translate") => {
                eprintln!("{name}: stops at the untranslated code, as it should");
                continue;
            }
            (Ok(_), true) => {
                failures.push(format!("{name}: has Opaque operations, but the exported revisions ran to the end"));
                continue;
            }
            (Err(err), _) => {
                failures.push(format!("{name}: alembic upgrade failed on the exported revisions:\n{err}"));
                continue;
            }
            (Ok(_), false) => {}
        }
        let expected = schema_of(&alembic_db);
        let Some(polymig_db) = TestDb::postgres() else { return };
        let ours = polymig_sql(&case.join("versions"), SqlDialect::Postgres);
        if let Err(e) = polymig_db.exec_each_blocking(&ours) {
            failures.push(format!("{name}: polymig's SQL failed on PostgreSQL: {e}\n{ours}"));
            continue;
        }
        let diff = differences(&expected, &schema_of(&polymig_db));
        if diff.is_empty() {
            compared += 1;
        } else {
            failures.push(format!(
                "{name}: schemas differ (exported Alembic → polymig SQL):\n  {}\n-- polymig:\n{ours}",
                diff.join("\n  ")
            ));
        }
    }
    eprintln!("{compared} cases equal");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
