//! Differential tests against the real Alembic: for every `corpus/alembic/<case>/` and every
//! dialect, the SQL that `alembic upgrade heads --sql` (offline mode, Alembic 1.x + SQLAlchemy 2.x)
//! renders is applied to one fresh database, the SQL of `polymig convert --from alembic --dialect …`
//! to another, and the two introspected schemas must be equal once normalized for the dialect
//! (`alembic_version`, Alembic's own bookkeeping table, is left out).
//!
//! The Python interpreter is `$POLYMIG_PYTHON` (default `python3`); it must import `alembic` and
//! `sqlalchemy`. When it cannot, the test fails in CI (`CI` set) and is skipped elsewhere with the
//! reason printed. The harness (alembic.ini, env.py, script.py.mako) is written by the test into a
//! temporary directory next to a copy of the case's `versions/`.
//!
//! Where the real Alembic (or the database) cannot do what a case asks, [`LIMITS`] says so per case
//! and dialect, and the test asserts that the limitation still holds, so a fixed Alembic shows up.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

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

/// Differences the comparison tolerates: (case, dialect, difference, explanation).
const KNOWN_DIFFERENCES: &[(&str, SqlDialect, &str, &str)] = &[(
    "create_tables",
    SqlDialect::Sqlite,
    "table users: column created_at: type: native text vs native numeric",
    "sa.DateTime(timezone=True) is DATETIME from Alembic and timestamptz from polymig; SQLite gives both \
     NUMERIC affinity, but polymig's normalizer files DATETIME under text and timestamptz under numeric",
)];

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

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/alembic");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("corpus/alembic")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("versions").is_dir())
        .collect();
    out.sort();
    out
}

/// The interpreter named by `POLYMIG_PYTHON`, if it can import Alembic and SQLAlchemy 2.
fn python() -> Option<String> {
    let python = std::env::var("POLYMIG_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let probe = "import alembic, sqlalchemy; assert sqlalchemy.__version__.startswith('2.'); \
                 print(alembic.__version__, sqlalchemy.__version__)";
    let reason = match Command::new(&python).args(["-c", probe]).output() {
        Ok(out) if out.status.success() => {
            eprintln!("alembic/sqlalchemy {}", String::from_utf8_lossy(&out.stdout).trim());
            return Some(python);
        }
        Ok(out) => String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("").to_string(),
        Err(e) => e.to_string(),
    };
    let msg = format!(
        "{python} cannot import alembic and sqlalchemy 2.x ({reason}); install them with \
         `pip install 'alembic>=1.13,<2' 'sqlalchemy>=2,<3'` or point POLYMIG_PYTHON at an interpreter that has them"
    );
    if std::env::var_os("CI").is_some() {
        panic!("{msg}; CI is set, so the differential tests must not be skipped");
    }
    eprintln!("skipping: {msg}");
    None
}

const ALEMBIC_INI: &str = "\
[alembic]
script_location = {dir}
version_locations = {dir}/versions

[loggers]
keys = root
[handlers]
keys = console
[formatters]
keys = generic
[logger_root]
level = WARNING
handlers = console
[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic
[formatter_generic]
format = %(levelname)s [%(name)s] %(message)s
";

/// Offline only: SQL for the dialect of `$POLYMIG_ALEMBIC_URL` goes to stdout.
const ENV_PY: &str = r#""""polymig differential-test harness: offline rendering for $POLYMIG_ALEMBIC_URL."""
import os

from alembic import context

url = os.environ["POLYMIG_ALEMBIC_URL"]
context.configure(url=url, target_metadata=None, literal_binds=True, dialect_opts={"paramstyle": "named"})
with context.begin_transaction():
    context.run_migrations()
"#;

const SCRIPT_MAKO: &str = r#""""${message}"""
from alembic import op
import sqlalchemy as sa

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
"#;

/// A temporary Alembic project holding a copy of `versions`.
fn harness(versions: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(root.join("alembic.ini"), ALEMBIC_INI.replace("{dir}", &root.display().to_string())).unwrap();
    std::fs::write(root.join("env.py"), ENV_PY).unwrap();
    std::fs::write(root.join("script.py.mako"), SCRIPT_MAKO).unwrap();
    std::fs::create_dir(root.join("versions")).unwrap();
    for entry in std::fs::read_dir(versions).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "py") {
            std::fs::copy(&path, root.join("versions").join(entry.file_name())).unwrap();
        }
    }
    dir
}

fn alembic_url(dialect: SqlDialect) -> &'static str {
    match dialect {
        SqlDialect::Postgres => "postgresql://",
        SqlDialect::Mysql => "mysql://",
        SqlDialect::Sqlite => "sqlite://",
    }
}

/// `alembic upgrade heads --sql` for `dialect`: the SQL, or the error output.
fn alembic_sql(python: &str, project: &Path, dialect: SqlDialect) -> Result<String, String> {
    let ini = project.join("alembic.ini");
    let out = Command::new(python)
        .args(["-m", "alembic", "-c"])
        .arg(&ini)
        .args(["upgrade", "heads", "--sql"])
        .env("POLYMIG_ALEMBIC_URL", alembic_url(dialect))
        .output()
        .expect("run alembic");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.success() { Ok(stdout) } else { Err(format!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr))) }
}

/// `polymig convert --from alembic --dialect … versions`.
fn polymig_sql(versions: &Path, dialect: SqlDialect) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_polymig"))
        .args(["convert", "--from", "alembic", "--allow-lossy", "--dialect", dialect.as_str()])
        .arg(versions)
        .output()
        .expect("run polymig");
    assert!(out.status.success(), "polymig convert failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The schema after `sql` ran on a fresh database, without `alembic_version`.
fn schema_after(dialect: SqlDialect, sql: &str) -> Option<Result<Schema, String>> {
    let db = TestDb::for_dialect(dialect)?;
    if let Err(e) = db.exec_blocking(sql) {
        return Some(Err(e.to_string()));
    }
    let mut schema = db.introspect_blocking();
    schema.tables.retain(|_, t| t.name.name != "alembic_version");
    Some(Ok(normalize(&schema, dialect)))
}

#[test]
fn polymig_sql_matches_real_alembic() {
    let Some(python) = python() else { return };
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
            let reference = alembic_sql(&python, project.path(), dialect);
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
