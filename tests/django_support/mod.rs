//! Runs the REAL Django (`$POLYMIG_PYTHON`, Django 5.x) `migrate` on fresh databases, for the
//! Django tests (`django_differential`, and the exporter's tests, read-only).
//!
//! ```ignore
//! mod django_support;
//! let Some(py) = django_support::python() else { return };       // None: skipped (not in CI)
//! let job = Job { database: db.name.clone(), apps: vec![App::local("shop", dir), App::contrib("auth")] };
//! let results = django_support::migrate(&py, SqlDialect::Postgres, &[job]);   // one process
//! ```
//!
//! Every [`Job`] names a database (PostgreSQL/MariaDB database name, or a SQLite file path)
//! that already exists and is empty, and the apps to migrate into it. All jobs of one dialect
//! run in ONE Python process (Django starts once): each job is a database alias, and a router
//! lets `migrate --database <alias>` touch only that job's apps. Local apps are copied into
//! throw-away packages `pm_<label>` whose `AppConfig.label` is the app label; contrib apps are
//! `django.contrib.<label>`. Jobs whose local apps share a label with different directories go
//! to separate processes (an app label names one migrations package per process).
//!
//! The interpreter must import `django` (5.x), `psycopg` and `pymysql`; when it cannot, the
//! test fails in CI (`CI` set) and is skipped elsewhere with the reason printed.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use polymig::ir::SqlDialect;

/// How `.ci/run` installs what these tests need.
pub const PIP_LINE: &str = "pip install 'django>=5.2,<6' 'psycopg[binary]>=3.1,<4' pymysql";

/// Django's contrib apps that ship migrations, in a dependency-respecting order.
pub const CONTRIB_APPS: &[&str] = &["contenttypes", "auth", "admin", "sessions", "sites", "flatpages", "redirects"];

/// One app to install: a local migrations directory, or a `django.contrib` app.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct App {
    /// The app label (`shop`, `auth`).
    pub label: String,
    /// The app's `migrations/` directory; `None` for `django.contrib.<label>`.
    pub migrations: Option<PathBuf>,
}

impl App {
    /// An app whose migrations are the `*.py` files of `migrations`.
    pub fn local(label: &str, migrations: &Path) -> App {
        App { label: label.to_string(), migrations: Some(migrations.to_path_buf()) }
    }

    /// `django.contrib.<label>`.
    pub fn contrib(label: &str) -> App {
        App { label: label.to_string(), migrations: None }
    }
}

/// Every app of a case directory laid out as `<case>/<label>/migrations/*.py`, sorted by label.
pub fn apps_in(case: &Path) -> Vec<App> {
    let mut out: Vec<App> = std::fs::read_dir(case)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.join("migrations").is_dir()).collect())
        .unwrap_or_else(|_| Vec::new())
        .into_iter()
        .map(|p: PathBuf| App::local(p.file_name().and_then(|n| n.to_str()).unwrap_or("app"), &p.join("migrations")))
        .collect();
    out.sort();
    out
}

/// One `migrate` run: all of `apps` into the existing, empty database `database`.
#[derive(Debug, Clone)]
pub struct Job {
    /// Database name on the server, or the SQLite file path.
    pub database: String,
    /// The apps to install and migrate.
    pub apps: Vec<App>,
}

/// The interpreter named by `POLYMIG_PYTHON` (default `python3`), if it imports Django 5 and the drivers.
pub fn python() -> Option<String> {
    let python = std::env::var("POLYMIG_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let probe = "import django, psycopg, pymysql; assert django.VERSION[0] == 5, django.__version__; \
                 print(django.__version__)";
    let reason = match Command::new(&python).args(["-c", probe]).output() {
        Ok(out) if out.status.success() => {
            eprintln!("django {}", String::from_utf8_lossy(&out.stdout).trim());
            return Some(python);
        }
        Ok(out) => String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("").to_string(),
        Err(e) => e.to_string(),
    };
    let msg = format!(
        "{python} cannot import django 5.x, psycopg and pymysql ({reason}); install them with `{PIP_LINE}` or \
         point POLYMIG_PYTHON at an interpreter that has them"
    );
    if std::env::var_os("CI").is_some() {
        panic!("{msg}; CI is set, so the tests against the real Django must not be skipped");
    }
    eprintln!("skipping: {msg}");
    None
}

/// The installed Django package directory (`…/site-packages/django`).
pub fn django_dir(python: &str) -> PathBuf {
    let out = Command::new(python)
        .args(["-c", "import django, os; print(os.path.dirname(django.__file__))"])
        .output()
        .expect("run python");
    assert!(out.status.success(), "cannot locate django: {}", String::from_utf8_lossy(&out.stderr));
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// The `migrations/` directory of `django.contrib.<label>`.
pub fn contrib_migrations(python: &str, label: &str) -> PathBuf {
    django_dir(python).join("contrib").join(label).join("migrations")
}

/// Run `migrate` for every job, on `dialect`; one result per job (`Err` holds Django's error).
pub fn migrate(python: &str, dialect: SqlDialect, jobs: &[Job]) -> Vec<Result<(), String>> {
    let mut results: Vec<Option<Result<(), String>>> = vec![None; jobs.len()];
    for group in groups(jobs) {
        let outcome = run_group(python, dialect, jobs, &group);
        for (i, r) in group.into_iter().zip(outcome) {
            results[i] = Some(r);
        }
    }
    results.into_iter().map(|r| r.unwrap_or_else(|| Err("not run".into()))).collect()
}

/// Partition job indexes so that within a group each local label has one directory.
fn groups(jobs: &[Job]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(BTreeMap<String, PathBuf>, Vec<usize>)> = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        let fits = |labels: &BTreeMap<String, PathBuf>| {
            job.apps.iter().all(|a| match (&a.migrations, labels.get(&a.label)) {
                (Some(dir), Some(other)) => dir == other,
                _ => true,
            })
        };
        let slot = match groups.iter().position(|(labels, _)| fits(labels)) {
            Some(g) => g,
            None => {
                groups.push((BTreeMap::new(), Vec::new()));
                groups.len() - 1
            }
        };
        for a in &job.apps {
            if let Some(dir) = &a.migrations {
                groups[slot].0.insert(a.label.clone(), dir.clone());
            }
        }
        groups[slot].1.push(i);
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

fn run_group(python: &str, dialect: SqlDialect, jobs: &[Job], group: &[usize]) -> Vec<Result<(), String>> {
    let root = tempfile::tempdir().expect("temp dir");
    let mut installed: BTreeMap<String, String> = BTreeMap::new();
    for &i in group {
        for app in &jobs[i].apps {
            let entry = match &app.migrations {
                None => format!("django.contrib.{}", app.label),
                Some(dir) => {
                    write_package(root.path(), &app.label, dir);
                    format!("pm_{}.apps.Config", app.label)
                }
            };
            installed.insert(app.label.clone(), entry);
        }
    }
    // contrib apps first, in their own order, then local apps by label
    let mut apps: Vec<String> = CONTRIB_APPS.iter().filter_map(|l| installed.remove(*l)).collect();
    apps.extend(installed.into_values());
    let spec = serde_json::json!({
        "dialect": match dialect {
            SqlDialect::Postgres => "postgresql",
            SqlDialect::Mysql => "mysql",
            SqlDialect::Sqlite => "sqlite",
        },
        "installed_apps": apps,
        "jobs": group.iter().map(|&i| serde_json::json!({
            "database": jobs[i].database,
            "apps": jobs[i].apps.iter().map(|a| a.label.clone()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let spec_path = root.path().join("spec.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let script = root.path().join("polymig_migrate.py");
    std::fs::write(&script, RUNNER).unwrap();
    let out = Command::new(python)
        .arg(&script)
        .arg(&spec_path)
        .current_dir(root.path())
        .env("PYTHONPATH", root.path())
        .output()
        .expect("run django");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let parsed: Option<Vec<Option<String>>> = stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("POLYMIG-RESULTS "))
        .and_then(|j| serde_json::from_str(j).ok());
    match parsed {
        Some(errors) if errors.len() == group.len() => errors
            .into_iter()
            .map(|e| match e {
                Some(err) => Err(err),
                None => Ok(()),
            })
            .collect(),
        _ => group.iter().map(|_| Err(format!("django runner failed:\n{stdout}\n{stderr}"))).collect(),
    }
}

/// `<root>/pm_<label>/{__init__.py, apps.py, migrations/*.py}`.
fn write_package(root: &Path, label: &str, migrations: &Path) {
    let pkg = root.join(format!("pm_{label}"));
    if pkg.exists() {
        return;
    }
    std::fs::create_dir_all(pkg.join("migrations")).unwrap();
    std::fs::write(pkg.join("__init__.py"), "").unwrap();
    let apps_py = format!(
        "from django.apps import AppConfig\n\n\nclass Config(AppConfig):\n    name = \"pm_{label}\"\n    \
         label = \"{label}\"\n    default_auto_field = \"django.db.models.BigAutoField\"\n"
    );
    std::fs::write(pkg.join("apps.py"), apps_py).unwrap();
    std::fs::write(pkg.join("migrations/__init__.py"), "").unwrap();
    for entry in std::fs::read_dir(migrations).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "py") && entry.file_name() != "__init__.py" {
            std::fs::copy(&path, pkg.join("migrations").join(entry.file_name())).unwrap();
        }
    }
}

/// The Python side: configure settings with one database alias per job, then `migrate` each.
const RUNNER: &str = r#""""polymig test harness: run Django's migrate for several jobs in one process."""
import json
import sys
import traceback

spec = json.load(open(sys.argv[1]))
dialect = spec["dialect"]


def database(name):
    if dialect == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name}
    if dialect == "postgresql":
        return {"ENGINE": "django.db.backends.postgresql", "NAME": name, "USER": "postgres",
                "HOST": "127.0.0.1", "PORT": "5432"}
    import pymysql
    pymysql.install_as_MySQLdb()
    return {"ENGINE": "django.db.backends.mysql", "NAME": name, "USER": "root", "PASSWORD": "",
            "HOST": "127.0.0.1", "PORT": "3306"}


JOB_APPS = {f"job{i}": set(job["apps"]) for i, job in enumerate(spec["jobs"])}


CURRENT = {"alias": "default"}


class JobRouter:
    """Each job's database alias gets only that job's apps; ORM code in data migrations
    (RunPython) reads and writes the database being migrated."""

    def allow_migrate(self, db, app_label, **hints):
        return app_label in JOB_APPS.get(db, ())

    def db_for_read(self, model, **hints):
        return CURRENT["alias"]

    def db_for_write(self, model, **hints):
        return CURRENT["alias"]


databases = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
for i, job in enumerate(spec["jobs"]):
    databases[f"job{i}"] = database(job["database"])

from django.conf import settings  # noqa: E402

settings.configure(
    SECRET_KEY="polymig-test",
    USE_TZ=True,
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    INSTALLED_APPS=spec["installed_apps"],
    DATABASES=databases,
    DATABASE_ROUTERS=[JobRouter()],
    SITE_ID=1,
)
import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

errors = []
for i, _ in enumerate(spec["jobs"]):
    alias = f"job{i}"
    CURRENT["alias"] = alias
    try:
        call_command("migrate", database=alias, verbosity=0, interactive=False, skip_checks=True)
        errors.append(None)
    except Exception:
        errors.append(traceback.format_exc(limit=3))
    finally:
        connections[alias].close()
print("POLYMIG-RESULTS " + json.dumps(errors))
"#;
