//! Database URLs: which database a URL names, and how to show it without its password.
//!
//! Accepted schemes: `sqlite:` (`sqlite://app.db`, `sqlite::memory:`), `postgres:` /
//! `postgresql:`, `mysql:` / `mariadb:`. Every URL polymig prints goes through
//! [`DbUrl::redacted`]; every driver message through [`DbUrl::scrub`].

use std::fmt;

use crate::diagnostics::Diagnostic;
use crate::ir::SqlDialect;

/// The default database when neither `--db` nor `DATABASE_URL` is given: `polymig.db` in the current directory.
pub const DEFAULT_URL: &str = "sqlite://polymig.db";

/// A parsed database URL.
#[derive(Clone)]
pub struct DbUrl {
    /// The database kind.
    pub dialect: SqlDialect,
    /// The URL handed to the driver (`mariadb:` rewritten to `mysql:`).
    url: String,
    /// The password, percent-decoded, if the URL has one (never printed).
    password: Option<String>,
    /// The password as written in the URL (percent-encoded), for scrubbing.
    raw_password: Option<String>,
}

impl fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DbUrl({})", self.redacted())
    }
}

impl fmt::Display for DbUrl {
    /// The redacted form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl DbUrl {
    /// Parse a URL; an unknown scheme is an error naming the accepted ones (the URL is shown redacted).
    pub fn parse(url: &str) -> Result<DbUrl, Diagnostic> {
        let url = url.trim();
        let Some((scheme, rest)) = url.split_once(':') else {
            return Err(bad_scheme(url));
        };
        let dialect = match scheme.to_ascii_lowercase().as_str() {
            "sqlite" | "sqlite3" => SqlDialect::Sqlite,
            "postgres" | "postgresql" => SqlDialect::Postgres,
            "mysql" | "mariadb" => SqlDialect::Mysql,
            _ => return Err(bad_scheme(url)),
        };
        let driver_url = match dialect {
            SqlDialect::Sqlite => format!("sqlite:{rest}"),
            SqlDialect::Postgres => format!("postgres:{rest}"),
            SqlDialect::Mysql => format!("mysql:{rest}"),
        };
        if dialect != SqlDialect::Sqlite && !rest.starts_with("//") {
            return Err(Diagnostic::error(
                "db-url",
                format!("malformed database URL `{}` (expected {scheme}://user@host/database)", redact(url)),
            ));
        }
        let raw_password = userinfo(&driver_url).and_then(|u| u.split_once(':')).map(|(_, p)| p.to_string());
        let password = raw_password.as_deref().map(percent_decode);
        Ok(DbUrl { dialect, url: driver_url, password, raw_password })
    }

    /// The URL from `--db`, else `DATABASE_URL`, else [`DEFAULT_URL`].
    pub fn resolve(arg: Option<&str>) -> Result<DbUrl, Diagnostic> {
        match arg {
            Some(url) => DbUrl::parse(url),
            None => match std::env::var("DATABASE_URL") {
                Ok(url) if !url.trim().is_empty() => DbUrl::parse(&url),
                _ => DbUrl::parse(DEFAULT_URL),
            },
        }
    }

    /// The URL for the driver. Contains the password: never print it.
    pub fn expose(&self) -> &str {
        &self.url
    }

    /// The decoded password, if any. Never print it.
    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    /// The URL with its password replaced by `***`.
    pub fn redacted(&self) -> String {
        redact(&self.url)
    }

    /// The URL with the password removed (for tools that take the password from the environment).
    pub fn without_password(&self) -> String {
        match userinfo(&self.url) {
            Some(info) => {
                let user = info.split_once(':').map_or(info, |(u, _)| u);
                self.url.replacen(&format!("{info}@"), &format!("{user}@"), 1)
            }
            None => self.url.clone(),
        }
    }

    /// Remove the password (raw and decoded) and any URL holding it from a driver message,
    /// and fold it onto one line.
    pub fn scrub(&self, message: &str) -> String {
        let mut text = message.replace(&self.url, &self.redacted());
        for secret in [self.password.as_deref(), self.raw_password.as_deref()].into_iter().flatten() {
            if !secret.is_empty() {
                text = text.replace(secret, "***");
            }
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// For SQLite: the file path (`None` for in-memory databases).
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        if self.dialect != SqlDialect::Sqlite {
            return None;
        }
        let rest = self.url.strip_prefix("sqlite:")?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let path = rest.split('?').next().unwrap_or("");
        if path.is_empty() || path == ":memory:" || self.url.contains("mode=memory") {
            return None;
        }
        Some(std::path::PathBuf::from(percent_decode(path)))
    }

    /// The same server with another database (server URLs): `postgres://u@h/app` → `postgres://u@h/<name>`.
    pub fn with_database(&self, name: &str) -> DbUrl {
        let (head, query) = match self.url.split_once('?') {
            Some((h, q)) => (h, format!("?{q}")),
            None => (self.url.as_str(), String::new()),
        };
        let start = head.find("://").map_or(0, |i| i + 3);
        let base = match head[start..].find('/') {
            Some(i) => &head[..start + i],
            None => head,
        };
        DbUrl { url: format!("{base}/{name}{query}"), ..self.clone() }
    }

    /// Host, port, user and database name of a server URL (for `pg_dump` / `mysqldump`).
    pub fn server_parts(&self) -> ServerParts {
        let after = self.url.split_once("://").map_or("", |(_, r)| r);
        let (authority, path) = after.split_once('/').unwrap_or((after, ""));
        let (user, hostport) = match authority.rsplit_once('@') {
            Some((info, hp)) => (Some(percent_decode(info.split(':').next().unwrap_or(""))), hp),
            None => (None, authority),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || hostport.starts_with('[') => (h.to_string(), p.parse().ok()),
            _ => (hostport.to_string(), None),
        };
        let database = path.split('?').next().filter(|d| !d.is_empty()).map(percent_decode);
        ServerParts { host: (!host.is_empty()).then_some(host), port, user, database }
    }
}

/// The connection parts of a server URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerParts {
    /// Host name.
    pub host: Option<String>,
    /// Port.
    pub port: Option<u16>,
    /// User name.
    pub user: Option<String>,
    /// Database name.
    pub database: Option<String>,
}

fn bad_scheme(url: &str) -> Diagnostic {
    Diagnostic::error(
        "db-url",
        format!(
            "unsupported database URL `{}` (expected sqlite:, postgres:, postgresql:, mysql: or mariadb:)",
            redact(url)
        ),
    )
}

/// `user:password` between `//` and `@`, if present.
fn userinfo(url: &str) -> Option<&str> {
    let after = url.split_once("://")?.1;
    let authority = after.split(['/', '?']).next()?;
    authority.rsplit_once('@').map(|(info, _)| info)
}

/// Replace the password of any URL-like text (`scheme://user:pass@host`, `?password=…`) with `***`.
pub fn redact(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(info) = userinfo(url)
        && let Some((user, _)) = info.split_once(':')
    {
        out = out.replacen(&format!("{info}@"), &format!("{user}:***@"), 1);
    }
    if let Some((head, query)) = out.split_once('?') {
        let params: Vec<String> = query
            .split('&')
            .map(|p| match p.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") || k.eq_ignore_ascii_case("pass") => {
                    format!("{k}=***")
                }
                _ => p.to_string(),
            })
            .collect();
        out = format!("{head}?{}", params.join("&"));
    }
    out
}

/// Decode `%XX` escapes (invalid escapes are kept as written).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords_everywhere() {
        let u = DbUrl::parse("postgresql://bob:s%40cret@db.example:5433/app?sslmode=disable").unwrap();
        assert_eq!(u.dialect, SqlDialect::Postgres);
        assert_eq!(u.redacted(), "postgres://bob:***@db.example:5433/app?sslmode=disable");
        assert_eq!(u.password(), Some("s@cret"));
        assert_eq!(u.scrub("auth failed for s@cret and s%40cret"), "auth failed for *** and ***");
        assert_eq!(u.without_password(), "postgres://bob@db.example:5433/app?sslmode=disable");
        assert_eq!(u.with_database("scratch").redacted(), "postgres://bob:***@db.example:5433/scratch?sslmode=disable");
        let parts = u.server_parts();
        assert_eq!(parts.host.as_deref(), Some("db.example"));
        assert_eq!(parts.port, Some(5433));
        assert_eq!(parts.user.as_deref(), Some("bob"));
        assert_eq!(parts.database.as_deref(), Some("app"));
        assert_eq!(redact("mysql://root@h/db?password=x&a=b"), "mysql://root@h/db?password=***&a=b");
    }

    #[test]
    fn schemes() {
        assert_eq!(DbUrl::parse("mariadb://root@127.0.0.1/test").unwrap().expose(), "mysql://root@127.0.0.1/test");
        assert_eq!(DbUrl::parse("sqlite://x.db").unwrap().sqlite_path().unwrap(), std::path::Path::new("x.db"));
        assert_eq!(DbUrl::parse("sqlite::memory:").unwrap().sqlite_path(), None);
        let e = DbUrl::parse("oracle://u:topsecret@h/db").unwrap_err();
        assert!(e.message.contains("oracle://u:***@h/db"), "{}", e.message);
        assert!(!e.message.contains("topsecret"));
        assert!(DbUrl::parse("nonsense").is_err());
        assert!(DbUrl::parse("postgres:foo").is_err());
    }
}
