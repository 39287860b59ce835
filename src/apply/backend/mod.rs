//! What differs between databases for the runner: one [`Backend`] trait, one impl per database.
//!
//! The SQL-text side (quoting, column types, transaction and timeout statements) is a set of
//! associated functions, so `--dry-run` can print without executing; the connection side
//! (connect, execute, lock) is async. Everything else in `apply` is generic over `B: Backend`.

mod common;
pub mod mysql;
pub mod postgres;
pub mod sqlite;

use std::time::Duration;

use super::bound::BoundSql;
use super::history::Record;
use super::url::DbUrl;
use crate::diagnostics::Diagnostic;
use crate::export::sql::Statement;
use crate::ir::SqlDialect;

pub use mysql::MysqlBackend;
pub use postgres::PostgresBackend;
pub use sqlite::SqliteBackend;

/// Column types of the history tables for one database.
#[derive(Debug, Clone, Copy)]
pub struct ColumnTypes {
    /// A short indexed string (primary keys).
    pub key: &'static str,
    /// Long text.
    pub text: &'static str,
    /// A 64-bit integer.
    pub bigint: &'static str,
    /// A nullable boolean.
    pub boolean: &'static str,
    /// `applied_at`: a UTC timestamp defaulting to now.
    pub applied_at: &'static str,
}

/// Per-migration timeouts (PostgreSQL `lock_timeout` / `statement_timeout`; MySQL `lock_wait_timeout`
/// and `innodb_lock_wait_timeout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// How long one statement may wait for a lock (0 = no limit).
    pub lock: Duration,
    /// How long one statement may run (0 = no limit).
    pub statement: Duration,
}

impl Default for Timeouts {
    /// 5 s lock timeout, no statement timeout.
    fn default() -> Self {
        Timeouts { lock: Duration::from_secs(5), statement: Duration::ZERO }
    }
}

/// A migration whose non-transactional statements are only session toggles, rearranged to run
/// in one transaction: `before`, `BEGIN`, `inside`, `check`, `COMMIT`, `after`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hoisted {
    /// Run before the transaction opens.
    pub before: Vec<String>,
    /// The statements run inside it.
    pub inside: Vec<Statement>,
    /// A query that must return no rows before committing.
    pub check: Option<BoundSql>,
    /// Run after it ends (commit or rollback).
    pub after: Vec<String>,
}

/// How to open a connection.
#[derive(Debug, Clone, Copy)]
pub struct ConnectOptions {
    /// Create a missing SQLite file (servers' databases are never created here).
    pub create: bool,
    /// Give up connecting after this long.
    pub connect_timeout: Duration,
    /// How long to wait for another writer (SQLite busy timeout).
    pub busy_timeout: Duration,
}

/// A query returning 1 when the server keeps what usage checks read (statement statistics).
#[derive(Debug, Clone, Copy)]
pub struct StatisticsCheck {
    /// The query (one integer).
    pub query: &'static str,
    /// What is missing when it returns anything else.
    pub missing: &'static str,
    /// Without it no usage can be seen; otherwise the check runs and warns that it sees less.
    pub required: bool,
}

/// One database the runner can drive.
#[allow(async_fn_in_trait)]
pub trait Backend: Sized {
    /// The SQL dialect of this database.
    const DIALECT: SqlDialect;
    /// Column types of the history tables.
    const TYPES: ColumnTypes;

    /// Quote an identifier: `"a""b"` or `` `a``b` ``.
    fn quote(ident: &str) -> String;
    /// An expression reading `applied_at` as `YYYY-MM-DDTHH:MM:SSZ` text.
    fn applied_at_text(column: &str) -> String;
    /// The statement that opens a migration's transaction (`None`: DDL is not transactional here).
    fn begin() -> Option<&'static str>;
    /// Statements setting the per-migration timeouts (`local`: only for the current transaction).
    fn set_timeouts(t: &Timeouts, local: bool) -> Vec<String>;
    /// Statements restoring the session's timeouts after a migration that ran outside a transaction.
    fn reset_timeouts() -> Vec<String>;
    /// A query returning a positive count when `table` exists in the current schema/database.
    fn table_exists(table: &str) -> BoundSql;
    /// The server's version as text (`16.4 (Debian …)`, `10.11.6-MariaDB-…`, `3.46.0`).
    fn server_version() -> BoundSql;
    /// A query returning a positive count when `table` has a column `column`.
    fn column_exists(table: &str, column: &str) -> BoundSql;
    /// An expression for the server's clock in seconds since 1970 (a 64-bit integer).
    fn now_epoch() -> &'static str;
    /// What the server needs for usage checks (`crate::apply::usage`); `None`: it keeps no
    /// statement statistics at all.
    fn statistics_checks() -> Option<&'static [StatisticsCheck]> {
        None
    }
    /// `expr` as text: `CAST(expr AS TEXT)` (`AS CHAR` on MySQL).
    fn text_cast(expr: &str) -> String {
        format!("CAST({expr} AS TEXT)")
    }
    /// The statement that opens a data transaction (SQLite: `BEGIN IMMEDIATE`, so concurrent
    /// writers queue on the busy timeout instead of failing when a read lock upgrades).
    fn begin_data() -> &'static str {
        "BEGIN"
    }
    /// Text values joined by the unit separator (char 31): how a backfill stores a composite key.
    fn key_concat(parts: &[String]) -> String {
        if parts.len() == 1 { parts[0].clone() } else { parts.join(" || char(31) || ") }
    }
    /// A query returning the SQL type of `table.column` when parameters compared with it need a
    /// cast (PostgreSQL: `uuid > text` has no operator); `None` where text compares as the column.
    fn column_type_query(table: &str, column: &str) -> Option<BoundSql> {
        let _ = (table, column);
        None
    }
    /// Rearrange a migration with non-transactional statements into one transaction, when
    /// those statements are only session toggles that can move around it (default: never).
    fn hoist(statements: &[Statement]) -> Option<Hoisted> {
        let _ = statements;
        None
    }
    /// `CREATE DATABASE name` (servers; `verify --db` makes its scratch database with it).
    fn create_database(name: &str) -> String {
        format!("CREATE DATABASE {}", Self::quote(name))
    }
    /// `DROP DATABASE IF EXISTS name`, ending other sessions where the database allows it.
    fn drop_database(name: &str) -> String {
        format!("DROP DATABASE IF EXISTS {}", Self::quote(name))
    }

    /// Open a connection; errors are one redacted line.
    async fn connect(url: &DbUrl, opts: &ConnectOptions) -> Result<Self, Diagnostic>;
    /// Run migration SQL as text (no prepared statement).
    async fn execute_raw(&mut self, sql: &str) -> Result<(), sqlx::Error>;
    /// Run a bookkeeping statement with bound values.
    async fn execute(&mut self, q: &BoundSql, elapsed_ms: i64) -> Result<(), sqlx::Error>;
    /// Run a data statement with bound values; the number of rows it changed.
    async fn execute_rows(&mut self, q: &BoundSql) -> Result<u64, sqlx::Error>;
    /// Read history records (columns in [`super::history::RECORD_COLUMNS`] order).
    async fn fetch_records(&mut self, q: &BoundSql) -> Result<Vec<Record>, sqlx::Error>;
    /// Read the first column of every row as text (NULLs skipped).
    async fn fetch_texts(&mut self, q: &BoundSql) -> Result<Vec<String>, sqlx::Error>;
    /// Read one integer (first column of the first row).
    async fn fetch_int(&mut self, q: &BoundSql) -> Result<Option<i64>, sqlx::Error>;
    /// Take the lock that keeps other polymig processes out, waiting up to `wait`.
    async fn lock(&mut self, table: &str, wait: Duration) -> Result<(), Diagnostic>;
    /// Release the lock (best effort; closing the connection releases it too).
    async fn unlock(&mut self, table: &str);
    /// Close the connection.
    async fn close(self);
}

/// Quote with a doubled quote character inside.
pub(crate) fn quote_with(ident: &str, q: char) -> String {
    let doubled = format!("{q}{q}");
    format!("{q}{}{q}", ident.replace(q, &doubled))
}

/// Map a connection failure to one redacted line naming the database.
pub(crate) fn connect_error(url: &DbUrl, e: &sqlx::Error) -> Diagnostic {
    let detail = match e {
        sqlx::Error::Database(db) => db.message().to_string(),
        sqlx::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    };
    Diagnostic::error("db-connect", format!("cannot connect to {}: {}", url.redacted(), url.scrub(&detail)))
}

/// The error for a connection attempt that did not finish in time.
pub(crate) fn connect_timeout(url: &DbUrl, t: Duration) -> Diagnostic {
    Diagnostic::error("db-connect", format!("cannot connect to {}: no answer within {} s", url.redacted(), t.as_secs()))
}

/// The error for a lock held by someone else for longer than we wait.
pub(crate) fn lock_timeout(what: &str, wait: Duration) -> Diagnostic {
    Diagnostic::error(
        "lock-timeout",
        format!("another polymig process holds the migration lock ({what}); gave up after {} s", wait.as_secs()),
    )
    .help("wait for the other deployment to finish, or raise --wait-timeout")
}

/// A short lock name derived from the history table (hashed when long).
pub(crate) fn lock_name(scope: &str, table: &str) -> String {
    use sha2::{Digest, Sha256};
    let name = format!("polymig:{scope}.{table}");
    if name.len() <= 64 {
        return name;
    }
    let digest = Sha256::digest(name.as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("polymig:{hex}")
}
