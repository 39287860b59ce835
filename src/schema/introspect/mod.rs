//! Read a live database into a [`Schema`] — the same type `replay` builds, so a database can be
//! compared with the history that should have produced it (see [`crate::schema::compare`]).
//!
//! ```no_run
//! # async fn f() -> Result<(), polymig::schema::introspect::IntrospectError> {
//! let schema = polymig::schema::introspect::introspect_url("postgres://postgres@127.0.0.1/app").await?;
//! println!("{} tables", schema.tables.len());
//! # Ok(()) }
//! ```
//!
//! One file per database reads its catalog ([`sqlite`], [`postgres`], [`mysql`]); the text the
//! catalogs print is read back by the SQL importer itself: type names by
//! [`crate::import::sql::map_type_text`], defaults by [`crate::import::sql::default_from_text`],
//! expressions by [`crate::import::sql::expression_text`] (which gives them the IR's canonical
//! spelling, so they compare with what a migration wrote), SQLite's stored `CREATE` statements by
//! [`crate::import::sql::parse_script`]. Bookkeeping tables (the runner's history table
//! `polymig_migrations`, its `_backfills` checkpoints and `polymig_schema_version`, `_polymig*`, `sqlite_*`) are skipped; a
//! history table configured under another name is left out by the runner's commands themselves.

pub mod mysql;
pub mod postgres;
pub mod sqlite;
mod sqlite_ddl;

use std::fmt;

use sqlx::Connection;

use super::Schema;
pub use mysql::introspect_mysql;
pub use postgres::introspect_postgres;
pub use sqlite::introspect_sqlite;

/// Why [`introspect_url`] failed. Messages never contain the URL's password.
#[derive(Debug)]
pub enum IntrospectError {
    /// The URL's scheme is not `sqlite:`, `postgres:`/`postgresql:` or `mysql:`/`mariadb:`.
    UnsupportedUrl(String),
    /// Connecting failed (the URL is shown redacted).
    Connect {
        /// The URL with its password replaced by `***`.
        url: String,
        /// The driver's message, with any password removed.
        message: String,
    },
    /// A catalog query failed.
    Query(String),
}

impl fmt::Display for IntrospectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntrospectError::UnsupportedUrl(url) => write!(
                f,
                "unsupported database URL `{url}` (expected sqlite:, postgres:, postgresql:, mysql: or mariadb:)"
            ),
            IntrospectError::Connect { url, message } => write!(f, "could not connect to {url}: {message}"),
            IntrospectError::Query(message) => write!(f, "could not read the schema: {message}"),
        }
    }
}

impl std::error::Error for IntrospectError {}

/// Connect to `url` and read its schema. The scheme picks the database: `sqlite:` (a file path),
/// `postgres:`/`postgresql:` (schema `public`, other user schemas qualified), `mysql:`/`mariadb:`
/// (the URL's database).
pub async fn introspect_url(url: &str) -> Result<Schema, IntrospectError> {
    let scheme = url.split(':').next().unwrap_or("").to_ascii_lowercase();
    let secret = password(url);
    let clean = |e: sqlx::Error| scrub(&e.to_string(), secret.as_deref());
    let connect_err = |e: sqlx::Error| IntrospectError::Connect { url: redact_url(url), message: clean(e) };
    let query_err = |e: sqlx::Error| IntrospectError::Query(clean(e));
    match scheme.as_str() {
        "sqlite" => {
            let mut conn = sqlx::SqliteConnection::connect(url).await.map_err(connect_err)?;
            let schema = introspect_sqlite(&mut conn).await.map_err(query_err);
            let _ = conn.close().await;
            schema
        }
        "postgres" | "postgresql" => {
            let mut conn = sqlx::PgConnection::connect(url).await.map_err(connect_err)?;
            let schema = introspect_postgres(&mut conn).await.map_err(query_err);
            let _ = conn.close().await;
            schema
        }
        "mysql" | "mariadb" => {
            let mut conn = sqlx::MySqlConnection::connect(url).await.map_err(connect_err)?;
            let schema = introspect_mysql(&mut conn).await.map_err(query_err);
            let _ = conn.close().await;
            schema
        }
        _ => Err(IntrospectError::UnsupportedUrl(redact_url(url))),
    }
}

/// `url` with the password replaced by `***`, both in `user:password@host` and in a
/// `password=` query parameter: `postgres://u:secret@h/db` → `postgres://u:***@h/db`.
pub fn redact_url(url: &str) -> String {
    let mut out = url.to_string();
    if let Some((start, end)) = userinfo_password(url) {
        out.replace_range(start..end, "***");
    }
    if let Some(q) = out.find('?') {
        let (head, query) = out.split_at(q + 1);
        let params: Vec<String> = query
            .split('&')
            .map(|p| match p.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => p.to_string(),
            })
            .collect();
        out = format!("{head}{}", params.join("&"));
    }
    out
}

/// Byte range of the password in `scheme://user:password@host…`.
fn userinfo_password(url: &str) -> Option<(usize, usize)> {
    let auth_start = url.find("://")? + 3;
    let rest = &url[auth_start..];
    let auth_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let at = rest[..auth_len].rfind('@')?;
    let colon = rest[..at].find(':')?;
    Some((auth_start + colon + 1, auth_start + at))
}

/// The password in `url`, if any (from the user info or a `password=` parameter).
fn password(url: &str) -> Option<String> {
    if let Some((s, e)) = userinfo_password(url).filter(|(s, e)| e > s) {
        return Some(url[s..e].to_string());
    }
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.eq_ignore_ascii_case("password") && !v.is_empty()).then(|| v.to_string())
    })
}

/// `message` with every occurrence of `secret` replaced by `***`.
fn scrub(message: &str, secret: Option<&str>) -> String {
    match secret {
        Some(s) if !s.is_empty() => message.replace(s, "***"),
        _ => message.to_string(),
    }
}

/// True for tables polymig or the database keep for themselves: the runner's history table
/// under its default name `polymig_migrations`, its backfill checkpoints
/// `polymig_migrations_backfills`, `polymig_schema_version`, `_polymig*`, `sqlite_*`.
pub(crate) fn is_bookkeeping(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == crate::apply::DEFAULT_TABLE
        || lower.strip_prefix(crate::apply::DEFAULT_TABLE) == Some("_backfills")
        || lower == "polymig_schema_version"
        || lower.starts_with("_polymig")
        || lower.starts_with("sqlite_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(redact_url("postgres://u:s3cret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact_url("mysql://root@127.0.0.1/test"), "mysql://root@127.0.0.1/test");
        assert_eq!(redact_url("mysql://u:p%40ss@h/db?ssl-mode=disabled"), "mysql://u:***@h/db?ssl-mode=disabled");
        assert_eq!(
            redact_url("postgres://h/db?user=u&password=x&sslmode=off"),
            "postgres://h/db?user=u&password=***&sslmode=off"
        );
        assert_eq!(redact_url("sqlite:/tmp/a:b@c.db"), "sqlite:/tmp/a:b@c.db");
        assert_eq!(redact_url("postgres://u:a@b@h/db"), "postgres://u:***@h/db");
    }

    #[test]
    fn finds_and_scrubs_the_password() {
        assert_eq!(password("postgres://u:s3cret@h/db").as_deref(), Some("s3cret"));
        assert_eq!(password("postgres://u@h/db?password=pw").as_deref(), Some("pw"));
        assert_eq!(password("postgres://u:@h/db"), None);
        assert_eq!(scrub("auth failed for s3cret", Some("s3cret")), "auth failed for ***");
    }

    #[tokio::test]
    async fn errors_never_show_the_password() {
        let err = introspect_url("postgres://u:hunter2@127.0.0.1:1/db").await.unwrap_err().to_string();
        assert!(!err.contains("hunter2"), "{err}");
        assert!(err.contains("u:***@127.0.0.1:1"), "{err}");
        let err = introspect_url("oracle://u:hunter2@h/db").await.unwrap_err().to_string();
        assert!(!err.contains("hunter2") && err.contains("unsupported"), "{err}");
    }

    #[test]
    fn bookkeeping_tables() {
        assert!(is_bookkeeping("polymig_schema_version"));
        assert!(is_bookkeeping("polymig_migrations_backfills"));
        assert!(is_bookkeeping("_polymig_lock"));
        assert!(is_bookkeeping("sqlite_sequence"));
        assert!(is_bookkeeping("polymig_migrations"));
        assert!(!is_bookkeeping("users"));
        assert!(!is_bookkeeping("polymig_migrations_old"));
    }

    #[tokio::test]
    async fn the_history_table_is_not_part_of_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}?mode=rwc", dir.path().join("h.db").display());
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        for sql in [
            "CREATE TABLE polymig_migrations (version text PRIMARY KEY)",
            "CREATE TABLE polymig_schema_version (table_name text PRIMARY KEY, version integer)",
            "CREATE TABLE users (id integer PRIMARY KEY)",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await.unwrap();
        }
        conn.close().await.unwrap();
        let schema = introspect_url(&url).await.unwrap();
        assert_eq!(schema.tables.keys().map(String::as_str).collect::<Vec<_>>(), ["users"]);
    }
}
