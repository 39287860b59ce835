//! Helpers for the runner tests: throw-away databases (from the shared `tests/support`
//! harness) with a working directory for migration folders, a few queries, and hand-built
//! migration units.
//!
//! As in `tests/support`: an unreachable server panics when `CI` is set, otherwise the test
//! prints `skipping: …` and that database is left out.
#![allow(dead_code)]

#[path = "../support/mod.rs"]
mod support;

use polymig::apply::Unit;
use polymig::export::sql::Statement;
use polymig::ir::{Span, SqlDialect};
use sqlx::{AssertSqlSafe, Connection};
use std::path::Path;
use std::process::Output;

pub use support::block_on;

/// A database that lives as long as this value, plus a temporary working directory.
pub struct TestDb {
    /// Connection URL.
    pub url: String,
    /// Which database.
    pub dialect: SqlDialect,
    /// Database name (file path for SQLite).
    pub name: String,
    /// The temporary directory (migration folders, backups; the SQLite file lives in its own).
    pub dir: tempfile::TempDir,
    /// Keeps the database alive (dropped last).
    _db: support::TestDb,
}

impl TestDb {
    fn wrap(db: support::TestDb) -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        TestDb { url: db.url.clone(), dialect: db.dialect, name: db.name.clone(), dir, _db: db }
    }

    /// A SQLite database file that does not exist yet (the runner creates it).
    pub fn sqlite() -> TestDb {
        let db = support::TestDb::sqlite();
        let _ = std::fs::remove_file(&db.name);
        Self::wrap(db)
    }

    /// A fresh PostgreSQL database, or `None` when the server is down (outside CI).
    pub fn postgres() -> Option<TestDb> {
        support::TestDb::postgres().map(Self::wrap)
    }

    /// A fresh MySQL / MariaDB database, or `None` when the server is down (outside CI).
    pub fn mysql() -> Option<TestDb> {
        support::TestDb::mysql().map(Self::wrap)
    }

    /// SQLite plus every reachable server.
    pub fn all() -> Vec<TestDb> {
        let mut dbs = vec![Self::sqlite()];
        dbs.extend(Self::postgres());
        dbs.extend(Self::mysql());
        dbs
    }

    /// Run SQL (several statements allowed).
    pub fn exec(&self, sql: &str) {
        let (d, u, s) = (self.dialect, self.url.clone(), sql.to_string());
        let result = block_on(async move {
            if d == SqlDialect::Sqlite {
                let opts: sqlx::sqlite::SqliteConnectOptions = u.parse()?;
                let mut c = sqlx::SqliteConnection::connect_with(&opts.create_if_missing(true)).await?;
                sqlx::raw_sql(AssertSqlSafe(s)).execute(&mut c).await?;
                return c.close().await;
            }
            support::exec_script(d, u, s).await
        });
        result.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// The first column of the first row, as an integer.
    pub fn int(&self, sql: &str) -> i64 {
        let (d, u, s) = (self.dialect, self.url.clone(), sql.to_string());
        block_on(async move { scalar(d, &u, &s).await }).unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Number of rows in the history table (0 when it does not exist).
    pub fn history_count(&self) -> i64 {
        if !self.table_exists("polymig_migrations") {
            return 0;
        }
        self.int("SELECT COUNT(*) FROM polymig_migrations")
    }

    /// True when `table` exists.
    pub fn table_exists(&self, table: &str) -> bool {
        let sql = match self.dialect {
            SqlDialect::Sqlite => format!("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='{table}'"),
            SqlDialect::Postgres => format!(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{table}'"
            ),
            SqlDialect::Mysql => format!(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '{table}'"
            ),
        };
        self.int(&sql) > 0
    }
}

async fn scalar(dialect: SqlDialect, url: &str, sql: &str) -> Result<i64, sqlx::Error> {
    let sql = AssertSqlSafe(sql.to_string());
    match dialect {
        SqlDialect::Sqlite => {
            let opts: sqlx::sqlite::SqliteConnectOptions = url.parse()?;
            let mut c = sqlx::SqliteConnection::connect_with(&opts.create_if_missing(true)).await?;
            sqlx::query_scalar(sql).fetch_one(&mut c).await
        }
        SqlDialect::Postgres => {
            let mut c = sqlx::PgConnection::connect(url).await?;
            sqlx::query_scalar(sql).fetch_one(&mut c).await
        }
        SqlDialect::Mysql => {
            let mut c = sqlx::MySqlConnection::connect(url).await?;
            sqlx::query_scalar(sql).fetch_one(&mut c).await
        }
    }
}

/// A statement as the exporter would render it.
pub fn stmt(sql: &str, line: u32) -> Statement {
    Statement {
        sql: sql.to_string(),
        comment: format!("Sql line {line}"),
        op_index: (line as usize).saturating_sub(1),
        span: Span::at("test.sql", line, 1),
        transactional: true,
    }
}

/// A hand-built migration unit: up statements, optional down statements.
pub fn unit(version: &str, up: &[&str], down: Option<&[&str]>) -> Unit {
    let stmts = |xs: &[&str]| xs.iter().enumerate().map(|(i, s)| stmt(s, i as u32 + 1)).collect::<Vec<_>>();
    Unit {
        version: version.into(),
        name: format!("m{version}"),
        source: format!("sql:{version}.sql"),
        checksum: format!("v1:{}", up.join("|")),
        replaces: Vec::new(),
        up: stmts(up),
        down: down.map(stmts),
        transactional: true,
        up_problems: Vec::new(),
        up_warnings: Vec::new(),
        down_problems: Vec::new(),
    }
}

/// Run the polymig binary in `cwd` (with `DATABASE_URL` removed, so only `--db` counts).
pub fn polymig(cwd: &Path, args: &[&str]) -> Output {
    support::polymig_in(cwd, args)
}

/// Exit status, stdout and stderr of a run, for assertion messages.
pub fn show(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}stderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
