//! The database a migration is linted for: engine and version (`--dialect mariadb --db-version 10.11`).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::ir::SqlDialect;

/// A database engine; MariaDB is told apart from MySQL because their online-DDL rules differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Engine {
    /// PostgreSQL.
    Postgres,
    /// MySQL 8.
    Mysql,
    /// MariaDB.
    Mariadb,
    /// SQLite.
    Sqlite,
}

impl Engine {
    /// The IR dialect (MariaDB reads and writes MySQL SQL).
    pub fn dialect(self) -> SqlDialect {
        match self {
            Engine::Postgres => SqlDialect::Postgres,
            Engine::Mysql | Engine::Mariadb => SqlDialect::Mysql,
            Engine::Sqlite => SqlDialect::Sqlite,
        }
    }

    /// The version assumed when `--db-version` is not given: a current release of each.
    pub fn default_version(self) -> Version {
        match self {
            Engine::Postgres => Version(17, 0, 0),
            Engine::Mysql => Version(8, 4, 0),
            Engine::Mariadb => Version(11, 4, 0),
            Engine::Sqlite => Version(3, 45, 0),
        }
    }

    /// Display name: `PostgreSQL`, `MySQL`, `MariaDB`, `SQLite`.
    pub fn label(self) -> &'static str {
        match self {
            Engine::Postgres => "PostgreSQL",
            Engine::Mysql => "MySQL",
            Engine::Mariadb => "MariaDB",
            Engine::Sqlite => "SQLite",
        }
    }
}

impl FromStr for Engine {
    type Err = String;

    /// `postgres`/`postgresql`/`pg`, `mysql`, `mariadb`, `sqlite`/`sqlite3`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Ok(Engine::Postgres),
            "mysql" => Ok(Engine::Mysql),
            "mariadb" => Ok(Engine::Mariadb),
            "sqlite" | "sqlite3" => Ok(Engine::Sqlite),
            other => Err(format!("unknown database `{other}` (expected postgres, mysql, mariadb or sqlite)")),
        }
    }
}

/// A dotted version, `16`, `14.3`, `8.0.29`, compared field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(pub u32, pub u32, pub u32);

impl FromStr for Version {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = [0u32; 3];
        let fields: Vec<&str> = s.trim().split('.').collect();
        if fields.is_empty() || fields.len() > 3 {
            return Err(format!("bad version `{s}` (expected MAJOR[.MINOR[.PATCH]])"));
        }
        for (i, f) in fields.iter().enumerate() {
            parts[i] = f.parse().map_err(|_| format!("bad version `{s}` (expected MAJOR[.MINOR[.PATCH]])"))?;
        }
        Ok(Version(parts[0], parts[1], parts[2]))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// The engine and version rules are evaluated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Target {
    /// Engine.
    pub engine: Engine,
    /// Version (given, or [`Engine::default_version`]).
    pub version: Version,
}

impl Target {
    /// A target with an explicit version, or the engine's default.
    pub fn new(engine: Engine, version: Option<Version>) -> Self {
        Target { engine, version: version.unwrap_or_else(|| engine.default_version()) }
    }

    /// The target a live server reports: the engine from the connection's dialect (MariaDB told
    /// apart by its version string, `10.11.6-MariaDB-…`), the version from the leading
    /// `major.minor.patch` of that string; the engine's default version when none reads.
    pub fn from_server(dialect: SqlDialect, reported: &str) -> Self {
        let engine = match dialect {
            SqlDialect::Postgres => Engine::Postgres,
            SqlDialect::Mysql if reported.to_ascii_lowercase().contains("mariadb") => Engine::Mariadb,
            SqlDialect::Mysql => Engine::Mysql,
            SqlDialect::Sqlite => Engine::Sqlite,
        };
        let lead: String = reported.trim().chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        let lead = lead.split('.').filter(|p| !p.is_empty()).take(3).collect::<Vec<_>>().join(".");
        Target::new(engine, lead.parse().ok())
    }

    /// PostgreSQL.
    pub fn pg(&self) -> bool {
        self.engine == Engine::Postgres
    }

    /// MySQL or MariaDB.
    pub fn mysql_family(&self) -> bool {
        matches!(self.engine, Engine::Mysql | Engine::Mariadb)
    }

    /// SQLite.
    pub fn sqlite(&self) -> bool {
        self.engine == Engine::Sqlite
    }

    /// Version is at least `major.minor`.
    pub fn at_least(&self, major: u32, minor: u32) -> bool {
        self.version >= Version(major, minor, 0)
    }

    /// `PostgreSQL 16.0.0`.
    pub fn describe(&self) -> String {
        format!("{} {}", self.engine.label(), self.version)
    }
}

impl FromStr for Target {
    type Err = String;

    /// `pg16`, `pg14.2`, `mysql8.0.29`, `mariadb10.11`, `sqlite3.53`, or an engine alone (tests and `--target`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let split = s.find(|c: char| c.is_ascii_digit()).unwrap_or(s.len());
        let (name, ver) = s.split_at(split);
        let name = name.trim_end_matches(['-', ' ', '@']);
        let engine = name.parse::<Engine>()?;
        let version = if ver.is_empty() { None } else { Some(ver.parse()?) };
        Ok(Target::new(engine, version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_field() {
        assert!("14.10".parse::<Version>().unwrap() > "14.3".parse().unwrap());
        assert_eq!("16".parse::<Version>().unwrap(), Version(16, 0, 0));
        assert!("x".parse::<Version>().is_err());
    }

    #[test]
    fn targets_parse() {
        let t: Target = "pg14.2".parse().unwrap();
        assert_eq!((t.engine, t.version), (Engine::Postgres, Version(14, 2, 0)));
        let t: Target = "sqlite3.53".parse().unwrap();
        assert_eq!((t.engine, t.version), (Engine::Sqlite, Version(3, 53, 0)));
        let t: Target = "mariadb".parse().unwrap();
        assert_eq!(t.version, Engine::Mariadb.default_version());
    }

    #[test]
    fn a_live_server_names_its_engine_and_version() {
        let t = Target::from_server(SqlDialect::Mysql, "10.11.6-MariaDB-0+deb12u1");
        assert_eq!((t.engine, t.version), (Engine::Mariadb, Version(10, 11, 6)));
        let t = Target::from_server(SqlDialect::Mysql, "8.0.36");
        assert_eq!((t.engine, t.version), (Engine::Mysql, Version(8, 0, 36)));
        let t = Target::from_server(SqlDialect::Postgres, "16.4 (Debian 16.4-1.pgdg120+1)");
        assert_eq!((t.engine, t.version), (Engine::Postgres, Version(16, 4, 0)));
        let t = Target::from_server(SqlDialect::Sqlite, "3.46.0");
        assert_eq!((t.engine, t.version), (Engine::Sqlite, Version(3, 46, 0)));
        let t = Target::from_server(SqlDialect::Postgres, "weird");
        assert_eq!(t.version, Engine::Postgres.default_version());
    }
}
