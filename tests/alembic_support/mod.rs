//! Shared by the tests that run the real Alembic (`alembic_differential`, `alembic_online`):
//! the corpus cases, the Python interpreter probe and a throw-away Alembic project.
//!
//! The interpreter is `$POLYMIG_PYTHON` (default `python3`). When it lacks a module a test needs,
//! the test fails in CI (`CI` set) and is skipped elsewhere with the reason printed.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Every `corpus/alembic/<case>/` with a `versions/` directory, sorted.
pub fn cases() -> Vec<PathBuf> {
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

/// The pip requirements of the tests, as `.ci/run` installs them.
pub const PIP_LINE: &str = "pip install 'alembic>=1.13,<2' 'sqlalchemy>=2,<3' 'psycopg[binary]>=3.1,<4'";

/// The interpreter named by `POLYMIG_PYTHON`, if it imports Alembic, SQLAlchemy 2 and `modules`.
pub fn python(modules: &[&str]) -> Option<String> {
    let python = std::env::var("POLYMIG_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let extra: String = modules.iter().map(|m| format!("import {m}; ")).collect();
    let probe = format!(
        "{extra}import alembic, sqlalchemy; assert sqlalchemy.__version__.startswith('2.'); \
         print(alembic.__version__, sqlalchemy.__version__)"
    );
    let reason = match Command::new(&python).args(["-c", &probe]).output() {
        Ok(out) if out.status.success() => {
            eprintln!("alembic/sqlalchemy {}", String::from_utf8_lossy(&out.stdout).trim());
            return Some(python);
        }
        Ok(out) => String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("").to_string(),
        Err(e) => e.to_string(),
    };
    let needed = ["alembic", "sqlalchemy 2.x"].iter().copied().chain(modules.iter().copied()).collect::<Vec<_>>();
    let msg = format!(
        "{python} cannot import {} ({reason}); install them with `{PIP_LINE}` or point POLYMIG_PYTHON at an \
         interpreter that has them",
        needed.join(", ")
    );
    if std::env::var_os("CI").is_some() {
        panic!("{msg}; CI is set, so the tests against the real Alembic must not be skipped");
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

/// Offline: SQL for the dialect of `$POLYMIG_ALEMBIC_URL` goes to stdout. Online: the
/// migrations run on that database.
const ENV_PY: &str = r#""""polymig test harness: runs against $POLYMIG_ALEMBIC_URL."""
import os

import sqlalchemy
from alembic import context

url = os.environ["POLYMIG_ALEMBIC_URL"]


def declared_metadata():
    """A revision file's `sa.MetaData(naming_convention=...)` stands for the project's target
    metadata (as polymig reads it): Alembic then names unnamed constraints by that convention."""
    for script in context.script.walk_revisions():
        for value in vars(script.module).values():
            if isinstance(value, sqlalchemy.MetaData) and set(value.naming_convention) - {"ix"}:
                return value
    return None


target_metadata = declared_metadata()
if context.is_offline_mode():
    context.configure(
        url=url, target_metadata=target_metadata, literal_binds=True, dialect_opts={"paramstyle": "named"}
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
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

/// A temporary Alembic project holding a copy of the `*.py` files of `versions`.
pub fn harness(versions: &Path) -> tempfile::TempDir {
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

/// `alembic upgrade heads` (with `--sql` when `offline`) against `url`: stdout, or the error output.
pub fn alembic_upgrade(python: &str, project: &Path, url: &str, offline: bool) -> Result<String, String> {
    let ini = project.join("alembic.ini");
    let mut cmd = Command::new(python);
    cmd.args(["-m", "alembic", "-c"]).arg(&ini).args(["upgrade", "heads"]);
    if offline {
        cmd.arg("--sql");
    }
    let out = cmd.env("POLYMIG_ALEMBIC_URL", url).output().expect("run alembic");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.success() { Ok(stdout) } else { Err(format!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr))) }
}

/// `polymig convert --from alembic --allow-lossy --dialect … versions`.
pub fn polymig_sql(versions: &Path, dialect: polymig::ir::SqlDialect) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_polymig"))
        .args(["convert", "--from", "alembic", "--allow-lossy", "--dialect", dialect.as_str()])
        .arg(versions)
        .output()
        .expect("run polymig");
    assert!(out.status.success(), "polymig convert failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}
