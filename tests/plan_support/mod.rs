//! A zero-downtime recipe run end to end on a live database, as an operator runs it: the phase
//! files `polymig plan --zero-downtime` writes, applied one phase at a time by
//! `polymig apply --phase`, with writers using the OLD names while the phases run, next to a
//! twin database that ran the plain migration.
#![allow(dead_code)]

use std::path::Path;
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use polymig::import::sql::parse_script;
use polymig::ir::{Migration, SqlDialect};
use polymig::lint::Target;
use polymig::plan::{layout, zero_downtime};

#[path = "../support/mod.rs"]
mod support;
pub use support::{TestDb, block_on};

/// One recipe under test: the planned database, its plain twin and the plan directory.
pub struct Case {
    /// The database the phases run on.
    pub db: TestDb,
    /// The database the plain migration ran on.
    pub plain: TestDb,
    /// The plan directory.
    pub dir: tempfile::TempDir,
    /// The recipes planned, in order.
    pub recipes: Vec<String>,
}

/// How `polymig apply` reads the files: SQLite setups (`id integer PRIMARY KEY`) detect as
/// PostgreSQL, whose primary keys are NOT NULL, so they are read as SQLite, as the plan reads
/// them: a table rebuild recreates the table from the state the plan replayed. The other
/// dialects are detected, as they always were here.
fn read_as(dialect: SqlDialect) -> &'static [&'static str] {
    match dialect {
        SqlDialect::Sqlite => &["--source-dialect", "sqlite"],
        _ => &[],
    }
}

fn migration(id: &str, sql: &str, dialect: SqlDialect) -> Migration {
    let mut m = Migration::new(id, "m");
    m.up = parse_script(sql, &format!("{id}.sql"), dialect).0;
    m
}

impl Case {
    /// Run `setup` (schema, then `seed` data) on two fresh databases of `target`'s server, the
    /// plain `change` on one, and write the plan of `change` to a directory; `None` when the
    /// server is down outside CI (in CI, a missing server panics in `TestDb`).
    pub fn new(target: &str, setup: &str, seed: &str, change: &str) -> Option<Case> {
        Self::build(target, setup, seed, change, false)
    }

    /// [`Case::new`], the plain twin running `change` as `polymig apply` renders it (the SQL
    /// exporter's statements) rather than as written: for SQLite, where the change as written
    /// (`ALTER TABLE … ADD CONSTRAINT`) is no SQL the database runs, and the plain migration is
    /// the exporter's table rebuild.
    pub fn exported(target: &str, setup: &str, seed: &str, change: &str) -> Option<Case> {
        Self::build(target, setup, seed, change, true)
    }

    fn build(target: &str, setup: &str, seed: &str, change: &str, exported: bool) -> Option<Case> {
        let target: Target = target.parse().unwrap();
        let dialect = target.engine.dialect();
        let (db, plain) = (TestDb::for_dialect(dialect)?, TestDb::for_dialect(dialect)?);
        let plans = zero_downtime(&[migration("1", setup, dialect)], &migration("2", change, dialect), &target);
        let dir = tempfile::tempdir().unwrap();
        // The history before the plan (its one migration), then the plan's phase files.
        std::fs::write(dir.path().join("1_setup.sql"), format!("{setup};\n")).unwrap();
        for f in layout::files("2", &plans, &target) {
            std::fs::write(dir.path().join(&f.name), &f.text).unwrap();
        }
        let recipes = plans.iter().map(|p| p.recipe.to_string()).collect();
        let case = Case { db, plain, dir, recipes };
        // Both databases get the setup the same way: polymig renders it from the IR.
        for d in [&case.db, &case.plain] {
            let o =
                polymig(case.dir.path(), &[&["apply", "--db", &d.url, "--to", "1", "."], read_as(dialect)].concat());
            assert_eq!(o.status.code(), Some(0), "apply the setup: {}", show(&o));
        }
        for d in [&case.db, &case.plain] {
            d.exec_blocking(seed).unwrap_or_else(|e| panic!("seed: {e}"));
        }
        if exported {
            let twin = tempfile::tempdir().unwrap();
            std::fs::write(twin.path().join("1_setup.sql"), format!("{setup};\n")).unwrap();
            std::fs::write(twin.path().join("2_change.sql"), format!("{change}\n")).unwrap();
            let o = polymig(twin.path(), &[&["apply", "--db", &case.plain.url, "."], read_as(dialect)].concat());
            assert_eq!(o.status.code(), Some(0), "plain migration: {}", show(&o));
        } else {
            case.plain.exec_each_blocking(change).unwrap_or_else(|e| panic!("plain migration: {e}"));
        }
        Some(case)
    }

    /// `polymig apply --phase PHASE` on the plan directory. The writers use the old names on
    /// purpose, which the usage check would see where the server keeps statement statistics: it
    /// is skipped here and tested in `tests/apply_usage.rs`.
    pub fn apply(&self, phase: &str) -> Output {
        polymig(
            self.dir.path(),
            &[&["apply", "--db", &self.db.url, "--phase", phase, "--skip-usage-check", "."], read_as(self.db.dialect)]
                .concat(),
        )
    }

    /// [`Case::apply`], which must succeed.
    pub fn apply_ok(&self, phase: &str) {
        let o = self.apply(phase);
        assert_eq!(o.status.code(), Some(0), "apply --phase {phase}: {}", show(&o));
    }

    /// `apply --phase` must refuse: non-zero exit, the verification named, nothing applied
    /// (`applied_before` migrations recorded, as before).
    pub fn assert_refused(&self, phase: &str, applied_before: i64) {
        let o = self.apply(phase);
        assert_ne!(o.status.code(), Some(0), "apply --phase {phase} should refuse: {}", show(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("verification-failed") && err.contains("nothing was applied"), "{}", show(&o));
        assert_eq!(self.applied(), applied_before, "something was applied");
    }

    /// One integer from the planned database.
    pub fn scalar(&self, q: &str) -> i64 {
        scalar(&self.db, q)
    }

    /// A writer on its own connection running `sql(i)` for i = 0, 1, … until [`Writer::stop`]
    /// and at least `min` times.
    pub fn writer(&self, min: i64, sql: impl Fn(i64) -> String + Send + 'static) -> Writer {
        let (url, dialect) = (self.db.url.clone(), self.db.dialect);
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = std::thread::spawn(move || {
            block_on(async move {
                let mut i = 0;
                let mut failures = Vec::new();
                while i < min || !flag.load(Ordering::Relaxed) {
                    if let Err(e) = support::exec_script(dialect, &url, sql(i)).await {
                        failures.push(format!("write {i}: {e}"));
                    }
                    i += 1;
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
                (i, failures)
            })
        });
        Writer { stop, handle }
    }

    /// The tables of both databases must be equal (`sort_columns`: ignoring column order).
    pub fn assert_same_schema(&self, sort_columns: bool) {
        let tables = |d: &TestDb| {
            let mut s = d.introspect_blocking();
            if sort_columns {
                for t in s.tables.values_mut() {
                    t.columns.sort_by(|a, b| a.name.cmp(&b.name));
                }
            }
            serde_json::to_string_pretty(&(s.tables, s.views)).unwrap()
        };
        pretty_assertions::assert_eq!(
            tables(&self.db),
            tables(&self.plain),
            "final schema differs from the plain migration"
        );
    }

    /// Rows of the history table (0 when `apply` never created it).
    pub fn applied(&self) -> i64 {
        let exists = match self.db.dialect {
            SqlDialect::Sqlite => "SELECT count(*) FROM sqlite_master WHERE name = 'polymig_migrations'".to_string(),
            d => format!(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = {} AND table_name = 'polymig_migrations'",
                if d == SqlDialect::Postgres { "current_schema()" } else { "DATABASE()" }
            ),
        };
        if self.scalar(&exists) == 0 { 0 } else { self.scalar("SELECT count(*) FROM polymig_migrations") }
    }

    /// Triggers left in the planned database.
    pub fn triggers(&self) -> i64 {
        let q = match self.db.dialect {
            SqlDialect::Postgres => {
                "SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = current_schema()"
            }
            SqlDialect::Mysql => "SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()",
            SqlDialect::Sqlite => "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'",
        };
        self.scalar(q)
    }
}

/// A running writer.
pub struct Writer {
    stop: Arc<AtomicBool>,
    handle: JoinHandle<(i64, Vec<String>)>,
}

impl Writer {
    /// Stop and return how many writes ran; panics if any failed.
    pub fn stop(self) -> i64 {
        self.stop.store(true, Ordering::Relaxed);
        let (n, failures) = self.handle.join().unwrap();
        assert!(failures.is_empty(), "{} of {n} writes failed, first: {:?}", failures.len(), failures.first());
        n
    }
}

/// One integer (first column of the first row) from `db`.
pub fn scalar(db: &TestDb, q: &str) -> i64 {
    let (url, q, dialect) = (db.url.clone(), q.to_string(), db.dialect);
    block_on(async move {
        use sqlx::Connection;
        let q = sqlx::AssertSqlSafe(q);
        match dialect {
            SqlDialect::Postgres => {
                let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
                sqlx::query_scalar::<_, i64>(q).fetch_one(&mut c).await.unwrap()
            }
            SqlDialect::Mysql => {
                let mut c = sqlx::MySqlConnection::connect(&url).await.unwrap();
                sqlx::query_scalar::<_, i64>(q).fetch_one(&mut c).await.unwrap()
            }
            SqlDialect::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
                sqlx::query_scalar::<_, i64>(q).fetch_one(&mut c).await.unwrap()
            }
        }
    })
}

/// Run the binary in `cwd`.
pub fn polymig(cwd: &Path, args: &[&str]) -> Output {
    support::polymig_in(cwd, args)
}

/// Exit code and output, for assertion messages.
pub fn show(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
