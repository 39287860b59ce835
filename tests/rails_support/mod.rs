//! Shared by the tests that run the real ActiveRecord (`rails_differential`, and the exporter's
//! round-trip tests): the corpus cases, the Ruby probe, and [`ActiveRecord::migrate`], which runs
//! migration directories on databases the test created — one Ruby process per call, however
//! many jobs, so a suite pays ActiveRecord's start-up once per dialect.
//!
//! The interpreter is `$POLYMIG_RUBY` (default `ruby`) with Debian's ActiveRecord 6.1 and the
//! `pg`, `mysql2` and `sqlite3` gems (`apt-get install ruby-activerecord ruby-pg ruby-mysql2
//! ruby-sqlite3`). When it is missing, the tests fail in CI (`CI` set) and are skipped
//! elsewhere with the reason printed. `Migration[x.y]` newer than 6.1 is run as 6.1 (see
//! `migrate.rb`): version-specific behaviours of 7.x/8.x are covered by golden files only.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use polymig::ir::SqlDialect;

/// The Ruby driver, written next to this file.
const DRIVER: &str = include_str!("migrate.rb");

/// Every `corpus/rails/<case>/` with a `db/migrate/` directory, sorted.
pub fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/rails");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("corpus/rails")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("db/migrate").is_dir())
        .collect();
    out.sort();
    out
}

/// A Ruby interpreter that loads ActiveRecord with the three database gems.
pub struct ActiveRecord {
    ruby: String,
    /// `ActiveRecord.version`, e.g. `6.1.7.10`.
    pub version: String,
}

/// The interpreter named by `POLYMIG_RUBY`, if it loads ActiveRecord, pg, mysql2 and sqlite3.
pub fn active_record() -> Option<ActiveRecord> {
    let ruby = std::env::var("POLYMIG_RUBY").unwrap_or_else(|_| "ruby".to_string());
    let probe =
        "require 'active_record'; require 'pg'; require 'mysql2'; require 'sqlite3'; print ActiveRecord.version";
    let reason = match Command::new(&ruby).args(["-e", probe]).output() {
        Ok(out) if out.status.success() => {
            let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
            eprintln!("activerecord {version}");
            return Some(ActiveRecord { ruby, version });
        }
        Ok(out) => String::from_utf8_lossy(&out.stderr).lines().next().unwrap_or("").to_string(),
        Err(e) => e.to_string(),
    };
    let msg = format!(
        "{ruby} cannot load ActiveRecord with pg, mysql2 and sqlite3 ({reason}); install them with \
         `apt-get install ruby-activerecord ruby-pg ruby-mysql2 ruby-sqlite3` or point POLYMIG_RUBY at a Ruby that has them"
    );
    if std::env::var_os("CI").is_some() {
        panic!("{msg}; CI is set, so the tests against the real ActiveRecord must not be skipped");
    }
    eprintln!("skipping: {msg}");
    None
}

/// One migration run: the `db/migrate`-like directory to run on a database.
pub struct Job<'a> {
    /// The database's dialect.
    pub dialect: SqlDialect,
    /// Its name (PostgreSQL/MySQL) or file path (SQLite), as `TestDb::name` gives it.
    pub database: &'a str,
    /// The migrations directory.
    pub dir: &'a Path,
    /// Migrate up, then back down to version 0.
    pub down: bool,
}

fn adapter(d: SqlDialect) -> &'static str {
    match d {
        SqlDialect::Postgres => "postgresql",
        SqlDialect::Mysql => "mysql2",
        SqlDialect::Sqlite => "sqlite3",
    }
}

impl ActiveRecord {
    /// Run every job in one Ruby process; one result per job (`Err` holds ActiveRecord's error).
    pub fn migrate(&self, jobs: &[Job]) -> Vec<Result<(), String>> {
        let dir = tempfile::tempdir().expect("temp dir");
        let driver = dir.path().join("migrate.rb");
        std::fs::write(&driver, DRIVER).expect("write driver");
        let list = dir.path().join("jobs.tsv");
        let lines: String = jobs
            .iter()
            .map(|j| {
                let mode = if j.down { "\t--down" } else { "" };
                format!("{}\t{}\t{}{mode}\n", adapter(j.dialect), j.database, j.dir.display())
            })
            .collect();
        std::fs::write(&list, lines).expect("write jobs");
        let out = Command::new(&self.ruby).arg(&driver).arg(&list).output().expect("run ruby");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut results: Vec<Result<(), String>> = (0..jobs.len())
            .map(|_| Err(format!("no result from ruby: {}", String::from_utf8_lossy(&out.stderr))))
            .collect();
        for line in stdout.lines() {
            let mut parts = line.splitn(3, ' ');
            let (Some(status), Some(n)) = (parts.next(), parts.next().and_then(|n| n.parse::<usize>().ok())) else {
                continue;
            };
            if let Some(slot) = results.get_mut(n) {
                *slot = if status == "ok" { Ok(()) } else { Err(parts.next().unwrap_or("").to_string()) };
            }
        }
        results
    }
}

/// `polymig convert --from rails --allow-lossy --dialect … dir`: the SQL, or the error output.
pub fn polymig_sql(dir: &Path, dialect: SqlDialect) -> Result<String, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_polymig"))
        .args(["convert", "--from", "rails", "--allow-lossy", "--dialect", dialect.as_str()])
        .arg(dir)
        .output()
        .expect("run polymig");
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// ActiveRecord's own bookkeeping tables, left out of schema comparisons.
pub const BOOKKEEPING: &[&str] = &["schema_migrations", "ar_internal_metadata"];
