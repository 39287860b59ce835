//! The history table (`polymig_migrations` by default) and its bookkeeping statements.
//!
//! ```sql
//! CREATE TABLE polymig_migrations (
//!   version VARCHAR(255) PRIMARY KEY, name TEXT, source TEXT, checksum VARCHAR(255),
//!   applied_at TIMESTAMP DEFAULT now, execution_time_ms BIGINT, success BOOLEAN NULL,
//!   applied_by TEXT, polymig_version VARCHAR(255));
//! ```
//! `success` is `TRUE` for a completed migration, `NULL` while one runs outside a
//! transaction, `FALSE` after one failed there; the last two are "dirty" and block
//! further applies until `polymig repair`. The table's own layout is versioned in
//! `polymig_schema_version (table_name, version)`.

use serde::Serialize;

use super::backend::Backend;
use super::bound::{BoundSql, Value};
use crate::diagnostics::Diagnostic;

/// The default history table name.
pub const DEFAULT_TABLE: &str = "polymig_migrations";
/// The table recording the layout version of each history table.
pub const VERSION_TABLE: &str = "polymig_schema_version";
/// The history table layout this version of polymig writes.
pub const SCHEMA_VERSION: i64 = 1;
/// Columns of the history table, in the order [`Record`] reads them.
pub const RECORD_COLUMNS: [&str; 9] = [
    "version",
    "name",
    "source",
    "checksum",
    "applied_at",
    "execution_time_ms",
    "success",
    "applied_by",
    "polymig_version",
];

/// One row of the history table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// Migration version (primary key).
    pub version: String,
    /// Migration name.
    pub name: String,
    /// `<format>:<path>` it was read from.
    pub source: String,
    /// `v1:<sha256>` of the canonical IR when it was applied.
    pub checksum: String,
    /// When it was applied (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub applied_at: String,
    /// How long it ran.
    pub execution_time_ms: i64,
    /// `Some(true)` done, `None` in progress (dirty), `Some(false)` failed (dirty).
    pub success: Option<bool>,
    /// OS user who ran polymig.
    pub applied_by: String,
    /// polymig version that applied it.
    pub polymig_version: String,
}

impl Record {
    /// True unless the migration completed.
    pub fn is_dirty(&self) -> bool {
        self.success != Some(true)
    }
}

/// What identifies a migration in a new history row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Version.
    pub version: String,
    /// Name.
    pub name: String,
    /// `<format>:<path>`.
    pub source: String,
    /// Checksum of the canonical IR.
    pub checksum: String,
    /// Versions this migration stands for ([`crate::ir::Migration::replaces`]); not stored.
    pub replaces: Vec<String>,
}

impl Entry {
    /// The history identity of a migration read from files.
    pub fn of(m: &crate::ir::Migration) -> Entry {
        Entry {
            version: m.id.clone(),
            name: m.name.clone(),
            source: super::units::source_label(m),
            checksum: super::checksum::checksum(m),
            replaces: m.replaces.clone(),
        }
    }
}

/// The OS user running polymig (`USER`, `USERNAME`, `LOGNAME`), or `unknown`.
pub fn current_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "unknown".into())
}

/// `CREATE TABLE IF NOT EXISTS` for the version table and the history table.
pub fn create_statements<B: Backend>(table: &str) -> Vec<String> {
    let t = B::TYPES;
    let q = B::quote;
    let version = format!(
        "CREATE TABLE IF NOT EXISTS {} ({} {} NOT NULL PRIMARY KEY, {} {} NOT NULL)",
        q(VERSION_TABLE),
        q("table_name"),
        t.key,
        q("version"),
        t.bigint
    );
    let history = format!(
        "CREATE TABLE IF NOT EXISTS {} ({} {} NOT NULL PRIMARY KEY, {} {} NOT NULL, {} {} NOT NULL, {} {} NOT NULL, \
         {} {}, {} {} NOT NULL DEFAULT 0, {} {} NULL, {} {} NOT NULL, {} {} NOT NULL)",
        q(table),
        q("version"),
        t.key,
        q("name"),
        t.text,
        q("source"),
        t.text,
        q("checksum"),
        t.key,
        q("applied_at"),
        t.applied_at,
        q("execution_time_ms"),
        t.bigint,
        q("success"),
        t.boolean,
        q("applied_by"),
        t.text,
        q("polymig_version"),
        t.key
    );
    vec![version, history]
}

/// `SELECT version FROM polymig_schema_version WHERE table_name = ?`.
pub fn select_schema_version<B: Backend>(table: &str) -> BoundSql {
    BoundSql::new(format!(
        "SELECT {} FROM {} WHERE {} = ",
        B::quote("version"),
        B::quote(VERSION_TABLE),
        B::quote("table_name")
    ))
    .bind(Value::Text(table.into()))
}

/// `INSERT INTO polymig_schema_version (table_name, version) VALUES (?, 1)`.
pub fn register_schema_version<B: Backend>(table: &str) -> BoundSql {
    BoundSql::new(format!(
        "INSERT INTO {} ({}, {}) VALUES (",
        B::quote(VERSION_TABLE),
        B::quote("table_name"),
        B::quote("version")
    ))
    .bind_list([Value::Text(table.into()), Value::Int(SCHEMA_VERSION)])
    .push(")")
}

fn select_list<B: Backend>() -> String {
    RECORD_COLUMNS
        .iter()
        .map(|c| if *c == "applied_at" { B::applied_at_text(c) } else { B::quote(c) })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every history row.
pub fn select_all<B: Backend>(table: &str) -> BoundSql {
    BoundSql::new(format!("SELECT {} FROM {} ORDER BY {}", select_list::<B>(), B::quote(table), B::quote("version")))
}

/// The history row of one version.
pub fn select_one<B: Backend>(table: &str, version: &str) -> BoundSql {
    BoundSql::new(format!("SELECT {} FROM {} WHERE {} = ", select_list::<B>(), B::quote(table), B::quote("version")))
        .bind(Value::Text(version.into()))
}

/// A new row: completed (`success = TRUE`, with the measured time) or in progress (`success = NULL`).
pub fn insert<B: Backend>(table: &str, e: &Entry, completed: bool) -> BoundSql {
    let cols =
        ["version", "name", "source", "checksum", "execution_time_ms", "success", "applied_by", "polymig_version"];
    let cols: Vec<String> = cols.iter().map(|c| B::quote(c)).collect();
    let q = BoundSql::new(format!("INSERT INTO {} ({}) VALUES (", B::quote(table), cols.join(", "))).bind_list([
        Value::Text(e.version.clone()),
        Value::Text(e.name.clone()),
        Value::Text(e.source.clone()),
        Value::Text(e.checksum.clone()),
        if completed { Value::ElapsedMs } else { Value::Int(0) },
    ]);
    let q = if completed { q.push(", ").bind(Value::Bool(true)) } else { q.push(", NULL") };
    q.push(", ").bind_list([Value::Text(current_user()), Value::Text(env!("CARGO_PKG_VERSION").into())]).push(")")
}

/// Mark a row completed or failed, with the measured time.
pub fn finish<B: Backend>(table: &str, version: &str, success: bool) -> BoundSql {
    BoundSql::new(format!("UPDATE {} SET {} = ", B::quote(table), B::quote("success")))
        .bind(Value::Bool(success))
        .push(&format!(", {} = ", B::quote("execution_time_ms")))
        .bind(Value::ElapsedMs)
        .push(&format!(" WHERE {} = ", B::quote("version")))
        .bind(Value::Text(version.into()))
}

/// Mark a row in progress (`success = NULL`) before undoing it outside a transaction.
pub fn mark_in_progress<B: Backend>(table: &str, version: &str) -> BoundSql {
    BoundSql::new(format!(
        "UPDATE {} SET {} = NULL WHERE {} = ",
        B::quote(table),
        B::quote("success"),
        B::quote("version")
    ))
    .bind(Value::Text(version.into()))
}

/// Remove one row (after a rollback).
pub fn delete<B: Backend>(table: &str, version: &str) -> BoundSql {
    BoundSql::new(format!("DELETE FROM {} WHERE {} = ", B::quote(table), B::quote("version")))
        .bind(Value::Text(version.into()))
}

/// Re-record the checksum, name and source of an applied row (`repair` with files).
pub fn realign<B: Backend>(table: &str, e: &Entry) -> BoundSql {
    BoundSql::new(format!("UPDATE {} SET {} = ", B::quote(table), B::quote("checksum")))
        .bind(Value::Text(e.checksum.clone()))
        .push(&format!(", {} = ", B::quote("name")))
        .bind(Value::Text(e.name.clone()))
        .push(&format!(", {} = ", B::quote("source")))
        .bind(Value::Text(e.source.clone()))
        .push(&format!(" WHERE {} = ", B::quote("version")))
        .bind(Value::Text(e.version.clone()))
}

/// A database error as a diagnostic (`context`: what polymig was doing).
pub fn db_error(context: &str, e: &sqlx::Error) -> Diagnostic {
    Diagnostic::error("db-error", format!("{context}: {}", db_message(e)))
}

/// The database's own message for an error, on one line.
pub fn db_message(e: &sqlx::Error) -> String {
    let detail = match e {
        sqlx::Error::Database(db) => db.message().to_string(),
        other => other.to_string(),
    };
    detail.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when the history table exists.
pub async fn exists<B: Backend>(db: &mut B, table: &str) -> Result<bool, Diagnostic> {
    let n = db.fetch_int(&B::table_exists(table)).await.map_err(|e| db_error("cannot read the catalog", &e))?;
    Ok(n.unwrap_or(0) > 0)
}

/// Every history row, or an empty list when the table does not exist yet.
pub async fn read<B: Backend>(db: &mut B, table: &str) -> Result<Vec<Record>, Diagnostic> {
    if !exists(db, table).await? {
        return Ok(Vec::new());
    }
    db.fetch_records(&select_all::<B>(table)).await.map_err(|e| db_error(&format!("cannot read {table}"), &e))
}

/// Create the history table on first use and check its layout version (the caller holds the lock).
pub async fn ensure<B: Backend>(db: &mut B, table: &str) -> Result<(), Diagnostic> {
    let fail = |e: sqlx::Error| db_error(&format!("cannot create the history table {table}"), &e);
    if let Some(begin) = B::begin() {
        db.execute_raw(begin).await.map_err(fail)?;
    }
    let result = ensure_inner(db, table).await;
    if B::begin().is_some() {
        let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
        db.execute_raw(end).await.map_err(fail)?;
    }
    result
}

async fn ensure_inner<B: Backend>(db: &mut B, table: &str) -> Result<(), Diagnostic> {
    let fail = |e: sqlx::Error| db_error(&format!("cannot create the history table {table}"), &e);
    for sql in create_statements::<B>(table) {
        db.execute_raw(&sql).await.map_err(fail)?;
    }
    match db.fetch_int(&select_schema_version::<B>(table)).await.map_err(fail)? {
        None => db.execute(&register_schema_version::<B>(table), 0).await.map_err(fail),
        Some(v) if v > SCHEMA_VERSION => Err(Diagnostic::error(
            "history-too-new",
            format!("the history table {table} has layout version {v}, newer than this polymig understands ({SCHEMA_VERSION})"),
        )
        .help("upgrade polymig")),
        Some(_) => Ok(()),
    }
}
