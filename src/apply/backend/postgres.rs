//! PostgreSQL: transactional DDL, a session advisory lock, `lock_timeout` / `statement_timeout`.

use std::str::FromStr;
use std::time::{Duration, Instant};

use sqlx::postgres::{PgConnectOptions, PgConnection, Postgres};
use sqlx::{AssertSqlSafe, Connection};

use super::{
    Backend, ColumnTypes, ConnectOptions, StatisticsCheck, Timeouts, common, connect_error, connect_timeout,
    lock_timeout, quote_with,
};
use crate::apply::bound::{BoundSql, Value};
use crate::apply::history::Record;
use crate::apply::url::DbUrl;
use crate::diagnostics::Diagnostic;
use crate::ir::SqlDialect;

/// A connection to a PostgreSQL database.
pub struct PostgresBackend {
    conn: PgConnection,
}

/// The advisory lock key for a history table: the first 8 bytes of SHA-256 of its name.
pub fn advisory_key(table: &str) -> i64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("polymig:{table}").as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

impl Backend for PostgresBackend {
    const DIALECT: SqlDialect = SqlDialect::Postgres;
    const TYPES: ColumnTypes = ColumnTypes {
        key: "VARCHAR(255)",
        text: "TEXT",
        bigint: "BIGINT",
        boolean: "BOOLEAN",
        applied_at: "TIMESTAMPTZ NOT NULL DEFAULT now()",
    };

    fn quote(ident: &str) -> String {
        quote_with(ident, '"')
    }

    fn applied_at_text(column: &str) -> String {
        format!("to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", Self::quote(column))
    }

    fn begin() -> Option<&'static str> {
        Some("BEGIN")
    }

    fn key_concat(parts: &[String]) -> String {
        if parts.len() == 1 { parts[0].clone() } else { parts.join(" || chr(31) || ") }
    }

    /// `format_type` of the column, e.g. `bigint`, `uuid`, `character varying(20)`.
    fn column_type_query(table: &str, column: &str) -> Option<BoundSql> {
        Some(
            BoundSql::new(
                "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = to_regclass(",
            )
            .bind(Value::Text(table.to_string()))
            .push(") AND a.attname = ")
            .bind(Value::Text(column.to_string()))
            .push(" AND NOT a.attisdropped"),
        )
    }

    fn set_timeouts(t: &Timeouts, local: bool) -> Vec<String> {
        let scope = if local { "SET LOCAL" } else { "SET" };
        vec![
            format!("{scope} lock_timeout = {}", t.lock.as_millis()),
            format!("{scope} statement_timeout = {}", t.statement.as_millis()),
        ]
    }

    fn reset_timeouts() -> Vec<String> {
        vec!["SET lock_timeout = DEFAULT".into(), "SET statement_timeout = DEFAULT".into()]
    }

    fn server_version() -> BoundSql {
        BoundSql::new("SELECT current_setting('server_version')")
    }

    fn now_epoch() -> &'static str {
        "CAST(extract(epoch FROM clock_timestamp()) AS bigint)"
    }

    fn statistics_checks() -> Option<&'static [StatisticsCheck]> {
        Some(&[
            StatisticsCheck {
                query: "SELECT CAST(count(*) AS bigint) FROM pg_extension WHERE extname = 'pg_stat_statements' \
                        AND to_regclass('pg_stat_statements') IS NOT NULL",
                missing: "the pg_stat_statements extension is not installed in this database (or not on the \
                          search_path): CREATE EXTENSION pg_stat_statements",
                required: true,
            },
            StatisticsCheck {
                query: "SELECT CAST(CASE WHEN current_setting('pg_stat_statements.track', true) IN ('top', 'all') \
                        THEN 1 ELSE 0 END AS bigint)",
                missing: "pg_stat_statements is not loaded (it must be in shared_preload_libraries, then a \
                          restart) or pg_stat_statements.track is none",
                required: true,
            },
            StatisticsCheck {
                query: "SELECT CAST(CASE WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) \
                        OR pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER') THEN 1 ELSE 0 END AS bigint)",
                missing: "polymig's role is neither superuser nor a member of pg_read_all_stats, so \
                          pg_stat_statements hides the text of other roles' statements and the check sees only its \
                          own role's (GRANT pg_read_all_stats TO it)",
                required: false,
            },
        ])
    }

    fn table_exists(table: &str) -> BoundSql {
        BoundSql::new(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ",
        )
        .bind(Value::Text(table.into()))
    }

    fn drop_database(name: &str) -> String {
        format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", Self::quote(name))
    }

    fn column_exists(table: &str, column: &str) -> BoundSql {
        BoundSql::new(
            "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ",
        )
        .bind(Value::Text(table.into()))
        .push(" AND column_name = ")
        .bind(Value::Text(column.into()))
    }

    async fn connect(url: &DbUrl, opts: &ConnectOptions) -> Result<Self, Diagnostic> {
        let options = PgConnectOptions::from_str(url.expose()).map_err(|e| connect_error(url, &e))?;
        let options = options.application_name("polymig");
        match tokio::time::timeout(opts.connect_timeout, PgConnection::connect_with(&options)).await {
            Ok(Ok(mut conn)) => {
                // Keep server notices (`table … does not exist, skipping`) out of the output.
                let _ = sqlx::raw_sql(AssertSqlSafe("SET client_min_messages = warning")).execute(&mut conn).await;
                Ok(PostgresBackend { conn })
            }
            Ok(Err(e)) => Err(connect_error(url, &e)),
            Err(_) => Err(connect_timeout(url, opts.connect_timeout)),
        }
    }

    async fn execute_raw(&mut self, sql: &str) -> Result<(), sqlx::Error> {
        common::execute_raw::<Postgres>(&mut self.conn, sql).await
    }

    async fn execute(&mut self, q: &BoundSql, elapsed_ms: i64) -> Result<(), sqlx::Error> {
        common::execute::<Postgres>(&mut self.conn, q, Self::DIALECT, elapsed_ms).await
    }

    async fn execute_rows(&mut self, q: &BoundSql) -> Result<u64, sqlx::Error> {
        let done = common::bound_query::<Postgres>(q, Self::DIALECT, 0).execute(&mut self.conn).await?;
        Ok(done.rows_affected())
    }

    async fn fetch_records(&mut self, q: &BoundSql) -> Result<Vec<Record>, sqlx::Error> {
        common::fetch_records::<Postgres>(&mut self.conn, q, Self::DIALECT).await
    }

    async fn fetch_texts(&mut self, q: &BoundSql) -> Result<Vec<String>, sqlx::Error> {
        common::fetch_texts::<Postgres>(&mut self.conn, q, Self::DIALECT).await
    }

    async fn fetch_int(&mut self, q: &BoundSql) -> Result<Option<i64>, sqlx::Error> {
        common::fetch_int::<Postgres>(&mut self.conn, q, Self::DIALECT).await
    }

    /// `pg_try_advisory_lock(key)` polled until it succeeds or `wait` runs out.
    async fn lock(&mut self, table: &str, wait: Duration) -> Result<(), Diagnostic> {
        let key = advisory_key(table);
        let start = Instant::now();
        loop {
            let got: bool = sqlx::query_scalar(AssertSqlSafe("SELECT pg_try_advisory_lock($1)"))
                .bind(key)
                .fetch_one(&mut self.conn)
                .await
                .map_err(|e| Diagnostic::error("db-error", format!("cannot take the migration lock: {e}")))?;
            if got {
                return Ok(());
            }
            if start.elapsed() >= wait {
                return Err(lock_timeout(&format!("PostgreSQL advisory lock {key}"), wait));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn unlock(&mut self, table: &str) {
        let _ = sqlx::query(AssertSqlSafe("SELECT pg_advisory_unlock($1)"))
            .bind(advisory_key(table))
            .execute(&mut self.conn)
            .await;
    }

    async fn close(self) {
        let _ = self.conn.close().await;
    }
}
