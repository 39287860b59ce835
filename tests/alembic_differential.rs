//! Differential tests against the real Alembic: for every `corpus/alembic/<case>/` and every
//! dialect, the SQL that `alembic upgrade heads --sql` (offline mode, Alembic 1.x + SQLAlchemy 2.x)
//! renders is applied to one fresh database, the SQL of `polymig convert --from alembic --dialect …`
//! to another, and the two introspected schemas must be equal once normalized for the dialect
//! (`alembic_version`, Alembic's own bookkeeping table, is left out).
//!
//! The Python interpreter is `$POLYMIG_PYTHON` (default `python3`); it must import `alembic` and
//! `sqlalchemy`. When it cannot, the test fails in CI (`CI` set) and is skipped elsewhere with the
//! reason printed. The harness (alembic.ini, env.py, script.py.mako, see `alembic_support`) is
//! written into a temporary directory next to a copy of the case's `versions/`.
//!
//! Where the real Alembic (or the database) cannot do what a case asks, [`LIMITS`] says so per case
//! and dialect, and the test asserts that the limitation still holds, so a fixed Alembic shows up.

mod alembic_support;
mod support;

use alembic_support::{alembic_upgrade, cases, harness, polymig_sql, python};
use polymig::ir::SqlDialect;
use polymig::schema::Schema;
use polymig::schema::compare::{differences, normalize};
use support::TestDb;

/// Where a case cannot be compared, and why.
#[derive(Clone, Copy)]
enum Limit {
    /// `alembic upgrade --sql` itself fails; the text is part of its error output.
    AlembicFails(&'static str),
    /// Alembic renders SQL, but the database refuses it; the text is part of the database error.
    DatabaseRefuses(&'static str),
}

/// Known limitations: (case, dialect, limit, explanation).
const LIMITS: &[(&str, SqlDialect, Limit, &str)] = &[
    (
        "alter_ops",
        SqlDialect::Sqlite,
        Limit::AlembicFails("No support for ALTER of constraints in SQLite dialect"),
        "Alembic refuses op.create_foreign_key / create_unique_constraint / create_check_constraint on \
         SQLite outside batch mode; polymig rebuilds the table instead (see the sqlite snapshot)",
    ),
    (
        "alter_ops",
        SqlDialect::Mysql,
        Limit::DatabaseRefuses("near 'name))"),
        "MariaDB has no expression indexes: op.create_index(..., [sa.text(\"lower(name)\")]) fails on \
         the server for Alembic's SQL and polymig's alike (MySQL 8 accepts it)",
    ),
    (
        "naming_convention",
        SqlDialect::Sqlite,
        Limit::AlembicFails("No support for ALTER of constraints in SQLite dialect"),
        "Alembic refuses op.create_unique_constraint outside batch mode on SQLite; polymig rebuilds the \
         table instead",
    ),
    (
        "more_directives",
        SqlDialect::Sqlite,
        Limit::AlembicFails("No support for ALTER of constraints in SQLite dialect"),
        "Alembic refuses op.create_primary_key outside batch mode on SQLite; polymig rebuilds the table \
         instead",
    ),
    (
        "batch",
        SqlDialect::Sqlite,
        Limit::AlembicFails("batch mode with dialect sqlite requires a live database connection"),
        "offline, Alembic's batch mode on SQLite needs copy_from=Table(...) to avoid reflection; \
         polymig replays the table from its own history instead",
    ),
    (
        "enums",
        SqlDialect::Mysql,
        Limit::AlembicFails("can't render element of type"),
        "postgresql.ENUM(...).create(bind) cannot be compiled for MySQL; polymig renders the column as \
         an inline ENUM(...) and drops the CREATE TYPE",
    ),
];

/// Differences the comparison tolerates: (case, dialect, difference, explanation). (Empty since
/// polymig's SQLite `timestamptz` reads back as a zoned timestamp, like Alembic's DATETIME.)
const KNOWN_DIFFERENCES: &[(&str, SqlDialect, &str, &str)] = &[];

/// Cases the real Alembic cannot run on any dialect, and why.
const NOT_RUNNABLE: &[(&str, &str, &str)] = &[
    ("broken_file", "SyntaxError", "the revision file does not parse; polymig keeps the rest of the file"),
    (
        "opaque_data",
        "NameError",
        "ORM code that refers to an undefined model class; polymig keeps it as Opaque operations",
    ),
];

fn limit_for(case: &str, dialect: SqlDialect) -> Option<(Limit, &'static str)> {
    if let Some((_, needle, why)) = NOT_RUNNABLE.iter().find(|(c, ..)| *c == case) {
        return Some((Limit::AlembicFails(needle), why));
    }
    LIMITS.iter().find(|(c, d, ..)| *c == case && *d == dialect).map(|(_, _, l, why)| (*l, *why))
}

fn alembic_url(dialect: SqlDialect) -> &'static str {
    match dialect {
        SqlDialect::Postgres => "postgresql://",
        SqlDialect::Mysql => "mysql://",
        SqlDialect::Sqlite => "sqlite://",
    }
}

/// The schema after `sql` ran on a fresh database, without `alembic_version`.
fn schema_after(dialect: SqlDialect, sql: &str) -> Option<Result<Schema, String>> {
    let db = TestDb::for_dialect(dialect)?;
    if let Err(e) = db.exec_each_blocking(sql) {
        return Some(Err(e));
    }
    let mut schema = db.introspect_blocking();
    schema.tables.retain(|_, t| t.name.name != "alembic_version");
    Some(Ok(normalize(&schema, dialect)))
}

#[test]
fn polymig_sql_matches_real_alembic() {
    let Some(python) = python(&[]) else { return };
    let cases = cases();
    assert!(cases.len() >= 8, "the corpus went missing");
    let mut failures = Vec::new();
    let mut compared = 0;
    for case in &cases {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case").to_string();
        let project = harness(&case.join("versions"));
        for dialect in [SqlDialect::Postgres, SqlDialect::Mysql, SqlDialect::Sqlite] {
            let label = format!("{name} on {dialect}");
            let limit = limit_for(&name, dialect);
            let reference = alembic_upgrade(&python, project.path(), alembic_url(dialect), true);
            let reference = match (reference, limit) {
                (Err(err), Some((Limit::AlembicFails(needle), why))) if err.contains(needle) => {
                    eprintln!("{label}: not compared, Alembic cannot do it: {why}");
                    continue;
                }
                (Err(err), _) => {
                    failures.push(format!("{label}: alembic failed:\n{err}"));
                    continue;
                }
                (Ok(_), Some((Limit::AlembicFails(needle), _))) => {
                    failures.push(format!("{label}: expected Alembic to fail with `{needle}`, but it succeeded"));
                    continue;
                }
                (Ok(sql), _) => sql,
            };
            let Some(expected) = schema_after(dialect, &reference) else { continue };
            let expected = match (expected, limit) {
                (Err(err), Some((Limit::DatabaseRefuses(needle), why))) if err.contains(needle) => {
                    let ours = schema_after(dialect, &polymig_sql(&case.join("versions"), dialect));
                    if let Some(Ok(_)) = ours {
                        eprintln!("{label}: the database refuses Alembic's SQL but accepts polymig's");
                    }
                    eprintln!("{label}: not compared, the database refuses it: {why}");
                    continue;
                }
                (Err(err), _) => {
                    failures.push(format!("{label}: Alembic's SQL failed on the database: {err}\n{reference}"));
                    continue;
                }
                (Ok(_), Some((Limit::DatabaseRefuses(needle), _))) => {
                    failures.push(format!("{label}: expected the database to refuse `{needle}`, but it accepted"));
                    continue;
                }
                (Ok(schema), _) => schema,
            };
            let ours = polymig_sql(&case.join("versions"), dialect);
            let actual = match schema_after(dialect, &ours) {
                Some(Ok(schema)) => schema,
                Some(Err(err)) => {
                    failures.push(format!("{label}: polymig's SQL failed on the database: {err}\n{ours}"));
                    continue;
                }
                None => continue,
            };
            let mut diff = differences(&expected, &actual);
            diff.retain(|d| {
                let known = KNOWN_DIFFERENCES.iter().find(|(c, dl, text, _)| *c == name && *dl == dialect && d == text);
                if let Some((.., why)) = known {
                    eprintln!("{label}: tolerated difference `{d}`: {why}");
                }
                known.is_none()
            });
            if diff.is_empty() {
                compared += 1;
            } else {
                failures.push(format!(
                    "{label}: schemas differ (Alembic → polymig):\n  {}\n-- alembic:\n{reference}\n-- polymig:\n{ours}",
                    diff.join("\n  ")
                ));
            }
        }
    }
    eprintln!("{compared} case/dialect pairs equal");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
