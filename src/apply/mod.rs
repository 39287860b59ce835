//! The runner: apply, roll back, report and repair migrations on a live database.
//!
//! ```no_run
//! # async fn f() -> Result<(), polymig::apply::Error> {
//! use polymig::apply::{ApplyOptions, DbUrl, build_units};
//! use polymig::ir::Migration;
//! let history: Vec<Migration> = Vec::new(); // from polymig::import::load
//! let url = DbUrl::parse("postgres://postgres@127.0.0.1/app")?;
//! let units = build_units(&history, url.dialect, false);
//! let report = polymig::apply::apply(&url, &units, &ApplyOptions::default(), &mut |e| println!("{e:?}")).await?;
//! # Ok(()) }
//! ```
//!
//! Guarantees: each migration and its history row commit together where DDL is
//! transactional (PostgreSQL, SQLite); elsewhere (MySQL/MariaDB, `CONCURRENTLY`) the row is
//! written in progress first, so an interruption leaves a dirty record that blocks further
//! runs until `repair`. One runner at a time (PostgreSQL advisory lock, MySQL `GET_LOCK`,
//! SQLite `BEGIN IMMEDIATE`). Applied migrations whose canonical IR changed block `apply`
//! unless allowed. Passwords never appear in output ([`DbUrl::redacted`]).

pub mod adopt;
pub mod backend;
pub mod backfill;
pub mod backup;
pub mod bound;
pub mod checksum;
pub mod drift;
pub mod history;
pub mod ledger;
pub mod phase;
mod repair;
mod rollback;
mod run;
pub mod script;
pub mod status;
pub mod units;
pub mod url;
pub mod usage;
pub mod verify;

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
pub use backend::Timeouts;
pub use history::{DEFAULT_TABLE, Entry, Record};
pub use repair::{RepairReport, repair};
pub use rollback::{RollbackOptions, rollback};
pub use run::{apply, server_version, status};
pub use status::{State, StatusEntry};
pub use units::{Unit, build_units};
pub use url::DbUrl;

/// Why a runner command stopped: one or more diagnostics (printed one per line, redacted).
#[derive(Debug, Clone, PartialEq)]
pub struct Error(pub Vec<Diagnostic>);

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error(vec![d])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Settings shared by every command that touches the database.
#[derive(Debug, Clone)]
pub struct DbOptions {
    /// History table name.
    pub table: String,
    /// How long to wait for another runner's lock.
    pub wait: Duration,
    /// How long to wait for the server to answer a connection.
    pub connect_timeout: Duration,
    /// Per-migration timeouts.
    pub timeouts: Timeouts,
}

impl Default for DbOptions {
    fn default() -> Self {
        DbOptions {
            table: DEFAULT_TABLE.into(),
            wait: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            timeouts: Timeouts::default(),
        }
    }
}

/// Options of [`apply`].
#[derive(Debug, Clone, Default)]
pub struct ApplyOptions {
    /// Database settings.
    pub db: DbOptions,
    /// Stop after this version (inclusive).
    pub to: Option<String>,
    /// Print the SQL instead of running it.
    pub dry_run: bool,
    /// Run even when applied migrations changed since.
    pub allow_changed: bool,
    /// Back the database up into this directory before running anything.
    pub backup: Option<PathBuf>,
}

/// What happened to one migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventResult {
    /// Applied now.
    Applied,
    /// Rolled back now.
    RolledBack,
    /// Another runner had already done it.
    Skipped,
    /// It failed (see the error).
    Failed,
    /// Recorded as applied without running: the migrations it replaces ran (squash, consolidate).
    Recorded,
}

/// One migration's outcome, reported as it happens: `{"version","name","ms","result"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Version.
    pub version: String,
    /// Name.
    pub name: String,
    /// Milliseconds taken.
    pub ms: i64,
    /// Outcome.
    pub result: EventResult,
}

/// The outcome of [`apply`] or [`rollback`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunReport {
    /// One event per migration run, in order.
    pub events: Vec<Event>,
    /// `--dry-run`: the SQL that would run.
    pub script: Option<String>,
    /// Warnings (applied migrations missing from the files, changed ones allowed through).
    pub warnings: Vec<Diagnostic>,
    /// The backup file written, if any.
    pub backup: Option<PathBuf>,
}

/// Run `$body` with `$db` bound to a connected backend of the URL's database.
macro_rules! with_backend {
    ($url:expr, $opts:expr, |$db:ident : $B:ident| $body:expr) => {{
        use $crate::apply::backend::{Backend, MysqlBackend, PostgresBackend, SqliteBackend};
        use $crate::ir::SqlDialect;
        match $url.dialect {
            SqlDialect::Sqlite => {
                type $B = SqliteBackend;
                let mut $db = <$B as Backend>::connect($url, $opts).await?;
                let r = $body;
                $db.close().await;
                r
            }
            SqlDialect::Postgres => {
                type $B = PostgresBackend;
                let mut $db = <$B as Backend>::connect($url, $opts).await?;
                let r = $body;
                $db.close().await;
                r
            }
            SqlDialect::Mysql => {
                type $B = MysqlBackend;
                let mut $db = <$B as Backend>::connect($url, $opts).await?;
                let r = $body;
                $db.close().await;
                r
            }
        }
    }};
}
pub(crate) use with_backend;
