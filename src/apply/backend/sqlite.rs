//! SQLite: one file, transactional DDL; exclusivity from `BEGIN IMMEDIATE` per migration.

use std::str::FromStr;
use std::time::Duration;

use sqlx::Connection;
use sqlx::sqlite::{Sqlite, SqliteConnectOptions, SqliteConnection};

use super::{
    Backend, ColumnTypes, ConnectOptions, Hoisted, Timeouts, common, connect_error, connect_timeout, quote_with,
};
use crate::apply::bound::{BoundSql, Value};
use crate::apply::checksum::normalize_sql;
use crate::apply::history::Record;
use crate::apply::url::DbUrl;
use crate::diagnostics::Diagnostic;
use crate::export::sql::Statement;
use crate::ir::SqlDialect;

/// `PRAGMA foreign_keys = ON|OFF|1|0` (any case, spacing and trailing `;`).
pub(crate) fn is_foreign_keys_pragma(sql: &str) -> bool {
    let n = normalize_sql(sql).to_ascii_lowercase();
    let n = n.trim_end_matches(';');
    ["on", "off", "1", "0", "true", "false"].iter().any(|v| n == format!("pragma foreign_keys={v}"))
}

/// A connection to a SQLite database file.
pub struct SqliteBackend {
    conn: SqliteConnection,
}

impl Backend for SqliteBackend {
    const DIALECT: SqlDialect = SqlDialect::Sqlite;
    const TYPES: ColumnTypes = ColumnTypes {
        key: "TEXT",
        text: "TEXT",
        bigint: "INTEGER",
        boolean: "BOOLEAN",
        applied_at: "TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    };

    fn quote(ident: &str) -> String {
        quote_with(ident, '"')
    }

    fn applied_at_text(column: &str) -> String {
        Self::quote(column)
    }

    /// `BEGIN IMMEDIATE` takes the write lock at once, so two runners never interleave.
    fn begin() -> Option<&'static str> {
        Some("BEGIN IMMEDIATE")
    }

    /// A table rebuild switches `PRAGMA foreign_keys` off and on around itself, which is a
    /// no-op inside a transaction: switch it off before `BEGIN`, run everything else inside,
    /// check the foreign keys (`PRAGMA foreign_key_check`) before committing, and switch it on after.
    fn hoist(statements: &[Statement]) -> Option<Hoisted> {
        let toggles = statements.iter().filter(|s| !s.transactional);
        if !toggles.clone().all(|s| is_foreign_keys_pragma(&s.sql)) {
            return None;
        }
        Some(Hoisted {
            before: vec!["PRAGMA foreign_keys = OFF".into()],
            inside: statements.iter().filter(|s| s.transactional).cloned().collect(),
            check: Some(BoundSql::new("PRAGMA foreign_key_check")),
            after: vec!["PRAGMA foreign_keys = ON".into()],
        })
    }

    fn begin_data() -> &'static str {
        "BEGIN IMMEDIATE"
    }

    fn set_timeouts(_: &Timeouts, _: bool) -> Vec<String> {
        Vec::new()
    }

    fn reset_timeouts() -> Vec<String> {
        Vec::new()
    }

    fn server_version() -> BoundSql {
        BoundSql::new("SELECT sqlite_version()")
    }

    fn now_epoch() -> &'static str {
        "CAST(strftime('%s', 'now') AS INTEGER)"
    }

    fn table_exists(table: &str) -> BoundSql {
        BoundSql::new("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ")
            .bind(Value::Text(table.into()))
    }

    fn column_exists(table: &str, column: &str) -> BoundSql {
        BoundSql::new("SELECT COUNT(*) FROM pragma_table_info(")
            .bind(Value::Text(table.into()))
            .push(") WHERE name = ")
            .bind(Value::Text(column.into()))
    }

    async fn connect(url: &DbUrl, opts: &ConnectOptions) -> Result<Self, Diagnostic> {
        if !opts.create
            && let Some(path) = url.sqlite_path()
            && !path.exists()
        {
            return Err(Diagnostic::error(
                "db-connect",
                format!("cannot open {}: the database file {} does not exist", url.redacted(), path.display()),
            ));
        }
        let options = SqliteConnectOptions::from_str(url.expose())
            .map_err(|e| connect_error(url, &e))?
            .create_if_missing(opts.create)
            .busy_timeout(opts.busy_timeout);
        match tokio::time::timeout(opts.connect_timeout, SqliteConnection::connect_with(&options)).await {
            Ok(Ok(conn)) => Ok(SqliteBackend { conn }),
            Ok(Err(e)) => Err(connect_error(url, &e)),
            Err(_) => Err(connect_timeout(url, opts.connect_timeout)),
        }
    }

    async fn execute_raw(&mut self, sql: &str) -> Result<(), sqlx::Error> {
        common::execute_raw::<Sqlite>(&mut self.conn, sql).await
    }

    async fn execute(&mut self, q: &BoundSql, elapsed_ms: i64) -> Result<(), sqlx::Error> {
        common::execute::<Sqlite>(&mut self.conn, q, Self::DIALECT, elapsed_ms).await
    }

    async fn execute_rows(&mut self, q: &BoundSql) -> Result<u64, sqlx::Error> {
        let done = common::bound_query::<Sqlite>(q, Self::DIALECT, 0).execute(&mut self.conn).await?;
        Ok(done.rows_affected())
    }

    async fn fetch_records(&mut self, q: &BoundSql) -> Result<Vec<Record>, sqlx::Error> {
        common::fetch_records::<Sqlite>(&mut self.conn, q, Self::DIALECT).await
    }

    async fn fetch_texts(&mut self, q: &BoundSql) -> Result<Vec<String>, sqlx::Error> {
        common::fetch_texts::<Sqlite>(&mut self.conn, q, Self::DIALECT).await
    }

    async fn fetch_int(&mut self, q: &BoundSql) -> Result<Option<i64>, sqlx::Error> {
        common::fetch_int::<Sqlite>(&mut self.conn, q, Self::DIALECT).await
    }

    /// SQLite has no session lock: each migration takes the write lock with `BEGIN IMMEDIATE`
    /// and re-checks the history inside it.
    async fn lock(&mut self, _: &str, _: Duration) -> Result<(), Diagnostic> {
        Ok(())
    }

    async fn unlock(&mut self, _: &str) {}

    async fn close(self) {
        let _ = self.conn.close().await;
    }
}
