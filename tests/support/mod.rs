//! Throw-away databases for live tests: `mod support;` then
//!
//! ```ignore
//! let Some(db) = support::TestDb::postgres() else { return };   // None: server down, not in CI
//! db.exec("CREATE TABLE t (id int PRIMARY KEY)").await.unwrap();
//! let schema = db.introspect().await;
//! ```
//!
//! `TestDb::postgres()` / `TestDb::mysql()` create a database `polymig_t_<pid>_<counter>_<random>`
//! on the server (admin URLs `postgres://postgres@127.0.0.1:5432/test` and
//! `mysql://root@127.0.0.1:3306/test`, overridden by `POLYMIG_TEST_PG_URL` /
//! `POLYMIG_TEST_MYSQL_URL`) and drop it when the `TestDb` is dropped, even when the test fails.
//! When the server does not answer, they panic if `CI` is set (database tests must never pass
//! vacuously in CI) and otherwise print `skipping: …` and return `None`.
#![allow(dead_code)]

use std::future::Future;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use polymig::ir::SqlDialect;
use polymig::schema::Schema;
use polymig::schema::introspect::{introspect_url, redact_url};
use sqlx::Connection;

/// Default admin connection for PostgreSQL.
pub const PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
/// Default admin connection for MySQL / MariaDB.
pub const MYSQL_ADMIN_URL: &str = "mysql://root@127.0.0.1:3306/test";
/// How long creating a database may take before the server counts as not answering.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// A database that exists for the lifetime of this value.
pub struct TestDb {
    /// Connection URL of the throw-away database.
    pub url: String,
    /// Which database it is.
    pub dialect: SqlDialect,
    /// The database name (the file path for SQLite).
    pub name: String,
    /// Admin URL used to drop it (server databases only).
    admin_url: Option<String>,
    /// Keeps the SQLite file's directory alive.
    _dir: Option<tempfile::TempDir>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// `polymig_t_<pid>_<counter>_<random>`.
fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let random = std::collections::hash_map::RandomState::new().hash_one((nanos, n)) & 0xffff_ffff;
    format!("polymig_t_{}_{n}_{random:08x}", std::process::id())
}

/// Run `fut` to completion on a fresh runtime in its own thread, so it works from sync code,
/// from inside an async test and from `Drop`.
pub fn block_on<F>(fut: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime").block_on(fut)
    })
    .join()
    .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// `url` with its database (path) replaced by `db`: `postgres://u@h:5432/test` → `…/db`.
pub fn with_database(url: &str, db: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, format!("?{q}")),
        None => (url, String::new()),
    };
    let auth_start = head.find("://").map_or(0, |i| i + 3);
    let base = match head[auth_start..].find('/') {
        Some(slash) => &head[..auth_start + slash],
        None => head,
    };
    format!("{base}/{db}{query}")
}

impl TestDb {
    /// An empty SQLite database in a temporary file.
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("test.db");
        std::fs::File::create(&path).expect("create sqlite file");
        let name = path.display().to_string();
        TestDb { url: format!("sqlite://{name}"), dialect: SqlDialect::Sqlite, name, admin_url: None, _dir: Some(dir) }
    }

    /// A fresh PostgreSQL database, or `None` when the server is down (outside CI).
    pub fn postgres() -> Option<TestDb> {
        let admin = std::env::var("POLYMIG_TEST_PG_URL").unwrap_or_else(|_| PG_ADMIN_URL.to_string());
        Self::server(SqlDialect::Postgres, admin)
    }

    /// A fresh MySQL / MariaDB database, or `None` when the server is down (outside CI).
    pub fn mysql() -> Option<TestDb> {
        let admin = std::env::var("POLYMIG_TEST_MYSQL_URL").unwrap_or_else(|_| MYSQL_ADMIN_URL.to_string());
        Self::server(SqlDialect::Mysql, admin)
    }

    /// A fresh database on the server of this admin URL (`postgres://…` or `mysql://…`), for
    /// tests that need a server set up differently from the default ones.
    pub fn on_server(dialect: SqlDialect, admin: String) -> Option<TestDb> {
        Self::server(dialect, admin)
    }

    /// A fresh database of `dialect` (SQLite always succeeds).
    pub fn for_dialect(dialect: SqlDialect) -> Option<TestDb> {
        match dialect {
            SqlDialect::Sqlite => Some(Self::sqlite()),
            SqlDialect::Postgres => Self::postgres(),
            SqlDialect::Mysql => Self::mysql(),
        }
    }

    /// One fresh database per reachable dialect (SQLite, then PostgreSQL, then MySQL).
    pub fn all() -> Vec<TestDb> {
        [SqlDialect::Sqlite, SqlDialect::Postgres, SqlDialect::Mysql]
            .into_iter()
            .filter_map(Self::for_dialect)
            .collect()
    }

    fn server(dialect: SqlDialect, admin: String) -> Option<TestDb> {
        let label = if dialect == SqlDialect::Postgres { "PostgreSQL" } else { "MySQL/MariaDB" };
        let name = unique_name();
        let (tx, rx) = mpsc::channel();
        let (admin2, name2) = (admin.clone(), name.clone());
        std::thread::spawn(move || {
            let _ = tx.send(block_on(create_database(dialect, admin2, name2)));
        });
        let outcome =
            rx.recv_timeout(CONNECT_TIMEOUT).unwrap_or_else(|_| Err(Failure::Unreachable("timed out".into())));
        match outcome {
            Ok(()) => {
                Some(TestDb { url: with_database(&admin, &name), dialect, name, admin_url: Some(admin), _dir: None })
            }
            Err(Failure::Unreachable(reason)) => {
                let msg = format!("{label} not reachable at {} ({reason})", redact_url(&admin));
                if std::env::var_os("CI").is_some() {
                    panic!("{msg}; CI is set, so live database tests must not be skipped");
                }
                eprintln!("skipping: {msg}");
                None
            }
            Err(Failure::Create(reason)) => {
                panic!("{label} at {} answered but could not create database {name}: {reason}", redact_url(&admin))
            }
        }
    }

    /// Run a whole SQL script (several `;`-separated statements) in one round trip.
    pub async fn exec(&self, sql: &str) -> Result<(), sqlx::Error> {
        exec_script(self.dialect, &self.url, sql).await
    }

    /// [`TestDb::exec`] for sync code.
    pub fn exec_blocking(&self, sql: &str) -> Result<(), sqlx::Error> {
        block_on(exec_script(self.dialect, self.url.clone(), sql.to_string()))
    }

    /// Run `sql` one statement at a time on one connection (split by polymig's splitter), so
    /// `COMMIT; CREATE INDEX CONCURRENTLY …; BEGIN;` runs as a client would run it.
    pub fn exec_each_blocking(&self, sql: &str) -> Result<(), String> {
        let statements = polymig::import::sql::split_statements(sql, self.dialect);
        block_on(exec_each(self.dialect, self.url.clone(), statements))
    }

    /// The first column of the first row of `sql`, which must be text (`None`: no row, or NULL).
    pub fn text_blocking(&self, sql: &str) -> Result<Option<String>, sqlx::Error> {
        let (dialect, url, sql) = (self.dialect, self.url.clone(), sql.to_string());
        block_on(async move {
            macro_rules! fetch {
                ($conn:ty) => {{
                    let mut conn = <$conn>::connect(&url).await?;
                    let row: Option<Option<String>> =
                        sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_optional(&mut conn).await?;
                    conn.close().await?;
                    Ok(row.flatten())
                }};
            }
            match dialect {
                SqlDialect::Sqlite => fetch!(sqlx::SqliteConnection),
                SqlDialect::Postgres => fetch!(sqlx::PgConnection),
                SqlDialect::Mysql => fetch!(sqlx::MySqlConnection),
            }
        })
    }

    /// The database's schema, read by `polymig::schema::introspect`.
    pub async fn introspect(&self) -> Schema {
        introspect_url(&self.url).await.unwrap_or_else(|e| panic!("introspecting {}: {e}", self.name))
    }

    /// [`TestDb::introspect`] for sync code.
    pub fn introspect_blocking(&self) -> Schema {
        let url = self.url.clone();
        block_on(async move { introspect_url(&url).await.map_err(|e| e.to_string()) })
            .unwrap_or_else(|e| panic!("introspecting {}: {e}", self.name))
    }
}

enum Failure {
    /// Could not connect: the server is down or refuses us.
    Unreachable(String),
    /// Connected, but `CREATE DATABASE` failed.
    Create(String),
}

async fn create_database(dialect: SqlDialect, admin: String, name: String) -> Result<(), Failure> {
    let unreachable = |e: sqlx::Error| Failure::Unreachable(e.to_string());
    let create = |e: sqlx::Error| Failure::Create(e.to_string());
    match dialect {
        SqlDialect::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&admin).await.map_err(unreachable)?;
            let sql = format!("CREATE DATABASE \"{name}\"");
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await.map_err(create)?;
            let _ = conn.close().await;
        }
        SqlDialect::Mysql => {
            let mut conn = sqlx::MySqlConnection::connect(&admin).await.map_err(unreachable)?;
            let sql = format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4");
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await.map_err(create)?;
            let _ = conn.close().await;
        }
        SqlDialect::Sqlite => {}
    }
    Ok(())
}

async fn drop_database(dialect: SqlDialect, admin: String, name: String) -> Result<(), sqlx::Error> {
    match dialect {
        SqlDialect::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&admin).await?;
            let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await?;
            let _ = conn.close().await;
        }
        SqlDialect::Mysql => {
            let mut conn = sqlx::MySqlConnection::connect(&admin).await?;
            let sql = format!("DROP DATABASE IF EXISTS `{name}`");
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await?;
            let _ = conn.close().await;
        }
        SqlDialect::Sqlite => {}
    }
    Ok(())
}

/// Execute `sql` (many statements) on the database at `url` with sqlx's multi-statement
/// `raw_sql`, which all three drivers support.
pub async fn exec_script(dialect: SqlDialect, url: impl AsRef<str>, sql: impl AsRef<str>) -> Result<(), sqlx::Error> {
    let (url, sql) = (url.as_ref(), sql.as_ref().to_string());
    match dialect {
        SqlDialect::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(url).await?;
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await?;
            conn.close().await
        }
        SqlDialect::Postgres => {
            let mut conn = sqlx::PgConnection::connect(url).await?;
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await?;
            conn.close().await
        }
        SqlDialect::Mysql => {
            let mut conn = sqlx::MySqlConnection::connect(url).await?;
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await?;
            conn.close().await
        }
    }
}

/// Run `statements` in order on one connection; the error names the statement that failed.
async fn exec_each(dialect: SqlDialect, url: String, statements: Vec<String>) -> Result<(), String> {
    macro_rules! run {
        ($conn:ty) => {{
            let mut conn = <$conn>::connect(&url).await.map_err(|e| e.to_string())?;
            for stmt in statements {
                sqlx::raw_sql(sqlx::AssertSqlSafe(stmt.clone()))
                    .execute(&mut conn)
                    .await
                    .map_err(|e| format!("{e}\n  in: {stmt}"))?;
            }
            conn.close().await.map_err(|e| e.to_string())
        }};
    }
    match dialect {
        SqlDialect::Sqlite => run!(sqlx::SqliteConnection),
        SqlDialect::Postgres => run!(sqlx::PgConnection),
        SqlDialect::Mysql => run!(sqlx::MySqlConnection),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(admin) = self.admin_url.clone() else { return };
        let (dialect, name) = (self.dialect, self.name.clone());
        if let Err(e) = block_on(drop_database(dialect, admin, name.clone())) {
            eprintln!("warning: could not drop test database {name}: {e}");
        }
    }
}

/// Run the `polymig` binary with `args` in `cwd` (without a `DATABASE_URL` from the environment).
pub fn polymig_in(cwd: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_polymig"))
        .args(args)
        .current_dir(cwd)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run polymig")
}

/// A command's stdout then stderr, for assertions.
pub fn output_text(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}
