//! Helpers for the runner tests: throw-away databases and hand-built migration units.
//!
//! `TestDb::postgres()` / `TestDb::mysql()` create `polymig_r_<pid>_<n>` on the server
//! (admin URLs from `POLYMIG_TEST_PG_URL` / `POLYMIG_TEST_MYSQL_URL`, defaulting to the local
//! servers) and drop it on drop. An unreachable server panics when `CI` is set, otherwise the
//! test prints `skipping: …` and the database is left out.
#![allow(dead_code)]

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};

use polymig::apply::Unit;
use polymig::export::sql::Statement;
use polymig::ir::{Span, SqlDialect};
use sqlx::{AssertSqlSafe, Connection};

/// Default admin URL for PostgreSQL.
pub const PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
/// Default admin URL for MySQL / MariaDB.
pub const MYSQL_ADMIN_URL: &str = "mysql://root@127.0.0.1:3306/test";

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Run a future on a fresh runtime in its own thread (usable from sync code and `Drop`).
pub fn block_on<F>(fut: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(fut)
    })
    .join()
    .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// A database that lives as long as this value.
pub struct TestDb {
    /// Connection URL.
    pub url: String,
    /// Which database.
    pub dialect: SqlDialect,
    /// Database name (file path for SQLite).
    pub name: String,
    admin: Option<String>,
    /// The temporary directory (SQLite file, backups, migration folders).
    pub dir: tempfile::TempDir,
}

fn with_database(url: &str, db: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let base = match url[start..].find('/') {
        Some(i) => &url[..start + i],
        None => url,
    };
    format!("{base}/{db}")
}

impl TestDb {
    /// A SQLite file in a temporary directory (not created yet: the runner creates it).
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let name = dir.path().join("test.db").display().to_string();
        TestDb { url: format!("sqlite://{name}"), dialect: SqlDialect::Sqlite, name, admin: None, dir }
    }

    /// A fresh PostgreSQL database, or `None` when the server is down (outside CI).
    pub fn postgres() -> Option<TestDb> {
        Self::server(SqlDialect::Postgres, std::env::var("POLYMIG_TEST_PG_URL").unwrap_or(PG_ADMIN_URL.into()))
    }

    /// A fresh MySQL / MariaDB database, or `None` when the server is down (outside CI).
    pub fn mysql() -> Option<TestDb> {
        Self::server(SqlDialect::Mysql, std::env::var("POLYMIG_TEST_MYSQL_URL").unwrap_or(MYSQL_ADMIN_URL.into()))
    }

    /// SQLite plus every reachable server.
    pub fn all() -> Vec<TestDb> {
        let mut dbs = vec![Self::sqlite()];
        dbs.extend(Self::postgres());
        dbs.extend(Self::mysql());
        dbs
    }

    fn server(dialect: SqlDialect, admin: String) -> Option<TestDb> {
        let name = format!("polymig_r_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let quoted = if dialect == SqlDialect::Postgres { format!("\"{name}\"") } else { format!("`{name}`") };
        let create = format!("CREATE DATABASE {quoted}");
        let (a, d) = (admin.clone(), quoted.clone());
        let result = block_on(async move {
            exec_on(dialect, &a, &format!("DROP DATABASE IF EXISTS {d}")).await?;
            exec_on(dialect, &a, &create).await
        });
        match result {
            Ok(()) => Some(TestDb {
                url: with_database(&admin, &name),
                dialect,
                name,
                admin: Some(admin),
                dir: tempfile::tempdir().expect("temp dir"),
            }),
            Err(e) => {
                let msg = format!("{dialect} not reachable ({e})");
                assert!(std::env::var_os("CI").is_none(), "{msg}; CI is set, so live tests must run");
                eprintln!("skipping: {msg}");
                None
            }
        }
    }

    /// Run SQL (several statements allowed).
    pub fn exec(&self, sql: &str) {
        let (d, u, s) = (self.dialect, self.url.clone(), sql.to_string());
        block_on(async move { exec_on(d, &u, &s).await }).unwrap_or_else(|e| panic!("{sql}: {e}"));
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

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(admin) = self.admin.clone() else { return };
        let d = self.dialect;
        let sql = match d {
            SqlDialect::Postgres => format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name),
            _ => format!("DROP DATABASE IF EXISTS `{}`", self.name),
        };
        let _ = block_on(async move { exec_on(d, &admin, &sql).await });
    }
}

async fn exec_on(dialect: SqlDialect, url: &str, sql: &str) -> Result<(), sqlx::Error> {
    let sql = AssertSqlSafe(sql.to_string());
    match dialect {
        SqlDialect::Sqlite => {
            let opts: sqlx::sqlite::SqliteConnectOptions = url.parse()?;
            let mut c = sqlx::SqliteConnection::connect_with(&opts.create_if_missing(true)).await?;
            sqlx::raw_sql(sql).execute(&mut c).await?;
            c.close().await
        }
        SqlDialect::Postgres => {
            let mut c = sqlx::PgConnection::connect(url).await?;
            sqlx::raw_sql(sql).execute(&mut c).await?;
            c.close().await
        }
        SqlDialect::Mysql => {
            let mut c = sqlx::MySqlConnection::connect(url).await?;
            sqlx::raw_sql(sql).execute(&mut c).await?;
            c.close().await
        }
    }
}

async fn scalar(dialect: SqlDialect, url: &str, sql: &str) -> Result<i64, sqlx::Error> {
    let sql = AssertSqlSafe(sql.to_string());
    match dialect {
        SqlDialect::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(url).await?;
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
        up: stmts(up),
        down: down.map(stmts),
        transactional: true,
        up_problems: Vec::new(),
        up_warnings: Vec::new(),
        down_problems: Vec::new(),
    }
}
