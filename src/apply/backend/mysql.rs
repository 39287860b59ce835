//! MySQL / MariaDB: DDL commits implicitly, so every migration is recorded in progress first;
//! exclusivity from `GET_LOCK`.

use std::str::FromStr;
use std::time::Duration;

use sqlx::mysql::{MySql, MySqlConnectOptions, MySqlConnection};
use sqlx::{AssertSqlSafe, Connection};

use super::{
    Backend, ColumnTypes, ConnectOptions, StatisticsCheck, Timeouts, common, connect_error, connect_timeout, lock_name,
    lock_timeout, quote_with,
};
use crate::apply::bound::{BoundSql, Value};
use crate::apply::history::Record;
use crate::apply::url::DbUrl;
use crate::diagnostics::Diagnostic;
use crate::ir::SqlDialect;

/// A connection to a MySQL or MariaDB database.
pub struct MysqlBackend {
    conn: MySqlConnection,
    /// The current database, part of the lock name (`GET_LOCK` names are server-wide).
    database: String,
}

impl Backend for MysqlBackend {
    const DIALECT: SqlDialect = SqlDialect::Mysql;
    const TYPES: ColumnTypes = ColumnTypes {
        key: "VARCHAR(255)",
        text: "TEXT",
        bigint: "BIGINT",
        boolean: "BOOLEAN",
        applied_at: "DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)",
    };

    fn quote(ident: &str) -> String {
        quote_with(ident, '`')
    }

    /// The session time zone is UTC (sqlx sets `time_zone = '+00:00'`).
    fn applied_at_text(column: &str) -> String {
        format!("DATE_FORMAT({}, '%Y-%m-%dT%H:%i:%sZ')", Self::quote(column))
    }

    fn begin() -> Option<&'static str> {
        None
    }

    /// `lock_wait_timeout` (metadata locks) and `innodb_lock_wait_timeout` (row locks), whole
    /// seconds, at least 1; no statement limit for DDL.
    fn set_timeouts(t: &Timeouts, _: bool) -> Vec<String> {
        let secs = if t.lock.is_zero() { 31_536_000 } else { t.lock.as_secs().max(1) };
        // InnoDB caps its row-lock wait at 1073741824 s.
        let row_secs = secs.min(1_073_741_824);
        vec![
            format!("SET SESSION lock_wait_timeout = {secs}"),
            format!("SET SESSION innodb_lock_wait_timeout = {row_secs}"),
        ]
    }

    fn reset_timeouts() -> Vec<String> {
        vec!["SET SESSION lock_wait_timeout = DEFAULT".into(), "SET SESSION innodb_lock_wait_timeout = DEFAULT".into()]
    }

    fn server_version() -> BoundSql {
        BoundSql::new("SELECT VERSION()")
    }

    fn now_epoch() -> &'static str {
        "CAST(UNIX_TIMESTAMP() AS SIGNED)"
    }

    fn statistics_checks() -> Option<&'static [StatisticsCheck]> {
        Some(&[
            StatisticsCheck {
                query: "SELECT CAST(@@performance_schema AS SIGNED)",
                missing: "performance_schema is off (performance_schema=ON in the server's configuration, then a \
                          restart)",
                required: true,
            },
            StatisticsCheck {
                query: "SELECT CAST(COUNT(*) = 2 AS SIGNED) FROM performance_schema.setup_consumers \
                        WHERE NAME IN ('global_instrumentation', 'statements_digest') AND ENABLED = 'YES'",
                missing: "the performance_schema consumers global_instrumentation and statements_digest are not \
                          both enabled (performance_schema.setup_consumers)",
                required: true,
            },
            StatisticsCheck {
                query: "SELECT CAST(COUNT(*) > 0 AS SIGNED) FROM performance_schema.setup_instruments \
                        WHERE NAME LIKE 'statement/sql/%' AND ENABLED = 'YES'",
                missing: "the statement/sql/% instruments are disabled (performance_schema.setup_instruments)",
                required: true,
            },
        ])
    }

    fn table_exists(table: &str) -> BoundSql {
        BoundSql::new(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ",
        )
        .bind(Value::Text(table.into()))
    }

    fn column_exists(table: &str, column: &str) -> BoundSql {
        BoundSql::new(
            "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ",
        )
        .bind(Value::Text(table.into()))
        .push(" AND column_name = ")
        .bind(Value::Text(column.into()))
    }

    fn text_cast(expr: &str) -> String {
        format!("CAST({expr} AS CHAR)")
    }

    fn key_concat(parts: &[String]) -> String {
        if parts.len() == 1 { parts[0].clone() } else { format!("CONCAT_WS(CHAR(31), {})", parts.join(", ")) }
    }

    async fn connect(url: &DbUrl, opts: &ConnectOptions) -> Result<Self, Diagnostic> {
        let options = MySqlConnectOptions::from_str(url.expose()).map_err(|e| connect_error(url, &e))?;
        if options.get_database().is_none() {
            return Err(Diagnostic::error(
                "db-url",
                format!("the URL {} names no database (add /<database>)", url.redacted()),
            ));
        }
        let mut conn = match tokio::time::timeout(opts.connect_timeout, MySqlConnection::connect_with(&options)).await {
            Ok(Ok(conn)) => conn,
            Ok(Err(e)) => return Err(connect_error(url, &e)),
            Err(_) => return Err(connect_timeout(url, opts.connect_timeout)),
        };
        let database: Option<String> = sqlx::query_scalar(AssertSqlSafe("SELECT DATABASE()"))
            .fetch_one(&mut conn)
            .await
            .map_err(|e| connect_error(url, &e))?;
        Ok(MysqlBackend { conn, database: database.unwrap_or_default() })
    }

    async fn execute_raw(&mut self, sql: &str) -> Result<(), sqlx::Error> {
        common::execute_raw::<MySql>(&mut self.conn, sql).await
    }

    async fn execute(&mut self, q: &BoundSql, elapsed_ms: i64) -> Result<(), sqlx::Error> {
        common::execute::<MySql>(&mut self.conn, q, Self::DIALECT, elapsed_ms).await
    }

    async fn execute_rows(&mut self, q: &BoundSql) -> Result<u64, sqlx::Error> {
        let done = common::bound_query::<MySql>(q, Self::DIALECT, 0).execute(&mut self.conn).await?;
        Ok(done.rows_affected())
    }

    async fn fetch_records(&mut self, q: &BoundSql) -> Result<Vec<Record>, sqlx::Error> {
        common::fetch_records::<MySql>(&mut self.conn, q, Self::DIALECT).await
    }

    async fn fetch_texts(&mut self, q: &BoundSql) -> Result<Vec<String>, sqlx::Error> {
        common::fetch_texts::<MySql>(&mut self.conn, q, Self::DIALECT).await
    }

    async fn fetch_int(&mut self, q: &BoundSql) -> Result<Option<i64>, sqlx::Error> {
        common::fetch_int::<MySql>(&mut self.conn, q, Self::DIALECT).await
    }

    /// `GET_LOCK(name, seconds)`: 1 when taken, 0 on timeout.
    async fn lock(&mut self, table: &str, wait: Duration) -> Result<(), Diagnostic> {
        let name = lock_name(&self.database, table);
        let got: Option<i64> = sqlx::query_scalar(AssertSqlSafe("SELECT GET_LOCK(?, ?)"))
            .bind(&name)
            .bind(wait.as_secs_f64().ceil() as i64)
            .fetch_one(&mut self.conn)
            .await
            .map_err(|e| Diagnostic::error("db-error", format!("cannot take the migration lock: {e}")))?;
        if got == Some(1) { Ok(()) } else { Err(lock_timeout(&format!("GET_LOCK('{name}')"), wait)) }
    }

    async fn unlock(&mut self, table: &str) {
        let name = lock_name(&self.database, table);
        let _ = sqlx::query(AssertSqlSafe("SELECT RELEASE_LOCK(?)")).bind(name).execute(&mut self.conn).await;
    }

    async fn close(self) {
        let _ = self.conn.close().await;
    }
}
